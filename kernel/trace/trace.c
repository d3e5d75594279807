// SPDX-License-Identifier: GPL-2.0
/*
 * Trace rings: one per CPU, of fixed-size records, written without locks.
 *
 * The writer side (trace_reserve()/trace_commit()) runs on the CPU whose
 * ring it writes, with preemption disabled, so only that CPU's tasks,
 * interrupts and NMIs ever write a ring, and they nest: an interrupt that
 * traces while a task is half-way through a record takes the next slot.
 * A slot is claimed by one atomic add on ring->head, then filled, then
 * committed by storing its sequence mark (struct trace_entry).  When head
 * has gone round the ring, the oldest slots are simply reused: overwriting
 * costs nothing, and the reader counts what it could not see as lost.
 *
 * Readers (the dump, the tests) may run on any CPU while writers go on:
 * a record is copied and its mark checked before and after the copy, as
 * a seqlock reader does, so a torn record is skipped, never reported.
 *
 * The rings are allocated the first time tracing is asked for, and never
 * freed: a tracepoint that saw its group enabled may still be writing.
 */
#define pr_fmt(fmt) "trace: " fmt

#include <kernel/cpumask.h>
#include <kernel/irqflags.h>
#include <kernel/ktime.h>
#include <kernel/mm.h>
#include <kernel/mutex.h>
#include <kernel/params.h>
#include <kernel/percpu.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/trace.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#include "trace.h"

/* 4096 records of 64 bytes: 256 KiB per CPU, one buddy block. */
#define TRACE_RING_ORDER   6
#define TRACE_RING_RECORDS ((PAGE_SIZE << TRACE_RING_ORDER) / sizeof(struct trace_entry))

unsigned int trace_enabled_mask;

static DEFINE_PER_CPU(struct trace_ring, trace_rings);

/* Serialises the control functions (start, stop, groups, clear, dump). */
static DEFINE_MUTEX(trace_control_lock);
static unsigned int trace_groups; /* what trace_start() enables; under the mutex */
static bool rings_ready;	  /* under the mutex; set once */

static char trace_param[64];
param_string("trace", trace_param);

static const char *const group_names[] = { "sched", "kthread", "work", "timer", "cpu" };

_Static_assert(sizeof(struct trace_entry) == 64 && offsetof(struct trace_entry, seq) == 8 &&
		       offsetof(struct trace_entry, pid) == 16 &&
		       offsetof(struct trace_entry, data) == 20,
	       "the dump format's record layout (scripts/trace/tracedump.py)");
_Static_assert(ARRAY_SIZE(group_names) == 5 && TRACE_GROUP_ALL == 0x1f,
	       "a group name for every group bit");

/* --- writing --- */

static u8 trace_context_flags(void)
{
	int count = preempt_count();

	return (count & NMI_MASK ? TRACE_FLAG_NMI : 0) |
	       (count & HARDIRQ_MASK ? TRACE_FLAG_HARDIRQ : 0) |
	       (count & SOFTIRQ_MASK ? TRACE_FLAG_SOFTIRQ : 0);
}

static u32 slot_mark(u64 index)
{
	return (u32)(index + 1) ? (u32)(index + 1) : 1; /* never 0: "being written" */
}

/*
 * Claims the next slot of this CPU's ring, fills the header and stores the
 * slot's index in *@index.  Returns with preemption disabled;
 * trace_commit() enables it again.
 *
 * The claim and the timestamp are taken together with interrupts off, so
 * that records of one CPU are in timestamp order: an interrupt tracing
 * between the two would take a later slot with an earlier time.  Only an
 * NMI can still do that, by a few nanoseconds.
 */
struct trace_entry *trace_reserve(int type, u64 *index)
{
	struct trace_ring *ring;
	struct trace_entry *e;
	unsigned long flags;

	preempt_disable();
	local_irq_save(flags);
	ring = this_cpu_ptr(&trace_rings);
	*index = __atomic_fetch_add(&ring->head, 1, __ATOMIC_RELAXED);
	e = &ring->entries[*index & ring->mask];
	WRITE_ONCE(e->seq, 0); /* a reader copying the old record now skips it */
	smp_wmb();
	e->ts = ktime_get_ns();
	local_irq_restore(flags);
	e->type = type;
	e->cpu = smp_processor_id();
	e->flags = trace_context_flags();
	e->pid = current ? current->pid : 0;
	/* Constant sizes: inlined as a few moves, even with -fno-builtin. */
	__builtin_memset(e->data, 0, sizeof(e->data));
	return e;
}

void trace_commit(struct trace_entry *e, u64 index)
{
	smp_wmb(); /* the record before its mark: pairs with entry_copy() */
	WRITE_ONCE(e->seq, slot_mark(index));
	preempt_enable();
}

/* --- reading --- */

/* Copies slot @index if it holds that record, committed.  Return: whether it did. */
static bool entry_copy(const struct trace_ring *ring, u64 index, struct trace_entry *out)
{
	const struct trace_entry *e = &ring->entries[index & ring->mask];
	u32 mark = slot_mark(index);

	if (READ_ONCE(e->seq) != mark)
		return false;
	smp_rmb();
	memcpy(out, e, sizeof(*out));
	smp_rmb();
	return READ_ONCE(e->seq) == mark && out->seq == mark;
}

unsigned long trace_for_each_entry(unsigned int cpu,
				   bool (*fn)(const struct trace_entry *e, void *arg), void *arg,
				   unsigned long *lost)
{
	struct trace_ring *ring = per_cpu_ptr(&trace_rings, cpu);
	unsigned long visited = 0, missed;
	struct trace_entry copy;
	u64 head, start, index;

	if (!READ_ONCE(rings_ready) || !ring->entries) {
		if (lost)
			*lost = 0;
		return 0;
	}
	head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
	start = READ_ONCE(ring->base);
	if (head - start > ring->mask + 1)
		start = head - (ring->mask + 1);
	missed = start - READ_ONCE(ring->base);
	for (index = start; index < head; index++) {
		if (!entry_copy(ring, index, &copy)) {
			missed++;
			continue;
		}
		visited++;
		if (!fn(&copy, arg))
			break;
	}
	if (lost)
		*lost = missed;
	return visited;
}

unsigned long trace_ring_size(void)
{
	return TRACE_RING_RECORDS;
}

/* --- control --- */

/* Called with trace_control_lock held, or at boot. */
static int trace_alloc_rings(void)
{
	unsigned int cpu;

	if (rings_ready)
		return 0;
	for_each_possible_cpu(cpu) {
		struct trace_ring *ring = per_cpu_ptr(&trace_rings, cpu);

		if (ring->entries)
			continue; /* a previous attempt got this far */
		ring->entries = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, TRACE_RING_ORDER);
		if (!ring->entries)
			return -ENOMEM;
		ring->mask = TRACE_RING_RECORDS - 1;
	}
	/* Pairs with READ_ONCE(rings_ready) in the readers. */
	__atomic_store_n(&rings_ready, true, __ATOMIC_RELEASE);
	return 0;
}

int trace_set_groups(unsigned int mask)
{
	int err;

	mask &= TRACE_GROUP_ALL;
	mutex_lock(&trace_control_lock);
	err = mask ? trace_alloc_rings() : 0;
	if (!err) {
		trace_groups = mask;
		if (READ_ONCE(trace_enabled_mask))
			WRITE_ONCE(trace_enabled_mask, mask);
	}
	mutex_unlock(&trace_control_lock);
	return err;
}

unsigned int trace_get_groups(void)
{
	return READ_ONCE(trace_groups);
}

int trace_start(void)
{
	int err;

	mutex_lock(&trace_control_lock);
	err = trace_alloc_rings();
	if (!err)
		WRITE_ONCE(trace_enabled_mask, trace_groups);
	mutex_unlock(&trace_control_lock);
	return err;
}

void trace_stop(void)
{
	WRITE_ONCE(trace_enabled_mask, 0);
}

void trace_clear(void)
{
	unsigned int cpu;

	mutex_lock(&trace_control_lock);
	for_each_possible_cpu(cpu) {
		struct trace_ring *ring = per_cpu_ptr(&trace_rings, cpu);

		WRITE_ONCE(ring->base, __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE));
	}
	mutex_unlock(&trace_control_lock);
}

/* For trace_dump(), which must not race with the other control functions. */
void trace_control_lock_acquire(void)
{
	mutex_lock(&trace_control_lock);
}

void trace_control_lock_release(void)
{
	mutex_unlock(&trace_control_lock);
}

/* --- group names --- */

static int group_by_name(const char *name, size_t len, unsigned int *mask)
{
	unsigned int i;

	if (len == 3 && !strncmp(name, "all", 3)) {
		*mask |= TRACE_GROUP_ALL;
		return 0;
	}
	if (len == 4 && !strncmp(name, "none", 4))
		return 0;
	for (i = 0; i < ARRAY_SIZE(group_names); i++) {
		if (strlen(group_names[i]) == len && !strncmp(name, group_names[i], len)) {
			*mask |= 1U << i;
			return 0;
		}
	}
	return -EINVAL;
}

int trace_parse_groups(const char *list, unsigned int *mask)
{
	unsigned int parsed = 0;
	const char *comma;

	if (!list || !*list)
		return -EINVAL;
	for (;;) {
		comma = strchr(list, ',');
		if (group_by_name(list, comma ? (size_t)(comma - list) : strlen(list), &parsed))
			return -EINVAL;
		if (!comma)
			break;
		list = comma + 1;
	}
	*mask = parsed;
	return 0;
}

void trace_format_groups(unsigned int mask, char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(group_names); i++) {
		if (mask & (1U << i))
			len += scnprintf(buf + len, size - len, "%s%s", len ? "," : "",
					 group_names[i]);
	}
	if (!len)
		scnprintf(buf, size, "none");
}

bool trace_boot_requested(void)
{
	unsigned int mask;

	return trace_param[0] && !trace_parse_groups(trace_param, &mask) && mask;
}

void trace_init(void)
{
	unsigned int mask;

	if (!trace_param[0])
		return;
	if (trace_parse_groups(trace_param, &mask)) {
		pr_warn("bad value \"%s\" for trace= (expects a comma-separated list of sched, kthread, work, timer, cpu, all or none); tracing stays off\n",
			trace_param);
		return;
	}
	if (!mask)
		return;
	/* Boot context, one CPU, interrupts off: no locking, and no mutex. */
	if (trace_alloc_rings()) {
		pr_err("no memory for the trace rings; tracing stays off\n");
		return;
	}
	trace_groups = mask;
	WRITE_ONCE(trace_enabled_mask, mask);
	pr_info("tracing %s from boot, %lu records per CPU\n", trace_param, trace_ring_size());
}
