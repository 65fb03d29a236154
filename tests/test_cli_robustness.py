"""Bad input, bad files and bad output: a clear line and the right exit status, never a traceback or a
hang. Everything runs the real command as a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OLD = "import tensorflow as tf\nsess = tf.Session()\n"
FIXABLE = "import tensorflow as tf\ny = tf.log(x)\n"
TF101 = "TF101 [*compat] tf.Session is removed in TF 2.x: run eagerly, or wrap the computation in tf.function"


def run(
    *args: str, cwd: Path | None = None, timeout: float = 120, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "tf2lint", *args],
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
        **{"capture_output": True, **kwargs},
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in (result.stderr or ""), result.stderr


# -- item 3: unreadable and looping paths under a walked directory --------------------------------------


def test_symlink_loops_under_a_walked_directory(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text(OLD)
    os.symlink("loop.py", tmp_path / "loop.py")
    os.symlink(".", tmp_path / "again")  # a directory loop: not followed
    os.symlink("missing.py", tmp_path / "dangling.py")
    result = run(".", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert "dangling.py:1:1: E902 cannot read: No such file or directory" in lines
    assert "loop.py:1:1: E902 cannot read: Too many levels of symbolic links" in lines
    assert f"old.py:2:8: {TF101}" in lines and len(lines) == 3


def _unprivileged_command() -> tuple[list[str], dict[str, object]]:
    """Permission bits mean nothing to root, so as root the run drops to user nobody, with an
    interpreter nobody may execute and this checkout plus the venv's packages on its path."""
    if os.geteuid() != 0:
        return [sys.executable], {}
    drop = {
        "preexec_fn": lambda: (os.setgid(65534), os.setuid(65534)),
        "env": {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), sysconfig.get_paths()["purelib"]])},
    }
    for interpreter in (sys.executable, "/usr/bin/python3"):
        try:
            probe = subprocess.run(
                [interpreter, "-c", "import tf2lint.cli, pathspec"], capture_output=True, check=False, cwd="/", **drop
            )
        except OSError:
            continue
        if probe.returncode == 0:
            return [interpreter], drop
    pytest.skip("running as root and no interpreter user nobody can run")


def test_unreadable_directory_and_gitignore_are_reported_and_the_run_goes_on() -> None:
    base = Path(tempfile.mkdtemp(prefix="tf2lint-perm-"))
    try:
        base.chmod(0o755)
        (base / "old.py").write_text(OLD)
        (base / "secret").mkdir()
        (base / "secret" / "x.py").write_text(OLD)
        (base / "secret").chmod(0o000)
        (base / "sub").mkdir()
        (base / "sub" / ".gitignore").write_text("*.py\n")
        (base / "sub" / ".gitignore").chmod(0o000)
        (base / "sub" / "y.py").write_text(OLD)
        for path in (base / "old.py", base / "sub", base / "sub" / "y.py"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        python, drop = _unprivileged_command()
        result = subprocess.run(
            [*python, "-m", "tf2lint", "."], cwd=base, capture_output=True, text=True, check=False, timeout=120, **drop
        )
        no_traceback(result)
        assert result.returncode == 2, result.stdout + result.stderr
        lines = result.stdout.splitlines()
        assert "secret:1:1: E902 cannot read directory: Permission denied" in lines
        assert "sub/.gitignore:1:1: E902 cannot read: Permission denied" in lines
        assert f"old.py:2:8: {TF101}" in lines and f"sub/y.py:2:8: {TF101}" in lines
    finally:
        (base / "secret").chmod(0o755)
        subprocess.run(["rm", "-rf", str(base)], check=False)


# -- item 5: .gitignore lines pathspec rejects -------------------------------------------------------


def test_bad_gitignore_lines_are_skipped_like_git_does(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("!\nfoo\\\n[z-a]\nignored_*.py\n")
    (tmp_path / "ignored_gen.py").write_text(OLD)
    (tmp_path / "kept.py").write_text(OLD)
    result = run(".", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"kept.py:2:8: {TF101}"]


# -- item 6: output errors ---------------------------------------------------------------------------


def test_output_to_a_full_device_is_one_line_and_exit_two(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text(OLD)
    with open("/dev/full", "w") as full:
        result = run("old.py", cwd=tmp_path, capture_output=False, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["tf2lint: error: cannot write output: No space left on device"]


def test_a_closed_pipe_ends_quietly_with_status_zero(tmp_path: Path) -> None:
    for index in range(30):
        (tmp_path / f"old{index}.py").write_text(OLD * 5)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before tf2lint writes anything, as with `| true`
    try:
        result = run(".", cwd=tmp_path, capture_output=False, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert result.returncode == 0 and result.stderr == ""


# -- item 7: an internal error is a problem for that file -------------------------------------------------


def test_internal_engine_error_is_reported_as_e903_and_exit_two(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(OLD)
    (tmp_path / "b.py").write_text("x = 1\n")
    inject = (
        "import sys, tf2lint.engine as engine\n"
        "def broken(self, tree):\n    raise KeyError('boom')\n"
        "engine.Walker.run = broken\n"
        "from tf2lint.cli import run\nsys.argv[0] = 'tf2lint'\nsys.exit(run())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", inject, "--jobs", "1", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    no_traceback(result)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        "a.py:1:1: E903 internal error in tf2lint (KeyError: 'boom'); please report it"
    ]
    assert "1 file could not be linted" in result.stderr
    _notebook(tmp_path / "nb.ipynb", ["import tensorflow as tf", "s = tf.Session()"])
    notebook = subprocess.run(
        [sys.executable, "-c", inject, "nb.ipynb"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert notebook.returncode == 2 and "nb.ipynb:1:1: E903 internal error in tf2lint" in notebook.stdout


# -- item 8: only regular files are read ------------------------------------------------------------


def test_fifo_and_devices_named_on_the_command_line_are_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.py")
    (tmp_path / "old.py").write_text(OLD)
    result = run("x.py", "/dev/zero", "old.py", cwd=tmp_path, timeout=30)
    no_traceback(result)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        "x.py:1:1: E902 cannot read: not a regular file (a pipe, device or socket)",
        "/dev/zero:1:1: E902 cannot read: not a regular file (a pipe, device or socket)",
        f"old.py:2:8: {TF101}",
    ]


# -- item 9: standard input ------------------------------------------------------------------------------


def test_stdin_is_linted_and_named(tmp_path: Path) -> None:
    result = run("-", cwd=tmp_path, input=OLD)
    assert result.returncode == 1 and result.stdout == f"-:2:8: {TF101}\n"
    (tmp_path / "tests").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.tf2lint]\nper-file-ignores = { "tests/*" = ["TF101"] }\n')
    named = run("-", "--stdin-filename", "src/model.py", cwd=tmp_path, input=OLD)
    assert named.returncode == 1 and named.stdout == f"src/model.py:2:8: {TF101}\n"
    ignored = run("-", "--stdin-filename", "tests/test_model.py", cwd=tmp_path, input=OLD)
    assert ignored.returncode == 0 and ignored.stdout == ""
    as_json = run("--format", "json", "-", "--stdin-filename", "m.py", cwd=tmp_path, input=OLD)
    assert json.loads(as_json.stdout)["path"] == "m.py"


def test_stdin_fix_prints_the_fixed_source(tmp_path: Path) -> None:
    fixed = run("--fix", "-", cwd=tmp_path, input=FIXABLE + "s = tf.Session()\n")
    assert fixed.stdout == "import tensorflow as tf\ny = tf.math.log(x)\ns = tf.Session()\n"
    assert f"-:3:5: {TF101}" in fixed.stderr and fixed.returncode == 1
    clean = run("--fix", "-", cwd=tmp_path, input="x = 1\n")
    assert clean.stdout == "x = 1\n" and clean.returncode == 0
    diff = run("--diff", "-", cwd=tmp_path, input=FIXABLE)
    assert "+y = tf.math.log(x)" in diff.stdout and diff.returncode == 1
    assert run("-", "old.py", cwd=tmp_path).returncode == 2
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere


# -- item 10: selectors and jobs are checked ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [("--select", "TF999"), ("--select", "XYZ"), ("--ignore", "TF1,NOPE"), ("--extend-ignore", "TF00000")]
)
def test_unknown_selectors_are_usage_errors(tmp_path: Path, args: tuple[str, str]) -> None:
    (tmp_path / "old.py").write_text(OLD)
    result = run(*args, "old.py", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert re.fullmatch(r"tf2lint: error: --[a-z-]+: unknown code or prefix '\w+' .*\n", result.stderr)


def test_prefixes_of_existing_codes_are_valid(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text(OLD)
    for selector in ("TF", "tf1", "TF10", "TF101", "E9"):
        assert run("--select", selector, "old.py", cwd=tmp_path).returncode in (0, 1), selector


@pytest.mark.parametrize("jobs", ["-3", "x", "1.5"])
def test_bad_jobs_are_usage_errors(tmp_path: Path, jobs: str) -> None:
    result = run("--jobs", jobs, ".", cwd=tmp_path)
    assert result.returncode == 2 and "--jobs" in result.stderr and "Traceback" not in result.stderr


def test_jobs_are_capped_by_the_number_of_files(tmp_path: Path) -> None:
    for index in range(9):
        (tmp_path / f"old{index}.py").write_text(OLD)
    spy = (
        "import sys, concurrent.futures as futures\n"
        "original = futures.ProcessPoolExecutor.__init__\n"
        "def spy(self, max_workers=None, *args, **kwargs):\n"
        "    print('workers', max_workers, file=sys.stderr)\n"
        "    original(self, max_workers, *args, **kwargs)\n"
        "futures.ProcessPoolExecutor.__init__ = spy\n"
        "from tf2lint.cli import run\nsys.exit(run())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", spy, "--jobs", "40", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1 and len(result.stdout.splitlines()) == 9
    assert "workers 9\n" in result.stderr


# -- item 15: the summary and statistics say what happened ------------------------------------------------


def _notebook(path: Path, sources: list[str]) -> None:
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"c{index}",
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for index, source in enumerate(sources)
    ]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))


def test_summary_counts_files_and_problems_print_in_place(tmp_path: Path) -> None:
    _notebook(
        tmp_path / "nb.ipynb",
        ["import tensorflow as tf", "s = tf.Session()", "def (:", "t = tf.Session()", "also broken ("],
    )
    result = run("nb.ipynb", cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()] == ["TF101", "E999", "TF101", "E999"]
    assert result.stdout.splitlines()[1].startswith("nb.ipynb:cell 3:")
    assert result.stderr.strip() == "2 findings (2 more fixable with --compat-fixes), 1 file could not be linted"


def test_statistics_label_codes_with_rule_titles(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text("import tensorflow as tf\ny = tf.log(x)\nz = tf.random_normal([1])\n")
    result = run("--statistics", "--exit-zero", "old.py", cwd=tmp_path)
    [stat] = [line for line in result.stdout.splitlines() if re.match(r"\d+ +TF901", line)]
    assert stat.split(None, 2)[2] == "Renamed in TF 2.x [fixable: 2 safe]"
    assert "tf.log" not in stat and "random_normal" not in stat


# -- item 19: tf2lint rule CODE --------------------------------------------------------------------------------


def test_rule_prints_the_rules_md_section() -> None:
    result = run("rule", "TF101")
    assert result.returncode == 0
    rules_md = (ROOT / "rules.md").read_text(encoding="utf-8")
    section = rules_md.split('<a id="tf101"></a>\n\n', 1)[1].split("<a id=", 1)[0].rstrip("\n")
    assert result.stdout.rstrip("\n") == section
    assert "**Why.**" in result.stdout and "Flagged:" in result.stdout and "Not flagged:" in result.stdout
    assert run("rule", "tf1-session").stdout == run("rule", "w6601").stdout == result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("TF999",), "unknown code 'TF999'"),
        (("TF1",), "'TF1' is a prefix of"),
        (("--all",), "--all is not supported"),
        ((), "required: CODE"),
    ],
)
def test_rule_errors(args: tuple[str, ...], message: str) -> None:
    result = run("rule", *args)
    assert result.returncode == 2 and result.stdout == "" and message in result.stderr


def test_impossible_paths_are_e902_or_usage_errors(tmp_path: Path) -> None:
    long_name = "a" * 300 + ".py"
    for args in ((long_name,), ("--force-exclude", long_name)):
        result = run(*args, cwd=tmp_path)
        no_traceback(result)
        assert result.returncode == 2 and result.stdout == f"{long_name}:1:1: E902 cannot read: File name too long\n"
    empty = run("", cwd=tmp_path)
    assert empty.returncode == 2 and "an empty string is not a path" in empty.stderr
