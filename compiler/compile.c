/* compile: the driver. Runs the passes in their fixed order over one context and
 * stops after the first pass that reported an error (later passes assume a
 * well-formed input). */
#include "context.h"
#include "parse.h"

#include <stdlib.h>
#include <string.h>

static int run(sc_ctx *c, int file, sc_output *out)
{
    c->main = sc_parse(c->arena, &c->diag, file);
    if (!c->main)
        return SC_EINTERNAL;
    if (c->diag.errors)
        return SC_EPOLICY;
    /* resolve and check both report everything they find before we stop */
    int bad = sc_resolve(c);
    bad |= sc_check(c);
    if (bad || c->diag.errors)
        return SC_EPOLICY;
    int planned = sc_plan(c);
    if (planned < 0)
        return SC_EINTERNAL;
    if (planned > 0)
        return SC_EPOLICY;
    if (c->opts->emit == SC_EMIT_NONE)
        return SC_OK;
    int rc = sc_codegen(c, c->opts->emit, out);
    if (rc < 0)
        return SC_EINTERNAL;
    if (rc > 0 || c->diag.errors)
        return SC_EPOLICY;
    out->policy_name = strdup(c->policy_name);
    return SC_OK;
}

static int compile(const char *path, char *text, size_t len, const char *load_path, const sc_compile_opts *opts,
                   sc_output *out)
{
    static const sc_compile_opts defaults = {.emit = SC_EMIT_OBJ};
    memset(out, 0, sizeof *out);
    sc_ctx c = {.opts = opts ? opts : &defaults};
    c.arena = sc_arena_new();
    if (!c.arena) {
        free(text);
        return SC_EINTERNAL;
    }
    sc_diag_init(&c.diag, c.opts->diag, c.opts->color);
    int file;
    int rc;
    if (load_path) {
        const char *err;
        file = sc_load_file(&c, load_path, &err);
        if (file < 0)
            sc_error(&c.diag, (sc_loc){0}, "cannot read '%s': %s", load_path, err);
    } else {
        file = sc_diag_add_source(&c.diag, path, text, len);
    }
    const sc_source *src = file >= 0 ? sc_diag_source(&c.diag, file) : NULL;
    if (src && memchr(src->text, '\0', src->len)) { /* whichever way the text came in */
        sc_error(&c.diag, (sc_loc){0}, "'%s' contains a NUL byte: not a policy source file", src->path);
        file = -1;
    }
    rc = file < 0 ? SC_EPOLICY : run(&c, file, out);
    if (rc != SC_OK)
        sc_output_free(out);
    free(c.modules);
    sc_diag_fini(&c.diag);
    sc_arena_free(c.arena);
    return rc;
}

int sc_compile_file(const char *path, const sc_compile_opts *opts, sc_output *out)
{
    return compile(path, NULL, 0, path, opts, out);
}

int sc_compile_source(const char *path, const char *text, size_t len, const sc_compile_opts *opts, sc_output *out)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return SC_EINTERNAL;
    memcpy(copy, text, len);
    copy[len] = '\0';
    return compile(path, copy, len, NULL, opts, out);
}

void sc_output_free(sc_output *out)
{
    free(out->data);
    free(out->policy_name);
    memset(out, 0, sizeof *out);
}
