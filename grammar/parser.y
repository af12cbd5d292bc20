%{
/* The policy grammar. Actions only build the AST; meaning is the compiler's. */
#include "ast.h"
#include "diag.h"
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
%}

%code requires {
#include "ast.h"
#include "parse.h"
typedef void *yyscan_t;
#define YYLTYPE sc_loc
#define YYLTYPE_IS_DECLARED 1
#define YYLTYPE_IS_TRIVIAL 1
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                                   \
    do {                                                                              \
        if (N) {                                                                      \
            (Cur) = YYRHSLOC(Rhs, 1);                                                 \
            (Cur).end_line = YYRHSLOC(Rhs, N).end_line;                               \
            (Cur).end_col = YYRHSLOC(Rhs, N).end_col;                                 \
        } else {                                                                      \
            (Cur) = YYRHSLOC(Rhs, 0);                                                 \
            (Cur).line = (Cur).end_line;                                              \
            (Cur).col = (Cur).end_col;                                                \
        }                                                                             \
    } while (0)
#define YYLOCATION_PRINT(File, Loc) ((void)0)
}

%code provides {
int yylex(YYSTYPE *yylval, YYLTYPE *yylloc, yyscan_t scanner);
}

%code {
#define A (p->arena)
static sc_expr *mk(sc_parser *p, sc_expr_kind k, sc_loc loc) { return sc_expr_new(p->arena, k, loc); }
/* Sets e's depth from its operands; past SC_MAX_EXPR_DEPTH the node is refused once
 * (and poisoned, so no pass walks down it). */
static sc_expr *deep(sc_parser *p, sc_expr *e)
{
    if (!e)
        return NULL;
    int dl = e->lhs ? e->lhs->depth : 0, dr = e->rhs ? e->rhs->depth : 0;
    e->depth = (dl > dr ? dl : dr) + 1;
    bool inner = (e->lhs && e->lhs->poisoned && e->lhs->depth > SC_MAX_EXPR_DEPTH) ||
                 (e->rhs && e->rhs->poisoned && e->rhs->depth > SC_MAX_EXPR_DEPTH);
    if (e->depth > SC_MAX_EXPR_DEPTH) {
        if (!inner)
            sc_error(p->diag, e->loc, "expression nested too deeply (more than %d operators deep)", SC_MAX_EXPR_DEPTH);
        e->poisoned = true;
        e->lhs = e->rhs = NULL; /* nothing walks below a refused node */
    }
    return e;
}
static sc_expr *bin(sc_parser *p, sc_binop op, sc_expr *l, sc_expr *r, sc_loc loc)
{
    sc_expr *e = mk(p, EX_BINARY, loc);
    if (e) { e->op = op; e->lhs = l; e->rhs = r; }
    return deep(p, e);
}
static sc_stmt *st(sc_parser *p, sc_stmt_kind k, sc_loc loc) { return sc_stmt_new(p->arena, k, loc); }
static sc_expr *addr(sc_parser *p, const char *text, sc_loc loc);
static sc_expr *number(sc_parser *p, const char *text, sc_loc loc);
static uint64_t size_of(sc_parser *p, const char *text, sc_loc loc);
static void add_decl(sc_parser *p, sc_decl *d);
static void yyerror(YYLTYPE *loc, yyscan_t scanner, sc_parser *p, const char *msg);
}

%define api.pure full
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%lex-param {yyscan_t scanner}
%parse-param {yyscan_t scanner} {sc_parser *p}

%union {
    const char *str;
    sc_expr *expr;
    sc_stmt *stmt;
    sc_decl *decl;
    sc_expr_list elist;
    sc_stmt_list slist;
    struct { sc_stmt *head, *tail; } chain; /* an else-if chain: its first arm and its last */
}

%token POLICY "policy" IMPORT "import" CONST "const" SET "set" MAP "map"
%token SOCKMAP "sockmap" SOCKHASH "sockhash" ON "on" IN "in" CGROUP "cgroup"
%token IF "if" ELSE "else" ALLOW "allow" DENY "deny" PASS "pass" DROP "drop"
%token REWRITE "rewrite" BIND "bind" DELETE "delete" ASSIGN "assign"
%token REDIRECT "redirect" TRACK "track" EGRESS "egress" COUNT "count"
%token AND "and" OR "or" NOT "not"
%token EQ "==" NE "!=" LE "<=" GE ">=" DOTDOT ".."
%token <str> IDENT "identifier" NUMBER "number" ADDR "address" STRING "string"

%type <expr> expr primary postfix set_body
%type <elist> items items1
%type <stmt> stmt if_stmt
%type <chain> if_chain
%type <slist> stmts block
%type <decl> decl hook_head
%type <str> hook_name

%left OR
%left AND
%precedence NOT
%nonassoc EQ NE '<' LE '>' GE IN
%nonassoc DOTDOT

%%

/* A short-form hook (`on connect: bind vip; ...`) owns the statements that follow it
 * at the top level, up to the next declaration. */
file:
    %empty
  | file decl           { add_decl(p, $2); p->open_hook = NULL; }
  | file hook_head ':'  { add_decl(p, $2); if ($2) { $2->short_form = true; } p->open_hook = $2; }
  | file stmt           { if (!$2) {}
                          else if (p->open_hook) sc_stmt_list_push(A, &p->open_hook->body, $2);
                          else if (!p->recovering)
                              sc_error(p->diag, @2, "statement outside of a hook; start one with 'on HOOK:' or 'on HOOK { ... }'"); }
  | file error ';'
  | file error          /* resynchronise at the next declaration or hook */
  ;

decl:
    POLICY STRING ';'   { $$ = sc_decl_new(A, DC_POLICY, @1); if ($$) { $$->name = $2; $$->name_loc = @2; } }
  | IMPORT STRING ';'   { $$ = sc_decl_new(A, DC_IMPORT, @1); if ($$) { $$->name = $2; $$->name_loc = @2; } }
  | CONST IDENT '=' expr ';'
                        { $$ = sc_decl_new(A, DC_CONST, @1); if ($$) { $$->name = $2; $$->name_loc = @2; $$->value = $4; } }
  | SET IDENT '=' set_body ';'
                        { $$ = sc_decl_new(A, DC_SET, @1); if ($$) { $$->name = $2; $$->name_loc = @2; $$->value = $4; } }
  | MAP IDENT ':' IDENT '<' IDENT ',' IDENT '>' '[' NUMBER ']' ';'
                        { $$ = sc_decl_new(A, DC_MAP, @1);
                          if ($$) { $$->name = $2; $$->name_loc = @2; $$->map_kind = $4; $$->kind_loc = @4; $$->key_type = $6; $$->key_loc = @6;
                                    $$->value_type = $8; $$->value_loc = @8; $$->max_entries = size_of(p, $11, @11); $$->size_loc = @11; } }
  | SOCKMAP IDENT '[' NUMBER ']' ';'
                        { $$ = sc_decl_new(A, DC_SOCKMAP, @1);
                          if ($$) { $$->name = $2; $$->name_loc = @2; $$->max_entries = size_of(p, $4, @4); $$->size_loc = @4; } }
  | SOCKHASH IDENT '<' IDENT '>' '[' NUMBER ']' ';'
                        { $$ = sc_decl_new(A, DC_SOCKHASH, @1);
                          if ($$) { $$->name = $2; $$->name_loc = @2; $$->key_type = $4; $$->key_loc = @4;
                                    $$->max_entries = size_of(p, $7, @7); $$->size_loc = @7; } }
  | hook_head block     { $$ = $1; if ($$) $$->body = $2; }
  ;

hook_head:
    ON hook_name        { $$ = sc_decl_new(A, DC_HOOK, @1); if ($$) { $$->name = $2; $$->name_loc = @2; } }
  | ON hook_name IN CGROUP STRING
                        { $$ = sc_decl_new(A, DC_HOOK, @1);
                          if ($$) { $$->name = $2; $$->name_loc = @2; $$->target_kind = "cgroup"; $$->target = $5; $$->target_loc = @5; } }
  | ON hook_name IN IDENT
                        { $$ = sc_decl_new(A, DC_HOOK, @1);
                          if ($$) { $$->name = $2; $$->name_loc = @2; $$->target_kind = "map"; $$->target = $4; $$->target_loc = @4; } }
  ;

hook_name:
    IDENT               { $$ = $1; }
  | BIND                { $$ = "bind"; }
  ;

block:
    '{' { if (++p->depth == SC_MAX_NESTING + 1) sc_error(p->diag, @1, "blocks nested deeper than %d", SC_MAX_NESTING);
          if (p->depth <= SC_MAX_NESTING) p->blocks[p->depth] = @1; }
    stmts '}'           { $$ = $3; p->depth--; }
  ;

stmts:
    %empty              { $$ = (sc_stmt_list){0}; }
  | stmts stmt          { $$ = $1; if ($2) sc_stmt_list_push(A, &$$, $2); }
  | stmts error ';'     { $$ = $1; }
  | stmts error         { $$ = $1; /* resynchronise at the next statement or '}' */ }
  ;

stmt:
    ALLOW ';'           { $$ = st(p, ST_ALLOW, @1); }
  | DENY ';'            { $$ = st(p, ST_DENY, @1); }
  | PASS ';'            { $$ = st(p, ST_PASS, @1); }
  | DROP ';'            { $$ = st(p, ST_DROP, @1); }
  | if_stmt             { $$ = $1; }
  | REWRITE postfix expr ';'
                        { $$ = st(p, ST_REWRITE, @$); if ($$) { $$->target = $2; $$->value = $3; } }
  | BIND expr ';'       { $$ = st(p, ST_BIND, @$); if ($$) $$->value = $2; }
  | postfix '=' expr ';'
                        { $$ = st(p, ST_MAPSET, @$); if ($$) { $$->target = $1; $$->value = $3; } }
  | DELETE postfix ';'  { $$ = st(p, ST_DELETE, @$); if ($$) $$->target = $2; }
  | ASSIGN postfix ';'  { $$ = st(p, ST_ASSIGN, @$); if ($$) $$->target = $2; }
  | ASSIGN postfix OR PASS ';'
                        { $$ = st(p, ST_ASSIGN, @$); if ($$) { $$->target = $2; $$->or_pass = true; } }
  | REDIRECT postfix ';'
                        { $$ = st(p, ST_REDIRECT, @$); if ($$) $$->target = $2; }
  | REDIRECT postfix EGRESS ';'
                        { $$ = st(p, ST_REDIRECT, @$); if ($$) { $$->target = $2; $$->egress = true; } }
  | TRACK postfix ';'   { $$ = st(p, ST_TRACK, @$); if ($$) $$->target = $2; }
  | COUNT postfix ';'   { $$ = st(p, ST_COUNT, @$); if ($$) $$->target = $2; }
  | COUNT ';'           { sc_error(p->diag, @2, "count needs a counter's name: 'count NAME;'"); $$ = NULL; }
  | COUNT STRING ';'    { sc_error(p->diag, @2, "a counter's name is written without quotes: 'count %s;'", $2); $$ = NULL; }
  ;

/* An else-if chain is read arm by arm (left recursion: the parser's stack stays flat
 * however long it is), each arm the else of the one before, located from its `if` to
 * its block's end. */
if_stmt:
    if_chain            { $$ = $1.head; }
  | if_chain ELSE block { $$ = $1.head; if ($1.tail) $1.tail->els = $3; }
  ;

if_chain:
    IF expr block       { $$.head = $$.tail = st(p, ST_IF, @$); if ($$.tail) { $$.tail->cond = $2; $$.tail->then = $3; } }
  | if_chain ELSE IF expr block
                        { sc_loc at = @3;
                          at.end_line = @5.end_line, at.end_col = @5.end_col;
                          sc_stmt *arm = st(p, ST_IF, at);
                          $$ = $1;
                          if (arm) { arm->cond = $4; arm->then = $5; }
                          if (arm && $1.tail && sc_stmt_list_push(A, &$1.tail->els, arm))
                              $$.tail = arm; }
  ;

expr:
    postfix             { $$ = $1; }
  | expr OR expr        { $$ = bin(p, OP_OR, $1, $3, @$); }
  | expr AND expr       { $$ = bin(p, OP_AND, $1, $3, @$); }
  | NOT expr            { $$ = mk(p, EX_NOT, @$); if ($$) $$->lhs = $2; $$ = deep(p, $$); }
  | expr EQ expr        { $$ = bin(p, OP_EQ, $1, $3, @$); }
  | expr NE expr        { $$ = bin(p, OP_NE, $1, $3, @$); }
  | expr '<' expr       { $$ = bin(p, OP_LT, $1, $3, @$); }
  | expr LE expr        { $$ = bin(p, OP_LE, $1, $3, @$); }
  | expr '>' expr       { $$ = bin(p, OP_GT, $1, $3, @$); }
  | expr GE expr        { $$ = bin(p, OP_GE, $1, $3, @$); }
  | expr IN expr        { $$ = bin(p, OP_IN, $1, $3, @$); }
  | expr DOTDOT expr    { $$ = mk(p, EX_RANGE, @$); if ($$) { $$->lhs = $1; $$->rhs = $3; } $$ = deep(p, $$); }
  ;

postfix:
    primary             { $$ = $1; }
  | postfix '.' IDENT   { $$ = mk(p, EX_MEMBER, @$); if ($$) { $$->lhs = $1; $$->name = $3; } $$ = deep(p, $$); }
  | postfix '[' expr ']'
                        { $$ = mk(p, EX_INDEX, @$); if ($$) { $$->lhs = $1; $$->rhs = $3; } $$ = deep(p, $$); }
  ;

primary:
    ADDR                { $$ = addr(p, $1, @1); }
  | NUMBER              { $$ = number(p, $1, @1); }
  | IDENT               { $$ = mk(p, EX_NAME, @1); if ($$) $$->name = $1; }
  | '(' expr ')'        { $$ = $2; }
  | set_body            { $$ = $1; }
  ;

set_body:
    '{' items '}'       { $$ = mk(p, EX_SET, @$); if ($$) $$->items = $2; }
  ;

items:
    %empty              { $$ = (sc_expr_list){0}; }
  | items1              { $$ = $1; }
  | items1 ','          { $$ = $1; }
  ;

items1:
    expr                { $$ = (sc_expr_list){0}; if ($1) sc_expr_list_push(A, &$$, $1); }
  | items1 ',' expr     { $$ = $1; if ($3) sc_expr_list_push(A, &$$, $3); }
  ;

%%

static sc_expr *addr(sc_parser *p, const char *text, sc_loc loc)
{
    sc_expr *e = mk(p, EX_ADDR, loc);
    if (!e)
        return NULL;
    const char *err = sc_addr_parse(text, &e->addr);
    if (err) {
        sc_error(p->diag, loc, "%s: '%s'", err, text);
        e->poisoned = true; /* reported: later passes stay quiet about it */
    }
    return e;
}

static sc_expr *number(sc_parser *p, const char *text, sc_loc loc)
{
    sc_expr *e = mk(p, EX_NUM, loc);
    if (!e)
        return NULL;
    uint64_t v = 0;
    if (sc_number_parse(text, &v)) /* the scanner took digits alone */
        sc_error(p->diag, loc, "number too large: '%s'", text);
    e->num = v;
    return e;
}

static uint64_t size_of(sc_parser *p, const char *text, sc_loc loc)
{
    uint64_t v = 0;
    if (sc_number_parse(text, &v) || v == 0 || v > UINT32_MAX) {
        sc_error(p->diag, loc, "size must be 1..%u: '%s'", UINT32_MAX, text);
        return 1;
    }
    return v;
}

static void add_decl(sc_parser *p, sc_decl *d)
{
    if (d) {
        d->module = p->module;
        sc_decl_list_push(p->arena, &p->module->decls, d);
    }
}

static void yyerror(YYLTYPE *loc, yyscan_t scanner, sc_parser *p, const char *msg)
{
    if (strcmp(msg, "memory exhausted") == 0) /* the parser's stack, YYMAXDEPTH (10,000) deep */
        sc_error(p->diag, *loc, "nested too deeply for the parser, whose stack holds 10,000 levels (of parentheses "
                                "or 'not's, one inside another)");
    else
        sc_error(p->diag, *loc, "%s", msg);
}

/* Token names as a reader writes them: 'policy', ';', an identifier. */
static void token_text(char *buf, size_t len, yysymbol_kind_t k)
{
    const char *n = yysymbol_name(k);
    if (k == YYSYMBOL_YYEOF)
        snprintf(buf, len, "end of file");
    else if (k == YYSYMBOL_IDENT || k == YYSYMBOL_ADDR)
        snprintf(buf, len, "an %s", n);
    else if (k == YYSYMBOL_NUMBER || k == YYSYMBOL_STRING)
        snprintf(buf, len, "a %s", n);
    else if (n[0] == '\'')
        snprintf(buf, len, "%s", n);
    else if (n[0] == '"') /* bison quotes some aliases itself */
        snprintf(buf, len, "'%.*s'", (int)strlen(n) - 2, n + 1);
    else
        snprintf(buf, len, "'%s'", n);
}

static bool expects(const yysymbol_kind_t *e, int n, yysymbol_kind_t k)
{
    for (int i = 0; i < n; i++)
        if (e[i] == k)
            return true;
    return false;
}

static bool is_char(yysymbol_kind_t k, char c)
{
    const char *n = yysymbol_name(k);
    return n[0] == '\'' && n[1] == c && n[2] == '\'';
}

static bool expects_char(const yysymbol_kind_t *e, int n, char c)
{
    for (int i = 0; i < n; i++)
        if (is_char(e[i], c))
            return true;
    return false;
}

/* The source text of a one-line location (at most 40 characters), or NULL. */
static const char *loc_text(sc_parser *p, const sc_loc *loc, int *len)
{
    const sc_source *src = sc_diag_source(p->diag, loc->file);
    if (!src || loc->line != loc->end_line || loc->end_col - loc->col > 40 || loc->end_col <= loc->col)
        return NULL;
    const char *s = src->text;
    for (int l = 1; l < loc->line && *s; l++)
        s = strchr(s, '\n') ? strchr(s, '\n') + 1 : s + strlen(s);
    *len = loc->end_col - loc->col;
    return s + loc->col - 1;
}

static bool same_place(sc_loc a, sc_loc b) { return a.file == b.file && a.line == b.line && a.col == b.col; }

static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, sc_parser *p)
{
    enum { MAX = 7, ALL = YYNTOKENS };
    yysymbol_kind_t expected[ALL];
    int n = yypcontext_expected_tokens(ctx, expected, ALL);
    if (n < 0)
        n = 0;
    yysymbol_kind_t found = yypcontext_token(ctx);
    const sc_loc *loc = yypcontext_location(ctx);
    bool cascade = p->recovering;
    p->recovering = true; /* until the next declaration parses */
    bool quiet = p->quiet_tok.line && (same_place(p->quiet_tok, p->last_tok) || same_place(p->quiet_tok, p->prev_tok));
    p->quiet_tok.line = 0;
    if (quiet) /* the scanner already said what is wrong here */
        return 0;
    char t[64], f[128] = "";
    if (found != YYSYMBOL_YYEMPTY) {
        token_text(t, sizeof t, found);
        int len;
        const char *text = found == YYSYMBOL_IDENT || found == YYSYMBOL_NUMBER || found == YYSYMBOL_ADDR ||
                                   found == YYSYMBOL_STRING
                               ? loc_text(p, loc, &len)
                               : NULL;
        if (text)
            snprintf(f, sizeof f, ", found %s '%.*s'", t, len, text);
        else
            snprintf(f, sizeof f, ", found %s", t);
    }
    /* the common cases, said the way a person would */
    if (found == YYSYMBOL_ELSE) {
        sc_error(p->diag, *loc, "'else' without an 'if' before it");
        return 0;
    }
    if (n > 0 && n < MAX && expects(expected, n, YYSYMBOL_IDENT) && expects(expected, n, YYSYMBOL_BIND) && n == 2) {
        sc_error(p->diag, *loc, "expected a hook name after 'on' (connect, bind, sendmsg, lookup, ...)%s", f);
        return 0;
    }
    if (found == YYSYMBOL_YYEOF && p->depth > 0 && p->depth <= SC_MAX_NESTING) {
        sc_error(p->diag, *loc, "expected '}' to close the block opened at line %d", p->blocks[p->depth].line);
        sc_note(p->diag, p->blocks[p->depth], "the block opens here");
        return 0;
    }
    /* a missing ';' belongs right after the previous token, not where the next one is */
    if (expects_char(expected, n, ';') &&
        (found == YYSYMBOL_YYEOF || loc->line > p->prev_tok.end_line || is_char(found, '}'))) {
        sc_loc at = p->prev_tok;
        at.line = at.end_line;
        at.col = at.end_col;
        sc_error(p->diag, at, "expected ';'%s", f);
        return 0;
    }
    if (cascade && is_char(found, '}'))
        return 0; /* a brace left over from the error before */
    /* where a statement or an operand goes, say so, rather than list what can start one */
    if (expects(expected, n, YYSYMBOL_DENY)) {
        sc_error(p->diag, *loc, "expected a statement (allow, deny, if, rewrite, ...)%s%s", f,
                 is_char(found, ';') ? " (there is no empty statement)" : "");
        return 0;
    }
    if (expects(expected, n, YYSYMBOL_ADDR) && expects(expected, n, YYSYMBOL_NUMBER) && expects(expected, n, YYSYMBOL_IDENT)) {
        static const yysymbol_kind_t stmts[] = {YYSYMBOL_ALLOW,  YYSYMBOL_DENY,   YYSYMBOL_PASS,     YYSYMBOL_DROP,
                                                YYSYMBOL_REWRITE, YYSYMBOL_BIND,  YYSYMBOL_DELETE,   YYSYMBOL_ASSIGN,
                                                YYSYMBOL_REDIRECT, YYSYMBOL_TRACK, YYSYMBOL_COUNT, YYSYMBOL_IF};
        bool stmt = expects(stmts, (int)(sizeof stmts / sizeof stmts[0]), found); /* `if { deny; }` */
        sc_error(p->diag, *loc, "expected a value (an address, a number, a name)%s%s", f,
                 stmt                            ? "; is a condition or value before '{' missing?"
                 : found == YYSYMBOL_STRING      ? "; addresses and numbers are written without quotes"
                 : is_char(found, '=')           ? " (rewrite and bind take no '=': 'rewrite dst.ip 10.0.0.5;')"
                                                 : "");
        return 0;
    }
    char msg[512] = "";
    size_t off = 0;
    if (n > 0 && n < MAX) {
        off += (size_t)snprintf(msg, sizeof msg, "expected ");
        for (int i = 0; i < n && off < sizeof msg; i++) {
            token_text(t, sizeof t, expected[i]);
            off += (size_t)snprintf(msg + off, sizeof msg - off, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", t);
        }
        snprintf(msg + off, sizeof msg - off, "%s", f);
    } else {
        /* many tokens fit here; name the closing ones, which are what is usually missing */
        static const char closers[] = ")]}";
        char want[16] = "";
        size_t w = 0;
        for (int i = 0; i < n; i++) {
            const char *nm = yysymbol_name(expected[i]);
            if (nm[0] == '\'' && strchr(closers, nm[1]) && w + 1 < sizeof want)
                want[w++] = nm[1];
        }
        if (w == 1)
            snprintf(msg, sizeof msg, "expected '%c' (or an operator)%s", want[0], f);
        else if (found == YYSYMBOL_YYEMPTY)
            snprintf(msg, sizeof msg, "unexpected token");
        else /* ", found a string '...'": "unexpected string '...'" */
            snprintf(msg, sizeof msg, "unexpected %s", f + 8 + (strncmp(f + 8, "a ", 2) == 0 ? 2 : strncmp(f + 8, "an ", 3) == 0 ? 3 : 0));
    }
    sc_error(p->diag, *loc, "%s", msg);
    return 0;
}
