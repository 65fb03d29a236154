"""tf2lint where people meet it: pre-commit, flake8 and pylint configuration, packaging."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT

from tf2lint import __version__

OLD = "import tensorflow as tf\nsess = tf.Session()\ny = tf.log(2.0)\n"
FIXABLE_ONLY = "import tensorflow as tf\ny = tf.log(2.0)\ns = tf.reduce_sum(y, keep_dims=True)\n"


def run(command: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)


# -- flake8 ---------------------------------------------------------------------------------


def test_flake8_columns_match_the_cli_and_pylint(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import tensorflow as tf\nx = 1; sess = tf.Session()\n")
    flake8 = run([sys.executable, "-m", "flake8", "--isolated", "--select=TF", "m.py"], tmp_path).stdout
    cli = run([sys.executable, "-m", "tf2lint", "m.py"], tmp_path).stdout
    assert flake8.startswith("m.py:2:15: TF101 ")  # flake8 prints 1-based columns
    assert cli.split(" TF101")[0] == flake8.split(" TF101")[0]
    pylint_format = run(
        [sys.executable, "-m", "flake8", "--isolated", "--select=TF", "--format=pylint", "m.py"], tmp_path
    ).stdout
    assert pylint_format.startswith("m.py:2: [TF101] tf.Session is removed")
    pylint = run(
        [
            sys.executable,
            "-m",
            "pylint",
            "--load-plugins=tf2lint.pylint_plugin",
            "--disable=all",
            "--enable=tf1-session",
            "--persistent=n",
            "--output-format=json",
            "m.py",
        ],
        tmp_path,
    ).stdout
    message = json.loads(pylint)[0]
    assert (message["line"], message["column"], message["endColumn"]) == (2, 14, 24)  # pylint: 0-based


def test_flake8_bug_report_lists_the_plugin(tmp_path: Path) -> None:
    report = json.loads(run([sys.executable, "-m", "flake8", "--bug-report"], tmp_path).stdout)
    plugins = {plugin["plugin"]: plugin["version"] for plugin in report["plugins"]}
    assert plugins.get("tf2lint") == __version__


def test_flake8_configuration_noqa_and_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / ".flake8").write_text(
        "[flake8]\nselect = E,F\nextend-select = TF\nextend-ignore = TF901\nper-file-ignores =\n    tests/*: TF101\n"
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "a.py").write_text(OLD + "other = tf.Session()  # noqa: TF101\n")
    (tmp_path / "tests" / "test_a.py").write_text(OLD)
    out = run([sys.executable, "-m", "flake8", "--jobs=1", "."], tmp_path).stdout
    codes = sorted(line.split(": ")[1].split()[0] + "@" + line.split(":")[0] for line in out.splitlines())
    assert codes == ["TF101@./a.py"]


def test_flake8_target_option(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import tensorflow as tf\nrun = tf.estimator.RunConfig()\n")
    newest = run([sys.executable, "-m", "flake8", "--isolated", "--select=TF", "m.py"], tmp_path).stdout
    old = run(
        [sys.executable, "-m", "flake8", "--isolated", "--select=TF", "--tf-target=2.15", "m.py"], tmp_path
    ).stdout
    assert "TFK106" in newest and old == ""


# -- pylint ---------------------------------------------------------------------------------


def test_pylint_plugin_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pylint.main]\nload-plugins = ["tf2lint.pylint_plugin"]\ndisable = ["all"]\n'
        'enable = ["tf1-session", "tf1-renamed"]\n'
    )
    (tmp_path / "m.py").write_text(OLD)
    out = run(
        [sys.executable, "-m", "pylint", "--persistent=n", "--msg-template={line}:{column}:{msg_id}:{symbol}", "m.py"],
        tmp_path,
    ).stdout
    assert [line for line in out.splitlines() if line[:1].isdigit()] == [
        "2:7:W6601:tf1-session",
        "3:4:W7401:tf1-renamed",
    ]


def test_pylint_lists_and_explains_the_messages(tmp_path: Path) -> None:
    plugin = ["--load-plugins=tf2lint.pylint_plugin"]
    listed = run([sys.executable, "-m", "pylint", *plugin, "--list-msgs"], tmp_path).stdout
    assert ":tf1-session (W6601)" in listed and ":tf1-positional-change (W7405)" in listed
    help_text = run([sys.executable, "-m", "pylint", *plugin, "--help-msg=tf1-session"], tmp_path).stdout
    assert "TF101" in help_text and "executes operations eagerly" in help_text and "tf.function" in help_text


# -- pre-commit -----------------------------------------------------------------------------


def _git_env(tmp_path: Path) -> dict:
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "HOME": str(tmp_path),
    }


@pytest.mark.slow
def test_pre_commit_hooks_via_try_repo(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    env = _git_env(tmp_path)
    (project / "train.py").write_text(FIXABLE_ONLY)
    (project / "legacy.py").write_text(OLD)
    assert run(["git", "init", "-q"], project, env).returncode == 0
    run(["git", "add", "."], project, env)
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT)]

    check = run([*pre_commit, "tf2lint", "--all-files"], project, env)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "TF101" in check.stdout and "TF901" in check.stdout

    fix = run([*pre_commit, "tf2lint-fix", "--files", "train.py"], project, env)
    assert fix.returncode == 1  # pre-commit fails a hook that changed files
    assert (
        project / "train.py"
    ).read_text() == "import tensorflow as tf\ny = tf.math.log(2.0)\ns = tf.reduce_sum(y, keepdims=True)\n"
    run(["git", "add", "."], project, env)
    again = run([*pre_commit, "tf2lint", "--files", "train.py"], project, env)
    assert again.returncode == 0, again.stdout


# -- packaging ------------------------------------------------------------------------------


@pytest.mark.slow
def test_wheel_installs_in_a_clean_venv_with_declared_dependencies(tmp_path: Path) -> None:
    built = run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(ROOT)], tmp_path)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("tf2lint-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], tmp_path)
    assert install.returncode == 0, install.stderr[-2000:]
    installed = run([str(python), "-m", "pip", "list", "--format=json"], tmp_path).stdout
    names = {item["name"].lower() for item in json.loads(installed)}
    assert "pylint" not in names and "tensorflow" not in names  # pylint is an extra, TF never needed
    (tmp_path / "m.py").write_text(OLD)
    cli = run([str(env_dir / "bin" / "tf2lint"), "m.py"], tmp_path)
    assert cli.returncode == 1 and "TF101" in cli.stdout
    report = run([str(env_dir / "bin" / "tf2lint"), "report", "m.py", "-o", "r.html"], tmp_path)
    assert report.returncode == 0 and 'id="total-findings">' in (tmp_path / "r.html").read_text(encoding="utf-8")
    flake8 = run([str(python), "-m", "flake8", "--select=TF", "m.py"], tmp_path)
    assert "TF101" in flake8.stdout
    typed = run(
        [
            str(python),
            "-c",
            "import importlib.resources as r; print(r.files('tf2lint').joinpath('py.typed').is_file())",
        ],
        tmp_path,
    )
    assert typed.stdout.strip() == "True"
