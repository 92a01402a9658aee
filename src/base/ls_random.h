/* ls_random — CPython's random number generator, bit for bit: the Mersenne
 * Twister MT19937 with Python's seeding of ints (init_by_array over the
 * absolute value's 32-bit words, least significant first), random() with
 * 53-bit resolution, getrandbits() and _randbelow() as random.py builds them.
 *
 * Pure state machine: the caller owns the LsRandom storage; nothing here
 * allocates or fails. Outputs are exactly what CPython 3.11 produces for the
 * same seed (tests/unit/test_random.c holds CPython-generated tables). */
#ifndef LS_RANDOM_H
#define LS_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#define LS_RANDOM_N 624

typedef struct LsRandom {
    uint32_t mt[LS_RANDOM_N];
    int mti;
} LsRandom;

/* random.seed(seed) for an int seed: uses |seed| (so seed(-5) == seed(5)),
 * including 0 and INT64_MIN. */
void ls_random_seed(LsRandom *r, int64_t seed);

/* The next raw 32-bit output of the generator. */
uint32_t ls_random_u32(LsRandom *r);

/* random.random(): a double in [0, 1) with 53 random bits. */
double ls_random_double(LsRandom *r);

/* random.getrandbits(k) for 0 <= k <= 64 (k == 0 gives 0). Words are drawn
 * least significant first, the last one shifted right as CPython does. */
uint64_t ls_random_bits(LsRandom *r, unsigned k);

/* random.randbytes(n) written to out[0..n): the little-endian bytes of
 * getrandbits(8 * n). */
void ls_random_bytes(LsRandom *r, unsigned char *out, size_t n);

/* random._randbelow(n) for n > 0: rejection sampling over bit_length(n)
 * bits. */
uint64_t ls_random_below(LsRandom *r, uint64_t n);

#endif
