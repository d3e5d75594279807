/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every fuzz target of tests/fuzz/ shares.
 *
 * A target defines LLVMFuzzerTestOneInput(), feeds the input to one parser
 * of the kernel, and checks with FUZZ_CHECK() what the parser's contract
 * promises about its output.  A broken promise aborts, which libFuzzer
 * reports as a crash and saves as an input to replay, like a sanitizer
 * report.  See docs/reliability.md.
 */
#ifndef _TESTS_FUZZ_FUZZ_H
#define _TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                      \
	do {                                                                                  \
		if (!(cond)) {                                                                \
			fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n", __FILE__, __LINE__, \
				#cond);                                                       \
			abort();                                                              \
		}                                                                             \
	} while (0)

#endif /* _TESTS_FUZZ_FUZZ_H */
