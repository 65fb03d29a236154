"""TF6xx: 1.x summaries (FileWriter, merged summary ops, collections=)."""

from tf2lint.changes import KeywordRemoved, Recipe, Replaced
from tf2lint.rule import Rule, examples

FILE_WRITER = Rule(
    "TF601",
    "tf1-summary-writer",
    title="tf.summary.FileWriter",
    change=Replaced,
    replacement="tf.summary.create_file_writer(logdir) and `with writer.as_default():`",
    why="1.x summaries were ops whose serialized output you fed to a FileWriter. In TF 2.x a summary "
    "call writes to the default writer directly.",
    names={"summary.FileWriter": "", "summary.FileWriterCache": ""},
    invalid=examples("import tensorflow as tf\nwriter = tf.summary.FileWriter('logs', sess.graph)\n"),
    valid=("import tensorflow as tf\nwriter = tf.summary.create_file_writer('logs')\n",),
)

MERGE = Rule(
    "TF602",
    "tf1-summary-merge",
    title="Merged summary ops and summary protos",
    change=Recipe,
    replacement="nothing to merge: call tf.summary.scalar(name, value, step=step) inside writer.as_default()",
    why="Summaries are written when they are called, so there is no op to collect, merge and run.",
    names={
        "summary.merge_all": "",
        "summary.merge": "",
        "summary.Summary": "",
        "summary.tensor_summary": "",
        "summary.get_summary_description": "",
        "summary.SummaryDescription": "",
        "summary.Event": "",
    },
    invalid=examples("import tensorflow as tf\nmerged = tf.summary.merge_all()\n"),
    valid=("import tensorflow as tf\nwith writer.as_default():\n    tf.summary.scalar('loss', loss, step=step)\n",),
)

COLLECTIONS_KEYWORD = Rule(
    "TF603",
    "tf1-summary-collections",
    title="collections= and family= on summary ops",
    change=KeywordRemoved,
    replacement="write inside `with writer.as_default():` and pass step=",
    why="The 2.x summary functions take (name, data, step, description); collections and family "
    "belonged to the graph-collection mechanism.",
    call_keywords={
        f"summary.{name}": ("collections", "family") for name in ("scalar", "histogram", "image", "audio", "text")
    },
    invalid=examples("import tensorflow as tf\ntf.summary.scalar('loss', loss, collections=['train'])\n"),
    valid=("import tensorflow as tf\ntf.summary.scalar('loss', loss, step=1)\n",),
)

RULES = (FILE_WRITER, MERGE, COLLECTIONS_KEYWORD)
