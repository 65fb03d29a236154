"""Environments with flake8 alone and pylint alone, and the same with tf2lint added, to measure
the plugins as users feel them.

flake8 runs every installed plugin whatever ``--select`` says, and pylint's cost depends on its
own version and on which imported packages it can find (astroid infers through installed ones), so
"without tf2lint" has to mean another environment: a cached venv holding the same versions of the
linter and its own dependencies as the environment under test, and nothing else. "With tf2lint" is
that venv plus tf2lint installed from the source tree (not the development venv, whose test
packages pylint would also read).
"""

from __future__ import annotations

import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

DEFAULT_CACHE = Path.home() / ".cache" / "tf2lint" / "bench-venvs"

# What each linter brings with it by default; pinned to the versions installed here.
LINTERS = {
    "flake8": ("flake8", "pyflakes", "pycodestyle", "mccabe"),
    "pylint": ("pylint", "astroid", "isort", "mccabe", "platformdirs", "tomlkit", "dill"),
}


def _pins(linter: str) -> list[str]:
    pins = []
    for name in LINTERS[linter]:
        try:
            pins.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            if name == linter:
                raise
    return pins


def script(folder: Path, name: str) -> Path:
    """A venv's console script. Run it, not ``python -m``: that puts the working folder on sys.path,
    and a source checkout there (with its .egg-info) would load the plugin into the "bare" linter."""
    return (
        folder
        / ("Scripts" if sys.platform == "win32" else "bin")
        / (name + (".exe" if sys.platform == "win32" else ""))
    )


def bare_linter(linter: str, cache: Path = DEFAULT_CACHE) -> Path:
    """The console script of a venv with only ``linter`` (same versions as here), made once and cached.

    Raises RuntimeError with pip's message when the venv cannot be made.
    """
    pins = _pins(linter)
    version = pins[0].split("==")[1]
    folder = cache / f"{linter}-{version}-py{sys.version_info[0]}.{sys.version_info[1]}"
    python = script(folder, "python")
    marker = folder / ".complete"
    wanted = "\n".join(pins) + "\n"
    if marker.is_file() and marker.read_text() == wanted and python.exists():
        return script(folder, linter)
    venv.EnvBuilder(clear=True, with_pip=True).create(folder)
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pins],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cannot install {' '.join(pins)}: {done.stderr.strip().splitlines()[-1:]}")
    marker.write_text(wanted)
    return script(folder, linter)


def linter_with_tf2lint(linter: str, source: Path, cache: Path = DEFAULT_CACHE) -> Path:
    """The console script of a venv like :func:`bare_linter`'s plus tf2lint (installed, not
    editable, from ``source``, reinstalled on every call so it is the code under test).

    Raises RuntimeError with pip's message when the venv cannot be made.
    """
    pins = _pins(linter)
    version = pins[0].split("==")[1]
    folder = cache / f"{linter}-{version}-tf2lint-py{sys.version_info[0]}.{sys.version_info[1]}"
    python = script(folder, "python")
    marker = folder / ".complete"
    wanted = "\n".join(pins) + "\n"
    quiet = ["--quiet", "--disable-pip-version-check"]
    steps = [[*quiet, "--no-deps", "--force-reinstall", str(source)]]
    if not (marker.is_file() and marker.read_text() == wanted and python.exists()):
        venv.EnvBuilder(clear=True, with_pip=True).create(folder)
        steps.insert(0, [*quiet, *pins, str(source)])  # tf2lint's own dependencies come with it
    for step in steps:
        done = subprocess.run([str(python), "-m", "pip", "install", *step], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"cannot install tf2lint next to {linter}: {done.stderr.strip().splitlines()[-1:]}")
    marker.write_text(wanted)
    return script(folder, linter)
