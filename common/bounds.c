/* bounds: the union of ranges as the values where membership changes (bounds.h). */
#include "bounds.h"

#include <stdbool.h>
#include <stdlib.h>

static int by_lo(const void *a, const void *b)
{
    const sc_range *x = a, *y = b;
    return x->lo != y->lo ? (x->lo > y->lo) - (x->lo < y->lo) : (x->end > y->end) - (x->end < y->end);
}

/* Appends bound b; false when max are there already. */
static bool add_bound(uint32_t *bounds, size_t *nb, size_t max, uint64_t b)
{
    if (*nb == max)
        return false;
    bounds[(*nb)++] = (uint32_t)b;
    return true;
}

size_t sc_bounds(sc_range *r, size_t n, uint32_t *bounds, size_t max)
{
    if (n) /* qsort of NULL is undefined even for 0 elements */
        qsort(r, n, sizeof *r, by_lo);
    size_t nb = 0;
    for (size_t i = 0; i < n;) {
        /* a run of ranges that overlap or touch: [lo, end) */
        uint64_t lo = r[i].lo, end = r[i].end;
        for (i++; i < n && r[i].lo <= end; i++)
            end = r[i].end > end ? r[i].end : end;
        if (!add_bound(bounds, &nb, max, lo) || (end >> 32 == 0 && !add_bound(bounds, &nb, max, end)))
            return max + 1;
    }
    return nb;
}
