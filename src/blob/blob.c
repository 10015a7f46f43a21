/* The blob store's public face: opening a backend, streaming writers, reading and verification; every byte operation goes through the backend's operations table. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blob/blob_int.h"

struct zf_blob_writer {
	struct zf_blob_store *s;
	void *sink;
	struct zf_blob_hash h;
	uint64_t size, max;
};

static int bad_name(struct zf_err *err)
{
	return zf_err_set(err, ZF_EINVAL, "证据文件名无效（应为 64 位十六进制 SHA-256）");
}

int zf_blob_open_local(const char *dir, struct zf_blob_store **out, struct zf_err *err)
{
	struct zf_blob_store *s;
	int rc;

	*out = NULL;
	if (!dir || !*dir)
		return zf_err_set(err, ZF_EINVAL, "未指定证据文件目录");
	if (!(s = calloc(1, sizeof(*s))))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (pthread_mutex_init(&s->lock, NULL) != 0) {
		free(s);
		return zf_err_set(err, ZF_ERROR, "无法初始化证据文件存储");
	}
	if (!(s->md_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL))) {
		rc = zf_err_set(err, ZF_ERROR, "OpenSSL 不提供 SHA-256");
		goto fail;
	}
	s->md_sm3 = EVP_MD_fetch(NULL, "SM3", NULL); /* optional: ZF_ENOTSUP when asked for */
	if ((rc = zf_blob_local_backend(dir, &s->ops, &s->impl, err)) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	zf_blob_close(s);
	return rc;
}

void zf_blob_close(struct zf_blob_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < ZF_BLOB_CACHE; i++)
		zf_blob_hash_free(&s->cache[i].h);
	if (s->ops)
		s->ops->close(s->impl);
	EVP_MD_free(s->md_sha256);
	EVP_MD_free(s->md_sm3);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

int zf_blob_store_id(struct zf_blob_store *s, char id[33], struct zf_err *err)
{
	id[0] = '\0';
	return s->ops->store_id(s->impl, id, err);
}

int zf_blob_writer_new(struct zf_blob_store *s, int algos, struct zf_blob_writer **out,
		       struct zf_err *err)
{
	struct zf_blob_writer *w = calloc(1, sizeof(*w));
	int rc;

	*out = NULL;
	if (!w)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	w->s = s;
	if ((rc = zf_blob_hash_init(&w->h, algos, s->md_sha256, s->md_sm3, err)) < 0 ||
	    (rc = s->ops->sink_new(s->impl, &w->sink, err)) < 0) {
		zf_blob_hash_free(&w->h);
		free(w);
		return rc;
	}
	*out = w;
	return 0;
}

void zf_blob_writer_limit(struct zf_blob_writer *w, uint64_t max)
{
	w->max = max;
}

int zf_blob_write(struct zf_blob_writer *w, const void *p, size_t n, struct zf_err *err)
{
	int rc;

	if (w->max && (n > w->max || w->size > w->max - n))
		return zf_err_set(err, ZF_ETOOBIG, "文件超过大小上限（%llu 字节）",
				  (unsigned long long)w->max);
	if ((rc = w->s->ops->sink_write(w->sink, p, n, err)) < 0 ||
	    (rc = zf_blob_hash_update(&w->h, p, n, err)) < 0)
		return rc;
	w->size += n;
	return 0;
}

void zf_blob_abort(struct zf_blob_writer *w)
{
	if (!w)
		return;
	if (w->sink)
		w->s->ops->sink_abort(w->sink);
	zf_blob_hash_free(&w->h);
	free(w);
}

int zf_blob_commit(struct zf_blob_writer *w, struct zf_blob_digest *out, struct zf_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = zf_blob_hash_final(&w->h, out, err)) < 0) {
		zf_blob_abort(w);
		return rc;
	}
	out->size = w->size;
	rc = w->s->ops->sink_commit(w->sink, out->sha256, err);
	w->sink = NULL; /* freed by the backend whatever the result */
	zf_blob_abort(w);
	return rc;
}

int zf_blob_exists(struct zf_blob_store *s, const char *sha256)
{
	return zf_blob_is_hex(sha256, 64) && s->ops->exists(s->impl, sha256);
}

int zf_blob_open_fd(struct zf_blob_store *s, const char *sha256, int *fd, uint64_t *size,
		    struct zf_err *err)
{
	*fd = -1;
	*size = 0;
	if (!zf_blob_is_hex(sha256, 64))
		return bad_name(err);
	return s->ops->open_fd(s->impl, sha256, fd, size, err);
}

int zf_blob_local_path(struct zf_blob_store *s, const char *sha256, char *out, size_t n,
		       struct zf_err *err)
{
	if (!zf_blob_is_hex(sha256, 64))
		return bad_name(err);
	if (!s->ops->local_path)
		return zf_err_set(err, ZF_ENOTSUP, "该存储后端没有本地文件");
	return s->ops->local_path(s->impl, sha256, out, n, err);
}

int zf_blob_verify(struct zf_blob_store *s, const char *sha256, int algos,
		   struct zf_blob_digest *out, struct zf_err *err)
{
	struct zf_blob_hash h = {0};
	unsigned char *buf = NULL;
	uint64_t size;
	int fd = -1, rc;
	ssize_t r;

	memset(out, 0, sizeof(*out));
	if ((rc = zf_blob_open_fd(s, sha256, &fd, &size, err)) < 0)
		return rc;
	if (!(buf = malloc(ZF_BLOB_BUF))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	if ((rc = zf_blob_hash_init(&h, algos, s->md_sha256, s->md_sm3, err)) < 0)
		goto out;
	for (;;) {
		r = read(fd, buf, ZF_BLOB_BUF);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = zf_err_set(err, ZF_ERROR, "读取证据文件 %s 失败（%s）", sha256,
					strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		if ((rc = zf_blob_hash_update(&h, buf, (size_t)r, err)) < 0)
			goto out;
		out->size += (uint64_t)r;
	}
	if ((rc = zf_blob_hash_final(&h, out, err)) < 0)
		goto out;
	if (strcmp(out->sha256, sha256) != 0)
		rc = zf_err_set(err, ZF_EINTEGRITY,
				"证据文件 %s 已被改动：现在的 SHA-256 为 %s", sha256, out->sha256);
out:
	zf_blob_hash_free(&h);
	free(buf);
	close(fd);
	return rc;
}
