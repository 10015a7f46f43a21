/* Measurements of the record log for bench/ledger.sh, each beside a reference measured in the same run. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/ledger.h"
#include "app/tx.h"
#include "ledger/entry.h"
#include "ledger/merkle.h"
#include "ledger/tile.h"
#include "store/history.h"
#include "store/log.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/crypto.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int die(const char *what)
{
	fprintf(stderr, "ledger_bench: %s\n", what);
	return 1;
}

/* Parses a positive count. */
static int count_arg(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || !v || s[0] == '-')
		return -1;
	*out = v;
	return 0;
}

/* ---------------------------------------------------------------------------
 * fsync: the disk's single-fsync rate (4 KiB appended, then fsync).
 */

static int bench_fsync(const char *dir, double secs)
{
	char path[4096], block[4096];
	memset(block, 'z', sizeof(block));
	if (snprintf(path, sizeof(path), "%s/fsync.bench", dir) >= (int)sizeof(path))
		return die("path too long");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
	if (fd < 0)
		return die("cannot create the fsync file");
	long n = 0;
	double t0 = now_s(), t;
	do {
		if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block) || fsync(fd)) {
			close(fd);
			return die("write or fsync failed");
		}
		n++;
	} while ((t = now_s() - t0) < secs);
	close(fd);
	unlink(path);
	printf("%.0f\n", (double)n / t);
	return 0;
}

/* ---------------------------------------------------------------------------
 * Synthetic entries: zhifa-entry/v1 records as the registry writes them.
 */

static int make_entry(uint64_t i, char *out, size_t n)
{
	char salt[65], data[64];
	struct zf_entry e = {.type = "officer_update", .time = 1772692200 + (int64_t)(i % 86400),
			     .table = "history", .key = (int64_t)i + 1};
	snprintf(e.actor, sizeof(e.actor), "%016" PRIx64, i * UINT64_C(0x9e3779b97f4a7c15));
	snprintf(salt, sizeof(salt), "%064" PRIx64, i);
	int k = snprintf(data, sizeof(data), "{\"id\":%" PRIu64 "}", i);
	if (zf_entry_commit(salt, data, (size_t)k, e.commit))
		return -1;
	return zf_entry_format(&e, out, n);
}

/* N entries as entry bundles of 256 (the last one partial). */
struct bundles {
	struct zf_buf *b;
	uint64_t n, tiles;
	double bytes; /* entry bytes without the length prefixes */
};

static int bundles_make(struct bundles *bs, uint64_t n)
{
	char e[1024];
	bs->n = n;
	bs->tiles = (n + ZF_TILE_WIDTH - 1) / ZF_TILE_WIDTH;
	bs->bytes = 0;
	if (!(bs->b = calloc(bs->tiles, sizeof(*bs->b))))
		return -1;
	for (uint64_t i = 0; i < n; i++) {
		struct zf_buf *b = &bs->b[i / ZF_TILE_WIDTH];
		int k = make_entry(i, e, sizeof(e));
		if (i % ZF_TILE_WIDTH == 0)
			zf_buf_init(b, 0);
		if (k < 0 || zf_bundle_add(b, e, (size_t)k))
			return -1;
		bs->bytes += k;
	}
	return 0;
}

static void bundles_free(struct bundles *bs)
{
	for (uint64_t i = 0; bs->b && i < bs->tiles; i++)
		zf_buf_free(&bs->b[i]);
	free(bs->b);
	bs->b = NULL;
}

/* ---------------------------------------------------------------------------
 * An in-memory store of the hashes a log keeps: levels 0, 8, 16, ...
 */

struct store {
	zf_hash *h[8];
	uint64_t n[8], cap[8];
};

static void store_emit(void *ctx, int level, uint64_t idx, const zf_hash h)
{
	struct store *s = ctx;
	int l = level / 8;
	if (level % 8 || l >= 8 || idx >= s->cap[l])
		return;
	memcpy(s->h[l][idx], h, ZF_HASH_LEN);
	if (idx + 1 > s->n[l])
		s->n[l] = idx + 1;
}

static int store_read(void *ctx, int level, uint64_t idx, zf_hash out)
{
	const struct store *s = ctx;
	int l = level / 8;
	if (level % 8 || l >= 8 || idx >= s->n[l])
		return -1;
	memcpy(out, s->h[l][idx], ZF_HASH_LEN);
	return 0;
}

static int store_init(struct store *s, uint64_t n)
{
	memset(s, 0, sizeof(*s));
	for (int l = 0; l < 8 && (n >> (8 * l)) > 0; l++) {
		s->cap[l] = n >> (8 * l);
		if (!(s->h[l] = malloc(s->cap[l] * sizeof(zf_hash))))
			return -1;
	}
	return 0;
}

static void store_free(struct store *s)
{
	for (int l = 0; l < 8; l++)
		free(s->h[l]);
	memset(s, 0, sizeof(*s));
}

/* Rebuilds the tree from the bundles: every entry parsed and leaf-hashed,
 * appended to a compact range that emits the tile hashes into S. */
static int rebuild(const struct bundles *bs, struct store *s, zf_hash root)
{
	struct zf_compact c = {0};
	zf_hash leaf;
	for (uint64_t t = 0; t < bs->tiles; t++) {
		size_t pos = 0, len;
		const unsigned char *e;
		int k;
		while ((k = zf_bundle_next((const unsigned char *)bs->b[t].data, bs->b[t].len, &pos, &e,
					   &len)) == 1)
			if (zf_merkle_leaf(e, len, leaf) || zf_compact_append(&c, leaf, store_emit, s))
				return -1;
		if (k < 0)
			return -1;
	}
	return c.size == bs->n ? zf_compact_root(&c, root) : -1;
}

/* SHA-256 of each entry on its own, no tree. */
static int hash_entries(const struct bundles *bs)
{
	unsigned char d[32];
	for (uint64_t t = 0; t < bs->tiles; t++) {
		size_t pos = 0, len;
		const unsigned char *e;
		while (zf_bundle_next((const unsigned char *)bs->b[t].data, bs->b[t].len, &pos, &e,
				      &len) == 1)
			if (zf_sha256(e, len, d))
				return -1;
	}
	return 0;
}

/* One streaming SHA-256 over all the bundles' bytes. */
static int hash_bulk(const struct bundles *bs)
{
	unsigned char d[32];
	struct zf_sha256 *h = zf_sha256_begin();
	for (uint64_t t = 0; h && t < bs->tiles; t++)
		if (zf_sha256_add(h, bs->b[t].data, bs->b[t].len)) {
			zf_sha256_end(h, NULL);
			return -1;
		}
	return h ? zf_sha256_end(h, d) : -1;
}

/* (c) The tree rebuilt from entry bundles against raw SHA-256 over the same
 * bytes: best of three runs each. */
static int bench_rebuild(uint64_t n)
{
	struct bundles bs = {0};
	struct store s;
	zf_hash root;
	double best[3] = {1e9, 1e9, 1e9};
	if (bundles_make(&bs, n) || store_init(&s, n))
		return die("out of memory");
	for (int run = 0; run < 3; run++) {
		double t0 = now_s();
		if (hash_bulk(&bs))
			return die("sha256 failed");
		double t1 = now_s();
		if (hash_entries(&bs))
			return die("sha256 failed");
		double t2 = now_s();
		if (rebuild(&bs, &s, root))
			return die("rebuild failed");
		double t3 = now_s();
		best[0] = t1 - t0 < best[0] ? t1 - t0 : best[0];
		best[1] = t2 - t1 < best[1] ? t2 - t1 : best[1];
		best[2] = t3 - t2 < best[2] ? t3 - t2 : best[2];
	}
	double mb = bs.bytes / 1e6;
	printf("entries %" PRIu64 " (%.1f MB, %.0f bytes each), %" PRIu64 " bundles\n", n, mb,
	       bs.bytes / (double)n, bs.tiles);
	printf("raw SHA-256, one stream over the bundles   %8.1f MB/s  %10.0f entries/s\n",
	       mb / best[0], (double)n / best[0]);
	printf("raw SHA-256, each entry on its own         %8.1f MB/s  %10.0f entries/s\n",
	       mb / best[1], (double)n / best[1]);
	printf("tree rebuilt from the bundles              %8.1f MB/s  %10.0f entries/s\n",
	       mb / best[2], (double)n / best[2]);
	printf("rebuild / raw stream %.0f%% (target >= 40%%); rebuild / raw per entry %.0f%%\n",
	       100 * best[0] / best[2], 100 * best[1] / best[2]);
	bundles_free(&bs);
	store_free(&s);
	return 0;
}

/* ---------------------------------------------------------------------------
 * (e) proof generation from stored hashes, in memory (the tree code alone).
 */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Prints mean, median, p99 and max of the N times T (seconds) in µs. */
static void print_times(const char *what, double *t, size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += t[i];
	qsort(t, n, sizeof(*t), cmp_double);
	printf("%-44s mean %7.1f µs  median %7.1f µs  p99 %7.1f µs  max %7.1f µs\n", what,
	       1e6 * sum / (double)n, 1e6 * t[n / 2], 1e6 * t[n * 99 / 100], 1e6 * t[n - 1]);
}

static int bench_proof_mem(uint64_t n, size_t k)
{
	struct store s;
	struct zf_compact c = {0};
	zf_hash leaf, root, path[ZF_PROOF_MAX];
	size_t len;
	double *t = calloc(k, sizeof(*t));
	if (!t || store_init(&s, n))
		return die("out of memory");
	for (uint64_t i = 0; i < n; i++) {
		uint64_t le = i;
		if (zf_merkle_leaf(&le, sizeof(le), leaf) || zf_compact_append(&c, leaf, store_emit, &s))
			return die("append failed");
	}
	if (zf_compact_root(&c, root))
		return die("root failed");
	uint64_t x = UINT64_C(88172645463325252);
	for (size_t i = 0; i < k; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		uint64_t idx = x % n;
		double t0 = now_s();
		if (zf_merkle_prove_inclusion(store_read, &s, idx, n, path, &len))
			return die("proof failed");
		t[i] = now_s() - t0;
		uint64_t le = idx;
		if (zf_merkle_leaf(&le, sizeof(le), leaf) ||
		    zf_merkle_verify_inclusion(idx, n, leaf, (const zf_hash *)path, len, root) != 1)
			return die("proof does not verify");
	}
	char what[80];
	snprintf(what, sizeof(what), "inclusion proof, %" PRIu64 " entries, in memory", n);
	print_times(what, t, k);
	for (size_t i = 0; i < k; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		uint64_t old = 1 + x % n;
		double t0 = now_s();
		if (zf_merkle_prove_consistency(store_read, &s, old, n, path, &len))
			return die("consistency proof failed");
		t[i] = now_s() - t0;
	}
	snprintf(what, sizeof(what), "consistency proof to %" PRIu64 ", in memory", n);
	print_times(what, t, k);
	free(t);
	store_free(&s);
	return 0;
}

/* ---------------------------------------------------------------------------
 * On a database made by zhifa init --demo: (a) the sequencer, (d) log
 * verify, (e) proof generation.
 */

static int fail_err(const char *what, const struct zf_err *err)
{
	fprintf(stderr, "ledger_bench: %s: %s\n", what, err->msg);
	return 1;
}

/* Writes N changes the way use cases do: history rows of officer 1 (its
 * current data again, so the live record still equals its latest history)
 * each with its pending log entry, LOAD_TX rows per transaction. */
#define LOAD_TX 1000
static int load_pending(struct zf_app *app, uint64_t n)
{
	struct zf_actor cli;
	struct zf_err err = {0};
	struct zf_history last;
	struct zf_arena *a = zf_arena_new(0);
	struct zf_tx tx;
	int rc;
	zf_actor_cli(&cli);
	if (!a)
		return die("out of memory");
	if ((rc = zf_tx_begin(&tx, app, &cli, &err)) ||
	    (rc = zf_store_history_latest(tx.db, a, "officer", 1, &last, &err)))
		return fail_err("officer 1's history", &err);
	char *after = strdup(last.after_json);
	zf_tx_end(&tx, 0, &err);
	if (!after)
		return die("out of memory");
	for (uint64_t done = 0; done < n;) {
		if (zf_tx_begin(&tx, app, &cli, &err))
			return fail_err("begin", &err);
		for (int i = 0; i < LOAD_TX && done < n; i++, done++) {
			struct zf_history h = {.entity = "officer", .entity_id = 1,
					       .action = "officer_update", .before_json = after,
					       .after_json = after};
			if ((rc = zf_app_log_history(&tx, &h, NULL, &err)))
				break;
		}
		if (zf_tx_end(&tx, rc, &err))
			return fail_err("loading entries", &err);
	}
	free(after);
	zf_arena_free(a);
	return 0;
}

/* The reference of (a): the same pending rows read in batches of
 * ZF_LOG_BATCH, each entry leaf-hashed (SHA-256) and inserted into a
 * scratch table, one durable commit per batch; no tree, no stored hashes,
 * no state, no signature, no checkpoint file. Rows/s into *RATE. */
static int raw_reference(struct zf_app *app, uint64_t n, double *rate)
{
	struct zf_err err = {0};
	struct zf_db *db = NULL;
	struct zf_stmt *st;
	int64_t after = 0, idx = 0;
	if (zf_dbpool_get(app->pool, &db, 5000, &err) ||
	    zf_db_exec(db, "DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw (idx BIGINT "
			   "PRIMARY KEY, entry TEXT NOT NULL, hash TEXT NOT NULL)",
		       &err))
		return fail_err("scratch table", &err);
	double t0 = now_s();
	while ((uint64_t)idx < n) {
		struct zf_arena *a = zf_arena_new(0);
		struct zf_log_row *rows;
		size_t k;
		if (!a || zf_db_begin(db, 1, &err) ||
		    zf_store_log_pending_list(db, a, after, ZF_LOG_BATCH, &rows, &k, &err))
			return fail_err("reading pending entries", &err);
		if (k == 0)
			return die("fewer pending entries than loaded");
		for (size_t i = 0; i < k; i++, idx++) {
			zf_hash h;
			char b64[45];
			if (zf_merkle_leaf(rows[i].entry, strlen(rows[i].entry), h))
				return die("sha256 failed");
			zf_hash_b64(h, b64);
			if (zf_db_prepare(db, &st, "INSERT INTO bench_raw (idx, entry, hash) VALUES (?, ?, ?)",
					  &err) ||
			    zf_stmt_bind_i64(st, 1, idx) || zf_stmt_bind_text(st, 2, rows[i].entry) ||
			    zf_stmt_bind_text(st, 3, b64) || zf_stmt_run(st, &err))
				return fail_err("insert", &err);
			after = rows[i].id;
		}
		if (zf_db_commit(db, &err))
			return fail_err("commit", &err);
		zf_arena_free(a);
	}
	*rate = (double)n / (now_s() - t0);
	if (zf_db_exec(db, "DROP TABLE bench_raw", &err))
		return fail_err("scratch table", &err);
	zf_dbpool_put(app->pool, db);
	return 0;
}

/* (e) K proof files of random entries against the latest checkpoint, of
 * SIZE entries. */
static int bench_proofs(struct zf_app *app, uint64_t size, size_t k)
{
	struct zf_err err = {0};
	double *t = calloc(k, sizeof(*t));
	uint64_t x = UINT64_C(88172645463325252);
	if (!t)
		return die("out of memory");
	for (size_t i = 0; i < k; i++) {
		struct zf_arena *a = zf_arena_new(0);
		char *text;
		size_t len;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		double s0 = now_s();
		if (!a || zf_app_log_proof(app, a, (int64_t)(x % size), &text, &len, &err))
			return fail_err("proof", &err);
		t[i] = now_s() - s0;
		zf_arena_free(a);
	}
	char what[96];
	snprintf(what, sizeof(what), "(e) proof file, %" PRIu64 " entries (target < 1 ms)", size);
	print_times(what, t, k);
	free(t);
	return 0;
}

/* (a) N pending entries written, then integrated by sequencer steps
 * (leaves, stored hashes, state, signed checkpoint, DATA/checkpoint
 * replaced durably), beside the raw reference; then (d) and (e). */
static int bench_db(const char *url, const char *data, uint64_t n, size_t k)
{
	struct zf_app *app = NULL;
	struct zf_ledger *lg = NULL;
	struct zf_err err = {0};
	struct zf_log_report rep;
	double raw = 0;
	if (zf_app_open(&app, url, data, 4, &err))
		return fail_err("open", &err);
	double t0 = now_s();
	if (load_pending(app, n))
		return 1;
	double t1 = now_s();
	printf("loaded %" PRIu64 " changes with their pending entries in %.1f s (%.0f/s, %d per transaction)\n",
	       n, t1 - t0, (double)n / (t1 - t0), LOAD_TX);
	if (raw_reference(app, n, &raw))
		return 1;
	if (zf_app_log_open(&lg, app, &err))
		return fail_err("log open", &err);
	uint64_t done = 0;
	long steps = 0;
	t0 = now_s();
	while (done < n) {
		int got = 0;
		if (zf_app_log_step(lg, &got, &err))
			return fail_err("sequencer step", &err);
		if (got <= 0)
			return die("the sequencer integrated nothing with entries pending");
		done += (uint64_t)got;
		steps++;
	}
	t1 = now_s();
	printf("(a) sequencer: %" PRIu64 " entries integrated in %ld steps, %.1f s: %10.0f entries/s   (target >= 20000)\n",
	       n, steps, t1 - t0, (double)n / (t1 - t0));
	printf("    reference, same rows: SHA-256 + insert + commit per %d, no tree: %10.0f entries/s   (sequencer %.0f%% of it)\n",
	       ZF_LOG_BATCH, raw, 100 * (double)n / (t1 - t0) / raw);

	/* (d) log verify from the rows, in one snapshot. */
	struct zf_db *db = NULL;
	if (zf_db_open(&db, url, 0, &err))
		return fail_err("open", &err);
	t0 = now_s();
	if (zf_app_log_verify(db, data, &rep, &err))
		return fail_err("log verify", &err);
	t1 = now_s();
	zf_db_close(db);
	printf("(d) log verify: %lld entries, %lld history rows, %lld hashes, %lld checkpoints in %.1f s: %10.0f entries/s\n",
	       (long long)rep.leaves, (long long)rep.history, (long long)rep.hashes,
	       (long long)rep.checkpoints, t1 - t0, (double)rep.leaves / (t1 - t0));

	if (bench_proofs(app, (uint64_t)rep.leaves, k))
		return 1;
	zf_app_log_close(lg);
	zf_app_close(app);
	return 0;
}

/* (e) alone on a database the db mode (or a server) filled. */
static int bench_proof_db(const char *url, const char *data, size_t k)
{
	struct zf_app *app = NULL;
	struct zf_db *db = NULL;
	struct zf_err err = {0};
	struct zf_arena *a = zf_arena_new(0);
	struct zf_log_checkpoint cp;
	int rc;
	if (!a || zf_app_open(&app, url, data, 4, &err) || zf_db_open(&db, url, 0, &err) ||
	    zf_store_log_checkpoint_latest(db, a, &cp, &err))
		return fail_err("open", &err);
	zf_db_close(db);
	rc = cp.size > 0 ? bench_proofs(app, (uint64_t)cp.size, k) : die("the log is empty");
	zf_arena_free(a);
	zf_app_close(app);
	return rc;
}

static int usage(void)
{
	fprintf(stderr, "usage: ledger_bench fsync DIR SECONDS\n"
			"       ledger_bench rebuild N\n"
			"       ledger_bench proof-mem N K\n"
			"       ledger_bench db URL DATA N K\n"
			"       ledger_bench proof URL DATA K\n");
	return 2;
}

int main(int argc, char **argv)
{
	uint64_t n = 0, k = 0;
	if (zf_crypto_init())
		return die("OpenSSL lacks SHA-256");
	if (argc == 4 && !strcmp(argv[1], "fsync"))
		return bench_fsync(argv[2], strtod(argv[3], NULL));
	if (argc == 3 && !strcmp(argv[1], "rebuild") && !count_arg(argv[2], &n))
		return bench_rebuild(n);
	if (argc == 4 && !strcmp(argv[1], "proof-mem") && !count_arg(argv[2], &n) &&
	    !count_arg(argv[3], &k))
		return bench_proof_mem(n, (size_t)k);
	if (argc == 6 && !strcmp(argv[1], "db") && !count_arg(argv[4], &n) && !count_arg(argv[5], &k))
		return bench_db(argv[2], argv[3], n, (size_t)k);
	if (argc == 5 && !strcmp(argv[1], "proof") && !count_arg(argv[4], &k))
		return bench_proof_db(argv[2], argv[3], (size_t)k);
	return usage();
}
