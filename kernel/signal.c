// SPDX-License-Identifier: GPL-2.0
/*
 * Signals, as far as kernel threads need them.
 *
 * Kernel threads ignore signals unless they call allow_signal(), as in
 * Linux.  A delivered signal only marks the task and wakes it from an
 * interruptible sleep (or, for SIGKILL, a killable one); there are no
 * handlers.  This is what makes wait_for_completion_killable() and the
 * killable wait in kthread_create_on_node() real.
 */
#include <kernel/sched.h>
#include <lib/errno.h>

static unsigned long sigmask(int sig)
{
	return 1UL << sig;
}

void allow_signal(int sig)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&current->pi_lock, flags);
	current->allowed_signals |= sigmask(sig);
	raw_spin_unlock_irqrestore(&current->pi_lock, flags);
}

void ignore_signals(struct task_struct *p)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&p->pi_lock, flags);
	p->allowed_signals = 0;
	p->pending_signals = 0;
	raw_spin_unlock_irqrestore(&p->pi_lock, flags);
}

int send_sig(int sig, struct task_struct *p, int priv)
{
	unsigned long flags;
	bool deliver;

	if (sig <= 0 || sig >= _NSIG)
		return -EINVAL;
	raw_spin_lock_irqsave(&p->pi_lock, flags);
	deliver = p->allowed_signals & sigmask(sig);
	if (deliver)
		p->pending_signals |= sigmask(sig);
	raw_spin_unlock_irqrestore(&p->pi_lock, flags);

	if (deliver)	/* signal_wake_up(): killable sleepers only for SIGKILL */
		wake_up_state(p, TASK_INTERRUPTIBLE | (sig == SIGKILL ? TASK_WAKEKILL : 0));
	return 0;
}

bool signal_pending(struct task_struct *p)
{
	return READ_ONCE(p->pending_signals) != 0;
}

bool fatal_signal_pending(struct task_struct *p)
{
	return READ_ONCE(p->pending_signals) & sigmask(SIGKILL);
}

/* signal_pending_state() for an interruptible or killable @state. */
bool __signal_pending_state(unsigned int state, struct task_struct *p)
{
	if (!signal_pending(p))
		return false;
	return (state & TASK_INTERRUPTIBLE) || fatal_signal_pending(p);
}

void flush_signals(struct task_struct *p)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&p->pi_lock, flags);
	p->pending_signals = 0;
	raw_spin_unlock_irqrestore(&p->pi_lock, flags);
}
