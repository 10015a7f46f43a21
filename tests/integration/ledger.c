/* Integration tests of the record log: checkpoints that grow within seconds, tiles, entries and proofs as a verifier reads them, two servers on one log, and every kind of tampering caught by zhifa log verify. */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "harness.h"
#include "ledger/entry.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tile.h"
#include "store/db.h"
#include "store/history.h"
#include "util/arena.h"
#include "util/buf.h"

#define GROW_MS 5000 /* the bound: a change is in a checkpoint within 5 s */

struct fx {
	struct demo d;            /* first: the tests' state points at it */
	char token[128];          /* API token of registrar1 */
	char vkey[512];           /* /log/key */
	struct zf_verifier *ver;
	char data[300];           /* the data folder */
};

/* ---- helpers ---- */

static void data_dir(const struct srv *s, char *out, size_t n)
{
	int w = s->data[0] ? snprintf(out, n, "%.280s", s->data)
			   : snprintf(out, n, "%.240s/zhifa.data", s->dir);
	assert_true(w > 0 && (size_t)w < n);
}

static int setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	struct client cl;
	struct resp r = {0};
	struct zf_err err = {0};
	data_dir(&d->s, f->data, sizeof(f->data));
	if (make_token(&d->s, "registrar1", f->token, sizeof(f->token))) {
		fprintf(stderr, "zhifa token add failed\n");
		return -1;
	}
	client_init(&cl, &d->s);
	int rc = client_get(&cl, "/log/key", &r);
	client_free(&cl);
	if (rc || r.status != 200 || r.len < 2 || r.len >= sizeof(f->vkey)) {
		fprintf(stderr, "GET /log/key: %ld\n", r.status);
		resp_free(&r);
		return -1;
	}
	memcpy(f->vkey, r.body, r.len - 1); /* without the newline */
	resp_free(&r);
	if (zf_verifier_parse(&f->ver, f->vkey, &err)) {
		fprintf(stderr, "the served key does not parse: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static void teardown(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	zf_verifier_free(f->ver);
}

/* A verified checkpoint as served. */
struct ck {
	uint64_t size;
	zf_hash root;
	char note[1024];
};

/* GETs /log/checkpoint from S and verifies it with the served key. */
static void get_checkpoint(struct fx *f, struct srv *s, struct ck *out)
{
	struct client cl;
	struct resp r;
	struct zf_err err = {0};
	char origin[256];
	size_t body = 0;
	client_init(&cl, s);
	assert_int_equal(client_get(&cl, "/log/checkpoint", &r), 0);
	client_free(&cl);
	assert_int_equal(r.status, 200);
	assert_true(r.len < sizeof(out->note));
	memcpy(out->note, r.body, r.len + 1);
	if (zf_note_open(f->ver, r.body, r.len, &body, &err))
		fail_msg("the checkpoint does not verify: %s\n%s", err.msg, r.body);
	assert_int_equal(zf_checkpoint_parse(r.body, body, origin, sizeof(origin), &out->size,
					     out->root), 0);
	resp_free(&r);
}

/* Waits until the checkpoint of S is larger than FROM; returns the
 * milliseconds it took, failing after GROW_MS. */
static long long wait_growth(struct fx *f, struct srv *s, uint64_t from, struct ck *out)
{
	long long t0 = now_ms();
	for (;;) {
		get_checkpoint(f, s, out);
		if (out->size > from)
			return now_ms() - t0;
		if (now_ms() - t0 > GROW_MS)
			fail_msg("the checkpoint stayed at %llu for %d ms", (unsigned long long)from, GROW_MS);
		usleep(50000);
	}
}

/* Runs zhifa log verify on the server's database; the report goes to *OUT. */
static int verify(struct fx *f, char **out)
{
	return srv_cli(&f->d.s, NULL, out, (const char *const[]){"log", "verify", NULL});
}

/* Asserts that log verify passes. */
static void verify_ok(struct fx *f)
{
	char *out = NULL;
	int rc = verify(f, &out);
	if (rc != 0)
		fail_msg("log verify: %d\n%s", rc, out ? out : "");
	assert_has(out, "核验通过");
	free(out);
}

/* Asserts that log verify fails and names each string that follows. */
static void verify_fails(struct fx *f, ...)
{
	char *out = NULL;
	const char *needle;
	va_list ap;
	int rc = verify(f, &out);
	if (rc == 0)
		fail_msg("log verify passed:\n%s", out ? out : "");
	assert_non_null(out);
	va_start(ap, f);
	while ((needle = va_arg(ap, const char *)))
		assert_has(out, needle);
	va_end(ap);
	free(out);
}

static long api(struct fx *f, struct srv *s, const char *method, const char *path, const char *body)
{
	struct client cl;
	struct resp r;
	client_init(&cl, s);
	assert_int_equal(client_json(&cl, method, path, body, f->token, NULL, &r), 0);
	client_free(&cl);
	long st = r.status;
	resp_free(&r);
	return st;
}

/* Adds an officer through the API of S with certificate number CERT. */
static long add_officer(struct fx *f, struct srv *s, const char *cert)
{
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"body_id\":1,\"name\":\"日志测试\",\"cert_no\":\"%s\",\"issuer\":\"陵川县人民政府\","
		 "\"domains\":\"旅游市场\",\"valid_from\":\"2025-01-01\",\"valid_to\":\"2030-12-31\"}",
		 cert);
	return api(f, s, "POST", "/api/v1/officers", body);
}

/* The number of logged changes: every salted history row has one entry. */
static long logged(struct fx *f)
{
	return scalar(&f->d, "SELECT count(*) FROM history WHERE salt IS NOT NULL");
}

/* Waits until the checkpoint of S covers every logged change. */
static void wait_all(struct fx *f, struct srv *s, struct ck *out)
{
	long long t0 = now_ms();
	for (;;) {
		long want = logged(f);
		get_checkpoint(f, s, out);
		if ((long)out->size == want)
			return;
		if (now_ms() - t0 > GROW_MS)
			fail_msg("checkpoint at %llu, %ld changes logged", (unsigned long long)out->size, want);
		usleep(50000);
	}
}

/* GETs a tile resource PATH (after /log/tile/) into R; returns the status. */
static long get_tile(struct srv *s, const char *path, struct resp *r)
{
	struct client cl;
	char url[256];
	snprintf(url, sizeof(url), "/log/tile/%s", path);
	client_init(&cl, s);
	assert_int_equal(client_get(&cl, url, r), 0);
	client_free(&cl);
	return r->status;
}

/* ---- a verifier's view of the tiles ---- */

/* A zf_hash_reader over the served hash tiles of a tree of SIZE. */
struct tiles {
	struct srv *s;
	uint64_t size;
	int level;          /* cached tile */
	uint64_t n;
	int w;
	unsigned char h[ZF_TILE_WIDTH * ZF_HASH_LEN];
	int fetched;
};

static int tiles_read(void *ctx, int level, uint64_t idx, zf_hash out)
{
	struct tiles *t = ctx;
	int l = level / 8;
	uint64_t n = idx / ZF_TILE_WIDTH;
	if (level % 8)
		return -1;
	if (!t->w || t->level != l || t->n != n) {
		struct zf_tile tile = {.level = l, .n = n, .width = zf_tile_width(l, n, t->size)};
		char path[128];
		struct resp r;
		if (tile.width == 0 || zf_tile_path(&tile, path, sizeof(path)) ||
		    get_tile(t->s, path, &r) != 200 || r.len != (size_t)tile.width * ZF_HASH_LEN) {
			resp_free(&r);
			return -1;
		}
		memcpy(t->h, r.body, r.len);
		resp_free(&r);
		t->level = l;
		t->n = n;
		t->w = tile.width;
		t->fetched++;
	}
	if (idx % ZF_TILE_WIDTH >= (uint64_t)t->w)
		return -1;
	memcpy(out, t->h + (idx % ZF_TILE_WIDTH) * ZF_HASH_LEN, ZF_HASH_LEN);
	return 0;
}

/* Checks ENTRY (the log's bytes) against the history row it commits to. */
static void check_record(struct zf_db *db, const unsigned char *entry, size_t len)
{
	struct zf_entry e;
	struct zf_history h;
	struct zf_err err = {0};
	struct zf_arena *a = zf_arena_new(0);
	char copy[ZF_ENTRY_MAX + 1], commit[65];
	assert_non_null(a);
	if (zf_entry_parse((const char *)entry, len, &e, copy, sizeof(copy)))
		fail_msg("an entry does not parse: %.*s", (int)len, entry);
	assert_string_equal(e.table, "history");
	assert_int_equal(zf_store_history_get(db, a, e.key, &h, &err), 0);
	assert_non_null(h.salt);
	assert_int_equal(zf_entry_commit(h.salt, h.after_json, strlen(h.after_json), commit), 0);
	assert_string_equal(commit, e.commit);
	assert_string_equal(h.action, e.type);
	assert_int_equal(h.at, e.time);
	/* No readable personal data: the entry holds no name or login. */
	assert_null(memmem(entry, len, "日志测试", strlen("日志测试")));
	zf_arena_free(a);
}

/* ---- tests ---- */

/* The first checkpoint covers the demo's records, is signed by the key in
 * the data folder, and is served with a short cache lifetime. */
static void test_checkpoint(void **state)
{
	struct fx *f = *state;
	struct zf_logkey *key = NULL;
	struct zf_err err = {0};
	char path[512], vkey[512], cc[128];
	struct ck ck;
	struct resp r;
	wait_all(f, &f->d.s, &ck);
	assert_true(ck.size >= 40); /* bodies, officers and accounts of the demo */
	snprintf(path, sizeof(path), "%s/log.key", f->data);
	assert_int_equal(zf_logkey_load(&key, path, &err), 0);
	assert_true(zf_logkey_vkey(key, vkey, sizeof(vkey)) >= 0);
	zf_logkey_free(key);
	assert_string_equal(vkey, f->vkey);
	demo_get(&f->d, "/log/checkpoint", 200, &r, NULL);
	assert_non_null(resp_header(&r, "Content-Type", cc, sizeof(cc)));
	assert_string_equal(cc, "text/plain; charset=utf-8");
	assert_non_null(resp_header(&r, "Cache-Control", cc, sizeof(cc)));
	assert_has(cc, "max-age=2");
	resp_free(&r);
	/* The data folder keeps what was signed last. */
	snprintf(path, sizeof(path), "%s/checkpoint", f->data);
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	fclose(fp);
}

/* An officer edited through the API is in a checkpoint within 5 s. */
static void test_grows_after_api_edit(void **state)
{
	struct fx *f = *state;
	struct ck before, after;
	get_checkpoint(f, &f->d.s, &before);
	assert_int_equal(api(f, &f->d.s, "PUT", "/api/v1/officers/2",
			     "{\"version\":1,\"domains\":\"文化市场；旅游市场\"}"), 200);
	long long ms = wait_growth(f, &f->d.s, before.size, &after);
	print_message("# officer edit in a checkpoint after %lld ms\n", ms);
	assert_true(ms < GROW_MS);
	assert_int_equal(after.size, before.size + 1);
	/* The entry committing to the edit is the newest leaf. */
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM log_leaf WHERE entry LIKE "
				   "'%type officer_update%'"), 1);
}

/* An account added from the command line is integrated by the running
 * server within 5 s. */
static void test_grows_after_cli(void **state)
{
	struct fx *f = *state;
	struct ck before, after;
	get_checkpoint(f, &f->d.s, &before);
	assert_int_equal(srv_cli(&f->d.s, "Ledger-test-2026\n", NULL,
				 (const char *const[]){"user", "add", "--login", "ledger1", "--role",
						       "registrar", "--password-stdin", NULL}), 0);
	long long ms = wait_growth(f, &f->d.s, before.size, &after);
	print_message("# command-line account in a checkpoint after %lld ms\n", ms);
	assert_true(ms < GROW_MS);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM log_leaf WHERE entry LIKE "
				   "'%type account_add%'"), 11); /* the demo's ten and this one */
}

/* Past one full tile: the hash tiles rebuild the root, full tiles are
 * immutable, partial ones of every published size are served, the entry
 * bundles hash to the level-0 tiles, and every entry commits to its
 * history row. */
static void test_tiles_and_entries(void **state)
{
	struct fx *f = *state;
	struct ck ck;
	struct tiles *t = calloc(1, sizeof(*t));
	struct zf_err err = {0};
	struct zf_db *db = NULL;
	char cert[32], cc[128];
	struct resp r;
	zf_hash root;
	assert_non_null(t);
	get_checkpoint(f, &f->d.s, &ck);
	for (int i = 0; ck.size + (uint64_t)i < 300; i++) {
		snprintf(cert, sizeof(cert), "LOG-%04d", i);
		assert_int_equal(add_officer(f, &f->d.s, cert), 201);
	}
	wait_all(f, &f->d.s, &ck);
	assert_true(ck.size >= 300);

	t->s = &f->d.s;
	t->size = ck.size;
	assert_int_equal(zf_merkle_root(tiles_read, t, ck.size, root), 0);
	assert_memory_equal(root, ck.root, ZF_HASH_LEN);

	/* Tile 0/000 is full; level 1 has a partial tile of width 1. */
	assert_int_equal(get_tile(&f->d.s, "0/000", &r), 200);
	assert_int_equal(r.len, ZF_TILE_WIDTH * ZF_HASH_LEN);
	assert_non_null(resp_header(&r, "Cache-Control", cc, sizeof(cc)));
	assert_has(cc, "immutable");
	assert_non_null(resp_header(&r, "Content-Type", cc, sizeof(cc)));
	assert_string_equal(cc, "application/octet-stream");
	resp_free(&r);
	assert_int_equal(get_tile(&f->d.s, "1/000.p/1", &r), 200);
	assert_int_equal(r.len, ZF_HASH_LEN);
	assert_non_null(resp_header(&r, "Cache-Control", cc, sizeof(cc)));
	assert_lacks(cc, "immutable");
	resp_free(&r);
	/* Not yet in the tree, not canonical: 404. */
	assert_int_equal(get_tile(&f->d.s, "0/001", &r), 404);
	resp_free(&r);
	assert_int_equal(get_tile(&f->d.s, "0/1", &r), 404);
	resp_free(&r);
	assert_int_equal(get_tile(&f->d.s, "0/000.p/256", &r), 404);
	resp_free(&r);

	/* Every entry of every bundle hashes to its authenticated leaf hash. */
	assert_int_equal(zf_db_open(&db, f->d.s.db, 0, &err), 0);
	uint64_t seen = 0;
	for (uint64_t n = 0; n * ZF_TILE_WIDTH < ck.size; n++) {
		struct zf_tile tile = {.level = -1, .n = n, .width = zf_tile_width(-1, n, ck.size)};
		char path[64];
		size_t pos = 0, elen;
		const unsigned char *e;
		int more;
		assert_int_equal(zf_tile_path(&tile, path, sizeof(path)), 0);
		assert_int_equal(get_tile(&f->d.s, path, &r), 200);
		while ((more = zf_bundle_next((const unsigned char *)r.body, r.len, &pos, &e, &elen)) == 1) {
			zf_hash leaf, want;
			assert_int_equal(zf_merkle_leaf(e, elen, leaf), 0);
			assert_int_equal(tiles_read(t, 0, seen, want), 0);
			assert_memory_equal(leaf, want, ZF_HASH_LEN);
			check_record(db, e, elen);
			seen++;
		}
		assert_int_equal(more, 0);
		resp_free(&r);
	}
	assert_int_equal(seen, ck.size);
	zf_db_close(db);
	free(t);
}

/* Bytes and headers of a GET as sent, without curl's decoding. */
struct raw {
	unsigned char *body;
	size_t len;
	char headers[4096];
	size_t hlen;
};

static size_t raw_body(char *p, size_t size, size_t n, void *ctx)
{
	struct raw *r = ctx;
	unsigned char *b = realloc(r->body, r->len + size * n + 1);
	if (!b)
		return 0;
	memcpy(b + r->len, p, size * n);
	r->body = b;
	r->len += size * n;
	return size * n;
}

static size_t raw_header(char *p, size_t size, size_t n, void *ctx)
{
	struct raw *r = ctx;
	size_t k = size * n;
	if (r->hlen + k < sizeof(r->headers)) {
		memcpy(r->headers + r->hlen, p, k);
		r->hlen += k;
		r->headers[r->hlen] = '\0';
	}
	return k;
}

/* GETs /log/tile/PATH from S with the request header ACCEPT (may be NULL)
 * and no decoding; returns the status. */
static long get_tile_raw(struct srv *s, const char *path, const char *accept, struct raw *r)
{
	char url[512];
	long status = 0;
	CURL *c = curl_easy_init();
	struct curl_slist *h = accept ? curl_slist_append(NULL, accept) : NULL;
	assert_non_null(c);
	memset(r, 0, sizeof(*r));
	snprintf(url, sizeof(url), "%s/log/tile/%s", s->base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, raw_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, raw_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

/* Entry bundles are gzip-compressed for a client that accepts it, and
 * decompress to exactly the bytes served uncompressed; hash tiles and
 * clients without gzip get the bytes as they are. */
static void test_entries_gzip(void **state)
{
	struct fx *f = *state;
	struct ck ck;
	struct raw plain, gz, other;
	char path[64];
	get_checkpoint(f, &f->d.s, &ck);
	assert_true(ck.size >= ZF_TILE_WIDTH);
	struct zf_tile tile = {.level = -1, .n = 0, .width = ZF_TILE_WIDTH};
	assert_int_equal(zf_tile_path(&tile, path, sizeof(path)), 0);

	assert_int_equal(get_tile_raw(&f->d.s, path, NULL, &plain), 200);
	assert_lacks(plain.headers, "Content-Encoding");
	assert_has(plain.headers, "Vary: Accept-Encoding");
	assert_int_equal(get_tile_raw(&f->d.s, path, "Accept-Encoding: gzip;q=0", &other), 200);
	assert_lacks(other.headers, "Content-Encoding");
	assert_int_equal(other.len, plain.len);
	free(other.body);

	assert_int_equal(get_tile_raw(&f->d.s, path, "Accept-Encoding: br, GZIP;q=0.5", &gz), 200);
	assert_has(gz.headers, "Content-Encoding: gzip");
	assert_has(gz.headers, "Vary: Accept-Encoding");
	assert_has(gz.headers, "immutable");
	assert_true(gz.len < plain.len / 2);
	assert_true(gz.len > 18 && gz.body[0] == 0x1f && gz.body[1] == 0x8b);
	unsigned char *out = malloc(plain.len + 1);
	z_stream z = {0};
	assert_non_null(out);
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = gz.body;
	z.avail_in = (uInt)gz.len;
	z.next_out = out;
	z.avail_out = (uInt)plain.len + 1;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(z.total_out, plain.len);
	assert_memory_equal(out, plain.body, plain.len);
	inflateEnd(&z);
	free(out);
	free(gz.body);
	free(plain.body);

	/* Hash tiles are not compressed (random bytes). */
	assert_int_equal(get_tile_raw(&f->d.s, "0/000", "Accept-Encoding: gzip", &other), 200);
	assert_lacks(other.headers, "Content-Encoding");
	assert_int_equal(other.len, ZF_TILE_WIDTH * ZF_HASH_LEN);
	free(other.body);
}

/* /log/proof/<index> is a tlog-proof whose path proves the entry (carried
 * in its extra line) into the signed checkpoint it ends with. */
static void test_proof(void **state)
{
	struct fx *f = *state;
	struct ck ck;
	get_checkpoint(f, &f->d.s, &ck);
	uint64_t idx[] = {0, ck.size / 2, ck.size - 1};
	for (size_t k = 0; k < sizeof(idx) / sizeof(idx[0]); k++) {
		struct resp r;
		struct zf_err err = {0};
		char url[64], origin[256], *line, *save = NULL, *text;
		unsigned char entry[ZF_ENTRY_MAX];
		zf_hash path[ZF_PROOF_MAX], leaf, root;
		size_t n = 0, elen = 0, body = 0;
		uint64_t index = 0, size = 0;
		snprintf(url, sizeof(url), "/log/proof/%llu", (unsigned long long)idx[k]);
		demo_get(&f->d, url, 200, &r, "c2sp.org/tlog-proof@v1\n", NULL);
		text = r.body;
		char *sep = strstr(text, "\n\n");
		assert_non_null(sep);
		char *note = sep + 2;
		sep[1] = '\0';
		line = strtok_r(text, "\n", &save);
		assert_string_equal(line, "c2sp.org/tlog-proof@v1");
		line = strtok_r(NULL, "\n", &save);
		assert_int_equal(strncmp(line, "extra ", 6), 0);
		assert_int_equal(zf_b64_decode(line + 6, strlen(line + 6), entry, sizeof(entry), &elen), 0);
		line = strtok_r(NULL, "\n", &save);
		assert_int_equal(sscanf(line, "index %llu", (unsigned long long *)&index), 1);
		assert_int_equal(index, idx[k]);
		while ((line = strtok_r(NULL, "\n", &save)))
			assert_int_equal(zf_hash_from_b64(line, path[n++]), 0);
		assert_int_equal(zf_note_open(f->ver, note, strlen(note), &body, &err), 0);
		assert_int_equal(zf_checkpoint_parse(note, body, origin, sizeof(origin), &size, root), 0);
		assert_int_equal(zf_merkle_leaf(entry, elen, leaf), 0);
		assert_int_equal(zf_merkle_verify_inclusion(index, size, leaf, (const zf_hash *)path, n, root), 1);
		/* One flipped bit in the path is refused. */
		if (n) {
			path[0][3] ^= 0x10;
			assert_int_equal(zf_merkle_verify_inclusion(index, size, leaf, (const zf_hash *)path, n,
								    root), 0);
		}
		resp_free(&r);
	}
	demo_get(&f->d, "/log/proof/999999", 404, NULL, NULL);
	demo_get(&f->d, "/log/proof/01", 404, NULL, NULL);
}

/* A writer of the twin test. */
struct writer {
	struct fx *f;
	struct srv *s;
	const char *prefix;
	int created;
};

static void *write_officers(void *arg)
{
	struct writer *w = arg;
	for (int i = 0; i < 15; i++) {
		char cert[32];
		snprintf(cert, sizeof(cert), "%s-%04d", w->prefix, i);
		if (add_officer(w->f, w->s, cert) == 201)
			w->created++;
	}
	return NULL;
}

/* Two servers on one database share one log: written through both at once,
 * it has no gap and no fork, and both serve the same checkpoint. */
static void test_two_servers(void **state)
{
	struct fx *f = *state;
	struct srv twin;
	struct ck a, b;
	pthread_t ta, tb;
	assert_int_equal(srv_start_twin(&twin, &f->d.s, NULL), 0);
	struct writer wa = {.f = f, .s = &f->d.s, .prefix = "TWA"}, wb = {.f = f, .s = &twin, .prefix = "TWB"};
	assert_int_equal(pthread_create(&ta, NULL, write_officers, &wa), 0);
	assert_int_equal(pthread_create(&tb, NULL, write_officers, &wb), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_int_equal(wa.created + wb.created, 30);
	wait_all(f, &f->d.s, &a);
	wait_all(f, &twin, &b);
	assert_int_equal(a.size, b.size);
	assert_string_equal(a.note, b.note);
	long size = (long)a.size;
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM log_leaf"), size);
	assert_int_equal(scalar(&f->d, "SELECT max(idx) FROM log_leaf"), size - 1);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM log_pending"), 0);
	assert_int_equal(srv_stop(&twin), 0);
	verify_ok(f); /* every checkpoint consistent with the one before: no fork */
}

/* log verify passes on the untouched database. */
static void test_verify_ok(void **state)
{
	verify_ok(*state);
}

/* An officer row edited in the database is named with the field. */
static void test_tamper_officer(void **state)
{
	struct fx *f = *state;
	assert_int_equal(db_exec_sql(&f->d.s, "UPDATE officer SET name = '篡改' WHERE id = 5"), 0);
	verify_fails(f, "officer id=5", "name", NULL);
	assert_int_equal(db_exec_sql(&f->d.s, "UPDATE officer SET name = (SELECT name FROM officer "
					      "WHERE id = 6) WHERE id = 5"), 0);
	verify_fails(f, "officer id=5", NULL); /* another name is no better */
}

/* Puts officer 5's name back as its latest history has it. */
static void test_tamper_officer_undone(void **state)
{
	struct fx *f = *state;
	struct zf_db *db = NULL;
	struct zf_err err = {0};
	struct zf_arena *a = zf_arena_new(0);
	struct zf_history h;
	assert_int_equal(zf_db_open(&db, f->d.s.db, 0, &err), 0);
	assert_int_equal(zf_store_history_latest(db, a, "officer", 5, &h, &err), 0);
	json_t *j = json_loads(h.after_json, 0, NULL);
	assert_non_null(j);
	char *name = strdup(json_string_value(json_object_get(j, "name")));
	json_decref(j);
	zf_db_close(db);
	zf_arena_free(a);
	assert_int_equal(db_exec_args(&f->d.s, "UPDATE officer SET name = ? WHERE id = 5", name, NULL), 0);
	free(name);
	verify_ok(f);
}

/* Runs TAMPER (SQL), expects log verify to name NEEDLE, then runs UNDO and
 * expects it to pass again. */
static void tamper(struct fx *f, const char *tamper_sql, const char *needle, const char *undo_sql)
{
	assert_int_equal(db_exec_sql(&f->d.s, tamper_sql), 0);
	verify_fails(f, needle, NULL);
	assert_int_equal(db_exec_sql(&f->d.s, undo_sql), 0);
	verify_ok(f);
}

/* A deleted history row is named through the entry committing to it. */
static void test_tamper_history(void **state)
{
	struct fx *f = *state;
	long id = scalar(&f->d, "SELECT min(id) + 7 FROM history WHERE salt IS NOT NULL");
	char sql[256], needle[64];
	snprintf(sql, sizeof(sql),
		 "CREATE TABLE saved_history AS SELECT * FROM history WHERE id = %ld; "
		 "DELETE FROM history WHERE id = %ld", id, id);
	snprintf(needle, sizeof(needle), "history id=%ld", id);
	tamper(f, sql, needle,
	       "INSERT INTO history SELECT * FROM saved_history; DROP TABLE saved_history");
	/* An edited history row no longer matches its commitment. */
	snprintf(sql, sizeof(sql), "UPDATE history SET after_json = after_json || ' ' WHERE id = %ld", id);
	char undo[256];
	snprintf(undo, sizeof(undo), "UPDATE history SET after_json = rtrim(after_json) WHERE id = %ld", id);
	tamper(f, sql, needle, undo);
}

/* Sets COLUMN of row ID of TABLE to VALUE (SQL), expects log verify to name
 * TABLE, ID and FIELD, then puts the column back. */
static void tamper_column(struct fx *f, const char *table, long id, const char *column,
			  const char *value, const char *field)
{
	char sql[512], undo[512], needle[128];
	snprintf(sql, sizeof(sql),
		 "CREATE TABLE saved_row AS SELECT * FROM %s WHERE id = %ld; "
		 "UPDATE %s SET %s = %s WHERE id = %ld", table, id, table, column, value, id);
	snprintf(undo, sizeof(undo),
		 "UPDATE %s SET %s = (SELECT %s FROM saved_row) WHERE id = %ld; DROP TABLE saved_row",
		 table, column, column, id);
	snprintf(needle, sizeof(needle), "%s id=%ld：字段 %s 与最新变更记录 history id=", table, id,
		 field);
	tamper(f, sql, needle, undo);
}

/* The demo's case rows: a step or document edited in the database is named
 * with the field, a step without its history row too. */
static void test_tamper_case_rows(void **state)
{
	struct fx *f = *state;
	long step = scalar(&f->d, "SELECT max(id) FROM case_step");
	long doc = scalar(&f->d, "SELECT max(id) FROM case_document WHERE number <> ''");
	char sql[512], undo[512], needle[128];
	assert_true(step > 0 && doc > 0);
	tamper_column(f, "case_step", step, "values_json", "'{\"x\":1}'", "values");
	tamper_column(f, "case_step", step, "officers_json", "'[99999]'", "officers");
	tamper_column(f, "case_step", step, "place", "place || '旁'", "place");
	tamper_column(f, "case_document", doc, "data_json", "replace(data_json, '示例', '篡改')",
		      "data_json");
	tamper_column(f, "case_document", doc, "number", "number || '之一'", "number");

	/* The step's history row deleted: named through its entry; made some
	 * other row's: the step has none. */
	long hist = scalar(&f->d, "SELECT max(id) FROM history WHERE entity = 'case_step'");
	snprintf(sql, sizeof(sql), "SELECT entity_id FROM history WHERE id = %ld", hist);
	long of = scalar(&f->d, sql);
	snprintf(sql, sizeof(sql),
		 "CREATE TABLE saved_history AS SELECT * FROM history WHERE id = %ld; "
		 "DELETE FROM history WHERE id = %ld", hist, hist);
	snprintf(needle, sizeof(needle), "history id=%ld", hist);
	tamper(f, sql, needle,
	       "INSERT INTO history SELECT * FROM saved_history; DROP TABLE saved_history");
	snprintf(sql, sizeof(sql), "UPDATE history SET entity_id = -entity_id WHERE id = %ld", hist);
	snprintf(undo, sizeof(undo), "UPDATE history SET entity_id = -entity_id WHERE id = %ld", hist);
	snprintf(needle, sizeof(needle), "case_step id=%ld：没有记录日志覆盖的变更记录", of);
	tamper(f, sql, needle, undo);
}

/* A deleted leaf, a changed stored hash, a deleted pending entry. */
static void test_tamper_log_rows(void **state)
{
	struct fx *f = *state;
	tamper(f,
	       "CREATE TABLE saved_leaf AS SELECT * FROM log_leaf WHERE idx = 17; "
	       "DELETE FROM log_leaf WHERE idx = 17",
	       "log_leaf idx=17",
	       "INSERT INTO log_leaf SELECT * FROM saved_leaf; DROP TABLE saved_leaf");
	tamper(f,
	       "CREATE TABLE saved_hash AS SELECT * FROM log_hash WHERE level = 0 AND idx = 3; "
	       "UPDATE log_hash SET hash = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' "
	       "WHERE level = 0 AND idx = 3",
	       "log_hash level=0 idx=3",
	       "UPDATE log_hash SET hash = (SELECT hash FROM saved_hash) WHERE level = 0 AND idx = 3; "
	       "DROP TABLE saved_hash");
	tamper(f,
	       "CREATE TABLE saved_hash AS SELECT * FROM log_hash WHERE level = 8 AND idx = 0; "
	       "UPDATE log_hash SET hash = (SELECT hash FROM log_hash WHERE level = 0 AND idx = 0) "
	       "WHERE level = 8 AND idx = 0",
	       "log_hash level=8 idx=0",
	       "UPDATE log_hash SET hash = (SELECT hash FROM saved_hash) WHERE level = 8 AND idx = 0; "
	       "DROP TABLE saved_hash");
	/* The newest leaves gone: the tree no longer has the state's size. */
	tamper(f,
	       "CREATE TABLE saved_leaf AS SELECT * FROM log_leaf WHERE idx >= (SELECT size - 2 FROM log_state); "
	       "DELETE FROM log_leaf WHERE idx >= (SELECT size - 2 FROM log_state)",
	       "log_leaf idx=",
	       "INSERT INTO log_leaf SELECT * FROM saved_leaf; DROP TABLE saved_leaf");
}

/* A pending entry deleted before the sequencer saw it leaves its history row
 * uncommitted. The server is paused meanwhile so that it does not integrate. */
static void test_tamper_pending(void **state)
{
	struct fx *f = *state;
	assert_int_equal(kill(f->d.s.pid, SIGSTOP), 0);
	assert_int_equal(srv_cli(&f->d.s, "Ledger-test-2026\n", NULL,
				 (const char *const[]){"user", "add", "--login", "ledger2", "--role",
						       "registrar", "--password-stdin", NULL}), 0);
	long id = scalar(&f->d, "SELECT max(id) FROM history");
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM log_pending"), 1);
	verify_ok(f); /* pending entries are checked too */
	char needle[64];
	snprintf(needle, sizeof(needle), "history id=%ld", id);
	tamper(f, "CREATE TABLE saved_pending AS SELECT * FROM log_pending; DELETE FROM log_pending",
	       needle, "INSERT INTO log_pending SELECT * FROM saved_pending; DROP TABLE saved_pending");
	assert_int_equal(kill(f->d.s.pid, SIGCONT), 0);
	struct ck ck;
	wait_all(f, &f->d.s, &ck);
}

/* Runs zhifa log verify on the database of O; it must fail naming each
 * string that follows, up to a NULL. */
static void other_verify_fails(struct srv *o, ...)
{
	char *out = NULL;
	const char *needle;
	va_list ap;
	if (srv_cli(o, NULL, &out, (const char *const[]){"log", "verify", NULL}) == 0)
		fail_msg("log verify passed:\n%s", out ? out : "");
	assert_non_null(out);
	va_start(ap, o);
	while ((needle = va_arg(ap, const char *)))
		assert_has(out, needle);
	va_end(ap);
	free(out);
}

/* Adds account LOGIN from the command line on O, then integrates in a new
 * second (log verify tells steps apart by their integrated_at second): the
 * wait ends when the clock's second changes, not a whole second later. */
static void other_change(struct srv *o, const char *login)
{
	char *out = NULL;
	assert_int_equal(srv_cli(o, "Ledger-test-2026\n", NULL,
				 (const char *const[]){"user", "add", "--login", login, "--role",
						       "registrar", "--password-stdin", NULL}), 0);
	for (time_t t = time(NULL); time(NULL) == t;)
		usleep(10000);
	assert_int_equal(srv_cli(o, NULL, &out, (const char *const[]){"log", "integrate", NULL}), 0);
	assert_has(out, "已整合 1 个");
	free(out);
}

/* Deleted checkpoint rows and a deleted state row, on a database no server
 * runs on (a server would sign the latest size again at once): zhifa log
 * integrate makes the steps, each its own checkpoint. */
static void test_tamper_checkpoints(void **state)
{
	struct fx *f = *state;
	struct srv o;
	char *out = NULL;
	assert_int_equal(srv_other_db(&f->d.s, "cps", &o), 0);
	assert_int_equal(srv_cli(&o, NULL, NULL, (const char *const[]){"init", "--demo", NULL}), 0);
	assert_int_equal(srv_cli(&o, NULL, &out, (const char *const[]){"log", "integrate", NULL}), 0);
	assert_has(out, "已整合");
	free(out);
	long demo = db_scalar(&o, "SELECT size FROM log_state");
	other_change(&o, "cps1");
	other_change(&o, "cps2");
	long size = db_scalar(&o, "SELECT size FROM log_state");
	assert_true(size > 2);
	/* 0, the demo (integrated in batches of at most 256 entries), +1, +1 */
	assert_true(demo > 0);
	assert_int_equal(db_scalar(&o, "SELECT count(*) FROM log_checkpoint"), 1 + (demo + 255) / 256 + 2);
	assert_int_equal(srv_cli(&o, NULL, NULL, (const char *const[]){"log", "verify", NULL}), 0);

	struct {
		const char *sql;
		const char *needle;
	} cases[] = {
		{"DELETE FROM log_checkpoint WHERE size = 0", "log_checkpoint size=0：缺失"},
		{"DELETE FROM log_checkpoint WHERE size = (SELECT size - 2 FROM log_state)",
		 "缺少 size="},
		{"DELETE FROM log_checkpoint WHERE size = (SELECT size - 1 FROM log_state)",
		 "缺少 size="},
		{"DELETE FROM log_checkpoint WHERE size = (SELECT size FROM log_state)",
		 "最新的检查点被删除"},
		{"DELETE FROM log_checkpoint WHERE size > 0", "log_checkpoint size="},
		{"DELETE FROM log_state", "log_state id=1"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(db_exec_sql(&o, "CREATE TABLE saved_cp AS SELECT * FROM log_checkpoint; "
						 "CREATE TABLE saved_st AS SELECT * FROM log_state"), 0);
		assert_int_equal(db_exec_sql(&o, cases[i].sql), 0);
		other_verify_fails(&o, cases[i].needle, NULL);
		assert_int_equal(db_exec_sql(&o, "DELETE FROM log_checkpoint; DELETE FROM log_state; "
						 "INSERT INTO log_checkpoint SELECT * FROM saved_cp; "
						 "INSERT INTO log_state SELECT * FROM saved_st; "
						 "DROP TABLE saved_cp; DROP TABLE saved_st"), 0);
		assert_int_equal(srv_cli(&o, NULL, NULL, (const char *const[]){"log", "verify", NULL}), 0);
	}
	/* The middle checkpoint is named by size. */
	char needle[64];
	snprintf(needle, sizeof(needle), "缺少 size=%ld 的检查点", size - 1);
	assert_int_equal(db_exec_sql(&o, "DELETE FROM log_checkpoint WHERE size = (SELECT size - 1 FROM log_state)"), 0);
	other_verify_fails(&o, needle, NULL);
}

/* A replaced log key: the checkpoints no longer verify with it. */
static void test_tamper_key(void **state)
{
	struct fx *f = *state;
	char path[512], saved[520];
	struct zf_err err = {0};
	snprintf(path, sizeof(path), "%s/log.key", f->data);
	snprintf(saved, sizeof(saved), "%s.saved", path);
	assert_int_equal(rename(path, saved), 0);
	assert_int_equal(zf_logkey_create(path, "attacker.example/log", &err), 0);
	verify_fails(f, "log_checkpoint size=0", "log.key", NULL);
	assert_int_equal(rename(saved, path), 0);
	verify_ok(f);
}

/* A database restored from an older copy no longer contains the checkpoint
 * kept in the data folder: log verify names it, and a server refuses to
 * sign (SQLite: zhifa backup makes the older copy). */
static void test_older_copy(void **state)
{
	struct fx *f = *state;
	struct srv old;
	struct ck before, after, served;
	char path[300], log[700];
	if (harness_pg()) {
		print_message("# skipped on PostgreSQL: zhifa backup is for SQLite\n");
		return;
	}
	snprintf(path, sizeof(path), "%s/older.db", f->d.s.dir);
	assert_int_equal(srv_cli(&f->d.s, NULL, NULL, (const char *const[]){"backup", "--to", path, NULL}), 0);
	get_checkpoint(f, &f->d.s, &before);
	assert_int_equal(add_officer(f, &f->d.s, "OLD-0001"), 201);
	wait_growth(f, &f->d.s, before.size, &after);

	char *out = NULL;
	assert_int_not_equal(cli_run((const char *const[]){"log", "verify", "--db", path, "--data",
							   f->data, NULL}, &out, NULL), 0);
	assert_non_null(out);
	assert_has(out, "checkpoint");
	assert_has(out, "较早的备份");
	free(out);
	/* Its own data folder (from the same backup) is consistent with it. */
	assert_int_equal(cli_run((const char *const[]){"log", "verify", "--db", path, NULL}, NULL, NULL), 0);

	/* A server on the older copy with the live data folder refuses to sign. */
	assert_int_equal(srv_serve(&old, path, (const char *const[]){"--data", f->data, NULL}), 0);
	struct srv cli = old;
	snprintf(cli.db, sizeof(cli.db), "%s", path);
	snprintf(cli.data, sizeof(cli.data), "%s", f->data);
	assert_int_equal(srv_cli(&cli, "Ledger-test-2026\n", NULL,
				 (const char *const[]){"user", "add", "--login", "ledger3", "--role",
						       "registrar", "--password-stdin", NULL}), 0);
	long long t0 = now_ms();
	int refused = 0;
	while (!refused && now_ms() - t0 < GROW_MS) {
		FILE *fp = fopen(old.log, "r");
		size_t n = fp ? fread(log, 1, sizeof(log) - 1, fp) : 0;
		if (fp)
			fclose(fp);
		log[n] = '\0';
		refused = strstr(log, "拒绝签署") != NULL;
		usleep(50000);
	}
	if (!refused)
		fail_msg("no refusal in the log of the server on the older copy:\n%s", log);
	get_checkpoint(f, &old, &served);
	assert_true(served.size < after.size);
	assert_int_equal(srv_stop(&old), 0);
	/* The live data folder still holds the live checkpoint. */
	verify_ok(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checkpoint),
		cmocka_unit_test(test_grows_after_api_edit),
		cmocka_unit_test(test_grows_after_cli),
		cmocka_unit_test(test_tiles_and_entries),
		cmocka_unit_test(test_entries_gzip),
		cmocka_unit_test(test_proof),
		cmocka_unit_test(test_two_servers),
		cmocka_unit_test(test_verify_ok),
		cmocka_unit_test(test_tamper_officer),
		cmocka_unit_test(test_tamper_officer_undone),
		cmocka_unit_test(test_tamper_history),
		cmocka_unit_test(test_tamper_case_rows),
		cmocka_unit_test(test_tamper_log_rows),
		cmocka_unit_test(test_tamper_pending),
		cmocka_unit_test(test_tamper_checkpoints),
		cmocka_unit_test(test_tamper_key),
		cmocka_unit_test(test_older_copy),
	};
	struct fx f = {.d = {.setup = setup, .teardown = teardown}};
	return demo_run_tests(tests, &f.d);
}
