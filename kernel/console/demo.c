// SPDX-License-Identifier: GPL-2.0
/*
 * The demo: threads and workers that the console starts so that there is
 * something to watch and to play with.
 *
 *  - A demo thread ("demo-N", spawn thread) wakes every DEMO_THREAD_MS,
 *    works DEMO_THREAD_BUSY_US, and sleeps again.  It is written the way
 *    Linux asks a thread to be written for park, stop and the freezer:
 *    it checks kthread_should_park() and kthread_freezable_should_stop() at
 *    the top of its loop and sleeps interruptibly, so every one of those
 *    requests reaches it promptly.
 *  - A demo worker ("demo_worker-N", spawn worker) is a freezable
 *    kthread_worker running one delayed work that re-arms itself every
 *    DEMO_TICK_MS: `workers` shows its count of works executed growing.
 *    The boot starts one, demo_worker-1, quietly: it prints nothing.
 *
 * N counts from 1, threads and workers each on their own.  It is not a
 * CPU number: Linux's "name/N" means "the thread of CPU N" (ksoftirqd/0),
 * so the demos use a dash.
 *
 * Only these may be parked, unparked and stopped from the console
 * (control.c says why the others may not).  The list of them, and every
 * park/unpark/stop/spawn, is under demo_lock; the command that holds it
 * may sleep (kthread_park() waits for the thread), which is why it is a
 * mutex.
 */
#define pr_fmt(fmt) "demo: " fmt

#include <kernel/cpumask.h>
#include <kernel/delay.h>
#include <kernel/freezer.h>
#include <kernel/jiffies.h>
#include <kernel/kthread.h>
#include <kernel/kthread_worker.h>
#include <kernel/mutex.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/shell.h>
#include <kernel/slab.h>
#include <lib/errno.h>
#include <lib/list.h>
#include <lib/string.h>

#include "console.h"
#include "demo.h"

#define DEMO_THREAD_MS	    200
#define DEMO_THREAD_BUSY_US 500
#define DEMO_TICK_MS	    2000

enum demo_kind {
	DEMO_THREAD,
	DEMO_WORKER,
};

struct demo {
	enum demo_kind kind;
	struct task_struct *task;	  /* a reference held until it is stopped */
	struct kthread_worker *worker;	  /* DEMO_WORKER */
	struct kthread_delayed_work tick; /* DEMO_WORKER: re-arms itself */
	bool parked;			  /* DEMO_THREAD: parked by the console */
	unsigned long rounds;		  /* loops of the thread, runs of the tick */
	struct list_head node;		  /* on demo_list, under demo_lock */
};

static DEFINE_MUTEX(demo_lock);
static LIST_HEAD(demo_list);			      /* under demo_lock */
static unsigned int demo_thread_seq, demo_worker_seq; /* under demo_lock */

static int demo_thread_fn(void *data)
{
	struct demo *d = data;

	set_freezable();
	while (!kthread_freezable_should_stop(NULL)) {
		if (kthread_should_park()) {
			kthread_parkme();
			continue;
		}
		udelay(DEMO_THREAD_BUSY_US); /* some work, for ps to show */
		WRITE_ONCE(d->rounds, d->rounds + 1);
		schedule_timeout_interruptible(msecs_to_jiffies(DEMO_THREAD_MS));
	}
	return 0;
}

bool demo_owns_task(struct task_struct *p)
{
	return kthread_func(p) == (void *)demo_thread_fn;
}

/* Runs in the demo worker's thread. */
static void demo_tick(struct kthread_work *work)
{
	struct kthread_delayed_work *dwork = container_of(work, struct kthread_delayed_work, work);
	struct demo *d = container_of(dwork, struct demo, tick);

	WRITE_ONCE(d->rounds, d->rounds + 1);
	kthread_queue_delayed_work(d->worker, &d->tick, msecs_to_jiffies(DEMO_TICK_MS));
}

/* Called with demo_lock held. */
static struct demo *demo_find_locked(int pid)
{
	struct demo *d;

	list_for_each_entry(d, &demo_list, node) {
		if (d->task->pid == pid)
			return d;
	}
	return NULL;
}

/*
 * Starts a demo thread, bound to @cpu if it is not -1.  Called with
 * demo_lock held.  Return: the demo or an ERR_PTR.
 */
static struct demo *demo_thread_start_locked(int cpu)
{
	struct demo *d = kzalloc(sizeof(*d), GFP_KERNEL);
	struct task_struct *task;

	if (!d)
		return ERR_PTR(-ENOMEM);
	d->kind = DEMO_THREAD;
	task = kthread_create(demo_thread_fn, d, "demo-%u", ++demo_thread_seq);
	if (IS_ERR(task)) {
		kfree(d);
		return ERR_CAST(task);
	}
	if (cpu >= 0)
		kthread_bind(task, cpu);
	get_task_struct(task);
	d->task = task;
	list_add_tail(&d->node, &demo_list);
	wake_up_process(task);
	return d;
}

/* Called with demo_lock held.  Return: the demo or an ERR_PTR. */
static struct demo *demo_worker_start_locked(void)
{
	struct demo *d = kzalloc(sizeof(*d), GFP_KERNEL);
	struct kthread_worker *worker;

	if (!d)
		return ERR_PTR(-ENOMEM);
	d->kind = DEMO_WORKER;
	worker = kthread_create_worker(KTW_FREEZABLE, "demo_worker-%u", ++demo_worker_seq);
	if (IS_ERR(worker)) {
		kfree(d);
		return ERR_CAST(worker);
	}
	d->worker = worker;
	d->task = worker->task;
	get_task_struct(d->task);
	kthread_init_delayed_work(&d->tick, demo_tick);
	list_add_tail(&d->node, &demo_list);
	kthread_queue_delayed_work(worker, &d->tick, msecs_to_jiffies(DEMO_TICK_MS));
	return d;
}

/*
 * Stops and frees @d.  Called with demo_lock held; sleeps until it is gone.
 * Return: what kthread_stop() returned for a thread; 0 for a worker.
 */
static int demo_stop_locked(struct demo *d)
{
	struct task_struct *task = d->task;
	int ret = 0;

	list_del(&d->node);
	if (d->kind == DEMO_WORKER) {
		kthread_cancel_delayed_work_sync(&d->tick);
		kthread_destroy_worker(d->worker);
	} else {
		ret = kthread_stop(task);
	}
	put_task_struct(task);
	kfree(d);
	return ret;
}

int demo_spawn(bool worker, int cpu, int *pid, char *name)
{
	struct demo *d;

	mutex_lock(&demo_lock);
	d = worker ? demo_worker_start_locked() : demo_thread_start_locked(cpu);
	if (!IS_ERR(d)) {
		*pid = d->task->pid;
		get_task_comm(name, d->task);
	}
	mutex_unlock(&demo_lock);
	return PTR_ERR_OR_ZERO(d);
}

int demo_control(int pid, enum demo_action action, struct demo_outcome *out)
{
	const char **why = &out->why;
	struct demo *d;
	int ret = 0;

	*out = (struct demo_outcome){};
	mutex_lock(&demo_lock);
	d = demo_find_locked(pid);
	if (!d) {
		ret = -ESRCH;
		goto out;
	}
	if (READ_ONCE(system_freezing_cnt) &&
	    (action == DEMO_PARK || (action == DEMO_STOP && d->kind == DEMO_WORKER))) {
		/* Both wait for the thread to run, which a frozen thread does not. */
		*why = "the threads are frozen: 'thaw' first";
		ret = -EBUSY;
		goto out;
	}
	switch (action) {
	case DEMO_PARK:
		if (d->kind == DEMO_WORKER) {
			*why = "a kthread_worker's thread does not park (kthread_worker_fn() never "
			       "calls kthread_parkme()); 'stop' destroys the worker";
			ret = -EINVAL;
		} else if (d->parked) {
			*why = "it is parked already";
			ret = -EALREADY;
		} else {
			ret = kthread_park(d->task);
			d->parked = !ret;
		}
		break;
	case DEMO_UNPARK:
		if (!d->parked) {
			*why = "it is not parked";
			ret = -EINVAL;
		} else {
			kthread_unpark(d->task);
			d->parked = false;
		}
		break;
	case DEMO_STOP:
		out->stopped_thread = d->kind == DEMO_THREAD;
		out->stop_ret = demo_stop_locked(d);
		break;
	}
out:
	mutex_unlock(&demo_lock);
	return ret;
}

void demo_init(void)
{
	struct demo *d;

	mutex_lock(&demo_lock);
	d = demo_worker_start_locked();
	mutex_unlock(&demo_lock);
	if (IS_ERR(d))
		pr_err("cannot start the demo worker: %ld\n", PTR_ERR(d));
}

/* --- spawn --- */

static const struct shell_command spawn_command;

static int cmd_spawn(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "thread";
	bool worker = !strcmp(what, "worker");
	unsigned int cpu;
	char name[TASK_COMM_LEN];
	int ret, pid, bind = -1;

	if (argc > 3 || (!worker && strcmp(what, "thread")) || (worker && argc > 2))
		return shell_usage(&spawn_command);
	if (argc == 3) {
		if (shell_parse_uint(&spawn_command, "CPU", argv[2], 0, NR_CPUS - 1, &cpu))
			return -EINVAL;
		if (!cpu_online(cpu))
			return shell_error(&spawn_command, "CPU %u is not online", cpu);
		bind = cpu;
	}
	ret = demo_spawn(worker, bind, &pid, name);
	if (ret)
		return shell_error(&spawn_command, "cannot start it: error %d", ret);
	if (bind >= 0)
		shell_printf("spawned %s, pid %d, bound to CPU %d (kthread_bind())\n", name, pid,
			     bind);
	else
		shell_printf("spawned %s, pid %d\n", name, pid);
	return 0;
}

static const struct shell_command spawn_command = {
	.name = "spawn",
	.usage = "spawn [thread [CPU] | worker]",
	.help = "start a demo thread (bound to CPU) or a demo kthread_worker",
	.run = cmd_spawn,
};
shell_register_command(spawn_command);
