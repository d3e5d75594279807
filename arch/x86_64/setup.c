// SPDX-License-Identifier: GPL-2.0
/*
 * From the boot code to start_kernel(), and the architecture's part of
 * starting the kernel.
 */
#include <asm/desc.h>
#include <asm/i8259.h>
#include <asm/multiboot2.h>
#include <asm/page.h>
#include <asm/pat.h>
#include <asm/percpu.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <asm/tsc.h>
#include <asm/video.h>
#include <kernel/bootinfo.h>
#include <kernel/cpumask.h>
#include <kernel/memblock.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/start.h>

static unsigned long mb2_info_phys;

/*
 * Called by boot/head.asm on the boot stack, interrupts off, with the
 * physical address of the multiboot2 information.  Makes printk and
 * exception reports work before anything else can go wrong.
 */
void x86_64_start_kernel(unsigned long info_phys);
void x86_64_start_kernel(unsigned long info_phys)
{
	mb2_info_phys = info_phys;
	gdt_init();
	/* After gdt_init(): reloading GS there clears the GS base. */
	load_percpu_base(__per_cpu_start);	/* CPU 0 uses the template in place */
	set_cpu_possible(0, true);
	set_cpu_online(0, true);
	set_cpu_active(0, true);
	serial_init();
	idt_init();
	start_kernel();
}

static void parse_boot_info(void)
{
	size_t readable = 0;
	const char *err;

	/* The boot page tables map the first BOOT_DIRECT_MAP_SIZE bytes only. */
	if (mb2_info_phys < BOOT_DIRECT_MAP_SIZE)
		readable = BOOT_DIRECT_MAP_SIZE - mb2_info_phys;
	err = multiboot2_parse(__va(mb2_info_phys), readable, &boot_info);
	if (err)
		panic("multiboot2: malformed boot information at %#lx: %s",
		      mb2_info_phys, err);
	boot_info.info_phys = mb2_info_phys;
	boot_info.info_size = ((const struct mb2_info_header *)__va(mb2_info_phys))->total_size;
	if (boot_info.mem_truncated)
		pr_warn("multiboot2: more than %d memory regions; ignoring the rest\n",
			BOOT_MAX_MEM_REGIONS);
}

void load_percpu_base(void *area)
{
	wrmsr(MSR_GS_BASE, (unsigned long)area);
}

void setup_arch(void)
{
	parse_boot_info();
	i8259_remap_and_mask();
	tsc_init();
	memblock_init();
	pat_init();
	paging_init();
	video_init();	/* the screen console: after paging_init(), for ioremap */
}
