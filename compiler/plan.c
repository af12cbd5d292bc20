/* plan: groups the hooks into BPF programs (one per hook, family and target, with
 * blocks in file order) and decides how each set is lowered. `--emit plan` prints it. */
#include "context.h"
#include "bounds.h"
#include "flat4.h"
#include "layout.h"
#include "meta.h"
#include "prefixes.h"
#include "parse.h"
#include "probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const sc_expr *sc_literal(const sc_expr *e)
{
    for (int i = 0; i < 64 && e && e->ref == REF_DECL && e->decl && e->decl->kind == DC_CONST; i++)
        e = e->decl->value;
    return e;
}

const sc_expr *sc_set_literal(const sc_expr *e)
{
    e = sc_literal(e);
    return e && e->kind != EX_SET && e->ref == REF_DECL && e->decl && e->decl->kind == DC_SET ? e->decl->value : e;
}

static void set_each(const sc_expr *set, void (*fn)(void *, const sc_expr *), void *arg, int depth)
{
    if (depth > SC_MAX_SET_NESTING) /* check refuses deeper nesting; this keeps the walk total */
        return;
    for (size_t i = 0; i < set->items.n; i++) {
        const sc_expr *it = sc_literal(set->items.items[i]);
        if (it->type == TY_SET)
            set_each(sc_set_literal(it), fn, arg, depth + 1);
        else
            fn(arg, it);
    }
}

void sc_set_each(const sc_expr *set, void (*fn)(void *, const sc_expr *), void *arg) { set_each(set, fn, arg, 0); }

int sc_field_vtype(int field)
{
    switch (sc_fields[field].type) {
    case TY_ENDPOINT: return SC_VT_ENDPOINT;
    case TY_IP: return SC_VT_IP;
    case TY_PORT: return SC_VT_PORT;
    default: return -1;
    }
}

void sc_encode_const(int t, const sc_expr *e, void *buf)
{
    e = sc_literal(e);
    memset(buf, 0, sc_vtype_size((sc_vtype)t));
    switch (t) {
    case SC_VT_PORT: {
        uint16_t v = (uint16_t)(e->kind == EX_ADDR ? e->addr.port : e->num);
        memcpy(buf, &v, sizeof v);
        return;
    }
    case SC_VT_U32: {
        uint32_t v = (uint32_t)e->num;
        memcpy(buf, &v, sizeof v);
        return;
    }
    case SC_VT_U64:
        memcpy(buf, &e->num, sizeof e->num);
        return;
    case SC_VT_IP:
    case SC_VT_ENDPOINT: {
        struct sc_endpoint_val v = {.port = e->addr.port, .family = e->addr.family};
        sc_addr a = e->addr.family == 4 ? sc_addr_v4_mapped(&e->addr) : e->addr;
        memcpy(v.b, a.b, 16);
        memcpy(buf, &v, t == SC_VT_IP ? 16 : sizeof v);
        return;
    }
    default:
        return;
    }
}

/* --- rule tables ---------------------------------------------------------------------- */

/* What a table's key holds: 0 an endpoint, 1 an address, 2 a port (the field's part),
 * 3 a number (uid, gid, size: one word of no end). */
static int key_part(int key) { return sc_fields[key].end < 0 ? 3 : sc_fields[key].part; }
static bool has_ip(int key) { return key_part(key) < 2; }
static bool has_port(int key) { return key_part(key) == 0 || key_part(key) == 2; }

/* How a table's key is encoded (sc_encode_const). */
static int key_vtype(int key) { return key_part(key) == 3 ? SC_VT_U32 : sc_field_vtype(key); }

/* The ranges of a value up to max (a port's, or a number's): a port or number, an
 * endpoint's port, LO..HI, or a set of them (over: it has more than MAX_RANGES, and is
 * no key of a table). */
enum { MAX_RANGES = 64, NPORTS = 65536 };
typedef struct port_ranges {
    uint32_t lo[MAX_RANGES], hi[MAX_RANGES];
    size_t n;
    bool over;
    uint32_t max;
} port_ranges;

/* The largest value of a key field of ranges: a port's, or a number's. */
static uint32_t range_max(int key) { return key_part(key) == 2 ? NPORTS - 1 : UINT32_MAX; }

static void add_range(void *arg, const sc_expr *m)
{
    port_ranges *r = arg;
    uint64_t lo = m->kind == EX_RANGE ? sc_literal(m->lhs)->num : m->kind == EX_ADDR ? m->addr.port : m->num;
    uint64_t hi = m->kind == EX_RANGE ? sc_literal(m->rhs)->num : lo;
    if (lo > r->max) /* a number no value of the field equals */
        return;
    if (r->n == MAX_RANGES) {
        r->over = true;
        return;
    }
    r->lo[r->n] = (uint32_t)lo;
    r->hi[r->n++] = (uint32_t)(hi < r->max ? hi : r->max);
}

/* The members of the set of `F in S` as keys of rules: S written there, or a named set
 * (sc_set_literal) of at most MAX_RANGES members (as lowering counted them: a set of
 * more stays a test of its set); else NULL. */
static const sc_expr *keys_set(const sc_expr *s)
{
    const sc_expr *v = sc_set_literal(s);
    const sc_setmap *sm = v->kind == EX_SET ? v->lowered : NULL;
    if (v->kind != EX_SET || (sm && sm->count[SETMAP_V6] + sm->count[SETMAP_PORTS] > MAX_RANGES))
        return NULL;
    return v;
}

static port_ranges ranges_of(const sc_expr *v, uint32_t max)
{
    port_ranges r = {.n = 0, .max = max};
    v = sc_set_literal(v);
    if (v->kind == EX_SET)
        sc_set_each(v, add_range, &r);
    else
        add_range(&r, v);
    return r;
}

/* The field a rule's condition tests for one constant: `FIELD == CONST` (an address,
 * port or number field), the endpoint of `E.ip == A and E.port == P` or of `E in
 * PREFIX and E.port == P` (either order; a prefix rule of ports), the address of `E in
 * PREFIX` (a prefix rule), or the port or number of `F in LO..HI` or `F in {VALUES AND
 * RANGES}`, written there or a named set (`dst.port in {80, 443}`, `uid in
 * 100000..165535`, `uid in tenant_a`: a rule of ranges); -1 for any other. */
static int key_field(const sc_expr *c)
{
    if (c->kind != EX_BINARY)
        return -1;
    if (c->op == OP_AND) { /* an address or a prefix, and a port (parts 1 and 2) of one end */
        if (c->lhs->kind != EX_BINARY || c->rhs->kind != EX_BINARY)
            return -1;
        int a = key_field(c->lhs), b = key_field(c->rhs);
        if (a < 0 || b < 0 || sc_fields[a].end != sc_fields[b].end || sc_fields[a].part + sc_fields[b].part != 3 ||
            (sc_fields[a].part == 2 ? c->lhs : c->rhs)->op != OP_EQ)
            return -1;
        return sc_fields[a].end == 0 ? FLD_SRC : FLD_DST;
    }
    if (c->op == OP_IN && c->lhs->ref == REF_FIELD && key_part(c->lhs->field) >= 2 &&
        (sc_fields[c->lhs->field].end >= 0 || sc_fields[c->lhs->field].type == TY_NUM)) { /* a range or an inline set */
        const sc_expr *r = sc_literal(c->rhs), *s = keys_set(r);
        int f = c->lhs->field;
        bool ranges = r->kind == EX_RANGE || (s && s->num == 2 && !ranges_of(s, range_max(f)).over);
        return ranges ? f : -1;
    }
    if (c->op == OP_IN && c->lhs->ref == REF_FIELD && sc_fields[c->lhs->field].end >= 0 &&
        sc_fields[c->lhs->field].part < 2) {
        const sc_expr *p = sc_literal(c->rhs);
        bool prefix = p->kind == EX_ADDR && (p->type == TY_IP || p->type == TY_PREFIX);
        return prefix ? (sc_fields[c->lhs->field].end == 0 ? FLD_SRC_IP : FLD_DST_IP) : -1;
    }
    if (c->op != OP_EQ || c->lhs->ref != REF_FIELD ||
        (sc_field_vtype(c->lhs->field) < 0 && sc_fields[c->lhs->field].type != TY_NUM))
        return -1;
    const sc_expr *k = sc_literal(c->rhs);
    return k->kind == EX_ADDR || k->kind == EX_NUM ? c->lhs->field : -1;
}

/* Does a key field fit one word whatever the family: a port or a number? */
static bool one_word(int key) { return key_part(key) >= 2; }

/* The conjuncts of a key of two fields (a pair): `uid == U and dst.port == P`, `src.ip
 * == A and dst.port == P`, `uid == U and dst in P`, `uid in 100000..165535 and dst.port
 * == P`, `uid in 100000..165535 and dst in P`, each a field tested for one value (or
 * the main one for a prefix, or ranges of a number; beside a prefix or an endpoint the
 * other for one range, ranged), the fields not the address and port of one end (that
 * is an endpoint key: key_field), and one of them a port or a number (one_word); or a
 * number's value or range beside a prefix of a port, `uid == U and (dst in P and
 * dst.port == N)` (port_ranked: joined makes the two one conjunct). The
 * other is the main field, whose words come first in the key (but for a prefix's, whose
 * LPM key has the other's word first); of two one-word fields, a number before a port,
 * else in the order of the fields (so either order of the conjuncts is one key). Its
 * conjunct in part[0], the other in part[1]. False for any other condition. */
static bool key_pair(const sc_expr *c, const sc_expr *part[2])
{
    if (c->kind != EX_BINARY || c->op != OP_AND || c->lhs->kind != EX_BINARY || c->rhs->kind != EX_BINARY ||
        key_field(c) >= 0)
        return false;
    int a = key_field(c->lhs), b = key_field(c->rhs);
    if (a < 0 || b < 0 || a == b || (!one_word(b) && !one_word(a)) ||
        (sc_fields[a].end >= 0 && sc_fields[a].end == sc_fields[b].end)) /* `dst in P and dst.port in R`: no pair */
        return false;
    int rank_a = sc_fields[a].end >= 0, rank_b = sc_fields[b].end >= 0; /* a number ranks before a port */
    bool swap = one_word(a) && (!one_word(b) || rank_a > rank_b || (rank_a == rank_b && a > b));
    part[0] = swap ? c->rhs : c->lhs;
    part[1] = swap ? c->lhs : c->rhs;
    int main_part = key_part(swap ? b : a); /* the main field a prefix, or a number's ranges */
    bool prefix_port = main_part == 0 && part[0]->op == OP_AND && key_part(swap ? a : b) == 3;
    if (part[1]->op != OP_EQ) /* one range beside a prefix or an endpoint */
        return (main_part == 1 || (main_part == 0 && part[0]->op == OP_EQ) || prefix_port) &&
               ranges_of(part[1]->rhs, range_max(swap ? a : b)).n == 1;
    return part[0]->op == OP_EQ || main_part == 1 || main_part == 3 || prefix_port;
}

/* Is table rule key kc a pair of a number and a prefix of a port (`uid == 1001 and
 * (dst in 10.1.0.0/16 and dst.port == 5432)`: key_pair)? Its table's key word holds
 * the number's rank (the index + 1 of its value or range among the run's:
 * key2_ranks) above the port (sc_table_layout.key_port_ranked). */
static bool port_ranked(const sc_expr *kc)
{
    const sc_expr *part[2];
    return key_pair(kc, part) && part[0]->op == OP_AND;
}

/* The `F != v` of a key of one field for one value (or a prefix) beside a number that is
 * not v, `if dst.port == 5432 and uid != 999 { deny; }` (the port's owner alone may
 * reach it), `if dst in 10.1.0.0/16 and uid != 1001 { deny; }`: a table keyed by the
 * field, whose value holds v (sc_ruletab.except_field), a hit with the number equal to
 * it taken as a miss. NULL for any other key; else the key's own conjunct in *key. */
static const sc_expr *except_conj(const sc_expr *c, const sc_expr **key)
{
    if (c->kind != EX_BINARY || c->op != OP_AND || c->whole || c->lhs->kind != EX_BINARY || c->rhs->kind != EX_BINARY)
        return NULL;
    for (int side = 0; side < 2; side++) {
        const sc_expr *ne = side ? c->lhs : c->rhs, *k = side ? c->rhs : c->lhs;
        int f = ne->lhs->ref == REF_FIELD ? ne->lhs->field : -1;
        if (ne->op == OP_NE && f >= 0 && key_part(f) == 3 && f != FLD_PROTO && f != FLD_FAMILY &&
            sc_literal(ne->rhs)->kind == EX_NUM && (k->op == OP_EQ || k->op == OP_IN) && key_field(k) >= 0 &&
            (k->op == OP_EQ || key_part(key_field(k)) < 2)) { /* a value, or a prefix (not ranges) */
            *key = k;
            return ne;
        }
    }
    return NULL;
}

/* A table rule's key c without its `F != v` (except_conj), or c. */
static const sc_expr *key_of(const sc_expr *c)
{
    const sc_expr *k;
    return except_conj(c, &k) ? k : c;
}

/* The number a table rule's key c excepts (except_conj), or -1. */
static int except_field(const sc_expr *c)
{
    const sc_expr *k, *ne = except_conj(c, &k);
    return ne ? ne->lhs->field : -1;
}

/* The key field of a table rule's key c, as key_field, or of a pair (key_pair) its main
 * field where second is not NULL, the other in *second (-1 for a key of one field). */
static int key_fields(const sc_expr *c, int *second)
{
    const sc_expr *part[2];
    if (second) /* a run's, whose key may except a number (except_conj) */
        c = key_of(c), *second = -1;
    if (!second || !key_pair(c, part))
        return key_field(c);
    *second = key_field(part[1]);
    return key_field(part[0]);
}

/* The name of a key as the plan and the warnings show it: `dst.port`, `uid and
 * dst.port` (key2 >= 0: a pair). */
static const char *key_name(int key, int key2, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s%s", sc_fields[key].name, key2 < 0 ? "" : " and ", key2 < 0 ? "" : sc_fields[key2].name);
    return buf;
}

/* Is a table rule's key (key_field) a prefix: `E in PREFIX`, alone or with `E.port ==
 * P`? */
static bool key_is_prefix(const sc_expr *kc)
{
    if (kc->op == OP_AND)
        return key_is_prefix(kc->lhs) || key_is_prefix(kc->rhs);
    return kc->op == OP_IN && sc_fields[kc->lhs->field].end >= 0 && sc_fields[kc->lhs->field].part != 2;
}

/* Of a table rule's key kc (key_field), the test of the address or number: all of it,
 * or of `E in PREFIX and E.port == P` the conjunct of the prefix. */
static const sc_expr *key_address(const sc_expr *kc)
{
    const sc_expr *part[2];
    kc = key_of(kc);
    if (key_pair(kc, part))
        return part[0];
    return kc->op != OP_AND ? kc : sc_fields[kc->lhs->lhs->field].part != 2 ? kc->lhs : kc->rhs;
}

/* Is table rule key kc of field key (key_field) one of ranges (sc_ruletab.ranges): a
 * port's or a number's `in`, alone or as a pair's main field? */
static bool key_of_ranges(const sc_expr *kc, int key) { return key_part(key) >= 2 && key_address(kc)->op == OP_IN; }

/* The constant a table rule's key tests, as one literal (key_field): of `E in PREFIX
 * and E.port == P`, the prefix with the port; of a pair (key_pair) the main field's,
 * an address or prefix with the index of the second field's value among the run's as
 * its port (key2_rank), which the passes over prefix rules compare as they compare
 * ports (the prefix rules of one value meet, of two never); of a prefix of a port and
 * a number (port_ranked), the prefix with the index of the number's rank and the port
 * among the run's as its port (word_rank). */
static sc_expr key_const(const sc_expr *c);
static sc_expr rule_key(const sc_stmt *r)
{
    const sc_expr *c = key_of(r->table_key), *part[2];
    if (key_pair(c, part)) {
        sc_expr k = key_const(part[0]);
        if (part[0]->op == OP_AND) /* a prefix of a port: the index of the number's rank and the port */
            k.addr.port = r->word_rank;
        else if (key_part(key_field(part[0])) == 1)
            k.addr.has_port = true, k.addr.port = r->key2_rank;
        return k;
    }
    return key_const(c);
}

/* The constant of a key of one field c (key_field), as rule_key. */
static sc_expr key_const(const sc_expr *c)
{
    if (c->op != OP_AND)
        return *sc_literal(c->rhs);
    const sc_expr *ip = key_address(c), *port = ip == c->lhs ? c->rhs : c->lhs;
    sc_expr k = *sc_literal(ip->rhs);
    const sc_expr *p = sc_literal(port->rhs);
    k.type = ip->op == OP_EQ ? TY_ENDPOINT : k.type;
    k.addr.has_port = true;
    k.addr.port = (uint16_t)(p->kind == EX_ADDR ? p->addr.port : p->num);
    return k;
}

/* The values the second field of a table rule's pair tests (key_pair), lo..hi: a port
 * (host order) or a number (lo == hi), or one range of them beside a prefix; 0..0 for a
 * key of one field. */
static void rule_span2(const sc_stmt *r, uint32_t *lo, uint32_t *hi)
{
    const sc_expr *part[2];
    *lo = *hi = 0;
    if (!key_pair(r->table_key, part))
        return;
    port_ranges pr = ranges_of(part[1]->rhs, range_max(key_field(part[1])));
    *lo = pr.lo[0], *hi = pr.hi[0];
}

/* The value the second field of a table rule's pair tests (rule_span2: the first of
 * its range). */
static uint32_t rule_key2(const sc_stmt *r)
{
    uint32_t lo, hi;
    rule_span2(r, &lo, &hi);
    return lo;
}

/* The port of table rule r's key of a prefix of a port (port_ranked), host order. */
static uint16_t rule_port(const sc_stmt *r)
{
    const sc_expr *part[2];
    return key_pair(r->table_key, part) ? key_const(part[0]).addr.port : 0;
}

/* Is table rule key kc a pair that tests a range of its second field (`uid in
 * 100000..165535 and dst in P`, `... and dst == A:P`), or a number beside a prefix of
 * a port (port_ranked)? Its run's keys then hold the index + 1 of the range (or value)
 * among the run's, which are apart (rank_key2, sc_ruletab.key2_ranks). */
static bool ranged(const sc_expr *kc)
{
    const sc_expr *part[2];
    return key_pair(kc, part) && (part[1]->op != OP_EQ || part[0]->op == OP_AND);
}

/* ranged, of table rule r's key. */
static bool ranged2(const sc_stmt *r) { return ranged(r->table_key); }

/* The conjuncts of c as sc_conjuncts gives them; where whole, an `E in P and E.port ==
 * N` that joined made one (sc_expr.whole) is one conjunct. */
static size_t conjuncts(const sc_expr *c, const sc_expr **out, size_t max, bool whole)
{
    if (c->kind == EX_BINARY && c->op == OP_AND && !(whole && c->whole)) {
        size_t a = conjuncts(c->lhs, out, max, whole), b = a ? conjuncts(c->rhs, out + a, max - a, whole) : 0;
        return b ? a + b : 0;
    }
    if (!max)
        return 0;
    out[0] = c;
    return 1;
}

size_t sc_conjuncts(const sc_expr *c, const sc_expr **out, size_t max) { return conjuncts(c, out, max, false); }

/* The conjuncts of c as the plan takes them apart: an `E in P and E.port == N` made
 * one (sc_expr.whole) is one. */
static size_t plan_conjuncts(const sc_expr *c, const sc_expr **out, size_t max) { return conjuncts(c, out, max, true); }

/* Where a table's key is in a rule's condition (its pos): all of it (-1), the
 * conjunct at pos (0 <= pos < SC_TABLE_MAX_CONJ), or the conjuncts i < j together,
 * KEY_PAIR(i, j), in a condition of three or more: the address or prefix and the port
 * of `proto == tcp and dst in P and dst.port == N`. The other conjuncts are the guard. */
#define KEY_PAIR(i, j) (SC_TABLE_MAX_CONJ * (1 + (int)(i)) + (int)(j))

/* The conjuncts at pos (>= 0): i and j of a pair, or i = j = pos. */
static void key_at(int pos, size_t *i, size_t *j)
{
    bool pair = pos >= SC_TABLE_MAX_CONJ;
    *i = pair ? (size_t)pos / SC_TABLE_MAX_CONJ - 1 : (size_t)pos;
    *j = pair ? (size_t)pos % SC_TABLE_MAX_CONJ : (size_t)pos;
}

/* Is conjunct k (part of) the key at pos? */
static bool key_has(int pos, size_t k)
{
    size_t i, j;
    key_at(pos, &i, &j);
    return pos >= 0 && (k == i || k == j);
}

/* The part of st's condition at pos: all of it, a conjunct, or (a pair) the two as one
 * `and` made in *pair; NULL when it has none there. */
static const sc_expr *key_part_of(const sc_stmt *st, int pos, sc_expr *pair)
{
    const sc_expr *conj[SC_TABLE_MAX_CONJ];
    if (pos < 0)
        return st->cond;
    size_t n = plan_conjuncts(st->cond, conj, SC_TABLE_MAX_CONJ), i, j;
    if (pos < SC_TABLE_MAX_CONJ)
        return n >= 2 && (size_t)pos < n ? conj[pos] : NULL;
    key_at(pos, &i, &j);
    if (n < 3 || j >= n)
        return NULL;
    /* from the one written first to the other (align_conjuncts may have put them in
     * another order) */
    bool ji = conj[j]->loc.line < conj[i]->loc.line ||
              (conj[j]->loc.line == conj[i]->loc.line && conj[j]->loc.col < conj[i]->loc.col);
    const sc_expr *from = ji ? conj[j] : conj[i], *to = ji ? conj[i] : conj[j];
    *pair = (sc_expr){.kind = EX_BINARY, .loc = from->loc, .op = OP_AND, .type = TY_BOOL,
                      .lhs = (sc_expr *)conj[i], .rhs = (sc_expr *)conj[j]};
    pair->loc.end_line = to->loc.end_line;
    pair->loc.end_col = to->loc.end_col;
    return pair;
}

/* Is pos a place for a key in a condition of n conjuncts (n >= 2)? */
static bool key_pos_in(size_t n, int pos)
{
    size_t i, j;
    key_at(pos, &i, &j);
    return pos < SC_TABLE_MAX_CONJ ? pos < (int)n : n >= 3 && i < j && j < n;
}

/* key_part_of to keep as st's table_key (a pair in the arena); NULL when out of memory. */
static const sc_expr *table_key_of(sc_ctx *c, const sc_stmt *st, int pos)
{
    sc_expr pair, *kept;
    const sc_expr *k = key_part_of(st, pos, &pair);
    if (k != &pair)
        return k;
    if ((kept = sc_arena_alloc(c->arena, sizeof *kept)))
        *kept = pair;
    return kept;
}

/* A table rule's leading `count NAME;` (before what else it does, or all it does), or
 * NULL: a hit of the table counts it (ruletab's count, or its entry's counter). */
static const sc_stmt *rule_count(const sc_stmt *r)
{
    return r->then.n && r->then.items[0]->kind == ST_COUNT ? r->then.items[0] : NULL;
}

/* Where a table rule's statements start past its count. */
static size_t past_count(const sc_stmt *r) { return rule_count(r) != NULL; }

/* A table rule's `bind A;`: its first statement, or its second after a rewrite (the
 * two commute: one writes the destination, the other binds the socket, and a bind
 * that fails fails the connect either way); or NULL. */
static const sc_stmt *rule_bind(const sc_stmt *r)
{
    size_t at = past_count(r), n = r->then.n - at;
    sc_stmt *const *l = r->then.items + at;
    if (n && l[0]->kind == ST_BIND)
        return l[0];
    return n > 1 && l[0]->kind == ST_REWRITE && l[1]->kind == ST_BIND ? l[1] : NULL;
}

/* The number of statements of table rule r besides its count and its bind. */
static size_t after_bind(const sc_stmt *r) { return r->then.n - past_count(r) - (rule_bind(r) != NULL); }

/* Statement k of table rule r, not counting its count and its bind (k < after_bind(r)). */
static const sc_stmt *but_bind(const sc_stmt *r, size_t k)
{
    size_t at = past_count(r);
    const sc_stmt *bd = rule_bind(r);
    return r->then.items[at + k + (bd && k >= (bd == r->then.items[at] ? 0u : 1u))];
}

/* A table rule's statement besides its count, its bind and a final allow: the first
 * that is none of them (the bind itself when nothing else is, the count when it is
 * all). */
const sc_stmt *sc_table_body(const sc_stmt *r)
{
    return after_bind(r) ? but_bind(r, 0) : rule_bind(r) ? rule_bind(r) : rule_count(r);
}

/* Does the policy go on to the next rule after table rule r matched? Only after a
 * rewrite that no allow follows, a bind alone, or a count alone. */
static bool goes_on(const sc_stmt *r)
{
    const sc_stmt *b = sc_table_body(r);
    return (b->kind == ST_REWRITE && after_bind(r) == 1) || b->kind == ST_BIND || b->kind == ST_COUNT;
}

/* The family of the address table rule r binds, or 0. */
static int bind_family(const sc_stmt *r) { return rule_bind(r) ? sc_literal(rule_bind(r)->value)->addr.family : 0; }

/* Do prefixes (or addresses) a and b hold an address in common, an IPv4 one taken as
 * its IPv4-mapped IPv6 prefix where the other is IPv6 (as the 6 programs see it)? */
static bool addrs_meet(sc_addr a, sc_addr b)
{
    if (a.family != b.family && a.family == 4)
        a = sc_addr_v4_mapped(&a);
    else if (a.family != b.family)
        b = sc_addr_v4_mapped(&b);
    return sc_addr_contains(&a, &b) || sc_addr_contains(&b, &a);
}

/* Does IPv6 key a (an address or a prefix) hold an IPv4-mapped address? The 6
 * programs look those up in the 4 programs' table where they share it (mapped_v4),
 * which holds IPv4 keys only; and an IPv4 address written there lands (rewrite_lands). */
static bool meets_mapped(const sc_addr *a) { return addrs_meet(*a, (sc_addr){.family = 4}); /* ::ffff:0:0/96 */ }

/* Does rule st (its body b) write or bind an IPv4 address? */
static bool writes_v4(const sc_stmt *st, const sc_stmt *b)
{
    const sc_expr *v = b->kind == ST_REWRITE ? sc_literal(b->value) : NULL;
    return bind_family(st) == 4 ||
           (v && v->kind == EX_ADDR && v->addr.family == 4 && sc_fields[b->target->field].part != 2);
}

/* Is st a rule `if KEY { S }` (or `if KEY { rewrite ...; allow; }`, either with a
 * `bind A;` before or right after the rewrite, or `bind A;` alone or with allow) of a
 * table (context.h), KEY the part of its condition at pos (key_part_of)? Returns the
 * key field (or -1) and the field it rewrites (or -1) in *rw; where key2 is not NULL,
 * KEY may be a pair (key_pair), whose second field goes in *key2 (-1: none). */
static int table_rule(const sc_stmt *st, int pos, int *rw, int *key2)
{
    if (key2)
        *key2 = -1;
    if (st->kind != ST_IF || st->els.n || st->then.n < 1)
        return -1;
    /* after an optional count and an optional bind: one statement, or `rewrite ...;
     * allow;`, or nothing; after a bind only a rewrite or allow. A rule that counts has
     * an entry in each table where its key can match, whether or not the rest of it
     * does anything there (in_table) */
    const sc_stmt *b = sc_table_body(st);
    size_t rest = after_bind(st);
    if (rest > 2 || (rest == 2 && (b->kind != ST_REWRITE || st->then.items[st->then.n - 1]->kind != ST_ALLOW)) ||
        (rule_bind(st) && rest && b->kind != ST_REWRITE && b->kind != ST_ALLOW))
        return -1;
    sc_expr pair;
    const sc_expr *kc = key_part_of(st, pos, &pair);
    int key = kc ? key_fields(kc, key2) : -1;
    if (key < 0 || (except_field(kc) >= 0 && goes_on(st))) /* one that excepts ends the program */
        return -1;
    *rw = -1;
    /* An IPv6 key of IPv4-mapped addresses (`if dst in ::/0`) and an IPv4 address to
     * write or bind: the rule stays an if. Tables take an IPv6 key for one of no mapped
     * socket, where an IPv4 address never lands (rewrite_lands, binds_in). */
    const sc_expr *ka = sc_literal(key_address(kc)->rhs);
    if (key_part(key) < 2 && ka->kind == EX_ADDR && ka->addr.family == 6 && meets_mapped(&ka->addr) && writes_v4(st, b))
        return -1;
    if (b->kind == ST_BIND || (b->kind == ST_COUNT && !rest)) {
        return key;
    } else if (b->kind == ST_REWRITE) {
        int end = sc_fields[b->target->field].end;
        if (b->value->kind == EX_INDEX || (key_part(key) != 3 && end != sc_fields[key].end))
            return -1;
        *rw = b->target->field;
    } else if (b->kind == ST_ASSIGN || b->kind == ST_REDIRECT) {
        /* a constant slot, which the table holds as a u32 */
        const sc_decl *d = b->target->lhs->decl;
        if (b->target->rhs->ref == REF_REVERSE ||
            (d->kind != DC_SOCKMAP && (d->kind != DC_SOCKHASH || strcmp(d->key_type, "u32") != 0)))
            return -1;
    } else if (b->kind != ST_ALLOW && b->kind != ST_DENY && b->kind != ST_PASS && b->kind != ST_DROP) {
        return -1;
    }
    return key;
}

/* Are two expressions the same test (as the checker resolved them)? */
static bool same_expr(const sc_expr *a, const sc_expr *b)
{
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind || a->op != b->op || a->ref != b->ref || a->field != b->field || a->decl != b->decl ||
        a->num != b->num || a->type != b->type)
        return false;
    if (a->kind == EX_ADDR && (a->addr.family != b->addr.family || a->addr.plen != b->addr.plen ||
                               a->addr.has_port != b->addr.has_port || a->addr.port != b->addr.port ||
                               memcmp(a->addr.b, b->addr.b, 16) != 0))
        return false;
    if (a->kind == EX_SET) {
        if (a->items.n != b->items.n)
            return false;
        for (size_t i = 0; i < a->items.n; i++)
            if (!same_expr(a->items.items[i], b->items.items[i]))
                return false;
    }
    return same_expr(a->lhs, b->lhs) && same_expr(a->rhs, b->rhs);
}

/* Do rules a and b have the same conjuncts but the one at pos (their guard)? */
static bool same_guard(const sc_stmt *a, const sc_stmt *b, int pos)
{
    if (pos < 0)
        return true;
    const sc_expr *ca[SC_TABLE_MAX_CONJ], *cb[SC_TABLE_MAX_CONJ];
    size_t n = plan_conjuncts(a->cond, ca, SC_TABLE_MAX_CONJ);
    if (plan_conjuncts(b->cond, cb, SC_TABLE_MAX_CONJ) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!key_has(pos, i) && !same_expr(ca[i], cb[i]))
            return false;
    return true;
}

/* Are two statements alike (as the checker resolved them)? */
static bool same_stmt(const sc_stmt *x, const sc_stmt *y)
{
    return x->kind == y->kind && x->or_pass == y->or_pass && x->egress == y->egress && same_expr(x->target, y->target) &&
           same_expr(sc_literal(x->value), sc_literal(y->value));
}

/* Do table rules a and b count the same counter, or neither count? */
static bool same_count(const sc_stmt *a, const sc_stmt *b)
{
    const sc_stmt *ca = rule_count(a), *cb = rule_count(b);
    return !ca == !cb && (!ca || same_stmt(ca, cb));
}

/* The socket map a table rule assigns or redirects from, or NULL. */
static const sc_decl *sock_map(const sc_stmt *st)
{
    const sc_stmt *b = sc_table_body(st);
    return b->kind == ST_ASSIGN || b->kind == ST_REDIRECT ? b->target->lhs->decl : NULL;
}

/* The families of rule r's key (on field key) and of the address its rewrite writes
 * (0: none). */
static void rule_families(int key, const sc_stmt *r, int *kfam, int *vfam)
{
    const sc_stmt *b = sc_table_body(r);
    *kfam = key_part(key) < 2 ? rule_key(r).addr.family : 0;
    *vfam = b->kind == ST_REWRITE && sc_fields[b->target->field].part != 2 ? sc_literal(b->value)->addr.family : 0;
}

/* Does rule r's rewrite write its address in the table of this family? Not an IPv6
 * address in a 4 program, nor an IPv4 one over a real IPv6 address (an IPv6 key) in a
 * 6 program: there the rewrite does nothing and the rest of the rule runs, as in an if.
 * (An IPv4 address for a key of no address lands in a 6 program only on a mapped
 * socket, which the program tests: SC_TV_NEEDS_MAPPED.) */
static bool rewrite_lands(int key, const sc_stmt *r, int family)
{
    int kfam, vfam;
    rule_families(key, r, &kfam, &vfam);
    return family == 4 ? vfam != 6 : !(kfam == 6 && vfam == 4);
}

/* Does rule r bind in a program of this family? An IPv6 address never in a 4 program;
 * an IPv4 one in a 6 program only on an IPv4-mapped socket, so never for an IPv6 key. */
static bool binds_in(int key, const sc_stmt *r, int family)
{
    int kfam, vfam, bfam = bind_family(r);
    rule_families(key, r, &kfam, &vfam);
    return family == 4 ? bfam == 4 : bfam == 6 || (bfam == 4 && kfam != 6);
}

/* Does rule r go on in some program with its key as it was, its rewrite doing nothing
 * there (rewrite_lands) but its entry present: where it binds or counts, and for a key
 * of no address, whose 6 programs' entry writes an IPv4 address only on an IPv4-mapped
 * socket (tested at run time)? A rule that does nothing there has no entry (in_table):
 * as if it were not there, it needs no cut. */
static bool goes_on_as_was(int key, const sc_stmt *r)
{
    int kfam, vfam;
    rule_families(key, r, &kfam, &vfam);
    if (!goes_on(r) || !vfam)
        return false;
    if (kfam == 0 && vfam == 4)
        return true;
    for (int family = 4; family <= 6; family += 2) /* where its key can match */
        if ((family == 6 || kfam != 6) && !rewrite_lands(key, r, family) && (binds_in(key, r, family) || rule_count(r)))
            return true;
    return false;
}

/* What rule r of table t does in the table of a family (4, 6): SC_RULE_* (layout.h),
 * but for its bind; a rewrite of an address that does not fit the family does nothing
 * there (the rest of the rule runs). */
static int table_action(const sc_ruletab *t, const sc_stmt *r, int family)
{
    const sc_stmt *b = sc_table_body(r);
    bool lands = rewrite_lands(t->key_field, r, family);
    switch (b->kind) {
    case ST_BIND:
    case ST_COUNT: return SC_RULE_GO_ON;
    case ST_ALLOW:
    case ST_PASS: return SC_RULE_ALLOW;
    case ST_DENY:
    case ST_DROP: return SC_RULE_DENY;
    case ST_ASSIGN: return b->or_pass ? SC_RULE_ASSIGN_OR_PASS : SC_RULE_ASSIGN;
    case ST_REDIRECT: return b->egress ? SC_RULE_REDIRECT_EGRESS : SC_RULE_REDIRECT;
    default:
        if (after_bind(r) == 2)
            return lands ? SC_RULE_REWRITE_ALLOW : SC_RULE_ALLOW;
        return lands ? SC_RULE_REWRITE : SC_RULE_GO_ON;
    }
}

/* Has rule r an entry in the table of family index fi? Where its key can match (an
 * IPv6 key never does in a 4 program, and an IPv4 key is left to the 4 programs'
 * table where the 6 programs read it: mapped_v4) and it does something: not a rule
 * that only goes on there, its rewrite not landing, no bind of that family and no
 * count. */
static bool in_table(const sc_ruletab *t, const sc_stmt *r, int fi)
{
    int kfam, vfam;
    rule_families(t->key_field, r, &kfam, &vfam);
    bool idle = table_action(t, r, fi ? 6 : 4) == SC_RULE_GO_ON && !binds_in(t->key_field, r, fi ? 6 : 4) &&
                !rule_count(r);
    return !idle && (fi ? !(kfam == 4 && t->mapped_v4) : kfam != 6);
}

/* The distinct keys among n of key_size bytes each (the caller's array), for the
 * passes over a rule run that need the first rule of each key: open addressing over
 * indices, at most half full. */
typedef struct keyset {
    const uint8_t *keys;
    size_t key_size, mask;
    uint32_t *slots; /* index + 1; 0 is empty */
} keyset;

static bool keyset_init(keyset *s, const uint8_t *keys, size_t key_size, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    *s = (keyset){keys, key_size, cap - 1, calloc(cap, sizeof *s->slots)};
    return s->slots != NULL;
}

/* The index of the first key equal to k; when there is none, adds index i (k being
 * keys[i]) and returns it. i = SIZE_MAX looks up without adding. */
static size_t keyset_find(keyset *s, const uint8_t *k, size_t i)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t b = 0; b < s->key_size; b++)
        h = (h ^ k[b]) * 1099511628211u;
    for (size_t at = h & s->mask;; at = (at + 1) & s->mask) {
        uint32_t v = s->slots[at];
        if (v == 0) {
            if (i != SIZE_MAX)
                s->slots[at] = (uint32_t)i + 1;
            return i;
        }
        if (memcmp(s->keys + (v - 1) * s->key_size, k, s->key_size) == 0)
            return v - 1;
    }
}

/* A key as keys_exact and warn_shadowed compare them: the key field's value, then the
 * word of a pair's second field (0 for a key of one field). */
enum { KEY_BYTES = sizeof(struct sc_endpoint_val) + 4 };

/* Rule key or value e of a table keyed by key, and w2 of its second field, encoded as
 * keys_exact compares them: in one space, IPv4 addresses as their IPv4-mapped form (an
 * IPv4 value lands mapped in the 6 programs, where an IPv6 key `[::ffff:10.0.0.1]:80`
 * then matches it). */
static void encode_key(int key, const sc_expr *e, uint32_t w2, uint8_t out[KEY_BYTES])
{
    memset(out, 0, KEY_BYTES);
    sc_encode_const(key_vtype(key), e, out);
    if (key_vtype(key) == SC_VT_ENDPOINT)
        out[offsetof(struct sc_endpoint_val, family)] = 0;
    memcpy(out + sizeof(struct sc_endpoint_val), &w2, 4);
}

/* The key's value after rule i's rewrite, encoded (encode_key; its own key when the
 * rewrite leaves the key's parts alone); false when no later rule runs (goes_on). */
static bool key_after(const sc_stmt *st, int key, int key2, uint8_t out[KEY_BYTES])
{
    const sc_stmt *b = sc_table_body(st);
    if (!goes_on(st))
        return false;
    sc_expr e = rule_key(st);
    uint32_t w2 = rule_key2(st);
    if (b->kind == ST_REWRITE) { /* a bind alone leaves the key as it was */
        int kp = key_part(key), rp = sc_fields[b->target->field].part; /* 0 endpoint, 1 ip, 2 port */
        const sc_expr *v = sc_literal(b->value);
        uint16_t key_port = e.addr.port;
        if (kp == 0 && rp == 1)
            e.addr = v->addr, e.addr.has_port = true, e.addr.port = key_port;
        else if (kp == 0 && rp == 2)
            e.addr.port = (uint16_t)(v->kind == EX_ADDR ? v->addr.port : v->num);
        else if (kp != 3 && (kp == rp || rp == 0)) /* else it leaves the key alone */
            e = *v;
        if (key2 >= 0 && key_part(key2) == 2 && rp != 1 && sc_fields[b->target->field].end == sc_fields[key2].end)
            w2 = (uint32_t)(v->kind == EX_ADDR ? v->addr.port : v->num); /* the pair's port */
    }
    encode_key(key, &e, w2, out);
    return true;
}

/* How many of rules[0..n) one lookup takes and still means what they say in order:
 * all of them but from the first rule whose key an earlier rule's rewrite makes the
 * field equal to (which would run next in the policy; its own key too, when the rewrite
 * leaves it alone or does nothing: goes_on_as_was). The rules from there on can be a
 * lookup of their own, after this one, where the rewritten field is looked up again.
 * -1 when out of memory. */
static ptrdiff_t keys_exact(sc_stmt **rules, size_t n, int key, int key2)
{
    enum { KS = KEY_BYTES };
    uint8_t *fed = calloc(2 * n, KS); /* the key after rule i's rewrite, and its own */
    keyset ks;
    if (!fed || !keyset_init(&ks, fed, KS, 2 * n)) {
        free(fed);
        return -1;
    }
    size_t m = 0;
    for (; m < n; m++) {
        uint8_t *own = fed + (2 * m + 1) * KS;
        sc_expr e = rule_key(rules[m]);
        encode_key(key, &e, rule_key2(rules[m]), own);
        if (keyset_find(&ks, own, SIZE_MAX) != SIZE_MAX)
            break;
        if (key_after(rules[m], key, key2, fed + 2 * m * KS))
            keyset_find(&ks, fed + 2 * m * KS, 2 * m);
        /* a rule that excepts a number hands its key on too: for that number a later
         * rule of the key runs */
        if (goes_on_as_was(key, rules[m]) || except_field(rules[m]->table_key) >= 0)
            keyset_find(&ks, own, 2 * m + 1);
    }
    free(ks.slots);
    free(fed);
    return (ptrdiff_t)m;
}

/* Do the entries of a run keyed by key (and key2) carry a port or a second field's word
 * besides the address (the word of a prefix run's LPM key before the address:
 * sc_table_layout.key_word_first)? */
static bool has_word(int key, int key2) { return has_port(key) || key2 >= 0; }

/* keys_exact for a run of prefix rules, which one longest-prefix lookup answers with the
 * first rule whose prefix holds the address once the rules that an earlier prefix
 * covers are left out (lower_table). A part ends before the first rule whose prefix
 * holds an address that an earlier rule of the part rewrites to, or overlaps the
 * prefix of an earlier rule that goes on with the address as it was (a rewrite of the
 * port, a bind, goes_on_as_was): that rule would run next, after the lookup. In a run
 * keyed by a port too (`dst in P and dst.port == N`), the same of the port and the
 * prefix (of a pair, the second value's rank: rule_key). */
static ptrdiff_t prefixes_exact(sc_stmt **rules, size_t n, int key, int key2)
{
    sc_prefixes fed; /* what the part's rules so far hand on */
    if (sc_prefixes_init(&fed, has_word(key, key2)) < 0)
        return -1;
    ptrdiff_t m = 0;
    for (; m < (ptrdiff_t)n; m++) {
        sc_addr k = rule_key(rules[m]).addr;
        if (sc_prefixes_overlap(&fed, &k))
            break;
        /* a rule that excepts a number hands its prefix on: for that number a later
         * rule whose prefix meets it runs */
        if (except_field(rules[m]->table_key) >= 0 && sc_prefixes_add(&fed, &k, (int)m) < 0) {
            m = -1;
            break;
        }
        if (!goes_on(rules[m]))
            continue;
        const sc_stmt *b = sc_table_body(rules[m]);
        if (goes_on_as_was(key, rules[m]) && sc_prefixes_add(&fed, &k, (int)m) < 0) {
            m = -1;
            break;
        }
        if (b->kind == ST_REWRITE) { /* the address and port it writes, over the key's */
            const sc_expr *v = sc_literal(b->value);
            int part = sc_fields[b->target->field].part;
            if (part != 2) {
                uint16_t port = k.port;
                k = v->addr;
                k.plen = k.family == 4 ? 32 : 128;
                k.port = port;
            }
            if (part != 1 && key2 < 0) /* a pair's is its second value's rank, which no rewrite writes */
                k.port = (uint16_t)(v->kind == EX_ADDR ? v->addr.port : v->num);
        }
        if (sc_prefixes_add(&fed, &k, (int)m) < 0) {
            m = -1;
            break;
        }
    }
    sc_prefixes_free(&fed);
    return m;
}

/* --- rules of ranges ----------------------------------------------------------------
 * A run whose rules test ranges (sc_ruletab.ranges): of ports, ranges or sets of them;
 * of a number, a range of it (or one number). Its values are taken apart as spans: of
 * ports each port; of a number the segments between the bounds of the run's ranges,
 * so that each rule's range is a run of whole segments. Which rule takes each span,
 * visiting each once however the ranges overlap: a union-find of the next span no rule
 * has taken yet. */

typedef struct range_space {
    uint64_t *at; /* a number's: where each segment starts, ascending, and one past the last */
    size_t n;     /* spans: NPORTS ports, or the segments */
    bool ranked;  /* a pair's (`uid in R and dst.port == P`): each value of the number at
                   * rank << 32 + value, its second value's rank (key2_rank), whose
                   * numbers are apart from every other's */
} range_space;

/* The values of a rule of a run of ranges keyed by key (its table_key's constant, of a
 * pair the main field's): its ports, or its numbers. */
static port_ranges rule_ranges(int key, const sc_stmt *st)
{
    return ranges_of(key_address(st->table_key)->rhs, range_max(key));
}

/* Where the values of rule st start in space s: 0, or its second value's rank. */
static uint64_t rank_base(const range_space *s, const sc_stmt *st) { return s->ranked ? (uint64_t)st->key2_rank << 32 : 0; }

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The spans of the run rules[0..n) keyed by key (ranked: of a pair); -1 when out of
 * memory. */
static int space_init(range_space *s, int key, bool ranked, sc_stmt *const *rules, size_t n)
{
    *s = (range_space){.n = NPORTS, .ranked = ranked};
    if (key_part(key) == 2)
        return 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += rule_ranges(key, rules[i]).n;
    if (!(s->at = malloc(2 * m * sizeof *s->at + 1)))
        return -1;
    m = 0;
    for (size_t i = 0; i < n; i++) {
        port_ranges r = rule_ranges(key, rules[i]);
        uint64_t base = rank_base(s, rules[i]);
        for (size_t k = 0; k < r.n; k++)
            s->at[m++] = base + r.lo[k], s->at[m++] = base + r.hi[k] + 1;
    }
    qsort(s->at, m, sizeof *s->at, by_u64);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (!u || s->at[u - 1] != s->at[i])
            s->at[u++] = s->at[i];
    s->n = u ? u - 1 : 0;
    return 0;
}

/* The span of a number field that starts at v, a bound of the space. */
static uint32_t span_at(const range_space *s, uint64_t v)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->at[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

/* The values of rule st of a run keyed by key as ranges of the spans of s that make
 * them up. */
static port_ranges rule_spans(const range_space *s, int key, const sc_stmt *st)
{
    port_ranges r = rule_ranges(key, st);
    uint64_t base = rank_base(s, st);
    for (size_t k = 0; s->at && k < r.n; k++)
        r.lo[k] = span_at(s, base + r.lo[k]), r.hi[k] = span_at(s, base + r.hi[k] + 1) - 1;
    return r;
}

/* The fewest aligned prefixes of the big-endian words of lo..end - 1 (100000..165535
 * is 0.1.134.160/27, 0.1.134.192/26, ..., twelve of them, 62 at most), written to out
 * unless NULL; how many. */
static size_t range_prefixes(uint64_t lo, uint64_t end, sc_flat4_prefix *out)
{
    size_t n = 0;
    while (lo < end) {
        unsigned bits = 0; /* the largest aligned block from lo that ends by end */
        while (bits < 32 && (lo & (((uint64_t)2 << bits) - 1)) == 0 && lo + ((uint64_t)2 << bits) <= end)
            bits++;
        if (out)
            out[n] = (sc_flat4_prefix){{(uint8_t)(lo >> 24), (uint8_t)(lo >> 16), (uint8_t)(lo >> 8), (uint8_t)lo},
                                       (uint8_t)(32 - bits)};
        n++;
        lo += (uint64_t)1 << bits;
    }
    return n;
}

typedef struct range_owner {
    int32_t *rule;  /* the rule that took the span, or -1 */
    uint32_t *next; /* the first span not taken at or after p (via links) */
} range_owner;

static void owner_free(range_owner *o)
{
    free(o->rule);
    free(o->next);
    *o = (range_owner){NULL, NULL};
}

static int owner_init(range_owner *o, size_t n)
{
    o->rule = malloc(n * sizeof *o->rule + 1);
    o->next = malloc((n + 1) * sizeof *o->next);
    if (!o->rule || !o->next) {
        owner_free(o);
        return -1;
    }
    for (uint32_t p = 0; p <= n; p++) {
        if (p < n)
            o->rule[p] = -1;
        o->next[p] = p;
    }
    return 0;
}

/* The first span at or after p that no rule has taken (n: none). */
static uint32_t owner_next(range_owner *o, uint32_t p)
{
    while (o->next[p] != p) {
        o->next[p] = o->next[o->next[p]]; /* path halving */
        p = o->next[p];
    }
    return p;
}

/* The spans lo..hi of a rule's key that no rule has taken become rule r's (r < 0
 * only asks): whether there was one. */
static bool owner_take(range_owner *o, uint32_t lo, uint32_t hi, int r)
{
    bool any = false;
    for (uint32_t p = owner_next(o, lo); p <= hi; p = owner_next(o, p + 1)) {
        if (r < 0)
            return true;
        o->rule[p] = r;
        o->next[p] = p + 1;
        any = true;
    }
    return any;
}

/* Does a span of pr have its bit in set; or, with mark, set their bits. */
static bool spans_meet(uint64_t *set, const port_ranges *pr, bool mark)
{
    for (size_t k = 0; k < pr->n; k++)
        for (uint32_t w = pr->lo[k] / 64; w <= pr->hi[k] / 64; w++) {
            uint32_t lo = w == pr->lo[k] / 64 ? pr->lo[k] % 64 : 0, hi = w == pr->hi[k] / 64 ? pr->hi[k] % 64 : 63;
            uint64_t bits = (~0ull >> (63 - hi)) & (~0ull << lo);
            if (mark)
                set[w] |= bits;
            else if (set[w] & bits)
                return true;
        }
    return false;
}

/* keys_exact for a run of rules of ranges: a part ends before the first rule that holds
 * a port an earlier rule of the part rewrites to, or a value of an earlier rule that
 * goes on with the key as it was (a rewrite of the address, a bind, goes_on_as_was; a
 * rule of numbers, which no rewrite writes). ranked: of a pair (range_space). -1 when
 * out of memory. */
static ptrdiff_t ranges_exact(sc_stmt **rules, size_t n, int key, bool ranked)
{
    range_space s;
    uint64_t *fed = NULL; /* the spans the part's rules so far hand on */
    if (space_init(&s, key, ranked, rules, n) < 0 || !(fed = calloc(s.n / 64 + 1, sizeof *fed))) {
        free(s.at);
        return -1;
    }
    size_t m = 0;
    for (; m < n; m++) {
        port_ranges pr = rule_spans(&s, key, rules[m]);
        if (spans_meet(fed, &pr, false))
            break;
        if (!goes_on(rules[m]))
            continue;
        const sc_stmt *b = sc_table_body(rules[m]);
        if (goes_on_as_was(key, rules[m]))
            spans_meet(fed, &pr, true);
        if (key_part(key) == 2 && b->kind == ST_REWRITE && sc_fields[b->target->field].part != 1)
            pr = ranges_of(b->value, range_max(key)); /* else the values as they were */
        spans_meet(fed, &pr, true);
    }
    free(fed);
    free(s.at);
    return (ptrdiff_t)m;
}

/* A run of table rules from l->items[i], keyed by the part of their conditions at pos
 * (key_part_of): its end (j = i when l->items[i] is no such rule), key field, the
 * field its rewrites write, its socket map, and whether it has prefix rules or rules of
 * port ranges and sets. */
typedef struct rule_run {
    size_t end;
    int pos, key, key2, rw; /* key2: the second field of a pair (key_pair), or -1 */
    const sc_decl *map;
    bool prefix, ranges;
    bool ranges2; /* some rule's second field tests a range (ranged) */
    int except;   /* the number every rule excepts (except_conj), or -1 */
} rule_run;

/* What a run's lookup costs, between runs of one length: a probe table 0, one keyed by
 * a pair 1 (of `uid == 1000 and dst.port == P`, the run on the port where uid == 1000
 * holds is cheaper), an LPM trie 1, one keyed by a port and a prefix 2 (of `dst in P
 * and dst.port == N` with one P, the run on the port where `dst in P` holds is cheaper). */
static int run_cost(const rule_run *r) { return r->prefix + (r->prefix && key_part(r->key) == 0) + (r->key2 >= 0); }

/* The ranges of the second field of a run of pairs with ranges (ranged) that its
 * key2_ranks search tells apart: at most two bounds each. */
#define SC_RANKED_RANGES_MAX (SC_TREE_MAX_BOUNDS / 2)

/* rank_key2 for a run of pairs in which some rule tests a range of the second field
 * (ranged): the index of the rule's range (of a value, lo..lo) among the distinct
 * ones, m the most whose distinct ranges are apart (each value of the field in at
 * most one, so that a search of them answers with its index: sc_ruletab.key2_ranks)
 * and SC_RANKED_RANGES_MAX at most. The distinct ranges so far, ascending, in an
 * array: one that meets a new range is next to where it goes. */
static ptrdiff_t rank_ranges2(sc_stmt **rules, size_t n)
{
    typedef struct { uint32_t lo, hi, rank; } span;
    span *seen = malloc(SC_RANKED_RANGES_MAX * sizeof *seen);
    if (!seen)
        return -1;
    size_t m = 0, ns = 0;
    for (; m < n; m++) {
        uint32_t lo, hi;
        rule_span2(rules[m], &lo, &hi);
        size_t at = 0, top = ns; /* the first of those from lo on */
        while (at < top) {
            size_t mid = (at + top) / 2;
            if (seen[mid].lo < lo)
                at = mid + 1;
            else
                top = mid;
        }
        if (at < ns && seen[at].lo == lo && seen[at].hi == hi) {
            rules[m]->key2_rank = (uint16_t)seen[at].rank;
            continue;
        }
        if ((at > 0 && seen[at - 1].hi >= lo) || (at < ns && seen[at].lo <= hi) || ns == SC_RANKED_RANGES_MAX)
            break;
        memmove(seen + at + 1, seen + at, (ns - at) * sizeof *seen);
        seen[at] = (span){lo, hi, (uint32_t)ns};
        rules[m]->key2_rank = (uint16_t)ns++;
    }
    free(seen);
    return (ptrdiff_t)m;
}

/* The index of each of rules[0..m) among theirs of a value: the value of its pair's
 * second field (rule_key2) into key2_rank, or where words of its rank and port
 * (port_ranked) into word_rank, m the most that have 65,536 values at most; returns m,
 * or -1 when out of memory. */
static ptrdiff_t rank_values(sc_stmt **rules, size_t n, bool words)
{
    uint32_t *v = malloc(n * sizeof *v + 1);
    keyset ks;
    if (!v || !keyset_init(&ks, (const uint8_t *)v, sizeof *v, n)) {
        free(v);
        return -1;
    }
    size_t m = 0, values = 0;
    for (; m < n; m++) {
        v[values] = words ? (uint32_t)rules[m]->key2_rank << 16 | rule_port(rules[m]) : rule_key2(rules[m]);
        size_t at = keyset_find(&ks, (const uint8_t *)&v[values], values);
        if (at == values && values++ == NPORTS)
            break;
        *(words ? &rules[m]->word_rank : &rules[m]->key2_rank) = (uint16_t)at;
    }
    free(ks.slots);
    free(v);
    return (ptrdiff_t)m;
}

/* Gives each of rules[0..m) of a run on an address and a second field the index of its
 * second value among theirs (key2_rank, rule_key), m the most that have 65,536 values
 * at most (or its range: rank_ranges2), and on a prefix of a port the index of its rank
 * and port (word_rank); returns m, or -1 when out of memory. */
static ptrdiff_t rank_key2(sc_stmt **rules, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ranged2(rules[i])) {
            ptrdiff_t m = rank_ranges2(rules, n);
            return m <= 0 || !port_ranked(rules[0]->table_key) ? m : rank_values(rules, (size_t)m, true);
        }
    return rank_values(rules, n, false);
}

/* How many of rules[0..n) of run one lookup takes and still means what they say in
 * order: the part before the first rule that a rewrite of an earlier one feeds (or an
 * earlier one that goes on as it was). -1 when out of memory. */
static ptrdiff_t table_part(sc_stmt **rules, size_t n, const rule_run *run)
{
    bool ranked = run->key2 >= 0 && run->ranges;
    if (run->key2 >= 0 && (key_part(run->key) == 1 || ranked || run->ranges2)) { /* ranks, and at most as many values as a port has */
        ptrdiff_t m = rank_key2(rules, n);
        if (m < 0)
            return -1;
        n = (size_t)m;
    }
    /* ranges of a pair: a part ends at a rule that goes on, whose rewrite may give
     * another rule's second value (ranks do not follow rewrites); of a prefix of a port
     * and a number, at one that goes on after a rewrite of the port */
    bool words = n && port_ranked(rules[0]->table_key);
    for (size_t m = 0; (ranked || words) && m + 1 < n; m++) {
        const sc_stmt *b = sc_table_body(rules[m]);
        if (goes_on(rules[m]) && (ranked || (b->kind == ST_REWRITE && sc_fields[b->target->field].part != 1)))
            n = m + 1;
    }
    if (run->prefix)
        return prefixes_exact(rules, n, run->key, run->key2);
    return run->ranges ? ranges_exact(rules, n, run->key, ranked) : keys_exact(rules, n, run->key, run->key2);
}

/* What the values of a table hold (layout.h), each class all that the one before it
 * holds and more: the action word; a socket map slot; the rewrite's address and port;
 * and the address to bind. */
enum { VALUE_VERDICT, VALUE_SLOT, VALUE_REWRITE, VALUE_BIND };
static int value_class_of(const sc_ruletab *t)
{
    return t->binds ? VALUE_BIND : t->rewrite_field >= 0 ? VALUE_REWRITE : t->slots ? VALUE_SLOT : VALUE_VERDICT;
}

/* Can a search tree of nb bounds be made? Charged to the policy's budget of bounds
 * (SC_TREE_POLICY_BOUNDS) when it can; else false. */
static bool take_bounds(sc_ctx *c, size_t nb)
{
    if (nb > SC_TREE_POLICY_BOUNDS - c->tree_bounds)
        return false;
    c->tree_bounds += nb;
    return true;
}

/* The key2_ranks search of table t (a run of pairs with ranges of the second field,
 * ranked by rank_ranges2): from the start of each distinct range its index + 1, past
 * its end 0 (but where the next starts). It is code whatever the policy's budget of
 * bounds has left (take_bounds charges it where it fits): without it the rules would
 * be compared one by one, longer still. -1 when out of memory. */
static int rank_search(sc_ctx *c, sc_ruletab *t)
{
    sc_range *r = malloc(t->n * sizeof *r + 1);
    uint32_t *bound = sc_arena_alloc(c->arena, 2 * t->n * sizeof *bound + 1),
             *answer = sc_arena_alloc(c->arena, 2 * t->n * sizeof *answer + 1);
    sc_search *s = sc_arena_alloc(c->arena, sizeof *s);
    if (!r || !bound || !answer || !s) {
        free(r);
        return -1;
    }
    size_t nr = 0;
    for (size_t i = 0; i < t->n; i++) { /* each rank once: the ranks of the first rules are 0, 1, ... in turn */
        uint32_t lo, hi;
        rule_span2(t->rules[i], &lo, &hi);
        if (t->rules[i]->key2_rank == nr)
            r[nr++] = (sc_range){.lo = lo, .end = (uint64_t)hi + 1, .answer = t->rules[i]->key2_rank + 1u};
    }
    size_t nb = sc_bounds_nested(r, nr, bound, answer, 2 * t->n);
    free(r);
    *s = (sc_search){nb, bound, answer};
    t->key2_ranks = s;
    (void)take_bounds(c, nb);
    return 0;
}

/* Lowers rules[0..n) to one lookup (prefix: a run of prefix rules), which table_part
 * found to mean what they say in order; NULL when out of memory. */
static sc_ruletab *make_table(sc_ctx *c, sc_stmt **rules, size_t n, const rule_run *run, int hook)
{
    int key = run->key, rw = run->rw;
    sc_ruletab *t = sc_arena_alloc(c->arena, sizeof *t);
    if (!t || !sc_arena_grow(c->arena, (void **)&c->tables, c->ntables, &c->cap_tables, sizeof *c->tables))
        return NULL;
    c->tables[c->ntables++] = t;
    /* two runs from one line: the column too; from one rule (the parts of a split rule
     * in a table per field of a merged stretch): a number after it */
    snprintf(t->name[0], sizeof t->name[0], "rules__%d__v4", rules[0]->loc.line);
    for (int k = 1; k; k++) {
        size_t i = 0;
        while (i + 1 < c->ntables && strcmp(c->tables[i]->name[0], t->name[0]) != 0)
            i++;
        if (i + 1 == c->ntables)
            break;
        if (k == 1)
            snprintf(t->name[0], sizeof t->name[0], "rules__%d_%d__v4", rules[0]->loc.line, rules[0]->loc.col);
        else
            snprintf(t->name[0], sizeof t->name[0], "rules__%d_%d_%d__v4", rules[0]->loc.line, rules[0]->loc.col, k);
    }
    memcpy(t->name[1], t->name[0], sizeof t->name[0]);
    memcpy(t->name[1] + strlen(t->name[1]) - 2, "v6", 2);
    t->hook = hook;
    t->key_field = key;
    t->key2_field = run->key2;
    t->except_field = run->except;
    t->rewrite_field = rw;
    t->sock_map = run->map;
    for (size_t i = 0; i < n; i++) /* one counter for all, or one in each value */
        t->counts |= !same_count(rules[0], rules[i]);
    t->count = t->counts ? NULL : rule_count(rules[0]);
    t->rules = rules;
    t->n = n;
    t->prefix = run->prefix;
    t->ranges = run->ranges;
    if (run->pos >= 0) { /* the other conjuncts of the first rule, which all share */
        const sc_expr *conj[SC_TABLE_MAX_CONJ];
        size_t nconj = plan_conjuncts(rules[0]->cond, conj, SC_TABLE_MAX_CONJ);
        for (size_t k = 0; k < nconj; k++)
            if (!key_has(run->pos, k))
                t->guard[t->nguard++] = conj[k];
    }
    for (size_t i = 0; i < n; i++) {
        sc_stmt_kind does = sc_table_body(rules[i])->kind;
        t->binds |= rule_bind(rules[i]) != NULL;
        t->slots |= does == ST_ASSIGN || does == ST_REDIRECT;
    }
    t->value_class = value_class_of(t);
    t->same_v4 = key_part(key) >= 2 && (rw < 0 || sc_fields[rw].part == 2) && !t->binds;
    t->mapped_v4 = key_part(key) < 2;
    for (size_t i = 0; i < n && t->mapped_v4; i++) {
        int kfam, vfam;
        rule_families(key, rules[i], &kfam, &vfam);
        sc_expr k = rule_key(rules[i]);
        t->mapped_v4 = !(kfam == 4 && (vfam == 6 || bind_family(rules[i]) == 6)) && !(kfam == 6 && meets_mapped(&k.addr));
    }
    for (size_t i = 0; i < n; i++)
        if (ranged2(rules[i]))
            return rank_search(c, t) < 0 ? NULL : t;
    return t;
}

sc_table_layout sc_table_layout_of(const sc_ruletab *t, int family)
{
    int part = key_part(t->key_field);
    /* a run of ranges of a number: an LPM trie of their prefixes (lower_ranges) */
    sc_table_layout l = {.key_prefix = t->prefix || (t->ranges && part == 3), .key_ip = part < 2,
                         .key_port = part == 0 || part == 2, .key_num = part == 3};
    unsigned ipw = family == 4 ? 1 : 4;
    l.key_port_ranked = t->key2_field >= 0 && l.key_prefix && l.key_port;
    l.key_word2 = t->key2_field >= 0 && !l.key_port_ranked;
    l.key_word_first = l.key_prefix && (l.key_port || l.key_word2);
    l.key_words = l.key_prefix + (l.key_ip ? ipw : 0) + (l.key_port || l.key_num ? 1 : 0) + l.key_word2;
    l.key_size = 4 * l.key_words;
    unsigned rewrite = SC_TV_IP + 4 * (ipw + 1); /* the address and port words */
    l.value_size = t->value_class == VALUE_BIND      ? rewrite + 4 * ipw
                   : t->value_class == VALUE_REWRITE ? rewrite
                   : t->value_class == VALUE_SLOT    ? SC_TV_IP + 4
                                                     : SC_TV_ACTION + 4;
    if (t->except_field >= 0) /* and the number excepted */
        l.except_at = l.value_size, l.value_size += 4;
    return l;
}

uint32_t sc_key_port(int hook, int end, uint16_t port)
{
    uint32_t w = sc_raw_port(hook, end, port);
    return sc_hooks[hook].slot[end].order == PORT_NET_HI16 ? w >> 16 : w;
}

uint32_t sc_raw_port(int hook, int end, uint16_t port)
{
    uint16_t net = (uint16_t)(port >> 8 | port << 8);
    switch (sc_hooks[hook].slot[end].order) {
    case PORT_NET32: return net;
    case PORT_NET_HI16: return (uint32_t)net << 16;
    default: return port;
    }
}

/* addr as the context's words: the IPv4 word, or four words (IPv4 mapped) */
static void raw_ip(const sc_addr *a, int family, uint8_t *out)
{
    if (family == 4) {
        memcpy(out, a->b, 4);
    } else {
        sc_addr m = a->family == 4 ? sc_addr_v4_mapped(a) : *a;
        memcpy(out, m.b, 16);
    }
}

/* Encodes rule ri's entry for key k (its own, or one port of its ranges) and family
 * into buffers of the layout's sizes. */
_Static_assert(SC_MAX_COUNTERS < 1u << (32 - SC_RULE_COUNTER_SHIFT), "a counter's index + 1 fits the action word");
static void table_encode(const sc_ruletab *t, size_t ri, const sc_expr *k, int family, void *key, void *value)
{
    const sc_stmt *r = t->rules[ri];
    sc_table_layout l = sc_table_layout_of(t, family);
    int end = sc_fields[t->key_field].end;
    uint8_t *kb = key, *vb = value;
    memset(kb, 0, l.key_size);
    memset(vb, 0, l.value_size);
    unsigned ipb = family == 4 ? 4 : 16;
    bool first = l.key_word_first; /* the prefix covers the port or second word, then the address */
    if (l.key_prefix) { /* struct sc_lpm4_key, sc_lpm6_key; sc_lpm4_port_key, sc_lpm6_port_key */
        uint32_t plen = 32 * first + k->addr.plen + (l.key_ip && family == 6 && k->addr.family == 4 ? 96 : 0);
        memcpy(kb, &plen, 4);
        kb += 4;
    }
    if (l.key_ip)
        raw_ip(&k->addr, family, kb + 4 * first);
    if (l.key_port) { /* where ranked, under the rank + 1 of the second field's value (k's port is word_rank) */
        uint32_t p = l.key_port_ranked ? sc_key_port(t->hook, end, rule_port(r)) | (r->key2_rank + 1u) << 16
                                       : sc_key_port(t->hook, end, (uint16_t)(k->kind == EX_ADDR ? k->addr.port : k->num));
        memcpy(kb + (l.key_ip && !first ? ipb : 0), &p, 4);
    }
    if (l.key_num && l.key_prefix) /* a prefix of the number's big-endian word (after a pair's second word) */
        memcpy(kb + 4 * first, k->addr.b, 4);
    else if (l.key_num)
        sc_encode_const(SC_VT_U32, k, kb);
    if (l.key_word2) { /* a port as the context holds it, or a number: last, or before a prefix */
        int f2 = t->key2_field;
        uint32_t w2 = rule_key2(r);
        w2 = t->key2_ranks ? r->key2_rank + 1u /* the index + 1 of its range */
             : key_part(f2) == 2 ? sc_key_port(t->hook, sc_fields[f2].end, (uint16_t)w2)
                                 : w2;
        memcpy(first ? kb : (uint8_t *)key + l.key_size - 4, &w2, 4);
    }
    const sc_stmt *b = sc_table_body(r);
    uint32_t action = (uint32_t)table_action(t, r, family) | (t->places ? t->places[ri] << SC_RULE_PLACE_SHIFT : 0) |
                      (t->counts && rule_count(r) ? (uint32_t)(rule_count(r)->target->num + 1) << SC_RULE_COUNTER_SHIFT : 0);
    int bfam = bind_family(r);
    if (bfam && !(family == 4 && bfam == 6)) { /* an IPv6 address is not bound in a 4 program */
        action |= SC_RULE_BIND | (family == 6 && bfam == 4 ? SC_RULE_BIND_MAPPED : 0);
        raw_ip(&sc_literal(rule_bind(r)->value)->addr, family, vb + SC_TV_IP + 4 * (ipb / 4 + 1));
    }
    memcpy(vb + SC_TV_ACTION, &action, 4);
    const sc_expr *kept, *ne = except_conj(r->table_key, &kept); /* the number excepted */
    if (ne) {
        uint32_t v = (uint32_t)sc_literal(ne->rhs)->num;
        memcpy(vb + l.except_at, &v, 4);
    }
    if (b->kind == ST_ASSIGN || b->kind == ST_REDIRECT) {
        uint32_t slot = (uint32_t)sc_literal(b->target->rhs)->num;
        memcpy(vb + SC_TV_IP, &slot, 4);
    }
    if (b->kind != ST_REWRITE || !rewrite_lands(t->key_field, r, family))
        return;
    const sc_expr *v = sc_literal(b->value);
    int part = sc_fields[b->target->field].part;
    if (part != 2) {
        raw_ip(&v->addr, family, vb + SC_TV_IP);
        uint32_t needs = family == 6 && v->addr.family == 4 && !l.key_ip;
        memcpy(vb + SC_TV_NEEDS_MAPPED, &needs, 4);
    }
    if (part != 1) {
        uint32_t p = sc_raw_port(t->hook, sc_fields[b->target->field].end,
                                 (uint16_t)(v->kind == EX_ADDR ? v->addr.port : v->num));
        memcpy(vb + SC_TV_IP + ipb, &p, 4);
    }
}

/* What a flat trie or probe table may take: max, or less when the policy's budget
 * (SC_FLAT4_POLICY_BYTES) has less left. */
static size_t built_limit(const sc_ctx *c, size_t max)
{
    size_t left = SC_FLAT4_POLICY_BYTES - c->flat4_bytes;
    return left < max ? left : max;
}

/* A map value the plan built (malloc'd; freed here), charged to the budget and kept
 * in the arena; NULL when out of memory. */
static uint8_t *keep_built(sc_ctx *c, uint8_t *image, size_t size)
{
    uint8_t *kept = sc_arena_alloc(c->arena, size);
    if (kept) {
        memcpy(kept, image, size);
        c->flat4_bytes += size;
    }
    free(image);
    return kept;
}

/* Room for n entries of the table of family index fi (arena). */
static bool alloc_entries(sc_ctx *c, sc_ruletab *t, int fi, size_t n)
{
    sc_table_layout l = sc_table_layout_of(t, fi ? 6 : 4);
    t->keys[fi] = sc_arena_alloc(c->arena, n * l.key_size + 1);
    t->values[fi] = sc_arena_alloc(c->arena, n * l.value_size + 1);
    return t->keys[fi] && t->values[fi];
}

/* The entry of rule r for key k at index n of the table of family index fi. */
static void put_entry(sc_ruletab *t, int fi, size_t n, size_t ri, const sc_expr *k)
{
    sc_table_layout l = sc_table_layout_of(t, fi ? 6 : 4);
    table_encode(t, ri, k, fi ? 6 : 4, t->keys[fi] + n * l.key_size, t->values[fi] + n * l.value_size);
}

/* The prefix rules of a run that take effect in family index fi, but for those whose
 * prefix an earlier one's covers (they never run): in what is left, the first rule
 * whose prefix holds an address is the one of the longest prefix. */
static int lower_prefixes(sc_ctx *c, sc_ruletab *t, int fi)
{
    sc_prefixes earlier;
    if (!alloc_entries(c, t, fi, t->n) || sc_prefixes_init(&earlier, has_word(t->key_field, t->key2_field)) < 0)
        return -1;
    size_t n = 0;
    for (size_t r = 0; r < t->n; r++) {
        sc_expr k = rule_key(t->rules[r]);
        if (!in_table(t, t->rules[r], fi) || sc_prefixes_cover(&earlier, &k.addr) >= 0)
            continue;
        if (sc_prefixes_add(&earlier, &k.addr, (int)r) < 0) {
            sc_prefixes_free(&earlier);
            return -1;
        }
        put_entry(t, fi, n++, r, &k);
    }
    sc_prefixes_free(&earlier);
    t->nentries[fi] = n;
    return 0;
}

/* The entries of rules of one key each: the first rule of each key (as in the policy,
 * where a later rule of the same key never runs), in the policy's order. */
static int lower_keys(sc_ctx *c, sc_ruletab *t, int fi)
{
    sc_table_layout l = sc_table_layout_of(t, fi ? 6 : 4);
    keyset ks;
    if (!alloc_entries(c, t, fi, t->n) || !keyset_init(&ks, t->keys[fi], l.key_size, t->n))
        return -1;
    /* each rule is encoded at the next free entry, which the next one overwrites when
     * its key was there before */
    size_t n = 0;
    for (size_t r = 0; r < t->n; r++)
        if (in_table(t, t->rules[r], fi)) {
            sc_expr k = rule_key(t->rules[r]);
            put_entry(t, fi, n, r, &k);
            n += keyset_find(&ks, t->keys[fi] + n * l.key_size, n) == n;
        }
    free(ks.slots);
    t->nentries[fi] = n;
    return 0;
}

/* The entries of rules of ranges, that of the first rule holding each value: of ports
 * one per port, by port; of a number, the prefixes of its big-endian word
 * (range_prefixes) of each stretch of segments that one rule takes, in order. */
static int lower_ranges(sc_ctx *c, sc_ruletab *t, int fi)
{
    range_space s;
    range_owner first = {0};
    if (space_init(&s, t->key_field, t->key2_field >= 0, t->rules, t->n) < 0 || owner_init(&first, s.n) < 0) {
        free(s.at);
        return -1;
    }
    for (size_t r = 0; r < t->n; r++) {
        port_ranges pr = in_table(t, t->rules[r], fi) ? rule_spans(&s, t->key_field, t->rules[r]) : (port_ranges){.n = 0};
        for (size_t k = 0; k < pr.n; k++)
            owner_take(&first, pr.lo[k], pr.hi[k], (int)r);
    }
    int rc = 0;
    for (int fill = 0; fill < 2 && rc == 0; fill++) { /* count, then fill */
        size_t n = 0;
        for (uint32_t p = 0, q; p < s.n; p = q + 1) {
            int r = first.rule[p];
            for (q = p; s.at && q + 1 < s.n && first.rule[q + 1] == r;)
                q++;
            if (r < 0)
                continue;
            sc_flat4_prefix pre[64];
            uint64_t base = s.at ? s.at[p] >> 32 << 32 : 0; /* of a pair, the rank's: a stretch is of one */
            size_t np = s.at ? range_prefixes(s.at[p] - base, s.at[q + 1] - base, pre) : 1;
            for (size_t i = 0; i < np && fill; i++) {
                sc_expr k = {.kind = EX_NUM, .type = TY_NUM, .num = p};
                if (s.at) {
                    k = (sc_expr){.kind = EX_ADDR, .type = TY_PREFIX, .addr = {.family = 4, .plen = pre[i].plen}};
                    memcpy(k.addr.b, pre[i].b, 4);
                }
                put_entry(t, fi, n + i, (size_t)r, &k);
            }
            n += np;
        }
        if (fill)
            t->nentries[fi] = n;
        else if (!alloc_entries(c, t, fi, n))
            rc = -1;
    }
    owner_free(&first);
    free(s.at);
    return rc;
}

static int by_key(const void *a, const void *b)
{
    const sc_range *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

/* Of the 4 programs' entries of a run of ranges of a number (lower_ranges: prefixes
 * of its big-endian word in order), how many ranges they make: prefixes next to each
 * other of one value are one. */
static size_t number_stretches(const sc_ruletab *t, const sc_table_layout *l)
{
    size_t ranges = 0, first = l->key_word_first; /* a pair's: its second word before the number */
    uint64_t end = 0;
    for (size_t i = 0; i < t->nentries[0]; i++) {
        const uint8_t *k = t->keys[0] + i * l->key_size, *n = k + 4 + 4 * first, *v = t->values[0] + i * l->value_size;
        uint32_t plen;
        memcpy(&plen, k, 4);
        plen -= 32 * (uint32_t)first;
        uint64_t start = (uint64_t)n[0] << 24 | (uint32_t)n[1] << 16 | (uint32_t)n[2] << 8 | n[3];
        ranges += !i || start != end || memcmp(v, v - l->value_size, l->value_size) != 0 ||
                  (first && memcmp(k + 4, k + 4 - l->key_size, 4) != 0);
        end = start + ((uint64_t)1 << (32 - plen));
    }
    return ranges;
}

/* The 4 programs' table of a run of prefix rules (or of ranges of a number, whose
 * prefixes lower_ranges made apart) as a search tree (context.h) when
 * its entries make at most SC_TREE_MAX_BOUNDS bounds: each entry's prefix (and port
 * word) from its LPM key, answering its value's index + 1, the longest prefix of a
 * port answering for an address (the entries are what lower_prefixes left: the first rule
 * that holds an address is the one of the longest prefix). Else an LPM trie. */
static int lower_prefix_tree(sc_ctx *c, sc_ruletab *t)
{
    sc_table_layout l = sc_table_layout_of(t, 4);
    size_t n = t->nentries[0], ranges = t->prefix ? n : number_stretches(t, &l);
    if (!n || ranges > SC_TREE_MAX_BOUNDS) /* each makes one or two bounds */
        return 0;
    size_t max = 2 * ranges < SC_TREE_MAX_BOUNDS ? 2 * ranges : SC_TREE_MAX_BOUNDS; /* two bounds a range at most */
    sc_range *r = malloc(n * sizeof *r);
    uint32_t *bound = sc_arena_alloc(c->arena, max * sizeof *bound), *answer = sc_arena_alloc(c->arena, max * sizeof *answer),
             *key = sc_arena_alloc(c->arena, n * sizeof *key), *which = sc_arena_alloc(c->arena, n * sizeof *which);
    uint8_t *values = sc_arena_alloc(c->arena, n * l.value_size);
    sc_search *tree = sc_arena_alloc(c->arena, n * sizeof *tree);
    keyset distinct;
    if (!r || !bound || !answer || !key || !which || !values || !tree ||
        !keyset_init(&distinct, t->values[0], l.value_size, n)) {
        free(r);
        return -1;
    }
    /* entries that do the same share a value (bindings to one socket): the array holds
     * the distinct values, and ranges next to each other that answer the same merge */
    size_t nvalues = 0;
    for (size_t i = 0; i < n; i++) {
        size_t first = keyset_find(&distinct, t->values[0] + i * l.value_size, i);
        if (first == i) {
            memcpy(values + nvalues * l.value_size, t->values[0] + i * l.value_size, l.value_size);
            which[i] = (uint32_t)nvalues++;
        } else {
            which[i] = which[first];
        }
    }
    free(distinct.slots);
    for (size_t i = 0; i < n; i++) { /* {prefixlen, [port or second word,] address (network order)} */
        const uint8_t *k = t->keys[0] + i * l.key_size;
        uint32_t plen, port = 0;
        memcpy(&plen, k, 4);
        if (l.key_word_first)
            memcpy(&port, k + 4, 4), plen -= 32;
        r[i] = sc_prefix_range(k + 4 + 4 * l.key_word_first, plen);
        r[i].answer = which[i] + 1, r[i].key = port;
    }
    qsort(r, n, sizeof *r, by_key);
    size_t nkeys = 0, used = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && r[j].key == r[i].key)
            j++;
        size_t nb = sc_bounds_nested(r + i, j - i, bound + used, answer + used, max - used);
        if (nb > max - used) {
            free(r);
            return 0;
        }
        key[nkeys] = r[i].key;
        tree[nkeys++] = (sc_search){nb, bound + used, answer + used};
        used += nb, i = j;
    }
    free(r);
    if (!take_bounds(c, used + nkeys * !!l.key_word_first)) { /* the ports' search too */
        t->trees_full = true;
        return 0;
    }
    t->tree = tree, t->tree_key = l.key_word_first ? key : NULL, t->tree_keys = nkeys;
    t->tree_values = values, t->tree_nvalues = nvalues;
    return 0;
}

/* The table's entries for family fi: the rules that take effect there. Then its probe
 * table, if it has one; a run of prefix rules, or of ranges of a number, is a search
 * tree (the 4 programs', when it fits) or an LPM trie. */
static int lower_table(sc_ctx *c, sc_ruletab *t, int fi)
{
    if ((t->prefix ? lower_prefixes(c, t, fi) : t->ranges ? lower_ranges(c, t, fi) : lower_keys(c, t, fi)) < 0)
        return -1;
    sc_table_layout l = sc_table_layout_of(t, fi ? 6 : 4);
    size_t n = t->nentries[fi];
    for (size_t i = 0; i < n; i++) {
        uint32_t action;
        memcpy(&action, t->values[fi] + i * l.value_size + SC_TV_ACTION, 4);
        t->actions[fi] |= 1u << (action & SC_RULE_MASK);
    }
    if (!n || l.key_prefix)
        return l.key_prefix && fi == 0 ? lower_prefix_tree(c, t) : 0;
    t->probe_limit[fi] = built_limit(c, SC_PROBE_MAX_BYTES);
    sc_probe *p = &t->probe[fi];
    int rc = sc_probe_build(t->keys[fi], t->values[fi], n, l.key_size, l.value_size, t->probe_limit[fi], p);
    if (rc == 0 && !(p->image = keep_built(c, p->image, p->size)))
        return -1;
    return rc < 0 ? -1 : 0;
}

/* Do two rules of a run do the same: the same count and bind (before or after the
 * rewrite alike, rule_bind) and the same other statements in order? */
static bool same_body(const sc_stmt *a, const sc_stmt *b)
{
    const sc_stmt *ba = rule_bind(a), *bb = rule_bind(b);
    if (a->then.n != b->then.n || !ba != !bb || (ba && !same_stmt(ba, bb)) || !same_count(a, b))
        return false;
    for (size_t k = 0; k < after_bind(a); k++)
        if (!same_stmt(but_bind(a, k), but_bind(b, k)))
            return false;
    return true;
}

/* --- rules of several fields ----------------------------------------------------------
 * A stretch of rules on several fields (`if dst == A:P`, `if dst in PREFIX`, `if
 * dst.port == P`, ... in any order) is put in runs of one field where that means the
 * same: a rule moves up past rules of other fields when no connect matches both, or
 * when both do the same and end the program. Each rule joins the last group of its
 * field if it may move there (past every group after it), or starts a group; groups
 * are then laid out in order, each rule keeping its place among its field's. Only the
 * last REGROUP_WINDOW groups are looked at, so a stretch costs O(rules). */
enum { REGROUP_WINDOW = 16 };

/* What a rule on field key tests, for whether two rules meet: its address (a prefix,
 * or the address as /32 or /128) and its ports, where the field has them. */
typedef struct rule_space {
    int key;
    sc_addr ip;
    port_ranges ports;
} rule_space;

static rule_space space_of(const sc_stmt *r, int key)
{
    rule_space sp = {.key = key};
    sc_expr k = rule_key(r);
    if (has_ip(key)) {
        sp.ip = k.addr;
        if (!key_is_prefix(r->table_key)) /* an address, not a prefix */
            sp.ip.plen = k.addr.family == 4 ? 32 : 128;
    }
    if (key_part(key) == 0)
        sp.ports = (port_ranges){.lo = {k.addr.port}, .hi = {k.addr.port}, .n = 1};
    else if (key_part(key) == 2)
        sp.ports = rule_ranges(key, r);
    return sp;
}

/* A group of rules of one field: what they do, and (once a rule asks whether it may
 * move past them: group_space) what they test. */
typedef struct regroup_group {
    int key;
    bool closed;         /* a rule of it goes on: no rule moves past it */
    const sc_stmt *body; /* a rule of it, all of which do the same; or NULL */
    size_t n;
    size_t pending, tail; /* its rules not yet in ips and ports (a list by next[]), its last */
    bool ready;           /* ips and ports made */
    sc_prefixes ips;      /* its addresses, where the field has one */
    uint64_t *ports;      /* its ports, where the field has one (NPORTS bits) */
} regroup_group;

static void group_free(regroup_group *g)
{
    if (g->ready && has_ip(g->key))
        sc_prefixes_free(&g->ips);
    free(g->ports);
}

/* Adds rule k of the stretch to group g. */
static void group_add(regroup_group *g, sc_stmt **rules, size_t *next, size_t k)
{
    g->closed |= goes_on(rules[k]);
    g->body = g->n++ == 0 || (g->body && same_body(g->body, rules[k])) ? rules[k] : NULL;
    next[k] = SIZE_MAX;
    if (g->pending == SIZE_MAX)
        g->pending = k;
    else
        next[g->tail] = k;
    g->tail = k;
}

/* Brings g's addresses and ports up to its rules; -1 when out of memory. */
static int group_space(regroup_group *g, sc_stmt **rules, const size_t *next)
{
    if (!g->ready) {
        if ((has_port(g->key) && !(g->ports = calloc(NPORTS / 64, sizeof *g->ports))) ||
            (has_ip(g->key) && sc_prefixes_init(&g->ips, false) < 0))
            return -1;
        g->ready = true;
    }
    for (size_t k = g->pending; k != SIZE_MAX; k = next[k]) {
        rule_space sp = space_of(rules[k], g->key);
        if (has_port(g->key))
            spans_meet(g->ports, &sp.ports, true);
        if (has_ip(g->key) && sc_prefixes_add(&g->ips, &sp.ip, 0) < 0)
            return -1;
    }
    g->pending = SIZE_MAX;
    return 0;
}

/* May rule r (of another field, testing sp) move up past every rule of group g (its
 * space made)? */
static bool moves_past(const regroup_group *g, const sc_stmt *r, const rule_space *sp)
{
    if (g->closed || goes_on(r))
        return false;
    if (g->body && same_body(g->body, r))
        return true;
    return sc_fields[sp->key].end == sc_fields[g->key].end &&
           ((has_ip(sp->key) && has_ip(g->key) && !sc_prefixes_overlap(&g->ips, &sp->ip)) ||
            (has_port(sp->key) && has_port(g->key) && !spans_meet(g->ports, &sp->ports, false)));
}

/* Puts the stretch of table rules rules[0..n) in runs of one field each (above), when
 * that makes fewer runs and one of 8 or more; the first statement then says how many
 * the stretch has (for the plan). -1 when out of memory. */
static int regroup(sc_stmt **rules, size_t n)
{
    int rw, *key = malloc(n * sizeof *key);
    size_t runs = 0, fields = 0;
    bool any_goes_on = false, seen[FLD__COUNT] = {false};
    for (size_t k = 0; key && k < n; k++) {
        key[k] = table_rule(rules[k], -1, &rw, NULL);
        rules[k]->table_key = rules[k]->cond;
        runs += k == 0 || key[k] != key[k - 1];
        any_goes_on |= goes_on(rules[k]);
        fields += !seen[key[k]];
        seen[key[k]] = true;
    }
    if (!key || runs == 1) {
        free(key);
        return key ? 0 : -1;
    }
    regroup_group win[REGROUP_WINDOW];
    size_t ngroups = 0, *gid = malloc(n * sizeof *gid), *count = calloc(n, sizeof *count),
           *next = malloc(n * sizeof *next);
    sc_stmt **order = malloc(n * sizeof *order);
    int rc = gid && count && next && order ? 0 : -1;
    for (size_t k = 0; k < n && rc == 0; k++) {
        size_t to = SIZE_MAX, last = ngroups - 1;
        if (ngroups && win[last % REGROUP_WINDOW].key == key[k]) {
            to = last;
        } else if (!goes_on(rules[k])) { /* the last group of its field, if it may move past the ones after it */
            for (size_t g = last; ngroups && g-- > 0 && last - g < REGROUP_WINDOW;)
                if (win[g % REGROUP_WINDOW].key == key[k]) {
                    to = g;
                    break;
                }
            rule_space sp = space_of(rules[k], key[k]);
            for (size_t g = to + 1; to != SIZE_MAX && g < ngroups && rc == 0; g++) {
                regroup_group *past = &win[g % REGROUP_WINDOW];
                rc = past->closed ? 0 : group_space(past, rules, next);
                if (rc == 0 && !moves_past(past, rules[k], &sp))
                    to = SIZE_MAX;
            }
        }
        if (to == SIZE_MAX) {
            if (ngroups >= REGROUP_WINDOW)
                group_free(&win[ngroups % REGROUP_WINDOW]);
            to = ngroups++;
            win[to % REGROUP_WINDOW] = (regroup_group){.key = key[k], .pending = SIZE_MAX};
        }
        gid[k] = to;
        count[to]++;
        group_add(&win[to % REGROUP_WINDOW], rules, next, k);
    }
    for (size_t g = ngroups > REGROUP_WINDOW ? ngroups - REGROUP_WINDOW : 0; g < ngroups; g++)
        group_free(&win[g % REGROUP_WINDOW]);
    /* what the groups cost: a lookup for a table, a compare for each rule of a group too
     * short for one */
    size_t most = 0, cost = 0;
    for (size_t g = 0; rc == 0 && g < ngroups; g++) {
        most = count[g] > most ? count[g] : most;
        cost += count[g] >= SC_TABLE_MIN_RULES ? 1 : count[g];
    }
    /* fewer runs, and a table among them; where no rule goes on, at most two rules left
     * outside their field's run (else merge_list makes the stretch a lookup per field) */
    if (rc == 0 && most >= SC_TABLE_MIN_RULES && ngroups < runs && (any_goes_on || cost <= fields + 2)) {
        size_t at = 0; /* count[g] becomes where group g starts */
        for (size_t g = 0; g < ngroups; g++) {
            size_t c = count[g];
            count[g] = at;
            at += c;
        }
        for (size_t k = 0; k < n; k++)
            order[count[gid[k]]++] = rules[k];
        memcpy(rules, order, n * sizeof *rules);
        rules[0]->regrouped_n = n;
    }
    free(key);
    free(gid);
    free(count);
    free(next);
    free(order);
    return rc;
}

/* Regroups (above) each stretch of l of 8 or more table rules keyed by their whole
 * condition (no guard). */
static int regroup_list(sc_stmt_list *l)
{
    for (size_t i = 0; i < l->n;) {
        int rw;
        size_t j = i;
        while (j < l->n && !l->items[j]->table && table_rule(l->items[j], -1, &rw, NULL) >= 0)
            j++;
        if (j - i >= SC_TABLE_MIN_RULES && regroup(l->items + i, j - i) < 0)
            return -1;
        i = j > i ? j : i + 1;
    }
    return 0;
}

/* --- rules of or-ed keys --------------------------------------------------------------
 * A rule `if K1 or K2 or ... { S }` whose S ends the program means what `if K1 { S }`,
 * `if K2 { S }`, ... mean one after the other: the first that holds runs S, and the
 * program ends. So does a rule `if E in {M1, M2, ...} { S }` of an address E and a set
 * written there, as `if E in M1 { S }`, .... Where each part is the key of a table rule,
 * and the rules around it, so split, are enough for a table, the rule is split so (the
 * parts share S, and its location), and the runs take the parts. */

typedef struct parts_out {
    sc_ctx *c;
    const sc_expr *field; /* of `E in {...}`: E */
    const sc_expr **out;  /* NULL: count them */
    size_t n;
    bool failed;
    bool pairs; /* conj_parts: a conjunct it splits is a key as it is (of ports): its parts must be pairs */
} parts_out;

static void add_part(parts_out *p, const sc_expr *e)
{
    if (p->out)
        p->out[p->n] = e;
    p->n++;
}

/* A member M of `E in {...}` as the part `E in M`. */
static void member_part(void *arg, const sc_expr *m)
{
    parts_out *p = arg;
    sc_expr *e = p->out ? sc_arena_alloc(p->c->arena, sizeof *e) : NULL;
    if (p->out && !e) {
        p->failed = true;
        return;
    }
    if (e)
        *e = (sc_expr){.kind = EX_BINARY, .op = OP_IN, .loc = m->loc, .type = TY_BOOL, .lhs = (sc_expr *)p->field,
                       .rhs = (sc_expr *)m};
    add_part(p, e);
}

#define SC_SPLIT_MAX_KEYS 1024 /* the keys a rule's set or range in a conjunction is split into, at most */
/* and the rules all of a policy's rules are split into: past them, a rule's ranges stay
 * whole where a key takes them so, else it is not split (10,000 rules `uid in
 * 100000..100999 and dst.port == P` were 10 million rules, 8 GB) */
#define SC_SPLIT_POLICY_KEYS 65536

/* The conjunction of conj[0..n) left to right, `((c0 and c1) and c2) ...`, in the
 * arena; NULL when out of memory or deeper than the parser lets a condition be. */
static sc_expr *conj_join(sc_ctx *c, const sc_expr *const *conj, size_t n)
{
    sc_expr *out = (sc_expr *)conj[0];
    for (size_t k = 1; out && k < n; k++) {
        int depth = (out->depth > conj[k]->depth ? out->depth : conj[k]->depth) + 1;
        sc_expr *x = depth <= SC_MAX_EXPR_DEPTH ? sc_expr_new(c->arena, EX_BINARY, out->loc) : NULL;
        if (x) {
            x->loc.end_line = conj[k]->loc.end_line, x->loc.end_col = conj[k]->loc.end_col;
            x->op = OP_AND;
            x->type = TY_BOOL;
            x->lhs = out;
            x->rhs = (sc_expr *)conj[k];
            x->depth = depth;
        }
        out = x;
    }
    return out;
}

/* Is e a test of several keys: `F in S` of an address field, or `F in S` or `F in
 * LO..HI` of a port or number field (S a set written there or a small named one:
 * keys_set)? */
static bool several_keys(const sc_expr *e)
{
    if (e->kind != EX_BINARY || e->op != OP_IN || e->lhs->ref != REF_FIELD)
        return false;
    int f = e->lhs->field;
    bool addr = sc_fields[f].end >= 0 && sc_fields[f].part < 2, num = sc_fields[f].type == TY_PORT || sc_fields[f].type == TY_NUM;
    return ((addr || num) && e->rhs->type == TY_SET && keys_set(e->rhs)) || (num && e->rhs->kind == EX_RANGE);
}

/* `F == v` of field expression f, in the arena (at loc); NULL when out of memory. */
static sc_expr *equals(sc_ctx *c, const sc_expr *f, uint32_t v, sc_loc loc)
{
    sc_expr *e = sc_expr_new(c->arena, EX_BINARY, loc), *k = sc_expr_new(c->arena, EX_NUM, loc);
    if (!e || !k)
        return NULL;
    k->num = v;
    k->type = TY_NUM;
    e->op = OP_EQ;
    e->type = TY_BOOL;
    e->lhs = (sc_expr *)f;
    e->rhs = k;
    e->depth = 1;
    return e;
}

/* A member of `F in {...}` of a port or number field F, or of its range: `F == v` for
 * each value v it holds. */
static void number_parts(void *arg, const sc_expr *m)
{
    parts_out *p = arg;
    uint64_t lo = m->kind == EX_RANGE ? sc_literal(m->lhs)->num : sc_literal(m)->num;
    uint64_t hi = m->kind == EX_RANGE ? sc_literal(m->rhs)->num : lo;
    for (uint64_t v = lo; v <= hi && p->n <= SC_SPLIT_MAX_KEYS; v++) {
        sc_expr *e = p->out ? equals(p->c, p->field, (uint32_t)v, m->loc) : NULL;
        p->failed |= p->out && !e;
        add_part(p, e);
    }
}

/* A member of `F in {...}` of a port or number field beside an address (spans): `F in
 * LO..HI` of a range, which a pair on a prefix takes whole (key_pair), `F == v` of a
 * value. */
static void span_part(void *arg, const sc_expr *m)
{
    if (m->kind == EX_RANGE)
        member_part(arg, m);
    else
        number_parts(arg, m);
}

/* The keys of several_keys e, into p: `F in M` of each member M of a set of addresses,
 * `F == v` of each port or number, or where spans (beside an address) each range whole
 * (at most SC_SPLIT_MAX_KEYS + 1 of them counted). */
static void key_parts(parts_out *p, const sc_expr *e, bool spans)
{
    p->field = e->lhs;
    bool addr = sc_fields[e->lhs->field].part < 2 && sc_fields[e->lhs->field].end >= 0;
    if (e->rhs->kind == EX_RANGE)
        number_parts(p, e->rhs);
    else
        sc_set_each(keys_set(e->rhs), addr ? member_part : spans ? span_part : number_parts, p);
}

/* Is e, a test of a port or number field, beside conj[0..n) a test of an address (for
 * an address or a prefix, or a set of them: `dst in P`, `dst.ip == A`, `src in {...}`,
 * or a prefix of a port made one, `dst in P and dst.port == N`, or an endpoint, `dst ==
 * A:P`) of another end than its own (a uid's, or a port of the other end), whose pair
 * with a range of e's field is a key (key_pair)? */
static bool beside_address(const sc_expr *const *conj, size_t n, const sc_expr *e)
{
    for (size_t k = 0; k < n; k++) {
        const sc_expr *a = conj[k]->whole ? key_address(conj[k]) : conj[k]; /* a prefix of a port: the prefix */
        if (a->kind != EX_BINARY || (a->op != OP_EQ && a->op != OP_IN) || a->lhs->ref != REF_FIELD ||
            sc_fields[a->lhs->field].end < 0 || sc_fields[a->lhs->field].part == 2 ||
            sc_fields[a->lhs->field].end == sc_fields[e->lhs->field].end)
            continue;
        sc_type t = sc_literal(a->rhs)->type;
        if (t == TY_IP || t == TY_PREFIX || t == TY_SET || (t == TY_ENDPOINT && a->op == OP_EQ))
            return true;
    }
    return false;
}

/* Is e, a test of a number field (a uid's) for ranges that a table rule keys
 * (key_field), beside conj[0..n) a test of a port, which a pair of the ranges and one
 * port takes (`uid in 100000..165535 and dst.port == 5432`: key_pair)? */
static bool beside_port(const sc_expr *const *conj, size_t n, const sc_expr *e)
{
    if (e->kind != EX_BINARY || e->lhs->ref != REF_FIELD || sc_fields[e->lhs->field].end >= 0 || key_field(e) < 0)
        return false;
    for (size_t k = 0; k < n; k++)
        if (conj[k]->kind == EX_BINARY && (conj[k]->op == OP_EQ || conj[k]->op == OP_IN) && conj[k]->lhs->ref == REF_FIELD &&
            key_part(conj[k]->lhs->field) == 2)
            return true;
    return false;
}

static const sc_expr *joined(sc_ctx *c, const sc_expr *cond);

/* The parts of a conjunction of which some conjuncts test several keys written in them
 * (several_keys: `uid == 1001 and dst.port in {5432, 6379}`, `... and dst.port in
 * 8000..8099`, `src.ip in {10.0.0.7, 10.0.0.8} and dst.port in {22, 3389}`): the
 * conjunction with those conjuncts as each of their keys in turn, every combination
 * (`uid == 1001 and dst.port == 5432`, ...), 1 (a set of one: `dst.ip in {A} and
 * dst.port == P` is `dst.ip == A and ...`) to SC_SPLIT_MAX_KEYS of them, into p; else
 * none. */
static void conj_parts(parts_out *p, const sc_expr *cond)
{
    const sc_expr *conj[SC_TABLE_MAX_CONJ];
    size_t n = plan_conjuncts(cond, conj, SC_TABLE_MAX_CONJ), at[SC_TABLE_MAX_CONJ], nat = 0, combos = 1;
    parts_out keys[SC_TABLE_MAX_CONJ];
    /* beside an address of another end, a range of a port or number is a key as it is
     * (a pair on a prefix takes it whole), and a set of them splits into its members;
     * where splitting all would make too many, beside a port the ranges of a uid are a
     * key as they are too (a pair of them and the port: beside_port), and the port's set
     * or range splits into its ports */
    bool several[SC_TABLE_MAX_CONJ], spans[SC_TABLE_MAX_CONJ], pairs = false;
    for (size_t k = 0; k < n; k++) {
        several[k] = several_keys(conj[k]);
        bool addr = several[k] && sc_fields[conj[k]->lhs->field].part < 2 && sc_fields[conj[k]->lhs->field].end >= 0;
        spans[k] = several[k] && !addr && beside_address(conj, n, conj[k]);
    }
    size_t left = SC_SPLIT_POLICY_KEYS - p->c->split_keys, room = left < SC_SPLIT_MAX_KEYS ? left : SC_SPLIT_MAX_KEYS;
    for (int keep = 0; keep < 2 && (keep == 0 || combos > room); keep++) {
        nat = 0, combos = 1, pairs = false;
        for (size_t k = 0; k < n; k++)
            if (several[k] && !(spans[k] && ranges_of(conj[k]->rhs, UINT32_MAX).n == 1) &&
                !(keep && beside_port(conj, n, conj[k]))) {
                pairs |= key_field(conj[k]) >= 0;
                at[nat++] = k;
            }
        for (size_t j = 0; j < nat && combos <= SC_SPLIT_MAX_KEYS; j++) { /* count each one's keys */
            keys[j] = (parts_out){.c = p->c};
            key_parts(&keys[j], conj[at[j]], spans[at[j]]);
            combos *= keys[j].n;
        }
    }
    if (n < 2 || !nat || !combos || combos > room)
        return;
    p->pairs |= pairs;
    for (size_t j = 0; p->out && j < nat && !p->failed; j++) { /* and make them */
        size_t nk = keys[j].n;
        if (!(keys[j].out = sc_arena_alloc(p->c->arena, nk * sizeof *keys[j].out))) {
            p->failed = true;
            break;
        }
        keys[j].n = 0;
        key_parts(&keys[j], conj[at[j]], spans[at[j]]);
        p->failed |= keys[j].failed;
    }
    for (size_t i = 0; i < combos && !p->failed; i++) { /* combination i: the last conjunct's keys the fastest */
        const sc_expr *part = NULL;
        if (p->out) {
            const sc_expr *with[SC_TABLE_MAX_CONJ];
            memcpy(with, conj, n * sizeof *with);
            for (size_t j = nat, rest = i; j-- > 0; rest /= keys[j].n)
                with[at[j]] = keys[j].out[rest % keys[j].n];
            const sc_expr *all = conj_join(p->c, with, n); /* with a port now one (joined) */
            p->failed |= !all || !(part = joined(p->c, all));
        }
        add_part(p, part);
    }
}

/* The parts of condition e, left to right (its disjuncts, and the members of a set of
 * addresses written in the rule or a small named one: keys_set), into p. */
static void cond_parts(parts_out *p, const sc_expr *e)
{
    if (e->kind == EX_BINARY && e->op == OP_OR) {
        cond_parts(p, e->lhs);
        cond_parts(p, e->rhs);
    } else if (e->kind == EX_BINARY && e->op == OP_IN && e->lhs->ref == REF_FIELD && sc_fields[e->lhs->field].end >= 0 &&
               sc_fields[e->lhs->field].part < 2 && e->rhs->type == TY_SET && keys_set(e->rhs)) {
        const sc_expr *field = p->field;
        p->field = e->lhs;
        sc_set_each(keys_set(e->rhs), member_part, p);
        p->field = field;
    } else {
        add_part(p, e);
    }
}

static int keyed(const sc_stmt *st, int want);

/* Is l's a plain list, with no if? */
static bool plain(const sc_stmt_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i]->kind == ST_IF)
            return false;
    return true;
}

/* Does the list end the program on every path, with no if (its last statement a
 * verdict, an assign or a redirect)? Then it runs once however many parts of a split
 * rule hold; and the parts share it, which the plan need not look into. */
static bool ends_plainly(const sc_stmt_list *l)
{
    if (!plain(l))
        return false;
    sc_stmt_kind k = l->n ? l->items[l->n - 1]->kind : ST_IF;
    return k == ST_ALLOW || k == ST_DENY || k == ST_PASS || k == ST_DROP || k == ST_ASSIGN || k == ST_REDIRECT;
}

/* Do the parts of a rule that goes on (parts[0..n) of its condition, or-ed) each run
 * alone, as the rule runs its body once, when they are rules in turn? So where each
 * is a key of one field for one value, or of an address for a prefix (no range or
 * pair), no two prefixes meet (an address of both would run the body twice), and no
 * part leads to a later one: none has the key that the body's rewrite gives, nor that
 * of an earlier part whose body leaves it as it was (keys_exact or prefixes_exact over
 * the parts, as a run). `if dst == A or dst == B { rewrite dst C; }` is so, and `if
 * dst in {10.1.0.0/16, 172.16.1.0/24} { rewrite dst.ip 127.0.1.1; }`; with `rewrite
 * dst B`, the part of A would lead to that of B, whose body would run a second time. */
static bool parts_apart(const sc_stmt *st, const sc_expr **parts, size_t n)
{
    sc_stmt *r = malloc(n * sizeof *r), **rules = malloc(n * sizeof *rules);
    int key = -1;
    bool apart = r && rules, prefixes = false;
    for (size_t k = 0; apart && k < n; k++) {
        int rw, key2;
        r[k] = *st;
        r[k].table_key = r[k].cond = (sc_expr *)parts[k];
        rules[k] = &r[k];
        int f = table_rule(&r[k], -1, &rw, &key2);
        apart = f >= 0 && key2 < 0 && (k == 0 || f == key) && (parts[k]->op == OP_EQ || key_is_prefix(parts[k]));
        prefixes |= parts[k]->op == OP_IN;
        key = f;
    }
    for (size_t k = 0; apart && prefixes && k < n; k++)
        for (size_t j = 0; apart && j < k; j++)
            apart = !addrs_meet(rule_key(&r[j]).addr, rule_key(&r[k]).addr);
    apart = apart && (prefixes ? prefixes_exact(rules, n, key, -1) : keys_exact(rules, n, key, -1)) == (ptrdiff_t)n;
    free(r);
    free(rules);
    return apart;
}

/* The parts rule st splits into (two or more, each a table rule's key; its body ends
 * the program, or of or-ed keys parts_apart), in the arena, with their number in *n;
 * NULL when it does not split (or out of memory). */
static const sc_expr **rule_parts(sc_ctx *c, const sc_stmt *st, size_t *n)
{
    parts_out p = {.c = c};
    bool ends = st->kind == ST_IF && ends_plainly(&st->then);
    if (st->kind != ST_IF || st->els.n || !(ends || plain(&st->then)))
        return NULL;
    cond_parts(&p, st->cond);
    void (*parts)(parts_out *, const sc_expr *) = cond_parts;
    if (p.n == 1 && ends) /* no or: a conjunct of several keys, maybe */
        p.n = 0, parts = conj_parts, conj_parts(&p, st->cond);
    if (p.n < (parts == cond_parts ? 2u : 1u) || !(p.out = sc_arena_alloc(c->arena, p.n * sizeof *p.out)))
        return NULL;
    p.n = 0;
    parts(&p, st->cond);
    /* each a key of one field or a pair; of a conjunct's keys, beside a guard, and a pair
     * where the conjunct is a key as it is (`proto == tcp and dst.port in {80, 443}` is a
     * rule of ports) */
    sc_stmt part = *st;
    int rw, key2;
    for (size_t k = 0; k < p.n && !p.failed; k++)
        if (part.cond = (sc_expr *)p.out[k],
            parts == cond_parts ? table_rule(&part, -1, &rw, &key2) < 0 : keyed(&part, 1 + p.pairs) < 1 + p.pairs)
            return NULL;
    if (!ends && (p.failed || !parts_apart(st, p.out, p.n)))
        return NULL;
    *n = p.n;
    c->split_keys += parts == conj_parts && !p.failed ? p.n : 0; /* SC_SPLIT_POLICY_KEYS */
    return p.failed ? NULL : p.out;
}

/* A block of rules, `if G { if K1 { S1 } if K2 { S2 } }` (no else there), is the
 * rules `if G and K1 { S1 } if G and K2 { S2 }` where G holds for each as it did for
 * the block (spreads), and the rules around it take them so where that makes a table:
 * a block per uid of its ports is one table of pairs. Each rule keeps its own
 * location. A block alone stays a block (a guard, and its rules a table of their own). */

enum { TOUCH_ENDPOINT = 1, TOUCH_MAP = 2 };

/* What e reads that a statement may write (TOUCH_*). */
static int expr_reads(const sc_expr *e)
{
    if (!e)
        return 0;
    int r = 0;
    if (e->ref == REF_FIELD)
        r = sc_fields[e->field].end >= 0 ? TOUCH_ENDPOINT : 0;
    else if (e->ref == REF_DECL && e->decl && (e->decl->kind == DC_MAP || e->decl->kind == DC_SOCKMAP ||
                                                e->decl->kind == DC_SOCKHASH))
        r = TOUCH_MAP;
    for (size_t i = 0; e->kind == EX_SET && i < e->items.n; i++)
        r |= expr_reads(e->items.items[i]);
    return r | expr_reads(e->lhs) | expr_reads(e->rhs);
}

/* What the statements of l write (TOUCH_*): a rewrite or a bind the socket's
 * endpoints, the others that write a map the maps. */
static int list_writes(const sc_stmt_list *l)
{
    int w = 0;
    for (size_t i = 0; i < l->n; i++) {
        sc_stmt_kind k = l->items[i]->kind;
        w |= k == ST_REWRITE || k == ST_BIND                       ? TOUCH_ENDPOINT
             : k == ST_MAPSET || k == ST_DELETE || k == ST_TRACK ? TOUCH_MAP
                                                                   : 0;
        if (k == ST_IF)
            w |= list_writes(&l->items[i]->then) | list_writes(&l->items[i]->els);
    }
    return w;
}

/* Is st such a block, within blocks whose guards read `reads` (TOUCH_*)? Its guard,
 * and theirs, are tested again before each rule but the first: no rule but the last
 * may write what they read and go on (its body ending the program on every path). */
static bool spreads(const sc_stmt *st, int reads)
{
    if (st->kind != ST_IF || st->els.n || !st->then.n)
        return false;
    reads |= expr_reads(st->cond);
    for (size_t k = 0; k < st->then.n; k++) {
        const sc_stmt *r = st->then.items[k];
        if (r->kind != ST_IF || r->els.n ||
            (k + 1 < st->then.n && !ends_plainly(&r->then) && (list_writes(&r->then) & reads)))
            return false;
    }
    return true;
}

typedef struct spread_out {
    sc_ctx *c;
    sc_stmt **v; /* the rules, malloc'd */
    size_t n, cap;
    bool failed; /* out of memory */
    bool deep;   /* a condition so joined would be deeper than the parser lets one be */
} spread_out;

/* `g and e` in the arena, or NULL. */
static sc_expr *both(spread_out *o, const sc_expr *g, const sc_expr *e)
{
    int depth = (g->depth > e->depth ? g->depth : e->depth) + 1;
    sc_expr *x = depth <= SC_MAX_EXPR_DEPTH ? sc_expr_new(o->c->arena, EX_BINARY, e->loc) : NULL; /* at the rule */
    o->deep |= depth > SC_MAX_EXPR_DEPTH;
    o->failed |= !x && !o->deep;
    if (x) {
        x->op = OP_AND;
        x->type = TY_BOOL;
        x->lhs = (sc_expr *)g;
        x->rhs = (sc_expr *)e;
        x->depth = depth;
    }
    return x;
}

static void push(spread_out *o, sc_stmt *r);

/* Appends st to o, its blocks spread, with guard g (NULL: none), which reads `reads`,
 * joined before each rule's condition; block: the outermost block (NULL: none). */
static void spread(spread_out *o, const sc_expr *g, int reads, const sc_stmt *block, sc_stmt *st)
{
    if (spreads(st, reads)) {
        const sc_expr *inner = g ? both(o, g, st->cond) : st->cond;
        for (size_t k = 0; inner && k < st->then.n; k++)
            spread(o, inner, reads | expr_reads(st->cond), block ? block : st, st->then.items[k]);
        return;
    }
    sc_stmt *r = st;
    if (g) {
        sc_expr *cond = both(o, g, st->cond);
        if (!cond || !(r = sc_arena_alloc(o->c->arena, sizeof *r))) {
            o->failed |= cond != NULL;
            return;
        }
        *r = *st;
        r->cond = cond;
        r->block = block;
    }
    push(o, r);
}

static void push(spread_out *o, sc_stmt *r)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 64;
        sc_stmt **v = realloc(o->v, cap * sizeof *v);
        if (!v) {
            o->failed = true;
            return;
        }
        o->v = v;
        o->cap = cap;
    }
    o->v[o->n++] = r;
}

/* Is st a table rule keyed by its condition, or by a conjunct or a pair of them (as
 * find_tables tries)? */
static bool keyed_anyhow(const sc_stmt *st) { return keyed(st, 1) > 0; }

/* The words of a key of field key and second field key2 (table_rule): 0 none, 1 one
 * field's, 2 a pair's (key_pair) or an endpoint's address and port. */
static int key_words(int key, int key2) { return key < 0 ? 0 : key2 >= 0 || key_part(key) == 0 ? 2 : 1; }

/* How st is a table rule (as find_tables tries), as far as want: key_words of its
 * best key, its condition or a conjunct or a pair of them. */
static int keyed(const sc_stmt *st, int want)
{
    int rw, key2, key = table_rule(st, -1, &rw, &key2), best = key_words(key, key2);
    const sc_expr *conj[SC_TABLE_MAX_CONJ];
    size_t n = st->kind == ST_IF && best < want ? plan_conjuncts(st->cond, conj, SC_TABLE_MAX_CONJ) : 0;
    for (int pos = 0; best < want && n >= 2 && pos < KEY_PAIR(n - 1, 0); pos++) {
        if (!key_pos_in(n, pos))
            continue;
        key = table_rule(st, pos, &rw, &key2); /* sets key2, which key_words then reads */
        best = key_words(key, key2) > best ? key_words(key, key2) : best;
    }
    return best;
}

/* Spreads the blocks of l where they and the table rules around them (two or more,
 * enough rules for a table) are table rules so; elsewhere a block stays as written,
 * whose code is a jump shorter. -1 when out of memory. */
static int spread_blocks(sc_ctx *c, sc_stmt_list *l)
{
    size_t first = 0;
    while (first < l->n && !spreads(l->items[first], 0))
        first++;
    if (first == l->n) /* no block: nothing to look at */
        return 0;
    spread_out o = {.c = c};
    size_t *at = malloc((l->n + 1) * sizeof *at), spread_n = 0; /* item i's rules: o.v[at[i]..at[i + 1]) */
    for (size_t i = 0; at && i < l->n && !o.failed; i++) {
        at[i] = o.n;
        o.deep = false;
        spread(&o, NULL, 0, NULL, l->items[i]);
        if (o.deep) { /* as written */
            o.n = at[i];
            push(&o, l->items[i]);
        }
    }
    bool failed = !at || o.failed;
    if (!failed)
        at[l->n] = o.n;
    bool *take = failed ? NULL : calloc(l->n + 1, sizeof *take);
    for (size_t i = 0, j; take && i < l->n; i = j + 1) { /* l->items[j] ends the stretch */
        bool spread_any = false;
        for (j = i; j < l->n; j++) {
            size_t k = at[j];
            while (k < at[j + 1] && keyed_anyhow(o.v[k]))
                k++;
            if (k < at[j + 1])
                break;
            spread_any |= at[j + 1] - at[j] != 1 || o.v[at[j]] != l->items[j];
        }
        if (spread_any && j - i >= 2 && at[j] - at[i] >= SC_TABLE_MIN_RULES)
            for (size_t k = i; k < j; k++) {
                take[k] = true;
                spread_n += at[k + 1] - at[k];
            }
    }
    sc_stmt **items = spread_n ? sc_arena_alloc(c->arena, (l->n + spread_n) * sizeof *items) : NULL;
    failed |= (!take && !failed) || (spread_n && !items);
    size_t n = 0;
    for (size_t i = 0; items && i < l->n; i++)
        for (size_t k = take[i] ? at[i] : 0; k < (take[i] ? at[i + 1] : 1); k++)
            items[n++] = take[i] ? o.v[k] : l->items[i];
    if (items)
        *l = (sc_stmt_list){items, n, n};
    free(take);
    free(at);
    free(o.v);
    return failed ? -1 : 0;
}

/* Splits the rules of or-ed keys of l where they and the table rules around them, two
 * or more, make a run long enough for a table (as regroup_list takes stretches). -1
 * when out of memory. */
static int split_ors(sc_ctx *c, sc_stmt_list *l)
{
    size_t grown = 0, *nparts = calloc(l->n + 1, sizeof *nparts);
    const sc_expr ***parts = calloc(l->n + 1, sizeof *parts);
    int rc = nparts && parts ? 0 : -1;
    for (size_t i = 0, j; i < l->n && rc == 0; i = j + 1) { /* l->items[j] ends the stretch */
        size_t rules = 0, split = 0;
        for (j = i; j < l->n; j++) {
            parts[j] = rule_parts(c, l->items[j], &nparts[j]);
            if (!parts[j] && !keyed_anyhow(l->items[j]))
                break;
            rules += parts[j] ? nparts[j] : 1;
            split += parts[j] != NULL;
        }
        bool splits = split && rules >= SC_TABLE_MIN_RULES && j - i >= 2;
        for (size_t k = i; k < j; k++)
            if (!splits)
                parts[k] = NULL;
            else if (parts[k])
                grown += nparts[k] - 1;
    }
    sc_stmt **items = grown && rc == 0 ? sc_arena_alloc(c->arena, (l->n + grown) * sizeof *items) : NULL;
    rc = grown && !items ? -1 : rc;
    size_t n = 0;
    for (size_t i = 0; items && i < l->n && rc == 0; i++) {
        sc_stmt *copies = parts[i] ? sc_arena_alloc(c->arena, nparts[i] * sizeof *copies) : NULL;
        if (!parts[i])
            items[n++] = l->items[i];
        else if (!copies)
            rc = -1;
        for (size_t k = 0; copies && k < nparts[i]; k++) {
            copies[k] = *l->items[i];
            copies[k].cond = (sc_expr *)parts[i][k];
            copies[k].or_part = true;
            items[n++] = &copies[k];
        }
    }
    if (items && rc == 0)
        *l = (sc_stmt_list){items, n, n};
    free(nparts);
    free(parts);
    return rc;
}

/* From l->items[i] on, the run of table rules keyed at pos. */
static rule_run run_from(const sc_stmt_list *l, size_t i, int pos)
{
    rule_run r = {.end = i, .pos = pos, .rw = -1};
    r.key = table_rule(l->items[i], pos, &r.rw, &r.key2);
    sc_expr pair0;
    const sc_expr *k0 = r.key >= 0 ? key_part_of(l->items[i], pos, &pair0) : NULL;
    r.except = k0 ? except_field(k0) : -1;
    while (r.key >= 0 && r.end < l->n) {
        const sc_stmt *st = l->items[r.end];
        int rw, key2, key = table_rule(st, pos, &rw, &key2);
        const sc_decl *m = key == r.key ? sock_map(st) : NULL;
        if (key != r.key || key2 != r.key2 || (rw >= 0 && r.rw >= 0 && rw != r.rw) || (m && r.map && m != r.map) ||
            !same_guard(l->items[i], st, pos))
            break;
        if (rw >= 0)
            r.rw = rw;
        if (m)
            r.map = m;
        sc_expr pair;
        const sc_expr *kc = key_part_of(st, pos, &pair);
        if (port_ranked(kc) != port_ranked(k0) || except_field(kc) != r.except)
            break; /* keys of one layout, values of one */
        r.prefix |= key_is_prefix(kc);
        r.ranges |= key_of_ranges(kc, key);
        r.ranges2 |= ranged(kc);
        r.end++;
    }
    return r;
}

/* The longest run from l->items[i], keyed by all of its condition or by a conjunct or
 * a pair of them (of two of one length, the one whose lookup costs less). */
static rule_run best_run(const sc_stmt_list *l, size_t i)
{
    const sc_expr *conj[SC_TABLE_MAX_CONJ];
    size_t nconj = l->items[i]->kind == ST_IF ? plan_conjuncts(l->items[i]->cond, conj, SC_TABLE_MAX_CONJ) : 0;
    rule_run best = run_from(l, i, -1);
    for (int pos = 0; nconj >= 2 && pos < KEY_PAIR(nconj - 1, 0); pos++) {
        if (!key_pos_in(nconj, pos))
            continue;
        rule_run r = run_from(l, i, pos);
        if (r.end > best.end || (r.end == best.end && run_cost(&r) < run_cost(&best)))
            best = r;
    }
    return best;
}

/* --- rules on several fields that stay interleaved (sc_rulemerge) ------------------- */

/* A class of a merged stretch: the rules of one key field (the conjunct at pos, or all
 * of the condition), guard (the other conjuncts, as rule rep has them), counter,
 * rewrite field and socket map; one table. */
typedef struct merge_class {
    int key, rw, pos;
    const sc_decl *map;
    const sc_stmt *rep;
} merge_class;

/* Where st's key is for a merged table: all of its condition (-1), or the last of its
 * conjuncts that is a key on an address or a port (else on a number), the others its
 * guard (`proto == tcp and dst.port == 22`); -2 when it has none. The key field in
 * *key (-1 for none), the field it rewrites in *rw (table_rule). */
static int merge_pos(const sc_stmt *st, int *key, int *rw)
{
    if ((*key = table_rule(st, -1, rw, NULL)) >= 0)
        return -1;
    const sc_expr *conj[SC_TABLE_MAX_CONJ];
    size_t n = st->kind == ST_IF ? plan_conjuncts(st->cond, conj, SC_TABLE_MAX_CONJ) : 0;
    int best = -2;
    for (int p = 0, k, w; n >= 2 && p < KEY_PAIR(n - 1, 0); p++) /* a pair before any one conjunct */
        if (key_pos_in(n, p) && (k = table_rule(st, p, &w, NULL)) >= 0 &&
            (*key < 0 || sc_fields[k].end >= 0 || sc_fields[*key].end < 0)) {
            best = p;
            *key = k;
            *rw = w;
        }
    return best;
}

/* The class of st among cls[0..*n) (a new one when none fits and there is room), or
 * -1: st is no rule keyed by its condition or a conjunct that ends the program, or
 * fits no class. */
static int merge_class_of(const sc_stmt *st, merge_class *cls, size_t *n)
{
    int key = -1, rw = -1, pos = st->table ? -2 : merge_pos(st, &key, &rw);
    if (pos == -2 || goes_on(st))
        return -1;
    const sc_decl *map = sock_map(st);
    for (size_t k = 0; k < *n; k++)
        if (cls[k].key == key && cls[k].pos == pos && same_guard(cls[k].rep, st, pos) && same_count(cls[k].rep, st) &&
            (rw < 0 || cls[k].rw < 0 || rw == cls[k].rw) && (!map || !cls[k].map || map == cls[k].map)) {
            cls[k].rw = rw >= 0 ? rw : cls[k].rw;
            cls[k].map = map ? map : cls[k].map;
            return (int)k;
        }
    if (*n == SC_MERGE_MAX_TABLES)
        return -1;
    cls[*n] = (merge_class){key, rw, pos, map, st};
    return (int)(*n)++;
}

/* The table of the rules of class k (of[i] == k) of the stretch rules[0..n), each with
 * its place in the stretch; NULL when out of memory. */
static sc_ruletab *merge_table(sc_ctx *c, sc_stmt **rules, size_t n, const int *of, const merge_class *k, int ki,
                               int hook)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += of[i] == ki;
    sc_stmt **mine = sc_arena_alloc(c->arena, m * sizeof *mine);
    uint32_t *places = sc_arena_alloc(c->arena, m * sizeof *places);
    if (!mine || !places)
        return NULL;
    rule_run run = {.end = m, .pos = k->pos, .key = k->key, .key2 = -1, .rw = k->rw, .map = k->map, .except = -1};
    m = 0;
    for (size_t i = 0; i < n; i++) {
        if (of[i] != ki)
            continue;
        if (!(rules[i]->table_key = table_key_of(c, rules[i], k->pos)))
            return NULL;
        run.prefix |= key_is_prefix(rules[i]->table_key);
        run.ranges |= key_of_ranges(rules[i]->table_key, k->key);
        places[m] = (uint32_t)i;
        mine[m++] = rules[i];
    }
    sc_ruletab *t = make_table(c, mine, m, &run, hook);
    if (t) { /* the 6 programs' lookup of either table reads the value alike (codegen, merged_lookup) */
        t->mapped_v4 &= t->rewrite_field < 0 && !t->binds;
        t->places = places; /* one rule of its field is compared instead: sc_ruletab_compared */
    }
    return t;
}

/* Each stretch of l of 8 or more rules keyed by their condition or a conjunct, on two
 * or more classes (merge_class) with 4 rules or more per class on average, each ending
 * the program and in no table, becomes a table per class (sc_rulemerge), looked up
 * where its guard holds. */
static int merge_list(sc_ctx *c, sc_stmt_list *l, int hook)
{
    int *of = malloc(l->n * sizeof *of + 1);
    if (!of)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < l->n && rc == 0;) {
        if (l->items[i]->table) {
            i += l->items[i]->table->n;
            continue;
        }
        merge_class cls[SC_MERGE_MAX_TABLES];
        size_t ncls = 0, j = i;
        while (j < l->n && j - i < SC_MERGE_MAX_RULES && (of[j - i] = merge_class_of(l->items[j], cls, &ncls)) >= 0)
            j++;
        /* a lookup for every 4 rules at the most: a list whose rules are classes of their
         * own (`dst in P and dst.port == N`, every guard another) stays rules */
        if (j - i >= SC_TABLE_MIN_RULES && ncls >= 2 && j - i >= 4 * ncls) {
            sc_rulemerge *m = sc_arena_alloc(c->arena, sizeof *m);
            if (!m) {
                rc = -1;
                break;
            }
            *m = (sc_rulemerge){.ntabs = ncls, .n = j - i};
            int widest = VALUE_VERDICT;
            for (size_t k = 0; k < ncls && rc == 0; k++) {
                rc = (m->tabs[k] = merge_table(c, l->items + i, j - i, of, &cls[k], (int)k, hook)) ? 0 : -1;
                widest = rc == 0 && m->tabs[k]->value_class > widest ? m->tabs[k]->value_class : widest;
            }
            /* codegen, merged: LLVM may hand one table's entry to another's actions, which
             * must read it in bounds: the values of the widest, and where they are an
             * address's, whose words a family has its own number of, a 6 program reads
             * tables of its own (no IPv4 table for IPv4-mapped keys or ports) */
            for (size_t k = 0; k < ncls && rc == 0; k++) {
                m->tabs[k]->value_class = widest;
                if (widest >= VALUE_REWRITE)
                    m->tabs[k]->same_v4 = m->tabs[k]->mapped_v4 = false;
            }
            for (size_t k = i; k < j; k++)
                l->items[k]->no_table_n = 0;
            l->items[i]->merge = m;
        }
        i = j > i ? j : i + 1;
    }
    free(of);
    return rc;
}

/* Does rule st count (`if ... { count NAME; ... }`, no else)? */
static bool counting_rule(const sc_stmt *st)
{
    if (st->kind != ST_IF || st->els.n)
        return false;
    for (size_t k = 0; k < st->then.n; k++)
        if (st->then.items[k]->kind == ST_COUNT)
            return true;
    return false;
}

/* Rules that no table takes are compared one by one, and a long list of them compiles
 * and verifies slowly: 10,000 rules `if uid == U and dst.port == P { deny; }` took LLVM
 * 95 s before it gave up on the jumps, 2,000 `if src.ip == A and dst.port == P { drop;
 * }` in lookup 17 s and 2 GB, before tables took pairs (key_pair). Warns at the first
 * of each stretch of SC_LONG_LIST_WARN or more rules of l that no table took, with
 * what a table takes (of rules that all count, that the count comes first). */
#define SC_LONG_LIST_WARN 512

/* The verifier keeps a branch pending for each test on the path it walks first, and
 * refuses a program with more than 8,192 of them (BPF_COMPLEXITY_LIMIT_JMP_SEQ: "The
 * sequence of 8193 jumps is too complex"). A rule whose body ends the program gives its
 * branch back at once; one that acts and goes on may keep its tests' until that path
 * ends (LLVM makes some rewrites selects, which do not): 4,200 rules `if dst.port == P
 * and dst.ip != A { count c; }` were refused, 10,000 `if dst == A:80 or dst == B:80 {
 * rewrite dst C:8080; }` too before they were a table. The tests such a rule may keep
 * pending. */
#define SC_VERIFIER_JMP_SEQ 8192
static size_t pending_tests(const sc_stmt *st)
{
    if (st->kind != ST_IF || st->els.n || !st->then.n || ends_plainly(&st->then))
        return 0;
    const sc_expr *conj[SC_TABLE_MAX_CONJ];
    size_t n = sc_conjuncts(st->cond, conj, SC_TABLE_MAX_CONJ); /* each a test, as codegen makes them */
    return n ? n : SC_TABLE_MAX_CONJ;
}

static void warn_long_lists(sc_ctx *c, const sc_stmt_list *l)
{
    for (size_t i = 0, end; i < l->n; i = end > i ? end : i + 1) {
        const sc_stmt *st = l->items[i];
        if (st->table || st->merge) {
            end = i + (st->table ? st->table->n : st->merge->n);
            continue;
        }
        bool counting = true;
        size_t rules = 0, pending = 0; /* as written: the parts of a rule split at its or are one */
        for (end = i; end < l->n && !l->items[end]->table && !l->items[end]->merge && l->items[end]->kind == ST_IF;
             end++) {
            const sc_stmt *r = l->items[end], *prev = end > i ? l->items[end - 1] : NULL;
            counting &= counting_rule(r);
            pending += pending_tests(r);
            rules += !(r->or_part && prev && prev->or_part && prev->loc.line == r->loc.line && prev->loc.col == r->loc.col);
        }
        if (rules < SC_LONG_LIST_WARN)
            continue;
        sc_warning(&c->diag, l->items[i]->loc,
                   "the %zu rules of lines %d-%d %sare compared one by one, which compiles and verifies slowly "
                   "(up to seconds of LLVM for each thousand)",
                   rules, l->items[i]->loc.line, l->items[end - 1]->loc.line, counting ? "count, and " : "");
        if (counting)
            sc_note(&c->diag, l->items[i]->loc,
                    "rules are one lookup when each counts first: 'if dst.port == 22 { count ssh; deny; }', "
                    "'if dst.port == 80 { count web; rewrite dst.port 8080; }'");
        else
            sc_note(&c->diag, l->items[i]->loc,
                    "8 or more rules in a row are one lookup when each tests one field for a value ('dst.port == 22', "
                    "'dst in 10.0.0.0/8', 'dst == 10.0.0.1:80', 'uid == 1000') or two ('uid == 1000 and dst.port == "
                    "22'), besides conditions that they all share, and then does one thing ('deny;', 'rewrite "
                    "dst.port 8080;', 'count web; allow;')");
        if (pending > SC_VERIFIER_JMP_SEQ)
            sc_note(&c->diag, l->items[i]->loc,
                    "the verifier may refuse them: it may keep a branch pending for each test of a rule that acts and "
                    "goes on (%zu here), and refuses more than %d ('The sequence of %d jumps is too complex'); a rule "
                    "that ends the program ('count web; allow;') keeps none",
                    pending, SC_VERIFIER_JMP_SEQ, SC_VERIFIER_JMP_SEQ + 1);
    }
}

/* --- an endpoint written as its address and its port -------------------------------- */

/* A condition that tests an end's address for one address and its port for one port,
 * and a number or the other end's port for one value, `uid == 1001 and dst.ip ==
 * 10.0.0.5 and dst.port == 5432`, tests its endpoint, `uid == 1001 and dst ==
 * 10.0.0.5:5432`: the two conjuncts are one, where the first of them was, so that
 * tables take the rule as a pair of the endpoint and the uid. So does one that tests
 * the end for a prefix and a port beside a number (`uid == 1001 and dst in
 * 10.1.0.0/16 and dst.port == 5432`, or `uid in 100000..165535 ...`): the two are one
 * conjunct, `dst in 10.1.0.0/16 and dst.port == 5432` kept whole (sc_expr.whole), a
 * prefix key of the port (key_field) that makes a pair with the number (key_pair).
 * Without such a third field the address and the port stay apart: as the key's two
 * conjuncts beside a guard (`proto == tcp and dst.ip == A and dst.port == P`), they are
 * the address and port of a run of prefix rules with their ports too; alone, they are
 * an endpoint key as they are (key_field). Returns the condition to use: cond, or one
 * in the arena (NULL when out of memory). */
static const sc_expr *joined(sc_ctx *c, const sc_expr *cond)
{
    const sc_expr *conj[SC_TABLE_MAX_CONJ];
    size_t n = plan_conjuncts(cond, conj, SC_TABLE_MAX_CONJ), ip = 0, port = 0;
    for (; n >= 3 && ip < n; ip++) {
        int a = key_field(conj[ip]);
        if (a < 0 || key_part(a) != 1)
            continue;
        for (port = 0; port < n; port++) {
            int b = key_field(conj[port]);
            if (b >= 0 && conj[port]->op == OP_EQ && key_part(b) == 2 && sc_fields[b].end == sc_fields[a].end)
                break;
        }
        if (port < n)
            break;
    }
    bool prefix = ip < n && conj[ip]->op == OP_IN;
    bool other = false; /* a conjunct the endpoint makes a pair with: a number or a port of the other end */
    for (size_t k = 0; ip < n && k < n; k++) {
        int f = k == ip || k == port ? -1 : key_field(conj[k]);
        other |= f >= 0 && f != FLD_PROTO && f != FLD_FAMILY &&
                 (key_part(f) == 3 || (!prefix && conj[k]->op == OP_EQ && one_word(f)));
    }
    if (n < 3 || ip == n || !other || cond->depth + SC_TABLE_MAX_CONJ > SC_MAX_EXPR_DEPTH) /* conj_join's depth */
        return cond;
    const sc_expr *first = conj[ip < port ? ip : port], *second = conj[ip < port ? port : ip];
    sc_expr *one = sc_expr_new(c->arena, EX_BINARY, first->loc);
    if (!one)
        return NULL;
    one->loc.end_line = second->loc.end_line, one->loc.end_col = second->loc.end_col;
    one->type = TY_BOOL;
    if (prefix) {
        one->op = OP_AND;
        one->lhs = (sc_expr *)first;
        one->rhs = (sc_expr *)second;
        one->depth = (first->depth > second->depth ? first->depth : second->depth) + 1;
        one->whole = true;
    } else {
        const sc_expr *p = sc_literal(conj[port]->rhs);
        sc_expr *field = sc_expr_new(c->arena, EX_NAME, conj[ip]->lhs->loc), *lit = sc_arena_alloc(c->arena, sizeof *lit);
        if (!field || !lit)
            return NULL;
        int end = sc_fields[conj[ip]->lhs->field].end;
        field->name = sc_fields[end == 0 ? FLD_SRC : FLD_DST].name;
        field->ref = REF_FIELD;
        field->field = end == 0 ? FLD_SRC : FLD_DST;
        field->type = TY_ENDPOINT;
        *lit = *sc_literal(conj[ip]->rhs);
        lit->type = TY_ENDPOINT;
        lit->addr.has_port = true;
        lit->addr.port = (uint16_t)(p->kind == EX_ADDR ? p->addr.port : p->num);
        one->op = OP_EQ;
        one->lhs = field;
        one->rhs = lit;
        one->depth = 1;
    }
    const sc_expr *rest[SC_TABLE_MAX_CONJ]; /* the conjuncts as written, the two as one */
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (k == (ip < port ? ip : port))
            rest[m++] = one;
        else if (k != ip && k != port)
            rest[m++] = conj[k];
    return conj_join(c, rest, m);
}

/* joined, of the conditions of l's ifs. -1 when out of memory. */
static int join_endpoints(sc_ctx *c, sc_stmt_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i]->kind == ST_IF && !(l->items[i]->cond = (sc_expr *)joined(c, l->items[i]->cond)))
            return -1;
    return 0;
}

/* --- conjuncts in the order of the rule before ----------------------------------------- */

/* Is conjunct b where conjunct a is, to a run: a test of the same key field the same
 * way (`uid == 1001` and `uid == 1002`), or else the same test? */
static bool conjunct_like(const sc_expr *a, const sc_expr *b)
{
    int fa = key_field(a), fb = key_field(b);
    return fa >= 0 ? fa == fb && a->op == b->op : fb < 0 && same_expr(a, b);
}

/* A run is keyed at one place of its rules' conditions, and the rest is their guard:
 * a rule whose conjuncts are those of the rule before it in another order (`uid ==
 * 1002 and proto == tcp and dst.port == 22` after `proto == tcp and uid == 1001 and
 * dst.port == 80`, or a rule of a spread block) takes that rule's order, which means
 * the same. -1 when out of memory. */
static int align_conjuncts(sc_ctx *c, sc_stmt_list *l)
{
    for (size_t i = 1; i < l->n; i++) {
        sc_stmt *prev = l->items[i - 1], *st = l->items[i];
        const sc_expr *a[SC_TABLE_MAX_CONJ], *b[SC_TABLE_MAX_CONJ], *out[SC_TABLE_MAX_CONJ];
        size_t n = prev->kind == ST_IF && st->kind == ST_IF ? plan_conjuncts(prev->cond, a, SC_TABLE_MAX_CONJ) : 0;
        if (n < 2 || plan_conjuncts(st->cond, b, SC_TABLE_MAX_CONJ) != n)
            continue;
        bool used[SC_TABLE_MAX_CONJ] = {false}, moved = false;
        size_t k = 0;
        for (; k < n; k++) { /* the first of b's unused conjuncts like a[k] */
            size_t m = 0;
            while (m < n && (used[m] || !conjunct_like(a[k], b[m])))
                m++;
            if (m == n)
                break;
            used[m] = true;
            out[k] = b[m];
            moved |= m != k;
        }
        if (k < n || !moved || st->cond->depth + SC_TABLE_MAX_CONJ > SC_MAX_EXPR_DEPTH) /* conj_join's depth */
            continue;
        sc_stmt *copy = sc_arena_alloc(c->arena, sizeof *copy);
        sc_expr *cond = copy ? conj_join(c, out, n) : NULL;
        if (!cond)
            return -1;
        *copy = *st; /* a chain's arm or a spread rule may be another list's too */
        cond->loc = st->cond->loc; /* all of it, as written */
        copy->cond = cond;
        l->items[i] = copy;
    }
    return 0;
}

/* --- else-if chains ------------------------------------------------------------------- */

/* An else-if chain `if K1 { S1 } else if K2 { S2 } ... [else { E }]` of 8 or more arms
 * means what its arms mean as rules in turn, followed by E's statements, where every
 * arm ends the program (the first arm that matches ends it); and without an else, where
 * the arms are one run that one lookup takes whole as it stands (table_part: the first
 * arm that matches acts, and no later one matches after it). The chain becomes those
 * statements, wherever it is, and find_tables makes the rules tables (`if dst.port ==
 * 80 { allow; } else if dst.port == 443 { allow; } ... else { deny; }`). Any other chain
 * stays as written (LLVM makes a chain on one field a search of compares). Returns the
 * statements that replace it (the arms copied without their else, in the arena, then
 * E's), their number in *n and the arms' in *narms; NULL to keep it (or out of memory:
 * *n is then SIZE_MAX). */
static sc_stmt **unchained(sc_ctx *c, const sc_stmt *st, size_t *n, size_t *narms)
{
    *n = 0;
    size_t arms = 1;
    const sc_stmt *last = st;
    bool end = st->kind == ST_IF && ends_plainly(&st->then);
    for (const sc_stmt *next; (next = sc_else_if(last)); last = next) {
        arms++;
        end &= ends_plainly(&next->then);
    }
    const sc_stmt_list *e = &last->els;
    if (arms < SC_TABLE_MIN_RULES || (e->n && !end))
        return NULL;
    sc_stmt **v = sc_arena_alloc(c->arena, (arms + e->n) * sizeof *v);
    const sc_stmt *a = st;
    for (size_t k = 0; v && k < arms; k++, a = sc_else_if(a)) {
        if (!(v[k] = sc_arena_alloc(c->arena, sizeof *v[k])))
            v = NULL;
        else if (*v[k] = *a, v[k]->els = (sc_stmt_list){0}, !(v[k]->cond = (sc_expr *)joined(c, a->cond)))
            v = NULL;
    }
    sc_stmt_list l = {v, arms, arms};
    rule_run run = {.end = 0};
    if (v && !end && (run = best_run(&l, 0)).end != arms)
        return NULL;
    for (size_t k = 0; v && !end && k < arms; k++)
        if (!(v[k]->table_key = table_key_of(c, v[k], run.pos)))
            v = NULL;
    ptrdiff_t m = v && !end ? table_part(v, arms, &run) : (ptrdiff_t)arms;
    if (!v || m < 0) {
        *n = SIZE_MAX;
        return NULL;
    }
    if (m != (ptrdiff_t)arms)
        return NULL;
    for (size_t k = 0; k < e->n; k++)
        v[arms + k] = e->items[k];
    *n = arms + e->n;
    *narms = arms;
    return v;
}

/* The else-if chains of l, and of the statements in its ifs, that unchained takes,
 * replaced by their statements; a chain kept is walked arm by arm (not tail by tail,
 * each a chain one shorter), and may have SC_MAX_CHAIN_ARMS arms (the passes after
 * this one go down a chain kept one arm deeper each). -1 when out of memory, 1 when
 * it reported an error. */
#define SC_MAX_CHAIN_ARMS 2500
static int unchain(sc_ctx *c, sc_stmt_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        size_t n, arms;
        sc_stmt **v = unchained(c, l->items[i], &n, &arms);
        if (n == SIZE_MAX)
            return -1;
        if (v) {
            sc_stmt **items = sc_arena_alloc(c->arena, (l->n - 1 + n) * sizeof *items);
            if (!items)
                return -1;
            memcpy(items, l->items, i * sizeof *items);
            memcpy(items + i, v, n * sizeof *items);
            memcpy(items + i + n, l->items + i + 1, (l->n - i - 1) * sizeof *items);
            *l = (sc_stmt_list){items, l->n - 1 + n, l->n - 1 + n};
            i += arms - 1; /* the arms' bodies have no ifs (E's statements are walked next) */
            continue;
        }
        size_t len = 0;
        for (sc_stmt *a = l->items[i]->kind == ST_IF ? l->items[i] : NULL; a; a = sc_else_if(a), len++) {
            int rc = unchain(c, &a->then);
            if (rc == 0 && !sc_else_if(a))
                rc = unchain(c, &a->els);
            if (rc)
                return rc;
        }
        if (len > SC_MAX_CHAIN_ARMS) { /* each arm the else of the one before, in the passes after this one too */
            sc_error(&c->diag, l->items[i]->loc,
                     "this else-if chain of %zu arms is not one lookup, and a chain compared arm by arm may have at most %d", len,
                     SC_MAX_CHAIN_ARMS);
            sc_note(&c->diag, l->items[i]->loc,
                    "a chain is one lookup when every arm ends the program ('if dst.port == 22 { deny; } else if "
                    "...'), or, with no final else, when its arms are 8 or more rules on one field (or two) and none "
                    "rewrites to a later arm's key; else write its arms as rules one after another");
            return 1;
        }
    }
    return 0;
}

/* Runs of table rules in l (and in its ifs' branches), each keyed by the part of the
 * condition that makes it longest: all of it, or one conjunct of those that every
 * rule of the run shares but that one (the guard). The run is then `if GUARD { the
 * rules without it }`, even where the guard reads what a rewrite writes: no rule
 * after the one that matched can match once the table is exact (table_part). */
static int find_tables(sc_ctx *c, sc_stmt_list *l, int hook)
{
    if (spread_blocks(c, l) < 0 || join_endpoints(c, l) < 0 || align_conjuncts(c, l) < 0 || split_ors(c, l) < 0 ||
        regroup_list(l) < 0)
        return -1;
    for (size_t i = 0; i < l->n;) {
        rule_run best = best_run(l, i);
        if (best.end == i) {
            if (l->items[i]->kind == ST_IF &&
                (find_tables(c, &l->items[i]->then, hook) < 0 || find_tables(c, &l->items[i]->els, hook) < 0))
                return -1;
            i++;
            continue;
        }
        if (best.end - i >= SC_TABLE_MIN_RULES && !l->items[i]->table) {
            for (size_t j = i; j < best.end; j++)
                if (!(l->items[j]->table_key = table_key_of(c, l->items[j], best.pos)))
                    return -1;
            /* a run is cut before each rule that an earlier rule's rewrite feeds, each
             * part a lookup of its own (table_part, at least the part's first rule); a
             * part too short for one says so in the plan */
            for (size_t s = i; s < best.end;) {
                ptrdiff_t m = table_part(l->items + s, best.end - s, &best);
                if (m < 0 || (m >= SC_TABLE_MIN_RULES &&
                              !(l->items[s]->table = make_table(c, l->items + s, (size_t)m, &best, hook))))
                    return -1;
                if (m < SC_TABLE_MIN_RULES)
                    l->items[s]->no_table_n = (size_t)m;
                s += (size_t)m;
            }
        }
        i = best.end;
    }
    int rc = merge_list(c, l, hook);
    if (rc == 0)
        warn_long_lists(c, l);
    return rc;
}

/* --- set lowering --------------------------------------------------------------------- */

typedef struct set_count {
    size_t members, v4, v6, ports;
    bool big_number; /* a number past 65535 (or a range to one): not a port, no bitmap */
    bool ranges;     /* a range of numbers */
    bool v6_mapped;  /* sc_setmap.v6_mapped */
} set_count;

static void count_member(void *arg, const sc_expr *m)
{
    set_count *n = arg;
    n->members++;
    if (m->type == TY_IP || m->type == TY_PREFIX) {
        n->v4 += m->addr.family == 4;
        n->v6++; /* IPv4 prefixes go into the 6 trie too, mapped */
        n->v6_mapped |= m->addr.family == 6 && meets_mapped(&m->addr);
    } else {
        n->ports++;
        n->big_number |= (m->type == TY_PORTRANGE ? sc_literal(m->rhs)->num : m->num) > 65535;
        n->ranges |= m->type == TY_PORTRANGE;
    }
}

typedef struct v4_list {
    sc_flat4_prefix *p;
    size_t n;
} v4_list;

static void add_v4(void *arg, const sc_expr *m)
{
    v4_list *l = arg;
    if ((m->type == TY_IP || m->type == TY_PREFIX) && m->addr.family == 4) {
        memcpy(l->p[l->n].b, m->addr.b, 4);
        l->p[l->n++].plen = m->addr.plen;
    }
}

/* A set's members of one kind (SETMAP_V4: IPv4 prefixes, in host order; SETMAP_PORTS:
 * ports and port ranges) as ranges. */
typedef struct range_list {
    sc_range *r;
    size_t n;
    int kind;
} range_list;

static void add_member_range(void *arg, const sc_expr *m)
{
    range_list *l = arg;
    bool addr = m->type == TY_IP || m->type == TY_PREFIX;
    if (l->kind == SETMAP_V4 && addr && m->addr.family == 4) {
        l->r[l->n++] = sc_prefix_range(m->addr.b, m->addr.plen);
    } else if (l->kind == SETMAP_PORTS && !addr) {
        uint64_t lo = m->type == TY_PORTRANGE ? sc_literal(m->lhs)->num : m->num;
        uint64_t hi = m->type == TY_PORTRANGE ? sc_literal(m->rhs)->num : m->num;
        l->r[l->n++] = (sc_range){.lo = lo, .end = hi + 1};
    }
}

/* The search tree of a set's members of kind k, its bounds into the arena, when they
 * have at most SC_TREE_MAX_BOUNDS and the policy's budget has them (take_bounds): the
 * programs compare, and kind k has no map. 1 when it made one, 0 when the members have
 * more ranges or the budget is short (trees_full), -1 when out of memory. */
static int lower_tree(sc_ctx *c, sc_setmap *sm, int k)
{
    if (sm->count[k] > 8 * SC_TREE_MAX_BOUNDS) /* too many ranges, most likely: not worth sorting */
        return 0;
    size_t max = 2 * sm->count[k] < SC_TREE_MAX_BOUNDS ? 2 * sm->count[k] : SC_TREE_MAX_BOUNDS; /* two a member */
    range_list l = {malloc(sm->count[k] * sizeof *l.r), 0, k};
    uint32_t *bounds = sc_arena_alloc(c->arena, max * sizeof *bounds);
    if (!l.r || !bounds) {
        free(l.r);
        return -1;
    }
    sc_set_each(sm->set, add_member_range, &l);
    size_t nb = sc_bounds(l.r, l.n, bounds, max);
    free(l.r);
    if (nb > max)
        return 0;
    if (!take_bounds(c, nb)) {
        sm->trees_full[k] = true;
        return 0;
    }
    sm->tree[k] = (sc_search){nb, bounds, NULL};
    sm->used[k] = false;
    return 1;
}

/* The set's flat trie of the n prefixes p (reordered), kept in sm->flat4, or left NULL
 * when it would pass SC_FLAT4_MAX_BYTES or what is left of SC_FLAT4_POLICY_BYTES (the
 * plan prints the size it reached); -1 when out of memory. */
static int build_flat(sc_ctx *c, sc_setmap *sm, sc_flat4_prefix *p, size_t n)
{
    sc_flat4 f;
    sm->flat4_limit = built_limit(c, SC_FLAT4_MAX_BYTES);
    int rc = sc_flat4_build(p, n, sm->flat4_limit, &f);
    sm->flat4_size = f.size, sm->flat4_nodes = f.nodes, sm->flat4_leaves = f.leaves;
    if (rc == 0 && !(sm->flat4 = keep_built(c, f.image, f.size))) /* a failed build frees its image */
        return -1;
    return rc < 0 ? -1 : 0;
}

/* The search tree of the IPv4 members of a set that a program tests (a 4 program, or
 * a 6 program for IPv4-mapped addresses); past SC_TREE_MAX_BOUNDS, their flat trie
 * (arena), left NULL when it would pass SC_FLAT4_MAX_BYTES or what is left of
 * SC_FLAT4_POLICY_BYTES (LPM tries then). */
static int lower_v4(sc_ctx *c, sc_setmap *sm)
{
    int tree = lower_tree(c, sm, SETMAP_V4);
    if (tree != 0)
        return tree < 0 ? -1 : 0;
    v4_list l = {malloc(sm->count[SETMAP_V4] * sizeof *l.p), 0};
    if (!l.p)
        return -1;
    sc_set_each(sm->set, add_v4, &l);
    int rc = build_flat(c, sm, l.p, l.n);
    free(l.p);
    return rc;
}

/* The numbers of a set past a port's (sc_setmap.numbers) that no search tree holds:
 * a probe table of them (each a key word and the value 1), else a hash map (the plan
 * prints why). */
typedef struct number_list {
    uint32_t *v;
    size_t n;
} number_list;

static void add_number(void *arg, const sc_expr *m)
{
    number_list *l = arg;
    if (m->type != TY_IP && m->type != TY_PREFIX)
        l->v[l->n++] = (uint32_t)m->num;
}

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The prefixes of the ranges that nb bounds delimit (an odd count: the last range
 * goes to 2^32), written to out unless NULL; how many. */
static size_t bounds_prefixes(const uint32_t *bound, size_t nb, sc_flat4_prefix *out)
{
    size_t n = 0;
    for (size_t i = 0; i < nb; i += 2)
        n += range_prefixes(bound[i], i + 1 < nb ? bound[i + 1] : (uint64_t)1 << 32, out ? out + n : NULL);
    return n;
}

/* The numbers of a set with a range among them (sc_setmap.number_ranges) that no
 * search tree holds: the union of their ranges as the fewest aligned prefixes of
 * their big-endian words (100000..165535 is 0.1.134.160/27, 0.1.134.192/26, ...,
 * twelve of them), in a flat trie (what the programs walk for IPv4, over
 * bswap(uid)), else an LPM trie (the plan prints why). */
static int lower_number_ranges(sc_ctx *c, sc_setmap *sm)
{
    size_t n = sm->count[SETMAP_PORTS];
    range_list l = {malloc(n * sizeof *l.r + 1), 0, SETMAP_PORTS};
    uint32_t *bound = malloc(2 * n * sizeof *bound + 1);
    sc_flat4_prefix *p = NULL;
    if (l.r && bound) {
        sc_set_each(sm->set, add_member_range, &l);
        size_t nb = sc_bounds(l.r, l.n, bound, 2 * n);
        sm->nprefixes = bounds_prefixes(bound, nb, NULL);
        if ((p = sc_arena_alloc(c->arena, sm->nprefixes * sizeof *p + 1)))
            bounds_prefixes(bound, nb, p);
    }
    free(l.r);
    free(bound);
    return (sm->prefixes = p) ? build_flat(c, sm, p, sm->nprefixes) : -1;
}

static int lower_numbers(sc_ctx *c, sc_setmap *sm)
{
    number_list l = {malloc(sm->count[SETMAP_PORTS] * sizeof *l.v + 1), 0};
    uint32_t *ones = malloc(sm->count[SETMAP_PORTS] * sizeof *ones + 1);
    if (!l.v || !ones) {
        free(l.v);
        free(ones);
        return -1;
    }
    sc_set_each(sm->set, add_number, &l);
    qsort(l.v, l.n, sizeof *l.v, by_u32);
    size_t n = 0; /* distinct */
    for (size_t i = 0; i < l.n; i++)
        if (i == 0 || l.v[i] != l.v[n - 1])
            l.v[n++] = l.v[i];
    for (size_t i = 0; i < n; i++)
        ones[i] = 1;
    sm->probe_limit = built_limit(c, SC_PROBE_MAX_BYTES);
    int rc = sc_probe_build((const uint8_t *)l.v, (const uint8_t *)ones, n, 4, 4, sm->probe_limit, &sm->probe);
    free(l.v);
    free(ones);
    if (rc == 0 && !(sm->probe.image = keep_built(c, sm->probe.image, sm->probe.size)))
        return -1;
    return rc < 0 ? -1 : 0;
}

/* Is a set of n members lowered (lower_set_expr)? One of more than SC_INLINE_SET_MAX
 * members, and one of numbers with a range and another member: LLVM makes a range
 * compared inline and other members an or of compares, each a register the verifier
 * walks both ways (four port ranges verified in 88 instructions, against 25 as a
 * tree; twenty ranges of uids passed its million); equal compares alone it makes a
 * switch, which is cheap, but not of 100,000 numbers (LLVM took 4 minutes and failed;
 * 20,000 uids and a range passed the verifier's million). */
static bool lowered(const set_count *n)
{
    return n->members > SC_INLINE_SET_MAX || (n->ranges && n->members > 1);
}

/* A set (an EX_SET) lowered to maps named base__v4, ... when lowered() (else it stays
 * inline compares). */
static int lower_set_expr(sc_ctx *c, sc_expr *set, const char *base, const char *display)
{
    set_count n = {0};
    sc_set_each(set, count_member, &n);
    if (!lowered(&n))
        return 0;
    sc_setmap *sm = sc_arena_alloc(c->arena, sizeof *sm);
    if (!sm || !sc_arena_grow(c->arena, (void **)&c->setmaps, c->nsetmaps, &c->cap_setmaps, sizeof *c->setmaps))
        return -1;
    c->setmaps[c->nsetmaps++] = sm;
    sm->set = set;
    sm->display = sc_arena_strdup(c->arena, display);
    sm->v6_mapped = n.v6_mapped;
    sm->numbers = n.big_number;
    sm->number_ranges = n.big_number && n.ranges;
    static const char *const suffix[SETMAP__COUNT] = {"v4", "v6", "ports"};
    const char *last = n.big_number ? "numbers" : suffix[SETMAP_PORTS];
    size_t counts[SETMAP__COUNT] = {n.v4, n.v6, n.ports};
    for (int k = 0; k < SETMAP__COUNT; k++) {
        sm->count[k] = counts[k];
        if (counts[k])
            snprintf(sm->name[k], sizeof sm->name[k], "%s__%s", base, k == SETMAP_PORTS ? last : suffix[k]);
    }
    set->lowered = sm;
    return sm->display ? 0 : -1;
}

void sc_set_name(const sc_ctx *c, const sc_module *mod, const sc_decl *d, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s%s", mod == c->main ? "" : mod->name, mod == c->main ? "" : ".", d->name);
}

static int lower_set(sc_ctx *c, sc_module *mod, sc_decl *d)
{
    char disp[SC_MAX_NAME * 2 + 4], base[SC_MAX_NAME * 2 + 4];
    sc_set_name(c, mod, d, disp, sizeof disp);
    sc_meta_set_base(disp, base, sizeof base);
    return lower_set_expr(c, d->value, base, disp);
}

enum { SHADOWED_SHOWN = 10 }; /* warnings of one run; then one line says how many more */

/* The key of prefix rule r of table t as the warnings show it: `10.0.0.0/8`,
 * `10.0.0.0/8 port 80` (of a pair, the prefix alone, or with its port beside a number:
 * pair_text). */
static void prefix_text(const sc_ruletab *t, const sc_stmt *r, char *buf, size_t len)
{
    sc_addr a = rule_key(r).addr;
    bool ranked = port_ranked(r->table_key), port = a.has_port && (t->key2_field < 0 || ranked);
    a.port = ranked ? rule_port(r) : a.port; /* not word_rank */
    a.has_port = false;
    sc_addr_format(&a, buf, len);
    if (port)
        snprintf(buf + strlen(buf), len - strlen(buf), " port %u", a.port);
}

/* Of a rule r of a pair on a prefix, the second field's value as the warnings add it:
 * ` for uid 1001`, ` for uid 100000..165535`; else "". */
static void pair_text(const sc_ruletab *t, const sc_stmt *r, char *buf, size_t len)
{
    uint32_t lo, hi;
    rule_span2(r, &lo, &hi);
    *buf = 0;
    if (t->key2_field >= 0 && lo == hi)
        snprintf(buf, len, " for %s %u", sc_fields[t->key2_field].name, lo);
    else if (t->key2_field >= 0)
        snprintf(buf, len, " for %s %u..%u", sc_fields[t->key2_field].name, lo, hi);
}

/* The warnings of a run's rules that never run (shadowed), each held until the next
 * is known: the parts of one rule split into values (`uid in 1001..1004 and dst.port
 * == 22`) that earlier rules take are one warning, which says how many more there are. */
typedef struct shadow_log {
    const sc_stmt *r, *by; /* the held warning's rule and the earlier rule that takes it, or NULL */
    size_t more;           /* parts of r's rule after r that are taken too */
    size_t shown;          /* the run's warnings */
} shadow_log;

/* The key's constant of table rule r as the warnings point at it, or all of `E.ip == A
 * and E.port == P`. */
static const sc_expr *shadow_key(const sc_stmt *r) { return r->table_key->op == OP_AND ? r->table_key : r->table_key->rhs; }

/* Says the held warning, if any: rule r of the run never runs, since the earlier rule
 * `by` takes all of its keys first (the same key; a prefix that holds r's; of ports,
 * rules of which `by` takes the lowest). */
static void shadow_flush(sc_ctx *c, const sc_ruletab *t, shadow_log *log)
{
    const sc_stmt *r = log->r, *by = log->by;
    log->r = NULL;
    if (!r || ++log->shown > SHADOWED_SHOWN)
        return;
    const sc_expr *k = shadow_key(r);
    const char *never = r->or_part ? "this part of the rule never matches" : "this rule never runs";
    char more[64] = ""; /* `; 3 more of its parts never match either` */
    if (log->more)
        snprintf(more, sizeof more, "; %zu more of its parts never match either", log->more);
    if (t->prefix) {
        char mine[80], theirs[80], also[48];
        prefix_text(t, r, mine, sizeof mine);
        prefix_text(t, by, theirs, sizeof theirs);
        pair_text(t, by, also, sizeof also);
        if (strcmp(mine, theirs) == 0)
            sc_warning(&c->diag, k->loc, "%s: line %d tests %s first%s%s", never, by->loc.line, theirs, also, more);
        else
            sc_warning(&c->diag, k->loc, "%s: %s is inside %s, which line %d tests first%s%s", never, mine, theirs,
                       by->loc.line, also, more);
    } else if (key_of_ranges(r->table_key, t->key_field) || key_of_ranges(by->table_key, t->key_field)) {
        port_ranges pr = rule_ranges(t->key_field, r);
        const char *name = sc_fields[t->key_field].name;
        char also[48]; /* of a pair, ` for dst.port 5432` */
        pair_text(t, r, also, sizeof also);
        if (pr.n == 1 && pr.lo[0] == pr.hi[0])
            sc_warning(&c->diag, k->loc, "%s: line %d takes %s %u%s first%s", never, by->loc.line, name, pr.lo[0], also,
                       more);
        else
            sc_warning(&c->diag, k->loc, "%s: earlier rules take all of its %ss%s, line %d the first%s", never,
                       key_part(t->key_field) == 2 ? "port" : name, also, by->loc.line, more);
    } else {
        char name[64];
        sc_warning(&c->diag, k->loc, "%s: line %d tests the same %s first%s", never, by->loc.line,
                   key_name(t->key_field, t->key2_field, name, sizeof name), more);
    }
    sc_note(&c->diag, shadow_key(by)->loc, "the rule that matches first");
}

/* Rule r of a run never runs, since the earlier rule `by` takes all of its keys first,
 * and does something else (when it does the same, r is only redundant): a warning, or
 * one more part of the held one's rule. */
static void shadowed(sc_ctx *c, const sc_ruletab *t, const sc_stmt *r, const sc_stmt *by, shadow_log *log)
{
    if (same_body(r, by))
        return;
    if (log->r && r->or_part && memcmp(&shadow_key(log->r)->loc, &shadow_key(r)->loc, sizeof(sc_loc)) == 0) {
        log->more++;
        return;
    }
    shadow_flush(c, t, log);
    *log = (shadow_log){r, by, 0, log->shown};
}

/* Warns about each rule of a run that never runs but would do something else: an
 * earlier rule of the run tests the same key, or (prefix rules) a prefix that holds
 * its own. Only earlier rules that act in every program of their key's family count:
 * not one that rewrites to an address of the other family, which such a program
 * skips. */
static int warn_shadowed(sc_ctx *c, const sc_ruletab *t)
{
    enum { KS = KEY_BYTES };
    sc_prefixes earlier[2] = {0}; /* prefix rules: of IPv4 keys, of IPv6 keys */
    range_space space = {0};
    range_owner ranges = {0};
    uint8_t *keys = t->prefix || t->ranges ? NULL : calloc(t->n, KS);
    keyset ks = {0};
    int rc = 0;
    bool of_ports = has_word(t->key_field, t->key2_field);
    if (t->prefix ? sc_prefixes_init(&earlier[0], of_ports) < 0 || sc_prefixes_init(&earlier[1], of_ports) < 0
        : t->ranges ? space_init(&space, t->key_field, t->key2_field >= 0, t->rules, t->n) < 0 ||
                          owner_init(&ranges, space.n) < 0
                    : !keys || !keyset_init(&ks, keys, KS, t->n))
        rc = -1;
    shadow_log log = {0};
    for (size_t r = 0; r < t->n && rc == 0; r++) {
        int kfam, vfam, by;
        rule_families(t->key_field, t->rules[r], &kfam, &vfam);
        bool acts = !vfam || vfam == kfam;
        if (t->ranges) { /* never runs when earlier rules took every value it has */
            port_ranges pr = rule_spans(&space, t->key_field, t->rules[r]);
            bool left = false;
            for (size_t k = 0; k < pr.n && !left; k++)
                left = owner_take(&ranges, pr.lo[k], pr.hi[k], -1);
            if (!left && pr.n)
                shadowed(c, t, t->rules[r], t->rules[ranges.rule[pr.lo[0]]], &log);
            for (size_t k = 0; k < pr.n && acts; k++)
                owner_take(&ranges, pr.lo[k], pr.hi[k], (int)r);
            continue;
        }
        sc_expr k = rule_key(t->rules[r]);
        if (t->prefix) {
            sc_prefixes *s = &earlier[kfam == 6];
            by = sc_prefixes_cover(s, &k.addr);
            if (by < 0 && kfam == 6) /* in one space: an IPv4 prefix holds one of mapped addresses */
                by = sc_prefixes_cover(&earlier[0], &k.addr);
            if (by >= 0)
                shadowed(c, t, t->rules[r], t->rules[by], &log);
            else if (acts)
                rc = sc_prefixes_add(s, &k.addr, (int)r);
            continue;
        }
        uint8_t *key = keys + r * KS;
        uint32_t w2 = rule_key2(t->rules[r]);
        sc_encode_const(key_vtype(t->key_field), &k, key);
        memcpy(key + sizeof(struct sc_endpoint_val), &w2, 4);
        if (has_ip(t->key_field)) /* an IPv4 key and its IPv4-mapped form are two keys */
            key[offsetof(struct sc_endpoint_val, family)] = (uint8_t)kfam;
        size_t first = keyset_find(&ks, key, SIZE_MAX);
        if (first == SIZE_MAX && kfam == 6 && sc_addr_is_v4_mapped(k.addr.b)) {
            /* which an earlier IPv4 key of its address takes first in the 6 programs; the
             * 4 programs never see it (the other way round, the IPv4 key runs there) */
            uint8_t as4[KS];
            memcpy(as4, key, KS);
            as4[offsetof(struct sc_endpoint_val, family)] = 4;
            first = keyset_find(&ks, as4, SIZE_MAX);
        }
        if (first != SIZE_MAX)
            shadowed(c, t, t->rules[r], t->rules[first], &log);
        else if (acts)
            keyset_find(&ks, key, r);
    }
    shadow_flush(c, t, &log);
    if (log.shown > SHADOWED_SHOWN)
        sc_warning(&c->diag, t->rules[0]->loc, "%zu more rules of lines %d-%d never run (an earlier rule takes them first)",
                   log.shown - SHADOWED_SHOWN, t->rules[0]->loc.line, t->rules[t->n - 1]->loc.line);
    if (t->prefix) {
        sc_prefixes_free(&earlier[0]);
        sc_prefixes_free(&earlier[1]);
    }
    owner_free(&ranges);
    free(space.at);
    free(ks.slots);
    free(keys);
    return rc;
}

/* A run of prefix rules that all give one verdict (allow, deny, pass or drop), and
 * count alike if they count, or that all only count one counter (their prefixes then
 * apart: prefixes_exact), and except no number, is `if E in {P1, P2, ...} { VERDICT; }`
 * (with the count): a
 * set, lowered as a declared one would be (a flat trie for IPv4, an LPM trie
 * for IPv6; inline compares when small), so that the run costs what the set costs. */
static int run_as_set(sc_ctx *c, sc_ruletab *t)
{
    sc_stmt_kind verdict = sc_table_body(t->rules[0])->kind;
    if (!t->prefix || has_word(t->key_field, t->key2_field) || t->places || t->except_field >= 0 ||
        (verdict != ST_ALLOW && verdict != ST_DENY && verdict != ST_PASS && verdict != ST_DROP && verdict != ST_COUNT))
        return 0;
    for (size_t i = 0; i < t->n; i++)
        if (rule_bind(t->rules[i]) || sc_table_body(t->rules[i])->kind != verdict || !same_count(t->rules[0], t->rules[i]))
            return 0;
    sc_expr *set = sc_arena_alloc(c->arena, sizeof *set), *cond = sc_arena_alloc(c->arena, sizeof *cond);
    sc_expr **items = sc_arena_alloc(c->arena, t->n * sizeof *items);
    sc_stmt *rule = sc_arena_alloc(c->arena, sizeof *rule);
    if (!set || !cond || !items || !rule)
        return -1;
    for (size_t i = 0; i < t->n; i++)
        items[i] = (sc_expr *)sc_literal(t->rules[i]->table_key->rhs);
    *set = (sc_expr){.kind = EX_SET, .loc = t->rules[0]->loc, .type = TY_SET, .items = {items, t->n, t->n}};
    *cond = (sc_expr){.kind = EX_BINARY, .loc = t->rules[0]->loc, .op = OP_IN, .type = TY_BOOL,
                      .lhs = (sc_expr *)t->rules[0]->table_key->lhs, .rhs = set};
    *rule = (sc_stmt){.kind = ST_IF, .loc = t->rules[0]->loc, .cond = cond, .then = t->rules[0]->then};
    t->set_rule = rule;
    char base[SC_MAX_NAME], display[64];
    snprintf(base, sizeof base, "%.*s", (int)strlen(t->name[0]) - 4, t->name[0]); /* its table's name, unique, less __v4 */
    snprintf(display, sizeof display, "the prefixes of lines %d-%d", t->rules[0]->loc.line, t->rules[t->n - 1]->loc.line);
    return lower_set_expr(c, set, base, display);
}

static bool same_target(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

static sc_prog_plan *find_or_add(sc_ctx *c, int hook, int family, const char *target)
{
    for (size_t i = 0; i < c->nprogs; i++) {
        sc_prog_plan *p = &c->progs[i];
        if (p->hook == hook && p->family == family && same_target(p->target, target))
            return p;
    }
    if (!sc_arena_grow(c->arena, (void **)&c->progs, c->nprogs, &c->cap_progs, sizeof *c->progs))
        return NULL;
    sc_prog_plan *p = &c->progs[c->nprogs++];
    memset(p, 0, sizeof *p);
    p->hook = hook;
    p->family = family;
    p->target = target;
    /* the function name: hook and family (connect4), numbered when repeated; never
     * the section's own name, which the object already uses as a symbol */
    const sc_hook *h = &sc_hooks[hook];
    char base[32];
    if (family)
        snprintf(base, sizeof base, "%s%d", h->name, family);
    else
        snprintf(base, sizeof base, "%s_prog", h->name);
    int same = 0;
    for (size_t i = 0; i + 1 < c->nprogs; i++)
        same += c->progs[i].hook == hook && c->progs[i].family == family;
    if (same)
        snprintf(p->fn, sizeof p->fn, "%s_%d", base, same);
    else
        snprintf(p->fn, sizeof p->fn, "%s", base);
    return p;
}

static int add_block(sc_ctx *c, sc_prog_plan *p, sc_decl *d)
{
    if (!sc_arena_grow(c->arena, (void **)&p->blocks, p->nblocks, &p->cap_blocks, sizeof *p->blocks))
        return -1;
    p->blocks[p->nblocks++] = d;
    return 0;
}

/* Marks the named sets that set (a literal or a name) is or holds as tested; one that
 * is already was walked. */
static void mark_tested(const sc_expr *set, int depth)
{
    set = sc_literal(set);
    if (set->ref == REF_DECL && set->decl && set->decl->kind == DC_SET) {
        if (set->decl->tested)
            return;
        set->decl->tested = true;
    }
    set = sc_set_literal(set);
    for (size_t i = 0; i < set->items.n && depth < SC_MAX_SET_NESTING; i++)
        if (set->items.items[i]->type == TY_SET)
            mark_tested(set->items.items[i], depth + 1);
}

/* Marks which maps of lowered sets the programs will use: for the plan's text, and for
 * which sets get a flat trie. */
static void mark_expr(const sc_expr *e, int family)
{
    if (!e)
        return;
    if (e->kind == EX_BINARY && e->op == OP_IN && e->rhs->type == TY_SET) {
        mark_tested(e->rhs, 0);
        sc_setmap *sm = sc_set_literal(e->rhs)->lowered;
        if (sm) {
            bool addr = e->lhs->type == TY_IP || e->lhs->type == TY_ENDPOINT;
            int k = !addr ? SETMAP_PORTS : family == 4 ? SETMAP_V4 : SETMAP_V6;
            sm->used[k] |= sm->count[k] > 0;
            sm->of_numbers |= !addr && e->lhs->ref == REF_FIELD && sc_fields[e->lhs->field].end < 0;
            if (addr && family != 4) /* the 6 program looks up IPv4-mapped addresses as IPv4 */
                sm->used[SETMAP_V4] |= sm->count[SETMAP_V4] > 0, sm->used[SETMAP_V6] |= sm->count[SETMAP_V6] > 0;
        }
    }
    mark_expr(e->lhs, family);
    mark_expr(e->rhs, family);
}

/* What the lookup of table t reads in a program of this family, as codegen makes it:
 * its guard, then its set rule's condition (run_as_set), the condition of a compared
 * rule (of a class of one in a stretch on several fields), or the table (a 6 program
 * may read the 4 programs' table; a program of both families, 0, reads both). The
 * keys of its rules are its entries, not tests: a named set there is no map of the
 * program's. */
static void mark_lookup(sc_ruletab *t, int family)
{
    for (size_t k = 0; k < t->nguard; k++)
        mark_expr(t->guard[k], family);
    if (t->set_rule) {
        mark_expr(t->set_rule->cond, family);
    } else if (sc_ruletab_compared(t)) {
        mark_expr(t->rules[0]->cond, family);
    } else {
        t->planned[0] |= family != 6 || t->mapped_v4 || t->same_v4;
        t->planned[1] |= family != 4 && !t->same_v4;
    }
}

static void mark_stmts(const sc_stmt_list *l, int family)
{
    size_t looked_up = 0; /* rules left of a run that tables look up */
    for (size_t i = 0; i < l->n; i++) {
        const sc_stmt *st = l->items[i];
        if (st->table)
            mark_lookup(st->table, family), looked_up = st->table->n;
        for (size_t k = 0; st->merge && k < st->merge->ntabs; k++)
            mark_lookup(st->merge->tabs[k], family), looked_up = st->merge->n;
        if (looked_up)
            looked_up--;
        else
            mark_expr(st->cond, family);
        mark_stmts(&st->then, family);
        mark_stmts(&st->els, family);
    }
}

int sc_plan(sc_ctx *c)
{
    for (size_t m = 0; m < c->nmodules; m++)
        for (size_t i = 0; i < c->modules[m]->decls.n; i++)
            if (c->modules[m]->decls.items[i]->kind == DC_SET &&
                lower_set(c, c->modules[m], c->modules[m]->decls.items[i]) < 0)
                return -1;
    for (size_t i = 0; i < c->main->decls.n; i++) {
        sc_decl *d = c->main->decls.items[i];
        if (d->kind != DC_HOOK || d->hook < 0)
            continue;
        const sc_hook *h = &sc_hooks[d->hook];
        int family;
        sc_hook_lookup(d->name, &family);
        const char *target = d->target_kind ? d->target : NULL;
        for (int f = 4; f <= 6; f += 2) {
            int fam = h->section[1] ? f : 0;
            if (family && family != fam)
                continue;
            sc_prog_plan *p = find_or_add(c, d->hook, fam, target);
            if (!p || add_block(c, p, d) < 0)
                return -1;
            if (c->nprogs > SC_MAX_PROGRAMS) {
                sc_error(&c->diag, d->loc,
                         "the policy needs more than %d BPF programs (one per hook, family and cgroup); "
                         "split it, or attach one policy to several cgroups with sockc apply --cgroup",
                         SC_MAX_PROGRAMS);
                return 1;
            }
            if (!h->section[1])
                break;
        }
    }
    for (size_t i = 0; i < c->main->decls.n; i++)
        if (c->main->decls.items[i]->kind == DC_HOOK) {
            int rc = unchain(c, &c->main->decls.items[i]->body);
            if (rc || find_tables(c, &c->main->decls.items[i]->body, c->main->decls.items[i]->hook) < 0)
                return rc > 0 ? 1 : -1;
        }
    for (size_t i = 0; i < c->ntables; i++)
        if (warn_shadowed(c, c->tables[i]) < 0 || run_as_set(c, c->tables[i]) < 0)
            return -1;
    for (size_t i = 0; i < c->nprogs; i++)
        for (size_t b = 0; b < c->progs[i].nblocks; b++)
            mark_stmts(&c->progs[i].blocks[b]->body, c->progs[i].family);
    for (size_t i = 0; i < c->nsetmaps; i++) {
        sc_setmap *sm = c->setmaps[i];
        if (sm->used[SETMAP_V4] && lower_v4(c, sm) < 0)
            return -1;
        int tree = sm->used[SETMAP_PORTS] ? lower_tree(c, sm, SETMAP_PORTS) : 1;
        if (tree < 0 || (tree == 0 && sm->numbers &&
                         (sm->number_ranges ? lower_number_ranges(c, sm) : lower_numbers(c, sm)) < 0))
            return -1;
        if (sc_setmap_v4_apart(sm)) { /* the 6 trie keeps only the IPv6 prefixes */
            sm->count[SETMAP_V6] -= sm->count[SETMAP_V4];
            sm->used[SETMAP_V6] &= sm->count[SETMAP_V6] > 0;
        }
    }
    for (size_t i = 0; i < c->ntables; i++)
        for (int fi = 0; fi < 2; fi++) {
            sc_ruletab *t = c->tables[i];
            /* A program of both families (a hook of one section) would have the IPv4
             * search tree twice, the second for IPv4-mapped addresses: its IPv6 table
             * holds them instead. */
            if (fi == 1 && t->tree && !sc_hooks[t->hook].section[1])
                t->mapped_v4 = false;
            if (t->planned[fi] && lower_table(c, t, fi) < 0)
                return -1;
        }
    return 0;
}

/* --- `--emit plan` ------------------------------------------------------------------ */

/* The most compares a balanced search of n bounds makes. */
static unsigned compares(size_t n)
{
    unsigned d = 0;
    while (((size_t)1 << d) <= n)
        d++;
    return d;
}

/* Why a set or a table that would have been a search tree is not. */
#define TREES_FULL " (no search tree: the policy's trees took the %d bounds they may have in all)"

/* A probe table, or the hash map that holds its n entries (what they are, if what is
 * not NULL) when p has no image, and why (it had limit bytes). */
static void print_probe(FILE *f, const sc_probe *p, size_t limit, size_t n, const char *what)
{
    if (p->image) {
        fprintf(f, "a probe table (%u slots of %u bytes, at most %u probe%s, %zu KiB)", p->slots, p->slot_size,
                p->probes, p->probes == 1 ? "" : "s", (p->size + 1023) / 1024);
        return;
    }
    fprintf(f, "a hash map");
    if (what)
        fprintf(f, " of %zu %s", n, what);
    fprintf(f, " (a probe table would ");
    if (p->slots)
        fprintf(f, "need more than %u probes)", SC_PROBE_MAX_PROBES);
    else if (limit < SC_PROBE_MAX_BYTES)
        fprintf(f, "pass the %zu KiB that flat tries and other probe tables left of the policy's %u KiB)", limit / 1024,
                SC_FLAT4_POLICY_BYTES / 1024);
    else
        fprintf(f, "pass %zu KiB)", limit / 1024);
}

/* Does a rule of table t test a range of its pair's second field, not one value? */
static bool ranges2_of(const sc_ruletab *t)
{
    uint32_t lo = 0, hi = 0;
    for (size_t i = 0; i < t->n && lo == hi; i++)
        rule_span2(t->rules[i], &lo, &hi);
    return lo != hi;
}

/* What the word of a prefix table's key besides the address is: "port", or the second
 * field of a pair ("uid", "dst.port"), or of its ranges ("uid range": key2_ranks), and
 * the port beside a number's rank ("uid and port", "uid range and port"). */
static const char *word_name(const sc_ruletab *t, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s%s", t->key2_field >= 0 ? sc_fields[t->key2_field].name : "port",
             t->key2_ranks && ranges2_of(t) ? " range" : "", sc_table_layout_of(t, 4).key_port_ranked ? " and port" : "");
    return buf;
}

/* The ranges a key2_ranks search tells apart: a bound that starts one each. */
static size_t ranks_of(const sc_ruletab *t)
{
    size_t n = 0;
    for (size_t k = 0; k < t->key2_ranks->n; k++)
        n += t->key2_ranks->answer[k] != 0;
    return n;
}

/* The lookup in the table of family index fi: the map and what it is. */
static void print_lookup(FILE *f, const sc_ruletab *t, int fi, const char *note)
{
    const sc_probe *p = &t->probe[fi];
    /* a run of ranges of a number: the prefixes of its big-endian word (lower_ranges),
     * which a tree takes back as the ranges */
    char of[48] = "";
    if (!t->prefix)
        snprintf(of, sizeof of, " of %ss", sc_fields[t->key_field].name);
    fprintf(f, "one lookup in %s%s: ", t->name[fi], note);
    char word[48];
    word_name(t, word, sizeof word);
    bool both = sc_table_layout_of(t, 4).key_port_ranked; /* words of the second field's rank and the port */
    if (t->key2_ranks) /* the range (or value) of the second field first */
        fprintf(f, "the %s%s among %zu%s (a search of %zu bounds), then ", sc_fields[t->key2_field].name,
                ranges2_of(t) ? "'s range" : "", ranks_of(t), ranges2_of(t) ? "" : " values", t->key2_ranks->n);
    if (fi == 0 && t->tree) {
        /* compares: of the ports (a search of them, then one for equality), then of the
         * addresses */
        size_t bounds = 0;
        unsigned depth = t->tree_key ? compares(t->tree_keys - 1) + 1 : 0, deepest = 0;
        for (size_t i = 0; i < t->tree_keys; i++) {
            bounds += t->tree[i].n;
            deepest = compares(t->tree[i].n) > deepest ? compares(t->tree[i].n) : deepest;
        }
        if (t->prefix)
            fprintf(f, "a search tree of %zu prefix%s", t->nentries[fi], t->nentries[fi] == 1 ? "" : "es");
        else
            fprintf(f, "a search tree of the ranges%s", of);
        if (t->tree_key && both)
            fprintf(f, " with their %s (%zu pair%s, then ", word, t->tree_keys, t->tree_keys == 1 ? "" : "s");
        else if (t->tree_key)
            fprintf(f, " with their %ss (%zu %s%s, then ", word, t->tree_keys, word, t->tree_keys == 1 ? "" : "s");
        else
            fprintf(f, " (");
        fprintf(f, "%zu bound%s, at most %u compare%s) and an array of their %zu value%s", bounds, bounds == 1 ? "" : "s",
                depth + deepest, depth + deepest == 1 ? "" : "s", t->tree_nvalues, t->tree_nvalues == 1 ? "" : "s");
        return;
    }
    if (sc_table_layout_of(t, fi ? 6 : 4).key_prefix) {
        fprintf(f, "an LPM trie of %zu prefix%s%s", t->nentries[fi], t->nentries[fi] == 1 ? "" : "es", of);
        if (has_word(t->key_field, t->key2_field))
            fprintf(f, " with their %s%s", word, both ? "" : "s");
        if (t->trees_full && fi == 0)
            fprintf(f, TREES_FULL, SC_TREE_POLICY_BOUNDS);
        return;
    }
    print_probe(f, p, t->probe_limit[fi], t->nentries[fi], "entries");
}

/* The lookup in the table of family index fi, or that it has no entry. */
static void print_part(FILE *f, const sc_ruletab *t, int fi, const char *note)
{
    if (t->nentries[fi])
        print_lookup(f, t, fi, note);
    else
        fputs("none takes effect", f);
}

/* The source text from loc on: to its end when that is on the same line, else to the
 * end of the line; its length in *len. */
static const char *source_at(sc_ctx *c, sc_loc loc, int *len)
{
    const sc_source *src = sc_diag_source(&c->diag, loc.file);
    const char *p = src->text;
    for (int k = 1; k < loc.line && *p; k++)
        p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p);
    const char *e = strchr(p, '\n');
    int linelen = e ? (int)(e - p) : (int)strlen(p);
    *len = loc.end_line == loc.line ? loc.end_col - loc.col : linelen - (loc.col - 1);
    return p + loc.col - 1;
}

/* What a set was lowered to: "maps", "search trees" or both. */
static const char *lowered_to(const sc_setmap *sm)
{
    int trees = !!sm->tree[SETMAP_V4].bound + !!sm->tree[SETMAP_PORTS].bound;
    bool maps = sm->used[SETMAP_V4] || sm->used[SETMAP_V6] || sm->used[SETMAP_PORTS];
    return !trees ? "maps" : maps ? (trees > 1 ? "search trees and maps" : "a search tree and maps")
                                  : (trees > 1 ? "search trees" : "a search tree");
}

/* The search trees and maps of a lowered set, one line each. */
static void print_setmap(FILE *f, const sc_setmap *sm, int indent)
{
    for (int k = 0; k < SETMAP__COUNT; k++) {
        if (!sm->tree[k].bound)
            continue;
        size_t nb = sm->tree[k].n, ranges = (nb + 1) / 2;
        unsigned depth = compares(nb);
        if (k == SETMAP_V4) {
            fprintf(f, "%*ssearch tree for IPv4 (and IPv4-mapped in the 6 programs): %zu prefix%s", indent, "",
                    sm->count[k], sm->count[k] == 1 ? "" : "es");
        } else {
            fprintf(f, "%*ssearch tree for %s: %zu item%s", indent, "", sm->numbers || sm->of_numbers ? "numbers" : "ports",
                    sm->count[k], sm->count[k] == 1 ? "" : "s");
        }
        fprintf(f, " in %zu range%s, %zu bound%s, at most %u compare%s\n", ranges, ranges == 1 ? "" : "s", nb,
                nb == 1 ? "" : "s", depth, depth == 1 ? "" : "s");
    }
    static const char *const what[SETMAP__COUNT] = {
        "LPM trie for the 4 programs: %zu prefixes", "LPM trie for the 6 programs: %zu prefixes (IPv4 ones mapped)",
        "port bitmap (65536 bits)"};
    for (int k = 0; k < SETMAP__COUNT; k++) {
        if (!sm->used[k])
            continue;
        fprintf(f, "%*smap %s: ", indent, "", sm->name[k]);
        sc_setform form = sc_setmap_form(sm, k);
        bool ranges = k == SETMAP_PORTS && sm->number_ranges; /* numbers as prefixes */
        if (ranges || form == SC_SET_FLAT) {
            if (ranges)
                fprintf(f, "%s trie of numbers: %zu item%s as %zu prefix%s", form == SC_SET_FLAT ? "flat" : "LPM",
                        sm->count[k], sm->count[k] == 1 ? "" : "s", sm->nprefixes, sm->nprefixes == 1 ? "" : "es");
            else
                fprintf(f, "flat trie for IPv4 (and IPv4-mapped in the 6 programs): %zu prefixes", sm->count[k]);
            if (form == SC_SET_FLAT)
                fprintf(f, ", %zu node%s and %zu lea%s below the root, %zu KiB, at most 3 loads", sm->flat4_nodes,
                        sm->flat4_nodes == 1 ? "" : "s", sm->flat4_leaves, sm->flat4_leaves == 1 ? "f" : "ves",
                        (sm->flat4_size + 1023) / 1024);
        } else if (k == SETMAP_PORTS && sm->numbers)
            fprintf(f, "%zu numbers, ", sm->count[k]), print_probe(f, &sm->probe, sm->probe_limit, sm->count[k], NULL);
        else if (k == SETMAP_V6 && sc_setmap_v4_apart(sm))
            fprintf(f, "LPM trie for the 6 programs: %zu IPv6 prefix%s%s", sm->count[k], sm->count[k] == 1 ? "" : "es",
                    sm->v6_mapped ? ", also for IPv4-mapped addresses that the IPv4 members miss" : "");
        else if (k == SETMAP_PORTS && sm->of_numbers)
            fputs("bitmap of the numbers below 65536 (65536 bits)", f);
        else
            fprintf(f, what[k], sm->count[k]);
        if (sm->trees_full[k])
            fprintf(f, TREES_FULL, SC_TREE_POLICY_BOUNDS);
        if ((k == SETMAP_V4 || ranges) && form == SC_SET_LPM)
            fprintf(f, sm->flat4_limit < SC_FLAT4_MAX_BYTES
                           ? " (a flat trie would pass the %zu KiB that other sets' flat tries left of the policy's %u KiB)"
                           : " (a flat trie would pass %zu KiB)", sm->flat4_limit / 1024, SC_FLAT4_POLICY_BYTES / 1024);
        fputc('\n', f);
    }
}

/* "N rules" of rules[0..n), as the policy has them: a rule split into a rule per key
 * (split_ors) is one, and the parts, where there are more, are said too. */
static void print_rules(FILE *f, sc_stmt *const *rules, size_t n)
{
    uint64_t *at = malloc(n * sizeof *at);
    size_t distinct = n;
    if (at) {
        for (size_t i = 0; i < n; i++)
            at[i] = (uint64_t)(uint32_t)rules[i]->loc.line << 32 | (uint32_t)rules[i]->loc.col;
        qsort(at, n, sizeof *at, by_u64);
        for (size_t i = 1; i < n; i++)
            distinct -= at[i] == at[i - 1];
        free(at);
    }
    fprintf(f, "%zu rule%s", distinct, distinct == 1 ? "" : "s");
    if (distinct != n)
        fprintf(f, " (%zu as a rule per key)", n);
}

/* A run of rules lowered to tables, as a program of this family (0: both) has it. */
static void print_table(FILE *f, sc_ctx *c, const sc_ruletab *t, int indent, int family)
{
    int fi = family == 4 || t->same_v4 ? 0 : 1;
    if (t->rules[0]->loc.line == t->rules[t->n - 1]->loc.line)
        fprintf(f, "%*sline %d: ", indent, "", t->rules[0]->loc.line);
    else
        fprintf(f, "%*slines %d-%d: ", indent, "", t->rules[0]->loc.line, t->rules[t->n - 1]->loc.line);
    print_rules(f, t->rules, t->n);
    char name[64];
    fprintf(f, " on %s, ", key_name(t->key_field, t->key2_field, name, sizeof name));
    if (t->except_field >= 0)
        fprintf(f, "each but for one %s, ", sc_fields[t->except_field].name);
    if (t->count)
        fprintf(f, "%scounting %s, ", t->n == 1 ? "" : "each ", t->count->target->name);
    if (t->counts)
        fputs("each counting its own counter or none, ", f);
    if (t->ranges && has_port(t->key_field)) /* an entry per port, the same in both tables but for rules that act in one family */
        fprintf(f, "%zu ports in all, ", t->nentries[0] > t->nentries[1] ? t->nentries[0] : t->nentries[1]);
    for (size_t i = 0; i < t->nguard; i++) {
        /* a key of a split rule (member_part, equals) is at its member: the field first */
        const sc_expr *g = t->guard[i];
        bool part = g->kind == EX_BINARY && g->lhs->ref == REF_FIELD && g->loc.line == g->rhs->loc.line &&
                    g->loc.col == g->rhs->loc.col;
        int len;
        const char *text = source_at(c, g->loc, &len);
        fputs(i ? " and " : "where ", f);
        if (part && g->rhs->kind == EX_NUM)
            fprintf(f, "%s == %llu", sc_fields[g->lhs->field].name, (unsigned long long)g->rhs->num);
        else
            fprintf(f, "%s%s%.*s", part ? sc_fields[g->lhs->field].name : "", part ? " in " : "", len, text);
        fputs(i + 1 == t->nguard ? ": " : "", f);
    }
    if (sc_ruletab_compared(t)) {
        fputs("compared inline\n", f);
        return;
    }
    if (t->set_rule) { /* the set's maps are the same for every program */
        const sc_expr *set = t->set_rule->cond->rhs;
        const sc_stmt_list *then = &t->set_rule->then;
        const char *as = then->n == 1 && then->items[0]->kind == ST_COUNT ? "no verdict" : "one verdict";
        if (!set->lowered) {
            fprintf(f, "%s: the set of their %zu prefixes, inline compares\n", as, set->items.n);
            return;
        }
        fprintf(f, "%s: the set of their %zu prefixes, lowered to %s\n", as, set->items.n, lowered_to(set->lowered));
        print_setmap(f, set->lowered, indent + 2);
        return;
    }
    if ((family == 0 && !t->same_v4) || sc_ruletab_reads_v4(t, fi)) {
        fputs(family ? "IPv4-mapped: " : t->mapped_v4 ? "IPv4 and IPv4-mapped: " : "IPv4: ", f);
        print_part(f, t, 0, family ? ", the IPv4 table" : "");
        fputs("; IPv6: ", f);
        print_part(f, t, 1, "");
    } else if (!t->nentries[fi]) {
        fprintf(f, family ? "none of which takes effect in the %d programs" : "none of which takes effect", family);
    } else {
        print_lookup(f, t, fi, family == 6 && t->same_v4 ? ", the 4 programs' table" : ""); /* keyed by no address */
    }
    fputc('\n', f);
}

/* Does a statement of l start on a line after `line`? */
static bool below(const sc_stmt_list *l, int line)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i]->loc.line > line)
            return true;
    return false;
}

/* The statements of a program of this family (0: both); those of an if written over
 * several lines below it, indented. */
static void print_stmt_lines(FILE *f, sc_ctx *c, const sc_stmt_list *l, int indent, int family)
{
    const sc_stmt *shown = NULL; /* the last statement whose text was printed */
    for (size_t i = 0; i < l->n; i++) {
        const sc_stmt *s = l->items[i];
        if (s->regrouped_n) {
            int lo = s->loc.line, hi = s->loc.line;
            for (size_t k = 1; k < s->regrouped_n; k++) {
                int line = l->items[i + k]->loc.line;
                lo = line < lo ? line : lo;
                hi = line > hi ? line : hi;
            }
            fprintf(f, "%*slines %d-%d: ", indent, "", lo, hi);
            print_rules(f, l->items + i, s->regrouped_n);
            fputs(" on several fields, in runs of one field: a rule moves up past rules of other fields that match "
                  "no connect it matches, or that do the same and end the program\n", f);
        }
        if (s->table) {
            print_table(f, c, s->table, indent, family);
            i += s->table->n - 1;
            continue;
        }
        if (s->merge) {
            fprintf(f, "%*slines %d-%d: ", indent, "", s->loc.line, l->items[i + s->merge->n - 1]->loc.line);
            print_rules(f, l->items + i, s->merge->n);
            fputs(" on ", f);
            for (size_t k = 0, seen = 0; k < s->merge->ntabs; k++) { /* each field once */
                size_t j = 0;
                while (j < k && s->merge->tabs[j]->key_field != s->merge->tabs[k]->key_field)
                    j++;
                if (j == k)
                    fprintf(f, "%s%s", seen++ ? ", " : "", sc_fields[s->merge->tabs[k]->key_field].name);
            }
            bool compares = false;
            for (size_t k = 0; k < s->merge->ntabs; k++)
                compares |= sc_ruletab_compared(s->merge->tabs[k]);
            fprintf(f, " in turn, each ending the program: a lookup per table below%s, and of the rules found the first "
                       "in the policy acts\n", compares ? " (a compare for a field of one rule)" : "");
            for (size_t k = 0; k < s->merge->ntabs; k++)
                print_table(f, c, s->merge->tabs[k], indent + 2, family);
            i += s->merge->n - 1;
            continue;
        }
        if (s->no_table_n) { /* then its rules, one by one */
            const sc_stmt *last = l->items[i + s->no_table_n - 1];
            if (s->loc.line == last->loc.line)
                fprintf(f, "%*sline %d: ", indent, "", s->loc.line);
            else
                fprintf(f, "%*slines %d-%d: ", indent, "", s->loc.line, last->loc.line);
            print_rules(f, l->items + i, s->no_table_n);
            char name[64];
            int key2, key = key_fields(s->table_key, &key2);
            bool ranks = false; /* of ranges of a pair's second field: rank_ranges2 cuts too */
            for (size_t k = i; k < i + s->no_table_n; k++)
                ranks |= ranged2(l->items[k]);
            fprintf(f, " on %s", key_name(key, key2, name, sizeof name));
            fprintf(f, ", no table: this part has fewer than %d (the run is cut before each rule that an earlier "
                       "rule leads to, a rule that goes on after it: both run%s%s)\n", SC_TABLE_MIN_RULES,
                    ranks ? "; and before each whose range of the second field meets an earlier one's, not the same" : "",
                    except_field(s->table_key) >= 0 ? "; and before each of the key of an earlier one that excepts a "
                                                       "number, which runs for that number" : "");
        }
        /* the statement's own text (several may share a line in the short form): of
         * one line, all of it; of more, the line from it on; once for the parts of a
         * rule split at its or that follow each other */
        if (shown && shown->loc.line == s->loc.line && shown->loc.col == s->loc.col)
            continue;
        shown = s;
        /* a rule of a spread block under the block's line, once for its rules in a row */
        int at = s->block ? indent + 2 : indent, len;
        const char *p;
        if (s->block && (i == 0 || l->items[i - 1]->block != s->block)) {
            p = source_at(c, s->block->loc, &len);
            fprintf(f, "%*sline %d: %.*s\n", indent, "", s->block->loc.line, len, p);
        }
        p = source_at(c, s->loc, &len);
        fprintf(f, "%*sline %d: %.*s\n", at, "", s->loc.line, len, p);
        /* an else-if chain over several lines arm by arm, each arm at the first's indent */
        for (const sc_stmt *a = s; a && a->kind == ST_IF;) {
            const sc_stmt *next = sc_else_if(a);
            if (next && next->loc.line == a->loc.line)
                next = NULL;
            if (below(&a->then, a->loc.line) || (!next && below(&a->els, a->loc.line)))
                print_stmt_lines(f, c, &a->then, at + 2, family);
            if (!next && below(&a->els, a->loc.line))
                print_stmt_lines(f, c, &a->els, at + 2, family);
            if (next) {
                p = source_at(c, next->loc, &len);
                fprintf(f, "%*sline %d: else %.*s\n", at, "", next->loc.line, len, p);
            }
            a = next;
        }
    }
}

int sc_plan_print(sc_ctx *c, sc_output *out)
{
    FILE *f = open_memstream(&out->data, &out->len);
    if (!f)
        return -1;
    fprintf(f, "policy %s\n", c->policy_name);
    for (size_t i = 0; i < c->nprogs; i++) {
        const sc_prog_plan *p = &c->progs[i];
        const sc_hook *h = &sc_hooks[p->hook];
        const char *sec = h->section[p->family == 6 ? 1 : 0];
        fprintf(f, "program %s (%s) attaches to ", p->fn, sec);
        if (h->target == TGT_CGROUP)
            fprintf(f, p->target ? "cgroup \"%s\"\n" : "the cgroups given to sockc apply --cgroup%s\n",
                    p->target ? p->target : "");
        else if (h->target == TGT_MAP)
            fprintf(f, "socket map %s\n", p->target);
        else
            fprintf(f, "the network namespace of sockc apply\n");
        for (size_t b = 0; b < p->nblocks; b++)
            print_stmt_lines(f, c, &p->blocks[b]->body, 2, p->family);
    }
    for (size_t m = 0; m < c->nmodules; m++) {
        sc_module *mod = c->modules[m];
        for (size_t i = 0; i < mod->decls.n; i++) {
            const sc_decl *d = mod->decls.items[i];
            if (d->kind == DC_SET && d->used && (!d->value->lowered || !d->tested)) {
                char name[SC_MAX_NAME * 2 + 4];
                size_t n = d->value->items.n;
                sc_set_name(c, mod, d, name, sizeof name);
                fprintf(f, "set %s: %zu item%s, %s\n", name, n, n == 1 ? "" : "s",
                        d->tested ? "inline compares" : "the keys of the rules that name it (no test of its own)");
            } else if (d->kind == DC_SET && d->used) {
                fprintf(f, "set %s: lowered to %s\n", d->value->lowered->display, lowered_to(d->value->lowered));
                print_setmap(f, d->value->lowered, 2);
            }
            else if (d->kind == DC_MAP)
                fprintf(f, "map %s: %s<%s, %s>[%llu]\n", d->name, d->map_kind, d->key_type, d->value_type,
                        (unsigned long long)d->max_entries);
            else if (d->kind == DC_SOCKMAP)
                fprintf(f, "sockmap %s[%llu]\n", d->name, (unsigned long long)d->max_entries);
            else if (d->kind == DC_SOCKHASH)
                fprintf(f, "sockhash %s<%s>[%llu]\n", d->name, d->key_type, (unsigned long long)d->max_entries);
        }
    }
    if (c->ncounters)
        fprintf(f, "counters: %zu, in %s (per CPU; sockc status adds them up):", c->ncounters, SC_META_COUNTERS_MAP);
    for (size_t i = 0; i < c->ncounters; i++)
        fprintf(f, " %s%s", c->counters[i], i + 1 < c->ncounters ? "," : "\n");
    return fclose(f) == 0 ? 0 : -1;
}
