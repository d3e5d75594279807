#ifndef _ASM_SERIAL_H
#define _ASM_SERIAL_H

#include <lib/types.h>

/* Sets up COM1 and registers it as a console; does nothing without a UART. */
void serial_init(void);

/*
 * Routes COM1's receive interrupt to this CPU (boot CPU, after the I/O
 * APIC is set up); received bytes then queue up for serial_getc().
 */
void serial_enable_rx_interrupt(void);
/*
 * Sends one byte as it is (no newline translation), waiting for the
 * transmitter while the host keeps reading (see serial_tx_poll()).
 * Context: any.
 */
void serial_putc(char c);

/* How long the transmitter may take nothing before it is given up on. */
#define SERIAL_TX_STALL_NS (5ULL * 1000 * 1000 * 1000)

/* The transmitter's state and counters (arch/x86_64/serial.c). */
struct serial_tx {
	bool waiting;		  /* a character waits for the transmitter */
	u64 waiting_since;	  /* since when (ktime_get_ns()) */
	bool stalled;		  /* nothing taken for SERIAL_TX_STALL_NS: drop */
	unsigned long lost;	  /* dropped since the stall began, not yet reported */
	unsigned long lost_total; /* dropped since boot */
	u64 longest_wait_ns;	  /* the longest wait that ended in a send */
};

enum serial_tx_verdict {
	SERIAL_TX_SEND, /* the transmitter is free: send the character */
	SERIAL_TX_WAIT, /* poll again */
	SERIAL_TX_DROP, /* count it lost, and do not wait for it */
};

/*
 * The policy, on its own for the tests: what to do with a character when
 * the transmitter is (@ready) or is not free at time @now.  A character
 * waits while the port has been busy for less than SERIAL_TX_STALL_NS;
 * then the port counts as stalled, and characters are dropped (counted in
 * ->lost) without waiting until it is free again, when the caller reports
 * ->lost and clears ->stalled and ->lost.
 */
enum serial_tx_verdict serial_tx_poll(struct serial_tx *tx, bool ready, u64 now);
/* A copy of the port's counters. */
void serial_tx_stats(struct serial_tx *stats);
/* The next received byte, or -1 if none.  Context: any. */
int serial_getc(void);
/*
 * @fn is called from the receive interrupt (hard interrupt context) after
 * bytes were queued, so that a reader can sleep instead of polling; it may
 * wake tasks, nothing more.  NULL: no call.
 */
void serial_set_rx_notify(void (*fn)(void));
/* Bytes received since boot (dropped ones included). */
unsigned long serial_rx_count(void);
/* In loopback mode the UART receives what it sends (for the tests). */
void serial_set_loopback(bool on);

#endif /* _ASM_SERIAL_H */
