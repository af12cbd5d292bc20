#include "bigmem.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum { PAGE = 4096, HUGE_PAGE = 2 << 20 };

void sc_advise(const void *start, size_t len, int advice)
{
    uintptr_t lo = (uintptr_t)start & ~(uintptr_t)(PAGE - 1),
              hi = ((uintptr_t)start + len + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    if (len && hi > lo)
        (void)madvise((void *)lo, hi - lo, advice);
}

/* Where touching fresh memory costs a page fault a 4 KiB page (about 12 us in the
 * virtual machine the bench runs on), a 2 MiB page is one fault for 512 of them: a
 * 100,000-rule compile wrote ~40 MB of such buffers, 10,000 faults. A block is only
 * backed with huge pages where a whole aligned 2 MiB of it lies in one mapping, and
 * before its first touch: so a big block is allocated afresh, hinted, then filled
 * (realloc would copy first), and sized so that malloc maps it on its own with a
 * length of whole 2 MiB pages, which the kernel aligns to 2 MiB (Linux 6.7 on).
 * Below SC_BIG_MIN this is realloc. */
void *sc_big_realloc(void *p, size_t n)
{
    if (n < SC_BIG_MIN)
        return realloc(p, n);
    size_t old = p ? malloc_usable_size(p) : 0;
    if (old >= n)
        return p;
    if (n > SIZE_MAX - 2 * HUGE_PAGE)
        return NULL;
    /* malloc's mapping of a block is its size and a 16-byte header rounded up to pages */
    size_t size = (n + PAGE + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE - PAGE;
    char *q = malloc(size);
    if (!q)
        return NULL;
    sc_advise(q, size, MADV_HUGEPAGE); /* a hint: no huge pages is no error */
    if (p) {
        memcpy(q, p, old);
        free(p);
    }
    return q;
}
