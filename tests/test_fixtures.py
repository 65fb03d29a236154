"""Fixture files state their own expectations (`# expect: CODE:col ...`); engine, flake8 and pylint must agree."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from conftest import FIXTURES, engine_findings, flake8_findings, pylint_findings

EXPECT = re.compile(r"expect: ((?:TF\d{3}:\d+\s*)+)")
FIXTURE_FILES = sorted(FIXTURES.glob("*.py"))


def expectations(path: Path) -> set[tuple[int, int, str]]:
    expected = set()
    with tokenize.open(path) as stream:
        for token in tokenize.generate_tokens(stream.readline):
            if token.type == tokenize.COMMENT and (match := EXPECT.search(token.string)):
                for item in match.group(1).split():
                    code, col = item.split(":")
                    expected.add((token.start[0], int(col), code))
    return expected


@pytest.fixture(scope="module")
def host_results() -> tuple[dict, dict, dict]:
    return flake8_findings(FIXTURE_FILES), pylint_findings(FIXTURE_FILES), cli_findings(FIXTURE_FILES)


def cli_findings(paths: list[Path]) -> dict[Path, set]:
    result = subprocess.run(
        [sys.executable, "-m", "tf2lint", "--format", "json", *map(str, paths)], capture_output=True, text=True
    )
    found: dict[Path, set] = {path.resolve(): set() for path in paths}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        found[Path(record["path"]).resolve()].add((record["line"], record["column"] - 1, record["code"]))
    return found


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_engine_matches_expectations(path: Path) -> None:
    assert engine_findings(path) == expectations(path)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_flake8_pylint_and_cli_agree_with_engine(path: Path, host_results) -> None:
    flake8, pylint, cli = host_results
    engine = engine_findings(path)
    assert flake8[path.resolve()] == engine
    assert pylint[path.resolve()] == engine
    assert cli[path.resolve()] == engine


def test_training_script_flags_the_whole_story() -> None:
    codes = {code for _, _, code in expectations(FIXTURES / "training_script.py")}
    families = {code[:3] for code in codes}
    assert families >= {"TF1", "TF2", "TF3", "TF4", "TF5", "TF6", "TF7", "TF8", "TF9"}


def test_readme_example_is_the_training_fixture_without_expectations() -> None:
    example = (FIXTURES.parent.parent / "examples" / "mnist_v1.py").read_text(encoding="utf-8").splitlines()
    fixture = (FIXTURES / "training_script.py").read_text(encoding="utf-8").splitlines()
    strip = re.compile(r"  # (expect: [A-Z0-9: ]*|the alias line reports it)$")
    assert example[1:] == [strip.sub("", line) for line in fixture][1:]
