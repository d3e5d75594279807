// SPDX-License-Identifier: GPL-2.0
/*
 * start_kernel(): the order in which the kernel comes up.
 *
 * The architecture has already made printk and exception reports work
 * (arch/x86_64/setup.c).  From here: say who we are, let the architecture
 * read the boot information, apply the command line, describe the machine,
 * start the scheduler, the other CPUs and the clock, and hand over to the
 * first kernel thread, which runs the in-kernel tests (a test kernel), the
 * benchmarks (a bench kernel), or starts the console's shell (kernel.elf).
 * The boot context becomes CPU 0's idle task.
 */
#include <kernel/arch.h>
#include <kernel/bench.h>
#include <kernel/bootinfo.h>
#include <kernel/completion.h>
#include <kernel/console.h>
#include <kernel/irqflags.h>
#include <kernel/ktest.h>
#include <kernel/kthread.h>
#include <kernel/mm.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/shell.h>
#include <kernel/slab.h>
#include <kernel/smp.h>
#include <kernel/start.h>
#include <kernel/tick.h>
#include <kernel/timer.h>
#include <kernel/trace.h>
#include <kernel/vt.h>
#include <kernel/watchdog.h>
#include <asm/processor.h>
#include <lib/err.h>
#include <lib/string.h>

#define KERNEL_NAME "kthreads"

static char cmdline_copy[BOOT_CMDLINE_MAX];

static __noreturn void rest_init(void);

/* The build flavour (docs/benchmarks.md): debug checks on, or the bench build. */
#ifdef CONFIG_DEBUG_SPINLOCK
#define KERNEL_FLAVOUR "debug"
#else
#define KERNEL_FLAVOUR "bench"
#endif

static void print_banner(void)
{
	pr_notice("%s version %s (%s build, built with %s %s)\n", KERNEL_NAME, KERNEL_VERSION,
		  KERNEL_FLAVOUR,
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
	console_apply_selection();	/* console= */

	print_machine();
	print_memory_map();
	mem_init();
	kmem_cache_init();
	sched_init();		/* this boot context becomes CPU 0's idle task */

	nr_cpus = smp_prepare_cpus();
	setup_per_cpu_areas(nr_cpus);
	trace_init(); /* per-CPU rings: after the per-CPU areas */
	smp_call_init();
	init_timers();
	time_init();
	local_irq_enable();
	smp_boot_cpus(nr_cpus);

	rest_init();
}

static DECLARE_COMPLETION(kthreadd_done);

/*
 * The first kernel thread, pid 1 (Linux's kernel_init).  Bound to CPU 0,
 * so that tests and benchmarks run where they expect to.
 */
static int kernel_init(void *unused)
{
	/* kthread_create() needs kthreadd, which is created just after us. */
	wait_for_completion(&kthreadd_done);
	vt_console_start_printer();
	lockup_detector_init();
	hung_task_init();
	ktest_boot();
	bench_run_all();
	pr_notice("Boot complete: %u CPUs, %lu tasks.\n", num_online_cpus(), nr_tasks());
	shell_init();
	return 0;
}

/* As in Linux: init is pid 1, kthreadd pid 2, and this CPU becomes idle. */
static __noreturn void rest_init(void)
{
	struct task_struct *init = create_kernel_thread(kernel_init, NULL, "init", 0);
	struct task_struct *kthreadd_tsk;

	if (IS_ERR(init))
		panic("cannot create the init thread: %ld", PTR_ERR(init));
	do_set_cpus_allowed(init, cpumask_of(0));
	wake_up_new_task(init);
	put_task_struct(init);

	kthreadd_tsk = create_kernel_thread(kthreadd, NULL, "kthreadd", PF_NOFREEZE);
	if (IS_ERR(kthreadd_tsk))
		panic("cannot create kthreadd: %ld", PTR_ERR(kthreadd_tsk));
	kthreadd_task = kthreadd_tsk;	/* the reference stays: kthreadd never exits */
	wake_up_new_task(kthreadd_tsk);
	complete(&kthreadd_done);

	cpu_startup_entry();
}

/* The test kernel links tests/kernel/ktest_boot.c, whose definition wins. */
void __weak ktest_boot(void)
{
}

/* The bench kernel links tests/bench/bench.c, whose definition wins. */
void __weak bench_run_all(void)
{
}
