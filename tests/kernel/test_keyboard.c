// SPDX-License-Identifier: GPL-2.0
/*
 * Scan codes to bytes (arch/x86_64/atkbd.c): what the shell receives for
 * each key, as a VT100 terminal would send it.  The expectations are
 * scan code set 1 as IBM's PC AT technical reference lists it.
 */
#include <asm/keyboard.h>
#include <kernel/ktest.h>
#include <lib/string.h>

#define RELEASE(code)	((code) | 0x80)
#define SC_A		0x1e
#define SC_C		0x2e
#define SC_1		0x02
#define SC_ENTER	0x1c
#define SC_BACKSPACE	0x0e
#define SC_LSHIFT	0x2a
#define SC_RSHIFT	0x36
#define SC_LCTRL	0x1d
#define SC_CAPS		0x3a
#define SC_KP_7		0x47

static struct kbd_state kbd;
static char typed[64];
static unsigned int nr_typed;
static enum kbd_action last_action;

static int keyboard_init(struct ktest *t)
{
	memset(&kbd, 0, sizeof(kbd));
	memset(typed, 0, sizeof(typed));
	nr_typed = 0;
	last_action = KBD_ACTION_NONE;
	return 0;
}

/* Feeds scan codes; what they typed accumulates in typed[]. */
static void feed(const u8 *codes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char out[KBD_MAX_BYTES];
		enum kbd_action action;
		unsigned int got = kbd_translate(&kbd, codes[i], out, &action);

		memcpy(typed + nr_typed, out, got);
		nr_typed += got;
		if (action != KBD_ACTION_NONE)
			last_action = action;
	}
}
#define FEED(...) feed((const u8[]){ __VA_ARGS__ }, sizeof((const u8[]){ __VA_ARGS__ }))

static void a_key_types_on_press_not_release(struct ktest *t)
{
	FEED(SC_A);
	KEXPECT_STREQ(t, typed, "a");
	FEED(RELEASE(SC_A), SC_1, RELEASE(SC_1), SC_ENTER, RELEASE(SC_ENTER));
	KEXPECT_STREQ(t, typed, "a1\r");
}

static void holding_a_key_repeats_it(struct ktest *t)
{
	FEED(SC_A, SC_A, SC_A, RELEASE(SC_A));
	KEXPECT_STREQ(t, typed, "aaa");
}

static void either_shift_shifts_until_released(struct ktest *t)
{
	FEED(SC_LSHIFT, SC_A, SC_1, RELEASE(SC_LSHIFT), SC_A);
	FEED(SC_RSHIFT, SC_A, RELEASE(SC_RSHIFT), SC_A);
	KEXPECT_STREQ(t, typed, "A!aAa");
}

static void caps_lock_shifts_letters_only_and_toggles_once_per_press(struct ktest *t)
{
	FEED(SC_CAPS, SC_CAPS, SC_CAPS, RELEASE(SC_CAPS));	/* held: one toggle */
	FEED(SC_A, SC_1, SC_LSHIFT, SC_A, RELEASE(SC_LSHIFT));
	FEED(SC_CAPS, RELEASE(SC_CAPS), SC_A);
	KEXPECT_STREQ(t, typed, "A1aa");
}

static void ctrl_makes_control_characters(struct ktest *t)
{
	FEED(SC_LCTRL, SC_C, RELEASE(SC_C), RELEASE(SC_LCTRL), SC_C);
	FEED(0xe0, SC_LCTRL, SC_A, 0xe0, RELEASE(SC_LCTRL), SC_A);	/* right Ctrl */
	KEXPECT_STREQ(t, typed, "\x03" "c" "\x01" "a");
}

static void backspace_is_del_as_terminals_send_it(struct ktest *t)
{
	FEED(SC_BACKSPACE);
	KEXPECT_EQ(t, nr_typed, 1);
	KEXPECT_EQ(t, typed[0], 0x7f);
}

static void grey_keys_send_escape_sequences(struct ktest *t)
{
	FEED(0xe0, 0x48, 0xe0, RELEASE(0x48));	/* Up */
	FEED(0xe0, 0x50, 0xe0, 0x4b, 0xe0, 0x4d);	/* Down, Left, Right */
	FEED(0xe0, 0x47, 0xe0, 0x4f, 0xe0, 0x53);	/* Home, End, Delete */
	KEXPECT_STREQ(t, typed, "\x1b[A\x1b[B\x1b[D\x1b[C\x1b[H\x1b[F\x1b[3~");
}

/* Without 0xe0, the same codes are the keypad's digits. */
static void the_keypad_types_digits(struct ktest *t)
{
	FEED(SC_KP_7, 0x48, 0x4e, 0xe0, SC_ENTER);
	KEXPECT_STREQ(t, typed, "78+\r");
}

/* QEMU and real keyboards wrap grey keys in fake shifts while Shift is held. */
static void fake_shifts_around_grey_keys_change_nothing(struct ktest *t)
{
	FEED(0xe0, 0xaa, 0xe0, 0x48, 0xe0, RELEASE(0x48), 0xe0, 0x2a, SC_A);
	KEXPECT_STREQ(t, typed, "\x1b[Aa");
}

static void shift_page_up_and_down_scroll_instead_of_typing(struct ktest *t)
{
	FEED(SC_LSHIFT, 0xe0, 0x49);
	KEXPECT_EQ(t, nr_typed, 0);
	KEXPECT_EQ(t, last_action, KBD_ACTION_SCROLL_UP);
	FEED(0xe0, 0x51);
	KEXPECT_EQ(t, last_action, KBD_ACTION_SCROLL_DOWN);
	FEED(RELEASE(SC_LSHIFT), 0xe0, 0x49);	/* without Shift: a key like any */
	KEXPECT_STREQ(t, typed, "\x1b[5~");
}

static void pause_and_controller_answers_type_nothing(struct ktest *t)
{
	FEED(0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5);	/* Pause */
	FEED(0xfa, 0xfe, 0xee, 0x00, 0xff);		/* ACK, resend, echo, errors */
	FEED(SC_A);
	KEXPECT_STREQ(t, typed, "a");
}

static struct ktest_case keyboard_cases[] = {
	KTEST_CASE(a_key_types_on_press_not_release),
	KTEST_CASE(holding_a_key_repeats_it),
	KTEST_CASE(either_shift_shifts_until_released),
	KTEST_CASE(caps_lock_shifts_letters_only_and_toggles_once_per_press),
	KTEST_CASE(ctrl_makes_control_characters),
	KTEST_CASE(backspace_is_del_as_terminals_send_it),
	KTEST_CASE(grey_keys_send_escape_sequences),
	KTEST_CASE(the_keypad_types_digits),
	KTEST_CASE(fake_shifts_around_grey_keys_change_nothing),
	KTEST_CASE(shift_page_up_and_down_scroll_instead_of_typing),
	KTEST_CASE(pause_and_controller_answers_type_nothing),
	{}
};
static struct ktest_suite keyboard_suite = {
	.name = "keyboard",
	.cases = keyboard_cases,
	.init = keyboard_init,
};
ktest_register_suite(keyboard_suite);
