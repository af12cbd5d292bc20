/* netaddr: the address, prefix, endpoint and port literals of the policy language,
 * parsed and printed the same way by the compiler (literals in a policy) and the
 * runtime (`sockc map ... set 10.0.0.1:80`). Addresses are kept as network-order bytes. */
#ifndef SOCKC_NETADDR_H
#define SOCKC_NETADDR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sc_addr {
    uint8_t family;   /* 4 or 6 */
    uint8_t plen;     /* prefix length; 32/128 for a bare address */
    bool has_plen;    /* written with /N */
    bool has_port;    /* written as an endpoint */
    uint16_t port;    /* host order */
    uint8_t b[16];    /* network order; IPv4 in b[0..3] */
} sc_addr;

/* Parses "10.0.0.5", "10.0.0.0/8", "10.1.0.7:80", "fd00::1", "2001:db8::/32",
 * "[2001:db8::10]:443". Returns NULL on success, or a static message that says what is
 * wrong (for a caret under the token). */
const char *sc_addr_parse(const char *text, sc_addr *out);
/* A number as policies and commands write it, all of text: decimal (a leading zero is
 * no octal: 010 is ten, as in a port of an endpoint), or hex after 0x. NULL, or what
 * is wrong. */
const char *sc_number_parse(const char *text, uint64_t *out);
/* Writes the canonical text of a (with /plen or :port when it has one). */
void sc_addr_format(const sc_addr *a, char *buf, size_t len);
/* True when the prefix has bits set past plen. */
bool sc_addr_has_host_bits(const sc_addr *a);
/* IPv4 a as ::ffff:a.b.c.d (plen + 96). */
sc_addr sc_addr_v4_mapped(const sc_addr *a);
/* An IPv4-mapped IPv6 address (or prefix of at least /96) as IPv4; any other as it is. */
sc_addr sc_addr_v4_unmapped(const sc_addr *a);
/* True when the 16 bytes are an IPv4-mapped IPv6 address. */
bool sc_addr_is_v4_mapped(const uint8_t b[16]);
/* Does prefix p contain address a (same family)? */
bool sc_addr_contains(const sc_addr *p, const sc_addr *a);

#define SC_PORT_MAX 65535u
#endif
