"""Real TF 1.x code to measure on: the source of TF 1.x-era libraries, fetched from the package index.

The archives are fetched with pip's own ``pip download`` into a cache (nothing here speaks HTTP).
An sdist is preferred: it carries tests and examples, real 1.x code too. pip prepares an sdist's
metadata by running its setup script, and some of these old scripts fail today (a missing
requirements file, an import of TensorFlow); pip then keeps nothing, so for those the benchmark takes
the project's pure-Python wheel instead, which pip saves without running any of the project's code
(``--only-binary :all: --python-version 3.7``, the Python these libraries were released for). A
requirement neither form of which can be fetched is reported and skipped.

The archives are unpacked, and their ``.py`` files copied into one tree, ``<cache>/corpus/<name>/``,
leaving out folders tf2lint excludes by default, so that the parse floor, tf2lint, flake8, pylint and
tf_upgrade_v2 all see exactly the same files.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

DEFAULT_REQUIREMENTS = (
    "tflearn==0.5.0",
    "stable-baselines==2.10.2",
    "tensor2tensor==1.15.7",
    "tensorpack==0.10.1",
    "tensorlayer==1.11.1",
    "gpflow==1.5.1",
    "dm-sonnet==1.36",
)
DEFAULT_CACHE = Path.home() / ".cache" / "tf2lint" / "bench-sdists"

# Folders left out of the corpus: tf2lint's default exclusions (kept in step with tf2lint.config by
# hand: the benchmark must not depend on the code it measures).
EXCLUDED_FOLDERS = (
    ".git",
    ".hg",
    ".svn",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    "__pycache__",
    "build",
    "dist",
    "node_modules",
    "*.egg-info",
    ".mypy_cache",
    ".pytest_cache",
    ".ipynb_checkpoints",
)

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".zip", ".whl")


@dataclass
class Corpus:
    """The unified tree of real TF 1.x files and what it is made of."""

    root: Path
    paths: list[Path]  # what to hand to each tool: the per-library folders under root
    files: list[Path]
    sources: list[str] = field(default_factory=list)  # "tflearn==0.5.0 (sdist)", ...
    skipped: list[str] = field(default_factory=list)  # "name: why"

    @property
    def lines(self) -> int:
        return sum(path.read_bytes().count(b"\n") for path in self.files)


def _pip_download(requirement: str, target: Path, form: str) -> str | None:
    """Fetch one archive of ``requirement`` into ``target``; return pip's last error line on failure."""
    if form == "sdist":
        how = ["--no-binary", ":all:"]
    else:
        how = ["--only-binary", ":all:", "--python-version", "3.7"]
    target.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        *how,
        "--dest",
        str(target),
        requirement,
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except subprocess.TimeoutExpired:
        return "pip download timed out"
    if done.returncode == 0 and _archive_in(target):
        return None
    errors = [line.strip() for line in done.stderr.splitlines() if line.strip().startswith(("ERROR", "error"))]
    return errors[-1] if errors else f"pip download exited {done.returncode}"


def _archive_in(folder: Path) -> Path | None:
    if not folder.is_dir():
        return None
    found = sorted(path for path in folder.iterdir() if path.name.endswith(ARCHIVE_SUFFIXES))
    return found[0] if found else None


def fetch(requirement: str, cache: Path, log=print) -> tuple[Path, str] | None:
    """The cached archive of ``requirement`` and its form ("sdist" or "wheel"), fetching it if needed."""
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", requirement)
    for form in ("sdist", "wheel"):
        folder = cache / "archives" / form / slug
        archive = _archive_in(folder)
        if archive:
            return archive, form
    errors = []
    for form in ("sdist", "wheel"):
        folder = cache / "archives" / form / slug
        error = _pip_download(requirement, folder, form)
        archive = _archive_in(folder)
        if error is None and archive:
            return archive, form
        errors.append(f"{form}: {error}")
        shutil.rmtree(folder, ignore_errors=True)
    log(f"skipped {requirement}: " + "; ".join(errors))
    return None


def _excluded(relative: Path) -> bool:
    return any(fnmatch(part, pattern) for part in relative.parts[:-1] for pattern in EXCLUDED_FOLDERS)


def _unpack(archive: Path, into: Path) -> None:
    into.mkdir(parents=True, exist_ok=True)
    if archive.name.endswith((".zip", ".whl")):
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(into)
        return
    with tarfile.open(archive) as bundle:
        if sys.version_info >= (3, 12) or hasattr(tarfile, "data_filter"):
            bundle.extractall(into, filter="data")
        else:  # pragma: no cover - Python without extraction filters
            bundle.extractall(into)


def _copy_python_files(source: Path, destination: Path) -> int:
    count = 0
    for path in sorted(source.rglob("*.py")):
        relative = path.relative_to(source)
        if _excluded(relative) or not path.is_file():
            continue
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        count += 1
    return count


def build(cache: Path = DEFAULT_CACHE, requirements: tuple[str, ...] = DEFAULT_REQUIREMENTS, log=print) -> Corpus:
    """Fetch, unpack and gather the requirements into ``<cache>/corpus``; reuse what is cached."""
    root = cache / "corpus"
    sources: list[str] = []
    skipped: list[str] = []
    for requirement in requirements:
        name = re.split(r"[=<>!~ ]", requirement, maxsplit=1)[0]
        slug = re.sub(r"[^A-Za-z0-9.]+", "-", requirement)
        destination = root / slug
        marker = cache / "unpacked" / f"{slug}.done"
        if marker.is_file() and destination.is_dir():
            sources.append(marker.read_text().strip())
            continue
        fetched = fetch(requirement, cache, log)
        if fetched is None:
            skipped.append(name)
            continue
        archive, form = fetched
        scratch = cache / "unpacked" / slug
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(destination, ignore_errors=True)
        try:
            _unpack(archive, scratch)
        except (OSError, tarfile.TarError, zipfile.BadZipFile) as error:
            log(f"skipped {requirement}: cannot unpack {archive.name}: {error}")
            skipped.append(name)
            continue
        copied = _copy_python_files(scratch, destination)
        shutil.rmtree(scratch, ignore_errors=True)
        description = f"{requirement} ({form}, {copied} files)"
        marker.write_text(description)
        sources.append(description)
    folders = [root / re.sub(r"[^A-Za-z0-9.]+", "-", r) for r in requirements]
    folders = [folder for folder in folders if folder.is_dir()]
    files = [path for folder in folders for path in python_files(folder)]
    return Corpus(root, folders, files, sources, skipped)


def python_files(root: Path) -> list[Path]:
    """The ``.py`` files under ``root`` outside excluded folders, in a stable order."""
    return sorted(path for path in root.rglob("*.py") if path.is_file() and not _excluded(path.relative_to(root)))


def local(root: Path) -> Corpus:
    """A corpus the user already has on disk (``--corpus DIR``): used as it is."""
    return Corpus(root, [root], python_files(root), [f"{root} (local)"], [])
