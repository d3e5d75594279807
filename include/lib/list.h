/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intrusive lists, with Linux's API.
 *
 * struct list_head is a circular doubly linked list: an empty list is a head
 * pointing at itself, and each entry embeds a struct list_head that links it
 * in.  The list_*_entry() helpers use container_of() to get from the link
 * back to the entry.  No function here locks: the list's owner must.
 *
 * struct hlist_head is a singly headed variant for hash tables: the head is
 * one pointer, halving the size of a bucket array.
 */
#ifndef _LIB_LIST_H
#define _LIB_LIST_H

#include <stddef.h>

#include <lib/compiler.h>
#include <lib/types.h>

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

/*
 * Non-canonical x86_64 addresses: following a deleted entry's links faults
 * at once with a recognisable address instead of corrupting memory.
 */
#define LIST_POISON1	((void *)(uintptr_t)0xdead000000000100ull)
#define LIST_POISON2	((void *)(uintptr_t)0xdead000000000122ull)

#define LIST_HEAD_INIT(name)	{ &(name), &(name) }
#define LIST_HEAD(name)		struct list_head name = LIST_HEAD_INIT(name)

/**
 * INIT_LIST_HEAD - initialise a list head (or unlinked entry) as empty
 * @list: the list head.
 */
static inline void INIT_LIST_HEAD(struct list_head *list)
{
	WRITE_ONCE(list->next, list);
	list->prev = list;
}

/* Links @entry between two known-consecutive entries @prev and @next. */
static inline void __list_add(struct list_head *entry, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	WRITE_ONCE(prev->next, entry);
}

/**
 * list_add - insert an entry at the front of a list (stack order)
 * @entry: the entry to insert; must not be on a list.
 * @head: the list head to insert after.
 */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head, head->next);
}

/**
 * list_add_tail - insert an entry at the back of a list (queue order)
 * @entry: the entry to insert; must not be on a list.
 * @head: the list head to insert before.
 */
static inline void list_add_tail(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head->prev, head);
}

/* Joins @prev and @next, dropping whatever was between them. */
static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	WRITE_ONCE(prev->next, next);
}

static inline void __list_del_entry(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
}

/**
 * list_del - remove an entry from its list
 * @entry: the entry to remove.
 *
 * The entry's links are poisoned, so any later use of them faults; use
 * list_del_init() if the entry will be tested with list_empty() or reused.
 */
static inline void list_del(struct list_head *entry)
{
	__list_del_entry(entry);
	entry->next = LIST_POISON1;
	entry->prev = LIST_POISON2;
}

/**
 * list_del_init - remove an entry from its list and make it an empty list
 * @entry: the entry to remove.
 */
static inline void list_del_init(struct list_head *entry)
{
	__list_del_entry(entry);
	INIT_LIST_HEAD(entry);
}

/**
 * list_replace - put @new in @old's place on its list
 * @old: the entry to replace; its links are left stale.
 * @new: the entry to insert; must not be on a list.
 */
static inline void list_replace(struct list_head *old, struct list_head *new)
{
	new->next = old->next;
	new->next->prev = new;
	new->prev = old->prev;
	new->prev->next = new;
}

/**
 * list_move - move an entry to the front of another (or the same) list
 * @entry: the entry to move.
 * @head: the list to move it to.
 */
static inline void list_move(struct list_head *entry, struct list_head *head)
{
	__list_del_entry(entry);
	list_add(entry, head);
}

/**
 * list_move_tail - move an entry to the back of another (or the same) list
 * @entry: the entry to move.
 * @head: the list to move it to.
 */
static inline void list_move_tail(struct list_head *entry, struct list_head *head)
{
	__list_del_entry(entry);
	list_add_tail(entry, head);
}

/**
 * list_is_first - is @entry the first entry of the list @head?
 * @entry: the entry to test.
 * @head: the list head.
 */
static inline bool list_is_first(const struct list_head *entry, const struct list_head *head)
{
	return entry->prev == head;
}

/**
 * list_is_last - is @entry the last entry of the list @head?
 * @entry: the entry to test.
 * @head: the list head.
 */
static inline bool list_is_last(const struct list_head *entry, const struct list_head *head)
{
	return entry->next == head;
}

/**
 * list_empty - does the list have no entries?
 * @head: the list head.
 */
static inline bool list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

/**
 * list_is_singular - does the list have exactly one entry?
 * @head: the list head.
 */
static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

/* Links the entries of @list, which is not empty, between @prev and @next. */
static inline void __list_splice(const struct list_head *list, struct list_head *prev,
				 struct list_head *next)
{
	struct list_head *first = list->next;
	struct list_head *last = list->prev;

	first->prev = prev;
	prev->next = first;
	last->next = next;
	next->prev = last;
}

/**
 * list_splice_init - move all entries of @list to the front of @head
 * @list: the list to empty; it is left empty and reusable.
 * @head: the list to add the entries to, in their original order.
 */
static inline void list_splice_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head, head->next);
		INIT_LIST_HEAD(list);
	}
}

/**
 * list_splice_tail_init - move all entries of @list to the back of @head
 * @list: the list to empty; it is left empty and reusable.
 * @head: the list to add the entries to, in their original order.
 */
static inline void list_splice_tail_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head->prev, head);
		INIT_LIST_HEAD(list);
	}
}

/**
 * list_entry - get the struct containing a list link
 * @ptr: the struct list_head pointer.
 * @type: the type of the struct the link is embedded in.
 * @member: the name of the link within the struct.
 */
#define list_entry(ptr, type, member)	container_of(ptr, type, member)

/* The list must not be empty; see list_first_entry_or_null(). */
#define list_first_entry(head, type, member)	list_entry((head)->next, type, member)
#define list_last_entry(head, type, member)	list_entry((head)->prev, type, member)

#define list_first_entry_or_null(head, type, member) ({			\
	struct list_head *__head = (head);					\
	struct list_head *__pos = READ_ONCE(__head->next);			\
	__pos != __head ? list_entry(__pos, type, member) : NULL; })

#define list_next_entry(pos, member)	\
	list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member)	\
	list_entry((pos)->member.prev, __typeof__(*(pos)), member)

/* Is @pos, an entry cursor, back at the list head (the end of the walk)? */
#define list_entry_is_head(pos, head, member)	(&(pos)->member == (head))

/* The walks below must not remove @pos; the _safe variants may. */
#define list_for_each(pos, head)						\
	for (pos = (head)->next; pos != (head); pos = pos->next)

#define list_for_each_safe(pos, n, head)					\
	for (pos = (head)->next, n = pos->next; pos != (head);			\
	     pos = n, n = pos->next)

#define list_for_each_entry(pos, head, member)					\
	for (pos = list_first_entry(head, __typeof__(*pos), member);		\
	     !list_entry_is_head(pos, head, member);				\
	     pos = list_next_entry(pos, member))

#define list_for_each_entry_reverse(pos, head, member)				\
	for (pos = list_last_entry(head, __typeof__(*pos), member);		\
	     !list_entry_is_head(pos, head, member);				\
	     pos = list_prev_entry(pos, member))

#define list_for_each_entry_safe(pos, n, head, member)				\
	for (pos = list_first_entry(head, __typeof__(*pos), member),		\
	     n = list_next_entry(pos, member);					\
	     !list_entry_is_head(pos, head, member);				\
	     pos = n, n = list_next_entry(n, member))

/* hlist: a NULL-terminated list whose head is a single pointer. */

#define HLIST_HEAD_INIT		{ .first = NULL }
#define HLIST_HEAD(name)	struct hlist_head name = HLIST_HEAD_INIT

static inline void INIT_HLIST_HEAD(struct hlist_head *head)
{
	head->first = NULL;
}

static inline void INIT_HLIST_NODE(struct hlist_node *node)
{
	node->next = NULL;
	node->pprev = NULL;
}

/**
 * hlist_unhashed - is @node on no list?
 * @node: a node set up by INIT_HLIST_NODE() or removed by hlist_del_init().
 */
static inline bool hlist_unhashed(const struct hlist_node *node)
{
	return !node->pprev;
}

/**
 * hlist_empty - does the hlist have no nodes?
 * @head: the hlist head.
 */
static inline bool hlist_empty(const struct hlist_head *head)
{
	return !READ_ONCE(head->first);
}

/**
 * hlist_add_head - insert a node at the front of an hlist
 * @node: the node to insert; must not be on a list.
 * @head: the hlist head.
 */
static inline void hlist_add_head(struct hlist_node *node, struct hlist_head *head)
{
	struct hlist_node *first = head->first;

	node->next = first;
	if (first)
		first->pprev = &node->next;
	WRITE_ONCE(head->first, node);
	node->pprev = &head->first;
}

/*
 * pprev points at whatever points at us (the head's first, or the previous
 * node's next), so unlinking needs no special case for the first node.
 */
static inline void __hlist_del(struct hlist_node *node)
{
	struct hlist_node *next = node->next;
	struct hlist_node **pprev = node->pprev;

	WRITE_ONCE(*pprev, next);
	if (next)
		next->pprev = pprev;
}

/**
 * hlist_del - remove a node from its hlist, poisoning its links
 * @node: the node to remove.
 */
static inline void hlist_del(struct hlist_node *node)
{
	__hlist_del(node);
	node->next = LIST_POISON1;
	node->pprev = LIST_POISON2;
}

/**
 * hlist_del_init - remove a node from its hlist, if on one, and reset it
 * @node: the node to remove.
 */
static inline void hlist_del_init(struct hlist_node *node)
{
	if (!hlist_unhashed(node)) {
		__hlist_del(node);
		INIT_HLIST_NODE(node);
	}
}

#define hlist_entry(ptr, type, member)	container_of(ptr, type, member)

#define hlist_entry_safe(ptr, type, member) ({					\
	__typeof__(ptr) ____ptr = (ptr);					\
	____ptr ? hlist_entry(____ptr, type, member) : NULL; })

#define hlist_for_each_entry(pos, head, member)					\
	for (pos = hlist_entry_safe((head)->first, __typeof__(*(pos)), member);	\
	     pos;								\
	     pos = hlist_entry_safe((pos)->member.next, __typeof__(*(pos)), member))

/* @n is a struct hlist_node * cursor, so that @pos may be removed. */
#define hlist_for_each_entry_safe(pos, n, head, member)				\
	for (pos = hlist_entry_safe((head)->first, __typeof__(*(pos)), member);	\
	     pos && ({ n = (pos)->member.next; 1; });				\
	     pos = hlist_entry_safe(n, __typeof__(*(pos)), member))

#endif /* _LIB_LIST_H */
