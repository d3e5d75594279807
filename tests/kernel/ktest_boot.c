// SPDX-License-Identifier: GPL-2.0
/*
 * What makes the test kernel a test kernel: linked into test-kernel.elf
 * only, it has the init thread run every selected suite at boot and report
 * the verdict to QEMU (docs/testing.md).  kernel.elf links the same suites
 * without this file, for the console's `test` command, and never runs them
 * by itself.
 */
#include <kernel/ktest.h>

void ktest_boot(void)
{
	ktest_run_all();
}
