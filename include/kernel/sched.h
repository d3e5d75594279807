/*
 * Tasks and the scheduler, Linux's API.
 *
 * Every kernel thread is a struct task_struct with its own guarded stack.
 * Each CPU has a run queue of tasks ready to run and an idle task that
 * runs when the queue is empty (kernel/sched/core.c explains the policy and
 * the locking).  `current` is the task running on this CPU.
 */
#ifndef _KERNEL_SCHED_H
#define _KERNEL_SCHED_H

#include <asm/percpu.h>
#include <kernel/cpumask.h>
#include <kernel/spinlock.h>
#include <lib/compiler.h>
#include <lib/list.h>
#include <lib/types.h>

#define TASK_COMM_LEN 16

/*
 * Task states (task->__state), Linux's values.  A task sleeps in the
 * states that include TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE; which
 * wake-ups reach it depends on the bits (try_to_wake_up()'s @state).
 */
#define TASK_RUNNING		0x00000000
#define TASK_INTERRUPTIBLE	0x00000001	/* woken by wake_up and by signals */
#define TASK_UNINTERRUPTIBLE	0x00000002	/* woken by wake_up only */
#define __TASK_STOPPED		0x00000004
#define TASK_PARKED		0x00000040	/* kthread_park()ed */
#define TASK_DEAD		0x00000080
#define TASK_WAKEKILL		0x00000100	/* also woken by fatal signals */
#define TASK_WAKING		0x00000200	/* being woken by its CPU (wake list) */
#define TASK_NOLOAD		0x00000400
#define TASK_NEW		0x00000800	/* created, never woken */
#define TASK_FROZEN		0x00008000	/* in the refrigerator */

#define TASK_KILLABLE		(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_IDLE		(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* Task flags (task->flags), Linux's values. */
#define PF_IDLE			0x00000002	/* an idle task */
#define PF_EXITING		0x00000004	/* in do_exit() */
#define PF_WQ_WORKER		0x00000020
#define PF_NOFREEZE		0x00008000	/* the freezer leaves it alone */
#define PF_FROZEN		0x00010000
#define PF_KTHREAD		0x00200000	/* a kernel thread (all are, here) */
#define PF_NO_SETAFFINITY	0x04000000	/* its CPU mask may not change */

#define MAX_NICE		19
#define MIN_NICE		-20

/* Signals: kernel threads ignore them unless they allow_signal(). */
#define SIGINT		2
#define SIGKILL		9
#define SIGTERM		15
#define _NSIG		64

struct kthread;
struct completion;
struct fail_nth;

struct task_struct {
	/*
	 * The saved stack pointer of a task that is not running: the context
	 * switch (arch/x86_64/switch.asm) keeps everything else on the stack.
	 * Its offset is checked there.
	 */
	unsigned long thread_sp;

	/*
	 * Written by the task itself (set_current_state()) and by
	 * try_to_wake_up() under pi_lock; read with READ_ONCE().
	 */
	unsigned int __state;
	unsigned int flags;		/* PF_*; the task's own, or under pi_lock */

	/*
	 * pi_lock serialises wake-ups of this task, and changes of its CPU
	 * mask, against each other (Linux's p->pi_lock).
	 */
	raw_spinlock_t pi_lock;

	/* Scheduler state, under the lock of the run queue of ->cpu: */
	int on_rq;			/* queued or running, not sleeping */
	int on_cpu;			/* running, or still switching out */
	unsigned int cpu;		/* the run queue it is on, or ran on last */
	struct list_head run_list;	/* on rq->queue while waiting to run */
	/* Next on a CPU's wake list, in TASK_WAKING (ttwu_queue_wakelist()). */
	struct task_struct *wake_entry;
	int nice;			/* MIN_NICE..MAX_NICE */
	unsigned int time_slice;	/* ticks left in its current turn */
	/*
	 * Time on a CPU, and when it last started running, in TSC cycles
	 * (instructions under the benchmarks' -icount): the switch reads the
	 * TSC and leaves the scaling to nanoseconds to whoever needs them.
	 */
	u64 sum_exec_runtime;
	u64 exec_start;
	unsigned long nvcsw, nivcsw;	/* voluntary / involuntary switches */
	/*
	 * Its CPU mask excluded the CPU it ran on: move it after switching
	 * out.  Set by set_cpus_allowed_ptr() (or put_prev_task(), for a CPU
	 * going down), cleared by finish_task_switch(); under the rq->lock.
	 */
	bool migration_pending;

	struct cpumask cpus_mask;	/* CPUs it may run on; under pi_lock + rq lock */
	unsigned int nr_cpus_allowed;

	int pid;
	char comm[TASK_COMM_LEN];	/* under task_lock (pi_lock here) */

	int usage;			/* references: get/put_task_struct() */
	void *stack;			/* lowest address; THREAD_SIZE bytes */

	int exit_code;
	/* Completed by do_exit(): kthread_stop() waits on it (Linux's vfork_done). */
	struct completion *vfork_done;

	/*
	 * The kthread bookkeeping of kernel/kthread.c.  Linux keeps this in
	 * set_child_tid (or worker_private) because task_struct is shared
	 * with user processes; we have only kernel threads, so it has a
	 * field of its own.
	 */
	struct kthread *kthread;

	/*
	 * The fail-nth countdown (kernel/fault-inject.h) this task's
	 * allocations consume, or NULL.  Set by the task itself, or by whoever
	 * hands it work before the task runs it.
	 */
	struct fail_nth *fail_nth;

	/* Signals: bit n set = signal n.  Under pi_lock. */
	unsigned long pending_signals;
	unsigned long allowed_signals;	/* the rest are ignored */

	struct list_head tasks;		/* on the list of all tasks; under tasklist_lock */

#ifdef CONFIG_LOCKDEP
	/* The locks it holds: its own, changed with interrupts off. */
	struct task_lockdep lockdep;
#endif

	/*
	 * The hung-task detector's (kernel/hung_task.c, Linux's names):
	 * nvcsw + nivcsw when it last changed, and when that was (jiffies);
	 * whether this sleep has been reported.  Under tasklist_lock.
	 */
	unsigned long last_switch_count;
	u64 last_switch_time;
	bool hung_task_reported;
};

/* The task running on this CPU. */
static __always_inline struct task_struct *get_current(void)
{
	return this_cpu_read_hot(current_task);
}
#define current get_current()

/* Linux's accessors for the state, with its barrier semantics. */
#define __set_current_state(state) WRITE_ONCE(current->__state, (state))
/*
 * Sets the state with a full barrier after it, so that the condition the
 * task checks next is read after the state is visible: a waker that
 * changes the condition and then wakes us cannot be missed.
 */
#define set_current_state(state)                                        \
	do {                                                            \
		WRITE_ONCE(current->__state, (state));                  \
		__atomic_thread_fence(__ATOMIC_SEQ_CST);                \
	} while (0)
#define task_state(p) READ_ONCE((p)->__state)
/*
 * For states only a special wake-up may end (TASK_PARKED, TASK_DEAD):
 * stored under pi_lock, so that it cannot collide with a concurrent
 * try_to_wake_up() storing TASK_RUNNING.
 */
#define set_special_state(state_value)                                        \
	do {                                                                  \
		unsigned long __ss_flags;                                     \
		raw_spin_lock_irqsave(&current->pi_lock, __ss_flags);         \
		WRITE_ONCE(current->__state, (state_value));                  \
		raw_spin_unlock_irqrestore(&current->pi_lock, __ss_flags);    \
	} while (0)

/*
 * schedule() - give the CPU to another task
 *
 * If the current task's state is not TASK_RUNNING it goes to sleep until
 * woken (or a signal arrives, for the states that allow one).
 * Context: process context; not atomic (might_sleep()).
 */
void schedule(void);
/* Sleeps @timeout jiffies (state set by the caller); returns the jiffies left. */
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_killable(long timeout);
long schedule_timeout_uninterruptible(long timeout);
#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))

/*
 * Wakes @p if its state matches @state.  Return: true if it was woken,
 * false if it was running or in a state @state does not cover.
 * Context: any, including hard interrupts.
 */
bool try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags);
bool wake_up_process(struct task_struct *p);	/* state TASK_NORMAL */
/* The reschedule IPI's handler: wakes the tasks other CPUs handed over. */
void scheduler_ipi(void);

/*
 * One round of a busy-wait for something another CPU will do (start at
 * *@spins = 0): a cpu_relax(), and every 256 rounds, where sleeping is
 * allowed, a tick's sleep instead, so that waiting for a vCPU the host has
 * stopped does not keep this one spinning meanwhile.  Context: any; it
 * sleeps only when preemption and interrupts are on.
 */
void cpu_relax_or_sleep(int *spins);
bool wake_up_state(struct task_struct *p, unsigned int state);
/* Makes a new task (TASK_NEW) runnable for the first time. */
void wake_up_new_task(struct task_struct *p);

/*
 * might_sleep() - say that the caller may sleep.  In atomic context (a
 * spin lock held, preemption or interrupts off, an interrupt handler) it
 * WARNs with a backtrace: the code would deadlock or corrupt if it slept.
 * A debug check, as in Linux: with CONFIG_DEBUG_ATOMIC_SLEEP (the debug
 * build flavour) only; the bench flavour compiles it out.
 */
#ifdef CONFIG_DEBUG_ATOMIC_SLEEP
void __might_sleep(const char *file, int line);
#define might_sleep() __might_sleep(__FILE__, __LINE__)
#else
#define might_sleep() ((void)0)
#endif

/* preempt_enable() calls this when a reschedule is due. */
void preempt_schedule(void);
/*
 * Preempts current now, as a tick ending its slice would: it stays runnable
 * (even with a sleeping state set) and goes to the tail of its run queue.
 * For the chaos points.  Does nothing where preemption is not allowed.
 */
void preempt_schedule_now(void);

/* Gives the CPU to another runnable task, staying runnable. */
void yield(void);
/* A preemption point: reschedules if one is due.  Returns whether it did. */
int cond_resched(void);
bool need_resched(void);

/*
 * Creates a kernel thread running @fn(@arg), named @name, in state
 * TASK_NEW (not yet runnable: wake_up_new_task() it).  It exits with
 * @fn's return value when @fn returns.  Context: process context, sleeps.
 * Return: the task, holding one reference for the caller, or an ERR_PTR.
 */
struct task_struct *create_kernel_thread(int (*fn)(void *), void *arg, const char *name,
					 unsigned int flags);
/* Linux's kernel_thread(): create and wake; returns the pid or -errno. */
int kernel_thread(int (*fn)(void *), void *arg, const char *name, unsigned long flags);

/* Ends the current task with @code.  Does not return. */
__noreturn void do_exit(long code);
/* do_exit()'s last step: switch away in TASK_DEAD, for good. */
__noreturn void do_task_dead(void);

static inline void get_task_struct(struct task_struct *p)
{
	__atomic_add_fetch(&p->usage, 1, __ATOMIC_RELAXED);
}
/* Drops a reference; the last frees the task and its stack. */
void put_task_struct(struct task_struct *p);

/*
 * Which CPUs @p may run on.  Moves it if it is running or queued
 * elsewhere.  Return: 0, or -EINVAL if @mask has no online CPU, or if @p
 * has PF_NO_SETAFFINITY.  Context: process context, may sleep.
 */
int set_cpus_allowed_ptr(struct task_struct *p, const struct cpumask *mask);
/* As above, ignoring PF_NO_SETAFFINITY, for @p not yet woken (kthread_bind). */
void do_set_cpus_allowed(struct task_struct *p, const struct cpumask *mask);
void set_user_nice(struct task_struct *p, long nice);
int task_nice(const struct task_struct *p);

/* Signals, for kernel threads. */
void allow_signal(int sig);
void ignore_signals(struct task_struct *p);
/* Delivers @sig to @p if it allows it; wakes it if it sleeps interruptibly (or killably, for SIGKILL). */
int send_sig(int sig, struct task_struct *p, int priv);
bool signal_pending(struct task_struct *p);
bool fatal_signal_pending(struct task_struct *p);
bool __signal_pending_state(unsigned int state, struct task_struct *p);

/*
 * Would a sleep in @state end now because of a signal?  Inline, since
 * most sleeps are uninterruptible and need only the first test.
 */
static inline bool signal_pending_state(unsigned int state, struct task_struct *p)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))
		return false;
	return __signal_pending_state(state, p);
}
void flush_signals(struct task_struct *p);

/* The name of the task running on this CPU, for reports; works before tasks exist. */
const char *current_comm(void);
/* Copies @p's name into @buf (TASK_COMM_LEN bytes). */
char *get_task_comm(char *buf, struct task_struct *p);
/* Sets @p's name, truncated to TASK_COMM_LEN - 1 characters. */
void set_task_comm(struct task_struct *p, const char *name);

/*
 * Calls @fn on every task, under tasklist_lock with interrupts off: @fn
 * must not sleep.  Lock order: tasklist_lock before p->pi_lock.
 */
void for_each_task(void (*fn)(struct task_struct *p, void *arg), void *arg);
/*
 * Waits until @p is off its CPU; if @match_state is not 0, it must be in
 * that state.  Return: 0 if its state changed meanwhile, else non-zero.
 * Context: process context, sleeps.
 */
unsigned long wait_task_inactive(struct task_struct *p, unsigned int match_state);
/* schedule() from a section with preemption disabled once; returns with it disabled. */
void schedule_preempt_disabled(void);

/* R S D I P T X, N (new) or F (frozen): @p's state for people (kernel/sched/debug.c). */
char task_state_to_char(const struct task_struct *p);
/* Prints @p's name, state, pid, CPU, switches and, if it is off its CPU, call trace. */
void sched_show_task(struct task_struct *p);
/* sched_show_task() of every task in a state of @state_filter (0: all). */
void show_state_filter(unsigned int state_filter);

/* Tasks that exist (not yet freed), for leak checks. */
unsigned long nr_tasks(void);
/* Switches this CPU has made. */
unsigned long nr_context_switches_cpu(unsigned int cpu);

/*
 * Linux's task_sched_runtime(): the ns @p has spent on a CPU, including the
 * slice it may be running right now.  Context: any but hard interrupts;
 * takes p->pi_lock and its rq->lock (so callers may hold tasklist_lock).
 */
u64 task_sched_runtime(struct task_struct *p);

/* What a CPU's run queue looks like at one instant (for the console's cpus and top). */
struct sched_cpu_stat {
	int curr_pid; /* the running task (0: the idle task) */
	char curr_comm[TASK_COMM_LEN];
	unsigned int nr_running;   /* queued + the running one, idle not counted */
	unsigned long nr_switches; /* since boot */
	u64 idle_ns;		   /* time its idle task has run, offline time included */
};
/* Fills @stat for @cpu under its rq->lock.  Context: any but hard interrupts. */
void sched_cpu_stat(unsigned int cpu, struct sched_cpu_stat *stat);

/* Boot: make the boot context CPU 0's idle task, set up run queues. */
void sched_init(void);
/* Each other CPU: make its boot context its idle task.  Then never returns. */
__noreturn void cpu_startup_entry(void);
/* A new CPU's idle task, made by the boot CPU before starting it. */
struct task_struct *idle_task_create(unsigned int cpu, void *stack);
/* From the tick: account time, end the time slice.  Hard interrupt context. */
void scheduler_tick(void);
/* Interrupt exit: preempt if due and allowed.  Interrupts off. */
void preempt_schedule_irq(void);

#endif /* _KERNEL_SCHED_H */
