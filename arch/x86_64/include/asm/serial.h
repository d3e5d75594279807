#ifndef _ASM_SERIAL_H
#define _ASM_SERIAL_H

/* Sets up COM1 and registers it as a console; does nothing without a UART. */
void serial_init(void);

#endif /* _ASM_SERIAL_H */
