/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PC keyboard: scan codes in (atkbd.c), the bytes a terminal would send
 * out, for the shell; the i8042 controller that delivers them (i8042.c).
 */
#ifndef _ASM_KEYBOARD_H
#define _ASM_KEYBOARD_H

#include <lib/types.h>

/* What a key did besides typing bytes. */
enum kbd_action {
	KBD_ACTION_NONE,
	KBD_ACTION_SCROLL_UP,	/* Shift+PgUp: the screen console's history */
	KBD_ACTION_SCROLL_DOWN,	/* Shift+PgDn */
};

/* The keys held and the prefix seen, between scan codes. */
struct kbd_state {
	bool left_shift, right_shift;
	bool left_ctrl, right_ctrl;
	bool caps_lock;		/* on or off */
	bool caps_lock_down;	/* held: its repeats do not toggle it again */
	bool extended;		/* after 0xe0 */
	unsigned int pause_left; /* bytes of the Pause key's 0xe1 sequence still to skip */
};

#define KBD_MAX_BYTES 4	/* the longest a key sends: ESC [ 3 ~ */

/*
 * kbd_translate() - one byte of scan code set 1 from the keyboard
 * @kbd: the state, zeroed at first
 * @code: the byte (the i8042 translates the keyboard's set 2 into set 1)
 * @out: the bytes the key types, as a VT100 terminal sends them: letters
 *	 with Shift, Caps Lock and Ctrl applied, Enter as CR, Backspace as
 *	 DEL, arrows as ESC [ A..D, Home/End ESC [ H/F, Delete ESC [ 3 ~
 * @action: set to what the key does besides (Shift+PgUp/PgDn)
 *
 * Releases, modifier keys, prefixes and the controller's answers type
 * nothing.  Pure: no hardware, no locking (one state per keyboard).
 * Return: the number of bytes put in @out, 0..KBD_MAX_BYTES.
 */
unsigned int kbd_translate(struct kbd_state *kbd, u8 code, char out[KBD_MAX_BYTES],
			   enum kbd_action *action);

/*
 * Finds the i8042, turns on its translation to set 1 and the keyboard's
 * interrupt, and routes ISA IRQ 1 to this CPU (boot CPU, after the I/O
 * APIC).  Without a controller it does nothing.
 */
void i8042_init(void);
/* The next byte typed, or -1 if none.  Context: any. */
int kbd_getc(void);
/* Bytes typed since boot (dropped ones included), as serial_rx_count(). */
unsigned long kbd_rx_count(void);
/* As serial_set_rx_notify(): @fn is called from the interrupt after bytes came. */
void kbd_set_rx_notify(void (*fn)(void));

#endif /* _ASM_KEYBOARD_H */
