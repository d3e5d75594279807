// SPDX-License-Identifier: GPL-2.0
/*
 * The serial console's transmitter (arch/x86_64/serial.c): a host that
 * reads slowly is waited for, one that reads nothing for
 * SERIAL_TX_STALL_NS is given up on, and what that loses is counted and
 * reported, never dropped silently.  The policy, serial_tx_poll(), is
 * driven here with a made-up port and clock; the real port is checked to
 * have lost nothing in this boot.
 */
#include <asm/serial.h>
#include <kernel/ktest.h>
#include <lib/string.h>

#define STALL SERIAL_TX_STALL_NS

static void a_slow_host_is_waited_for(struct ktest *t)
{
	struct serial_tx tx;

	memset(&tx, 0, sizeof(tx));
	KEXPECT_EQ(t, serial_tx_poll(&tx, false, 1000), SERIAL_TX_WAIT);
	KEXPECT_EQ(t, serial_tx_poll(&tx, false, 1000 + STALL - 1), SERIAL_TX_WAIT);
	KEXPECT_EQ(t, serial_tx_poll(&tx, true, 1000 + STALL - 1), SERIAL_TX_SEND);
	KEXPECT_EQ(t, tx.lost_total, 0);
	KEXPECT_EQ(t, tx.longest_wait_ns, STALL - 1);
	/* The next character's wait starts afresh. */
	KEXPECT_EQ(t, serial_tx_poll(&tx, false, 2 * STALL), SERIAL_TX_WAIT);
	KEXPECT_EQ(t, serial_tx_poll(&tx, false, 3 * STALL - 1), SERIAL_TX_WAIT);
	KEXPECT_FALSE(t, tx.stalled);
}

static void a_host_that_reads_nothing_costs_one_wait_and_is_counted(struct ktest *t)
{
	struct serial_tx tx;

	memset(&tx, 0, sizeof(tx));
	KEXPECT_EQ(t, serial_tx_poll(&tx, false, 1000), SERIAL_TX_WAIT);
	KEXPECT_EQ(t, serial_tx_poll(&tx, false, 1000 + STALL), SERIAL_TX_DROP);
	KEXPECT_TRUE(t, tx.stalled);
	/* Stalled: the next characters are dropped at once, not waited for. */
	KEXPECT_EQ(t, serial_tx_poll(&tx, false, 1001 + STALL), SERIAL_TX_DROP);
	KEXPECT_EQ(t, serial_tx_poll(&tx, false, 1002 + STALL), SERIAL_TX_DROP);
	KEXPECT_EQ(t, tx.lost, 3);
	KEXPECT_EQ(t, tx.lost_total, 3);
	/* Free again: sent, and still marked stalled so that the caller reports. */
	KEXPECT_EQ(t, serial_tx_poll(&tx, true, 2 * STALL), SERIAL_TX_SEND);
	KEXPECT_TRUE(t, tx.stalled);
	KEXPECT_EQ(t, tx.lost, 3);
}

/* The runner reads the port as fast as QEMU writes it: nothing may be lost. */
static void this_boot_lost_no_character(struct ktest *t)
{
	struct serial_tx stats;

	serial_tx_stats(&stats);
	KEXPECT_EQ(t, stats.lost_total, 0);
	KEXPECT_FALSE(t, stats.stalled);
}

static struct ktest_case serial_cases[] = {
	KTEST_CASE(a_slow_host_is_waited_for),
	KTEST_CASE(a_host_that_reads_nothing_costs_one_wait_and_is_counted),
	KTEST_CASE(this_boot_lost_no_character),
	{}
};

static struct ktest_suite serial_suite = {
	.name = "serial",
	.cases = serial_cases,
};
ktest_register_suite(serial_suite);
