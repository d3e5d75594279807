#!/usr/bin/env python3
"""Hunt races: boot the test kernel again and again for a wall-clock budget.

    stress.py --kernel build/gcc/test-kernel.elf [--budget SEC] [--k K]
              [--configs smp1,smp2,smp4] [--seed-base N] [--jobs N]
              [--cmdline 'ktest.filter=...'] [--build-dir build]

Each round boots every configuration (chaos boots first):

  chaos   the suite with ktest.chaos=1 and a new seed (the round's: seed
          base + round number, the same on every configuration), so that
          the chaos points preempt and delay at new places
  plain   the suite exactly as `make test` boots it, until each
          configuration has had K of these (flakes without any help)

A boot starts only if, judging by the slowest boot of its kind so far, it
should end within the budget (a hang can still overrun it, by at most one
boot timeout).  At the end: per case, how many of its runs passed; every
failure with its configuration, seed and the command that replays it; what
the chaos points did, added up.  Exit status 0 only if nothing failed, 1 if
something did, 2 on bad usage.  Python standard library only; the boots are
tests/runner/run.py's.  docs/reliability.md explains how to replay a seed.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import re
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

sys.dont_write_bytecode = True
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests/runner"))

import configs  # noqa: E402
import run  # noqa: E402
from ktap import FAIL, PASS, SKIP  # noqa: E402

CHAOS = "chaos"
PLAIN = "plain"
BOOT_CASE = "(boot)"  # a run failure no case is blamed for
_CHAOS_LINE_RE = re.compile(
    r"^# chaos point (\S+): (\d+) decisions, (\d+) preempts, (\d+) delays$")


@dataclasses.dataclass
class Job:
    config: configs.Config
    mode: str
    seed: Optional[int]  # None: the configuration's own (plain runs)
    number: int  # the boot's number, for its directory

    @property
    def label(self) -> str:
        seed = f" seed {self.seed}" if self.seed is not None else ""
        return f"{self.config.name} {self.mode}{seed}"

    def extra_cmdline(self, user: str) -> str:
        if self.mode == PLAIN:
            return user
        return run.join_cmdline(user, f"ktest.seed={self.seed} ktest.chaos=1")


@dataclasses.dataclass
class Failure:
    job: Job
    reason: str
    details: List[str]
    log: Path


@dataclasses.dataclass
class Tally:
    """Everything the boots found, added up."""

    passed: Dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    runs: Dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    skipped: Dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    failures: List[Failure] = dataclasses.field(default_factory=list)
    boots: Dict[Tuple[str, str], int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    seeds: Dict[str, List[int]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    points: Dict[str, List[int]] = dataclasses.field(default_factory=dict)

    def add(self, job: Job, outcome: run.Outcome, text: str, log: Path) -> None:
        self.boots[(job.config.name, job.mode)] += 1
        if job.seed is not None:
            self.seeds[job.config.name].append(job.seed)
        seen = set()
        for suite in outcome.suites:
            for case in suite.cases:
                seen.add(case.full_name)
                if case.status == SKIP:
                    self.skipped[case.full_name] += 1
                    continue
                self.runs[case.full_name] += 1
                self.passed[case.full_name] += case.status == PASS
        if outcome.verdict.run_failed:
            blamed = [name for name in outcome.verdict.cases if name not in seen] or [BOOT_CASE]
            for name in blamed:
                self.runs[name] += 1
        for line in text.splitlines():
            match = _CHAOS_LINE_RE.match(run.ktap.strip_prefix(line).strip())
            if match:
                counts = self.points.setdefault(match.group(1), [0, 0, 0])
                for i in range(3):
                    counts[i] += int(match.group(i + 2))
        _, failed, _ = outcome.counts()
        if failed:
            self.failures.append(Failure(job, outcome.verdict.reason, outcome.details, log))


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Boot the test kernel under many seeds "
                                     "for a time budget; report per-case pass counts.")
    parser.add_argument("--kernel", type=Path, required=True, help="test kernel ELF")
    parser.add_argument("--budget", type=float, default=300, metavar="SEC",
                        help="wall-clock budget in seconds (default 300)")
    parser.add_argument("--k", type=int, default=1, metavar="K",
                        help="plain boots (as `make test`) per configuration (default 1)")
    parser.add_argument("--configs", default="smp1,smp2,smp4",
                        help="comma- or space-separated configurations of configs.py")
    parser.add_argument("--seed-base", type=int, metavar="N",
                        help="seed of the first chaos round (default: from the clock)")
    parser.add_argument("--no-chaos", action="store_true", help="plain boots only")
    parser.add_argument("--cmdline", default="", help="extra kernel command line "
                        "(e.g. ktest.filter=kthread.*)")
    parser.add_argument("--timeout", type=float, metavar="SEC",
                        help="per-boot timeout (default: the configuration's)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="boots at once (default 1: as `make test`, since two "
                        "QEMUs on a 2-core host distort every timing)")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build")
    parser.add_argument("--keep-logs", action="store_true",
                        help="keep the logs of passing boots too")
    return parser.parse_args(argv)


class Scheduler:
    """Hands out boots in rounds, and only those expected to fit the budget."""

    def __init__(self, chosen: List[configs.Config], k: int, chaos: bool, seed_base: int,
                 deadline: float) -> None:
        self.chosen, self.k, self.chaos = chosen, k, chaos
        self.seed_base, self.deadline = seed_base, deadline
        self.plain_started: Dict[str, int] = defaultdict(int)
        self.slowest: Dict[Tuple[str, str], float] = {}
        self.pending: List[Job] = []
        self.round = 0
        self.number = 0

    def _refill(self) -> None:
        """One round: the chaos boots first, so that a short budget still
        reaches every configuration, then the plain boots still owed."""
        for config in self.chosen:
            if self.chaos:
                self.pending.append(self._job(config, CHAOS, self.seed_base + self.round))
        for config in self.chosen:
            if self.plain_started[config.name] < self.k:
                self.plain_started[config.name] += 1
                self.pending.append(self._job(config, PLAIN, None))
        self.round += 1

    def _job(self, config: configs.Config, mode: str, seed: Optional[int]) -> Job:
        self.number += 1
        return Job(config, mode, seed, self.number)

    def fits(self, job: Job, now: float) -> bool:
        """Whether @job should end in time: judged by the slowest boot of its
        kind, or of any kind before one of its kind has ended."""
        guess = max(self.slowest.values(), default=0)
        return now + self.slowest.get((job.config.name, job.mode), guess) <= self.deadline

    def next(self, now: float) -> Optional[Job]:
        """The next boot that fits, or None when none will any more."""
        for _ in range(2):
            if not self.pending:
                self._refill()
            while self.pending:
                job = self.pending.pop(0)
                if self.fits(job, now):
                    return job
            if not self.chaos and all(self.plain_started[c.name] >= self.k
                                      for c in self.chosen):
                return None
        return None

    def done(self, job: Job, seconds: float) -> None:
        key = (job.config.name, job.mode)
        self.slowest[key] = max(self.slowest.get(key, 0), seconds)


def boot(job: Job, args: argparse.Namespace, slot_dir: Path) -> Tuple[run.Outcome, str, Path]:
    logs = args.build_dir / "stress/logs" / f"{job.number:04d}-{job.config.name}-{job.mode}" \
        f"{'-seed' + str(job.seed) if job.seed is not None else ''}"
    logs.mkdir(parents=True, exist_ok=True)
    opts = run.BootOptions(args.kernel, job.extra_cmdline(args.cmdline), args.timeout, logs,
                           slot_dir)
    outcome, text = run.safe_boot(job.config, opts)
    return outcome, text, logs


def report(tally: Tally, elapsed: float, args: argparse.Namespace, seed_base: int) -> None:
    print()
    print(f"stress: {sum(tally.boots.values())} boots in {elapsed:.0f} s "
          f"(budget {args.budget:g} s, seed base {seed_base})")
    for (name, mode), count in sorted(tally.boots.items()):
        seeds = tally.seeds.get(name, []) if mode == CHAOS else []
        span = f", seeds {min(seeds)}..{max(seeds)}" if seeds else ""
        print(f"  {name} {mode}: {count} boot{'s' if count != 1 else ''}{span}")
    if tally.points:
        print("chaos points, over every chaos boot (decisions, preempts, delays):")
        for name, (decisions, preempts, delays) in tally.points.items():
            print(f"  {name:<24} {decisions:>10} {preempts:>8} {delays:>8}")
    names = sorted(set(tally.runs) | set(tally.skipped))
    width = max((len(name) for name in names), default=0)
    print("per case: passed/runs (skipped runs apart):")
    for name in names:
        runs, passed, skipped = tally.runs[name], tally.passed[name], tally.skipped[name]
        mark = "  FLAKY" if 0 < passed < runs else ("  FAILS" if passed < runs else "")
        skip = f"  ({skipped} skipped)" if skipped else ""
        print(f"  {name:<{width}}  {passed}/{runs}{skip}{mark}")
    if tally.failures:
        print(f"failures ({len(tally.failures)} boots):")
        for failure in tally.failures:
            print(f"  {failure.job.label}: {failure.reason}  [log {failure.log}]")
            for line in failure.details:
                if line.startswith(("seed ", "replay")):
                    print(f"    {line}")
    bad = sorted(name for name in names if tally.passed[name] < tally.runs[name])
    total_runs = sum(tally.runs.values())
    print(f"stress: {len(names)} cases, {total_runs} case runs, "
          f"{sum(tally.runs[n] - tally.passed[n] for n in names)} failed"
          + (f" ({', '.join(bad)})" if bad else ""))


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    by_name = {config.name: config for config in configs.CONFIGS}
    wanted = [name for name in re.split(r"[,\s]+", args.configs) if name]
    unknown = [name for name in wanted if name not in by_name]
    if unknown or not wanted:
        print(f"stress.py: unknown config {', '.join(unknown)}; known: {', '.join(by_name)}",
              file=sys.stderr)
        return 2
    if not args.kernel.is_file():
        print(f"stress.py: kernel {args.kernel} not found (build it first)", file=sys.stderr)
        return 2
    seed_base = args.seed_base if args.seed_base is not None else int(time.time()) % 1000000
    started = time.monotonic()
    sched = Scheduler([by_name[name] for name in wanted], args.k, not args.no_chaos,
                      seed_base, started + args.budget)
    tally = Tally()
    slots = [args.build_dir / f"stress/slot{i}" for i in range(max(1, args.jobs))]
    print(f"stress: budget {args.budget:g} s, configs {', '.join(wanted)}, K={args.k}, "
          f"seed base {seed_base}, {len(slots)} boot(s) at once")
    sys.stdout.flush()
    free = list(slots)
    running: Dict[concurrent.futures.Future, Tuple[Job, Path, float]] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(slots)) as pool:
        while True:
            while free:
                job = sched.next(time.monotonic())
                if job is None:
                    break
                slot = free.pop()
                running[pool.submit(boot, job, args, slot)] = (job, slot, time.monotonic())
            if not running:
                break
            finished, _ = concurrent.futures.wait(
                running, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in finished:
                job, slot, began = running.pop(future)
                free.append(slot)
                outcome, text, logs = future.result()
                seconds = time.monotonic() - began
                sched.done(job, seconds)
                tally.add(job, outcome, text, logs / f"{job.config.name}.log")
                _, failed, _ = outcome.counts()
                status = "PASS" if not failed else f"FAIL - {outcome.verdict.reason}"
                print(f"[{time.monotonic() - started:6.0f} s] {job.label}: {status} "
                      f"({seconds:.1f} s)")
                if failed:
                    for line in outcome.details:
                        print(f"    {line}")
                elif not args.keep_logs:
                    shutil.rmtree(logs, ignore_errors=True)
                sys.stdout.flush()
    report(tally, time.monotonic() - started, args, seed_base)
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
