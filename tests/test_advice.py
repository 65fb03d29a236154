"""What the messages tell users to write is real: every TF name they suggest exists in the newest
release (checked against the names the generator read from its wheels, TF is never imported), no
message defers with "its TF 2.x equivalent" / "drop it" / "rewrite it", and the count of findings
that name no replacement is the one README states."""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache

import pytest
from conftest import ROOT

import tf2lint.rules
from tf2lint.api_table import load_data
from tf2lint.changes import KINDS, Applicability, Change
from tf2lint.docs import replacement_coverage
from tf2lint.lint import lint_source
from tf2lint.rule import Rule
from tf2lint.rules import ALL_RULES
from tf2lint.rules.contrib import CONTRIB_ADVICE

SUGGESTED = re.compile(r"\btf\.[A-Za-z_][\w.]*[A-Za-z_0-9]\*?")
DEFERRING = ("its TF 2.x equivalent", "drop it", "rewrite it")


@lru_cache(maxsize=1)
def newest_names() -> frozenset[str]:
    lines = (ROOT / "tf2lint" / "data" / "tf_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def resolves(name: str) -> bool:
    """``tf.math.ceil`` exists; ``tf.math.segment_*`` matches something; compat and contrib names
    are the old ones a message talks about, not suggestions."""
    relative = name[len("tf.") :]
    if relative.startswith(("compat.", "contrib.")):
        return True
    if relative.endswith("*"):
        return any(known.startswith(relative[:-1]) for known in newest_names())
    return relative in newest_names()


@lru_cache(maxsize=1)
def every_finding() -> tuple:
    """Findings for every 1.x name any rule or the table knows, used bare and through compat.v1."""
    data = load_data()
    names = set(data["names"]) | set(data["removed_before_1_0"])
    for rule in ALL_RULES:
        names |= {name for name in (*rule.names, *rule.modules) if name}
    names = sorted(name for name in names if all(part.isidentifier() for part in name.split(".")))
    source = "import tensorflow as tf\n" + "".join(f"tf.{name}\ntf.compat.v1.{name}\n" for name in names)
    calls = "".join(
        f"tf.{name}(x, {keyword}=1)\n"
        for name, keywords in sorted(data["keywords"].items())
        for keyword in keywords
        if name.replace(".", "").isidentifier()
    )
    found = lint_source(source + calls).diagnostics
    return tuple(found)


def suggested_in(text: str, old: str = "") -> list[str]:
    return [name for name in SUGGESTED.findall(text) if not old.startswith(name)]


def test_every_name_a_finding_suggests_exists_in_the_newest_release() -> None:
    findings = every_finding()
    assert len(findings) > 2000
    unresolved = sorted(
        {name for d in findings for name in suggested_in(d.message.split(": ", 1)[-1]) if not resolves(name)}
    )
    assert unresolved == []


def test_every_name_a_rule_or_the_contrib_table_suggests_exists() -> None:
    texts = [rule.replacement for rule in ALL_RULES] + list(CONTRIB_ADVICE.values())
    for rule in ALL_RULES:
        texts += [rule.change_for(new).new for new in (*rule.names.values(), *rule.modules.values())]
    unresolved = sorted({name for text in texts for name in suggested_in(text) if not resolves(name)})
    assert unresolved == []


def test_every_suggested_keyword_is_a_parameter_tf_itself_renamed_to() -> None:
    renamed_to = {
        rename.lstrip("~") for entry in load_data()["keywords"].values() for _, rename in entry.values() if rename
    }
    for rule in ALL_RULES:
        assert set(rule.keywords.values()) <= renamed_to, rule.code


def test_generated_successors_and_renames_resolve() -> None:
    data = load_data()
    newest = [timeline if isinstance(timeline, str) else timeline[-1] for timeline in data["names"].values()]
    targets = [f"tf.{status[1:]}" for status in newest if status.startswith("=")]
    targets += [
        f"tf.{value}" for value in (t if isinstance(t, str) else t[-1] for t in data["successors"].values()) if value
    ]
    assert len(targets) > 150
    assert [name for name in targets if not resolves(name)] == []


def test_no_message_defers_without_naming_what_to_write() -> None:
    deferring = [d.message for d in every_finding() if any(phrase in d.message for phrase in DEFERRING)]
    assert deferring == []


def unnamed(findings) -> list:
    """Findings that name neither a 2.x replacement nor a recipe: TF names no successor."""
    return [d for d in findings if "names no successor" in d.message or "with no 2.x successor" in d.message]


def test_readme_states_how_many_names_have_no_named_replacement() -> None:
    without, reported = replacement_coverage()
    assert reported > 1000 and without < reported // 3
    # the measurement agrees with this file's own view of every finding
    assert (
        len({d.message.split(" ", 1)[0] for d in unnamed(every_finding()) if not d.message.startswith("tf.compat.v1")})
        == without
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"(\d+) of the (\d+) 1\.x names tf2lint reports get no named replacement", readme)
    assert stated, "README must state the count"
    assert (int(stated.group(1)), int(stated.group(2))) == (without, reported)


def test_every_finding_carries_its_kind_and_a_consistent_applicability() -> None:
    kinds = {kind.kind for kind in KINDS}
    for d in every_finding():
        assert d.kind in kinds, d
        assert d.applicability in {a.value for a in Applicability}, d
        if d.fix:  # a fix has a tier that --fix, --unsafe-fixes or --compat-fixes applies
            assert d.applicability != Applicability.DISPLAY_ONLY.value, d
        if d.compat_fix:  # an unsafe fix's alternative for --compat-fixes alone
            assert d.applicability == Applicability.UNSAFE.value and d.fix, d


def test_a_rename_the_table_proves_is_fixed_and_one_it_does_not_is_not() -> None:
    found = {
        d.line: d
        for d in lint_source(
            "import tensorflow as tf\na = tf.FixedLenFeature([], tf.int64)\nb = tf.multinomial(l, 1)\n"
        ).diagnostics
    }
    assert (found[2].kind, found[2].applicability, found[2].message) == (
        "renamed",
        "safe",
        "tf.FixedLenFeature is renamed in TF 2.x: use tf.io.FixedLenFeature",
    )
    assert found[2].fix
    # not the same object: only --compat-fixes touches it, spelling it through tf.compat.v1
    assert (found[3].kind, found[3].applicability) == ("replaced", "compat")
    assert [edit.text for edit in found[3].fix] == ["tf.compat.v1.multinomial"]
    assert found[3].message == "tf.multinomial is removed in TF 2.x: use tf.random.categorical"


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.nn.max_pool(x, 2, 2, 'SAME')\n", None),
        (
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME')\n",
            None,
        ),
        ("import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.strings.to_number(x, tf.int32)\n", None),
        ("import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.nn.conv2d(x, w, 1, 'SAME', True)\n", "TF905"),
        ("import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.math.in_top_k(p, t, 1)\n", "TF905"),
    ],
)
def test_a_parameter_that_was_only_renamed_is_not_a_meaning_change(source: str, code: str | None) -> None:
    codes = {d.code for d in lint_source(source).diagnostics} - {"TF201"}
    assert codes == ({code} if code else set())


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # 2.21 still accepts dim=, with a warning: deprecated (TF907), not removed (TF904)
        ("import tensorflow as tf\ny = tf.nn.l2_normalize(x, dim=1)\n", {"TF907"}),
        ("import tensorflow as tf\ny = tf.raw_ops.PrefetchDataset(legacy_autotune=True)\n", set()),
        ("import tensorflow as tf\nc = tf.constant(1, verify_shape=True)\n", {"TF904"}),
    ],
)
def test_a_keyword_is_removed_only_if_the_target_lacks_it(source: str, expected: set[str]) -> None:
    assert {d.code for d in lint_source(source).diagnostics} == expected


def test_keyword_status_depends_on_the_target() -> None:
    from tf2lint.lint import get_catalogue

    source = "import tensorflow as tf\ny = tf.nn.l2_normalize(x, dim=1)\n"
    assert {d.code for d in lint_source(source, get_catalogue("2.0")).diagnostics} == {"TF813"}
    deprecated = lint_source(source, get_catalogue("2.21")).diagnostics
    assert [(d.code, d.message, d.applicability) for d in deprecated] == [
        ("TF907", "tf.nn.l2_normalize(dim=...) is deprecated in TF 2.21.0: use axis=", "safe")
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("tf.mul(a, b)", "tf.mul was removed in TF 1.0: use tf.multiply"),
        ("tf.scalar_summary('a', x)", "tf.scalar_summary was removed in TF 1.0: use tf.summary.scalar"),
        ("tf.unpack(x)", "tf.unpack was removed in TF 1.0: use tf.unstack"),
        ("tf.listdiff(a, b)", "tf.listdiff was removed in TF 1.0: use tf.sets.difference"),
        ("tf.pack([a, b])", "tf.pack was removed in TF 1.0: use tf.stack"),  # 0.12's pack only called stack
        ("tf.select(c, a, b)", "tf.select was removed in TF 1.0: use tf.where"),  # the same generated op
    ],
)
def test_names_removed_before_1_0_are_flagged_with_their_successor(line: str, message: str) -> None:
    found = lint_source(f"import tensorflow as tf\n{line}\n").diagnostics
    assert [(d.code, d.message) for d in found] == [("TF903", message)]


def test_every_rule_defined_in_a_rules_module_is_registered() -> None:
    defined = []
    for module_info in pkgutil.iter_modules(tf2lint.rules.__path__):
        module = importlib.import_module(f"tf2lint.rules.{module_info.name}")
        defined += [value for value in vars(module).values() if isinstance(value, Rule)]
    assert defined
    assert [rule.code for rule in defined if rule not in ALL_RULES] == []


def test_each_kind_owns_a_template_and_a_sentence() -> None:
    for kind in KINDS:
        assert issubclass(kind, Change)
        assert kind.kind and kind.sentence and "{old}" in kind.template, kind


def test_a_rule_declares_a_replacement_and_its_fix_in_one_place() -> None:
    from tf2lint.catalogue import Catalogue
    from tf2lint.changes import Renamed, Replaced
    from tf2lint.rule import Example

    rule = Rule(
        "TF899",
        "test-declared",
        title="declared",
        why="test",
        change=Replaced,
        names={"log": Renamed("tf.math.log"), "py_func": "tf.numpy_function"},
        invalid=(Example("import tensorflow as tf\ny = tf.log(x)\n", "import tensorflow as tf\ny = tf.math.log(x)\n"),),
        valid=(),
    )
    found = lint_source(
        "import tensorflow as T\ny = T.log(x)\nz = T.py_func(f, [x], T.float32)\n", Catalogue(rules=[rule])
    ).diagnostics
    renamed, replaced = sorted(found)
    assert (renamed.code, renamed.kind, renamed.applicability) == ("TF899", "renamed", "safe")
    assert [edit.text for edit in renamed.fix] == ["T.math.log"]
    assert (replaced.kind, replaced.applicability, replaced.message) == (
        "replaced",
        "compat",
        "tf.py_func is removed in TF 2.x: use tf.numpy_function",
    )
    assert [edit.text for edit in replaced.fix] == ["T.compat.v1.py_func"]  # only with --compat-fixes


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            "tf.name_scope('a', 'b')",
            (
                "argument 2 of tf.name_scope (default_name in 1.x) has no positional slot in TF 2.21.0: "
                "delete it: tf.name_scope has no default_name parameter there"
            ),
        ),
        ("tf.name_scope('a')", None),
        ("tf.name_scope('a', default_name='b')", None),
    ],
)
def test_a_positional_argument_2x_has_no_slot_for(call: str, message: str | None) -> None:
    source = f"import tensorflow as tf\nx = tf.placeholder(tf.float32)\nwith {call}:\n    pass\n"
    found = [d.message for d in lint_source(source).diagnostics if d.code == "TF905"]
    assert found == ([message] if message else [])
