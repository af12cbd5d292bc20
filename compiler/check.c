/* check: binds every name (fields, consts, sets, maps, modules, built-ins), gives
 * every expression a type, and checks each statement against its hook's row in
 * the hook table: what it may read, write and do. */
#include "context.h"
#include "layout.h"

#include <linux/bpf.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Where an expression is checked. */
typedef struct scope {
    sc_module *module;
    const sc_hook *hook; /* NULL outside hooks */
    int family;          /* 0, 4 or 6: the family the hook was restricted to */
    const char *hook_name;
} scope;

typedef struct builtin {
    const char *name;
    sc_type type;
    uint64_t value;
} builtin;

/* A set written inside a condition is compared inline; larger ones must be declared
 * (`set NAME = {...}`) so that the plan can turn them into maps. */
#define SC_MAX_LITERAL_SET 64

/* The largest piece of a send() that sk_msg sees (MAX_MSG_FRAGS pages). */
#define SC_MSG_MAX_PIECE (544u * 1024u)

/* sockops events: "established" means either side; the others are the kernel's. */
enum { OP_ESTABLISHED = 1000 };
static const builtin builtins[] = {
    {"tcp", TY_PROTO, 6},
    {"udp", TY_PROTO, 17},
    {"ipv4", TY_FAMILY, 4},
    {"ipv6", TY_FAMILY, 6},
    {"established", TY_OP, OP_ESTABLISHED},
    {"active_established", TY_OP, BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB},
    {"passive_established", TY_OP, BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB},
    {"listen", TY_OP, BPF_SOCK_OPS_TCP_LISTEN_CB},
};

static sc_diag *D(sc_ctx *c) { return &c->diag; }

/* "an address", "a port" */
static const char *an(sc_type t)
{
    const char *n = sc_type_name(t);
    return strchr("aeiou", n[0]) ? "an" : "a";
}


static bool is_field(const sc_expr *e) { return e && e->ref == REF_FIELD; }
static bool is_map_value(const sc_expr *e) { return e && e->kind == EX_INDEX && e->type != TY_NONE; }
static bool is_runtime(const sc_expr *e) { return is_field(e) || is_map_value(e); }

/* The hook's fields, for hints. */
static void field_list(const sc_hook *h, char *buf, size_t len)
{
    size_t off = 0;
    buf[0] = '\0';
    for (int f = 0; f < FLD__COUNT; f++) {
        if (!h->access[f] || (sc_fields[f].part != 0 && h->access[sc_fields[f].end == 0 ? FLD_SRC : FLD_DST]))
            continue; /* list "dst", not also "dst.ip" */
        off += (size_t)snprintf(buf + off, off < len ? len - off : 0, "%s%s", off ? ", " : "", sc_fields[f].name);
    }
}

static const char *vtype_to_lang(sc_vtype v, sc_type *t)
{
    static const sc_type map[SC_VT__COUNT] = {
        [SC_VT_PORT] = TY_PORT, [SC_VT_IP] = TY_IP,   [SC_VT_ENDPOINT] = TY_ENDPOINT,
        [SC_VT_U32] = TY_NUM,   [SC_VT_U64] = TY_NUM, [SC_VT_TUPLE] = TY_TUPLE,
    };
    *t = map[v];
    return sc_vtype_name(v);
}

/* Can a value of type `have` be used where `want` is expected? Numbers serve as
 * ports where they fit. */
static bool fits(sc_type want, const sc_expr *v)
{
    if (want == v->type)
        return true;
    if (want == TY_PORT && v->type == TY_NUM)
        return v->ref == REF_FIELD || v->kind == EX_INDEX || v->num <= 65535 || v->poisoned;
    if (want == TY_NUM && v->type == TY_PORT)
        return true;
    return false;
}

/* The largest value of a field of type t: a port's, or uid's, gid's and size's (32
 * bits). */
static uint64_t field_max(sc_type t) { return t == TY_PORT ? 65535 : UINT32_MAX; }

/* Says that number v (at v->loc) is past max, the largest what ("port", "uid") holds. */
static void out_of_range(sc_ctx *c, const char *what, uint64_t max, const sc_expr *v)
{
    sc_error(D(c), v->loc, "%s %llu is out of range (0..%llu)", what, (unsigned long long)v->num,
             (unsigned long long)max);
}

/* Where v does not fit want: is it a number past a port's range where a port is
 * wanted? Then says so. */
static bool port_out_of_range(sc_ctx *c, sc_type want, const sc_expr *v)
{
    if (want != TY_PORT || v->type != TY_NUM)
        return false;
    out_of_range(c, "port", 65535, v);
    return true;
}

/* The first number of a range or a set's members that is past max. */
typedef struct past_max {
    uint64_t max;
    const sc_expr *at;
} past_max;

static void find_past(void *arg, const sc_expr *m)
{
    past_max *p = arg;
    if (p->at || (m->type != TY_NUM && m->type != TY_PORT && m->type != TY_PORTRANGE))
        return;
    const sc_expr *lo = m->kind == EX_RANGE ? sc_literal(m->lhs) : m, *hi = m->kind == EX_RANGE ? sc_literal(m->rhs) : m;
    p->at = lo->num > p->max ? lo : hi->num > p->max ? hi : NULL;
}

/* `l in v`, l a port or number field and v a range or a set of numbers: is a number
 * of v past what l holds (70000 for dst.port, 2^32 for uid)? Then says so, with a
 * note at the test where v is a named set. */
static void members_fit(sc_ctx *c, const sc_expr *e, const sc_expr *l, const sc_expr *v)
{
    past_max p = {field_max(l->type), NULL};
    v = sc_literal(v);
    if (v->type == TY_SET)
        sc_set_each(sc_set_literal(v), find_past, &p);
    else
        find_past(&p, v);
    if (!p.at)
        return;
    out_of_range(c, l->type == TY_PORT ? "port" : sc_fields[l->field].name, p.max, p.at);
    if (p.at->loc.line < e->loc.line || p.at->loc.line > e->loc.end_line || p.at->loc.file != e->loc.file)
        sc_note(D(c), e->loc, "where it is tested against '%s'", sc_fields[l->field].name);
}

static void check_expr(sc_ctx *c, scope *s, sc_expr *e);

/* e names context field f (`dst`, `dst.port`): bind it, if the hook can read it (or
 * whole: the end of a part, `src` of `src.ip`, which check_member checks). */
static void bind_field(sc_ctx *c, scope *s, sc_expr *e, int f, bool whole)
{
    e->ref = REF_FIELD;
    e->field = f;
    e->type = sc_fields[f].type;
    if (!whole && !(s->hook->access[f] & ACC_R)) {
        char fl[160];
        field_list(s->hook, fl, sizeof fl);
        sc_error(D(c), e->loc, "'%s' is not available in %s; %s has: %s", sc_fields[f].name, s->hook_name,
                 s->hook_name, fl);
        e->poisoned = true;
    }
}

static void bind_name(sc_ctx *c, scope *s, sc_expr *e)
{
    const char *name = e->name;
    int f = sc_field_lookup(name);
    if (f >= 0 && s->hook) {
        bind_field(c, s, e, f, false);
        return;
    }
    sc_decl *d = sc_find_decl(s->module, name);
    if (d) {
        e->ref = REF_DECL;
        e->decl = d;
        d->used = true;
        switch (d->kind) {
        case DC_CONST:
            if (d->value) {
                e->type = d->value->type;
                e->family = d->value->family;
                e->poisoned = d->value->poisoned || d->value->type == TY_NONE;
            }
            break;
        case DC_SET: e->type = TY_SET; break;
        case DC_MAP: e->type = TY_MAP; break;
        default: e->type = TY_SOCKMAP; break;
        }
        return;
    }
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        if (strcmp(builtins[i].name, name) == 0) {
            e->ref = REF_CONST;
            e->type = builtins[i].type;
            e->num = builtins[i].value;
            return;
        }
    }
    if (strcmp(name, "reverse") == 0) {
        e->ref = REF_REVERSE;
        e->type = TY_TUPLE;
        return;
    }
    sc_module *m = sc_find_import(s->module, name);
    if (m) {
        e->ref = REF_MODULE;
        e->module = m;
        e->type = TY_MODULE;
        return;
    }
    /* unknown: suggest a field of this hook, a declaration or a built-in */
    const char *cands[256];
    size_t n = 0;
    if (s->hook)
        for (int i = 0; i < FLD__COUNT && n < 256; i++)
            if (s->hook->access[i] && sc_fields[i].part == 0)
                cands[n++] = sc_fields[i].name;
    for (size_t i = 0; i < s->module->decls.n && n < 256; i++)
        if (s->module->decls.items[i]->kind <= DC_SOCKHASH && s->module->decls.items[i]->kind >= DC_CONST)
            cands[n++] = s->module->decls.items[i]->name;
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0] && n < 256; i++)
        cands[n++] = builtins[i].name;
    const char *best = sc_closest(name, cands, n);
    bool field_like = best && sc_field_lookup(best) >= 0;
    if (best && field_like)
        sc_error(D(c), e->loc, "unknown field '%s' in %s; did you mean '%s'?", name, s->hook_name, best);
    else if (best)
        sc_error(D(c), e->loc, "unknown name '%s'; did you mean '%s'?", name, best);
    else if (f >= 0)
        sc_error(D(c), e->loc, "'%s' is a field and can only be used inside a hook", name);
    else
        sc_error(D(c), e->loc, "unknown name '%s'", name);
    e->poisoned = true;
}

static void check_member(sc_ctx *c, scope *s, sc_expr *e)
{
    sc_expr *l = e->lhs;
    if (l->kind == EX_NAME && l->ref == REF_FIELD && sc_fields[l->field].part == 0 && sc_fields[l->field].end >= 0) {
        /* the field of that end and part: dst and "port" make dst.port */
        int part = strcmp(e->name, "ip") == 0 ? 1 : strcmp(e->name, "port") == 0 ? 2 : 0, f = -1;
        for (int i = 0; part && i < FLD__COUNT && f < 0; i++)
            if (sc_fields[i].end == sc_fields[l->field].end && sc_fields[i].part == part)
                f = i;
        if (f < 0) {
            static const char *const parts[] = {"ip", "port"};
            const char *best = sc_closest(e->name, parts, 2);
            if (best)
                sc_error(D(c), e->loc, "'%s' has no part '%s'; did you mean '%s.%s'?", sc_fields[l->field].name,
                         e->name, sc_fields[l->field].name, best);
            else
                sc_error(D(c), e->loc, "'%s' has no part '%s'; it has .ip and .port", sc_fields[l->field].name,
                         e->name);
            e->poisoned = true;
            return;
        }
        bind_field(c, s, e, f, false);
        return;
    }
    if (l->ref == REF_MODULE) {
        sc_decl *d = sc_find_decl(l->module, e->name);
        if (!d || (d->kind != DC_CONST && d->kind != DC_SET)) {
            const char *cands[256];
            size_t n = 0;
            for (size_t i = 0; i < l->module->decls.n && n < 256; i++)
                if (l->module->decls.items[i]->kind == DC_CONST || l->module->decls.items[i]->kind == DC_SET)
                    cands[n++] = l->module->decls.items[i]->name;
            const char *best = sc_closest(e->name, cands, n);
            if (best)
                sc_error(D(c), e->loc, "module '%s' has no '%s'; did you mean '%s.%s'?", l->module->name, e->name,
                         l->module->name, best);
            else
                sc_error(D(c), e->loc, "module '%s' has no '%s'", l->module->name, e->name);
            e->poisoned = true;
            return;
        }
        e->ref = REF_DECL;
        e->decl = d;
        d->used = true;
        e->type = d->kind == DC_SET ? TY_SET : d->value ? d->value->type : TY_NONE;
        e->family = d->kind == DC_CONST && d->value ? d->value->family : 0;
        return;
    }
    if (!l->poisoned)
        sc_error(D(c), e->loc, "%s %s has no member '%s'", l->type == TY_ENDPOINT || l->type == TY_IP ? "an" : "a",
                 sc_type_name(l->type), e->name);
    e->poisoned = true;
}

static void check_index(sc_ctx *c, scope *s, sc_expr *e)
{
    sc_expr *m = e->lhs;
    if (m->poisoned || e->rhs->poisoned) {
        e->poisoned = true;
        return;
    }
    if (m->kind == EX_INDEX) { /* `socks[0][2]`: an element has the map's type, and no declaration */
        sc_error(D(c), m->loc, "only a map can be indexed, not an element of one");
        e->poisoned = true;
        return;
    }
    if (m->type != TY_MAP && m->type != TY_SOCKMAP) {
        sc_error(D(c), m->loc, "only maps can be indexed; '%s' is a %s", m->name ? m->name : "this",
                 sc_type_name(m->type));
        e->poisoned = true;
        return;
    }
    sc_decl *d = m->decl;
    if (d->kind == DC_MAP) {
        int kt = sc_vtype_by_name(d->key_type), vt = sc_vtype_by_name(d->value_type);
        if (kt < 0 || vt < 0) {
            e->poisoned = true;
            return;
        }
        sc_type want, vtype;
        vtype_to_lang((sc_vtype)kt, &want);
        if (!fits(want, e->rhs) && !port_out_of_range(c, want, e->rhs))
            sc_error(D(c), e->rhs->loc, "map '%s' is keyed by %s, not by %s %s", d->name, d->key_type,
                     an(e->rhs->type), sc_type_name(e->rhs->type));
        vtype_to_lang((sc_vtype)vt, &vtype);
        e->type = vtype;
        return;
    }
    /* sockmap: a slot number; sockhash<tuple>: `reverse` (the peer) */
    e->type = TY_SOCKMAP;
    if (d->kind == DC_SOCKMAP && e->rhs->type != TY_NUM)
        sc_error(D(c), e->rhs->loc, "sockmap '%s' is indexed by a slot number", d->name);
    else if (d->kind == DC_SOCKMAP && e->rhs->num >= d->max_entries)
        sc_error(D(c), e->rhs->loc, "slot %llu is past the end of sockmap '%s' (%llu slots)",
                 (unsigned long long)e->rhs->num, d->name, (unsigned long long)d->max_entries);
    else if (d->kind == DC_SOCKHASH && e->rhs->ref != REF_REVERSE && e->rhs->type != TY_NUM)
        sc_error(D(c), e->rhs->loc, "sockhash '%s' is indexed by 'reverse' (the peer of this socket) or a number",
                 d->name);
}

/* Set members: addresses/prefixes, or ports/port ranges; names of consts and sets
 * expand. kind: 1 = addresses, 2 = numbers, 0 = not yet known. */
static void check_set_items(sc_ctx *c, scope *s, sc_expr *set, int *kind)
{
    for (size_t i = 0; i < set->items.n; i++) {
        sc_expr *it = set->items.items[i];
        check_expr(c, s, it);
        if (it->poisoned)
            continue;
        int k;
        switch (it->type) {
        case TY_IP:
        case TY_PREFIX: k = 1; break;
        case TY_NUM:
        case TY_PORT:
        case TY_PORTRANGE: k = 2; break;
        case TY_SET: {
            const sc_decl *d = it->decl;
            k = d && d->value ? d->value->num : 0; /* the nested set's kind, stored by check_set */
            int depth = d && d->value ? d->value->depth + 1 : 1;
            if (depth > set->depth)
                set->depth = depth;
            if (depth == SC_MAX_SET_NESTING + 1)
                sc_error(D(c), it->loc, "sets are nested more than %d deep here", SC_MAX_SET_NESTING);
            break;
        }
        case TY_ENDPOINT:
            sc_error(D(c), it->loc, "a set holds addresses, prefixes, ports and port ranges, not endpoints");
            continue;
        default:
            sc_error(D(c), it->loc, "a set holds addresses, prefixes, ports and port ranges, not %s %s", an(it->type),
                     sc_type_name(it->type));
            continue;
        }
        if (it->ref == REF_FIELD) {
            sc_error(D(c), it->loc, "a set holds constant values, not the field '%s'", sc_fields[it->field].name);
            continue;
        }
        if (k && *kind && k != *kind)
            sc_error(D(c), it->loc, "a set holds either addresses or ports, not both");
        else if (k)
            *kind = k;
    }
    set->type = TY_SET;
    set->num = (uint64_t)*kind; /* remembered for `in` and for sets of sets */
}

static void check_compare(sc_ctx *c, scope *s, sc_expr *e)
{
    sc_expr *l = e->lhs, *r = e->rhs;
    if (l->poisoned || r->poisoned)
        return;
    if (!is_runtime(l) && is_runtime(r)) { /* 80 == dst.port: keep the field on the left for codegen */
        e->lhs = r;
        e->rhs = l;
        l = e->lhs;
        r = e->rhs;
        static const sc_binop flip[] = {[OP_EQ] = OP_EQ, [OP_NE] = OP_NE, [OP_LT] = OP_GT,
                                        [OP_LE] = OP_GE, [OP_GT] = OP_LT, [OP_GE] = OP_LE};
        e->op = flip[e->op];
    }
    if (!is_field(l)) {
        sc_error(D(c), e->loc, "a comparison needs a field (dst, src.port, proto, ...) on one side");
        return;
    }
    if (is_runtime(r)) {
        sc_error(D(c), r->loc, "comparing two fields is not supported; compare '%s' with a value",
                 sc_fields[l->field].name);
        return;
    }
    sc_type lt = l->type;
    if (lt == TY_IP && r->type == TY_PREFIX) {
        sc_error(D(c), e->loc, "'%s' is compared with a prefix; use '%s in %s' to test a prefix",
                 sc_fields[l->field].name, sc_fields[l->field].name, "PREFIX");
        return;
    }
    if (lt == TY_ENDPOINT && r->type == TY_IP) {
        const char *end = sc_fields[l->field].name;
        sc_error(D(c), r->loc, "'%s' is an endpoint; compare '%s.ip' with an address, or '%s' with ADDR:PORT", end, end,
                 end);
        return;
    }
    if (!fits(lt, r)) {
        if (!port_out_of_range(c, lt, r))
            sc_error(D(c), r->loc, "'%s' is %s %s and cannot be compared with %s %s", sc_fields[l->field].name,
                     an(lt), sc_type_name(lt), an(r->type), sc_type_name(r->type));
        return;
    }
    if (lt == TY_NUM && r->num > UINT32_MAX) {
        out_of_range(c, sc_fields[l->field].name, UINT32_MAX, r);
        return;
    }
    if (l->field == FLD_SIZE && (e->op == OP_GT || e->op == OP_GE) && r->num >= SC_MSG_MAX_PIECE)
        sc_warning(D(c), e->loc,
                   "this never holds: the kernel hands a send() to sk_msg in pieces of at most %u bytes (544 KiB)",
                   SC_MSG_MAX_PIECE);
    if (e->op != OP_EQ && e->op != OP_NE && lt != TY_NUM && lt != TY_PORT)
        sc_error(D(c), e->loc, "'%s' orders only numbers and ports; use == or != for a %s", sc_binop_text(e->op),
                 sc_type_name(lt));
    if (r->family == 6 && s->family == 4)
        sc_error(D(c), r->loc, "IPv6 address in %s, which sees only IPv4 sockets; use '%s' or '%s6'", s->hook_name,
                 s->hook->name, s->hook->name);
    if (lt == TY_FAMILY && s->family == 4 && r->num == 6 && (e->op == OP_EQ || e->op == OP_NE))
        sc_warning(D(c), e->loc, "this %s: %s sees only IPv4 sockets", e->op == OP_EQ ? "never holds" : "always holds",
                   s->hook_name);
}

static void check_in(sc_ctx *c, scope *s, sc_expr *e)
{
    sc_expr *l = e->lhs, *r = e->rhs;
    if (l->poisoned || r->poisoned)
        return;
    if (!is_field(l)) {
        sc_error(D(c), l->loc, "the left of 'in' must be a field (dst, dst.port, uid, ...)");
        return;
    }
    const char *fname = sc_fields[l->field].name;
    bool addr_field = l->type == TY_IP || l->type == TY_ENDPOINT;
    bool num_field = l->type == TY_PORT || l->type == TY_NUM;
    switch (r->type) {
    case TY_ENDPOINT:
        sc_error(D(c), e->loc, "'in' an endpoint does not test anything; use '%s == %s'", fname, "ADDR:PORT");
        return;
    case TY_IP:
    case TY_PREFIX:
        if (!addr_field)
            sc_error(D(c), e->loc, "'%s' is a %s, not an address; it cannot be in a prefix", fname, sc_type_name(l->type));
        else if (r->family == 6 && s->family == 4)
            sc_error(D(c), r->loc, "IPv6 prefix in %s, which sees only IPv4 sockets", s->hook_name);
        return;
    case TY_PORTRANGE:
        if (!num_field)
            sc_error(D(c), e->loc, "'%s' is a %s; a port range tests a port (did you mean '%s.port'?)", fname,
                     sc_type_name(l->type), fname);
        else
            members_fit(c, e, l, r);
        return;
    case TY_SET: {
        int kind = r->kind == EX_SET ? (int)r->num : r->decl && r->decl->value ? (int)r->decl->value->num : 0;
        if (kind == 1 && !addr_field)
            sc_error(D(c), e->loc, "'%s' is a %s but the set holds addresses", fname, sc_type_name(l->type));
        else if (kind == 2 && !num_field)
            sc_error(D(c), e->loc, "'%s' is a %s but the set holds ports%s%s%s", fname, sc_type_name(l->type),
                     addr_field ? " (did you mean '" : "", addr_field ? fname : "", addr_field ? ".port'?)" : "");
        else if (kind == 2)
            members_fit(c, e, l, r);
        return;
    }
    case TY_MAP: {
        sc_decl *d = r->decl;
        int kt = sc_vtype_by_name(d->key_type);
        sc_type want;
        if (kt < 0)
            return;
        vtype_to_lang((sc_vtype)kt, &want);
        if (!fits(want, l))
            sc_error(D(c), e->loc, "map '%s' is keyed by %s, not by %s (%s %s)", d->name, d->key_type, fname,
                     an(l->type), sc_type_name(l->type));
        return;
    }
    default:
        sc_error(D(c), r->loc, "the right of 'in' must be a set, a prefix, a port range or a map, not %s %s", an(r->type),
                 sc_type_name(r->type));
    }
}

static void check_expr(sc_ctx *c, scope *s, sc_expr *e)
{
    if (!e || e->poisoned)
        return;
    switch (e->kind) {
    case EX_ADDR:
        e->family = e->addr.family;
        e->type = e->addr.has_port ? TY_ENDPOINT : e->addr.has_plen ? TY_PREFIX : TY_IP;
        if (e->addr.has_plen && sc_addr_has_host_bits(&e->addr)) {
            sc_addr net = e->addr;
            for (unsigned i = 0; i < 16; i++) {
                unsigned bit0 = i * 8;
                uint8_t mask = net.plen >= bit0 + 8 ? 0xff : net.plen <= bit0 ? 0 : (uint8_t)(0xff << (8 - (net.plen - bit0)));
                net.b[i] &= mask;
            }
            char buf[64];
            sc_addr_format(&net, buf, sizeof buf);
            sc_error(D(c), e->loc, "prefix has host bits set past /%u; did you mean %s?", e->addr.plen, buf);
        }
        return;
    case EX_NUM:
        e->type = TY_NUM;
        return;
    case EX_NAME:
        bind_name(c, s, e);
        return;
    case EX_MEMBER: {
        int end = e->lhs->kind == EX_NAME && s->hook ? sc_field_lookup(e->lhs->name) : -1;
        if (end >= 0) /* an end, of which check_member binds a part */
            bind_field(c, s, e->lhs, end, true);
        else
            check_expr(c, s, e->lhs);
        if (e->lhs->poisoned) {
            e->poisoned = true;
            return;
        }
        check_member(c, s, e);
        return;
    }
    case EX_INDEX:
        check_expr(c, s, e->lhs);
        check_expr(c, s, e->rhs);
        check_index(c, s, e);
        return;
    case EX_RANGE:
        check_expr(c, s, e->lhs);
        check_expr(c, s, e->rhs);
        e->type = TY_PORTRANGE;
        if (e->lhs->poisoned || e->rhs->poisoned)
            return;
        if (e->lhs->type != TY_NUM || e->rhs->type != TY_NUM || e->lhs->ref != REF_NONE || e->rhs->ref != REF_NONE)
            sc_error(D(c), e->loc, "a range is written LO..HI with two numbers (ports, uids, ...)");
        else if (e->lhs->num > UINT32_MAX || e->rhs->num > UINT32_MAX) /* `in` checks a port's range */
            out_of_range(c, "number", UINT32_MAX, e->lhs->num > UINT32_MAX ? e->lhs : e->rhs);
        else if (e->lhs->num > e->rhs->num)
            sc_error(D(c), e->loc, "empty range: %llu is greater than %llu", (unsigned long long)e->lhs->num,
                     (unsigned long long)e->rhs->num);
        else
            return;
        e->poisoned = true; /* reported: its uses are not */
        return;
    case EX_SET: {
        int kind = 0;
        check_set_items(c, s, e, &kind);
        if (e->items.n > SC_MAX_LITERAL_SET)
            sc_error(D(c), e->loc,
                     "a set written in a condition holds at most %d members; declare it with 'set NAME = { ... };' "
                     "so that it can become a map",
                     SC_MAX_LITERAL_SET);
        return;
    }
    case EX_NOT:
        check_expr(c, s, e->lhs);
        if (!e->lhs->poisoned && e->lhs->type != TY_BOOL)
            sc_error(D(c), e->lhs->loc, "'not' needs a condition, not %s %s", an(e->lhs->type), sc_type_name(e->lhs->type));
        e->type = TY_BOOL;
        return;
    case EX_BINARY:
        check_expr(c, s, e->lhs);
        check_expr(c, s, e->rhs);
        e->type = TY_BOOL;
        if (e->op == OP_AND || e->op == OP_OR) {
            sc_expr *sides[2] = {e->lhs, e->rhs};
            for (int i = 0; i < 2; i++)
                if (!sides[i]->poisoned && sides[i]->type != TY_BOOL)
                    sc_error(D(c), sides[i]->loc, "'%s' needs conditions on both sides; this is %s %s",
                             sc_binop_text(e->op), an(sides[i]->type), sc_type_name(sides[i]->type));
        } else if (e->op == OP_IN) {
            check_in(c, s, e);
        } else {
            check_compare(c, s, e);
        }
        return;
    }
}

/* --- statements ----------------------------------------------------------------- */

static const char *stmt_word(sc_stmt_kind k)
{
    static const char *w[] = {[ST_ALLOW] = "allow",     [ST_DENY] = "deny",     [ST_PASS] = "pass",
                              [ST_DROP] = "drop",       [ST_IF] = "if",         [ST_REWRITE] = "rewrite",
                              [ST_BIND] = "bind",       [ST_MAPSET] = "a map write", [ST_DELETE] = "delete",
                              [ST_ASSIGN] = "assign",   [ST_REDIRECT] = "redirect", [ST_TRACK] = "track",
                              [ST_COUNT] = "count"};
    return w[k];
}

static bool can(sc_ctx *c, scope *s, sc_stmt *st, unsigned act)
{
    if (s->hook->actions & act)
        return true;
    sc_error(D(c), st->loc, "'%s' is not possible in %s; %s can: %s", stmt_word(st->kind), s->hook_name,
             s->hook_name, s->hook->can);
    return false;
}

/* A value for rewrite/bind/map writes: a constant, a field, or a map lookup. Where it is
 * of another type, one of hint_on (bits by sc_type), hint ends the message. */
static void check_value(sc_ctx *c, scope *s, sc_expr *v, sc_type want, const char *what, const char *hint,
                        unsigned hint_on)
{
    check_expr(c, s, v);
    if (v->poisoned)
        return;
    if (!fits(want, v)) {
        if (!port_out_of_range(c, want, v))
            sc_error(D(c), v->loc, "%s needs %s %s, not %s %s%s", what, an(want), sc_type_name(want), an(v->type),
                     sc_type_name(v->type), hint_on >> v->type & 1 ? hint : "");
        return;
    }
    if (v->family == 6 && s->family == 4)
        sc_error(D(c), v->loc, "IPv6 address in %s, which sees only IPv4 sockets; use '%s' or '%s6'", s->hook_name,
                 s->hook->name, s->hook->name);
}

/* The index of counter name (kept, not copied) in the policy's counters, a new one at
 * its first use; -1 with an error at loc when there would be too many. */
static long counter_index(sc_ctx *c, sc_loc loc, const char *name)
{
    size_t i = 0;
    while (i < c->ncounters && strcmp(c->counters[i], name) != 0)
        i++;
    if (i < c->ncounters)
        return (long)i;
    if (i == SC_MAX_COUNTERS) {
        sc_error(D(c), loc, "more than %d counters in one policy", SC_MAX_COUNTERS);
        return -1;
    }
    if (!sc_arena_grow(c->arena, (void **)&c->counters, c->ncounters, &c->cap_counters, sizeof *c->counters)) {
        sc_error(D(c), loc, "out of memory");
        return -1;
    }
    c->counters[c->ncounters++] = name;
    return (long)i;
}

/* The counter of `count NAME;`: its index into the name's num. Every hook counts. */
static void check_count(sc_ctx *c, sc_expr *t)
{
    if (t->kind != EX_NAME) {
        sc_error(D(c), t->loc, "count needs a counter's name: 'count NAME;' (a counter is made where it is first "
                               "counted)");
        return;
    }
    long i = counter_index(c, t->loc, t->name);
    if (i >= 0)
        t->num = (uint64_t)i;
}

/* The counters a socket map keeps of its redirects or assigns, MAP.WHAT for each of
 * what[0..n) (no counter of `count` has a dot in its name), added together at the
 * first such statement: *slot is the index + 1 of the first, the others follow it. */
static void map_counters(sc_ctx *c, sc_loc loc, const sc_decl *d, const char *const *what, size_t n, size_t *slot)
{
    for (size_t k = 0; k < n && !*slot; k++) {
        char *name = sc_arena_alloc(c->arena, strlen(d->name) + strlen(what[k]) + 2);
        if (!name) {
            sc_error(D(c), loc, "out of memory");
            return;
        }
        sprintf(name, "%s.%s", d->name, what[k]);
        long i = counter_index(c, loc, name);
        if (i < 0)
            return;
        if (k == n - 1)
            *slot = (size_t)i + 2 - n;
    }
}

static void check_stmts(sc_ctx *c, scope *s, sc_stmt_list *l);

static void check_stmt(sc_ctx *c, scope *s, sc_stmt *st)
{
    switch (st->kind) {
    case ST_ALLOW: can(c, s, st, ACT_ALLOW); return;
    case ST_DENY: can(c, s, st, ACT_DENY); return;
    case ST_PASS: can(c, s, st, ACT_PASS); return;
    case ST_DROP: can(c, s, st, ACT_DROP); return;
    case ST_IF: /* an else-if chain arm by arm, however long */
        for (sc_stmt *a = st; a;) {
            check_expr(c, s, a->cond);
            if (!a->cond->poisoned && a->cond->type != TY_BOOL)
                sc_error(D(c), a->cond->loc, "'if' needs a condition, not %s %s", an(a->cond->type), sc_type_name(a->cond->type));
            check_stmts(c, s, &a->then);
            sc_stmt *next = sc_else_if(a);
            if (!next)
                check_stmts(c, s, &a->els);
            a = next;
        }
        return;
    case ST_REWRITE: {
        if (!can(c, s, st, ACT_REWRITE))
            return;
        sc_expr *t = st->target;
        char fname[40] = "";
        if (t->kind == EX_NAME)
            snprintf(fname, sizeof fname, "%s", t->name);
        else if (t->kind == EX_MEMBER && t->lhs->kind == EX_NAME)
            snprintf(fname, sizeof fname, "%s.%s", t->lhs->name, t->name);
        int fid = sc_field_lookup(fname);
        if (fid >= 0 && !(s->hook->access[fid] & ACC_W)) {
            sc_error(D(c), t->loc, "'rewrite %s' is not possible in %s; %s can: %s", fname, s->hook_name, s->hook_name,
                     s->hook->can);
            return;
        }
        check_expr(c, s, t);
        if (t->poisoned)
            return;
        if (!is_field(t)) {
            sc_error(D(c), t->loc, "rewrite needs a field: dst, dst.ip, dst.port, src, src.ip or src.port");
            return;
        }
        if (!(s->hook->access[t->field] & ACC_W)) {
            sc_error(D(c), t->loc, "'rewrite %s' is not possible in %s; %s can: %s", sc_fields[t->field].name,
                     s->hook_name, s->hook_name, s->hook->can);
            return;
        }
        char what[48];
        snprintf(what, sizeof what, "rewrite %s", sc_fields[t->field].name);
        char hint[96] = "";
        if (t->type == TY_ENDPOINT) /* `rewrite dst 10.0.0.1` */
            snprintf(hint, sizeof hint, "; write ADDR:PORT, or rewrite %s.ip or %s.port alone", sc_fields[t->field].name,
                     sc_fields[t->field].name);
        check_value(c, s, st->value, t->type, what, hint, 1u << TY_IP | 1u << TY_PORT | 1u << TY_NUM);
        if (!st->value->poisoned && is_field(st->value))
            sc_error(D(c), st->value->loc, "rewrite takes a value or a map lookup, not a field");
        return;
    }
    case ST_BIND:
        if (!can(c, s, st, ACT_BIND))
            return;
        check_value(c, s, st->value, TY_IP, "bind", "; bind takes no port: the kernel picks the source port",
                    1u << TY_ENDPOINT);
        if (!st->value->poisoned && is_field(st->value))
            sc_error(D(c), st->value->loc, "bind takes an address or a map lookup, not a field");
        return;
    case ST_MAPSET:
    case ST_DELETE: {
        sc_expr *t = st->target;
        check_expr(c, s, t);
        if (t->poisoned)
            return;
        if (t->kind != EX_INDEX || !t->lhs->decl || t->lhs->decl->kind != DC_MAP) {
            sc_error(D(c), t->loc, st->kind == ST_DELETE ? "delete needs a map entry: delete MAP[KEY];"
                                                         : "only a map entry can be assigned: MAP[KEY] = VALUE;");
            return;
        }
        if (st->kind == ST_MAPSET) {
            char what[80];
            snprintf(what, sizeof what, "map '%s'", t->lhs->decl->name);
            check_value(c, s, st->value, t->type, what, NULL, 0);
            if (!st->value->poisoned && is_map_value(st->value))
                sc_error(D(c), st->value->loc, "a map write takes a field or a value, not another map lookup");
        }
        return;
    }
    case ST_ASSIGN:
    case ST_REDIRECT:
        if (!can(c, s, st, st->kind == ST_ASSIGN ? ACT_ASSIGN : ACT_REDIRECT))
            return;
        check_expr(c, s, st->target);
        if (st->kind == ST_ASSIGN && !st->target->poisoned && st->target->kind == EX_INDEX &&
            st->target->rhs->ref == REF_REVERSE) {
            sc_error(D(c), st->target->rhs->loc,
                     "'reverse' is the peer of a socket that sends; it exists in 'redirect' (msg), not in lookup");
            return;
        }
        if (!st->target->poisoned && (st->target->kind != EX_INDEX || st->target->type != TY_SOCKMAP))
            sc_error(D(c), st->target->loc, "%s needs a socket map slot: %s SOCKMAP[KEY];", stmt_word(st->kind),
                     stmt_word(st->kind));
        else if (st->kind == ST_REDIRECT && !st->target->poisoned && st->target->rhs->ref == REF_REVERSE &&
                 st->target->lhs->decl->kind != DC_SOCKHASH)
            sc_error(D(c), st->target->rhs->loc, "'reverse' needs a sockhash keyed by tuple");
        else if (!st->target->poisoned && st->kind == ST_REDIRECT)
            map_counters(c, st->loc, st->target->lhs->decl, (const char *[]){"redirect_misses"}, 1,
                         &st->target->lhs->decl->redirect_counter);
        else if (!st->target->poisoned)
            map_counters(c, st->loc, st->target->lhs->decl, (const char *[]){"assign_misses", "assign_errors"}, 2,
                         &st->target->lhs->decl->assign_counter);
        return;
    case ST_TRACK:
        if (!can(c, s, st, ACT_TRACK))
            return;
        check_expr(c, s, st->target);
        if (!st->target->poisoned && st->target->type != TY_SOCKMAP)
            sc_error(D(c), st->target->loc, "track needs a sockmap or sockhash");
        else if (!st->target->poisoned && st->target->kind != EX_NAME)
            sc_error(D(c), st->target->loc, "track adds the socket itself: write 'track MAP;'");
        else if (!st->target->poisoned && (st->target->decl->kind != DC_SOCKHASH || strcmp(st->target->decl->key_type, "tuple") != 0))
            sc_error(D(c), st->target->loc, "track needs a sockhash keyed by tuple: sockhash %s<tuple>[N];",
                     st->target->decl->name);
        return;
    case ST_COUNT: check_count(c, st->target); return;
    }
}

static bool ends_program(const sc_stmt *st)
{
    return st->kind == ST_ALLOW || st->kind == ST_DENY || st->kind == ST_PASS || st->kind == ST_DROP;
}

static void check_stmts(sc_ctx *c, scope *s, sc_stmt_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        if (i > 0 && ends_program(l->items[i - 1]))
            sc_warning(D(c), l->items[i]->loc, "this statement is never run: the one before it ends the program");
        check_stmt(c, s, l->items[i]);
    }
}

/* --- declarations --------------------------------------------------------------- */

static void check_decl_value(sc_ctx *c, sc_module *m, sc_decl *d)
{
    scope s = {.module = m};
    if (d->kind == DC_CONST) {
        check_expr(c, &s, d->value);
        if (d->value->ref == REF_DECL && d->value->decl == d) {
            sc_error(D(c), d->value->loc, "const '%s' is defined in terms of itself", d->name);
            d->value->poisoned = true;
            return;
        }
        if (d->value->ref == REF_DECL && d->value->decl && d->value->decl->module == m &&
            (d->value->decl->loc.line > d->loc.line ||
             (d->value->decl->loc.line == d->loc.line && d->value->decl->loc.col > d->loc.col))) {
            sc_error(D(c), d->value->loc, "'%s' is used before its declaration", d->value->decl->name);
            d->value->poisoned = true;
            return;
        }
        if (d->value->poisoned)
            return;
        switch (d->value->type) {
        case TY_IP: case TY_PREFIX: case TY_ENDPOINT: case TY_NUM: case TY_PROTO: case TY_PORTRANGE:
            break;
        default:
            sc_error(D(c), d->value->loc, "a const is an address, prefix, endpoint, number, port range or protocol");
        }
        return;
    }
    if (d->kind == DC_SET) {
        int kind = 0;
        check_set_items(c, &s, d->value, &kind);
        if (d->value->items.n == 0)
            sc_warning(D(c), d->name_loc, "set '%s' is empty: 'in %s' never holds", d->name, d->name);

        for (size_t i = 0; i < d->value->items.n; i++) {
            sc_expr *it = d->value->items.items[i];
            if (it->ref == REF_DECL && it->decl == d)
                sc_error(D(c), it->loc, "set '%s' contains itself", d->name);
            else if (it->ref == REF_DECL && it->decl->module == m && it->decl->loc.line > d->loc.line)
                sc_error(D(c), it->loc, "'%s' is used before its declaration", it->decl->name);
        }
        return;
    }
    if (d->kind == DC_MAP) {
        if (strcmp(d->map_kind, "hash") != 0 && strcmp(d->map_kind, "lru_hash") != 0) {
            static const char *const kinds[] = {"hash", "lru_hash"};
            const char *best = sc_closest(d->map_kind, kinds, 2);
            sc_error(D(c), d->kind_loc, "unknown map kind '%s'; maps are hash<K, V> or lru_hash<K, V>%s%s%s", d->map_kind,
                     best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
        }
        const char *ts[2] = {d->key_type, d->value_type};
        sc_loc ls[2] = {d->key_loc, d->value_loc};
        for (int i = 0; i < 2; i++) {
            int t = sc_vtype_by_name(ts[i]);
            if (t < 0 || t == SC_VT_TUPLE) {
                static const char *const names[] = {"port", "ip", "endpoint", "u32", "u64"};
                const char *best = sc_closest(ts[i], names, 5);
                sc_error(D(c), ls[i], "unknown type '%s'; map types are port, ip, endpoint, u32, u64%s%s%s", ts[i],
                         best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
            }
        }
        if (d->max_entries > (1u << 24))
            sc_error(D(c), d->size_loc, "map '%s' has %llu entries; at most %u are allowed", d->name,
                     (unsigned long long)d->max_entries, 1u << 24);
        return;
    }
    if (d->kind == DC_SOCKHASH && strcmp(d->key_type, "tuple") != 0 && strcmp(d->key_type, "u32") != 0 &&
        strcmp(d->key_type, "u64") != 0)
        sc_error(D(c), d->key_loc, "a sockhash is keyed by tuple, u32 or u64, not '%s'", d->key_type);
    if ((d->kind == DC_SOCKMAP || d->kind == DC_SOCKHASH) && d->max_entries > (1u << 20))
        sc_error(D(c), d->size_loc, "'%s' has %llu slots; at most %u are allowed", d->name,
                 (unsigned long long)d->max_entries, 1u << 20);
}

static void check_hook(sc_ctx *c, sc_module *m, sc_decl *d)
{
    int family;
    int h = sc_hook_lookup(d->name, &family);
    if (h < 0) {
        const char *names[32];
        size_t n = sc_hook_names(names, 32);
        const char *best = sc_closest(d->name, names, n);
        if (best)
            sc_error(D(c), d->name_loc, "unknown hook '%s'; did you mean '%s'?", d->name, best);
        else
            sc_error(D(c), d->name_loc,
                     "unknown hook '%s'; hooks are bind, connect, post_bind, sendmsg, recvmsg, getpeername, "
                     "getsockname (each also with 4 or 6), lookup, msg, sockops",
                     d->name);
        return;
    }
    d->hook = h;
    const sc_hook *hk = &sc_hooks[h];
    scope s = {.module = m, .hook = hk, .family = family, .hook_name = d->name};
    if (d->target_kind && strcmp(d->target_kind, "cgroup") == 0 && hk->target != TGT_CGROUP) {
        sc_error(D(c), d->target_loc, "%s is not attached to a cgroup; %s", d->name,
                 hk->target == TGT_NETNS ? "it attaches to the network namespace that `sockc apply` runs in"
                                         : "it attaches to a socket map: write 'on msg in MAP'");
    } else if (d->target_kind && strcmp(d->target_kind, "map") == 0) {
        sc_decl *md = sc_find_decl(m, d->target);
        if (hk->target != TGT_MAP)
            sc_error(D(c), d->target_loc, "'in %s': %s attaches to %s, written 'in cgroup \"PATH\"'", d->target,
                     d->name, hk->target == TGT_CGROUP ? "a cgroup" : "a network namespace");
        else if (!md || (md->kind != DC_SOCKMAP && md->kind != DC_SOCKHASH))
            sc_error(D(c), d->target_loc, "'%s' is not a sockmap or sockhash of this policy", d->target);
        else
            md->used = true;
    } else if (!d->target_kind && hk->target == TGT_MAP) {
        sc_error(D(c), d->name_loc, "'on %s' needs the socket map it attaches to: 'on %s in MAP'", d->name, d->name);
    }
    if (d->target_kind && strcmp(d->target_kind, "cgroup") == 0 && (!d->target[0] || strstr(d->target, "..")))
        sc_error(D(c), d->target_loc, "cgroup path '%s' must be non-empty and must not contain '..'", d->target);
    else if (d->target_kind && strlen(d->target) >= PATH_MAX - 256)
        sc_error(D(c), d->target_loc, "cgroup path is %zu characters long; at most %d are allowed", strlen(d->target),
                 PATH_MAX - 257);
    check_stmts(c, &s, &d->body);
}

int sc_check(sc_ctx *c)
{
    int before = c->diag.errors;
    /* modules first, so that names they export have types when the main file uses them */
    for (size_t i = c->nmodules; i-- > 0;) {
        sc_module *m = c->modules[i];
        for (size_t j = 0; j < m->decls.n; j++) {
            sc_decl *d = m->decls.items[j];
            if (d->kind == DC_HOOK)
                continue;
            if (d->kind != DC_POLICY && d->kind != DC_IMPORT && sc_field_lookup(d->name) >= 0)
                sc_error(D(c), d->name_loc, "'%s' is a field name and cannot name a declaration", d->name);
            else if (d->kind != DC_POLICY && d->kind != DC_IMPORT && strlen(d->name) > SC_MAX_NAME)
                sc_error(D(c), d->name_loc, "names are at most %d characters long", SC_MAX_NAME);
            else if (d->kind != DC_POLICY && d->kind != DC_IMPORT && strstr(d->name, "__"))
                sc_error(D(c), d->name_loc, "'%s': names with '__' are reserved for the maps sockc makes", d->name);
            check_decl_value(c, m, d);
        }
    }
    size_t hooks = 0;
    for (size_t j = 0; j < c->main->decls.n; j++) {
        sc_decl *d = c->main->decls.items[j];
        if (d->kind == DC_HOOK) {
            check_hook(c, c->main, d);
            hooks++;
        }
    }
    if (hooks == 0 && c->diag.errors == before)
        sc_warning(D(c), (sc_loc){0}, "%s: the policy has no hooks ('on connect { ... }'); nothing will be attached",
                   c->main->path);
    return c->diag.errors > before;
}
