// SPDX-License-Identifier: GPL-2.0
/*
 * The i8042 keyboard controller: key presses in, bytes for the shell out.
 *
 * The controller sits at ports 0x60 (data) and 0x64 (status and commands)
 * on every PC and in QEMU's pc and q35 machines.  We have it translate the
 * keyboard's scan codes to set 1 (its bit 6 of the configuration byte,
 * which firmware usually sets already) and interrupt on ISA IRQ 1, routed
 * through the I/O APIC to the boot CPU, as COM1's IRQ 4 is.  The interrupt
 * turns each scan code into bytes (atkbd.c) and queues them in a ring,
 * like the UART's, which the shell's terminal reads (kernel/console/tty.c);
 * Shift+PgUp/PgDn scroll the screen console instead.
 */
#define pr_fmt(fmt) "i8042: " fmt

#include <asm/apic.h>
#include <asm/io.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/keyboard.h>
#include <asm/processor.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/vt.h>

#define I8042_DATA		0x60
#define I8042_STATUS		0x64	/* read */
#define I8042_COMMAND		0x64	/* write */

#define I8042_STR_OBF		0x01	/* output buffer full: a byte to read */
#define I8042_STR_IBF		0x02	/* input buffer full: wait before writing */
#define I8042_STR_AUXDATA	0x20	/* the byte is from the mouse port */

#define I8042_CMD_READ_CONFIG	0x20
#define I8042_CMD_WRITE_CONFIG	0x60
#define I8042_CMD_AUX_DISABLE	0xa7
#define I8042_CMD_KBD_DISABLE	0xad
#define I8042_CMD_KBD_ENABLE	0xae

#define I8042_CFG_KBD_INT	0x01	/* interrupt on a keyboard byte */
#define I8042_CFG_AUX_INT	0x02
#define I8042_CFG_KBD_CLOCK_OFF	0x10
#define I8042_CFG_TRANSLATE	0x40	/* set 2 from the keyboard becomes set 1 */

#define KBD_CMD_ENABLE_SCANNING	0xf4

/* Polls of the status port before giving up on a controller that never answers. */
#define I8042_POLL_LIMIT	100000
/* Bytes of stale output read away at init, at most. */
#define I8042_FLUSH_LIMIT	32

static bool i8042_wait(u8 bit, bool set)
{
	int polls;

	for (polls = 0; polls < I8042_POLL_LIMIT; polls++) {
		if (!!(inb(I8042_STATUS) & bit) == set)
			return true;
		cpu_relax();
	}
	return false;
}

static bool i8042_command(u8 command)
{
	if (!i8042_wait(I8042_STR_IBF, false))
		return false;
	outb(command, I8042_COMMAND);
	return true;
}

static bool i8042_write_data(u8 value)
{
	if (!i8042_wait(I8042_STR_IBF, false))
		return false;
	outb(value, I8042_DATA);
	return true;
}

static int i8042_read_data(void)
{
	if (!i8042_wait(I8042_STR_OBF, true))
		return -1;
	return inb(I8042_DATA);
}

#define KBD_RING_SIZE 64

static DEFINE_SPINLOCK(kbd_lock);
/* Under kbd_lock: */
static struct kbd_state kbd_state;
static char kbd_ring[KBD_RING_SIZE];
static unsigned int kbd_head, kbd_tail;
static unsigned long kbd_count;
/* Called at the end of each interrupt that queued bytes; set once, read locklessly. */
static void (*kbd_notify)(void);

/* Under kbd_lock: the bytes of one scan code into the ring. */
static unsigned int kbd_queue_scan_code(u8 code, enum kbd_action *action)
{
	char bytes[KBD_MAX_BYTES];
	unsigned int n = kbd_translate(&kbd_state, code, bytes, action), i;

	for (i = 0; i < n; i++) {
		kbd_count++;
		if (kbd_head - kbd_tail == KBD_RING_SIZE)
			continue;	/* nobody reads: the newest keys are lost */
		kbd_ring[kbd_head++ % KBD_RING_SIZE] = bytes[i];
	}
	return n;
}

/* Hard interrupt context, interrupts off. */
static void i8042_interrupt(struct pt_regs *regs)
{
	enum kbd_action action = KBD_ACTION_NONE;
	void (*notify)(void);
	unsigned int typed = 0;
	u8 status;

	spin_lock(&kbd_lock);
	while ((status = inb(I8042_STATUS)) & I8042_STR_OBF) {
		u8 code = inb(I8042_DATA);

		if (!(status & I8042_STR_AUXDATA))
			typed += kbd_queue_scan_code(code, &action);
	}
	spin_unlock(&kbd_lock);
	if (action != KBD_ACTION_NONE)
		vt_console_scroll_view(action == KBD_ACTION_SCROLL_UP ? 1 : -1);
	notify = READ_ONCE(kbd_notify);
	if (typed && notify)
		notify();
	apic_eoi();
}

int kbd_getc(void)
{
	unsigned long flags;
	int c = -1;

	spin_lock_irqsave(&kbd_lock, flags);
	if (kbd_tail != kbd_head)
		c = (unsigned char)kbd_ring[kbd_tail++ % KBD_RING_SIZE];
	spin_unlock_irqrestore(&kbd_lock, flags);
	return c;
}

unsigned long kbd_rx_count(void)
{
	return READ_ONCE(kbd_count);
}

void kbd_set_rx_notify(void (*fn)(void))
{
	WRITE_ONCE(kbd_notify, fn);
}

/*
 * Keyboard interrupts and translation on, the mouse port off.  Return:
 * false if the controller stopped answering.
 */
static bool i8042_configure(void)
{
	int config, i;

	if (!i8042_command(I8042_CMD_KBD_DISABLE) || !i8042_command(I8042_CMD_AUX_DISABLE))
		return false;
	for (i = 0; i < I8042_FLUSH_LIMIT && (inb(I8042_STATUS) & I8042_STR_OBF); i++)
		inb(I8042_DATA);
	if (!i8042_command(I8042_CMD_READ_CONFIG))
		return false;
	config = i8042_read_data();
	if (config < 0)
		return false;
	config |= I8042_CFG_KBD_INT | I8042_CFG_TRANSLATE;
	config &= ~(I8042_CFG_KBD_CLOCK_OFF | I8042_CFG_AUX_INT);
	return i8042_command(I8042_CMD_WRITE_CONFIG) && i8042_write_data(config) &&
	       i8042_command(I8042_CMD_KBD_ENABLE);
}

void i8042_init(void)
{
	/* No controller: the status port floats high. */
	if (inb(I8042_STATUS) == 0xff) {
		pr_info("no keyboard controller\n");
		return;
	}
	if (!i8042_configure()) {
		pr_warn("the keyboard controller does not answer; no keyboard\n");
		return;
	}
	set_intr_handler(ISA_IRQ_VECTOR(ISA_IRQ_KEYBOARD), i8042_interrupt);
	if (ioapic_route_isa_irq(ISA_IRQ_KEYBOARD, ISA_IRQ_VECTOR(ISA_IRQ_KEYBOARD),
				 read_apic_id())) {
		pr_warn("cannot route IRQ %d; no keyboard\n", ISA_IRQ_KEYBOARD);
		return;
	}
	/* Firmware may have stopped it; its answer (0xfa) types nothing. */
	i8042_write_data(KBD_CMD_ENABLE_SCANNING);
	pr_info("PS/2 keyboard on IRQ %d\n", ISA_IRQ_KEYBOARD);
}
