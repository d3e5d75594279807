// SPDX-License-Identifier: GPL-2.0
/*
 * The shell: a kernel thread that prints a prompt, reads a line from the
 * serial port with the line editor (lib/line_edit.c), splits it into words
 * and runs the command the first word names (include/kernel/shell.h says
 * how commands are registered; docs/console.md lists them).
 *
 * The thread, "kshell", is an ordinary kthread made through kthreadd: not
 * freezable (the freeze command must not freeze the shell that has to
 * thaw), not bound (it follows the CPUs that are up; the receive interrupt
 * goes to CPU 0, which never goes down).  Commands run in it one at a
 * time, so they need no locking among themselves.
 */
#define pr_fmt(fmt) "shell: " fmt

#include <kernel/kthread.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/shell.h>
#include <lib/ctype.h>
#include <lib/errno.h>
#include <lib/kstrtox.h>
#include <lib/line_edit.h>
#include <lib/string.h>

#include "console.h"

#define SHELL_PROMPT "kthreads> "

extern const struct shell_command *const __start_shell_commands[];
extern const struct shell_command *const __stop_shell_commands[];

static struct line_history shell_history; /* the shell thread's own */
static struct line_editor shell_editor;

const struct shell_command *shell_find_command(const char *name)
{
	const struct shell_command *const *cmd;

	for (cmd = __start_shell_commands; cmd < __stop_shell_commands; cmd++) {
		if (!strcmp((*cmd)->name, name))
			return *cmd;
	}
	return NULL;
}

int shell_usage(const struct shell_command *cmd)
{
	shell_printf("usage: %s\n", cmd->usage);
	return -EINVAL;
}

int shell_parse_uint(const struct shell_command *cmd, const char *what, const char *s,
		     unsigned int min, unsigned int max, unsigned int *out)
{
	unsigned int value;

	if (kstrtouint(s, 10, &value))
		return shell_error(cmd, "'%s' is not a %s", s, what);
	if (value < min || value > max)
		return shell_error(cmd, "%s %u is out of range (%u..%u)", what, value, min, max);
	*out = value;
	return 0;
}

/* Splits @line in place at blanks.  Return: the number of words, or -E2BIG. */
static int split_words(char *line, char **argv)
{
	int argc = 0;

	for (;;) {
		while (isspace(*line))
			*line++ = '\0';
		if (!*line)
			return argc;
		if (argc == SHELL_MAX_ARGS)
			return -E2BIG;
		argv[argc++] = line;
		while (*line && !isspace(*line))
			line++;
	}
}

int shell_run_line(char *line)
{
	char *argv[SHELL_MAX_ARGS + 1];
	const struct shell_command *cmd;
	int argc = split_words(line, argv);

	if (argc == -E2BIG) {
		shell_printf("too many words: a command takes at most %d\n", SHELL_MAX_ARGS - 1);
		return -E2BIG;
	}
	if (!argc)
		return 0;
	argv[argc] = NULL;
	cmd = shell_find_command(argv[0]);
	if (!cmd) {
		shell_printf("%s: unknown command; 'help' lists them\n", argv[0]);
		return -ENOENT;
	}
	return cmd->run(argc, argv);
}

static void editor_write(void *ctx, const char *s, size_t len)
{
	console_write_text(s, len);
}

/* Reads one line into shell_editor.buf.  Return: false if it was cancelled (^C). */
static bool read_line(void)
{
	enum line_edit_status status;

	line_edit_reset(&shell_editor);
	shell_printf("%s", SHELL_PROMPT);
	do {
		int c = shell_getc_timeout(MAX_SCHEDULE_TIMEOUT);

		if (c < 0)
			continue;
		status = line_edit_feed(&shell_editor, c);
	} while (status == LINE_EDIT_MORE);
	return status == LINE_EDIT_DONE;
}

static int shell_thread(void *unused)
{
	line_edit_init(&shell_editor, &shell_history, editor_write, NULL);
	shell_editor.prompt = SHELL_PROMPT;
	shell_printf("\nType 'help' for the commands; Ctrl-A X leaves QEMU.\n");
	while (!kthread_should_stop()) {
		if (read_line())
			shell_run_line(shell_editor.buf);
	}
	return 0;
}

void shell_init(void)
{
	struct task_struct *shell;

	tty_init();
	demo_init();
	shell = kthread_run(shell_thread, NULL, "kshell");
	if (IS_ERR(shell))
		pr_err("cannot start the shell: %ld\n", PTR_ERR(shell));
}

/* --- help --- */

static const struct shell_command help_command;

static void print_help_line(const struct shell_command *cmd)
{
	shell_printf("  %-30s %s\n", cmd->usage, cmd->help);
}

#define MAX_COMMANDS 64

/*
 * The linker's order depends on the compiler (GCC emits a file's entries
 * backwards): help sorts by name.  Insertion sort, a few dozen commands.
 */
static unsigned int sorted_commands(const struct shell_command **out)
{
	const struct shell_command *const *cmd;
	unsigned int n = 0, i;

	for (cmd = __start_shell_commands; cmd < __stop_shell_commands && n < MAX_COMMANDS; cmd++) {
		for (i = n; i > 0 && strcmp(out[i - 1]->name, (*cmd)->name) > 0; i--)
			out[i] = out[i - 1];
		out[i] = *cmd;
		n++;
	}
	return n;
}

static int cmd_help(int argc, char **argv)
{
	static const struct shell_command *sorted[MAX_COMMANDS];
	unsigned int nr, i;

	if (argc > 2)
		return shell_usage(&help_command);
	if (argc == 2) {
		const struct shell_command *found = shell_find_command(argv[1]);

		if (!found)
			return shell_error(&help_command, "no command '%s'", argv[1]);
		print_help_line(found);
		return 0;
	}
	shell_printf("Commands (docs/console.md has the details):\n");
	nr = sorted_commands(sorted);
	for (i = 0; i < nr; i++)
		print_help_line(sorted[i]);
	shell_printf("Keys: arrows, Home/End, Backspace, ^U erase line, ^C cancel, "
		     "Up/Down history.\n");
	return 0;
}

static const struct shell_command help_command = {
	.name = "help",
	.usage = "help [COMMAND]",
	.help = "list the commands, or show one",
	.run = cmd_help,
};
shell_register_command(help_command);
