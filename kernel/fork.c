// SPDX-License-Identifier: GPL-2.0
/*
 * Making and freeing tasks (Linux's kernel/fork.c, for kernel threads only).
 *
 * A task is a task_struct from its own slab cache and a guarded stack.  It
 * starts with two references: one it holds on itself, dropped by the CPU
 * that switches away from it for the last time (finish_task_switch(), once
 * it is TASK_DEAD), and one for the creator, who drops it with
 * put_task_struct().  The last put frees the stack and the task; since the
 * task's own reference goes only after its final switch, its stack is
 * never freed under it.
 */
#define pr_fmt(fmt) "fork: " fmt

#include <asm/stacktrace.h>
#include <asm/switch_to.h>
#include <kernel/bug.h>
#include <kernel/kthread.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/smp.h>
#include <kernel/stack.h>
#include <lib/err.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#include "sched/sched.h"

static struct kmem_cache *task_struct_cachep;

static DEFINE_SPINLOCK(tasklist_lock);
static LIST_HEAD(task_list);		/* every task; under tasklist_lock */
/* Incremented under tasklist_lock, decremented without: atomic. */
static unsigned long nr_task_structs;
static int last_pid;			/* under tasklist_lock */

static void fork_init(void)
{
	if (!task_struct_cachep)
		task_struct_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct),
						       0, SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
}

/*
 * The parts of a new task that do not depend on how it will run.  Idle
 * tasks are pid 0, as in Linux, and take no number: init is pid 1 and
 * kthreadd pid 2 however many CPUs there are.
 */
static struct task_struct *alloc_task(const char *name, bool idle)
{
	struct task_struct *p;
	unsigned long flags;

	fork_init();
	p = kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);
	if (!p)
		return NULL;
	raw_spin_lock_init(&p->pi_lock);
	INIT_LIST_HEAD(&p->run_list);
	p->usage = 2;		/* its own, and the creator's */
	p->flags = PF_KTHREAD;
	p->nice = 0;
	do_set_cpus_allowed(p, cpu_possible_mask);
	strscpy(p->comm, name, sizeof(p->comm));

	spin_lock_irqsave(&tasklist_lock, flags);
	p->pid = idle ? 0 : ++last_pid;
	list_add_tail(&p->tasks, &task_list);
	__atomic_add_fetch(&nr_task_structs, 1, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p;
}

/*
 * Off the task list first, so that no one finds a half-freed task; counted
 * out last, so that a leak check that sees nr_tasks() back at its baseline
 * also sees the task's memory back.
 */
static void free_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_del(&p->tasks);
	spin_unlock_irqrestore(&tasklist_lock, flags);

	if (!(p->flags & PF_IDLE))
		free_thread_stack(p->stack);
	free_kthread_struct(p);
	kmem_cache_free(task_struct_cachep, p);

	/* Release: whoever reads the count back at its baseline sees the frees. */
	__atomic_sub_fetch(&nr_task_structs, 1, __ATOMIC_RELEASE);
}

void put_task_struct(struct task_struct *p)
{
	int usage = __atomic_sub_fetch(&p->usage, 1, __ATOMIC_ACQ_REL);

	WARN(usage < 0, "put_task_struct(%s): reference count below zero", p->comm);
	if (usage == 0)
		free_task(p);
}

struct task_struct *create_kernel_thread(int (*fn)(void *), void *arg, const char *name,
					 unsigned int flags)
{
	struct task_struct *p;

	might_sleep();
	p = alloc_task(name, false);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->stack = alloc_thread_stack(GFP_KERNEL);
	if (!p->stack) {
		p->usage = 1;
		put_task_struct(p);
		return ERR_PTR(-ENOMEM);
	}
	/* Like Linux's copy_process(): children of kthreadd are not freezable. */
	p->flags |= flags | (current->flags & PF_NOFREEZE);
	p->cpu = smp_processor_id();
	p->__state = TASK_NEW;
	arch_init_task_stack(p, fn, arg);
	return p;
}

int kernel_thread(int (*fn)(void *), void *arg, const char *name, unsigned long flags)
{
	struct task_struct *p = create_kernel_thread(fn, arg, name, flags);
	int pid;

	if (IS_ERR(p))
		return PTR_ERR(p);
	pid = p->pid;
	wake_up_new_task(p);
	put_task_struct(p);
	return pid;
}

struct task_struct *alloc_idle_task(unsigned int cpu, void *stack)
{
	struct task_struct *p;
	char name[TASK_COMM_LEN];

	snprintf(name, sizeof(name), "swapper/%u", cpu);
	p = alloc_task(name, true);
	if (!p)
		return NULL;
	p->usage = 1;
	p->flags |= PF_IDLE | PF_NOFREEZE | PF_NO_SETAFFINITY;
	p->stack = stack;
	p->cpu = cpu;
	p->on_rq = 1;
	p->on_cpu = 1;
	p->__state = TASK_RUNNING;
	do_set_cpus_allowed(p, cpumask_of(cpu));
	return p;
}

void *boot_stack_base(void)
{
	return boot_stack;
}

void for_each_task(void (*fn)(struct task_struct *p, void *arg), void *arg)
{
	struct task_struct *p;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(p, &task_list, tasks)
		fn(p, arg);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

unsigned long nr_tasks(void)
{
	return __atomic_load_n(&nr_task_structs, __ATOMIC_ACQUIRE);
}

char *get_task_comm(char *buf, struct task_struct *p)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&p->pi_lock, flags);
	strscpy(buf, p->comm, TASK_COMM_LEN);
	raw_spin_unlock_irqrestore(&p->pi_lock, flags);
	return buf;
}

void set_task_comm(struct task_struct *p, const char *name)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&p->pi_lock, flags);
	strscpy(p->comm, name, TASK_COMM_LEN);
	raw_spin_unlock_irqrestore(&p->pi_lock, flags);
}
