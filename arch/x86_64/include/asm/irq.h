/* Interrupt vectors 32..255 and their handlers. */
#ifndef _ASM_IRQ_H
#define _ASM_IRQ_H

#include <asm/ptrace.h>

/*
 * A handler runs in hard interrupt context with interrupts off, on the
 * interrupted stack.  It acknowledges its interrupt itself (apic_eoi() for
 * local APIC vectors), since only it knows whether and when to.
 */
typedef void (*intr_handler_t)(struct pt_regs *regs);

/* Claims @vector (32..255); one handler per vector.  Boot time. */
void set_intr_handler(unsigned int vector, intr_handler_t handler);

/* Unclaimed vectors that arrived, on any CPU: a bug somewhere. */
unsigned long unexpected_interrupt_count(void);

#endif /* _ASM_IRQ_H */
