/* bounds: the union of ranges as the values where membership changes (bounds.h). */
#include "bounds.h"

#include <stdbool.h>
#include <stdlib.h>

/* By start, the widest first (nested ranges: the outer one first). */
static int outer_first(const void *a, const void *b)
{
    const sc_range *x = a, *y = b;
    return x->lo != y->lo ? (x->lo > y->lo) - (x->lo < y->lo) : (x->end < y->end) - (x->end > y->end);
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
        qsort(r, n, sizeof *r, outer_first);
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

/* The search's bounds as sc_bounds_nested writes them: a change of answer at pos. */
typedef struct nested {
    uint32_t *bound, *answer;
    size_t n, max;
    bool over;
} nested;

static void change(nested *s, uint64_t pos, uint32_t answer)
{
    if (pos >> 32) /* past the last value: no bound */
        return;
    if (s->n && s->bound[s->n - 1] == pos) { /* a range ended where this one starts */
        s->answer[s->n - 1] = answer;
        if (answer == (s->n > 1 ? s->answer[s->n - 2] : 0))
            s->n--;
        return;
    }
    if (answer == (s->n ? s->answer[s->n - 1] : 0))
        return;
    if (s->n == s->max) {
        s->over = true;
        return;
    }
    s->bound[s->n] = (uint32_t)pos, s->answer[s->n++] = answer;
}

size_t sc_bounds_nested(sc_range *r, size_t n, uint32_t *bound, uint32_t *answer, size_t max)
{
    if (n)
        qsort(r, n, sizeof *r, outer_first);
    nested s = {bound, answer, 0, max, false};
    /* the ranges that hold the place reached, innermost last (they nest) */
    const sc_range **open = malloc((n ? n : 1) * sizeof *open);
    if (!open)
        return max + 1;
    size_t depth = 0;
    for (size_t i = 0; i <= n && !s.over; i++) {
        while (depth && (i == n || open[depth - 1]->end <= r[i].lo)) {
            const sc_range *closed = open[--depth];
            change(&s, closed->end, depth ? open[depth - 1]->answer : 0);
        }
        if (i < n) {
            open[depth++] = &r[i];
            change(&s, r[i].lo, r[i].answer);
        }
    }
    free(open);
    return s.over ? max + 1 : s.n;
}
