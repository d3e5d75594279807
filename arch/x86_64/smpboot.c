// SPDX-License-Identifier: GPL-2.0
/*
 * Bringing up the application processors (APs).
 *
 * The ACPI MADT lists the CPUs by APIC id.  For each AP in turn, the boot
 * CPU prepares an idle stack and the trampoline's data, then sends the
 * INIT-SIPI-SIPI sequence of the SDM (vol. 3A, 8.4.4.1 "Typical BSP
 * Initialization Sequence"): INIT, 10 ms, STARTUP, 200 us, STARTUP.  The AP
 * runs trampoline.asm into start_secondary(), which sets up its own GDT,
 * TSS, IST stacks, per-CPU base and local APIC, and marks itself online.
 * An AP that is not online within AP_ANSWER_MS is reported, sent back to
 * INIT (so it cannot wake later on another AP's trampoline data) and left
 * offline; the boot goes on.  APs come up one at a time: they share the
 * trampoline.
 */
#define pr_fmt(fmt) "smpboot: " fmt

#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/io_apic.h>
#include <asm/keyboard.h>
#include <asm/page.h>
#include <asm/pat.h>
#include <asm/percpu.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <asm/smp.h>
#include <asm/spinlock.h>
#include <kernel/cpumask.h>
#include <kernel/delay.h>
#include <kernel/irqflags.h>
#include <kernel/params.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/stack.h>
#include <kernel/tick.h>
#include <lib/string.h>

#define TRAMPOLINE_BASE		0x8000UL	/* must match trampoline.asm */
#define TRAMPOLINE_DATA_OFFSET	0xf00
#define AP_ANSWER_MS		1000

/* Filled by the boot CPU for the AP being started; read by trampoline.asm. */
struct trampoline_data {
	u64 cr3;	/* TD_CR3 */
	u64 efer;	/* TD_EFER */
	u64 stack;	/* TD_STACK: top of the AP's idle stack */
	u64 entry;	/* TD_ENTRY: start_secondary */
	u32 cpu;	/* TD_CPU: its logical number, start_secondary's argument */
};

_Static_assert(offsetof(struct trampoline_data, efer) == 8, "TD_EFER");
_Static_assert(offsetof(struct trampoline_data, stack) == 16, "TD_STACK");
_Static_assert(offsetof(struct trampoline_data, entry) == 24, "TD_ENTRY");
_Static_assert(offsetof(struct trampoline_data, cpu) == 32, "TD_CPU");

extern const char trampoline_start[], trampoline_end[];

u32 cpu_to_apicid[NR_CPUS];
static void *idle_stacks[NR_CPUS];

static bool nosmp;
static int maxcpus = NR_CPUS;
param_bool("nosmp", nosmp);
param_int("maxcpus", maxcpus, 1, NR_CPUS);

struct madt_info madt;

/* The number of CPUs that will be brought up: the MADT's, within maxcpus. */
static unsigned int smp_prepare_possible_cpus(void)
{
	unsigned int n = 1, i;
	u32 self = read_apic_id();

	cpu_to_apicid[0] = self;
	if (nosmp) {
		pr_info("nosmp: using the boot CPU only\n");
		return 1;
	}
	for (i = 0; i < madt.nr_cpus && n < (unsigned int)maxcpus; i++) {
		if (madt.apic_ids[i] == self)
			continue;
		cpu_to_apicid[n] = madt.apic_ids[i];
		set_cpu_possible(n, true);
		n++;
	}
	return n;
}

/* Runs on the new CPU, on its idle stack, still on the trampoline's page tables. */
void __noreturn start_secondary(unsigned int cpu);
void __noreturn start_secondary(unsigned int cpu)
{
	/* Nothing here may take a lock before the per-CPU base is set. */
	load_kernel_page_tables();
	pat_init();
	gdt_init_secondary(cpu);
	load_percpu_base(__per_cpu_start + __per_cpu_offset[cpu]);
	idt_load();
	apic_init_secondary();
	set_cpu_online(cpu, true);
	set_cpu_active(cpu, true);
	tick_start_secondary();
	local_irq_enable();
	cpu_startup_entry();
}

static void send_init_sipi_sipi(u32 apic_id)
{
	u32 vector = TRAMPOLINE_BASE >> PAGE_SHIFT;

	apic_send_ipi(apic_id, APIC_DM_INIT | APIC_ICR_LEVEL_ASSERT);
	mdelay(10);
	apic_send_ipi(apic_id, APIC_DM_STARTUP | vector);
	udelay(200);
	apic_send_ipi(apic_id, APIC_DM_STARTUP | vector);
}

static bool boot_secondary(unsigned int cpu)
{
	struct trampoline_data *td = __va(TRAMPOLINE_BASE + TRAMPOLINE_DATA_OFFSET);
	int ms;

	idle_stacks[cpu] = alloc_thread_stack(GFP_KERNEL);
	if (!idle_stacks[cpu] || !idle_task_create(cpu, idle_stacks[cpu]) ||
	    gdt_prepare_secondary(cpu)) {
		pr_err("CPU%u: no memory for its idle task or IST stacks\n", cpu);
		return false;
	}
	/* After the stack exists: its page-table slot must be in the copy. */
	td->cr3 = trampoline_page_tables();
	td->efer = rdmsr(MSR_EFER);
	td->stack = (unsigned long)idle_stacks[cpu] + THREAD_SIZE;
	td->entry = (unsigned long)start_secondary;
	td->cpu = cpu;

	send_init_sipi_sipi(cpu_to_apicid[cpu]);
	for (ms = 0; ms < AP_ANSWER_MS && !cpu_online(cpu); ms++)
		mdelay(1);
	if (cpu_online(cpu))
		return true;

	pr_err("CPU%u (APIC id %u) did not answer within %d ms; leaving it offline\n",
	       cpu, cpu_to_apicid[cpu], AP_ANSWER_MS);
	apic_send_ipi(cpu_to_apicid[cpu], APIC_DM_INIT | APIC_ICR_LEVEL_ASSERT);
	set_cpu_possible(cpu, false);
	/* The stack stays allocated: the AP may have started using it. */
	return false;
}

unsigned int smp_prepare_cpus(void)
{
	u64 lapic_phys = 0xfee00000;	/* the architectural default */

	if (acpi_init(&madt) == 0)
		lapic_phys = madt.lapic_phys;
	else
		pr_warn("no usable ACPI MADT: running on the boot CPU only\n");
	apic_init_boot_cpu(lapic_phys);
	ioapic_init();
	serial_enable_rx_interrupt();
	i8042_init();
	smp_ipi_init();
	virt_spin_lock_init(); /* Linux's native_pv_lock_init(), in smp_prepare_boot_cpu() */
	return smp_prepare_possible_cpus();
}

void smp_boot_cpus(unsigned int nr_possible)
{
	unsigned int cpu;

	memcpy(__va(TRAMPOLINE_BASE), trampoline_start, trampoline_end - trampoline_start);
	for (cpu = 1; cpu < nr_possible; cpu++)
		boot_secondary(cpu);

	for_each_online_cpu(cpu)
		pr_info("CPU%u: online, APIC id %u\n", cpu, cpu_to_apicid[cpu]);
	pr_notice("SMP: %u of %u CPUs online\n", num_online_cpus(),
		  nosmp || !madt.nr_cpus ? 1 : madt.nr_cpus);
}
