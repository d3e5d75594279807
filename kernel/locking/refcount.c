// SPDX-License-Identifier: GPL-2.0
/* refcount_t's reports (include/kernel/refcount.h). */
#include <kernel/bug.h>
#include <kernel/refcount.h>

/**
 * refcount_warn_saturate - report a refcount bug and make it harmless
 * @r: the refcount
 * @t: what went wrong
 *
 * Pins the count at REFCOUNT_SATURATED, where no later get or put can
 * bring it to zero (and free the object) or wrap it.
 * Context: any.
 */
void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t)
{
	refcount_set(r, REFCOUNT_SATURATED);

	switch (t) {
	case REFCOUNT_ADD_NOT_ZERO_OVF:
		WARN_ONCE(1, "refcount_t: saturated in refcount_inc_not_zero(); leaking memory");
		break;
	case REFCOUNT_ADD_OVF:
		WARN_ONCE(1, "refcount_t: saturated; leaking memory");
		break;
	case REFCOUNT_ADD_UAF:
		WARN_ONCE(1, "refcount_t: addition on 0; use-after-free");
		break;
	case REFCOUNT_SUB_UAF:
		WARN_ONCE(1, "refcount_t: underflow; use-after-free");
		break;
	case REFCOUNT_DEC_LEAK:
		WARN_ONCE(1, "refcount_t: decrement hit 0; leaking memory");
		break;
	}
}
