#!/usr/bin/env python3
"""Decode the trace dumps in a serial log (Python 3 standard library only).

    tracedump.py LOG                 the events as text, one per line
    tracedump.py LOG --check         only the damage report; exit 1 if damaged

The kernel's trace_dump() (kernel/trace/trace_dump.c) writes

    TRACE-BEGIN version=1
    TRACE <seq> <base64 payload> <crc32 of seq (u32 LE) + payload>
    ...
    TRACE-END frames=<n>

one frame per console line, maybe behind printk's "[  1.23] [CPU0] " prefix
and with other lines in between.  A frame whose checksum, base64 or layout
is wrong is skipped and reported, and so is every frame number that never
arrived.  docs/tracing.md describes the events and the format.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import re
import struct
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

_FRAME_RE = re.compile(r"TRACE (\d+) (\S+) ([0-9a-f]{8})\s*$")
_BEGIN_RE = re.compile(r"TRACE-BEGIN version=(\d+)")
_END_RE = re.compile(r"TRACE-END frames=(\d+)")

ENTRY = struct.Struct("<QIHBBi")  # ts, seq, type, cpu, flags, pid; then 44 bytes
ENTRY_SIZE = 64
COMM = 16

# Task states (include/kernel/sched.h), for prev_state.
TASK_RUNNING = 0x0
TASK_INTERRUPTIBLE = 0x1
TASK_UNINTERRUPTIBLE = 0x2
TASK_PARKED = 0x40
TASK_DEAD = 0x80
TASK_NEW = 0x800
TASK_FROZEN = 0x8000

# Event types: the numbers of enum trace_event_type, the fields of each.
EVENTS: Dict[int, Tuple[str, str, Tuple[str, ...]]] = {
    1: ("sched_switch", "<16siI16si",
        ("prev_comm", "prev_pid", "prev_state", "next_comm", "next_pid")),
    2: ("sched_wakeup", "<16siI", ("comm", "pid", "target_cpu")),
    3: ("sched_wakeup_new", "<16siI", ("comm", "pid", "target_cpu")),
    4: ("sched_migrate_task", "<16siII", ("comm", "pid", "orig_cpu", "dest_cpu")),
    5: ("sched_kthread_stop", "<16si", ("comm", "pid")),
    6: ("sched_kthread_stop_ret", "<i", ("ret",)),
    7: ("kthread_create", "<16si", ("comm", "pid")),
    8: ("kthread_park", "<16si", ("comm", "pid")),
    9: ("kthread_unpark", "<16si", ("comm", "pid")),
    10: ("sched_kthread_work_queue_work", "<QQiI", ("work", "function", "worker_pid", "target_cpu")),
    11: ("sched_kthread_work_execute_start", "<QQiI", ("work", "function", "worker_pid", "target_cpu")),
    12: ("sched_kthread_work_execute_end", "<QQiI", ("work", "function", "worker_pid", "target_cpu")),
    13: ("timer_expire", "<QQQQ", ("timer", "function", "expires", "now")),
    14: ("cpu_hotplug", "<IBBHi", ("cpu", "online", "done", "pad", "ret")),
}
GROUPS = ("sched", "kthread", "work", "timer", "cpu")
FLAG_NAMES = ((0x4, "nmi"), (0x1, "hardirq"), (0x2, "softirq"))


def state_letter(state: int) -> str:
    """Linux's letters for a task state, as ps and the trace show them."""
    if state == TASK_RUNNING:
        return "R"
    for bit, letter in ((TASK_DEAD, "X"), (TASK_PARKED, "P"), (TASK_FROZEN, "F"),
                        (TASK_NEW, "N"), (TASK_UNINTERRUPTIBLE, "D"),
                        (TASK_INTERRUPTIBLE, "S")):
        if state & bit:
            return letter
    return f"0x{state:x}"


def _comm(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("utf-8", errors="replace")


@dataclass
class Event:
    """One decoded record."""

    ts: int  # ns since boot
    cpu: int
    pid: int  # the task that was running (0: an idle task)
    name: str
    fields: Dict[str, object]
    flags: int = 0

    def __getitem__(self, key: str) -> object:
        return self.fields[key]


@dataclass
class CpuInfo:
    records: int  # the kernel's count
    lost: int  # overwritten in the ring (or unreadable)
    received: int = 0


@dataclass
class Dump:
    """One TRACE-BEGIN..TRACE-END dump, decoded."""

    version: int = 0
    nr_cpus: int = 0
    ring_size: int = 0
    groups: int = 0
    end_ns: int = 0
    cpus: Dict[int, CpuInfo] = field(default_factory=dict)
    events: List[Event] = field(default_factory=list)  # sorted by time
    ring_order: List[Event] = field(default_factory=list)  # per CPU, oldest first
    tasks: Dict[int, str] = field(default_factory=dict)  # pid -> comm, alive at dump time
    symbols: Dict[int, str] = field(default_factory=dict)
    damaged: List[str] = field(default_factory=list)  # one line per problem
    frames_expected: Optional[int] = None
    frames_received: int = 0
    complete: bool = False  # TRACE-END seen

    @property
    def missing_frames(self) -> int:
        if self.frames_expected is None:
            return 0
        return max(0, self.frames_expected - self.frames_received)

    def comm(self, pid: int, cpu: Optional[int] = None) -> str:
        """A task's name: from the task table, else from the records."""
        if pid == 0:
            return f"swapper/{cpu}" if cpu is not None else "swapper"
        return self.tasks.get(pid) or self._seen_comms.get(pid) or f"pid {pid}"

    def symbol(self, address: int) -> str:
        return self.symbols.get(address) or f"0x{address:x}"

    def group_names(self) -> List[str]:
        return [name for bit, name in enumerate(GROUPS) if self.groups & (1 << bit)]

    def lost_total(self) -> int:
        return sum(info.lost for info in self.cpus.values())

    _seen_comms: Dict[int, str] = field(default_factory=dict)


def _decode_event(raw: bytes) -> Event:
    ts, _seq, type_, cpu, flags, pid = ENTRY.unpack_from(raw)
    if type_ not in EVENTS:
        raise ValueError(f"unknown event type {type_}")
    name, fmt, names = EVENTS[type_]
    values = struct.unpack_from(fmt, raw, ENTRY.size)
    fields = {key: (_comm(value) if isinstance(value, bytes) else value)
              for key, value in zip(names, values)}
    fields.pop("pad", None)
    return Event(ts, cpu, pid, name, fields, flags)


def _apply_frame(dump: Dump, payload: bytes) -> None:
    """Adds one checked frame's content to @dump; ValueError if malformed."""
    kind, body = payload[:1], payload[1:]
    if kind == b"H":
        dump.version, dump.nr_cpus, _size, dump.ring_size, dump.groups, dump.end_ns = \
            struct.unpack("<IIIIIQ", body)
    elif kind == b"C":
        cpu, records, lost = struct.unpack("<IQQ", body)
        dump.cpus[cpu] = CpuInfo(records, lost)
    elif kind == b"R":
        if len(body) != ENTRY_SIZE:
            raise ValueError(f"record of {len(body)} bytes")
        event = _decode_event(body)
        dump.events.append(event)
        if event.cpu in dump.cpus:
            dump.cpus[event.cpu].received += 1
    elif kind == b"T":
        pid, comm, _cpu, _state = struct.unpack("<i16sII", body)
        dump.tasks[pid] = _comm(comm)
    elif kind == b"S":
        (address,) = struct.unpack_from("<Q", body)
        dump.symbols[address] = body[8:].decode("utf-8", errors="replace")
    else:
        raise ValueError(f"unknown frame kind {kind!r}")


def _check_frame(match: re.Match) -> Tuple[int, bytes]:
    """(seq, payload) of a frame line, or ValueError saying what is wrong."""
    seq = int(match.group(1))
    try:
        payload = base64.b64decode(match.group(2), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError(f"bad base64 ({error})") from None
    crc = zlib.crc32(payload, zlib.crc32(struct.pack("<I", seq & 0xffffffff)))
    if crc != int(match.group(3), 16):
        raise ValueError("checksum mismatch")
    if not payload:
        raise ValueError("empty frame")
    return seq, payload


def _remember_comms(dump: Dump) -> None:
    for event in dump.events:
        for pid_key, comm_key in (("prev_pid", "prev_comm"), ("next_pid", "next_comm"),
                                  ("pid", "comm")):
            pid, comm = event.fields.get(pid_key), event.fields.get(comm_key)
            if isinstance(pid, int) and pid > 0 and comm:
                dump._seen_comms[pid] = str(comm)


def _finish(dump: Dump, seen: set) -> None:
    if dump.frames_expected is not None:
        missing = sorted(set(range(dump.frames_expected)) - seen)
        if missing:
            shown = ", ".join(str(n) for n in missing[:10])
            more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
            dump.damaged.append(f"frames never received: {shown}{more}")
    for cpu, info in sorted(dump.cpus.items()):
        if info.received != info.records:
            dump.damaged.append(f"CPU{cpu}: {info.records - info.received} of "
                                f"{info.records} records missing from the dump")
    dump.ring_order = list(dump.events)
    dump.events.sort(key=lambda e: (e.ts, e.cpu))
    _remember_comms(dump)


def parse_log(text: str) -> List[Dump]:
    """Every dump in a serial log, in order (a dump cut short is included)."""
    dumps: List[Dump] = []
    dump: Optional[Dump] = None
    seen: set = set()
    for number, line in enumerate(text.splitlines(), 1):
        if _BEGIN_RE.search(line):
            if dump is not None:
                dump.damaged.append("no TRACE-END before the next TRACE-BEGIN")
                _finish(dump, seen)
            dump, seen = Dump(), set()
            dumps.append(dump)
            continue
        if dump is None:
            continue
        end = _END_RE.search(line)
        if end:
            dump.frames_expected = int(end.group(1))
            dump.complete = True
            _finish(dump, seen)
            dump = None
            continue
        if "TRACE " not in line:
            continue
        match = _FRAME_RE.search(line)
        try:
            if not match:
                raise ValueError("not a well-formed frame")
            seq, payload = _check_frame(match)
            if seq in seen:
                raise ValueError(f"frame {seq} twice")
            _apply_frame(dump, payload)
            seen.add(seq)
            dump.frames_received += 1
        except (ValueError, struct.error) as error:
            dump.damaged.append(f"line {number}: damaged frame skipped: {error}")
    if dump is not None:
        dump.damaged.append("the log ends before TRACE-END")
        _finish(dump, seen)
    return dumps


def load(path: Path, which: int = -1) -> Dump:
    """The last (or @which) dump of the log at @path; ValueError if none."""
    dumps = parse_log(Path(path).read_text("utf-8", errors="replace"))
    if not dumps:
        raise ValueError(f"{path}: no TRACE-BEGIN in this log (was tracing on, "
                         "and did the kernel call trace_dump()?)")
    return dumps[which]



def load_for_tool(prog: str, path: Path, which: int = -1) -> Optional[Dump]:
    """load() for a command-line tool: errors and damaged frames go to
    stderr under the tool's name @prog; None when there is no dump."""
    try:
        dump = load(path, which)
    except (OSError, ValueError, IndexError) as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return None
    for problem in dump.damaged:
        print(f"{prog}: warning: {problem}", file=sys.stderr)
    return dump

def describe(dump: Dump, event: Event) -> str:
    """ftrace-like text for one event."""
    f = event.fields
    if event.name == "sched_switch":
        detail = (f"prev_comm={f['prev_comm']} prev_pid={f['prev_pid']} "
                  f"prev_state={state_letter(int(f['prev_state']))} ==> "
                  f"next_comm={f['next_comm']} next_pid={f['next_pid']}")
    elif event.name.startswith("sched_kthread_work_"):
        detail = f"work=0x{f['work']:x} function={dump.symbol(int(f['function']))}"
        if event.name == "sched_kthread_work_queue_work":
            detail += f" worker_pid={f['worker_pid']} cpu={f['target_cpu']}"
    elif event.name == "timer_expire":
        detail = (f"timer=0x{f['timer']:x} function={dump.symbol(int(f['function']))} "
                  f"expires={f['expires']} now={f['now']}")
    elif event.name == "cpu_hotplug":
        detail = (f"cpu={f['cpu']} {'up' if f['online'] else 'down'} "
                  f"{'done ret=' + str(f['ret']) if f['done'] else 'start'}")
    else:
        detail = " ".join(f"{key}={value}" for key, value in f.items())
    context = "".join(f" [{name}]" for bit, name in FLAG_NAMES if event.flags & bit)
    who = f"{dump.comm(event.pid, event.cpu)}-{event.pid}"
    return (f"{who:>24} [{event.cpu:03d}] {event.ts // 10**9:5d}.{event.ts % 10**9:09d}: "
            f"{event.name}:{context} {detail}")


def summary(dump: Dump) -> List[str]:
    lines = [f"# trace: {len(dump.events)} events on {len(dump.cpus)} CPUs, "
             f"groups {','.join(dump.group_names()) or 'none'}"]
    for cpu, info in sorted(dump.cpus.items()):
        lines.append(f"# CPU{cpu}: {info.records} records, {info.lost} lost (ring overflow)")
    for problem in dump.damaged:
        lines.append(f"# damaged: {problem}")
    return lines


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Decode a trace dump from a serial log.")
    parser.add_argument("log", type=Path, help="serial log holding TRACE-BEGIN..TRACE-END")
    parser.add_argument("--dump", type=int, default=-1, help="which dump (default: the last)")
    parser.add_argument("--check", action="store_true", help="only report damage")
    args = parser.parse_args(argv)
    try:
        dump = load(args.log, args.dump)
    except (OSError, ValueError, IndexError) as error:
        print(f"tracedump: {error}", file=sys.stderr)
        return 2
    for line in summary(dump):
        print(line)
    if not args.check:
        for event in dump.events:
            print(describe(dump, event))
    return 1 if args.check and dump.damaged else 0


if __name__ == "__main__":
    sys.exit(main())
