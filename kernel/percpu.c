// SPDX-License-Identifier: GPL-2.0
/* Per-CPU areas and the CPU masks; see kernel/percpu.h and kernel/cpumask.h. */
#define pr_fmt(fmt) "percpu: " fmt

#include <kernel/cpumask.h>
#include <kernel/mm.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

struct pcpu_hot pcpu_hot __section(".data..percpu..first") = {
	.this_cpu_off = 0,
	.cpu_number = 0,
	.idle_comm = "swapper/0",
};

unsigned long __per_cpu_offset[NR_CPUS];

struct cpumask __cpu_online_mask, __cpu_possible_mask, __cpu_active_mask;

static struct cpumask cpu_single_masks[NR_CPUS];

const struct cpumask *cpumask_of(unsigned int cpu)
{
	return &cpu_single_masks[cpu];
}

void set_cpu_online(unsigned int cpu, bool online)
{
	if (online)
		cpumask_set_cpu(cpu, &__cpu_online_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_online_mask);
}

void set_cpu_active(unsigned int cpu, bool active)
{
	if (active)
		cpumask_set_cpu(cpu, &__cpu_active_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_active_mask);
}

void set_cpu_possible(unsigned int cpu, bool possible)
{
	if (possible)
		cpumask_set_cpu(cpu, &__cpu_possible_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_possible_mask);
}

/* The names of the idle contexts, one per CPU, for reports. */
static char idle_names[NR_CPUS][16];

void setup_per_cpu_areas(unsigned int nr_cpus)
{
	size_t size = __per_cpu_end - __per_cpu_start;
	unsigned int order = 0, cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		cpumask_set_cpu(cpu, &cpu_single_masks[cpu]);
	while ((PAGE_SIZE << order) < size)
		order++;

	for (cpu = 1; cpu < nr_cpus; cpu++) {
		char *area = (char *)__get_free_pages(GFP_KERNEL, order);
		struct pcpu_hot *hot;

		if (!area)
			panic("percpu: no memory for the area of CPU %u", cpu);
		memcpy(area, __per_cpu_start, size);
		__per_cpu_offset[cpu] = area - __per_cpu_start;

		hot = per_cpu_ptr(&pcpu_hot, cpu);
		hot->this_cpu_off = __per_cpu_offset[cpu];
		hot->cpu_number = cpu;
		hot->preempt_count = 0;
		snprintf(idle_names[cpu], sizeof(idle_names[cpu]), "swapper/%u", cpu);
		hot->idle_comm = idle_names[cpu];
	}
	pr_info("%u areas of %zu bytes\n", nr_cpus, size);
}
