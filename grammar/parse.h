/* parse: reads one policy file into a module (arena-allocated AST). Syntax errors
 * go to the diagnostics sink with their location; the parser recovers at ';' and '}'
 * so that one run reports every error of the file. */
#ifndef SOCKC_PARSE_H
#define SOCKC_PARSE_H
#include "ast.h"
#include "diag.h"

#define SC_MAX_NESTING 64
/* Deeper expressions are refused: every pass walks them recursively. */
#define SC_MAX_EXPR_DEPTH 1000

/* The state the scanner and the parser share (one per file). */
typedef struct sc_parser {
    sc_arena *arena;
    sc_diag *diag;
    sc_module *module;
    int file;
    int line, col; /* the scanner's position */
    int depth;     /* block nesting, to bound recursion */
    sc_decl *open_hook; /* the short-form hook that takes top-level statements */
    sc_loc last_tok, prev_tok; /* the latest two tokens: "expected ';'" goes after the earlier */
    sc_loc blocks[SC_MAX_NESTING + 1]; /* where each open '{' is */
    bool recovering;    /* after a syntax error, until the next declaration keyword: no cascades */
    sc_loc quiet_tok;   /* the scanner reported this token (line 0: none): no syntax error at it
                           or at the token after it */
} sc_parser;


/* Parses source `file` (already in diag's source table) into a new module. Returns
 * the module (possibly partial) or NULL when out of memory; errors are counted in
 * diag. */
sc_module *sc_parse(sc_arena *arena, sc_diag *diag, int file);
#endif
