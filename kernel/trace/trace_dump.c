// SPDX-License-Identifier: GPL-2.0
/*
 * trace_dump(): the rings, out over the console, in a form that survives
 * being mixed with other console output and damaged on the way.
 *
 *	TRACE-BEGIN version=1
 *	TRACE <seq> <base64 payload> <crc32>
 *	...
 *	TRACE-END frames=<n>
 *
 * Each frame is one printk line (so other CPUs' messages may come between
 * frames, never inside one, and the line may carry printk's prefix).  Its
 * CRC-32, in hex, covers the frame number (4 bytes, little-endian) and
 * the payload, whose first byte says what it holds:
 *
 *	'H'  u32 version, nr_cpus, entry_size, ring_size, groups; u64 now_ns
 *	'C'  u32 cpu; u64 records, lost		(before that CPU's records)
 *	'R'  struct trace_entry (64 bytes)
 *	'T'  s32 pid; char comm[16]; u32 cpu, state	(the tasks alive now)
 *	'S'  u64 address; the function's name	(for work and timer functions)
 *
 * so the host decoder (scripts/trace/tracedump.py) can drop a damaged
 * frame, and see from the numbers which frames are missing.
 */
#include <kernel/kallsyms.h>
#include <kernel/ktime.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/trace.h>
#include <lib/base64.h>
#include <lib/crc32.h>
#include <lib/string.h>

#include "trace.h"

#define TRACE_DUMP_VERSION 1
#define FRAME_MAX	   (1 + 8 + KSYM_NAME_LEN)
#define MAX_SYMBOLS	   128

struct trace_dumper {
	u32 seq;			    /* frames written so far */
	unsigned long symbols[MAX_SYMBOLS]; /* functions met in records */
	unsigned int nr_symbols;
	u8 frame[FRAME_MAX];
	size_t len;
};

static void frame_start(struct trace_dumper *d, char kind)
{
	d->frame[0] = kind;
	d->len = 1;
}

static void frame_put(struct trace_dumper *d, const void *p, size_t len)
{
	if (WARN_ON_ONCE(d->len + len > sizeof(d->frame)))
		return;
	memcpy(d->frame + d->len, p, len);
	d->len += len;
}

static void frame_put_u32(struct trace_dumper *d, u32 v)
{
	frame_put(d, &v, sizeof(v));
}

static void frame_put_u64(struct trace_dumper *d, u64 v)
{
	frame_put(d, &v, sizeof(v));
}

static void frame_emit(struct trace_dumper *d)
{
	char text[BASE64_CHARS(FRAME_MAX) + 1];
	u32 seq = d->seq++;
	u32 crc = crc32(crc32(0, &seq, sizeof(seq)), d->frame, d->len);

	base64_encode(d->frame, d->len, text);
	printk(KERN_NOTICE "TRACE %u %s %08x\n", seq, text, crc);
}

static void remember_symbol(struct trace_dumper *d, unsigned long addr)
{
	unsigned int i;

	for (i = 0; i < d->nr_symbols; i++) {
		if (d->symbols[i] == addr)
			return;
	}
	if (d->nr_symbols < MAX_SYMBOLS) /* beyond: the host shows the address */
		d->symbols[d->nr_symbols++] = addr;
}

static bool dump_entry(const struct trace_entry *e, void *arg)
{
	struct trace_dumper *d = arg;

	if (e->type >= TRACE_WORK_QUEUE && e->type <= TRACE_WORK_EXECUTE_END)
		remember_symbol(d, ((const struct trace_work *)e->data)->function);
	else if (e->type == TRACE_TIMER_EXPIRE)
		remember_symbol(d, ((const struct trace_timer_expire *)e->data)->function);
	frame_start(d, 'R');
	frame_put(d, e, sizeof(*e));
	frame_emit(d);
	return true;
}

static bool count_entry(const struct trace_entry *e, void *arg)
{
	return true;
}

static void dump_cpu(struct trace_dumper *d, unsigned int cpu)
{
	unsigned long records, lost;

	/* Counted first, so the host knows what to expect; a record overwritten
	 * between the two passes shows up as a missing one. */
	records = trace_for_each_entry(cpu, count_entry, NULL, &lost);
	frame_start(d, 'C');
	frame_put_u32(d, cpu);
	frame_put_u64(d, records);
	frame_put_u64(d, lost);
	frame_emit(d);
	trace_for_each_entry(cpu, dump_entry, d, NULL);
}

static void dump_task(struct task_struct *p, void *arg)
{
	struct trace_dumper *d = arg;

	frame_start(d, 'T');
	frame_put_u32(d, p->pid);
	frame_put(d, p->comm, TASK_COMM_LEN);
	frame_put_u32(d, READ_ONCE(p->cpu));
	frame_put_u32(d, READ_ONCE(p->__state));
	frame_emit(d);
}

static void dump_symbols(struct trace_dumper *d)
{
	unsigned long size, offset;
	const char *name;
	unsigned int i;

	for (i = 0; i < d->nr_symbols; i++) {
		name = kallsyms_lookup(d->symbols[i], &size, &offset);
		if (!name)
			continue;
		frame_start(d, 'S');
		frame_put_u64(d, d->symbols[i]);
		frame_put(d, name, strnlen(name, KSYM_NAME_LEN));
		frame_emit(d);
	}
}

void trace_dump(void)
{
	static struct trace_dumper dumper; /* under trace_control_lock */
	struct trace_dumper *d = &dumper;
	unsigned int cpu;

	trace_stop(); /* the dump would otherwise trace itself */
	trace_control_lock_acquire();
	memset(d, 0, sizeof(*d));
	printk(KERN_NOTICE "TRACE-BEGIN version=%d\n", TRACE_DUMP_VERSION);
	frame_start(d, 'H');
	frame_put_u32(d, TRACE_DUMP_VERSION);
	frame_put_u32(d, num_possible_cpus());
	frame_put_u32(d, sizeof(struct trace_entry));
	frame_put_u32(d, trace_ring_size());
	frame_put_u32(d, trace_get_groups());
	frame_put_u64(d, ktime_get_ns());
	frame_emit(d);
	for_each_possible_cpu(cpu)
		dump_cpu(d, cpu);
	for_each_task(dump_task, d);
	dump_symbols(d);
	printk(KERN_NOTICE "TRACE-END frames=%u\n", d->seq);
	trace_control_lock_release();
}
