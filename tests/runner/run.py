#!/usr/bin/env python3
"""Run everything `make test` checks and say, on the last line, how it went.

    run.py --kernel build/gcc/test-kernel.elf [--host-test BIN ...]
           [--config NAME ...] [--cmdline 'extra args'] [--timeout SEC]
           [--logs build/test-logs] [--selftest] [--unit] [-v]

Sources, printed in this order:

  --unit        the runner's own unit tests (test_runner.py), suite `runner`;
                the trace tools' (tests/trace/), suite `trace_tools`; and the
                docs check (tests/docs/), suite `docs_check`
  --host-test   host binaries printing KTAP (lib/ under ASan and UBSan)
  --kernel      the test kernel, booted in QEMU once per configuration of
                configs.py (default: those with default=True; --config NAME)
  --selftest    the test kernel booted to fail, panic, hang, double fault and
                triple fault on purpose; each expected verdict the runner
                reaches is one passed case of suite `runner_selftest`
  --gdb KERNEL  the kernel booted with QEMU's gdb stub, and the GDB helpers
                of scripts/gdb/ run against it in batch mode (suite `gdb`)
  --console     kernel.elf booted once with its serial port on a socket, driven
                like a person at `make run` (tests/console/console_test.py),
                each step a case of suite `console`; it reads the VGA text
                screen and types on the keyboard too
  --screen      kernel.elf booted under UEFI (OVMF), its framebuffer read
                back as text (tests/console/screen_test.py), suite
                `screen_fb`; skipped, and said so, without the firmware

A source that ends badly (kernel panic, timeout, triple fault, malformed
KTAP, crash) counts one failure of its own on top of its failed cases, so a
broken run can never look green.  The protocol is in docs/testing.md.

The last line of stdout is "N passed, N failed" (", N skipped" when some
were); the exit status is 0 only when nothing failed, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import io
import re
import shutil
import signal
import subprocess
import sys
import time
import traceback
import unittest
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple

sys.dont_write_bytecode = True  # keep tests/runner/ free of __pycache__
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

for tests in (ROOT / "tests" / "trace", ROOT / "tests" / "docs"):
    if str(tests) not in sys.path:
        sys.path.insert(0, str(tests))

import configs  # noqa: E402  (needs the sys.path line above)
import crash_report  # noqa: E402
import gdb_check  # noqa: E402
import ktap  # noqa: E402
import lockorder  # noqa: E402
from ktap import FAIL, PASS, SKIP  # noqa: E402

# Verdicts: what happened to one run of a source.  Only PASSED and FAILED
# mean the run itself went to its end; every other verdict is a run failure.
PASSED = "passed"
FAILED = "failed"
PANIC = "kernel panic"
TIMEOUT = "timeout"
TRIPLE_FAULT = "reboot or triple fault"
MALFORMED = "malformed KTAP"
INCONSISTENT = "inconsistent"
CRASH = "crash"
BAD_EXIT = "bad exit status"
ERROR = "error"
WATCHDOG = "watchdog report"
VERDICTS = (PASSED, FAILED, PANIC, TIMEOUT, TRIPLE_FAULT, MALFORMED,
            INCONSISTENT, CRASH, BAD_EXIT, ERROR, WATCHDOG)
# Watchdog reports shown in a run's summary (the log has them all).
WATCHDOG_REPORTS_SHOWN = 2

# QEMU's exit status for the value the kernel writes to isa-debug-exit.
EXIT_PASS = 33  # 0x10: every case passed or was skipped
EXIT_FAIL = 35  # 0x11: at least one case failed
EXIT_PANIC = 37  # 0x12: kernel panic

QEMU = "qemu-system-x86_64"
GRUB_MKRESCUE = "grub-mkrescue"
MEMORY = "256M"
LOG_TAIL_LINES = 30
DEFAULT_JOBS = 2  # the CI machines have 2 cores; TCG uses one per guest CPU
HOST_TIMEOUT = 120

_SANITIZER_RE = re.compile(r"ERROR: \w*Sanitizer|runtime error:|SUMMARY: \w*Sanitizer")
_GRUB_SAFE_RE = re.compile(r"^[A-Za-z0-9_.,:/=+-]+$")
_SEED_LOG_RE = re.compile(r"^# ktest\.seed=(\d+)$")


class RunnerError(Exception):
    """Something outside the tests went wrong (missing file, tool failed)."""


# --------------------------------------------------------------------------
# Results of one source, and how they are printed

@dataclass
class Verdict:
    """How a run ended, why (for people), and the cases it blames."""

    kind: str
    reason: str = ""
    cases: List[str] = field(default_factory=list)

    @property
    def run_failed(self) -> bool:
        return self.kind not in (PASSED, FAILED)


@dataclass
class Outcome:
    """What one source produced: its verdict and its suites of cases."""

    title: str
    verdict: Verdict
    suites: List[ktap.Suite] = field(default_factory=list)
    details: List[str] = field(default_factory=list)  # shown under the suites
    info: str = ""  # time taken, where the log is

    def counts(self) -> Tuple[int, int, int]:
        """(passed, failed, skipped), a run failure adding one failure."""
        passed = sum(suite.count(PASS) for suite in self.suites)
        failed = sum(suite.count(FAIL) for suite in self.suites)
        skipped = sum(suite.count(SKIP) for suite in self.suites)
        return passed, failed + int(self.verdict.run_failed), skipped


def format_summary(passed: int, failed: int, skipped: int) -> str:
    """The last line `make test` prints; tools grep it, keep it exact."""
    line = f"{passed} passed, {failed} failed"
    return f"{line}, {skipped} skipped" if skipped else line


def format_outcome(outcome: Outcome, verbose: bool = False) -> List[str]:
    """Header, one line per suite, the failing cases with their diagnostics."""
    _, failed, _ = outcome.counts()
    status = "PASS" if not failed else "FAIL"
    if outcome.verdict.reason and outcome.verdict.kind != PASSED:
        status += f" - {outcome.verdict.reason}"
    info = f" ({outcome.info})" if outcome.info else ""
    lines = [f"{outcome.title}: {status}{info}"]
    width = max((len(suite.name) for suite in outcome.suites), default=0)
    for suite in outcome.suites:
        lines.append(f"  {suite.name:<{width}}  pass:{suite.count(PASS)} "
                     f"fail:{suite.count(FAIL)} skip:{suite.count(SKIP)}")
        for case in suite.cases:
            if case.status == FAIL or verbose:
                lines.extend(_format_case(case))
    lines.extend(f"  {line}" for line in outcome.details)
    return lines


def _format_case(case: ktap.Case) -> List[str]:
    label = {PASS: "ok", FAIL: "not ok", SKIP: "skip"}[case.status]
    reason = f" ({case.reason})" if case.reason else ""
    return ([f"    {label} {case.full_name}{reason}"]
            + [f"      {line}" for line in case.diagnostics])


def log_tail(text: str, path: Optional[Path] = None, count: int = LOG_TAIL_LINES) -> List[str]:
    """The last lines of a log, which usually show why a run died."""
    lines = text.splitlines()
    where = f" of {path}" if path else ""
    if not lines:
        return [f"(the log{where} is empty)"]
    shown = lines[-count:]
    return [f"last {len(shown)} lines{where}:"] + [f"  | {line}" for line in shown]


# --------------------------------------------------------------------------
# Verdicts (pure functions: test_runner.py checks them on recorded logs)

def _blame(report: ktap.Report, idle: str) -> str:
    """Where the run was when it stopped: the case that was running, if any."""
    if report.running:
        return f"while running {report.running}"
    where = [f"in suite {report.open_suites[-1]}"] if report.open_suites else []
    if report.started:
        where.append(f"after {report.last_run} finished")
    return ", ".join(where) or idle


def _running(report: ktap.Report) -> List[str]:
    return [report.running] if report.running else []


def judge_boot(report: ktap.Report, status: Optional[int], timeout: float,
               qemu_stderr: str = "", gdb_dump: str = "") -> Verdict:
    """Verdict of one boot from QEMU's exit status (None: killed at timeout;
    gdb_dump: what GDB said then, see gdb_check.hang_dump()).

    A watchdog report wins over everything: it names what got stuck, and
    what follows (a panic asked for by softlockup_panic=/hung_task_panic=,
    a timeout, even a clean exit) is its consequence or beside the point.
    Then a panic (the kernel may halt instead of exiting), then the timeout;
    33 and 35 need complete, consistent KTAP; anything else is a reset,
    which under -no-reboot means a triple fault.
    """
    if report.watchdog:
        count = len(report.watchdog)
        more = f" (and {count - 1} more)" if count > 1 else ""
        return Verdict(WATCHDOG, f"watchdog report {_blame(report, 'before any test started')}: "
                       f"{report.watchdog[0][0]}{more}", _running(report))
    if status == EXIT_PANIC or report.panic:
        message = f": {report.panic}" if report.panic else " (no panic message in the log)"
        return Verdict(PANIC, f"kernel panic {_blame(report, 'before any test started')}"
                       f"{message}", _running(report))
    if status is None:
        where = gdb_check.cpus_at(gdb_dump)
        cpus = f" ({', '.join(where)})" if where else ""
        return Verdict(TIMEOUT, f"timeout after {timeout:g} s "
                       f"{_blame(report, 'before any test started')}{cpus}", _running(report))
    if status in (EXIT_PASS, EXIT_FAIL):
        return _judge_finished(report, f"QEMU exit status {status}", status == EXIT_FAIL)
    if status == 1 and qemu_stderr.strip():
        last = qemu_stderr.strip().splitlines()[-1]
        return Verdict(ERROR, f"QEMU failed (exit status 1): {last}")
    return Verdict(TRIPLE_FAULT, f"reboot or triple fault (QEMU exit status {status}) "
                   f"{_blame(report, 'before any test started')}", _running(report))


def _judge_finished(report: ktap.Report, exit_text: str, says_failed: bool) -> Verdict:
    """A run that claims to have finished: its KTAP must back the claim."""
    failing = [case.full_name for case in report.failing()]
    if report.problems:
        return Verdict(MALFORMED, "malformed KTAP: " + "; ".join(report.problems), failing)
    if failing and not says_failed:
        return Verdict(INCONSISTENT, f"inconsistent: {exit_text} says all passed, but "
                       f"{', '.join(failing)} failed", failing)
    if says_failed and not failing:
        return Verdict(INCONSISTENT, f"inconsistent: {exit_text} says a case failed, "
                       "but no case is 'not ok'")
    if failing:
        return Verdict(FAILED, f"{len(failing)} failed: {', '.join(failing)}", failing)
    return Verdict(PASSED)


def sanitizer_error(text: str) -> Optional[str]:
    """The first AddressSanitizer / UBSan / LeakSanitizer report line, if any."""
    for line in text.splitlines():
        if _SANITIZER_RE.search(line):
            return line.strip()
    return None


def judge_host(report: ktap.Report, status: Optional[int], output: str,
               timeout: float) -> Verdict:
    """Verdict of a host test binary from its exit status and all its output."""
    where = _blame(report, "before any test started")
    if status is None:
        return Verdict(TIMEOUT, f"timeout after {timeout:g} s {where}", _running(report))
    report_line = sanitizer_error(output)
    if status < 0:
        name = _signal_name(-status)
        extra = f" ({report_line})" if report_line else ""
        return Verdict(CRASH, f"crashed: killed by {name} {where}{extra}", _running(report))
    if report_line:
        return Verdict(CRASH, f"crashed: {report_line} {where}", _running(report))
    if report.problems:
        return Verdict(MALFORMED, "malformed KTAP: " + "; ".join(report.problems),
                       [case.full_name for case in report.failing()])
    failing = [case.full_name for case in report.failing()]
    if failing:
        return Verdict(FAILED, f"{len(failing)} failed: {', '.join(failing)}", failing)
    if status != 0:
        return Verdict(BAD_EXIT, f"exit status {status} although every case passed")
    return Verdict(PASSED)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def watchdog_details(report: ktap.Report) -> List[str]:
    """The first watchdog reports, as the summary shows them."""
    lines: List[str] = []
    for number, lines_of_report in enumerate(report.watchdog[:WATCHDOG_REPORTS_SHOWN], 1):
        lines.append(f"watchdog report {number} of {len(report.watchdog)}:")
        lines.extend(f"  | {line}" for line in lines_of_report)
    return lines


def check_expectation(expect: configs.Expect, verdict: Verdict, log_text: str) -> List[str]:
    """What a self-test boot failed to show (empty: the runner noticed)."""
    unmet = []
    if verdict.kind != expect.verdict:
        why = f": {verdict.reason}" if verdict.reason else ""
        unmet.append(f"expected verdict '{expect.verdict}', got '{verdict.kind}'{why}")
    if expect.reason_contains and expect.reason_contains not in verdict.reason:
        unmet.append(f"expected the verdict to say '{expect.reason_contains}', "
                     f"it said '{verdict.reason}'")
    if expect.case and expect.case not in verdict.cases:
        named = ", ".join(verdict.cases) or "no case"
        unmet.append(f"expected the verdict to name {expect.case}, it named {named}")
    if expect.log_contains and expect.log_contains not in log_text:
        unmet.append(f"expected the serial log to contain '{expect.log_contains}'")
    if expect.cpu_reports:
        unmet.extend(crash_report.check(log_text, expect.cpu_reports))
    return unmet


# --------------------------------------------------------------------------
# Source 1: the runner's own unit tests

class _RecordingResult(unittest.TextTestResult):
    """A TextTestResult that also remembers passing tests, to count them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.successes: List[unittest.TestCase] = []

    def addSuccess(self, test: unittest.TestCase) -> None:  # noqa: N802 (unittest's name)
        super().addSuccess(test)
        self.successes.append(test)


def _test_name(test: unittest.TestCase) -> str:
    return test.id().split(".")[-1]


def run_unit_tests(module_name: str = "test_runner", suite: str = "runner",
                   title: str = "runner unit tests") -> Outcome:
    """Run a unittest module in-process, quietly; each test is a case of @suite."""
    try:
        module = __import__(module_name)
    except Exception:  # a syntax error there must fail the run, not crash it
        return Outcome(title, Verdict(ERROR, f"cannot import {module_name}"),
                       details=traceback.format_exc().splitlines())
    stream = io.StringIO()
    tests = unittest.defaultTestLoader.loadTestsFromModule(module)
    result = unittest.TextTestRunner(stream=stream, resultclass=_RecordingResult,
                                     verbosity=0).run(tests)
    cases = [ktap.Case(suite, _test_name(t), PASS) for t in result.successes]
    cases += [ktap.Case(suite, _test_name(t), PASS) for t, _ in result.expectedFailures]
    cases += [ktap.Case(suite, _test_name(t), FAIL, trace.splitlines())
              for t, trace in result.failures + result.errors]
    cases += [ktap.Case(suite, _test_name(t), FAIL, ["unexpected success"])
              for t in result.unexpectedSuccesses]
    cases += [ktap.Case(suite, _test_name(t), SKIP, reason=why)
              for t, why in result.skipped]
    cases.sort(key=lambda case: case.name)
    failed = any(case.status == FAIL for case in cases)
    verdict = Verdict(FAILED, "unit tests failed") if failed else Verdict(PASSED)
    if not cases:
        verdict = Verdict(ERROR, f"{module_name}.py has no tests")
    return Outcome(title, verdict, [ktap.Suite(suite, cases)])


# --------------------------------------------------------------------------
# Source 2: host test binaries

def _decode(data: Optional[bytes]) -> str:
    return (data or b"").decode("utf-8", errors="replace")


def run_host_test(binary: str, timeout: float, logs: Path,
                  command: Optional[List[str]] = None, title: str = "") -> Outcome:
    """Run one host test binary (or @command), parse its KTAP (stdout), judge its exit."""
    title = title or f"host tests {binary}"
    log_path = logs / f"host-{Path(binary).name}.log"
    if command is None:
        command = [str(Path(binary).resolve())] if Path(binary).exists() else [binary]
    try:
        proc = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout, check=False)
        status, out, err = proc.returncode, _decode(proc.stdout), _decode(proc.stderr)
    except subprocess.TimeoutExpired as expired:
        status, out, err = None, _decode(expired.stdout), _decode(expired.stderr)
    except OSError as error:
        return Outcome(title, Verdict(ERROR, f"cannot run it: {error}"))
    combined = out + (f"\n--- stderr ---\n{err}" if err else "")
    log_path.write_text(combined, encoding="utf-8")
    report = ktap.parse(out)
    verdict = judge_host(report, status, out + err, timeout)
    details = log_tail(combined, log_path) if verdict.run_failed else []
    return Outcome(title, verdict, report.suites, details, info=f"log {log_path}")


def run_console_test(kernel: Path, build_dir: Path, logs: Path) -> Outcome:
    """tests/console/console_test.py against kernel.elf: a host test that boots it."""
    script = ROOT / "tests" / "console" / "console_test.py"
    command = [sys.executable, str(script), "--kernel", str(kernel),
               "--build-dir", str(build_dir), "--logs", str(logs)]
    return run_host_test(str(script), HOST_TIMEOUT, logs, command,
                         title=f"console {kernel} (-smp 2, typed at over a socket)")


def run_screen_test(kernel: Path, build_dir: Path, logs: Path) -> Outcome:
    """tests/console/screen_test.py: kernel.elf's framebuffer under OVMF."""
    script = ROOT / "tests" / "console" / "screen_test.py"
    command = [sys.executable, str(script), "--kernel", str(kernel),
               "--build-dir", str(build_dir), "--logs", str(logs)]
    outcome = run_host_test(str(script), HOST_TIMEOUT, logs, command,
                            title=f"screen {kernel} (UEFI framebuffer, read from screenshots)")
    reasons = {case.reason for suite in outcome.suites for case in suite.cases
               if case.status == SKIP and case.reason}
    outcome.details += [f"skipped: {reason}" for reason in sorted(reasons)]
    return outcome


# --------------------------------------------------------------------------
# Source 3: the test kernel in QEMU

@dataclass
class BootOptions:
    """What every boot shares, from the command line."""

    kernel: Path
    extra_cmdline: str = ""
    timeout: Optional[float] = None  # --timeout, overrides the configs'
    logs: Path = Path("build/test-logs")
    build_dir: Path = ROOT / "build"
    iso_template: Path = ROOT / "iso"


def join_cmdline(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def grub_quote(word: str) -> str:
    """Quote a command-line word for grub.cfg, whose shell-like parser would
    otherwise expand `$`, split at `;` and could glob `*` (ktest.filter=)."""
    if _GRUB_SAFE_RE.match(word):
        return word
    if "'" in word:
        raise RunnerError(f"cannot pass {word!r} through grub.cfg: it has a single quote")
    return f"'{word}'"


def render_grub_cfg(template: str, cmdline: str) -> str:
    """The ISO's grub.cfg: the template with @CMDLINE@ replaced."""
    quoted = " ".join(grub_quote(word) for word in cmdline.split())
    if "@CMDLINE@" not in template:
        if quoted:
            raise RunnerError("iso/boot/grub/grub.cfg has no @CMDLINE@ placeholder")
        return template
    return template.replace("@CMDLINE@", quoted)


def effective_timeout(config: configs.Config, override: Optional[float]) -> float:
    """--timeout replaces a config's timeout, except where a timeout is the
    expected verdict: the hang self-test would only wait longer for it."""
    if override is None or (config.expect and config.expect.verdict == TIMEOUT):
        return config.timeout
    return override


def boot_cmdline(config: configs.Config, opts: BootOptions) -> str:
    """The watchdog settings every boot shares, then the config's, then
    --cmdline's: a later key=value wins, so a config may override them."""
    return join_cmdline(configs.WATCHDOG_CMDLINE, config.cmdline, opts.extra_cmdline)


def _iso_is_fresh(iso: Path, tree: Path, kernel: Path, template: Path, grub_cfg: str) -> bool:
    """Whether the ISO was built from this kernel, this template and command line.

    build_iso deletes the ISO before touching the tree, so an ISO that exists
    was made from the tree as it is now.
    """
    cfg, copied = tree / "boot/grub/grub.cfg", tree / "boot/kernel.elf"
    if not (iso.is_file() and cfg.is_file() and copied.is_file()):
        return False
    if cfg.read_text("utf-8") != grub_cfg:
        return False
    source, copy = kernel.stat(), copied.stat()
    if (source.st_size, source.st_mtime_ns) != (copy.st_size, copy.st_mtime_ns):
        return False
    newest = max((p.stat().st_mtime for p in template.rglob("*") if p.is_file()), default=0)
    return iso.stat().st_mtime >= newest


def build_iso(config: configs.Config, opts: BootOptions, cmdline: Optional[str] = None) -> Path:
    """build/<config>.iso: the iso/ template, the kernel, and @cmdline
    (default: the config's and --cmdline's, nothing else)."""
    if not opts.kernel.is_file():
        raise RunnerError(f"kernel {opts.kernel} not found (build it first)")
    template_cfg = opts.iso_template / "boot/grub/grub.cfg"
    if not template_cfg.is_file():
        raise RunnerError(f"{template_cfg} not found")
    if cmdline is None:
        cmdline = join_cmdline(config.cmdline, opts.extra_cmdline)
    grub_cfg = render_grub_cfg(template_cfg.read_text("utf-8"), cmdline)
    tree = opts.build_dir / f"iso-{config.name}"
    iso = opts.build_dir / f"{config.name}.iso"
    if _iso_is_fresh(iso, tree, opts.kernel, opts.iso_template, grub_cfg):
        return iso
    iso.unlink(missing_ok=True)
    if tree.exists():
        shutil.rmtree(tree)
    shutil.copytree(opts.iso_template, tree)
    shutil.copy2(opts.kernel, tree / "boot/kernel.elf")
    (tree / "boot/grub/grub.cfg").write_text(grub_cfg, "utf-8")
    try:
        proc = subprocess.run([GRUB_MKRESCUE, "-o", str(iso), str(tree)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, check=False)
    except OSError as error:
        raise RunnerError(f"cannot run {GRUB_MKRESCUE}: {error}") from error
    if proc.returncode != 0:
        raise RunnerError(f"{GRUB_MKRESCUE} failed (exit status {proc.returncode}):\n"
                          + _decode(proc.stderr) + _decode(proc.stdout))
    return iso


def qemu_command(config: configs.Config, iso: Path, log_path: Path) -> List[str]:
    """The QEMU invocation: TCG only (CI has no KVM), serial to a file,
    isa-debug-exit for the verdict, and no reboot so a reset ends QEMU."""
    return [QEMU, "-accel", "tcg", "-m", MEMORY, "-smp", str(config.smp),
            "-display", "none", "-monitor", "none", "-serial", f"file:{log_path}",
            "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-cdrom", str(iso), "-boot", "d", *config.qemu_args]


def run_qemu(command: Sequence[str], timeout: float) -> Tuple[Optional[int], str]:
    """Run QEMU to its end or the timeout: (exit status or None, its output)."""
    status, output, _ = run_qemu_watched(command, timeout)
    return status, output


def run_qemu_watched(command: Sequence[str], timeout: float,
                     on_timeout: Optional[Callable[[], str]] = None
                     ) -> Tuple[Optional[int], str, str]:
    """run_qemu(), and at the timeout, before QEMU is killed, on_timeout():
    (exit status or None, QEMU's output, what on_timeout() said)."""
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
            return proc.returncode, _decode(out) + _decode(err), ""
        except subprocess.TimeoutExpired:
            said = on_timeout() if on_timeout else ""
            proc.kill()
            out, err = proc.communicate()
            return None, _decode(out) + _decode(err), said


def _hang_dump(kernel: Path, port: int) -> str:
    """At a timeout: where each CPU is, what each runs (gdb_check.hang_dump)."""
    if shutil.which(gdb_check.GDB) is None:
        return ""
    return gdb_check.hang_dump(kernel, ROOT / "scripts/gdb/kthreads.py", port)


def _config_title(config: configs.Config, opts: BootOptions) -> str:
    cmdline = join_cmdline(config.cmdline, opts.extra_cmdline)
    return f"kernel {config.name} (-smp {config.smp}" + (f", '{cmdline}')" if cmdline else ")")


def boot_config(config: configs.Config, opts: BootOptions) -> Tuple[Outcome, str]:
    """Build the ISO, boot it, judge the serial log: (outcome, log text)."""
    title = _config_title(config, opts)
    log_path = opts.logs / f"{config.name}.log"
    timeout = effective_timeout(config, opts.timeout)
    dump_path = opts.logs / f"{config.name}.gdb.log"
    try:
        iso = build_iso(config, opts, boot_cmdline(config, opts))
        log_path.unlink(missing_ok=True)  # never judge a stale log
        dump_path.unlink(missing_ok=True)
        for _ in range(gdb_check.PORT_ATTEMPTS):
            port = gdb_check.free_port()
            command = qemu_command(config, iso, log_path) + ["-gdb", f"tcp:127.0.0.1:{port}"]
            started = time.monotonic()
            status, qemu_output, dump = run_qemu_watched(
                command, timeout, lambda: _hang_dump(opts.kernel, port))
            if not (status == 1 and gdb_check.port_was_taken(qemu_output)):
                break
    except (RunnerError, OSError) as error:
        first, *rest = str(error).splitlines() or [type(error).__name__]
        return Outcome(title, Verdict(ERROR, first), details=rest), ""
    elapsed = time.monotonic() - started
    text = log_path.read_text("utf-8", errors="replace") if log_path.exists() else ""
    report = ktap.parse(text)
    verdict = judge_boot(report, status, timeout, qemu_output, dump)
    suites = list(report.suites)
    if config.trace:
        suites.append(trace_suite(text, opts.logs, config.name))
        if verdict.kind == PASSED and suites[-1].count(FAIL):
            verdict = Verdict(FAILED, "the trace dump failed its checks")
    verdict = add_lock_order_case(text, verdict, suites)
    if verdict.kind == WATCHDOG:
        details = watchdog_details(report)
    else:
        details = log_tail(text, log_path) if verdict.run_failed else []
    if qemu_output.strip():
        details += ["QEMU said:"] + [f"  | {line}" for line in qemu_output.splitlines()]
    if dump:
        dump_path.write_text(dump, "utf-8")
        details += [f"where the CPUs were, from GDB (all of it in {dump_path}):"]
        details += [f"  | {line}" for line in dump.splitlines()[:gdb_check.HANG_LINES]]
    if verdict.kind != PASSED and not config.selftest:
        details += replay_lines(config, opts, report.lines, verdict.cases)
    info = f"{elapsed:.1f} s, log {log_path}"
    return Outcome(title, verdict, suites, details, info), text


def trace_suite(text: str, out_dir: Path, name: str) -> ktap.Suite:
    """Suite trace_e2e: the checks of tests/trace/e2e.py on the log's dump."""
    import e2e  # here, so that a broken e2e.py fails this suite, not the runner

    cases = [ktap.Case("trace_e2e", case, FAIL if problems else PASS,
                       [f"# {p}" for p in problems])
             for case, problems in e2e.check(text, out_dir, name)]
    return ktap.Suite("trace_e2e", cases)


LOCK_ORDER_DOC = ROOT / "docs" / "locking.md"


def lock_order_case(log_text: str, doc_text: str) -> Optional[ktap.Case]:
    """Case lock_order.documented_order of a boot, or None if the kernel printed no dependencies."""
    dump = lockorder.parse_dump(log_text)
    if dump is None:
        return None
    try:
        problems = lockorder.check(dump, lockorder.parse_order(doc_text))
    except ValueError as error:
        problems = [f"docs/locking.md: {error}"]
    status = FAIL if problems else PASS
    diagnostics = [f"# {line}" for line in problems]
    diagnostics.append(f"# {len(dump.edges)} dependencies checked against docs/locking.md")
    return ktap.Case("lock_order", "documented_order", status, diagnostics)


def add_lock_order_case(log_text: str, verdict: Verdict, suites: List[ktap.Suite]) -> Verdict:
    """Appends the lock order check to @suites; a failure fails a passed verdict."""
    doc = LOCK_ORDER_DOC.read_text("utf-8") if LOCK_ORDER_DOC.exists() else ""
    case = lock_order_case(log_text, doc)
    if case is None:
        return verdict
    suites.append(ktap.Suite("lock_order", [case]))
    if case.status == FAIL and verdict.kind == PASSED:
        return Verdict(FAILED, "1 failed: lock_order.documented_order",
                       ["lock_order.documented_order"])
    return verdict


def _last_param(cmdline: str, key: str) -> Optional[str]:
    """The value of the last `key=` word of a command line (the one the kernel keeps)."""
    values = [word[len(key) + 1:] for word in cmdline.split() if word.startswith(key + "=")]
    return values[-1] if values else None


def boot_seed(cmdline: str, lines: Sequence[str]) -> str:
    """The seed a boot ran with: what ktest printed, else the command line's."""
    for line in lines:
        match = _SEED_LOG_RE.match(line.strip())
        if match:
            return match.group(1)
    return _last_param(cmdline, "ktest.seed") or "1"


def replay_lines(config: configs.Config, opts: BootOptions, lines: Sequence[str],
                 cases: Sequence[str]) -> List[str]:
    """How to boot a failed run again with the same seed (and chaos mode):
    the whole run, and only the suites of the failing cases.  Each case
    reseeds the chaos points, but threads left by the cases before it draw
    from them too, so a case alone replays less faithfully than its suite."""
    cmdline = join_cmdline(config.cmdline, opts.extra_cmdline)
    seed = boot_seed(cmdline, lines)
    chaos = _last_param(cmdline, "ktest.chaos") not in (None, "0", "n", "off")
    mine = ("ktest.seed=", "ktest.chaos", "ktest.filter=")
    kept = [word for word in opts.extra_cmdline.split() if not word.startswith(mine)]
    params = join_cmdline(" ".join(kept), f"ktest.seed={seed}",
                          "ktest.chaos=1" if chaos else "")
    run_filter = _last_param(opts.extra_cmdline, "ktest.filter")
    base = f"python3 tests/runner/run.py --kernel {opts.kernel} --config {config.name}"
    whole = join_cmdline(params, f"ktest.filter={run_filter}" if run_filter else "")
    out = [f"seed {seed}{', chaos on' if chaos else ''}; replay: {base} --cmdline '{whole}'"]
    suites = list(dict.fromkeys(case.split(".")[0] + ".*" for case in cases))
    if suites:
        out.append(f"replay {'its suite' if len(suites) == 1 else 'their suites'} only: "
                   f"{base} --cmdline '{params} ktest.filter={','.join(suites)}'")
    return out


def safe_boot(config: configs.Config, opts: BootOptions) -> Tuple[Outcome, str]:
    """boot_config, turning a bug of the runner into a failed run, not a crash."""
    try:
        return boot_config(config, opts)
    except Exception:  # noqa: BLE001 (reported, and counted as a failure)
        return Outcome(_config_title(config, opts), Verdict(ERROR, "runner error"),
                       details=traceback.format_exc().splitlines()), ""


def run_gdb_test(kernel: Path, opts: BootOptions) -> Outcome:
    """Boot @kernel with a gdb stub and check the GDB helpers (gdb_check.py)."""
    title = f"gdb helpers (scripts/gdb/kthreads.py on {kernel}, -smp {gdb_check.SMP})"
    if shutil.which(gdb_check.GDB) is None:
        return Outcome(title, Verdict(ERROR, "gdb not found; scripts/install-deps.sh installs it"))
    try:
        iso = build_iso(gdb_check.gdb_config(), dataclasses.replace(opts, kernel=kernel))
        result = gdb_check.run_gdb(iso, kernel, ROOT / "scripts/gdb/kthreads.py", opts.logs, QEMU)
    except (RunnerError, OSError) as error:
        first, *rest = str(error).splitlines() or [type(error).__name__]
        return Outcome(title, Verdict(ERROR, first), details=rest)
    info = f"{result.seconds:.1f} s, logs {opts.logs}/gdb.log, {opts.logs}/gdb-kernel.log"
    if result.error:
        log = opts.logs / "gdb-kernel.log"
        text = log.read_text("utf-8", errors="replace") if log.exists() else ""
        return Outcome(title, Verdict(ERROR, result.error), details=log_tail(text, log), info=info)
    cases = gdb_check.judge(result.output)
    failed = [case.full_name for case in cases if case.status == FAIL]
    verdict = Verdict(FAILED, f"{len(failed)} failed: {', '.join(failed)}", failed) if failed \
        else Verdict(PASSED)
    return Outcome(title, verdict, [ktap.Suite("gdb", cases)], info=info)


def safe_gdb_test(kernel: Path, opts: BootOptions) -> Tuple[Outcome, str]:
    try:
        return run_gdb_test(kernel, opts), ""
    except Exception:  # noqa: BLE001 (reported, and counted as a failure)
        return Outcome("gdb helpers", Verdict(ERROR, "runner error"),
                       details=traceback.format_exc().splitlines()), ""


# --------------------------------------------------------------------------
# Source 4: the self-tests, kernels broken on purpose

def selftest_outcome(boots: List[Tuple[configs.Config, Outcome, str]]) -> Outcome:
    """One `runner_selftest` case per self-test boot: did the verdict match?"""
    cases = []
    for config, outcome, text in boots:
        unmet = (check_expectation(config.expect, outcome.verdict, text) if config.expect
                 else [f"config {config.name} has no expect= in configs.py"])
        got = f"# got: {outcome.verdict.reason or outcome.verdict.kind}"
        name = re.sub(r"^selftest-", "", config.name)
        if unmet:
            diagnostics = [f"# {line}" for line in unmet]
            diagnostics += [f"# {outcome.info}"] if outcome.info else []
            diagnostics += outcome.details if outcome.verdict.run_failed else log_tail(text)
            cases.append(ktap.Case("runner_selftest", name, FAIL, diagnostics))
        else:
            cases.append(ktap.Case("runner_selftest", name, PASS, [got]))
    failed = any(case.status == FAIL for case in cases)
    verdict = Verdict(FAILED, "the runner missed a breakage") if failed else Verdict(PASSED)
    kernels = f"{len(boots)} kernel" + ("s" if len(boots) != 1 else "")
    return Outcome(f"runner self-tests ({kernels} broken on purpose)",
                   verdict, [ktap.Suite("runner_selftest", cases)])


# --------------------------------------------------------------------------
# Command line

def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Run the unit, host and kernel tests; the last line is the summary.")
    parser.add_argument("--kernel", type=Path, help="test kernel ELF to boot")
    parser.add_argument("--host-test", action="append", default=[], metavar="BIN",
                        help="host test binary printing KTAP (repeatable)")
    parser.add_argument("--config", action="append", default=[], metavar="NAME",
                        help="boot this configuration of configs.py (repeatable; "
                        "default: every default=True one)")
    parser.add_argument("--cmdline", default="", help="extra kernel command line")
    parser.add_argument("--timeout", type=float, metavar="SEC",
                        help="wall-clock timeout per boot or host binary")
    parser.add_argument("--logs", type=Path, default=Path("build/test-logs"),
                        help="where serial logs go (default: build/test-logs)")
    parser.add_argument("--selftest", action="store_true",
                        help="also boot the self-test kernels and check their verdicts")
    parser.add_argument("--gdb", type=Path, metavar="KERNEL",
                        help="boot KERNEL (kernel.elf) with a gdb stub and check the GDB helpers")
    parser.add_argument("--unit", action="store_true", help="run the runner's unit tests")
    parser.add_argument("--console", type=Path, metavar="ELF",
                        help="drive this kernel.elf's serial console end to end")
    parser.add_argument("--screen", type=Path, metavar="ELF",
                        help="read this kernel.elf's framebuffer console under OVMF")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every case")
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS, metavar="N",
                        help=f"QEMU boots at once (default {DEFAULT_JOBS})")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build",
                        help="where ISOs are built (default: build/)")
    parser.add_argument("--iso-template", type=Path, default=ROOT / "iso",
                        help="ISO template directory (default: iso/)")
    return parser.parse_args(argv)


def select_configs(args: argparse.Namespace) -> Tuple[List[configs.Config], List[configs.Config]]:
    """(normal configs, self-test configs) to boot, from --config/--selftest."""
    by_name = {config.name: config for config in configs.CONFIGS}
    unknown = [name for name in args.config if name not in by_name]
    if unknown:
        raise RunnerError(f"unknown config {', '.join(unknown)}; known: {', '.join(by_name)}")
    if args.config:
        chosen = [by_name[name] for name in dict.fromkeys(args.config)]
    else:
        chosen = [c for c in configs.CONFIGS if c.default] if args.kernel else []
    if args.selftest:
        chosen += [c for c in configs.CONFIGS if c.selftest and c not in chosen]
    chosen.sort(key=list(configs.CONFIGS).index)  # configs.py order, always
    normal = [c for c in chosen if not c.selftest]
    selftests = [c for c in chosen if c.selftest]
    if (normal or selftests) and not args.kernel:
        raise RunnerError("--kernel is needed to boot configurations or self-tests")
    return normal, selftests


class _Tally:
    """Prints each outcome as it is ready and adds up the totals."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.totals = [0, 0, 0]

    def emit(self, outcome: Outcome) -> None:
        for line in format_outcome(outcome, self.verbose):
            print(line)
        sys.stdout.flush()
        for i, count in enumerate(outcome.counts()):
            self.totals[i] += count


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        normal, selftests = select_configs(args)
    except RunnerError as error:
        print(f"run.py: {error}", file=sys.stderr)
        return 2
    if not (args.unit or args.host_test or normal or selftests or args.gdb or args.console
            or args.screen):
        print("run.py: nothing to run (give --unit, --host-test, --kernel, --gdb, --console "
              "or --screen)", file=sys.stderr)
        return 2
    if args.host_test or normal or selftests or args.gdb or args.console or args.screen:
        args.logs.mkdir(parents=True, exist_ok=True)
    opts = BootOptions(args.kernel or Path(), args.cmdline, args.timeout, args.logs,
                       args.build_dir, args.iso_template)
    tally = _Tally(args.verbose)
    boots = normal + selftests
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        # Boots start first (they are slow); results are printed in order.
        futures = [pool.submit(safe_boot, config, opts) for config in boots]
        gdb_future = pool.submit(safe_gdb_test, args.gdb, opts) if args.gdb else None
        if args.unit:
            tally.emit(run_unit_tests())
            tally.emit(run_unit_tests("test_trace_tools", "trace_tools",
                                      "trace tools unit tests (scripts/trace/)"))
            tally.emit(run_unit_tests("test_check_docs", "docs_check",
                                      "the docs describe the code (scripts/check_docs.py)"))
        for binary in args.host_test:
            tally.emit(run_host_test(binary, args.timeout or HOST_TIMEOUT, args.logs))
        results = []
        for config, future in zip(boots, futures):
            outcome, text = future.result()
            if config.selftest:
                results.append((config, outcome, text))
            else:
                tally.emit(outcome)
        if gdb_future:
            tally.emit(gdb_future.result()[0])
        if args.console:  # after the boots: one QEMU at a time, as --jobs 1 wants
            tally.emit(run_console_test(args.console, args.build_dir, args.logs))
        if args.screen:
            tally.emit(run_screen_test(args.screen, args.build_dir, args.logs))
        if results:
            tally.emit(selftest_outcome(results))
    print(format_summary(*tally.totals))
    return 0 if tally.totals[1] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
