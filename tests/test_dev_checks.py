"""The repository passes its own lint and type checks (what .ci/run runs besides pytest)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> list[str]:
    if importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return [sys.executable, "-m", name]


def test_ruff_check_passes() -> None:
    result = subprocess.run(
        [*_tool("ruff"), "check", "tf2lint", "tests", "tools", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_check_passes() -> None:
    result = subprocess.run(
        [*_tool("ruff"), "format", "--check", "tf2lint", "tests", "tools", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_passes() -> None:
    result = subprocess.run([*_tool("mypy")], cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "strict = true" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_ci_runs_ruff_mypy_and_pytest() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "ruff check" in script and "ruff format --check" in script
    assert ".venv/bin/mypy" in script and "-m pytest" in script
    assert "-e '.[test,dev]'" in script
