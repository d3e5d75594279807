/*
 * Kernel threads: creation through kthreadd, stop, park, bind.  Linux's
 * kernel/kthread.c API, with its names, signatures and return values
 * (kernel/kthread.c says where and why we differ).
 */
#ifndef _KERNEL_KTHREAD_H
#define _KERNEL_KTHREAD_H

#include <kernel/cpumask.h>
#include <kernel/sched.h>
#include <lib/compiler.h>
#include <lib/err.h>

#define NUMA_NO_NODE (-1)

__printf(4, 5) struct task_struct *kthread_create_on_node(int (*threadfn)(void *data),
							 void *data, int node,
							 const char namefmt[], ...);

/**
 * kthread_create - create a kthread on the current node
 * @threadfn: the function to run in the thread
 * @data: data pointer for @threadfn()
 * @namefmt: printf-style format string for the thread name
 * @arg: arguments for @namefmt.
 *
 * This macro will create a kthread on the current node, leaving it in
 * the stopped state.  This is just a helper for kthread_create_on_node();
 * see the documentation there for more details.
 */
#define kthread_create(threadfn, data, namefmt, arg...) \
	kthread_create_on_node(threadfn, data, NUMA_NO_NODE, namefmt, ##arg)

struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt);

/**
 * kthread_run - create and wake a thread.
 * @threadfn: the function to run until signal_pending(current).
 * @data: data ptr for @threadfn.
 * @namefmt: printf-style name for the thread.
 *
 * Description: Convenient wrapper for kthread_create() followed by
 * wake_up_process().  Returns the kthread or ERR_PTR(-ENOMEM).
 */
#define kthread_run(threadfn, data, namefmt, ...)                                      \
	({                                                                             \
		struct task_struct *__k = kthread_create(threadfn, data, namefmt,      \
							 ##__VA_ARGS__);               \
		if (!IS_ERR(__k))                                                      \
			wake_up_process(__k);                                          \
		__k;                                                                   \
	})

/**
 * kthread_run_on_cpu - create and wake a cpu bound thread.
 * @threadfn: the function to run until signal_pending(current).
 * @data: data ptr for @threadfn.
 * @cpu: The cpu on which the thread should be bound,
 * @namefmt: printf-style name for the thread. Format is restricted
 *	     to "name.*%u". Code fills in cpu number.
 *
 * Description: Convenient wrapper for kthread_create_on_cpu()
 * followed by wake_up_process().  Returns the kthread or
 * ERR_PTR(-ENOMEM).
 */
static inline struct task_struct *kthread_run_on_cpu(int (*threadfn)(void *data), void *data,
						     unsigned int cpu, const char *namefmt)
{
	struct task_struct *p = kthread_create_on_cpu(threadfn, data, cpu, namefmt);

	if (!IS_ERR(p))
		wake_up_process(p);
	return p;
}

void free_kthread_struct(struct task_struct *k);
void kthread_bind(struct task_struct *k, unsigned int cpu);
void kthread_bind_mask(struct task_struct *k, const struct cpumask *mask);
int kthread_stop(struct task_struct *k);
int kthread_stop_put(struct task_struct *k);
bool kthread_should_stop(void);
bool kthread_should_park(void);
bool __kthread_should_park(struct task_struct *k);
bool __kthread_should_stop(struct task_struct *k);
bool kthread_freezable_should_stop(bool *was_frozen);
void *kthread_func(struct task_struct *k);
void *kthread_data(struct task_struct *k);
void *kthread_probe_data(struct task_struct *k);
int kthread_park(struct task_struct *k);
void kthread_unpark(struct task_struct *k);
void kthread_parkme(void);
__noreturn void kthread_exit(long result);
__noreturn void kthread_complete_and_exit(struct completion *comp, long code);
bool kthread_is_per_cpu(struct task_struct *k);
void kthread_set_per_cpu(struct task_struct *k, int cpu);

/* The thread that creates all others (pid 2), and its loop. */
extern struct task_struct *kthreadd_task;
int kthreadd(void *unused);

/*
 * Test hook: while set, kthreadd waits for it to clear before creating
 * each requested thread, so that a test can kill a creator mid-way.
 */
extern bool kthreadd_hold_for_test;

#endif /* _KERNEL_KTHREAD_H */
