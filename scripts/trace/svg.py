#!/usr/bin/env python3
"""Turn a trace dump into a self-contained SVG timeline.

    svg.py LOG -o timeline.svg [--threads 'trace_*,init'] [--start MS --end MS]
           [--title TEXT]

One lane per CPU (which thread ran, in that thread's colour), then one lane
per thread with its state shaded (running: solid; runnable: pale; sleeping:
grey; parked: orange stripes; frozen: blue stripes), arrows from each
wake-up to the moment the woken thread ran, marks for the kthread events, a
dashed line where a CPU goes down or up, and a legend.  Hovering shows
details (SVG <title>).  Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import colorsys
import fnmatch
import sys
from pathlib import Path
from typing import Dict, List, Optional
from xml.sax.saxutils import escape

import timeline
import tracedump

WIDTH = 1200
LABEL_W = 170
RIGHT_PAD = 20
CPU_LANE_H = 26
THREAD_LANE_H = 18
LANE_GAP = 10
TOP = 46
FONT = "font-family='DejaVu Sans, Helvetica, Arial, sans-serif'"
MARK_COLORS = {"kthread_create": "#2a9d2a", "kthread_park": "#d97a00",
               "kthread_unpark": "#1f6fd1", "sched_kthread_stop": "#c0392b",
               "sched_kthread_stop_ret": "#7f1d1d", "sched_wakeup_new": "#7a52c7",
               "sched_kthread_work_queue_work": "#0f766e",
               "sched_kthread_work_execute_start": "#65a30d",
               "sched_kthread_work_execute_end": "#a16207"}
MARK_W = 9  # marks closer than this on one lane are stacked, not drawn over each other


def thread_color(pid: int) -> str:
    """A stable, distinct colour per pid (golden-ratio hues)."""
    hue = (pid * 0.618033988749895) % 1.0
    r, g, b = colorsys.hls_to_rgb(hue, 0.5, 0.65)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


class _Canvas:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, max(end, start + 1)
        self.parts: List[str] = []
        self.plot_w = WIDTH - LABEL_W - RIGHT_PAD

    def x(self, ts: int) -> float:
        ts = min(max(ts, self.start), self.end)
        return LABEL_W + (ts - self.start) * self.plot_w / (self.end - self.start)

    def add(self, text: str) -> None:
        self.parts.append(text)

    def rect(self, x0: float, y: float, x1: float, h: float, fill: str, tip: str,
             extra: str = "") -> None:
        w = max(x1 - x0, 0.6)
        self.add(f"<rect x='{x0:.2f}' y='{y:.1f}' width='{w:.2f}' height='{h}' fill='{fill}' "
                 f"{extra}><title>{escape(tip)}</title></rect>")

    def text(self, x: float, y: float, s: str, size: int = 11, anchor: str = "start",
             fill: str = "#222") -> None:
        self.add(f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' text-anchor='{anchor}' "
                 f"fill='{fill}' {FONT}>{escape(s)}</text>")


def _ms(ns: int) -> str:
    return f"{ns / 1e6:.3f} ms"


def _axis(c: _Canvas, y: float, bottom: float) -> None:
    span = c.end - c.start
    step = 1
    while span / step > 10:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if span / step <= 10:
                break
    tick = 0
    while c.start + tick <= c.end:
        x = c.x(c.start + tick)
        c.add(f"<line x1='{x:.1f}' y1='{y}' x2='{x:.1f}' y2='{bottom}' stroke='#eee'/>")
        label = f"{tick / 1e3:g} µs" if step < 1_000_000 else f"{tick / 1e6:g} ms"
        c.text(x, y - 4, "+" + label if tick else "0", 10, "middle", "#666")
        tick += step


def render(dump: tracedump.Dump, threads: Optional[List[str]] = None,
           start_ms: Optional[float] = None, end_ms: Optional[float] = None,
           title: str = "") -> str:
    """The SVG document for @dump, as text."""
    tl = timeline.build(dump)
    start = tl.start + int(start_ms * 1e6) if start_ms is not None else tl.start
    end = tl.start + int(end_ms * 1e6) if end_ms is not None else tl.end
    pids = [pid for pid in tl.threads()
            if not threads or any(fnmatch.fnmatch(tl.names[pid], g) for g in threads)]
    c = _Canvas(start, end)

    lanes_top = TOP + 10
    cpu_y: Dict[int, float] = {}
    y = lanes_top
    for cpu in tl.cpus:
        cpu_y[cpu] = y
        y += CPU_LANE_H + LANE_GAP
    y += 8
    thread_y: Dict[int, float] = {}
    for pid in pids:
        thread_y[pid] = y
        y += THREAD_LANE_H + LANE_GAP
    legend_y = y + 14
    colors = {pid: thread_color(pid) for pid in tl.threads()}

    _axis(c, TOP, legend_y - 10)
    for cpu, ly in cpu_y.items():
        c.text(8, ly + CPU_LANE_H * 0.68, f"CPU {cpu}", 12)
        c.add(f"<rect x='{LABEL_W}' y='{ly}' width='{c.plot_w}' height='{CPU_LANE_H}' "
              "fill='#f7f7f7'/>")
    for s in tl.cpu_slices:
        if not s.pid or s.end < start or s.start > end:
            continue
        x0, x1 = c.x(s.start), c.x(s.end)
        c.rect(x0, cpu_y[s.cpu], x1, CPU_LANE_H, colors.get(s.pid, "#888"),
               f"{s.name} (pid {s.pid}) on CPU {s.cpu}: {_ms(s.start - tl.start)} "
               f"for {(s.end - s.start) / 1e3:.1f} µs")
        if x1 - x0 > 7 * len(s.name):
            c.text(x0 + 3, cpu_y[s.cpu] + CPU_LANE_H * 0.68, s.name, 10, fill="#fff")

    for pid, ly in thread_y.items():
        c.text(8, ly + THREAD_LANE_H * 0.72, f"{tl.names[pid]} ({pid})", 11)
        for s in tl.thread_states[pid]:
            if s.end < start or s.start > end:
                continue
            _state_rect(c, s, ly, colors[pid], tl.start)
    _marks(c, dump, tl, thread_y, start, end)
    _hotplug_marks(c, tl, cpu_y, start, end)
    for w in tl.wakeups:
        if not (start <= w.wake_ts <= end) or w.waker_cpu not in cpu_y:
            continue
        x0, x1 = c.x(w.wake_ts), c.x(w.run_ts)
        y0 = cpu_y[w.waker_cpu] + CPU_LANE_H / 2
        y1 = cpu_y[w.run_cpu] + (CPU_LANE_H / 2 if w.run_cpu == w.waker_cpu else
                                 (0 if cpu_y[w.run_cpu] > y0 else CPU_LANE_H))
        if w.run_cpu == w.waker_cpu:
            y0, y1 = cpu_y[w.waker_cpu] - 1, cpu_y[w.waker_cpu] - 1
        c.add(f"<line x1='{x0:.1f}' y1='{y0:.1f}' x2='{x1:.1f}' y2='{y1:.1f}' stroke='#222' "
              f"stroke-width='1' marker-end='url(#arrow)' opacity='0.75'>"
              f"<title>{escape(dump.comm(w.waker_pid, w.waker_cpu))} wakes "
              f"{escape(tl.names.get(w.pid, str(w.pid)))}; it runs "
              f"{(w.run_ts - w.wake_ts) / 1e3:.1f} µs later on CPU {w.run_cpu}</title></line>")
    height = _legend(c, legend_y, pids, tl, colors)

    heading = title or (f"kthreads trace: {len(dump.events)} events, "
                        f"{_ms(end - start)} from {_ms(start)} after boot")
    lost = dump.lost_total()
    if lost or dump.damaged:
        heading += f" ({lost} records lost to ring overflow, {len(dump.damaged)} damage reports)"
    return "\n".join([
        "<?xml version='1.0' encoding='UTF-8'?>",
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{height}' "
        f"viewBox='0 0 {WIDTH} {height}'>",
        "<defs>",
        "<marker id='arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' "
        "markerHeight='7' orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' "
        "fill='#222'/></marker>",
        "<pattern id='parked' width='6' height='6' patternUnits='userSpaceOnUse' "
        "patternTransform='rotate(45)'><rect width='6' height='6' fill='#f3d9a4'/>"
        "<rect width='3' height='6' fill='#d97a00'/></pattern>",
        "<pattern id='frozen' width='6' height='6' patternUnits='userSpaceOnUse' "
        "patternTransform='rotate(-45)'><rect width='6' height='6' fill='#d6eefa'/>"
        "<rect width='2' height='6' fill='#3a9ad9'/></pattern>",
        "</defs>",
        f"<rect width='{WIDTH}' height='{height}' fill='white'/>",
        f"<text x='8' y='20' font-size='14' font-weight='bold' {FONT}>{escape(heading)}</text>",
        *c.parts,
        "</svg>",
        "",
    ])


def _mark_lane(e: tracedump.Event) -> Optional[int]:
    """The thread lane a mark goes on: the thread it is about, else its recorder."""
    if e.name == "sched_kthread_work_queue_work":
        return int(e["worker_pid"])
    if e.name.startswith("sched_kthread_work_") or e.name == "sched_kthread_stop_ret":
        return e.pid
    return timeline.subject(e)


def _mark_tip(dump: tracedump.Dump, e: tracedump.Event, t0: int) -> str:
    what = e.name
    if e.name == "sched_kthread_stop_ret":
        what += f" ret={e['ret']}"
    elif e.name.startswith("sched_kthread_work_"):
        what += f" {dump.symbol(int(e['function']))}"
    return f"{what} by {dump.comm(e.pid, e.cpu)} at {_ms(e.ts - t0)}"


def _marks(c: _Canvas, dump: tracedump.Dump, tl: timeline.Timeline,
           thread_y: Dict[int, float], start: int, end: int) -> None:
    """A triangle per marked event over its lane; close ones stack upwards."""
    placed: Dict[int, List[float]] = {}
    for e in dump.events:
        pid = _mark_lane(e)
        if e.name not in MARK_COLORS or pid not in thread_y or not start <= e.ts <= end:
            continue
        x = c.x(e.ts)
        row = sum(1 for px in placed.setdefault(pid, []) if abs(px - x) < MARK_W)
        placed[pid].append(x)
        y = thread_y[pid] - 1 - 7 * row
        c.add(f"<path d='M{x:.1f},{y:.1f} l-4,-6 h8 z' fill='{MARK_COLORS[e.name]}'>"
              f"<title>{escape(_mark_tip(dump, e, tl.start))}</title></path>")


def _hotplug_marks(c: _Canvas, tl: timeline.Timeline, cpu_y: Dict[int, float], start: int,
                   end: int) -> None:
    """A dashed line across the CPU lanes where a CPU starts going down or up."""
    if not cpu_y:
        return
    top, bottom = min(cpu_y.values()) - 4, max(cpu_y.values()) + CPU_LANE_H + 4
    for e in tl.marks:
        if e.name != "cpu_hotplug" or not start <= e.ts <= end:
            continue
        verb = "up" if e["online"] else "down"
        label = f"CPU{e['cpu']} {verb}" + (f" done ({e['ret']})" if e["done"] else "")
        x = c.x(e.ts)
        c.add(f"<line x1='{x:.1f}' y1='{top}' x2='{x:.1f}' y2='{bottom}' stroke='#c0392b' "
              f"stroke-dasharray='4,3'><title>{escape(label)}</title></line>")
        if not e["done"]:
            c.text(x + 3, bottom + 10, label, 10, fill="#c0392b")


def _state_rect(c: _Canvas, s: timeline.Slice, y: float, color: str, t0: int) -> None:
    tip = f"{s.name}: {s.state} {_ms(s.start - t0)} for {(s.end - s.start) / 1e3:.1f} µs"
    if s.state == timeline.RUNNING:
        c.rect(c.x(s.start), y, c.x(s.end), THREAD_LANE_H, color, tip + f" on CPU {s.cpu}")
    elif s.state == timeline.RUNNABLE:
        c.rect(c.x(s.start), y + 3, c.x(s.end), THREAD_LANE_H - 6, color, tip,
               "fill-opacity='0.3'")
    elif s.state == timeline.PARKED:
        c.rect(c.x(s.start), y + 3, c.x(s.end), THREAD_LANE_H - 6, "url(#parked)", tip)
    elif s.state == timeline.FROZEN:
        c.rect(c.x(s.start), y + 3, c.x(s.end), THREAD_LANE_H - 6, "url(#frozen)", tip)
    else:
        c.rect(c.x(s.start), y + 6, c.x(s.end), THREAD_LANE_H - 12, "#cfcfcf", tip)


def _legend(c: _Canvas, y: float, pids: List[int], tl: timeline.Timeline,
            colors: Dict[int, str]) -> int:
    x = LABEL_W
    swatches = [("running", "#4a78c2", ""), ("runnable", "#4a78c2", "fill-opacity='0.3'"),
                ("sleeping", "#cfcfcf", ""), ("parked", "url(#parked)", ""),
                ("frozen", "url(#frozen)", "")]
    c.text(8, y + 10, "states", 11, fill="#555")
    for name, fill, extra in swatches:
        c.add(f"<rect x='{x}' y='{y}' width='18' height='12' fill='{fill}' {extra}/>")
        c.text(x + 22, y + 10, name, 11)
        x += 100
    c.add(f"<line x1='{x}' y1='{y + 6}' x2='{x + 24}' y2='{y + 6}' stroke='#222' "
          "marker-end='url(#arrow)'/>")
    c.text(x + 30, y + 10, "wake-up → runs", 11)
    x += 140
    for name, color in MARK_COLORS.items():
        width = 22 + 7 * len(name)
        if x + width > WIDTH - RIGHT_PAD:
            x, y = LABEL_W, y + 18
        c.add(f"<path d='M{x + 6},{y + 12} l-5,-8 h10 z' fill='{color}'/>")
        c.text(x + 14, y + 10, name, 11)
        x += width
    y += 24
    c.text(8, y + 10, "threads", 11, fill="#555")
    x = LABEL_W
    for pid in pids:
        label = f"{tl.names[pid]} ({pid})"
        width = 30 + 7 * len(label)
        if x + width > WIDTH - RIGHT_PAD:
            x, y = LABEL_W, y + 18
        c.add(f"<rect x='{x}' y='{y}' width='12' height='12' fill='{colors[pid]}'/>")
        c.text(x + 16, y + 10, label, 11)
        x += width
    return int(y + 26)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Trace dump -> SVG timeline.")
    parser.add_argument("log", type=Path, help="serial log holding a trace dump")
    parser.add_argument("-o", "--output", type=Path, required=True, help="SVG file to write")
    parser.add_argument("--dump", type=int, default=-1, help="which dump (default: the last)")
    parser.add_argument("--threads", help="only these thread lanes: comma-separated globs")
    parser.add_argument("--start", type=float, help="ms after the first event")
    parser.add_argument("--end", type=float, help="ms after the first event")
    parser.add_argument("--title", default="", help="the heading")
    args = parser.parse_args(argv)
    dump = tracedump.load_for_tool("svg", args.log, args.dump)
    if dump is None:
        return 2
    threads = [g for g in args.threads.split(",") if g] if args.threads else None
    args.output.write_text(render(dump, threads, args.start, args.end, args.title), "utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
