#!/usr/bin/env python3
"""Boot the bench kernel under QEMU -icount and print its figures.

    bench.py --kernel build/gcc/bench-kernel.elf [--iterations N]
             [--filter GLOB[,GLOB...]] [--json build/bench.json]
             [--build-dir build] [--logs build/bench-logs] [--timeout SEC]
    bench.py --smoke --kernel ...
    bench.py --kernel ... --cmdline 'slab.poison=0'     (more kernel arguments)
    bench.py --kernel ... --filter NAME --profile   (where the instructions go)

Under `-icount shift=0,sleep=off` the guest clock advances one nanosecond
per executed instruction, so the kernel's ktime_get_ns() deltas are
instruction counts, identical from run to run and host to host (the fixed
-rtc keeps even the boot identical).  The kernel prints, per benchmark,

    BENCH <name> ops=<N> insn_per_op=<x> [bytes_per_obj=<y>]

or `BENCH_FAIL <name>: <why>`, then `BENCH_DONE`, and exits QEMU through
isa-debug-exit like the test kernel (docs/testing.md).  This script prints
one table, with Linux's figure for the same operation where we have one, and
writes the figures as JSON.

--profile also logs every guest instruction QEMU executes and prints,
for each benchmark, the functions its instructions went to
(scripts/bench_profile.py).

--smoke runs every benchmark with a few iterations, to prove they still
build, run and pass their own checks (`make test` does this); it prints one
line and writes no JSON.  The exit status is 0 only when every benchmark
ran and passed its checks.  docs/benchmarks.md has the details.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

sys.dont_write_bytecode = True  # keep tests/runner/ free of __pycache__
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "runner"))

import bench_profile  # noqa: E402
import configs  # noqa: E402  (needs the sys.path line above)
import run as runner  # noqa: E402

ICOUNT_ARGS = ("-icount", "shift=0,sleep=off",
               "-rtc", "base=2024-01-01T00:00:00,clock=vm")
SMOKE_ITERATIONS = 10
TIMEOUT = 600  # seconds of wall clock; a full run takes well under a minute
SMOKE_TIMEOUT = configs.DEFAULT_TIMEOUT  # as a test boot: it is one
PROFILE_ITERATIONS = 1000  # logging every block makes QEMU ~50 times slower
PROFILE_TOP = 25  # functions listed per benchmark

# Linux 6.1 (Debian's kernel, mitigations on), measured in-kernel by a module
# in QEMU 7.2 under the same -icount and -rtc, 1 CPU: instructions per
# operation.  docs/benchmarks.md says how; issue 8 gave the figures.
LINUX_INSN_PER_OP: Dict[str, float] = {
    "spin_uncontended": 21,
    "spin_irqsave_uncontended": 35,
    "completion_pingpong": 7185,
    "yield_pingpong": 3197,
    "kthread_create_stop": 53274,
    "kthread_run_exit": 56975,
    "park_unpark": 7028,
    "work_roundtrip_samecpu": 7033,
    "work_queue_flush": 25396,
    "delayed_work_zero": 6949,
    "worker_create_destroy": 58820,
}

_BENCH_RE = re.compile(r"\bBENCH (?P<name>\S+) ops=(?P<ops>\d+) "
                       r"insn_per_op=(?P<insn>\d+(?:\.\d+)?)"
                       r"(?: bytes_per_obj=(?P<bytes>\d+(?:\.\d+)?))?\s*$")
_FAIL_RE = re.compile(r"\bBENCH_FAIL (?P<name>\S+): (?P<why>.*)$")
_DONE_RE = re.compile(r"\bBENCH_DONE\s*$")
_SKIP_RE = re.compile(r"\bBENCH_SKIP (?P<name>\S+): needs (?P<cpus>\d+) CPUs")
_PANIC_RE = re.compile(r"Kernel panic - not syncing: (.*)$")


@dataclass
class Figure:
    """One benchmark's line of the table."""

    name: str
    ops: int
    insn_per_op: float
    bytes_per_obj: Optional[float] = None
    linux_insn_per_op: Optional[float] = None


@dataclass
class Report:
    """What a serial log says."""

    figures: List[Figure]
    failures: List[str]  # "name: why"
    done: bool
    panic: Optional[str]
    skipped: List[str] = field(default_factory=list)  # need more CPUs than booted
    profiles: List[str] = field(default_factory=list)  # --profile's lines


def parse_log(text: str) -> Report:
    """Read BENCH, BENCH_FAIL and BENCH_DONE lines, wherever printk's
    timestamp prefix puts them."""
    figures, failures, skipped, done, panic = [], [], [], False, None
    for line in text.splitlines():
        line = line.rstrip("\r")
        if match := _BENCH_RE.search(line):
            figures.append(Figure(
                match["name"], int(match["ops"]), float(match["insn"]),
                float(match["bytes"]) if match["bytes"] else None,
                LINUX_INSN_PER_OP.get(match["name"])))
        elif match := _FAIL_RE.search(line):
            failures.append(f"{match['name']}: {match['why']}")
        elif match := _SKIP_RE.search(line):
            skipped.append(match["name"])
        elif _DONE_RE.search(line):
            done = True
        elif (match := _PANIC_RE.search(line)) and panic is None:
            panic = match[1]
    return Report(figures, failures, done, panic, skipped)


def judge(report: Report, status: Optional[int], timeout: float) -> List[str]:
    """Why the run itself went wrong, beyond BENCH_FAIL lines (empty: it did not)."""
    problems = []
    if report.panic is not None or status == runner.EXIT_PANIC:
        problems.append(f"kernel panic: {report.panic or '(no message in the log)'}")
    elif status is None:
        problems.append(f"timeout after {timeout:g} s")
    elif status not in (runner.EXIT_PASS, runner.EXIT_FAIL):
        problems.append(f"QEMU exit status {status} (a reset or triple fault?)")
    elif status == runner.EXIT_FAIL and not report.failures:
        problems.append("the kernel says a benchmark failed, but no BENCH_FAIL line")
    if status in (runner.EXIT_PASS, runner.EXIT_FAIL) and not report.done:
        problems.append("no BENCH_DONE line")
    if not problems and not report.figures and not report.failures:
        problems.append("no benchmark ran (does --filter match any?)")
    return problems


def boot(args: argparse.Namespace, smp: int = 1,
         only: str = "") -> tuple[Report, List[str], Path, float]:
    """Build the ISO, boot it under icount on @smp CPUs: (report, problems, log,
    seconds).  @only, if given, replaces --filter (the 2-CPU boot runs just
    the benchmarks the 1-CPU one skipped)."""
    cmdline = [f"bench.iterations={args.iterations}"]
    if only or args.filter:
        cmdline.append(f"bench.filter={only or args.filter}")
    if args.cmdline:
        cmdline.append(args.cmdline)
    name = f"bench-smoke-smp{smp}" if args.smoke else f"bench-smp{smp}"
    qemu_args, fifo, symbols = ICOUNT_ARGS, None, None
    if args.profile:
        symbols = bench_profile.Symbols(Path(f"{args.kernel}.nm"))
        fifo = bench_profile.FifoLog(symbols)
        qemu_args += bench_profile.qemu_args(symbols, fifo.path)
    config = configs.Config(name, smp=smp, cmdline=" ".join(cmdline), timeout=args.timeout,
                            qemu_args=qemu_args)
    opts = runner.BootOptions(args.kernel, logs=args.logs, build_dir=args.build_dir)
    log_path = args.logs / f"{name}.log"
    args.logs.mkdir(parents=True, exist_ok=True)
    iso = runner.build_iso(config, opts)
    log_path.unlink(missing_ok=True)  # never read a stale log
    started = time.monotonic()
    status, qemu_output = runner.run_qemu(runner.qemu_command(config, iso, log_path),
                                          args.timeout)
    elapsed = time.monotonic() - started
    text = log_path.read_text("utf-8", errors="replace") if log_path.exists() else ""
    report = parse_log(text)
    problems = judge(report, status, args.timeout)
    if fifo is not None:
        problems += attach_profiles(report, fifo.finish(), symbols, args.profile_top,
                                    args.profile_blocks)
    if problems:  # the log's end usually says why
        problems += runner.log_tail(text, log_path)
        if qemu_output.strip():
            problems += ["QEMU said:"] + [f"  | {line}" for line in qemu_output.splitlines()]
    problems = [f"BENCH_FAIL {failure}" for failure in report.failures] + problems
    return report, problems, log_path, elapsed


def attach_profiles(report: Report, reader: "bench_profile.LogReader",
                    symbols: "bench_profile.Symbols", top: int, blocks: int) -> List[str]:
    """Puts --profile's lines into @report.  Return: problems."""
    if reader.error is not None:
        return [f"profile: reading QEMU's log: {reader.error}"]
    if len(reader.regions) != len(report.figures) or report.failures:
        return [f"profile: {len(reader.regions)} timed runs in QEMU's log for "
                f"{len(report.figures)} figures and {len(report.failures)} failures: "
                "profile benchmarks that pass"]
    for fig, region in zip(report.figures, reader.regions):
        report.profiles += bench_profile.format_profile(
            fig.name, fig.ops, fig.insn_per_op, region, symbols, top, blocks) + [""]
    return []


def _number(value: Optional[float]) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}" if value != int(value) else f"{int(value):,}"


def format_table(figures: Sequence[Figure]) -> List[str]:
    """Name, operations, instructions per op, bytes per object, Linux, ratio."""
    header = ("benchmark", "ops", "insn/op", "bytes/obj", "linux", "vs linux")
    rows = [header]
    for fig in figures:
        ratio = (f"{fig.insn_per_op / fig.linux_insn_per_op:.2f}x"
                 if fig.linux_insn_per_op else "-")
        rows.append((fig.name, f"{fig.ops:,}", f"{fig.insn_per_op:,.1f}",
                     _number(fig.bytes_per_obj), _number(fig.linux_insn_per_op), ratio))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def write_json(path: Path, figures: Sequence[Figure], args: argparse.Namespace) -> None:
    data = {
        "qemu_args": list(ICOUNT_ARGS),
        "smp": "1, and 2 for the cross-CPU cases",
        "iterations": args.iterations,
        "cmdline": args.cmdline,
        "unit": "guest instructions per operation",
        "benchmarks": [asdict(fig) for fig in figures],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", "utf-8")


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Run the kernel's benchmarks under QEMU -icount (docs/benchmarks.md).")
    parser.add_argument("--kernel", type=Path, required=True, help="bench kernel ELF")
    parser.add_argument("--smoke", action="store_true",
                        help=f"{SMOKE_ITERATIONS} iterations each, one line of output")
    parser.add_argument("--iterations", type=int, metavar="N",
                        help="timed operations per benchmark (kernel default 20000)")
    parser.add_argument("--filter", default="", metavar="GLOB",
                        help="run only the benchmarks matching one of these globs")
    parser.add_argument("--cmdline", default="", metavar="ARGS",
                        help="more kernel command line, e.g. 'slab.poison=0'")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="write the figures here (not with --smoke)")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build",
                        help="where the ISO is built (default: build/)")
    parser.add_argument("--logs", type=Path, help="serial logs (default: BUILD/bench-logs)")
    parser.add_argument("--profile", action="store_true",
                        help="also print where each benchmark's instructions go, "
                        f"function by function (default {PROFILE_ITERATIONS} iterations)")
    parser.add_argument("--profile-top", type=int, default=PROFILE_TOP, metavar="N",
                        help=f"functions listed per benchmark (default {PROFILE_TOP})")
    parser.add_argument("--profile-blocks", type=int, default=0, metavar="N",
                        help="also list the N hottest translation blocks of each benchmark")
    parser.add_argument("--timeout", type=float, metavar="SEC",
                        help=f"wall-clock limit of the boot (default {TIMEOUT}, "
                        f"{SMOKE_TIMEOUT} with --smoke)")
    args = parser.parse_args(argv)
    if args.profile and args.smoke:
        parser.error("--profile and --smoke do not go together")
    if args.iterations is None:
        args.iterations = (SMOKE_ITERATIONS if args.smoke else
                           PROFILE_ITERATIONS if args.profile else 20000)
    if args.iterations < 1:
        parser.error("--iterations must be at least 1")
    if args.timeout is None:
        args.timeout = SMOKE_TIMEOUT if args.smoke else TIMEOUT
    if args.logs is None:
        args.logs = args.build_dir / "bench-logs"
    return args


def boot_all(args: argparse.Namespace) -> tuple[Report, List[str], Path, float]:
    """Boot 1 CPU; then, if it skipped benchmarks that need 2 CPUs, boot 2
    CPUs for just those.  Returns the merged report, with the first log."""
    report, problems, log_path, elapsed = boot(args)
    if report.skipped and not problems:
        second, more, _, seconds = boot(args, smp=2, only=",".join(report.skipped))
        report.figures.extend(second.figures)
        report.failures.extend(second.failures)
        report.profiles.extend(second.profiles)
        problems += more
        elapsed += seconds
        missing = set(report.skipped) - {fig.name for fig in second.figures}
        if missing and not more:
            problems.append(f"not run on 2 CPUs either: {', '.join(sorted(missing))}")
    return report, problems, log_path, elapsed


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        report, problems, log_path, elapsed = boot_all(args)
    except (runner.RunnerError, OSError) as error:
        print(f"bench.py: {error}", file=sys.stderr)
        return 1
    title = "bench smoke" if args.smoke else "bench"
    for line in report.profiles:
        print(line)
    if not args.smoke and report.figures:
        for line in format_table(report.figures):
            print(line)
        print(f"(guest instructions under -icount shift=0, 1 CPU, 2 for the cross-CPU "
              f"cases; {elapsed:.1f} s, log {log_path})")
    if problems:
        print(f"{title}: FAIL ({elapsed:.1f} s, log {log_path})")
        for line in problems:
            print(f"  {line}")
        return 1  # no JSON: a partial table must not pass for a full one
    if args.smoke:
        print(f"{title}: PASS ({len(report.figures)} benchmarks, {args.iterations} "
              f"iterations each, {elapsed:.1f} s, log {log_path})")
    elif args.json:
        write_json(args.json, report.figures, args)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
