#!/usr/bin/env python3
"""`make trace`: boot the test kernel with tracing on, run some tests, and
turn the dump at the end of the run into pictures.

    make_trace.py --kernel build/gcc/test-kernel.elf [--filter GLOB[,GLOB]]
                  [--events sched,kthread,work,timer,cpu] [--smp N]
                  [--out build/trace] [--name NAME]

writes <out>/<name>.log (the serial log), .txt (the events as text),
.json (open it in https://ui.perfetto.dev) and .svg (a timeline).  The
default filter runs the trace suite's scenario: a thread parked and
unparked, then a kthread_worker round trip.  Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import List, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "runner"))

import configs  # noqa: E402
import perfetto  # noqa: E402
import run  # noqa: E402
import svg  # noqa: E402
import tracedump  # noqa: E402

DEFAULT_FILTER = "trace.park_unpark_and_worker_round_trip_appear_in_order"


# Guest time counts instructions (1 ns each) instead of following the host:
# the same picture on every machine and every run (docs/benchmarks.md).
ICOUNT_ARGS = ("-icount", "shift=0,sleep=off", "-rtc", "base=2024-01-01T00:00:00,clock=vm")


def boot(kernel: Path, cmdline: str, smp: int, out: Path, name: str, timeout: float,
         icount: bool = False) -> str:
    """Boots the test kernel once; returns the serial log's text."""
    config = configs.Config(name=f"trace-{name}", smp=smp, cmdline=cmdline, timeout=timeout,
                            qemu_args=ICOUNT_ARGS if icount else ())
    opts = run.BootOptions(kernel=kernel, logs=out, build_dir=out.parent)
    outcome, text = run.boot_config(config, opts)
    log = out / f"{config.name}.log"
    target = out / f"{name}.log"
    if log.exists():
        log.replace(target)
    print(f"boot: {outcome.verdict.kind}{': ' + outcome.verdict.reason if outcome.verdict.reason else ''}"
          f" ({outcome.info.split(',')[0]}); serial log {target}")
    return text


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Boot with tracing and draw the trace.")
    parser.add_argument("--kernel", type=Path, default=ROOT / "build/gcc/test-kernel.elf")
    parser.add_argument("--filter", default=DEFAULT_FILTER,
                        help="ktest.filter: the tests to run while tracing")
    parser.add_argument("--events", default="all", help="trace= groups (default: all)")
    parser.add_argument("--smp", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "build/trace")
    parser.add_argument("--name", default="trace", help="base name of the files written")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--threads", help="SVG: only these thread lanes (globs)")
    parser.add_argument("--icount", action="store_true",
                        help="QEMU -icount: guest time in instructions, the same on every "
                        "host and run (otherwise a busy host stretches the picture)")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    cmdline = f"ktest.filter={args.filter} trace={args.events}" if args.filter else \
        f"trace={args.events}"
    try:
        text = boot(args.kernel, cmdline, args.smp, args.out, args.name, args.timeout,
                    args.icount)
    except run.RunnerError as error:
        print(f"make trace: {error}", file=sys.stderr)
        return 2
    dumps = tracedump.parse_log(text)
    if not dumps:
        print("make trace: the log has no trace dump (a bad trace= value? see the log)",
              file=sys.stderr)
        return 1
    dump = dumps[-1]
    base = args.out / args.name
    lines = tracedump.summary(dump)
    print("\n".join(lines))
    base.with_suffix(".txt").write_text(
        "\n".join(lines + [tracedump.describe(dump, e) for e in dump.events]) + "\n", "utf-8")
    base.with_suffix(".json").write_text(json.dumps(perfetto.convert(dump)) + "\n", "utf-8")
    threads = [g for g in args.threads.split(",") if g] if args.threads else None
    base.with_suffix(".svg").write_text(svg.render(dump, threads), "utf-8")
    print(f"wrote {base}.txt, {base}.json (open it in https://ui.perfetto.dev) and {base}.svg")
    return 1 if dump.damaged else 0


if __name__ == "__main__":
    sys.exit(main())
