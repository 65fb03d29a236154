"""Shared helpers: run the engine, flake8 and pylint over the same files and compare positions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tf2lint.lint import lint_source
from tf2lint.pylint_plugin_ids import message_id
from tf2lint.rules import ALL_RULES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PYLINT_TO_CODE = {message_id(rule.code): rule.code for rule in ALL_RULES}

Finding = tuple[int, int, str]  # (line, 0-based column, code)


def engine_findings(path: Path) -> set[Finding]:
    result = lint_source(path.read_bytes())
    return {(d.line, d.col, d.code) for d in result.diagnostics}


def flake8_findings(paths: list[Path]) -> dict[Path, set[Finding]]:
    """One flake8 run over many files; columns printed 1-based, turned back to 0-based."""
    found: dict[Path, set[Finding]] = {path.resolve(): set() for path in paths}
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "flake8",
            "--isolated",
            "--select=TF",
            "--jobs=1",
            "--format=%(path)s\t%(row)d\t%(col)d\t%(code)s",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode in (0, 1), process.stderr
    for line in process.stdout.splitlines():
        path, row, col, code = line.split("\t")
        found[Path(path).resolve()].add((int(row), int(col) - 1, code))
    return found


def pylint_findings(paths: list[Path]) -> dict[Path, set[Finding]]:
    """One pylint run with only tf2lint's messages enabled; pylint prints 0-based columns."""
    found: dict[Path, set[Finding]] = {path.resolve(): set() for path in paths}
    enable = ",".join(PYLINT_TO_CODE)
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "pylint",
            "--load-plugins=tf2lint.pylint_plugin",
            "--disable=all",
            f"--enable={enable}",
            "--output-format=json",
            "--persistent=n",
            "--jobs=1",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.stdout.strip(), process.stderr
    for message in json.loads(process.stdout):
        code = PYLINT_TO_CODE[message["message-id"]]
        found[Path(message["path"]).resolve()].add((message["line"], message["column"], code))
    return found


@pytest.fixture(scope="session")
def example_files(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, tuple[str, str, bool]]:
    """Every rule example written to its own file: path -> (rule code, source, is_invalid)."""
    base = tmp_path_factory.mktemp("examples")
    files: dict[Path, tuple[str, str, bool]] = {}
    for rule in ALL_RULES:
        for index, example in enumerate(rule.invalid):
            path = base / f"{rule.code}_invalid_{index}.py"
            path.write_text(example.source, encoding="utf-8")
            files[path.resolve()] = (rule.code, example.source, True)
        for index, source in enumerate(rule.valid):
            path = base / f"{rule.code}_valid_{index}.py"
            path.write_text(source, encoding="utf-8")
            files[path.resolve()] = (rule.code, source, False)
    return files
