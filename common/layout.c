#include "layout.h"

#include "netaddr.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    size_t size;
} vtypes[SC_VT__COUNT] = {
    [SC_VT_PORT] = {"port", sizeof(uint16_t)},
    [SC_VT_IP] = {"ip", sizeof(struct sc_ip_val)},
    [SC_VT_ENDPOINT] = {"endpoint", sizeof(struct sc_endpoint_val)},
    [SC_VT_U32] = {"u32", sizeof(uint32_t)},
    [SC_VT_U64] = {"u64", sizeof(uint64_t)},
    [SC_VT_TUPLE] = {"tuple", sizeof(struct sc_tuple_val)},
};

const char *sc_vtype_name(sc_vtype t) { return (unsigned)t < SC_VT__COUNT ? vtypes[t].name : NULL; }

int sc_vtype_by_name(const char *name)
{
    for (int i = 0; i < SC_VT__COUNT; i++)
        if (strcmp(vtypes[i].name, name) == 0)
            return i;
    return -1;
}

size_t sc_vtype_size(sc_vtype t) { return vtypes[t].size; }

static const char *parse_num(const char *text, uint64_t max, uint64_t *out)
{
    uint64_t v;
    const char *err = sc_number_parse(text, &v);
    if (err)
        return err;
    if (v > max)
        return "number out of range";
    *out = v;
    return NULL;
}

static void to16(const sc_addr *a, uint8_t b[16])
{
    if (a->family == 4) {
        sc_addr m = sc_addr_v4_mapped(a);
        memcpy(b, m.b, 16);
    } else {
        memcpy(b, a->b, 16);
    }
}

const char *sc_vtype_parse(sc_vtype t, const char *text, void *buf)
{
    uint64_t v;
    sc_addr a;
    const char *err;
    memset(buf, 0, vtypes[t].size);
    switch (t) {
    case SC_VT_PORT:
        if ((err = parse_num(text, 65535, &v)))
            return err;
        *(uint16_t *)buf = (uint16_t)v;
        return NULL;
    case SC_VT_U32:
        if ((err = parse_num(text, UINT32_MAX, &v)))
            return err;
        *(uint32_t *)buf = (uint32_t)v;
        return NULL;
    case SC_VT_U64:
        if ((err = parse_num(text, UINT64_MAX, &v)))
            return err;
        *(uint64_t *)buf = v;
        return NULL;
    case SC_VT_IP:
        if ((err = sc_addr_parse(text, &a)))
            return err;
        if (a.has_port || a.has_plen)
            return "expected an address without port or prefix";
        to16(&a, ((struct sc_ip_val *)buf)->b);
        return NULL;
    case SC_VT_ENDPOINT: {
        struct sc_endpoint_val *e = buf;
        if ((err = sc_addr_parse(text, &a)))
            return err;
        if (!a.has_port)
            return "expected an endpoint ADDR:PORT";
        to16(&a, e->b);
        e->port = a.port;
        e->family = a.family;
        return NULL;
    }
    case SC_VT_TUPLE:
    case SC_VT__COUNT:
        break;
    }
    return "this type cannot be written by hand";
}

void sc_vtype_format(sc_vtype t, const void *buf, char *out, size_t len)
{
    sc_addr a = {0};
    switch (t) {
    case SC_VT_PORT:
        snprintf(out, len, "%u", *(const uint16_t *)buf);
        return;
    case SC_VT_U32:
        snprintf(out, len, "%" PRIu32, *(const uint32_t *)buf);
        return;
    case SC_VT_U64:
        snprintf(out, len, "%" PRIu64, *(const uint64_t *)buf);
        return;
    case SC_VT_IP:
    case SC_VT_ENDPOINT: {
        const uint8_t *b = buf;
        if (sc_addr_is_v4_mapped(b)) {
            a.family = 4;
            memcpy(a.b, b + 12, 4);
        } else {
            a.family = 6;
            memcpy(a.b, b, 16);
        }
        if (t == SC_VT_ENDPOINT) {
            a.has_port = true;
            a.port = ((const struct sc_endpoint_val *)buf)->port;
        }
        sc_addr_format(&a, out, len);
        return;
    }
    case SC_VT_TUPLE: {
        const struct sc_tuple_val *tv = buf;
        char l[64], r[64];
        sc_addr la = {.family = 6, .has_port = true, .port = (uint16_t)tv->local_port};
        sc_addr ra = {.family = 6, .has_port = true, .port = (uint16_t)tv->remote_port};
        memcpy(la.b, tv->local_ip, 16);
        memcpy(ra.b, tv->remote_ip, 16);
        if (tv->family == 4) {
            la.family = ra.family = 4;
            memmove(la.b, la.b + 12, 4);
            memmove(ra.b, ra.b + 12, 4);
        }
        sc_addr_format(&la, l, sizeof l);
        sc_addr_format(&ra, r, sizeof r);
        snprintf(out, len, "%s -> %s", l, r);
        return;
    }
    case SC_VT__COUNT:
        break;
    }
    snprintf(out, len, "?");
}
