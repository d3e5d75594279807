"""What a trace dump says happened, as intervals: the model the pictures draw.

From the decoded events (tracedump.py) it rebuilds

  * CPU slices: which task ran on each CPU, from when to when;
  * thread states: each thread's running / runnable / sleeping / parked /
    frozen intervals (dead after its last switch);
  * wake-ups: from the wake-up (time, waker's CPU) to the moment the woken
    thread next ran (time, CPU): the arrows of the pictures;
  * work slices: a kthread_work's function running in its worker;
  * marks: the other events, at their time, on their CPU.

Python 3 standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from tracedump import TASK_DEAD, TASK_FROZEN, TASK_PARKED, TASK_RUNNING, Dump, Event

RUNNING = "running"
RUNNABLE = "runnable"
SLEEPING = "sleeping"
PARKED = "parked"
FROZEN = "frozen"
STATES = (RUNNING, RUNNABLE, SLEEPING, PARKED, FROZEN)


@dataclass
class Slice:
    start: int
    end: int
    pid: int
    name: str
    cpu: int = -1
    state: str = RUNNING


@dataclass
class Wakeup:
    wake_ts: int
    waker_cpu: int
    waker_pid: int
    pid: int  # the woken thread
    run_ts: int
    run_cpu: int


@dataclass
class Timeline:
    start: int
    end: int
    cpus: List[int]
    cpu_slices: List[Slice] = field(default_factory=list)
    thread_states: Dict[int, List[Slice]] = field(default_factory=dict)
    work_slices: List[Slice] = field(default_factory=list)
    wakeups: List[Wakeup] = field(default_factory=list)
    marks: List[Event] = field(default_factory=list)
    names: Dict[int, str] = field(default_factory=dict)  # pid -> comm

    def threads(self) -> List[int]:
        """Pids with a lane, in order of first appearance."""
        return list(self.thread_states)


def _state_after_switch(prev_state: int) -> Optional[str]:
    """The state a switched-out task is in; None when it died."""
    if prev_state == TASK_RUNNING:
        return RUNNABLE
    if prev_state & TASK_DEAD:
        return None
    if prev_state & TASK_PARKED:
        return PARKED
    if prev_state & TASK_FROZEN:
        return FROZEN
    return SLEEPING


class _Builder:
    def __init__(self, dump: Dump) -> None:
        self.dump = dump
        events = dump.events
        start = events[0].ts if events else 0
        end = events[-1].ts if events else 0
        cpus = sorted(set(dump.cpus) | {e.cpu for e in events})
        self.tl = Timeline(start, end, cpus)
        self.on_cpu: Dict[int, Tuple[int, int]] = {}  # cpu -> (pid, since)
        self.state: Dict[int, Tuple[str, int, int]] = {}  # pid -> (state, since, cpu)
        self.pending_wake: Dict[int, Tuple[int, int, int]] = {}  # pid -> (ts, cpu, waker)
        self.work_open: Dict[int, List[Tuple[int, str]]] = {}  # pid -> [(start, fn)]

    def name(self, pid: int) -> str:
        return self.tl.names.setdefault(pid, self.dump.comm(pid))

    def set_state(self, pid: int, state: Optional[str], ts: int, cpu: int = -1) -> None:
        if pid == 0:
            return
        self.name(pid)
        lane = self.tl.thread_states.setdefault(pid, [])
        old = self.state.pop(pid, None)
        if old and ts > old[1]:
            lane.append(Slice(old[1], ts, pid, self.name(pid), old[2], old[0]))
        if state is not None:
            self.state[pid] = (state, ts, cpu)

    def switch(self, e: Event) -> None:
        prev, nxt = int(e["prev_pid"]), int(e["next_pid"])
        if prev and prev not in self.state:  # first sight: it ran since the start
            self.set_state(prev, RUNNING, self.tl.start, e.cpu)
        was = self.on_cpu.get(e.cpu, (prev, self.tl.start))
        if e.ts > was[1]:
            self.tl.cpu_slices.append(Slice(was[1], e.ts, was[0], self.cpu_name(was[0], e.cpu),
                                            e.cpu))
        self.on_cpu[e.cpu] = (nxt, e.ts)
        self.set_state(prev, _state_after_switch(int(e["prev_state"])), e.ts, e.cpu)
        self.set_state(nxt, RUNNING, e.ts, e.cpu)
        wake = self.pending_wake.pop(nxt, None)
        if wake and nxt:
            self.tl.wakeups.append(Wakeup(wake[0], wake[1], wake[2], nxt, e.ts, e.cpu))

    def cpu_name(self, pid: int, cpu: int) -> str:
        return self.dump.comm(pid, cpu) if pid else f"swapper/{cpu}"

    def wakeup(self, e: Event) -> None:
        pid = int(e["pid"])
        if self.state.get(pid, (None,))[0] != RUNNING:
            self.set_state(pid, RUNNABLE, e.ts, int(e["target_cpu"]))
        self.pending_wake[pid] = (e.ts, e.cpu, e.pid)

    def work(self, e: Event) -> None:
        fn = self.dump.symbol(int(e["function"]))
        if e.name == "sched_kthread_work_execute_start":
            self.work_open.setdefault(e.pid, []).append((e.ts, fn))
        elif e.name == "sched_kthread_work_execute_end" and self.work_open.get(e.pid):
            start, fn = self.work_open[e.pid].pop()
            self.tl.work_slices.append(Slice(start, e.ts, e.pid, fn, e.cpu))
        else:
            self.tl.marks.append(e)

    def finish(self) -> Timeline:
        end = self.tl.end
        for cpu, (pid, since) in self.on_cpu.items():
            if end > since:
                self.tl.cpu_slices.append(Slice(since, end, pid, self.cpu_name(pid, cpu), cpu))
        for pid in list(self.state):
            self.set_state(pid, None, end)
        for pid, opened in self.work_open.items():
            for start, fn in opened:
                self.tl.work_slices.append(Slice(start, end, pid, fn))
        self.tl.cpu_slices.sort(key=lambda s: (s.cpu, s.start))
        return self.tl


def build(dump: Dump) -> Timeline:
    """The timeline of @dump's events."""
    b = _Builder(dump)
    for e in dump.events:
        if e.name == "sched_switch":
            b.switch(e)
        elif e.name in ("sched_wakeup", "sched_wakeup_new"):
            b.wakeup(e)
            if e.name == "sched_wakeup_new":
                b.tl.marks.append(e)
        elif e.name.startswith("sched_kthread_work_"):
            b.work(e)
        elif e.name == "sched_migrate_task":
            continue  # visible as a thread changing lanes
        else:
            b.tl.marks.append(e)
            if e.name == "kthread_create":
                b.name(int(e["pid"]))
    return b.finish()


def subject(e: Event) -> Optional[int]:
    """The thread a mark is about (kthread_park's target...), if any."""
    pid = e.fields.get("pid")
    return int(pid) if isinstance(pid, int) else None
