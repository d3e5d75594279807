// SPDX-License-Identifier: GPL-2.0
/*
 * Scan codes to bytes: the US layout of a PC keyboard, scan code set 1.
 *
 * Each key sends its code when pressed and the code | 0x80 when released;
 * the keys added by the 101-key keyboard (arrows, the block above them,
 * right Ctrl) send 0xe0 first.  Holding a key repeats its press.  The shell
 * reads bytes as from a VT100 terminal, so keys become what such a terminal
 * sends (see kbd_translate() in asm/keyboard.h), and the line editor
 * (lib/line_edit.c) treats both alike.
 */
#include <asm/keyboard.h>
#include <lib/compiler.h>
#include <lib/string.h>

#define SC_RELEASE	0x80
#define SC_EXTENDED	0xe0
#define SC_PAUSE	0xe1	/* Pause: e1 1d 45 e1 9d c5, no release */
#define SC_PAUSE_LEN	5	/* bytes after the first */

#define SC_LEFT_CTRL	0x1d
#define SC_LEFT_SHIFT	0x2a
#define SC_RIGHT_SHIFT	0x36
#define SC_CAPS_LOCK	0x3a

/* After 0xe0: */
#define SC_E0_RIGHT_CTRL 0x1d
#define SC_E0_FAKE_SHIFT_LEFT 0x2a	/* sent around grey keys while Shift is held */
#define SC_E0_FAKE_SHIFT_RIGHT 0x36

/* The keyboard's and the controller's answers, never keys. */
static bool is_answer(u8 code)
{
	return code == 0x00 || code == 0xfa || code == 0xfe || code == 0xee || code == 0xff;
}

/* Set 1 codes 0x00..0x58 without and with Shift; 0: types nothing. */
static const char keymap[][2] = {
	[0x01] = { 0x1b, 0x1b }, [0x02] = { '1', '!' }, [0x03] = { '2', '@' },
	[0x04] = { '3', '#' }, [0x05] = { '4', '$' }, [0x06] = { '5', '%' },
	[0x07] = { '6', '^' }, [0x08] = { '7', '&' }, [0x09] = { '8', '*' },
	[0x0a] = { '9', '(' }, [0x0b] = { '0', ')' }, [0x0c] = { '-', '_' },
	[0x0d] = { '=', '+' }, [0x0e] = { 0x7f, 0x7f }, [0x0f] = { '\t', '\t' },
	[0x10] = { 'q', 'Q' }, [0x11] = { 'w', 'W' }, [0x12] = { 'e', 'E' },
	[0x13] = { 'r', 'R' }, [0x14] = { 't', 'T' }, [0x15] = { 'y', 'Y' },
	[0x16] = { 'u', 'U' }, [0x17] = { 'i', 'I' }, [0x18] = { 'o', 'O' },
	[0x19] = { 'p', 'P' }, [0x1a] = { '[', '{' }, [0x1b] = { ']', '}' },
	[0x1c] = { '\r', '\r' }, [0x1e] = { 'a', 'A' }, [0x1f] = { 's', 'S' },
	[0x20] = { 'd', 'D' }, [0x21] = { 'f', 'F' }, [0x22] = { 'g', 'G' },
	[0x23] = { 'h', 'H' }, [0x24] = { 'j', 'J' }, [0x25] = { 'k', 'K' },
	[0x26] = { 'l', 'L' }, [0x27] = { ';', ':' }, [0x28] = { '\'', '"' },
	[0x29] = { '`', '~' }, [0x2b] = { '\\', '|' }, [0x2c] = { 'z', 'Z' },
	[0x2d] = { 'x', 'X' }, [0x2e] = { 'c', 'C' }, [0x2f] = { 'v', 'V' },
	[0x30] = { 'b', 'B' }, [0x31] = { 'n', 'N' }, [0x32] = { 'm', 'M' },
	[0x33] = { ',', '<' }, [0x34] = { '.', '>' }, [0x35] = { '/', '?' },
	[0x37] = { '*', '*' }, [0x39] = { ' ', ' ' },
	/* The keypad, as with Num Lock on. */
	[0x47] = { '7', '7' }, [0x48] = { '8', '8' }, [0x49] = { '9', '9' },
	[0x4a] = { '-', '-' }, [0x4b] = { '4', '4' }, [0x4c] = { '5', '5' },
	[0x4d] = { '6', '6' }, [0x4e] = { '+', '+' }, [0x4f] = { '1', '1' },
	[0x50] = { '2', '2' }, [0x51] = { '3', '3' }, [0x52] = { '0', '0' },
	[0x53] = { '.', '.' },
};

/* The grey keys, after 0xe0: what a VT100 terminal sends for each. */
static const char *const extended_keys[0x80] = {
	[0x1c] = "\r",		/* keypad Enter */
	[0x35] = "/",		/* keypad / */
	[0x47] = "\x1b[H",	/* Home */
	[0x48] = "\x1b[A",	/* Up */
	[0x49] = "\x1b[5~",	/* Page Up */
	[0x4b] = "\x1b[D",	/* Left */
	[0x4d] = "\x1b[C",	/* Right */
	[0x4f] = "\x1b[F",	/* End */
	[0x50] = "\x1b[B",	/* Down */
	[0x51] = "\x1b[6~",	/* Page Down */
	[0x52] = "\x1b[2~",	/* Insert */
	[0x53] = "\x1b[3~",	/* Delete */
};
#define SC_E0_PAGE_UP	0x49
#define SC_E0_PAGE_DOWN	0x51

static bool shift_held(const struct kbd_state *kbd)
{
	return kbd->left_shift || kbd->right_shift;
}

static unsigned int extended_key(struct kbd_state *kbd, u8 key, bool released, char *out,
				 enum kbd_action *action)
{
	const char *seq;

	if (key == SC_E0_RIGHT_CTRL)
		kbd->right_ctrl = !released;
	if (released || key == SC_E0_FAKE_SHIFT_LEFT || key == SC_E0_FAKE_SHIFT_RIGHT)
		return 0;
	if (shift_held(kbd) && (key == SC_E0_PAGE_UP || key == SC_E0_PAGE_DOWN)) {
		*action = key == SC_E0_PAGE_UP ? KBD_ACTION_SCROLL_UP : KBD_ACTION_SCROLL_DOWN;
		return 0;
	}
	seq = extended_keys[key];
	if (!seq)
		return 0;
	memcpy(out, seq, strlen(seq));
	return strlen(seq);
}

/* A key of the main block or the keypad. */
static unsigned int plain_key(struct kbd_state *kbd, u8 key, bool released, char *out)
{
	bool shifted = shift_held(kbd);
	char c;

	switch (key) {
	case SC_LEFT_SHIFT:
		kbd->left_shift = !released;
		return 0;
	case SC_RIGHT_SHIFT:
		kbd->right_shift = !released;
		return 0;
	case SC_LEFT_CTRL:
		kbd->left_ctrl = !released;
		return 0;
	case SC_CAPS_LOCK:
		if (!released && !kbd->caps_lock_down)
			kbd->caps_lock = !kbd->caps_lock;
		kbd->caps_lock_down = !released;
		return 0;
	}
	if (released || key >= ARRAY_SIZE(keymap))
		return 0;
	c = keymap[key][0];
	if (c >= 'a' && c <= 'z')
		shifted ^= kbd->caps_lock;	/* Caps Lock shifts letters only */
	c = keymap[key][shifted];
	if (!c)
		return 0;
	if (kbd->left_ctrl || kbd->right_ctrl) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			c &= 0x1f;	/* ^A..^Z */
		else if (c == '[')
			c = 0x1b;
	}
	out[0] = c;
	return 1;
}

unsigned int kbd_translate(struct kbd_state *kbd, u8 code, char out[KBD_MAX_BYTES],
			   enum kbd_action *action)
{
	bool extended = kbd->extended;

	*action = KBD_ACTION_NONE;
	if (kbd->pause_left) {
		kbd->pause_left--;
		return 0;
	}
	if (is_answer(code))
		return 0;
	if (code == SC_PAUSE) {
		kbd->pause_left = SC_PAUSE_LEN;
		return 0;
	}
	if (code == SC_EXTENDED) {
		kbd->extended = true;
		return 0;
	}
	kbd->extended = false;
	if (extended)
		return extended_key(kbd, code & ~SC_RELEASE, code & SC_RELEASE, out, action);
	return plain_key(kbd, code & ~SC_RELEASE, code & SC_RELEASE, out);
}
