// SPDX-License-Identifier: GPL-2.0
/*
 * The hard-lockup detector: Linux 6.6's buddy detector
 * (kernel/watchdog_buddy.c), on the tick.
 *
 * A CPU that spins with interrupts off takes no timer interrupt, so the
 * soft-lockup detector, which runs from its own tick, cannot see it.  So
 * each CPU watches the next online CPU, its buddy: from its own tick it
 * checks that the buddy's tick count still moves.  If it has not moved for
 * watchdog_thresh seconds (of the watching CPU's own ticks), the buddy has
 * had interrupts off all that time, or its vCPU has not run.
 *
 * Linux reports at that point.  Here the host stops vCPUs for whole time
 * slices as a matter of course, so before reporting, the watcher probes
 * the buddy with an NMI, which gets through interrupts off: the buddy's
 * NMI handler says whether interrupts were off where it interrupted, and
 * at which tick count.  Interrupts on: the buddy is only late (its vCPU
 * stopped, or its timer late), and the watch starts again.  Interrupts
 * off, and still no tick by the next check: a hard lockup.  The watcher
 * then prints "Watchdog detected hard LOCKUP on cpu N", has the buddy
 * print its registers and call trace by NMI (kernel/nmi_backtrace.c), and
 * panics if hardlockup_panic=1.  A buddy that does not answer the probe
 * for another watchdog_thresh seconds (stuck in an NMI handler, or a vCPU
 * the host never runs) is reported as not answering NMIs.  Each stall is
 * reported once.
 *
 * State: per watched CPU, written by its watcher from the watcher's tick
 * (hard interrupt; one watcher at a time, and a change of watcher, after
 * CPU hotplug, starts the watch afresh) and, for the answers to probes, by
 * the watched CPU's NMI handler, which counts them.
 */
#define pr_fmt(fmt) "watchdog: " fmt

#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/smp.h>
#include <kernel/cpumask.h>
#include <kernel/jiffies.h>
#include <kernel/ktime.h>
#include <kernel/nmi.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/tick.h>
#include <kernel/watchdog.h>

/* hardlockup_panic=: Linux's sysctl, as a boot parameter. */
static bool hardlockup_panic;
param_bool("hardlockup_panic", hardlockup_panic);

enum hld_state {
	HLD_WATCHING, /* the buddy's ticks move, or not for long enough */
	HLD_PROBED,   /* its ticks stopped: NMI sent, answer awaited */
	HLD_REPORTED, /* this stall has been reported */
};

struct hld_watch {
	/* Written by the watcher only: */
	int watcher;		      /* the CPU watching this one; -1: none yet */
	int state;		      /* enum hld_state */
	unsigned long seen;	      /* its tick count at the watcher's last look */
	unsigned long since;	      /* the watcher's tick count when seen last moved */
	unsigned long probed_at;      /* the watcher's tick count when it sent the probe */
	unsigned long answers_before; /* answers when the probe was sent */
	/* Set by whoever probes, cleared by the probed CPU's NMI: */
	int probe_pending;
	/* Written by the probed CPU's NMI, before it counts the answer: */
	bool irqs_off;		   /* interrupts were off where the NMI came */
	unsigned long probe_ticks; /* its tick count then */
	unsigned long answers;	   /* probes answered (release) */
};

static DEFINE_PER_CPU(struct hld_watch, hld_watch) = { .watcher = -1 };
/* The watcher's own tick count at which it looks next. */
static DEFINE_PER_CPU(unsigned long, hld_next_look);

/* Looks four times a second: a lockup is reported within a quarter second of its threshold. */
#define HLD_LOOK_TICKS (HZ / 4 ?: 1)

static unsigned int buddy_of(unsigned int cpu)
{
	unsigned int next = cpumask_next(cpu, cpu_online_mask);

	return next < NR_CPUS ? next : cpumask_first(cpu_online_mask);
}

bool watchdog_hardlockup_nmi(struct pt_regs *regs)
{
	struct hld_watch *w = this_cpu_ptr(&hld_watch);

	if (!__atomic_exchange_n(&w->probe_pending, 0, __ATOMIC_ACQUIRE))
		return false;
	WRITE_ONCE(w->irqs_off, !(regs->rflags & X86_EFLAGS_IF));
	WRITE_ONCE(w->probe_ticks, this_cpu_tick_count());
	__atomic_add_fetch(&w->answers, 1, __ATOMIC_RELEASE);
	return true;
}

/* Asks @cpu's NMI handler where it is; @w->answers moves when it has said. */
static unsigned long hld_send_probe(unsigned int cpu, struct hld_watch *w)
{
	unsigned long answers = __atomic_load_n(&w->answers, __ATOMIC_ACQUIRE);

	__atomic_store_n(&w->probe_pending, 1, __ATOMIC_RELEASE);
	arch_send_nmi(cpu);
	return answers;
}

static void hld_report(unsigned int cpu, bool answered)
{
	if (answered) {
		pr_emerg("Watchdog detected hard LOCKUP on cpu %u\n", cpu);
		if (!trigger_single_cpu_backtrace(cpu))
			pr_emerg("CPU%u: no backtrace by NMI\n", cpu);
	} else {
		pr_emerg(
			"Watchdog detected hard LOCKUP on cpu %u: it does not answer NMIs either\n",
			cpu);
	}
	if (hardlockup_panic)
		panic("Hard LOCKUP on cpu %u", cpu);
}

/* Starts watching @w afresh from @own, its ticks at @ticks. */
static void hld_restart(struct hld_watch *w, unsigned long own, unsigned long ticks)
{
	w->seen = ticks;
	w->since = own;
	w->state = HLD_WATCHING;
}

/*
 * A probe of a CPU whose ticks have not moved since: answered with
 * interrupts off (it runs, but takes no interrupt: a lockup), answered
 * with interrupts on (only late: watch again), or not answered yet.
 */
static void hld_judge_probe(unsigned int cpu, struct hld_watch *w, unsigned long own,
			    unsigned long ticks, unsigned long thresh)
{
	if (__atomic_load_n(&w->answers, __ATOMIC_ACQUIRE) == w->answers_before) {
		if (own - w->probed_at >= thresh) {
			w->state = HLD_REPORTED;
			hld_report(cpu, false);
		}
		return;
	}
	if (READ_ONCE(w->irqs_off) && READ_ONCE(w->probe_ticks) == ticks) {
		w->state = HLD_REPORTED;
		hld_report(cpu, true);
	} else {
		hld_restart(w, own, ticks);
	}
}

/* One look at @cpu's ticks by this CPU, the watcher, whose own count is @own. */
static void hld_look(unsigned int cpu, unsigned long own)
{
	struct hld_watch *w = per_cpu_ptr(&hld_watch, cpu);
	unsigned long ticks = cpu_tick_count(cpu), thresh = READ_ONCE(watchdog_thresh) * HZ;
	int me = smp_processor_id();

	if (w->watcher != me) {
		w->watcher = me;
		hld_restart(w, own, ticks);
		return;
	}
	if (ticks != w->seen) {
		hld_restart(w, own, ticks);
		return;
	}
	if (w->state == HLD_WATCHING && own - w->since >= thresh) {
		w->state = HLD_PROBED;
		w->probed_at = own;
		w->answers_before = hld_send_probe(cpu, w);
	} else if (w->state == HLD_PROBED) {
		hld_judge_probe(cpu, w, own, ticks, thresh);
	}
}

void watchdog_buddy_tick(void)
{
	unsigned int cpu = smp_processor_id(), buddy;
	unsigned long own = this_cpu_tick_count(), *next = this_cpu_ptr(&hld_next_look);

	if (!READ_ONCE(watchdog_thresh) || READ_ONCE(panic_in_progress) ||
	    time_before((u64)own, (u64)*next))
		return;
	*next = own + HLD_LOOK_TICKS;
	buddy = buddy_of(cpu);
	if (buddy != cpu)
		hld_look(buddy, own);
}

int watchdog_hardlockup_probe(unsigned int cpu)
{
	struct hld_watch *w = per_cpu_ptr(&hld_watch, cpu);
	u64 deadline = ktime_get_ns() + 5 * NSEC_PER_SEC;
	unsigned long before;

	if (cpu == smp_processor_id() || !cpu_online(cpu))
		return -1;
	before = hld_send_probe(cpu, w);
	while (__atomic_load_n(&w->answers, __ATOMIC_ACQUIRE) == before) {
		if (ktime_get_ns() > deadline)
			return -1;
		cpu_relax();
	}
	return READ_ONCE(w->irqs_off);
}
