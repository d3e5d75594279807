"""What a person sees on the kernel's screen, read back as text.

The screen tests (console_test.py on VGA text, screen_test.py on a UEFI
framebuffer) ask QEMU for the screen through its monitor (QMP) and turn
it into lines of text:

  - VGA text mode: the text memory itself (`pmemsave` of 0xb8000), a byte
    and a colour per cell;
  - a framebuffer: a `screendump` (PPM), cut into 8x16 cells, each matched
    against the glyphs of lib/font_8x16.c, the very font the kernel drew
    with (a cell the cursor covers has its colours swapped).

And it writes a screen as PNG, for the README, with nothing but zlib.
Python standard library only.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import time
import zlib
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent.parent
FONT_SOURCE = ROOT / "lib" / "font_8x16.c"
FONT_WIDTH, FONT_HEIGHT = 8, 16
VGA_TEXT_BASE = 0xB8000
BOX = "\ufffd"  # the kernel's glyph for a byte it has no glyph for

Pixel = Tuple[int, int, int]


class Monitor:
    """QEMU's machine protocol (QMP) on a Unix socket: commands and their answers."""

    def __init__(self, path: Path, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(str(path))
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.sock.settimeout(timeout)
        self.buffer = b""
        self._reply()  # the greeting
        self.execute("qmp_capabilities")

    def _reply(self) -> Dict:
        """The next message that is not an event."""
        while True:
            while b"\n" not in self.buffer:
                data = self.sock.recv(65536)
                if not data:
                    raise RuntimeError("QEMU closed its monitor")
                self.buffer += data
            line, self.buffer = self.buffer.split(b"\n", 1)
            message = json.loads(line)
            if "event" not in message:
                return message

    def execute(self, command: str, **arguments) -> Dict:
        request = {"execute": command}
        if arguments:
            request["arguments"] = arguments
        self.sock.sendall(json.dumps(request).encode() + b"\n")
        reply = self._reply()
        if "error" in reply:
            raise RuntimeError(f"QMP {command}: {reply['error'].get('desc', reply)}")
        return reply.get("return", {})

    def send_keys(self, *combination: str) -> None:
        """One key press, with modifiers held: send_keys("shift", "pgup")."""
        keys = [{"type": "qcode", "data": key} for key in combination]
        self.execute("send-key", keys=keys)

    def type_text(self, text: str) -> None:
        """Types @text on the keyboard, a key at a time ("\\n" is Enter)."""
        for char in text:
            self.send_keys(*qcodes_of(char))

    def close(self) -> None:
        self.sock.close()


_SHIFTED = {'!': "1", '@': "2", '#': "3", '$': "4", '%': "5", '^': "6", '&': "7",
            '*': "8", '(': "9", ')': "0", '_': "minus", '+': "equal", '{': "bracket_left",
            '}': "bracket_right", '|': "backslash", ':': "semicolon", '"': "apostrophe",
            '<': "comma", '>': "dot", '?': "slash", '~': "grave_accent"}
_PLAIN = {' ': "spc", '\n': "ret", '-': "minus", '=': "equal", '[': "bracket_left",
          ']': "bracket_right", '\\': "backslash", ';': "semicolon", "'": "apostrophe",
          ',': "comma", '.': "dot", '/': "slash", '`': "grave_accent", '\t': "tab"}


def qcodes_of(char: str) -> List[str]:
    """QEMU's key names (qcodes) for typing @char on a US keyboard."""
    if char.isalpha() and char.isascii():
        return ["shift", char.lower()] if char.isupper() else [char]
    if char.isdigit():
        return [char]
    if char in _PLAIN:
        return [_PLAIN[char]]
    if char in _SHIFTED:
        return ["shift", _SHIFTED[char]]
    raise ValueError(f"cannot type {char!r}")


# --------------------------------------------------------------------------
# The font

def load_font(path: Path = FONT_SOURCE) -> Dict[Tuple[int, ...], str]:
    """lib/font_8x16.c as {glyph rows: character}, the box glyph as BOX."""
    text = path.read_text("utf-8")
    glyphs: Dict[Tuple[int, ...], str] = {}
    pattern = re.compile(r"\[(?:'(\\.|.)' - FONT_FIRST|FONT_UNKNOWN)\] = \{([^}]*)\}")
    for match in pattern.finditer(text):
        rows = tuple(int(value, 16) for value in match.group(2).replace("\n", " ").split(",")
                     if value.strip())
        if len(rows) != FONT_HEIGHT:
            raise ValueError(f"{path}: a glyph of {len(rows)} rows")
        char = match.group(1)
        glyphs[rows] = BOX if char is None else char[-1] if char.startswith("\\") else char
    if len(glyphs) < 96:
        raise ValueError(f"{path}: only {len(glyphs)} distinct glyphs")
    return glyphs


# --------------------------------------------------------------------------
# Images: PPM in (QEMU's screendump), PNG out

class Image:
    """Rows of RGB pixels."""

    def __init__(self, width: int, height: int, data: bytes) -> None:
        self.width, self.height, self.data = width, height, data

    def pixel(self, x: int, y: int) -> Pixel:
        i = (y * self.width + x) * 3
        return self.data[i], self.data[i + 1], self.data[i + 2]


def read_ppm(path: Path) -> Image:
    """A binary PPM (P6, maxval 255), as QEMU's screendump writes it."""
    data = path.read_bytes()
    fields: List[bytes] = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError(f"{path}: not a P6 PPM of maxval 255")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:pos + 1 + width * height * 3]
    if len(pixels) != width * height * 3:
        raise ValueError(f"{path}: truncated")
    return Image(width, height, pixels)


def write_png(path: Path, image: Image) -> None:
    """An 8-bit RGB PNG, filter 0 on every row: zlib does the rest."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    stride = image.width * 3
    raw = b"".join(b"\x00" + image.data[y * stride:(y + 1) * stride]
                   for y in range(image.height))
    header = struct.pack(">IIBBBBB", image.width, image.height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


# --------------------------------------------------------------------------
# Decoding

def decode_framebuffer(image: Image, font: Dict[Tuple[int, ...], str]) -> List[str]:
    """The text of a framebuffer screenshot; '\\x00' for a cell no glyph matches."""
    lines = []
    for top in range(0, image.height - FONT_HEIGHT + 1, FONT_HEIGHT):
        line = []
        for left in range(0, image.width - FONT_WIDTH + 1, FONT_WIDTH):
            line.append(_decode_cell(image, left, top, font))
        lines.append("".join(line).rstrip())
    return lines


def _decode_cell(image: Image, left: int, top: int, font: Dict[Tuple[int, ...], str]) -> str:
    stride = image.width * 3
    cell = [image.data[(top + y) * stride + left * 3:(top + y) * stride + (left + 8) * 3]
            for y in range(FONT_HEIGHT)]
    first = cell[0][0:3]
    colours = {row[x:x + 3] for row in cell for x in range(0, 24, 3)}
    if len(colours) == 1:
        return " "  # blank, or the cursor on a blank
    if len(colours) > 2:
        return "\x00"
    rows = tuple(sum(0x80 >> (x // 3) for x in range(0, 24, 3) if row[x:x + 3] != first)
                 for row in cell)
    inverted = tuple(~bits & 0xFF for bits in rows)
    return font.get(rows) or font.get(inverted) or "\x00"


def decode_vga_text(memory: bytes, cols: int = 80, rows: int = 25) -> List[str]:
    """The text of VGA text memory: even bytes are characters, odd ones colours."""
    return ["".join(chr(b) if 0x20 <= b < 0x7F else " " for b in memory[r * cols * 2:(r + 1) * cols * 2:2]).rstrip()
            for r in range(rows)]


def vga_text_attributes(memory: bytes, cols: int = 80, rows: int = 25) -> List[List[int]]:
    return [list(memory[r * cols * 2 + 1:(r + 1) * cols * 2:2]) for r in range(rows)]


def render_vga_text(memory: bytes, font: Dict[Tuple[int, ...], str],
                    cols: int = 80, rows: int = 25) -> Image:
    """VGA text memory drawn with our font and the VGA palette, for a picture."""
    glyph_of = {char: rows_ for rows_, char in font.items()}
    data = bytearray(cols * FONT_WIDTH * rows * FONT_HEIGHT * 3)
    stride = cols * FONT_WIDTH * 3
    for r in range(rows):
        for c in range(cols):
            byte, attr = memory[(r * cols + c) * 2], memory[(r * cols + c) * 2 + 1]
            glyph = glyph_of.get(chr(byte), glyph_of[BOX])
            fg, bg = VGA_PALETTE[attr & 0xF], VGA_PALETTE[attr >> 4 & 0x7]
            for y in range(FONT_HEIGHT):
                base = (r * FONT_HEIGHT + y) * stride + c * FONT_WIDTH * 3
                for x in range(FONT_WIDTH):
                    data[base + x * 3:base + x * 3 + 3] = bytes(
                        fg if glyph[y] & (0x80 >> x) else bg)
    return Image(cols * FONT_WIDTH, rows * FONT_HEIGHT, bytes(data))


VGA_PALETTE: Sequence[Pixel] = (
    (0x00, 0x00, 0x00), (0x00, 0x00, 0xAA), (0x00, 0xAA, 0x00), (0x00, 0xAA, 0xAA),
    (0xAA, 0x00, 0x00), (0xAA, 0x00, 0xAA), (0xAA, 0x55, 0x00), (0xAA, 0xAA, 0xAA),
    (0x55, 0x55, 0x55), (0x55, 0x55, 0xFF), (0x55, 0xFF, 0x55), (0x55, 0xFF, 0xFF),
    (0xFF, 0x55, 0x55), (0xFF, 0x55, 0xFF), (0xFF, 0xFF, 0x55), (0xFF, 0xFF, 0xFF),
)


def find_line(lines: Sequence[str], pattern: str) -> Optional[int]:
    """The index of the first line matching the regex @pattern, or None."""
    regex = re.compile(pattern)
    for i, line in enumerate(lines):
        if regex.search(line):
            return i
    return None
