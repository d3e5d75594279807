/* Allocation flags ("get free pages" flags), Linux's names. */
#ifndef _KERNEL_GFP_H
#define _KERNEL_GFP_H

typedef unsigned int gfp_t;

#define __GFP_ZERO	0x1u	/* return zeroed memory */
#define __GFP_NOWARN	0x2u	/* no warning when the allocation fails */
#define __GFP_ATOMIC	0x4u	/* caller cannot sleep (no effect yet: we never sleep) */
#define __GFP_NOFAIL_INJECT 0x8u /* never chosen by fault injection */

#define GFP_KERNEL	0u
#define GFP_ATOMIC	(__GFP_ATOMIC)

#endif /* _KERNEL_GFP_H */
