// SPDX-License-Identifier: GPL-2.0
/*
 * workers: every kthread_worker whose thread runs, with its statistics and
 * what it has queued, copied under kthread_workers_lock and each worker's
 * lock (kthread_worker_for_each()), then printed.
 *
 * The work a worker is running is shown by address only: its function may
 * free it, so once the copy is made nothing may look inside it.  Queued and
 * delayed works are still owned by the worker's lists, so their functions
 * can be named.
 */
#include <kernel/kallsyms.h>
#include <kernel/kthread_worker.h>
#include <kernel/shell.h>
#include <kernel/slab.h>
#include <lib/errno.h>
#include <lib/list.h>
#include <lib/string.h>

#include "console.h"

#define MAX_WORKERS 32
#define NAMED_WORKS 3 /* queued works whose function is named */

struct worker_info {
	char comm[TASK_COMM_LEN];
	int pid;
	struct kthread_worker_stats stats;
	unsigned int nr_delayed;
	const void *current_work;
	kthread_work_func_t queued[NAMED_WORKS];
};

struct worker_list {
	struct worker_info info[MAX_WORKERS];
	unsigned int nr, missed;
};

/* Under kthread_workers_lock, interrupts off. */
static void copy_worker(struct kthread_worker *worker, void *arg)
{
	struct worker_list *list = arg;
	struct worker_info *info;
	struct kthread_work *work;
	unsigned int n = 0;

	if (list->nr == MAX_WORKERS) {
		list->missed++;
		return;
	}
	info = &list->info[list->nr++];
	memset(info, 0, sizeof(*info));
	raw_spin_lock(&worker->lock);
	if (worker->task) {
		strscpy(info->comm, worker->task->comm, sizeof(info->comm));
		info->pid = worker->task->pid;
	}
	info->stats = worker->stats;
	info->current_work = worker->current_work;
	list_for_each_entry(work, &worker->delayed_work_list, node)
		info->nr_delayed++;
	list_for_each_entry(work, &worker->work_list, node) {
		if (n == NAMED_WORKS)
			break;
		if (!(work->flags & KTHREAD_WORK_BARRIER))
			info->queued[n++] = work->func;
	}
	raw_spin_unlock(&worker->lock);
}

static void print_worker(const struct worker_info *info)
{
	unsigned int i;

	shell_printf("%5d %-15s %8lu %6u %7u %6u %7llu  %s\n", info->pid, info->comm,
		     info->stats.works_executed, info->stats.nr_queued, info->nr_delayed,
		     info->stats.max_queued, info->stats.max_latency_ns / 1000,
		     info->current_work ? "running" : "idle");
	for (i = 0; i < NAMED_WORKS && info->queued[i]; i++) {
		char sym[KSYM_SYMBOL_LEN];

		sprint_symbol(sym, sizeof(sym), (unsigned long)info->queued[i]);
		shell_printf("        queued: %s\n", sym);
	}
}

static const struct shell_command workers_command;

static int cmd_workers(int argc, char **argv)
{
	struct worker_list *list;
	unsigned int i;

	if (argc != 1)
		return shell_usage(&workers_command);
	list = kzalloc(sizeof(*list), GFP_KERNEL);
	if (!list)
		return shell_error(&workers_command, "out of memory");
	kthread_worker_for_each(copy_worker, list);
	shell_printf("  PID NAME               DONE QUEUED DELAYED MAXQ MAXLAT(us) NOW\n");
	for (i = 0; i < list->nr; i++)
		print_worker(&list->info[i]);
	if (!list->nr)
		shell_printf("(no kthread_worker is running; 'spawn worker' starts one)\n");
	if (list->missed)
		shell_printf("(%u more not shown)\n", list->missed);
	kfree(list);
	return 0;
}

static const struct shell_command workers_command = {
	.name = "workers",
	.usage = "workers",
	.help = "the kthread_workers: works done, queued, delayed, running",
	.run = cmd_workers,
};
shell_register_command(workers_command);
