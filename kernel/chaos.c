// SPDX-License-Identifier: GPL-2.0
/*
 * Chaos points: the decisions and the actions (include/kernel/chaos.h says
 * what they are for and how far a seed replays).
 *
 * Each CPU owns a generator and its counters, touched only by that CPU with
 * interrupts off, so no lock is needed (a point inside a lock's release
 * must not take one anyway).  chaos_reseed() does not write the other
 * CPUs' generators: it publishes a seed and a generation number, and each
 * CPU reseeds itself at its next point when the generation has moved.
 *
 * Points in interrupt context return at once.  The decision takes no lock
 * and calls nothing that has a point, so a point never recurses; a
 * preemption does go through schedule(), whose own unlocks may then delay
 * (preemption is off there), but never preempt.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <kernel/chaos.h>
#include <kernel/cpumask.h>
#include <kernel/percpu.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <lib/random.h>

#ifdef CONFIG_KTEST_CHAOS

/* The longest delay, in cpu_relax() spins: TCG makes each a trip through its main loop. */
#define CHAOS_MAX_SPINS 256

/*
 * How often each point acts: one decision in @one_in.  Points on hot paths
 * act rarely, or every test would crawl; the kthread and worker points are
 * reached a few times per operation and act often.
 */
struct chaos_point_desc {
	const char *name;
	u32 one_in;
};

/* clang-format off */
static const struct chaos_point_desc chaos_points[NR_CHAOS_POINTS] = {
	[CHAOS_SPIN_UNLOCK]		= { "spin_unlock", 64 },
	[CHAOS_WAKE_UP]			= { "wake_up", 8 },
	[CHAOS_WAKE_UP_QUEUE]		= { "wake_up_queue", 4 },
	[CHAOS_KTHREAD_CREATE]		= { "kthread_create", 2 },
	[CHAOS_KTHREADD_CHECK]		= { "kthreadd_check", 2 },
	[CHAOS_KTHREAD_START]		= { "kthread_start", 2 },
	[CHAOS_KTHREAD_START_COMPLETE]	= { "kthread_start_complete", 2 },
	[CHAOS_KTHREAD_PARKME]		= { "kthread_parkme", 2 },
	[CHAOS_KTHREAD_PARKED_COMPLETE]	= { "kthread_parked_complete", 2 },
	[CHAOS_KTHREAD_PARK]		= { "kthread_park", 2 },
	[CHAOS_KTHREAD_UNPARK]		= { "kthread_unpark", 2 },
	[CHAOS_KTHREAD_STOP]		= { "kthread_stop", 2 },
	[CHAOS_WORKER_LOOP]		= { "worker_loop", 4 },
	[CHAOS_WORKER_QUEUE]		= { "worker_queue", 4 },
	[CHAOS_WORKER_FLUSH]		= { "worker_flush", 2 },
	[CHAOS_WORKER_CANCEL]		= { "worker_cancel", 2 },
	[CHAOS_SELFTEST]		= { "selftest", 2 },
};
/* clang-format on */

/* One CPU's state; only that CPU touches it, with interrupts off. */
struct chaos_cpu {
	struct rnd_state rnd;
	unsigned long generation; /* of the seed rnd was started from */
	struct chaos_stats stats[NR_CHAOS_POINTS];
};

static DEFINE_PER_CPU(struct chaos_cpu, chaos_cpu);

bool chaos_enabled;

/*
 * The seed of the current generation.  chaos_reseed() writes the seed, then
 * (release) the generation; a CPU reads the generation (acquire), then the
 * seed, then the generation again, and retries if it moved meanwhile.
 */
static u64 chaos_seed;
/* Even when stable; never 0, the generation of a CPU not yet seeded. */
static unsigned long chaos_generation = 2;

void chaos_reseed(u64 seed)
{
	/* A writer preempted halfway would leave its CPU's readers spinning. */
	unsigned long flags = arch_local_irq_save();
	unsigned long gen = READ_ONCE(chaos_generation);

	/* Odd while the seed is being written: readers wait for even. */
	__atomic_store_n(&chaos_generation, gen + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	WRITE_ONCE(chaos_seed, seed);
	__atomic_store_n(&chaos_generation, gen + 2, __ATOMIC_RELEASE);
	arch_local_irq_restore(flags);
}

static void chaos_cpu_sync_seed(struct chaos_cpu *cc)
{
	unsigned long gen;
	u64 seed;

	for (;;) {
		gen = __atomic_load_n(&chaos_generation, __ATOMIC_ACQUIRE);
		if (gen == cc->generation)
			return;
		seed = READ_ONCE(chaos_seed);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (!(gen & 1) && gen == READ_ONCE(chaos_generation))
			break;
		cpu_relax();
	}
	/* Different CPUs, different streams; the same CPU, the same stream. */
	prandom_seed_state(&cc->rnd, seed ^ (0x9e3779b97f4a7c15ull * (smp_processor_id() + 1)));
	cc->generation = gen;
}

static void chaos_delay(u32 spins)
{
	while (spins--)
		cpu_relax();
}

void __chaos_point(enum chaos_point_id id)
{
	struct chaos_cpu *cc;
	unsigned long flags;
	bool preemptible;
	u32 spins = 0;

	if (in_interrupt())
		return;
	flags = arch_local_irq_save();
	cc = this_cpu_ptr(&chaos_cpu);
	chaos_cpu_sync_seed(cc);
	cc->stats[id].decisions++;
	if (prandom_u32_below(&cc->rnd, chaos_points[id].one_in)) {
		arch_local_irq_restore(flags);
		return;
	}
	/*
	 * Preempt in three cases out of four where we may: a switch to
	 * another task is what reorders threads on one CPU.
	 */
	preemptible = !arch_irqs_disabled_flags(flags) && !preempt_count() &&
		      prandom_u32_below(&cc->rnd, 4);
	if (preemptible) {
		cc->stats[id].preempts++;
	} else {
		spins = 1 + prandom_u32_below(&cc->rnd, CHAOS_MAX_SPINS);
		cc->stats[id].delays++;
	}
	arch_local_irq_restore(flags);

	if (preemptible)
		preempt_schedule_now();
	else
		chaos_delay(spins);
}

bool chaos_set_enabled(bool on)
{
	bool was = READ_ONCE(chaos_enabled);

	WRITE_ONCE(chaos_enabled, on);
	return was;
}

/* A sum of other CPUs' counters, read while they may still count: a hint. */
void chaos_get_stats(enum chaos_point_id id, struct chaos_stats *stats)
{
	unsigned int cpu;

	*stats = (struct chaos_stats){ 0 };
	for_each_possible_cpu(cpu) {
		const struct chaos_stats *s = &per_cpu_ptr(&chaos_cpu, cpu)->stats[id];

		stats->decisions += READ_ONCE(s->decisions);
		stats->preempts += READ_ONCE(s->preempts);
		stats->delays += READ_ONCE(s->delays);
	}
}

void chaos_report(void)
{
	struct chaos_stats s;
	int id;

	for (id = 0; id < NR_CHAOS_POINTS; id++) {
		chaos_get_stats(id, &s);
		printk(KERN_INFO "# chaos point %s: %lu decisions, %lu preempts, %lu delays\n",
		       chaos_points[id].name, s.decisions, s.preempts, s.delays);
	}
}

#endif /* CONFIG_KTEST_CHAOS */
