/* codegen: lowers each planned program to LLVM IR through bpfir. A program is the
 * statements of its blocks in file order; conditions and values are specialised
 * to the program's family: in a 6 program an IPv4 literal matches (and writes) the
 * IPv4-mapped form ::ffff:a.b.c.d, and only on sockets whose address is mapped; an
 * IPv6 literal never lands in a 4 program. Addresses are compared as the u32 words
 * the kernel stores (network byte order); ports are converted to host order. */
#include "codegen.h"

#include "bpfir.h"
#include "layout.h"
#include "meta.h"

#include <linux/bpf.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

enum {
    H_MAP_LOOKUP = BPF_FUNC_map_lookup_elem,
    H_MAP_UPDATE = BPF_FUNC_map_update_elem,
    H_MAP_DELETE = BPF_FUNC_map_delete_elem,
    H_UID_GID = BPF_FUNC_get_current_uid_gid,
    H_BIND = BPF_FUNC_bind,
};

typedef struct cg {
    sc_ctx *c;
    bir_module *m;
    bir_prog *p;
    LLVMBuilderRef b;
    LLVMTypeRef i1, i8, i16, i32, i64, ptr;
    const sc_hook *hook;
    int family; /* 4 or 6 (cgroup hooks) */
    LLVMValueRef *maps; /* by map declaration: maps[i] for decls in map_decls[i] */
    sc_decl **map_decls;
    size_t nmaps;
    LLVMValueRef (*setmaps)[SETMAP__COUNT]; /* by c->setmaps index, declared on first use */
    LLVMValueRef counters; /* the policy's counters (SC_META_COUNTERS_MAP), where it counts */
    LLVMBasicBlockRef exit; /* the program's one return block, kept last */
    LLVMValueRef result;    /* its phi: the value each path returns */
    bool internal;          /* a failure of sockc itself was reported (checked_map): SC_EINTERNAL */
    /* A program of both families: what is emitted once for both (shared_end); and,
     * while v4_tests runs IPv4 tests on the IPv4 word of either family, that end and
     * its word (ip_word's answer there). */
    bool both;
    const struct sc_slot *v4_slot;
    LLVMValueRef v4_word;
    struct shared_end *shared;
    size_t nshared, cap_shared;
    int in_or; /* branch() is within an `or` or a set: its ranges are opaque (branch_range) */
} cg;

/* In a program of both families (sk_lookup, sk_msg) a statement that reads an address
 * is emitted once per family. What it does when that ends the program and reads no
 * address (the then branch of `if dst in P { assign s[0]; }`, what a table's entry
 * says) is emitted once, where the first family's code needs it, and the other
 * family's code branches there too: a table's entry through a phi (the action and
 * slot words sit at the same offsets in both families' layouts). */
typedef struct shared_end {
    const void *of; /* the if, or the table */
    LLVMBasicBlockRef bb;
    LLVMValueRef phi; /* a table's: the entry found */
} shared_end;

static LLVMValueRef c32(cg *g, uint64_t v) { return LLVMConstInt(g->i32, v, 0); }
static LLVMValueRef c64(cg *g, uint64_t v) { return LLVMConstInt(g->i64, v, 0); }
static LLVMValueRef cfalse(cg *g) { return LLVMConstInt(g->i1, 0, 0); }

/* The u32 that network-order bytes b[0..3] read as on a little-endian BPF target. */
static uint32_t word(const uint8_t *b) { return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24; }

/* Mask of word i (0..3) of a prefix of length plen (as the same LE u32). */
static uint32_t mask_word(unsigned plen, unsigned i)
{
    uint8_t m[4];
    for (unsigned k = 0; k < 4; k++) {
        unsigned bit0 = (i * 4 + k) * 8;
        m[k] = plen >= bit0 + 8 ? 0xff : plen <= bit0 ? 0 : (uint8_t)(0xff << (8 - (plen - bit0)));
    }
    return word(m);
}

static LLVMValueRef and2(cg *g, LLVMValueRef a, LLVMValueRef b) { return LLVMBuildAnd(g->b, a, b, ""); }
static LLVMValueRef or2(cg *g, LLVMValueRef a, LLVMValueRef b) { return LLVMBuildOr(g->b, a, b, ""); }
static LLVMValueRef eq(cg *g, LLVMValueRef a, LLVMValueRef b) { return LLVMBuildICmp(g->b, LLVMIntEQ, a, b, ""); }

static void loc(cg *g, sc_loc l) { bir_loc(g->p, (unsigned)l.line, (unsigned)l.col); }

/* A new block placed right after prev, so that the layout follows the policy and the
 * backend does not jump around code placed at the end of the function. */
static LLVMBasicBlockRef block_after(cg *g, LLVMBasicBlockRef prev, const char *name)
{
    LLVMBasicBlockRef bb = bir_block(g->p, name);
    LLVMMoveBasicBlockAfter(bb, prev);
    return bb;
}

static LLVMBasicBlockRef here(cg *g) { return LLVMGetInsertBlock(g->b); }

/* The byte address p + off (an i64 value, or a constant), and the u32 there. */
static LLVMValueRef at_var(cg *g, LLVMValueRef p, LLVMValueRef off) { return LLVMBuildGEP2(g->b, g->i8, p, &off, 1, ""); }

static LLVMValueRef at(cg *g, LLVMValueRef p, uint64_t off) { return at_var(g, p, c64(g, off)); }

static LLVMValueRef load32_at(cg *g, LLVMValueRef p, uint64_t off) { return LLVMBuildLoad2(g->b, g->i32, at(g, p, off), ""); }

/* bir_map, with a failure (a clash of names, say) reported instead of passed on as a
 * NULL map to the helper calls that would use it. */
static LLVMValueRef checked_map(cg *g, const bir_map_def *def)
{
    LLVMValueRef m = bir_map(g->m, def);
    if (!m) {
        const char *why = bir_error(g->m);
        sc_error(&g->c->diag, (sc_loc){0}, "internal error: cannot declare map '%s': %s", def->name, why ? why : "?");
        g->internal = true;
        return LLVMConstPointerNull(g->ptr);
    }
    return m;
}

/* A stack slot for one use (bir_stack), of the family the code is for. */
static LLVMValueRef stack(cg *g, unsigned size, const char *name) { return bir_stack(g->p, size, name, (unsigned)g->family); }

/* --- context fields --------------------------------------------------------------- */

static const sc_slot *slot_of(cg *g, int end) { return &g->hook->slot[end]; }

/* Address word k of an end (k = 0 for the 4 program; 0..3 in the 6 program). */
static LLVMValueRef ip_word(cg *g, const sc_slot *s, int k)
{
    if (g->family == 4 && s == g->v4_slot)
        return g->v4_word;
    return g->family == 4 ? bir_ctx_load(g->p, (unsigned)s->ip4, 4) : bir_ctx_load(g->p, (unsigned)(s->ip6 + 4 * k), 4);
}

/* v (i16 or i32) with its bytes reversed */
static LLVMValueRef bswap(cg *g, LLVMValueRef v)
{
    LLVMTypeRef t = LLVMTypeOf(v);
    unsigned id = LLVMLookupIntrinsicID("llvm.bswap", 10);
    LLVMValueRef fn = LLVMGetIntrinsicDeclaration(LLVMGetGlobalParent(bir_prog_fn(g->p)), id, &t, 1);
    return LLVMBuildCall2(g->b, LLVMIntrinsicGetType(LLVMGetTypeContext(t), id, &t, 1), fn, &v, 1, "");
}

/* Tells LLVM that fact holds (llvm.assume). */
static void assume(cg *g, LLVMValueRef fact)
{
    unsigned id = LLVMLookupIntrinsicID("llvm.assume", 11);
    LLVMValueRef fn = LLVMGetIntrinsicDeclaration(LLVMGetGlobalParent(bir_prog_fn(g->p)), id, NULL, 0);
    LLVMBuildCall2(g->b, LLVMIntrinsicGetType(LLVMGetTypeContext(g->i32), id, NULL, 0), fn, &fact, 1, "");
}

/* The port of an end in host order, as i32. The kernel fills the u32 port fields
 * from 16 bits; saying so lets LLVM drop the masks. */
static LLVMValueRef port_value(cg *g, const sc_slot *s)
{
    LLVMValueRef v = bir_ctx_load(g->p, (unsigned)s->port, 4);
    if (s->order == PORT_NET_HI16) /* network order in the high 16 bits, the low ones 0 */
        v = bswap(g, v);
    assume(g, LLVMBuildICmp(g->b, LLVMIntULT, v, c32(g, 65536), ""));
    if (s->order == PORT_NET_HI16)
        return v;
    if (s->order == PORT_HOST32)
        v = LLVMBuildTrunc(g->b, v, g->i16, "");
    else
        v = bswap(g, LLVMBuildTrunc(g->b, v, g->i16, ""));
    return LLVMBuildZExt(g->b, v, g->i32, "");
}

static void store_port(cg *g, const sc_slot *s, LLVMValueRef host32)
{
    LLVMValueRef v = LLVMBuildTrunc(g->b, host32, g->i16, "");
    if (s->order == PORT_NET32)
        v = bswap(g, v);
    bir_ctx_store(g->p, (unsigned)s->port, LLVMBuildZExt(g->b, v, g->i32, ""));
}

/* ::ffff:0.0.0.0/96, the IPv4-mapped addresses. */
static const sc_addr mapped_prefix = {.family = 6, .plen = 96, .b = {[10] = 0xff, [11] = 0xff}};

/* Word 2 of an IPv4-mapped address (::ffff:a.b.c.d), as the context holds it. */
static LLVMValueRef mapped_word2(cg *g) { return c32(g, word(mapped_prefix.b + 8)); }

/* Are the first three of an address's words those of ::ffff:a.b.c.d? */
static LLVMValueRef words_mapped(cg *g, LLVMValueRef w0, LLVMValueRef w1, LLVMValueRef w2)
{
    return and2(g, and2(g, eq(g, w0, c32(g, 0)), eq(g, w1, c32(g, 0))), eq(g, w2, mapped_word2(g)));
}

/* The address at s (a 6 program's) is ::ffff:a.b.c.d. */
static LLVMValueRef is_mapped(cg *g, const sc_slot *s)
{
    LLVMValueRef w0 = ip_word(g, s, 0), w1 = ip_word(g, s, 1), w2 = ip_word(g, s, 2); /* loads in order */
    return words_mapped(g, w0, w1, w2);
}

/* In the 6 program of a sock_addr hook: is the socket's address IPv4-mapped? The
 * sockaddr the call passes (user_ip6) decides, whichever end it is. */
static const sc_slot *user_slot(cg *g)
{
    /* the socket's own address is the first end that has a port: the sockaddr of the
     * call in sock_addr hooks, the bound address in post_bind */
    return g->hook->slot[0].port >= 0 ? &g->hook->slot[0] : &g->hook->slot[1];
}

static LLVMValueRef user_is_mapped(cg *g) { return is_mapped(g, user_slot(g)); }

/* Branches to t when the address of end s is in prefix a and to f otherwise, one test
 * per word as C's && gives: the first word that differs leaves, and a later rule
 * testing the same word knows on which path it stands. A 4 program's one word holds
 * what word 3 of the IPv4-mapped form does; no IPv6 prefix holds it. */
static void branch_prefix(cg *g, const sc_slot *s, const sc_addr *a, LLVMBasicBlockRef t, LLVMBasicBlockRef f)
{
    if (g->family == 4 && a->family != 4) {
        LLVMBuildBr(g->b, f);
        return;
    }
    sc_addr m = a->family == 4 ? sc_addr_v4_mapped(a) : *a;
    for (unsigned k = g->family == 4 ? 3 : 0; k < 4 && mask_word(m.plen, k); k++) {
        uint32_t mk = mask_word(m.plen, k);
        LLVMValueRef w = ip_word(g, s, (int)k);
        if (mk != 0xffffffffu)
            w = LLVMBuildAnd(g->b, w, c32(g, mk), "");
        LLVMBasicBlockRef next = k == 3 || !mask_word(m.plen, k + 1) ? t : block_after(g, here(g), "word");
        LLVMBuildCondBr(g->b, eq(g, w, c32(g, word(m.b + 4 * k) & mk)), next, f);
        if (next == t)
            return;
        LLVMPositionBuilderAtEnd(g->b, next);
    }
    LLVMBuildBr(g->b, t); /* a /0 prefix */
}

/* Branches to t when the socket's address is IPv4-mapped (in a 6 program). */
static void branch_mapped(cg *g, LLVMBasicBlockRef t, LLVMBasicBlockRef f)
{
    branch_prefix(g, user_slot(g), &mapped_prefix, t, f);
}


/* The context's own family field is AF_INET (hooks with one program for both families). */
static LLVMValueRef ctx_is_v4(cg *g)
{
    return eq(g, bir_ctx_load(g->p, (unsigned)g->hook->family_off, 4), c32(g, AF_INET));
}

/* The uid (hi = 0) or gid (hi = 1) of the calling task. */
static LLVMValueRef uid_gid(cg *g, int hi)
{
    LLVMValueRef v = bir_helper_same(g->p, H_UID_GID);
    if (hi)
        v = LLVMBuildLShr(g->b, v, c64(g, 32), "");
    return LLVMBuildTrunc(g->b, v, g->i32, "");
}

/* A scalar field (not an address) as i32. */
static LLVMValueRef scalar_field(cg *g, int f)
{
    const sc_hook *h = g->hook;
    switch (f) {
    case FLD_SRC_PORT:
    case FLD_DST_PORT: return port_value(g, slot_of(g, sc_fields[f].end));
    case FLD_PROTO: return bir_ctx_load(g->p, (unsigned)h->proto_off, 4);
    case FLD_UID: return uid_gid(g, 0);
    case FLD_GID: return uid_gid(g, 1);
    case FLD_SIZE: return bir_ctx_load(g->p, (unsigned)h->size_off, 4);
    case FLD_OP: return bir_ctx_load(g->p, (unsigned)h->op_off, 4);
    default: return c32(g, 0);
    }
}

/* --- constant values --------------------------------------------------------------- */

/* --- maps ------------------------------------------------------------------------------- */

static LLVMValueRef map_global(cg *g, const sc_decl *d)
{
    for (size_t i = 0; i < g->nmaps; i++)
        if (g->map_decls[i] == d)
            return g->maps[i];
    return NULL;
}

/* Copies n constant bytes into a zeroed stack slot (u32 stores of the non-zero
 * words; a 2-byte value as one u16 store). */
static void store_bytes(cg *g, LLVMValueRef dst, const uint8_t *buf, size_t n)
{
    if (n == 2) {
        LLVMBuildStore(g->b, LLVMConstInt(g->i16, (uint64_t)buf[0] | (uint64_t)buf[1] << 8, 0), dst);
        return;
    }
    for (size_t k = 0; k < n; k += 4)
        if (word(buf + k))
            LLVMBuildStore(g->b, c32(g, word(buf + k)), at(g, dst, k));
}

/* Writes constant e, encoded as map type t, into the (zeroed) stack slot at dst. */
static void store_const(cg *g, sc_vtype t, const sc_expr *e, LLVMValueRef dst)
{
    uint8_t buf[sizeof(struct sc_endpoint_val)] = {0};
    sc_encode_const(t, e, buf);
    store_bytes(g, dst, buf, sc_vtype_size(t));
}

/* The 16 address bytes of an end (IPv4 as ::ffff:a.b.c.d) stored at dst. */
static void store_end_ip(cg *g, const sc_slot *s, LLVMValueRef dst)
{
    for (int k = 0; k < 4; k++) {
        LLVMValueRef v = g->family == 6 ? ip_word(g, s, k)
                         : k < 2        ? c32(g, 0)
                         : k == 2       ? mapped_word2(g)
                                        : ip_word(g, s, 0);
        LLVMBuildStore(g->b, v, at(g, dst, 4 * k));
    }
}

/* Writes the value of expression e (a field or a constant) as map type t into the
 * stack slot at dst. */
static void store_as(cg *g, const sc_expr *e, sc_vtype t, LLVMValueRef dst)
{
    e = sc_literal(e);
    LLVMBuilderRef b = g->b;
    if (e->ref != REF_FIELD) {
        store_const(g, t, e, dst);
        return;
    }
    if (t == SC_VT_PORT || t == SC_VT_U32 || t == SC_VT_U64) {
        LLVMTypeRef ty = t == SC_VT_PORT ? g->i16 : t == SC_VT_U32 ? g->i32 : g->i64;
        LLVMValueRef v = scalar_field(g, e->field);
        LLVMBuildStore(b, LLVMBuildZExtOrBitCast(b, LLVMBuildTruncOrBitCast(b, v, ty, ""), ty, ""), dst);
        return;
    }
    /* ip / endpoint: 16 address bytes (IPv4 mapped), then for an endpoint port and family */
    {
        const sc_slot *s = slot_of(g, sc_fields[e->field].end);
        if (g->family == 4) { /* the load first: LLVM keeps the constant words together */
            LLVMValueRef w[4] = {c32(g, 0), c32(g, 0), mapped_word2(g), ip_word(g, s, 0)};
            for (int k = 0; k < 4; k++)
                LLVMBuildStore(b, w[k], at(g, dst, 4 * k));
        } else {
            store_end_ip(g, s, dst);
        }
        if (t == SC_VT_ENDPOINT) {
            LLVMValueRef port = LLVMBuildTrunc(b, port_value(g, s), g->i16, "");
            LLVMBuildStore(b, port, at(g, dst, 16));
            LLVMValueRef fam = g->family == 4 ? LLVMConstInt(g->i8, 4, 0)
                                              : LLVMBuildSelect(b, user_is_mapped(g), LLVMConstInt(g->i8, 4, 0),
                                                                LLVMConstInt(g->i8, 6, 0), "");
            LLVMBuildStore(b, fam, at(g, dst, 18));
        }
        return;
    }
    store_const(g, t, e, dst);
}

/* Looks up map[key]; returns the value pointer (NULL when missing). */
static LLVMValueRef map_lookup(cg *g, const sc_decl *map, const sc_expr *key)
{
    sc_vtype kt = (sc_vtype)sc_vtype_by_name(map->key_type);
    LLVMValueRef k = stack(g, (unsigned)sc_vtype_size(kt), "key");
    store_as(g, key, kt, k);
    LLVMValueRef args[2] = {map_global(g, map), k};
    return bir_helper(g->p, H_MAP_LOOKUP, 1, args, 2);
}

static LLVMValueRef is_null(cg *g, LLVMValueRef p) { return LLVMBuildIsNull(g->b, p, ""); }

/* --- conditions ---------------------------------------------------------------------------- */

/* Branches to t where v (i32, a port or number) is in lo..hi, else to f. Within an
 * `or` or a set compared inline, as one or two compares in an asm block
 * (bir_bounds_branch), which LLVM cannot merge with the other ranges into an or of
 * compares, each a register that the verifier walks both ways (`dst.port in A..B or
 * ...` of 30 ranges verified in 5,115 instructions); alone, as LLVM's one compare (v -
 * lo <= hi - lo). */
static void branch_range(cg *g, LLVMValueRef v, uint64_t lo, uint64_t hi, LLVMBasicBlockRef t, LLVMBasicBlockRef f)
{
    if (lo == hi || !g->in_or) {
        LLVMValueRef d = LLVMBuildSub(g->b, v, c32(g, lo), "");
        LLVMBuildCondBr(g->b, LLVMBuildICmp(g->b, LLVMIntULE, d, c32(g, hi - lo), ""), t, f);
        return;
    }
    uint32_t bound[2];
    sc_range r = {.lo = lo, .end = hi + 1};
    bir_bounds_branch(g->p, v, &(sc_search){sc_bounds(&r, 1, bound, 2), bound, NULL}, t, f);
}

static const bir_field lpm4_fields[] = {{"prefixlen", 4, 1}, {"b", 1, 4}};
static const bir_field lpm6_fields[] = {{"prefixlen", 4, 1}, {"b", 1, 16}};
static const bir_field lpm4_port_fields[] = {{"prefixlen", 4, 1}, {"port", 4, 1}, {"b", 1, 4}};
static const bir_field lpm6_port_fields[] = {{"prefixlen", 4, 1}, {"port", 4, 1}, {"b", 1, 16}};
static const bir_field bitmap_fields[] = {{"bits", 1, SC_PORT_BITMAP_BYTES}};

static LLVMValueRef probe_lookup(cg *g, const sc_probe *p, LLVMValueRef map, LLVMValueRef *kw, unsigned nw);

/* The map of a lowered set, declared the first time a program uses it. */
static LLVMValueRef set_map(cg *g, sc_setmap *sm, int k)
{
    size_t i = 0;
    while (g->c->setmaps[i] != sm)
        i++;
    if (g->setmaps[i][k])
        return g->setmaps[i][k];
    /* an array of one value (the port bitmap, a flat trie, the numbers' probe table), an
     * LPM trie, or a hash map of numbers */
    sc_setform form = sc_setmap_form(sm, k);
    bool array = form != SC_SET_LPM && form != SC_SET_HASH, hash = form == SC_SET_HASH;
    bool lpm4 = k == SETMAP_V4 || k == SETMAP_PORTS; /* a number's LPM trie keys as IPv4's */
    bir_field flat_fields[] = {{"b", 1, (unsigned)sm->flat4_size}};
    bir_field probe_fields[] = {{"b", 1, (unsigned)sm->probe.size}};
    bir_type key = array || hash ? (bir_type){NULL, 4, 0, NULL}
                 : lpm4 ? (bir_type){"sc_lpm4_key", 8, 2, lpm4_fields}
                        : (bir_type){"sc_lpm6_key", 20, 2, lpm6_fields};
    bir_type val = form == SC_SET_PROBE    ? (bir_type){"sc_probe", (unsigned)sm->probe.size, 1, probe_fields}
                 : form == SC_SET_BITMAP ? (bir_type){"sc_port_bitmap", SC_PORT_BITMAP_BYTES, 1, bitmap_fields}
                 : form == SC_SET_FLAT   ? (bir_type){"sc_flat4", (unsigned)sm->flat4_size, 1, flat_fields}
                                         : (bir_type){NULL, 1, 0, NULL};
    bir_map_def def = {.name = sm->name[k],
                       .type = array ? BPF_MAP_TYPE_ARRAY : hash ? BPF_MAP_TYPE_HASH : BPF_MAP_TYPE_LPM_TRIE,
                       .key = &key,
                       .value = &val,
                       .max_entries = array                                      ? 1
                                      : form == SC_SET_LPM && k == SETMAP_PORTS ? (unsigned)sm->nprefixes
                                                                                 : (unsigned)sm->count[k],
                       .flags = array || hash ? 0 : BPF_F_NO_PREALLOC,
                       .line = (unsigned)sm->set->loc.line};
    sm->used[k] = true;
    return g->setmaps[i][k] = checked_map(g, &def);
}

/* A walk over the one value of an array map (a flat trie, a probe table: layout.h):
 * the value's base and size, and the answer, a phi in the block done where every
 * way out of the walk ends. */
typedef struct walk {
    LLVMValueRef base, answer;
    LLVMBasicBlockRef done;
    size_t size;
} walk;

/* Goes on in a new block when go holds; otherwise the walk ends with answer. */
static void walk_on(cg *g, walk *w, LLVMValueRef go, LLVMValueRef answer, const char *name)
{
    LLVMBasicBlockRef on = block_after(g, here(g), name), from = here(g);
    LLVMAddIncoming(w->answer, &answer, &from, 1);
    LLVMBuildCondBr(g->b, go, on, w->done);
    LLVMPositionBuilderAtEnd(g->b, on);
}

/* Starts a walk over map's value, whose answer has type ty: the array lookup (which
 * the verifier inlines), and an end with none if the value is missing. */
static void walk_begin(cg *g, walk *w, LLVMValueRef map, LLVMTypeRef ty, LLVMValueRef none, const char *name)
{
    LLVMValueRef args[2] = {map, stack(g, 4, "zero")};
    w->base = bir_helper(g->p, H_MAP_LOOKUP, 1, args, 2);
    w->done = block_after(g, here(g), "walk_done");
    LLVMBasicBlockRef from = here(g);
    LLVMPositionBuilderAtEnd(g->b, w->done);
    w->answer = LLVMBuildPhi(g->b, ty, "answer");
    LLVMPositionBuilderAtEnd(g->b, from);
    walk_on(g, w, LLVMBuildNot(g->b, is_null(g, w->base), ""), none, name);
}

/* Ends the walk with answer from here; returns the walk's answer, with the builder
 * in the block done. */
static LLVMValueRef walk_end(cg *g, walk *w, LLVMValueRef answer)
{
    LLVMBasicBlockRef from = here(g);
    LLVMAddIncoming(w->answer, &answer, &from, 1);
    LLVMBuildBr(g->b, w->done);
    LLVMPositionBuilderAtEnd(g->b, w->done);
    return w->answer;
}

/* Goes on when off (an entry of the level above) leaves room for a child of len bytes
 * in the value: always so in an image the compiler built, but the verifier needs it. */
static void walk_in_bounds(cg *g, walk *w, LLVMValueRef off, size_t len, const char *name)
{
    walk_on(g, w, LLVMBuildICmp(g->b, LLVMIntULE, off, c32(g, w->size - len), ""), cfalse(g), name);
}

/* One table level: the u32 entry at base + idx (idx already offset by the node's
 * place). Entries 0 and 1 end the walk with that answer; returns the entry, with the
 * builder in the block that goes on below it. */
static LLVMValueRef walk_entry(cg *g, walk *w, LLVMValueRef idx)
{
    LLVMBuilderRef b = g->b;
    LLVMValueRef e = LLVMBuildLoad2(b, g->i32, at_var(g, w->base, LLVMBuildZExt(b, idx, g->i64, "")), "entry");
    walk_on(g, w, LLVMBuildICmp(b, LLVMIntUGT, e, c32(g, SC_FLAT4_ALL), ""),
            LLVMBuildICmp(b, LLVMIntNE, e, c32(g, SC_FLAT4_NONE), ""), "flat_below");
    return e;
}

/* `ip in SET` with the set's flat trie (of its map of kind k): one array lookup for the
 * value, then root, node and leaf at offsets computed from the address word a
 * (network order, so its low half is the root index b0 | b1 << 8). */
static LLVMValueRef flat4_lookup(cg *g, sc_setmap *sm, int k, LLVMValueRef a)
{
    LLVMBuilderRef b = g->b;
    walk w = {.size = sm->flat4_size};
    walk_begin(g, &w, set_map(g, sm, k), g->i1, cfalse(g), "flat_root");
    LLVMValueRef node = walk_entry(g, &w, LLVMBuildShl(b, LLVMBuildAnd(b, a, c32(g, 0xffff), ""), c32(g, 2), ""));
    walk_in_bounds(g, &w, node, SC_FLAT4_NODE_BYTES, "flat_node");
    LLVMValueRef b2 = LLVMBuildShl(b, LLVMBuildAnd(b, LLVMBuildLShr(b, a, c32(g, 16), ""), c32(g, 0xff), ""), c32(g, 2), "");
    LLVMValueRef leaf = walk_entry(g, &w, LLVMBuildAdd(b, node, b2, ""));
    walk_in_bounds(g, &w, leaf, SC_FLAT4_LEAF_BYTES, "flat_leaf");
    /* the leaf: bit b3 % 8 of its byte b3 / 8 */
    LLVMValueRef b3 = LLVMBuildLShr(b, a, c32(g, 24), "");
    LLVMValueRef off = LLVMBuildZExt(b, LLVMBuildAdd(b, leaf, LLVMBuildLShr(b, b3, c32(g, 3), ""), ""), g->i64, "");
    LLVMValueRef byte = LLVMBuildZExt(b, LLVMBuildLoad2(b, g->i8, at_var(g, w.base, off), ""), g->i32, "");
    LLVMValueRef bit = LLVMBuildAnd(b, LLVMBuildLShr(b, byte, LLVMBuildAnd(b, b3, c32(g, 7), ""), ""), c32(g, 1), "");
    return walk_end(g, &w, LLVMBuildICmp(b, LLVMIntNE, bit, c32(g, 0), ""));
}

/* An LPM key of n words on the stack, its prefix length all of them: the caller
 * stores the words (network order) at 4, 8, ... */
static LLVMValueRef lpm_key(cg *g, int n)
{
    LLVMValueRef key = stack(g, (unsigned)(4 + 4 * n), "lpm_key");
    LLVMBuildStore(g->b, c32(g, (uint64_t)(32 * n)), key);
    return key;
}

/* Whether key is in the set's LPM trie of kind k. */
static LLVMValueRef lpm_has(cg *g, sc_setmap *sm, int k, LLVMValueRef key)
{
    LLVMValueRef args[2] = {set_map(g, sm, k), key};
    return LLVMBuildNot(g->b, is_null(g, bir_helper(g->p, H_MAP_LOOKUP, 1, args, 2)), "");
}

/* The address at s in the set's LPM trie of this program's family. */
static LLVMValueRef lpm_lookup(cg *g, sc_setmap *sm, const sc_slot *s)
{
    int k = g->family == 4 ? SETMAP_V4 : SETMAP_V6, words = g->family == 4 ? 1 : 4;
    if (!sm->count[k])
        return cfalse(g);
    LLVMValueRef key = lpm_key(g, words);
    for (int w = 0; w < words; w++)
        LLVMBuildStore(g->b, ip_word(g, s, w), at(g, key, 4 + 4 * w));
    return lpm_has(g, sm, k, key);
}

/* Branches on `field in SET` for a lowered set (context.h): an address goes
 * down the search tree or flat trie of the IPv4 members (in a 6 program when it is
 * IPv4-mapped, then to the 6 trie if an IPv6 member may hold it: v6_mapped), else to
 * the LPM trie of its family; a port down the ports' search tree, or to its bit of the
 * port bitmap; a number down their search tree, else to their flat trie or LPM trie
 * (with a range among them), probe table or hash map. */
static void branch_set(cg *g, const sc_expr *fld, sc_setmap *sm, LLVMBasicBlockRef t, LLVMBasicBlockRef f)
{
    LLVMBuilderRef b = g->b;
    if (fld->type == TY_IP || fld->type == TY_ENDPOINT) {
        const sc_slot *s = slot_of(g, sc_fields[fld->field].end);
        if (!sc_setmap_v4_apart(sm)) {
            LLVMBuildCondBr(b, lpm_lookup(g, sm, s), t, f);
            return;
        }
        LLVMBasicBlockRef native = NULL, miss = f;
        if (g->family == 6) {
            LLVMBasicBlockRef mapped = block_after(g, here(g), "mapped");
            native = block_after(g, mapped, "native");
            LLVMBuildCondBr(b, is_mapped(g, s), mapped, native);
            LLVMPositionBuilderAtEnd(b, mapped);
            miss = sm->v6_mapped ? native : f;
        }
        LLVMValueRef w = ip_word(g, s, g->family == 4 ? 0 : 3);
        if (sm->tree[SETMAP_V4].bound)
            bir_bounds_branch(g->p, bswap(g, w), &sm->tree[SETMAP_V4], t, miss);
        else
            LLVMBuildCondBr(b, flat4_lookup(g, sm, SETMAP_V4, w), t, miss);
        if (native) {
            LLVMPositionBuilderAtEnd(b, native);
            LLVMBuildCondBr(b, lpm_lookup(g, sm, s), t, f);
        }
        return;
    }
    if (!sm->count[SETMAP_PORTS]) {
        LLVMBuildBr(b, f);
        return;
    }
    LLVMValueRef v = scalar_field(g, fld->field); /* i32; a port, or a number (uid...) */
    if (sm->tree[SETMAP_PORTS].bound) {
        bir_bounds_branch(g->p, v, &sm->tree[SETMAP_PORTS], t, f);
        return;
    }
    if (sm->number_ranges) { /* their flat trie, or their LPM trie, of the big-endian word */
        LLVMValueRef a = bswap(g, v), key = sm->flat4 ? NULL : lpm_key(g, 1);
        if (key)
            LLVMBuildStore(b, a, at(g, key, 4));
        LLVMBuildCondBr(b, key ? lpm_has(g, sm, SETMAP_PORTS, key) : flat4_lookup(g, sm, SETMAP_PORTS, a), t, f);
        return;
    }
    if (sm->numbers) { /* the numbers' probe table, or their hash map */
        LLVMValueRef map = set_map(g, sm, SETMAP_PORTS), found;
        if (sm->probe.image) {
            found = probe_lookup(g, &sm->probe, map, &v, 1);
        } else {
            LLVMValueRef k = stack(g, 4, "number");
            LLVMBuildStore(b, v, k);
            LLVMValueRef args[2] = {map, k};
            found = bir_helper(g->p, H_MAP_LOOKUP, 1, args, 2);
        }
        LLVMBuildCondBr(b, is_null(g, found), f, t);
        return;
    }
    LLVMValueRef key = stack(g, 4, "zero");
    LLVMValueRef args[2] = {set_map(g, sm, SETMAP_PORTS), key};
    LLVMValueRef bits = bir_helper(g->p, H_MAP_LOOKUP, 1, args, 2);
    LLVMBasicBlockRef have = block_after(g, here(g), "bitmap");
    LLVMBuildCondBr(b, is_null(g, bits), f, have);
    LLVMPositionBuilderAtEnd(b, have);
    LLVMValueRef idx = LLVMBuildZExt(b, LLVMBuildLShr(b, LLVMBuildAnd(b, v, c32(g, 0xffff), ""), c32(g, 3), ""), g->i64, "");
    LLVMValueRef byte = LLVMBuildLoad2(b, g->i8, at_var(g, bits, idx), "");
    LLVMValueRef bit = LLVMBuildAnd(b, LLVMBuildLShr(b, LLVMBuildZExt(b, byte, g->i32, ""),
                                                     LLVMBuildAnd(b, v, c32(g, 7), ""), ""), c32(g, 1), "");
    LLVMBuildCondBr(b, and2(g, eq(g, bit, c32(g, 1)), LLVMBuildICmp(b, LLVMIntULT, v, c32(g, 65536), "")), t, f);
}

/* `field in X` where X is a map (branch() tests addresses, ranges and sets itself). */
static LLVMValueRef cond_in(cg *g, const sc_expr *e)
{
    const sc_expr *f = e->lhs, *r = sc_literal(e->rhs);
    switch (r->type) {
    case TY_MAP: return LLVMBuildNot(g->b, is_null(g, map_lookup(g, r->decl, f)), "");
    default: return cfalse(g);
    }
}

/* `field OP number` (op is not OP_NE: branch() swaps its targets for that). */
static LLVMValueRef cond_compare(cg *g, const sc_expr *e, sc_binop op)
{
    const sc_expr *f = e->lhs, *v = sc_literal(e->rhs);
    if (f->type == TY_OP && v->num == 1000) { /* established, either side: the two ops differ in bit 0 only */
        _Static_assert((BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB ^ BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB) == 1 &&
                           !(BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB & 1), "established is op & ~1");
        return eq(g, LLVMBuildAnd(g->b, scalar_field(g, FLD_OP), c32(g, ~1u), ""), c32(g, BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB));
    }
    static const LLVMIntPredicate preds[] = {[OP_EQ] = LLVMIntEQ, [OP_LT] = LLVMIntULT, [OP_LE] = LLVMIntULE,
                                             [OP_GT] = LLVMIntUGT, [OP_GE] = LLVMIntUGE};
    LLVMValueRef x = LLVMBuildZExt(g->b, scalar_field(g, f->field), g->i64, "");
    return LLVMBuildICmp(g->b, preds[op], x, c64(g, v->num), "");
}

/* Branches on membership in an inline set: to t at the first member that holds (an
 * address's prefix; a port, number or port range), else on to the next; the caller
 * branches to f after the last. Branches, not an or of compares: LLVM makes a chain
 * of these a search over the members (a switch), where or-ed compares each took a
 * register, spilled past a dozen. A scalar field is read once for all members (uid
 * and gid are a helper call, which LLVM does not merge). */
typedef struct members {
    cg *g;
    const sc_slot *s; /* an address field's slot; NULL: v, a scalar field's value */
    LLVMValueRef v;
    LLVMBasicBlockRef t;
} members;

static void branch_member(void *arg, const sc_expr *it)
{
    members *m = arg;
    cg *g = m->g;
    LLVMBasicBlockRef next = block_after(g, here(g), "member");
    if (m->s)
        branch_prefix(g, m->s, &it->addr, m->t, next);
    else if (it->type == TY_PORTRANGE)
        branch_range(g, m->v, sc_literal(it->lhs)->num, sc_literal(it->rhs)->num, m->t, next);
    else
        LLVMBuildCondBr(g->b, eq(g, m->v, c32(g, it->num)), m->t, next);
    LLVMPositionBuilderAtEnd(g->b, next);
}

/* Branches to t when e holds and to f otherwise, short-circuiting and/or/not, set
 * members and address words: later loads happen only when needed, as with C's &&, and
 * the verifier walks less, since no test's result waits in a register. */
static void branch(cg *g, const sc_expr *e, LLVMBasicBlockRef t, LLVMBasicBlockRef f)
{
    if (e->kind == EX_NOT) {
        branch(g, e->lhs, f, t);
        return;
    }
    if (e->kind == EX_BINARY && (e->op == OP_AND || e->op == OP_OR)) {
        LLVMBasicBlockRef mid = block_after(g, here(g), e->op == OP_AND ? "and" : "or");
        g->in_or += e->op == OP_OR;
        if (e->op == OP_AND)
            branch(g, e->lhs, mid, f);
        else
            branch(g, e->lhs, t, mid);
        LLVMPositionBuilderAtEnd(g->b, mid);
        branch(g, e->rhs, t, f);
        g->in_or -= e->op == OP_OR;
        return;
    }
    sc_binop op = e->op;
    if (op == OP_NE) { /* == with the targets swapped */
        LLVMBasicBlockRef swap = t;
        t = f;
        f = swap;
        op = OP_EQ;
    }
    const sc_expr *fld = e->lhs, *v = sc_literal(e->rhs);
    bool addr = fld->type == TY_IP || fld->type == TY_ENDPOINT;
    const sc_slot *s = addr ? slot_of(g, sc_fields[fld->field].end) : NULL;
    if (addr && op == OP_IN && (v->type == TY_IP || v->type == TY_PREFIX)) {
        branch_prefix(g, s, &v->addr, t, f);
    } else if (op == OP_IN && v->type == TY_SET && sc_set_literal(v)->lowered) {
        branch_set(g, fld, sc_set_literal(v)->lowered, t, f);
    } else if (op == OP_IN && v->type == TY_PORTRANGE) {
        branch_range(g, scalar_field(g, fld->field), sc_literal(v->lhs)->num, sc_literal(v->rhs)->num, t, f);
    } else if (op == OP_IN && v->type == TY_SET) {
        members m = {g, s, s ? NULL : scalar_field(g, fld->field), t};
        g->in_or++; /* a set is an or of its members */
        sc_set_each(sc_set_literal(v), branch_member, &m);
        g->in_or--;
        LLVMBuildBr(g->b, f);
    } else if (addr && op == OP_EQ) {
        sc_addr host = v->addr;
        host.plen = host.family == 4 ? 32 : 128;
        if (fld->type == TY_IP) {
            branch_prefix(g, s, &host, t, f);
            return;
        }
        /* address, then port: the port is loaded only when the address matched */
        LLVMBasicBlockRef port = block_after(g, here(g), "port");
        branch_prefix(g, s, &host, port, f);
        LLVMPositionBuilderAtEnd(g->b, port);
        LLVMBuildCondBr(g->b, eq(g, port_value(g, s), c32(g, v->addr.port)), t, f);
    } else if (op == OP_EQ && fld->type == TY_FAMILY) {
        /* the family of the address: in a 6 program, IPv4-mapped counts as ipv4 */
        if (g->family == 4)
            LLVMBuildBr(g->b, v->num == 4 ? t : f);
        else if (v->num == 4)
            branch_mapped(g, t, f);
        else
            branch_mapped(g, f, t);
    } else {
        LLVMBuildCondBr(g->b, op == OP_IN ? cond_in(g, e) : cond_compare(g, e, op), t, f);
    }
}

/* --- what a rewrite leaves known ---------------------------------------------------------- */

/* What the context holds after an if's then branch that only rewrites to constants:
 * per end, its address and port where known. A later rule that cannot match these is
 * skipped on that path, as C compilers thread jumps: the rewritten connect goes on
 * past the rules it no longer meets, and the verifier does not walk them. */
typedef struct known_end {
    bool has_addr, has_port;
    sc_addr addr; /* a whole address, of the program's family */
    uint16_t port;
} known_end;

/* Fills known[end] from then, or returns false if then does anything but rewrite
 * ends to constants (and bind, which leaves the context alone). */
static bool known_after(cg *g, const sc_stmt_list *then, known_end known[2])
{
    memset(known, 0, 2 * sizeof *known);
    for (size_t i = 0; i < then->n; i++) {
        const sc_stmt *st = then->items[i];
        if (st->kind == ST_BIND)
            continue;
        if (st->kind != ST_REWRITE || st->value->kind == EX_INDEX)
            return false;
        const sc_field_info *fi = &sc_fields[st->target->field];
        const sc_expr *v = sc_literal(st->value);
        known_end *k = &known[fi->end];
        if (fi->part != 2 && v->addr.family != g->family) {
            /* not written (an IPv6 address in a 4 program), or only on a mapped socket */
            k->has_addr = k->has_port = false;
            continue;
        }
        if (fi->part != 2) {
            k->has_addr = true;
            k->addr = v->addr;
            k->addr.plen = g->family == 4 ? 32 : 128;
        }
        if (fi->part != 1) {
            k->has_port = true;
            k->port = (uint16_t)(fi->part == 2 ? v->num : v->addr.port);
        }
    }
    return true;
}

/* 1 if the known address is in prefix p, 0 if not, -1 if it is not known. */
static int known_in_prefix(cg *g, const known_end *k, const sc_addr *p)
{
    if (!k->has_addr)
        return -1;
    if (g->family == 4 || p->family == 6)
        return sc_addr_contains(p, &k->addr); /* false across families */
    sc_addr m = sc_addr_v4_mapped(p);
    return sc_addr_contains(&m, &k->addr);
}

static int known_port_in(const known_end *k, uint64_t lo, uint64_t hi)
{
    return k->has_port ? k->port >= lo && k->port <= hi : -1;
}

/* 1, 0 or -1 (not known) for a member of a set, or a literal, tested as `field in`. */
static int known_member(cg *g, const known_end *k, const sc_expr *it)
{
    if (it->type == TY_IP || it->type == TY_PREFIX)
        return known_in_prefix(g, k, &it->addr);
    if (it->type == TY_PORTRANGE)
        return known_port_in(k, sc_literal(it->lhs)->num, sc_literal(it->rhs)->num);
    if (it->type == TY_PORT || it->type == TY_NUM)
        return known_port_in(k, it->num, it->num);
    return -1;
}

typedef struct known_set {
    cg *g;
    const known_end *k;
    int any, unknown;
} known_set;

static void known_set_member(void *arg, const sc_expr *it)
{
    known_set *ks = arg;
    int r = known_member(ks->g, ks->k, it);
    ks->any |= r == 1;
    ks->unknown |= r < 0;
}

/* Whether e holds for the known values: 1, 0, or -1 when they do not decide it. */
static int known_holds(cg *g, const sc_expr *e, const known_end known[2])
{
    if (e->kind == EX_NOT) {
        int r = known_holds(g, e->lhs, known);
        return r < 0 ? r : !r;
    }
    if (e->kind == EX_BINARY && (e->op == OP_AND || e->op == OP_OR)) {
        int a = known_holds(g, e->lhs, known), b = known_holds(g, e->rhs, known), decides = e->op == OP_OR;
        if (a == decides || b == decides) /* a false side of and, a true side of or */
            return decides;
        return a < 0 || b < 0 ? -1 : !decides;
    }
    if (e->kind != EX_BINARY || e->lhs->ref != REF_FIELD || sc_fields[e->lhs->field].end < 0)
        return -1;
    const sc_field_info *fi = &sc_fields[e->lhs->field];
    const known_end *k = &known[fi->end];
    const sc_expr *v = sc_literal(e->rhs);
    int r = -1;
    if (e->op == OP_IN && v->type == TY_SET) {
        if (sc_set_literal(v)->lowered)
            return -1; /* not worth walking a set large enough for maps */
        known_set ks = {g, k, 0, 0};
        sc_set_each(sc_set_literal(v), known_set_member, &ks);
        r = ks.any ? 1 : ks.unknown ? -1 : 0;
    } else if (e->op == OP_IN) {
        r = known_member(g, k, v);
    } else if (e->op == OP_EQ || e->op == OP_NE) {
        sc_addr host = v->addr;
        host.plen = host.family == 4 ? 32 : 128;
        uint64_t port = fi->part == 2 ? v->num : v->addr.port;
        int a = fi->part == 2 ? 1 : known_in_prefix(g, k, &host), p = fi->part == 1 ? 1 : known_port_in(k, port, port);
        r = a == 0 || p == 0 ? 0 : a < 0 || p < 0 ? -1 : 1;
        if (r >= 0 && e->op == OP_NE)
            r = !r;
    }
    return r;
}

/* The first statement from l->items[i] on that can act on the known values: the
 * ones before it are ifs that cannot match them and have no else (a table, or a
 * stretch of tables, is only entered at its start). It looks at most
 * KNOWN_AHEAD statements ahead, so that a long list of rules costs linear time. */
#define KNOWN_AHEAD 64
static size_t known_next(cg *g, const sc_stmt_list *l, size_t i, const known_end known[2])
{
    size_t end = l->n - i > KNOWN_AHEAD ? i + KNOWN_AHEAD : l->n;
    while (i < end && !l->items[i]->table && !l->items[i]->merge && l->items[i]->kind == ST_IF && !l->items[i]->els.n &&
           known_holds(g, l->items[i]->cond, known) == 0)
        i++;
    return i;
}

/* --- statements --------------------------------------------------------------------------- */

/* Runs the rest of the current block only when c holds; returns the block after. */
static LLVMBasicBlockRef guard(cg *g, LLVMValueRef c, const char *name)
{
    LLVMBasicBlockRef then = block_after(g, here(g), name), after = block_after(g, then, "after");
    LLVMBuildCondBr(g->b, c, then, after);
    LLVMPositionBuilderAtEnd(g->b, then);
    return after;
}

/* Ends the current block, unless it has ended, with a branch to to. */
static void go(cg *g, LLVMBasicBlockRef to)
{
    if (!LLVMGetBasicBlockTerminator(LLVMGetInsertBlock(g->b)))
        LLVMBuildBr(g->b, to);
}

static void join(cg *g, LLVMBasicBlockRef after)
{
    go(g, after);
    LLVMPositionBuilderAtEnd(g->b, after);
}

/* Ends the current block by returning v. Every path branches to the one return block
 * at the end of the function, as clang's front end does; the backend then lays out
 * the common path falling through into it instead of jumping back to a shared exit. */
static void exit_with(cg *g, LLVMValueRef v)
{
    LLVMBasicBlockRef from = here(g);
    LLVMAddIncoming(g->result, &v, &from, 1);
    LLVMBuildBr(g->b, g->exit);
}

static void ret(cg *g, int v)
{
    LLVMBasicBlockRef dead = block_after(g, here(g), "dead");
    exit_with(g, c32(g, (uint64_t)v));
    LLVMPositionBuilderAtEnd(g->b, dead);
}

/* Writes the 16 address bytes at src (network order, IPv4 mapped) into an end. In a 4
 * program only word 3 is written, in a 6 program all four. */
static void store_ip_words(cg *g, const sc_slot *s, LLVMValueRef words[4])
{
    if (g->family == 4)
        bir_ctx_store(g->p, (unsigned)s->ip4, words[3]);
    else
        for (int k = 0; k < 4; k++)
            bir_ctx_store(g->p, (unsigned)(s->ip6 + 4 * k), words[k]);
}

static void rewrite_const(cg *g, const sc_expr *target, const sc_expr *v)
{
    const sc_field_info *fi = &sc_fields[target->field];
    const sc_slot *s = slot_of(g, fi->end);
    LLVMBasicBlockRef after = NULL;
    if (fi->part != 2) { /* the address changes */
        if (g->family == 4 && v->addr.family == 6)
            return; /* an IPv6 address never lands in a 4 program */
        if (g->family == 6 && v->addr.family == 4)
            after = guard(g, user_is_mapped(g), "mapped");
        sc_addr a = v->addr.family == 4 ? sc_addr_v4_mapped(&v->addr) : v->addr;
        LLVMValueRef w[4];
        for (int k = 0; k < 4; k++)
            w[k] = c32(g, word(a.b + 4 * k));
        store_ip_words(g, s, w);
    }
    if (fi->part != 1)
        store_port(g, s, c32(g, fi->part == 2 ? v->num : v->addr.port));
    if (after)
        join(g, after);
}

/* Rewrites target from the value at val: a u16 port (vt PORT) or 16 address bytes
 * followed by a port (ip/endpoint layouts). An address is written only where it fits:
 * IPv4 values in a 4 program; in a 6 program IPv6 values, or IPv4 ones on a mapped
 * socket. */
static void rewrite_from(cg *g, const sc_expr *target, LLVMValueRef val, sc_vtype vt)
{
    const sc_field_info *fi = &sc_fields[target->field];
    const sc_slot *s = slot_of(g, fi->end);
    LLVMBuilderRef b = g->b;
    if (vt == SC_VT_PORT || fi->part == 2) {
        LLVMValueRef port = vt == SC_VT_PORT ? val : at(g, val, 16);
        store_port(g, s, LLVMBuildZExt(b, LLVMBuildLoad2(b, g->i16, port, ""), g->i32, ""));
        return;
    }
    LLVMValueRef w[4];
    for (int k = 0; k < 4; k++)
        w[k] = load32_at(g, val, 4 * k);
    LLVMValueRef v4 = words_mapped(g, w[0], w[1], w[2]);
    LLVMValueRef ok = g->family == 4 ? v4 : or2(g, LLVMBuildNot(b, v4, ""), user_is_mapped(g));
    LLVMBasicBlockRef after = guard(g, ok, "fits");
    store_ip_words(g, s, w);
    if (fi->part == 0 && vt == SC_VT_ENDPOINT) {
        LLVMValueRef port = LLVMBuildLoad2(b, g->i16, at(g, val, 16), "");
        store_port(g, s, LLVMBuildZExt(b, port, g->i32, ""));
    }
    join(g, after);
}

/* rewrite from a map lookup; nothing happens when the key is missing. */
static void rewrite_lookup(cg *g, const sc_expr *target, const sc_expr *v)
{
    LLVMValueRef val = map_lookup(g, v->lhs->decl, v->rhs);
    LLVMBasicBlockRef after = guard(g, LLVMBuildNot(g->b, is_null(g, val), ""), "found");
    rewrite_from(g, target, val, (sc_vtype)sc_vtype_by_name(v->lhs->decl->value_type));
    join(g, after);
}

/* bpf_bind() to an address, port 0: a (a constant of the program's family, IPv4
 * mapped in a 6 program), or where a is NULL the address words w as the program's
 * context holds them (1 or 4). If the kernel cannot bind it (the address is not on
 * this host), the call fails with EPERM rather than leave from another address. */
static void bind_call(cg *g, const sc_addr *a, LLVMValueRef const *w)
{
    union {
        struct sockaddr_in sin;
        struct sockaddr_in6 sin6;
        uint8_t raw[sizeof(struct sockaddr_in6)];
    } sa_bytes = {0};
    unsigned len = g->family == 4 ? sizeof sa_bytes.sin : sizeof sa_bytes.sin6;
    size_t addr_at = g->family == 4 ? offsetof(struct sockaddr_in, sin_addr) : offsetof(struct sockaddr_in6, sin6_addr);
    if (g->family == 4)
        sa_bytes.sin.sin_family = AF_INET;
    else
        sa_bytes.sin6.sin6_family = AF_INET6;
    if (a)
        memcpy(sa_bytes.raw + addr_at, a->b, g->family == 4 ? 4 : 16);
    LLVMValueRef sa = stack(g, len, "sockaddr");
    store_bytes(g, sa, sa_bytes.raw, len);
    for (unsigned i = 0; !a && i < (g->family == 4 ? 1u : 4u); i++)
        LLVMBuildStore(g->b, w[i], at(g, sa, addr_at + 4 * i));
    LLVMValueRef args[3] = {bir_ctx_ptr(g->p), sa, c32(g, len)};
    LLVMValueRef rc = bir_helper(g->p, H_BIND, 0, args, 3);
    /* bpf_bind returns 0 or a negative errno: failure is a negative result, the test
     * hand-written code makes (`if (bpf_bind(...) < 0)`) */
    LLVMBasicBlockRef fail_after = guard(g, LLVMBuildICmp(g->b, LLVMIntSLT, rc, c64(g, 0), ""), "bind_failed");
    ret(g, g->hook->ret_deny);
    join(g, fail_after);
}

/* `bind A;`: an IPv6 address is not bound in a 4 program, and an IPv4 one only on an
 * IPv4-mapped socket in a 6 program. */
static void bind_addr(cg *g, const sc_expr *v)
{
    v = sc_literal(v);
    if (g->family == 4 && v->addr.family == 6)
        return;
    LLVMBasicBlockRef after = NULL;
    if (g->family == 6 && v->addr.family == 4)
        after = guard(g, user_is_mapped(g), "mapped");
    sc_addr a = g->family == 6 && v->addr.family == 4 ? sc_addr_v4_mapped(&v->addr) : v->addr;
    bind_call(g, &a, NULL);
    if (after)
        join(g, after);
}

static void map_write(cg *g, const sc_stmt *st)
{
    const sc_decl *map = st->target->lhs->decl;
    sc_vtype kt = (sc_vtype)sc_vtype_by_name(map->key_type);
    LLVMValueRef k = stack(g, (unsigned)sc_vtype_size(kt), "key");
    store_as(g, st->target->rhs, kt, k);
    if (st->kind == ST_DELETE) {
        LLVMValueRef args[2] = {map_global(g, map), k};
        bir_helper(g->p, H_MAP_DELETE, 0, args, 2);
        return;
    }
    sc_vtype vt = (sc_vtype)sc_vtype_by_name(map->value_type);
    LLVMValueRef v = stack(g, (unsigned)sc_vtype_size(vt), "value");
    store_as(g, st->value, vt, v);
    LLVMValueRef args[4] = {map_global(g, map), k, v, c64(g, BPF_ANY)};
    bir_helper(g->p, H_MAP_UPDATE, 0, args, 4);
}

/* struct sc_tuple_val of this socket, from its own side (reverse = from the peer's). */
static LLVMValueRef tuple_key(cg *g, int reverse)
{
    LLVMValueRef k = stack(g, sizeof(struct sc_tuple_val), "tuple");
    const sc_slot *local = &g->hook->slot[reverse ? 1 : 0], *remote = &g->hook->slot[reverse ? 0 : 1];
    LLVMValueRef fam = c32(g, (uint64_t)g->family);
    LLVMBuilderRef b = g->b;
#define AT(off) at(g, k, offsetof(struct sc_tuple_val, off))
    LLVMBuildStore(b, fam, AT(family));
    store_end_ip(g, local, AT(local_ip));
    store_end_ip(g, remote, AT(remote_ip));
    LLVMBuildStore(b, port_value(g, local), AT(local_port));
    LLVMBuildStore(b, port_value(g, remote), AT(remote_port));
#undef AT
    return k;
}

/* The key of a socket map slot: a number, or `reverse` (the peer's tuple). */
static LLVMValueRef sockmap_key(cg *g, const sc_expr *idx)
{
    const sc_decl *d = idx->lhs->decl;
    if (idx->rhs->ref == REF_REVERSE)
        return tuple_key(g, 1);
    unsigned size = d->kind == DC_SOCKMAP ? 4 : (unsigned)sc_vtype_size((sc_vtype)sc_vtype_by_name(d->key_type));
    LLVMValueRef k = stack(g, size, "slot");
    LLVMTypeRef t = size == 8 ? g->i64 : g->i32;
    LLVMBuildStore(g->b, LLVMConstInt(t, sc_literal(idx->rhs)->num, 0), k);
    return k;
}

/* The block shared for `of` (above), or NULL. */
static shared_end *shared_of(cg *g, const void *of)
{
    for (size_t i = 0; i < g->nshared; i++)
        if (g->shared[i].of == of)
            return &g->shared[i];
    return NULL;
}

/* A new block shared for `of` (with a phi of pointers for a table's entry: phi_type),
 * the builder left where it was; NULL when out of memory. */
static shared_end *shared_new(cg *g, const void *of, LLVMTypeRef phi_type)
{
    if (!sc_arena_grow(g->c->arena, (void **)&g->shared, g->nshared, &g->cap_shared, sizeof *g->shared))
        return NULL;
    shared_end *s = &g->shared[g->nshared++];
    LLVMBasicBlockRef at = here(g);
    *s = (shared_end){of, bir_block(g->p, "shared"), NULL};
    LLVMPositionBuilderAtEnd(g->b, s->bb);
    if (phi_type)
        s->phi = LLVMBuildPhi(g->b, phi_type, "entry");
    LLVMPositionBuilderAtEnd(g->b, at);
    return s;
}

/* Ends the code emitted into a shared block, which ended the program on every path
 * (what follows is dead), and goes back to `at`. */
static void shared_done(cg *g, LLVMBasicBlockRef at)
{
    if (!LLVMGetBasicBlockTerminator(here(g)))
        LLVMBuildUnreachable(g->b);
    LLVMPositionBuilderAtEnd(g->b, at);
}

/* The policy's per-CPU counters map (count NAME; a redirect or an assign that found
 * no socket): entry index (a pointer, null when the lookup fails), and one more in
 * such an entry. An atomic add: an sk_lookup program in a softirq may interrupt a
 * program counting on the same CPU. */
static LLVMValueRef counter_ptr(cg *g, LLVMValueRef index, const char *slot)
{
    LLVMValueRef k = stack(g, 4, slot);
    LLVMBuildStore(g->b, index, k);
    LLVMValueRef args[2] = {g->counters, k};
    return bir_helper(g->p, H_MAP_LOOKUP, 1, args, 2);
}

static void add_one(cg *g, LLVMValueRef counter)
{
    LLVMBasicBlockRef after = guard(g, LLVMBuildNot(g->b, is_null(g, counter), ""), "count");
    LLVMBuildAtomicRMW(g->b, LLVMAtomicRMWBinOpAdd, counter, c64(g, 1), LLVMAtomicOrderingMonotonic, 0);
    join(g, after);
}

static void count_at(cg *g, uint64_t index) { add_one(g, counter_ptr(g, c32(g, index), "counter")); }

static void count(cg *g, const sc_stmt *st) { count_at(g, st->target->num); }

/* The count of a table's rule, from the action word of its entry: its counter's index
 * + 1, or 0 for a rule that does not count. */
static void count_entry(cg *g, LLVMValueRef word)
{
    LLVMValueRef n = LLVMBuildLShr(g->b, word, c32(g, SC_RULE_COUNTER_SHIFT), "");
    LLVMBasicBlockRef after = guard(g, LLVMBuildICmp(g->b, LLVMIntNE, n, c32(g, 0), ""), "rule_counts");
    add_one(g, counter_ptr(g, LLVMBuildSub(g->b, n, c32(g, 1), ""), "counter"));
    join(g, after);
}

/* sk_lookup: hand the connection to the socket in the slot. An empty slot drops
 * (or passes, with `or pass`), counted in MAP.assign_misses; a socket the kernel
 * refuses (another protocol, an IPv6-only socket for IPv4, a TCP socket that does not
 * listen) drops, counted in MAP.assign_errors. Each looks its counter up with a
 * constant key, and one block adds to either (the entry, and with `or pass` the
 * verdict, in a phi), which the verifier walks once: the two paths meet there alike. */
static void assign_from(cg *g, const sc_decl *map, LLVMValueRef key, bool or_pass)
{
    LLVMValueRef args[3] = {map_global(g, map), key};
    LLVMValueRef sk = bir_helper(g->p, BPF_FUNC_map_lookup_elem, 1, args, 2);
    LLVMBasicBlockRef empty = guard(g, LLVMBuildNot(g->b, is_null(g, sk), ""), "found");
    LLVMValueRef aargs[3] = {bir_ctx_ptr(g->p), sk, c64(g, 0)};
    LLVMValueRef rc = bir_helper(g->p, BPF_FUNC_sk_assign, 0, aargs, 3);
    bir_helper(g->p, BPF_FUNC_sk_release, 0, &sk, 1);
    LLVMValueRef ok = eq(g, rc, c64(g, 0));
    LLVMBasicBlockRef refused = guard(g, ok, "assigned"), counted = block_after(g, empty, "counted");
    exit_with(g, c32(g, SK_PASS));
    LLVMPositionBuilderAtEnd(g->b, refused);
    LLVMValueRef ptrs[2] = {counter_ptr(g, c32(g, map->assign_counter), "counter")};
    LLVMBasicBlockRef from[2] = {here(g), empty};
    LLVMBuildBr(g->b, counted);
    LLVMPositionBuilderAtEnd(g->b, empty);
    /* a key slot of its own: with one slot, LLVM makes the two lookups one, walked twice */
    ptrs[1] = counter_ptr(g, c32(g, map->assign_counter - 1), "counter_miss");
    from[1] = here(g);
    LLVMBuildBr(g->b, counted);
    LLVMPositionBuilderAtEnd(g->b, counted);
    LLVMValueRef counter = LLVMBuildPhi(g->b, g->ptr, "counter");
    LLVMAddIncoming(counter, ptrs, from, 2);
    LLVMValueRef verdict = c32(g, SK_DROP);
    if (or_pass) { /* a verdict of each path */
        LLVMValueRef verdicts[2] = {c32(g, SK_DROP), c32(g, SK_PASS)};
        verdict = LLVMBuildPhi(g->b, g->i32, "verdict");
        LLVMAddIncoming(verdict, verdicts, from, 2);
    }
    add_one(g, counter);
    exit_with(g, verdict);
    LLVMPositionBuilderAtEnd(g->b, block_after(g, here(g), "dead"));
}

static void assign(cg *g, const sc_stmt *st) { assign_from(g, st->target->lhs->decl, sockmap_key(g, st->target), st->or_pass); }

/* Ends a redirect to map d, whose helper answered rc, in the program's one block
 * after redirects to d (shared_end, rc a phi there): it counts a redirect that found
 * no socket (SK_DROP: the message takes its normal path) and passes. One block for
 * every redirect to d, so that the code before it, a family's key and the helper call,
 * ends alike in each family, and LLVM makes the two calls one. */
static void redirected(cg *g, const sc_decl *d, LLVMValueRef rc)
{
    LLVMBasicBlockRef at = here(g);
    shared_end *s = shared_of(g, d);
    if (!s && (s = shared_new(g, d, g->i64))) {
        LLVMPositionBuilderAtEnd(g->b, s->bb);
        LLVMBasicBlockRef after = guard(g, LLVMBuildICmp(g->b, LLVMIntNE, s->phi, c64(g, SK_PASS), ""), "missed");
        count_at(g, d->redirect_counter - 1);
        join(g, after);
        ret(g, SK_PASS);
        shared_done(g, at);
    }
    if (!s) {
        sc_error(&g->c->diag, (sc_loc){0}, "out of memory");
        return;
    }
    LLVMAddIncoming(s->phi, &rc, &at, 1);
    LLVMBuildBr(g->b, s->bb);
    LLVMPositionBuilderAtEnd(g->b, block_after(g, at, "dead"));
}

/* sk_msg: the message goes to the socket in map d under key (a stack slot with the
 * sockhash key or the sockmap index), or, with no socket there, on its normal path,
 * counted in the map's counter of misses (redirected). */
static void redirect_from(cg *g, const sc_decl *d, LLVMValueRef key, bool egress)
{
    LLVMValueRef args[4] = {bir_ctx_ptr(g->p), map_global(g, d), key, c64(g, egress ? 0 : BPF_F_INGRESS)};
    if (d->kind != DC_SOCKHASH)
        args[2] = LLVMBuildLoad2(g->b, g->i32, key, ""); /* the map's helper takes the index itself */
    LLVMValueRef rc = bir_helper(g->p, d->kind == DC_SOCKHASH ? BPF_FUNC_msg_redirect_hash : BPF_FUNC_msg_redirect_map,
                                 0, args, 4);
    redirected(g, d, rc);
}

static void redirect(cg *g, const sc_stmt *st) { redirect_from(g, st->target->lhs->decl, sockmap_key(g, st->target), st->egress); }

/* sockops: add this socket to a sockhash under its own tuple. */
static void track(cg *g, const sc_stmt *st)
{
    const sc_decl *d = st->target->decl;
    LLVMValueRef args[4] = {bir_ctx_ptr(g->p), map_global(g, d), tuple_key(g, 0), c64(g, BPF_ANY)};
    bir_helper(g->p, BPF_FUNC_sock_hash_update, 0, args, 4);
}

/* The value of the key words kw in the table's probe table (layout.h), or a null
 * pointer: one array lookup, the hash, then at most P slots from the key's home, each
 * empty (a miss), holding the key (a hit) or another key (the next slot). */
static LLVMValueRef probe_lookup(cg *g, const sc_probe *p, LLVMValueRef map, LLVMValueRef *kw, unsigned nw)
{
    LLVMBuilderRef b = g->b;
    walk w = {0};
    LLVMValueRef none = LLVMConstNull(g->ptr);
    walk_begin(g, &w, map, g->ptr, none, "probe_hash");
    LLVMValueRef x = c32(g, 0);
    for (unsigned k = 0; k < nw; k++)
        x = LLVMBuildMul(b, LLVMBuildXor(b, x, kw[k], ""), c32(g, p->mult), "");
    LLVMValueRef home = LLVMBuildLShr(b, LLVMBuildMul(b, LLVMBuildZExt(b, x, g->i64, ""), c64(g, p->slots), ""),
                                      c64(g, 32), "home");
    LLVMValueRef off = LLVMBuildMul(b, home, c64(g, p->slot_size), "");
    for (unsigned i = 0; i < p->probes; i++) {
        LLVMValueRef slot = at_var(g, w.base, LLVMBuildAdd(b, off, c64(g, (uint64_t)i * p->slot_size), ""));
        LLVMValueRef value = at(g, slot, p->key_size);
        walk_on(g, &w, LLVMBuildICmp(b, LLVMIntNE, load32_at(g, value, SC_TV_ACTION), c32(g, 0), ""), none, "probe_used");
        LLVMValueRef same = NULL;
        for (unsigned k = 0; k < nw; k++) {
            LLVMValueRef e = eq(g, load32_at(g, slot, 4 * k), kw[k]);
            same = same ? and2(g, same, e) : e;
        }
        walk_on(g, &w, LLVMBuildNot(b, same, ""), value, "probe_next");
    }
    return walk_end(g, &w, none);
}

/* The map of the table of family index fi, declared where a program first reads it. */
static LLVMValueRef table_map(cg *g, sc_ruletab *t, int fi)
{
    if (t->global[fi])
        return t->global[fi];
    unsigned ipw = fi ? 4 : 1;
    sc_table_layout l = sc_table_layout_of(t, fi ? 6 : 4);
    const sc_probe *p = &t->probe[fi];
    char kname[32], vname[32];
    snprintf(kname, sizeof kname, "sc_rule_key%u", l.key_words);
    unsigned size = l.value_size - (l.except_at ? 4 : 0); /* of the value's class: the number excepted last */
    snprintf(vname, sizeof vname, size == SC_TV_ACTION + 4 ? "sc_rule_verdict_val"
                                  : size == SC_TV_IP + 4     ? "sc_rule_slot_val"
                                  : size > SC_TV_IP + 4 * (ipw + 1) ? "sc_rule_bind_val%u"
                                                                     : "sc_rule_val%u",
             ipw);
    if (l.except_at)
        strcat(vname, "_except");
    bir_field kf[1] = {{"w", 4, l.key_words}};
    /* the address and port words, and the address to bind (layout.h); or the action and
     * the number excepted */
    bir_field vf[3] = {{"action", 4, 1}, {"needs_mapped", 4, 1}, {"w", 4, (l.value_size - SC_TV_IP) / 4}};
    if (l.value_size == SC_TV_ACTION + 8)
        vf[1].name = "except";
    bir_field pf[1] = {{"b", 1, (unsigned)p->size}};
    bool tree = fi == 0 && t->tree; /* an array of the distinct values */
    bir_type key = l.key_words == 1 || p->image || tree ? (bir_type){NULL, 4, 0, NULL} : (bir_type){kname, l.key_size, 1, kf};
    if (l.key_word_first && !tree) /* a word, then an address's words (a number's big-endian word: lpm4) */
        key = fi && l.key_ip ? (bir_type){"sc_lpm6_port_key", 24, 3, lpm6_port_fields}
                             : (bir_type){"sc_lpm4_port_key", 12, 3, lpm4_port_fields};
    else if (l.key_prefix && !tree) /* an address's, or a number's big-endian word's (lpm4) */
        key = fi && l.key_ip ? (bir_type){"sc_lpm6_key", 20, 2, lpm6_fields} : (bir_type){"sc_lpm4_key", 8, 2, lpm4_fields};
    bir_type val = p->image ? (bir_type){"sc_probe", (unsigned)p->size, 1, pf}
                            : (bir_type){vname, l.value_size, l.value_size > SC_TV_IP ? 3 : l.value_size / 4, vf};
    bir_map_def def = {.name = t->name[fi],
                       .type = p->image || tree ? BPF_MAP_TYPE_ARRAY
                             : l.key_prefix     ? BPF_MAP_TYPE_LPM_TRIE
                                                : BPF_MAP_TYPE_HASH,
                       .key = &key, .value = &val,
                       .max_entries = p->image ? 1 : tree ? (unsigned)t->tree_nvalues + 1 : (unsigned)t->nentries[fi],
                       .flags = l.key_prefix && !tree ? BPF_F_NO_PREALLOC : 0, .line = (unsigned)t->rules[0]->loc.line};
    return t->global[fi] = checked_map(g, &def);
}

/* The port word of end `end` as tables key it (sc_key_port). */
static LLVMValueRef key_port(cg *g, int end)
{
    const sc_slot *s = slot_of(g, end);
    LLVMValueRef w = bir_ctx_load(g->p, (unsigned)s->port, 4);
    return s->order == PORT_NET_HI16 ? LLVMBuildLShr(g->b, w, c32(g, 16), "") : w;
}

/* v through a stack slot where the verifier does not track it (bir_stack_untracked;
 * volatile, so that LLVM keeps it there): an unknown word of its own to the verifier. */
static LLVMValueRef untracked(cg *g, LLVMValueRef v, const char *name)
{
    LLVMValueRef at = bir_stack_untracked(g->p, name, (unsigned)g->family);
    LLVMSetVolatile(LLVMBuildStore(g->b, v, at), 1);
    LLVMValueRef w = LLVMBuildLoad2(g->b, g->i32, at, "");
    LLVMSetVolatile(w, 1);
    return w;
}

/* The index + 1 of the range of t's second field that holds its value (key2_ranks),
 * searched on a copy the verifier does not link to the value: else each leaf of the
 * search narrows the value where the program reads it later too (a key's hash, another
 * search), the paths never meet again, and 10,000 rules `uid in R and dst == A:P` (five
 * searches of 2,048 ranges) passed its million instructions. */
static LLVMValueRef rank_of(cg *g, const sc_ruletab *t)
{
    return bir_bounds_search(g->p, untracked(g, scalar_field(g, t->key2_field), "ranked"), t->key2_ranks);
}

/* The word of a table's key besides the address: key2_field's of a pair (a port word,
 * as the key's own, or a number; where the run ranks its ranges, the index + 1 of the
 * one that holds it, key2_ranks, above the key's port where the layout ranks the port
 * word), else the key's port. */
static LLVMValueRef key_word(cg *g, const sc_ruletab *t)
{
    int f = t->key2_field >= 0 ? t->key2_field : t->key_field; /* a port or an endpoint's, else a number */
    if (t->key2_ranks && sc_table_layout_of(t, g->family).key_port_ranked) { /* the rank above the key's port */
        /* the port's 16 bits as the verifier sees them too: else it takes the word for
         * any past the rank, and follows each rank through every key from it on */
        LLVMValueRef port = and2(g, key_port(g, sc_fields[t->key_field].end), c32(g, 0xffff));
        return LLVMBuildOr(g->b, LLVMBuildShl(g->b, rank_of(g, t), c32(g, 16), ""), port, "");
    }
    if (t->key2_ranks)
        return rank_of(g, t);
    return sc_fields[f].type == TY_NUM ? scalar_field(g, f) : key_port(g, sc_fields[f].end);
}

/* The value of the rule for the field's words in the table of family index fi (in
 * a 6 program fi 0 takes the IPv4 word of a mapped address), or a null pointer. */
static LLVMValueRef table_entry(cg *g, sc_ruletab *t, int fi)
{
    sc_table_layout l = sc_table_layout_of(t, fi ? 6 : 4);
    LLVMValueRef map = table_map(g, t, fi), kw[6];
    unsigned nw = 0;
    if (fi == 0 && t->tree) {
        /* the value's index + 1 (0xffffffff: none, past the array), then the value in
         * the array, whose entry 0 is unused. A lookup rather than an offset into one
         * value: the verifier takes every index's value for the same pointer, so paths
         * of different answers meet again (with offsets, 1,600 bindings in turn passed
         * its million instructions); the index where the verifier does not track it,
         * else it would follow each constant on (and index 0 it would track) */
        LLVMValueRef addr = l.key_num ? scalar_field(g, t->key_field) /* a number: its own order */
                                      : bswap(g, ip_word(g, slot_of(g, sc_fields[t->key_field].end), 3));
        LLVMValueRef answer = t->tree_key ? bir_keyed_search(g->p, key_word(g, t), t->tree_key,
                                                             t->tree_keys, addr, t->tree)
                                          : bir_bounds_search(g->p, addr, t->tree);
        LLVMValueRef k = bir_stack_untracked(g->p, "rule_index", (unsigned)g->family);
        LLVMBuildStore(g->b, answer, k);
        LLVMValueRef args[2] = {map, k};
        return bir_helper(g->p, H_MAP_LOOKUP, 1, args, 2);
    }
    bool first = l.key_word_first; /* an LPM key of a port or a second word, and a prefix (layout.h) */
    /* a rank (key2_ranks) of a probe table's or hash map's key untracked: else the
     * verifier would follow each rank's constant through the hash and the probes on
     * (2,048 ranks: 29,818 instructions verified, untracked 9,335). An LPM key's word
     * is not tracked where it is, 4 bytes in; a search tree takes the rank as it is,
     * whose constant decides the search of its keys. */
    LLVMValueRef word = first || l.key_word2 ? key_word(g, t) : NULL;
    if (word && t->key2_ranks && !first)
        word = untracked(g, word, "rank");
    if (l.key_prefix) /* the address's own length (a number's 32), and the word's */
        kw[nw++] = c32(g, (fi && l.key_ip ? 128 : 32) + 32 * first);
    if (first)
        kw[nw++] = word;
    if (l.key_ip)
        for (int w = fi ? 0 : 3; w < 4; w++)
            kw[nw++] = ip_word(g, slot_of(g, sc_fields[t->key_field].end), w);
    if (l.key_port && !first)
        kw[nw++] = key_port(g, sc_fields[t->key_field].end);
    if (l.key_num) /* a prefix of a number is of its big-endian word */
        kw[nw++] = l.key_prefix ? bswap(g, scalar_field(g, t->key_field)) : scalar_field(g, t->key_field);
    if (l.key_word2 && !first)
        kw[nw++] = word;
    if (t->probe[fi].image)
        return probe_lookup(g, &t->probe[fi], map, kw, nw);
    LLVMValueRef k = stack(g, l.key_size, "rule_key");
    for (unsigned w = 0; w < nw; w++)
        LLVMBuildStore(g->b, kw[w], at(g, k, 4 * w));
    LLVMValueRef args[2] = {map, k};
    return bir_helper(g->p, H_MAP_LOOKUP, 1, args, 2);
}

/* table_entry, or a null pointer where the run's rules except a number (except_field)
 * and the entry's is the field's value: for it the rule does not hold. */
static LLVMValueRef table_lookup(cg *g, sc_ruletab *t, int fi)
{
    LLVMValueRef v = table_entry(g, t, fi);
    if (t->except_field < 0)
        return v;
    sc_table_layout l = sc_table_layout_of(t, fi ? 6 : 4);
    LLVMValueRef n = scalar_field(g, t->except_field);
    LLVMBasicBlockRef from = here(g), found = block_after(g, from, "rule_found"), done = block_after(g, found, "rule_held");
    LLVMBuildCondBr(g->b, is_null(g, v), done, found);
    LLVMPositionBuilderAtEnd(g->b, found);
    LLVMValueRef held = LLVMBuildSelect(g->b, eq(g, load32_at(g, v, l.except_at), n), LLVMConstNull(g->ptr), v, "");
    LLVMBuildBr(g->b, done);
    LLVMPositionBuilderAtEnd(g->b, done);
    LLVMValueRef out = LLVMBuildPhi(g->b, g->ptr, "entry");
    LLVMValueRef in_v[2] = {v, held};
    LLVMBasicBlockRef in_bb[2] = {from, found};
    LLVMAddIncoming(out, in_v, in_bb, 2);
    return out;
}

/* The bind of a table rule whose action word (word) has SC_RULE_BIND: to the address
 * words after the port word of its value v in the table of family index fi; in a 6
 * program, an IPv4 one (SC_RULE_BIND_MAPPED, or any from the 4 programs' table, read
 * only for IPv4-mapped keys) only on an IPv4-mapped socket, as bind_addr. */
static void table_bind(cg *g, int fi, LLVMValueRef v, LLVMValueRef word)
{
    unsigned ipw = fi ? 4 : 1, bind_at = SC_TV_IP + 4 * (ipw + 1);
    LLVMBasicBlockRef after = guard(g, LLVMBuildICmp(g->b, LLVMIntNE, and2(g, word, c32(g, SC_RULE_BIND)), c32(g, 0), ""),
                                    "rule_bind");
    LLVMBasicBlockRef fits = NULL;
    if (g->family == 6 && fi) {
        LLVMValueRef v6 = eq(g, and2(g, word, c32(g, SC_RULE_BIND_MAPPED)), c32(g, 0));
        fits = guard(g, or2(g, v6, user_is_mapped(g)), "bind_fits");
    }
    LLVMValueRef w[4] = {c32(g, 0), c32(g, 0), mapped_word2(g), NULL};
    for (unsigned i = 0; i < ipw; i++)
        w[4 - ipw + i] = load32_at(g, v, bind_at + 4 * i);
    bind_call(g, NULL, g->family == 4 ? w + 3 : w);
    if (fits)
        join(g, fits);
    join(g, after);
}

/* What the rule whose value v holds (in the layout of family index fi) does, if v is
 * not null: only the actions the entries have (actions: bit 1 << SC_RULE_*), so a
 * rewrite-only table is one lookup and the writes. */
static void table_actions(cg *g, const sc_ruletab *t, int fi, uint32_t actions, LLVMValueRef v)
{
    LLVMBuilderRef b = g->b;
    unsigned ipw = fi ? 4 : 1;
    LLVMBasicBlockRef after = guard(g, LLVMBuildNot(b, is_null(g, v), ""), "rule");
    /* an IPv4 value for a key of no address lands in a 6 program only on a mapped socket */
    bool has[SC_RULE__MAX + 1] = {false}, needs_mapped = false, port_key = !sc_table_layout_of(t, g->family).key_ip, other = false;
    for (int a = SC_RULE_ALLOW; a <= SC_RULE__MAX; a++) {
        has[a] = actions >> a & 1;
        other |= has[a] && a != SC_RULE_REWRITE;
    }
    for (size_t i = 0; i < t->n; i++) {
        const sc_stmt *body = sc_table_body(t->rules[i]);
        needs_mapped |= g->family == 6 && port_key && body->kind == ST_REWRITE &&
                        sc_fields[body->target->field].part != 2 && sc_literal(body->value)->addr.family == 4;
    }
    LLVMBasicBlockRef rw = block_after(g, here(g), "rule_rewrite");
    int kinds = 0;
    for (int a = SC_RULE_ALLOW; a <= SC_RULE__MAX; a++)
        kinds += has[a];
    /* the action word, read where the run has more than one (else a hit is that one),
     * binds or counts by rule */
    LLVMValueRef word = (other && kinds > 1) || t->binds || t->counts ? LLVMBuildLoad2(b, g->i32, v, "") : NULL;
    if (t->count) /* a rule that counts does so first */
        count(g, t->count);
    else if (t->counts)
        count_entry(g, word);
    if (t->binds) /* the bind first */
        table_bind(g, fi, v, word);
    LLVMValueRef act = !(other && kinds > 1)                  ? NULL
                       : t->binds || t->places || t->counts ? and2(g, word, c32(g, SC_RULE_MASK))
                                                            : word;
    if (other) {
        static const char *const names[SC_RULE__MAX + 1] = {NULL,          "rule_allow",          "rule_deny",
                                                            NULL,          "rule_assign",         "rule_assign_or_pass",
                                                            "rule_redirect", "rule_redirect_egress"};
        LLVMValueRef sw = act ? LLVMBuildSwitch(b, act, has[SC_RULE_REWRITE] ? rw : after, 4) : NULL;
        if (has[SC_RULE_REWRITE_ALLOW] && sw) /* the rewrite, then allow (below) */
            LLVMAddCase(sw, c32(g, SC_RULE_REWRITE_ALLOW), rw);
        else if (has[SC_RULE_REWRITE_ALLOW])
            LLVMBuildBr(b, rw);
        for (int a = SC_RULE_ALLOW; a <= SC_RULE__MAX; a++) {
            if (!has[a] || a == SC_RULE_REWRITE || a == SC_RULE_REWRITE_ALLOW)
                continue;
            if (a == SC_RULE_GO_ON) { /* it only binds or counts */
                if (sw)
                    LLVMAddCase(sw, c32(g, SC_RULE_GO_ON), after);
                else
                    LLVMBuildBr(b, after);
                continue;
            }
            LLVMBasicBlockRef bb = block_after(g, here(g), names[a]);
            if (sw)
                LLVMAddCase(sw, c32(g, (uint64_t)a), bb);
            else
                LLVMBuildBr(b, bb);
            LLVMPositionBuilderAtEnd(b, bb);
            if (a == SC_RULE_ALLOW || a == SC_RULE_DENY) {
                exit_with(g, c32(g, (uint64_t)(a == SC_RULE_ALLOW ? g->hook->ret_allow : g->hook->ret_deny)));
                continue;
            }
            LLVMValueRef key = stack(g, 4, "slot");
            LLVMBuildStore(b, load32_at(g, v, SC_TV_IP), key);
            if (a == SC_RULE_ASSIGN || a == SC_RULE_ASSIGN_OR_PASS)
                assign_from(g, t->sock_map, key, a == SC_RULE_ASSIGN_OR_PASS);
            else
                redirect_from(g, t->sock_map, key, a == SC_RULE_REDIRECT_EGRESS);
            LLVMBuildUnreachable(b); /* both return on every path */
        }
    } else {
        LLVMBuildBr(b, rw);
    }
    LLVMPositionBuilderAtEnd(b, rw);
    if (t->rewrite_field >= 0) {
        const sc_field_info *rf = &sc_fields[t->rewrite_field];
        const sc_slot *rs = slot_of(g, rf->end);
        LLVMBasicBlockRef fits = NULL;
        if (needs_mapped) { /* an IPv4 value lands only on a mapped socket */
            LLVMValueRef flag = load32_at(g, v, SC_TV_NEEDS_MAPPED);
            fits = guard(g, or2(g, eq(g, flag, c32(g, 0)), user_is_mapped(g)), "fits");
        }
        if (rf->part != 2) { /* an IPv4 value in a 6 program is written IPv4-mapped */
            LLVMValueRef w[4] = {c32(g, 0), c32(g, 0), mapped_word2(g), NULL};
            for (unsigned i = 0; i < ipw; i++)
                w[4 - ipw + i] = load32_at(g, v, SC_TV_IP + 4 * i);
            store_ip_words(g, rs, w);
        }
        if (rf->part != 1)
            bir_ctx_store(g->p, (unsigned)rs->port, load32_at(g, v, SC_TV_IP + 4 * ipw));
        if (fits)
            join(g, fits);
    }
    if (has[SC_RULE_REWRITE_ALLOW]) { /* the program ends, where the rule says allow */
        LLVMBasicBlockRef goes_on =
            has[SC_RULE_REWRITE] ? guard(g, eq(g, act, c32(g, SC_RULE_REWRITE_ALLOW)), "rule_then_allow") : NULL;
        exit_with(g, c32(g, (uint64_t)g->hook->ret_allow));
        if (goes_on)
            LLVMPositionBuilderAtEnd(b, goes_on);
    }
    join(g, after);
}

/* What the entry v found in the table of family index fi does: table_actions, of
 * the actions its entries may have; in a program of both families, for a table whose
 * entries all end the program and write nothing (assign, redirect, pass, drop), a
 * branch to them, emitted once (shared_end). */
static void entry_actions(cg *g, sc_ruletab *t, int fi, uint32_t actions, LLVMValueRef v)
{
    enum { ENDS = 1u << SC_RULE_ALLOW | 1u << SC_RULE_DENY | 1u << SC_RULE_ASSIGN | 1u << SC_RULE_ASSIGN_OR_PASS |
                  1u << SC_RULE_REDIRECT | 1u << SC_RULE_REDIRECT_EGRESS };
    uint32_t both = t->actions[0] | t->actions[1];
    bool shares = g->both && !t->binds && t->rewrite_field < 0 && !(both & ~ENDS);
    shared_end *s = shares ? shared_of(g, t) : NULL;
    bool first = !s;
    if (!shares || (first && !(s = shared_new(g, t, g->ptr)))) {
        table_actions(g, t, fi, actions, v);
        return;
    }
    LLVMBasicBlockRef from = here(g), miss = block_after(g, from, "rules_miss"), bb = s->bb;
    LLVMValueRef phi = s->phi;
    LLVMBuildCondBr(g->b, is_null(g, v), miss, bb);
    LLVMAddIncoming(phi, &v, &from, 1);
    if (first) {
        LLVMPositionBuilderAtEnd(g->b, bb);
        table_actions(g, t, fi, both, phi);
        shared_done(g, miss);
    }
    LLVMPositionBuilderAtEnd(g->b, miss);
}

/* The lookups of table(). A 6 program whose table leaves IPv4 keys to the 4
 * programs' table looks IPv4-mapped addresses up there instead, and one whose table
 * would be the same reads that. */
static void table_lookups(cg *g, sc_ruletab *t)
{
    int fi = g->family == 4 || t->same_v4 ? 0 : 1;
    if (sc_ruletab_reads_v4(t, fi)) {
        const sc_slot *ks = slot_of(g, sc_fields[t->key_field].end);
        LLVMBasicBlockRef native = guard(g, is_mapped(g, ks), "rules_mapped"),
                          done = block_after(g, native, "rules_done");
        entry_actions(g, t, 0, t->actions[0], table_lookup(g, t, 0));
        join(g, done);
        LLVMPositionBuilderAtEnd(g->b, native);
        if (t->nentries[1])
            entry_actions(g, t, 1, t->actions[1], table_lookup(g, t, 1));
        join(g, done);
        return;
    }
    if (t->nentries[fi]) /* else no rule of the run takes effect in this family */
        entry_actions(g, t, fi, t->actions[fi], table_lookup(g, t, fi));
}

/* The entry of a table of a stretch (merged) in this program, or a null pointer: in a
 * 6 program whose table leaves IPv4 keys to the 4 programs' table, looked up there
 * for IPv4-mapped addresses. Its values are laid out alike in both tables then
 * (plan.c, merge_table). */
static LLVMValueRef merged_lookup(cg *g, sc_ruletab *t, int fi)
{
    if (!sc_ruletab_reads_v4(t, fi))
        return table_lookup(g, t, fi);
    const sc_slot *ks = slot_of(g, sc_fields[t->key_field].end);
    LLVMBasicBlockRef mapped = block_after(g, here(g), "merge_mapped"), native = block_after(g, mapped, "merge_native"),
                      done = block_after(g, native, "merge_found");
    LLVMBuildCondBr(g->b, is_mapped(g, ks), mapped, native);
    LLVMPositionBuilderAtEnd(g->b, mapped);
    LLVMValueRef in_v[2] = {table_lookup(g, t, 0), NULL};
    LLVMBasicBlockRef in_bb[2] = {here(g), NULL};
    LLVMBuildBr(g->b, done);
    LLVMPositionBuilderAtEnd(g->b, native);
    in_v[1] = t->nentries[1] ? table_lookup(g, t, 1) : LLVMConstNull(g->ptr);
    in_bb[1] = here(g);
    LLVMBuildBr(g->b, done);
    LLVMPositionBuilderAtEnd(g->b, done);
    LLVMValueRef found = LLVMBuildPhi(g->b, g->ptr, "entry");
    LLVMAddIncoming(found, in_v, in_bb, 2);
    return found;
}

/* Has a table of a stretch (merged) entries this program looks up? */
static bool merged_has(const sc_ruletab *t, int fi) { return t->nentries[fi] || sc_ruletab_reads_v4(t, fi); }

static void stmts(cg *g, const sc_stmt_list *l);

static bool stmt_per_family(const sc_stmt *st);

/* Does the then branch of if st end the program on every path and read no address,
 * in a program of both families (shared_end)? */
static bool shares_then(const cg *g, const sc_stmt *st)
{
    const sc_stmt_list *l = &st->then;
    if (!g->both || st->els.n || !l->n)
        return false;
    switch (l->items[l->n - 1]->kind) {
    case ST_ALLOW:
    case ST_DENY:
    case ST_PASS:
    case ST_DROP:
    case ST_ASSIGN:
    case ST_REDIRECT: break;
    default: return false;
    }
    for (size_t i = 0; i < l->n; i++)
        if (stmt_per_family(l->items[i]))
            return false;
    return true;
}

/* The block of the then branch of if st that the families share (shares_then),
 * emitted by emit where the first family needs it; NULL when out of memory. */
static LLVMBasicBlockRef shared_then(cg *g, const sc_stmt *st, void (*emit)(cg *, const sc_stmt_list *))
{
    shared_end *s = shared_of(g, st);
    if (s)
        return s->bb;
    if (!(s = shared_new(g, st, NULL)))
        return NULL;
    LLVMBasicBlockRef at = here(g), bb = s->bb;
    LLVMPositionBuilderAtEnd(g->b, bb);
    emit(g, &st->then);
    shared_done(g, at);
    return bb;
}

/* The place of the rule of a class of one (sc_ruletab_compared) where its condition
 * holds, or none. */
static LLVMValueRef compared(cg *g, const sc_ruletab *t, LLVMValueRef none)
{
    LLVMBasicBlockRef hit = block_after(g, here(g), "merge_holds"), miss = block_after(g, hit, "merge_not"),
                      next = block_after(g, miss, "merge_next");
    branch(g, t->rules[0]->cond, hit, miss);
    LLVMPositionBuilderAtEnd(g->b, hit);
    LLVMBuildBr(g->b, next);
    LLVMPositionBuilderAtEnd(g->b, miss);
    LLVMBuildBr(g->b, next);
    LLVMPositionBuilderAtEnd(g->b, next);
    LLVMValueRef p = LLVMBuildPhi(g->b, g->i32, "place"), in_p[2] = {c32(g, t->places[0]), none};
    LLVMBasicBlockRef in_bb[2] = {hit, miss};
    LLVMAddIncoming(p, in_p, in_bb, 2);
    return p;
}

/* A stretch of rules on several fields (sc_rulemerge): each table looked up where its
 * guard holds (a class of one rule tested instead), the place of its hit in the
 * stretch (the action word's top bits), and the rule of the lowest place acts, as the
 * first rule that matches would. A table with no entry in this family is not looked
 * up. */
static void merged(cg *g, const sc_rulemerge *m)
{
    LLVMBuilderRef b = g->b;
    LLVMValueRef v[SC_MERGE_MAX_TABLES] = {NULL}, best = c32(g, UINT32_MAX), which = c32(g, SC_MERGE_MAX_TABLES),
                 none = c32(g, UINT32_MAX), chosen = LLVMConstNull(g->ptr);
    int fi[SC_MERGE_MAX_TABLES];
    bool used[SC_MERGE_MAX_TABLES] = {false};
    size_t looked = 0;
    for (size_t k = 0; k < m->ntabs; k++) {
        fi[k] = g->family == 4 || m->tabs[k]->same_v4 ? 0 : 1;
        used[k] = sc_ruletab_compared(m->tabs[k]) || merged_has(m->tabs[k], fi[k]);
        looked += used[k];
    }
    /* Past SC_MERGE_EACH_ENTRY tables, the entry of the rule that acts is the one pointer
     * kept from table to table: the verifier then follows one map value or null, not one
     * of each table, whose combinations it cannot prune (9 tables of 1,000 rules passed
     * its million instructions; 106,383 now). With few tables, the entries kept apart
     * verify in less (examples/acl.sp 247 against 308). */
    bool one_entry = looked > SC_MERGE_EACH_ENTRY;
    for (size_t k = 0; k < m->ntabs; k++) {
        sc_ruletab *t = m->tabs[k];
        if (!used[k])
            continue;
        if (sc_ruletab_compared(t)) {
            LLVMValueRef p = compared(g, t, none), first = LLVMBuildICmp(b, LLVMIntULT, p, best, "");
            best = LLVMBuildSelect(b, first, p, best, "");
            which = LLVMBuildSelect(b, first, c32(g, k), which, "");
            continue;
        }
        LLVMBasicBlockRef skip = NULL; /* where a guard fails */
        for (size_t i = 0; i < t->nguard; i++) {
            LLVMBasicBlockRef pass = block_after(g, here(g), "merge_guard");
            skip = skip ? skip : bir_block(g->p, "merge_skip");
            branch(g, t->guard[i], pass, skip);
            LLVMPositionBuilderAtEnd(b, pass);
        }
        LLVMValueRef found = merged_lookup(g, t, fi[k]);
        LLVMBasicBlockRef from = here(g), hit = block_after(g, from, "merge_hit"), next = block_after(g, hit, "merge_next");
        LLVMBuildCondBr(b, is_null(g, found), next, hit);
        LLVMPositionBuilderAtEnd(b, hit);
        LLVMValueRef place = LLVMBuildLShr(b, LLVMBuildLoad2(b, g->i32, found, ""), c32(g, SC_RULE_PLACE_SHIFT), "");
        LLVMBuildBr(b, next);
        if (skip) {
            LLVMMoveBasicBlockAfter(skip, hit);
            LLVMPositionBuilderAtEnd(b, skip);
            LLVMBuildBr(b, next);
        }
        LLVMPositionBuilderAtEnd(b, next);
        LLVMBasicBlockRef in_bb[3] = {from, hit, skip};
        LLVMValueRef p = LLVMBuildPhi(b, g->i32, "place"), in_p[3] = {none, place, none};
        LLVMAddIncoming(p, in_p, in_bb, skip ? 3 : 2);
        v[k] = found;
        if (skip) { /* the value, where the lookup was made */
            LLVMValueRef in_v[3] = {found, found, LLVMConstNull(g->ptr)};
            v[k] = LLVMBuildPhi(b, g->ptr, "found");
            LLVMAddIncoming(v[k], in_v, in_bb, 3);
        }
        LLVMValueRef first = LLVMBuildICmp(b, LLVMIntULT, p, best, "");
        best = LLVMBuildSelect(b, first, p, best, "");
        which = LLVMBuildSelect(b, first, c32(g, k), which, "");
        if (one_entry)
            chosen = LLVMBuildSelect(b, first, v[k], chosen, "");
    }
    if (!looked)
        return;
    LLVMBasicBlockRef after = block_after(g, here(g), "merge_after");
    LLVMValueRef sw = LLVMBuildSwitch(b, which, after, (unsigned)looked);
    for (size_t k = 0; k < m->ntabs; k++) {
        if (!used[k])
            continue;
        LLVMBasicBlockRef rule = block_after(g, here(g), "merge_rule");
        LLVMAddCase(sw, c32(g, k), rule);
        LLVMPositionBuilderAtEnd(b, rule);
        const sc_stmt *r = m->tabs[k]->rules[0];
        bool compared = sc_ruletab_compared(m->tabs[k]);
        LLVMBasicBlockRef shared = compared && shares_then(g, r) ? shared_then(g, r, stmts) : NULL;
        if (shared)
            LLVMBuildBr(b, shared);
        else if (compared)
            stmts(g, &r->then);
        else /* of either table, where the 6 programs read both (merged_lookup) */
            entry_actions(g, m->tabs[k], fi[k],
                          m->tabs[k]->actions[fi[k]] | (sc_ruletab_reads_v4(m->tabs[k], fi[k]) ? m->tabs[k]->actions[0] : 0),
                          one_entry ? chosen : v[k]);
        go(g, after);
    }
    LLVMPositionBuilderAtEnd(b, after);
}

static void if_stmt(cg *g, const sc_stmt *st, void (*emit)(cg *, const sc_stmt_list *), LLVMBasicBlockRef then_next);

/* Goes on where the conjuncts that a run's rules share hold; else to after. */
static void table_guards(cg *g, const sc_ruletab *t, LLVMBasicBlockRef after)
{
    for (size_t i = 0; i < t->nguard; i++) {
        LLVMBasicBlockRef next = block_after(g, here(g), "rules_guard");
        branch(g, t->guard[i], next, after);
        LLVMPositionBuilderAtEnd(g->b, next);
    }
}

/* A run of rules lowered to tables: where the conjuncts the rules share hold, one
 * lookup of the field's words in this family's table, then what the matching rule
 * does; or, for a run of one verdict, the verdict where the address is in the set of
 * their prefixes. */
static void table(cg *g, sc_ruletab *t)
{
    LLVMBasicBlockRef after = block_after(g, here(g), "rules_after");
    table_guards(g, t, after);
    if (t->set_rule)
        if_stmt(g, t->set_rule, stmts, NULL);
    else
        table_lookups(g, t);
    join(g, after);
}

/* An if: its condition, then each branch's statements by emit (stmts, stmts_both).
 * The then branch goes on at then_next if given, else after the if; one that the
 * families share (shares_then) is emitted once. */
static void if_stmt(cg *g, const sc_stmt *st, void (*emit)(cg *, const sc_stmt_list *), LLVMBasicBlockRef then_next)
{
    LLVMBasicBlockRef shared = shares_then(g, st) ? shared_then(g, st, emit) : NULL;
    if (shared) {
        LLVMBasicBlockRef els = block_after(g, here(g), "endif");
        branch(g, st->cond, shared, els);
        LLVMPositionBuilderAtEnd(g->b, els);
        return;
    }
    LLVMBasicBlockRef then = block_after(g, here(g), "then"), els = block_after(g, then, "else"),
                      after = block_after(g, els, "endif");
    branch(g, st->cond, then, els);
    LLVMPositionBuilderAtEnd(g->b, then);
    emit(g, &st->then);
    go(g, then_next ? then_next : after);
    LLVMPositionBuilderAtEnd(g->b, els);
    emit(g, &st->els);
    join(g, after);
}

static void stmt(cg *g, const sc_stmt *st)
{
    loc(g, st->loc);
    switch (st->kind) {
    case ST_ALLOW:
    case ST_PASS: ret(g, g->hook->ret_allow); return;
    case ST_DENY:
    case ST_DROP: ret(g, g->hook->ret_deny); return;
    case ST_IF: if_stmt(g, st, stmts, NULL); return;
    case ST_REWRITE:
        if (st->value->kind == EX_INDEX)
            rewrite_lookup(g, st->target, st->value);
        else
            rewrite_const(g, st->target, sc_literal(st->value));
        return;
    case ST_BIND: bind_addr(g, st->value); return;
    case ST_MAPSET:
    case ST_DELETE: map_write(g, st); return;
    case ST_ASSIGN: assign(g, st); return;
    case ST_REDIRECT: redirect(g, st); return;
    case ST_TRACK: track(g, st); return;
    case ST_COUNT: count(g, st); return;
    }
}

/* Goes on at start[i], if a then branch that skipped statements goes on there. */
static void resume(cg *g, LLVMBasicBlockRef *start, size_t i)
{
    if (start && start[i]) {
        LLVMMoveBasicBlockAfter(start[i], here(g));
        join(g, start[i]);
    }
}

/* The statements of a list. An if whose then branch rewrites to constants goes on from
 * there at the first statement that can act on the new values (known_next). */
static void stmts(cg *g, const sc_stmt_list *l)
{
    LLVMBasicBlockRef *start = NULL; /* start[j]: where skipping then branches go on, by statement */
    for (size_t i = 0; i < l->n; i++) {
        const sc_stmt *st = l->items[i];
        resume(g, start, i);
        if (st->table) {
            loc(g, st->loc);
            table(g, st->table);
            i += st->table->n - 1;
            continue;
        }
        if (st->merge) {
            loc(g, st->loc);
            merged(g, st->merge);
            i += st->merge->n - 1;
            continue;
        }
        known_end known[2];
        bool knows = st->kind == ST_IF && !st->els.n && known_after(g, &st->then, known);
        size_t next = knows ? known_next(g, l, i + 1, known) : i + 1;
        if (next > i + 1 && (start || (start = calloc(l->n + 1, sizeof *start)))) {
            if (!start[next])
                start[next] = bir_block(g->p, "skip");
            loc(g, st->loc);
            if_stmt(g, st, stmts, start[next]);
            continue;
        }
        stmt(g, st);
    }
    resume(g, start, l->n);
    free(start);
}

/* Does e read an address, or the family? A program of both families (sk_lookup,
 * sk_msg, sockops) does that per family; ports and the rest sit at one offset. */
static bool expr_per_family(const sc_expr *e)
{
    if (!e)
        return false;
    if (e->ref == REF_REVERSE)
        return true;
    if (e->ref == REF_FIELD) /* dst.port is a field of its own, whatever dst is */
        return e->field == FLD_FAMILY || (sc_fields[e->field].end >= 0 && sc_fields[e->field].part != 2);
    for (size_t i = 0; e->kind == EX_SET && i < e->items.n; i++)
        if (expr_per_family(e->items.items[i]))
            return true;
    return expr_per_family(e->lhs) || expr_per_family(e->rhs);
}

static bool stmt_per_family(const sc_stmt *st)
{
    if (st->kind == ST_TRACK || expr_per_family(st->cond) || expr_per_family(st->target) || expr_per_family(st->value))
        return true; /* track keys the socket by its tuple */
    for (size_t i = 0; i < st->then.n; i++)
        if (stmt_per_family(st->then.items[i]))
            return true;
    for (size_t i = 0; i < st->els.n; i++)
        if (stmt_per_family(st->els.items[i]))
            return true;
    return false;
}

/* An if that tests no address itself but has statements that read one. */
static bool splits_inside(const sc_stmt *st)
{
    return !st->table && !st->merge && st->kind == ST_IF && !expr_per_family(st->cond) && stmt_per_family(st);
}

/* The statements from l->items[i] that are emitted as one: a run lowered to a table,
 * a stretch of rules on several fields (sc_rulemerge), or one statement. */
static size_t unit_of(const sc_stmt_list *l, size_t i)
{
    return l->items[i]->table ? l->items[i]->table->n : l->items[i]->merge ? l->items[i]->merge->n : 1;
}

/* Does one of the n statements from l->items[i] read an address or the family? */
static bool unit_per_family(const sc_stmt_list *l, size_t i, size_t n)
{
    for (size_t k = i; k < i + n; k++)
        if (stmt_per_family(l->items[k]))
            return true;
    return false;
}

/* Emits emit(g, arg) once per family, behind one test of the context's family. */
static void per_family(cg *g, void (*emit)(cg *, const void *), const void *arg)
{
    LLVMBasicBlockRef v4 = block_after(g, here(g), "ipv4"), v6 = block_after(g, v4, "ipv6"),
                      after = block_after(g, v6, "families");
    LLVMBuildCondBr(g->b, ctx_is_v4(g), v4, v6);
    for (int f = 4; f <= 6; f += 2) {
        LLVMPositionBuilderAtEnd(g->b, f == 4 ? v4 : v6);
        g->family = f;
        emit(g, arg);
        join(g, after);
    }
}

static void run_stmts(cg *g, const void *l) { stmts(g, l); }
static void run_lookups(cg *g, const void *t) { table_lookups(g, (sc_ruletab *)t); }

static int v4_end(const sc_stmt *st);

/* Is if st (shares_then) one whose tests are taken apart: those that read no address
 * (`proto == tcp and dst in P and dst.port == 80`) once, before the split by family,
 * the others per family, or once on the IPv4 word of either (v4_end)? */
static bool tests_once(const cg *g, const sc_stmt *st)
{
    const sc_expr *conj[SC_TABLE_MAX_CONJ];
    size_t n = st->kind == ST_IF && !st->table && !st->merge ? sc_conjuncts(st->cond, conj, SC_TABLE_MAX_CONJ) : 0;
    bool once = false, per = false;
    for (size_t k = 0; k < n; k++)
        *(expr_per_family(conj[k]) ? &per : &once) = true;
    return per && (once || v4_end(st) >= 0) && shares_then(g, st);
}

/* The conjuncts of if st's condition that read an address (per) or none (!per), each
 * tested in turn: on where all hold, to fail where one does not. */
static void conjuncts_hold(cg *g, const sc_stmt *st, bool per, LLVMBasicBlockRef fail)
{
    const sc_expr *conj[SC_TABLE_MAX_CONJ];
    size_t n = sc_conjuncts(st->cond, conj, SC_TABLE_MAX_CONJ);
    for (size_t k = 0; k < n; k++)
        if (expr_per_family(conj[k]) == per) {
            LLVMBasicBlockRef next = block_after(g, here(g), "holds");
            branch(g, conj[k], next, fail);
            LLVMPositionBuilderAtEnd(g->b, next);
        }
}

/* The conjuncts of st that read an address, then its shared then branch; on, where
 * one does not hold, at fails. */
static void then_where_held(cg *g, const sc_stmt *st, LLVMBasicBlockRef fails)
{
    conjuncts_hold(g, st, true, fails);
    LLVMBuildBr(g->b, shared_then(g, st, stmts));
    LLVMMoveBasicBlockAfter(fails, here(g));
    LLVMPositionBuilderAtEnd(g->b, fails);
}

/* In one family: then_where_held. */
static void if_rest(cg *g, const void *st) { then_where_held(g, st, block_after(g, here(g), "fails")); }

static void v4_member(void *arg, const sc_expr *m)
{
    bool *all = arg;
    *all &= (m->type == TY_IP || m->type == TY_PREFIX) && m->addr.family == 4;
}

/* Is v a lowered set whose IPv4 members have a structure of their own (a search tree
 * or flat trie) and whose IPv6 members hold no IPv4-mapped address? A program of both
 * families then tests an address of either family against its IPv4 members once (on
 * the IPv4 word), and an IPv6 address that is not IPv4-mapped against its IPv6 trie
 * alone. */
static sc_setmap *split_set(const sc_expr *v)
{
    sc_setmap *sm = v->type == TY_SET ? sc_set_literal(v)->lowered : NULL;
    return sm && sc_setmap_v4_apart(sm) && !sm->v6_mapped ? sm : NULL;
}

/* Is v (a literal) tested on the IPv4 word alone (v4_tests): an IPv4 address, prefix
 * or endpoint, or a set of IPv4 addresses and prefixes (whose search tree a program of
 * both families then has once), or a set whose IPv4 members are apart (split_set)? */
static bool v4_literal(const sc_expr *v)
{
    if (v->type == TY_SET) {
        bool all = true;
        sc_set_each(sc_set_literal(v), v4_member, &all);
        return all || split_set(v);
    }
    return v->kind == EX_ADDR && v->addr.family == 4;
}

/* The end (0 src, 1 dst) whose address is all that if st's tests read, each a test
 * that it equals or is in an IPv4 literal (`dst in 10.0.0.0/8`, `dst.ip == A`, `dst ==
 * A:P`, `dst in {IPv4 prefixes}`), which in a 6 program holds only of an IPv4-mapped
 * address, or in a split set; or -1. */
static int v4_end(const sc_stmt *st)
{
    const sc_expr *conj[SC_TABLE_MAX_CONJ];
    size_t n = sc_conjuncts(st->cond, conj, SC_TABLE_MAX_CONJ);
    int end = -1;
    for (size_t k = 0; k < n; k++) {
        const sc_expr *c = conj[k], *v = c->kind == EX_BINARY ? sc_literal(c->rhs) : NULL;
        if (!expr_per_family(c))
            continue;
        if (!v || (c->op != OP_EQ && c->op != OP_IN) || c->lhs->ref != REF_FIELD || sc_fields[c->lhs->field].end < 0 ||
            sc_fields[c->lhs->field].part == 2 || !v4_literal(v) || (end >= 0 && end != sc_fields[c->lhs->field].end))
            return -1;
        end = sc_fields[c->lhs->field].end;
    }
    return end;
}

/* Of st's tests that read an address (v4_end), for an IPv6 address that is not
 * IPv4-mapped: where all are split sets, each set's IPv6 trie, then the shared then
 * branch; else (an IPv4 literal) none holds. */
static void native_v6_tests(cg *g, const sc_stmt *st, const sc_slot *s, LLVMBasicBlockRef fails)
{
    const sc_expr *conj[SC_TABLE_MAX_CONJ];
    sc_setmap *sets[SC_TABLE_MAX_CONJ];
    size_t n = sc_conjuncts(st->cond, conj, SC_TABLE_MAX_CONJ), nsets = 0;
    for (size_t k = 0; k < n; k++)
        if (expr_per_family(conj[k]) && !(sets[nsets++] = split_set(sc_literal(conj[k]->rhs)))) {
            LLVMBuildBr(g->b, fails);
            return;
        }
    for (size_t k = 0; k < nsets; k++) {
        LLVMBasicBlockRef next = block_after(g, here(g), "holds");
        LLVMBuildCondBr(g->b, lpm_lookup(g, sets[k], s), next, fails);
        LLVMPositionBuilderAtEnd(g->b, next);
    }
    LLVMBuildBr(g->b, shared_then(g, st, stmts));
}

/* Where a program of both families tests an IPv4 word once: the blocks where the
 * word of an IPv4 address, or of an IPv4-mapped IPv6 one, is tested, and where any
 * other IPv6 address goes. */
typedef struct v4_split {
    LLVMBasicBlockRef word, native;
} v4_split;

/* Splits on the family of the address at s: in sp.word, g->v4_word holds the IPv4
 * word of either family (ip_word's answer for s while the family is 4 and v4_slot is
 * s). Leaves the builder at sp.native, family 6. */
static v4_split v4_word_split(cg *g, const sc_slot *s)
{
    LLVMBasicBlockRef v4 = block_after(g, here(g), "ipv4"), v6 = block_after(g, v4, "ipv6"),
                      mapped = block_after(g, v6, "mapped"), native = block_after(g, mapped, "native"),
                      test = block_after(g, native, "ipv4_word");
    LLVMBuildCondBr(g->b, ctx_is_v4(g), v4, v6);
    LLVMPositionBuilderAtEnd(g->b, v4);
    g->family = 4;
    LLVMValueRef w[2] = {ip_word(g, s, 3), NULL};
    LLVMBuildBr(g->b, test);
    LLVMPositionBuilderAtEnd(g->b, v6);
    g->family = 6;
    branch_prefix(g, s, &mapped_prefix, mapped, native);
    LLVMPositionBuilderAtEnd(g->b, mapped);
    w[1] = ip_word(g, s, 3);
    LLVMBuildBr(g->b, test);
    LLVMPositionBuilderAtEnd(g->b, test);
    LLVMBasicBlockRef from[2] = {v4, mapped};
    g->v4_word = LLVMBuildPhi(g->b, g->i32, "ipv4_word");
    LLVMAddIncoming(g->v4_word, w, from, 2);
    LLVMPositionBuilderAtEnd(g->b, native);
    return (v4_split){test, native};
}

/* Goes on at sp.word, testing the IPv4 word of the address at s. */
static void on_v4_word(cg *g, v4_split sp, const sc_slot *s)
{
    LLVMPositionBuilderAtEnd(g->b, sp.word);
    g->family = 4;
    g->v4_slot = s;
}

/* If st's tests that read an address, when they are IPv4 tests of one end (v4_end):
 * they run once, on the IPv4 word of either family (v4_word_split); then the shared
 * then branch. Any other IPv6 address fails them, or goes to the IPv6 tries of split
 * sets (native_v6_tests). */
static void v4_tests(cg *g, const sc_stmt *st, int end)
{
    const sc_slot *s = slot_of(g, end);
    v4_split sp = v4_word_split(g, s);
    LLVMBasicBlockRef fails = bir_block(g->p, "fails");
    native_v6_tests(g, st, s, fails);
    on_v4_word(g, sp, s);
    then_where_held(g, st, fails); /* the shared branch reads no address */
    g->v4_slot = NULL;
}

/* Does table t's 6 program look IPv4-mapped addresses up in the IPv4 table? */
static bool mapped_in_v4(const sc_ruletab *t) { return !t->same_v4 && sc_ruletab_reads_v4(t, 1); }

/* Is l->items[i] a run lowered to a table that reads an address behind guards that
 * read none (or none at all, when its 6 program reads the IPv4 table for IPv4-mapped
 * addresses)? Those are tested once, before the split by family (lookups_both). */
static bool guards_once(const sc_stmt_list *l, size_t i)
{
    const sc_ruletab *t = l->items[i]->table;
    if (!t || t->set_rule || !(t->nguard || mapped_in_v4(t)) || !unit_per_family(l, i, t->n))
        return false;
    for (size_t k = 0; k < t->nguard; k++)
        if (expr_per_family(t->guard[k]))
            return false;
    return true;
}

/* The lookups of table t in a program of both families, after its guards: per family;
 * or, where the 6 program reads the IPv4 table for IPv4-mapped addresses, that lookup
 * once, on the IPv4 word of either family (as v4_tests), and the IPv6 table's for
 * other IPv6 addresses. */
static void lookups_both(cg *g, sc_ruletab *t)
{
    if (!mapped_in_v4(t)) {
        per_family(g, run_lookups, t);
        return;
    }
    const sc_slot *s = slot_of(g, sc_fields[t->key_field].end);
    v4_split sp = v4_word_split(g, s);
    LLVMBasicBlockRef after = block_after(g, sp.word, "rules_done");
    if (t->nentries[1])
        entry_actions(g, t, 1, t->actions[1], table_lookup(g, t, 1));
    join(g, after);
    on_v4_word(g, sp, s);
    entry_actions(g, t, 0, t->actions[0], table_lookup(g, t, 0));
    g->v4_slot = NULL;
    join(g, after);
}

/* The statements of a program of both families. What reads no address runs once; an
 * if whose condition reads none tests it once and splits inside; every other run of
 * statements is emitted as a 4 and a 6 program behind one test of the context's
 * family. */
static void stmts_both(cg *g, const sc_stmt_list *l)
{
    for (size_t i = 0; i < l->n;) {
        const sc_stmt *st = l->items[i];
        loc(g, st->loc);
        if (splits_inside(st)) {
            if_stmt(g, st, stmts_both, NULL);
            i++;
            continue;
        }
        if (tests_once(g, st) && shared_then(g, st, stmts)) { /* the tests that read no address once */
            LLVMBasicBlockRef after = block_after(g, here(g), "endif");
            conjuncts_hold(g, st, false, after);
            int end = v4_end(st);
            if (end >= 0)
                v4_tests(g, st, end);
            else
                per_family(g, if_rest, st);
            join(g, after);
            i++;
            continue;
        }
        if (guards_once(l, i)) { /* `proto == tcp and dst in P and dst.port == N`: the guard, then the lookups */
            LLVMBasicBlockRef after = block_after(g, here(g), "rules_after");
            table_guards(g, st->table, after);
            lookups_both(g, st->table);
            join(g, after);
            i += st->table->n;
            continue;
        }
        bool per = unit_per_family(l, i, unit_of(l, i));
        size_t j = i;
        while (j < l->n && unit_per_family(l, j, unit_of(l, j)) == per &&
               (j == i || (!splits_inside(l->items[j]) && !guards_once(l, j) && !tests_once(g, l->items[j]))))
            j += unit_of(l, j);
        sc_stmt_list run = {l->items + i, j - i, 0};
        if (!per) {
            g->family = 4; /* either: nothing here differs */
            stmts(g, &run);
        } else {
            per_family(g, run_stmts, &run);
        }
        i = j;
    }
}

/* --- maps and programs -------------------------------------------------------------------- */

static const bir_field ip_fields[] = {{"b", 1, 16}};
static const bir_field ep_fields[] = {{"b", 1, 16}, {"port", 2, 1}, {"family", 1, 1}, {"pad", 1, 1}};
static const bir_field tuple_fields[] = {
    {"family", 4, 1}, {"local_ip", 1, 16}, {"remote_ip", 1, 16}, {"local_port", 4, 1}, {"remote_port", 4, 1}};

static bir_type btf_of(sc_vtype t)
{
    switch (t) {
    case SC_VT_IP: return (bir_type){"sc_ip_val", 16, 1, ip_fields};
    case SC_VT_ENDPOINT: return (bir_type){"sc_endpoint_val", 20, 4, ep_fields};
    case SC_VT_TUPLE: return (bir_type){"sc_tuple_val", 44, 5, tuple_fields};
    default: return (bir_type){NULL, (unsigned)sc_vtype_size(t), 0, NULL};
    }
}

static int declare_maps(cg *g)
{
    sc_module *m = g->c->main;
    g->maps = sc_arena_alloc(g->c->arena, (m->decls.n + 1) * sizeof *g->maps);
    g->map_decls = sc_arena_alloc(g->c->arena, (m->decls.n + 1) * sizeof *g->map_decls);
    if (!g->maps || !g->map_decls)
        return -1;
    for (size_t i = 0; i < m->decls.n; i++) {
        sc_decl *d = m->decls.items[i];
        bir_map_def def = {.name = d->name, .max_entries = (unsigned)d->max_entries, .line = (unsigned)d->loc.line};
        bir_type kt, vt;
        if (d->kind == DC_MAP) {
            kt = btf_of((sc_vtype)sc_vtype_by_name(d->key_type));
            vt = btf_of((sc_vtype)sc_vtype_by_name(d->value_type));
            def.type = strcmp(d->map_kind, "lru_hash") == 0 ? BPF_MAP_TYPE_LRU_HASH : BPF_MAP_TYPE_HASH;
            def.key = &kt;
            def.value = &vt;
        } else if (d->kind == DC_SOCKMAP || d->kind == DC_SOCKHASH) {
            def.type = d->kind == DC_SOCKMAP ? BPF_MAP_TYPE_SOCKMAP : BPF_MAP_TYPE_SOCKHASH;
            def.key_size = d->kind == DC_SOCKMAP ? 4 : (unsigned)sc_vtype_size((sc_vtype)sc_vtype_by_name(d->key_type));
            def.value_size = 8;
        } else {
            continue;
        }
        g->map_decls[g->nmaps] = d;
        g->maps[g->nmaps++] = checked_map(g, &def);
    }
    if (g->c->ncounters) {
        bir_type u32 = {NULL, 4, 0, NULL}, u64 = {NULL, 8, 0, NULL};
        g->counters = checked_map(g, &(bir_map_def){.name = SC_META_COUNTERS_MAP, .type = BPF_MAP_TYPE_PERCPU_ARRAY,
                                                    .key = &u32, .value = &u64,
                                                    .max_entries = (unsigned)g->c->ncounters});
    }
    return 0;
}

int sc_codegen_module(sc_ctx *c, struct bir_module *m)
{
    cg g = {.c = c, .m = m, .b = bir_builder(m)};
    LLVMContextRef lc = bir_context(m);
    g.i1 = LLVMInt1TypeInContext(lc);
    g.i8 = LLVMInt8TypeInContext(lc);
    g.i16 = LLVMInt16TypeInContext(lc);
    g.i32 = LLVMInt32TypeInContext(lc);
    g.i64 = LLVMInt64TypeInContext(lc);
    g.ptr = LLVMPointerTypeInContext(lc, 0);
    if (declare_maps(&g) < 0)
        return -1;
    g.setmaps = sc_arena_alloc(c->arena, (c->nsetmaps + 1) * sizeof *g.setmaps);
    if (!g.setmaps)
        return -1;
    for (size_t i = 0; i < c->nprogs; i++) {
        sc_prog_plan *pp = &c->progs[i];
        g.hook = &sc_hooks[pp->hook];
        g.family = pp->family;
        g.both = pp->family == 0;
        g.nshared = 0;
        if (!g.hook->codegen) {
            sc_error(&c->diag, pp->blocks[0]->name_loc,
                     "code generation for '%s' is not implemented yet; `sockc check` accepts it, `sockc compile` "
                     "cannot", g.hook->name);
            continue;
        }
        g.p = bir_prog_begin(m, pp->fn, g.hook->section[pp->family == 6 ? 1 : 0], (unsigned)pp->blocks[0]->loc.line);
        if (!g.p)
            return -1;
        LLVMBasicBlockRef entry = here(&g);
        g.exit = bir_block(g.p, "exit");
        LLVMPositionBuilderAtEnd(g.b, g.exit);
        g.result = LLVMBuildPhi(g.b, g.i32, "result");
        LLVMBuildRet(g.b, g.result);
        LLVMPositionBuilderAtEnd(g.b, entry);
        for (size_t b = 0; b < pp->nblocks; b++)
            (pp->family ? stmts : stmts_both)(&g, &pp->blocks[b]->body);
        loc(&g, pp->blocks[pp->nblocks - 1]->loc);
        exit_with(&g, c32(&g, (uint64_t)g.hook->ret_allow)); /* falling off the end allows */
        LLVMMoveBasicBlockAfter(g.exit, LLVMGetLastBasicBlock(LLVMGetBasicBlockParent(g.exit)));
        bir_prog_end(g.p);
    }
    bir_license(m, "GPL");
    return g.internal ? -1 : c->diag.errors ? 1 : 0;
}
