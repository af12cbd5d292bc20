/* bigmem: growing buffers of megabytes (a large policy's source, its metadata text,
 * fill records, trie nodes) that the kernel may back with huge pages. */
#ifndef SOCKC_BIGMEM_H
#define SOCKC_BIGMEM_H
#include <stddef.h>

/* realloc(p, n), and when the block is SC_BIG_MIN or more, a hint to the kernel
 * (MADV_HUGEPAGE) that the block may be backed with 2 MiB pages: malloc maps such a
 * block on its own, so the hint covers that block alone. Free it with free(). */
void *sc_big_realloc(void *p, size_t n);

#define SC_BIG_MIN ((size_t)4 << 20)

/* madvise(advice) over the pages that hold [start, start + len), ignoring a refusal:
 * each caller's advice is a hint or a prefetch. */
void sc_advise(const void *start, size_t len, int advice);
#endif
