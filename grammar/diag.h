/* diag: the one diagnostics sink every stage writes to. It owns the source table
 * (path + text of each file read) so it can print, clang-style:
 *
 *   policy.sp:3:8: error: unknown field 'dts' in connect; did you mean 'dst'?
 *       3 |     if dts == 10.0.0.1 { deny; }
 *         |        ^~~
 */
#ifndef SOCKC_DIAG_H
#define SOCKC_DIAG_H
#include "ast.h"

#include <stdint.h>
#include <stdio.h>

typedef enum sc_severity { SEV_ERROR, SEV_WARNING, SEV_NOTE } sc_severity;

typedef struct sc_source {
    char *path;
    char *text; /* NUL-terminated */
    size_t len;
} sc_source;

typedef struct sc_diag {
    FILE *out;
    bool color;
    int errors, warnings;
    int max_errors; /* stop printing after this many (0 = 100) */
    sc_source *sources;
    size_t nsources;
} sc_diag;

void sc_diag_init(sc_diag *d, FILE *out, bool color);
void sc_diag_fini(sc_diag *d);
/* Takes ownership of text (malloc'ed, NUL-terminated), less a UTF-8 byte order mark at
 * its start, which editors do not show (columns count from after it). Returns the file
 * index or -1. */
int sc_diag_add_source(sc_diag *d, const char *path, char *text, size_t len);
const sc_source *sc_diag_source(const sc_diag *d, int file);

/* Reports at loc. A loc with line 0 prints without a position. */
void sc_diag_report(sc_diag *d, sc_severity sev, sc_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define sc_error(d, loc, ...) sc_diag_report((d), SEV_ERROR, (loc), __VA_ARGS__)
#define sc_warning(d, loc, ...) sc_diag_report((d), SEV_WARNING, (loc), __VA_ARGS__)
#define sc_note(d, loc, ...) sc_diag_report((d), SEV_NOTE, (loc), __VA_ARGS__)

/* The code point of the UTF-8 character at s (n bytes) in *cp and its length in bytes,
 * or 0 when the bytes there are no UTF-8 character. */
int sc_utf8_next(const char *s, size_t n, uint32_t *cp);
/* Does code point c show as itself on a terminal: no control character, and none that
 * is invisible or turns the text's direction (a soft hyphen, zero-width and bidi
 * marks, variation selectors, U+FEFF, tags)? */
bool sc_char_visible(uint32_t c);

/* The closest of candidates[0..n) to word (edit distance <= 2 and < word length),
 * or NULL: for "did you mean" hints. */
const char *sc_closest(const char *word, const char *const *candidates, size_t n);
#endif
