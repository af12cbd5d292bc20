/* probe: a rule table as one open-addressing table (layout.h). Entries go in by Robin
 * Hood insertion, which keeps the longest walk from a home slot short; the multiplier
 * of the hash is the first of a few that gives the shortest such walk. */
#include "probe.h"

#include "layout.h"
#include "le.h"

#include <stdlib.h>
#include <string.h>

uint32_t sc_probe_home(const uint8_t *key, unsigned key_size, uint32_t mult, uint32_t slots)
{
    uint32_t x = 0;
    for (unsigned i = 0; i + 4 <= key_size; i += 4)
        x = (x ^ sc_get_le32(key + i)) * mult;
    return (uint32_t)(((uint64_t)x * slots) >> 32);
}

/* Places entries [0, n) with multiplier m into at[] (entry + 1 per slot, 0 empty;
 * slots + SC_PROBE_MAX_PROBES - 1 of them); returns P, or 0 when an entry would walk
 * SC_PROBE_MAX_PROBES slots or more from home. */
static uint32_t place(const uint8_t *keys, size_t n, unsigned key_size, uint32_t m, uint32_t slots, uint32_t *at,
                      uint32_t *dist)
{
    size_t len = (size_t)slots + SC_PROBE_MAX_PROBES - 1;
    memset(at, 0, len * sizeof *at);
    uint32_t most = 0; /* an entry only moves away from home, so the farthest placing is the final P - 1 */
    for (size_t e = 0; e < n; e++) {
        uint32_t cur = (uint32_t)e + 1, d = 0;
        size_t s = sc_probe_home(keys + e * key_size, key_size, m, slots);
        for (;;) {
            if (d >= SC_PROBE_MAX_PROBES)
                return 0;
            if (!at[s] || dist[s] < d) { /* an empty slot, or a resident nearer home: it walks on */
                uint32_t t = at[s], td = t ? dist[s] : 0;
                at[s] = cur, dist[s] = d;
                most = d > most ? d : most;
                if (!t)
                    break;
                cur = t, d = td;
            }
            s++, d++;
        }
    }
    return most + 1;
}

int sc_probe_build(const uint8_t *keys, const uint8_t *values, size_t n, unsigned key_size, unsigned value_size,
                   size_t max_bytes, sc_probe *out)
{
    memset(out, 0, sizeof *out);
    out->key_size = key_size;
    out->slot_size = key_size + value_size;
    size_t room = max_bytes / out->slot_size, spare = SC_PROBE_MAX_PROBES;
    size_t slots = n ? 2 * n : 1;
    if (room < spare || slots > room - spare)
        slots = room > spare ? room - spare : 0;
    if (slots * 4 < 5 * n || slots == 0 || slots > UINT32_MAX)
        return 1;
    size_t len = slots + spare - 1;
    uint32_t *at = malloc(len * sizeof *at), *best = malloc(len * sizeof *best), *dist = malloc(len * sizeof *dist);
    int rc = at && best && dist ? 1 : -1;
    static const uint32_t mults[] = SC_PROBE_MULTIPLIERS;
    for (size_t i = 0; rc >= 0 && i < sizeof mults / sizeof *mults; i++) {
        uint32_t p = place(keys, n, key_size, mults[i], (uint32_t)slots, at, dist);
        if (p && (!out->probes || p < out->probes)) {
            out->probes = p, out->mult = mults[i];
            uint32_t *t = best;
            best = at, at = t;
            rc = 0;
        }
    }
    out->slots = (uint32_t)slots;
    if (rc == 0) {
        out->size = ((size_t)slots + out->probes) * out->slot_size; /* within max_bytes: slots left room for the spare ones */
        if (!(out->image = calloc(1, out->size)))
            rc = -1;
        for (size_t s = 0; rc == 0 && s < slots + out->probes - 1; s++) {
            if (!best[s])
                continue;
            uint8_t *slot = out->image + s * out->slot_size;
            memcpy(slot, keys + (size_t)(best[s] - 1) * key_size, key_size);
            memcpy(slot + key_size, values + (size_t)(best[s] - 1) * value_size, value_size);
        }
    }
    free(at);
    free(best);
    free(dist);
    return rc;
}

void sc_probe_free(sc_probe *p)
{
    free(p->image);
    p->image = NULL;
}

const uint8_t *sc_probe_find(const sc_probe *p, const uint8_t *key)
{
    if (!p->slots || !p->slot_size || p->key_size + SC_TV_ACTION + 4 > p->slot_size)
        return NULL;
    size_t s = sc_probe_home(key, p->key_size, p->mult, p->slots);
    for (uint32_t i = 0; i < p->probes; i++, s++) {
        if ((s + 1) * p->slot_size > p->size)
            return NULL;
        const uint8_t *slot = p->image + s * p->slot_size;
        if (sc_get_le32(slot + p->key_size + SC_TV_ACTION) == 0)
            return NULL;
        if (memcmp(slot, key, p->key_size) == 0)
            return slot + p->key_size;
    }
    return NULL;
}
