/* Hashing, randomness and constant-time comparison through OpenSSL EVP. */
#ifndef ZF_UTIL_CRYPTO_H
#define ZF_UTIL_CRYPTO_H
#include <stddef.h>
#include <stdint.h>

/* Fetches the algorithms once. Call at start-up before any thread starts;
 * returns 0 or -1 when OpenSSL lacks SHA-256. Safe to call again. */
int zf_crypto_init(void);

/* SHA-256 of N bytes at P into OUT. Thread-safe after zf_crypto_init. */
int zf_sha256(const void *p, size_t n, unsigned char out[32]);

/* SHA-256 of the concatenation of A (AN bytes) and B (BN bytes) into OUT,
 * without copying them together. Thread-safe after zf_crypto_init. */
int zf_sha256_pair(const void *a, size_t an, const void *b, size_t bn, unsigned char out[32]);

/* SHA-256 of S as 64 lowercase hex characters into OUT (65 bytes). */
int zf_sha256_hex(const char *s, char out[65]);

/* Fills P with N cryptographically random bytes. 0 or -1. */
int zf_random(void *p, size_t n);

/* Writes N bytes as lowercase hex into OUT (2N+1 bytes). */
void zf_hex(const unsigned char *p, size_t n, char *out);

/* A new random token: 32 bytes as 64 hex characters into OUT (65 bytes). */
int zf_random_token(char out[65]);

/* Compares N bytes in constant time; 1 when equal. */
int zf_ct_equal(const void *a, const void *b, size_t n);

/* Wipes N bytes at P so the compiler cannot drop it. */
void zf_wipe(void *p, size_t n);

/* An incremental SHA-256, for a digest over many pieces (table checksums). */
struct zf_sha256;

/* Starts a digest; NULL when out of memory or when OpenSSL lacks SHA-256.
 * The caller owns it: finish with zf_sha256_end, which frees it. */
struct zf_sha256 *zf_sha256_begin(void);

/* Adds N bytes at P. 0 or -1. */
int zf_sha256_add(struct zf_sha256 *h, const void *p, size_t n);

/* Writes the digest into OUT (may be NULL to abandon it) and frees H (NULL is
 * a no-op). 0 or -1. */
int zf_sha256_end(struct zf_sha256 *h, unsigned char out[32]);

#endif
