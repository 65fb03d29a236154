"""``python -m tf2lint``."""

import sys

from tf2lint.cli import run

sys.exit(run())
