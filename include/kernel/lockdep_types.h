/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock validator's data types, separate from <kernel/lockdep.h> so
 * that the lock types (spinlock_t, struct mutex) and struct task_struct
 * can embed them without include loops.  kernel/locking/lockdep.c has
 * the design; docs/locking.md how to read its reports.
 *
 * A lock class is what the validator reasons about: all the locks
 * initialised at one place (one spin_lock_init() line, one key) are one
 * class, as in Linux, so an order learned on one task's pi_lock holds for
 * every task's.  Which class a lock belongs to is decided by its
 * struct lockdep_map:
 *
 *	key set		the class of that key: a static struct
 *			lock_class_key per init site (spin_lock_init(),
 *			raw_spin_lock_init(), mutex_init() declare one), or
 *			one passed in explicitly (__kthread_init_worker())
 *	key NULL	a statically initialised lock (DEFINE_SPINLOCK(),
 *			__SPIN_LOCK_UNLOCKED(), DEFINE_MUTEX()...): the class
 *			of its initialiser, named by lock name and site
 *	both NULL	a zeroed lock that was never initialised: it works,
 *			but has no class, and the validator says so once
 */
#ifndef _KERNEL_LOCKDEP_TYPES_H
#define _KERNEL_LOCKDEP_TYPES_H

#include <lib/compiler.h>
#include <lib/types.h>

/* Init functions take a key in every build; only CONFIG_LOCKDEP defines it. */
struct lock_class_key;

#ifdef CONFIG_LOCKDEP

struct lock_class;

/*
 * Its address names a class.  Declare one static key per init site (the
 * init macros do); never on the stack or in allocated memory.
 */
struct lock_class_key {
	const char *site; /* "file:line" of the declaration, for reports */
};

#define LOCKDEP_SITE __FILE__ ":" __stringify(__LINE__)

/* A static key for the init site this expands at. */
/* clang-format off */
#define LOCKDEP_KEY_INIT { .site = LOCKDEP_SITE }
/* clang-format on */

/* What every lock embeds as ->dep_map. */
struct lockdep_map {
	struct lock_class_key *key; /* NULL for a statically initialised lock */
	const char *site;	    /* its initialiser's "file:line", if key is NULL */
	const char *name;	    /* the lock's name, for reports */
	/* Subclass 0's class, found at the first acquire; written once. */
	struct lock_class *class_cache;
	bool sleeps; /* a sleeping lock (mutex), not a spinning one */
};

/* clang-format off */
#define STATIC_LOCKDEP_MAP_INIT(lockname, sleeping)                             \
	{ .key = NULL, .site = LOCKDEP_SITE, .name = lockname, .sleeps = sleeping }
/* clang-format on */

/* One lock a task holds (or is spinning or sleeping to get). */
struct held_lock {
	struct lockdep_map *instance;
	struct lock_class *class; /* NULL if the lock has no class */
	unsigned long acquire_ip; /* where it was taken */
	u8 irq_context;		  /* LOCKDEP_CONTEXT_* it was taken in */
	u8 trylock;
};

/* Deeper nesting than this turns the validator off, with a message. */
#define MAX_LOCK_DEPTH 32

/* Per task, in struct task_struct: the locks it holds, in order. */
struct task_lockdep {
	unsigned int depth;
	/* Non-zero inside the validator: locks taken there are not tracked. */
	unsigned int recursion;
	struct held_lock held_locks[MAX_LOCK_DEPTH];
};

#endif /* CONFIG_LOCKDEP */

/*
 * Nesting two locks of one class (two run queues, two timer bases):
 * spin_lock_nested(lock, SINGLE_DEPTH_NESTING) gives the inner one a
 * class of its own, subclass 1, so that the pair is an order and not a
 * recursion.  Subclasses go up to MAX_LOCKDEP_SUBCLASSES - 1.
 */
#define SINGLE_DEPTH_NESTING   1
#define MAX_LOCKDEP_SUBCLASSES 8U

#endif /* _KERNEL_LOCKDEP_TYPES_H */
