/* emit: writes the sockc metadata section (policy, programs, map types) into the
 * module and turns it into the requested output: object, assembly or IR. */
#include "bpfir.h"
#include "codegen.h"
#include "context.h"
#include "layout.h"
#include "meta.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fill records for one lowered set: every prefix in its trie(s), or its port bitmap. */
typedef struct fill_ctx {
    sc_meta *m;
    const sc_setmap *sm;
    uint8_t *bitmap;
    int rc;
} fill_ctx;

static void fill_member(void *arg, const sc_expr *it)
{
    fill_ctx *f = arg;
    static const uint8_t one = 1;
    if (it->type == TY_IP || it->type == TY_PREFIX) {
        if (it->addr.family == 4 && f->sm->used[SETMAP_V4] && !f->sm->flat4) {
            struct sc_lpm4_key k = {.prefixlen = it->addr.plen};
            memcpy(k.b, it->addr.b, 4);
            f->rc |= sc_meta_add_fill(f->m, f->sm->name[SETMAP_V4], &k, sizeof k, &one, 1);
        }
        if (f->sm->used[SETMAP_V6] && !(it->addr.family == 4 && sc_setmap_v4_apart(f->sm))) {
            sc_addr a = it->addr.family == 4 ? sc_addr_v4_mapped(&it->addr) : it->addr;
            struct sc_lpm6_key k = {.prefixlen = a.plen};
            memcpy(k.b, a.b, 16);
            f->rc |= sc_meta_add_fill(f->m, f->sm->name[SETMAP_V6], &k, sizeof k, &one, 1);
        }
    } else if (f->sm->used[SETMAP_PORTS] && sc_setmap_form(f->sm, SETMAP_PORTS) == SC_SET_HASH) {
        uint32_t k = (uint32_t)it->num;
        f->rc |= sc_meta_add_fill(f->m, f->sm->name[SETMAP_PORTS], &k, sizeof k, &one, 1);
    } else if (f->bitmap) {
        uint64_t lo = it->type == TY_PORTRANGE ? sc_literal(it->lhs)->num : it->num;
        uint64_t hi = it->type == TY_PORTRANGE ? sc_literal(it->rhs)->num : it->num;
        for (uint64_t p = lo; p <= hi && p < 65536; p++)
            f->bitmap[p / 8] |= (uint8_t)(1u << (p % 8));
    }
}

static int set_meta(sc_ctx *c, sc_meta *m)
{
    int rc = 0;
    for (size_t i = 0; i < c->nsetmaps && rc == 0; i++) {
        const sc_setmap *sm = c->setmaps[i];
        static const char *const kind[SETMAP__COUNT] = {"lpm_trie", "lpm_trie", "array"};
        static const char *const key[SETMAP__COUNT] = {"lpm4", "lpm6", "u32"};
        static const char *const val[SETMAP__COUNT] = {"u8", "u8", "port_bitmap"};
        static const uint32_t zero = 0;
        for (int k = 0; k < SETMAP__COUNT && rc == 0; k++) {
            if (!sm->used[k])
                continue;
            bool numbers = k == SETMAP_PORTS; /* of a set of numbers (the bitmap aside) */
            switch (sc_setmap_form(sm, k)) {
            case SC_SET_FLAT: /* one value, one record */
                rc = sc_meta_add_map(m, sm->name[k], "array", "u32", numbers ? "number_flat" : "flat4", 1, "set") ||
                     sc_meta_add_fill_ref(m, sm->name[k], &zero, sizeof zero, sm->flat4, sm->flat4_size);
                break;
            case SC_SET_PROBE: /* likewise */
                rc = sc_meta_add_map(m, sm->name[k], "array", "u32", "number_probe", 1, "set") ||
                     sc_meta_add_fill_ref(m, sm->name[k], &zero, sizeof zero, sm->probe.image, sm->probe.size);
                break;
            case SC_SET_HASH: /* a record each (fill_member) */
                rc = sc_meta_add_map(m, sm->name[k], "hash", "u32", "u8", (uint32_t)sm->count[k], "set");
                break;
            case SC_SET_LPM:
                if (numbers) { /* the prefixes of the numbers' big-endian words, a record each */
                    rc = sc_meta_add_map(m, sm->name[k], "lpm_trie", "lpm4", "number_lpm", (uint32_t)sm->nprefixes,
                                         "set");
                    for (size_t i = 0; i < sm->nprefixes && rc == 0; i++) {
                        struct sc_lpm4_key lk = {.prefixlen = sm->prefixes[i].plen};
                        static const uint8_t one = 1;
                        memcpy(lk.b, sm->prefixes[i].b, 4);
                        rc = sc_meta_add_fill(m, sm->name[k], &lk, sizeof lk, &one, 1);
                    }
                    break;
                }
                /* fall through */
            case SC_SET_BITMAP:
                rc = sc_meta_add_map(m, sm->name[k], kind[k], key[k], val[k],
                                     k == SETMAP_PORTS ? 1 : (uint32_t)sm->count[k], "set");
                break;
            }
        }
        bool bitmap = sm->used[SETMAP_PORTS] && !sm->numbers;
        fill_ctx f = {m, sm, bitmap ? calloc(1, SC_PORT_BITMAP_BYTES) : NULL, rc};
        if (bitmap && !f.bitmap)
            return -1;
        sc_set_each(sm->set, fill_member, &f);
        if (f.bitmap) {
            f.rc |= sc_meta_add_fill(m, sm->name[SETMAP_PORTS], &zero, sizeof zero, f.bitmap, SC_PORT_BITMAP_BYTES);
            free(f.bitmap);
        }
        rc = f.rc;
    }
    return rc;
}

/* Member records (meta.h) of one set: the members the programs compare, which no map
 * holds for `sockc map` to list: all of an inline set's; of a lowered set's, the IPv4
 * ones of a search tree, and the ports and numbers (a search tree, or a bitmap that
 * `sockc map` cannot read entry by entry). */
typedef struct member_ctx {
    sc_meta *m;
    const char *set;     /* its name as the policy writes it */
    const sc_setmap *sm; /* NULL: inline */
    int rc;
} member_ctx;

static void add_member(void *arg, const sc_expr *it)
{
    member_ctx *x = arg;
    bool addr = it->type == TY_IP || it->type == TY_PREFIX;
    if (x->sm && addr && (it->addr.family == 6 || !x->sm->tree[SETMAP_V4].bound))
        return;
    char text[96];
    if (addr)
        sc_addr_format(&it->addr, text, sizeof text);
    else if (it->type == TY_PORTRANGE)
        snprintf(text, sizeof text, "%llu..%llu", (unsigned long long)sc_literal(it->lhs)->num,
                 (unsigned long long)sc_literal(it->rhs)->num);
    else
        snprintf(text, sizeof text, "%llu", (unsigned long long)it->num);
    x->rc |= sc_meta_add_member(x->m, x->set, text);
}

static int member_meta(sc_ctx *c, sc_meta *m)
{
    int rc = 0;
    for (size_t k = 0; k < c->nmodules && rc == 0; k++) {
        const sc_module *mod = c->modules[k];
        for (size_t i = 0; i < mod->decls.n && rc == 0; i++) {
            const sc_decl *d = mod->decls.items[i];
            if (d->kind != DC_SET || !d->used)
                continue;
            char name[2 * SC_MAX_NAME + 4];
            sc_set_name(c, mod, d, name, sizeof name);
            member_ctx x = {m, name, d->value->lowered, 0};
            sc_set_each(d->value, add_member, &x);
            rc = x.rc;
        }
    }
    return rc;
}

/* A rule table's contents, per family (its entries are in the plan): the probe table's
 * one value, or the hash map's entries. */
static int table_meta(sc_ctx *c, sc_meta *m)
{
    static const uint32_t zero = 0;
    int rc = 0;
    for (size_t i = 0; i < c->ntables && rc == 0; i++) {
        const sc_ruletab *t = c->tables[i];
        for (int fi = 0; fi < 2 && rc == 0; fi++) {
            if (!t->planned[fi] || !t->nentries[fi])
                continue;
            const sc_probe *p = &t->probe[fi];
            if (p->image) {
                rc = sc_meta_add_map(m, t->name[fi], "array", "u32", "probe", 1, "set") ||
                     sc_meta_add_fill(m, t->name[fi], &zero, sizeof zero, p->image, p->size);
                continue;
            }
            sc_table_layout l = sc_table_layout_of(t, fi ? 6 : 4);
            if (fi == 0 && t->tree) { /* the distinct values by index + 1; the keys are compares in the program */
                rc = sc_meta_add_map(m, t->name[fi], "array", "u32", "rule", (uint32_t)t->tree_nvalues + 1, "set");
                for (uint32_t k = 1; k <= t->tree_nvalues && rc == 0; k++)
                    rc = sc_meta_add_fill(m, t->name[fi], &k, sizeof k, t->tree_values + (k - 1) * l.value_size, l.value_size);
                continue;
            }
            rc = sc_meta_add_map(m, t->name[fi], l.key_prefix ? "lpm_trie" : "hash",
                                 !l.key_ip || !l.key_prefix || l.key_word_first ? "raw" : fi ? "lpm6" : "lpm4", "rule",
                                 (uint32_t)t->nentries[fi], "set");
            for (size_t k = 0; k < t->nentries[fi] && rc == 0; k++)
                rc = sc_meta_add_fill_ref(m, t->name[fi], t->keys[fi] + k * l.key_size, l.key_size,
                                          t->values[fi] + k * l.value_size, l.value_size); /* the arena's */
        }
    }
    return rc;
}

static int build_meta(sc_ctx *c, sc_meta *m)
{
    int rc = sc_meta_set(&m->compiler, SOCKC_VERSION) | sc_meta_set(&m->policy, c->policy_name) |
             sc_meta_set(&m->source, c->main->path);
    for (size_t i = 0; i < c->nprogs && rc == 0; i++) {
        const sc_prog_plan *p = &c->progs[i];
        const sc_hook *h = &sc_hooks[p->hook];
        char target[PATH_MAX + 16];
        if (h->target == TGT_CGROUP)
            snprintf(target, sizeof target, "cgroup:%s", p->target ? p->target : "");
        else if (h->target == TGT_MAP)
            snprintf(target, sizeof target, "map:%s", p->target);
        else
            snprintf(target, sizeof target, "netns:");
        rc = sc_meta_add_prog(m, p->fn, h->section[p->family == 6 ? 1 : 0], h->name, p->family, target);
        for (size_t b = 0; b < p->nblocks && rc == 0; b++)
            for (size_t s = 0; s < p->blocks[b]->body.n && rc == 0; s++)
                rc = sc_meta_add_rule(m, p->fn, (unsigned)p->blocks[b]->body.items[s]->loc.line);
    }
    for (size_t i = 0; i < c->main->decls.n && rc == 0; i++) {
        const sc_decl *d = c->main->decls.items[i];
        if (d->kind == DC_MAP)
            rc = sc_meta_add_map(m, d->name, d->map_kind, d->key_type, d->value_type, (uint32_t)d->max_entries, "policy");
        else if (d->kind == DC_SOCKMAP)
            rc = sc_meta_add_map(m, d->name, "sockmap", "u32", "u64", (uint32_t)d->max_entries, "policy");
        else if (d->kind == DC_SOCKHASH)
            rc = sc_meta_add_map(m, d->name, "sockhash", d->key_type, "u64", (uint32_t)d->max_entries, "policy");
    }
    if (c->ncounters && rc == 0)
        rc = sc_meta_add_map(m, SC_META_COUNTERS_MAP, "percpu_array", "u32", "u64", (uint32_t)c->ncounters, "internal");
    for (size_t i = 0; i < c->ncounters && rc == 0; i++)
        rc = sc_meta_add_counter(m, c->counters[i]);
    return rc ? rc : set_meta(c, m) || member_meta(c, m) ? -1 : table_meta(c, m);
}

int sc_codegen(sc_ctx *c, sc_emit emit, sc_output *out)
{
    if (emit == SC_EMIT_PLAN)
        return sc_plan_print(c, out) == 0 ? 0 : -1;
    char err[512] = "";
    bir_module *m = bir_module_new(c->policy_name, c->main->path, err, sizeof err);
    if (!m) {
        sc_error(&c->diag, (sc_loc){0}, "cannot set up LLVM for BPF: %s", err);
        return -1;
    }
    int rc = sc_codegen_module(c, m);
    sc_meta meta = {0};
    char *text = NULL;
    size_t tlen = 0;
    if (rc == 0 && (build_meta(c, &meta) != 0 || sc_meta_write(&meta, &text, &tlen) != 0))
        rc = -1;
    if (rc == 0) {
        /* the section holds its text with the NUL; an object gets it past LLVM */
        bir_emit_kind k = emit == SC_EMIT_ASM ? BIR_EMIT_ASM : emit == SC_EMIT_LLVM ? BIR_EMIT_LLVM : BIR_EMIT_OBJ;
        if (k != BIR_EMIT_OBJ)
            bir_data_section(m, SC_META_SYMBOL, SC_META_SECTION, text, tlen + 1);
        if (bir_emit(m, k, &out->data, &out->len, err, sizeof err) != 0 ||
            (k == BIR_EMIT_OBJ && sc_meta_attach(&out->data, &out->len, text, tlen + 1, err, sizeof err) != 0)) {
            sc_error(&c->diag, (sc_loc){0}, "internal error in code generation: %s", err);
            rc = -1;
        }
    }
    free(text);
    sc_meta_free(&meta);
    bir_module_free(m);
    return rc;
}
