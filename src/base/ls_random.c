/* ls_random — MT19937 with CPython's seeding and derived draws (see
 * ls_random.h). The constants are those of the reference Mersenne Twister
 * (Matsumoto & Nishimura); the seeding and the draw recipes follow
 * CPython's Modules/_randommodule.c and Lib/random.py. */
#include "ls_random.h"

#define MT_M 397
#define MATRIX_A 0x9908b0dfu
#define UPPER_MASK 0x80000000u
#define LOWER_MASK 0x7fffffffu

static void init_genrand(LsRandom *r, uint32_t s) {
    r->mt[0] = s;
    for (int i = 1; i < LS_RANDOM_N; i++)
        r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
    r->mti = LS_RANDOM_N;
}

static void init_by_array(LsRandom *r, const uint32_t *key, int len) {
    init_genrand(r, 19650218u);
    int i = 1, j = 0;
    for (int k = LS_RANDOM_N > len ? LS_RANDOM_N : len; k; k--) {
        r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= LS_RANDOM_N) { r->mt[0] = r->mt[LS_RANDOM_N - 1]; i = 1; }
        if (j >= len) j = 0;
    }
    for (int k = LS_RANDOM_N - 1; k; k--) {
        r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
        i++;
        if (i >= LS_RANDOM_N) { r->mt[0] = r->mt[LS_RANDOM_N - 1]; i = 1; }
    }
    r->mt[0] = 0x80000000u; /* a non-zero initial state is guaranteed */
}

void ls_random_seed(LsRandom *r, int64_t seed) {
    /* |seed| as an unsigned magnitude (INT64_MIN has no positive int64). */
    uint64_t mag = seed < 0 ? (uint64_t)0 - (uint64_t)seed : (uint64_t)seed;
    uint32_t key[2] = {(uint32_t)mag, (uint32_t)(mag >> 32)};
    /* CPython passes as many words as the magnitude needs, at least one. */
    init_by_array(r, key, key[1] ? 2 : 1);
}

uint32_t ls_random_u32(LsRandom *r) {
    if (r->mti >= LS_RANDOM_N) {
        int k;
        uint32_t y;
        for (k = 0; k < LS_RANDOM_N - MT_M; k++) {
            y = (r->mt[k] & UPPER_MASK) | (r->mt[k + 1] & LOWER_MASK);
            r->mt[k] = r->mt[k + MT_M] ^ (y >> 1) ^ ((y & 1u) ? MATRIX_A : 0u);
        }
        for (; k < LS_RANDOM_N - 1; k++) {
            y = (r->mt[k] & UPPER_MASK) | (r->mt[k + 1] & LOWER_MASK);
            r->mt[k] = r->mt[k + (MT_M - LS_RANDOM_N)] ^ (y >> 1) ^ ((y & 1u) ? MATRIX_A : 0u);
        }
        y = (r->mt[LS_RANDOM_N - 1] & UPPER_MASK) | (r->mt[0] & LOWER_MASK);
        r->mt[LS_RANDOM_N - 1] = r->mt[MT_M - 1] ^ (y >> 1) ^ ((y & 1u) ? MATRIX_A : 0u);
        r->mti = 0;
    }
    uint32_t y = r->mt[r->mti++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

double ls_random_double(LsRandom *r) {
    uint32_t a = ls_random_u32(r) >> 5, b = ls_random_u32(r) >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

uint64_t ls_random_bits(LsRandom *r, unsigned k) {
    if (k == 0) return 0;
    if (k <= 32) return ls_random_u32(r) >> (32 - k);
    uint64_t lo = ls_random_u32(r);
    uint64_t hi = ls_random_u32(r) >> (64 - k);
    return lo | (hi << 32);
}

void ls_random_bytes(LsRandom *r, unsigned char *out, size_t n) {
    size_t bits = n * 8;
    for (size_t at = 0; at < n; at += 4) {
        uint32_t w = ls_random_u32(r);
        size_t left = bits - at * 8;
        if (left < 32) w >>= 32 - left;
        for (size_t b = 0; b < 4 && at + b < n; b++) out[at + b] = (unsigned char)(w >> (8 * b));
    }
}

uint64_t ls_random_below(LsRandom *r, uint64_t n) {
    unsigned k = 0;
    for (uint64_t x = n; x; x >>= 1) k++;
    uint64_t v = ls_random_bits(r, k);
    while (v >= n) v = ls_random_bits(r, k);
    return v;
}
