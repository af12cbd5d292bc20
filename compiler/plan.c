/* plan: groups the hooks into BPF programs (one per hook, family and target, with
 * blocks in file order) and decides how each set is lowered. `--emit plan` prints it. */
#include "context.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool same_target(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

static sc_prog_plan *find_or_add(sc_ctx *c, int hook, int family, const char *target)
{
    for (size_t i = 0; i < c->nprogs; i++) {
        sc_prog_plan *p = &c->progs[i];
        if (p->hook == hook && p->family == family && same_target(p->target, target))
            return p;
    }
    sc_prog_plan *np = sc_arena_alloc(c->arena, (c->nprogs + 1) * sizeof *np);
    if (!np)
        return NULL;
    if (c->nprogs)
        memcpy(np, c->progs, c->nprogs * sizeof *np);
    c->progs = np;
    sc_prog_plan *p = &c->progs[c->nprogs++];
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
    sc_decl **nb = sc_arena_alloc(c->arena, (p->nblocks + 1) * sizeof *nb);
    if (!nb)
        return -1;
    if (p->nblocks)
        memcpy(nb, p->blocks, p->nblocks * sizeof *nb);
    nb[p->nblocks++] = d;
    p->blocks = nb;
    return 0;
}

int sc_plan(sc_ctx *c)
{
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
            if (!h->section[1])
                break;
        }
    }
    return 0;
}

/* --- `--emit plan` ------------------------------------------------------------------ */

static void print_stmt_lines(FILE *f, sc_ctx *c, const sc_stmt_list *l, int indent)
{
    for (size_t i = 0; i < l->n; i++) {
        const sc_stmt *s = l->items[i];
        const sc_source *src = sc_diag_source(&c->diag, s->loc.file);
        const char *p = src->text;
        for (int k = 1; k < s->loc.line && *p; k++)
            p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p);
        const char *e = strchr(p, '\n');
        int len = e ? (int)(e - p) : (int)strlen(p);
        while (len > 0 && (*p == ' ' || *p == '\t'))
            p++, len--;
        fprintf(f, "%*sline %d: %.*s\n", indent, "", s->loc.line, len, p);
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
            print_stmt_lines(f, c, &p->blocks[b]->body, 2);
    }
    for (size_t m = 0; m < c->nmodules; m++) {
        sc_module *mod = c->modules[m];
        for (size_t i = 0; i < mod->decls.n; i++) {
            const sc_decl *d = mod->decls.items[i];
            if (d->kind == DC_SET && d->used)
                fprintf(f, "set %s%s%s: %zu items, inline compares\n", m ? mod->name : "", m ? "." : "", d->name,
                        d->value->items.n);
            else if (d->kind == DC_MAP)
                fprintf(f, "map %s: %s<%s, %s>[%llu]\n", d->name, d->map_kind, d->key_type, d->value_type,
                        (unsigned long long)d->max_entries);
            else if (d->kind == DC_SOCKMAP)
                fprintf(f, "sockmap %s[%llu]\n", d->name, (unsigned long long)d->max_entries);
            else if (d->kind == DC_SOCKHASH)
                fprintf(f, "sockhash %s<%s>[%llu]\n", d->name, d->key_type, (unsigned long long)d->max_entries);
        }
    }
    return fclose(f) == 0 ? 0 : -1;
}
