// SPDX-License-Identifier: GPL-2.0
/* copy_from_kernel_nofault(): see asm/maccess.h. */
#include <asm/extable.h>
#include <asm/maccess.h>
#include <lib/errno.h>

/* One byte; the fixup leaves @err at -EFAULT, the normal path sets it to 0. */
static long read_byte_nofault(u8 *dst, const u8 *src)
{
	long err;
	u8 value = 0;

	asm volatile("movq %[efault], %[err]\n"
		     "1:\tmovb (%[src]), %[value]\n\t"
		     "xorl %k[err], %k[err]\n"
		     "2:\n\t" _ASM_EXTABLE(1b, 2b)
		     : [err] "=&r"(err), [value] "+q"(value)
		     : [src] "r"(src), [efault] "i"(-EFAULT)
		     : "memory");
	*dst = value;
	return err;
}

long copy_from_kernel_nofault(void *dst, const void *src, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++) {
		if (read_byte_nofault((u8 *)dst + i, (const u8 *)src + i))
			return -EFAULT;
	}
	return 0;
}
