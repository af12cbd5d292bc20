#include "meta.h"

#include "arena.h"
#include "bigmem.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROW(arr, n) grow((void **)&(arr), (n), sizeof *(arr))

/* Makes room for element n (the count before the append): capacity is 4, then
 * doubles whenever n reaches a power of two. */
static int grow(void **arr, size_t n, size_t elem)
{
    if (n != 0 && (n < 4 || (n & (n - 1)) != 0))
        return 0;
    size_t cap = n ? n * 2 : 4;
    void *p = sc_big_realloc(*arr, cap * elem);
    if (!p)
        return -1;
    *arr = p;
    return 0;
}

static char *dup(const char *s) { return strdup(s ? s : ""); }

int sc_meta_set(char **field, const char *value)
{
    free(*field);
    *field = dup(value);
    return *field ? 0 : -1;
}

int sc_meta_add_prog(sc_meta *m, const char *fn, const char *section, const char *hook, int family, const char *target)
{
    if (GROW(m->progs, m->nprogs) < 0)
        return -1;
    sc_meta_prog *p = &m->progs[m->nprogs++];
    p->fn = dup(fn);
    p->section = dup(section);
    p->hook = dup(hook);
    p->family = family;
    p->target = dup(target);
    return 0;
}

int sc_meta_add_map(sc_meta *m, const char *name, const char *kind, const char *key, const char *value,
                    uint32_t max_entries, const char *origin)
{
    if (GROW(m->maps, m->nmaps) < 0)
        return -1;
    sc_meta_map *p = &m->maps[m->nmaps++];
    p->name = dup(name);
    p->kind = dup(kind);
    p->key = dup(key);
    p->value = dup(value);
    p->origin = dup(origin);
    p->max_entries = max_entries;
    return 0;
}

static sc_meta_fill *fill_new(sc_meta *m, size_t klen, size_t vlen)
{
    if (GROW(m->fills, m->nfills) < 0)
        return NULL;
    sc_meta_fill *f = &m->fills[m->nfills++];
    *f = (sc_meta_fill){.map = "", .key_len = klen, .value_len = vlen};
    return f;
}

/* A fill in the meta's arena: the map's name, then room for klen and vlen bytes. The
 * 200,000 fills of 100,000 bindings were as many mallocs at apply, and 3,300 page
 * faults. */
static sc_meta_fill *fill_block(sc_meta *m, const char *map, size_t klen, size_t vlen)
{
    size_t nlen = strlen(map ? map : "") + 1;
    if (!m->arena && !(m->arena = sc_arena_new()))
        return NULL;
    char *block = sc_arena_alloc(m->arena, nlen + klen + vlen);
    sc_meta_fill *f = block ? fill_new(m, klen, vlen) : NULL;
    if (!f)
        return NULL;
    f->map = memcpy(block, map ? map : "", nlen);
    f->key = (uint8_t *)block + nlen;
    f->value = (uint8_t *)block + nlen + klen;
    return f;
}

int sc_meta_add_fill(sc_meta *m, const char *map, const void *key, size_t klen, const void *value, size_t vlen)
{
    sc_meta_fill *f = fill_block(m, map, klen, vlen);
    if (!f)
        return -1;
    memcpy((void *)f->key, key, klen);
    memcpy((void *)f->value, value, vlen);
    return 0;
}

int sc_meta_add_fill_ref(sc_meta *m, const char *map, const void *key, size_t klen, const void *value, size_t vlen)
{
    sc_meta_fill *f = fill_new(m, klen, vlen);
    if (!f)
        return -1;
    f->map = map, f->key = key, f->value = value;
    return 0;
}

int sc_meta_add_rule(sc_meta *m, const char *fn, unsigned line)
{
    if (GROW(m->rules, m->nrules) < 0)
        return -1;
    m->rules[m->nrules].fn = dup(fn);
    m->rules[m->nrules++].line = line;
    return 0;
}

int sc_meta_add_counter(sc_meta *m, const char *name)
{
    if (GROW(m->counters, m->ncounters) < 0)
        return -1;
    m->counters[m->ncounters] = dup(name);
    return m->counters[m->ncounters++] ? 0 : -1;
}

int sc_meta_add_member(sc_meta *m, const char *set, const char *text)
{
    if (GROW(m->members, m->nmembers) < 0)
        return -1;
    struct sc_meta_member *p = &m->members[m->nmembers];
    p->set = dup(set), p->text = dup(text);
    if (!p->set || !p->text) {
        free(p->set), free(p->text);
        return -1;
    }
    m->nmembers++;
    return 0;
}

void sc_meta_set_base(const char *set, char *buf, size_t len)
{
    const char *dot = strchr(set, '.');
    if (dot)
        snprintf(buf, len, "%.*s__%s", (int)(dot - set), set, dot + 1);
    else
        snprintf(buf, len, "%s", set);
}

/* --- writing ------------------------------------------------------------------ */

/* The text being written: a buffer that doubles, and whether an append failed. */
typedef struct out {
    char *p;
    size_t n, cap;
    bool failed;
} out;

/* Room for n more bytes, or NULL (and o->failed) */
static char *room(out *o, size_t n)
{
    if (o->failed)
        return NULL;
    if (o->cap - o->n < n) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap - o->n < n)
            cap *= 2;
        char *p = sc_big_realloc(o->p, cap);
        if (!p) {
            o->failed = true;
            return NULL;
        }
        o->p = p, o->cap = cap;
    }
    return o->p + o->n;
}

static void put(out *o, const char *s, size_t n)
{
    char *at = room(o, n);
    if (at)
        memcpy(at, s, n), o->n += n;
}

static void put_str(out *o, const char *s) { put(o, s, strlen(s)); }

static void put_fmt(out *o, const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put(o, buf, n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void put_field(out *o, const char *s)
{
    put(o, " ", 1);
    if (!s || !*s) {
        put_str(o, "%-"); /* an empty field */
        return;
    }
    for (const char *run = s;; s++) { /* runs of plain characters, escapes between */
        unsigned char c = (unsigned char)*s;
        if (c && c > ' ' && c != '%' && c < 0x7f)
            continue;
        put(o, run, (size_t)(s - run));
        if (!c)
            return;
        put_fmt(o, "%%%02x", c);
        run = s + 1;
    }
}

/* The zero bytes from b[i] on, before b[n]; eight at a time, for a flat trie's root is
 * hundreds of KiB of them. */
static size_t zero_run(const uint8_t *b, size_t i, size_t n)
{
    size_t at = i;
    for (uint64_t w; at + 8 <= n && (memcpy(&w, b + at, 8), w == 0);)
        at += 8;
    while (at < n && b[at] == 0)
        at++;
    return at - i;
}

/* The decimal digits of v, written backwards to end at end: where they start. */
static char *decimal(char *end, uint64_t v)
{
    do
        *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

/* " N", N in decimal. */
static void put_uint(out *o, uint64_t v)
{
    char buf[24], *at = decimal(buf + sizeof buf, v);
    *--at = ' ';
    put(o, at, (size_t)(buf + sizeof buf - at));
}

static void put_hex(out *o, const uint8_t *b, size_t n)
{
    /* at most two characters a byte: a run of z >= 8 zeros is "z", its digits and "." */
    char *at = room(o, 2 * n + 3), *start = at;
    if (!at)
        return;
    *at++ = ' ';
    if (n == 0)
        *at++ = '%', *at++ = '-'; /* an empty field, as put_field writes one */
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n;) {
        size_t zeros = b[i] ? 0 : zero_run(b, i, n);
        if (zeros >= SC_META_ZERO_RUN_MIN) { /* a flat trie's root is mostly zeros */
            char run[24], *d = decimal(run + sizeof run, zeros);
            *at++ = 'z';
            memcpy(at, d, (size_t)(run + sizeof run - d));
            at += run + sizeof run - d;
            *at++ = '.';
            i += zeros;
        } else if (zeros) {
            memset(at, '0', 2 * zeros);
            at += 2 * zeros, i += zeros;
        } else {
            at[0] = digits[b[i] >> 4], at[1] = digits[b[i] & 15];
            at += 2, i++;
        }
    }
    o->n += (size_t)(at - start);
}

int sc_meta_write(const sc_meta *m, char **buf, size_t *len)
{
    out o = {0};
    put_fmt(&o, "sockc-object %d\n", SC_META_FORMAT);
    put_str(&o, "compiler"), put_field(&o, m->compiler), put(&o, "\n", 1);
    put_str(&o, "policy"), put_field(&o, m->policy), put(&o, "\n", 1);
    put_str(&o, "source"), put_field(&o, m->source), put(&o, "\n", 1);
    for (size_t i = 0; i < m->nprogs; i++) {
        const sc_meta_prog *p = &m->progs[i];
        put_str(&o, "prog"), put_field(&o, p->fn), put_field(&o, p->section), put_field(&o, p->hook);
        put_fmt(&o, " %d", p->family), put_field(&o, p->target), put(&o, "\n", 1);
    }
    for (size_t i = 0; i < m->nmaps; i++) {
        const sc_meta_map *p = &m->maps[i];
        put_str(&o, "map"), put_field(&o, p->name), put_field(&o, p->kind), put_field(&o, p->key);
        put_field(&o, p->value), put_uint(&o, p->max_entries), put_field(&o, p->origin), put(&o, "\n", 1);
    }
    for (size_t i = 0; i < m->nfills; i++) {
        const sc_meta_fill *p = &m->fills[i];
        put_str(&o, "fill"), put_field(&o, p->map), put_hex(&o, p->key, p->key_len);
        put_hex(&o, p->value, p->value_len), put(&o, "\n", 1);
    }
    for (size_t i = 0; i < m->nrules; i++)
        put_str(&o, "rule"), put_field(&o, m->rules[i].fn), put_uint(&o, m->rules[i].line), put(&o, "\n", 1);
    for (size_t i = 0; i < m->ncounters; i++)
        put_str(&o, "counter"), put_field(&o, m->counters[i]), put(&o, "\n", 1);
    for (size_t i = 0; i < m->nmembers; i++)
        put_str(&o, "member"), put_field(&o, m->members[i].set), put_field(&o, m->members[i].text), put(&o, "\n", 1);
    if (room(&o, 1))
        o.p[o.n] = '\0'; /* as open_memstream left it: the caller keeps the NUL */
    if (o.failed) {
        free(o.p);
        return -1;
    }
    *buf = o.p, *len = o.n;
    return 0;
}

/* --- reading ------------------------------------------------------------------ */

typedef struct reader {
    char *fields[8];
    int n;
} reader;

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Splits line in place into %-unescaped fields. */
static int split(char *line, reader *r)
{
    r->n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (r->n == 8)
            return -1;
        char *o = tok;
        if (strcmp(tok, "%-") == 0) {
            *tok = '\0';
        } else {
            for (char *s = tok; *s; s++) {
                if (*s == '%') {
                    int h = hexval(s[1]), l = h < 0 ? -1 : hexval(s[2]);
                    if (l < 0)
                        return -1;
                    *o++ = (char)(h * 16 + l);
                    s += 2;
                } else {
                    *o++ = *s;
                }
            }
            *o = '\0';
        }
        r->fields[r->n++] = tok;
    }
    return 0;
}

/* The length in bytes of a hex field (with zN. runs), or -1 when it is malformed or
 * longer than what is *left of the object's SC_META_MAX_FILL_BYTES (then taken from
 * *left). */
static long long hex_len(const char *s, size_t *left)
{
    size_t len = 0;
    for (const char *p = s; *p;) {
        if (*p == 'z') {
            char *end;
            errno = 0;
            unsigned long long z = strtoull(p + 1, &end, 10);
            if (end == p + 1 || *end != '.' || errno || z > *left)
                return -1;
            len += z, p = end + 1;
        } else if (hexval(p[0]) >= 0 && hexval(p[1]) >= 0) {
            len++, p += 2;
        } else {
            return -1;
        }
        if (len > *left)
            return -1;
    }
    *left -= len;
    return (long long)len;
}

/* Decodes a field that hex_len accepted into b. */
static void hex_decode(const char *s, uint8_t *b)
{
    for (const char *p = s; *p;) {
        if (*p == 'z') {
            char *end;
            size_t z = strtoull(p + 1, &end, 10);
            memset(b, 0, z);
            b += z, p = end + 1;
        } else {
            *b++ = (uint8_t)(hexval(p[0]) * 16 + hexval(p[1]));
            p += 2;
        }
    }
}

/* A fill record's key and value, decoded straight into the fill's block. */
static int parse_fill(sc_meta *m, const reader *r, size_t *left)
{
    long long kl = hex_len(r->fields[2], left), vl = kl < 0 ? -1 : hex_len(r->fields[3], left);
    if (vl < 0)
        return 1;
    sc_meta_fill *f = fill_block(m, r->fields[1], (size_t)kl, (size_t)vl);
    if (!f)
        return -1;
    hex_decode(r->fields[2], (uint8_t *)f->key);
    hex_decode(r->fields[3], (uint8_t *)f->value);
    return 0;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

int sc_meta_parse(const char *buf, size_t len, sc_meta *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    char *text = sc_big_realloc(NULL, len + 1); /* a copy to cut into lines: 15 MB at scale */
    if (!text)
        return fail(err, errlen, "out of memory");
    memcpy(text, buf, len);
    text[len] = '\0';
    int rc = 0;
    unsigned lineno = 0;
    size_t fill_left = SC_META_MAX_FILL_BYTES;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        reader r;
        if (split(line, &r) < 0 || r.n == 0) {
            rc = fail(err, errlen, "sockc metadata: malformed line %u", lineno);
            break;
        }
        const char *k = r.fields[0];
        if (lineno == 1) {
            if (strcmp(k, "sockc-object") != 0 || r.n != 2)
                rc = fail(err, errlen, "not a sockc object (no sockc metadata header)");
            else if ((out->format = atoi(r.fields[1])) != SC_META_FORMAT)
                rc = fail(err, errlen, "sockc object format %d; this sockc reads format %d: recompile the policy",
                          out->format, SC_META_FORMAT);
        } else if (strcmp(k, "compiler") == 0 && r.n == 2) {
            rc = sc_meta_set(&out->compiler, r.fields[1]);
        } else if (strcmp(k, "policy") == 0 && r.n == 2) {
            rc = sc_meta_set(&out->policy, r.fields[1]);
        } else if (strcmp(k, "source") == 0 && r.n == 2) {
            rc = sc_meta_set(&out->source, r.fields[1]);
        } else if (strcmp(k, "prog") == 0 && r.n == 6) {
            rc = sc_meta_add_prog(out, r.fields[1], r.fields[2], r.fields[3], atoi(r.fields[4]), r.fields[5]);
        } else if (strcmp(k, "map") == 0 && r.n == 7) {
            rc = sc_meta_add_map(out, r.fields[1], r.fields[2], r.fields[3], r.fields[4],
                                 (uint32_t)strtoul(r.fields[5], NULL, 10), r.fields[6]);
        } else if (strcmp(k, "fill") == 0 && r.n == 4) {
            rc = parse_fill(out, &r, &fill_left);
            if (rc > 0)
                rc = fail(err, errlen, "sockc metadata: bad hex (or fills past %u MiB in all) on line %u",
                          SC_META_MAX_FILL_BYTES >> 20, lineno);
        } else if (strcmp(k, "rule") == 0 && r.n == 3) {
            rc = sc_meta_add_rule(out, r.fields[1], (unsigned)strtoul(r.fields[2], NULL, 10));
        } else if (strcmp(k, "counter") == 0 && r.n == 2) {
            rc = sc_meta_add_counter(out, r.fields[1]);
        } else if (strcmp(k, "member") == 0 && r.n == 3) {
            rc = sc_meta_add_member(out, r.fields[1], r.fields[2]);
        } else {
            rc = fail(err, errlen, "sockc metadata: unknown record '%s' on line %u", k, lineno);
        }
        if (rc < 0 && !err[0])
            fail(err, errlen, "out of memory");
    }
    if (rc == 0 && lineno == 0)
        rc = fail(err, errlen, "empty sockc metadata");
    free(text);
    if (rc < 0)
        sc_meta_free(out);
    return rc;
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

int sc_meta_attach(char **obj, size_t *len, const char *text, size_t tlen, char *err, size_t errlen)
{
    Elf64_Ehdr eh;
    const uint16_t one = 1;
    const unsigned char host = *(const unsigned char *)&one ? ELFDATA2LSB : ELFDATA2MSB;
    if (*len < sizeof eh)
        return fail(err, errlen, "not an ELF object");
    memcpy(&eh, *obj, sizeof eh);
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
        eh.e_ident[EI_DATA] != host || eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0 ||
        eh.e_shnum >= SHN_LORESERVE - 1 || eh.e_shstrndx >= eh.e_shnum || eh.e_shoff > *len ||
        (*len - eh.e_shoff) / sizeof(Elf64_Shdr) < eh.e_shnum)
        return fail(err, errlen, "not an ELF64 object of this machine's byte order with section headers");
    Elf64_Shdr names;
    memcpy(&names, *obj + eh.e_shoff + eh.e_shstrndx * sizeof names, sizeof names);
    if (names.sh_offset > *len || *len - names.sh_offset < names.sh_size || names.sh_size > UINT32_MAX)
        return fail(err, errlen, "the object's section-name table lies outside it");
    size_t at_text = align8(*len), at_names = at_text + tlen, nlen = sizeof SC_META_SECTION,
           at_headers = align8(at_names + names.sh_size + nlen),
           total = at_headers + (eh.e_shnum + 1u) * sizeof(Elf64_Shdr);
    char *o = sc_big_realloc(*obj, total);
    if (!o)
        return fail(err, errlen, "out of memory");
    memset(o + *len, 0, at_text - *len); /* the padding before the text and the headers */
    memcpy(o + at_text, text, tlen);
    memcpy(o + at_names, o + names.sh_offset, names.sh_size);
    memcpy(o + at_names + names.sh_size, SC_META_SECTION, nlen);
    memset(o + at_names + names.sh_size + nlen, 0, at_headers - (at_names + names.sh_size + nlen));
    memcpy(o + at_headers, o + eh.e_shoff, eh.e_shnum * sizeof(Elf64_Shdr));
    Elf64_Shdr meta = {.sh_name = (Elf64_Word)names.sh_size, .sh_type = SHT_PROGBITS, .sh_offset = at_text,
                       .sh_size = tlen, .sh_addralign = 1};
    names.sh_offset = at_names;
    names.sh_size += nlen;
    memcpy(o + at_headers + eh.e_shstrndx * sizeof names, &names, sizeof names);
    memcpy(o + at_headers + eh.e_shnum * sizeof meta, &meta, sizeof meta);
    eh.e_shoff = at_headers;
    eh.e_shnum++;
    memcpy(o, &eh, sizeof eh);
    *obj = o, *len = total;
    return 0;
}

int sc_meta_from_object(const void *obj, size_t len, sc_meta *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (err && errlen)
        err[0] = '\0';
    if (elf_version(EV_CURRENT) == EV_NONE)
        return fail(err, errlen, "libelf: %s", elf_errmsg(-1));
    Elf *elf = elf_memory((char *)obj, len);
    if (!elf || elf_kind(elf) != ELF_K_ELF) {
        if (elf)
            elf_end(elf);
        return fail(err, errlen, "not an ELF object");
    }
    size_t shstrndx;
    int rc = fail(err, errlen, "no %s section: not an object made by sockc", SC_META_SECTION);
    if (elf_getshdrstrndx(elf, &shstrndx) == 0) {
        for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn; scn = elf_nextscn(elf, scn)) {
            GElf_Shdr sh;
            if (!gelf_getshdr(scn, &sh))
                continue;
            const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
            if (!name || strcmp(name, SC_META_SECTION) != 0)
                continue;
            Elf_Data *d = elf_getdata(scn, NULL);
            if (!d || !d->d_buf) {
                rc = fail(err, errlen, "%s section is empty", SC_META_SECTION);
                break;
            }
            /* The section holds a NUL-terminated string. */
            size_t n = strnlen(d->d_buf, d->d_size);
            err[0] = '\0';
            rc = sc_meta_parse(d->d_buf, n, out, err, errlen);
            break;
        }
    }
    elf_end(elf);
    return rc;
}

void sc_meta_free(sc_meta *m)
{
    free(m->compiler), free(m->policy), free(m->source);
    for (size_t i = 0; i < m->nprogs; i++)
        free(m->progs[i].fn), free(m->progs[i].section), free(m->progs[i].hook), free(m->progs[i].target);
    for (size_t i = 0; i < m->nmaps; i++)
        free(m->maps[i].name), free(m->maps[i].kind), free(m->maps[i].key), free(m->maps[i].value),
            free(m->maps[i].origin);
    sc_arena_free(m->arena);
    for (size_t i = 0; i < m->nrules; i++)
        free(m->rules[i].fn);
    for (size_t i = 0; i < m->ncounters; i++)
        free(m->counters[i]);
    free(m->counters);
    for (size_t i = 0; i < m->nmembers; i++)
        free(m->members[i].set), free(m->members[i].text);
    free(m->members);
    free(m->progs), free(m->maps), free(m->fills), free(m->rules);
    memset(m, 0, sizeof *m);
}

const sc_meta_map *sc_meta_find_map(const sc_meta *m, const char *name)
{
    for (size_t i = 0; i < m->nmaps; i++)
        if (strcmp(m->maps[i].name, name) == 0)
            return &m->maps[i];
    return NULL;
}

const sc_meta_prog *sc_meta_find_prog(const sc_meta *m, const char *fn)
{
    for (size_t i = 0; i < m->nprogs; i++)
        if (strcmp(m->progs[i].fn, fn) == 0)
            return &m->progs[i];
    return NULL;
}
