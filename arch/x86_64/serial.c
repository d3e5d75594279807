// SPDX-License-Identifier: GPL-2.0
/*
 * The 16550 UART on COM1, as a printk console.
 *
 * 115200 baud, 8 data bits, no parity, 1 stop bit.  Output polls the
 * transmit-holding-register-empty bit; that is simple and, under QEMU, fast.
 * Input is interrupt-driven: the receive interrupt (ISA IRQ 4, through the
 * I/O APIC) moves each byte into a ring that serial_getc() reads.
 *
 * QEMU empties the transmitter as fast as the host takes the bytes (a
 * terminal, a file, a TCP socket): a host that reads slowly makes every
 * character wait, and printk waits with it, for as long as the host keeps
 * reading.  Only a port that takes nothing at all for SERIAL_TX_STALL_NS is
 * given up on (a port with no reader must not hang the kernel): characters
 * are then counted as lost, not waited for, until the port takes one again,
 * and the console first says how many were lost.  Nothing is dropped
 * silently, and the log buffer keeps every line anyway.  The policy is
 * serial_tx_poll(), tested on its own; it holds in any context, interrupts
 * off and after a panic included, since it only polls and counts.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <kernel/console.h>
#include <kernel/ktime.h>
#include <kernel/spinlock.h>
#include <lib/compiler.h>
#include <lib/vsprintf.h>

#define COM1_BASE	0x3f8

#define UART_RX		0	/* receive buffer (DLAB 0) */
#define UART_TX		0	/* transmit holding (DLAB 0) */
#define UART_DLL	0	/* divisor latch low (DLAB 1) */
#define UART_IER	1	/* interrupt enable (DLAB 0) */
#define UART_DLM	1	/* divisor latch high (DLAB 1) */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define UART_SCR	7	/* scratch */

#define UART_LCR_8N1	0x03
#define UART_LCR_DLAB	0x80
#define UART_FCR_ENABLE_CLEAR 0x07	/* enable FIFOs, clear both */
#define UART_MCR_DTR_RTS_OUT2 0x0b
#define UART_LSR_THRE	0x20
#define UART_LSR_DR	0x01	/* a received byte is waiting */
#define UART_IER_RDI	0x01	/* interrupt when a byte is received */
#define UART_MCR_LOOP	0x10

#define UART_CLOCK_HZ	115200
#define BAUD		115200

/* Before the TSC is calibrated, a poll stands for about this much time. */
#define POLL_NS 1000

static bool uart_present(void)
{
	outb(0x5a, COM1_BASE + UART_SCR);
	if (inb(COM1_BASE + UART_SCR) != 0x5a)
		return false;
	outb(0xa5, COM1_BASE + UART_SCR);
	return inb(COM1_BASE + UART_SCR) == 0xa5;
}

/*
 * The transmitter's state.  Written under the console's lock (printk's
 * logbuf_lock); after a panic, by whichever CPU prints, one at a time.
 */
static struct serial_tx tx;

enum serial_tx_verdict serial_tx_poll(struct serial_tx *t, bool ready, u64 now)
{
	if (ready) {
		if (t->waiting && now - t->waiting_since > t->longest_wait_ns)
			t->longest_wait_ns = now - t->waiting_since;
		t->waiting = false;
		return SERIAL_TX_SEND;
	}
	if (!t->stalled) {
		if (!t->waiting) {
			t->waiting = true;
			t->waiting_since = now;
		}
		if (now - t->waiting_since < SERIAL_TX_STALL_NS)
			return SERIAL_TX_WAIT;
		t->stalled = true;
		t->waiting = false;
	}
	t->lost++;
	t->lost_total++;
	return SERIAL_TX_DROP;
}

/* The port takes characters again: say how many it lost meanwhile. */
static void report_lost(void)
{
	char msg[128];
	int i, n;

	n = scnprintf(msg, sizeof(msg),
		      "\r\n[serial: %lu characters lost: the host read nothing for %llu s]\r\n",
		      tx.lost, SERIAL_TX_STALL_NS / NSEC_PER_SEC);
	tx.lost = 0;
	tx.stalled = false;
	for (i = 0; i < n; i++)
		serial_putc(msg[i]);
}

void serial_putc(char c)
{
	unsigned long polls = 0;

	for (;;) {
		bool ready = inb(COM1_BASE + UART_LSR) & UART_LSR_THRE;
		u64 now = ktime_get_ns() ?: ++polls * POLL_NS;

		switch (serial_tx_poll(&tx, ready, now)) {
		case SERIAL_TX_SEND:
			if (tx.stalled)
				report_lost();
			outb(c, COM1_BASE + UART_TX);
			return;
		case SERIAL_TX_DROP:
			return;
		case SERIAL_TX_WAIT:
			cpu_relax();
			break;
		}
	}
}

void serial_tx_stats(struct serial_tx *stats)
{
	*stats = tx;
}

static void serial_console_write(struct console *con, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_console_write,
};

void serial_init(void)
{
	unsigned int divisor = UART_CLOCK_HZ / BAUD;

	if (!uart_present())
		return;

	outb(0, COM1_BASE + UART_IER);
	outb(UART_LCR_DLAB, COM1_BASE + UART_LCR);
	outb(divisor & 0xff, COM1_BASE + UART_DLL);
	outb(divisor >> 8, COM1_BASE + UART_DLM);
	outb(UART_LCR_8N1, COM1_BASE + UART_LCR);
	outb(UART_FCR_ENABLE_CLEAR, COM1_BASE + UART_FCR);
	outb(UART_MCR_DTR_RTS_OUT2, COM1_BASE + UART_MCR);

	register_console(&serial_console);
}

#define RX_RING_SIZE 256

static DEFINE_SPINLOCK(rx_lock);
/* Under rx_lock: */
static char rx_ring[RX_RING_SIZE];
static unsigned int rx_head, rx_tail;
static unsigned long rx_count, rx_dropped;
/* Called at the end of each receive interrupt; set once, read locklessly. */
static void (*rx_notify)(void);

/* Hard interrupt context, interrupts off. */
static void serial_rx_interrupt(struct pt_regs *regs)
{
	void (*notify)(void);

	spin_lock(&rx_lock);
	while (inb(COM1_BASE + UART_LSR) & UART_LSR_DR) {
		char c = inb(COM1_BASE + UART_RX);

		rx_count++;
		if (rx_head - rx_tail == RX_RING_SIZE) {
			rx_dropped++;
			continue;
		}
		rx_ring[rx_head++ % RX_RING_SIZE] = c;
	}
	spin_unlock(&rx_lock);
	notify = READ_ONCE(rx_notify);
	if (notify)
		notify();
	apic_eoi();
}

int serial_getc(void)
{
	unsigned long flags;
	int c = -1;

	spin_lock_irqsave(&rx_lock, flags);
	if (rx_tail != rx_head)
		c = (unsigned char)rx_ring[rx_tail++ % RX_RING_SIZE];
	spin_unlock_irqrestore(&rx_lock, flags);
	return c;
}

void serial_set_rx_notify(void (*fn)(void))
{
	WRITE_ONCE(rx_notify, fn);
}

unsigned long serial_rx_count(void)
{
	return READ_ONCE(rx_count);
}

void serial_set_loopback(bool on)
{
	u8 mcr = inb(COM1_BASE + UART_MCR);

	outb(on ? mcr | UART_MCR_LOOP : mcr & ~UART_MCR_LOOP, COM1_BASE + UART_MCR);
}

void serial_enable_rx_interrupt(void)
{
	if (!uart_present())
		return;
	set_intr_handler(ISA_IRQ_VECTOR(ISA_IRQ_COM1), serial_rx_interrupt);
	if (ioapic_route_isa_irq(ISA_IRQ_COM1, ISA_IRQ_VECTOR(ISA_IRQ_COM1), read_apic_id()))
		return;
	outb(UART_IER_RDI, COM1_BASE + UART_IER);
}
