/* Starting the kernel: the order is in kernel/main.c. */
#ifndef _KERNEL_START_H
#define _KERNEL_START_H

#include <lib/compiler.h>

/* Entered once, on the boot CPU, with printk and fault reports working. */
__noreturn void start_kernel(void);

/*
 * The architecture's part: read the boot information into boot_info, tame
 * the legacy hardware, start the clock.
 */
void setup_arch(void);

#endif /* _KERNEL_START_H */
