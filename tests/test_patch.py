"""``--diff`` patches: the hunks difflib writes for ordinary fixes, a correct patch for any pair of
texts (checked with ``git apply``), and lines matched without difflib's quadratic search."""

from __future__ import annotations

import difflib
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from tf2lint.config import Settings
from tf2lint.patch import MAX_GAP_PAIRS, NO_NEWLINE, _split_newlines, matching_blocks, unified_diff
from tf2lint.runner import lint_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def difflib_patch(name: str, original: bytes, new: bytes) -> bytes:
    """The patch as difflib.unified_diff writes it (what --diff printed before it matched lines itself)."""
    out = bytearray()
    label = name.encode()
    for line in difflib.diff_bytes(
        difflib.unified_diff, _split_newlines(original), _split_newlines(new), b"a/" + label, b"b/" + label
    ):
        out += line
        if not line.endswith(b"\n"):
            out += b"\n" + NO_NEWLINE
    return bytes(out)


@pytest.mark.parametrize("fixture", sorted(path.name for path in FIXTURES.glob("*.py")))
def test_fixes_give_difflibs_patch(fixture: str) -> None:
    data = (FIXTURES / fixture).read_bytes()
    settings = Settings()
    settings.unsafe_fixes = True
    report = lint_data(Path(fixture), data, settings, fix=True)
    if report.new_bytes is None:
        pytest.skip("no fix applies to this fixture")
    patch = unified_diff(Path(fixture), data, report.new_bytes)
    assert patch.startswith(f"--- a/{fixture}\n+++ b/{fixture}\n@@ -".encode())
    assert patch == difflib_patch(fixture, data, report.new_bytes)


def test_no_change_is_an_empty_patch() -> None:
    assert unified_diff(Path("m.py"), b"a\nb\n", b"a\nb\n") == b""


def _git_apply(tmp_path: Path, original: bytes, new: bytes, patch: bytes) -> bytes:
    work = tmp_path / "apply"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    (work / "m.py").write_bytes(original)
    (tmp_path / "p.diff").write_bytes(patch)
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    done = subprocess.run(
        ["git", "apply", str(tmp_path / "p.diff")], cwd=work, capture_output=True, env=env, check=False
    )
    assert done.returncode == 0, (done.stderr, original, new, patch)
    return (work / "m.py").read_bytes()


def _edited(rng: random.Random, lines: list[bytes]) -> list[bytes]:
    out = []
    for line in lines:
        draw = rng.random()
        if draw < 0.15:
            out.append(line.rstrip(b"\n") + b" + 1\n")
        elif draw < 0.2:
            continue
        elif draw < 0.25:
            out += [line, b"import absl\n"]
        else:
            out.append(line)
    return out


@needs_git
def test_random_edits_give_patches_that_apply(tmp_path: Path) -> None:
    rng = random.Random(17)
    for _ in range(60):
        words = rng.choice([2, 5, 50])  # few distinct lines: many repeats, few unique anchors
        lines = [b"x%d = tf.log(y)\n" % rng.randrange(words) for _ in range(rng.randrange(1, 80))]
        new_lines = _edited(rng, lines)
        original, new = b"".join(lines), b"".join(new_lines)
        if rng.random() < 0.3:
            original = original.rstrip(b"\n")  # no newline at the end of the file
        if original == new:
            continue
        assert _git_apply(tmp_path, original, new, unified_diff(Path("m.py"), original, new)) == new


@needs_git
def test_a_long_stretch_without_unique_lines_is_replaced_whole(tmp_path: Path) -> None:
    size = int(MAX_GAP_PAIRS**0.5) + 10  # more pairs than difflib is asked to compare
    original = b"".join(b"y = tf.log(x)\n" if k % 2 else b"z = 1\n" for k in range(size))
    new = original.replace(b"tf.log", b"tf.math.log")
    patch = unified_diff(Path("m.py"), original, new)
    assert patch.count(b"\n@@ -") == 1  # one hunk
    assert _git_apply(tmp_path, original, new, patch) == new


def test_every_other_line_changed_keeps_the_others_as_context() -> None:
    count = 4_000
    original = b"".join(b"v%d = tf.log(x)\n" % k if k % 2 else b"w%d = 1\n" % k for k in range(count))
    new = original.replace(b"tf.log", b"tf.math.log")
    blocks = matching_blocks(_split_newlines(original), _split_newlines(new))
    assert len(blocks) == count // 2 + 1  # each unchanged line is its own run, plus the end marker
    assert all(size == 1 for _, _, size in blocks[:-1])
    assert unified_diff(Path("m.py"), original, new) == difflib_patch("m.py", original, new)
