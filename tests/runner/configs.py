"""The QEMU configurations `make test` boots the test kernel in.

Adding a configuration is one line in CONFIGS.  Normal configurations
(`default=True`) run on every `make test`; `--config NAME` picks others.

Self-test configurations (`selftest=True`) boot the same test kernel with a
`ktest.filter=` that selects one case of the kernel's manual `selftest`
suite, which breaks on purpose; `expect` says which verdict run.py must
reach, so the runner proves it notices each kind of breakage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

DEFAULT_TIMEOUT = 120  # seconds of wall clock per boot, TCG is slow
SMP_TIMEOUT = 300

# Every boot starts with these (run.py puts them first on the command line,
# so a config's own key=value wins).  A CPU that does not schedule for
# 2 * 5 s, a task blocked for 60 s and a work running for 60 s are reported,
# and the report panics the kernel, so the run ends at once with every
# CPU's last task instead of waiting for the timeout.  The thresholds are
# generous on purpose: a stress case on a busy host must not trip them.
# Guest time is counted in ticks, which a virtual CPU the host does not run
# does not take.
WATCHDOG_CMDLINE = ("watchdog_thresh=5 hung_task_timeout_secs=60 work_timeout_secs=60 "
                    "softlockup_panic=1 hardlockup_panic=1 hung_task_panic=1")
# The deliberate watchdog boots: report within about two seconds.
SHORT_WATCHDOGS = "watchdog_thresh=1 hung_task_timeout_secs=1 work_timeout_secs=1"


@dataclass(frozen=True)
class Expect:
    """The verdict a self-test boot must get (verdict names are run.py's)."""

    verdict: str
    case: str = ""  # the case the verdict must name ("" = any)
    log_contains: str = ""  # text the serial log must contain ("" = none)
    reason_contains: str = ""  # text the verdict's reason must contain ("" = none)
    # The panic must end with a whole report from each of CPUs 0..n-1, once
    # each, none interleaved, no fault among them (crash_report.py; 0 = no check).
    cpu_reports: int = 0


@dataclass(frozen=True)
class Config:
    """One way to boot the test kernel."""

    name: str  # also names the ISO and the log: <logs>/<name>.log
    smp: int = 1
    cmdline: str = ""  # kernel command line (runner's --cmdline is appended)
    timeout: float = DEFAULT_TIMEOUT
    default: bool = False
    selftest: bool = False
    expect: Optional[Expect] = None
    qemu_args: Tuple[str, ...] = ()  # extra QEMU arguments, e.g. ("-cpu", "max")
    # The boot ends with a trace dump: tests/trace/e2e.py checks it (suite
    # trace_e2e) and writes it as text, JSON and SVG under <build>/trace/.
    trace: bool = False


def _selftest(case: str, expect: Expect, timeout: float = DEFAULT_TIMEOUT,
              cmdline: str = "") -> Config:
    """A boot running only `selftest.<case>`, logged as selftest-<case>.log."""
    return Config(name=f"selftest-{case}", cmdline=f"ktest.filter=selftest.{case} {cmdline}".strip(),
                  timeout=timeout, selftest=True, expect=expect)


def _watchdog_selftest(case: str, report: str) -> Config:
    """A boot whose case gets stuck on purpose: the verdict must be a
    watchdog report that starts with @report, blaming the case."""
    return _selftest(case, Expect("watchdog report", case=f"selftest.{case}",
                                  reason_contains=report),
                     timeout=30, cmdline=SHORT_WATCHDOGS)


CONFIGS: Tuple[Config, ...] = (
    # The SMP boots get a long timeout: it only has to catch a hang, and
    # cross-CPU stress cases slow down tenfold when the host is busy.
    Config("smp1", smp=1, cmdline="ktest.seed=42", default=True),
    Config("smp2", smp=2, cmdline="ktest.seed=42", timeout=SMP_TIMEOUT, default=True),
    Config("smp4", smp=4, cmdline="ktest.seed=42", timeout=SMP_TIMEOUT, default=True),
    # maxcpus= must leave the other CPUs offline (test_smp.c checks the count).
    Config("smp4-maxcpus2", smp=4, cmdline="ktest.seed=42 maxcpus=2", timeout=SMP_TIMEOUT,
           default=True),
    # The kthread, worker and waiting suites with the chaos points on
    # (docs/reliability.md): --config smp2-chaos; make stress does more.
    Config("smp2-chaos", smp=2, cmdline="ktest.seed=42 ktest.chaos=1 "
           "ktest.filter=kthread.*,kthread_worker.*,wait.*,completion.*",
           timeout=SMP_TIMEOUT),
    # Tracing from boot: the trace suite's scenario must come out of the
    # serial dump in order and convert to Perfetto JSON and SVG.
    Config("trace", smp=2, cmdline="ktest.seed=42 ktest.filter=trace.* trace=all",
           timeout=SMP_TIMEOUT, default=True, trace=True),

    _selftest("fails", Expect("failed", case="selftest.fails")),
    _selftest("panics", Expect("kernel panic", case="selftest.panics")),
    # Short timeout: this one is expected to hang, and waiting costs time.
    # The runner then asks GDB where the CPU is, and names it.
    _selftest("hangs", Expect("timeout", case="selftest.hangs", reason_contains="(CPU0 in "),
              timeout=20),
    _selftest("double_fault", Expect("kernel panic", case="selftest.double_fault",
                                     log_contains="double fault")),
    _selftest("triple_fault", Expect("reboot or triple fault",
                                     case="selftest.triple_fault")),
    # A panic on CPU 1 must stop CPU 0, which says what it was running.
    Config(name="selftest-panic_on_other_cpu", smp=2,
           cmdline="ktest.filter=selftest.panic_on_other_cpu", selftest=True,
           expect=Expect("kernel panic", case="selftest.panic_on_other_cpu",
                         log_contains="CPU0: stopped; it was running init")),

    # A panic while the 3 other CPUs spin with interrupts off: 4 whole
    # reports, one CPU at a time, each on its own stack (docs/debugging.md).
    Config(name="selftest-panic_while_others_spin", smp=4,
           cmdline="ktest.filter=selftest.panic_while_others_spin", selftest=True,
           timeout=SMP_TIMEOUT,
           expect=Expect("kernel panic", case="selftest.panic_while_others_spin",
                         cpu_reports=4)),

    # Each watchdog must name what got stuck (docs/reliability.md).
    _watchdog_selftest("softlockup", "BUG: soft lockup - CPU#0 stuck for"),
    # CPU 0 spins with interrupts off: the hard-lockup detector on CPU 1
    # must name it, and CPU 0's backtrace by NMI the spinning function.
    # Its report comes about 1.5 s of guest time after the case starts, but
    # booting 2 CPUs on a loaded host took up to 28 s before the case ran.
    Config(name="selftest-hardlockup", smp=2,
           cmdline=f"ktest.filter=selftest.hardlockup {SHORT_WATCHDOGS}", selftest=True,
           timeout=60,
           expect=Expect("watchdog report", case="selftest.hardlockup",
                         reason_contains="Watchdog detected hard LOCKUP on cpu 0",
                         log_contains="CPU0: backtrace by NMI; it was running init")),
    _watchdog_selftest("hung_task", "INFO: task init:1 blocked for more than 1 seconds"),
    _watchdog_selftest("work_timeout", "INFO: work selftest_endless_work+0x0/"),

    # Not a runner self-test but a kernel test whose correct outcome is a
    # panic: overflowing a guarded stack must hit the guard page and be
    # reported as a stack overflow, never corrupt memory or triple-fault.
    Config(name="stack_overflow",
           cmdline="ktest.filter=stack_overflow.overflow_hits_the_guard_page",
           selftest=True,
           expect=Expect("kernel panic", case="stack_overflow.overflow_hits_the_guard_page",
                         log_contains="kernel stack overflow in thread init")),
)
