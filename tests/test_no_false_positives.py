"""No false positives on a large body of real code that is not TensorFlow 1.x: the standard library and
the third-party packages of this test environment. Slow-ish (about half a minute) and part of CI."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

CORPORA = {
    "stdlib": Path(sysconfig.get_paths()["stdlib"]),
    "site-packages": Path(sysconfig.get_paths()["purelib"]),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CORPORA))
def test_no_findings_on_real_code(name: str, tmp_path: Path) -> None:
    root = CORPORA[name]
    result = subprocess.run(
        [sys.executable, "-m", "tf2lint", "--format", "json", "--exclude", "", str(root)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    records = [line for line in result.stdout.splitlines() if line]
    findings = [line for line in records if '"error": true' not in line]
    assert findings == []
    errors = [line for line in records if '"error": true' in line]
    # Only files that are broken on purpose (lib2to3 and tokenizer test data) may fail to parse.
    assert all("/test" in line for line in errors), errors[:5]
    files = sum(1 for path in root.rglob("*.py"))
    print(f"{name}: {files} files, {len(errors)} unparsable on purpose, 0 findings")
