"""Where a benchmark's instructions go: `bench.py --profile`.

QEMU logs every translation block it executes when given
`-d exec,nochain` (`nochain` stops it from jumping from block to block
without coming back to the loop that logs), and the guest instructions of
every block it translates with `-d in_asm`.  Under -icount the log is the
same on every run.  This module reads that log as QEMU writes it, through
a FIFO (a run writes gigabytes), and for each timed run of a benchmark,
between the calls of bench_profile_begin() and bench_profile_end()
(tests/bench/bench.c), adds up the instructions of each executed block
to the function the block starts in.  A block never spans two functions:
it ends at the first jump, call or return.

The counts are exact but for the blocks that an expiring icount budget
(a timer interrupt is due) cuts short: QEMU logs the block, executes
part of it or none, and translates the rest anew.  That is a handful of
instructions per timer interrupt, against the millions in a run.

Only the kernel's text is logged (`-dfilter`), so the BIOS and GRUB
cost nothing, but everything from start_kernel() on is, so keep the
iteration count low: 1,000 operations of a 1,000-instruction benchmark
take about a minute.
"""

from __future__ import annotations

import bisect
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

QEMU_LOG_FLAGS = "in_asm,exec,nochain"
BEGIN, END = "bench_profile_begin", "bench_profile_end"

_INSN_RE = re.compile(r"^0x([0-9a-f]+):")
_TRACE_RE = re.compile(r"^Trace (\d+): (0x[0-9a-f]+) \[[0-9a-f]+/([0-9a-f]+)/")


def _is_instruction(rest: str) -> bool:
    """In an `in_asm` line, after the address: bytes, then the instruction.
    An instruction of more than 8 bytes goes on in a line of bytes alone."""
    return any(len(word) != 2 or word.strip("0123456789abcdef") for word in rest.split())


class Symbols:
    """The kernel's functions, from the `nm -n` listing the build leaves
    next to the ELF (<kernel>.nm)."""

    def __init__(self, nm_path: Path) -> None:
        starts: List[Tuple[int, str]] = []
        for line in nm_path.read_text().splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "tTwW":
                starts.append((int(parts[0], 16), parts[2]))
        starts.sort()
        self.addrs = [addr for addr, _ in starts]
        self.names = [name for _, name in starts]
        named = {name: addr for addr, name in starts}
        self.text = (named["_text"], named["_etext"])
        self.begin, self.end = named[BEGIN], named[END]

    def name(self, addr: int) -> str:
        i = bisect.bisect_right(self.addrs, addr) - 1
        return self.names[i] if i >= 0 else f"{addr:#x}"

    def name_offset(self, addr: int) -> str:
        """function+0xoffset, as a backtrace prints it."""
        i = bisect.bisect_right(self.addrs, addr) - 1
        return f"{self.names[i]}+{addr - self.addrs[i]:#x}" if i >= 0 else f"{addr:#x}"


def qemu_args(symbols: Symbols, log: Path) -> Tuple[str, ...]:
    """What QEMU needs to write the log this module reads."""
    start, end = symbols.text
    return ("-d", QEMU_LOG_FLAGS, "-D", str(log), "-dfilter", f"{start:#x}..{end - 1:#x}")


@dataclass
class Region:
    """One timed run: instructions per function start address."""

    insns: Dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.insns.values())


class LogReader:
    """Reads QEMU's log as it is written and keeps the timed regions."""

    def __init__(self, symbols: Symbols) -> None:
        self.symbols = symbols
        self.regions: List[Region] = []
        self.blocks: Dict[str, int] = {}  # host address of a block -> guest insns
        self.pending: Dict[int, int] = {}  # translated, not yet executed: pc -> insns
        self.error: Optional[BaseException] = None

    def read(self, path: Path) -> None:
        try:
            with open(path, "r", errors="replace") as log:
                self._parse(log)
        except BaseException as error:  # noqa: B036  (reported by the caller)
            self.error = error

    def _parse(self, log) -> None:
        region: Optional[Region] = None
        first_pc, count = None, 0
        for line in log:
            if line.startswith("Trace "):
                match = _TRACE_RE.match(line)
                if not match or match[1] != "0":
                    continue  # the benchmarks run on CPU 0
                host, pc = match[2], int(match[3], 16)
                if pc in self.pending:  # its first run: now we know its host address
                    self.blocks[host] = self.pending.pop(pc)
                if pc == self.symbols.begin:
                    region = Region()
                elif pc == self.symbols.end and region is not None:
                    self.regions.append(region)
                    region = None
                elif region is not None:
                    region.insns[pc] = region.insns.get(pc, 0) + self.blocks.get(host, 0)
            elif line.startswith("IN:"):
                first_pc, count = None, 0
            elif line.startswith("0x"):
                match = _INSN_RE.match(line)
                if match and _is_instruction(line[match.end():]):
                    if first_pc is None:
                        first_pc = int(match[1], 16)
                    count += 1
            elif not line.strip() and first_pc is not None:
                self.pending[first_pc] = count
                first_pc, count = None, 0


class FifoLog:
    """A FIFO for QEMU's -D, read by a LogReader in a thread."""

    def __init__(self, symbols: Symbols) -> None:
        self.dir = tempfile.TemporaryDirectory(prefix="bench-profile-")
        self.path = Path(self.dir.name) / "qemu.log"
        os.mkfifo(self.path)
        self.reader = LogReader(symbols)
        self.thread = threading.Thread(target=self.reader.read, args=(self.path,), daemon=True)
        self.thread.start()

    def finish(self, timeout: float = 600) -> LogReader:
        """Waits for the reader once QEMU has exited (and closed the FIFO)."""
        if self.thread.is_alive():
            # QEMU may have died before opening the FIFO: open it ourselves,
            # so that the reader sees an empty log rather than block forever.
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
                os.close(fd)
            except OSError:
                pass
        self.thread.join(timeout)
        self.dir.cleanup()
        return self.reader


def format_profile(name: str, ops: int, insn_per_op: float, region: Region,
                   symbols: Symbols, top: int, blocks: int = 0) -> List[str]:
    """A benchmark's functions, most instructions first, per operation;
    then its @blocks hottest blocks, by the address they start at."""
    per_function: Dict[str, int] = {}
    for pc, insns in region.insns.items():
        function = symbols.name(pc)
        per_function[function] = per_function.get(function, 0) + insns
    total = region.total
    lines = [f"profile of {name}: {ops:,} ops, {insn_per_op:,.1f} insn/op measured, "
             f"{total / ops:,.1f} insn/op in the log"]
    lines.append(f"  {'insn/op':>9}  {'share':>6}  function")
    ranked = sorted(per_function.items(), key=lambda item: (-item[1], item[0]))
    for function, insns in ranked[:top]:
        lines.append(f"  {insns / ops:9,.1f}  {100 * insns / total:5.1f}%  {function}")
    rest = sum(insns for _, insns in ranked[top:])
    if rest:
        lines.append(f"  {rest / ops:9,.1f}  {100 * rest / total:5.1f}%  "
                     f"({len(ranked) - top} more functions)")
    if blocks:
        lines.append(f"  {'insn/op':>9}  {'share':>6}  block (objdump -d from there)")
        hottest = sorted(region.insns.items(), key=lambda item: (-item[1], item[0]))
        for pc, insns in hottest[:blocks]:
            lines.append(f"  {insns / ops:9,.1f}  {100 * insns / total:5.1f}%  "
                         f"{symbols.name_offset(pc)} ({pc:#x})")
    return lines
