"""The benchmark script runs end to end on a tiny input and prints a table whose numbers parse.

Not a timing test: no speed is asserted, only that each measurement produced a real number.
"""

from __future__ import annotations

import importlib
import io
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))  # the benchmark's modules import each other as top-level modules
real_corpus = importlib.import_module("real_corpus")
scaling = importlib.import_module("scaling")

TF_CODE = "import tensorflow as tf\n\n\ndef loss(x):\n    return tf.reduce_sum(tf.log(x), keep_dims=True)\n"
NUMBER = r"\d[\d,]*(?:\.\d+)?"


def table(output: str) -> dict[str, list[str]]:
    rows = {}
    for line in output.splitlines():
        if line.startswith("| ") and not line.startswith(("| measurement", "| ---")):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            rows[cells[0]] = cells[1:]
    return rows


def run_benchmark(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_quick_run_prints_the_table(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus" / "project"
    corpus.mkdir(parents=True)
    (corpus / "model.py").write_text(TF_CODE * 20)
    (corpus / "old.py").write_text("print 'python 2'\n")
    done = run_benchmark(
        "--quick",
        "--repeat",
        "1",
        "--corpus",
        str(corpus.parent),
        "--tf-upgrade",
        str(tmp_path / "absent"),
        "--only",
        "real,tf-upgrade,sarif,diff,scaling",
        "--dimensions",
        "findings",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    rows = table(done.stdout)
    assert "Real TF 1.x corpus: 2 files, 101 lines (1 do not parse as Python 3)" in done.stdout

    floor = rows["parse floor: read + `ast.parse`, real TF 1.x corpus, 1 process"]
    assert re.fullmatch(rf"{NUMBER} (ms|s)", floor[0])
    tool = rows["`tf2lint --jobs 1`, real TF 1.x corpus (start-up included)"]
    assert re.fullmatch(rf"{NUMBER} (ms|s)", tool[0])
    assert float(tool[1].removesuffix(" ×")) > 0
    assert tool[2] in ("≤ 1.3 ×: met", "≤ 1.3 ×: missed")
    inner = rows["the same, timed from tf2lint's entry point (no start-up)"]
    assert re.fullmatch(rf"{NUMBER} (ms|s)", inner[0]) and float(inner[1].removesuffix(" ×")) > 0

    assert rows["`tf_upgrade_v2`, real TF 1.x corpus"][0] == "skipped"

    for size in (25, 100):
        memory = rows[f"`--format sarif`, {size:,} generated files: peak memory, time"]
        match = re.fullmatch(rf"({NUMBER}) MB, {NUMBER} (ms|s)", memory[0])
        assert match and float(match[1]) > 1

    for flag in ("--diff", "--fix"):
        dense = rows[f"`{flag}`, one 1,250- and one 5,000-line file, a fix on every line"]
        assert re.fullmatch(rf"1,250: {NUMBER} (ms|s), {NUMBER} MB, 5,000: {NUMBER} (ms|s), {NUMBER} MB", dense[0])
        assert re.fullmatch(rf"exponent -?\d+\.\d\d, {NUMBER} k lines/s", dense[1])
        assert dense[2] in ("≤ 1.1: met", "≤ 1.1: missed")

    points = rows["scaling: findings in one file (one a line)"]
    assert re.fullmatch(rf"500: {NUMBER} (ms|s), 1,000: {NUMBER} (ms|s), 2,000: {NUMBER} (ms|s)", points[0])
    assert re.fullmatch(r"exponent -?\d+\.\d\d \(last doubling -?\d+\.\d\d\)", points[1])
    assert "failed" not in done.stdout


def test_a_point_past_the_time_limit_stops_the_dimension(tmp_path: Path) -> None:
    done = run_benchmark(
        "--quick", "--repeat", "1", "--only", "scaling", "--dimensions", "aliases", "--timeout", "0.01", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    row = table(done.stdout)["scaling: aliases (`aK = tf.nn`) in one file"]
    assert row == ["100: > 0.01 s", "too slow at the smallest size", "≤ 1.1: missed"]


def test_unknown_group_is_a_usage_error(tmp_path: Path) -> None:
    done = run_benchmark("--only", "nonsense", cwd=tmp_path)
    assert done.returncode == 2
    assert "unknown group nonsense" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("power", "expected"), [(1, 1.0), (2, 2.0), (0.5, 0.5)])
def test_exponent_is_the_log_log_slope(power: float, expected: float) -> None:
    sizes = [1000, 2000, 4000, 8000]
    assert scaling.exponent(sizes, [1e-3 * size**power for size in sizes]) == pytest.approx(expected)


def _archive(path: Path, members: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".whl":
        with zipfile.ZipFile(path, "w") as bundle:
            for name, text in members.items():
                bundle.writestr(name, text)
        return
    with tarfile.open(path, "w:gz") as bundle:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            bundle.addfile(info, io.BytesIO(data))


def test_cached_archives_are_unpacked_into_one_tree_of_python_files(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _archive(
        cache / "archives" / "sdist" / "lib-1.0" / "lib-1.0.tar.gz",
        {
            "lib-1.0/lib/core.py": TF_CODE,
            "lib-1.0/build/lib/core.py": TF_CODE,
            "lib-1.0/README": "text",
            "lib-1.0/lib.egg-info/x.py": "",
            "lib-1.0/tests/test_core.py": TF_CODE,
        },
    )
    _archive(
        cache / "archives" / "wheel" / "other-2.0" / "other-2.0-py3-none-any.whl",
        {"other/__init__.py": TF_CODE, "other-2.0.dist-info/METADATA": "Name: other"},
    )
    notes: list[str] = []
    corpus = real_corpus.build(cache, ("lib==1.0", "other==2.0"), log=notes.append)
    relative = sorted(path.relative_to(corpus.root).as_posix() for path in corpus.files)
    assert relative == [
        "lib-1.0/lib-1.0/lib/core.py",
        "lib-1.0/lib-1.0/tests/test_core.py",
        "other-2.0/other/__init__.py",
    ]
    assert corpus.sources == ["lib==1.0 (sdist, 2 files)", "other==2.0 (wheel, 1 files)"]
    assert corpus.paths == [corpus.root / "lib-1.0", corpus.root / "other-2.0"]
    assert notes == []
    # A second build reuses the unpacked tree.
    again = real_corpus.build(cache, ("lib==1.0", "other==2.0"), log=notes.append)
    assert again.files == corpus.files and notes == []
