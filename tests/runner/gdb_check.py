"""The GDB helpers (scripts/gdb/kthreads.py) against a live kernel.

Boots the kernel (not the test kernel: it must stay up, idle, once booted)
on two CPUs with QEMU's gdb stub on a free TCP port, so that parallel runs
never collide on 1234, waits for "Boot complete", then runs gdb in batch
mode: lx-ps, lx-bt kthreadd, lx-current, lx-runq.  Each check is one case
of suite `gdb`; run.py prints the outcome like any other source.
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import configs
import ktap
from ktap import FAIL, PASS

GDB = "gdb"
BOOT_TIMEOUT = 60  # wall-clock seconds for the kernel to finish booting
GDB_TIMEOUT = 60
BOOTED = "Boot complete:"
SMP = 2
MARKER = "@@@ "
COMMANDS = ("lx-ps", "lx-bt kthreadd", "lx-current", "lx-runq")


def free_port() -> int:
    """A TCP port nobody listens on now (QEMU binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# QEMU's complaint when someone took the port between free_port() and its
# start: the boot is then simply tried again on another port.
PORT_TAKEN = "Failed to find an available port"
PORT_ATTEMPTS = 3


def port_was_taken(qemu_output: str) -> bool:
    return PORT_TAKEN in qemu_output


def gdb_command(kernel: Path, script: Path, port: int) -> List[str]:
    """gdb in batch mode: each command's output follows a marker line."""
    command = [GDB, "-nx", "-batch", "-ex", "set pagination off",
               "-ex", "set confirm off", "-ex", f"file {kernel}",
               "-ex", f"source {script}", "-ex", f"target remote 127.0.0.1:{port}"]
    for lx_command in COMMANDS:
        command += ["-ex", f"echo \\n{MARKER}{lx_command}\\n", "-ex", lx_command]
    return command + ["-ex", "detach"]


def split_sections(output: str) -> Dict[str, List[str]]:
    """gdb's output, by command (the lines after its marker)."""
    sections: Dict[str, List[str]] = {}
    current: Optional[List[str]] = None
    for line in output.splitlines():
        if line.startswith(MARKER):
            current = sections.setdefault(line[len(MARKER):].strip(), [])
        elif current is not None:
            current.append(line)
    return sections


_PS_LINE = re.compile(r"^\s*(?P<pid>\d+) (?P<state>\S)\s+(?P<cpu>\d+)(?P<running>[> ])\s+"
                      r"0x[0-9a-f]+\s+(?P<comm>.*)$")
_BT_LINE = re.compile(r"^#(?P<number>\d+)\s+0x[0-9a-f]+ (?P<function>[\w.]+)\+0x[0-9a-f]+")


def check_ps(lines: List[str]) -> List[str]:
    """Problems with lx-ps: kthreadd must be pid 2, asleep; one idle task
    (pid 0) and one watchdog thread per CPU.  (init has exited by now.)"""
    tasks = [m.groupdict() for m in map(_PS_LINE.match, lines) if m]
    problems = []
    kthreadd = [t for t in tasks if t["comm"] == "kthreadd"]
    if len(kthreadd) != 1 or kthreadd[0]["pid"] != "2":
        problems.append("no single kthreadd with pid 2 in lx-ps")
    elif kthreadd[0]["state"] != "S":
        problems.append(f"kthreadd is in state {kthreadd[0]['state']}, not S (it waits for work)")
    idle = [t for t in tasks if t["comm"].startswith("swapper/")]
    if len(idle) != SMP or any(t["pid"] != "0" for t in idle):
        problems.append(f"expected {SMP} idle tasks with pid 0, got {len(idle)}")
    for cpu in range(SMP):
        if not any(t["comm"] == f"watchdog/{cpu}" and t["cpu"] == str(cpu) for t in tasks):
            problems.append(f"no watchdog/{cpu} on CPU {cpu} in lx-ps")
    return problems


def check_bt(lines: List[str]) -> List[str]:
    """kthreadd sleeps in schedule(), called from kthreadd() itself."""
    functions = [m.group("function") for m in map(_BT_LINE.match, lines) if m]
    if not functions:
        return ["lx-bt kthreadd printed no frame"]
    problems = []
    if "schedule" not in functions:
        problems.append(f"no schedule() frame in the trace: {functions}")
    if "kthreadd" not in functions:
        problems.append(f"no kthreadd() frame in the trace: {functions}")
    elif "schedule" in functions and functions.index("kthreadd") < functions.index("schedule"):
        problems.append(f"kthreadd() should be the caller of schedule(): {functions}")
    return problems


def check_current(lines: List[str]) -> List[str]:
    cpus = [line for line in lines if re.match(r"^CPU \d+: \S+ pid \d+", line)]
    if len(cpus) != SMP:
        return [f"expected a current task for each of {SMP} CPUs, got {len(cpus)}"]
    return []


def check_runq(lines: List[str]) -> List[str]:
    heads = [line for line in lines if re.match(r"^CPU \d+: nr_queued \d+", line)]
    currs = [line for line in lines if re.match(r"^\s+curr\s+\d+ \S+", line)]
    if len(heads) != SMP or len(currs) != SMP:
        return [f"expected {SMP} run queues with their running task, got "
                f"{len(heads)} and {len(currs)}"]
    return []


CHECKS: Tuple[Tuple[str, str, Callable[[List[str]], List[str]]], ...] = (
    ("ps_lists_kthreadd_watchdogs_and_idle_tasks", "lx-ps", check_ps),
    ("bt_of_kthreadd_shows_its_wait", "lx-bt kthreadd", check_bt),
    ("current_names_a_task_on_each_cpu", "lx-current", check_current),
    ("runq_shows_each_cpu", "lx-runq", check_runq),
)


def judge(output: str) -> List[ktap.Case]:
    """One case per check, with the command's output when it fails."""
    sections = split_sections(output)
    cases = []
    for name, command, check in CHECKS:
        lines = sections.get(command)
        if lines is None:
            problems = [f"gdb did not get to `{command}`"]
        else:
            problems = check(lines)
        diagnostics = [f"# {problem}" for problem in problems]
        if problems:
            diagnostics += [f"#   | {line}" for line in (lines or output.splitlines()[-20:])]
        cases.append(ktap.Case("gdb", name, FAIL if problems else PASS, diagnostics))
    return cases


@dataclass
class GdbRun:
    output: str
    error: str = ""  # why it could not run at all
    seconds: float = 0.0


def _wait_for_boot(log: Path, qemu: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and BOOTED in log.read_text("utf-8", errors="replace"):
            return ""
        if qemu.poll() is not None:
            said = qemu.stdout.read().decode("utf-8", errors="replace").strip() \
                if qemu.stdout else ""
            return (f"QEMU exited with status {qemu.returncode} before the boot completed"
                    + (f": {said}" if said else ""))
        time.sleep(0.1)
    return f"the kernel did not print '{BOOTED}' within {timeout:g} s"


def run_gdb(iso: Path, kernel: Path, script: Path, logs: Path, qemu: str) -> GdbRun:
    """Boot @iso with a gdb stub, run the commands, stop QEMU."""
    for _ in range(PORT_ATTEMPTS - 1):
        result = _run_gdb_once(iso, kernel, script, logs, qemu)
        if not port_was_taken(result.error):
            return result
    return _run_gdb_once(iso, kernel, script, logs, qemu)


def _run_gdb_once(iso: Path, kernel: Path, script: Path, logs: Path, qemu: str) -> GdbRun:
    started = time.monotonic()
    port = free_port()
    log = logs / "gdb-kernel.log"
    log.unlink(missing_ok=True)
    command = [qemu, "-accel", "tcg", "-m", "256M", "-smp", str(SMP), "-display", "none",
               "-monitor", "none", "-serial", f"file:{log}", "-no-reboot",
               "-gdb", f"tcp:127.0.0.1:{port}", "-cdrom", str(iso), "-boot", "d"]
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT) as proc:
        try:
            error = _wait_for_boot(log, proc, BOOT_TIMEOUT)
            if error:
                return GdbRun("", error, time.monotonic() - started)
            try:
                gdb = subprocess.run(gdb_command(kernel, script, port), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     timeout=GDB_TIMEOUT, check=False)
            except subprocess.TimeoutExpired:
                return GdbRun("", f"gdb did not finish within {GDB_TIMEOUT} s",
                              time.monotonic() - started)
            except OSError as error:
                return GdbRun("", f"cannot run {GDB}: {error}", time.monotonic() - started)
            (logs / "gdb.log").write_bytes(gdb.stdout)
            return GdbRun(gdb.stdout.decode("utf-8", errors="replace"), "",
                          time.monotonic() - started)
        finally:
            proc.kill()
            proc.communicate()


# What the runner asks GDB when a boot times out: where every CPU is, what
# each runs, and every task's state, from the kernel's own data.
HANG_COMMANDS = ("info threads", "lx-current", "lx-ps", "thread apply all bt 12")
HANG_LINES = 80  # of the dump, in the summary (the whole dump is in the log)


def hang_dump(kernel: Path, script: Path, port: int, timeout: float = GDB_TIMEOUT) -> str:
    """Attach to a boot that hangs and say where each CPU is ("" if gdb
    cannot: the boot is judged without it)."""
    command = [GDB, "-nx", "-batch", "-ex", "set pagination off", "-ex", "set confirm off",
               "-ex", f"file {kernel}", "-ex", f"source {script}",
               "-ex", f"target remote 127.0.0.1:{port}"]
    for gdb_command_line in HANG_COMMANDS:
        command += ["-ex", f"echo \n{MARKER}{gdb_command_line}\n", "-ex", gdb_command_line]
    try:
        proc = subprocess.run(command + ["-ex", "detach"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return proc.stdout.decode("utf-8", errors="replace")


_THREAD_LINE = re.compile(r"^\*?\s*\d+\s+Thread \S+ \(CPU#(?P<cpu>\d+)[^)]*\)\s+"
                          r"(?:0x[0-9a-f]+ in )?(?P<function>[\w.]+)")


def cpus_at(dump: str) -> List[str]:
    """"CPU0 in hangs" for each CPU, from `info threads`."""
    lines = split_sections(dump).get("info threads", [])
    return [f"CPU{m.group('cpu')} in {m.group('function')}"
            for m in map(_THREAD_LINE.match, lines) if m]


def gdb_config() -> configs.Config:
    """The boot the GDB test makes its ISO for (no command line needed)."""
    return configs.Config(name="gdb", smp=SMP, cmdline="")
