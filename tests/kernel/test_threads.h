/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helper threads for the locking and waiting tests (test_spinlock.c,
 * test_atomic.c, test_wait.c, test_completion.c, test_mutex.c).
 *
 *	struct test_thread th;
 *
 *	if (test_thread_start(&th, fn, arg, "ktest-x", cpu))
 *		ktest_skip(...);
 *	...
 *	test_thread_join(&th);		(fn has returned; th.exit_code is its value)
 *
 * A thread is joined through its vfork_done completion, which do_exit()
 * completes; so the completion API is under test here too, but only its
 * simplest use.  Helper threads must not use KASSERT_*() (it would jump
 * to the test thread's stack); they record results for the test to check.
 */
#ifndef _TESTS_KERNEL_TEST_THREADS_H
#define _TESTS_KERNEL_TEST_THREADS_H

#include <kernel/completion.h>
#include <kernel/cpumask.h>
#include <kernel/sched.h>
#include <kernel/wait.h>
#include <lib/err.h>

struct test_thread {
	struct task_struct *task;
	struct completion exited; /* the task's vfork_done */
	int exit_code;
};

/* Starts @fn(@arg) as a thread bound to @cpu (-1: any).  Return: 0 or -errno. */
static inline int test_thread_start(struct test_thread *th, int (*fn)(void *), void *arg,
				    const char *name, int cpu)
{
	init_completion(&th->exited);
	th->task = create_kernel_thread(fn, arg, name, 0);
	if (IS_ERR(th->task))
		return PTR_ERR(th->task);
	th->task->vfork_done = &th->exited;
	if (cpu >= 0)
		do_set_cpus_allowed(th->task, cpumask_of(cpu));
	wake_up_new_task(th->task);
	return 0;
}

/* Waits for the thread to exit and drops our reference. */
static inline void test_thread_join(struct test_thread *th)
{
	wait_for_completion(&th->exited);
	th->exit_code = th->task->exit_code;
	put_task_struct(th->task);
	th->task = NULL;
}

/* The CPU after @cpu among the online ones, wrapping around. */
static inline unsigned int test_next_cpu(unsigned int cpu)
{
	unsigned int next = cpumask_next(cpu, cpu_online_mask);

	return next < NR_CPUS ? next : cpumask_first(cpu_online_mask);
}

/*
 * Waits (sleeping a tick at a time) until @p sleeps in a state covering
 * @state.  Asleep means off its run queue too: a task preempted between
 * set_current_state() and schedule() has the state but is still runnable.
 */
static inline bool test_wait_until_sleeping(struct task_struct *p, unsigned int state)
{
	int i;

	for (i = 0; i < 5000; i++) {
		unsigned int s = task_state(p);

		if (s != TASK_RUNNING && (s & state) == s && !READ_ONCE(p->on_rq) &&
		    !READ_ONCE(p->on_cpu))
			return true;
		schedule_timeout_uninterruptible(1);
	}
	return false;
}

/*
 * A starting gate, so that threads started one after another begin their
 * work together: each calls test_gate_wait(), the test test_gate_open()s.
 */
struct test_gate {
	wait_queue_head_t wq;
	int open;
};

static inline void test_gate_init(struct test_gate *g)
{
	init_waitqueue_head(&g->wq);
	g->open = 0;
}

static inline void test_gate_wait(struct test_gate *g)
{
	wait_event(g->wq, READ_ONCE(g->open));
}

static inline void test_gate_open(struct test_gate *g)
{
	WRITE_ONCE(g->open, 1);
	wake_up_all(&g->wq);
}

#endif /* _TESTS_KERNEL_TEST_THREADS_H */
