#!/usr/bin/env python3
"""Turn a trace dump into Chrome Trace Event JSON, which ui.perfetto.dev
(and chrome://tracing) open.

    perfetto.py LOG -o trace.json

Tracks: process "CPUs" has one track per CPU, whose slices are the tasks
that ran there; process "kthreads" has one track per thread, whose slices
are its states (Running, Runnable, Sleeping, Parked), and a "<name> works"
track for the kthread_work functions it ran.  Flow arrows go from each
wake-up to the moment the woken thread ran; the other events are instants
on their CPU.  Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional

import timeline
import tracedump

CPU_PROCESS = 1
THREAD_PROCESS = 2
WORK_TID_BASE = 1_000_000  # work tracks: tid = WORK_TID_BASE + pid


def _us(ns: int) -> float:
    return ns / 1000.0


def _meta(pid: int, tid: Optional[int], name: str, sort: int) -> List[Dict]:
    if tid is None:
        return [{"ph": "M", "pid": pid, "name": "process_name", "args": {"name": name}},
                {"ph": "M", "pid": pid, "name": "process_sort_index", "args": {"sort_index": sort}}]
    return [{"ph": "M", "pid": pid, "tid": tid, "name": "thread_name", "args": {"name": name}},
            {"ph": "M", "pid": pid, "tid": tid, "name": "thread_sort_index",
             "args": {"sort_index": sort}}]


def _slice(pid: int, tid: int, s: timeline.Slice, name: str, cat: str, args: Dict) -> Dict:
    return {"ph": "X", "pid": pid, "tid": tid, "ts": _us(s.start), "dur": _us(s.end - s.start),
            "name": name, "cat": cat, "args": args}


def _instant_args(dump: tracedump.Dump, e: tracedump.Event) -> Dict:
    args = dict(e.fields)
    if "function" in args:
        args["function"] = dump.symbol(int(args["function"]))
    for key in ("work", "timer"):
        if key in args:
            args[key] = f"0x{args[key]:x}"
    args["by"] = f"{dump.comm(e.pid, e.cpu)}-{e.pid}"
    return args


def convert(dump: tracedump.Dump) -> Dict:
    """The JSON object (a dict) for @dump."""
    tl = timeline.build(dump)
    events: List[Dict] = []
    events += _meta(CPU_PROCESS, None, "CPUs", 0)
    events += _meta(THREAD_PROCESS, None, "kthreads", 1)
    for cpu in tl.cpus:
        events += _meta(CPU_PROCESS, cpu, f"CPU {cpu}", cpu)
    for order, pid in enumerate(tl.threads()):
        events += _meta(THREAD_PROCESS, pid, f"{tl.names[pid]} ({pid})", 2 * order)
    for pid in sorted({s.pid for s in tl.work_slices}):
        order = tl.threads().index(pid) if pid in tl.thread_states else len(tl.thread_states)
        events += _meta(THREAD_PROCESS, WORK_TID_BASE + pid,
                        f"{tl.names.get(pid, dump.comm(pid))} works", 2 * order + 1)

    for s in tl.cpu_slices:
        if s.pid:  # idle time stays empty
            events.append(_slice(CPU_PROCESS, s.cpu, s, s.name, "sched", {"pid": s.pid}))
    for pid, lane in tl.thread_states.items():
        for s in lane:
            args = {"cpu": s.cpu} if s.state == timeline.RUNNING else {}
            events.append(_slice(THREAD_PROCESS, pid, s, s.state.capitalize(), "state", args))
    for s in tl.work_slices:
        events.append(_slice(THREAD_PROCESS, WORK_TID_BASE + s.pid, s, s.name, "work",
                             {"function": s.name}))
    for n, w in enumerate(tl.wakeups, 1):
        common = {"cat": "wakeup", "name": "wakeup", "id": n}
        events.append({**common, "ph": "s", "pid": CPU_PROCESS, "tid": w.waker_cpu,
                       "ts": _us(w.wake_ts)})
        events.append({**common, "ph": "f", "bp": "e", "pid": CPU_PROCESS, "tid": w.run_cpu,
                       "ts": _us(w.run_ts)})
    for e in tl.marks:
        events.append({"ph": "i", "s": "t", "pid": CPU_PROCESS, "tid": e.cpu, "ts": _us(e.ts),
                       "name": e.name, "cat": "event", "args": _instant_args(dump, e)})
    return {
        "traceEvents": events,
        "displayTimeUnit": "ns",
        "otherData": {
            "source": "kthreads trace dump",
            "groups": ",".join(dump.group_names()),
            "lost": {f"CPU{cpu}": info.lost for cpu, info in sorted(dump.cpus.items())},
            "damaged": dump.damaged,
        },
    }


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Trace dump -> Perfetto/Chrome JSON.")
    parser.add_argument("log", type=Path, help="serial log holding a trace dump")
    parser.add_argument("-o", "--output", type=Path, required=True, help="JSON file to write")
    parser.add_argument("--dump", type=int, default=-1, help="which dump (default: the last)")
    args = parser.parse_args(argv)
    dump = tracedump.load_for_tool("perfetto", args.log, args.dump)
    if dump is None:
        return 2
    args.output.write_text(json.dumps(convert(dump), indent=None, separators=(",", ":")) + "\n",
                           "utf-8")
    print(f"wrote {args.output} ({len(dump.events)} events); open it in https://ui.perfetto.dev")
    return 0


if __name__ == "__main__":
    sys.exit(main())
