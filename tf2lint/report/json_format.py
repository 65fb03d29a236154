"""The report's data as JSON: what the HTML and Markdown formats are rendered from."""

from __future__ import annotations

import json


def render(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
