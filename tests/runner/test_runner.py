#!/usr/bin/env python3
"""Self-tests of the runner: the parser and the verdicts on recorded logs.

The runner is what tells us the kernel works, so it must itself be shown to
notice each way a run can go wrong.  The logs under fixtures/ were written by
hand following docs/testing.md; `run.py --unit` runs this file in-process and
counts each test as a case of suite `runner`.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
import textwrap
import unittest
import unittest.mock
from pathlib import Path

sys.dont_write_bytecode = True  # keep tests/runner/ free of __pycache__
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import configs  # noqa: E402
import crash_report  # noqa: E402
import gdb_check  # noqa: E402
import ktap  # noqa: E402
import lockorder  # noqa: E402
import run  # noqa: E402

sys.path.insert(0, str(HERE.parent.parent / "scripts"))
import bench_profile  # noqa: E402  (make bench --profile's log reader)

FIXTURES = HERE / "fixtures"


def fixture_text(name: str) -> str:
    return (FIXTURES / f"{name}.log").read_text("utf-8")


def fixture(name: str) -> ktap.Report:
    return ktap.parse(fixture_text(name))


def parse(text: str) -> ktap.Report:
    """Parse an indented literal from a test (common indentation removed)."""
    return ktap.parse(textwrap.dedent(text))


def failing_names(report: ktap.Report):
    return [case.full_name for case in report.failing()]


class PrefixTests(unittest.TestCase):
    """printk's timestamp and CPU tag must vanish, indentation must not."""

    def test_timestamp_is_stripped(self):
        self.assertEqual(ktap.strip_prefix("[    1.234567] KTAP version 1"), "KTAP version 1")

    def test_cpu_tag_is_stripped_and_indent_kept(self):
        self.assertEqual(ktap.strip_prefix("[   12.345678] [CPU1]     ok 1 x"), "    ok 1 x")

    def test_unpadded_timestamp_is_stripped(self):
        self.assertEqual(ktap.strip_prefix("[123.5]     # RUN a.b"), "    # RUN a.b")

    def test_unprefixed_line_is_unchanged(self):
        self.assertEqual(ktap.strip_prefix("    ok 1 x [1.0]"), "    ok 1 x [1.0]")

    def test_prefixed_log_parses_like_its_plain_text(self):
        plain = "\n".join(ktap.strip_prefix(line) for line in fixture_text("fail").splitlines())
        self.assertNotIn("[    0.", plain)
        ours, theirs = fixture("fail"), ktap.parse(plain)
        self.assertEqual(ours.counts(), theirs.counts())
        self.assertEqual(failing_names(ours), failing_names(theirs))


class ParserTests(unittest.TestCase):
    """The data model: suites, cases, statuses, diagnostics, problems."""

    def test_pass_log_has_every_case(self):
        report = fixture("pass")
        self.assertEqual(report.problems, [])
        self.assertEqual([s.name for s in report.suites], ["string", "sched"])
        self.assertEqual(report.counts(), (5, 0, 0))

    def test_failing_case_keeps_its_diagnostics(self):
        report = fixture("fail")
        self.assertEqual(report.counts(), (2, 1, 1))
        (case,) = report.failing()
        self.assertEqual(case.full_name, "string.memmove_handles_overlap")
        self.assertEqual(len(case.diagnostics), 4)
        self.assertIn("EXPECTATION FAILED at tests/kernel/test_string.c:42", case.diagnostics[0])
        self.assertFalse(any("RUN" in line for line in case.diagnostics))

    def test_diagnostics_before_run_line_are_not_the_cases(self):
        report = parse("""\
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: s
                1..2
                # RUN s.a
                # about a
                not ok 1 a
                # left over from a
                # RUN s.b
                # about b
                not ok 2 b
            not ok 1 s
            """)
        a, b = report.failing()
        self.assertEqual(a.diagnostics, ["# about a"])
        self.assertEqual(b.diagnostics, ["# about b"])

    def test_skips_are_counted_with_reasons(self):
        report = fixture("skip")
        self.assertEqual(report.counts(), (1, 0, 2))
        reasons = {c.full_name: c.reason for c in report.cases if c.status == ktap.SKIP}
        self.assertEqual(reasons, {"smp.ipi_reaches_all_cpus": "needs 2 or more CPUs",
                                   "acpi": "no ACPI tables found"})

    def test_not_ok_skip_and_todo_are_skips(self):
        report = parse("""\
            KTAP version 1
            1..3
            not ok 1 a # SKIP no device
            ok 2 b # TODO known broken
            not ok 3 c # TIMEOUT 30 seconds
            """)
        self.assertEqual([c.status for c in report.cases], [ktap.SKIP, ktap.SKIP, ktap.FAIL])
        self.assertEqual(report.cases[0].reason, "no device")

    def test_flat_ktap_is_one_top_level_suite(self):
        report = parse("""\
            KTAP version 1
            1..2
            ok 1 a
            not ok 2 b
            """)
        self.assertEqual([s.name for s in report.suites], [ktap.TOP_LEVEL])
        self.assertEqual(failing_names(report), ["b"])

    def test_nested_suite_with_mixed_results(self):
        report = parse("""\
            KTAP version 1
            1..2
                KTAP version 1
                # Subtest: outer
                1..3
                # RUN outer.plain
                ok 1 plain
                # RUN outer.params
                    KTAP version 1
                    1..2
                    ok 1 param_0
                    # param_1: wrong answer
                    not ok 2 param_1
                not ok 2 params
                # RUN outer.skipped
                ok 3 skipped # SKIP not today
            not ok 1 outer
                KTAP version 1
                # Subtest: other
                1..1
                ok 1 fine
            ok 2 other
            """)
        self.assertEqual(report.problems, [])
        self.assertEqual(report.counts(), (2, 1, 1))
        (case,) = report.failing()
        self.assertEqual(case.full_name, "outer.params")
        self.assertIn("# param_1: wrong answer", case.diagnostics)
        self.assertIsNone(report.running)

    def test_two_space_indentation_of_ktap_rst_works(self):
        report = parse("""\
            KTAP version 1
            1..1
              KTAP version 1
              1..2
              ok 1 test_1
              not ok 2 test_2
            # example failed
            not ok 1 example
            """)
        self.assertEqual(report.problems, [])
        self.assertEqual(failing_names(report), ["example.test_2"])

    def test_suite_failing_without_failing_case_counts_one_failure(self):
        report = parse("""\
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: s
                1..1
                ok 1 a
            # s: suite init failed
            not ok 1 s
            """)
        self.assertEqual(report.counts(), (1, 1, 0))
        self.assertIn("# s: suite init failed", report.failing()[0].diagnostics)

    def test_kernel_log_lines_are_ignored(self):
        noisy = fixture_text("pass").replace(
            "ok 1 string", "ok 1 string\n[    0.002002] ok, mapped 12 pages\n"
            "[    0.002003] # not a test line\n[    0.002004]       random indent", 1)
        report = ktap.parse(noisy)
        self.assertEqual(report.problems, [])
        self.assertEqual(report.counts(), (5, 0, 0))

    def test_running_case_is_the_last_run_without_result(self):
        self.assertEqual(fixture("hang").running, "sched.wait_queue_wakes")
        self.assertEqual(fixture("hang").open_suites, ["sched"])
        finished = fixture("pass")
        self.assertIsNone(finished.running)
        self.assertEqual(finished.last_run, "sched.sleep_wakes_up")

    def test_panic_message_is_found(self):
        self.assertEqual(fixture("panic").panic,
                         "Kernel panic - not syncing: unhandled page fault in kernel mode")
        self.assertIsNone(fixture("pass").panic)


class ProblemTests(unittest.TestCase):
    """Structural problems: each must be reported, not silently repaired."""

    def assertProblem(self, report, text):  # noqa: N802 (unittest style)
        self.assertTrue(any(text in p for p in report.problems),
                        f"no problem containing {text!r} in {report.problems}")

    def test_well_formed_logs_have_no_problems(self):
        for name in ("pass", "fail", "skip", "host"):
            with self.subTest(name):
                self.assertEqual(fixture(name).problems, [])

    def test_missing_version_line(self):
        self.assertProblem(fixture("malformed"), "missing 'KTAP version 1'")

    def test_results_out_of_order(self):
        self.assertProblem(fixture("malformed"), "line 10: result numbered 3, expected 2")

    def test_no_ktap_at_all(self):
        self.assertProblem(ktap.parse("[    0.000000] booting\n"), "no KTAP output")

    def test_plan_mismatch_in_suite(self):
        self.assertProblem(fixture("plan_mismatch"),
                           "plan mismatch in suite 'string': planned 3, got 2")

    def test_plan_mismatch_at_top_level(self):
        report = parse("""\
            KTAP version 1
            1..3
            ok 1 a
            ok 2 b
            """)
        self.assertEqual(report.problems, ["plan mismatch at top level: planned 3, got 2 results"])

    def test_missing_plan_at_top_level(self):
        self.assertProblem(parse("KTAP version 1\nok 1 a\n"), "no plan line at top level")

    def test_suite_without_result_line(self):
        report = parse("""\
            KTAP version 1
            1..2
                KTAP version 1
                # Subtest: first
                1..1
                ok 1 a
                KTAP version 1
                # Subtest: second
                1..1
                ok 1 b
            ok 2 second
            """)
        self.assertProblem(report, "suite 'first' has no result line")

    def test_result_number_missing(self):
        self.assertProblem(parse("KTAP version 1\n1..1\nok a\n"), "result without a test number")

    def test_ok_suite_with_failing_case(self):
        report = parse("""\
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: s
                1..1
                not ok 1 a
            ok 1 s
            """)
        self.assertProblem(report, "'s' is 'ok' but its subtest 'a' failed")

    def test_output_restarting(self):
        text = "KTAP version 1\n1..1\nok 1 a\nKTAP version 1\n1..1\n"
        self.assertProblem(ktap.parse(text), "unexpected version line")

    def test_bail_out(self):
        self.assertProblem(ktap.parse("KTAP version 1\n1..1\nBail out! no memory\n"),
                           "Bail out! no memory")


class BootVerdictTests(unittest.TestCase):
    """QEMU exit status + serial log -> verdict, as docs/testing.md defines."""

    def judge(self, name, status, timeout=120.0, stderr=""):
        return run.judge_boot(fixture(name), status, timeout, stderr)

    def test_pass(self):
        verdict = self.judge("pass", 33)
        self.assertEqual((verdict.kind, verdict.run_failed), (run.PASSED, False))

    def test_failed_cases_are_named(self):
        verdict = self.judge("fail", 35)
        self.assertEqual(verdict.kind, run.FAILED)
        self.assertEqual(verdict.cases, ["string.memmove_handles_overlap"])
        self.assertFalse(verdict.run_failed)

    def test_exit_fail_without_failing_case_is_inconsistent(self):
        verdict = self.judge("pass", 35)
        self.assertEqual(verdict.kind, run.INCONSISTENT)
        self.assertTrue(verdict.run_failed)

    def test_exit_pass_with_failing_case_is_inconsistent(self):
        self.assertEqual(self.judge("fail", 33).kind, run.INCONSISTENT)

    def test_panic_names_the_running_case(self):
        verdict = self.judge("panic", 37)
        self.assertEqual(verdict.kind, run.PANIC)
        self.assertEqual(verdict.cases, ["mm.free_twice_is_caught"])
        self.assertIn("while running mm.free_twice_is_caught", verdict.reason)
        self.assertIn("unhandled page fault in kernel mode", verdict.reason)

    def test_panic_line_wins_over_timeout_and_exit_status(self):
        for status in (None, 0, 33):
            with self.subTest(status=status):
                self.assertEqual(self.judge("panic", status).kind, run.PANIC)

    def test_panic_exit_without_message(self):
        verdict = self.judge("hang", 37)
        self.assertEqual(verdict.kind, run.PANIC)
        self.assertIn("no panic message", verdict.reason)

    def test_hang_names_the_running_case(self):
        verdict = self.judge("hang", None, timeout=20)
        self.assertEqual(verdict.kind, run.TIMEOUT)
        self.assertEqual(verdict.reason, "timeout after 20 s while running sched.wait_queue_wakes")
        self.assertEqual(verdict.cases, ["sched.wait_queue_wakes"])

    def test_hang_before_any_test(self):
        verdict = run.judge_boot(ktap.parse("[    0.000000] booting\n"), None, 120)
        self.assertEqual(verdict.reason, "timeout after 120 s before any test started")

    def test_hang_between_cases_names_the_suite_and_last_case(self):
        text = fixture_text("hang").replace("    # RUN sched.wait_queue_wakes", "    # sleeping")
        verdict = run.judge_boot(ktap.parse(text), None, 20)
        self.assertEqual(verdict.reason,
                         "timeout after 20 s in suite sched, after sched.yield_switches finished")
        self.assertEqual(verdict.cases, [])

    def test_triple_fault(self):
        verdict = self.judge("triple_fault", 0)
        self.assertEqual(verdict.kind, run.TRIPLE_FAULT)
        self.assertEqual(verdict.cases, ["idt.reload_keeps_handlers"])
        self.assertIn("exit status 0", verdict.reason)

    def test_unknown_exit_status_is_a_reset(self):
        self.assertEqual(self.judge("pass", 3).kind, run.TRIPLE_FAULT)

    def test_qemu_error(self):
        verdict = self.judge("pass", 1, stderr="qemu-system-x86_64: -cdrom x: No such file\n")
        self.assertEqual(verdict.kind, run.ERROR)
        self.assertIn("No such file", verdict.reason)

    def test_malformed_ktap_fails_a_clean_exit(self):
        verdict = self.judge("malformed", 33)
        self.assertEqual(verdict.kind, run.MALFORMED)
        self.assertIn("missing 'KTAP version 1'", verdict.reason)

    def test_plan_mismatch_fails_a_clean_exit(self):
        verdict = self.judge("plan_mismatch", 33)
        self.assertEqual(verdict.kind, run.MALFORMED)
        self.assertIn("planned 3, got 2", verdict.reason)

    def test_skips_pass(self):
        self.assertEqual(self.judge("skip", 33).kind, run.PASSED)

    def test_run_failure_counts_one_failure_more(self):
        outcome = run.Outcome("k", self.judge("panic", 37), fixture("panic").suites)
        self.assertEqual(outcome.counts(), (2, 1, 0))
        outcome = run.Outcome("k", self.judge("fail", 35), fixture("fail").suites)
        self.assertEqual(outcome.counts(), (2, 1, 1))


class HostVerdictTests(unittest.TestCase):
    """Host binaries: KTAP on stdout, exit status, sanitizer reports."""

    def judge(self, status, output="", name="host"):
        return run.judge_host(fixture(name), status, fixture_text(name) + output, 60)

    def test_pass(self):
        self.assertEqual(self.judge(0).kind, run.PASSED)

    def test_nonzero_exit_with_all_passing_is_a_failure(self):
        verdict = self.judge(1)
        self.assertEqual(verdict.kind, run.BAD_EXIT)
        self.assertTrue(verdict.run_failed)

    def test_signal_is_a_crash(self):
        verdict = self.judge(-11)
        self.assertEqual(verdict.kind, run.CRASH)
        self.assertIn("SIGSEGV", verdict.reason)

    def test_sanitizer_report_is_a_crash_even_with_exit_0(self):
        asan = "==42==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020\n"
        self.assertEqual(self.judge(0, asan).kind, run.CRASH)
        ubsan = "lib/string.c:12:5: runtime error: load of misaligned address\n"
        self.assertEqual(self.judge(1, ubsan).kind, run.CRASH)

    def test_failing_case(self):
        text = fixture_text("host").replace("    ok 2 formats_hex", "    not ok 2 formats_hex")
        text = text.replace("ok 2 printf", "not ok 2 printf")
        verdict = run.judge_host(ktap.parse(text), 1, text, 60)
        self.assertEqual(verdict.kind, run.FAILED)
        self.assertEqual(verdict.cases, ["printf.formats_hex"])

    def test_timeout(self):
        self.assertEqual(self.judge(None).kind, run.TIMEOUT)


class SelftestTests(unittest.TestCase):
    """Each self-test expectation is met by the right log and only by it."""

    def selftest_log(self, case, *lines):
        body = [f"    # RUN selftest.{case}", *lines]
        return "\n".join(["[    0.1] KTAP version 1", "[    0.1] 1..1",
                          "[    0.1]     KTAP version 1", "[    0.1]     # Subtest: selftest",
                          "[    0.1]     1..1"] + [f"[    0.2] {line}" for line in body]) + "\n"

    def check(self, name, text, status, gdb_dump=""):
        config = {c.name: c for c in configs.CONFIGS}[name]
        verdict = run.judge_boot(ktap.parse(text), status, config.timeout, gdb_dump=gdb_dump)
        return run.check_expectation(config.expect, verdict, text)

    def panic_log(self, case, *lines):
        return self.selftest_log(case, *lines, "Kernel panic - not syncing: on purpose")

    def test_fails(self):
        text = self.selftest_log("fails", "    # fails: EXPECTATION FAILED", "    not ok 1 fails") \
            + "not ok 1 selftest\n"
        self.assertEqual(self.check("selftest-fails", text, 35), [])
        self.assertNotEqual(self.check("selftest-fails", fixture_text("fail"), 35), [])

    def test_panics(self):
        self.assertEqual(self.check("selftest-panics", self.panic_log("panics"), 37), [])
        self.assertNotEqual(self.check("selftest-panics", self.selftest_log("panics"), None), [])

    def test_hangs(self):
        dump = fixture_text("hang_gdb")
        self.assertEqual(self.check("selftest-hangs", self.selftest_log("hangs"), None, dump), [])
        self.assertNotEqual(self.check("selftest-hangs", self.selftest_log("panics"), None, dump),
                            [])
        # Without GDB's word on where the CPU was, the runner did not do its job.
        self.assertNotEqual(self.check("selftest-hangs", self.selftest_log("hangs"), None), [])

    def test_double_fault(self):
        good = self.panic_log("double_fault", "double fault (#DF) at rip 0x1234")
        self.assertEqual(self.check("selftest-double_fault", good, 37), [])
        unmet = self.check("selftest-double_fault", self.panic_log("double_fault"), 37)
        self.assertEqual(unmet, ["expected the serial log to contain 'double fault'"])

    def test_triple_fault(self):
        text = self.selftest_log("triple_fault")
        self.assertEqual(self.check("selftest-triple_fault", text, 0), [])
        self.assertNotEqual(self.check("selftest-triple_fault", text, 33), [])

    def test_panic_while_others_spin_needs_every_cpus_report(self):
        name = "selftest-panic_while_others_spin"
        good = self.selftest_log("panic_while_others_spin") + fixture_text("panic_reports")
        self.assertEqual(self.check(name, good, 37), [])
        shared = self.selftest_log("panic_while_others_spin") \
            + fixture_text("panic_reports_shared_stack")
        self.assertEqual(self.check(name, shared, 37),
                         ["CPU3: the same RSP as CPU2 (ffffc90000040f98): a shared stack"])

    def test_outcome_counts_met_expectations(self):
        config = {c.name: c for c in configs.CONFIGS}["selftest-hangs"]
        text = self.selftest_log("hangs")
        good = run.Outcome("k", run.judge_boot(ktap.parse(text), None, 20,
                                               gdb_dump=fixture_text("hang_gdb")))
        bad = run.Outcome("k", run.Verdict(run.PASSED))
        outcome = run.selftest_outcome([(config, good, text), (config, bad, text)])
        self.assertEqual(outcome.counts(), (1, 1, 0))
        self.assertEqual(outcome.suites[0].name, "runner_selftest")


class WatchdogTests(unittest.TestCase):
    """Watchdog reports fail a run, whatever else it says, and show in its summary.

    The fixtures are serial logs recorded from the selftest-softlockup,
    -hung_task and -work_timeout boots (softlockup_panic=1, hung_task_panic=1).
    """

    REPORTS = {
        "watchdog_softlockup": ("selftest.softlockup",
                                "BUG: soft lockup - CPU#0 stuck for 2s! [init:1]",
                                "RIP: [<ffffffff8011add2>] softlockup+0x12/0x20"),
        "watchdog_hardlockup": ("selftest.hardlockup",
                                "Watchdog detected hard LOCKUP on cpu 0",
                                "RIP: [<ffffffff80124712>] hardlockup+0x12/0x30"),
        "watchdog_hung_task": ("selftest.hung_task",
                               "INFO: task init:1 blocked for more than 1 seconds.",
                               "hung_task+0x23/0x30"),
        "watchdog_work_timeout": ("selftest.work_timeout",
                                  "INFO: work selftest_endless_work+0x0/0x20 on kthread_worker "
                                  "selftest-worker:5 running for more than 1 seconds.",
                                  "selftest_endless_work+0x12/0x20"),
    }

    def test_each_report_is_found_with_its_trace(self):
        for name, (_, header, trace_line) in self.REPORTS.items():
            with self.subTest(name):
                report = fixture(name)
                self.assertEqual(len(report.watchdog), 1)
                self.assertEqual(report.watchdog[0][0], header)
                self.assertTrue(any(trace_line in line for line in report.watchdog[0]))

    def test_report_wins_over_the_panic_it_asked_for(self):
        for name, (case, header, _) in self.REPORTS.items():
            with self.subTest(name):
                verdict = run.judge_boot(fixture(name), 37, 30)
                self.assertEqual(verdict.kind, run.WATCHDOG)
                self.assertTrue(verdict.run_failed)
                self.assertEqual(verdict.cases, [case])
                self.assertIn(f"while running {case}: {header}", verdict.reason)

    def test_report_fails_a_run_that_otherwise_passed(self):
        text = fixture_text("pass").replace(
            "ok 1 memcpy_copies_bytes",
            "ok 1 memcpy_copies_bytes\n[    9.000000] INFO: task ktest-x:9 blocked for more "
            "than 60 seconds.\n[    9.000001] Call Trace:", 1)
        verdict = run.judge_boot(ktap.parse(text), 33, 120)
        self.assertEqual(verdict.kind, run.WATCHDOG)
        self.assertIn("INFO: task ktest-x:9 blocked for more than 60 seconds.", verdict.reason)

    def test_report_ends_at_the_next_ktap_line(self):
        report = parse("""\
            KTAP version 1
            1..1
            # RUN a.b
            watchdog: BUG: soft lockup - CPU#1 stuck for 10s! [spin:7]
            RIP: [<ffffffff80100000>] spin+0x1/0x2
            ok 1 b
            not part of it
            """)
        self.assertEqual(report.watchdog, [["BUG: soft lockup - CPU#1 stuck for 10s! [spin:7]",
                                            "RIP: [<ffffffff80100000>] spin+0x1/0x2"]])

    def test_every_report_is_counted_and_the_summary_shows_them(self):
        text = "\n".join(["KTAP version 1", "1..1", "# RUN a.b"]
                         + [f"INFO: task t{i}:{i} blocked for more than 60 seconds." for i in range(3)])
        report = ktap.parse(text)
        verdict = run.judge_boot(report, None, 120)
        self.assertIn("(and 2 more)", verdict.reason)
        details = run.watchdog_details(report)
        self.assertEqual(details[0], "watchdog report 1 of 3:")
        self.assertIn("  | INFO: task t1:1 blocked for more than 60 seconds.", details)
        self.assertNotIn("  | INFO: task t2:2 blocked for more than 60 seconds.", details)

    def test_lookalikes_are_not_reports(self):
        report = parse("""\
            KTAP version 1
            1..1
            # hung_task: INFO: the word task, blocked, and seconds
            ok 1 hung_task_check_sees_soft lockup
            """)
        self.assertEqual(report.watchdog, [])

    def test_selftests_expect_the_right_detector(self):
        by_name = {c.name: c for c in configs.CONFIGS}
        for name, (case, header, _) in self.REPORTS.items():
            with self.subTest(name):
                config = by_name["selftest-" + case.split(".")[1]]
                text = fixture_text(name)
                verdict = run.judge_boot(ktap.parse(text), 37, config.timeout)
                self.assertEqual(run.check_expectation(config.expect, verdict, text), [])
        # Another detector's report does not meet the expectation.
        config = by_name["selftest-softlockup"]
        verdict = run.judge_boot(fixture("watchdog_hung_task"), 37, 30)
        unmet = run.check_expectation(config.expect, verdict, "")
        self.assertTrue(any("expected the verdict to say" in line for line in unmet))

    def test_every_boot_gets_generous_watchdogs_that_a_config_overrides(self):
        opts = run.BootOptions(Path("k.elf"), extra_cmdline="ktest.seed=1")
        smp1 = {c.name: c for c in configs.CONFIGS}["smp1"]
        cmdline = run.boot_cmdline(smp1, opts)
        self.assertTrue(cmdline.startswith(configs.WATCHDOG_CMDLINE))
        self.assertTrue(cmdline.endswith("ktest.seed=1"))
        words = dict(word.split("=") for word in configs.WATCHDOG_CMDLINE.split())
        self.assertGreaterEqual(int(words["hung_task_timeout_secs"]), 60)
        self.assertGreaterEqual(int(words["work_timeout_secs"]), 60)
        self.assertGreaterEqual(2 * int(words["watchdog_thresh"]), 10)
        softlockup = {c.name: c for c in configs.CONFIGS}["selftest-softlockup"]
        self.assertIn(configs.SHORT_WATCHDOGS, run.boot_cmdline(softlockup, opts))


class CrashReportTests(unittest.TestCase):
    """The per-CPU panic reports (crash_report.py), on a -smp 4 panic of
    selftest.panic_while_others_spin before and after issue 14's fixes."""

    def test_whole_reports_pass(self):
        self.assertEqual(crash_report.check(fixture_text("panic_reports"), 4), [])

    def test_reports_from_a_shared_nmi_stack_fail(self):
        problems = crash_report.check(fixture_text("panic_reports_shared_stack"), 4)
        self.assertEqual(problems, ["CPU3: the same RSP as CPU2 (ffffc90000040f98): a shared stack"])

    def test_a_missing_cpu_fails(self):
        problems = crash_report.check(fixture_text("panic_reports"), 5)
        self.assertEqual(problems, ["CPU4: 0 reports, not 1"])

    def test_interleaved_lines_fail(self):
        text = fixture_text("panic_reports").replace("[CPU2] RSP:", "[CPU3] RSP:", 1)
        self.assertIn("CPU2: lines printed by CPU 3 inside it (interleaved)",
                      crash_report.check(text, 4))

    def test_a_fault_in_the_dump_path_fails(self):
        text = fixture_text("panic_reports").replace(
            "[CPU2] Call Trace:",
            "[CPU2] BUG: unable to handle page fault for address: 000000000000000f\n"
            "[    0.99] [CPU2] Call Trace:", 1)
        self.assertIn("a fault inside the panic reports: "
                      "BUG: unable to handle page fault for address: 000000000000000f",
                      crash_report.check(text, 4))

    def test_a_report_without_registers_or_trace_fails(self):
        text = "\n".join(line for line in fixture_text("panic_reports").splitlines()
                         if "[CPU1] RAX:" not in line and "[CPU1]  [<" not in line)
        self.assertEqual(crash_report.check(text, 4),
                         ["CPU1: no RAX: line", "CPU1: an empty call trace"])


class GdbCheckTests(unittest.TestCase):
    """Judging the GDB helpers' output; fixtures/gdb.log is a recorded run."""

    def cases(self, text):
        return {case.name: case for case in gdb_check.judge(text)}

    def test_recorded_run_passes(self):
        cases = self.cases(fixture_text("gdb"))
        self.assertEqual(len(cases), len(gdb_check.CHECKS))
        for case in cases.values():
            self.assertEqual((case.name, case.status), (case.name, ktap.PASS), case.diagnostics)

    def test_missing_kthreadd_fails_with_the_output(self):
        text = fixture_text("gdb").replace("kthreadd\n", "kthreadX\n", 1)
        case = self.cases(text)["ps_lists_kthreadd_watchdogs_and_idle_tasks"]
        self.assertEqual(case.status, ktap.FAIL)
        self.assertIn("# no single kthreadd with pid 2 in lx-ps", case.diagnostics)
        self.assertTrue(any("watchdog/0" in line for line in case.diagnostics))

    def test_backtrace_must_show_schedule_called_by_kthreadd(self):
        text = fixture_text("gdb").replace("kthreadd+0x153", "kthread+0x153")
        case = self.cases(text)["bt_of_kthreadd_shows_its_wait"]
        self.assertEqual(case.status, ktap.FAIL)
        text = fixture_text("gdb").replace("schedule+0x18", "yield+0x18")
        self.assertEqual(self.cases(text)["bt_of_kthreadd_shows_its_wait"].status, ktap.FAIL)

    def test_python_error_is_a_failure(self):
        text = fixture_text("gdb").replace("CPU 1: swapper/1 pid 0",
                                           "Python Exception <class 'OverflowError'>")
        self.assertEqual(self.cases(text)["current_names_a_task_on_each_cpu"].status, ktap.FAIL)

    def test_command_never_reached_is_a_failure(self):
        text = fixture_text("gdb").split("@@@ lx-runq")[0]
        case = self.cases(text)["runq_shows_each_cpu"]
        self.assertEqual(case.status, ktap.FAIL)
        self.assertIn("# gdb did not get to `lx-runq`", case.diagnostics)

    def test_timeout_names_where_each_cpu_was(self):
        dump = fixture_text("hang_gdb")
        self.assertEqual(gdb_check.cpus_at(dump), ["CPU0 in cpu_relax"])
        verdict = run.judge_boot(fixture("hang"), None, 20, gdb_dump=dump)
        self.assertEqual(verdict.kind, run.TIMEOUT)
        self.assertTrue(verdict.reason.endswith("(CPU0 in cpu_relax)"), verdict.reason)
        two = "@@@ info threads\n* 1    Thread 1.1 (CPU#0 [running]) 0xffffffff80100000 in spin ()\n" \
              "  2    Thread 1.2 (CPU#1 [halted ]) arch_safe_halt () at x.c:3\n"
        self.assertEqual(gdb_check.cpus_at(two), ["CPU0 in spin", "CPU1 in arch_safe_halt"])
        self.assertEqual(gdb_check.cpus_at(""), [])

    def test_gdb_command_uses_the_given_port_and_every_command(self):
        command = gdb_check.gdb_command(Path("k.elf"), Path("s.py"), 40123)
        self.assertEqual(command[:3], ["gdb", "-nx", "-batch"])
        self.assertIn("target remote 127.0.0.1:40123", command)
        for lx_command in gdb_check.COMMANDS:
            self.assertIn(lx_command, command)

    def test_a_port_taken_meanwhile_is_recognised(self):
        said = ("qemu-system-x86_64: -gdb tcp:127.0.0.1:48783: Failed to find an available "
                "port: Address already in use")
        self.assertTrue(gdb_check.port_was_taken(said))
        self.assertFalse(gdb_check.port_was_taken("qemu-system-x86_64: -cdrom x.iso: No such file"))

    def test_free_port_is_not_1234_and_can_be_bound(self):
        port = gdb_check.free_port()
        self.assertNotEqual(port, 1234)
        import socket
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


class ConfigTests(unittest.TestCase):
    """configs.py stays consistent with what run.py can judge."""

    def test_names_are_unique(self):
        names = [c.name for c in configs.CONFIGS]
        self.assertEqual(len(names), len(set(names)))

    def test_smp1_is_a_default_config(self):
        smp1 = [c for c in configs.CONFIGS if c.name == "smp1"]
        self.assertEqual(len(smp1), 1)
        self.assertEqual((smp1[0].smp, smp1[0].default), (1, True))
        # The params suite checks that this seed reached the kernel.
        self.assertIn("ktest.seed=", smp1[0].cmdline)

    def test_selftests_expect_known_verdicts_and_are_not_default(self):
        selftests = [c for c in configs.CONFIGS if c.selftest]
        self.assertEqual(len(selftests), 12)
        for config in selftests:
            with self.subTest(config.name):
                self.assertFalse(config.default)
                self.assertIn(config.expect.verdict, run.VERDICTS)
                self.assertIn(config.expect.case, config.cmdline)

    def test_hang_selftest_has_a_short_timeout_that_timeout_option_keeps(self):
        hangs = {c.name: c for c in configs.CONFIGS}["selftest-hangs"]
        smp1 = {c.name: c for c in configs.CONFIGS}["smp1"]
        self.assertLessEqual(hangs.timeout, 30)
        self.assertEqual(run.effective_timeout(hangs, 300), hangs.timeout)
        self.assertEqual(run.effective_timeout(smp1, 300), 300)
        self.assertEqual(run.effective_timeout(smp1, None), smp1.timeout)

    def args(self, *argv):
        return run.parse_args(list(argv))

    def test_selection(self):
        normal, selftests = run.select_configs(self.args("--kernel", "k.elf"))
        defaults = [c.name for c in configs.CONFIGS if c.default]
        self.assertIn("smp1", defaults)
        self.assertEqual(([c.name for c in normal], selftests), (defaults, []))
        normal, selftests = run.select_configs(self.args("--kernel", "k.elf", "--selftest"))
        self.assertEqual(len(selftests), 12)
        normal, selftests = run.select_configs(self.args("--unit"))
        self.assertEqual((normal, selftests), ([], []))

    def test_bad_selection(self):
        with self.assertRaises(run.RunnerError):
            run.select_configs(self.args("--kernel", "k", "--config", "nope"))
        with self.assertRaises(run.RunnerError):
            run.select_configs(self.args("--selftest"))


class BootCommandTests(unittest.TestCase):
    """The ISO's grub.cfg and the QEMU command line."""

    TEMPLATE = "menuentry 'test' {\n  multiboot2 /boot/kernel.elf @CMDLINE@\n  boot\n}\n"

    def test_cmdline_is_substituted_and_quoted(self):
        cfg = run.render_grub_cfg(self.TEMPLATE, "ktest.filter=selftest.* ktest.seed=3")
        self.assertIn("multiboot2 /boot/kernel.elf 'ktest.filter=selftest.*' ktest.seed=3\n", cfg)

    def test_empty_cmdline(self):
        self.assertIn("kernel.elf \n", run.render_grub_cfg(self.TEMPLATE, ""))

    def test_unpassable_cmdline_is_refused(self):
        with self.assertRaises(run.RunnerError):
            run.render_grub_cfg(self.TEMPLATE, "a='b'")
        with self.assertRaises(run.RunnerError):
            run.render_grub_cfg("no placeholder\n", "ktest.seed=1")

    def test_join_cmdline(self):
        self.assertEqual(run.join_cmdline("", " a=1 ", "b"), "a=1 b")

    def test_qemu_command(self):
        config = configs.Config("smp4", smp=4, qemu_args=("-cpu", "max"))
        command = run.qemu_command(config, Path("build/smp4.iso"), Path("logs/smp4.log"))
        joined = " ".join(command)
        self.assertNotIn("kvm", joined)
        for part in ("-accel tcg", "-smp 4", "-m 256M", "-no-reboot", "-display none",
                     "-serial file:logs/smp4.log", "-monitor none", "-cdrom build/smp4.iso",
                     "-device isa-debug-exit,iobase=0xf4,iosize=0x04", "-boot d"):
            self.assertIn(part, joined)
        self.assertEqual(command[-2:], ["-cpu", "max"])


class ReplayTests(unittest.TestCase):
    """A failed boot says its seed and the command that boots it again."""

    def opts(self, extra=""):
        return run.BootOptions(kernel=Path("build/gcc/test-kernel.elf"), extra_cmdline=extra)

    def test_seed_comes_from_the_log_first(self):
        self.assertEqual(run.boot_seed("ktest.seed=42", ["KTAP version 1", "# ktest.seed=7"]), "7")

    def test_seed_falls_back_to_the_last_on_the_command_line(self):
        self.assertEqual(run.boot_seed("ktest.seed=42 x=1 ktest.seed=9", ["no ktap"]), "9")
        self.assertEqual(run.boot_seed("", []), "1")

    def test_chaos_run_replays_with_seed_chaos_and_filter(self):
        config = configs.Config("smp2", smp=2, cmdline="ktest.seed=42")
        lines = run.replay_lines(config, self.opts("ktest.seed=115 ktest.chaos=1 foo=bar"),
                                 ["# ktest.seed=115"], ["wait.a", "wait.b", "sched.c"])
        base = "python3 tests/runner/run.py --kernel build/gcc/test-kernel.elf --config smp2"
        self.assertEqual(lines, [
            f"seed 115, chaos on; replay: {base} --cmdline 'foo=bar ktest.seed=115 ktest.chaos=1'",
            f"replay their suites only: {base} --cmdline "
            "'foo=bar ktest.seed=115 ktest.chaos=1 ktest.filter=wait.*,sched.*'"])

    def test_plain_run_keeps_its_filter_and_has_no_chaos(self):
        config = configs.Config("smp1", cmdline="ktest.seed=42")
        lines = run.replay_lines(config, self.opts("ktest.filter=kthread.*"), [], [])
        self.assertEqual(lines, [
            "seed 42; replay: python3 tests/runner/run.py --kernel build/gcc/test-kernel.elf "
            "--config smp1 --cmdline 'ktest.seed=42 ktest.filter=kthread.*'"])

    def test_chaos_off_is_not_chaos(self):
        config = configs.Config("smp1", cmdline="ktest.chaos=1")
        lines = run.replay_lines(config, self.opts("ktest.chaos=0"), [], [])
        self.assertNotIn("chaos", lines[0])


class OutputTests(unittest.TestCase):
    """What people and `make test` read."""

    def test_summary_line(self):
        self.assertEqual(run.format_summary(3, 1, 0), "3 passed, 1 failed")
        self.assertEqual(run.format_summary(3, 0, 2), "3 passed, 0 failed, 2 skipped")

    def test_outcome_lists_suites_and_failing_cases_only(self):
        outcome = run.Outcome("kernel smp1", run.judge_boot(fixture("fail"), 35, 120),
                              fixture("fail").suites)
        lines = run.format_outcome(outcome)
        self.assertTrue(lines[0].startswith("kernel smp1: FAIL"))
        self.assertIn("  string  pass:1 fail:1 skip:1", lines)
        self.assertIn("  sched   pass:1 fail:0 skip:0", lines)
        self.assertIn("    not ok string.memmove_handles_overlap", lines)
        self.assertTrue(any("EXPECTATION FAILED" in line for line in lines))
        self.assertFalse(any("memcpy_copies_bytes" in line for line in lines))
        verbose = run.format_outcome(outcome, verbose=True)
        self.assertIn("    ok string.memcpy_copies_bytes", verbose)
        self.assertIn("    skip string.strscpy_truncates (needs SMP)", verbose)

    def test_log_tail(self):
        text = "".join(f"line {i}\n" for i in range(100))
        tail = run.log_tail(text)
        self.assertEqual(len(tail), 31)
        self.assertEqual(tail[-1], "  | line 99")
        self.assertEqual(tail[1], "  | line 70")


class LockOrderTests(unittest.TestCase):
    """The learned lock order is checked against the documented one."""

    DOC = textwrap.dedent("""\
        Prose that mentions `not_a_class` outside the table.
        <!-- lock-order-begin -->
        | rank | lock classes | why |
        |---|---|---|
        | 10 | `outer_mutex` | sleeps |
        | 20 | `&p->pi_lock` | |
        | 30 | `&rq->lock` | |
        | 31 | `&rq->lock/1` | double_rq_lock() |
        | 40 | `*.wait_lock`, `leaf_lock` | leaves |
        <!-- lock-order-end -->
        """)

    def dump(self, *edges, state="on"):
        lines = [f"[    1.0] lockdep: 5 lock classes, {len(edges)} dependencies, "
                 f"10 of 100 stack trace entries; validation {state}"]
        for held, held_site, taken, taken_site in edges:
            lines.append(f"[    1.1] [CPU0] lockdep: edge {held} {{{held_site}}} -> "
                         f"{taken} {{{taken_site}}}")
        lines.append("[    1.2] lockdep: end of dependencies")
        return "\n".join(lines) + "\n"

    def check(self, log):
        return lockorder.check(lockorder.parse_dump(log), lockorder.parse_order(self.DOC))

    def test_documented_nesting_passes(self):
        log = self.dump(("&p->pi_lock", "kernel/fork.c:58", "&rq->lock", "kernel/sched/core.c:1"),
                        ("&rq->lock", "kernel/sched/core.c:1", "&rq->lock/1",
                         "kernel/sched/core.c:1"),
                        ("outer_mutex", "kernel/a.c:1", "m.wait_lock", "kernel/a.c:1"))
        self.assertEqual(self.check(log), [])

    def test_undocumented_nesting_fails(self):
        log = self.dump(("&rq->lock", "kernel/sched/core.c:1", "&p->pi_lock", "kernel/fork.c:58"))
        problems = self.check(log)
        self.assertEqual(len(problems), 1)
        self.assertIn("undocumented nesting: &p->pi_lock (rank 20) taken while holding "
                      "&rq->lock (rank 30)", problems[0])

    def test_two_classes_of_one_rank_must_not_nest(self):
        log = self.dump(("leaf_lock", "kernel/a.c:1", "x.wait_lock", "kernel/b.c:2"))
        self.assertIn("undocumented nesting", self.check(log)[0])

    def test_a_kernel_class_missing_from_the_table_fails(self):
        log = self.dump(("&p->pi_lock", "kernel/fork.c:58", "new_lock", "kernel/new.c:3"))
        self.assertEqual(self.check(log), ["lock class new_lock (kernel/new.c:3) is not in the "
                                           "lock order table of docs/locking.md"])

    def test_classes_of_the_tests_are_not_checked(self):
        log = self.dump(("&rq->lock", "kernel/sched/core.c:1", "a", "tests/kernel/test_x.c:1"),
                        ("b", "tests/kernel/test_x.c:2", "outer_mutex", "kernel/a.c:1"))
        self.assertEqual(self.check(log), [])

    def test_validation_off_at_the_end_fails(self):
        self.assertIn("was off at the end", self.check(self.dump(state="off"))[0])

    def test_a_log_without_dependencies_is_not_checked(self):
        self.assertIsNone(lockorder.parse_dump("ktest: done: PASS\n"))
        self.assertIsNone(run.lock_order_case("ktest: done: PASS\n", self.DOC))

    def test_a_failed_check_fails_a_passed_boot(self):
        log = self.dump(("&rq->lock", "kernel/sched/core.c:1", "&p->pi_lock", "kernel/fork.c:58"))
        case = run.lock_order_case(log, self.DOC)
        self.assertEqual(case.status, ktap.FAIL)
        suites = []
        with unittest.mock.patch.object(run, "LOCK_ORDER_DOC") as doc:
            doc.exists.return_value = True
            doc.read_text.return_value = self.DOC
            verdict = run.add_lock_order_case(log, run.Verdict(run.PASSED), suites)
        self.assertEqual(verdict.kind, run.FAILED)
        self.assertEqual([suite.name for suite in suites], ["lock_order"])

    def test_the_real_table_parses(self):
        order = lockorder.parse_order(run.LOCK_ORDER_DOC.read_text("utf-8"))
        self.assertIn("&rq->lock", [name for _, name in order])


class MainTests(unittest.TestCase):
    """The command line end to end, with shell scripts as host binaries."""

    def run_main(self, *argv):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = run.main(list(argv))
        return status, out.getvalue().splitlines()

    def script(self, directory, fixture_text_, status):
        path = Path(directory) / f"fake-{status}"
        log = Path(directory) / f"fake-{status}.ktap"
        log.write_text(fixture_text_)
        path.write_text(f"#!/bin/sh\ncat '{log}'\nexit {status}\n")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        return str(path)

    def test_passing_host_test(self):
        with tempfile.TemporaryDirectory() as tmp:
            binary = self.script(tmp, fixture_text("host"), 0)
            status, lines = self.run_main("--host-test", binary, "--logs", tmp)
            self.assertEqual((status, lines[-1]), (0, "5 passed, 0 failed"))
            self.assertTrue(os.path.exists(Path(tmp) / "host-fake-0.log"))

    def test_failing_host_test_fails_the_run(self):
        text = fixture_text("host").replace("    ok 1 formats_decimal",
                                            "    not ok 1 formats_decimal")
        text = text.replace("ok 2 printf", "not ok 2 printf")
        with tempfile.TemporaryDirectory() as tmp:
            binary = self.script(tmp, text, 1)
            status, lines = self.run_main("--host-test", binary, "--logs", tmp)
            self.assertEqual((status, lines[-1]), (1, "4 passed, 1 failed"))
            self.assertIn("    not ok printf.formats_decimal", lines)

    def test_missing_host_binary_fails_the_run(self):
        with tempfile.TemporaryDirectory() as tmp:
            status, lines = self.run_main("--host-test", f"{tmp}/nope", "--logs", tmp)
            self.assertEqual((status, lines[-1]), (1, "0 passed, 1 failed"))

    def test_console_without_a_kernel_fails_its_boot_step(self):
        with tempfile.TemporaryDirectory() as tmp:
            status, lines = self.run_main("--console", f"{tmp}/no-kernel.elf", "--logs", tmp,
                                          "--build-dir", tmp)
            self.assertEqual(status, 1)
            self.assertIn("    not ok console.boots_to_a_prompt", lines)
            self.assertRegex(lines[-1], r"^0 passed, 1 failed, \d+ skipped$")

    def test_nothing_to_run_is_a_usage_error(self):
        with contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(run.main([]), 2)


class BenchProfileTests(unittest.TestCase):
    """scripts/bench_profile.py on a QEMU log written by hand in 7.2's format."""

    NM = textwrap.dedent("""\
        ffffffff80100000 T _text
        ffffffff80100000 T bench_profile_begin
        ffffffff80100010 T bench_profile_end
        ffffffff80100100 T loop_fn
        ffffffff80100200 T helper
        ffffffff80100300 T _etext
        """)

    # A block of three instructions, the middle one long enough that QEMU
    # puts its last bytes on a line of their own; then a one-instruction
    # block in another function; run twice inside the markers, once outside.
    LOG = textwrap.dedent("""\
        ----------------
        IN:
        0xffffffff80100100:  65 83 04 25 0c 00 00 00  addl     $1, %gs:0xc
        0xffffffff80100109:  f0 0f c1 05 ba 51 03 00  lock xaddl %eax, 0x351ba(%rip)
        0xffffffff80100111:  01
        0xffffffff80100112:  75 60                    jne      0xffffffff80100174

        Trace 0: 0x7f0000000100 [0000000000000000/ffffffff80100100/0000c0b0/ff020200]
        Trace 0: 0x7f0000000000 [0000000000000000/ffffffff80100000/0000c0b0/ff020200]
        ----------------
        IN:
        0xffffffff80100200:  c3                       retq

        Trace 0: 0x7f0000000200 [0000000000000000/ffffffff80100200/0000c0b0/ff020200]
        Trace 0: 0x7f0000000100 [0000000000000000/ffffffff80100100/0000c0b0/ff020200]
        Trace 1: 0x7f0000000100 [0000000000000000/ffffffff80100100/0000c0b0/ff020200]
        Trace 0: 0x7f0000000100 [0000000000000000/ffffffff80100100/0000c0b0/ff020200]
        Trace 0: 0x7f0000000010 [0000000000000000/ffffffff80100010/0000c0b0/ff020200]
        Trace 0: 0x7f0000000100 [0000000000000000/ffffffff80100100/0000c0b0/ff020200]
        """)

    def symbols(self, tmp):
        nm = Path(tmp) / "kernel.elf.nm"
        nm.write_text(self.NM)
        return bench_profile.Symbols(nm)

    def test_counts_each_block_between_the_markers_on_cpu_0(self):
        with tempfile.TemporaryDirectory() as tmp:
            symbols = self.symbols(tmp)
            log = Path(tmp) / "qemu.log"
            log.write_text(self.LOG)
            reader = bench_profile.LogReader(symbols)
            reader.read(log)
        self.assertIsNone(reader.error)
        self.assertEqual(len(reader.regions), 1)
        # loop_fn's block ran twice on CPU 0 (3 instructions each), helper's once.
        self.assertEqual(reader.regions[0].insns,
                         {0xffffffff80100100: 6, 0xffffffff80100200: 1})
        lines = bench_profile.format_profile("b", 2, 3.5, reader.regions[0], symbols,
                                             top=1, blocks=1)
        self.assertIn("3.5 insn/op in the log", lines[0])
        self.assertRegex(lines[2], r"^\s+3\.0\s+85\.7%\s+loop_fn$")
        self.assertRegex(lines[3], r"\(1 more functions\)$")
        self.assertIn("loop_fn+0x0 (0xffffffff80100100)", lines[5])

    def test_qemu_arguments_log_only_the_kernel_text(self):
        with tempfile.TemporaryDirectory() as tmp:
            args = bench_profile.qemu_args(self.symbols(tmp), Path("/x/log"))
        self.assertEqual(args, ("-d", "in_asm,exec,nochain", "-D", "/x/log",
                                "-dfilter", "0xffffffff80100000..0xffffffff801002ff"))


if __name__ == "__main__":
    unittest.main()
