// SPDX-License-Identifier: GPL-2.0
/*
 * park, unpark, stop, freeze and thaw: the console's hands on threads.
 *
 * kthread_park() returns once the thread has called kthread_parkme(), and
 * kthread_stop() once its function has returned: both are requests that
 * the thread's own code must answer.  A thread not written for them never
 * answers, and the shell would wait for ever; a thread that does answer
 * belongs to code (smpboot, a kthread_worker's owner) that parks and stops
 * it for its own reasons.  So the console acts only on the threads and
 * workers it spawned itself (demo.c), and for any other pid it says which
 * case it is and what would happen.
 */
#include <kernel/freezer.h>
#include <kernel/kthread.h>
#include <kernel/kthread_worker.h>
#include <kernel/sched.h>
#include <kernel/shell.h>
#include <lib/errno.h>
#include <lib/kstrtox.h>
#include <lib/string.h>

#include "console.h"
#include "demo.h"

/* What the refusal message needs to know about a task, copied under tasklist_lock. */
struct task_lookup {
	int pid;
	bool found;
	char comm[TASK_COMM_LEN];
	bool per_cpu, worker, is_current, exiting;
};

static void lookup_one(struct task_struct *p, void *arg)
{
	struct task_lookup *l = arg;

	if (p->pid != l->pid || l->found)
		return;
	l->found = true;
	strscpy(l->comm, p->comm, sizeof(l->comm));
	l->per_cpu = kthread_is_per_cpu(p);
	l->worker = kthread_func(p) == (void *)kthread_worker_fn;
	l->is_current = p == current;
	l->exiting = READ_ONCE(p->flags) & PF_EXITING;
}

/* Why the console will not touch the task @l describes. */
static const char *refusal(const struct task_lookup *l)
{
	if (l->is_current)
		return "is this shell";
	if (l->exiting)
		return "is exiting";
	if (l->pid == 2)
		return "creates every kernel thread: it never parks or stops";
	if (l->per_cpu)
		return "is a per-CPU thread: smpboot parks it when its CPU goes down "
		       "('cpu down N') and unparks it when the CPU comes back";
	if (l->worker)
		return "is the thread of a kthread_worker: only its owner may destroy it";
	return "was not spawned here: only threads written to call kthread_parkme() and "
	       "to return on kthread_should_stop() answer park and stop ('spawn' makes one)";
}

/* Says why pid @pid is not the console's to touch.  Return: -ESRCH or -EPERM. */
static int refuse(const struct shell_command *cmd, int pid)
{
	struct task_lookup l = { .pid = pid };

	if (pid == 0) {
		shell_error(cmd, "pid 0 is the idle tasks (swapper/N): they run when nothing "
				 "else does, and never stop");
		return -EPERM;
	}
	for_each_task(lookup_one, &l);
	if (!l.found) {
		shell_error(cmd, "no task with pid %d", pid);
		return -ESRCH;
	}
	shell_error(cmd, "pid %d (%s) %s", pid, l.comm, refusal(&l));
	return -EPERM;
}

static int control(const struct shell_command *cmd, int argc, char **argv, enum demo_action action)
{
	struct demo_outcome out;
	unsigned int pid;
	int ret;

	if (argc != 2)
		return shell_usage(cmd);
	if (shell_parse_uint(cmd, "pid", argv[1], 0, __INT_MAX__, &pid))
		return -EINVAL;
	ret = demo_control(pid, action, &out);
	if (ret == -ESRCH)
		return refuse(cmd, pid);
	if (ret) {
		shell_error(cmd, "pid %u: %s", pid, out.why ? out.why : "failed");
		return ret;
	}
	if (out.stopped_thread)
		shell_printf("%s %u: done; kthread_stop() returned %d\n", cmd->name, pid,
			     out.stop_ret);
	else
		shell_printf("%s %u: done\n", cmd->name, pid);
	return 0;
}

static const struct shell_command park_command, unpark_command, stop_command;

static int cmd_park(int argc, char **argv)
{
	return control(&park_command, argc, argv, DEMO_PARK);
}

static int cmd_unpark(int argc, char **argv)
{
	return control(&unpark_command, argc, argv, DEMO_UNPARK);
}

static int cmd_stop(int argc, char **argv)
{
	return control(&stop_command, argc, argv, DEMO_STOP);
}

static const struct shell_command park_command = {
	.name = "park",
	.usage = "park PID",
	.help = "kthread_park() a demo thread: ps shows it P",
	.run = cmd_park,
};
shell_register_command(park_command);

static const struct shell_command unpark_command = {
	.name = "unpark",
	.usage = "unpark PID",
	.help = "kthread_unpark() a parked demo thread",
	.run = cmd_unpark,
};
shell_register_command(unpark_command);

static const struct shell_command stop_command = {
	.name = "stop",
	.usage = "stop PID",
	.help = "kthread_stop() a demo thread, or destroy a demo worker",
	.run = cmd_stop,
};
shell_register_command(stop_command);

/* --- the freezer --- */

static const struct shell_command freeze_command, thaw_command;

static int cmd_freeze(int argc, char **argv)
{
	int ret;

	if (argc != 1)
		return shell_usage(&freeze_command);
	if (READ_ONCE(system_freezing_cnt))
		return shell_error(&freeze_command, "already frozen; 'thaw' first");
	ret = freeze_kernel_threads();
	if (ret)
		return shell_error(&freeze_command,
				   "a thread did not freeze (error %d); "
				   "the others were thawed",
				   ret);
	shell_printf("freezable threads frozen: ps shows them F; 'thaw' wakes them\n");
	return 0;
}

static int cmd_thaw(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(&thaw_command);
	if (!READ_ONCE(system_freezing_cnt))
		return shell_error(&thaw_command, "nothing is frozen");
	thaw_kernel_threads();
	shell_printf("thawed\n");
	return 0;
}

static const struct shell_command freeze_command = {
	.name = "freeze",
	.usage = "freeze",
	.help = "freeze_kernel_threads(): freezable threads stop at a freeze point",
	.run = cmd_freeze,
};
shell_register_command(freeze_command);

static const struct shell_command thaw_command = {
	.name = "thaw",
	.usage = "thaw",
	.help = "thaw_kernel_threads()",
	.run = cmd_thaw,
};
shell_register_command(thaw_command);
