#!/usr/bin/env python3
"""Drive the kernel's serial console end to end, as a person at `make run` would.

    console_test.py --kernel build/gcc/kernel.elf [--build-dir build] [--logs DIR]
                    [--smp 2] [--timeout SEC] [-k GLOB]

Boots kernel.elf once in QEMU (TCG) with its serial port on a loopback TCP socket,
waits for the shell's prompt, types commands (ps, spawn, park, unpark, stop,
cpu down/up, freeze, workers, test, top, bad input, line editing keys) and
checks what comes back on the terminal.  Through QEMU's monitor (QMP) it
also reads the VGA text screen, as a person at the VM's window sees it, and
types on the PS/2 keyboard (tests/console/screen.py): the boot and the
prompt must be on the screen, a command typed on the keyboard must answer
on the screen and on the serial port, and the panic report must reach the
screen; <logs>/screen-vga.png is a picture of the screen.  Each step is one KTAP case of suite
`console`, printed on stdout, so tests/runner/run.py can count them
(`--console`); the whole serial transcript goes to <logs>/console.log.

Steps run in order and build on each other (park needs the pid that spawn
printed); a step that fails says what it expected and the screen it got,
and the next steps still run.  Python standard library only.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import select
import socket
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Callable, List, Optional, Tuple

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "runner"))

import configs  # noqa: E402
import crash_report  # noqa: E402  (the per-CPU panic reports)
import run  # noqa: E402  (build_iso, the runner's ISO maker)

sys.path.insert(0, str(ROOT / "scripts" / "trace"))
import tracedump  # noqa: E402  (the trace engineer's decoder)

import screen  # noqa: E402  (tests/console/screen.py)

PROMPT = "kthreads> "
BOOT_TIMEOUT = 60.0  # TCG on a busy 2-core host
STEP_TIMEOUT = 20.0
SEARCH_WINDOW = 4096  # a pattern must match within this many characters


class StepFailed(Exception):
    """A step saw something other than what it expected."""


class Console:
    """The serial port of one QEMU, as a terminal: type lines, read the screen."""

    def __init__(self, kernel: Path, build_dir: Path, log_path: Path, smp: int) -> None:
        config = configs.Config("console", smp=smp)
        iso = run.build_iso(config, run.BootOptions(kernel=kernel, build_dir=build_dir))
        self.log = open(log_path, "w", encoding="utf-8", errors="replace")
        self.logs = log_path.parent
        self.qmp_path = build_dir / f"console-{os.getpid()}.qmp"
        self.qmp_path.unlink(missing_ok=True)
        # TCP on the loopback rather than a Unix socket: QEMU writes the
        # serial port a byte at a time, and a Unix socket charges each write
        # a whole buffer, so a reader late by a few ms would fill it and
        # stall the UART, and every printk with it.  TCP packs the bytes.
        # wait=on: the guest starts only once we are connected, so the
        # transcript has the whole boot.
        port = free_tcp_port()
        self.qemu = subprocess.Popen(
            [run.QEMU, "-accel", "tcg", "-m", run.MEMORY, "-smp", str(smp),
             "-display", "none", "-monitor", "none", "-no-reboot", "-net", "none",
             "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
             "-chardev", f"socket,id=con,host=127.0.0.1,port={port},server=on,wait=on",
             "-serial", "chardev:con", "-cdrom", str(iso), "-boot", "d"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.sock = self._connect(port)
        self.monitor: Optional[screen.Monitor] = None
        self.smp = smp
        self.screen = ""  # everything received, \r removed
        self.mark = 0  # where the current step's output starts

    def _connect(self, port: int) -> socket.socket:
        deadline = time.monotonic() + 30
        while True:
            if self.qemu.poll() is not None:
                out = self.qemu.stdout.read().decode(errors="replace") if self.qemu.stdout else ""
                raise RuntimeError(f"QEMU exited ({self.qemu.returncode}): {out}")
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=1)
                sock.settimeout(None)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return sock
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _read(self, timeout: float) -> bool:
        """Appends what arrives within @timeout to the screen; False on EOF."""
        ready, _, _ = select.select([self.sock], [], [], max(0.0, timeout))
        if not ready:
            return True
        data = self.sock.recv(65536)
        if not data:
            return False
        text = data.decode("utf-8", errors="replace").replace("\r", "")
        self.log.write(text)
        self.log.flush()
        self.screen += text
        return True

    def expect(self, pattern: str, timeout: float = STEP_TIMEOUT) -> re.Match:
        """Waits for @pattern (a regex, matching within SEARCH_WINDOW characters)
        in the output since the mark."""
        regex = re.compile(pattern, re.MULTILINE)
        deadline = time.monotonic() + timeout
        start = self.mark
        while True:
            match = regex.search(self.screen, start)
            if match:
                return match
            # Only the new text, and a window before it, can hold a new match.
            start = max(self.mark, len(self.screen) - SEARCH_WINDOW)
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(min(left, 0.5)):
                raise StepFailed(f"expected /{pattern}/ within {timeout:.0f} s; got:\n"
                                 + self.since_mark())

    def since_mark(self) -> str:
        return self.screen[self.mark:]

    def type(self, keys: str) -> None:
        self.sock.sendall(keys.encode())

    def command(self, line: str, timeout: float = STEP_TIMEOUT) -> str:
        """Types @line and Enter; returns its output up to the next prompt."""
        self.mark = len(self.screen)
        self.type(line + "\r")
        prompt = self.expect(re.escape(PROMPT), timeout)
        output = self.screen[self.mark:prompt.start()]
        self.mark = prompt.start()
        # The echo of the line ends at the first newline (editing keys echo
        # as cursor moves, so it need not read like @line).
        return output.split("\n", 1)[1] if "\n" in output else ""

    def qmp(self) -> screen.Monitor:
        if self.monitor is None:
            self.monitor = screen.Monitor(self.qmp_path)
        return self.monitor

    def vga_memory(self) -> bytes:
        """VGA text memory now (80x25 cells of a byte and a colour)."""
        dump = self.logs / "screen-vga.bin"
        dump.unlink(missing_ok=True)
        self.qmp().execute("pmemsave", val=screen.VGA_TEXT_BASE, size=80 * 25 * 2,
                           filename=str(dump))
        return dump.read_bytes()  # QMP answers once the file is written

    def vga_lines(self) -> List[str]:
        return screen.decode_vga_text(self.vga_memory())

    def wait_for_screen(self, pattern: str, timeout: float = STEP_TIMEOUT) -> List[str]:
        """The screen's lines once a line matches @pattern: the printer thread
        draws within a frame, but a busy host may run it late."""
        deadline = time.monotonic() + timeout
        while True:
            lines = self.vga_lines()
            if screen.find_line(lines, pattern) is not None:
                return lines
            if time.monotonic() > deadline:
                raise StepFailed(f"expected /{pattern}/ on the screen within {timeout:.0f} s; "
                                 "it showed:\n" + "\n".join(lines))
            self._read(0.1)

    def close(self) -> None:
        try:
            if self.monitor:
                self.monitor.close()
            self.sock.close()
        finally:
            self.qmp_path.unlink(missing_ok=True)
            if self.qemu.poll() is None:
                self.qemu.kill()
            self.qemu.wait()
            self.log.close()


def free_tcp_port() -> int:
    """A port the kernel has just handed out, so most likely still free."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def check(condition: bool, message: str, output: str) -> None:
    if not condition:
        raise StepFailed(f"{message}; the screen showed:\n{output}")


def ps_row(output: str, pid: int) -> Optional[List[str]]:
    """The columns of @pid's row in ps output, or None."""
    for line in output.splitlines():
        fields = line.split()
        if len(fields) >= 7 and fields[0] == str(pid):
            return fields
    return None


def pid_of(output: str, name: str) -> int:
    for line in output.splitlines():
        fields = line.split()
        if len(fields) >= 7 and fields[1] == name:
            return int(fields[0])
    raise StepFailed(f"no {name} in ps; the screen showed:\n{output}")


class Steps:
    """The scenario; methods named step_* run in the order of STEPS."""

    def __init__(self, con: Console) -> None:
        self.con = con
        self.demo_pid = 0

    def wait_for_row(self, pid: int, ready: Callable[[List[str]], bool],
                     within: float = 5.0) -> Tuple[str, List[str]]:
        """Runs ps until @pid's row satisfies @ready: (the ps output, the row)."""
        deadline = time.monotonic() + within
        while True:
            ps = self.con.command("ps")
            row = ps_row(ps, pid)
            if row is not None and ready(row):
                return ps, row
            check(time.monotonic() < deadline, f"pid {pid} never got there", ps)
            time.sleep(0.1)

    def wait_until_gone(self, pid: int, within: float = 5.0) -> None:
        """kthread_stop() returns once the thread has exited; its last switch
        and the freeing may come a moment later."""
        deadline = time.monotonic() + within
        while True:
            ps = self.con.command("ps")
            if ps_row(ps, pid) is None:
                return
            check(time.monotonic() < deadline, f"pid {pid} is still in ps", ps)
            time.sleep(0.1)

    def boots_to_a_prompt(self) -> None:
        self.con.expect(r"Type 'help' for the commands", BOOT_TIMEOUT)
        self.con.expect(re.escape(PROMPT))
        self.con.mark = len(self.con.screen)

    def screen_shows_the_boot_and_the_prompt(self) -> None:
        lines = self.con.wait_for_screen(r"^kthreads> ?$")
        shown = [line for line in lines if line]
        check(shown[-1].startswith("kthreads>"), "the prompt is the screen's last line",
              "\n".join(lines))
        check(screen.find_line(lines, r"Boot complete: 2 CPUs") is not None,
              "the boot's last message is on the screen", "\n".join(lines))
        memory = self.con.vga_memory()
        font = screen.load_font()
        screen.write_png(self.con.logs / "screen-vga.png", screen.render_vga_text(memory, font))
        # The banner has scrolled off 25 rows: Shift+PgUp shows the history.
        for _ in range(6):
            self.con.qmp().send_keys("shift", "pgup")
        lines = self.con.wait_for_screen(r"kthreads version \S+ \(")
        for _ in range(6):
            self.con.qmp().send_keys("shift", "pgdn")
        self.con.wait_for_screen(r"^kthreads> ?$")

    def screen_colours_follow_the_log_level(self) -> None:
        self.con.qmp()
        lines = self.con.vga_lines()
        colours = screen.vga_text_attributes(self.con.vga_memory())
        row = screen.find_line(lines, r"Boot complete")  # pr_notice: white
        check(row is not None and colours[row][0] == 0x0F, "a notice is white on black",
              f"row {row}: {colours[row][:4] if row is not None else ''}")
        row = screen.find_line(lines, r"^kthreads>")  # the shell: light grey
        check(row is not None and colours[row][0] == 0x07, "the shell is light grey",
              f"row {row}: {colours[row][:4] if row is not None else ''}")

    def a_command_typed_on_the_keyboard_answers_on_both_consoles(self) -> None:
        self.con.mark = len(self.con.screen)
        self.con.qmp().type_text("help cpus\n")
        self.con.expect(r"help cpus\n  cpus +\S")
        self.con.expect(re.escape(PROMPT))
        lines = self.con.wait_for_screen(r"^  cpus +\S")
        check(screen.find_line(lines, r"^kthreads> help cpus$") is not None,
              "the screen shows the line typed", "\n".join(lines))
        # And the other way round: typed on the serial port, shown on the screen.
        out = self.con.command("help ps")
        check(re.search(r"^  ps \[-k\]", out, re.M) is not None, "help ps answers", out)
        self.con.wait_for_screen(r"^  ps \[-k\] +\S")

    def help_lists_every_command(self) -> None:
        out = self.con.command("help")
        for name in ("ps", "top", "cpus", "workers", "spawn", "park", "unpark", "stop",
                     "freeze", "thaw", "cpu", "test", "trace", "panic"):
            check(re.search(rf"^  {name}\b", out, re.M) is not None,
                  f"help does not list {name}", out)

    def ps_shows_kthreadd_and_per_cpu_threads(self) -> None:
        out = self.con.command("ps")
        row = ps_row(out, 2)
        check(row is not None and row[1] == "kthreadd", "pid 2 is not kthreadd", out)
        for cpu in (0, 1):
            watchdog = ps_row(out, pid_of(out, f"watchdog/{cpu}"))
            check(watchdog is not None and "c" in watchdog[4] and watchdog[3] == str(cpu),
                  f"watchdog/{cpu} is not a per-CPU thread on CPU {cpu}", out)
        check(ps_row(out, pid_of(out, "kshell")) is not None, "no kshell", out)

    def spawn_starts_a_demo_thread(self) -> None:
        out = self.con.command("spawn")
        match = re.search(r"spawned (demo-\d+), pid (\d+)$", out, re.M)
        check(match is not None, "spawn did not say what it started", out)
        self.demo_pid = int(match.group(2))
        ps = self.con.command("ps")
        row = ps_row(ps, self.demo_pid)
        check(row is not None and row[1] == match.group(1), "the new thread is not in ps", ps)
        # It calls set_freezable() first thing, but ps may come before that.
        ps, row = self.wait_for_row(self.demo_pid, lambda row: "f" in row[4])
        check(row[2] in "RS" and "d" in row[4],
              "a demo thread should be running or sleeping, flagged d and f", ps)
        out = self.con.command("spawn thread 1")
        match = re.search(r"spawned demo-\d+, pid (\d+), bound to CPU 1 \(kthread_bind\(\)\)", out)
        check(match is not None, "spawn thread 1 starts a bound thread", out)
        bound = int(match.group(1))
        ps = self.con.command("ps")
        row = ps_row(ps, bound)
        check(row is not None and row[3] == "1" and "b" in row[4],
              "a thread bound to CPU 1 runs there, flagged b", ps)
        out = self.con.command(f"stop {bound}")
        check(f"stop {bound}: done" in out, "the bound thread stops", out)
        self.wait_until_gone(bound)

    def park_shows_state_p(self) -> None:
        out = self.con.command(f"park {self.demo_pid}")
        check(f"park {self.demo_pid}: done" in out, "park did not succeed", out)
        ps = self.con.command("ps")
        row = ps_row(ps, self.demo_pid)
        check(row is not None and row[2] == "P" and "p" in row[4],
              "a parked thread shows state P and flag p", ps)
        again = self.con.command(f"park {self.demo_pid}")
        check("parked already" in again, "parking twice is refused", again)

    def unpark_lets_it_run_again(self) -> None:
        out = self.con.command(f"unpark {self.demo_pid}")
        check(f"unpark {self.demo_pid}: done" in out, "unpark did not succeed", out)
        # Woken, it passes through TASK_PARKED once more on its way out of
        # kthread_parkme(): wait for it to be gone.
        self.wait_for_row(self.demo_pid, lambda row: row[2] in "RS" and "p" not in row[4])
        again = self.con.command(f"unpark {self.demo_pid}")
        check("not parked" in again, "unparking a running thread is refused", again)

    def stop_ends_the_thread(self) -> None:
        self.con.command(f"park {self.demo_pid}")  # stop must also end a parked thread
        out = self.con.command(f"stop {self.demo_pid}")
        check(f"stop {self.demo_pid}: done; kthread_stop() returned 0" in out,
              "stop says what the thread returned", out)
        self.wait_until_gone(self.demo_pid)
        again = self.con.command(f"stop {self.demo_pid}")
        check(f"no task with pid {self.demo_pid}" in again, "a gone pid is named so", again)

    def threads_not_spawned_here_are_refused(self) -> None:
        ps = self.con.command("ps")
        cases = {
            "stop 2": "creates every kernel thread",
            "stop 0": "idle tasks",
            f"park {pid_of(ps, 'watchdog/1')}": "per-CPU thread",
            f"stop {pid_of(ps, 'kshell')}": "this shell",
        }
        for line, expected in cases.items():
            out = self.con.command(line)
            check(expected in out, f"'{line}' should be refused with '{expected}'", out)
        after = self.con.command("ps")
        check(ps_row(after, 2) is not None, "refusals changed nothing", after)
        check(after.count(" P ") == ps.count(" P "), "no thread was parked by a refusal", after)

    def bad_input_gets_a_clear_message(self) -> None:
        cases = {
            "frobnicate": "frobnicate: unknown command",
            "park abc": "park: 'abc' is not a pid",
            "park": "usage: park PID",
            "park 99999": "no task with pid 99999",
            "unpark -3": "is not a pid",
            "cpu down 0": "CPU 0 cannot go down",
            "cpu down 7": "there is no CPU 7",
            "cpu sideways 1": "usage: cpu up|down N",
            "cpu up 1": "CPU 1 is up already",
            "spawn thread 9": "CPU 9 is not online",
            "spawn fork": "usage: spawn",
            "top x": "is not a frame count",
            "panic": "type 'panic now'",
            "a b c d e f g h i": "too many words",
        }
        for line, expected in cases.items():
            out = self.con.command(line)
            check(expected in out, f"'{line}' should say '{expected}'", out)

    def cpu_down_parks_the_per_cpu_threads(self) -> None:
        out = self.con.command("cpu down 1")
        check("CPU 1 is down" in out, "cpu down 1 failed", out)
        cpus = self.con.command("cpus")
        check(re.search(r"^\s+1 offline", cpus, re.M) is not None, "cpus shows CPU 1 offline",
              cpus)
        ps = self.con.command("ps")
        row = ps_row(ps, pid_of(ps, "watchdog/1"))
        check(row is not None and row[2] == "P", "watchdog/1 is parked while CPU 1 is down", ps)

    def cpu_up_unparks_them(self) -> None:
        out = self.con.command("cpu up 1")
        check("CPU 1 is up" in out, "cpu up 1 failed", out)
        cpus = self.con.command("cpus")
        check(re.search(r"^\s+1 online", cpus, re.M) is not None, "cpus shows CPU 1 online",
              cpus)
        ps = self.con.command("ps")
        self.wait_for_row(pid_of(ps, "watchdog/1"), lambda row: row[2] != "P" and row[3] == "1")

    def workers_shows_the_demo_worker_counting(self) -> None:
        first = self.con.command("workers")
        match = re.search(r"^\s*\d+ demo_worker-1\s+(\d+)", first, re.M)
        check(match is not None, "workers lists demo_worker-1", first)
        start = time.monotonic()
        while True:
            again = self.con.command("workers")
            later = re.search(r"^\s*\d+ demo_worker-1\s+(\d+)", again, re.M)
            if later and int(later.group(1)) > int(match.group(1)):
                return
            check(time.monotonic() - start < 8, "the demo worker's count grows", again)
            time.sleep(0.5)

    def freeze_and_thaw(self) -> None:
        out = self.con.command("spawn worker")
        match = re.search(r"spawned (demo_worker-\d+), pid (\d+)", out)
        check(match is not None, "spawn worker", out)
        worker_pid = int(match.group(2))
        out = self.con.command(f"park {worker_pid}")
        check("does not park" in out, "a worker's thread is not parked", out)
        out = self.con.command("freeze")
        check("frozen" in out, "freeze succeeds", out)
        ps = self.con.command("ps")
        row = ps_row(ps, worker_pid)
        check(row is not None and row[2] == "F", "a freezable worker shows F", ps)
        refused = self.con.command(f"stop {worker_pid}")
        check("thaw' first" in refused, "stopping a frozen worker is refused", refused)
        out = self.con.command("thaw")
        check("thawed" in out, "thaw", out)
        out = self.con.command(f"stop {worker_pid}")
        check(f"stop {worker_pid}: done" in out, "a demo worker can be destroyed", out)
        out = self.con.command("thaw")
        check("nothing is frozen" in out, "thaw twice is refused", out)

    def trace_records_a_park_and_unpark(self) -> None:
        out = self.con.command("trace start sched,kthread")
        check("tracing is on; groups: sched,kthread" in out, "trace start", out)
        out = self.con.command("spawn")
        match = re.search(r"spawned demo-\d+, pid (\d+)", out)
        check(match is not None, "spawn", out)
        pid = int(match.group(1))
        self.con.command(f"park {pid}")
        self.con.command(f"unpark {pid}")
        self.con.command(f"stop {pid}")
        out = self.con.command("trace stop")
        check("tracing is off" in out, "trace stop", out)
        out = self.con.command("trace dump", timeout=60)
        dumps = tracedump.parse_log(out)
        problems = [f"{len(dumps)} dumps"] + [line for d in dumps for line in d.damaged]
        check(len(dumps) == 1 and dumps[0].complete and not dumps[0].damaged,
              "trace dump writes one whole, undamaged dump (" + "; ".join(problems) + ")",
              out[-2000:])
        names = [(e.name, e.fields.get("pid")) for e in dumps[0].events]
        order = [names.index(event) if event in names else -1
                 for event in (("kthread_park", pid), ("kthread_unpark", pid),
                               ("sched_kthread_stop", pid))]
        check(-1 not in order and order == sorted(order),
              "the dump has park, unpark and stop of the demo thread, in order",
              "\n".join(f"{n} {p}" for n, p in names if n.startswith(("kthread", "sched_k"))))
        for line, expected in {"trace start bogus": "is not a list of groups",
                               "trace sideways": "usage: trace"}.items():
            out = self.con.command(line)
            check(expected in out, f"'{line}' should say '{expected}'", out)

    def line_editing_keys(self) -> None:
        # Backspace, then left arrow + insert: "pz<BS>s" is "ps"; "cus<-><-><-><->p"...
        out = self.con.command("pz\x7fs")
        check("kthreadd" in out, "backspace fixed 'pz' into 'ps'", out)
        self.con.mark = len(self.con.screen)
        self.con.type("cus\x1b[D\x1b[Dp\r")
        self.con.expect(r"CPU STATE")
        self.con.expect(re.escape(PROMPT))
        # Ctrl-U erases, Ctrl-C abandons: neither runs anything.
        self.con.mark = len(self.con.screen)
        self.con.type("panic now\x15cpus\x03")
        self.con.expect(r"\^C\n" + re.escape(PROMPT))
        check("CPU STATE" not in self.con.since_mark(), "^C ran nothing", self.con.since_mark())
        # Up arrow brings back the last line run (cpus).
        self.con.mark = len(self.con.screen)
        self.con.type("\x1b[A\r")
        self.con.expect(r"CPU STATE")
        self.con.expect(re.escape(PROMPT))

    def top_shows_a_frame(self) -> None:
        out = self.con.command("top 1", timeout=10)
        check(re.search(r"top: up [\d.]+ s, \d+ tasks, 2 CPUs online", out) is not None,
              "top prints its header", out)
        check(re.search(r"CPU0:\s+[\d.]+% idle", out) is not None, "top shows idle shares", out)

    def test_runs_kernel_tests_live(self) -> None:
        out = self.con.command("test kallsyms.*", timeout=30)
        match = re.search(r"test: (\d+) passed, (\d+) failed", out)
        check(match is not None and int(match.group(1)) > 0 and match.group(2) == "0",
              "the kallsyms cases pass", out)
        out = self.con.command("test nosuchsuite.*")
        check("no case matches" in out, "a filter matching nothing is named", out)

    def no_warning_or_bug_on_the_console(self) -> None:
        for bad in ("WARNING:", "BUG:", "Kernel panic", "cut here"):
            lines = [line for line in self.con.screen.splitlines() if bad in line]
            check(not lines, f"the console printed '{bad}'", "\n".join(lines))

    def panic_now_prints_the_crash_report(self) -> None:
        self.con.mark = len(self.con.screen)
        self.con.type("panic now\r")
        self.con.expect(r"Kernel panic - not syncing: requested from the console")
        self.con.expect(r"cmd_panic")  # the symbolized backtrace names the command
        self.con.expect(r"end Kernel panic")
        # Every CPU's report, whole, one after the other (crash_report.py).
        problems = crash_report.check(self.con.since_mark(), self.con.smp)
        check(not problems, "; ".join(problems), self.con.since_mark())
        # Drawn with interrupts off, by the panicking CPU itself; the report
        # is longer than the screen, whose history no key can show now.
        lines = self.con.wait_for_screen(r"end Kernel panic - not syncing: requested from")
        check(screen.find_line(lines, r"Call Trace:") is not None,
              "the screen shows a call trace", "\n".join(lines))


STEPS: List[str] = [
    "boots_to_a_prompt",
    "screen_shows_the_boot_and_the_prompt",
    "screen_colours_follow_the_log_level",
    "a_command_typed_on_the_keyboard_answers_on_both_consoles",
    "help_lists_every_command",
    "ps_shows_kthreadd_and_per_cpu_threads",
    "spawn_starts_a_demo_thread",
    "park_shows_state_p",
    "unpark_lets_it_run_again",
    "stop_ends_the_thread",
    "threads_not_spawned_here_are_refused",
    "bad_input_gets_a_clear_message",
    "cpu_down_parks_the_per_cpu_threads",
    "cpu_up_unparks_them",
    "workers_shows_the_demo_worker_counting",
    "freeze_and_thaw",
    "trace_records_a_park_and_unpark",
    "line_editing_keys",
    "top_shows_a_frame",
    "test_runs_kernel_tests_live",
    "no_warning_or_bug_on_the_console",
    "panic_now_prints_the_crash_report",  # last: the machine stops
]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", type=Path, default=ROOT / "build/gcc/kernel.elf")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build")
    parser.add_argument("--logs", type=Path, default=ROOT / "build/test-logs")
    parser.add_argument("--smp", type=int, default=2)
    parser.add_argument("-k", dest="glob", default="*", help="run only the steps matching")
    args = parser.parse_args(argv)
    args.logs.mkdir(parents=True, exist_ok=True)
    log_path = args.logs / "console.log"

    print("KTAP version 1")
    print("1..1")
    print("    KTAP version 1")
    print("    # Subtest: console")
    chosen = [name for name in STEPS
              if name == "boots_to_a_prompt" or fnmatch.fnmatch(name, args.glob)]
    print(f"    1..{len(chosen)}")
    sys.stdout.flush()
    failed = 0
    started = time.monotonic()
    try:
        con = Console(args.kernel, args.build_dir, log_path, args.smp)
    except Exception as error:  # noqa: BLE001 (reported as the first step's failure)
        print(f"    # RUN console.{chosen[0]}")
        for line in str(error).splitlines():
            print(f"    # cannot boot: {line}")
        print(f"    not ok 1 {chosen[0]}")
        for number, name in enumerate(chosen[1:], 2):
            print(f"    ok {number} {name} # SKIP no boot")
        print("not ok 1 console")
        return 1
    try:
        steps = Steps(con)
        for number, name in enumerate(chosen, 1):
            print(f"    # RUN console.{name}")
            try:
                getattr(steps, name)()
                print(f"    ok {number} {name}")
            except StepFailed as error:
                failed += 1
                for line in str(error).splitlines()[-40:]:
                    print(f"    # {line}")
                print(f"    not ok {number} {name}")
            except Exception:  # noqa: BLE001 (a bug here fails the step, not the run)
                failed += 1
                for line in traceback.format_exc().splitlines():
                    print(f"    # {line}")
                print(f"    not ok {number} {name}")
            sys.stdout.flush()
            if name == "boots_to_a_prompt" and failed:
                for later, skipped in enumerate(chosen[number:], number + 1):
                    print(f"    ok {later} {skipped} # SKIP no prompt")
                break  # nothing else can work
    finally:
        con.close()
    print(f"    # {time.monotonic() - started:.1f} s, transcript {log_path}")
    print(f"{'not ok' if failed else 'ok'} 1 console")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
