// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's isa-debug-exit device: how a test kernel tells the runner its
 * verdict.  The runner adds `-device isa-debug-exit,iobase=0xf4,iosize=4`;
 * writing V there makes QEMU exit with status (V << 1) | 1.  Without the
 * device the write goes nowhere and we return.
 */
#include <asm/io.h>
#include <kernel/arch.h>

#define ISA_DEBUG_EXIT_PORT 0xf4

void qemu_debug_exit(u8 value)
{
	outl(value, ISA_DEBUG_EXIT_PORT);
}
