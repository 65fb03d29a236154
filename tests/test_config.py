"""Configuration, the target release, excludes and per-path settings, through the real commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

OLD = "import tensorflow as tf\nsess = tf.Session()\n"
TARGET_ERROR = "is not a TensorFlow 2.x release: expected a version such as 2.15 (known: 2.0 to 2."


def run(*args: str, cwd: Path | None = None, module: str = "tf2lint") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def project(tmp_path: Path, toml: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.tf2lint]\n{toml}\n", encoding="utf-8")
    (tmp_path / "old.py").write_text(OLD, encoding="utf-8")
    return tmp_path


def codes(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.split(": ", 1)[1].split()[0] for line in result.stdout.splitlines()]


# -- item 1: every key's type is checked -------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "key", "expected"),
    [
        ("select = 5", "select", "an array of strings"),
        ("select = [1]", "select", "an array of strings"),
        ("ignore = {a = 1}", "ignore", "an array of strings"),
        ('per-file-ignores = ["tests/*"]', "per-file-ignores", "a table"),
        ('per-file-ignores = {"tests/*" = "TF1"}', "per-file-ignores", "an array of codes"),
        ("target = 2.15", "target", 'expected a string such as "2.15"'),
        ("exclude = [1]", "exclude", "an array of strings"),
        ('extend-exclude = "third_party/*"', "extend-exclude", "an array of strings"),
        ('report-compat = "false"', "report-compat", "true or false"),
        ("force-exclude = 1", "force-exclude", "true or false"),
    ],
)
def test_wrong_value_types_are_one_usage_error(tmp_path: Path, toml: str, key: str, expected: str) -> None:
    project(tmp_path, toml)
    result = run("old.py", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert str(tmp_path / "pyproject.toml") in line and key in line and expected in line, line


def test_tool_that_is_not_a_table_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('tool = "x"\n', encoding="utf-8")
    (tmp_path / "old.py").write_text(OLD, encoding="utf-8")
    result = run("old.py", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "[tool]: expected a table" in result.stderr


def test_unknown_codes_in_configuration_are_an_error(tmp_path: Path) -> None:
    project(tmp_path, 'ignore = ["TF999"]')
    result = run("old.py", cwd=tmp_path)
    assert result.returncode == 2 and "ignore: unknown code or prefix 'TF999'" in result.stderr


# -- item 2: one road for the target release -----------------------------------------------------------


def _target_message(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    [line] = [line for line in stderr.splitlines() if TARGET_ERROR in line]
    return line[line.index("'3.0'") :]


def test_bad_target_is_the_same_error_in_all_three_front_ends(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text(OLD, encoding="utf-8")
    cli = run("--target", "3.0", "old.py", cwd=tmp_path)
    flake8 = run("--isolated", "--select=TF", "--tf-target=3.0", "old.py", cwd=tmp_path, module="flake8")
    pylint = run(
        "--load-plugins=tf2lint.pylint_plugin",
        "--disable=all",
        "--enable=tf1-session",
        "--persistent=n",
        "--tf-target=3.0",
        "old.py",
        cwd=tmp_path,
        module="pylint",
    )
    assert cli.returncode == 2 and flake8.returncode == 2 and pylint.returncode == 32
    assert cli.stdout == flake8.stdout == pylint.stdout == ""
    assert _target_message(cli.stderr) == _target_message(flake8.stderr) == _target_message(pylint.stderr)


def test_bad_target_in_each_front_ends_configuration_file(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text(OLD, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tf2lint]\ntarget = "banana"\n\n[tool.pylint.main]\nload-plugins = ["tf2lint.pylint_plugin"]\n'
        '\n[tool.pylint."tf2lint-tf0xx"]\ntf-target = "banana"\n',
        encoding="utf-8",
    )
    (tmp_path / "setup.cfg").write_text("[flake8]\nselect = TF\ntf-target = banana\n", encoding="utf-8")
    cli = run("old.py", cwd=tmp_path)
    flake8 = run("old.py", cwd=tmp_path, module="flake8")
    pylint = run("--persistent=n", "--jobs=2", "old.py", cwd=tmp_path, module="pylint")
    for result, status in ((cli, 2), (flake8, 2), (pylint, 32)):
        assert result.returncode == status, result.stdout + result.stderr
        assert "Traceback" not in result.stderr and result.stderr.count("'banana' is not a TensorFlow 2.x") == 1


def test_good_targets_still_work_everywhere(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text("import tensorflow as tf\ny = tf.compat.v1.layers.dense(x, 3)\n", encoding="utf-8")
    assert "TF003" in run("--target", "2.15", "old.py", cwd=tmp_path).stdout  # still in compat.v1 in 2.15
    assert "TF003" not in run("--target", "latest", "old.py", cwd=tmp_path).stdout  # gone in the newest
    flake8 = run("--isolated", "--select=TF", "--tf-target=2.15.1", "old.py", cwd=tmp_path, module="flake8")
    assert flake8.returncode == 1 and "TF003" in flake8.stdout


# -- item 11: the nearest pyproject.toml above each path; --config; --show-settings -----------------------


def test_settings_come_from_the_linted_paths_project(tmp_path: Path) -> None:
    proj = tmp_path / "proj"
    (proj / "tests").mkdir(parents=True)
    (proj / "pyproject.toml").write_text('[tool.tf2lint]\nper-file-ignores = { "tests/*" = ["TF101"] }\n')
    (proj / "tests" / "test_x.py").write_text(OLD)
    (proj / "main.py").write_text(OLD)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(str(proj), cwd=elsewhere)
    assert result.stdout.splitlines() == [
        f"{proj / 'main.py'}:2:8: TF101 [*compat] tf.Session is removed in TF 2.x: "
        "run eagerly, or wrap the computation in tf.function"
    ]
    assert codes(run(str(proj / "tests" / "test_x.py"), cwd=elsewhere)) == []


def test_a_subproject_uses_its_own_settings_and_a_plain_pyproject_is_skipped(tmp_path: Path) -> None:
    project(tmp_path, 'ignore = ["TF1"]')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.tf2lint]\nselect = ["TF1"]\n')
    (sub / "old.py").write_text(OLD + "x = tf.placeholder(tf.float32)\n")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (plain / "old.py").write_text(OLD)
    result = run(".", cwd=tmp_path)
    assert codes(result) == ["TF101"]  # sub/old.py's TF101 only; old.py and plain/old.py ignore TF1
    assert result.stdout.startswith("sub/old.py:2:8:")


def test_config_flag_and_show_settings(tmp_path: Path) -> None:
    project(tmp_path, 'ignore = ["TF1"]')
    other = tmp_path / "other.toml"
    other.write_text('[tool.tf2lint]\nselect = ["TF2"]\n')
    assert codes(run("old.py", cwd=tmp_path)) == []
    assert codes(run("--config", str(other), "old.py", cwd=tmp_path)) == []  # TF2 only: nothing
    (tmp_path / "old.py").write_text(OLD + "x = tf.placeholder(tf.float32)\n")
    assert codes(run("--config", str(other), "old.py", cwd=tmp_path)) == ["TF201"]
    shown = run("--show-settings", "old.py", cwd=tmp_path)
    assert shown.returncode == 0
    assert f"config = {tmp_path / 'pyproject.toml'}" in shown.stdout and "ignore = ('TF1',)" in shown.stdout
    shown = run("--show-settings", "--config", str(other), "old.py", cwd=tmp_path)
    assert f"config = {other}" in shown.stdout and "select = ('TF2',)" in shown.stdout
    missing = run("--config", str(tmp_path / "nope.toml"), "old.py", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.toml: cannot read" in missing.stderr


# -- item 12: exclude patterns normalised as flake8 does ---------------------------------------------------


def test_default_excludes_never_match_directories_above_the_named_path(tmp_path: Path) -> None:
    proj = tmp_path / "build" / "proj"
    proj.mkdir(parents=True)
    (proj / "old.py").write_text(OLD)
    (proj / "dist").mkdir()
    (proj / "dist" / "old.py").write_text(OLD)
    relative = run("build/proj", cwd=tmp_path)
    absolute = run(str(tmp_path / "build" / "proj"), cwd=tmp_path)
    assert codes(relative) == codes(absolute) == ["TF101"]  # dist/ below is excluded, build/ above is not


@pytest.mark.parametrize("pattern", ["./src", "src/", "src", "{root}/src", "./src/*"])
def test_extend_exclude_spellings_all_mean_that_directory(tmp_path: Path, pattern: str) -> None:
    project(tmp_path, f"extend-exclude = [{pattern.format(root=tmp_path)!r}]")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "gen.py").write_text(OLD)
    assert run(".", cwd=tmp_path).stdout.splitlines() == [
        "old.py:2:8: TF101 [*compat] tf.Session is removed in TF 2.x: "
        "run eagerly, or wrap the computation in tf.function"
    ]


def test_per_file_ignores_keys_with_dot_slash_match(tmp_path: Path) -> None:
    project(tmp_path, 'per-file-ignores = { "./tests/*" = ["TF101"], "conftest.py" = ["TF1"] }')
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "t.py").write_text(OLD)
    (tmp_path / "tests" / "conftest.py").write_text(OLD)
    assert codes(run("tests", cwd=tmp_path)) == []
    assert codes(run(".", cwd=tmp_path)) == ["TF101"]  # old.py only


def test_a_parent_gitignore_applies_when_a_subdirectory_is_named(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated_*.py\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "generated_ops.py").write_text(OLD)
    (tmp_path / "pkg" / "model.py").write_text(OLD)
    assert run("pkg", cwd=tmp_path).stdout.startswith("pkg/model.py:2:8: TF101")
    assert len(run("pkg", cwd=tmp_path).stdout.splitlines()) == 1


# -- item 13: --force-exclude ----------------------------------------------------------------------


def test_force_exclude_applies_excludes_to_named_files(tmp_path: Path) -> None:
    project(tmp_path, 'extend-exclude = ["third_party/*"]')
    (tmp_path / "third_party").mkdir()
    (tmp_path / "third_party" / "vendored.py").write_text(OLD)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "gen.py").write_text(OLD)
    named = ["third_party/vendored.py", "build/gen.py", "old.py"]
    assert codes(run(*named, cwd=tmp_path)) == ["TF101"] * 3  # named files are linted, as in ruff
    assert codes(run("--force-exclude", *named, cwd=tmp_path)) == ["TF101"]
    assert codes(run("--force-exclude", str(tmp_path / "third_party" / "vendored.py"), cwd=tmp_path)) == []
    project(tmp_path, 'extend-exclude = ["third_party/*"]\nforce-exclude = true')
    assert codes(run(*named, cwd=tmp_path)) == ["TF101"]
    assert codes(run("--no-force-exclude", *named, cwd=tmp_path)) == ["TF101"] * 3


@pytest.mark.slow
def test_pre_commit_hook_skips_excluded_files(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    proj = tmp_path / "proj"
    proj.mkdir()
    project(proj, 'extend-exclude = ["third_party/*"]')
    (proj / "third_party").mkdir()
    (proj / "third_party" / "vendored.py").write_text(OLD)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "HOME": str(tmp_path),
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    subprocess.run(["git", "init", "-q"], cwd=proj, env=env, check=True)
    subprocess.run(["git", "add", "."], cwd=proj, env=env, check=True)
    hook = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(root), "tf2lint", "--all-files"],
        cwd=proj,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert hook.returncode == 1, hook.stdout + hook.stderr
    assert "old.py:2:8: TF101" in hook.stdout and "vendored.py" not in hook.stdout
