// SPDX-License-Identifier: GPL-2.0
/*
 * Trace events (kernel/trace/): group names, the disabled fast path, ring
 * overflow, and a known scenario whose events must appear in order with
 * timestamps that never go back on a CPU.
 *
 * Each case saves the tracing state and the suite's exit puts it back, so
 * a boot with trace= goes on tracing afterwards.  The last case leaves its
 * records in the rings: with trace= on the command line, the dump at the
 * end of the run shows its scenario (the `trace` configuration of
 * tests/runner/configs.py checks that on the host).
 */
#include <kernel/ktest.h>
#include <kernel/kthread.h>
#include <kernel/kthread_worker.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/smp.h>
#include <kernel/timer.h>
#include <kernel/trace.h>
#include <lib/err.h>
#include <lib/errno.h>
#include <lib/string.h>

static unsigned int saved_groups;
static bool saved_on;

static int trace_suite_init(struct ktest *t)
{
	saved_groups = trace_get_groups();
	saved_on = trace_is_on();
	return 0;
}

static void trace_suite_exit(struct ktest *t)
{
	trace_set_groups(saved_groups);
	if (saved_on)
		trace_start();
	else
		trace_stop();
}

/* Starts a fresh trace of @groups; skips the case if there is no memory. */
static void trace_begin(struct ktest *t, unsigned int groups)
{
	trace_stop();
	if (trace_set_groups(groups) || trace_start())
		ktest_skip(t, "no memory for the trace rings");
	trace_clear();
}

static void parse_groups_reads_names_all_and_none(struct ktest *t)
{
	unsigned int mask = 0;

	KEXPECT_EQ(t, trace_parse_groups("sched,kthread", &mask), 0);
	KEXPECT_EQ(t, mask, TRACE_GROUP_SCHED | TRACE_GROUP_KTHREAD);
	KEXPECT_EQ(t, trace_parse_groups("work,timer,cpu", &mask), 0);
	KEXPECT_EQ(t, mask, TRACE_GROUP_WORK | TRACE_GROUP_TIMER | TRACE_GROUP_CPU);
	KEXPECT_EQ(t, trace_parse_groups("all", &mask), 0);
	KEXPECT_EQ(t, mask, TRACE_GROUP_ALL);
	KEXPECT_EQ(t, trace_parse_groups("none", &mask), 0);
	KEXPECT_EQ(t, mask, 0);
}

static void parse_groups_rejects_malformed_lists(struct ktest *t)
{
	static const char *const bad[] = {
		"", "bogus", "sched,", ",sched", "sched,,work", "Sched", "sched kthread", "schedx"
	};
	unsigned int mask = 0x1234, i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KEXPECT_EQ(t, trace_parse_groups(bad[i], &mask), -EINVAL);
		KEXPECT_EQ(t, mask, 0x1234); /* untouched on error */
	}
	KEXPECT_EQ(t, trace_parse_groups(NULL, &mask), -EINVAL);
}

static void format_groups_names_each_group(struct ktest *t)
{
	char buf[64];

	trace_format_groups(TRACE_GROUP_SCHED | TRACE_GROUP_WORK, buf, sizeof(buf));
	KEXPECT_STREQ(t, buf, "sched,work");
	trace_format_groups(0, buf, sizeof(buf));
	KEXPECT_STREQ(t, buf, "none");
}

/* --- the records of one test, read back --- */

static void fake_timer_fn(struct timer_list *timer)
{
}

struct timer_scan {
	struct timer_list *timer;
	unsigned long found, first, last;
	bool in_order;
	unsigned int other_types;
};

static bool scan_timer_entry(const struct trace_entry *e, void *arg)
{
	struct timer_scan *s = arg;
	const struct trace_timer_expire *f = (const void *)e->data;

	if (e->type != TRACE_TIMER_EXPIRE) {
		s->other_types++;
		return true;
	}
	if (f->timer != (unsigned long)s->timer)
		return true; /* a real timer that expired meanwhile */
	if (s->found && f->expires != s->last + 1)
		s->in_order = false;
	if (!s->found)
		s->first = f->expires;
	s->last = f->expires;
	s->found++;
	return true;
}

static void disabled_group_records_nothing(struct ktest *t)
{
	struct timer_list timer = { .function = fake_timer_fn };
	struct timer_scan scan = { .timer = &timer, .in_order = true };
	unsigned int cpu;

	trace_begin(t, TRACE_GROUP_SCHED);
	preempt_disable();
	cpu = smp_processor_id();
	trace_timer_expire(&timer, fake_timer_fn, 1);
	preempt_enable();
	trace_stop();
	trace_timer_expire(&timer, fake_timer_fn, 2); /* everything off now */
	trace_for_each_entry(cpu, scan_timer_entry, &scan, NULL);
	KEXPECT_EQ(t, scan.found, 0);
}

static void ring_overflow_drops_the_oldest_and_counts_them(struct ktest *t)
{
	struct timer_list timer = { .function = fake_timer_fn };
	struct timer_scan scan = { .timer = &timer, .in_order = true };
	unsigned long size = trace_ring_size(), extra = 10, i, lost, visited;
	unsigned int cpu;

	trace_begin(t, TRACE_GROUP_TIMER);
	preempt_disable();
	cpu = smp_processor_id();
	for (i = 0; i < size + extra; i++)
		trace_timer_expire(&timer, fake_timer_fn, i);
	preempt_enable();
	trace_stop();

	visited = trace_for_each_entry(cpu, scan_timer_entry, &scan, &lost);
	KEXPECT_EQ(t, visited, size);
	/* Real timers may have added records too: they pushed out more of ours. */
	KEXPECT_EQ(t, lost + scan.found, size + extra);
	KEXPECT_GE(t, lost, extra);
	KEXPECT_TRUE(t, scan.in_order);
	KEXPECT_EQ(t, scan.last, size + extra - 1); /* the newest survived */
	KEXPECT_EQ(t, scan.first, size + extra - scan.found);
	KEXPECT_EQ(t, scan.other_types, 0);

	trace_clear();
	KEXPECT_EQ(t, trace_for_each_entry(cpu, scan_timer_entry, &scan, &lost), 0);
	KEXPECT_EQ(t, lost, 0);
}

/* --- the scenario: a park/unpark cycle, with a worker round trip meanwhile --- */

#define SCENARIO_MAX 1024

struct scenario {
	int demo_pid, worker_pid;
	struct trace_entry *events; /* the records that concern the scenario */
	unsigned int nr;
	bool overflow;
	u64 last_ts[NR_CPUS];
	bool backwards;
};

static void trace_demo_work_fn(struct kthread_work *work)
{
}

static int trace_demo_fn(void *unused)
{
	while (!kthread_should_stop()) {
		if (kthread_should_park()) {
			kthread_parkme();
			continue;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop() && !kthread_should_park())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static bool concerns_scenario(const struct trace_entry *e, const struct scenario *s)
{
	const struct trace_sched_switch *sw = (const void *)e->data;
	const struct trace_task *task = (const void *)e->data;
	const struct trace_work *work = (const void *)e->data;

	switch (e->type) {
	case TRACE_SCHED_SWITCH:
		return sw->prev_pid == s->demo_pid || sw->next_pid == s->demo_pid;
	case TRACE_SCHED_WAKEUP:
	case TRACE_KTHREAD_CREATE:
	case TRACE_KTHREAD_PARK:
	case TRACE_KTHREAD_UNPARK:
	case TRACE_SCHED_KTHREAD_STOP:
		return task->pid == s->demo_pid || task->pid == s->worker_pid;
	case TRACE_SCHED_KTHREAD_STOP_RET:
		return true;
	case TRACE_WORK_QUEUE:
	case TRACE_WORK_EXECUTE_START:
	case TRACE_WORK_EXECUTE_END:
		return work->function == (unsigned long)trace_demo_work_fn;
	}
	return false;
}

static bool collect_entry(const struct trace_entry *e, void *arg)
{
	struct scenario *s = arg;

	if (e->ts < s->last_ts[e->cpu])
		s->backwards = true;
	s->last_ts[e->cpu] = e->ts;
	if (!concerns_scenario(e, s))
		return true;
	if (s->nr == SCENARIO_MAX) {
		s->overflow = true;
		return false;
	}
	s->events[s->nr++] = *e;
	return true;
}

/* All CPUs' records in one timeline: insertion sort by time, stable. */
static void sort_by_time(struct trace_entry *events, unsigned int nr)
{
	struct trace_entry key;
	unsigned int i, j;

	for (i = 1; i < nr; i++) {
		key = events[i];
		for (j = i; j > 0 && events[j - 1].ts > key.ts; j--)
			events[j] = events[j - 1];
		events[j] = key;
	}
}

/* One expected step: an event type and a test of its fields. */
struct step {
	const char *what;
	int type;
	bool (*match)(const struct trace_entry *e, const struct scenario *s);
};

static bool about_demo(const struct trace_entry *e, const struct scenario *s)
{
	return ((const struct trace_task *)e->data)->pid == s->demo_pid;
}

static bool about_worker(const struct trace_entry *e, const struct scenario *s)
{
	return ((const struct trace_task *)e->data)->pid == s->worker_pid;
}

static bool demo_parks(const struct trace_entry *e, const struct scenario *s)
{
	const struct trace_sched_switch *sw = (const void *)e->data;

	return sw->prev_pid == s->demo_pid && sw->prev_state == TASK_PARKED &&
	       !strcmp(sw->prev_comm, "trace_demo");
}

static bool demo_runs(const struct trace_entry *e, const struct scenario *s)
{
	return ((const struct trace_sched_switch *)e->data)->next_pid == s->demo_pid;
}

static bool stop_returned_zero(const struct trace_entry *e, const struct scenario *s)
{
	return ((const struct trace_kthread_stop_ret *)e->data)->ret == 0;
}

static bool queued_on_worker(const struct trace_entry *e, const struct scenario *s)
{
	return ((const struct trace_work *)e->data)->worker_pid == s->worker_pid;
}

static bool run_by_worker(const struct trace_entry *e, const struct scenario *s)
{
	return e->pid == s->worker_pid;
}

/*
 * Two chains of events that must each appear in this order.  Across the
 * chains there is no fixed order: after kthread_unpark() the thread may
 * run before or after kthread_stop() is called, on another CPU.
 */
static const struct step park_chain[] = {
	{ "kthread_create(trace_demo)", TRACE_KTHREAD_CREATE, about_demo },
	{ "kthread_park(trace_demo)", TRACE_KTHREAD_PARK, about_demo },
	{ "sched_switch(trace_demo parks)", TRACE_SCHED_SWITCH, demo_parks },
	{ "sched_kthread_work_queue_work", TRACE_WORK_QUEUE, queued_on_worker },
	{ "sched_kthread_work_execute_start", TRACE_WORK_EXECUTE_START, run_by_worker },
	{ "sched_kthread_work_execute_end", TRACE_WORK_EXECUTE_END, run_by_worker },
	{ "kthread_unpark(trace_demo)", TRACE_KTHREAD_UNPARK, about_demo },
	{ "sched_wakeup(trace_demo)", TRACE_SCHED_WAKEUP, about_demo },
	{ "sched_switch(to trace_demo)", TRACE_SCHED_SWITCH, demo_runs },
	{ "sched_kthread_stop_ret(0)", TRACE_SCHED_KTHREAD_STOP_RET, stop_returned_zero },
	{}
};

static const struct step stop_chain[] = {
	{ "kthread_unpark(trace_demo)", TRACE_KTHREAD_UNPARK, about_demo },
	{ "sched_kthread_stop(trace_demo)", TRACE_SCHED_KTHREAD_STOP, about_demo },
	{ "sched_kthread_stop_ret(0)", TRACE_SCHED_KTHREAD_STOP_RET, stop_returned_zero },
	{ "sched_kthread_stop(trace_worker)", TRACE_SCHED_KTHREAD_STOP, about_worker },
	{}
};

/* Return: the first step of @chain not found in order, or NULL when all were. */
static const struct step *first_missing_step(const struct scenario *s, const struct step *chain)
{
	unsigned int i = 0;

	for (; chain->what; chain++) {
		while (i < s->nr &&
		       !(s->events[i].type == chain->type && chain->match(&s->events[i], s)))
			i++;
		if (i == s->nr)
			return chain;
		i++;
	}
	return NULL;
}

static void run_scenario(struct ktest *t, struct scenario *s)
{
	struct kthread_worker *worker;
	struct kthread_work work;
	struct task_struct *demo;

	demo = kthread_run(trace_demo_fn, NULL, "trace_demo");
	KASSERT_NOT_ERR(t, demo);
	s->demo_pid = demo->pid;
	KEXPECT_EQ(t, kthread_park(demo), 0);

	/* While it is parked, a worker round trip. */
	worker = kthread_create_worker(0, "trace_worker");
	if (IS_ERR(worker)) {
		kthread_stop(demo);
		KASSERT_NOT_ERR(t, worker);
	}
	s->worker_pid = worker->task->pid;
	kthread_init_work(&work, trace_demo_work_fn);
	KEXPECT_TRUE(t, kthread_queue_work(worker, &work));
	kthread_flush_work(&work);

	kthread_unpark(demo);
	KEXPECT_EQ(t, kthread_stop(demo), 0);
	kthread_destroy_worker(worker);
}

static void park_unpark_and_worker_round_trip_appear_in_order(struct ktest *t)
{
	struct scenario *s = kzalloc(sizeof(*s), GFP_KERNEL);
	const struct step *missing;
	unsigned int cpu;

	KASSERT_NOT_NULL(t, s);
	s->events = kmalloc_array(SCENARIO_MAX, sizeof(*s->events), GFP_KERNEL);
	if (!s->events) {
		kfree(s);
		ktest_skip(t, "no memory for the records");
	}
	trace_begin(t, TRACE_GROUP_ALL);
	run_scenario(t, s);
	trace_stop();

	for_each_possible_cpu(cpu)
		trace_for_each_entry(cpu, collect_entry, s, NULL);
	KEXPECT_FALSE(t, s->backwards);
	KEXPECT_FALSE(t, s->overflow);
	sort_by_time(s->events, s->nr);
	missing = first_missing_step(s, park_chain);
	if (missing)
		ktest_fail(t, __FILE__, __LINE__, "no %s in order among %u scenario records",
			   missing->what, s->nr);
	missing = first_missing_step(s, stop_chain);
	if (missing)
		ktest_fail(t, __FILE__, __LINE__, "no %s in order among %u scenario records",
			   missing->what, s->nr);
	kfree(s->events);
	kfree(s);
}

static struct ktest_case trace_cases[] = {
	KTEST_CASE(parse_groups_reads_names_all_and_none),
	KTEST_CASE(parse_groups_rejects_malformed_lists),
	KTEST_CASE(format_groups_names_each_group),
	KTEST_CASE(disabled_group_records_nothing),
	KTEST_CASE(ring_overflow_drops_the_oldest_and_counts_them),
	/* Last: its records are what a dump at the end of the run shows. */
	KTEST_CASE(park_unpark_and_worker_round_trip_appear_in_order),
	{}
};

static struct ktest_suite trace_suite = {
	.name = "trace",
	.cases = trace_cases,
	.init = trace_suite_init,
	.exit = trace_suite_exit,
};
ktest_register_suite(trace_suite);
