"""Odd and hostile files: tf2lint never raises, and each front-end reports what it should."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PYLINT_TO_CODE

from tf2lint.flake8_plugin import Flake8Plugin
from tf2lint.lint import decode, lint_source

SESSION = b"sess = tf.Session()\n"
IMPORT = b"import tensorflow as tf\n"


def _deep_not(depth: int) -> bytes:
    return IMPORT + b"x = " + b"not " * depth + b"tf.Session()\n"


# name -> (file bytes, whether Python can parse it, the TF findings expected as (line, col, code))
CASES: dict[str, tuple[bytes, bool, set]] = {
    "syntax_error": (IMPORT + b"def f(:\n    pass\n", False, set()),
    "python2_print": (IMPORT + b"print 'hello'\n" + SESSION, False, set()),
    "empty": (b"", True, set()),
    "only_comments": (b"# import tensorflow as tf\n# tf.Session()\n", True, set()),
    "nul_byte": (IMPORT + b"x = 1\x00\n", False, set()),
    "invalid_utf8": (IMPORT + b"x = '\xff\xfe'\n", False, set()),
    "utf8_bom": (b"\xef\xbb\xbf" + IMPORT + SESSION, True, {(2, 7, "TF101")}),
    "latin1_cookie": (
        b"# -*- coding: latin-1 -*-\n" + IMPORT + b"s = '\xe9'; sess = tf.Session()\n",
        True,
        {(3, 16, "TF101")},
    ),
    "crlf": (IMPORT.replace(b"\n", b"\r\n") + SESSION.replace(b"\n", b"\r\n"), True, {(2, 7, "TF101")}),
    "tabs": (IMPORT + b"if True:\n\tsess = tf.Session()\n", True, {(3, 8, "TF101")}),
    "non_ascii_columns": (IMPORT + "café = 'ü'; sess = tf.Session()\n".encode(), True, {(2, 19, "TF101")}),
    "very_long_line": (IMPORT + b"x = [" + b"1, " * 20000 + b"tf.Session()]\n", True, {(2, 60005, "TF101")}),
    "fifty_thousand_lines": (IMPORT + b"x = 1\n" * 50000 + SESSION, True, {(50002, 7, "TF101")}),
    "deep_parentheses": (IMPORT + b"x = " + b"(" * 500 + b"tf.Session()" + b")" * 500 + b"\n", False, set()),
    "deep_calls": (IMPORT + b"x = " + b"f(" * 500 + b"tf.Session()" + b")" * 500 + b"\n", False, set()),
    # As deep as CPython will build a tree for (about 1,000 levels); a recursive walker would fail here.
    "deep_unary": (_deep_not(900), True, {(2, 3604, "TF101")}),
    "long_attribute_chain": (IMPORT + b"x = tf.contrib" + b".a" * 900 + b"\n", True, {(2, 4, "TF701")}),
    "deep_binop": (IMPORT + b"x = 1" + b" + 1" * 900 + b" + tf.log(2)\n", True, {(2, 3608, "TF901")}),
    "too_deep_to_build": (IMPORT + b"x = 1" + b" + 1" * 5000 + b" + tf.log(2)\n", False, set()),
    "deep_lambdas": (IMPORT + b"f = " + b"lambda: " * 300 + b"tf.Session()\n", True, {(2, 2404, "TF101")}),
    "fstrings": (IMPORT + b"msg = f\"{tf.Session()!r:>{width}} {'tf.Session()'}\"\n", True, {(2, 9, "TF101")}),
    "match_statement": (
        IMPORT + b"match cmd:\n    case {'tf': tf}:\n        tf.Session()\n    case [*rest]:\n        pass\n",
        True,
        set(),
    ),
    "walrus": (IMPORT + b"if (s := tf.Session()):\n    pass\n", True, {(2, 9, "TF101")}),
    "except_star": (IMPORT + b"try:\n    pass\nexcept* ValueError:\n    tf.Session()\n", True, {(5, 4, "TF101")}),
    "star_import": (b"from tensorflow import *\nx = placeholder(float32)\n", True, {(2, 4, "TF201")}),
    "relative_import": (
        b"from . import tensorflow as tf\nfrom .tensorflow import Session\ntf.Session()\nSession()\n",
        True,
        set(),
    ),
    "future_imports": (
        b"from __future__ import annotations, print_function\n" + IMPORT + SESSION,
        True,
        {(3, 7, "TF101")},
    ),
    "import_in_class_body": (
        b"class A:\n    import tensorflow\n    s = tensorflow.Session()\n",
        True,
        {(3, 8, "TF101")},
    ),
    "comprehension_rebinds": (IMPORT + b"xs = [tf.Session() for tf in things]\n", True, set()),
    "decorators_and_annotations": (
        IMPORT + b"@tf.contrib.eager.defun\ndef f(x: tf.placeholder = None) -> tf.Session:\n    return x\n",
        True,
        {(2, 1, "TF701"), (3, 9, "TF201"), (3, 35, "TF101")},
    ),
}
if sys.version_info >= (3, 12):
    CASES["type_parameters"] = (
        IMPORT + b"def f[T](x: T) -> T:\n    return tf.Session()\ntype Alias = tf.Session\n",
        True,
        {(3, 11, "TF101"), (4, 13, "TF101")},
    )


# flake8 falls back to latin-1 for undecodable files (no E999), so the plugin just sees a valid tree.
FLAKE8_DECODES_AS_LATIN1 = {"invalid_utf8"}


@pytest.fixture(scope="module")
def case_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("hostile")
    files = {}
    for name, (data, _, _) in CASES.items():
        path = base / f"{name}.py"
        path.write_bytes(data)
        files[name] = path
    return files


@pytest.mark.parametrize("name", sorted(CASES))
def test_engine_never_raises_and_finds_what_it_should(name: str) -> None:
    data, parses, expected = CASES[name]
    result = lint_source(data)
    if not parses:
        assert result.error and not result.diagnostics
    else:
        assert result.error is None, result.error
        assert {(d.line, d.col, d.code) for d in result.diagnostics} == expected


@pytest.mark.parametrize("name", sorted(name for name, case in CASES.items() if case[1]))
def test_flake8_plugin_on_the_same_tree(name: str) -> None:
    data, _, expected = CASES[name]
    text = decode(data)
    plugin = Flake8Plugin(ast.parse(text), text.splitlines(keepends=True))
    assert {(line, col, message.split()[0]) for line, col, message, _ in plugin.run()} == expected


def test_flake8_reports_its_own_syntax_errors_and_our_findings(case_files: dict[str, Path]) -> None:
    shallow = [path for name, path in case_files.items() if not name.startswith(("deep_", "long_", "too_deep"))]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "flake8",
            "--isolated",
            "--select=E999,E902,TF",
            "--jobs=1",
            "--format=%(path)s\t%(row)d\t%(col)d\t%(code)s",
            *map(str, shallow),
        ],
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in result.stderr, result.stderr
    found = _by_file(result.stdout, column_base=1, codes={})
    _check_host(found, case_files, shallow, own_errors={"E999", "E902"}, skip=FLAKE8_DECODES_AS_LATIN1)


def test_pylint_reports_its_own_syntax_errors_and_our_findings(case_files: dict[str, Path]) -> None:
    shallow = [
        path
        for name, path in case_files.items()
        if not name.startswith(("deep_", "long_", "fifty", "very_long", "too_deep"))
    ]
    enable = ",".join([*PYLINT_TO_CODE, "syntax-error"])
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pylint",
            "--load-plugins=tf2lint.pylint_plugin",
            "--disable=all",
            f"--enable={enable}",
            "--persistent=n",
            "--jobs=1",
            "--msg-template={path}\t{line}\t{column}\t{msg_id}",
            *map(str, shallow),
        ],
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    found = _by_file(result.stdout, column_base=0, codes=PYLINT_TO_CODE)
    _check_host(found, case_files, shallow, own_errors={"E0001", "F0010"}, skip=set())


def _by_file(output: str, column_base: int, codes: dict) -> dict[str, set]:
    """Parse ``path<TAB>line<TAB>column<TAB>code`` lines into 0-based findings per file stem."""
    found: dict[str, set] = {}
    for line in output.splitlines():
        if line.count("\t") == 3:
            path, row, col, code = line.split("\t")
            found.setdefault(Path(path).stem, set()).add((int(row), int(col) - column_base, codes.get(code, code)))
    return found


def _check_host(
    found: dict[str, set], case_files: dict[str, Path], linted: list[Path], own_errors: set, skip: set
) -> None:
    """Parsable cases give exactly our findings; the others only the host's own syntax error."""
    for name, path in case_files.items():
        if path not in linted or name in skip:
            continue
        _, parses, expected = CASES[name]
        if parses:
            assert found.get(name, set()) == expected, name
        else:
            assert found.get(name) and {code for _, _, code in found[name]} <= own_errors, name


def test_cli_reports_one_line_per_unparsable_file_and_goes_on(case_files: dict[str, Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tf2lint", "--jobs=1", *map(str, case_files.values())], capture_output=True, text=True
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    by_file: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        by_file.setdefault(Path(line.split(":")[0]).stem, []).append(line)
    for name, (_, parses, expected) in CASES.items():
        lines = by_file.get(name, [])
        if parses:
            assert len(lines) == len(expected) and all(" TF" in line for line in lines), name
        else:
            assert len(lines) == 1 and " E999 " in lines[0], (name, lines)


def test_unreadable_path_is_an_io_error(tmp_path: Path) -> None:
    directory = tmp_path / "not_a_file.py"
    directory.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "tf2lint", str(directory / "missing.py")], capture_output=True, text=True
    )
    assert result.returncode == 2 and " E902 " in result.stdout


def test_internal_errors_never_escape_the_front_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a bug inside the engine must not end a flake8 or pylint run: it is logged instead."""
    from tf2lint import engine, pylint_plugin

    def broken(self, tree):
        raise RuntimeError("simulated engine bug")

    monkeypatch.setattr(engine.Walker, "run", broken)
    text = "import tensorflow as tf\ntf.Session()\n"
    assert list(Flake8Plugin(ast.parse(text), text.splitlines(keepends=True)).run()) == []
    assert lint_source(text).diagnostics == []

    class FakeModule:
        name = "fake"
        file = "fake.py"

        def stream(self):
            raise RuntimeError("simulated astroid problem")

    assert pylint_plugin.module_diagnostics(FakeModule(), None) == []
