// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the kernel command line, as the boot parses it.
 *
 * The input becomes a NUL-terminated command line in an exact-size
 * allocation, which goes twice through the real code:
 *
 *  - next_arg() word by word, checking that every word and value it hands
 *    out lies inside the line and that each step makes progress;
 *  - parse_kernel_params() (kernel/params.c) over a table with one parameter
 *    of each kind the kernel declares (int with a range, unsigned long
 *    long, bool, string), named as the kernel's own; the warnings it
 *    prints go through our vsnprintf(), and a glob filter it accepted is
 *    matched as ktest.filter= would be.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/params.h>
#include <kernel/printk.h>
#include <lib/cmdline.h>
#include <lib/glob.h>
#include <lib/vsprintf.h>

#include "fuzz.h"

static int loglevel = 4, maxcpus = 64;
static bool nosmp;
static unsigned long long seed;
static char filter[256];

param_int("loglevel", loglevel, 0, 15);
param_int("maxcpus", maxcpus, 1, 64);
param_bool("nosmp", nosmp);
param_ullong("ktest.seed", seed);
param_string("ktest.filter", filter);

/* kernel/params.c reports through printk(): format it, print nothing. */
int printk(const char *fmt, ...)
{
	char line[512];
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	FUZZ_CHECK(memchr(line, '\0', sizeof(line)));
	return n;
}

static bool inside(const char *p, const char *line, size_t size)
{
	return p >= line && p < line + size;
}

static void walk_words(char *line, size_t size)
{
	char *args = skip_spaces(line), *param, *val, *next;

	while (*args) {
		next = next_arg(args, &param, &val);
		FUZZ_CHECK(next > args && inside(next, line, size));
		FUZZ_CHECK(inside(param, line, size));
		FUZZ_CHECK(!val || inside(val, line, size));
		args = next;
	}
}

static char *line_of(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);

	memcpy(line, data, size);
	line[size] = '\0';
	return line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = line_of(data, size);

	walk_words(line, size + 1);
	free(line);

	line = line_of(data, size);
	filter[0] = '\0';
	parse_kernel_params(line);
	free(line);
	FUZZ_CHECK(loglevel >= 0 && loglevel <= 15);
	FUZZ_CHECK(maxcpus >= 1 && maxcpus <= 64);
	FUZZ_CHECK(memchr(filter, '\0', sizeof(filter)));
	if (filter[0])
		(void)!glob_match(filter, "kthread_worker.flush_waits_for_queued_work");
	return 0;
}
