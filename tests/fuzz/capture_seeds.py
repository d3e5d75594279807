#!/usr/bin/env python3
"""Capture the seed corpus of the fuzz targets from a real boot.

Boots the kernel's ISO in QEMU (TCG) with a GDB stub, and once the kernel
is up, copies out of guest memory the bytes the parsers read at boot:

  multiboot2/  the multiboot2 information block GRUB handed over
  acpi/        the RSDP (from GRUB's ACPI tag), the RSDT or XSDT and the
               MADT of QEMU's firmware, each behind the selector byte of
               tests/fuzz/fuzz_acpi.c

With --uefi OVMF_CODE.fd it also boots under UEFI (q35), where GRUB hands
over a framebuffer, and keeps that boot's multiboot2 block as
multiboot2/qemu-ovmf-q35 (its RGB framebuffer tag; the BIOS boots' blocks
have the EGA text one).

The command-line seeds are typical command lines, written by hand in
tests/fuzz/corpus/cmdline/.  Run again after a change of QEMU, GRUB or
the machine type, and commit the result:

  python3 tests/fuzz/capture_seeds.py --kernel build/gcc/kernel.elf \\
      --iso build/gcc/kthreads.iso --out tests/fuzz/corpus
"""
import argparse
import os
import re
import socket
import struct
import subprocess
import tempfile
import time

# Selector bytes of fuzz_acpi.c: which parser the rest of the input feeds.
ACPI_RSDP, ACPI_RSDT, ACPI_XSDT, ACPI_MADT = 0, 1, 2, 3


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gdb(kernel, port, commands):
    args = ["gdb", "-nx", "-batch", "-ex", "set pagination off",
            "-ex", "target remote 127.0.0.1:%d" % port]
    for c in commands:
        args += ["-ex", c]
    args.append(kernel)
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def read_phys(kernel, port, phys, size, tmp):
    path = os.path.join(tmp, "mem-%x" % phys)
    gdb(kernel, port, ["monitor pmemsave %#x %d \"%s\"" % (phys, size, path)])
    for _ in range(50):
        if os.path.exists(path) and os.path.getsize(path) == size:
            break
        time.sleep(0.1)
    with open(path, "rb") as f:
        return f.read()


def read_table(kernel, port, phys, tmp):
    header = read_phys(kernel, port, phys, 36, tmp)
    length = struct.unpack_from("<I", header, 4)[0]
    return read_phys(kernel, port, phys, length, tmp)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    print("  %s (%d bytes)" % (path, len(data)))


def capture(kernel, iso, smp, out, tmp, uefi=None):
    port = free_port()
    serial = os.path.join(tmp, "serial.log")
    if os.path.exists(serial):
        os.remove(serial)
    machine = ["-boot", "d"]
    if uefi:
        machine = ["-machine", "q35", "-net", "none",
                   "-drive", "if=pflash,format=raw,readonly=on,file=" + uefi]
    qemu = subprocess.Popen(
        ["qemu-system-x86_64", "-accel", "tcg", "-m", "256M", "-smp", str(smp),
         "-no-reboot", "-display", "none", "-cdrom", iso,
         "-serial", "file:" + serial, "-gdb", "tcp:127.0.0.1:%d" % port] + machine)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            if os.path.exists(serial) and b"acpi" in open(serial, "rb").read().lower():
                break
            time.sleep(0.5)
        time.sleep(2)
        values = gdb(kernel, port, ["print/x boot_info.info_phys",
                                    "print/x boot_info.info_size",
                                    "print/x boot_info.rsdp_len"])
        info_phys, info_size, rsdp_len = (int(v, 16) for v in
                                          re.findall(r"= (0x[0-9a-f]+)", values))
        info = read_phys(kernel, port, info_phys, info_size, tmp)
        if uefi:
            write(os.path.join(out, "multiboot2", "qemu-ovmf-q35"), info)
            return
        write(os.path.join(out, "multiboot2", "qemu-grub-smp%d" % smp), info)

        rsdp = rsdp_from_info(info)
        write(os.path.join(out, "acpi", "rsdp"), bytes([ACPI_RSDP]) + rsdp)
        revision = rsdp[15]
        if revision >= 2 and len(rsdp) >= 36 and struct.unpack_from("<Q", rsdp, 24)[0]:
            root_phys, entry, sel = struct.unpack_from("<Q", rsdp, 24)[0], "<Q", ACPI_XSDT
        else:
            root_phys, entry, sel = struct.unpack_from("<I", rsdp, 16)[0], "<I", ACPI_RSDT
        root = read_table(kernel, port, root_phys, tmp)
        write(os.path.join(out, "acpi", "rsdt" if sel == ACPI_RSDT else "xsdt"),
              bytes([sel]) + root)
        size = struct.calcsize(entry)
        for off in range(36, len(root) - size + 1, size):
            phys = struct.unpack_from(entry, root, off)[0]
            table = read_table(kernel, port, phys, tmp)
            if table[:4] == b"APIC":
                write(os.path.join(out, "acpi", "madt-smp%d" % smp),
                      bytes([ACPI_MADT]) + table)
        if sel == ACPI_RSDT:
            write_derived_xsdt(out, rsdp, root)
    finally:
        qemu.kill()
        qemu.wait()


def checksummed(data, at, length=None):
    """@data with the byte at @at set so that its first @length bytes sum to 0."""
    data = bytearray(data)
    data[at] = 0
    data[at] = -sum(data[:length]) & 0xff
    return bytes(data)


def write_derived_xsdt(out, rsdp, rsdt):
    """QEMU's SeaBIOS gives a revision 0 RSDP and an RSDT only; the XSDT path
    gets seeds derived from them: the same entries, 64 bits wide, behind a
    revision 2 RSDP."""
    entries = [struct.unpack_from("<I", rsdt, off)[0] for off in range(36, len(rsdt) - 3, 4)]
    xsdt = bytearray(rsdt[:36]) + b"".join(struct.pack("<Q", e) for e in entries)
    xsdt[0:4] = b"XSDT"
    struct.pack_into("<I", xsdt, 4, len(xsdt))
    xsdt[8] = 1
    write(os.path.join(out, "acpi", "xsdt-derived"), bytes([ACPI_XSDT]) + checksummed(xsdt, 9))
    v2 = bytearray(rsdp[:20]) + bytes(16)
    v2[15] = 2
    struct.pack_into("<IQ", v2, 20, len(v2), 0x0ffe0000)
    v2 = checksummed(v2, 8, 20)
    write(os.path.join(out, "acpi", "rsdp-v2-derived"), bytes([ACPI_RSDP]) + checksummed(v2, 32))


def rsdp_from_info(info):
    """The payload of the last ACPI tag (new preferred), as the parser keeps it."""
    off, best = 8, None
    while off + 8 <= len(info):
        kind, size = struct.unpack_from("<II", info, off)
        if kind == 0:
            break
        if kind in (14, 15) and (best is None or kind == 15):
            best = info[off + 8:off + size]
        off += (size + 7) & ~7
    if best is None:
        raise SystemExit("no ACPI tag in the boot information")
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", default="build/gcc/kernel.elf")
    ap.add_argument("--iso", default="build/gcc/kthreads.iso")
    ap.add_argument("--out", default="tests/fuzz/corpus")
    ap.add_argument("--smp", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--uefi", metavar="OVMF_CODE.fd", help="also capture a UEFI boot's block")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for smp in args.smp:
            capture(args.kernel, args.iso, smp, args.out, tmp)
        if args.uefi:
            capture(args.kernel, args.iso, 1, args.out, tmp, args.uefi)


if __name__ == "__main__":
    main()
