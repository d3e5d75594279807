"""The per-CPU reports of a kernel panic, and whether each is whole.

panic() prints its own CPU's report, then stops every other CPU, each of
which prints its own, one at a time (kernel/panic.c, kernel/smp.c):

    CPU2: stopped; it was running selftest-spin/2
    RIP: [<ffffffff80124072>] selftest_spin_irqs_off+0x12/0x20
    CS:  0008 SS: 0010 EFLAGS: 00000002 ERR: 0000000000000000
    RSP: ... RBP: ...
    RAX: ... (the general registers, then CR0 to CR4)
    Call Trace:
     [<ffffffff8010ad3b>] ret_from_fork_asm+0xd/0x22

A report is whole when it has its header, RIP with a symbol, every
register line and a call trace of at least one frame, and every line of
it was printed by that CPU (the "[CPUn]" tag of each line): lines of
another CPU inside it mean reports interleaved.  Between the panic line
and its end no fault may be reported: that would be the dump path itself
faulting.  Python standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import ktap

HEADER_RE = re.compile(r"^CPU(\d+): (panicked|stopped); it was running \S+")
RIP_RE = re.compile(r"^RIP: \[<[0-9a-f]{16}>\] [A-Za-z_.$][\w.$]*\+0x[0-9a-f]+/0x[0-9a-f]+$")
REGISTER_LINES = ("CS:", "RSP:", "RAX:", "RDX:", "R08:", "R11:", "R14:", "CR0:")
FRAME_RE = re.compile(r"^\[<[0-9a-f]{16}>\] \S+")
END_RE = re.compile(r"^---\[ end Kernel panic")
FAULT_RES = (
    re.compile(r"BUG: unable to handle page fault"),
    re.compile(r"general protection fault"),
    re.compile(r"\(vector \d+\): error code"),
    re.compile(r"double fault"),
    re.compile(r"did not answer the stop NMI"),
    re.compile(r"report did not end"),
)
_CPU_TAG_RE = re.compile(r"^\[\s*\d+\.\d+\]\s?\[CPU(\d+)\]")


@dataclass
class CpuReport:
    """One CPU's report: its lines, and what is wrong with it."""

    cpu: int
    lines: List[str] = field(default_factory=list)
    printed_by: List[Optional[int]] = field(default_factory=list)

    def problems(self) -> List[str]:
        found: List[str] = []
        body = self.lines[1:]
        if not any(RIP_RE.match(line) for line in body):
            found.append("no RIP line with a symbol")
        for start in REGISTER_LINES:
            if not any(line.startswith(start) for line in body):
                found.append(f"no {start} line")
        if "Call Trace:" not in body:
            found.append("no call trace")
        else:
            frames = body[body.index("Call Trace:") + 1:]
            if not frames or not FRAME_RE.match(frames[0]):
                found.append("an empty call trace")
        strangers = {cpu for cpu in self.printed_by if cpu is not None and cpu != self.cpu}
        if strangers:
            found.append("lines printed by CPU " + ", ".join(map(str, sorted(strangers)))
                         + " inside it (interleaved)")
        return found


def cpu_reports(log_text: str) -> tuple[Dict[int, List[CpuReport]], List[str]]:
    """The reports after the first panic line, by CPU, and the faults
    reported among them."""
    reports: Dict[int, List[CpuReport]] = {}
    faults: List[str] = []
    current: Optional[CpuReport] = None
    in_panic = False
    for raw in log_text.splitlines():
        tag = _CPU_TAG_RE.match(raw)
        line = ktap.strip_prefix(raw.rstrip("\r")).strip()
        if not in_panic:
            in_panic = ktap.PANIC_MARKER in line
            continue
        if END_RE.match(line):
            break
        if any(regex.search(line) for regex in FAULT_RES):
            faults.append(line)
        header = HEADER_RE.match(line)
        if header:
            current = CpuReport(int(header.group(1)))
            reports.setdefault(current.cpu, []).append(current)
        elif current is None or not line:
            continue
        current.lines.append(line)
        current.printed_by.append(int(tag.group(1)) if tag else None)
    return reports, faults


def check(log_text: str, cpus: int) -> List[str]:
    """What is missing or wrong in the panic reports of CPUs 0..cpus-1
    (empty: each is there once, whole, and nothing faulted)."""
    reports, faults = cpu_reports(log_text)
    problems = [f"a fault inside the panic reports: {line}" for line in faults]
    for cpu in range(cpus):
        mine = reports.get(cpu, [])
        if len(mine) != 1:
            problems.append(f"CPU{cpu}: {len(mine)} reports, not 1")
        for report in mine:
            problems.extend(f"CPU{cpu}: {problem}" for problem in report.problems())
    for cpu in sorted(set(reports) - set(range(cpus))):
        problems.append(f"CPU{cpu}: a report from a CPU that should not exist")
    problems.extend(_shared_stacks(reports))
    return problems


def _shared_stacks(reports: Dict[int, List[CpuReport]]) -> List[str]:
    """Two CPUs cannot be on one stack: the same RSP in two reports means
    their NMIs shared a stack and one's saved registers overwrote the
    other's (the boot CPU's IST stacks copied to every CPU, issue 14)."""
    seen: Dict[str, int] = {}
    problems: List[str] = []
    for cpu in sorted(reports):
        for report in reports[cpu]:
            rsp = next((line.split()[1] for line in report.lines if line.startswith("RSP:")), None)
            if rsp is None:
                continue
            if rsp in seen and seen[rsp] != cpu:
                problems.append(f"CPU{cpu}: the same RSP as CPU{seen[rsp]} ({rsp}): a shared stack")
            seen.setdefault(rsp, cpu)
    return problems
