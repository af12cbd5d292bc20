/* arena: a bump allocator whose allocations are freed together (a compilation's AST
 * and plan; an object's metadata fills). */
#ifndef SOCKC_ARENA_H
#define SOCKC_ARENA_H
#include <stdbool.h>
#include <stddef.h>

typedef struct sc_arena sc_arena;
sc_arena *sc_arena_new(void);
void sc_arena_free(sc_arena *a);
void *sc_arena_alloc(sc_arena *a, size_t n); /* zeroed; NULL only when out of memory */
char *sc_arena_strdup(sc_arena *a, const char *s);
/* Makes room for element n of an arena array of elem-size elements (capacity doubles).
 * Returns false when out of memory. */
bool sc_arena_grow(sc_arena *a, void **arr, size_t n, size_t *cap, size_t elem);
char *sc_arena_strndup(sc_arena *a, const char *s, size_t n);
#endif
