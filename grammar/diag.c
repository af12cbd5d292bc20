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
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) { /* an editor's byte order mark is no text */
        len -= 3;
        memmove(text, text + 3, len + 1);
    }
    s[d->nsources] = (sc_source){strdup(path), text, len};
    return (int)d->nsources++;
}

const sc_source *sc_diag_source(const sc_diag *d, int file)
{
    return file >= 0 && (size_t)file < d->nsources ? &d->sources[file] : NULL;
}

int sc_utf8_next(const char *s, size_t n, uint32_t *cp)
{
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000}; /* shorter forms are invalid */
    const unsigned char *u = (const unsigned char *)s;
    if (!n)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    int len = u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 : u[0] >= 0xc0 ? 2 : 0;
    if (!len || (size_t)len > n)
        return 0;
    uint32_t c = u[0] & (0x7fu >> len);
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (u[i] & 0x3fu);
    }
    if (c < least[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

bool sc_char_visible(uint32_t c)
{
    if (c < 0x80)
        return c == '\t' || (c >= 0x20 && c < 0x7f);
    static const uint32_t hidden[][2] = {
        {0x00ad, 0x00ad}, {0x034f, 0x034f}, {0x061c, 0x061c}, {0x180e, 0x180e}, {0x200b, 0x200f},
        {0x2028, 0x202e}, {0x2060, 0x206f}, {0xfe00, 0xfe0f}, {0xfeff, 0xfeff}, {0xfff9, 0xfffb},
        {0xe0000, 0xe0fff},
    };
    if (c < 0xa0)
        return false;
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
        if (c >= hidden[i][0] && c <= hidden[i][1])
            return false;
    return true;
}

/* Does code point c take two columns of a terminal (East Asian wide and fullwidth)? */
static bool wide(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f) || (c >= 0xac00 && c <= 0xd7a3) ||
           (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
           (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x20000 && c <= 0x3fffd);
}

/* The character of a source line at s (n bytes left): its length in bytes, and in
 * *cols the columns it takes. It shows as it is where *raw, else as one '?': control
 * bytes, bytes that are not UTF-8, and characters that are invisible or turn the
 * text's direction would garble or hide the line. */
static int char_at(const char *s, size_t n, bool *raw, int *cols)
{
    uint32_t c;
    int len = sc_utf8_next(s, n, &c);
    *raw = len > 0 && sc_char_visible(c);
    *cols = *raw && wide(c) ? 2 : 1;
    return len > 0 ? len : 1;
}

/* The columns that bytes [from, to) of a line of width bytes take (each byte past its
 * end one). */
static int columns(const char *p, int width, int from, int to)
{
    bool raw;
    int c, n = 0;
    for (int i = from; i < to; n += c)
        i += i < width ? char_at(p + i, (size_t)(width - i), &raw, &c) : (c = 1);
    return n;
}

/* Prints line `line` of src and a caret/underline under [col, end_col), columns in
 * bytes, lined up under the characters as a terminal shows them (UTF-8). */
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
    bool raw;
    int cols;
    for (int i = 0; i < shown;) {
        int n = char_at(p + from - 1 + i, (size_t)(shown - i), &raw, &cols);
        if (raw)
            fwrite(p + from - 1 + i, 1, (size_t)n, d->out);
        else
            fputc('?', d->out);
        i += n;
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
    for (int i = 0; i < c0 - 1;) { /* keep tabs so the caret lines up */
        int n = i < width ? char_at(p + i, (size_t)(width - i), &raw, &cols) : (cols = 1);
        if (i < width && p[i] == '\t')
            fputc('\t', d->out);
        else
            fprintf(d->out, "%*s", cols, "");
        i += n;
    }
    if (d->color)
        fputs("\033[1;32m", d->out);
    fputc('^', d->out);
    for (int n = columns(p, width, c0 - 1, c1 - 1); n > 1; n--)
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
