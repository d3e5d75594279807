// SPDX-License-Identifier: GPL-2.0
/*
 * The console's `test` command: runs in-kernel test cases live.
 *
 * The cases were written for the test kernel, where they run in the init
 * thread: pid 1's kind of task (made by create_kernel_thread(), not a
 * kthread with PF_NO_SETAFFINITY), bound to CPU 0, never frozen.  The
 * command makes a thread just like it, "ktest", runs the selected cases
 * there, and waits for it.  Their KTAP goes to the console through printk,
 * as in the test kernel; the command adds a one-line verdict.
 *
 * What runs alongside (the demo worker, threads spawned from the console)
 * is real concurrency the cases must tolerate; a case that counts tasks or
 * pages may see the console's own threads come and go if they are being
 * started or stopped meanwhile, which the shell cannot do while it waits.
 */
#include <kernel/completion.h>
#include <kernel/cpumask.h>
#include <kernel/freezer.h>
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/shell.h>
#include <lib/err.h>
#include <lib/errno.h>

struct ktest_request {
	const char *filter;
	struct ktest_totals totals;
	struct completion done;
};

static int ktest_thread(void *data)
{
	struct ktest_request *req = data;

	ktest_run(req->filter, &req->totals);
	complete(&req->done); /* the last use of @req: it lives on the shell's stack */
	return 0;
}

static const struct shell_command test_command;

static int cmd_test(int argc, char **argv)
{
	struct ktest_request req = { .filter = argc == 2 ? argv[1] : "" };
	struct task_struct *thread;

	if (argc > 2)
		return shell_usage(&test_command);
	if (READ_ONCE(system_freezing_cnt))
		return shell_error(&test_command, "the threads are frozen: 'thaw' first");
	init_completion(&req.done);
	thread = create_kernel_thread(ktest_thread, &req, "ktest", PF_NOFREEZE);
	if (IS_ERR(thread))
		return shell_error(&test_command, "cannot start the test thread: %ld",
				   PTR_ERR(thread));
	do_set_cpus_allowed(thread, cpumask_of(0));
	wake_up_new_task(thread);
	put_task_struct(thread);
	/*
	 * Killably, so that the hung-task detector (which skips killable
	 * sleeps) does not report the shell during a long run.  The shell
	 * takes no signals, so the wait only ends with the run: @req lives on
	 * this stack until then.
	 */
	while (wait_for_completion_killable(&req.done))
		;

	if (!req.totals.pass && !req.totals.fail && !req.totals.skip)
		return shell_error(&test_command,
				   "no case matches '%s' (globs on suite.case, "
				   "e.g. 'kthread.*')",
				   req.filter);
	shell_printf("test: %u passed, %u failed, %u skipped\n", req.totals.pass, req.totals.fail,
		     req.totals.skip);
	return req.totals.fail ? -EIO : 0;
}

static const struct shell_command test_command = {
	.name = "test",
	.usage = "test [GLOB[,GLOB]]",
	.help = "run in-kernel test cases (suite.case globs; default: all)",
	.run = cmd_test,
};
shell_register_command(test_command);
