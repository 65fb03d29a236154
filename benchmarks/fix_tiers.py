"""What each fix tier rewrites on real TF 1.x code (README's table): run on copies, never the corpus.

    python benchmarks/fix_tiers.py [CORPUS_DIR]   (default: ~/.cache/tf2lint/bench-sdists/corpus)

For each tier (``--fix``; ``--unsafe-fixes``; ``--compat-fixes``; both) on a fresh copy: findings
and flagged lines before, findings fixed (the command's own count), lines changed, files that no
longer compile, what a second run still changes, findings left, and flagged lines the fix did not
touch that are no longer reported (everything left must still be reported). TensorFlow is never
imported: whether the fixed code runs on a TF release is not measured here.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

TIERS = {
    "--fix": [],
    "--fix --unsafe-fixes": ["--unsafe-fixes"],
    "--fix --compat-fixes": ["--compat-fixes"],
    "--fix --unsafe-fixes --compat-fixes": ["--unsafe-fixes", "--compat-fixes"],
}


def tf2lint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tf2lint", "--exit-zero", *args], capture_output=True, text=True, check=False
    )


def flagged(root: Path) -> tuple[int, int, dict[str, set[int]]]:
    """(findings, findings outside TF0xx (uses through tf.compat.v1), flagged lines per file relative
    to root), counting every use of a broken import or alias as its own finding."""
    result = tf2lint("--format", "json", "--report-uses", str(root))
    lines: dict[str, set[int]] = defaultdict(set)
    count = outside = 0
    for row in result.stdout.splitlines():
        record = json.loads(row)
        if record.get("error"):
            continue
        count += 1
        outside += not record["code"].startswith("TF0")
        lines[str(Path(record["path"]).relative_to(root))].add(record["line"])
    return count, outside, lines


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*.py"))}


def measure(corpus: Path) -> list[dict[str, object]]:
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        for name, flags in TIERS.items():
            work = Path(temp) / "work"
            if work.exists():
                shutil.rmtree(work)
            shutil.copytree(corpus, work)
            before_files = snapshot(work)
            findings, outside_before, lines_before = flagged(work)
            first = tf2lint("--fix", *flags, str(work))
            fixed = int(first.stderr.rsplit("\n", 2)[-2].split(" fixed")[0].split()[-1])
            after_files = snapshot(work)
            changed_lines = broken = untouched_lost = 0
            kept: dict[str, dict[int, int]] = {}
            for path, old in before_files.items():
                new = after_files[path]
                if new == old:
                    continue
                a = old.decode("utf-8", "surrogateescape").splitlines()
                b = new.decode("utf-8", "surrogateescape").splitlines()
                mapping = {}
                for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                    if tag == "equal":
                        mapping.update({i1 + k + 1: j1 + k + 1 for k in range(i2 - i1)})
                    else:
                        changed_lines += i2 - i1
                kept[path] = mapping
                try:
                    compile(new, path, "exec", dont_inherit=True)
                except SyntaxError:
                    broken += 1
            second = tf2lint("--fix", *flags, str(work))
            changed_again = sum(1 for path, data in snapshot(work).items() if after_files[path] != data)
            left, outside_after, lines_after = flagged(work)
            for path, numbers in lines_before.items():
                mapping = kept.get(path)
                for number in numbers:
                    new_number = number if mapping is None else mapping.get(number)
                    if new_number is not None and new_number not in lines_after.get(path, set()):
                        untouched_lost += 1
            rows.append(
                {
                    "tier": name,
                    "findings": findings,
                    "findings_outside_tf0xx": outside_before,
                    "flagged_lines": sum(map(len, lines_before.values())),
                    "fixed": fixed,
                    "lines_changed": changed_lines,
                    "files_changed": sum(1 for p in before_files if before_files[p] != after_files[p]),
                    "files_not_compiling": broken,
                    "second_run": second.stderr.strip().splitlines()[-1],
                    "files_changed_by_second_run": changed_again,
                    "findings_left": left,
                    "findings_left_outside_tf0xx": outside_after,
                    "untouched_flagged_lines_no_longer_reported": untouched_lost,
                }
            )
    return rows


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.home() / ".cache/tf2lint/bench-sdists/corpus"
    rows = measure(corpus)
    print(f"corpus: {corpus} ({sum(1 for _ in corpus.rglob('*.py'))} .py files)")
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
