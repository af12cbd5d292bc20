/* le: little-endian u32 words in byte buffers, as BPF programs load them (the map
 * images the compiler builds are read by bpfel code whatever the host's order). */
#ifndef SOCKC_LE_H
#define SOCKC_LE_H
#include <stdint.h>

static inline uint32_t sc_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void sc_put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
#endif
