/* Password hashing with scrypt (OpenSSL EVP_KDF) and TOTP second factors (liboath). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "util/crypto.h"
#include "util/password.h"
#include "util/str.h"

/* scrypt cost: about 16 MiB and a few tens of milliseconds per hash. */
#define PW_N 16384
#define PW_R 8
#define PW_P 1
#define SALT_LEN 16
#define KEY_LEN 32
#define SALT_B64 24 /* 4 * ceil(16 / 3) */
#define KEY_B64 44  /* 4 * ceil(32 / 3) */
/* Stored hashes outside these bounds are refused rather than computed: a
 * tampered row must not make a login allocate gigabytes or spin for minutes. */
#define PW_N_MIN 1024
#define PW_N_MAX 131072
#define PW_R_MAX 32
#define PW_P_MAX 16
#define PW_MEM_MAX ((uint64_t)64 << 20) /* 128 * N * r bytes */

/* Passwords longer than this are refused (scrypt would accept them, but no
 * person types them and they cost PBKDF2 time before the memory-hard part). */
#define PW_LEN_MAX 1024

#define TOTP_STEP 30
#define TOTP_DIGITS 6
#define TOTP_SECRET_LEN 20

static EVP_KDF *scrypt_kdf;
static int oath_ok;
static pthread_once_t kdf_once = PTHREAD_ONCE_INIT;
static pthread_once_t oath_once = PTHREAD_ONCE_INIT;

static void fetch_kdf(void)
{
	scrypt_kdf = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_SCRYPT, NULL);
}

static void init_oath(void)
{
	oath_ok = oath_init() == OATH_OK;
}

/* Derives KEY_LEN bytes from PASSWORD and SALT with cost N, R, P into OUT. */
static int derive(const char *password, const unsigned char *salt, uint64_t n, uint32_t r,
		  uint32_t p, unsigned char out[KEY_LEN])
{
	EVP_KDF_CTX *ctx = NULL;
	OSSL_PARAM params[7], *q = params;
	uint64_t maxmem = PW_MEM_MAX + ((uint64_t)1 << 20) + (uint64_t)128 * r * p;
	int rc = -1;

	pthread_once(&kdf_once, fetch_kdf);
	if (!scrypt_kdf || !(ctx = EVP_KDF_CTX_new(scrypt_kdf)))
		return -1;
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)password,
						 strlen(password));
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, SALT_LEN);
	*q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
	*q++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
	*q++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
	*q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
	*q = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(ctx, out, KEY_LEN, params) == 1)
		rc = 0;
	EVP_KDF_CTX_free(ctx);
	return rc;
}

int zf_password_hash(const char *password, char *out, size_t n)
{
	unsigned char salt[SALT_LEN], key[KEY_LEN];
	char salt64[SALT_B64 + 1], key64[KEY_B64 + 1];
	int rc = -1, len;

	if (!password || strlen(password) > PW_LEN_MAX || !out || n < 1)
		return -1;
	out[0] = '\0';
	if (zf_random(salt, sizeof(salt)) || derive(password, salt, PW_N, PW_R, PW_P, key))
		goto out;
	EVP_EncodeBlock((unsigned char *)salt64, salt, SALT_LEN);
	EVP_EncodeBlock((unsigned char *)key64, key, KEY_LEN);
	len = snprintf(out, n, "scrypt$%d$%d$%d$%s$%s", PW_N, PW_R, PW_P, salt64, key64);
	if (len < 0 || (size_t)len >= n || (size_t)len >= ZF_PW_HASH_MAX) {
		zf_wipe(out, n);
		out[0] = '\0';
		goto out;
	}
	rc = 0;
out:
	zf_wipe(key, sizeof(key));
	zf_wipe(key64, sizeof(key64));
	return rc;
}

/* Decodes exactly LEN bytes from the canonical base64 text S of B64 chars;
 * anything else (wrong length, bad characters, non-canonical padding) fails. */
static int decode_exact(const char *s, size_t slen, unsigned char *out, size_t len, size_t b64)
{
	unsigned char buf[KEY_LEN + 3];
	char again[KEY_B64 + 1];
	int got;

	if (slen != b64 || b64 > KEY_B64 || len > KEY_LEN)
		return -1;
	got = EVP_DecodeBlock(buf, (const unsigned char *)s, (int)slen);
	if (got < 0 || (size_t)got < len)
		return -1;
	/* Re-encoding must give the text back: rejects stray padding and bits. */
	EVP_EncodeBlock((unsigned char *)again, buf, (int)len);
	if (strlen(again) != slen || memcmp(again, s, slen) != 0) {
		zf_wipe(buf, sizeof(buf));
		return -1;
	}
	memcpy(out, buf, len);
	zf_wipe(buf, sizeof(buf));
	return 0;
}

/* Parses the decimal field ending at the next '$' of *P within [MIN, MAX]. */
static int take_num(const char **p, int64_t min, int64_t max, int64_t *v)
{
	const char *end = strchr(*p, '$');
	char num[16];
	size_t len;

	if (!end || (len = (size_t)(end - *p)) == 0 || len >= sizeof(num) ||
	    (len > 1 && **p == '0'))
		return -1;
	memcpy(num, *p, len);
	num[len] = '\0';
	if (zf_str_to_i64(num, min, max, v))
		return -1;
	*p = end + 1;
	return 0;
}

int zf_password_verify(const char *password, const char *encoded)
{
	unsigned char salt[SALT_LEN], want[KEY_LEN], got[KEY_LEN];
	const char *p = encoded, *dollar;
	int64_t n, r, pp;
	int ok = 0;

	if (!password || !encoded || strlen(password) > PW_LEN_MAX ||
	    strlen(encoded) >= ZF_PW_HASH_MAX || strncmp(p, "scrypt$", 7) != 0)
		return 0;
	p += 7;
	if (take_num(&p, PW_N_MIN, PW_N_MAX, &n) || (n & (n - 1)) != 0 ||
	    take_num(&p, 1, PW_R_MAX, &r) || take_num(&p, 1, PW_P_MAX, &pp) ||
	    (uint64_t)128 * (uint64_t)n * (uint64_t)r > PW_MEM_MAX)
		return 0;
	if (!(dollar = strchr(p, '$')) ||
	    decode_exact(p, (size_t)(dollar - p), salt, SALT_LEN, SALT_B64) ||
	    decode_exact(dollar + 1, strlen(dollar + 1), want, KEY_LEN, KEY_B64))
		return 0;
	if (derive(password, salt, (uint64_t)n, (uint32_t)r, (uint32_t)pp, got) == 0)
		ok = zf_ct_equal(got, want, KEY_LEN);
	zf_wipe(got, sizeof(got));
	zf_wipe(want, sizeof(want));
	return ok;
}

int zf_totp_secret_new(char out[33])
{
	unsigned char raw[TOTP_SECRET_LEN];
	char *b32 = NULL;
	size_t len = 0;
	int rc = -1;

	out[0] = '\0';
	pthread_once(&oath_once, init_oath);
	if (!oath_ok || zf_random(raw, sizeof(raw)))
		goto out;
	if (oath_base32_encode((const char *)raw, sizeof(raw), &b32, &len) != OATH_OK || !b32)
		goto out;
	/* 20 bytes are exactly 32 base32 characters, without padding. */
	if (len == 32) {
		memcpy(out, b32, 32);
		out[32] = '\0';
		rc = 0;
	}
out:
	if (b32) {
		zf_wipe(b32, len);
		free(b32);
	}
	zf_wipe(raw, sizeof(raw));
	return rc;
}

/* Decodes base32 SECRET into a malloc'd buffer *RAW of *LEN bytes (wipe and free it). */
static int secret_decode(const char *secret, char **raw, size_t *len)
{
	*raw = NULL;
	*len = 0;
	pthread_once(&oath_once, init_oath);
	if (!oath_ok || !secret || !*secret || strlen(secret) > 128)
		return -1;
	if (oath_base32_decode(secret, strlen(secret), raw, len) != OATH_OK || !*raw || *len == 0) {
		if (*raw) {
			zf_wipe(*raw, *len);
			free(*raw);
			*raw = NULL;
		}
		return -1;
	}
	return 0;
}

static void secret_free(char *raw, size_t len)
{
	if (raw) {
		zf_wipe(raw, len);
		free(raw);
	}
}

int zf_totp_code(const char *secret, int64_t now, char out[7])
{
	char *raw = NULL;
	size_t len = 0;
	int rc = -1;

	out[0] = '\0';
	if (now < 0 || secret_decode(secret, &raw, &len))
		return -1;
	if (oath_totp_generate(raw, len, (time_t)now, TOTP_STEP, 0, TOTP_DIGITS, out) == OATH_OK &&
	    strlen(out) == TOTP_DIGITS)
		rc = 0;
	else
		out[0] = '\0';
	secret_free(raw, len);
	return rc;
}

int zf_totp_match(const char *secret, const char *code, int64_t now, int64_t *step)
{
	char *raw = NULL, want[TOTP_DIGITS + 1];
	size_t len = 0;
	int64_t found = 0;
	int ok = 0;

	*step = 0;
	if (!code || strlen(code) != TOTP_DIGITS || now < TOTP_STEP || now > INT64_MAX / 2)
		return 0;
	for (int i = 0; i < TOTP_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return 0;
	if (secret_decode(secret, &raw, &len))
		return 0;
	/* Every step of the window is computed and compared in constant time, and
	 * the matching step is selected with a mask rather than a branch, so the
	 * answer's timing says nothing about which step (or digit) matched. */
	for (int d = -1; d <= 1; d++) {
		int64_t t = now + d * TOTP_STEP, mask;
		int eq = 0;
		if (oath_totp_generate(raw, len, (time_t)t, TOTP_STEP, 0, TOTP_DIGITS, want) ==
		    OATH_OK)
			eq = zf_ct_equal(want, code, TOTP_DIGITS);
		mask = -(int64_t)(eq & 1);
		found = (found & ~mask) | ((t / TOTP_STEP) & mask);
		ok |= eq;
	}
	zf_wipe(want, sizeof(want));
	secret_free(raw, len);
	*step = ok ? found : 0;
	return ok;
}

int zf_totp_verify(const char *secret, const char *code, int64_t now)
{
	int64_t step;

	return zf_totp_match(secret, code, now, &step);
}
