/* Hashing, randomness and constant-time comparison through OpenSSL EVP. */
#include <pthread.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "util/crypto.h"

static EVP_MD *sha256_md;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t ctx_key;
static int ctx_key_ok;

/* Each thread keeps one SHA-256 context, reused call after call
 * (EVP_DigestInit_ex2 with no digest re-initialises the one already
 * fetched): no allocation and no provider context set up per hash. The
 * key's destructor frees it when the thread ends. */
static _Thread_local EVP_MD_CTX *thread_ctx;

static void ctx_free(void *p)
{
	EVP_MD_CTX_free(p);
}

static void fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA2-256", NULL);
	ctx_key_ok = pthread_key_create(&ctx_key, ctx_free) == 0;
}

int zf_crypto_init(void)
{
	pthread_once(&once, fetch);
	return sha256_md && ctx_key_ok ? 0 : -1;
}

/* This thread's context, initialised for a new SHA-256; NULL on failure. */
static EVP_MD_CTX *ctx_begin(void)
{
	EVP_MD_CTX *ctx = thread_ctx;

	if (ctx)
		return EVP_DigestInit_ex2(ctx, NULL, NULL) == 1 ? ctx : NULL;
	if (zf_crypto_init() || !(ctx = EVP_MD_CTX_new()))
		return NULL;
	if (EVP_DigestInit_ex2(ctx, sha256_md, NULL) != 1 || pthread_setspecific(ctx_key, ctx)) {
		EVP_MD_CTX_free(ctx);
		return NULL;
	}
	thread_ctx = ctx;
	return ctx;
}

static int ctx_end(EVP_MD_CTX *ctx, unsigned char out[32])
{
	unsigned len = 0;
	return EVP_DigestFinal_ex(ctx, out, &len) == 1 && len == 32 ? 0 : -1;
}

int zf_sha256(const void *p, size_t n, unsigned char out[32])
{
	EVP_MD_CTX *ctx = ctx_begin();
	return ctx && EVP_DigestUpdate(ctx, p, n) == 1 ? ctx_end(ctx, out) : -1;
}

int zf_sha256_pair(const void *a, size_t an, const void *b, size_t bn, unsigned char out[32])
{
	EVP_MD_CTX *ctx = ctx_begin();
	return ctx && EVP_DigestUpdate(ctx, a, an) == 1 && EVP_DigestUpdate(ctx, b, bn) == 1
		       ? ctx_end(ctx, out)
		       : -1;
}

int zf_sha256_hex(const char *s, char out[65])
{
	unsigned char d[32];
	if (zf_sha256(s, strlen(s), d))
		return -1;
	zf_hex(d, 32, out);
	return 0;
}

int zf_random(void *p, size_t n)
{
	return RAND_bytes(p, (int)n) == 1 ? 0 : -1;
}

void zf_hex(const unsigned char *p, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = '\0';
}

int zf_random_token(char out[65])
{
	unsigned char r[32];
	if (zf_random(r, sizeof(r)))
		return -1;
	zf_hex(r, sizeof(r), out);
	zf_wipe(r, sizeof(r));
	return 0;
}

int zf_ct_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

void zf_wipe(void *p, size_t n)
{
	OPENSSL_cleanse(p, n);
}

struct zf_sha256 {
	EVP_MD_CTX *ctx;
};

struct zf_sha256 *zf_sha256_begin(void)
{
	struct zf_sha256 *h = NULL;
	if (zf_crypto_init() || !(h = OPENSSL_zalloc(sizeof(*h))))
		return NULL;
	if (!(h->ctx = EVP_MD_CTX_new()) || EVP_DigestInit_ex(h->ctx, sha256_md, NULL) != 1) {
		EVP_MD_CTX_free(h->ctx);
		OPENSSL_free(h);
		return NULL;
	}
	return h;
}

int zf_sha256_add(struct zf_sha256 *h, const void *p, size_t n)
{
	return EVP_DigestUpdate(h->ctx, p, n) == 1 ? 0 : -1;
}

int zf_sha256_end(struct zf_sha256 *h, unsigned char out[32])
{
	unsigned len = 0;
	int rc = 0;
	if (!h)
		return 0;
	if (out)
		rc = EVP_DigestFinal_ex(h->ctx, out, &len) == 1 && len == 32 ? 0 : -1;
	EVP_MD_CTX_free(h->ctx);
	OPENSSL_free(h);
	return rc;
}
