/* The per-input checks of the fuzz targets; see fuzz_entry.h.
 *
 * SOCKC_FUZZ_SKIP_KNOWN is defined in the libFuzzer build only. While a finding is
 * reported but not yet fixed, an `#ifdef SOCKC_FUZZ_SKIP_KNOWN` early return for the
 * inputs that hit it lets longer fuzzing runs look for new ones; the regression
 * replay never defines it, so its inputs must pass for real. Remove the skip with the
 * fix. */
#include "fuzz_entry.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"

/* A program's cgroup comes from the policy's `in cgroup "PATH"`, whose text the lexer
 * keeps as written: each cgroup target in the metadata must appear in the source
 * followed by its closing quote (a cut path would name another cgroup). */
static const char *cgroups_verbatim(const sc_meta *m, const uint8_t *src, size_t size)
{
    for (size_t i = 0; i < m->nprogs; i++) {
        const char *t = m->progs[i].target;
        if (strncmp(t, "cgroup:", 7) != 0 || !t[7])
            continue;
        size_t n = strlen(t + 7);
        bool found = false;
        for (size_t at = 0; !found && at + n < size; at++)
            found = src[at + n] == '"' && memcmp(src + at, t + 7, n) == 0;
        if (!found)
            return "compiled object: a program's cgroup path is not the one the policy wrote";
    }
    return NULL;
}

const char *sc_fuzz_compile(const sc_fuzz_env *env, const uint8_t *data, size_t size, sc_emit emit)
{
    sc_compile_opts opts = {.emit = emit, .diag = env->diag, .stdlib_dir = env->stdlib_dir};
    sc_output out;
    int rc = sc_compile_source(env->path, (const char *)data, size, &opts, &out);
    const char *bad = NULL;
    if (rc == SC_EINTERNAL)
        bad = "sc_compile_source returned SC_EINTERNAL (an internal error instead of a diagnostic)";
    else if (rc != SC_OK && rc != SC_EPOLICY)
        bad = "sc_compile_source returned a code other than SC_OK/SC_EPOLICY/SC_EINTERNAL";
    else if (rc == SC_EPOLICY && (out.data || out.policy_name))
        bad = "SC_EPOLICY with output left in sc_output";
    else if (rc == SC_OK && (!out.data || out.len == 0 || !out.policy_name))
        bad = "SC_OK without output or policy name";
    else if (rc == SC_OK && emit != SC_EMIT_OBJ && (out.data[out.len] != '\0' || strlen(out.data) != out.len))
        bad = "text output not NUL-terminated at its length";
    else if (rc == SC_OK && emit == SC_EMIT_OBJ) {
        sc_meta m;
        char err[256] = "";
        if (sc_meta_from_object(out.data, out.len, &m, err, sizeof err) != 0)
            bad = "compiled object: its .sockc metadata does not read back";
        else if (!m.policy || strcmp(m.policy, out.policy_name) != 0)
            bad = "compiled object: metadata names another policy";
        else
            bad = cgroups_verbatim(&m, data, size);
        sc_meta_free(&m);
    }
    sc_output_free(&out);
    return bad;
}

static char *write_meta(const sc_meta *m, size_t *len)
{
    char *text = NULL;
    if (sc_meta_write(m, &text, len) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

const char *sc_fuzz_meta(const uint8_t *data, size_t size)
{
    sc_meta m;
    char err[256] = "";
    int rc = sc_meta_parse((const char *)data, size, &m, err, sizeof err);
    if (rc == -1) {
        if (!err[0])
            return "sc_meta_parse failed without a message";
        if (m.nprogs || m.nmaps || m.nfills || m.nrules || m.policy || m.compiler || m.source)
            return "sc_meta_parse failed but left records in its output";
        return NULL;
    }
    if (rc != 0)
        return "sc_meta_parse returned neither 0 nor -1";
    /* What sc_meta_write makes of a parsed record must parse to the same record (the
     * runtime stores parsed metadata in bpffs this way and reads it back later). */
    const char *bad = NULL;
    size_t len1 = 0, len2 = 0;
    char *w1 = write_meta(&m, &len1), *w2 = NULL;
    sc_meta m2;
    char err2[256] = "";
    if (!w1)
        bad = "sc_meta_write failed on parsed metadata";
    else if (sc_meta_parse(w1, len1, &m2, err2, sizeof err2) != 0)
        bad = "what sc_meta_write wrote does not parse back";
    else {
        w2 = write_meta(&m2, &len2);
        if (!w2 || len1 != len2 || memcmp(w1, w2, len1) != 0)
            bad = "metadata changed through sc_meta_write -> sc_meta_parse";
        else if (m2.nprogs != m.nprogs || m2.nmaps != m.nmaps || m2.nfills != m.nfills || m2.nrules != m.nrules)
            bad = "metadata lost records through sc_meta_write -> sc_meta_parse";
        sc_meta_free(&m2);
    }
    free(w1);
    free(w2);
    sc_meta_free(&m);
    return bad;
}

const char *sc_fuzz_object(const uint8_t *data, size_t size)
{
    /* libelf may convert data in place (elf_memory maps the image privately), and the
     * fuzzer's buffer is read-only: hand it a copy, as the runtime hands it a file it
     * read into memory. */
    char *copy = malloc(size ? size : 1);
    if (!copy)
        return NULL;
    memcpy(copy, data, size);
    sc_meta m;
    char err[256] = "";
    int rc = sc_meta_from_object(copy, size, &m, err, sizeof err);
    const char *bad = NULL;
    if (rc == -1 && !err[0])
        bad = "sc_meta_from_object failed without a message";
    else if (rc != 0 && rc != -1)
        bad = "sc_meta_from_object returned neither 0 nor -1";
    sc_meta_free(&m);
    free(copy);
    return bad;
}
