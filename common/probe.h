/* probe: builds the probe table of a rule table (the layout is in layout.h). */
#ifndef SOCKC_PROBE_H
#define SOCKC_PROBE_H
#include <stddef.h>
#include <stdint.h>

typedef struct sc_probe {
    uint8_t *image;          /* the map value; malloc'd, sc_probe_free */
    size_t size;             /* bytes: (slots + probes) * slot_size */
    uint32_t slots, mult, probes; /* S, M and P of layout.h */
    unsigned key_size, slot_size;
} sc_probe;

/* Builds the table of n entries: entry i's key at keys + i * key_size, its value at
 * values + i * value_size (sizes multiples of 4, keys distinct, the value's action
 * word not 0). Returns 0; 1 when there is none within max_bytes and
 * SC_PROBE_MAX_PROBES (out->slots is then 0 when the bytes were short, else out->probes
 * is the least P found); -1 when out of memory. */
int sc_probe_build(const uint8_t *keys, const uint8_t *values, size_t n, unsigned key_size, unsigned value_size,
                   size_t max_bytes, sc_probe *out);
void sc_probe_free(sc_probe *p);

/* The home slot of key: the hash of layout.h. */
uint32_t sc_probe_home(const uint8_t *key, unsigned key_size, uint32_t mult, uint32_t slots);

/* The value of key in the table, or NULL: the programs' search, bounds-checked (an
 * image read back from a map is not trusted). */
const uint8_t *sc_probe_find(const sc_probe *p, const uint8_t *key);
#endif
