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
/* Sends one byte as it is (no newline translation).  Context: any. */
void serial_putc(char c);
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
