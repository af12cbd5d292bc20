#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* A bump allocator over a chain of blocks, each as large as all before it (64 KiB at
 * least, 32 MiB at most). Blocks of 2 MiB or more are whole 2 MiB pages of anonymous
 * memory that the kernel may back with huge pages (MADV_HUGEPAGE): 100,000 rules take
 * about 150 MB of nodes, which in 4 KiB pages were 37,000 page faults, half the time
 * of such a compile. */
typedef struct block {
    struct block *next;
    size_t used, size;
    size_t mapped; /* the length of the mapping, or 0 when from malloc */
    max_align_t data[];
} block;

struct sc_arena {
    block *head;
    size_t total;
};

enum { BLOCK_MIN = 64 << 10, BLOCK_MAX = 32 << 20, HUGE_PAGE = 2 << 20 };
/* Allocations are 8-byte aligned, as pointers and 64-bit words need (nothing here is
 * aligned wider): a 104-byte AST node takes 104 bytes, not 112. */
enum { ARENA_ALIGN = 8 };

/* A block with room for at least size bytes. */
static block *block_new(size_t size)
{
    block *b;
    size_t len = sizeof(block) + size;
    if (len < HUGE_PAGE) { /* zeroed, as a mapping is: no allocation clears its bytes */
        b = calloc(1, len);
        if (!b)
            return NULL;
        b->mapped = 0;
    } else { /* map a page more, and unmap what lies outside the aligned pages */
        len = (len + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        char *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        char *start = m + (HUGE_PAGE - (uintptr_t)m % HUGE_PAGE) % HUGE_PAGE;
        if (start > m)
            munmap(m, (size_t)(start - m));
        munmap(start + len, (size_t)(m + HUGE_PAGE - start)); /* start - m < HUGE_PAGE */
        madvise(start, len, MADV_HUGEPAGE); /* a hint: no huge pages is no error */
        b = (block *)start;
        b->mapped = len;
        size = len - sizeof(block);
    }
    b->used = 0;
    b->size = size;
    return b;
}

sc_arena *sc_arena_new(void) { return calloc(1, sizeof(sc_arena)); }

void sc_arena_free(sc_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *n; b; b = n) {
        n = b->next;
        if (b->mapped)
            munmap(b, b->mapped);
        else
            free(b);
    }
    free(a);
}

void *sc_arena_alloc(sc_arena *a, size_t n)
{
    n = (n + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
    block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = a->total < BLOCK_MIN ? BLOCK_MIN : a->total > BLOCK_MAX ? BLOCK_MAX : a->total;
        b = block_new(size > n ? size : n);
        if (!b)
            return NULL;
        a->total += b->size;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used; /* zero: no byte of a block is handed out twice */
    b->used += n;
    return p;
}

char *sc_arena_strndup(sc_arena *a, const char *s, size_t n)
{
    char *p = sc_arena_alloc(a, n + 1);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *sc_arena_strdup(sc_arena *a, const char *s) { return sc_arena_strndup(a, s, strlen(s)); }

bool sc_arena_grow(sc_arena *a, void **arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 8;
    void *na = sc_arena_alloc(a, nc * elem);
    if (!na)
        return false;
    if (n)
        memcpy(na, *arr, n * elem);
    *arr = na;
    *cap = nc;
    return true;
}
