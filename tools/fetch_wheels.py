#!/usr/bin/env python3
"""Download the TensorFlow and Keras wheels the API-table generator reads (about 900 MB in all).

Only wheels are fetched (``pip download --no-deps``); nothing is installed or imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DEFAULT = Path(os.environ.get("TF2LINT_WHEELS", Path.home() / ".cache" / "tf2lint" / "wheels"))

# (requirement, python version tag, platform tag) — the platform tags these releases were built for.
WHEELS = [
    ("tensorflow==0.12.1", "35", "manylinux1_x86_64"),  # names removed before 1.0 (tf.mul, tf.pack, ...)
    ("tensorflow-cpu==1.15.0", "37", "manylinux2010_x86_64"),
    ("tensorflow==2.0.0", "37", "manylinux2010_x86_64"),
    ("tensorflow-cpu==2.15.0", "311", "manylinux_2_17_x86_64"),
    ("tensorflow-cpu==2.21.0", "312", "manylinux_2_27_x86_64"),
    ("keras==2.15.0", None, None),
    ("keras==3.15.1", None, None),  # the Keras 3 that the committed table was built with
]


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    target.mkdir(parents=True, exist_ok=True)
    for requirement, python, platform in WHEELS:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", str(target)]
        if python:
            command += ["--python-version", python, "--platform", platform]
        print("+", " ".join(command + [requirement]), flush=True)
        subprocess.run(command + [requirement], check=True)
    print(f"wheels in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
