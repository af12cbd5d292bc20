#include "ast.h"

#include <stdlib.h>
#include <string.h>

static bool push(sc_arena *a, void ***items, size_t *n, size_t *cap, void *x)
{
    if (!sc_arena_grow(a, (void **)items, *n, cap, sizeof **items))
        return false;
    (*items)[(*n)++] = x;
    return true;
}

bool sc_expr_list_push(sc_arena *a, sc_expr_list *l, sc_expr *e) { return push(a, (void ***)&l->items, &l->n, &l->cap, e); }
bool sc_stmt_list_push(sc_arena *a, sc_stmt_list *l, sc_stmt *s) { return push(a, (void ***)&l->items, &l->n, &l->cap, s); }
bool sc_decl_list_push(sc_arena *a, sc_decl_list *l, sc_decl *d) { return push(a, (void ***)&l->items, &l->n, &l->cap, d); }

sc_expr *sc_expr_new(sc_arena *a, sc_expr_kind k, sc_loc loc)
{
    sc_expr *e = sc_arena_alloc(a, sizeof *e);
    if (e) {
        e->kind = k;
        e->loc = loc;
    }
    return e;
}

sc_stmt *sc_stmt_new(sc_arena *a, sc_stmt_kind k, sc_loc loc)
{
    sc_stmt *s = sc_arena_alloc(a, sizeof *s);
    if (s) {
        s->kind = k;
        s->loc = loc;
    }
    return s;
}

sc_decl *sc_decl_new(sc_arena *a, sc_decl_kind k, sc_loc loc)
{
    sc_decl *d = sc_arena_alloc(a, sizeof *d);
    if (d) {
        d->kind = k;
        d->loc = loc;
        d->hook = -1;
    }
    return d;
}

sc_loc sc_loc_span(sc_loc a, sc_loc b)
{
    a.end_line = b.end_line;
    a.end_col = b.end_col;
    return a;
}

const char *sc_type_name(sc_type t)
{
    static const char *names[] = {
        [TY_NONE] = "?", [TY_BOOL] = "condition", [TY_IP] = "address", [TY_PREFIX] = "prefix",
        [TY_ENDPOINT] = "endpoint", [TY_PORT] = "port", [TY_PORTRANGE] = "port range",
        [TY_NUM] = "number", [TY_PROTO] = "protocol", [TY_FAMILY] = "family", [TY_OP] = "sockops event",
        [TY_SET] = "set", [TY_MAP] = "map", [TY_SOCKMAP] = "socket map", [TY_MODULE] = "module",
        [TY_TUPLE] = "tuple",
    };
    return names[t];
}

const char *sc_binop_text(sc_binop op)
{
    static const char *t[] = {[OP_EQ] = "==", [OP_NE] = "!=", [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">",
                              [OP_GE] = ">=", [OP_IN] = "in", [OP_AND] = "and", [OP_OR] = "or"};
    return t[op];
}

_Static_assert(sizeof(sc_expr) == 104, "sc_expr's members pack into 104 bytes (ast.h)");
