// SPDX-License-Identifier: GPL-2.0
/*
 * lockdep-lite: a lock validator after Linux's kernel/locking/lockdep.c,
 * small enough to read in one sitting.  Built with CONFIG_LOCKDEP only.
 *
 * What it knows:
 *  - Lock classes (struct lock_class): every lock belongs to the class of
 *    its init site or key (include/kernel/lockdep_types.h), plus a
 *    subclass for annotated nesting (spin_lock_nested()).
 *  - Each task's held locks (task->lockdep), pushed by lock_acquire() and
 *    popped by lock_release(), always, even with validation off.
 *  - A dependency graph: an edge A -> B means "some task took a lock of
 *    class B while holding one of class A", with the call trace of the
 *    first time.  Only the innermost held lock of the same context (and
 *    any trylocks above it) gives an edge, as in Linux: the ones below it
 *    already lead to it.
 *  - Per class, the contexts it was used in (taken in a hard or soft
 *    interrupt; taken with interrupts on).
 *
 * What it reports (once per boot, through WARN, then validation stops):
 *  - a new edge A -> B that closes a cycle, B -> ... -> A being known: a
 *    possible ABBA deadlock, whether or not it happened this time; the
 *    report prints the known chain with the trace of each edge, and the
 *    WARN's backtrace is the new dependency's;
 *  - a lock taken while a lock of the same class is held, unannotated;
 *  - a class used in a hard (soft) interrupt handler and also taken with
 *    interrupts (soft interrupts) enabled, as seen when each lock is taken;
 *  - the release of a lock the task does not hold;
 *  - a table too small ("BUG: MAX_LOCKDEP_EDGES too low!").
 * Other code asks it to report held locks: at the end of a thread, a
 * kthread_work or a test case, and when sleeping in atomic context.
 *
 * Cost: lock_acquire() on a known path is a lookup of the lock's cached
 * class and one lockless hash lookup of the edge from the lock held below
 * it, with interrupts off.  Only new classes and new edges take the graph
 * lock and walk the graph.  The tables are static and bounded: nothing is
 * allocated in the lock path.
 *
 * Locking: graph_lock (a bare test-and-set lock, which the validator does
 * not validate) serialises every change to classes, edges and traces.
 * Classes and edges are published with release stores and never freed,
 * so lock_acquire() looks them up without the lock.  The validator runs
 * with interrupts off and task->lockdep.recursion raised, so the locks
 * its own reports take (printk's) are not tracked.
 */
#define pr_fmt(fmt) fmt

#include <asm/processor.h>
#include <kernel/arch.h>
#include <kernel/bug.h>
#include <kernel/kallsyms.h>
#include <kernel/lockdep.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#ifdef CONFIG_LOCKDEP /* the debug build flavour only; this file is empty otherwise */

#define MAX_LOCKDEP_CLASSES	512
#define MAX_LOCKDEP_EDGES	2048
#define MAX_STACK_TRACE_ENTRIES 16384
#define LOCKDEP_TRACE_DEPTH	12
#define CLASSHASH_SIZE		256
#define EDGEHASH_SIZE		1024

/* The context a lock is taken in (held_lock.irq_context). */
#define LOCKDEP_CONTEXT_PROCESS 0
#define LOCKDEP_CONTEXT_SOFTIRQ 1
#define LOCKDEP_CONTEXT_HARDIRQ 2

/* lock_class.usage_mask bits: how the class has been used. */
enum lock_usage_bit {
	LOCK_USED_IN_HARDIRQ, /* taken in a hard interrupt handler */
	LOCK_USED_IN_SOFTIRQ, /* taken in a soft interrupt (timer callback) */
	LOCK_ENABLED_HARDIRQ, /* taken with interrupts enabled */
	LOCK_ENABLED_SOFTIRQ, /* taken in process context with interrupts enabled */
	LOCK_USAGE_STATES
};

static const char *const usage_names[LOCK_USAGE_STATES] = {
	[LOCK_USED_IN_HARDIRQ] = "IN-HARDIRQ",
	[LOCK_USED_IN_SOFTIRQ] = "IN-SOFTIRQ",
	[LOCK_ENABLED_HARDIRQ] = "HARDIRQ-ON",
	[LOCK_ENABLED_SOFTIRQ] = "SOFTIRQ-ON",
};

/* A call trace kept in trace_entries[]. */
struct lock_trace {
	u32 offset;
	u32 nr;
};

struct lock_class {
	/* Immutable once published on class_hash[]: */
	struct lock_class *hash_next;
	struct lock_class_key *key; /* NULL: identified by name and site */
	const char *name;
	const char *site;
	unsigned int subclass;
	/* Under graph_lock: */
	unsigned int usage_mask;
	struct lock_trace usage_traces[LOCK_USAGE_STATES];
	struct lock_edge *after;      /* edges from this class */
	unsigned int bfs_generation;  /* reachable(): visited in this walk */
	struct lock_edge *bfs_parent; /* reachable(): the edge that got here */
};

/* "A task took a lock of class @to while holding one of class @from." */
struct lock_edge {
	/* Immutable once published on edge_hash[]: */
	struct lock_class *from, *to;
	unsigned long from_ip, to_ip; /* where each lock was taken */
	struct lock_trace trace;      /* of taking @to */
	char comm[TASK_COMM_LEN];     /* of the task that did it first */
	/* Under graph_lock (hash_next is also read without it): */
	struct lock_edge *hash_next;
	struct lock_edge *next_after; /* on from->after */
	bool dead;		      /* forgotten by lockdep_reset_lock() */
};

int debug_locks = 1;
/* Held locks are tracked: from lockdep_init() until a stack overflows. */
static bool lockdep_tracking;
/* A table filled up: validation cannot be turned back on. */
static bool lockdep_tables_full;

static int graph_lock_word;
static struct lock_class lock_classes[MAX_LOCKDEP_CLASSES];
static unsigned int nr_lock_classes;
static struct lock_class *class_hash[CLASSHASH_SIZE];
static struct lock_edge lock_edges[MAX_LOCKDEP_EDGES];
static unsigned int nr_lock_edges;
static struct lock_edge *edge_hash[EDGEHASH_SIZE];
static unsigned long trace_entries[MAX_STACK_TRACE_ENTRIES];
static unsigned int nr_trace_entries;
static struct lock_class *bfs_queue[MAX_LOCKDEP_CLASSES];
static unsigned int bfs_generation;

#define load_acquire(p)	    __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

/*
 * --- the graph lock; callers have interrupts off ---
 * A test-and-set lock of its own (the validator cannot validate itself),
 * held only to add a class or an edge: like any test-and-set lock, a
 * waiter never waits for another waiter, only for a holder (docs/locking.md).
 */

static void graph_lock(void)
{
	while (__atomic_exchange_n(&graph_lock_word, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
}

static void graph_unlock(void)
{
	__atomic_store_n(&graph_lock_word, 0, __ATOMIC_RELEASE);
}

bool debug_locks_off(void)
{
	return __atomic_exchange_n(&debug_locks, 0, __ATOMIC_RELAXED);
}

/* --- names, for reports --- */

/* "name", or "name/subclass" for a nested subclass; written into @buf. */
static const char *class_name(const struct lock_class *class, char *buf, size_t size)
{
	if (!class->subclass)
		strscpy(buf, class->name, size);
	else
		scnprintf(buf, size, "%s/%u", class->name, class->subclass);
	return buf;
}

static const char *map_site(const struct lockdep_map *map)
{
	if (map->key)
		return map->key->site;
	return map->site ? map->site : "never initialised";
}

static void print_ip(const char *prefix, unsigned long ip)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_backtrace(sym, sizeof(sym), ip);
	printk(KERN_ERR "%s%s\n", prefix, sym);
}

static void print_held_lock(unsigned int i, const struct held_lock *hl)
{
	char sym[KSYM_SYMBOL_LEN], name[64];
	const char *lock_name = hl->instance->name ? hl->instance->name : "(unnamed)";

	if (hl->class)
		lock_name = class_name(hl->class, name, sizeof(name));
	sprint_backtrace(sym, sizeof(sym), hl->acquire_ip);
	pr_err(" #%u: %s {%s}%s, at: %s\n", i, lock_name, map_site(hl->instance),
	       hl->instance->sleeps ? " (mutex)" : "", sym);
}

static void print_held_locks(struct task_struct *p)
{
	unsigned int depth = READ_ONCE(p->lockdep.depth), i;

	if (!depth) {
		pr_err("no locks held by %s/%d.\n", p->comm, p->pid);
		return;
	}
	pr_err("%u lock%s held by %s/%d:\n", depth, depth > 1 ? "s" : "", p->comm, p->pid);
	for (i = 0; i < depth && i < MAX_LOCK_DEPTH; i++)
		print_held_lock(i, &p->lockdep.held_locks[i]);
}

void lockdep_print_held_locks(struct task_struct *p)
{
	if (!READ_ONCE(lockdep_tracking))
		pr_err("(the lock validator does not track held locks now)\n");
	else
		print_held_locks(p);
}

static void print_trace(const struct lock_trace *trace)
{
	stack_trace_print(&trace_entries[trace->offset], trace->nr, "       ");
}

/* --- traces and tables --- */

/* A table is full: say which, once, and stop validating.  Under graph_lock. */
static void table_full(const char *what)
{
	lockdep_tables_full = true;
	if (!debug_locks_off())
		return;
	graph_unlock();
	WARN(1, "BUG: %s too low!\nturning off the locking correctness validator.", what);
	graph_lock();
}

/*
 * Saves the current call trace from the frame that returns to @ip (the
 * locking call) outwards, dropping the validator's own frames.  Under
 * graph_lock.  Return: false if the table is full.
 */
static bool save_trace(struct lock_trace *trace, unsigned long ip)
{
	unsigned long raw[LOCKDEP_TRACE_DEPTH + 16];
	unsigned int nr, start = 0, i;

	if (nr_trace_entries + LOCKDEP_TRACE_DEPTH > MAX_STACK_TRACE_ENTRIES) {
		table_full("MAX_STACK_TRACE_ENTRIES");
		return false;
	}
	nr = stack_trace_save(raw, ARRAY_SIZE(raw), 0);
	for (i = 0; i < nr; i++) {
		if (raw[i] == ip) {
			start = i;
			break;
		}
	}
	trace->offset = nr_trace_entries;
	trace->nr = min_t(unsigned int, nr - start, LOCKDEP_TRACE_DEPTH);
	memcpy(&trace_entries[trace->offset], &raw[start], trace->nr * sizeof(raw[0]));
	nr_trace_entries += trace->nr;
	return true;
}

static unsigned long hash_string(const char *s, unsigned long h)
{
	while (*s)
		h = (h ^ (u8)*s++) * 0x100000001b3ULL;
	return h;
}

static unsigned int class_hash_of(const struct lockdep_map *map, unsigned int subclass)
{
	unsigned long h = 0xcbf29ce484222325ULL ^ subclass;

	if (map->key)
		h = (h ^ (unsigned long)map->key) * 0x9e3779b97f4a7c15ULL;
	else
		h = hash_string(map->site, hash_string(map->name, h));
	return (h >> 32) & (CLASSHASH_SIZE - 1);
}

static bool class_matches(const struct lock_class *class, const struct lockdep_map *map,
			  unsigned int subclass)
{
	if (class->subclass != subclass || class->key != map->key)
		return false;
	return map->key || (!strcmp(class->name, map->name) && !strcmp(class->site, map->site));
}

static struct lock_class *find_class(const struct lockdep_map *map, unsigned int subclass,
				     unsigned int hash)
{
	struct lock_class *class;

	for (class = load_acquire(&class_hash[hash]); class;
	     class = load_acquire(&class->hash_next))
		if (class_matches(class, map, subclass))
			return class;
	return NULL;
}

/* A lock without a class cannot be validated: say so, once. */
static void no_class(const struct lockdep_map *map)
{
	static bool told;

	if (!told) {
		told = true;
		pr_warn("lockdep: lock %p (%s) was never initialised: it is not validated\n", map,
			map->name ? map->name : "(unnamed)");
	}
}

static struct lock_class *register_class(struct lockdep_map *map, unsigned int subclass,
					 unsigned int hash)
{
	struct lock_class *class;

	graph_lock();
	class = find_class(map, subclass, hash);
	if (class || !debug_locks)
		goto out;
	if (nr_lock_classes == MAX_LOCKDEP_CLASSES) {
		table_full("MAX_LOCKDEP_CLASSES");
		goto out;
	}
	class = &lock_classes[nr_lock_classes++];
	class->key = map->key;
	class->name = map->name ? map->name : "(unnamed)";
	class->site = map_site(map);
	class->subclass = subclass;
	class->hash_next = class_hash[hash];
	store_release(&class_hash[hash], class);
out:
	graph_unlock();
	return class;
}

/* The class of @map's lock at @subclass, registering it the first time. */
static struct lock_class *look_up_class(struct lockdep_map *map, unsigned int subclass)
{
	struct lock_class *class;
	unsigned int hash;

	if (!subclass) {
		class = load_acquire(&map->class_cache);
		if (likely(class))
			return class;
	}
	if (!map->key && !map->site) {
		no_class(map);
		return NULL;
	}
	if (subclass >= MAX_LOCKDEP_SUBCLASSES) {
		if (debug_locks_off())
			WARN(1, "lockdep: subclass %u of %s is too big (at most %u)", subclass,
			     map->name, MAX_LOCKDEP_SUBCLASSES - 1);
		return NULL;
	}
	hash = class_hash_of(map, subclass);
	class = find_class(map, subclass, hash);
	if (!class)
		class = register_class(map, subclass, hash);
	if (class && !subclass)
		store_release(&map->class_cache, class);
	return class;
}

/* --- irq safety --- */

static void print_usage_bug(struct task_struct *curr, struct lock_class *class,
			    enum lock_usage_bit prev_bit, enum lock_usage_bit new_bit,
			    struct lockdep_map *map, unsigned long ip)
{
	char name[64];

	pr_err("\n================================\n");
	pr_err("WARNING: inconsistent lock state\n");
	pr_err("--------------------------------\n");
	pr_err("inconsistent {%s} -> {%s} usage.\n", usage_names[prev_bit], usage_names[new_bit]);
	pr_err("%s/%d [in_hardirq: %d, in_softirq: %d, irqs_disabled: %d] takes:\n", curr->comm,
	       curr->pid, !!in_hardirq(), !!in_softirq(),
	       new_bit != LOCK_ENABLED_HARDIRQ && new_bit != LOCK_ENABLED_SOFTIRQ);
	pr_err(" %s {%s}\n", class_name(class, name, sizeof(name)), class->site);
	print_ip(" at: ", ip);
	pr_err("{%s} state was registered at:\n", usage_names[prev_bit]);
	print_trace(&class->usage_traces[prev_bit]);
	pr_err("\nAn interrupt taking this lock on a CPU that already holds it would\n");
	pr_err("spin forever: take it with interrupts off (spin_lock_irqsave()) everywhere\n");
	pr_err("outside the handler.\n\n");
	lockdep_print_held_locks(curr);
	pr_err("\nstack backtrace: in the WARNING below\n");
	WARN(1, "inconsistent lock state: %s {%s} -> {%s}", name, usage_names[prev_bit],
	     usage_names[new_bit]);
}

/* The usage that conflicts with @bit: used in an interrupt vs. taken with it enabled. */
static enum lock_usage_bit conflicting_usage(enum lock_usage_bit bit)
{
	switch (bit) {
	case LOCK_USED_IN_HARDIRQ:
		return LOCK_ENABLED_HARDIRQ;
	case LOCK_USED_IN_SOFTIRQ:
		return LOCK_ENABLED_SOFTIRQ;
	case LOCK_ENABLED_HARDIRQ:
		return LOCK_USED_IN_HARDIRQ;
	default:
		return LOCK_USED_IN_SOFTIRQ;
	}
}

/* Records that @class is used as @bit; reports a conflict.  Return: false if it did. */
static bool mark_usage(struct task_struct *curr, struct lock_class *class, enum lock_usage_bit bit,
		       struct lockdep_map *map, unsigned long ip)
{
	enum lock_usage_bit other = conflicting_usage(bit);

	if (likely(READ_ONCE(class->usage_mask) & (1U << bit)))
		return true;
	graph_lock();
	if (!debug_locks || (class->usage_mask & (1U << bit))) {
		graph_unlock();
		return true;
	}
	if (class->usage_mask & (1U << other)) {
		bool report = debug_locks_off();

		graph_unlock();
		if (report)
			print_usage_bug(curr, class, other, bit, map, ip);
		return false;
	}
	if (save_trace(&class->usage_traces[bit], ip))
		WRITE_ONCE(class->usage_mask, class->usage_mask | (1U << bit));
	graph_unlock();
	return true;
}

/* The usage bits that taking a lock in @ctx, with interrupts @irqs_on, sets. */
static unsigned int usage_of(unsigned int ctx, bool irqs_on)
{
	unsigned int mask = 0;

	if (ctx == LOCKDEP_CONTEXT_HARDIRQ)
		return 1U << LOCK_USED_IN_HARDIRQ;
	if (ctx == LOCKDEP_CONTEXT_SOFTIRQ)
		mask |= 1U << LOCK_USED_IN_SOFTIRQ;
	if (irqs_on)
		mask |= 1U << LOCK_ENABLED_HARDIRQ;
	if (irqs_on && ctx == LOCKDEP_CONTEXT_PROCESS)
		mask |= 1U << LOCK_ENABLED_SOFTIRQ;
	return mask;
}

static bool check_usage(struct task_struct *curr, struct lock_class *class, unsigned int ctx,
			bool irqs_on, struct lockdep_map *map, unsigned long ip)
{
	unsigned int usage = usage_of(ctx, irqs_on);

	/* The common case: this class was used this way before. */
	if (likely((READ_ONCE(class->usage_mask) & usage) == usage))
		return true;
	if (ctx == LOCKDEP_CONTEXT_HARDIRQ)
		return mark_usage(curr, class, LOCK_USED_IN_HARDIRQ, map, ip);
	if (ctx == LOCKDEP_CONTEXT_SOFTIRQ &&
	    !mark_usage(curr, class, LOCK_USED_IN_SOFTIRQ, map, ip))
		return false;
	if (!irqs_on)
		return true;
	if (!mark_usage(curr, class, LOCK_ENABLED_HARDIRQ, map, ip))
		return false;
	return ctx != LOCKDEP_CONTEXT_PROCESS ||
	       mark_usage(curr, class, LOCK_ENABLED_SOFTIRQ, map, ip);
}

/* --- the dependency graph --- */

static unsigned int edge_hash_of(const struct lock_class *from, const struct lock_class *to)
{
	unsigned long h = ((unsigned long)from * 31 + (unsigned long)to) * 0x9e3779b97f4a7c15ULL;

	return (h >> 32) & (EDGEHASH_SIZE - 1);
}

static bool edge_known(const struct lock_class *from, const struct lock_class *to)
{
	struct lock_edge *edge = load_acquire(&edge_hash[edge_hash_of(from, to)]);

	for (; edge; edge = load_acquire(&edge->hash_next))
		if (edge->from == from && edge->to == to)
			return true;
	return false;
}

/*
 * Breadth-first search from @source along the edges: is @target
 * reachable?  If so, target->bfs_parent and the parents before it lead
 * back to @source.  Under graph_lock.
 */
static bool reachable(struct lock_class *source, struct lock_class *target)
{
	unsigned int head = 0, tail = 0;

	bfs_generation++;
	source->bfs_generation = bfs_generation;
	source->bfs_parent = NULL;
	bfs_queue[tail++] = source;
	while (head < tail) {
		struct lock_class *class = bfs_queue[head++];
		struct lock_edge *edge;

		if (class == target)
			return true;
		for (edge = class->after; edge; edge = edge->next_after) {
			if (edge->to->bfs_generation == bfs_generation)
				continue;
			edge->to->bfs_generation = bfs_generation;
			edge->to->bfs_parent = edge;
			bfs_queue[tail++] = edge->to;
		}
	}
	return false;
}

/* The edges of the path reachable() found to @target, in order. */
static unsigned int path_to(struct lock_class *target, struct lock_edge **path, unsigned int max)
{
	unsigned int n = 0, i;
	struct lock_edge *edge;

	for (edge = target->bfs_parent; edge && n < max; edge = edge->from->bfs_parent)
		path[n++] = edge;
	for (i = 0; i < n / 2; i++) {
		edge = path[i];
		path[i] = path[n - 1 - i];
		path[n - 1 - i] = edge;
	}
	return n;
}

static void print_edge(unsigned int i, const struct lock_edge *edge)
{
	char from[64], to[64], sym[KSYM_SYMBOL_LEN];

	sprint_backtrace(sym, sizeof(sym), edge->from_ip);
	pr_err("-> #%u: %s {%s} taken while holding %s,\n", i, class_name(edge->to, to, sizeof(to)),
	       edge->to->site, class_name(edge->from, from, sizeof(from)));
	pr_err("        first by %s; %s was taken at: %s\n", edge->comm, from, sym);
	print_trace(&edge->trace);
}

static void print_scenario(struct lock_class *prev, struct lock_class *next)
{
	char a[64], b[64];

	class_name(prev, a, sizeof(a));
	class_name(next, b, sizeof(b));
	pr_err(" Possible unsafe locking scenario:\n\n");
	pr_err("       CPU0                    CPU1\n");
	pr_err("       ----                    ----\n");
	pr_err("  lock(%s);\n", a);
	pr_err("                               lock(%s);\n", b);
	pr_err("                               lock(%s);\n", a);
	pr_err("  lock(%s);\n\n", b);
	pr_err(" *** DEADLOCK ***\n\n");
}

/*
 * @curr takes @next (at @ip) holding @prev, and @next already leads to
 * @prev through the path reachable() left.  Validation is already off.
 */
static void print_circular_bug(struct task_struct *curr, struct held_lock *prev,
			       struct lock_class *next, unsigned long ip)
{
	struct lock_edge *path[16];
	unsigned int n = path_to(prev->class, path, ARRAY_SIZE(path)), i;
	char a[64], b[64], sym[KSYM_SYMBOL_LEN];

	class_name(prev->class, a, sizeof(a));
	class_name(next, b, sizeof(b));
	pr_err("\n======================================================\n");
	pr_err("WARNING: possible circular locking dependency detected\n");
	pr_err("------------------------------------------------------\n");
	pr_err("%s/%d is trying to acquire lock:\n", curr->comm, curr->pid);
	sprint_backtrace(sym, sizeof(sym), ip);
	pr_err(" %s {%s}, at: %s\n\nbut task is already holding lock:\n", b, next->site, sym);
	sprint_backtrace(sym, sizeof(sym), prev->acquire_ip);
	pr_err(" %s {%s}, at: %s\n\n", a, prev->class->site, sym);
	pr_err("which lock already depends on the new lock.\n\n");
	pr_err("the existing dependency chain, from %s to %s, is:\n\n", b, a);
	for (i = 0; i < n; i++)
		print_edge(i + 1, path[i]);
	pr_err("\nand now, closing the cycle:\n-> #%u: %s taken while holding %s,\n", n + 1, b, a);
	pr_err("        by %s: its backtrace is in the WARNING below.\n\n", curr->comm);
	if (n == 1)
		print_scenario(prev->class, next);
	lockdep_print_held_locks(curr);
	WARN(1, "possible circular locking dependency: %s -> %s -> %s", a, b, a);
}

static void print_recursion_bug(struct task_struct *curr, struct held_lock *prev,
				struct lock_class *next, unsigned long ip)
{
	char name[64];

	class_name(next, name, sizeof(name));
	pr_err("\n============================================\n");
	pr_err("WARNING: possible recursive locking detected\n");
	pr_err("--------------------------------------------\n");
	pr_err("%s/%d is trying to acquire a lock of class %s {%s}\n", curr->comm, curr->pid, name,
	       next->site);
	print_ip("  at: ", ip);
	pr_err("but already holds a lock of that class, taken\n");
	print_ip("  at: ", prev->acquire_ip);
	pr_err("\nTwo locks of one class taken on two CPUs in opposite orders deadlock.\n");
	pr_err("If they are always taken in a fixed order (by address, CPU number...),\n");
	pr_err("take the inner one with spin_lock_nested(lock, SINGLE_DEPTH_NESTING).\n\n");
	lockdep_print_held_locks(curr);
	WARN(1, "possible recursive locking of %s", name);
}

/*
 * Records that @next is taken while @prev is held, unless it is known;
 * reports the cycle it closes, if any.  Return: false after a report.
 */
static bool add_dependency(struct task_struct *curr, struct held_lock *prev,
			   struct lock_class *next, unsigned long ip)
{
	struct lock_edge *edge;
	unsigned int hash;

	if (likely(edge_known(prev->class, next)))
		return true;

	graph_lock();
	if (!debug_locks || edge_known(prev->class, next)) {
		graph_unlock();
		return true;
	}
	if (prev->class == next || reachable(next, prev->class)) {
		bool report = debug_locks_off();

		graph_unlock();
		if (report && prev->class == next)
			print_recursion_bug(curr, prev, next, ip);
		else if (report)
			print_circular_bug(curr, prev, next, ip);
		return false;
	}
	if (nr_lock_edges == MAX_LOCKDEP_EDGES) {
		table_full("MAX_LOCKDEP_EDGES");
		graph_unlock();
		return false;
	}
	edge = &lock_edges[nr_lock_edges];
	if (!save_trace(&edge->trace, ip)) {
		graph_unlock();
		return false;
	}
	edge->from = prev->class;
	edge->to = next;
	edge->from_ip = prev->acquire_ip;
	edge->to_ip = ip;
	edge->dead = false;
	strscpy(edge->comm, curr->comm, sizeof(edge->comm));
	edge->next_after = prev->class->after;
	prev->class->after = edge;
	hash = edge_hash_of(prev->class, next);
	edge->hash_next = edge_hash[hash];
	store_release(&edge_hash[hash], edge);
	store_release(&nr_lock_edges, nr_lock_edges + 1);
	graph_unlock();
	return true;
}

/*
 * Edges to @next from the locks held in the same context: the innermost
 * one, and the trylocks above it (a trylock does not wait, so the lock
 * below it is the one the order really comes from).
 */
static void check_dependencies(struct task_struct *curr, struct lock_class *next, unsigned int ctx,
			       unsigned long ip)
{
	int i;

	for (i = (int)curr->lockdep.depth - 1; i >= 0; i--) {
		struct held_lock *prev = &curr->lockdep.held_locks[i];

		if (prev->irq_context != ctx)
			break;
		if (prev->class && !add_dependency(curr, prev, next, ip))
			return;
		if (!prev->trylock)
			break;
	}
}

/* --- acquire and release --- */

static unsigned int irq_context(void)
{
	if (in_hardirq())
		return LOCKDEP_CONTEXT_HARDIRQ;
	if (in_softirq())
		return LOCKDEP_CONTEXT_SOFTIRQ;
	return LOCKDEP_CONTEXT_PROCESS;
}

static void held_stack_overflow(struct task_struct *curr)
{
	WRITE_ONCE(lockdep_tracking, false);
	if (debug_locks_off()) {
		print_held_locks(curr);
		WARN(1,
		     "BUG: MAX_LOCK_DEPTH too low: %s holds %u locks!\n"
		     "turning off the locking correctness validator.",
		     curr->comm, MAX_LOCK_DEPTH);
	}
}

static void __lock_acquire(struct task_struct *curr, struct lockdep_map *map, unsigned int subclass,
			   int trylock, unsigned long ip, bool irqs_on)
{
	struct task_lockdep *ld = &curr->lockdep;
	unsigned int ctx = irq_context();
	struct lock_class *class = NULL;
	struct held_lock *hl;

	if (unlikely(ld->depth >= MAX_LOCK_DEPTH)) {
		held_stack_overflow(curr);
		return;
	}
	if (READ_ONCE(debug_locks)) {
		class = look_up_class(map, subclass);
		if (class && check_usage(curr, class, ctx, irqs_on, map, ip) && !trylock)
			check_dependencies(curr, class, ctx, ip);
	}
	hl = &ld->held_locks[ld->depth];
	hl->instance = map;
	hl->class = class;
	hl->acquire_ip = ip;
	hl->irq_context = ctx;
	hl->trylock = !!trylock;
	ld->depth++;
}

void lock_acquire(struct lockdep_map *map, unsigned int subclass, int trylock, unsigned long ip)
{
	struct task_struct *curr;
	unsigned long flags;

	if (unlikely(!READ_ONCE(lockdep_tracking) || in_nmi()))
		return;
	flags = arch_local_irq_save();
	curr = current;
	if (likely(!curr->lockdep.recursion)) {
		curr->lockdep.recursion++;
		__lock_acquire(curr, map, subclass, trylock, ip, !arch_irqs_disabled_flags(flags));
		curr->lockdep.recursion--;
	}
	arch_local_irq_restore(flags);
}

static void print_unlock_imbalance_bug(struct task_struct *curr, struct lockdep_map *map,
				       unsigned long ip)
{
	pr_err("\n=====================================\n");
	pr_err("WARNING: bad unlock balance detected!\n");
	pr_err("-------------------------------------\n");
	pr_err("%s/%d is trying to release lock %s {%s}\n", curr->comm, curr->pid,
	       map->name ? map->name : "(unnamed)", map_site(map));
	print_ip("  at: ", ip);
	pr_err("but it does not hold it.\n\n");
	lockdep_print_held_locks(curr);
	WARN(1, "bad unlock balance: %s", map->name ? map->name : "(unnamed)");
}

static void __lock_release(struct task_struct *curr, struct lockdep_map *map, unsigned long ip)
{
	struct task_lockdep *ld = &curr->lockdep;
	int i;

	for (i = (int)ld->depth - 1; i >= 0; i--)
		if (ld->held_locks[i].instance == map)
			break;
	if (i < 0) {
		if (debug_locks_off())
			print_unlock_imbalance_bug(curr, map, ip);
		return;
	}
	/* Released out of order: the ones above it move down. */
	memmove(&ld->held_locks[i], &ld->held_locks[i + 1],
		(ld->depth - i - 1) * sizeof(ld->held_locks[0]));
	ld->depth--;
}

void lock_release(struct lockdep_map *map, unsigned long ip)
{
	struct task_struct *curr;
	unsigned long flags;

	if (unlikely(!READ_ONCE(lockdep_tracking) || in_nmi()))
		return;
	flags = arch_local_irq_save();
	curr = current;
	if (likely(!curr->lockdep.recursion)) {
		curr->lockdep.recursion++;
		__lock_release(curr, map, ip);
		curr->lockdep.recursion--;
	}
	arch_local_irq_restore(flags);
}

/**
 * lockdep_init_map - give a lock its class
 * @map: the lock's dep_map
 * @name: the lock's name, for reports
 * @key: its class's key: static, one per init site (the init macros declare it)
 * @sleeps: a sleeping lock (mutex)
 *
 * Context: any, before the lock is used.
 */
void lockdep_init_map(struct lockdep_map *map, const char *name, struct lock_class_key *key,
		      bool sleeps)
{
	map->key = key;
	map->site = key ? key->site : NULL;
	map->name = name;
	map->class_cache = NULL;
	map->sleeps = sleeps;
}

int lock_is_held(const struct lockdep_map *map)
{
	struct task_struct *curr;
	unsigned long flags;
	int held = 0;
	unsigned int i;

	if (!READ_ONCE(lockdep_tracking))
		return -1;
	flags = arch_local_irq_save();
	curr = current;
	for (i = 0; i < curr->lockdep.depth; i++)
		if (curr->lockdep.held_locks[i].instance == map)
			held = 1;
	arch_local_irq_restore(flags);
	return held;
}

unsigned int lockdep_depth(void)
{
	return READ_ONCE(lockdep_tracking) ? READ_ONCE(current->lockdep.depth) : 0;
}

bool debug_check_no_locks_held(const char *what)
{
	struct task_struct *curr = current;

	if (!lockdep_depth())
		return false;
	pr_err("\n====================================\n");
	pr_err("WARNING: %s/%d still has locks held!\n", curr->comm, curr->pid);
	pr_err("------------------------------------\n");
	lockdep_print_held_locks(curr);
	WARN(1, "%s: locks still held at the end of %s", curr->comm, what);
	return true;
}

void lockdep_forget_held_locks(unsigned int depth)
{
	unsigned long flags = arch_local_irq_save();

	if (READ_ONCE(lockdep_tracking) && current->lockdep.depth > depth)
		current->lockdep.depth = depth;
	arch_local_irq_restore(flags);
}

void lockdep_print_dependencies(void)
{
	unsigned int nr = load_acquire(&nr_lock_edges), i;
	char from[64], to[64];

	pr_info("lockdep: %u lock classes, %u dependencies, %u of %u stack trace entries; "
		"validation %s\n",
		READ_ONCE(nr_lock_classes), nr, READ_ONCE(nr_trace_entries),
		MAX_STACK_TRACE_ENTRIES, READ_ONCE(debug_locks) ? "on" : "off");
	for (i = 0; i < nr; i++) {
		const struct lock_edge *edge = &lock_edges[i];

		if (READ_ONCE(edge->dead))
			continue;
		pr_info("lockdep: edge %s {%s} -> %s {%s}\n",
			class_name(edge->from, from, sizeof(from)), edge->from->site,
			class_name(edge->to, to, sizeof(to)), edge->to->site);
	}
	pr_info("lockdep: end of dependencies\n");
}

/* Unlinks @edge from its hash chain and its class's list.  Under graph_lock. */
static void forget_edge(struct lock_edge *edge)
{
	struct lock_edge **pos;

	for (pos = &edge_hash[edge_hash_of(edge->from, edge->to)]; *pos; pos = &(*pos)->hash_next) {
		if (*pos == edge) {
			/* Lockless readers on @edge still find their way on. */
			store_release(pos, edge->hash_next);
			break;
		}
	}
	for (pos = &edge->from->after; *pos; pos = &(*pos)->next_after) {
		if (*pos == edge) {
			*pos = edge->next_after;
			break;
		}
	}
	WRITE_ONCE(edge->dead, true);
}

void lockdep_reset_lock(struct lockdep_map *map)
{
	unsigned long flags = arch_local_irq_save();
	unsigned int i, j;

	graph_lock();
	for (i = 0; i < nr_lock_classes; i++) {
		struct lock_class *class = &lock_classes[i];

		if (!class_matches(class, map, class->subclass))
			continue;
		class->usage_mask = 0;
		for (j = 0; j < nr_lock_edges; j++) {
			struct lock_edge *edge = &lock_edges[j];

			if (!edge->dead && (edge->from == class || edge->to == class))
				forget_edge(edge);
		}
	}
	graph_unlock();
	arch_local_irq_restore(flags);
}

bool lockdep_reenable(void)
{
	if (!READ_ONCE(lockdep_tracking) || READ_ONCE(lockdep_tables_full))
		return false;
	WRITE_ONCE(debug_locks, 1);
	return true;
}

void lockdep_init(void)
{
	WRITE_ONCE(lockdep_tracking, true);
}

#endif /* CONFIG_LOCKDEP */
