#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void sc_diag_init(sc_diag *d, FILE *out, bool color)
{
    memset(d, 0, sizeof *d);
    d->out = out ? out : stderr;
    d->color = color;
    d->max_errors = 100;
}

void sc_diag_fini(sc_diag *d)
{
    for (size_t i = 0; i < d->nsources; i++) {
        free(d->sources[i].path);
        free(d->sources[i].text);
    }
    free(d->sources);
    d->sources = NULL;
    d->nsources = 0;
}

int sc_diag_add_source(sc_diag *d, const char *path, char *text, size_t len)
{
    sc_source *s = realloc(d->sources, (d->nsources + 1) * sizeof *s);
    if (!s)
        return -1;
    d->sources = s;
    s[d->nsources] = (sc_source){strdup(path), text, len};
    return (int)d->nsources++;
}

const sc_source *sc_diag_source(const sc_diag *d, int file)
{
    return file >= 0 && (size_t)file < d->nsources ? &d->sources[file] : NULL;
}

/* Prints line `line` of src and a caret/underline under [col, end_col). */
static void show_line(sc_diag *d, const sc_source *src, sc_loc loc)
{
    const char *p = src->text, *end = src->text + src->len;
    for (int l = 1; l < loc.line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
        eol = end;
    int width = (int)(eol - p);
    int c0 = loc.col > 0 ? loc.col : 1;
    /* a long line shows a window around the culprit */
    int from = 1;
    if (width > 160 && c0 > 80)
        from = c0 - 60;
    int shown = width - (from - 1) > 160 ? 160 : width - (from - 1);
    fprintf(d->out, "%5d | %s", loc.line, from > 1 ? "..." : "");
    for (int i = 0; i < shown; i++) { /* control bytes would garble the terminal: show '?' */
        unsigned char ch = (unsigned char)p[from - 1 + i];
        fputc(ch == '\t' || (ch >= 0x20 && ch < 0x7f) ? ch : '?', d->out);
    }
    fputs(from - 1 + shown < width ? "...\n" : "\n", d->out);
    p += from - 1;
    width = shown;
    loc.col -= from - 1;
    loc.end_col -= from - 1;
    c0 = loc.col > 0 ? loc.col : 1;
    int c1 = loc.end_line == loc.line && loc.end_col > c0 ? loc.end_col : c0 + 1;
    if (c1 > width + 1)
        c1 = width + 1 > c0 ? width + 1 : c0 + 1;
    fprintf(d->out, "      | %s", from > 1 ? "   " : "");
    for (int c = 1; c < c0; c++) /* keep tabs so the caret lines up */
        fputc(c - 1 < width && p[c - 1] == '\t' ? '\t' : ' ', d->out);
    if (d->color)
        fputs("\033[1;32m", d->out);
    fputc('^', d->out);
    for (int c = c0 + 1; c < c1; c++)
        fputc('~', d->out);
    if (d->color)
        fputs("\033[0m", d->out);
    fputc('\n', d->out);
}

void sc_diag_report(sc_diag *d, sc_severity sev, sc_loc loc, const char *fmt, ...)
{
    static const char *names[] = {"error", "warning", "note"};
    static const char *colors[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
    if (sev == SEV_ERROR)
        d->errors++;
    else if (sev == SEV_WARNING)
        d->warnings++;
    if (d->errors > d->max_errors)
        return;
    const sc_source *src = loc.line > 0 ? sc_diag_source(d, loc.file) : NULL;
    if (d->color)
        fputs("\033[1m", d->out);
    if (src)
        fprintf(d->out, "%s:%d:%d: ", src->path, loc.line, loc.col);
    else
        fputs("sockc: ", d->out);
    fprintf(d->out, "%s%s:%s ", d->color ? colors[sev] : "", names[sev], d->color ? "\033[0m\033[1m" : "");
    va_list ap;
    va_start(ap, fmt);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
    fputs(d->color ? "\033[0m\n" : "\n", d->out);
    if (src)
        show_line(d, src, loc);
    if (sev == SEV_ERROR && d->errors == d->max_errors)
        fprintf(d->out, "sockc: fatal: too many errors, stopping\n");
}

/* Optimal string alignment distance: a transposition ("dts" -> "dst") is one edit. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 32 || lb > 32)
        return 99;
    size_t rows[3][33], *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < best)
                best = pp[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

const char *sc_closest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3, wl = strlen(word);
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(word, candidates[i]);
        if (dist < best_d && dist < wl) {
            best_d = dist;
            best = candidates[i];
        }
    }
    return best;
}
