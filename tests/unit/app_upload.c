/* Unit tests of the upload use cases (app/upload.c) on SQLite and PostgreSQL: limits, ownership, offsets, tus checksums, interrupted chunks, completion into the blob store, termination, expiry and the blob folder's identity check. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "app/blobs.h"
#include "app/case.h"
#include "app/maintain.h"
#include "app/upload.h"
#include "blob/blob.h"
#include "core/role.h"
#include "store/account.h"
#include "store_fixture.h"

#define T0 1772416800 /* 2026-03-02 10:00 Beijing time */
#define DAY 86400

struct ctx {
	struct fixture f;
	struct zf_app *app;
	char data[96];
	struct zf_actor owner, other, reviewer;
};

static int64_t add_account(struct ctx *c, const char *login, int role, int64_t body)
{
	struct zf_account acc = {.login = login, .role = role, .body_id = body, .pw_hash = "x",
				 .enabled = 1, .created_at = T0, .pw_changed_at = T0};
	int64_t id = 0;

	return zf_store_account_insert(c->f.db, &acc, &id, &c->f.err) ? 0 : id;
}

static int setup(void **state)
{
	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	struct ctx *c = *state;
	int64_t body = fixture_body(c->f.db, "测试局", "11330000002482014X"), a1, a2, a3;

	a1 = add_account(c, "officer1", ZF_ROLE_OFFICER, body);
	a2 = add_account(c, "officer2", ZF_ROLE_OFFICER, body);
	a3 = add_account(c, "reviewer1", ZF_ROLE_REVIEWER, body);
	snprintf(c->data, sizeof(c->data), "%s/data", c->f.dir);
	if (!body || !a1 || !a2 || !a3 || mkdir(c->data, 0700) ||
	    zf_app_open(&c->app, c->f.path, c->data, 2, &c->f.err)) {
		fprintf(stderr, "setup: %s\n", c->f.err.msg);
		return -1;
	}
	c->app->clock.fixed = T0;
	fixture_actor(&c->owner, a1, "officer1", ZF_ROLE_OFFICER, body, 0);
	fixture_actor(&c->other, a2, "officer2", ZF_ROLE_OFFICER, body, 0);
	fixture_actor(&c->reviewer, a3, "reviewer1", ZF_ROLE_REVIEWER, body, 0);
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	zf_app_close(c->app);
	fixture_data_remove(c->data);
	fixture_close(&c->f);
	return 0;
}

/* The size of upload ID's partial file, -1 when there is none. */
static long long part_size(struct ctx *c, const char *id)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "%s/blobs/partial/%s", c->data, id);
	return stat(path, &st) ? -1 : (long long)st.st_size;
}

/* Creates an upload of LENGTH bytes for the owner. */
static void create(struct ctx *c, uint64_t length, struct zf_upload *u)
{
	assert_int_equal(zf_app_upload_create(c->app, &c->owner, c->f.a, "现场检查.mp4", "video/mp4",
					      length, u, &c->f.err),
			 0);
	assert_string_equal(u->state, "open");
	assert_int_equal(u->received, 0);
}

/* Sends one whole chunk of N bytes at OFFSET with an optional checksum; returns chunk_end's result. */
static int chunk(struct ctx *c, const char *id, uint64_t offset, const void *p, size_t n,
		 const char *algo, const char *sum, struct zf_upload *u)
{
	struct zf_upload_chunk *ch = NULL;
	int rc = zf_app_upload_chunk_begin(c->app, &c->owner, id, offset, algo, sum, (int64_t)n, &ch,
					   &c->f.err);

	if (rc)
		return rc;
	assert_int_equal(zf_app_upload_chunk_write(ch, p, n, &c->f.err), 0);
	return zf_app_upload_chunk_end(ch, 1, c->f.a, u, &c->f.err);
}

/* Asserts that U is complete with the N bytes P: state and SHA-256. */
static void assert_complete(const struct zf_upload *u, const char *p, size_t n)
{
	struct zf_blob_digest d;

	assert_string_equal(u->state, "complete");
	assert_int_equal(u->received, n);
	assert_int_equal(zf_blob_digest_mem(p, n, ZF_BLOB_SHA256, &d), 0);
	assert_string_equal(u->digest.sha256, d.sha256);
}

static void test_create_limits(void **state)
{
	struct ctx *c = *state;
	struct zf_upload u;

	/* body-camera video of 8 GiB fits the default */
	assert_int_equal(zf_app_upload_create(c->app, &c->owner, c->f.a, "DV0001.MP4", "",
					      (uint64_t)8 << 30, &u, &c->f.err), 0);
	assert_int_equal(u.length, (uint64_t)8 << 30);
	assert_int_equal(u.expires_at, T0 + ZF_UPLOAD_EXPIRE_DAYS_DEFAULT * DAY);
	assert_int_equal(strlen(u.id), 32);
	assert_int_equal(part_size(c, u.id), 0);
	/* a photo of 65 MiB does not */
	assert_int_equal(zf_app_upload_create(c->app, &c->owner, c->f.a, "a.jpg", "image/jpeg",
					      (uint64_t)65 << 20, &u, &c->f.err), ZF_ETOOBIG);
	assert_non_null(strstr(c->f.err.msg, "64 MiB"));
	assert_non_null(strstr(c->f.err.msg, "图片"));
	assert_int_equal(zf_app_upload_create(c->app, &c->owner, c->f.a, "a.pdf", "application/pdf",
					      (uint64_t)257 << 20, &u, &c->f.err), ZF_ETOOBIG);
	assert_non_null(strstr(c->f.err.msg, "256 MiB"));
	assert_int_equal(zf_app_upload_create(c->app, &c->owner, c->f.a, "a.mp4", "video/mp4",
					      ZF_UPLOAD_MAX_DEFAULT + 1, &u, &c->f.err), ZF_ETOOBIG);
	assert_non_null(strstr(c->f.err.msg, "16 GiB"));
	/* filenames */
	assert_int_equal(zf_app_upload_create(c->app, &c->owner, c->f.a, "", "", 10, &u, &c->f.err),
			 ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "filename"));
	assert_int_equal(zf_app_upload_create(c->app, &c->owner, c->f.a, "../x", "", 10, &u,
					      &c->f.err), ZF_EINVAL);
	assert_int_equal(zf_app_upload_create(c->app, &c->owner, c->f.a, "a\nb", "", 10, &u,
					      &c->f.err), ZF_EINVAL);
	/* a reviewer may not upload */
	assert_int_equal(zf_app_upload_create(c->app, &c->reviewer, c->f.a, "a.jpg", "image/jpeg", 10,
					      &u, &c->f.err), ZF_EDENIED);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM upload"), 1);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM audit WHERE action = 'upload_create'"), 1);
}

static void test_owner_only(void **state)
{
	struct ctx *c = *state;
	struct zf_upload u, g;
	struct zf_upload_chunk *ch = NULL;

	create(c, 100, &u);
	assert_int_equal(zf_app_upload_get(c->app, &c->owner, c->f.a, u.id, &g, &c->f.err), 0);
	assert_string_equal(g.filename, "现场检查.mp4");
	assert_string_equal(g.filetype, "video/mp4");
	assert_int_equal(zf_app_upload_get(c->app, &c->other, c->f.a, u.id, &g, &c->f.err), ZF_ENOTFOUND);
	assert_int_equal(zf_app_upload_chunk_begin(c->app, &c->other, u.id, 0, NULL, NULL, 10, &ch,
						   &c->f.err), ZF_ENOTFOUND);
	assert_int_equal(zf_app_upload_terminate(c->app, &c->other, u.id, &c->f.err), ZF_ENOTFOUND);
	assert_int_equal(zf_app_upload_get(c->app, &c->owner, c->f.a, "0123", &g, &c->f.err), ZF_ENOTFOUND);
	assert_int_equal(zf_app_upload_get(c->app, &c->owner, c->f.a, "00000000000000000000000000000000",
					   &g, &c->f.err), ZF_ENOTFOUND);
}

static void test_offsets_and_completion(void **state)
{
	struct ctx *c = *state;
	struct zf_upload u;
	struct zf_upload_chunk *ch = NULL, *second = NULL;
	struct zf_blob_digest d;
	char body[3000];

	for (size_t i = 0; i < sizeof(body); i++)
		body[i] = (char)(i * 7);
	create(c, sizeof(body), &u);
	/* a wrong offset is a conflict (tus 409) */
	assert_int_equal(chunk(c, u.id, 5, body, 10, NULL, NULL, &u), ZF_ECONFLICT);
	/* more than the upload's length */
	assert_int_equal(zf_app_upload_chunk_begin(c->app, &c->owner, u.id, 0, NULL, NULL, 3001, &ch,
						   &c->f.err), ZF_ETOOBIG);
	assert_int_equal(chunk(c, u.id, 0, body, 1000, NULL, NULL, &u), 0);
	assert_int_equal(u.received, 1000);
	/* two appends at once: the second is told busy (tus 423) */
	assert_int_equal(zf_app_upload_chunk_begin(c->app, &c->owner, u.id, 1000, NULL, NULL, -1, &ch,
						   &c->f.err), 0);
	assert_int_equal(zf_app_upload_chunk_begin(c->app, &c->owner, u.id, 1000, NULL, NULL, -1,
						   &second, &c->f.err), ZF_EBUSY);
	assert_int_equal(zf_app_upload_chunk_write(ch, body + 1000, 1000, &c->f.err), 0);
	assert_int_equal(zf_app_upload_chunk_write(ch, body, 1001, &c->f.err), ZF_ETOOBIG);
	assert_int_equal(zf_app_upload_chunk_end(ch, 1, c->f.a, &u, &c->f.err), 0);
	assert_int_equal(u.received, 2000);
	assert_int_equal(chunk(c, u.id, 2000, body + 2000, 1000, NULL, NULL, &u), 0);
	assert_string_equal(u.state, "complete");
	assert_int_equal(u.received, sizeof(body));
	assert_int_equal(zf_blob_digest_mem(body, sizeof(body), ZF_BLOB_SHA256, &d), 0);
	assert_string_equal(u.digest.sha256, d.sha256);
	assert_string_equal(u.digest.sm3, "");
	assert_int_equal(zf_blob_exists(zf_app_blobs(c->app), d.sha256), 1);
	assert_int_equal(part_size(c, u.id), -1);
	/* complete: no more chunks */
	assert_int_equal(chunk(c, u.id, 3000, body, 0, NULL, NULL, &u), ZF_ECONFLICT);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM audit WHERE action = 'upload_complete'"), 1);
}

static void test_checksums(void **state)
{
	struct ctx *c = *state;
	struct zf_upload u;
	/* base64 SHA-1 and SHA-256 of "hello world" */
	const char *sha1_hw = "Kq5sNclPz7QV2+lfQIuc6R7oRu0=";
	const char *sha256_hw = "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=";

	create(c, 22, &u);
	assert_int_equal(chunk(c, u.id, 0, "hello world", 11, "sha1", sha1_hw, &u), 0);
	assert_int_equal(u.received, 11);
	/* a bad checksum: 460, the chunk discarded, earlier bytes kept */
	assert_int_equal(chunk(c, u.id, 11, "hello worle", 11, "sha256", sha256_hw, &u), ZF_ECHECKSUM);
	assert_int_equal(u.received, 11);
	assert_int_equal(part_size(c, u.id), 11);
	assert_int_equal(chunk(c, u.id, 11, "hello world", 11, "sha1", sha256_hw, &u), ZF_EINVAL);
	assert_int_equal(chunk(c, u.id, 11, "hello world", 11, "md5", sha1_hw, &u), ZF_EINVAL);
	assert_int_equal(chunk(c, u.id, 11, "hello world", 11, "sha256", "!!!!", &u), ZF_EINVAL);
	assert_int_equal(part_size(c, u.id), 11);
	assert_int_equal(chunk(c, u.id, 11, "hello world", 11, "sha256", sha256_hw, &u), 0);
	assert_complete(&u, "hello worldhello world", 22);
}

static void test_interrupted(void **state)
{
	struct ctx *c = *state;
	struct zf_upload u;
	struct zf_upload_chunk *ch = NULL;

	create(c, 20, &u);
	/* without a checksum the bytes received are kept */
	assert_int_equal(zf_app_upload_chunk_begin(c->app, &c->owner, u.id, 0, NULL, NULL, 20, &ch,
						   &c->f.err), 0);
	assert_int_equal(zf_app_upload_chunk_write(ch, "0123456", 7, &c->f.err), 0);
	assert_int_equal(zf_app_upload_chunk_end(ch, 0, c->f.a, &u, &c->f.err), 0);
	assert_int_equal(u.received, 7);
	assert_int_equal(part_size(c, u.id), 7);
	/* with a checksum an interrupted chunk is dropped */
	assert_int_equal(zf_app_upload_chunk_begin(c->app, &c->owner, u.id, 7, "sha1",
						   "Kq5sNclPz7QV2+lfQIuc6R7oRu0=", 13, &ch, &c->f.err), 0);
	assert_int_equal(zf_app_upload_chunk_write(ch, "789", 3, &c->f.err), 0);
	assert_int_equal(zf_app_upload_chunk_end(ch, 0, c->f.a, &u, &c->f.err), 0);
	assert_int_equal(u.received, 7);
	assert_int_equal(part_size(c, u.id), 7);
	assert_int_equal(chunk(c, u.id, 7, "789abcdefghij", 13, NULL, NULL, &u), 0);
	assert_complete(&u, "0123456789abcdefghij", 20);
}

static void test_sm3_when_enabled(void **state)
{
	struct ctx *c = *state;
	struct zf_upload u;
	struct zf_actor cli;
	int64_t ver = 0;
	json_t *s = json_pack("{s:b}", "gm_enabled", 1);

	zf_actor_cli(&cli);
	assert_int_equal(zf_app_case_settings_set(c->app, &cli, c->owner.body_id, s, &ver, &c->f.err), 0);
	json_decref(s);
	create(c, 3, &u);
	assert_int_equal(chunk(c, u.id, 0, "abc", 3, NULL, NULL, &u), 0);
	assert_string_equal(u.digest.sm3, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM upload WHERE sm3 <> ''"), 1);
}

static void test_terminate(void **state)
{
	struct ctx *c = *state;
	struct zf_upload u;

	create(c, 10, &u);
	assert_int_equal(chunk(c, u.id, 0, "abc", 3, NULL, NULL, &u), 0);
	assert_int_equal(zf_app_upload_terminate(c->app, &c->owner, u.id, &c->f.err), 0);
	assert_int_equal(part_size(c, u.id), -1);
	assert_int_equal(zf_app_upload_get(c->app, &c->owner, c->f.a, u.id, &u, &c->f.err), ZF_ENOTFOUND);
	assert_int_equal(zf_app_upload_terminate(c->app, &c->owner, u.id, &c->f.err), ZF_ENOTFOUND);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM upload WHERE state = 'terminated'"), 1);
}

struct src {
	const char *p;
	size_t left;
};

static long src_read(void *ctx, void *buf, size_t n)
{
	struct src *s = ctx;
	size_t k = n < s->left ? n : s->left;

	memcpy(buf, s->p, k);
	s->p += k;
	s->left -= k;
	return (long)k;
}

static void test_stream(void **state)
{
	struct ctx *c = *state;
	struct zf_upload u;
	struct src s = {"small scan", 10};

	assert_int_equal(zf_app_upload_stream(c->app, &c->owner, c->f.a, "scan.pdf", "application/pdf",
					      10, src_read, &s, &u, &c->f.err), 0);
	assert_complete(&u, "small scan", 10);
	/* short of the declared length: refused, nothing left behind */
	struct src short_src = {"abc", 3};
	assert_int_equal(zf_app_upload_stream(c->app, &c->owner, c->f.a, "x.pdf", "application/pdf", 10,
					      src_read, &short_src, &u, &c->f.err), ZF_EINVAL);
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM upload WHERE state = 'open'"), 0);
}

static void test_expire(void **state)
{
	struct ctx *c = *state;
	struct zf_upload open_u, done_u, fresh;
	int64_t n = 0;

	create(c, 10, &open_u);
	assert_int_equal(chunk(c, open_u.id, 0, "abc", 3, NULL, NULL, &open_u), 0);
	create(c, 3, &done_u);
	assert_int_equal(chunk(c, done_u.id, 0, "xyz", 3, NULL, NULL, &done_u), 0);
	c->app->clock.fixed = T0 + 3 * DAY;
	create(c, 10, &fresh);
	assert_int_equal(zf_app_upload_expire(c->app, &n, &c->f.err), 0);
	assert_int_equal(n, 0);
	c->app->clock.fixed = T0 + ZF_UPLOAD_EXPIRE_DAYS_DEFAULT * DAY + 1;
	assert_int_equal(zf_app_maintain(c->app, &c->f.err), 0); /* housekeeping expires them */
	assert_int_equal(fixture_count(&c->f, "SELECT COUNT(*) FROM upload WHERE state = 'expired'"), 2);
	assert_int_equal(part_size(c, open_u.id), -1);
	assert_int_equal(part_size(c, fresh.id), 0);
	/* the blob of a complete upload is never deleted */
	assert_int_equal(zf_blob_exists(zf_app_blobs(c->app), done_u.digest.sha256), 1);
	assert_int_equal(zf_app_upload_get(c->app, &c->owner, c->f.a, open_u.id, &open_u, &c->f.err),
			 ZF_ENOTFOUND);
	assert_int_equal(zf_app_upload_expire(c->app, &n, &c->f.err), 0);
	assert_int_equal(n, 0);
}

static void test_store_identity(void **state)
{
	struct ctx *c = *state;
	struct zf_app *second = NULL;
	char other[160];

	assert_int_equal(zf_app_blobs_bind(c->app, &c->f.err), 0);
	assert_int_equal(zf_app_blobs_bind(c->app, &c->f.err), 0);
	/* a second server with its own (unshared) folder is refused */
	snprintf(other, sizeof(other), "%s/other", c->f.dir);
	assert_int_equal(mkdir(other, 0700), 0);
	assert_int_equal(zf_app_open(&second, c->f.path, other, 1, &c->f.err), 0);
	assert_int_equal(zf_app_blobs_bind(second, &c->f.err), ZF_ECONFLICT);
	assert_non_null(strstr(c->f.err.msg, "docs/operations.md"));
	assert_non_null(strstr(c->f.err.msg, other));
	zf_app_close(second);
	fixture_data_remove(other);
	/* one with the same folder starts */
	assert_int_equal(zf_app_open(&second, c->f.path, c->data, 1, &c->f.err), 0);
	assert_int_equal(zf_app_blobs_bind(second, &c->f.err), 0);
	zf_app_close(second);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_limits),
		cmocka_unit_test(test_owner_only),
		cmocka_unit_test(test_offsets_and_completion),
		cmocka_unit_test(test_checksums),
		cmocka_unit_test(test_interrupted),
		cmocka_unit_test(test_sm3_when_enabled),
		cmocka_unit_test(test_terminate),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_expire),
		cmocka_unit_test(test_store_identity),
	};
	return run_fresh(tests, setup, teardown);
}
