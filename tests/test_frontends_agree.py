"""Every rule example gives the same (line, column, code) in the engine, flake8 and pylint."""

from __future__ import annotations

from conftest import engine_findings, flake8_findings, pylint_findings


def test_examples_agree_across_front_ends(example_files) -> None:
    paths = sorted(example_files)
    flake8 = flake8_findings(paths)
    pylint = pylint_findings(paths)
    mismatches = []
    for path in paths:
        engine = engine_findings(path)
        if not (engine == flake8[path] == pylint[path]):
            mismatches.append((path.name, engine, flake8[path], pylint[path]))
    assert not mismatches, mismatches
    flagged = sum(1 for path, (_, _, invalid) in example_files.items() if invalid and engine_findings(path))
    assert flagged == sum(1 for _, _, invalid in example_files.values() if invalid)
