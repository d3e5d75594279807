// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for <lib/list.h>: struct list_head and struct hlist_head.
 *
 * Lists are compared through a string of the entries' one-character names,
 * in list order, after checking that every forward link has a matching
 * backward link.
 */
#include <lib/list.h>

#include "harness.h"

struct item {
	char name;
	struct list_head link;
	struct hlist_node node;
};

/*
 * Writes the names along @head into @buf (at least 16 bytes), or "BROKEN"
 * if a link and its back link disagree or the list does not close.
 */
static const char *names(const struct list_head *head, char *buf)
{
	const struct list_head *pos = head;
	size_t len = 0;

	do {
		if (pos->next->prev != pos || len >= 15)
			return "BROKEN";
		pos = pos->next;
		if (pos != head)
			buf[len++] = list_entry(pos, struct item, link)->name;
	} while (pos != head);
	buf[len] = '\0';
	return buf;
}

#define CHECK_LIST(head, expected)						\
	do {									\
		char __buf[16];							\
		CHECK_STREQ(names(head, __buf), expected);			\
	} while (0)

/* The same, for an hlist, checking each pprev against its predecessor. */
static const char *hnames(const struct hlist_head *head, char *buf)
{
	struct hlist_node *const *expected_pprev = &head->first;
	const struct hlist_node *node;
	size_t len = 0;

	for (node = head->first; node; node = node->next) {
		if (node->pprev != expected_pprev || len >= 15)
			return "BROKEN";
		buf[len++] = hlist_entry(node, struct item, node)->name;
		expected_pprev = &node->next;
	}
	buf[len] = '\0';
	return buf;
}

#define CHECK_HLIST(head, expected)						\
	do {									\
		char __buf[16];							\
		CHECK_STREQ(hnames(head, __buf), expected);			\
	} while (0)

/* Items a, b, c, ... appended to @head in order. */
static void fill(struct list_head *head, struct item *items, int count)
{
	for (int i = 0; i < count; i++) {
		items[i].name = (char)('a' + i);
		list_add_tail(&items[i].link, head);
	}
}

HOST_TEST(list, new_list_is_empty)
{
	LIST_HEAD(declared);
	struct list_head initialised;

	INIT_LIST_HEAD(&initialised);
	CHECK(list_empty(&declared));
	CHECK(list_empty(&initialised));
	CHECK_LIST(&declared, "");
}

HOST_TEST(list, list_add_inserts_at_front)
{
	LIST_HEAD(head);
	struct item a = { .name = 'a' }, b = { .name = 'b' };

	list_add(&a.link, &head);
	list_add(&b.link, &head);
	CHECK_LIST(&head, "ba");
	CHECK(!list_empty(&head));
}

HOST_TEST(list, list_add_tail_inserts_at_back)
{
	LIST_HEAD(head);
	struct item items[3];

	fill(&head, items, 3);
	CHECK_LIST(&head, "abc");
}

HOST_TEST(list, list_del_unlinks_and_poisons_entry)
{
	LIST_HEAD(head);
	struct item items[3];

	fill(&head, items, 3);
	list_del(&items[1].link);
	CHECK_LIST(&head, "ac");
	CHECK_PTR_EQ(items[1].link.next, LIST_POISON1);
	CHECK_PTR_EQ(items[1].link.prev, LIST_POISON2);
}

HOST_TEST(list, list_del_of_last_entry_empties_list)
{
	LIST_HEAD(head);
	struct item items[1];

	fill(&head, items, 1);
	list_del(&items[0].link);
	CHECK(list_empty(&head));
}

HOST_TEST(list, list_del_init_leaves_entry_an_empty_list)
{
	LIST_HEAD(head);
	struct item items[2];

	fill(&head, items, 2);
	list_del_init(&items[0].link);
	CHECK_LIST(&head, "b");
	CHECK(list_empty(&items[0].link));
}

HOST_TEST(list, list_replace_takes_the_old_entry_place)
{
	LIST_HEAD(head);
	struct item items[3], x = { .name = 'x' };

	fill(&head, items, 3);
	list_replace(&items[1].link, &x.link);
	CHECK_LIST(&head, "axc");
}

HOST_TEST(list, list_move_moves_to_front_of_other_list)
{
	LIST_HEAD(from);
	LIST_HEAD(to);
	struct item items[3], x = { .name = 'x' };

	fill(&from, items, 2);
	list_add(&x.link, &to);
	list_move(&items[1].link, &to);
	CHECK_LIST(&from, "a");
	CHECK_LIST(&to, "bx");
}

HOST_TEST(list, list_move_tail_moves_to_back_of_same_list)
{
	LIST_HEAD(head);
	struct item items[3];

	fill(&head, items, 3);
	list_move_tail(&items[0].link, &head);
	CHECK_LIST(&head, "bca");
}

HOST_TEST(list, list_is_singular_means_exactly_one_entry)
{
	LIST_HEAD(head);
	struct item items[2];

	CHECK(!list_is_singular(&head));
	list_add_tail(&items[0].link, &head);
	CHECK(list_is_singular(&head));
	list_add_tail(&items[1].link, &head);
	CHECK(!list_is_singular(&head));
}

HOST_TEST(list, list_is_first_and_list_is_last)
{
	LIST_HEAD(head);
	struct item items[3];

	fill(&head, items, 3);
	CHECK(list_is_first(&items[0].link, &head));
	CHECK(!list_is_first(&items[1].link, &head));
	CHECK(list_is_last(&items[2].link, &head));
	CHECK(!list_is_last(&items[1].link, &head));
}

HOST_TEST(list, first_last_next_and_prev_entry)
{
	LIST_HEAD(head);
	struct item items[3];

	fill(&head, items, 3);
	CHECK_PTR_EQ(list_first_entry(&head, struct item, link), &items[0]);
	CHECK_PTR_EQ(list_last_entry(&head, struct item, link), &items[2]);
	CHECK_PTR_EQ(list_next_entry(&items[0], link), &items[1]);
	CHECK_PTR_EQ(list_prev_entry(&items[2], link), &items[1]);
}

HOST_TEST(list, list_first_entry_or_null_on_empty_list_is_null)
{
	LIST_HEAD(head);
	struct item items[1];

	CHECK_PTR_EQ(list_first_entry_or_null(&head, struct item, link), NULL);
	fill(&head, items, 1);
	CHECK_PTR_EQ(list_first_entry_or_null(&head, struct item, link), &items[0]);
}

HOST_TEST(list, list_for_each_visits_links_in_order)
{
	LIST_HEAD(head);
	struct item items[3];
	struct list_head *pos;
	char seen[4] = "";
	int count = 0;

	fill(&head, items, 3);
	list_for_each(pos, &head)
		seen[count++] = list_entry(pos, struct item, link)->name;
	CHECK_STREQ(seen, "abc");
}

HOST_TEST(list, list_for_each_entry_visits_entries_in_order)
{
	LIST_HEAD(head);
	struct item items[4], *pos;
	char seen[5] = "";
	int count = 0;

	fill(&head, items, 4);
	list_for_each_entry(pos, &head, link)
		seen[count++] = pos->name;
	CHECK_STREQ(seen, "abcd");
}

HOST_TEST(list, list_for_each_entry_reverse_visits_backwards)
{
	LIST_HEAD(head);
	struct item items[3], *pos;
	char seen[4] = "";
	int count = 0;

	fill(&head, items, 3);
	list_for_each_entry_reverse(pos, &head, link)
		seen[count++] = pos->name;
	CHECK_STREQ(seen, "cba");
}

HOST_TEST(list, list_for_each_entry_on_empty_list_visits_nothing)
{
	LIST_HEAD(head);
	struct item *pos;
	int count = 0;

	list_for_each_entry(pos, &head, link)
		count++;
	CHECK_EQ(count, 0);
}

HOST_TEST(list, list_for_each_safe_allows_deleting_current)
{
	LIST_HEAD(head);
	struct item items[4];
	struct list_head *pos, *n;

	fill(&head, items, 4);
	list_for_each_safe(pos, n, &head) {
		if (list_entry(pos, struct item, link)->name != 'c')
			list_del(pos);
	}
	CHECK_LIST(&head, "c");
}

HOST_TEST(list, list_for_each_entry_safe_allows_deleting_current)
{
	LIST_HEAD(head);
	struct item items[5], *pos, *n;

	fill(&head, items, 5);
	list_for_each_entry_safe(pos, n, &head, link) {
		if (pos->name == 'b' || pos->name == 'e')
			list_del(&pos->link);
	}
	CHECK_LIST(&head, "acd");
}

HOST_TEST(list, list_splice_init_moves_entries_to_front_in_order)
{
	LIST_HEAD(from);
	LIST_HEAD(to);
	struct item items[4];

	fill(&from, items, 2);
	list_add_tail(&items[2].link, &to);
	list_add_tail(&items[3].link, &to);
	items[2].name = 'x';
	items[3].name = 'y';
	list_splice_init(&from, &to);
	CHECK_LIST(&to, "abxy");
	CHECK(list_empty(&from));
}

HOST_TEST(list, list_splice_tail_init_moves_entries_to_back_in_order)
{
	LIST_HEAD(from);
	LIST_HEAD(to);
	struct item items[3], x = { .name = 'x' };

	list_add_tail(&x.link, &to);
	fill(&from, items, 3);
	list_splice_tail_init(&from, &to);
	CHECK_LIST(&to, "xabc");
	CHECK(list_empty(&from));
}

HOST_TEST(list, list_splice_init_of_empty_list_changes_nothing)
{
	LIST_HEAD(from);
	LIST_HEAD(to);
	struct item items[2];

	fill(&to, items, 2);
	list_splice_init(&from, &to);
	CHECK_LIST(&to, "ab");
	CHECK(list_empty(&from));
}

HOST_TEST(list, container_of_finds_enclosing_struct)
{
	struct item item = { .name = 0 };

	CHECK_PTR_EQ(container_of(&item.link, struct item, link), &item);
	CHECK_PTR_EQ(container_of(&item.node, struct item, node), &item);
	CHECK_PTR_EQ(container_of(&item.name, struct item, name), &item);
}

HOST_TEST(hlist, hlist_add_head_inserts_at_front)
{
	HLIST_HEAD(head);
	struct item a = { .name = 'a' }, b = { .name = 'b' }, c = { .name = 'c' };

	CHECK(hlist_empty(&head));
	hlist_add_head(&a.node, &head);
	hlist_add_head(&b.node, &head);
	hlist_add_head(&c.node, &head);
	CHECK_HLIST(&head, "cba");
	CHECK(!hlist_empty(&head));
}

HOST_TEST(hlist, hlist_del_unlinks_first_middle_and_last)
{
	HLIST_HEAD(head);
	struct item items[5];

	for (int i = 4; i >= 0; i--) {
		items[i].name = (char)('a' + i);
		hlist_add_head(&items[i].node, &head);
	}
	hlist_del(&items[2].node);
	CHECK_HLIST(&head, "abde");
	hlist_del(&items[0].node);
	CHECK_HLIST(&head, "bde");
	hlist_del(&items[4].node);
	CHECK_HLIST(&head, "bd");
	CHECK_PTR_EQ(items[4].node.next, LIST_POISON1);
}

HOST_TEST(hlist, hlist_del_init_is_safe_to_repeat)
{
	HLIST_HEAD(head);
	struct item a = { .name = 'a' };

	INIT_HLIST_NODE(&a.node);
	CHECK(hlist_unhashed(&a.node));
	hlist_add_head(&a.node, &head);
	CHECK(!hlist_unhashed(&a.node));
	hlist_del_init(&a.node);
	CHECK(hlist_unhashed(&a.node));
	hlist_del_init(&a.node);
	CHECK(hlist_empty(&head));
}

HOST_TEST(hlist, hlist_for_each_entry_safe_allows_deleting_current)
{
	struct hlist_head head;
	struct item items[4], *pos;
	struct hlist_node *n;
	char seen[5] = "";
	int count = 0;

	INIT_HLIST_HEAD(&head);
	for (int i = 3; i >= 0; i--) {
		items[i].name = (char)('a' + i);
		hlist_add_head(&items[i].node, &head);
	}
	hlist_for_each_entry_safe(pos, n, &head, node) {
		if (pos->name == 'a' || pos->name == 'c')
			hlist_del(&pos->node);
	}
	CHECK_HLIST(&head, "bd");
	hlist_for_each_entry(pos, &head, node)
		seen[count++] = pos->name;
	CHECK_STREQ(seen, "bd");
}
