// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel threads, after Linux's kernel/kthread.c.  Two Linuxes stand
 * behind it: "the seed", the v4.19 file this code was first written from,
 * and "upstream", Linux today.  Where they differ, this file follows
 * upstream, and the comment of each such function says so and since when;
 * docs/kthread.md has the whole table, seed / upstream / here.
 *
 * Creation.  kthread_create_on_node() does not create the thread itself: it
 * queues a request on kthread_create_list, wakes kthreadd, and waits
 * (killably) for the answer.  kthreadd takes requests one by one and starts
 * each thread in kthread(), which allocates its struct kthread, reports
 * back through the creator's completion, and sleeps until someone wakes or
 * stops it.  Threads are therefore always children of kthreadd, with its
 * clean context, never of whoever asked for them.
 *
 * Where we differ from both, and why:
 *  - the struct kthread pointer has a field of its own in task_struct
 *    (Linux keeps it in set_child_tid or worker_private, since its
 *    task_struct is shared with user processes; all our tasks are kernel
 *    threads);
 *  - no cgroups, NUMA nodes or scheduling classes: @node is accepted and
 *    ignored, and "the default policy" is nice 0 under our one policy;
 *  - the thread name is formatted into a fixed buffer of KTHREAD_NAME_LEN
 *    (Linux uses kvasprintf()); comm gets its first 15 characters.
 */
#define pr_fmt(fmt) "kthread: " fmt

#include <asm/maccess.h>
#include <kernel/atomic.h>
#include <kernel/bug.h>
#include <kernel/chaos.h>
#include <kernel/completion.h>
#include <kernel/freezer.h>
#include <kernel/kthread.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <kernel/trace.h>
#include <lib/bitops.h>
#include <lib/errno.h>
#include <lib/list.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#define KTHREAD_NAME_LEN 64

static DEFINE_SPINLOCK(kthread_create_lock);
static LIST_HEAD(kthread_create_list);	/* under kthread_create_lock */
struct task_struct *kthreadd_task;
bool kthreadd_hold_for_test;

/* A request from a creator to kthreadd. */
struct kthread_create_info {
	/* Information passed to kthread() from kthreadd. */
	char full_name[KTHREAD_NAME_LEN];
	int name_len; /* strlen() of the name before any cut */
	int (*threadfn)(void *data);
	void *data;
	int node;
	/*
	 * The creator's fail-nth countdown (kernel/fault-inject.h), or NULL:
	 * kthreadd and kthread() allocate on the creator's behalf, so their
	 * allocations count against it.
	 */
	struct fail_nth *fail_nth;

	/* Result passed back to kthread_create() from kthreadd. */
	struct task_struct *result;
	/*
	 * The creator's completion, or NULL once the creator gave up (killed)
	 * or the answer was given: whoever takes it with xchg() owns the
	 * cleanup, so the request is freed exactly once.
	 */
	struct completion *done;

	struct list_head list;	/* on kthread_create_list */
};

/* Per-thread bookkeeping; freed with the task (free_kthread_struct()). */
struct kthread {
	unsigned long flags;		/* KTHREAD_* bits below */
	unsigned int cpu;		/* for per-CPU threads: where unpark re-binds */
	int result;			/* threadfn's return value, for kthread_stop() */
	int (*threadfn)(void *);
	void *data;
	struct completion parked;	/* completed by __kthread_parkme() */
	struct completion exited;	/* the task's vfork_done */
	bool started;			/* woken at least once: kthread_bind() refuses */
	/* The whole name, if longer than comm holds; empty otherwise. */
	char full_name[KTHREAD_NAME_LEN];
};

enum KTHREAD_BITS {
	KTHREAD_IS_PER_CPU = 0,
	KTHREAD_SHOULD_STOP,
	KTHREAD_SHOULD_PARK,
};

static struct kthread *to_kthread(struct task_struct *k)
{
	WARN_ON(!(k->flags & PF_KTHREAD));
	return k->kthread;
}

/*
 * Variant of to_kthread() that doesn't assume @p is a kthread made by
 * kthread_create(): NULL for other tasks (idle, init, kthreadd).
 */
static struct kthread *__to_kthread(struct task_struct *p)
{
	return (p->flags & PF_KTHREAD) ? p->kthread : NULL;
}

void free_kthread_struct(struct task_struct *k)
{
	struct kthread *kthread = k->kthread;

	k->kthread = NULL;
	kfree(kthread);
}

/**
 * kthread_should_stop - should this kthread return now?
 *
 * When someone calls kthread_stop() on your kthread, it will be woken
 * and this will return true.  You should then return, and your return
 * value will be passed through to kthread_stop().
 *
 * Return: true once kthread_stop() was called on %current.
 */
bool kthread_should_stop(void)
{
	return test_bit(KTHREAD_SHOULD_STOP, &to_kthread(current)->flags);
}

/*
 * Whether kthread_park() was called on @k and no unpark yet; false for the
 * tasks that kthread_create() did not make (idle, init, kthreadd), so that
 * the console may ask it of any task.
 */
bool __kthread_should_park(struct task_struct *k)
{
	struct kthread *kthread = __to_kthread(k);

	return kthread && test_bit(KTHREAD_SHOULD_PARK, &kthread->flags);
}

/* Beyond Linux, for the console's ps: has kthread_stop() been called on @k? */
bool __kthread_should_stop(struct task_struct *k)
{
	struct kthread *kthread = __to_kthread(k);

	return kthread && test_bit(KTHREAD_SHOULD_STOP, &kthread->flags);
}

/**
 * kthread_should_park - should this kthread park now?
 *
 * When someone calls kthread_park() on your kthread, it will be woken
 * and this will return true.  You should then do the necessary
 * cleanup and call kthread_parkme().
 *
 * Similar to kthread_should_stop(), but this keeps the thread alive
 * and in a park position.  kthread_unpark() "restarts" the thread and
 * calls the thread function again.
 *
 * Return: true from kthread_park() on %current until kthread_unpark().
 */
bool kthread_should_park(void)
{
	return test_bit(KTHREAD_SHOULD_PARK, &to_kthread(current)->flags);
}

/**
 * kthread_freezable_should_stop - should this freezable kthread return now?
 * @was_frozen: optional out parameter, indicates whether %current was frozen
 *
 * kthread_should_stop() for freezable kthreads, which will enter
 * the refrigerator if necessary.  This function is safe from kthread_stop() /
 * freezer deadlock and freezable kthreads should use this function instead
 * of calling try_to_freeze() directly.
 *
 * Context: process context, may sleep (in the refrigerator).
 * Return: kthread_should_stop(), checked after any freeze.
 */
bool kthread_freezable_should_stop(bool *was_frozen)
{
	bool frozen = false;

	might_sleep();
	if (unlikely(freezing(current)))
		frozen = __refrigerator(true);
	if (was_frozen)
		*was_frozen = frozen;
	return kthread_should_stop();
}

/**
 * kthread_func - return the function specified on kthread creation
 * @task: kthread task in question
 *
 * Not in the seed: upstream since 5.8 ("kthread: save thread function").
 *
 * Return: @task's threadfn, or NULL if the task is not a kthread.
 */
void *kthread_func(struct task_struct *task)
{
	struct kthread *kthread = __to_kthread(task);

	return kthread ? (void *)kthread->threadfn : NULL;
}

/**
 * kthread_data - return data value specified on kthread creation
 * @task: kthread task in question
 *
 * Return the data value specified when kthread @task was created.
 * The caller is responsible for ensuring the validity of @task when
 * calling this function.
 *
 * Return: the @data given to kthread_create() for @task.
 */
void *kthread_data(struct task_struct *task)
{
	return to_kthread(task)->data;
}

/**
 * kthread_probe_data - speculative version of kthread_data()
 * @task: possible kthread task in question
 *
 * @task could be a kthread task.  Return the data value specified when it
 * was created if accessible.  If @task isn't a kthread task or its data is
 * inaccessible for any reason, %NULL is returned.  This function requires
 * that @task itself is safe to dereference.
 *
 * Return: the data, or NULL.
 */
void *kthread_probe_data(struct task_struct *task)
{
	struct kthread *kthread = NULL;
	void *data = NULL;

	/* Both reads go through the exception table: a bad pointer faults harmlessly. */
	if (copy_from_kernel_nofault(&kthread, &task->kthread, sizeof(kthread)) || !kthread)
		return NULL;
	if (copy_from_kernel_nofault(&data, &kthread->data, sizeof(data)))
		return NULL;
	return data;
}

static void __kthread_parkme(struct kthread *self)
{
	for (;;) {
		/*
		 * TASK_PARKED is a special state; we must serialize against
		 * possible pending wakeups to avoid store-store collisions on
		 * task->state.  Only kthread_unpark() ends it, with
		 * wake_up_state(k, TASK_PARKED): a plain wake_up_process() does
		 * not match it.
		 */
		set_special_state(TASK_PARKED);
		chaos_point(CHAOS_KTHREAD_PARKME);
		if (!test_bit(KTHREAD_SHOULD_PARK, &self->flags))
			break;

		/*
		 * Thread is going to call schedule(), do not preempt it,
		 * or the caller of kthread_park() may spend more time in
		 * wait_task_inactive().  (Upstream since 5.7, commit
		 * 26c7295be0c5; the seed let it be preempted here.)
		 */
		preempt_disable();
		complete(&self->parked);
		chaos_point(CHAOS_KTHREAD_PARKED_COMPLETE);
		schedule_preempt_disabled();
		preempt_enable();
	}
	__set_current_state(TASK_RUNNING);
}

void kthread_parkme(void)
{
	__kthread_parkme(to_kthread(current));
}

/**
 * kthread_exit - Cause the current kthread return @result to kthread_stop().
 * @result: The integer value to return to kthread_stop().
 *
 * While kthread_exit can be called directly, it exists so that
 * functions which do some additional work in non-modular code such as
 * module_put_and_kthread_exit can be implemented.
 *
 * Not in the seed: upstream since 5.17 ("exit: Implement kthread_exit"),
 * which also moved the result from task->exit_code into struct kthread.
 * The seed's threads called do_exit(code), and kthread_stop() returned
 * that code; here, as upstream, do_exit() keeps no result, so a thread
 * that calls do_exit(code) itself makes kthread_stop() return 0.
 *
 * Return: does not return.
 */
void kthread_exit(long result)
{
	struct kthread *kthread = to_kthread(current);

	if (kthread)
		kthread->result = result;
	do_exit(0);
}

/**
 * kthread_complete_and_exit - Exit the current kthread.
 * @comp: Completion to complete
 * @code: The integer value to return to kthread_stop().
 *
 * If present, complete @comp and then return code to kthread_stop().
 *
 * A kernel thread whose module may be removed after the completion of
 * @comp can use this function to exit safely.
 *
 * Upstream since 5.17 ("exit: Rename complete_and_exit to
 * kthread_complete_and_exit"); the seed's was complete_and_exit(), in
 * kernel/exit.c.
 *
 * Return: does not return.
 */
void kthread_complete_and_exit(struct completion *comp, long code)
{
	if (comp)
		complete(comp);
	kthread_exit(code);
}

/* Frees a request that its creator gave up on.  Called by its last user. */
static void free_create_info(struct kthread_create_info *create)
{
	kfree(create);
}

/* The first function of every thread made by kthread_create_on_node(). */
static int kthread(void *_create)
{
	/* Copy data: it's on kthread's stack */
	struct kthread_create_info *create = _create;
	int (*threadfn)(void *data) = create->threadfn;
	void *data = create->data;
	struct completion *done;
	struct kthread *self;
	int ret;

	current->fail_nth = create->fail_nth;
	self = kzalloc(sizeof(*self), GFP_KERNEL);
	current->fail_nth = NULL;
	if (self) {
		init_completion(&self->exited);
		init_completion(&self->parked);
		self->threadfn = threadfn;
		self->data = data;
		/* As Linux: kept only when comm had to cut it. */
		if (create->name_len >= TASK_COMM_LEN)
			strscpy(self->full_name, create->full_name, sizeof(self->full_name));
		current->kthread = self;
		current->vfork_done = &self->exited;
		trace_kthread_create(current);
	}

	/* If user was SIGKILLed, I release the structure. */
	done = xchg(&create->done, NULL);
	if (!done) {
		free_create_info(create);
		kthread_exit(-EINTR);
	}
	if (!self) {
		create->result = ERR_PTR(-ENOMEM);
		complete(done);
		do_exit(-ENOMEM);
	}

	/*
	 * The default policy and every CPU, whatever kthreadd had.  A new
	 * task inherits neither here (alloc_task() gives it both), so these
	 * cost only when someone changed them meanwhile.
	 */
	if (READ_ONCE(current->nice))
		set_user_nice(current, 0);
	if (!cpumask_equal(&current->cpus_mask, cpu_possible_mask))
		set_cpus_allowed_ptr(current, cpu_possible_mask);

	/* OK, tell user we're spawned, wait for stop or wakeup */
	__set_current_state(TASK_UNINTERRUPTIBLE);
	create->result = current;
	chaos_point(CHAOS_KTHREAD_START);
	/*
	 * Thread is going to call schedule(), do not preempt it,
	 * or the creator may spend more time in wait_task_inactive().
	 * (Upstream since 5.7, as in __kthread_parkme().)
	 */
	preempt_disable();
	complete(done);
	chaos_point(CHAOS_KTHREAD_START_COMPLETE);
	schedule_preempt_disabled();
	preempt_enable();

	self->started = true;

	ret = -EINTR;
	if (!test_bit(KTHREAD_SHOULD_STOP, &self->flags)) {
		__kthread_parkme(self);
		ret = threadfn(data);
	}
	kthread_exit(ret);
}

static void create_kthread(struct kthread_create_info *create)
{
	int pid;

	/* We want our own signal handler (we take no signals by default). */
	current->fail_nth = create->fail_nth;
	pid = kernel_thread(kthread, create, create->full_name, 0);
	current->fail_nth = NULL;
	if (pid < 0) {
		/* Release the structure when caller killed by a fatal signal. */
		struct completion *done = xchg(&create->done, NULL);

		if (!done) {
			free_create_info(create);
			return;
		}
		create->result = ERR_PTR(pid);
		complete(done);
	}
}

static __printf(4, 0) struct task_struct *
__kthread_create_on_node(int (*threadfn)(void *data), void *data, int node,
			 const char namefmt[], va_list args)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct task_struct *task;
	struct kthread_create_info *create = kmalloc(sizeof(*create), GFP_KERNEL);

	if (!create)
		return ERR_PTR(-ENOMEM);
	create->threadfn = threadfn;
	create->data = data;
	create->node = node;
	create->fail_nth = current->fail_nth;
	create->done = &done;
	create->name_len = vsnprintf(create->full_name, sizeof(create->full_name), namefmt, args);

	spin_lock(&kthread_create_lock);
	list_add_tail(&create->list, &kthread_create_list);
	spin_unlock(&kthread_create_lock);
	chaos_point(CHAOS_KTHREAD_CREATE);

	wake_up_process(kthreadd_task);
	/*
	 * Wait for completion in killable state, for I might be chosen by
	 * the OOM killer while kthreadd is trying to allocate memory for
	 * new kernel thread.
	 */
	if (unlikely(wait_for_completion_killable(&done))) {
		/*
		 * If I was killed by a fatal signal before kthreadd (or new
		 * kernel thread) calls complete(), leave the cleanup of this
		 * structure to that thread.
		 */
		if (xchg(&create->done, NULL))
			return ERR_PTR(-EINTR);
		/*
		 * kthreadd (or new kernel thread) will call complete()
		 * shortly.
		 */
		wait_for_completion(&done);
	}
	task = create->result;
	kfree(create);
	return task;
}

/**
 * kthread_create_on_node - create a kthread.
 * @threadfn: the function to run until signal_pending(current).
 * @data: data ptr for @threadfn.
 * @node: task and thread structures for the thread are allocated on this node
 *	  (ignored here: there is one node)
 * @namefmt: printf-style name for the thread.
 *
 * Description: This helper function creates and names a kernel
 * thread.  The thread will be stopped: use wake_up_process() to start
 * it.  See also kthread_run().  The new thread has nice 0 and may run on
 * every CPU.
 *
 * When woken, the thread will run @threadfn() with @data as its
 * argument.  @threadfn() can either return directly if it is a
 * standalone thread for which no one will call kthread_stop(), or
 * return when 'kthread_should_stop()' is true (which means
 * kthread_stop() has been called).  The return value should be zero
 * or a negative error number; it will be passed to kthread_stop().
 *
 * Context: process context; sleeps (killably) until kthreadd answers.
 * Return: the new task_struct; ERR_PTR(-ENOMEM) when the request, the
 * task, its stack or its struct kthread could not be allocated;
 * ERR_PTR(-EINTR) when the creator was killed before kthreadd answered.
 */
struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data, int node,
					   const char namefmt[], ...)
{
	struct task_struct *task;
	va_list args;

	va_start(args, namefmt);
	task = __kthread_create_on_node(threadfn, data, node, namefmt, args);
	va_end(args);
	return task;
}

static void __kthread_bind_mask(struct task_struct *p, const struct cpumask *mask,
				unsigned int state)
{
	unsigned long flags;

	if (!wait_task_inactive(p, state)) {
		WARN_ON(1);
		return;
	}

	/* It's safe because the task is inactive. */
	raw_spin_lock_irqsave(&p->pi_lock, flags);
	do_set_cpus_allowed(p, mask);
	p->flags |= PF_NO_SETAFFINITY;
	raw_spin_unlock_irqrestore(&p->pi_lock, flags);
}

static void __kthread_bind(struct task_struct *p, unsigned int cpu, unsigned int state)
{
	__kthread_bind_mask(p, cpumask_of(cpu), state);
}

void kthread_bind_mask(struct task_struct *p, const struct cpumask *mask)
{
	struct kthread *kthread = to_kthread(p);

	if (WARN(kthread && kthread->started, "kthread_bind_mask(%s): already running", p->comm))
		return;
	__kthread_bind_mask(p, mask, TASK_UNINTERRUPTIBLE);
}

/**
 * kthread_bind - bind a just-created kthread to a cpu.
 * @p: thread created by kthread_create().
 * @cpu: cpu (might not be online, must be possible) for @k to run on.
 *
 * Description: This function is equivalent to set_cpus_allowed(),
 * except that @cpu doesn't need to be online, and the thread must be
 * stopped (i.e., just returned from kthread_create()).  A thread that
 * was ever woken is refused with a WARN and left as it is (the seed
 * checked only that it sleeps uninterruptibly; upstream since 6.14 binds
 * it and then WARNs).
 */
void kthread_bind(struct task_struct *p, unsigned int cpu)
{
	struct kthread *kthread = to_kthread(p);

	if (WARN(kthread && kthread->started, "kthread_bind(%s): already running", p->comm))
		return;
	__kthread_bind(p, cpu, TASK_UNINTERRUPTIBLE);
}

/**
 * kthread_create_on_cpu - Create a cpu bound kthread
 * @threadfn: the function to run until signal_pending(current).
 * @data: data ptr for @threadfn.
 * @cpu: The cpu on which the thread should be bound,
 * @namefmt: printf-style name for the thread. Format is restricted
 *	     to "name.*%u". Code fills in cpu number.
 *
 * Description: This helper function creates and names a kernel thread,
 * bound to @cpu, and remembers @cpu.  It does not make the thread per-CPU:
 * only kthread_set_per_cpu() does, and only a per-CPU thread is bound to
 * its CPU again by kthread_unpark().  A bound thread that is not per-CPU
 * and lost its binding (its CPU went down while it slept) keeps the wider
 * mask the scheduler gave it.  This is upstream since 5.11 (commit
 * ac687e6e8c26, "kthread: Extract KTHREAD_IS_PER_CPU": the scheduler must
 * tell a CPU's own threads from threads that merely run on one CPU); the
 * seed set KTHREAD_IS_PER_CPU here.  docs/kthread.md, "Per-CPU threads".
 *
 * Return: as kthread_create_on_node().
 */
struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt)
{
	struct task_struct *p;

	p = kthread_create_on_node(threadfn, data, NUMA_NO_NODE, namefmt, cpu);
	if (IS_ERR(p))
		return p;
	kthread_bind(p, cpu);
	/* For kthread_set_per_cpu(k, cpu) later; the binding itself is done. */
	to_kthread(p)->cpu = cpu;
	return p;
}

/*
 * Marks @k as the thread of CPU @cpu (KTHREAD_IS_PER_CPU), so that
 * kthread_unpark() binds it there again; a negative @cpu unmarks it.  @k
 * must be bound already (PF_NO_SETAFFINITY).  Not in the seed: upstream
 * since 5.11, see kthread_create_on_cpu().
 */
void kthread_set_per_cpu(struct task_struct *k, int cpu)
{
	struct kthread *kthread = to_kthread(k);

	if (!kthread)
		return;

	WARN_ON_ONCE(!(k->flags & PF_NO_SETAFFINITY));

	if (cpu < 0) {
		clear_bit(KTHREAD_IS_PER_CPU, &kthread->flags);
		return;
	}

	kthread->cpu = cpu;
	set_bit(KTHREAD_IS_PER_CPU, &kthread->flags);
}

/* Return: whether @p was marked with kthread_set_per_cpu(). */
bool kthread_is_per_cpu(struct task_struct *p)
{
	struct kthread *kthread = __to_kthread(p);

	if (!kthread)
		return false;

	return test_bit(KTHREAD_IS_PER_CPU, &kthread->flags);
}

/**
 * kthread_unpark - unpark a thread created by kthread_create().
 * @k:		thread created by kthread_create().
 *
 * Sets kthread_should_park() for @k to return false and wakes it with
 * wake_up_state(TASK_PARKED); it does not wait for the thread to run.  If
 * the thread is per-CPU (kthread_set_per_cpu()) it is bound to its CPU
 * again first.  A thread that was not asked to park is left alone:
 * upstream since 6.12 (commit "kthread: unpark only parked kthread"; the
 * seed rebound an unparked per-CPU thread, and __kthread_bind() WARNed).
 * There is no guard against a park still in flight: unparking a per-CPU
 * thread between kthread_park()'s set_bit() and the thread's schedule()
 * WARNs in __kthread_bind(), in the seed, upstream and here.
 *
 * Context: process context; sleeps in wait_task_inactive() for a per-CPU
 * thread.
 */
void kthread_unpark(struct task_struct *k)
{
	struct kthread *kthread = to_kthread(k);

	if (!test_bit(KTHREAD_SHOULD_PARK, &kthread->flags))
		return;
	trace_kthread_unpark(k);
	/*
	 * Newly created kthread was parked when the CPU was offline.
	 * The binding was lost and we need to set it again.
	 */
	if (test_bit(KTHREAD_IS_PER_CPU, &kthread->flags))
		__kthread_bind(k, kthread->cpu, TASK_PARKED);

	clear_bit(KTHREAD_SHOULD_PARK, &kthread->flags);
	chaos_point(CHAOS_KTHREAD_UNPARK);
	/*
	 * __kthread_parkme() will either see !SHOULD_PARK or get the wakeup.
	 */
	wake_up_state(k, TASK_PARKED);
}

/**
 * kthread_park - park a thread created by kthread_create().
 * @k: thread created by kthread_create().
 *
 * Sets kthread_should_park() for @k to return true, wakes it, and
 * waits for it to return. This can also be called after kthread_create()
 * instead of calling wake_up_process(): the thread will park without
 * calling threadfn().
 *
 * If called by the kthread itself just the park bit is set.
 *
 * Context: process context; sleeps until the thread is off its CPU.
 * Return: 0 once the thread is parked; -ENOSYS (and a WARN) if it is
 * exiting; -EBUSY (and a WARN, once per boot) if kthread_park() was
 * already called and no kthread_unpark() since.  The seed and upstream
 * return the same.
 */
int kthread_park(struct task_struct *k)
{
	struct kthread *kthread = to_kthread(k);

	if (WARN_ON(k->flags & PF_EXITING))
		return -ENOSYS;

	if (WARN_ON_ONCE(test_bit(KTHREAD_SHOULD_PARK, &kthread->flags)))
		return -EBUSY;

	trace_kthread_park(k);
	set_bit(KTHREAD_SHOULD_PARK, &kthread->flags);
	chaos_point(CHAOS_KTHREAD_PARK);
	if (k != current) {
		wake_up_process(k);
		/*
		 * Wait for __kthread_parkme() to complete(), this means we
		 * _will_ have TASK_PARKED and are about to call schedule().
		 */
		wait_for_completion(&kthread->parked);
		/*
		 * Now wait for that schedule() to complete and the task to
		 * get scheduled out.
		 */
		WARN_ON_ONCE(!wait_task_inactive(k, TASK_PARKED));
	}

	return 0;
}

/**
 * kthread_stop - stop a thread created by kthread_create().
 * @k: thread created by kthread_create().
 *
 * Sets kthread_should_stop() for @k to return true, wakes it, and
 * waits for it to exit. This can also be called after kthread_create()
 * instead of calling wake_up_process(): the thread will exit without
 * calling threadfn().
 *
 * If threadfn() may call kthread_exit() itself, the caller must ensure
 * task_struct can't go away.
 *
 * Context: process context; sleeps until the thread has exited.
 * Return: the result of threadfn(), or the code it gave kthread_exit();
 * %-EINTR if the thread was stopped before it called threadfn() (never
 * woken, or the stop came first); 0 if it called do_exit() itself.
 */
int kthread_stop(struct task_struct *k)
{
	struct kthread *kthread;
	int ret;

	trace_sched_kthread_stop(k);
	get_task_struct(k);
	kthread = to_kthread(k);
	set_bit(KTHREAD_SHOULD_STOP, &kthread->flags);
	chaos_point(CHAOS_KTHREAD_STOP);
	kthread_unpark(k);
	/*
	 * TASK_FROZEN too: a thread frozen in kthread_freezable_should_stop()
	 * must see the stop without waiting for a thaw, or stopping it while
	 * the system is frozen would deadlock.
	 */
	wake_up_state(k, TASK_NORMAL | TASK_FROZEN);
	wait_for_completion(&kthread->exited);
	ret = kthread->result;
	put_task_struct(k);
	trace_sched_kthread_stop_ret(ret);
	return ret;
}

/**
 * kthread_stop_put - stop a thread and put its task struct
 * @k: thread created by kthread_create().
 *
 * Stops a thread created by kthread_create() and put its task_struct.
 * Only use when holding an extra task struct reference obtained by
 * calling get_task_struct().  Not in the seed: upstream since 6.6.
 *
 * Return: as kthread_stop().
 */
int kthread_stop_put(struct task_struct *k)
{
	int ret = kthread_stop(k);

	put_task_struct(k);
	return ret;
}

/*
 * kthreadd: pid 2, the parent of every kthread.  Runs with a clean context:
 * all CPUs, nice 0, never frozen, signals ignored.
 */
int kthreadd(void *unused)
{
	struct task_struct *tsk = current;

	/* Setup a clean context for our children to inherit. */
	set_task_comm(tsk, "kthreadd");
	ignore_signals(tsk);
	set_cpus_allowed_ptr(tsk, cpu_possible_mask);
	set_user_nice(tsk, 0);

	current->flags |= PF_NOFREEZE;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		chaos_point(CHAOS_KTHREADD_CHECK);
		if (list_empty(&kthread_create_list))
			schedule();
		__set_current_state(TASK_RUNNING);

		spin_lock(&kthread_create_lock);
		while (!list_empty(&kthread_create_list)) {
			struct kthread_create_info *create;

			create = list_entry(kthread_create_list.next, struct kthread_create_info,
					    list);
			list_del_init(&create->list);
			spin_unlock(&kthread_create_lock);

			while (READ_ONCE(kthreadd_hold_for_test))
				schedule_timeout_interruptible(1);
			create_kthread(create);

			spin_lock(&kthread_create_lock);
		}
		spin_unlock(&kthread_create_lock);
	}

	return 0;
}
