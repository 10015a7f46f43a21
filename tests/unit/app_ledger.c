/* Unit tests of the record log in app/: entries in the change's transaction, batches, the data-folder rule, the key rules, the baseline, /log/ reads, verification. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/ledger.h"
#include "app/registry.h"
#include "app/tx.h"
#include "ledger/entry.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tile.h"
#include "store/history.h"
#include "store/log.h"
#include "store_fixture.h"

struct ctx {
	struct fixture f;
	struct zf_app *app;
	struct zf_actor cli;
	char data[96];     /* the data folder: DIR/data */
	struct zf_ledger *lg;
};

/* A path in the data folder. */
static void in_data(struct ctx *c, const char *name, char *out, size_t n)
{
	assert_true(snprintf(out, n, "%s/%s", c->data, name) < (int)n);
}

static int setup(void **state)
{
	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	struct ctx *c = *state;
	struct zf_body b = {.name = "测试局", .uscc = "91350100M000100Y43", .state = ZF_BODY_ACTIVE};
	int64_t id;
	snprintf(c->data, sizeof(c->data), "%s/data", c->f.dir);
	if (mkdir(c->data, 0700) || zf_app_open(&c->app, c->f.path, c->data, 2, &c->f.err))
		return -1;
	zf_actor_cli(&c->cli);
	return zf_app_body_create(c->app, &c->cli, &b, &id, &c->f.err) ? -1 : 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	zf_app_log_close(c->lg);
	zf_app_close(c->app);
	fixture_data_remove(c->data);
	fixture_close(&c->f);
	return 0;
}

static void open_log(struct ctx *c)
{
	struct zf_err err = {0};
	if (zf_app_log_open(&c->lg, c->app, &err))
		fail_msg("zf_app_log_open: %s", err.msg);
}

static int step(struct ctx *c)
{
	struct zf_err err = {0};
	int n = -1;
	if (zf_app_log_step(c->lg, &n, &err))
		fail_msg("zf_app_log_step: %s", err.msg);
	return n;
}

static void verify_ok(struct ctx *c, struct zf_log_report *rep)
{
	struct zf_err err = {0};
	if (zf_app_log_verify(c->f.db, c->data, rep, &err))
		fail_msg("zf_app_log_verify: %s", err.msg);
}

/* Asserts that verification fails naming NEEDLE. */
static void verify_fails(struct ctx *c, const char *needle)
{
	struct zf_err err = {0};
	assert_int_equal(zf_app_log_verify(c->f.db, c->data, NULL, &err), ZF_ECONFLICT);
	if (!strstr(err.msg, needle))
		fail_msg("\"%s\" not named in: %s", needle, err.msg);
}

/* N history rows of a test entity, each with its entry, in one transaction. */
static void add_notes(struct ctx *c, int n)
{
	struct zf_tx tx;
	struct zf_err err = {0};
	int rc = zf_tx_begin(&tx, c->app, &c->cli, &err);
	assert_int_equal(rc, 0);
	for (int i = 0; i < n && !rc; i++) {
		char after[48];
		snprintf(after, sizeof(after), "{\"i\":%d}", i);
		struct zf_history h = {.entity = "note", .entity_id = i, .action = "note_add",
				       .after_json = after};
		rc = zf_app_log_history(&tx, &h, NULL, &err);
	}
	assert_int_equal(zf_tx_end(&tx, rc, &err), 0);
}

/* The size and root of the checkpoint kept in the data folder. */
static uint64_t kept_size(struct ctx *c)
{
	struct zf_logkey *key = NULL;
	struct zf_verifier *v = NULL;
	struct zf_err err = {0};
	char path[160], vkey[512], note[1024], origin[256];
	size_t len, body = 0;
	uint64_t size = 0;
	zf_hash root;
	FILE *fp;
	in_data(c, "log.key", path, sizeof(path));
	assert_int_equal(zf_logkey_load(&key, path, &err), 0);
	assert_true(zf_logkey_vkey(key, vkey, sizeof(vkey)) >= 0);
	assert_int_equal(zf_verifier_parse(&v, vkey, &err), 0);
	in_data(c, "checkpoint", path, sizeof(path));
	assert_non_null(fp = fopen(path, "r"));
	len = fread(note, 1, sizeof(note) - 1, fp);
	fclose(fp);
	note[len] = '\0';
	assert_int_equal(zf_note_open(v, note, len, &body, &err), 0);
	assert_int_equal(zf_checkpoint_parse(note, body, origin, sizeof(origin), &size, root), 0);
	zf_verifier_free(v);
	zf_logkey_free(key);
	return size;
}

/* Writes a checkpoint of SIZE with a made-up root, signed by the log key,
 * into the data folder: what a newer database once had signed. */
static void keep_fake(struct ctx *c, uint64_t size)
{
	struct zf_logkey *key = NULL;
	struct zf_err err = {0};
	char path[160], body[512], note[1024];
	zf_hash root;
	FILE *fp;
	memset(root, 0x5a, sizeof(root));
	in_data(c, "log.key", path, sizeof(path));
	assert_int_equal(zf_logkey_load(&key, path, &err), 0);
	assert_true(zf_checkpoint_body(zf_logkey_origin(key), size, root, body, sizeof(body)) >= 0);
	assert_true(zf_note_sign(key, body, note, sizeof(note)) >= 0);
	zf_logkey_free(key);
	in_data(c, "checkpoint", path, sizeof(path));
	assert_non_null(fp = fopen(path, "w"));
	fputs(note, fp);
	fclose(fp);
}

/* ---- tests ---- */

/* A change writes its history row and a pending entry committing to it in
 * the same transaction; a refused change writes neither. */
static void test_entry_with_change(void **state)
{
	struct ctx *c = *state;
	struct zf_arena *a = c->f.a;
	struct zf_log_row *rows = NULL;
	struct zf_history h;
	struct zf_entry e;
	size_t n = 0;
	char copy[1024], commit[65];
	assert_int_equal(zf_store_log_pending_list(c->f.db, a, 0, 10, &rows, &n, &c->f.err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(zf_entry_parse(rows[0].entry, strlen(rows[0].entry), &e, copy, sizeof(copy)), 0);
	assert_string_equal(e.type, "body_create");
	assert_string_equal(e.table, "history");
	assert_string_equal(e.actor, "0000000000000000"); /* the command line */
	assert_int_equal(zf_store_history_get(c->f.db, a, e.key, &h, &c->f.err), 0);
	assert_non_null(h.salt);
	assert_int_equal(zf_entry_commit(h.salt, h.after_json, strlen(h.after_json), commit), 0);
	assert_string_equal(commit, e.commit);
	assert_non_null(strstr(h.after_json, "\"name\":\"测试局\""));
	assert_null(strstr(rows[0].entry, "测试局")); /* no readable data in the log */

	struct zf_officer bad = {.body_id = 1, .name = ""};
	struct zf_err err = {0};
	int64_t id;
	assert_int_equal(zf_app_officer_create(c->app, &c->cli, &bad, &id, &err), ZF_EINVAL);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_pending"), 1);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM history"), 1);
}

/* Opening the log signs the empty tree, before the entry already pending;
 * the first step integrates and signs; the data folder keeps it; nothing
 * to do is no write; the whole log verifies. */
static void test_step(void **state)
{
	struct ctx *c = *state;
	struct zf_log_report rep;
	open_log(c);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_checkpoint WHERE size = 0"), 1);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_pending"), 1);
	assert_int_equal(kept_size(c), 0);
	assert_int_equal(step(c), 1);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_pending"), 0);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_leaf"), 1);
	assert_int_equal(fixture_count(&c->f, "SELECT size FROM log_state"), 1);
	assert_int_equal(fixture_count(&c->f, "SELECT max(size) FROM log_checkpoint"), 1);
	assert_int_equal(kept_size(c), 1);
	assert_int_equal(step(c), 0);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_checkpoint"), 2);
	verify_ok(c, &rep);
	assert_int_equal(rep.leaves, 1);
	assert_int_equal(rep.history, 1);
	assert_int_equal(rep.records, 1);
	assert_int_equal(rep.checkpoints, 2);
	assert_int_equal(rep.kept_size, 1);
}

/* At most 256 entries per step; the level-8 hash appears with the 256th. */
static void test_batches(void **state)
{
	struct ctx *c = *state;
	open_log(c);
	add_notes(c, 300);
	assert_int_equal(step(c), ZF_LOG_BATCH);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_hash WHERE level = 8"), 1);
	assert_int_equal(step(c), 301 - ZF_LOG_BATCH);
	assert_int_equal(step(c), 0);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_leaf"), 301);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_hash WHERE level = 0"), 301);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_checkpoint"), 3); /* 0, 256, 301 */
	verify_ok(c, NULL);
}

/* The tree must extend the checkpoint kept in the data folder: a larger one
 * (the database is older) or another root at its size stops the step, and
 * nothing is written. */
static void test_refuses_older_tree(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	int n = -1;
	open_log(c);
	assert_int_equal(step(c), 1);
	keep_fake(c, 5);
	add_notes(c, 1);
	assert_int_equal(zf_app_log_step(c->lg, &n, &err), ZF_ECONFLICT);
	assert_non_null(strstr(err.msg, "拒绝签署"));
	assert_non_null(strstr(err.msg, "较早的备份"));
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_leaf"), 1);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_pending"), 1);
	assert_int_equal(kept_size(c), 5);
	verify_fails(c, "checkpoint");

	/* Same size, another root: the log was rewritten. */
	keep_fake(c, 1);
	assert_int_equal(zf_app_log_step(c->lg, &n, &err), ZF_ECONFLICT);
	assert_non_null(strstr(err.msg, "根哈希"));
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_leaf"), 1);
}

/* A missing key once checkpoints exist, or another key, is refused; the
 * installation's own key opens again. */
static void test_key_rules(void **state)
{
	struct ctx *c = *state;
	struct zf_ledger *lg = NULL;
	struct zf_err err = {0};
	char key[160], old[160];
	open_log(c);
	assert_int_equal(step(c), 1);
	in_data(c, "log.key", key, sizeof(key));
	in_data(c, "old.key", old, sizeof(old));
	assert_int_equal(rename(key, old), 0);
	assert_int_equal(zf_app_log_open(&lg, c->app, &err), ZF_ECONFLICT);
	assert_non_null(strstr(err.msg, "log.key"));
	assert_int_equal(zf_logkey_create(key, "other.example/log", &err), 0);
	assert_int_equal(zf_app_log_open(&lg, c->app, &err), ZF_ECONFLICT);
	assert_non_null(strstr(err.msg, "不是签署本数据库检查点的密钥"));
	verify_fails(c, "log_checkpoint size=0");
	assert_int_equal(rename(old, key), 0);
	assert_int_equal(zf_app_log_open(&lg, c->app, &err), 0);
	zf_app_log_close(lg);
	verify_ok(c, NULL);
}

/* Records from before the log get a logged baseline row when the log
 * starts; a record written around the log afterwards is named. */
static void test_baseline(void **state)
{
	struct ctx *c = *state;
	struct zf_body b = {.name = "旧局", .uscc = "9144030071526726XG", .state = ZF_BODY_ACTIVE};
	int64_t id;
	assert_int_equal(zf_store_body_insert(c->f.db, &b, 1000, &id, &c->f.err), 0);
	open_log(c);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM history WHERE action = 'body_baseline' "
				  "AND salt IS NOT NULL"), 1);
	assert_int_equal(step(c), 2);
	verify_ok(c, NULL);
	/* Opening again adds nothing. */
	zf_app_log_close(c->lg);
	c->lg = NULL;
	open_log(c);
	assert_int_equal(fixture_count(&c->f, "SELECT count(*) FROM log_pending"), 0);
	assert_int_equal(zf_db_exec(c->f.db, "UPDATE body SET uscc = 'X' WHERE id = 1", &c->f.err), 0);
	verify_fails(c, "body id=1");
}

/* Verification names the first place that does not hold. */
static void test_verify_names(void **state)
{
	struct ctx *c = *state;
	open_log(c);
	add_notes(c, 20);
	assert_int_equal(step(c), 21);
	verify_ok(c, NULL);
	assert_int_equal(zf_db_exec(c->f.db, "UPDATE body SET name = '改过' WHERE id = 1", &c->f.err), 0);
	verify_fails(c, "body id=1：字段 name");
	assert_int_equal(zf_db_exec(c->f.db, "UPDATE body SET name = '测试局' WHERE id = 1", &c->f.err), 0);
	verify_ok(c, NULL);
	assert_int_equal(zf_db_exec(c->f.db, "UPDATE history SET salt = NULL WHERE id = 5", &c->f.err), 0);
	verify_fails(c, "history id=5");
	assert_int_equal(zf_db_exec(c->f.db, "DELETE FROM history WHERE id = 5", &c->f.err), 0);
	verify_fails(c, "history id=5");
}

/* Tiles, bundles, the checkpoint and proofs as /log/ serves them. */
static void test_reads(void **state)
{
	struct ctx *c = *state;
	struct zf_arena *a = c->f.a;
	struct zf_err err = {0};
	char *data = NULL, *note = NULL, *vkey = NULL;
	size_t len = 0, pos = 0, elen;
	const unsigned char *e;
	int full = 0, entries = 0;
	open_log(c);
	add_notes(c, 300);
	while (step(c) > 0)
		;
	assert_int_equal(zf_app_log_tile(c->app, a, "0/000", &data, &len, &full, &err), 0);
	assert_int_equal(len, 256 * ZF_HASH_LEN);
	assert_int_equal(full, 1);
	assert_int_equal(zf_app_log_tile(c->app, a, "0/001.p/45", &data, &len, &full, &err), 0);
	assert_int_equal(len, 45 * ZF_HASH_LEN);
	assert_int_equal(full, 0);
	assert_int_equal(zf_app_log_tile(c->app, a, "0/001.p/44", &data, &len, &full, &err), 0);
	assert_int_equal(zf_app_log_tile(c->app, a, "1/000.p/1", &data, &len, &full, &err), 0);
	assert_int_equal(len, ZF_HASH_LEN);
	assert_int_equal(zf_app_log_tile(c->app, a, "entries/001.p/45", &data, &len, &full, &err), 0);
	while (zf_bundle_next((unsigned char *)data, len, &pos, &e, &elen) == 1)
		entries++;
	assert_int_equal(entries, 45);
	assert_int_equal(zf_app_log_tile(c->app, a, "0/001.p/46", &data, &len, &full, &err), ZF_ENOTFOUND);
	assert_int_equal(zf_app_log_tile(c->app, a, "0/001", &data, &len, &full, &err), ZF_ENOTFOUND);
	assert_int_equal(zf_app_log_tile(c->app, a, "0/01", &data, &len, &full, &err), ZF_EINVAL);
	assert_int_equal(zf_app_log_checkpoint(c->app, a, &note, &len, &err), 0);
	assert_non_null(strstr(note, "\n301\n"));
	assert_int_equal(zf_app_log_vkey(c->app, a, &vkey, &err), 0);
	assert_non_null(strchr(vkey, '+'));
	assert_int_equal(zf_app_log_proof(c->app, a, 300, &data, &len, &err), 0);
	assert_non_null(strstr(data, "\nindex 300\n"));
	assert_int_equal(zf_app_log_proof(c->app, a, 301, &data, &len, &err), ZF_ENOTFOUND);
}

/* Asserts that TEXT, the proof file of the entry at INDEX, holds: its
 * path leads from the entry to the root of the checkpoint it ends with. */
static void proof_holds(const char *text, int64_t index)
{
	char entry[4096], line[64];
	const char *p = text, *nl;
	unsigned char e[4096];
	size_t elen = 0, n = 0;
	long long idx = -1;
	unsigned long long size = 0;
	zf_hash path[ZF_PROOF_MAX], leaf, root;

	assert_int_equal(sscanf(p, "c2sp.org/tlog-proof@v1\nextra %4095s\nindex %lld\n", entry, &idx), 2);
	assert_int_equal(idx, index);
	assert_int_equal(zf_b64_decode(entry, strlen(entry), e, sizeof(e), &elen), 0);
	assert_int_equal(zf_merkle_leaf(e, elen, leaf), 0);
	for (int i = 0; i < 3; i++) /* past the header's three lines */
		p = strchr(p, '\n') + 1;
	while ((nl = strchr(p, '\n')) && nl > p) {
		assert_true(nl - p == 44 && n < ZF_PROOF_MAX);
		memcpy(line, p, 44);
		line[44] = 0;
		assert_int_equal(zf_hash_from_b64(line, path[n++]), 0);
		p = nl + 1;
	}
	assert_non_null(nl);
	p = strchr(nl + 1, '\n') + 1; /* the checkpoint: origin, size, root */
	assert_int_equal(sscanf(p, "%llu\n%44s\n", &size, line), 2);
	assert_int_equal(zf_hash_from_b64(line, root), 0);
	assert_true(zf_merkle_verify_inclusion((uint64_t)index, size, leaf, path, n, root));
}

/* Proofs read full tile rows through the application's cache: the same
 * proof cold and cached, and a second server on the same database whose
 * cache was filled before the first one grew the log proves the new tree. */
static void test_proof_cache(void **state)
{
	struct ctx *c = *state;
	struct zf_arena *a = c->f.a;
	struct zf_err err = {0};
	struct zf_app *other = NULL;
	char *cold = NULL, *warm = NULL, *fresh = NULL;
	size_t len = 0;
	static const int64_t first[] = {0, 17, 255, 256, 300};
	static const int64_t later[] = {0, 17, 255, 256, 300, 511, 512, 600};
	open_log(c);
	add_notes(c, 300);
	while (step(c) > 0)
		;
	for (size_t i = 0; i < sizeof(first) / sizeof(first[0]); i++) {
		assert_int_equal(zf_app_log_proof(c->app, a, first[i], &cold, &len, &err), 0);
		assert_int_equal(zf_app_log_proof(c->app, a, first[i], &warm, &len, &err), 0);
		assert_string_equal(cold, warm);
		proof_holds(warm, first[i]);
	}
	if (zf_app_open(&other, c->f.path, c->data, 1, &err))
		fail_msg("zf_app_open: %s", err.msg);
	assert_int_equal(zf_app_log_proof(other, a, 17, &warm, &len, &err), 0);
	add_notes(c, 300); /* tile 0/001 fills, level 8 gets a second hash */
	while (step(c) > 0)
		;
	for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++) {
		struct zf_app *fresh_app = NULL;
		assert_int_equal(zf_app_log_proof(other, a, later[i], &warm, &len, &err), 0);
		assert_int_equal(zf_app_log_proof(c->app, a, later[i], &cold, &len, &err), 0);
		assert_int_equal(zf_app_open(&fresh_app, c->f.path, c->data, 1, &err), 0);
		assert_int_equal(zf_app_log_proof(fresh_app, a, later[i], &fresh, &len, &err), 0);
		zf_app_close(fresh_app);
		assert_non_null(strstr(fresh, "\n601\n"));
		assert_string_equal(warm, fresh);
		assert_string_equal(cold, fresh);
		proof_holds(fresh, later[i]);
	}
	zf_app_close(other);
}

/* The state row moves only from the size it had: a second sequencer that
 * read the same state loses, and its batch is rolled back. */
static void test_state_serialises(void **state)
{
	struct ctx *c = *state;
	struct zf_err err = {0};
	assert_int_equal(zf_store_log_state_init(c->f.db, &err), 0);
	assert_int_equal(zf_store_log_state_advance(c->f.db, 0, 1, "1 AAAA", 1, &err), 0);
	assert_int_equal(zf_store_log_state_advance(c->f.db, 0, 2, "2 AAAA", 1, &err), ZF_ECONFLICT);
	assert_int_equal(fixture_count(&c->f, "SELECT size FROM log_state"), 1);
}

/* The default origin: "<host>/zhifa-log" from a fully qualified host name,
 * otherwise a generated unique name (different each time). */
static void test_origin_default(void **state)
{
	(void)state;
	struct zf_err err = {0};
	char o[256], o2[256];
	assert_int_equal(zf_app_log_origin_default("xzzf.Example.gov.cn", o, sizeof(o), &err), 0);
	assert_string_equal(o, "xzzf.example.gov.cn/zhifa-log");
	assert_int_equal(zf_app_log_origin_default("zf1.lc.example.cn.", o, sizeof(o), &err), 0);
	assert_string_equal(o, "zf1.lc.example.cn/zhifa-log");
	static const char *const local[] = {NULL, "", "zhifa-host", "box.local", "box.LOCALDOMAIN",
					    "localhost", ".example.cn", "a..b", "a b.cn", "a+b.cn",
					    "."};
	for (size_t i = 0; i < sizeof(local) / sizeof(local[0]); i++) {
		assert_int_equal(zf_app_log_origin_default(local[i], o, sizeof(o), &err), 0);
		if (strncmp(o, "zhifa.invalid/", 14) != 0 || strlen(o) != 14 + 16 + 4 ||
		    strcmp(o + 30, "/log") != 0)
			fail_msg("host \"%s\" gave origin %s", local[i] ? local[i] : "(null)", o);
		assert_int_equal(zf_app_log_origin_default(local[i], o2, sizeof(o2), &err), 0);
		assert_string_not_equal(o, o2);
	}
	/* An origin that does not fit is an error, not a truncated name. */
	assert_int_equal(zf_app_log_origin_default("xzzf.example.gov.cn", o, 20, &err), ZF_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_with_change),
		cmocka_unit_test(test_step),
		cmocka_unit_test(test_batches),
		cmocka_unit_test(test_refuses_older_tree),
		cmocka_unit_test(test_key_rules),
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_verify_names),
		cmocka_unit_test(test_reads),
		cmocka_unit_test(test_proof_cache),
		cmocka_unit_test(test_state_serialises),
		cmocka_unit_test(test_origin_default),
	};
	return run_fresh(tests, setup, teardown);
}
