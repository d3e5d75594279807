"""Unit tests of the trace tools (scripts/trace/) on recorded dumps.

Run by `make test` through tests/runner/run.py --unit (suite trace_tools),
or alone:  python3 -m unittest discover -s tests/trace -p 'test_*.py'
The fixtures are described in tests/trace/fixtures/README.md.
"""

from __future__ import annotations

import base64
import io
import json
import re
import struct
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zlib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "scripts" / "trace"))
sys.path.insert(0, str(HERE))

import e2e  # noqa: E402
import perfetto  # noqa: E402
import svg  # noqa: E402
import timeline  # noqa: E402
import tracedump  # noqa: E402

FIXTURES = HERE / "fixtures"
GOOD = FIXTURES / "scenario-smp2.log"
DAMAGED = FIXTURES / "scenario-smp2-damaged.log"
SVG_NS = "{http://www.w3.org/2000/svg}"


def frame(seq: int, payload: bytes) -> str:
    """One frame line as trace_dump() writes it."""
    crc = zlib.crc32(payload, zlib.crc32(struct.pack("<I", seq)))
    return f"TRACE {seq} {base64.b64encode(payload).decode()} {crc:08x}"


def record(ts: int, cpu: int, pid: int, type_: int, data: bytes) -> bytes:
    return b"R" + struct.pack("<QIHBBi", ts, 1, type_, cpu, 0, pid) + data.ljust(44, b"\0")


def synthetic_log(records, lost=0) -> str:
    """A dump of @records on CPU 0, with @lost records said lost."""
    frames = [b"H" + struct.pack("<IIIIIQ", 1, 1, 64, 4096, 0x1f, 10**9),
              b"C" + struct.pack("<IQQ", 0, len(records), lost)] + records
    lines = ["TRACE-BEGIN version=1"] + [frame(n, f) for n, f in enumerate(frames)]
    return "\n".join(lines + [f"TRACE-END frames={len(frames)}"]) + "\n"


class DecodeRecordedDump(unittest.TestCase):
    def setUp(self) -> None:
        self.dump = tracedump.load(GOOD)

    def test_fixture_decodes_without_damage(self) -> None:
        self.assertEqual(self.dump.damaged, [])
        self.assertTrue(self.dump.complete)
        self.assertEqual(self.dump.version, 1)
        self.assertEqual(sorted(self.dump.cpus), [0, 1])
        self.assertEqual(len(self.dump.events),
                         sum(info.records for info in self.dump.cpus.values()))
        self.assertEqual(self.dump.group_names(), ["sched", "kthread", "work", "timer", "cpu"])

    def test_events_are_in_time_order_and_names_are_known(self) -> None:
        times = [e.ts for e in self.dump.events]
        self.assertEqual(times, sorted(times))
        self.assertEqual(self.dump.tasks.get(2), "kthreadd")
        self.assertIn("trace_demo_work_fn", self.dump.symbols.values())
        pids = e2e.scenario_pids(self.dump)
        self.assertEqual(self.dump.comm(pids["trace_demo"]), "trace_demo")  # a dead thread

    def test_scenario_chains_are_found_in_order(self) -> None:
        pids = e2e.scenario_pids(self.dump)
        self.assertIsNone(e2e.first_missing(self.dump, e2e.PARK_CHAIN, pids))
        self.assertIsNone(e2e.first_missing(self.dump, e2e.STOP_CHAIN, pids))
        # and the check can fail: the chain reversed is not there
        self.assertIsNotNone(e2e.first_missing(self.dump, e2e.PARK_CHAIN[::-1], pids))

    def test_text_listing_reads_like_ftrace(self) -> None:
        lines = [tracedump.describe(self.dump, e) for e in self.dump.events]
        parked = [line for line in lines if "prev_state=P" in line]
        self.assertEqual(len(parked), 1)
        self.assertRegex(parked[0], r"trace_demo-\d+ +\[00\d\] +\d+\.\d{9}: sched_switch: "
                         r"prev_comm=trace_demo prev_pid=\d+ prev_state=P ==> ")
        self.assertTrue(any("function=trace_demo_work_fn" in line for line in lines))


class DamagedFrames(unittest.TestCase):
    def test_damaged_frames_are_skipped_and_reported(self) -> None:
        good, dump = tracedump.load(GOOD), tracedump.load(DAMAGED)
        report = "\n".join(dump.damaged)
        self.assertIn("checksum mismatch", report)  # frame 5
        self.assertIn("not a well-formed frame", report)  # frame 9, cut short
        self.assertIn("bad base64", report)  # frame 33
        self.assertIn("frames never received: 5, 9, 20, 33", report)
        self.assertRegex(report, r"CPU0: 4 of \d+ records missing")
        self.assertEqual(len(dump.events), len(good.events) - 4)
        self.assertTrue(dump.complete)

    def test_every_single_character_change_is_caught(self) -> None:
        line = frame(7, record(123, 0, 1, 6, struct.pack("<i", -4)))
        seq_payload = line.rsplit(" ", 1)[0]
        for i in range(len("TRACE 7 "), len(seq_payload)):
            for replacement in "AZ09+":
                if seq_payload[i] == replacement:
                    continue
                bad = seq_payload[:i] + replacement + seq_payload[i + 1:] + line[len(seq_payload):]
                dump = tracedump.parse_log(f"TRACE-BEGIN version=1\n{bad}\nTRACE-END frames=1\n")
                self.assertEqual(dump[0].events, [], f"accepted {bad!r}")

    def test_other_lines_between_frames_change_nothing(self) -> None:
        text = GOOD.read_text("utf-8")
        mixed = re.sub(r"(\n)(?=\[[^\n]*TRACE \d+ )",
                       r"\1[    1.000000] [CPU1] watchdog: hello from the other CPU\n", text)
        self.assertGreater(len(mixed), len(text))
        self.assertEqual(len(tracedump.parse_log(mixed)[-1].events),
                         len(tracedump.parse_log(text)[-1].events))
        self.assertEqual(tracedump.parse_log(mixed)[-1].damaged, [])

    def test_a_log_cut_short_is_reported(self) -> None:
        text = GOOD.read_text("utf-8")
        cut = text[:text.index("TRACE 30 ")]
        dump = tracedump.parse_log(cut)[-1]
        self.assertFalse(dump.complete)
        self.assertIn("the log ends before TRACE-END", dump.damaged)

    def test_no_dump_is_a_clear_error(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(tmp) / "empty.log"
            log.write_text("[ 0.1] nothing traced here\n", "utf-8")
            with self.assertRaisesRegex(ValueError, "no TRACE-BEGIN"):
                tracedump.load(log)


class LostRecords(unittest.TestCase):
    def test_ring_overflow_is_reported_per_cpu(self) -> None:
        wakeup = record(1000, 0, 1, 2, b"demo".ljust(16, b"\0") + struct.pack("<iI", 5, 0))
        dump = tracedump.parse_log(synthetic_log([wakeup], lost=7))[-1]
        self.assertEqual(dump.damaged, [])
        self.assertEqual(dump.cpus[0].lost, 7)
        self.assertIn("# CPU0: 1 records, 7 lost (ring overflow)", tracedump.summary(dump))
        self.assertEqual(dump.events[0].fields, {"comm": "demo", "pid": 5, "target_cpu": 0})

    def test_frozen_threads_and_hotplug_are_drawn(self) -> None:
        def switch(ts: int, prev: bytes, prev_pid: int, state: int, nxt: bytes, next_pid: int):
            return record(ts, 0, prev_pid, 1, prev.ljust(16, b"\0") + struct.pack(
                "<iI", prev_pid, state) + nxt.ljust(16, b"\0") + struct.pack("<i", next_pid))
        hotplug = record(1500, 0, 0, 14, struct.pack("<IBBHi", 1, 0, 0, 0, 0))
        dump = tracedump.parse_log(synthetic_log([
            switch(1000, b"swapper/0", 0, 0, b"cold", 9),
            switch(2000, b"cold", 9, tracedump.TASK_FROZEN, b"swapper/0", 0),
            hotplug,
            switch(3000, b"swapper/0", 0, 0, b"cold", 9)]))[-1]
        self.assertEqual(dump.damaged, [])
        states = [s.state for s in timeline.build(dump).thread_states[9]]
        self.assertEqual(states, [timeline.RUNNING, timeline.FROZEN])
        root = ET.fromstring(svg.render(dump))
        texts = {t.text for t in root.iter(SVG_NS + "text")}
        self.assertIn("CPU1 down", texts)
        self.assertIn("frozen", texts)

    def test_an_unknown_event_type_is_damage_not_a_crash(self) -> None:
        dump = tracedump.parse_log(synthetic_log([record(1, 0, 0, 999, b"")]))[-1]
        self.assertTrue(any("unknown event type 999" in d for d in dump.damaged))


class Pictures(unittest.TestCase):
    def setUp(self) -> None:
        self.dump = tracedump.load(GOOD)

    def test_timeline_states_of_the_parked_thread(self) -> None:
        tl = timeline.build(self.dump)
        demo = e2e.scenario_pids(self.dump)["trace_demo"]
        states = [s.state for s in tl.thread_states[demo]]
        self.assertIn(timeline.PARKED, states)
        parked = states.index(timeline.PARKED)
        self.assertEqual(states[parked + 1], timeline.RUNNABLE)  # unparked: woken
        self.assertEqual(states[parked + 2], timeline.RUNNING)
        for lane in tl.thread_states.values():
            for a, b in zip(lane, lane[1:]):
                self.assertLessEqual(a.end, b.start)
        self.assertTrue(any(w.pid == demo for w in tl.wakeups))

    def test_json_is_valid_with_the_expected_slices(self) -> None:
        data = json.loads(json.dumps(perfetto.convert(self.dump)))
        self.assertEqual(e2e.check_json(self.dump, {"json_text": json.dumps(data)}), [])
        cpu_slices = [e for e in data["traceEvents"]
                      if e.get("ph") == "X" and e["pid"] == perfetto.CPU_PROCESS]
        self.assertTrue(all(e["tid"] in (0, 1) for e in cpu_slices))
        self.assertIn("trace_demo", {e["name"] for e in cpu_slices})

    def test_json_check_fails_without_flows(self) -> None:
        data = perfetto.convert(self.dump)
        data["traceEvents"] = [e for e in data["traceEvents"] if e.get("ph") != "f"]
        problems = e2e.check_json(self.dump, {"json_text": json.dumps(data)})
        self.assertTrue(any("flow" in p for p in problems))

    def test_svg_is_well_formed_with_lanes_and_legend(self) -> None:
        text = svg.render(self.dump)
        root = ET.fromstring(text)
        self.assertEqual(root.tag, SVG_NS + "svg")
        self.assertEqual(e2e.check_svg(self.dump, {"svg_text": text}), [])
        self.assertGreater(len(list(root.iter(SVG_NS + "line"))), 3)  # wake-up arrows

    def test_svg_thread_filter_and_window(self) -> None:
        text = svg.render(self.dump, threads=["trace_*"], start_ms=0.0, end_ms=1.0)
        labels = {t.text for t in ET.fromstring(text).iter(SVG_NS + "text")}
        self.assertFalse(any(label and label.startswith("kthreadd (") for label in labels))
        self.assertTrue(any(label and label.startswith("trace_demo (") for label in labels))

    def test_command_line_tools_write_their_files(self) -> None:
        with tempfile.TemporaryDirectory() as tmp, redirect_stdout(io.StringIO()), \
                redirect_stderr(io.StringIO()) as err:
            out = Path(tmp)
            self.assertEqual(perfetto.main([str(DAMAGED), "-o", str(out / "t.json")]), 0)
            self.assertEqual(svg.main([str(DAMAGED), "-o", str(out / "t.svg")]), 0)
            self.assertEqual(tracedump.main([str(DAMAGED), "--check"]), 1)
            self.assertEqual(tracedump.main([str(GOOD), "--check"]), 0)
            json.loads((out / "t.json").read_text("utf-8"))
            ET.parse(out / "t.svg")
        self.assertIn("checksum mismatch", err.getvalue())


if __name__ == "__main__":
    unittest.main()
