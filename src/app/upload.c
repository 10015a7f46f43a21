/* Resumable uploads (tus 1.0): creation within limits, chunks appended under an exclusive hold with optional per-chunk checksums, the durable offset recorded after fsync, completion into the blob store, termination and expiry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "app/case_int.h"
#include "app/tx.h"
#include "app/upload.h"
#include "core/case_rules.h"
#include "core/role.h"
#include "store/upload.h"
#include "util/crypto.h"
#include "util/str.h"

#define MIB ((uint64_t)1 << 20)
#define UPLOAD_BUF (128 * 1024) /* the multipart upload's read buffer */
#define EXPIRE_BATCH 100

struct zf_upload_chunk {
	struct zf_app *app;
	const struct zf_actor *actor;
	char id[33];
	uint64_t length, start, written;
	struct zf_blob_part *part;
	EVP_MD_CTX *ck;                 /* the Upload-Checksum digest; NULL without */
	unsigned char expect[32];
	unsigned int expect_len;
};

void zf_upload_limits_get(const struct zf_app *app, struct zf_upload_limits *out)
{
	(void)app; /* settings keys may tune these later: this is the one place */
	out->max_default = ZF_UPLOAD_MAX_DEFAULT;
	out->max_image = 64 * MIB;
	out->max_audio = 2048 * MIB;
	out->max_document = 256 * MIB;
	out->expire_days = ZF_UPLOAD_EXPIRE_DAYS_DEFAULT;
}

/* The limit FILETYPE selects and its Chinese name. No type (or the generic
 * octet-stream, as clients send for raw body-camera files) and video/...
 * get the default. */
static uint64_t limit_for(const struct zf_upload_limits *l, const char *filetype,
			  const char **kind)
{
	if (!filetype || !*filetype || !strcmp(filetype, "application/octet-stream") ||
	    !strncmp(filetype, "video/", 6)) {
		*kind = "视频及其他";
		return l->max_default;
	}
	if (!strncmp(filetype, "image/", 6)) {
		*kind = "图片";
		return l->max_image;
	}
	if (!strncmp(filetype, "audio/", 6)) {
		*kind = "音频";
		return l->max_audio;
	}
	*kind = "文档";
	return l->max_document;
}

/* Bytes as "64 MiB" / "16 GiB" into OUT. */
static void size_text(uint64_t n, char out[32])
{
	if (n >= (MIB << 10) && n % (MIB << 10) == 0)
		snprintf(out, 32, "%llu GiB", (unsigned long long)(n >> 30));
	else
		snprintf(out, 32, "%llu MiB", (unsigned long long)((n + MIB - 1) >> 20));
}

static int may_write(const struct zf_actor *actor, struct zf_err *err)
{
	if (actor->account_id <= 0 || !zf_role_allows(actor->role, ZF_PERM_EVIDENCE_WRITE))
		return zf_err_set(err, ZF_EDENIED, "无权上传证据文件");
	return 0;
}

static int not_found(struct zf_err *err)
{
	return zf_err_set(err, ZF_ENOTFOUND, "上传不存在或已结束");
}

static const char *nn(const char *s)
{
	return s ? s : "";
}

/* 1 when ID looks like an upload's name (32 lowercase hex). */
static int valid_id(const char *id)
{
	return id && strlen(id) == 32 && strspn(id, "0123456789abcdef") == 32;
}

static void to_upload(const struct zf_store_upload *r, struct zf_upload *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->id, sizeof(out->id), "%s", r->id);
	out->body_id = r->body_id;
	out->account_id = r->account_id;
	out->filename = r->filename;
	out->filetype = nn(r->filetype);
	out->length = (uint64_t)r->length;
	out->received = (uint64_t)r->received;
	out->state = r->state;
	snprintf(out->digest.sha256, sizeof(out->digest.sha256), "%s", nn(r->sha256));
	snprintf(out->digest.sm3, sizeof(out->digest.sm3), "%s", nn(r->sm3));
	out->digest.size = r->sha256 && *r->sha256 ? (uint64_t)r->length : 0;
	out->created_at = r->created_at;
	out->expires_at = r->expires_at;
}

/* Reads upload ID as ACTOR may see it (own, open or complete) into *R. */
static int load_own(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		    const char *id, struct zf_store_upload *r, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc;

	if (!valid_id(id))
		return not_found(err);
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_upload_get(db, a, id, r, err);
	zf_dbpool_put(app->pool, db);
	if (rc == ZF_ENOTFOUND || (rc == 0 && (r->account_id != actor->account_id ||
					       (strcmp(r->state, "open") && strcmp(r->state, "complete")))))
		return not_found(err);
	return rc;
}

/* The digests the body of upload R wants: SHA-256, and SM3 under 国密. */
static int body_algos(struct zf_app *app, int64_t body_id, int *algos, struct zf_err *err)
{
	struct zf_db *db = NULL;
	json_t *s = NULL;
	int rc;

	*algos = ZF_BLOB_SHA256;
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_case_settings_read(db, body_id, -1, &s, NULL, err);
	zf_dbpool_put(app->pool, db);
	if (rc == 0 && zf_case_setting_int(s, "gm_enabled"))
		*algos |= ZF_BLOB_SM3;
	json_decref(s);
	return rc;
}

/* Runs STORE (a store/upload.c write) in a transaction with an audit record ACTION. */
static int record(struct zf_app *app, const struct zf_actor *actor, const char *action,
		  const char *id, int (*store)(struct zf_db *, const void *, int64_t, struct zf_err *),
		  const void *arg, struct zf_err *err)
{
	struct zf_tx tx;
	char target[48];
	int rc = zf_tx_begin(&tx, app, actor, err);

	if (rc)
		return rc;
	snprintf(target, sizeof(target), "upload:%s", id);
	if (!(rc = store(tx.db, arg, tx.now, err)))
		rc = zf_tx_audit(&tx, action, target, "ok", "", err);
	return zf_tx_end(&tx, rc, err);
}

static int store_insert(struct zf_db *db, const void *arg, int64_t now, struct zf_err *err)
{
	(void)now;
	return zf_store_upload_insert(db, arg, err);
}

struct completion {
	const char *id;
	const struct zf_blob_digest *d;
};

static int store_complete(struct zf_db *db, const void *arg, int64_t now, struct zf_err *err)
{
	const struct completion *c = arg;

	return zf_store_upload_complete(db, c->id, c->d->sha256, c->d->sm3, now, err);
}

static int store_terminate(struct zf_db *db, const void *arg, int64_t now, struct zf_err *err)
{
	return zf_store_upload_close(db, arg, "terminated", now, err);
}

static int store_expire(struct zf_db *db, const void *arg, int64_t now, struct zf_err *err)
{
	return zf_store_upload_close(db, arg, "expired", now, err);
}

/* Moves the whole part P of upload ID into the store and records it complete. */
static int finish(struct zf_app *app, const struct zf_actor *actor, const char *id,
		  struct zf_blob_part *p, struct zf_err *err)
{
	struct zf_blob_digest d;
	struct completion c = {id, &d};
	int rc = zf_blob_part_finish(p, &d, err);

	return rc ? rc : record(app, actor, "upload_complete", id, store_complete, &c, err);
}

int zf_app_upload_create(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 const char *filename, const char *filetype, uint64_t length,
			 struct zf_upload *out, struct zf_err *err)
{
	struct zf_upload_limits lim;
	struct zf_store_upload r = {0};
	unsigned char rnd[16];
	char id[33], shown[32], asked[32];
	const char *kind;
	size_t n = filename ? strlen(filename) : 0;
	uint64_t max;
	int rc;

	if ((rc = may_write(actor, err)))
		return rc;
	if (n == 0 || n > 255 || !zf_str_utf8_ok(filename, n, 0) || strchr(filename, '/'))
		return zf_err_field(err, "filename", "文件名须为 1 至 255 字节的文字，不含“/”和控制字符");
	if (filetype && (strlen(filetype) > 255 || !zf_str_utf8_ok(filetype, strlen(filetype), 0)))
		return zf_err_field(err, "filetype", "文件类型无效");
	zf_upload_limits_get(app, &lim);
	max = limit_for(&lim, filetype, &kind);
	if (length > max || length > INT64_MAX) {
		size_text(max, shown);
		size_text(length, asked);
		return zf_err_set(err, ZF_ETOOBIG, "文件过大：%s类文件不能超过 %s（本文件 %s）", kind,
				  shown, asked);
	}
	if (zf_random(rnd, sizeof(rnd)))
		return zf_err_set(err, ZF_ERROR, "无法生成随机数");
	zf_hex(rnd, sizeof(rnd), id);
	r.id = id;
	r.body_id = actor->body_id;
	r.account_id = actor->account_id;
	r.filename = filename;
	r.filetype = filetype ? filetype : "";
	r.length = (int64_t)length;
	r.created_at = zf_clock_now(&app->clock);
	r.expires_at = r.created_at + (int64_t)lim.expire_days * 86400;
	/* The empty part first: a row never points at bytes that cannot exist. */
	if ((rc = zf_blob_part_create(app->blobs, id, err)))
		return rc;
	if ((rc = record(app, actor, "upload_create", id, store_insert, &r, err))) {
		zf_blob_part_remove(app->blobs, id, NULL);
		return rc;
	}
	if (length == 0) { /* nothing to wait for: complete at once */
		struct zf_upload_chunk *c = NULL;
		if ((rc = zf_app_upload_chunk_begin(app, actor, id, 0, NULL, NULL, 0, &c, err)) ||
		    (rc = zf_app_upload_chunk_end(c, 1, a, out, err)))
			return rc;
		return 0;
	}
	return out ? zf_app_upload_get(app, actor, a, id, out, err) : 0;
}

int zf_app_upload_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		      const char *id, struct zf_upload *out, struct zf_err *err)
{
	struct zf_store_upload r;
	int rc = load_own(app, actor, a, id, &r, err);

	if (rc == 0)
		to_upload(&r, out);
	return rc;
}

/* Parses the Upload-Checksum parts into C: "sha1" or "sha256" and the
 * base64 digest of the right length. */
static int checksum_parse(struct zf_upload_chunk *c, const char *algo, const char *b64,
			  struct zf_err *err)
{
	unsigned char raw[64];
	const EVP_MD *md;
	size_t n = strlen(b64);
	int len;

	if (!strcmp(algo, "sha1"))
		md = EVP_sha1();
	else if (!strcmp(algo, "sha256"))
		md = EVP_sha256();
	else
		return zf_err_field(err, "Upload-Checksum", "校验算法只支持 sha1 和 sha256");
	c->expect_len = (unsigned int)EVP_MD_get_size(md);
	if (n == 0 || n > 64 || n % 4 ||
	    (len = EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n)) < 0)
		return zf_err_field(err, "Upload-Checksum", "校验值须为 Base64 编码的摘要");
	len -= (b64[n - 1] == '=') + (n > 1 && b64[n - 2] == '=');
	if ((unsigned int)len != c->expect_len)
		return zf_err_field(err, "Upload-Checksum", "校验值长度与 %s 摘要不符", algo);
	memcpy(c->expect, raw, c->expect_len);
	if (!(c->ck = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(c->ck, md, NULL))
		return zf_err_set(err, ZF_ERROR, "无法计算校验值");
	return 0;
}

static void chunk_free(struct zf_upload_chunk *c)
{
	if (!c)
		return;
	zf_blob_part_close(c->part);
	EVP_MD_CTX_free(c->ck);
	free(c);
}

/* Holding the part: when another request recorded more than OFFSET between
 * our read and our hold, the bytes it had acknowledged were just cut, so
 * the record goes back to OFFSET (the client resumes from there: tus HEAD). */
static int offset_recheck(struct zf_upload_chunk *c, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_store_upload r;
	struct zf_db *db = NULL;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (!(rc = zf_dbpool_get(c->app->pool, &db, 5000, err))) {
		rc = zf_store_upload_get(db, a, c->id, &r, err);
		if (rc == 0 && strcmp(r.state, "open"))
			rc = zf_err_set(err, ZF_ECONFLICT, "该上传已经完成或结束");
		else if (rc == 0 && (uint64_t)r.received != c->start)
			rc = zf_store_upload_received(db, c->id, (int64_t)c->start,
						      zf_clock_now(&c->app->clock), err);
		zf_dbpool_put(c->app->pool, db);
	}
	zf_arena_free(a);
	return rc;
}

int zf_app_upload_chunk_begin(struct zf_app *app, const struct zf_actor *actor,
			      const char *id, uint64_t offset, const char *checksum_algo,
			      const char *checksum, int64_t declared,
			      struct zf_upload_chunk **out, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_upload_chunk *c = NULL;
	struct zf_store_upload r;
	int rc, algos;

	*out = NULL;
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if ((rc = may_write(actor, err)) || (rc = load_own(app, actor, a, id, &r, err)))
		goto out;
	if (strcmp(r.state, "open")) {
		rc = zf_err_set(err, ZF_ECONFLICT, "该上传已经完成");
		goto out;
	}
	if (offset != (uint64_t)r.received) {
		rc = zf_err_set(err, ZF_ECONFLICT, "上传偏移量不符：已接收 %lld 字节", (long long)r.received);
		goto out;
	}
	if (declared > 0 && (uint64_t)declared > (uint64_t)r.length - offset) {
		rc = zf_err_set(err, ZF_ETOOBIG, "本次上传的数据超出文件长度");
		goto out;
	}
	if (!(c = calloc(1, sizeof(*c)))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	c->app = app;
	c->actor = actor;
	memcpy(c->id, r.id, sizeof(c->id));
	c->length = (uint64_t)r.length;
	c->start = offset;
	if ((checksum_algo || checksum) &&
	    (rc = (checksum_algo && checksum) ? checksum_parse(c, checksum_algo, checksum, err)
					      : zf_err_field(err, "Upload-Checksum", "校验头不完整")))
		goto out;
	if ((rc = body_algos(app, r.body_id, &algos, err)) ||
	    (rc = zf_blob_part_open(app->blobs, c->id, offset, algos, &c->part, err)) ||
	    (rc = offset_recheck(c, err)))
		goto out;
	zf_blob_part_mark(c->part);
	*out = c;
	c = NULL;
out:
	chunk_free(c);
	zf_arena_free(a);
	return rc;
}

int zf_app_upload_chunk_write(struct zf_upload_chunk *c, const void *p, size_t n,
			      struct zf_err *err)
{
	int rc;

	if (n > c->length - c->start - c->written)
		return zf_err_set(err, ZF_ETOOBIG, "上传的数据超出文件长度");
	if ((rc = zf_blob_part_write(c->part, p, n, err)))
		return rc;
	if (c->ck && !EVP_DigestUpdate(c->ck, p, n))
		return zf_err_set(err, ZF_ERROR, "无法计算校验值");
	c->written += n;
	return 0;
}

/* 1 when the chunk's checksum matches what the client declared. */
static int checksum_ok(struct zf_upload_chunk *c)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	return EVP_DigestFinal_ex(c->ck, md, &len) && len == c->expect_len &&
	       zf_ct_equal(md, c->expect, len);
}

int zf_app_upload_chunk_end(struct zf_upload_chunk *c, int complete, struct zf_arena *a,
			    struct zf_upload *out, struct zf_err *err)
{
	uint64_t size = 0;
	int rc = 0, bad = 0;

	if (c->ck && (!complete || !checksum_ok(c))) {
		/* tus checksum: a chunk not verified whole is discarded */
		bad = complete;
		if ((rc = zf_blob_part_rollback(c->part, err)))
			goto out;
	}
	if ((rc = zf_blob_part_sync(c->part, &size, err)))
		goto out;
	if (size != c->start) {
		struct zf_db *db = NULL;
		if (!(rc = zf_dbpool_get(c->app->pool, &db, 5000, err))) {
			rc = zf_store_upload_received(db, c->id, (int64_t)size,
						      zf_clock_now(&c->app->clock), err);
			zf_dbpool_put(c->app->pool, db);
		}
		if (rc)
			goto out;
	}
	if (size == c->length) {
		rc = finish(c->app, c->actor, c->id, c->part, err);
		c->part = NULL; /* freed by finish */
		if (rc)
			goto out;
	}
	if (bad)
		rc = zf_err_set(err, ZF_ECHECKSUM, "本次上传的数据与 Upload-Checksum 校验值不符，已丢弃，请重新发送");
out:
	if (out && (rc == 0 || rc == ZF_ECHECKSUM)) {
		struct zf_err e2 = {0};
		if (zf_app_upload_get(c->app, c->actor, a, c->id, out, rc ? &e2 : err) && rc == 0)
			rc = err->code;
	}
	chunk_free(c);
	return rc;
}

int zf_app_upload_terminate(struct zf_app *app, const struct zf_actor *actor, const char *id,
			    struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_store_upload r;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (!(rc = may_write(actor, err)) && !(rc = load_own(app, actor, a, id, &r, err)) &&
	    !(rc = record(app, actor, "upload_terminate", r.id, store_terminate, r.id, err)))
		rc = zf_blob_part_remove(app->blobs, r.id, err);
	zf_arena_free(a);
	return rc;
}

int zf_app_upload_stream(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 const char *filename, const char *filetype, uint64_t length,
			 long (*read)(void *ctx, void *buf, size_t n), void *ctx,
			 struct zf_upload *out, struct zf_err *err)
{
	struct zf_upload_chunk *c = NULL;
	struct zf_upload made;
	unsigned char *buf = NULL;
	uint64_t got = 0;
	long r = 0;
	int rc;

	if ((rc = zf_app_upload_create(app, actor, a, filename, filetype, length, &made, err)))
		return rc;
	if (length == 0) {
		if (out)
			*out = made;
		return 0;
	}
	if (!(buf = malloc(UPLOAD_BUF))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto fail;
	}
	if ((rc = zf_app_upload_chunk_begin(app, actor, made.id, 0, NULL, NULL, (int64_t)length, &c,
					    err)))
		goto fail;
	while ((r = read(ctx, buf, UPLOAD_BUF)) > 0) {
		if ((rc = zf_app_upload_chunk_write(c, buf, (size_t)r, err)))
			break;
		got += (uint64_t)r;
	}
	if (rc == 0 && r < 0)
		rc = zf_err_set(err, ZF_EINVAL, "文件读取中断，请重新上传");
	if (rc == 0 && got != length)
		rc = zf_err_set(err, ZF_EINVAL, "文件不完整：应为 %llu 字节，收到 %llu 字节",
				(unsigned long long)length, (unsigned long long)got);
	if (rc) {
		zf_app_upload_chunk_end(c, 0, NULL, NULL, NULL);
		goto fail;
	}
	rc = zf_app_upload_chunk_end(c, 1, a, out, err);
	free(buf);
	return rc;
fail:
	free(buf);
	zf_app_upload_terminate(app, actor, made.id, NULL);
	return rc;
}

int zf_app_upload_expire(struct zf_app *app, int64_t *n, struct zf_err *err)
{
	struct zf_actor sys;
	struct zf_store_upload *rows = NULL;
	struct zf_arena *a = NULL;
	struct zf_db *db = NULL;
	size_t count = 0;
	int rc = 0;

	*n = 0;
	zf_actor_cli(&sys);
	do {
		zf_arena_free(a);
		if (!(a = zf_arena_new(0)))
			return zf_err_set(err, ZF_ENOMEM, "内存不足");
		if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
			break;
		rc = zf_store_upload_expired(db, a, zf_clock_now(&app->clock), EXPIRE_BATCH, &rows,
					     &count, err);
		zf_dbpool_put(app->pool, db);
		for (size_t i = 0; rc == 0 && i < count; i++) {
			rc = record(app, &sys, "upload_expire", rows[i].id, store_expire, rows[i].id, err);
			if (rc == ZF_ENOTFOUND) { /* finished or terminated meanwhile */
				zf_err_clear(err);
				rc = 0;
				continue;
			}
			if (rc == 0 && !strcmp(rows[i].state, "open"))
				rc = zf_blob_part_remove(app->blobs, rows[i].id, err);
			if (rc == 0)
				(*n)++;
		}
	} while (rc == 0 && count == EXPIRE_BATCH);
	zf_arena_free(a);
	return rc;
}
