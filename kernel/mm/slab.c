// SPDX-License-Identifier: GPL-2.0
/*
 * Slab caches: objects of one size, carved from blocks of pages.
 *
 * A slab is 2^cache->order pages from alloc_pages(), cut into
 * cache->objects slots of cache->size bytes from its first byte on:
 *
 *	page_address(head)
 *	| slot 0 | slot 1 | ... | slot objects-1 | unused |
 *
 * A slot is the object (object_size bytes) and padding up to the alignment.
 * A free slot holds a link to the next free slot of its slab, at
 * cache->offset: 0, inside the object, unless the cache has a constructor,
 * whose work must survive a free; then the link has its own word after the
 * object.  Links are stored XORed with a per-cache key, so that a small
 * value written through a dangling pointer (0, a counter, a length) does not
 * decode to a plausible link.
 *
 * The slab's head page carries its state (struct page, kernel/mm.h):
 *	PG_slab, ->slab_cache	for the slab's lifetime; read without the lock
 *	->freelist		first free slot, NULL when none is free
 *	->inuse			slots off the free list: handed out or quarantined
 *	->lru			on cache->slabs_partial, slabs_full or slabs_free
 * Tail pages of a multi-page slab have PG_slab and ->slab_cache too, so that
 * virt_to_cache() works for any address in the slab, and their ->freelist
 * points back at the head page.
 *
 * With SLAB_POISON (every cache without a constructor, unless the command
 * line says slab.poison=0) a free slot is POISON_FREE everywhere but its
 * link.  Allocation checks the poison and the link; a slot that fails is
 * reported with WARN and quarantined: it stays off the free list, counted in
 * ->inuse so that its slab never goes back to the page allocator while a
 * dangling pointer may still write into it.
 *
 * Locking: cache->lock, taken with interrupts off, guards the cache's slab
 * lists and counters and the ->freelist/->inuse/->lru of its slab pages and
 * the links in its free slots.  It is never held while calling the page
 * allocator or a constructor, so only printk's lock ever nests inside it.
 */
#define pr_fmt(fmt) "slab: " fmt

#include <kernel/bug.h>
#include <kernel/fault-inject.h>
#include <kernel/mm.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <lib/compiler.h>
#include <lib/errno.h>
#include <lib/list.h>
#include <lib/string.h>

#define _RET_IP_		((unsigned long)__builtin_return_address(0))

#define POISON_FREE_WORD	0x6b6b6b6b6b6b6b6bUL
/* What a quarantined slot's link decodes to: never a valid link. */
#define QUARANTINED_LINK	0xdead00000000bad6UL
#define FREEPTR_SIZE		sizeof(unsigned long)

struct kmem_cache {
	/* Fixed by kmem_cache_create(), then read without the lock. */
	char name[KMEM_CACHE_NAME_LEN];
	unsigned int object_size;	/* what the creator asked for */
	unsigned int size;		/* slot: object, link word, padding */
	unsigned int align;
	unsigned int offset;		/* of the link in a free slot */
	unsigned int order;		/* a slab is 2^order pages */
	unsigned int objects;		/* slots per slab */
	slab_flags_t flags;
	void (*ctor)(void *);
	unsigned long freeptr_key;	/* links are stored XORed with this */

	spinlock_t lock;
	/* cache->lock guards everything below. */
	struct list_head slabs_partial;	/* some slots free, some not */
	struct list_head slabs_full;	/* no free slot */
	struct list_head slabs_free;	/* no slot off the free list */
	unsigned long nr_slabs;
	unsigned long nr_free_slabs;	/* on slabs_free */
	unsigned long nr_active;	/* objects handed out */
	unsigned long nr_quarantined;
	unsigned long nr_failures;
};

enum slab_state { SLAB_EMPTY, SLAB_PARTIAL, SLAB_FULL };

/* The cache of struct kmem_cache, set up by hand: it cannot create itself. */
static struct kmem_cache kmem_cache_boot;
static bool slab_ready;

/*
 * slab.poison=0 (or =1) turns poisoning off (on) for the caches created
 * afterwards (the kmalloc caches are created at boot, after the command line
 * is parsed).  It is debug machinery, like Linux's slub_debug=P: on by
 * default in the debug kernels (CONFIG_DEBUG_SLAB), off in the bench kernel.
 */
#ifdef CONFIG_DEBUG_SLAB
static bool slab_poison = true;
#else
static bool slab_poison;
#endif
param_bool("slab.poison", slab_poison);

static void *slab_base(const struct page *head)
{
	return page_address(head);
}

/* @page is a page of a slab of @s; the head page carries the slab's state. */
static struct page *slab_head(const struct kmem_cache *s, struct page *page)
{
	if (s->order == 0 || PageFlag(page, PG_head))
		return page;
	return page->freelist;
}

static unsigned long *link_word(const struct kmem_cache *s, void *obj)
{
	return (unsigned long *)((char *)obj + s->offset);
}

static void *get_link(const struct kmem_cache *s, void *obj)
{
	return (void *)(*link_word(s, obj) ^ s->freeptr_key);
}

static void set_link(const struct kmem_cache *s, void *obj, const void *next)
{
	*link_word(s, obj) = (unsigned long)next ^ s->freeptr_key;
}

/* Is @p the first byte of a slot of the slab at @head? */
static bool is_slot_start(const struct kmem_cache *s, const struct page *head,
			  const void *p)
{
	unsigned long off = (unsigned long)p - (unsigned long)slab_base(head);

	return off < (unsigned long)s->objects * s->size && off % s->size == 0;
}

static bool is_valid_link(const struct kmem_cache *s, const struct page *head,
			  const void *next)
{
	return !next || is_slot_start(s, head, next);
}

static enum slab_state slab_state(const struct page *head)
{
	if (!head->inuse)
		return SLAB_EMPTY;
	return head->freelist ? SLAB_PARTIAL : SLAB_FULL;
}

/*
 * Moves @head to the list for its state, which was @old.
 * Context: cache->lock held.
 */
static void slab_relist_locked(struct kmem_cache *s, struct page *head,
			       enum slab_state old)
{
	enum slab_state new = slab_state(head);
	static const size_t list_offset[] = {
		[SLAB_EMPTY] = offsetof(struct kmem_cache, slabs_free),
		[SLAB_PARTIAL] = offsetof(struct kmem_cache, slabs_partial),
		[SLAB_FULL] = offsetof(struct kmem_cache, slabs_full),
	};

	if (new == old)
		return;
	list_move(&head->lru, (struct list_head *)((char *)s + list_offset[new]));
	if (old == SLAB_EMPTY)
		s->nr_free_slabs--;
	if (new == SLAB_EMPTY)
		s->nr_free_slabs++;
}

/* Poison lives in [poison_start, size): all of the slot but the link. */
static unsigned int poison_start(const struct kmem_cache *s)
{
	return s->offset + FREEPTR_SIZE;
}

static bool has_poison(const struct kmem_cache *s)
{
	return (s->flags & SLAB_POISON) && poison_start(s) < s->size;
}

static void poison_slot(const struct kmem_cache *s, void *obj)
{
	unsigned long *word = (unsigned long *)((char *)obj + poison_start(s));
	unsigned long *end = (unsigned long *)((char *)obj + s->size);

	while (word < end)
		*word++ = POISON_FREE_WORD;
}

/*
 * Return: the offset in @obj of the first byte that is not POISON_FREE, or
 * 0 when the poison is intact (offset 0 holds the link, never poison).
 */
static unsigned int first_bad_poison(const struct kmem_cache *s, void *obj)
{
	const unsigned long *word = (const unsigned long *)((char *)obj + poison_start(s));
	const unsigned long *end = (const unsigned long *)((char *)obj + s->size);
	const u8 *byte;

	while (word < end && *word == POISON_FREE_WORD)
		word++;
	if (word == end)
		return 0;
	for (byte = (const u8 *)word; *byte == POISON_FREE; byte++)
		;
	return byte - (const u8 *)obj;
}

/* Context: cache->lock held; WARNs, which prints. */
static void report_poison(const struct kmem_cache *s, void *obj, unsigned int offset)
{
	WARN(1, "slab %s: object %p was written after it was freed: byte %#x at offset %u (expected %#x)",
	     s->name, obj, ((u8 *)obj)[offset], offset, POISON_FREE);
}

/*
 * Takes every free slot of @head off its free list for good, after its
 * chain of links was found broken at @obj.  Context: cache->lock held.
 */
static void quarantine_rest_locked(struct kmem_cache *s, struct page *head, void *obj)
{
	WARN(1, "slab %s: free pointer of object %p was overwritten (%#lx): the slab's %u free objects are quarantined",
	     s->name, obj, *link_word(s, obj), s->objects - head->inuse);
	s->nr_quarantined += s->objects - head->inuse;
	head->inuse = s->objects;
	head->freelist = NULL;
	*link_word(s, obj) = QUARANTINED_LINK ^ s->freeptr_key;
}

/*
 * Takes the first free slot of @head.
 * Context: cache->lock held.
 * Return: the slot, or NULL when it failed its checks and was quarantined.
 */
static void *slab_take_locked(struct kmem_cache *s, struct page *head)
{
	enum slab_state old = slab_state(head);
	void *obj = head->freelist;
	void *next = get_link(s, obj);
	unsigned int bad;

	if ((s->flags & SLAB_POISON) && !is_valid_link(s, head, next)) {
		quarantine_rest_locked(s, head, obj);
		slab_relist_locked(s, head, old);
		return NULL;
	}
	head->freelist = next;
	head->inuse++;
	slab_relist_locked(s, head, old);

	bad = has_poison(s) ? first_bad_poison(s, obj) : 0;
	if (bad) {
		report_poison(s, obj, bad);
		*link_word(s, obj) = QUARANTINED_LINK ^ s->freeptr_key;
		s->nr_quarantined++;
		return NULL;
	}
	s->nr_active++;
	return obj;
}

/* Context: cache->lock held.  Return: an object, or NULL if no slab has one. */
static void *alloc_from_slabs_locked(struct kmem_cache *s)
{
	struct page *head;
	void *obj;

	for (;;) {
		head = list_first_entry_or_null(&s->slabs_partial, struct page, lru);
		if (!head)
			head = list_first_entry_or_null(&s->slabs_free, struct page, lru);
		if (!head)
			return NULL;
		obj = slab_take_locked(s, head);
		if (obj)
			return obj;
	}
}

/*
 * Sets up a slab in the pages at @head: marks the pages, builds the free
 * list in address order, runs the constructor or lays the poison.
 * Context: the slab is not yet visible to anyone.
 */
static void init_slab(struct kmem_cache *s, struct page *head)
{
	char *base = slab_base(head);
	unsigned int i;

	for (i = 0; i < (1u << s->order); i++) {
		struct page *page = head + i;

		SetPageFlag(page, PG_slab);
		page->slab_cache = s;
		page->freelist = i ? head : NULL;
		page->inuse = 0;
	}
	for (i = 0; i < s->objects; i++) {
		void *obj = base + i * s->size;

		if (s->ctor)
			s->ctor(obj);
		if (s->flags & SLAB_POISON)
			poison_slot(s, obj);
		set_link(s, obj, i + 1 < s->objects ? base + (i + 1) * s->size : NULL);
	}
	head->freelist = base;
}

/* Adds a slab to @s.  Context: any; calls alloc_pages() (no lock held). */
static bool grow_cache(struct kmem_cache *s, gfp_t gfp)
{
	struct page *head = alloc_pages(gfp & ~__GFP_ZERO, s->order);
	unsigned long flags;

	if (!head)
		return false;
	init_slab(s, head);
	spin_lock_irqsave(&s->lock, flags);
	list_add(&head->lru, &s->slabs_free);
	s->nr_slabs++;
	s->nr_free_slabs++;
	spin_unlock_irqrestore(&s->lock, flags);
	return true;
}

/*
 * Gives a slab that is off every list back to the page allocator.  An empty
 * slab's free slots are checked first: the last chance to catch a write
 * after free into an object that was never allocated again.
 * Context: any; cache->lock not held.
 */
static void discard_slab(struct kmem_cache *s, struct page *head)
{
	char *base = slab_base(head);
	unsigned int i, bad;

	if (!head->inuse && has_poison(s)) {
		for (i = 0; i < s->objects; i++) {
			bad = first_bad_poison(s, base + i * s->size);
			if (bad)
				report_poison(s, base + i * s->size, bad);
		}
	}
	for (i = 0; i < (1u << s->order); i++) {
		ClearPageFlag(head + i, PG_slab);
		head[i].slab_cache = NULL;
		head[i].freelist = NULL;
		head[i].inuse = 0;
	}
	__free_pages(head, s->order);
}

static void discard_slabs(struct kmem_cache *s, struct list_head *slabs)
{
	struct page *head, *next;

	list_for_each_entry_safe(head, next, slabs, lru) {
		list_del(&head->lru);
		discard_slab(s, head);
	}
}

static void count_failure(struct kmem_cache *s)
{
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	s->nr_failures++;
	spin_unlock_irqrestore(&s->lock, flags);
}

/*
 * Gives the caller a slot in a defined state: a poisoned object is poison
 * everywhere (the link too: reading uninitialised memory shows 0x6b), an
 * unpoisoned one gets a link that does not decode (so that a free can tell
 * it from a free slot at a glance).
 */
static void prepare_object(struct kmem_cache *s, void *obj, gfp_t gfp)
{
	*link_word(s, obj) = (s->flags & SLAB_POISON) ? POISON_FREE_WORD : 0;
	if (gfp & __GFP_ZERO)
		memset(obj, 0, s->object_size);
}

void *__kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	unsigned long flags;
	void *obj;

	if (should_fail_slab(s->name, gfp, caller)) {
		count_failure(s);
		return NULL;
	}
	for (;;) {
		spin_lock_irqsave(&s->lock, flags);
		obj = alloc_from_slabs_locked(s);
		spin_unlock_irqrestore(&s->lock, flags);
		if (obj)
			break;
		/* Another CPU may take the new slab's objects first: loop. */
		if (!grow_cache(s, gfp)) {
			count_failure(s);
			return NULL;
		}
	}
	prepare_object(s, obj, gfp);
	return obj;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return __kmem_cache_alloc(s, gfp, _RET_IP_);
}

/*
 * Does @obj look free?  A slot in use has, in its link word, what its owner
 * wrote there or what prepare_object() put there, and almost never a valid
 * encoded link.  A free slot whose link was overwritten after its free still
 * has its poison.
 */
static bool slot_looks_free(const struct kmem_cache *s, const struct page *head, void *obj)
{
	if (is_valid_link(s, head, get_link(s, obj)))
		return true;
	return has_poison(s) && *link_word(s, obj) != POISON_FREE_WORD &&
	       !first_bad_poison(s, obj);
}

/*
 * Is @obj, a slot of @head, on the slab's free list?  slot_looks_free()
 * filters out objects in use cheaply; only a slot that looks free is looked
 * for on the list, whose walk is the answer.
 * Context: cache->lock held.
 */
static bool slot_is_free_locked(const struct kmem_cache *s, struct page *head, void *obj)
{
	unsigned int n;
	void *p;

	if (!slot_looks_free(s, head, obj))
		return false;
	for (p = head->freelist, n = 0; p && n < s->objects; p = get_link(s, p), n++) {
		if (p == obj)
			return true;
		if (!is_valid_link(s, head, get_link(s, p)))
			return false;	/* a broken chain: allocation will report it */
	}
	return false;
}

static bool slot_is_quarantined(const struct kmem_cache *s, void *obj)
{
	return (*link_word(s, obj) ^ s->freeptr_key) == QUARANTINED_LINK;
}

/*
 * Puts @obj, an object in a slab of @s, back on its slab's free list.
 * Context: any; takes cache->lock with interrupts off.
 */
static void slab_free(struct kmem_cache *s, void *obj)
{
	struct page *head = slab_head(s, virt_to_page(obj));
	struct page *discard = NULL;
	enum slab_state old;
	unsigned long flags;
	bool twice, quarantined;

	if (!is_slot_start(s, head, obj)) {
		WARN(1, "slab %s: freeing %p, which is not the start of an object", s->name, obj);
		return;
	}
	spin_lock_irqsave(&s->lock, flags);
	twice = slot_is_free_locked(s, head, obj);
	quarantined = !twice && slot_is_quarantined(s, obj);
	if (twice || quarantined) {
		spin_unlock_irqrestore(&s->lock, flags);
		WARN(1, "slab %s: double free of object %p%s", s->name, obj,
		     quarantined ? " (quarantined after a write after free)" : "");
		return;
	}
	old = slab_state(head);
	if (s->flags & SLAB_POISON)
		poison_slot(s, obj);
	set_link(s, obj, head->freelist);
	head->freelist = obj;
	head->inuse--;
	s->nr_active--;
	slab_relist_locked(s, head, old);
	/* Keep one empty slab for the next allocation, release the others. */
	if (!head->inuse && s->nr_free_slabs > 1) {
		list_del(&head->lru);
		s->nr_free_slabs--;
		s->nr_slabs--;
		discard = head;
	}
	spin_unlock_irqrestore(&s->lock, flags);
	if (discard)
		discard_slab(s, discard);
}

struct kmem_cache *virt_to_cache(const void *obj)
{
	struct page *page;

	if (!virt_addr_valid(obj))
		return NULL;
	page = virt_to_page(obj);
	if (!PageFlag(page, PG_slab))
		return NULL;
	return READ_ONCE(page->slab_cache);
}

void __kmem_cache_free(struct kmem_cache *s, void *obj)
{
	slab_free(s, obj);
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	struct kmem_cache *owner;

	if (unlikely(!obj))
		return;
	owner = virt_to_cache(obj);
	if (unlikely(owner != s)) {
		WARN(1, "kmem_cache_free(%s): %p is %s%s", s ? s->name : "NULL", obj,
		     owner ? "an object of cache " : "not a slab object",
		     owner ? owner->name : "");
		return;
	}
	slab_free(s, obj);
}

/* Rounds to the alignment Linux gives: at least 8, a cache line if asked. */
static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
					unsigned int size)
{
	unsigned int line = 64;

	if (flags & SLAB_HWCACHE_ALIGN) {
		/* Small objects share a line, but never straddle one. */
		while (size <= line / 2)
			line /= 2;
		align = max(align, line);
	}
	return max_t(unsigned int, align, sizeof(void *));
}

/*
 * The smallest slab order wasting at most an eighth of the slab, or else
 * the largest; @size must fit in a slab of SLAB_MAX_ORDER.
 */
static unsigned int calculate_order(unsigned int size)
{
	unsigned int order;

	for (order = 0; order < SLAB_MAX_ORDER; order++) {
		unsigned long bytes = PAGE_SIZE << order;
		unsigned long objects = bytes / size;

		if (objects && (bytes - objects * size) * 8 <= bytes)
			break;
	}
	return order;
}

static bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

/* Fills in @s.  Context: @s is not yet visible to anyone.  Return: 0 or -EINVAL. */
static int cache_init(struct kmem_cache *s, const char *name, unsigned int size,
		      unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	unsigned int slot;

	if (WARN(!name || !*name, "kmem_cache_create: a cache needs a name") ||
	    WARN(!size || size > KMEM_CACHE_MAX_SIZE,
		 "kmem_cache_create(%s): size %u is not in 1..%lu", name, size,
		 KMEM_CACHE_MAX_SIZE) ||
	    WARN(align && (!is_power_of_2(align) || align > PAGE_SIZE),
		 "kmem_cache_create(%s): alignment %u is not a power of two up to a page",
		 name, align) ||
	    WARN(flags & ~(SLAB_HWCACHE_ALIGN | SLAB_POISON | SLAB_PANIC),
		 "kmem_cache_create(%s): unknown flags %#x", name, flags))
		return -EINVAL;

	memset(s, 0, sizeof(*s));
	strscpy(s->name, name, sizeof(s->name));
	if (slab_poison)
		flags |= SLAB_POISON;
	if (ctor)
		flags &= ~SLAB_POISON;	/* poison would undo the constructor */
	s->flags = flags;
	s->ctor = ctor;
	s->object_size = size;
	s->align = calculate_alignment(flags, align, size);
	s->offset = ctor ? ALIGN(size, FREEPTR_SIZE) : 0;
	slot = max_t(unsigned int, s->offset + FREEPTR_SIZE, ALIGN(size, FREEPTR_SIZE));
	s->size = ALIGN(slot, s->align);
	if (WARN(s->size > KMEM_CACHE_MAX_SIZE,
		 "kmem_cache_create(%s): %u-byte slots do not fit in a slab", name, s->size))
		return -EINVAL;
	s->order = calculate_order(s->size);
	s->objects = (PAGE_SIZE << s->order) / s->size;
	/* Odd, so that a zeroed link decodes to a misaligned address. */
	s->freeptr_key = ((unsigned long)s * 0x9e3779b97f4a7c15UL) | 1;
	spin_lock_init(&s->lock);
	INIT_LIST_HEAD(&s->slabs_partial);
	INIT_LIST_HEAD(&s->slabs_full);
	INIT_LIST_HEAD(&s->slabs_free);
	return 0;
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *s = NULL;

	if (WARN(!slab_ready, "kmem_cache_create(%s) before kmem_cache_init()", name))
		goto fail;
	s = __kmem_cache_alloc(&kmem_cache_boot, GFP_KERNEL, _RET_IP_);
	if (!s)
		goto fail;
	if (cache_init(s, name, size, align, flags, ctor)) {
		kmem_cache_free(&kmem_cache_boot, s);
		s = NULL;
		goto fail;
	}
	return s;
fail:
	if (flags & SLAB_PANIC)
		panic("kmem_cache_create: cannot create cache %s", name ? name : "(null)");
	return NULL;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	LIST_HEAD(slabs);
	unsigned long flags, active;

	if (!s)
		return;
	if (WARN(s == &kmem_cache_boot || kmalloc_cache_for(s->object_size) == s,
		 "kmem_cache_destroy(%s): a kmalloc or boot cache", s->name))
		return;
	spin_lock_irqsave(&s->lock, flags);
	active = s->nr_active;
	if (!active) {
		list_splice_init(&s->slabs_free, &slabs);
		list_splice_init(&s->slabs_partial, &slabs);
		list_splice_init(&s->slabs_full, &slabs);
		s->nr_slabs = s->nr_free_slabs = 0;
	}
	spin_unlock_irqrestore(&s->lock, flags);
	if (WARN(active, "kmem_cache_destroy %s: Slab cache still has %lu objects; not destroyed",
		 s->name, active))
		return;
	discard_slabs(s, &slabs);
	kmem_cache_free(&kmem_cache_boot, s);
}

int kmem_cache_shrink(struct kmem_cache *s)
{
	LIST_HEAD(slabs);
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	list_splice_init(&s->slabs_free, &slabs);
	s->nr_slabs -= s->nr_free_slabs;
	s->nr_free_slabs = 0;
	spin_unlock_irqrestore(&s->lock, flags);
	discard_slabs(s, &slabs);
	return 0;
}

unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->object_size;
}

const char *kmem_cache_name(struct kmem_cache *s)
{
	return s->name;
}

void kmem_cache_get_stats(struct kmem_cache *s, struct kmem_cache_stats *stats)
{
	unsigned long flags;

	stats->name = s->name;
	stats->object_size = s->object_size;
	stats->size = s->size;
	stats->align = s->align;
	stats->objects_per_slab = s->objects;
	stats->order = s->order;
	stats->flags = s->flags;
	spin_lock_irqsave(&s->lock, flags);
	stats->active_objs = s->nr_active;
	stats->num_objs = s->nr_slabs * s->objects;
	stats->num_slabs = s->nr_slabs;
	stats->free_slabs = s->nr_free_slabs;
	stats->quarantined = s->nr_quarantined;
	stats->alloc_failures = s->nr_failures;
	spin_unlock_irqrestore(&s->lock, flags);
	stats->pages = stats->num_slabs << s->order;
}

void kmem_cache_init(void)
{
	if (WARN(slab_ready, "kmem_cache_init() called twice"))
		return;
	if (cache_init(&kmem_cache_boot, "kmem_cache", sizeof(struct kmem_cache), 0,
		       SLAB_HWCACHE_ALIGN, NULL))
		panic("kmem_cache_init: cannot set up the cache of caches");
	slab_ready = true;
	create_kmalloc_caches();
	pr_info("%d kmalloc caches of %u to %lu bytes, poisoning %s\n", NR_KMALLOC_CACHES,
		KMALLOC_MIN_SIZE, KMALLOC_MAX_CACHE_SIZE, slab_poison ? "on" : "off");
}
