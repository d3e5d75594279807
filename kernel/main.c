// SPDX-License-Identifier: GPL-2.0
/*
 * start_kernel(): the order in which the kernel comes up.
 *
 * The architecture has already made printk and exception reports work
 * (arch/x86_64/setup.c).  From here: say who we are, let the architecture
 * read the boot information, apply the command line, describe the machine,
 * and then either run the in-kernel tests (a test kernel) or idle.
 */
#include <kernel/arch.h>
#include <kernel/bench.h>
#include <kernel/bootinfo.h>
#include <kernel/irqflags.h>
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/params.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/slab.h>
#include <kernel/smp.h>
#include <kernel/start.h>
#include <kernel/tick.h>
#include <kernel/timer.h>
#include <asm/processor.h>
#include <lib/string.h>

#define KERNEL_NAME "kthreads"

static char cmdline_copy[BOOT_CMDLINE_MAX];

static void print_banner(void)
{
	pr_notice("%s version %s (built with %s %s)\n", KERNEL_NAME, KERNEL_VERSION,
#ifdef __clang__
		  "clang",
#else
		  "gcc",
#endif
		  __VERSION__);
}

static void print_memory_map(void)
{
	unsigned int i;

	for (i = 0; i < boot_info.nr_mem; i++) {
		const struct boot_mem_region *r = &boot_info.mem[i];

		pr_info("mem: [0x%016llx-0x%016llx] %s\n", r->base,
			r->base + r->length - 1, boot_mem_type_name(r->type));
	}
}

static void print_machine(void)
{
	char cpu[128];

	arch_cpu_describe(cpu, sizeof(cpu));
	pr_notice("CPU: %s\n", cpu);
	pr_notice("Memory: %llu MiB available in %u regions\n",
		  boot_mem_available(&boot_info) >> 20, boot_info.nr_mem);
	pr_notice("Boot loader: %s\n",
		  boot_info.loader_name[0] ? boot_info.loader_name : "(unnamed)");
	pr_notice("Command line: %s\n", boot_info.cmdline);
}

void start_kernel(void)
{
	unsigned int nr_cpus;

	print_banner();
	setup_arch();

	/* next_arg() writes into the string it parses: keep the original. */
	strscpy(cmdline_copy, boot_info.cmdline, sizeof(cmdline_copy));
	parse_kernel_params(cmdline_copy);

	print_machine();
	print_memory_map();
	mem_init();
	kmem_cache_init();

	nr_cpus = smp_prepare_cpus();
	setup_per_cpu_areas(nr_cpus);
	smp_call_init();
	init_timers();
	time_init();
	local_irq_enable();
	smp_boot_cpus(nr_cpus);

	ktest_run_all();
	bench_run_all();

	pr_notice("Boot complete. Nothing else runs yet, so CPU 0 idles.\n");
	for (;;)
		halt();		/* the scheduler's idle loop replaces this */
}

/* The test kernel links tests/kernel/ktest.c, whose definition wins. */
void __weak ktest_run_all(void)
{
}

/* The bench kernel links tests/bench/bench.c, whose definition wins. */
void __weak bench_run_all(void)
{
}
