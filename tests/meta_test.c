/* meta_test: fill records through sc_meta_write and sc_meta_parse, with the zero runs
 * (zN.) that keep a flat trie's mostly-empty root small, and the reader's refusals;
 * the section added to an object (sc_meta_attach) read back through libelf; numbers
 * as `sockc map ... set` takes them (sc_vtype_parse); counter and member records; an
 * IPv4-mapped address undone (sc_addr_v4_unmapped). */
#include "layout.h"
#include "meta.h"
#include "netaddr.h"

#include <elf.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h> /* cmocka needs these before its header */
#include <cmocka.h>

static void roundtrip(const uint8_t *v, size_t n, const char *expect_text)
{
    sc_meta m = {0};
    assert_int_equal(sc_meta_set(&m.policy, "p"), 0);
    static const uint32_t key = 0;
    assert_int_equal(sc_meta_add_fill(&m, "set__v4", &key, sizeof key, v, n), 0);
    char *buf;
    size_t len;
    assert_int_equal(sc_meta_write(&m, &buf, &len), 0);
    if (expect_text)
        assert_non_null(strstr(buf, expect_text));
    sc_meta back = {0};
    char err[256] = "";
    assert_int_equal(sc_meta_parse(buf, len, &back, err, sizeof err), 0);
    assert_int_equal(back.nfills, 1);
    assert_int_equal(back.fills[0].value_len, n);
    assert_memory_equal(back.fills[0].value, v, n);
    assert_int_equal(back.fills[0].key_len, 4);
    free(buf);
    sc_meta_free(&m);
    sc_meta_free(&back);
}

static void test_zero_runs(void **state)
{
    (void)state;
    uint8_t v[64];
    for (size_t zeros = 0; zeros <= 20; zeros++)
        for (size_t at = 0; at + zeros <= sizeof v; at += 7) {
            memset(v, 0xab, sizeof v);
            memset(v + at, 0, zeros);
            roundtrip(v, sizeof v, NULL);
        }
    memset(v, 0, sizeof v);
    v[9] = 1;
    roundtrip(v, 10, " 00000000 z9.01\n"); /* 4 zero bytes (the key) stay hex */
    v[0] = 0xff;
    roundtrip(v, 3, " 00000000 ff0000\n");
    uint8_t *big = calloc(1, 300000);
    assert_non_null(big);
    big[299999] = 7;
    roundtrip(big, 300000, " 00000000 z299999.07\n");
    free(big);
}

static void refused(const char *fill)
{
    char text[512];
    snprintf(text, sizeof text, "sockc-object 1\npolicy p\n%s\n", fill);
    sc_meta m = {0};
    char err[256] = "";
    assert_int_not_equal(sc_meta_parse(text, strlen(text), &m, err, sizeof err), 0);
    assert_non_null(strstr(err, "bad hex"));
    sc_meta_free(&m);
}

static void test_bad_runs(void **state)
{
    (void)state;
    refused("fill m 00 z4");                 /* no dot */
    refused("fill m 00 z.00");               /* no count */
    refused("fill m 00 zx.");                /* not a number */
    refused("fill m 00 z99999999999999999999.");
    refused("fill m 00 z268435457.");        /* past 256 MiB */
    refused("fill m 00 0");                  /* half a byte */
    refused("fill m z200000000. z100000000."); /* 300 MiB together */
}

/* An ELF64 object of this machine's byte order with a section-name table and one
 * section (.text, 5 bytes), as a writer lays it out: the sections' data, then the
 * headers. */
static char *tiny_object(size_t *len)
{
    static const char names[] = "\0.shstrtab\0.text";
    const uint16_t one = 1;
    Elf64_Ehdr eh = {.e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
                                 *(const unsigned char *)&one ? ELFDATA2LSB : ELFDATA2MSB, EV_CURRENT},
                     .e_type = ET_REL, .e_machine = EM_BPF, .e_version = EV_CURRENT,
                     .e_ehsize = sizeof(Elf64_Ehdr), .e_shentsize = sizeof(Elf64_Shdr), .e_shnum = 3,
                     .e_shstrndx = 1};
    size_t at_text = sizeof eh, at_names = at_text + 5, at_sh = (at_names + sizeof names + 7) & ~7ul;
    Elf64_Shdr sh[3] = {{0},
                        {.sh_name = 1, .sh_type = SHT_STRTAB, .sh_offset = at_names, .sh_size = sizeof names, .sh_addralign = 1},
                        {.sh_name = 11, .sh_type = SHT_PROGBITS, .sh_offset = at_text, .sh_size = 5, .sh_addralign = 1}};
    eh.e_shoff = at_sh;
    *len = at_sh + sizeof sh;
    char *o = calloc(1, *len);
    assert_non_null(o);
    memcpy(o, &eh, sizeof eh);
    memcpy(o + at_text, "abcde", 5);
    memcpy(o + at_names, names, sizeof names);
    memcpy(o + at_sh, sh, sizeof sh);
    return o;
}

/* The section added to an object is where libelf finds it, the object's own sections
 * stay as they were, and what is not an ELF64 object of this machine is refused. */
static void test_attach(void **state)
{
    (void)state;
    size_t len;
    char *obj = tiny_object(&len), err[256] = "";
    sc_meta m = {0};
    assert_int_equal(sc_meta_set(&m.policy, "attached"), 0);
    static const uint8_t key[4] = {1, 2, 3, 4}, value[2] = {5, 6};
    assert_int_equal(sc_meta_add_fill(&m, "t__v4", key, sizeof key, value, sizeof value), 0);
    static const uint8_t key2[4] = {9, 9, 9, 9}; /* borrowed: sc_meta_free leaves it */
    assert_int_equal(sc_meta_add_fill_ref(&m, "t__v4", key2, sizeof key2, value, sizeof value), 0);
    char *text;
    size_t tlen;
    assert_int_equal(sc_meta_write(&m, &text, &tlen), 0);
    sc_meta back;
    assert_int_equal(sc_meta_from_object(obj, len, &back, err, sizeof err), -1); /* none yet */
    assert_int_equal(sc_meta_attach(&obj, &len, text, tlen + 1, err, sizeof err), 0);
    assert_int_equal(sc_meta_from_object(obj, len, &back, err, sizeof err), 0);
    assert_string_equal(back.policy, "attached");
    assert_int_equal(back.nfills, 2);
    assert_memory_equal(back.fills[0].key, key, sizeof key);
    assert_memory_equal(back.fills[0].value, value, sizeof value);
    assert_memory_equal(back.fills[1].key, key2, sizeof key2);
    assert_string_equal(back.fills[1].map, "t__v4");
    sc_meta_free(&back);

    Elf64_Ehdr eh;
    memcpy(&eh, obj, sizeof eh);
    assert_int_equal(eh.e_shnum, 4);
    assert_int_equal(eh.e_shoff % 8, 0);
    Elf64_Shdr sh[4];
    memcpy(sh, obj + eh.e_shoff, sizeof sh);
    assert_string_equal(obj + sh[1].sh_offset + sh[2].sh_name, ".text");
    assert_memory_equal(obj + sh[2].sh_offset, "abcde", 5);
    assert_string_equal(obj + sh[1].sh_offset + sh[3].sh_name, ".sockc");
    assert_int_equal(sh[3].sh_size, tlen + 1);

    char *bad = malloc(len);
    assert_non_null(bad);
    size_t blen = 16; /* cut short */
    memcpy(bad, obj, len);
    assert_int_equal(sc_meta_attach(&bad, &blen, text, tlen + 1, err, sizeof err), -1);
    blen = len;
    bad[EI_CLASS] = ELFCLASS32;
    assert_int_equal(sc_meta_attach(&bad, &blen, text, tlen + 1, err, sizeof err), -1);
    bad[EI_CLASS] = ELFCLASS64;
    blen = eh.e_shoff + 2 * sizeof(Elf64_Shdr); /* the headers cut short */
    assert_int_equal(sc_meta_attach(&bad, &blen, text, tlen + 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "section headers"));
    free(bad);
    free(text);
    free(obj);
    sc_meta_free(&m);
}

/* Numbers are decimal, a leading zero no octal, or hex after 0x; all of the text. */
static void test_numbers(void **state)
{
    (void)state;
    static const struct { sc_vtype t; const char *text; uint64_t want; const char *err; } cases[] = {
        {SC_VT_PORT, "010", 10, NULL},
        {SC_VT_PORT, "0x50", 80, NULL},
        {SC_VT_PORT, "0X1f90", 8080, NULL},
        {SC_VT_PORT, "0", 0, NULL},
        {SC_VT_PORT, "65535", 65535, NULL},
        {SC_VT_PORT, "65536", 0, "number out of range"},
        {SC_VT_U32, "0004294967295", 4294967295u, NULL},
        {SC_VT_U64, "18446744073709551615", UINT64_MAX, NULL},
        {SC_VT_U64, "18446744073709551616", 0, "number too large"},
        {SC_VT_U32, "0x", 0, "expected a number"},
        {SC_VT_U32, "-1", 0, "expected a number"},
        {SC_VT_U32, " 1", 0, "expected a number"},
        {SC_VT_U32, "12a", 0, "expected a number"},
        {SC_VT_U32, "0x0x1", 0, "expected a number"},
        {SC_VT_U32, "", 0, "expected a number"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        union { uint16_t port; uint32_t u32; uint64_t u64; } buf = {0};
        const char *err = sc_vtype_parse(cases[i].t, cases[i].text, &buf);
        if (cases[i].err) {
            assert_non_null(err);
            assert_string_equal(err, cases[i].err);
            continue;
        }
        assert_null(err);
        uint64_t got = cases[i].t == SC_VT_PORT ? buf.port : cases[i].t == SC_VT_U32 ? buf.u32 : buf.u64;
        assert_int_equal(got, cases[i].want);
    }
}

/* Counter records keep their order (the index into the counters map), and a name
 * with spaces or '%' survives the escaping; member records likewise. */
static void test_counters(void **state)
{
    (void)state;
    sc_meta m = {0};
    const char *names[] = {"denied", "a b%c", "allowed"};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(sc_meta_add_counter(&m, names[i]), 0);
    assert_int_equal(sc_meta_add_member(&m, "net.private", "10.0.0.0/8"), 0);
    assert_int_equal(sc_meta_add_member(&m, "ports", "8000..8099"), 0);
    char *buf;
    size_t len;
    assert_int_equal(sc_meta_write(&m, &buf, &len), 0);
    assert_non_null(strstr(buf, "\ncounter denied\ncounter a%20b%25c\ncounter allowed\n"));
    sc_meta back = {0};
    char err[256] = "";
    assert_int_equal(sc_meta_parse(buf, len, &back, err, sizeof err), 0);
    assert_int_equal(back.ncounters, 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(back.counters[i], names[i]);
    assert_int_equal(back.nmembers, 2);
    assert_string_equal(back.members[0].set, "net.private");
    assert_string_equal(back.members[1].text, "8000..8099");
    free(buf);
    sc_meta_free(&m);
    sc_meta_free(&back);
}

/* sc_addr_v4_unmapped: an IPv4-mapped address or prefix (of /96 or more) as IPv4,
 * anything else as it is. */
static void test_unmapped(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"[::ffff:10.0.0.1]:80", "10.0.0.1:80"}, {"::ffff:10.0.0.0/104", "10.0.0.0/8"}, {"::ffff:0:0/96", "0.0.0.0/0"},
        {"::ffff:0:0/80", "::ffff:0.0.0.0/80"}, {"fd00::1", "fd00::1"}, {"10.0.0.1", "10.0.0.1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sc_addr a;
        char text[64];
        assert_null(sc_addr_parse(cases[i].in, &a));
        sc_addr u = sc_addr_v4_unmapped(&a);
        sc_addr_format(&u, text, sizeof text);
        assert_string_equal(text, cases[i].out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_runs),
        cmocka_unit_test(test_bad_runs),
        cmocka_unit_test(test_attach),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_counters),
        cmocka_unit_test(test_unmapped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
