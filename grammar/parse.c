#include "parse.h"

/* parser.h defines YYSTYPE/YYLTYPE, which lexer.h uses */
#include "parser.h"

#include "lexer.h"

#include <string.h>

sc_module *sc_parse(sc_arena *arena, sc_diag *diag, int file)
{
    const sc_source *src = sc_diag_source(diag, file);
    sc_module *m = sc_arena_alloc(arena, sizeof *m);
    if (!src || !m)
        return NULL;
    m->path = sc_arena_strdup(arena, src->path);
    m->file = file;
    /* the module's name is the last path component without ".sp" */
    const char *base = strrchr(m->path, '/') ? strrchr(m->path, '/') + 1 : m->path;
    size_t n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".sp") == 0)
        n -= 3;
    m->name = sc_arena_strndup(arena, base, n);

    sc_parser p = {.arena = arena, .diag = diag, .module = m, .file = file, .line = 1, .col = 1};
    yyscan_t scanner;
    if (yylex_init_extra(&p, &scanner) != 0)
        return NULL;
    YY_BUFFER_STATE buf = yy_scan_bytes(src->text, (int)src->len, scanner);
    yyparse(scanner, &p);
    yy_delete_buffer(buf, scanner);
    yylex_destroy(scanner);
    return m;
}
