/* Streaming SHA-256 and SM3 digests through OpenSSL EVP: contexts that can be copied (chunk marks, resumed uploads) and finalised into hex. */
#include <string.h>

#include <openssl/evp.h>

#include "blob/blob_int.h"

int zf_blob_is_hex(const char *s, size_t n)
{
	size_t i;

	if (!s)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

static int hash_fail(struct zf_err *err, const char *what)
{
	return zf_err_set(err, ZF_ERROR, "摘要计算失败（%s）", what);
}

void zf_blob_hash_free(struct zf_blob_hash *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->sha256);
	EVP_MD_CTX_free(h->sm3);
	h->sha256 = h->sm3 = NULL;
	h->algos = 0;
}

int zf_blob_hash_init(struct zf_blob_hash *h, int algos, const EVP_MD *md256, const EVP_MD *mdsm3,
		      struct zf_err *err)
{
	memset(h, 0, sizeof(*h));
	h->algos = algos | ZF_BLOB_SHA256;
	if ((h->algos & ZF_BLOB_SM3) && !mdsm3)
		return zf_err_set(err, ZF_ENOTSUP, "本机的 OpenSSL 不提供 SM3 算法，无法计算国密摘要");
	if (!(h->sha256 = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(h->sha256, md256, NULL))
		goto fail;
	if ((h->algos & ZF_BLOB_SM3) &&
	    (!(h->sm3 = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(h->sm3, mdsm3, NULL)))
		goto fail;
	return 0;
fail:
	zf_blob_hash_free(h);
	return hash_fail(err, "init");
}

int zf_blob_hash_update(struct zf_blob_hash *h, const void *p, size_t n, struct zf_err *err)
{
	if (n == 0)
		return 0;
	if (!EVP_DigestUpdate(h->sha256, p, n) || (h->sm3 && !EVP_DigestUpdate(h->sm3, p, n)))
		return hash_fail(err, "update");
	return 0;
}

int zf_blob_hash_copy(struct zf_blob_hash *dst, const struct zf_blob_hash *src, struct zf_err *err)
{
	if (dst->algos != src->algos || !EVP_MD_CTX_copy_ex(dst->sha256, src->sha256) ||
	    (src->sm3 && !EVP_MD_CTX_copy_ex(dst->sm3, src->sm3)))
		return hash_fail(err, "copy");
	return 0;
}

/* Finalises a copy of C into 64 hex characters at HEX. */
static int final_hex(const EVP_MD_CTX *c, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	EVP_MD_CTX *t = EVP_MD_CTX_new();
	int ok = t && EVP_MD_CTX_copy_ex(t, c) && EVP_DigestFinal_ex(t, md, &len) && len == 32;

	EVP_MD_CTX_free(t);
	if (!ok)
		return -1;
	for (i = 0; i < len; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
	return 0;
}

int zf_blob_hash_final(const struct zf_blob_hash *h, struct zf_blob_digest *out, struct zf_err *err)
{
	out->sha256[0] = out->sm3[0] = '\0';
	if (final_hex(h->sha256, out->sha256) < 0 || (h->sm3 && final_hex(h->sm3, out->sm3) < 0))
		return hash_fail(err, "final");
	return 0;
}

int zf_blob_digest_mem(const void *p, size_t n, int algos, struct zf_blob_digest *out)
{
	struct zf_blob_hash h;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = zf_blob_hash_init(&h, algos, EVP_sha256(), EVP_sm3(), NULL);
	if (rc == 0)
		rc = zf_blob_hash_update(&h, p, n, NULL);
	if (rc == 0)
		rc = zf_blob_hash_final(&h, out, NULL);
	zf_blob_hash_free(&h);
	out->size = n;
	return rc;
}
