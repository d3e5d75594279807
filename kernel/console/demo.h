/* SPDX-License-Identifier: GPL-2.0 */
/* The console's demo threads and workers (kernel/console/demo.c). */
#ifndef _KERNEL_CONSOLE_DEMO_H
#define _KERNEL_CONSOLE_DEMO_H

#include <lib/types.h>

enum demo_action {
	DEMO_PARK,
	DEMO_UNPARK,
	DEMO_STOP,
};

/*
 * Starts a demo worker (@worker) or thread, bound to @cpu unless it is -1.
 * Context: process context, sleeps.  Return: 0 with *@pid set and its name
 * in @name (TASK_COMM_LEN bytes), or -errno.
 */
int demo_spawn(bool worker, int cpu, int *pid, char *name);

/* What demo_control() did, or why it did not. */
struct demo_outcome {
	const char *why;     /* the refusal, when it returns another -errno than -ESRCH */
	bool stopped_thread; /* DEMO_STOP of a thread (not of a worker) */
	int stop_ret;	     /* then: what kthread_stop() returned */
};

/*
 * Parks, unparks or stops the demo thread or worker with @pid.
 * Context: process context, sleeps until it is done.
 * Return: 0; -ESRCH if no demo has @pid; another -errno with @out->why
 * saying why it was refused (nothing changed).
 */
int demo_control(int pid, enum demo_action action, struct demo_outcome *out);

#endif /* _KERNEL_CONSOLE_DEMO_H */
