"""``tf2lint report``: run as a user runs it, compared with what ``tf2lint`` itself reports."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from tf2lint.diagnostic import Diagnostic, Edit
from tf2lint.report.categories import category_of, tier_of

ROOT = Path(__file__).resolve().parent.parent


def tf2lint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tf2lint", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "src" / "examples")
    shutil.copytree(ROOT / "tests" / "fixtures", tmp_path / "src" / "models")
    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_code_cell("import tensorflow as tf\nx = tf.placeholder(tf.float32)"),
        nbformat.v4.new_code_cell("sess = tf.Session()\nsess.run(x)"),
    ]
    (tmp_path / "src" / "notebooks").mkdir()
    nbformat.write(book, tmp_path / "src" / "notebooks" / "explore.ipynb")
    (tmp_path / "src" / "clean.py").write_text("import tensorflow as tf\nprint(tf.constant(1))\n", encoding="utf-8")
    (tmp_path / "src" / "broken.py").write_text("import tensorflow as tf\ndef f(:\n", encoding="utf-8")
    (tmp_path / "src" / "semantics.py").write_text(
        "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.nn.dropout(x, 0.5)\n"
        "z = tf.compat.v1.placeholder(tf.float32)\n",
        encoding="utf-8",
    )
    return tmp_path


def linter_view(*args: str, cwd: Path) -> tuple[Counter, Counter, int]:
    """Findings per code and per path, and problems, from the linter's JSON lines."""
    result = tf2lint("--format", "json", "--jobs", "1", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    findings = [r for r in records if not r.get("error")]
    return (
        Counter(r["code"] for r in findings),
        Counter(Path(r["path"]).as_posix() for r in findings),
        sum(1 for r in records if r.get("error")),
    )


def report_json(*args: str, cwd: Path) -> dict:
    out = cwd / "report.json"
    result = tf2lint("report", *args, "-o", str(out), cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def leaves(node: dict) -> list[dict]:
    if node["type"] == "file":
        return [node]
    return [leaf for child in node["children"] for leaf in leaves(child)]


@pytest.mark.parametrize(
    "options",
    [
        (),
        ("--select", "TF1,TF2,TF0"),
        ("--ignore", "TF9", "--no-compat"),
        ("--target", "2.15"),
        ("--exclude", "models"),
    ],
)
def test_totals_equal_the_linters(project: Path, options: tuple[str, ...]) -> None:
    codes, per_path, problems = linter_view(*options, "src", cwd=project)
    data = report_json(*options, "src", cwd=project)
    assert data["totals"]["findings"] == sum(codes.values()) > 0
    assert {r["code"]: r["count"] for r in data["rules"]} == dict(codes)
    assert {leaf["path"]: leaf["findings"] for leaf in leaves(data["tree"]) if leaf["findings"]} == dict(per_path)
    assert data["totals"]["problems"] == problems
    assert sum(data["totals"]["categories"].values()) == sum(data["totals"]["tiers"].values()) == sum(codes.values())


def test_configuration_is_the_linters(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.tf2lint]\nignore = ["TF8"]\nper-file-ignores = { "src/models/*" = ["TF2"] }\n'
        'extend-exclude = ["notebooks"]\n',
        encoding="utf-8",
    )
    (project / "src" / ".gitignore").write_text("semantics.py\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=project, check=False)
    codes, per_path, problems = linter_view("src", cwd=project)
    data = report_json("src", cwd=project)
    assert data["totals"]["problems"] == problems == 1
    assert "src/semantics.py" not in per_path
    assert not any(code.startswith(("TF8",)) for code in codes)
    assert {leaf["path"]: leaf["findings"] for leaf in leaves(data["tree"]) if leaf["findings"]} == dict(per_path)
    assert data["totals"]["findings"] == sum(codes.values())
    assert "src/notebooks/explore.ipynb" not in {leaf["path"] for leaf in leaves(data["tree"])}


def test_the_three_formats_show_the_same_numbers(project: Path) -> None:
    data = report_json("src", cwd=project)
    totals = data["totals"]
    assert tf2lint("report", "src", "-o", "r.html", cwd=project).returncode == 0
    assert tf2lint("report", "src", "-o", "r.md", cwd=project).returncode == 0
    page = (project / "r.html").read_text(encoding="utf-8")
    markdown = (project / "r.md").read_text(encoding="utf-8")
    assert f'id="total-findings">{totals["findings"]}<' in page
    for name, count in totals["categories"].items():
        assert f'id="total-{name}">{count}<' in page
    assert f'id="total-fine">{totals["fine_files"]}<' in page
    assert f"| **All findings** | **{totals['findings']}** | |" in markdown
    assert f"| Breaks on the target release | {totals['categories']['breaks']} |" in markdown
    assert (
        f"Files: {totals['files']} linted, {totals['fine_files']} already fine, "
        f"{totals['problem_files']} could not be linted"
    ) in markdown
    for rule in data["rules"][:5]:
        assert f"[{rule['code']}]({rule['url']}) " in markdown and f'href="{rule["url"]}"' in page
    stdout = tf2lint("report", "src", cwd=project)
    assert stdout.returncode == 0 and stdout.stdout == markdown  # no -o: Markdown on stdout


def test_categories_tiers_and_files(project: Path) -> None:
    data = report_json("src/semantics.py", "src/clean.py", "src/broken.py", cwd=project)
    totals = data["totals"]
    # semantics.py: placeholder (breaks), dropout's positional keep_prob (semantic), a compat placeholder (compat).
    assert totals["categories"] == {"breaks": 1, "compat": 1, "semantic": 1, "deprecated": 0}
    assert (totals["files"], totals["fine_files"], totals["problem_files"]) == (3, 1, 1)
    assert data["problems"] == [{"path": "src/broken.py", "message": "syntax error: invalid syntax"}]
    fixable = report_json("src/models/import_styles.py", cwd=project)
    assert 0 < fixable["totals"]["tiers"]["safe"] < fixable["totals"]["findings"]
    assert fixable["totals"]["tiers"]["safe"] == sum(1 for r in fixable["rules"] for _ in range(r["tiers"]["safe"]))


def test_category_and_tier_prefer_typed_attributes() -> None:
    plain = Diagnostic(1, 0, 1, 4, "TF101", "m")
    assert (category_of(plain), tier_of(plain)) == ("breaks", "manual")
    assert category_of(Diagnostic(1, 0, 1, 4, "TF003", "m")) == "compat"
    assert category_of(Diagnostic(1, 0, 1, 4, "TF905", "m")) == "semantic"
    assert tier_of(Diagnostic(1, 0, 1, 4, "TF901", "m", fix=(Edit(1, 0, 1, 4, "x"),))) == "safe"

    edit = (Edit(1, 0, 1, 4, "x"),)
    typed = Diagnostic(1, 0, 1, 4, "TF101", "m", fix=edit, kind="meaning-changed", applicability="unsafe")
    assert (category_of(typed), tier_of(typed)) == ("semantic", "unsafe")
    display = Diagnostic(1, 0, 1, 4, "TF101", "m", kind="replaced", applicability="display-only")
    assert (category_of(display), tier_of(display)) == ("breaks", "manual")  # advice, nothing to apply
    removed = Diagnostic(1, 0, 1, 4, "TF905", "m", kind="positional-removed")  # raises TypeError
    assert category_of(removed) == "breaks"
    through_compat = Diagnostic(1, 0, 1, 4, "TF003", "m", kind="compat-only")
    assert category_of(through_compat) == "compat"
    deprecated = Diagnostic(1, 0, 1, 4, "TF907", "m", fix=edit, kind="keyword-deprecated", applicability="safe")
    assert (category_of(deprecated), tier_of(deprecated)) == ("deprecated", "safe")  # runs, with a warning


ROOTS = """import tensorflow as tf
slim = tf.contrib.slim
flags = tf.app.flags
flags.DEFINE_string("a", "", "")
flags.DEFINE_integer("b", 1, "")
FLAGS = flags.FLAGS
net = slim.conv2d(x, 3)
net = slim.fully_connected(net, 3)
"""


def test_root_causes_count_the_uses_they_unblock(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(ROOTS, encoding="utf-8")
    (tmp_path / "b.py").write_text(ROOTS.replace("net = slim.fully_connected(net, 3)\n", ""), encoding="utf-8")
    data = report_json("a.py", "b.py", cwd=tmp_path)
    roots = {r["statement"]: r for r in data["root_causes"]}
    assert roots["flags = tf.app.flags"]["uses"] == 6 and roots["flags = tf.app.flags"]["files"] == 2
    assert roots["slim = tf.contrib.slim"]["uses"] == 3 and roots["slim = tf.contrib.slim"]["codes"] == ["TF701"]
    assert [r["statement"] for r in data["root_causes"]][:2] == ["flags = tf.app.flags", "slim = tf.contrib.slim"]
    assert "import tensorflow as tf" not in roots  # fine in TF 2.x: not a cause
    markdown = tf2lint("report", "a.py", cwd=tmp_path).stdout
    assert "| `flags = tf.app.flags` | TF802 | 1 | 3 |" in markdown


def test_directories_are_sorted_by_work_left(project: Path) -> None:
    data = report_json("src", cwd=project)
    src = data["tree"]["children"][0]
    assert src["path"] == "src"
    work = [child["findings"] for child in src["children"]]
    assert work == sorted(work, reverse=True)
    assert sum(work) == src["findings"] == data["totals"]["findings"]


def test_baseline_progress(project: Path) -> None:
    assert "wrote" in tf2lint("--write-baseline", "b.json", "src", cwd=project).stderr
    script = project / "src" / "examples" / "mnist_v1.py"
    script.write_text(
        script.read_text(encoding="utf-8").replace("tf.logging.set_verbosity(tf.logging.INFO)", "pass"),
        encoding="utf-8",
    )
    data = report_json("--baseline", "b.json", "src", cwd=project)
    baselined = len(json.loads((project / "b.json").read_text(encoding="utf-8"))["findings"])
    # One call, reported once with its tf.logging.INFO argument (tf2lint.grouping), was fixed.
    assert data["baseline"] == {
        "file": "b.json",
        "baselined": baselined,
        "fixed": 1,
        "remaining": baselined - 1,
        "new": 0,
    }
    assert data["totals"]["findings"] == baselined - 1  # the report counts everything, baselined or not
    tf2lint("report", "--baseline", "b.json", "src", "-o", "r.html", cwd=project)
    assert 'id="baseline-fixed">1<' in (project / "r.html").read_text(encoding="utf-8")
    assert "1 of " in tf2lint("report", "--baseline", "b.json", "src", cwd=project).stdout
    (project / "pyproject.toml").write_text('[tool.tf2lint]\nbaseline = "b.json"\n', encoding="utf-8")
    configured = report_json("src", cwd=project)["baseline"]
    assert configured is not None and configured["fixed"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("src", "-o", "report.txt"), "cannot tell the format of report.txt"),
        (("src", "-o", "no/such/dir/r.html"), "cannot write no/such/dir/r.html"),
        (("--target", "1.15", "src"), "is not a TensorFlow 2.x release"),
        (("--baseline", "missing.json", "src"), "cannot read baseline missing.json"),
    ],
)
def test_errors_are_one_line_and_exit_2(project: Path, args: tuple[str, ...], message: str) -> None:
    result = tf2lint("report", *args, cwd=project)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_unreadable_paths_are_reported_and_exit_2(project: Path) -> None:
    result = tf2lint("report", "src/clean.py", "missing.py", "-o", "r.json", cwd=project)
    assert result.returncode == 2
    assert "tf2lint: error: missing.py: cannot read: No such file or directory" in result.stderr
    data = json.loads((project / "r.json").read_text(encoding="utf-8"))
    assert data["problems"] == [{"path": "missing.py", "message": "cannot read: No such file or directory"}]
    assert tf2lint("missing.py", cwd=project).returncode == 2  # as the linter


def test_html_is_self_contained(project: Path) -> None:
    assert tf2lint("report", "src", "--format", "html", "-o", "r.out", cwd=project).returncode == 0
    page = (project / "r.out").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<script|<link|<img|<iframe|src=|url\(|@import", page, re.IGNORECASE)
    assert {m for m in re.findall(r'href="([^"]+)"', page)} <= {
        f"https://github.com/tf2lint/tf2lint/blob/main/rules.md#{code.lower()}"
        for code in re.findall(r">(TF\d{3})</a>", page)
    }
    assert page.count("<svg") >= 5


def test_progress_on_a_terminal(tmp_path: Path) -> None:
    import pty

    for index in range(205):
        (tmp_path / f"m{index:03}.py").write_text("import tensorflow as tf\ntf.Session()\n", encoding="utf-8")
    primary, secondary = pty.openpty()
    process = subprocess.run(
        [sys.executable, "-m", "tf2lint", "report", "--jobs", "2", ".", "-o", "r.json"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=secondary,
        text=True,
        check=False,
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert process.returncode == 0
    assert b"tf2lint: 205/205 files" in seen
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["totals"]["findings"] == 205
    piped = tf2lint("report", ".", "-o", "r.json", cwd=tmp_path)
    assert "205/205" not in piped.stderr


def test_hostile_names_are_escaped(tmp_path: Path) -> None:
    odd = tmp_path / "<b>&amp;|x`"
    odd.mkdir()
    (odd / "<script>alert(1).py").write_text("import tensorflow as tf\ntf.Session()\n", encoding="utf-8")
    (tmp_path / "m.py").write_text(
        'import tensorflow as tf\nx = tf.contrib.a  if "<i>" else tf.contrib.b\n', encoding="utf-8"
    )
    assert tf2lint("report", ".", "-o", "r.html", cwd=tmp_path).returncode == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1).py" in page
    markdown = tf2lint("report", ".", cwd=tmp_path).stdout
    assert "| ``<b>&amp;\\|x`/`` | 1 |" in markdown  # a code span that survives the backtick and the pipe
    data = report_json(".", cwd=tmp_path)
    assert data["totals"]["findings"] == 3
