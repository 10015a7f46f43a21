/* Password hashing (scrypt through OpenSSL EVP_KDF) and TOTP (RFC 6238, liboath). */
#ifndef ZF_UTIL_PASSWORD_H
#define ZF_UTIL_PASSWORD_H
#include <stddef.h>
#include <stdint.h>

#define ZF_PW_HASH_MAX 160

/* Hashes PASSWORD with a fresh random salt into OUT (ZF_PW_HASH_MAX bytes) as
 * "scrypt$N$r$p$salt_b64$hash_b64". 0 or -1. Thread-safe. */
int zf_password_hash(const char *password, char *out, size_t n);

/* 1 when PASSWORD matches ENCODED (constant-time compare), 0 otherwise
 * (malformed encodings included). */
int zf_password_verify(const char *password, const char *encoded);

/* A fresh TOTP secret: 20 random bytes as base32 (32 chars) into OUT (33 bytes). */
int zf_totp_secret_new(char out[33]);

/* 1 when CODE (6 digits) is the TOTP of base32 SECRET at Unix time NOW, allowing
 * one 30-second step either side for clock drift. */
int zf_totp_verify(const char *secret, const char *code, int64_t now);

/* As zf_totp_verify, and on a match puts into *STEP the time step (Unix time
 * / 30) whose code CODE is, so that a caller can refuse a code used before
 * (RFC 6238 section 5.2); should two steps of the window share CODE, the
 * later one. *STEP is 0 when there is no match. 1 or 0. Thread-safe. */
int zf_totp_match(const char *secret, const char *code, int64_t now, int64_t *step);

/* The 6-digit TOTP of SECRET at NOW into OUT (7 bytes), for tests and the
 * enrolment page. 0 or -1. */
int zf_totp_code(const char *secret, int64_t now, char out[7]);

#endif
