/*
 * Sets of CPUs, Linux's cpumask API.
 *
 * A cpumask is a bitmap of NR_CPUS bits.  The set/clear/test helpers are
 * atomic, so cpu_online_mask can change while others read it; the whole-mask
 * operations are not, and are meant for masks the caller owns.
 */
#ifndef _KERNEL_CPUMASK_H
#define _KERNEL_CPUMASK_H

#include <kernel/percpu.h>
#include <lib/bitops.h>
#include <lib/compiler.h>
#include <lib/types.h>

#define BITS_PER_LONG		64
#define CPUMASK_LONGS		DIV_ROUND_UP(NR_CPUS, BITS_PER_LONG)

struct cpumask {
	unsigned long bits[CPUMASK_LONGS];
};

/*
 * possible: may ever be online; online: running, takes interrupts and
 * IPIs; active: the scheduler may place tasks on it (a CPU going down
 * stops being active first, and online last).
 */
extern struct cpumask __cpu_online_mask, __cpu_possible_mask, __cpu_active_mask;
#define cpu_online_mask		((const struct cpumask *)&__cpu_online_mask)
#define cpu_possible_mask	((const struct cpumask *)&__cpu_possible_mask)
#define cpu_active_mask		((const struct cpumask *)&__cpu_active_mask)

static inline void cpumask_set_cpu(unsigned int cpu, struct cpumask *m)
{
	__atomic_fetch_or(&m->bits[cpu / BITS_PER_LONG], 1UL << (cpu % BITS_PER_LONG),
			  __ATOMIC_RELEASE);
}

static inline void cpumask_clear_cpu(unsigned int cpu, struct cpumask *m)
{
	__atomic_fetch_and(&m->bits[cpu / BITS_PER_LONG], ~(1UL << (cpu % BITS_PER_LONG)),
			   __ATOMIC_RELEASE);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *m)
{
	return (__atomic_load_n(&m->bits[cpu / BITS_PER_LONG], __ATOMIC_ACQUIRE) >>
		(cpu % BITS_PER_LONG)) & 1;
}

static inline void cpumask_clear(struct cpumask *m)
{
	unsigned int i;

	for (i = 0; i < CPUMASK_LONGS; i++)
		m->bits[i] = 0;
}

static inline void cpumask_copy(struct cpumask *dst, const struct cpumask *src)
{
	unsigned int i;

	for (i = 0; i < CPUMASK_LONGS; i++)
		dst->bits[i] = READ_ONCE(src->bits[i]);
}

static inline bool cpumask_equal(const struct cpumask *a, const struct cpumask *b)
{
	unsigned int i;

	for (i = 0; i < CPUMASK_LONGS; i++) {
		if (READ_ONCE(a->bits[i]) != READ_ONCE(b->bits[i]))
			return false;
	}
	return true;
}

static inline unsigned int cpumask_weight(const struct cpumask *m)
{
	unsigned int i, n = 0;

	for (i = 0; i < CPUMASK_LONGS; i++)
		n += hweight_long(READ_ONCE(m->bits[i]));
	return n;
}

static inline bool cpumask_empty(const struct cpumask *m)
{
	return cpumask_weight(m) == 0;
}

/* The first CPU in @m after @cpu (-1 to start), or NR_CPUS when none. */
static inline unsigned int cpumask_next(int cpu, const struct cpumask *m)
{
	unsigned int c;

	for (c = cpu + 1; c < NR_CPUS; c++) {
		if (cpumask_test_cpu(c, m))
			return c;
	}
	return NR_CPUS;
}

static inline unsigned int cpumask_first(const struct cpumask *m)
{
	return cpumask_next(-1, m);
}

#define for_each_cpu(cpu, mask) \
	for ((cpu) = cpumask_first(mask); (cpu) < NR_CPUS; (cpu) = cpumask_next(cpu, mask))
#define for_each_online_cpu(cpu)	for_each_cpu(cpu, cpu_online_mask)
#define for_each_possible_cpu(cpu)	for_each_cpu(cpu, cpu_possible_mask)

/* A mask with only @cpu set; a pointer into a constant table. */
const struct cpumask *cpumask_of(unsigned int cpu);

static inline unsigned int num_online_cpus(void)
{
	return cpumask_weight(cpu_online_mask);
}

static inline unsigned int num_possible_cpus(void)
{
	return cpumask_weight(cpu_possible_mask);
}

static inline bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS && cpumask_test_cpu(cpu, cpu_online_mask);
}

static inline bool cpu_active(unsigned int cpu)
{
	return cpu < NR_CPUS && cpumask_test_cpu(cpu, cpu_active_mask);
}

static inline bool cpu_is_offline(unsigned int cpu)
{
	return !cpu_online(cpu);
}

void set_cpu_online(unsigned int cpu, bool online);
void set_cpu_active(unsigned int cpu, bool active);
void set_cpu_possible(unsigned int cpu, bool possible);

#endif /* _KERNEL_CPUMASK_H */
