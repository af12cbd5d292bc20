#include "netaddr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *parse_uint(const char *s, unsigned long max, unsigned long *out, const char *what)
{
    if (*s < '0' || *s > '9')
        return what;
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*end != '\0')
        return what;
    if (v > max)
        return max == SC_PORT_MAX ? "port out of range (0..65535)" : "prefix length out of range";
    *out = v;
    return NULL;
}

const char *sc_number_parse(const char *text, uint64_t *out)
{
    bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    const char *digits = text + 2 * hex;
    size_t n = strspn(digits, hex ? "0123456789abcdefABCDEF" : "0123456789");
    if (!n || digits[n]) /* nothing else: no sign, space or second 0x, which strtoull takes */
        return "expected a number";
    errno = 0;
    unsigned long long v = strtoull(digits, NULL, hex ? 16 : 10);
    if (errno)
        return "number too large";
    *out = v;
    return NULL;
}

const char *sc_addr_parse(const char *text, sc_addr *out)
{
    char buf[128];
    memset(out, 0, sizeof *out);
    if (strlen(text) >= sizeof buf)
        return "address too long";
    strcpy(buf, text);
    char *addr = buf, *port = NULL, *plen = NULL;
    if (buf[0] == '[') {
        char *close = strchr(buf, ']');
        if (!close)
            return "missing ']' after IPv6 address";
        *close = '\0';
        addr = buf + 1;
        if (close[1] == ':')
            port = close + 2;
        else if (close[1] != '\0')
            return "expected ':PORT' after ']'";
        else
            return "a bracketed IPv6 address needs a port: [ADDR]:PORT";
    } else {
        plen = strchr(buf, '/');
        if (plen)
            *plen++ = '\0';
        /* One colon can only be IPv4:PORT; IPv6 (even ::ffff:a.b.c.d) has two or more. */
        char *c = strchr(buf, ':');
        if (c && c == strrchr(buf, ':')) {
            *c = '\0';
            port = c + 1;
        }
    }
    if (port && plen)
        return "an endpoint cannot have a prefix length";
    if (inet_pton(AF_INET, addr, out->b) == 1) {
        out->family = 4;
        out->plen = 32;
    } else if (inet_pton(AF_INET6, addr, out->b) == 1) {
        out->family = 6;
        out->plen = 128;
        if (port && buf[0] != '[')
            return "write an IPv6 endpoint as [ADDR]:PORT";
    } else {
        return strchr(addr, ':') ? "invalid IPv6 address" : "invalid IPv4 address";
    }
    unsigned long v;
    const char *err;
    if (port) {
        if ((err = parse_uint(port, SC_PORT_MAX, &v, "expected a port number after ':'")))
            return err;
        out->has_port = true;
        out->port = (uint16_t)v;
    }
    if (plen) {
        unsigned max = out->family == 4 ? 32 : 128;
        if ((err = parse_uint(plen, max, &v, "expected a prefix length after '/'")))
            return err;
        if (v > max)
            return out->family == 4 ? "IPv4 prefix length must be 0..32" : "IPv6 prefix length must be 0..128";
        out->has_plen = true;
        out->plen = (uint8_t)v;
    }
    return NULL;
}

void sc_addr_format(const sc_addr *a, char *buf, size_t len)
{
    char s[INET6_ADDRSTRLEN];
    inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->b, s, sizeof s);
    if (a->has_port)
        snprintf(buf, len, a->family == 4 ? "%s:%u" : "[%s]:%u", s, a->port);
    else if (a->has_plen)
        snprintf(buf, len, "%s/%u", s, a->plen);
    else
        snprintf(buf, len, "%s", s);
}

bool sc_addr_has_host_bits(const sc_addr *a)
{
    unsigned nbytes = a->family == 4 ? 4 : 16;
    for (unsigned i = 0; i < nbytes; i++) {
        unsigned bit0 = i * 8;
        uint8_t mask = a->plen >= bit0 + 8 ? 0xff : a->plen <= bit0 ? 0 : (uint8_t)(0xff << (8 - (a->plen - bit0)));
        if (a->b[i] & (uint8_t)~mask)
            return true;
    }
    return false;
}

sc_addr sc_addr_v4_mapped(const sc_addr *a)
{
    sc_addr m = *a;
    memset(m.b, 0, sizeof m.b);
    m.b[10] = m.b[11] = 0xff;
    memcpy(m.b + 12, a->b, 4);
    m.family = 6;
    m.plen = (uint8_t)(a->plen + 96);
    return m;
}

sc_addr sc_addr_v4_unmapped(const sc_addr *a)
{
    if (a->family != 6 || a->plen < 96 || !sc_addr_is_v4_mapped(a->b))
        return *a;
    sc_addr v = *a;
    memset(v.b, 0, sizeof v.b);
    memcpy(v.b, a->b + 12, 4);
    v.family = 4;
    v.plen = (uint8_t)(a->plen - 96);
    return v;
}

bool sc_addr_is_v4_mapped(const uint8_t b[16])
{
    static const uint8_t pfx[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return memcmp(b, pfx, 12) == 0;
}

bool sc_addr_contains(const sc_addr *p, const sc_addr *a)
{
    if (p->family != a->family || a->plen < p->plen)
        return false;
    for (unsigned bit = 0; bit < p->plen; bit += 8) {
        unsigned n = p->plen - bit >= 8 ? 8 : p->plen - bit;
        uint8_t mask = (uint8_t)(0xff << (8 - n));
        if ((p->b[bit / 8] ^ a->b[bit / 8]) & mask)
            return false;
    }
    return true;
}
