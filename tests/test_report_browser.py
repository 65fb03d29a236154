"""The HTML report as a person sees it: rendered by headless Chromium, offline, from a file.

``.ci/run`` installs Debian's ``chromium`` when it is missing. To refresh the README screenshot:
``TF2LINT_SCREENSHOT=docs/report.png .venv/bin/python -m pytest tests/test_report_browser.py -k screenshot``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium: apt-get install chromium (.ci/run does)")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--hide-scrollbars",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write_report(tmp_path: Path) -> tuple[Path, dict]:
    page, data = tmp_path / "report.html", tmp_path / "report.json"
    for out in (page, data):
        command = [sys.executable, "-m", "tf2lint", "report", "examples", "tests/fixtures", "-o", str(out)]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    return page, json.loads(data.read_text(encoding="utf-8"))


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def test_rendered_page_shows_totals_and_charts_without_network_or_console_errors(tmp_path: Path) -> None:
    page, data = write_report(tmp_path)
    net_log = tmp_path / "net.json"
    result = chromium(tmp_path, f"--log-net-log={net_log}", "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    totals = data["totals"]
    assert f'id="total-findings">{totals["findings"]}</span>' in dom
    for name, count in totals["categories"].items():
        assert f'id="total-{name}">{count}</span>' in dom
    for chart in ("chart-categories", "chart-files", "chart-tiers"):
        assert re.search(rf'<figure id="{chart}"><svg class="bar"[^>]*>(<rect [^>]+>.*?</rect>)+', dom), chart
    assert dom.count("<details") >= 2 and dom.count("<svg") >= 10  # the directory tree, one bar per row
    assert all(f">{rule['code']}</a>" in dom for rule in data["rules"][:10])
    assert console_messages(result.stderr) == []  # no script errors, no blocked loads (CSP violations log here)

    # The browser's own services talk to the network; the page must not: nothing it names was requested,
    # and the only file it opened is itself.
    events = json.loads(net_log.read_text(encoding="utf-8"))["events"]
    requested = {event["params"]["url"] for event in events if "url" in event.get("params", {})}
    mentioned = set(re.findall(r'(?:src|href)="([^"#]+)', page.read_text(encoding="utf-8")))
    assert not requested & mentioned
    assert {url for url in requested if url.startswith("file:")} <= {page.as_uri()}


def test_a_blocked_load_would_be_seen(tmp_path: Path) -> None:
    """The console check above is not vacuous: a page that tries the network logs it."""
    page, _ = write_report(tmp_path)
    text = page.read_text(encoding="utf-8").replace("</body>", '<img src="http://198.51.100.1/x.png"></body>')
    page.write_text(text, encoding="utf-8")
    result = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert any("Content Security Policy" in line for line in console_messages(result.stderr))


def png_pixels(data: bytes) -> tuple[int, int, set[tuple[int, ...]]]:
    """Width, height and the set of colours of an 8-bit RGB(A) PNG: enough to tell a page from a blank."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, width, height, channels = 8, b"", 0, 0, 0
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunk = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour_type in (2, 6)
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    previous, colours = bytearray(stride), set()
    for row in range(height):  # undo PNG's per-row filters (None, Sub, Up, Average, Paeth)
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                best = min(
                    (abs(estimate - left), 0, left), (abs(estimate - up), 1, up), (abs(estimate - corner), 2, corner)
                )
                line[i] = (line[i] + best[2]) & 0xFF
        colours.update(tuple(line[i : i + 3]) for i in range(0, stride, channels))
        previous = line
    return width, height, colours


def test_screenshot(tmp_path: Path) -> None:
    page, _ = write_report(tmp_path)
    shot = tmp_path / "report.png"
    result = chromium(tmp_path, "--window-size=1100,1500", f"--screenshot={shot}", page.as_uri())
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    width, height, colours = png_pixels(shot.read_bytes())
    assert (width, height) == (1100, 1500)
    assert len(colours) > 50  # text, bars and colours, not a blank page
    for colour in ((0xCF, 0x22, 0x2E), (0x1A, 0x7F, 0x37)):  # the "breaks" and "already fine" bars are drawn
        assert colour in colours
    target = os.environ.get("TF2LINT_SCREENSHOT")
    if target:
        shutil.copyfile(shot, ROOT / target)
