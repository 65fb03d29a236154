"""`--fix` changes exactly the intended bytes or leaves the file alone and says why (issue 10).

Every test builds a file for one damage class, runs the real command as a subprocess and compares
bytes exactly: the result must be the original with only the intended edit made.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

HEAD = b"import tensorflow as tf\n"


# Every test runs with safe fixes only and with every tier enabled (issue 14): the guarantees hold
# whichever tiers a user turns on.
TIERS: list[str] = []


@pytest.fixture(autouse=True, params=[[], ["--unsafe-fixes", "--compat-fixes"]], ids=["safe", "every-tier"])
def _tiers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "TIERS", request.param)


def tf2lint(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    if "--fix" in args or "--diff" in args:
        args = (*TIERS, *args)
    return subprocess.run([sys.executable, "-m", "tf2lint", *args], capture_output=True, cwd=cwd, check=False)


def fix(path: Path) -> subprocess.CompletedProcess:
    return tf2lint("--fix", str(path))


# -- 1. Python's line model ------------------------------------------------------------------


@pytest.mark.parametrize("odd", ["\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_characters_splitlines_breaks_on_do_not_move_edits(tmp_path: Path, odd: str) -> None:
    before = f'import tensorflow as tf\ns = "a{odd}b"  # x{odd}y\ny = tf.log(x)\nz = tf.log(y)\n'.encode()
    path = tmp_path / "odd.py"
    path.write_bytes(before)
    report = tf2lint(str(path))
    assert report.stdout.count(b"TF901") == 2, report.stdout  # findings after the character are reported
    fix(path)
    assert path.read_bytes() == before.replace(b"tf.log", b"tf.math.log")


def test_form_feed_in_whitespace_before_an_edit(tmp_path: Path) -> None:
    before = b"import tensorflow as tf\n\x0c\ny = tf.log(x)\n"
    path = tmp_path / "ff.py"
    path.write_bytes(before)
    fix(path)
    assert path.read_bytes() == before.replace(b"tf.log", b"tf.math.log")


@pytest.mark.parametrize("ending", [b"\r\n", b"\r", b"\n"])
def test_line_endings_are_kept(tmp_path: Path, ending: bytes) -> None:
    before = ending.join([b"import tensorflow as tf", b"a = tf.log(x)", b"b = tf.log(a)", b""])
    path = tmp_path / "endings.py"
    path.write_bytes(before)
    fix(path)
    assert path.read_bytes() == before.replace(b"tf.log", b"tf.math.log")


# -- 2. encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_coding_cookie_is_honoured_when_writing(tmp_path: Path, encoding: str) -> None:
    text = f"# -*- coding: {encoding} -*-\nimport tensorflow as tf\ns = 'café €'\ny = tf.log(x)\n"
    if encoding == "latin-1":
        text = text.replace(" €", "")
    before = text.encode(encoding)
    path = tmp_path / "cookie.py"
    path.write_bytes(before)
    fix(path)
    assert path.read_bytes() == before.replace(b"tf.log", b"tf.math.log")


def test_utf8_bom_is_kept(tmp_path: Path) -> None:
    before = b"\xef\xbb\xbfimport tensorflow as tf\ny = tf.log(x)  # caf\xc3\xa9\n"
    path = tmp_path / "bom.py"
    path.write_bytes(before)
    fix(path)
    assert path.read_bytes() == before.replace(b"tf.log", b"tf.math.log")


# -- 3, 4. keyword renames that would collide ----------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        "tf.nn.dropout(x, keep_prob=p, rate=None)",
        "tf.reduce_sum(x, axis=1, reduction_indices=1)",
        "tf.reduce_sum(x, reduction_indices=1, **options)",
        "tf.reduce_sum(*args, reduction_indices=1)",
        "tf.space_to_batch(x, pads, block_size=2)",
        "tf.reduce_sum(x, None, reduction_indices=1)",
        "tf.reduce_sum(x, 1, None, keep_dims=True)",
        "tf.nn.weighted_cross_entropy_with_logits(None, logits=l, pos_weight=w, targets=t)",
    ],
)
def test_keyword_rename_onto_a_filled_slot_is_refused(tmp_path: Path, call: str) -> None:
    before = HEAD + f"y = {call}\n".encode()
    path = tmp_path / "kw.py"
    path.write_bytes(before)
    result = fix(path)
    assert path.read_bytes() == before
    assert b"TF8" in result.stdout or b"TF9" in result.stdout  # still reported, for manual work


@pytest.mark.parametrize(
    ("call", "fixed"),
    [
        ("tf.nn.dropout(x, keep_prob=p)", "tf.nn.dropout(x, rate=1 - p)"),
        ("tf.reduce_sum(x, 1, keep_dims=True)", "tf.reduce_sum(x, 1, keepdims=True)"),
        ("tf.reduce_sum(x, reduction_indices=1)", "tf.reduce_sum(x, axis=1)"),
        ("tf.argmax(x, dimension=1)", "tf.argmax(x, axis=1)"),
    ],
)
def test_keyword_rename_onto_a_free_slot_is_fixed(tmp_path: Path, call: str, fixed: str) -> None:
    path = tmp_path / "kw.py"
    path.write_bytes(HEAD + f"y = {call}\n".encode())
    fix(path)
    assert path.read_bytes() == HEAD + f"y = {fixed}\n".encode()


# -- 5. comments ------------------------------------------------------------------------------


def test_an_edit_never_deletes_a_comment(tmp_path: Path) -> None:
    before = HEAD + (
        b"y = (tf  # keep me\n     .log(x))\nz = tf.log(x)\nw = tf.nn.dropout(x, keep_prob=  # why\n    0.5)\n"
    )
    path = tmp_path / "comment.py"
    path.write_bytes(before)
    fix(path)
    assert path.read_bytes() == before.replace(b"z = tf.log", b"z = tf.math.log")


# -- 6. noqa ------------------------------------------------------------------------------------


def test_noqa_is_honoured_in_reports_and_fixes(tmp_path: Path) -> None:
    before = HEAD + (
        b"a = tf.log(x)  # noqa\n"
        b"b = tf.log(x)  # noqa: TF901\n"
        b"c = tf.log(x)  # NOQA:TF9,E501\n"
        b"d = tf.log(x)  # noqa: TF1\n"
        b"e = tf.log(x)\n"
        b"f = tf.log('''\n# noqa\n''')\n"
    )
    path = tmp_path / "noqa.py"
    path.write_bytes(before)
    report = tf2lint(str(path))
    lines = sorted(int(line.split(b":")[1]) for line in report.stdout.splitlines())
    assert lines == [5, 6], report.stdout  # d (TF1 is not TF901's prefix) and e; f is silenced as flake8 does
    fix(path)
    expected = before.replace(b"d = tf.log", b"d = tf.math.log").replace(b"e = tf.log", b"e = tf.math.log")
    assert path.read_bytes() == expected


def test_noqa_for_a_whole_file(tmp_path: Path) -> None:
    before = b"# flake8: noqa\n" + HEAD + b"y = tf.log(x)\n"
    path = tmp_path / "quiet.py"
    path.write_bytes(before)
    report = tf2lint(str(path))
    assert report.returncode == 0 and b"TF901" not in report.stdout
    fix(path)
    assert path.read_bytes() == before


def test_tf2lint_noqa_agrees_with_flake8(tmp_path: Path) -> None:
    source = HEAD + b"a = tf.log(x)  # noqa:TF901\nb = tf.log(x)  # noqa: TF8\nc = tf.log(x)  # noqa : TF8\n"
    path = tmp_path / "agree.py"
    path.write_bytes(source)
    ours = {int(line.split(b":")[1]) for line in tf2lint(str(path)).stdout.splitlines()}
    flake8 = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select=TF", str(path)], capture_output=True, check=False
    )
    theirs = {int(line.split(b":")[1]) for line in flake8.stdout.splitlines()}
    assert ours == theirs == {3}


# -- 7. links, owner, mode, read-only -------------------------------------------------------------


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.py"
    target.write_bytes(HEAD + b"y = tf.log(x)\n")
    link = tmp_path / "link.py"
    link.symlink_to(target.name)
    fix(link)
    assert link.is_symlink()
    assert target.read_bytes() == HEAD + b"y = tf.math.log(x)\n"


def test_hard_link_is_not_split(tmp_path: Path) -> None:
    first = tmp_path / "one.py"
    first.write_bytes(HEAD + b"y = tf.log(x)\n")
    second = tmp_path / "two.py"
    os.link(first, second)
    fix(first)
    assert first.stat().st_ino == second.stat().st_ino
    assert second.read_bytes() == HEAD + b"y = tf.math.log(x)\n"


def test_mode_and_extended_attributes_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "mode.py"
    path.write_bytes(HEAD + b"y = tf.log(x)\n")
    path.chmod(0o751)
    try:
        os.setxattr(path, "user.tf2lint", b"kept")
    except OSError:
        pytest.skip("no user extended attributes on this file system")
    fix(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    assert os.getxattr(path, "user.tf2lint") == b"kept"
    assert path.read_bytes() == HEAD + b"y = tf.math.log(x)\n"


def test_owner_and_group_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "owner.py"
    path.write_bytes(HEAD + b"y = tf.log(x)\n")
    if os.geteuid() == 0:
        owner = (12345, 12345)  # root can hand the file to anyone
    else:
        groups = [gid for gid in os.getgroups() if gid != path.stat().st_gid]
        if not groups:
            pytest.skip("no second group to give the file")
        owner = (os.geteuid(), groups[0])
    os.chown(path, *owner)
    fix(path)
    assert (path.stat().st_uid, path.stat().st_gid) == owner
    assert path.read_bytes() == HEAD + b"y = tf.math.log(x)\n"


def test_read_only_file_is_refused_with_one_line(tmp_path: Path) -> None:
    """Refused by its mode bits, so even root (who may write anything) leaves it alone."""
    before = HEAD + b"y = tf.log(x)\n"
    path = tmp_path / "ro.py"
    path.write_bytes(before)
    path.chmod(0o444)
    result = fix(path)
    assert path.read_bytes() == before
    assert result.returncode == 2
    assert result.stderr.count(b"\n") >= 1 and b"read-only" in result.stderr and b"Traceback" not in result.stderr
    assert b"TF901" in result.stdout  # still reported: it was not fixed


# -- 8. a file changed while tf2lint runs ------------------------------------------------------


def test_file_changed_during_the_run_is_not_overwritten(tmp_path: Path) -> None:
    from tf2lint.writing import NotWritten, write_fixed

    path = tmp_path / "race.py"
    original = HEAD + b"y = tf.log(x)\n"
    path.write_bytes(HEAD + b"y = tf.log(x)\nuser = 'edit'\n")  # the user saved after tf2lint read it
    with pytest.raises(NotWritten, match="changed since it was read"):
        write_fixed(path, original, HEAD + b"y = tf.math.log(x)\n")
    assert path.read_bytes() == HEAD + b"y = tf.log(x)\nuser = 'edit'\n"


def test_file_changed_during_a_real_run_is_left_alone(tmp_path: Path) -> None:
    """The real command, with the file edited after it was linted and before it is written."""
    target = tmp_path / "zz_last.py"
    target.write_bytes(HEAD + b"y = tf.log(x)\n")
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(tmp_path), str(target)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _, err = process.communicate(timeout=300)
    assert target.read_bytes() == HEAD + b"y = tf.log(x)\nuser = 'edit'\n", err
    assert b"changed since it was read" in err


# Runs the real command in-process, editing the last file after it was read and before it is written.
_SLOW_WRITER = """
import sys
from pathlib import Path
import tf2lint.writing as writing
from tf2lint.cli import main
real = writing.write_fixed
target = Path(sys.argv[2])
def edited_then_write(path, original, new):
    if path.name == target.name:
        target.write_bytes(target.read_bytes() + b"user = 'edit'\\n")
    return real(path, original, new)
writing.write_fixed = edited_then_write
sys.exit(main(["--fix", "--jobs", "1", sys.argv[1]]))
"""


# -- compile check ----------------------------------------------------------------------------


def test_fix_that_would_not_compile_is_refused(tmp_path: Path) -> None:
    # The original does not compile either (return outside a function), so the fix cannot be proved safe.
    before = HEAD + b"y = tf.log(x)\nreturn y\n"
    path = tmp_path / "nocompile.py"
    path.write_bytes(before)
    result = fix(path)
    assert path.read_bytes() == before
    assert b"not fixed" in result.stderr and b"compile" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # the refusal and the summary line


# -- 10. --diff is a valid patch ------------------------------------------------------------------


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env, check=False)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("absolute", [False, True])
@pytest.mark.parametrize(
    "name, content",
    [
        ("final_newline.py", HEAD + b"y = tf.log(x)\n"),
        ("no_final_newline.py", HEAD + b"y = tf.log(x)"),
        ("crlf.py", HEAD.replace(b"\n", b"\r\n") + b"y = tf.log(x)\r\nz = 1"),
        ("latin.py", b"# coding: latin-1\n" + HEAD + b"s = 'caf\xe9'\ny = tf.log(x)"),
        (
            "nb.ipynb",
            (
                b'{\n "cells": [\n  {\n   "cell_type": "code",\n   "metadata": {},\n   "outputs": [],\n'
                b'   "source": ["import tensorflow as tf\\n", "y = tf.log(x)"]\n  }\n ],\n'
                b' "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 2\n}'
            ),
        ),
    ],
)
def test_diff_applies_with_git(tmp_path: Path, name: str, content: bytes, absolute: bool) -> None:
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    _git("init", "-q", cwd=repo)
    path = repo / "src" / name
    path.write_bytes(content)
    argument = str(path) if absolute else f"src/{name}"
    result = tf2lint("--diff", argument, cwd=repo)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"--- a/src/{name}\n+++ b/src/{name}\n".encode()), result.stdout
    if not content.endswith(b"\n") and name.endswith(".py"):  # the notebook's hunk stops before its end
        assert b"\\ No newline at end of file\n" in result.stdout
    patch = tmp_path / "fix.patch"
    patch.write_bytes(result.stdout)
    check = _git("apply", "--check", str(patch), cwd=repo)
    assert check.returncode == 0, check.stderr
    assert path.read_bytes() == content  # --diff changes nothing
    _git("apply", str(patch), cwd=repo)
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    shutil.copy(repo / "src" / name, fixed / name)
    path.write_bytes(content)
    tf2lint("--fix", str(path))
    assert (fixed / name).read_bytes() == path.read_bytes()  # the patch is exactly what --fix writes


# -- 11. empty path ----------------------------------------------------------------------------


def test_empty_path_argument_is_a_usage_error(tmp_path: Path) -> None:
    before = HEAD + b"y = tf.log(x)\n"
    (tmp_path / "here.py").write_bytes(before)
    result = tf2lint("--fix", "", cwd=tmp_path)
    assert result.returncode == 2
    assert b"empty" in result.stderr
    assert (tmp_path / "here.py").read_bytes() == before


# -- overlapping edits are counted once ----------------------------------------------------------


def test_fix_count_is_the_number_of_findings_fixed(tmp_path: Path) -> None:
    path = tmp_path / "count.py"
    path.write_bytes(HEAD + b"y = tf.log(tf.log(x))\nz = tf.reduce_sum(x, keep_dims=True)\n")
    result = fix(path)
    assert path.read_bytes() == HEAD + b"y = tf.math.log(tf.math.log(x))\nz = tf.reduce_sum(x, keepdims=True)\n"
    assert b"3 fixed" in result.stderr, result.stderr


def test_pylint_and_flake8_see_findings_after_such_characters(tmp_path: Path) -> None:
    from tests.conftest import flake8_findings, pylint_findings

    path = tmp_path / "odd.py"
    path.write_bytes('import tensorflow as tf\ns = "a\x0cb\x85c\u2028d"\ny = tf.log(x)\n'.encode())
    expected = {(3, 4, "TF901")}
    assert pylint_findings([path])[path.resolve()] == expected
    assert flake8_findings([path])[path.resolve()] == expected


def test_overlapping_fixes_are_counted_once_each(tmp_path: Path) -> None:
    """The rename sits inside the keep_prob rewrite: two passes, two findings, two fixes (was 3)."""
    path = tmp_path / "overlap.py"
    path.write_bytes(HEAD + b"y = tf.nn.dropout(x, keep_prob=tf.log(p))\n")
    result = fix(path)
    assert path.read_bytes() == HEAD + b"y = tf.nn.dropout(x, rate=1 - tf.math.log(p))\n"
    assert b"2 fixed, 0 left" in result.stderr, result.stderr
