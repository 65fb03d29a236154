"""The language server's diagnostics round trip: ``tf2lint server`` driven over stdio.

Issue 16's goal: under 100 ms after the first, on a 1,000-line TF 1.x file.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus import generate
from measure import Row


class LspPipe:
    """Just enough of an LSP client to time ``tf2lint server`` (no client library in the way)."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0

    def send(self, method: str, params: object, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return message.get("id")

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while header := self.process.stdout.readline().strip():
            if header.lower().startswith(b"content-length:"):
                length = int(header.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def wait(self, predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        while not predicate(message := self.receive()):
            pass
        return message

    def diagnostics(self, version: int) -> dict[str, Any]:
        return self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version
        )

    def close(self) -> None:
        request = self.send("shutdown", None, request=True)
        self.wait(lambda m: m.get("id") == request)
        self.send("exit", None)
        self.process.wait(timeout=10)


def thousand_lines(tf_files: list[Path]) -> str:
    """Whole generated TF 1.x modules that fit in 1,000 lines, topped up with comment lines."""
    text = ""
    for path in tf_files:
        module = path.read_text(encoding="utf-8")
        if text.count("\n") + module.count("\n") <= 1000:
            text += module
    return text + "# padding\n" * (1000 - text.count("\n"))


def server_round_trips(text: str, repeat: int) -> dict[str, float]:
    """Milliseconds from sending a document to receiving its diagnostics: the first (didOpen: the
    server loads the API table), then the median over ``repeat`` saves and over ``repeat`` changes
    (``lint-delay`` 0, so the debounce is not counted; the default waits 100 ms of quiet first)."""
    pipe = LspPipe([sys.executable, "-m", "tf2lint", "server"])
    uri = (Path(tempfile.gettempdir()) / "tf2lint_bench_server.py").as_uri()
    try:
        request = pipe.send(
            "initialize",
            {"processId": None, "rootUri": None, "capabilities": {}, "initializationOptions": {"lintDelay": 0}},
            request=True,
        )
        pipe.wait(lambda m: m.get("id") == request)
        pipe.send("initialized", {})
        start = time.perf_counter()
        pipe.send(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}
        )
        found = len(pipe.diagnostics(1)["params"]["diagnostics"])
        first = time.perf_counter() - start
        saves, changes = [], []
        for version in range(2, repeat + 2):
            start = time.perf_counter()
            pipe.send("textDocument/didSave", {"textDocument": {"uri": uri}})
            pipe.diagnostics(version - 1)
            saves.append(time.perf_counter() - start)
            edited = text + f"step = {version}\n"
            start = time.perf_counter()
            pipe.send(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": edited}]},
            )
            pipe.diagnostics(version)
            changes.append(time.perf_counter() - start)
        return {
            "first": first * 1000,
            "save": statistics.median(saves) * 1000,
            "change": statistics.median(changes) * 1000,
            "findings": found,
        }
    finally:
        pipe.close()


def server(ctx: Any) -> list[Row]:
    """One group of ``run.GROUPS``: the round trip on a generated 1,000-line TF 1.x module."""
    tree = ctx.work / "server-corpus"
    document = thousand_lines(generate(tree, 40))
    repeat = max(20, ctx.repeat)
    try:
        trips = server_round_trips(document, repeat)
    except (ImportError, OSError, ValueError) as exc:
        ctx.log(f"tf2lint server not measured: {exc}")
        return []
    lines = document.count("\n")
    return [
        Row(
            f"`tf2lint server` diagnostics round trip, {lines:,}-line file ({trips['findings']:.0f} findings)",
            f"{trips['change']:.1f} ms",
            f"didSave {trips['save']:.1f} ms; first (didOpen) {trips['first']:.0f} ms; medians of {repeat}",
            "< 100 ms after the first",
        )
    ]
