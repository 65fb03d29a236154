#!/usr/bin/env python3
"""Download the TensorFlow and Keras wheels the API-table generator reads (several GB in all).

Only wheels are fetched (``pip download --no-deps``); nothing is installed or imported. Every 2.x
minor release is read (tools/generate_api_tables.py lists which Keras each one is judged with), so
each wheel is asked for with a Python version and platform it was built for.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DEFAULT = Path(os.environ.get("TF2LINT_WHEELS", Path.home() / ".cache" / "tf2lint" / "wheels"))

MANYLINUX2010 = "manylinux2010_x86_64"
MANYLINUX2014 = "manylinux_2_17_x86_64"


def _tensorflow(minor: int) -> tuple[str, str, str]:
    """(requirement, python version tag, platform tag) of the tensorflow-cpu wheel of 2.<minor>."""
    version = {16: "2.16.1"}.get(minor, f"2.{minor}.0")
    if minor == 1:
        return f"tensorflow-cpu=={version}", "37", MANYLINUX2010
    if minor <= 8:
        return f"tensorflow-cpu=={version}", "38", MANYLINUX2010
    if minor <= 13:
        return f"tensorflow-cpu=={version}", "38", MANYLINUX2014
    if minor == 15:
        return f"tensorflow-cpu=={version}", "311", MANYLINUX2014
    if minor == 21:
        return f"tensorflow-cpu=={version}", "312", "manylinux_2_27_x86_64"
    return f"tensorflow-cpu=={version}", "39", MANYLINUX2014


# (requirement, python version tag, platform tag); pure-Python Keras wheels need neither tag.
WHEELS: list[tuple[str, str | None, str | None]] = [
    ("tensorflow==0.12.1", "35", "manylinux1_x86_64"),  # names removed before 1.0 (tf.mul, tf.pack, ...)
    ("tensorflow-cpu==1.15.0", "37", MANYLINUX2010),
    ("tensorflow==2.0.0", "37", MANYLINUX2010),
    *(_tensorflow(minor) for minor in range(1, 22)),
    # tf.keras of 2.6-2.15 (the keras 2.x of the same minor) and the Keras 3 floor of 2.16-2.21
    *(
        (f"keras=={version}", None, None)
        for version in (
            "2.6.0",
            "2.7.0",
            "2.8.0",
            "2.9.0",
            "2.10.0",
            "2.11.0",
            "2.12.0",
            "2.13.1",
            "2.14.0",
            "2.15.0",
            "3.0.5",
            "3.2.1",
            "3.5.0",
            "3.10.0",
            "3.12.0",
        )
    ),
]


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    target.mkdir(parents=True, exist_ok=True)
    for requirement, python, platform in WHEELS:
        name, _, version = requirement.partition("==")
        if any(target.rglob(f"{name.replace('-', '_')}-{version}-*.whl")):
            continue  # already there
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", str(target)]
        if python and platform:
            command += ["--python-version", python, "--platform", platform]
        print("+", " ".join([*command, requirement]), flush=True)
        subprocess.run([*command, requirement], check=True)
    print(f"wheels in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
