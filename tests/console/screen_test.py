#!/usr/bin/env python3
"""The screen console on a UEFI framebuffer, read back as a person sees it.

    screen_test.py --kernel build/gcc/kernel.elf [--build-dir build] [--logs DIR]
                   [--firmware OVMF_CODE.fd]

Boots kernel.elf's ISO under OVMF (UEFI firmware for QEMU, Debian package
`ovmf`) on the q35 machine, where GRUB has no text mode and hands the
kernel a framebuffer.  Screenshots (QMP `screendump`) are decoded back to
text with the kernel's own font (tests/console/screen.py), and checked:
the boot, the prompt, a command typed on the PS/2 keyboard answered on the
screen and on the serial port, the history under Shift+PgUp, and last the
panic report, drawn with interrupts off.  The screenshot before the panic
is <logs>/screen-framebuffer.png.  Each step is a KTAP case of suite
`screen_fb`; without the firmware every case is skipped, and says so.
Python standard library only.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Callable, List, Optional, Sequence

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "runner"))
sys.path.insert(0, str(HERE))

import configs  # noqa: E402
import run  # noqa: E402  (build_iso)
import screen  # noqa: E402

# The firmware files, the smaller (faster to start) first.
FIRMWARE = [Path("/usr/share/OVMF/OVMF_CODE.fd"), Path("/usr/share/OVMF/OVMF_CODE_4M.fd")]
BOOT_TIMEOUT = 90.0  # OVMF under TCG on a busy 2-core host
STEP_TIMEOUT = 20.0
PROMPT = "kthreads>"


class StepFailed(Exception):
    """The screen showed something other than what a step expected."""


class Machine:
    """kernel.elf under OVMF: its serial log, its monitor, its screen."""

    def __init__(self, kernel: Path, build_dir: Path, logs: Path, firmware: Path) -> None:
        # The console test's ISO: the same kernel and command line.
        iso = run.build_iso(configs.Config("console"),
                            run.BootOptions(kernel=kernel, build_dir=build_dir))
        vars_template = firmware.with_name(firmware.name.replace("CODE", "VARS"))
        self.vars = build_dir / f"screen-{os.getpid()}-vars.fd"
        shutil.copyfile(vars_template, self.vars)  # the firmware writes its variables
        self.serial_log = logs / "screen-fb-serial.log"
        self.serial_log.unlink(missing_ok=True)
        self.qmp_path = build_dir / f"screen-{os.getpid()}.qmp"
        self.qmp_path.unlink(missing_ok=True)
        self.logs = logs
        self.font = screen.load_font()
        self.qemu = subprocess.Popen(
            [run.QEMU, "-accel", "tcg", "-machine", "q35", "-m", run.MEMORY, "-smp", "2",
             "-drive", f"if=pflash,format=raw,readonly=on,file={firmware}",
             "-drive", f"if=pflash,format=raw,file={self.vars}",
             "-display", "none", "-net", "none", "-no-reboot",
             "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
             "-serial", f"file:{self.serial_log}", "-cdrom", str(iso)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.monitor = screen.Monitor(self.qmp_path)
        self.lines: List[str] = []

    def serial(self) -> str:
        if not self.serial_log.exists():
            return ""
        return self.serial_log.read_text("utf-8", errors="replace").replace("\r", "")

    def wait_for_serial(self, pattern: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.serial(), re.M):
            if self.qemu.poll() is not None:
                raise StepFailed(f"QEMU exited ({self.qemu.returncode}) before /{pattern}/ "
                                 "on the serial port")
            if time.monotonic() > deadline:
                raise StepFailed(f"expected /{pattern}/ on the serial port within "
                                 f"{timeout:.0f} s; its end:\n" + self.serial()[-1500:])
            time.sleep(0.1)

    def screenshot(self) -> screen.Image:
        path = self.logs / "screen-framebuffer.ppm"
        path.unlink(missing_ok=True)
        self.monitor.execute("screendump", filename=str(path))
        return screen.read_ppm(path)

    def wait_for_screen(self, pattern: str, timeout: float = STEP_TIMEOUT) -> List[str]:
        """The screen's lines once one matches @pattern."""
        deadline = time.monotonic() + timeout
        while True:
            self.lines = screen.decode_framebuffer(self.screenshot(), self.font)
            if screen.find_line(self.lines, pattern) is not None:
                return self.lines
            if time.monotonic() > deadline:
                raise StepFailed(f"expected /{pattern}/ on the screen within {timeout:.0f} s; "
                                 "it showed:\n" + "\n".join(self.lines))
            time.sleep(0.2)

    def close(self) -> None:
        try:
            self.monitor.close()
        finally:
            if self.qemu.poll() is None:
                self.qemu.kill()
            self.qemu.wait()
            self.qmp_path.unlink(missing_ok=True)
            self.vars.unlink(missing_ok=True)


def check(condition: bool, message: str, lines: Sequence[str]) -> None:
    if not condition:
        raise StepFailed(f"{message}; the screen showed:\n" + "\n".join(lines))


class Steps:
    def __init__(self, machine: Machine) -> None:
        self.m = machine

    def boots_to_a_prompt_on_the_framebuffer(self) -> None:
        self.m.wait_for_serial(r"Type 'help' for the commands", BOOT_TIMEOUT)
        lines = self.m.wait_for_screen(rf"^{PROMPT} ?$")
        shown = [line for line in lines if line]
        check(shown[-1].startswith(PROMPT), "the prompt is the last line", lines)
        check(screen.find_line(lines, r"screen: framebuffer \d+x\d+, 32 bits a pixel") is not None,
              "the kernel says it draws on a framebuffer", lines)
        check(screen.find_line(lines, r"Boot complete: 2 CPUs") is not None,
              "the boot's last message is on the screen", lines)
        check("\x00" not in "".join(lines), "every cell is a glyph of the font", lines)

    def the_history_holds_the_banner(self) -> None:
        for _ in range(4):
            self.m.monitor.send_keys("shift", "pgup")
        self.m.wait_for_screen(r"kthreads version \S+ \(")
        for _ in range(4):
            self.m.monitor.send_keys("shift", "pgdn")
        self.m.wait_for_screen(rf"^{PROMPT} ?$")

    def a_command_typed_on_the_keyboard_answers_on_both_consoles(self) -> None:
        self.m.monitor.type_text("help workers\n")
        self.m.wait_for_serial(r"help workers\n  workers +\S", STEP_TIMEOUT)
        lines = self.m.wait_for_screen(r"^  workers +\S")
        check(screen.find_line(lines, rf"^{PROMPT} help workers$") is not None,
              "the screen shows the line typed", lines)
        screen.write_png(self.m.logs / "screen-framebuffer.png", self.m.screenshot())

    def the_panic_report_reaches_the_framebuffer(self) -> None:
        self.m.monitor.type_text("panic now\n")
        self.m.wait_for_serial(r"end Kernel panic - not syncing", STEP_TIMEOUT)
        lines = self.m.wait_for_screen(r"end Kernel panic - not syncing: requested from")
        check(screen.find_line(lines, r"Call Trace:") is not None,
              "the screen shows a call trace", lines)


STEPS: List[str] = [
    "boots_to_a_prompt_on_the_framebuffer",
    "the_history_holds_the_banner",
    "a_command_typed_on_the_keyboard_answers_on_both_consoles",
    "the_panic_report_reaches_the_framebuffer",  # last: the machine stops
]


def find_firmware(given: Optional[Path]) -> Optional[Path]:
    candidates = [given] if given else FIRMWARE
    for path in candidates:
        if path.is_file() and path.with_name(path.name.replace("CODE", "VARS")).is_file():
            return path
    return None


def report(steps: Sequence[str], run_step: Callable[[str], Optional[str]]) -> int:
    """Runs each step in order, printing KTAP; a failed first step skips the rest."""
    failed = 0
    for number, name in enumerate(steps, 1):
        print(f"    # RUN screen_fb.{name}")
        problem = run_step(name)
        if problem is None:
            print(f"    ok {number} {name}")
        else:
            failed += 1
            for line in problem.splitlines()[-60:]:
                print(f"    # {line}")
            print(f"    not ok {number} {name}")
            if number == 1:
                for later, skipped in enumerate(steps[1:], 2):
                    print(f"    ok {later} {skipped} # SKIP no prompt")
                break
        sys.stdout.flush()
    return failed


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", type=Path, default=ROOT / "build/gcc/kernel.elf")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build")
    parser.add_argument("--logs", type=Path, default=ROOT / "build/test-logs")
    parser.add_argument("--firmware", type=Path, help="OVMF_CODE.fd (default: Debian's)")
    args = parser.parse_args(argv)
    args.logs.mkdir(parents=True, exist_ok=True)
    print("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: screen_fb")
    print(f"    1..{len(STEPS)}")
    firmware = find_firmware(args.firmware)
    if firmware is None:
        for number, name in enumerate(STEPS, 1):
            print(f"    ok {number} {name} # SKIP no OVMF firmware "
                  "(scripts/install-deps.sh installs the ovmf package)")
        print("ok 1 screen_fb # SKIP no OVMF firmware")
        return 0
    started = time.monotonic()
    try:
        machine = Machine(args.kernel, args.build_dir, args.logs, firmware)
    except Exception as error:  # noqa: BLE001 (the first step's failure)
        report(STEPS, lambda name: f"cannot boot: {error}")
        print("not ok 1 screen_fb")
        return 1
    steps = Steps(machine)

    def run_step(name: str) -> Optional[str]:
        try:
            getattr(steps, name)()
            return None
        except StepFailed as error:
            return str(error)
        except Exception:  # noqa: BLE001 (a bug here fails the step, not the run)
            return traceback.format_exc()

    try:
        failed = report(STEPS, run_step)
    finally:
        machine.close()
    print(f"    # {time.monotonic() - started:.1f} s under {firmware}, "
          f"serial {machine.serial_log}, picture {args.logs / 'screen-framebuffer.png'}")
    print(f"{'not ok' if failed else 'ok'} 1 screen_fb")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
