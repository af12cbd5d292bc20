/* resolve: reads the imports (stdlib or relative to the importing file), finds the
 * policy name, and reports duplicate and shadowing declarations. Names inside
 * expressions are bound by check.c, which knows the hook. */
#include "context.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bigmem.h"
#include "parse.h"

#define MAX_IMPORT_DEPTH 16
#define MAX_FILE_SIZE (16u << 20)

int sc_load_file(sc_ctx *c, const char *path, const char **err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = strerror(errno);
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        *err = "is a directory";
        return -1;
    }
    /* sockc runs as root and changes what every program in a cgroup reaches: a policy
     * that another user can change is not one to trust */
    if ((st.st_mode & S_IWOTH) || ((st.st_mode & S_IWGRP) && st.st_gid != 0)) {
        fclose(f);
        *err = "it is writable by other users (chmod go-w it)";
        return -1;
    }
    if (geteuid() == 0 && st.st_uid != 0) {
        fclose(f);
        *err = "it is owned by another user, and sockc runs as root (chown root it)";
        return -1;
    }
    /* room for the whole file as fstat sizes it, and a byte for the read that sees its
     * end; it grows if the file does */
    size_t cap = S_ISREG(st.st_mode) && st.st_size < MAX_FILE_SIZE ? (size_t)st.st_size + 2 : 4096, len = 0;
    char *buf = sc_big_realloc(NULL, cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len > MAX_FILE_SIZE) {
            free(buf);
            fclose(f);
            *err = "file too large (more than 16 MiB)";
            return -1;
        }
        if (cap - len - 1 == 0) {
            char *nb = sc_big_realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) {
        *err = "out of memory";
        return -1;
    }
    buf[len] = '\0';
    int file = sc_diag_add_source(&c->diag, path, buf, len);
    if (file < 0) {
        free(buf);
        *err = "out of memory";
    }
    return file;
}

static bool named_decl(const sc_decl *d)
{
    return d->kind == DC_CONST || d->kind == DC_SET || d->kind == DC_MAP || d->kind == DC_SOCKMAP ||
           d->kind == DC_SOCKHASH;
}

static size_t name_hash(const char *s)
{
    size_t h = 14695981039346656037u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Builds m's name index (open addressing, at most half full); the first declaration
 * of a name is the one indexed. */
static int index_decls(sc_arena *a, sc_module *m)
{
    size_t cap = 16;
    while (cap < 2 * m->decls.n)
        cap *= 2;
    m->index = sc_arena_alloc(a, cap * sizeof *m->index);
    if (!m->index)
        return -1;
    m->index_cap = cap;
    for (size_t i = 0; i < m->decls.n; i++) {
        sc_decl *d = m->decls.items[i];
        if (!named_decl(d))
            continue;
        size_t k = name_hash(d->name) & (cap - 1);
        while (m->index[k] && strcmp(m->index[k]->name, d->name) != 0)
            k = (k + 1) & (cap - 1);
        if (!m->index[k])
            m->index[k] = d;
    }
    return 0;
}

sc_decl *sc_find_decl(sc_module *m, const char *name)
{
    if (!m->index) { /* before resolve: a scan */
        for (size_t i = 0; i < m->decls.n; i++)
            if (named_decl(m->decls.items[i]) && strcmp(m->decls.items[i]->name, name) == 0)
                return m->decls.items[i];
        return NULL;
    }
    for (size_t k = name_hash(name) & (m->index_cap - 1); m->index[k]; k = (k + 1) & (m->index_cap - 1))
        if (strcmp(m->index[k]->name, name) == 0)
            return m->index[k];
    return NULL;
}

sc_module *sc_find_import(sc_module *m, const char *name)
{
    for (size_t i = 0; i < m->nimports; i++)
        if (m->imports[i] && strcmp(m->imports[i]->name, name) == 0)
            return m->imports[i];
    return NULL;
}

/* The file an import names: "std/x" in the stdlib, anything else relative to the
 * importing file; ".sp" is added when missing. */
static char *import_path(sc_ctx *c, sc_module *from, const char *name)
{
    char buf[PATH_MAX];
    const char *ext = strlen(name) > 3 && strcmp(name + strlen(name) - 3, ".sp") == 0 ? "" : ".sp";
    if (strncmp(name, "std/", 4) == 0) {
        snprintf(buf, sizeof buf, "%s/%s%s", c->stdlib_dir, name, ext);
    } else if (name[0] == '/') {
        snprintf(buf, sizeof buf, "%s%s", name, ext);
    } else {
        const char *slash = strrchr(from->path, '/');
        int dirlen = slash ? (int)(slash - from->path) : 1;
        snprintf(buf, sizeof buf, "%.*s/%s%s", dirlen, slash ? from->path : ".", name, ext);
    }
    return sc_arena_strdup(c->arena, buf);
}

/* Is path (resolved) inside directory dir (resolved here)? */
static bool inside(const char *dir, const char *path)
{
    char rd[PATH_MAX];
    if (!dir || !realpath(dir, rd))
        return false;
    size_t n = strlen(rd);
    return strncmp(rd, path, n) == 0 && (path[n] == '/' || rd[n - 1] == '/');
}

static sc_module *find_loaded(sc_ctx *c, const char *real)
{
    for (size_t i = 0; i < c->nmodules; i++) {
        char r[PATH_MAX];
        if (realpath(c->modules[i]->path, r) && strcmp(r, real) == 0)
            return c->modules[i];
    }
    return NULL;
}

static int add_module(sc_ctx *c, sc_module *m)
{
    sc_module **mods = realloc(c->modules, (c->nmodules + 1) * sizeof *mods);
    if (!mods)
        return -1;
    c->modules = mods;
    c->modules[c->nmodules++] = m;
    return 0;
}

/* chain: the modules being imported, innermost last, to report cycles. */
static void resolve_imports(sc_ctx *c, sc_module *m, sc_module **chain, int depth)
{
    size_t nimp = 0;
    for (size_t i = 0; i < m->decls.n; i++)
        nimp += m->decls.items[i]->kind == DC_IMPORT;
    m->imports = sc_arena_alloc(c->arena, (nimp ? nimp : 1) * sizeof *m->imports);
    chain[depth] = m;
    for (size_t i = 0; i < m->decls.n; i++) {
        sc_decl *d = m->decls.items[i];
        if (d->kind != DC_IMPORT)
            continue;
        char *path = import_path(c, m, d->name);
        char real[PATH_MAX], self[PATH_MAX];
        if (!realpath(path, real)) {
            if (strncmp(d->name, "std/", 4) == 0)
                sc_error(&c->diag, d->name_loc, "no module '%s' in the standard library (%s)", d->name, c->stdlib_dir);
            else
                sc_error(&c->diag, d->name_loc, "cannot import '%s': %s: %s", d->name, path, strerror(errno));
            continue;
        }
        if (!c->opts->allow_outside_imports && !inside(c->stdlib_dir, real) && !inside(c->main_dir, real)) {
            sc_error(&c->diag, d->name_loc,
                     "'%s' is %s, outside the policy's directory and the standard library; "
                     "--allow-import-outside allows it",
                     d->name, real);
            continue;
        }
        if (realpath(m->path, self) && strcmp(real, self) == 0) {
            sc_error(&c->diag, d->name_loc, "'%s' imports itself", m->path);
            continue;
        }
        int cycle = -1;
        for (int k = 0; k < depth; k++) {
            char r[PATH_MAX];
            if (realpath(chain[k]->path, r) && strcmp(r, real) == 0)
                cycle = k;
        }
        if (cycle >= 0) {
            char path_chain[2048] = "";
            size_t off = 0;
            for (int k = cycle; k <= depth && off < sizeof path_chain; k++)
                off += (size_t)snprintf(path_chain + off, sizeof path_chain - off, "%s -> ", chain[k]->path);
            if (off < sizeof path_chain)
                snprintf(path_chain + off, sizeof path_chain - off, "%s", chain[cycle]->path);
            sc_error(&c->diag, d->name_loc, "import cycle: %s", path_chain);
            continue;
        }
        if (depth + 1 >= MAX_IMPORT_DEPTH) {
            sc_error(&c->diag, d->name_loc, "imports nested deeper than %d", MAX_IMPORT_DEPTH);
            continue;
        }
        sc_module *im = find_loaded(c, real);
        if (!im) {
            const char *err;
            int file = sc_load_file(c, path, &err);
            if (file < 0) {
                sc_error(&c->diag, d->name_loc, "cannot import '%s': %s", d->name, err);
                continue;
            }
            im = sc_parse(c->arena, &c->diag, file);
            if (!im || add_module(c, im) < 0)
                continue;
            resolve_imports(c, im, chain, depth + 1);
        }
        if (sc_find_import(m, im->name)) {
            sc_error(&c->diag, d->name_loc, "module '%s' is imported twice", im->name);
            continue;
        }
        m->imports[m->nimports++] = im;
        if (strlen(im->name) > SC_MAX_NAME)
            sc_error(&c->diag, d->name_loc, "module name '%s' is longer than %d characters", im->name, SC_MAX_NAME);
    }
}

/* A policy names /sys/fs/bpf/sockc/NAME: bpffs refuses dots in names. */
static bool valid_policy_name(const char *s)
{
    bool ok = *s && strlen(s) <= 63;
    for (; *s; s++)
        ok = ok && (((*s | 32) >= 'a' && (*s | 32) <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-');
    return ok;
}

static void check_names(sc_ctx *c, sc_module *m)
{
    for (size_t i = 0; i < m->decls.n; i++) {
        sc_decl *d = m->decls.items[i];
        if (d->kind == DC_POLICY && m == c->main) {
            if (c->policy_name) {
                sc_error(&c->diag, d->loc, "the policy is named twice");
                for (size_t k = 0; k < i; k++)
                    if (m->decls.items[k]->kind == DC_POLICY) {
                        sc_note(&c->diag, m->decls.items[k]->loc, "it is first named here");
                        break;
                    }
                continue;
            }
            if (!valid_policy_name(d->name))
                sc_error(&c->diag, d->name_loc,
                         "policy name '%s' must be 1-63 letters, digits, '_' or '-' (it names a bpffs directory)",
                         d->name);
            c->policy_name = d->name;
        } else if (d->kind == DC_POLICY) {
            sc_error(&c->diag, d->loc, "a 'policy' line belongs in the main file, not in a module");
        }
        if (d->kind == DC_HOOK && m != c->main)
            sc_error(&c->diag, d->loc, "a module cannot hold hooks; only the main policy file can");
        if (d->kind != DC_CONST && d->kind != DC_SET && d->kind != DC_MAP && d->kind != DC_SOCKMAP &&
            d->kind != DC_SOCKHASH)
            continue;
        sc_decl *first = sc_find_decl(m, d->name);
        if (first != d) {
            sc_error(&c->diag, d->name_loc, "'%s' is declared twice", d->name);
            sc_note(&c->diag, first->name_loc, "the first declaration of '%s' is here", d->name);
        }
        if (sc_find_import(m, d->name))
            sc_error(&c->diag, d->name_loc, "'%s' is also the name of an imported module", d->name);
    }
}

/* Where `import "std/..."` looks: --stdlib/opts, $SOCKC_STDLIB, next to an installed
 * binary, the source tree it was built from, the configured install directory. */
static const char *find_stdlib(const sc_compile_opts *o, char *out, size_t outlen)
{
    static const char *const fixed[] = {SOCKC_STDLIB_BUILD_DIR, SOCKC_STDLIB_INSTALL_DIR};
    if (o && o->stdlib_dir)
        return o->stdlib_dir;
    const char *env = getenv("SOCKC_STDLIB");
    if (env && *env)
        return env;
    /* an installed sockc: PREFIX/bin/sockc finds PREFIX/share/sockc/stdlib */
    char exe[PATH_MAX], probe[PATH_MAX + 64];
    if (o && o->exe_path && realpath(o->exe_path, exe)) {
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            if ((size_t)snprintf(probe, sizeof probe, "%s/../share/sockc/stdlib/std", exe) < sizeof probe &&
                access(probe, R_OK) == 0 && (size_t)snprintf(out, outlen, "%s/../share/sockc/stdlib", exe) < outlen)
                return out;
        }
    }
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        snprintf(probe, sizeof probe, "%s/std", fixed[i]);
        if (access(probe, R_OK) == 0)
            return fixed[i];
    }
    return SOCKC_STDLIB_INSTALL_DIR;
}

int sc_resolve(sc_ctx *c)
{
    int before = c->diag.errors;
    char found[PATH_MAX];
    c->stdlib_dir = sc_arena_strdup(c->arena, find_stdlib(c->opts, found, sizeof found));
    /* the directory of the main file: its imports may use it and what is below it */
    const char *slash = strrchr(c->main->path, '/');
    c->main_dir = slash ? sc_arena_strndup(c->arena, c->main->path, (size_t)(slash - c->main->path) + (slash == c->main->path))
                        : ".";
    sc_module *chain[MAX_IMPORT_DEPTH];
    if (add_module(c, c->main) < 0)
        return -1;
    resolve_imports(c, c->main, chain, 0);
    for (size_t i = 0; i < c->nmodules; i++)
        if (index_decls(c->arena, c->modules[i]) < 0)
            return -1;
    for (size_t i = 0; i < c->nmodules; i++)
        check_names(c, c->modules[i]);
    if (!c->policy_name) {
        c->policy_name = c->main->name; /* the file name without .sp */
        if (!valid_policy_name(c->policy_name))
            sc_error(&c->diag, (sc_loc){0},
                     "%s: the policy takes its name from the file, and '%s' is not a valid one (1-63 letters, digits, "
                     "'_' or '-'); name it with 'policy \"NAME\";'",
                     c->main->path, c->policy_name);
    }
    return c->diag.errors > before;
}
