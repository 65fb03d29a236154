#!/usr/bin/env python3
"""tf2lint's benchmark: the parse floor, the engine, flake8, pylint, the CLI and tf_upgrade_v2, side by side.

Not a test: it prints a Markdown table (medians of --repeat runs) for the README's performance
section. Usage:

    python benchmarks/run.py                   # full run: generated TF 1.x corpus + the standard library
    python benchmarks/run.py --files 300 --quick   # a smaller, faster run
    python benchmarks/run.py --tf-upgrade /path/to/venv/bin/tf_upgrade_v2
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402

from tf2lint.lint import get_catalogue, lint_source  # noqa: E402


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def read_all(paths: list[Path]) -> list[bytes]:
    return [path.read_bytes() for path in paths]


def floor(paths: list[Path]) -> None:
    for path in paths:
        try:
            ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            pass


def engine(paths: list[Path]) -> None:
    catalogue = get_catalogue()
    for path in paths:
        lint_source(path.read_bytes(), catalogue)


def run_command(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def command_median(command: list[str], repeat: int, cwd: Path | None = None) -> float:
    return statistics.median(run_command(command, cwd) for _ in range(repeat))


def startup_ms(repeat: int) -> float:
    """Importing the flake8 plugin and loading the API table, in a fresh interpreter each time."""
    code = ("import time; t = time.perf_counter(); import tf2lint.flake8_plugin as p; "
            "from tf2lint.lint import get_catalogue; get_catalogue(); print((time.perf_counter() - t) * 1000)")
    values = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
              for _ in range(repeat)]
    return statistics.median(values)


def peak_memory_mb(command: list[str]) -> float:
    """Peak RSS of a command (and its children), measured from a fresh parent so nothing else counts."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    kilobytes = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    return int(kilobytes.stdout) / 1024


class LspPipe:
    """Just enough of an LSP client to time ``tf2lint server`` (no client library in the way)."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, method: str, params: object, request: bool = False) -> int | None:
        message: dict = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return message.get("id")

    def receive(self) -> dict:
        assert self.process.stdout is not None
        length = 0
        while (header := self.process.stdout.readline().strip()):
            if header.lower().startswith(b"content-length:"):
                length = int(header.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def wait(self, predicate: Callable[[dict], bool]) -> dict:
        while not predicate(message := self.receive()):
            pass
        return message

    def diagnostics(self, version: int) -> dict:
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"].get("version") == version)

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
        request = pipe.send("initialize", {"processId": None, "rootUri": None, "capabilities": {},
                                           "initializationOptions": {"lintDelay": 0}}, request=True)
        pipe.wait(lambda m: m.get("id") == request)
        pipe.send("initialized", {})
        start = time.perf_counter()
        pipe.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
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
            pipe.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [{"text": edited}]})
            pipe.diagnostics(version)
            changes.append(time.perf_counter() - start)
        return {"first": first * 1000, "save": statistics.median(saves) * 1000,
                "change": statistics.median(changes) * 1000, "findings": found}
    finally:
        pipe.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3000, help="generated TF 1.x files (default 3000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is shown")
    parser.add_argument("--quick", action="store_true", help="skip the slow pylint and scaling measurements")
    parser.add_argument("--tf-upgrade", default=shutil.which("tf_upgrade_v2"), help="path of tf_upgrade_v2")
    parser.add_argument("--pylint-files", type=int, default=150, help="TF files in the pylint subset")
    parser.add_argument("--flake8-stdlib-files", type=int, default=600, help="stdlib files added to the flake8 run")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tf2lint-bench-"))
    tf_dir = work / "tf1"
    tf_files = generate(tf_dir, options.files)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    std_files = sorted(p for p in stdlib.rglob("*.py") if "site-packages" not in p.parts)
    corpus = tf_files + std_files
    tf_lines = sum(p.read_bytes().count(b"\n") for p in tf_files)
    tf_findings = sum(len(lint_source(p.read_bytes()).diagnostics) for p in tf_files)
    std_lines = sum(p.read_bytes().count(b"\n") for p in std_files)
    rows: list[tuple[str, str, str]] = []

    def add(label: str, seconds: float, note: str = "") -> None:
        rows.append((label, f"{seconds:.2f} s", note))
        print(f"{label}: {seconds:.3f} s {note}", file=sys.stderr)

    read_all(corpus)  # warm the page cache
    t_floor = median_time(lambda: floor(corpus), options.repeat)
    t_engine = median_time(lambda: engine(corpus), options.repeat)
    add("floor: read + ast.parse, whole corpus", t_floor)
    add("tf2lint engine, whole corpus, 1 process", t_engine, f"{t_engine / t_floor:.2f} × floor")
    t_floor_tf = median_time(lambda: floor(tf_files), options.repeat)
    t_engine_tf = median_time(lambda: engine(tf_files), options.repeat)
    add("floor, TF 1.x files only", t_floor_tf)
    add("tf2lint engine, TF 1.x files only", t_engine_tf, f"{t_engine_tf / t_floor_tf:.2f} × floor")

    flake8_set = [str(p) for p in tf_files] + [str(p) for p in std_files[: options.flake8_stdlib_files]]
    base = [sys.executable, "-m", "flake8", "--isolated", "--jobs=1", "--exit-zero"]
    list_file = work / "flake8-files.txt"
    list_file.write_text("\n".join(flake8_set))
    t_f = command_median([*base, "--select=F", *flake8_set], max(3, options.repeat // 2))
    t_ftf = command_median([*base, "--select=F,TF", *flake8_set], max(3, options.repeat // 2))
    add("flake8 --select F (1 job)", t_f)
    add("flake8 --select F,TF (1 job)", t_ftf, f"{t_ftf / t_f:.3f} × without the plugin")

    if not options.quick:
        subset = [str(p) for p in tf_files[: options.pylint_files]]
        pylint = [sys.executable, "-m", "pylint", "--jobs=1", "--persistent=n", "--exit-zero", "--disable=C,R"]
        t_p = command_median([*pylint, *subset], 3)
        t_ptf = command_median([*pylint, "--load-plugins=tf2lint.pylint_plugin", *subset], 3)
        add(f"pylint on {len(subset)} TF files", t_p)
        add(f"pylint + tf2lint plugin on {len(subset)} TF files", t_ptf, f"{t_ptf / t_p:.3f} × without the plugin")

    cli = [sys.executable, "-m", "tf2lint", "--exit-zero", "-q"]
    t_cli1 = command_median([*cli, "--jobs=1", str(tf_dir)], options.repeat)
    cores = os.cpu_count() or 1
    t_clin = command_median([*cli, f"--jobs={cores}", str(tf_dir)], options.repeat)
    add("tf2lint CLI --jobs 1, TF 1.x files", t_cli1)
    add(f"tf2lint CLI --jobs {cores}, TF 1.x files", t_clin, f"{t_cli1 / t_clin:.2f} × faster than 1 job")

    if options.tf_upgrade and Path(options.tf_upgrade).exists():
        out = work / "upgraded"
        t_up = run_command([options.tf_upgrade, "--intree", str(tf_dir), "--outtree", str(out),
                            "--reportfile", str(work / "report.txt")])
        add("tf_upgrade_v2 on the TF 1.x files (1 run)", t_up, f"tf2lint CLI --jobs 1 is {t_up / t_cli1:.1f} × faster")
    else:
        print("tf_upgrade_v2 not found (TensorFlow not installed): skipped; pass --tf-upgrade PATH", file=sys.stderr)

    rows.append(("plugin import + API table load", f"{startup_ms(options.repeat):.1f} ms", "fresh interpreter"))
    try:
        document = thousand_lines(tf_files)
        trips = server_round_trips(document, max(20, options.repeat))
        lines = document.count("\n")
        rows.append((f"`tf2lint server` diagnostics round trip, {lines:,}-line file ({trips['findings']:.0f} findings)",
                     f"{trips['change']:.1f} ms", (f"didChange; didSave {trips['save']:.1f} ms; first (didOpen) "
                                                  f"{trips['first']:.0f} ms; medians of {max(20, options.repeat)}")))
    except (ImportError, OSError, ValueError) as exc:
        print(f"tf2lint server not measured: {exc}", file=sys.stderr)
    rows.append(("CLI peak memory, whole corpus", f"{peak_memory_mb([*cli, '--jobs=1', str(tf_dir), str(stdlib)]):.0f} MB",
                 "max RSS, --jobs 1"))

    if not options.quick:
        for factor in (1, 4, 16):
            scaled_dir = work / f"scaled{factor}"
            scaled = generate(scaled_dir, max(1, options.files * factor // 16))
            seconds = median_time(lambda: engine(scaled), 3)
            lines = sum(p.read_bytes().count(b"\n") for p in scaled)
            rows.append((f"engine scaling: {len(scaled)} files ({factor}/16 of the TF corpus)",
                         f"{len(scaled) / seconds:.0f} files/s", f"{lines / seconds / 1000:.0f} k lines/s"))

    print(f"\nCorpus: {len(tf_files)} generated TF 1.x files ({tf_lines:,} lines, {tf_findings:,} findings: "
          f"{1000 * tf_findings / tf_lines:.0f} per 1,000 lines) + {len(std_files)} standard-library "
          f"files ({std_lines:,} lines). Machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, "
          f"{platform.system()}. Medians of {options.repeat} runs.\n")
    print("| measurement | result | note |\n| --- | --- | --- |")
    for label, value, note in rows:
        print(f"| {label} | {value} | {note} |")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
