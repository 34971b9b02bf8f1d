/* die.h — invariant checks that stay on in every build.
 *
 * A broken invariant or a failed allocation is a bug or an exhausted
 * machine, never a learner's mistake: say where, and stop. */
#ifndef WL_DIE_H
#define WL_DIE_H

#include <stdio.h>
#include <stdlib.h>

#define WL_ASSERT(cond, ...)                                                              \
	do {                                                                              \
		if (!(cond)) {                                                            \
			fprintf(stderr, "wirelab: internal error at %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                                      \
			fputc('\n', stderr);                                              \
			abort();                                                          \
		}                                                                         \
	} while (0)

/* Allocation that aborts on failure (STYLE.md: allocation failure aborts). */
static inline void *wl_calloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	WL_ASSERT(p != NULL || n == 0 || size == 0, "out of memory");
	return p;
}

static inline void *wl_realloc(void *old, size_t size)
{
	void *p = realloc(old, size);
	WL_ASSERT(p != NULL || size == 0, "out of memory");
	return p;
}

#endif
