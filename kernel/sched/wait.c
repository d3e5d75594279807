// SPDX-License-Identifier: GPL-2.0
/*
 * Wait queues (include/kernel/wait.h has the API and the waiting pattern).
 *
 * Every list operation happens under wq_head->lock, taken with interrupts
 * off since wake-ups come from interrupt handlers too.  The one lockless
 * access is finish_wait()'s look at its own entry: an entry that
 * autoremove_wake_function() took off the queue is never touched by the
 * waker again, so the waiter need not take the lock to leave.  The pair
 * entry_del_init_careful()/entry_empty_careful() makes that safe.
 */
#include <kernel/atomic.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/wait.h>
#include <lib/list.h>

/*
 * Removes @entry and marks it empty, the last store a release, so that a
 * waiter that sees it empty (entry_empty_careful()) also sees the wake-up
 * done, and knows the waker is finished with it.  wq_head->lock held.
 */
static void entry_del_init_careful(struct list_head *entry)
{
	__list_del_entry(entry);
	WRITE_ONCE(entry->prev, entry);
	smp_store_release(&entry->next, entry);
}

/* Lockless: true once @entry is off every queue and no waker touches it. */
static bool entry_empty_careful(struct list_head *entry)
{
	struct list_head *next = smp_load_acquire(&entry->next);

	return next == entry && next == READ_ONCE(entry->prev);
}

/**
 * __init_waitqueue_head - make @wq_head an empty wait queue
 * @wq_head: the wait queue
 * @name: for lock reports (init_waitqueue_head() passes the expression's text)
 * @key: the lock class key of its lock (init_waitqueue_head() passes one per
 *	call site); NULL without CONFIG_LOCKDEP
 *
 * Context: any, before anyone else uses @wq_head.
 */
void __init_waitqueue_head(struct wait_queue_head *wq_head, const char *name,
			   struct lock_class_key *key)
{
	__raw_spin_lock_init(&wq_head->lock.rlock, name, key);
	INIT_LIST_HEAD(&wq_head->head);
}

/**
 * add_wait_queue - queue @wq_entry at the head of @wq_head, non-exclusive
 * @wq_head: the wait queue
 * @wq_entry: the entry, not on any queue
 *
 * Context: any.
 */
void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq_head->lock, flags);
	__add_wait_queue(wq_head, wq_entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

/**
 * add_wait_queue_exclusive - queue @wq_entry at the tail of @wq_head, exclusive
 * @wq_head: the wait queue
 * @wq_entry: the entry, not on any queue
 *
 * Context: any.
 */
void add_wait_queue_exclusive(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq_head->lock, flags);
	__add_wait_queue_entry_tail(wq_head, wq_entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

/**
 * remove_wait_queue - take @wq_entry off @wq_head
 * @wq_head: the wait queue
 * @wq_entry: the entry, on @wq_head
 *
 * Context: any.
 */
void remove_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	spin_lock_irqsave(&wq_head->lock, flags);
	__remove_wait_queue(wq_head, wq_entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

/*
 * Calls the wake function of every waiter, in queue order, until
 * @nr_exclusive exclusive ones have been woken (0: no limit).
 * Called with wq_head->lock held.  Return: @nr_exclusive minus the
 * exclusive waiters woken.
 */
static int __wake_up_common(struct wait_queue_head *wq_head, unsigned int mode, int nr_exclusive,
			    int wake_flags, void *key)
{
	struct wait_queue_entry *curr, *next;

	lockdep_assert_held(&wq_head->lock);
	list_for_each_entry_safe(curr, next, &wq_head->head, entry) {
		/* Read first: once woken and removed, the entry may vanish. */
		unsigned int flags = curr->flags;
		int ret = curr->func(curr, mode, wake_flags, key);

		if (ret < 0)
			break;
		if (ret && (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
	return nr_exclusive;
}

/**
 * __wake_up - wake up tasks waiting on a wait queue
 * @wq_head: the wait queue
 * @mode: which sleepers to wake: TASK_NORMAL (any), TASK_INTERRUPTIBLE...
 * @nr_exclusive: how many exclusive waiters to wake; 0 for all
 * @key: passed to each waiter's wake function
 *
 * Wakes every non-exclusive waiter up to the point where @nr_exclusive
 * exclusive ones have been woken.  A task that is woken sees everything
 * the caller wrote before calling this (try_to_wake_up() orders it).
 * Context: any, including hard interrupts.
 * Return: the number of exclusive waiters woken.
 */
int __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr_exclusive, void *key)
{
	unsigned long flags;
	int remaining;

	spin_lock_irqsave(&wq_head->lock, flags);
	remaining = __wake_up_common(wq_head, mode, nr_exclusive, 0, key);
	spin_unlock_irqrestore(&wq_head->lock, flags);
	return nr_exclusive - remaining;
}

/**
 * __wake_up_locked - __wake_up() for a caller holding wq_head->lock
 * @wq_head: the wait queue, locked
 * @mode: which sleepers to wake
 * @nr: how many exclusive waiters to wake; 0 for all
 *
 * Context: any, wq_head->lock held (with interrupts off).
 */
void __wake_up_locked(struct wait_queue_head *wq_head, unsigned int mode, int nr)
{
	__wake_up_common(wq_head, mode, nr, 0, NULL);
}

/* As __wake_up_locked() for one exclusive waiter, passing @key. */
void __wake_up_locked_key(struct wait_queue_head *wq_head, unsigned int mode, void *key)
{
	__wake_up_common(wq_head, mode, 1, 0, key);
}

/**
 * default_wake_function - wake the task of @wq_entry
 * @wq_entry: the entry; ->private is the task
 * @mode: the states to wake it from
 * @wake_flags: for try_to_wake_up()
 * @key: unused
 *
 * Context: from a wake-up, wq_head->lock held.
 * Return: 1 if the task was woken, 0 if it was not asleep in @mode.
 */
int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int wake_flags,
			  void *key)
{
	return try_to_wake_up(wq_entry->private, mode, wake_flags);
}

/**
 * autoremove_wake_function - wake the task of @wq_entry and dequeue it
 * @wq_entry: the entry; ->private is the task
 * @mode: the states to wake it from
 * @wake_flags: for try_to_wake_up()
 * @key: unused
 *
 * Dequeues the entry only if the task was woken: then a second wake-up
 * reaches the next waiter instead.  The entry is not touched after that,
 * so the woken task may leave (finish_wait()) without the lock.
 * Context: from a wake-up, wq_head->lock held.
 * Return: as default_wake_function().
 */
int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int wake_flags,
			     void *key)
{
	int ret = default_wake_function(wq_entry, mode, wake_flags, key);

	if (ret)
		entry_del_init_careful(&wq_entry->entry);
	return ret;
}

/**
 * init_wait_entry - make @wq_entry an entry for the current task
 * @wq_entry: the entry
 * @flags: 0, or WQ_FLAG_EXCLUSIVE
 *
 * As DEFINE_WAIT(): woken by autoremove_wake_function().
 */
void init_wait_entry(struct wait_queue_entry *wq_entry, int flags)
{
	wq_entry->flags = flags;
	wq_entry->private = current;
	wq_entry->func = autoremove_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

/**
 * prepare_to_wait - queue the current task and set its state, before testing the condition
 * @wq_head: the wait queue
 * @wq_entry: the current task's entry (DEFINE_WAIT())
 * @state: TASK_UNINTERRUPTIBLE, TASK_INTERRUPTIBLE, TASK_KILLABLE...
 *
 * Queues @wq_entry (non-exclusive, at the head) unless it is queued
 * already, then sets the state with set_current_state()'s full barrier.
 * Context: process context; the caller then tests its condition and calls
 * schedule(), and finish_wait() at the end.
 */
void prepare_to_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry, int state)
{
	unsigned long flags;

	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq_head->lock, flags);
	if (list_empty(&wq_entry->entry))
		__add_wait_queue(wq_head, wq_entry);
	set_current_state(state);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

/**
 * prepare_to_wait_exclusive - prepare_to_wait() as an exclusive waiter
 * @wq_head: the wait queue
 * @wq_entry: the current task's entry
 * @state: the sleep state
 *
 * Queues @wq_entry at the tail, exclusive, unless it is queued already.
 * Context: process context.
 * Return: true if it was queued now and the queue was empty before.
 */
bool prepare_to_wait_exclusive(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
			       int state)
{
	unsigned long flags;
	bool was_empty = false;

	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq_head->lock, flags);
	if (list_empty(&wq_entry->entry)) {
		was_empty = list_empty(&wq_head->head);
		__add_wait_queue_entry_tail(wq_head, wq_entry);
	}
	set_current_state(state);
	spin_unlock_irqrestore(&wq_head->lock, flags);
	return was_empty;
}

/**
 * prepare_to_wait_event - the queueing step of the wait_event() macros
 * @wq_head: the wait queue
 * @wq_entry: the current task's entry (init_wait_entry())
 * @state: the sleep state
 *
 * As prepare_to_wait(), or prepare_to_wait_exclusive() if @wq_entry has
 * WQ_FLAG_EXCLUSIVE; but if a signal is pending that @state lets end the
 * sleep, takes @wq_entry off the queue instead and leaves the state alone.
 * Dequeuing under the lock matters for an exclusive waiter: a wake-up
 * after this cannot pick it, so it goes to the next waiter rather than
 * being lost with the one that gives up.
 * Context: process context.
 * Return: 0, or -ERESTARTSYS if a signal ends the wait.
 */
long prepare_to_wait_event(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
			   int state)
{
	unsigned long flags;
	long ret = 0;

	spin_lock_irqsave(&wq_head->lock, flags);
	if (signal_pending_state(state, current)) {
		list_del_init(&wq_entry->entry);
		ret = -ERESTARTSYS;
	} else {
		if (list_empty(&wq_entry->entry)) {
			if (wq_entry->flags & WQ_FLAG_EXCLUSIVE)
				__add_wait_queue_entry_tail(wq_head, wq_entry);
			else
				__add_wait_queue(wq_head, wq_entry);
		}
		set_current_state(state);
	}
	spin_unlock_irqrestore(&wq_head->lock, flags);
	return ret;
}

/**
 * finish_wait - end a wait begun with prepare_to_wait()
 * @wq_head: the wait queue
 * @wq_entry: the current task's entry
 *
 * Sets the task running and takes @wq_entry off the queue if a wake-up
 * has not already done so (then without the lock: see
 * autoremove_wake_function()).
 * Context: process context.
 */
void finish_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	if (!entry_empty_careful(&wq_entry->entry)) {
		spin_lock_irqsave(&wq_head->lock, flags);
		list_del_init(&wq_entry->entry);
		spin_unlock_irqrestore(&wq_head->lock, flags);
	}
}
