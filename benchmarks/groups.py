"""The benchmark's measurement groups. Each takes the shared Context and returns table rows.

A group is one question with its own target (start-up, the real-corpus floor ratio, the plugins'
overhead, ...). To add a measurement, write a function ``name(ctx) -> list[Row]`` here or in its own
module and list it in ``run.GROUPS``.
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import pstats
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import bare_envs
import real_corpus
import scaling
from corpus import generate
from measure import (
    Row,
    TimedOut,
    inner_median,
    median_of,
    paired_medians,
    peak_memory,
    run_once,
    seconds,
    times,
    verdict,
)

# The parse floor: one process that reads and parses every file named in a list, and nothing more.
FLOOR = """\
import ast, sys, warnings
warnings.simplefilter("ignore")
for name in open(sys.argv[1], encoding="utf-8").read().splitlines():
    with open(name, "rb") as handle:
        source = handle.read()
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        pass
"""


@dataclass
class Context:
    """What the groups share: options, a scratch folder, the commands, the corpus (built on first use)."""

    options: argparse.Namespace
    work: Path
    log: Callable[[str], None] = print
    notes: list[str] = field(default_factory=list)
    results: dict[str, float] = field(default_factory=dict)

    @property
    def quick(self) -> bool:
        return bool(self.options.quick)

    @property
    def repeat(self) -> int:
        return self.options.repeat

    @cached_property
    def tf2lint(self) -> list[str]:
        """The command users run: the console script next to this interpreter, else ``python -m``."""
        script = bare_envs.script(Path(sys.executable).parent.parent, "tf2lint")
        return [str(script)] if script.exists() else [sys.executable, "-m", "tf2lint"]

    def lint(self, *arguments: str) -> list[str]:
        return [*self.tf2lint, "--jobs=1", "--exit-zero", "--quiet", *arguments]

    @cached_property
    def corpus(self) -> real_corpus.Corpus:
        if self.options.corpus:
            corpus = real_corpus.local(Path(self.options.corpus).resolve())
        else:
            corpus = real_corpus.build(Path(self.options.cache_dir), log=self.log)
            if self.quick:
                corpus = _subset(corpus, self.work / "real-quick", 150)
        if not corpus.files:
            raise RuntimeError("no real TF 1.x files (nothing could be fetched; see the messages above)")
        syntax_errors = sum(1 for path in corpus.files if not _parses(path))
        self.notes.append(
            f"Real TF 1.x corpus: {len(corpus.files):,} files, {corpus.lines:,} lines "
            f"({syntax_errors} do not parse as Python 3) from {', '.join(corpus.sources)}"
            + (f"; skipped (could not be fetched): {', '.join(corpus.skipped)}" if corpus.skipped else "")
            + "."
        )
        return corpus

    def file_list(self, files: list[Path], name: str) -> Path:
        listing = self.work / f"{name}.txt"
        listing.write_text("\n".join(str(path) for path in files), encoding="utf-8")
        return listing


def _parses(path: Path) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            return False
    return True


def _subset(corpus: real_corpus.Corpus, into: Path, count: int) -> real_corpus.Corpus:
    """Every k-th file of ``corpus``, copied to ``into`` with its relative path (for --quick)."""
    step = max(1, len(corpus.files) // count)
    for path in corpus.files[::step][:count]:
        target = into / path.relative_to(corpus.root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return real_corpus.Corpus(
        into, [into], real_corpus.python_files(into), [*corpus.sources, f"{count}-file subset"], corpus.skipped
    )


def _floor_vs_tf2lint(ctx: Context, files: list[Path], paths: list[Path], name: str) -> tuple[float, float]:
    floor = [sys.executable, "-c", FLOOR, str(ctx.file_list(files, name))]
    return paired_medians(floor, ctx.lint(*map(str, paths)), ctx.repeat)


def startup(ctx: Context) -> list[Row]:
    empty = ctx.work / "empty.py"
    empty.write_text("")
    runs = max(ctx.repeat, 5 if ctx.quick else 20)
    bare, tool = paired_medians([sys.executable, "-c", "pass"], [*ctx.tf2lint, str(empty)], runs)
    _, plugin = paired_medians(
        [sys.executable, "-c", "pass"], [sys.executable, "-c", "import tf2lint.flake8_plugin"], runs
    )
    ctx.results["startup"] = tool
    return [
        Row("start-up: `python -c pass`", seconds(bare)),
        Row(
            "start-up: `tf2lint` on an empty file",
            seconds(tool),
            f"+{(tool - bare) * 1000:.0f} ms",
            verdict("≤ +60 ms", tool - bare <= 0.060),
        ),
        Row("start-up: `import tf2lint.flake8_plugin`", seconds(plugin), f"+{(plugin - bare) * 1000:.0f} ms"),
    ]


def real(ctx: Context) -> list[Row]:
    corpus = ctx.corpus
    for path in corpus.files:
        path.read_bytes()  # warm the page cache for both sides
    floor, tool = _floor_vs_tf2lint(ctx, corpus.files, corpus.paths, "real")
    ctx.results["real-tf2lint"] = tool
    # The same run timed from tf2lint's entry point on: how much of the gap is start-up.
    inner = inner_median(["--jobs=1", "--exit-zero", "--quiet", *map(str, corpus.paths)], ctx.work, ctx.repeat)
    if ctx.options.profile:
        _profile(ctx, ["--jobs=1", "--exit-zero", "--quiet", *map(str, corpus.paths)])
    return [
        Row("parse floor: read + `ast.parse`, real TF 1.x corpus, 1 process", seconds(floor)),
        Row(
            "`tf2lint --jobs 1`, real TF 1.x corpus (start-up included)",
            seconds(tool),
            times(tool / floor),
            verdict("≤ 1.3 ×", tool / floor <= 1.3),
        ),
        Row("the same, timed from tf2lint's entry point (no start-up)", seconds(inner), times(inner / floor)),
    ]


def _profile(ctx: Context, arguments: list[str]) -> None:
    """Where the time beyond the parse goes: one run under cProfile, the top functions to stderr."""
    output = ctx.work / "tf2lint.prof"
    subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(output), "-m", "tf2lint", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ctx.work,
        check=False,
    )
    report = io.StringIO()
    pstats.Stats(str(output), stream=report).sort_stats("tottime").print_stats(ctx.options.profile)
    ctx.log(report.getvalue())


def _linter_pair(ctx: Context, linter: str, arguments: list[str], plugin_arguments: list[str]) -> tuple[float, float]:
    bare = bare_envs.bare_linter(linter, Path(ctx.options.venv_dir))
    source = Path(__file__).resolve().parent.parent  # the checkout under test
    here = bare_envs.linter_with_tf2lint(linter, source, Path(ctx.options.venv_dir))
    if linter == "flake8":  # make sure the two sides differ in the plugin, and only in it
        versions = [run_version(command) for command in (bare, here)]
        if "tf2lint" in versions[0] or "tf2lint" not in versions[1]:
            raise RuntimeError(f"flake8 plugin lists are not as expected: {versions}")
    # Run from the scratch folder: no configuration file of ours or of the corpus is picked up.
    return paired_medians([str(bare), *arguments], [str(here), *plugin_arguments, *arguments], ctx.repeat, cwd=ctx.work)


def run_version(command: Path) -> str:
    return subprocess.run([str(command), "--version"], capture_output=True, text=True, check=False).stdout


def flake8(ctx: Context) -> list[Row]:
    files = ctx.corpus.files
    targets = [str(path) for path in ctx.corpus.paths]
    limit = 30 if ctx.quick else ctx.options.flake8_files
    if limit and limit < len(files):
        files = files[:: max(1, len(files) // limit)][:limit]
        targets = [str(path) for path in files]
    arguments = ["--isolated", "--jobs=1", "--exit-zero", *targets]
    alone, with_plugin = _linter_pair(ctx, "flake8", arguments, [])
    change = with_plugin / alone - 1
    return [
        Row(f"flake8 alone (own venv), {len(files):,} real files, 1 job", seconds(alone)),
        Row(
            "flake8 with tf2lint installed, same files",
            seconds(with_plugin),
            f"{change:+.1%}",
            verdict("≤ +10 %", change <= 0.10),
        ),
    ]


def pylint(ctx: Context) -> list[Row]:
    files = ctx.corpus.files
    count = 5 if ctx.quick else ctx.options.pylint_files
    files = files[:: max(1, len(files) // count)][:count]
    arguments = ["--jobs=1", "--persistent=n", "--exit-zero", *map(str, files)]
    alone, with_plugin = _linter_pair(ctx, "pylint", arguments, ["--load-plugins=tf2lint.pylint_plugin"])
    change = with_plugin / alone - 1
    return [
        Row(f"pylint alone (own venv), {len(files):,} real files, default checks", seconds(alone)),
        Row(
            "pylint `--load-plugins=tf2lint.pylint_plugin`, same files",
            seconds(with_plugin),
            f"{change:+.1%}",
            verdict("≤ +5 %", change <= 0.05),
        ),
    ]


def tf_upgrade(ctx: Context) -> list[Row]:
    program = ctx.options.tf_upgrade or shutil.which("tf_upgrade_v2")
    if not program or not Path(program).exists():
        return [
            Row(
                "`tf_upgrade_v2`, real TF 1.x corpus",
                "skipped",
                "not installed (TensorFlow absent); pass --tf-upgrade PATH",
            )
        ]
    corpus = ctx.corpus
    tool = ctx.results.get("real-tf2lint") or median_of(ctx.lint(*map(str, corpus.paths)), ctx.repeat)
    total = 0.0
    for index, path in enumerate(corpus.paths):
        out = ctx.work / f"upgraded-{index}"
        total += run_once(
            [
                program,
                "--intree",
                str(path),
                "--outtree",
                str(out),
                "--reportfile",
                str(ctx.work / f"upgrade-{index}.txt"),
            ]
        )
        shutil.rmtree(out, ignore_errors=True)
    # tf_upgrade_v2 has no parallel mode; tf2lint's default (--jobs 0) is one process per core.
    default = median_of([*ctx.tf2lint, "--exit-zero", "--quiet", *map(str, corpus.paths)], ctx.repeat)
    return [
        Row(
            "`tf_upgrade_v2`, real TF 1.x corpus (1 run)",
            seconds(total),
            f"tf2lint --jobs 1: {total / tool:.0f} × faster",
            verdict("≥ 50 ×", total / tool >= 50),
        ),
        Row(
            f"`tf2lint` as run by default ({os.cpu_count()} processes here), same corpus",
            seconds(default),
            f"{total / default:.0f} × faster than tf_upgrade_v2",
            verdict("≥ 50 ×", total / default >= 50),
        ),
    ]


def sarif(ctx: Context) -> list[Row]:
    """SARIF for a large tree: peak memory must not grow with the number of files."""
    count = 100 if ctx.quick else 5_000
    rows = []
    for size in (count // 4, count):
        tree = ctx.work / f"sarif-{size}"
        generate(tree, size)
        try:
            memory, duration = peak_memory(ctx.lint("--format=sarif", str(tree)), timeout=ctx.options.timeout)
        except TimedOut as stop:
            rows.append(
                Row(
                    f"`--format sarif`, {size:,} generated files", f"> {stop.limit:g} s", "", verdict("< 100 MB", False)
                )
            )
            continue
        finally:
            shutil.rmtree(tree, ignore_errors=True)
        rows.append(
            Row(
                f"`--format sarif`, {size:,} generated files: peak memory, time",
                f"{memory:.0f} MB, {seconds(duration)}",
                "",
                verdict("< 100 MB", memory < 100),
            )
        )
    return rows


def diff(ctx: Context) -> list[Row]:
    """``--diff`` and ``--fix`` on one dense file (a fix on every line) at a quarter and at the full
    size: the time must grow linearly (the patch and the fix pipeline once were quadratic)."""
    size = 5_000 if ctx.quick else 200_000
    sizes = (size // 4, size)
    startup_time = ctx.results.get("startup", 0.0)
    rows = []
    for flag in ("--diff", "--fix"):
        label = f"`{flag}`, one {sizes[0]:,}- and one {size:,}-line file, a fix on every line"
        measured: list[tuple[int, float, float]] = []  # (lines, seconds, MB)
        for lines in sizes:
            path = scaling.findings_file(ctx.work, lines)
            try:
                memory, duration = peak_memory(ctx.lint(flag, str(path)), timeout=ctx.options.timeout)
            except TimedOut as stop:
                rows.append(
                    Row(label, f"{lines:,}: > {stop.limit:g} s", "stopped at the time limit", verdict("≤ 1.1", False))
                )
                break
            finally:
                path.unlink()
            measured.append((lines, max(duration - startup_time, 1e-3), memory))
        else:
            growth = scaling.exponent([m[0] for m in measured], [m[1] for m in measured])
            rate = size / measured[-1][1]
            rows.append(
                Row(
                    label,
                    ", ".join(f"{n:,}: {seconds(duration)}, {memory:.0f} MB" for n, duration, memory in measured),
                    f"exponent {growth:.2f}, {rate / 1000:.0f} k lines/s",
                    verdict(f"≤ {scaling.EXPONENT_GOAL}", growth <= scaling.EXPONENT_GOAL),
                )
            )
    return rows


def scaling_group(ctx: Context) -> list[Row]:
    arguments = ["--jobs=1", "--exit-zero", "--quiet"]
    wanted = set(ctx.options.dimensions.split(",")) if ctx.options.dimensions else None
    rows = []
    for dimension in scaling.DIMENSIONS:
        if wanted is not None and dimension.name not in wanted:
            continue
        rows.append(
            scaling.measure(
                dimension,
                arguments,
                ctx.work,
                quick=ctx.quick,
                repeat=ctx.repeat,
                timeout=ctx.options.timeout,
                log=ctx.log,
            )
        )
    ctx.notes.append(
        "Scaling: `tf2lint --jobs 1` on generated inputs at doubling sizes, timed from its entry "
        "point on, less its time on the same kind of input of size 1; exponent = slope of log time "
        "against log size."
    )
    return rows


def generated(ctx: Context) -> list[Row]:
    count = 100 if ctx.quick else ctx.options.files
    tree = ctx.work / "generated"
    files = generate(tree, count)
    lines = sum(path.read_bytes().count(b"\n") for path in files)
    floor, one = _floor_vs_tf2lint(ctx, files, [tree], "generated")
    cores = os.cpu_count() or 1
    many = median_of([*ctx.tf2lint, f"--jobs={cores}", "--exit-zero", "--quiet", str(tree)], ctx.repeat)
    shutil.rmtree(tree, ignore_errors=True)
    label = f"{count:,} generated TF 1.x files ({lines:,} lines)"
    return [
        Row(f"parse floor, {label}", seconds(floor)),
        Row(f"`tf2lint --jobs 1`, {label}", seconds(one), times(one / floor)),
        Row(f"`tf2lint --jobs {cores}`, {label}", seconds(many), f"{one / many:.2f} × the speed of 1 job"),
    ]
