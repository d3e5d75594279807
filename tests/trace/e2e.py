"""End-to-end check of a boot with tracing: the serial log's dump must decode,
show the scenario of the kernel's trace suite in order, and convert to
Perfetto JSON and an SVG timeline with the expected content.

tests/runner/run.py calls check() for the configurations of configs.py that
have trace=True; each check is one case of suite `trace_e2e`.  The scenario
is the last case of tests/kernel/test_trace.c: a kthread "trace_demo" is
created and parked; meanwhile a worker "trace_worker" runs
trace_demo_work_fn once; then trace_demo is unparked and stopped.
"""

from __future__ import annotations

import json
import sys
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "trace"))

import perfetto  # noqa: E402
import svg  # noqa: E402
import tracedump  # noqa: E402
from tracedump import TASK_PARKED  # noqa: E402

# (event name, test of its fields given the pids) in the order they must come.
Step = Tuple[str, Callable[[tracedump.Event, Dict[str, int]], bool]]


def _about(comm: str) -> Callable[[tracedump.Event, Dict[str, int]], bool]:
    return lambda e, pids: e.fields.get("comm") == comm


PARK_CHAIN: List[Step] = [
    ("kthread_create", _about("trace_demo")),
    ("kthread_park", _about("trace_demo")),
    ("sched_switch", lambda e, p: e["prev_comm"] == "trace_demo"
     and e["prev_state"] == TASK_PARKED),
    ("kthread_create", _about("trace_worker")),
    ("sched_kthread_work_queue_work", lambda e, p: e["worker_pid"] == p["trace_worker"]),
    ("sched_kthread_work_execute_start", lambda e, p: e.pid == p["trace_worker"]),
    ("sched_kthread_work_execute_end", lambda e, p: e.pid == p["trace_worker"]),
    ("kthread_unpark", _about("trace_demo")),
    ("sched_wakeup", _about("trace_demo")),
    ("sched_switch", lambda e, p: e["next_comm"] == "trace_demo"),
    ("sched_kthread_stop_ret", lambda e, p: e["ret"] == 0),
]
# After kthread_unpark() the thread may run before or after kthread_stop()
# is called (on another CPU): the two chains have no order between them.
STOP_CHAIN: List[Step] = [
    ("kthread_unpark", _about("trace_demo")),
    ("sched_kthread_stop", _about("trace_demo")),
    ("sched_kthread_stop_ret", lambda e, p: e["ret"] == 0),
    ("sched_kthread_stop", _about("trace_worker")),
]


def first_missing(dump: tracedump.Dump, chain: List[Step], pids: Dict[str, int]) -> Optional[str]:
    """The first step of @chain not found in order in @dump, or None."""
    events = iter(dump.events)
    for name, test in chain:
        if not any(e.name == name and test(e, pids) for e in events):
            return name
    return None


def scenario_pids(dump: tracedump.Dump) -> Dict[str, int]:
    return {str(e["comm"]): int(e["pid"]) for e in dump.events if e.name == "kthread_create"}


# --- the checks: each returns a list of problems (empty: passed) ---

def check_decodes(dump: tracedump.Dump, out: Dict) -> List[str]:
    problems = [f"damaged: {d}" for d in dump.damaged]
    if not dump.complete:
        problems.append("no TRACE-END")
    if not dump.events:
        problems.append("no events")
    return problems


def check_scenario_in_order(dump: tracedump.Dump, out: Dict) -> List[str]:
    pids = scenario_pids(dump)
    if "trace_demo" not in pids or "trace_worker" not in pids:
        return [f"kthread_create of trace_demo and trace_worker expected; saw {sorted(pids)}"]
    problems = []
    for label, chain in (("park/unpark", PARK_CHAIN), ("stop", STOP_CHAIN)):
        missing = first_missing(dump, chain, pids)
        if missing:
            problems.append(f"{label} chain: no {missing} in order")
    functions = {dump.symbol(int(e["function"])) for e in dump.events
                 if e.name == "sched_kthread_work_execute_start"}
    if "trace_demo_work_fn" not in functions:
        problems.append(f"work function not symbolized: {sorted(functions)}")
    return problems


def check_timestamps(dump: tracedump.Dump, out: Dict) -> List[str]:
    """Per CPU, in ring order (frame order), time never goes back."""
    last: Dict[int, int] = {}
    problems = []
    for e in dump.ring_order:
        if e.ts < last.get(e.cpu, 0):
            problems.append(f"CPU{e.cpu}: {e.name} at {e.ts} ns after an event at "
                            f"{last[e.cpu]} ns")
        last[e.cpu] = e.ts
    return problems[:5]


def check_json(dump: tracedump.Dump, out: Dict) -> List[str]:
    data = json.loads(out["json_text"])  # must parse as JSON
    events = data["traceEvents"]
    names = {(e.get("ph"), e.get("name")) for e in events}
    threads = {e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    problems = []
    for wanted in (("X", "trace_demo"), ("X", "Running"), ("X", "Parked"), ("X", "Sleeping"),
                   ("X", "trace_demo_work_fn"), ("i", "kthread_park")):
        if wanted not in names:
            problems.append(f"no {wanted[0]} event named {wanted[1]}")
    for cpu in dump.cpus:
        if f"CPU {cpu}" not in threads:
            problems.append(f"no track for CPU {cpu}")
    if not any(t.startswith("trace_demo (") for t in threads):
        problems.append("no thread track for trace_demo")
    starts = {e["id"] for e in events if e.get("ph") == "s"}
    ends = {e["id"] for e in events if e.get("ph") == "f"}
    if not starts or starts != ends:
        problems.append(f"{len(starts)} flow starts, {len(ends)} flow ends")
    if any(e.get("ph") == "X" and e["dur"] < 0 for e in events):
        problems.append("a slice with a negative duration")
    return problems


def check_svg(dump: tracedump.Dump, out: Dict) -> List[str]:
    root = ET.fromstring(out["svg_text"])  # must be well-formed XML
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    problems = []
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        problems.append(f"root element is {root.tag}")
    for wanted in ("CPU 0", "parked", "running", "runnable", "sleeping"):
        if wanted not in texts:
            problems.append(f"no text {wanted!r}")
    if not any(t and t.startswith("trace_demo (") for t in texts):
        problems.append("no lane for trace_demo")
    return problems


CHECKS = [
    ("dump_decodes_undamaged", check_decodes),
    ("scenario_events_in_order", check_scenario_in_order),
    ("timestamps_monotonic_per_cpu", check_timestamps),
    ("perfetto_json_has_the_slices", check_json),
    ("svg_timeline_well_formed", check_svg),
]


def check(log_text: str, out_dir: Path, name: str) -> List[Tuple[str, List[str]]]:
    """Runs every check on the log's last dump: [(case name, problems)].

    Also writes <out_dir>/<name>.txt, .json and .svg for people to look at.
    """
    dumps = tracedump.parse_log(log_text)
    if not dumps:
        return [(case, ["no TRACE-BEGIN in the serial log"]) for case, _ in CHECKS]
    dump = dumps[-1]
    out = {"json_text": json.dumps(perfetto.convert(dump)),
           "svg_text": svg.render(dump, title=f"{name}: the trace suite's scenario")}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.json").write_text(out["json_text"], "utf-8")
    (out_dir / f"{name}.svg").write_text(out["svg_text"], "utf-8")
    (out_dir / f"{name}.txt").write_text(
        "\n".join(tracedump.summary(dump) + [tracedump.describe(dump, e) for e in dump.events])
        + "\n", "utf-8")
    results = []
    for case, fn in CHECKS:
        try:
            results.append((case, fn(dump, out)))
        except Exception:  # noqa: BLE001 (a crash of a check is its failure)
            results.append((case, traceback.format_exc().splitlines()))
    return results
