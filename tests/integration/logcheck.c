/* Integration tests of the public record log against verifiers: Go's x/mod (tests/go/xcheck) on zhifa's /log/, and zhifa log check / log prove on zhifa's and on an x/mod-built log. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "harness.h"
#include "ledger/note.h"
#include "store/db.h"

#define OFFICERS 300 /* added through the API: past the first full tile */

struct fx {
	struct demo d;       /* first: the tests' state points at it */
	char token[128];     /* API token of registrar1 */
	char url[128];       /* the log's prefix, http://127.0.0.1:PORT/log */
	char vkey[512];      /* the verifier key line from /log/key */
	char vkey_file[400]; /* ... and a file holding it */
	char cp0[400];       /* the checkpoint before the tests' writes */
	char backup[400];    /* SQLite: a backup taken at cp0, "" on PostgreSQL */
};

static const char *zhifa_bin(void)
{
	const char *b = getenv("ZF_BIN");
	return b && *b ? b : "build/zhifa";
}

static const char *xcheck_bin(void)
{
	const char *b = getenv("ZF_XCHECK");
	return b && *b ? b : "build/go/xcheck";
}

static void path_in(const struct fx *f, const char *name, char *out, size_t n)
{
	assert_true(snprintf(out, n, "%s/%s", f->d.s.dir, name) < (int)n);
}

/* The whole file PATH (malloc'd, NUL-terminated), its length in *LEN. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *p = NULL;
	long n;
	if (fp && fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)n + 1)) && fread(p, 1, (size_t)n, fp) == (size_t)n) {
		p[n] = '\0';
		if (len)
			*len = (size_t)n;
	} else {
		free(p);
		p = NULL;
	}
	if (fp)
		fclose(fp);
	return p;
}

static void spill(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Runs ARGV (argv[0] a path: zhifa or xcheck); stdout into *OUT and stderr
 * into *ERR (both malloc'd, may be NULL). Returns the exit code. */
static int run(struct fx *f, const char *const *argv, char **out, char **err)
{
	char log[400];
	int o[2], st = 0;
	path_in(f, "cmd.err", log, sizeof(log));
	assert_int_equal(pipe(o), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int null = open("/dev/null", O_RDONLY);
		if (fd < 0 || null < 0)
			_exit(126);
		dup2(null, 0);
		dup2(o[1], 1);
		dup2(fd, 2);
		close(o[0]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(o[1]);
	char *buf = read_all(o[0]);
	close(o[0]);
	assert_non_null(buf);
	waitpid(pid, &st, 0);
	if (out)
		*out = buf;
	else
		free(buf);
	if (err) {
		*err = slurp(log, NULL);
		if (!*err)
			*err = strdup("");
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* GETs PATH of the log ("checkpoint", "proof/3", ...) into R; asserts 200. */
static void log_get(struct fx *f, const char *path, struct resp *r)
{
	char p[160];
	snprintf(p, sizeof(p), "/log/%s", path);
	assert_int_equal(client_get(&f->d.cl, p, r), 0);
	if (r->status != 200)
		fail_msg("GET %s: %ld", p, r->status);
}

/* The tree size of the served checkpoint. */
static long served_size(struct fx *f)
{
	struct resp r;
	log_get(f, "checkpoint", &r);
	const char *nl = strchr(r.body, '\n');
	long n = nl ? strtol(nl + 1, NULL, 10) : -1;
	resp_free(&r);
	return n;
}

/* Waits up to 10 s until nothing is pending and the served checkpoint
 * covers every leaf; returns that size. */
static long wait_integrated(struct fx *f)
{
	for (int i = 0; i < 100; i++) {
		long leaves = scalar(&f->d, "SELECT count(*) FROM log_leaf");
		if (scalar(&f->d, "SELECT count(*) FROM log_pending") == 0 && served_size(f) == leaves)
			return leaves;
		usleep(100000);
	}
	fail_msg("the log did not integrate its pending entries within 10 s");
	return -1;
}

static void save_checkpoint(struct fx *f, const char *path)
{
	struct resp r;
	log_get(f, "checkpoint", &r);
	spill(path, r.body, r.len);
	resp_free(&r);
}

static void add_officers(struct fx *f, int n, const char *tag)
{
	struct client cl;
	client_init(&cl, &f->d.s);
	for (int i = 0; i < n; i++) {
		char body[512];
		struct resp r;
		snprintf(body, sizeof(body),
			 "{\"body_id\":1,\"name\":\"核验测试%d\",\"cert_no\":\"%s-%04d\","
			 "\"issuer\":\"陵川县人民政府\",\"domains\":\"旅游市场\","
			 "\"valid_from\":\"2025-01-01\",\"valid_to\":\"2035-12-31\"}",
			 i, tag, i);
		assert_int_equal(client_json(&cl, "POST", "/api/v1/officers", body, f->token, NULL, &r), 0);
		if (r.status != 201)
			fail_msg("POST officer: %ld %s", r.status, r.body);
		resp_free(&r);
	}
	client_free(&cl);
}

/* Runs zhifa log check against the server with --since SINCE (may be NULL);
 * stderr into *ERR when ERR is not NULL. Returns the exit code. */
static int log_check(struct fx *f, const char *key, const char *since, char **out, char **err)
{
	const char *argv[12] = {zhifa_bin(), "log", "check", "--url", f->url, "--key", key};
	int n = 7;
	if (since) {
		argv[n++] = "--since";
		argv[n++] = since;
	}
	argv[n] = NULL;
	return run(f, argv, out, err);
}

static int setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	struct resp r = {0};
	int rc = -1;
	if (access(xcheck_bin(), X_OK)) {
		fprintf(stderr, "%s missing: make build/go/xcheck (golang-go, golang-golang-x-mod-dev)\n",
			xcheck_bin());
		return -1;
	}
	if (make_token(&d->s, "registrar1", f->token, sizeof(f->token)))
		return -1;
	snprintf(f->url, sizeof(f->url), "%s/log", d->s.base);
	snprintf(f->vkey_file, sizeof(f->vkey_file), "%s/vkey", d->s.dir);
	snprintf(f->cp0, sizeof(f->cp0), "%s/cp0", d->s.dir);
	if (client_get(&d->cl, "/log/key", &r) || r.status != 200 || r.len >= sizeof(f->vkey))
		goto out;
	memcpy(f->vkey, r.body, r.len + 1);
	f->vkey[strcspn(f->vkey, "\n")] = '\0';
	FILE *fp = fopen(f->vkey_file, "w");
	if (!fp || fprintf(fp, "%s\n", f->vkey) < 0 || fclose(fp))
		goto out;
	rc = 0;
out:
	resp_free(&r);
	return rc;
}

/* ---- Go's x/mod verifies zhifa's log ----------------------------------- */

/* The acceptance test of the cross-check: x/mod's note and tlog accept the
 * checkpoint, tiles, bundles, proofs (every one-bit corruption rejected)
 * and the consistency of checkpoints before and after writes through the
 * API and an account added from the command line. */
static void test_xcheck_accepts_log(void **state)
{
	struct fx *f = *state;
	char cp1[400], *out = NULL, *err = NULL;
	long before = wait_integrated(f);
	save_checkpoint(f, f->cp0);
	if (!harness_pg()) {
		char to[400];
		path_in(f, "old.db", f->backup, sizeof(f->backup));
		snprintf(to, sizeof(to), "%s", f->backup);
		assert_int_equal(srv_cli(&f->d.s, NULL, NULL, (const char *const[]){"backup", "--to", to, NULL}), 0);
	}
	add_officers(f, OFFICERS, "XC");
	long size = wait_integrated(f);
	assert_true(size >= before + OFFICERS);
	path_in(f, "cp1", cp1, sizeof(cp1));
	int rc = run(f, (const char *const[]){xcheck_bin(), "audit", "-url", f->url, "-vkey", f->vkey,
					      "-since", f->cp0, "-save", cp1, "-proofs", "6", "-flip", NULL},
		     &out, &err);
	if (rc)
		fail_msg("xcheck audit: %s%s", out, err);
	assert_has(out, "xcheck: OK");
	assert_has(out, "one-bit corruptions of the proof files and paths rejected");
	assert_has(out, "carry the entry in their extra line");
	free(out);
	free(err);

	/* An account added from the command line (another process) is in a
	 * checkpoint within 5 s, consistent with the one before. */
	long t0 = now_ms();
	assert_int_equal(srv_cli(&f->d.s, "Xcheck-pass-1\n", NULL,
				 (const char *const[]){"user", "add", "--login", "xcheck1", "--role",
						       "registrar", "--password-stdin", NULL}),
			 0);
	while (served_size(f) <= size && now_ms() - t0 < 5000)
		usleep(50000);
	assert_true(served_size(f) > size);
	rc = run(f, (const char *const[]){xcheck_bin(), "audit", "-url", f->url, "-vkey", f->vkey,
					  "-since", cp1, "-proofs", "2", NULL},
		 &out, &err);
	if (rc)
		fail_msg("xcheck audit after the account: %s%s", out, err);
	free(out);
	free(err);
}

/* ---- zhifa log check ---------------------------------------------------- */

static void test_log_check_accepts_log(void **state)
{
	struct fx *f = *state;
	char saved[400], *out = NULL, *err = NULL;
	struct resp r;
	long size = wait_integrated(f);
	path_in(f, "saved", saved, sizeof(saved));
	int rc = run(f, (const char *const[]){zhifa_bin(), "log", "check", "--url", f->url, "--key",
					      f->vkey_file, "--since", f->cp0, "--save", saved, NULL},
		     &out, &err);
	if (rc)
		fail_msg("zhifa log check: %s%s", out, err);
	assert_has(out, "签名：由密钥");
	assert_has(out, "个哈希瓦片逐层相符");
	assert_has(out, "条条目逐条哈希");
	assert_has(out, "是当前日志的前缀");
	assert_has(out, "结论：日志完整");
	free(out);
	free(err);
	/* --save kept the checkpoint checked; the next run starts from it. */
	char *kept = slurp(saved, NULL);
	assert_non_null(kept);
	log_get(f, "checkpoint", &r);
	if (served_size(f) == size)
		assert_string_equal(kept, r.body);
	resp_free(&r);
	free(kept);
	assert_int_equal(log_check(f, f->vkey, saved, &out, NULL), 0);
	free(out);
}

/* Another key under the log's own name (the key replaced on the server,
 * or a forged checkpoint) is rejected. */
static void test_log_check_rejects_other_key(void **state)
{
	struct fx *f = *state;
	struct zf_logkey *k = NULL;
	struct zf_err e = {0};
	char path[400], other[512], name[256], *err = NULL;
	path_in(f, "other.key", path, sizeof(path));
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(f->vkey, "+"), f->vkey);
	assert_int_equal(zf_logkey_create(path, name, &e), 0);
	assert_int_equal(zf_logkey_load(&k, path, &e), 0);
	assert_int_equal(zf_logkey_vkey(k, other, sizeof(other)), 0);
	zf_logkey_free(k);
	assert_int_equal(log_check(f, other, NULL, NULL, &err), 1);
	assert_has(err, "签名无效");
	free(err);
	assert_int_equal(log_check(f, "not-a-key", NULL, NULL, &err), 1);
	assert_has(err, "--key");
	free(err);
}

/* A database served from an older backup (the log rolled back): the
 * citizen's saved checkpoint is no longer a prefix. */
static void test_log_check_detects_rollback(void **state)
{
	struct fx *f = *state;
	struct srv old;
	char newest[400], *err = NULL;
	if (harness_pg()) {
		/* zhifa backup is SQLite's; the rollback case runs on the x/mod log below. */
		printf("# skipped on PostgreSQL: zhifa backup is SQLite-only\n");
		return;
	}
	wait_integrated(f);
	path_in(f, "newest", newest, sizeof(newest));
	save_checkpoint(f, newest);
	assert_int_equal(srv_serve(&old, f->backup, NULL), 0);
	char url[128];
	snprintf(url, sizeof(url), "%s/log", old.base);
	int rc = run(f, (const char *const[]){zhifa_bin(), "log", "check", "--url", url, "--key",
					      f->vkey, "--since", newest, NULL},
		     NULL, &err);
	assert_int_equal(srv_stop(&old), 0);
	assert_int_equal(rc, 1);
	assert_has(err, "日志变短了");
	free(err);
	/* Against the older checkpoint itself the old log is whole. */
	assert_int_equal(srv_serve(&old, f->backup, NULL), 0);
	snprintf(url, sizeof(url), "%s/log", old.base);
	rc = run(f, (const char *const[]){zhifa_bin(), "log", "check", "--url", url, "--key", f->vkey,
					  "--since", f->cp0, NULL},
		 NULL, NULL);
	assert_int_equal(srv_stop(&old), 0);
	assert_int_equal(rc, 0);
}

/* An entry row or a stored hash changed in the database: the served bundle
 * or tile no longer matches, and both verifiers say where. */
static void test_log_check_detects_changed_rows(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *out = NULL;
	wait_integrated(f);
	assert_int_equal(db_exec_sql(&f->d.s, "UPDATE log_leaf SET entry = replace(entry, 'type ', "
					      "'type x') WHERE idx = 7"),
			 0);
	assert_int_equal(log_check(f, f->vkey, f->cp0, NULL, &err), 1);
	assert_has(err, "条目 7（tile/entries/000）的哈希与第 0 层瓦片中的叶子哈希不符");
	free(err);
	assert_int_equal(run(f, (const char *const[]){xcheck_bin(), "audit", "-url", f->url, "-vkey",
						       f->vkey, "-proofs", "0", NULL},
			     &out, &err),
			 1);
	assert_has(err, "entry 7");
	free(out);
	free(err);
	assert_int_equal(db_exec_sql(&f->d.s, "UPDATE log_leaf SET entry = replace(entry, 'type x', "
					      "'type ') WHERE idx = 7"),
			 0);
	assert_int_equal(log_check(f, f->vkey, f->cp0, NULL, NULL), 0);

	/* A leaf hash of the first (full) tile replaced by its neighbour's. */
	assert_int_equal(db_exec_sql(&f->d.s, "UPDATE log_hash SET hash = (SELECT hash FROM log_hash "
					      "WHERE level = 0 AND idx = 4) WHERE level = 0 AND idx = 3"),
			 0);
	assert_int_equal(log_check(f, f->vkey, NULL, NULL, &err), 1);
	assert_has(err, "第 0 层瓦片 0 与上一层瓦片中的哈希不符");
	free(err);
	assert_int_equal(run(f, (const char *const[]){xcheck_bin(), "audit", "-url", f->url, "-vkey",
						       f->vkey, "-proofs", "0", NULL},
			     &out, &err),
			 1);
	assert_has(err, "xcheck: FAIL");
	free(out);
	free(err);
}

/* ---- zhifa log prove ---------------------------------------------------- */

/* The entry bytes of leaf IDX, and the salt and canonical data of the
 * history row it commits to (all malloc'd). */
static void leaf_record(struct fx *f, long idx, char **entry, char **salt, char **data)
{
	struct zf_db *db = NULL;
	struct zf_stmt *st = NULL;
	struct zf_err e = {0};
	long long key = -1;
	assert_int_equal(zf_db_open(&db, f->d.s.db, 0, &e), 0);
	assert_int_equal(zf_db_prepare(db, &st, "SELECT entry FROM log_leaf WHERE idx = ?", &e), 0);
	zf_stmt_bind_i64(st, 1, idx);
	assert_int_equal(zf_stmt_step(st, &e), ZF_DB_ROW);
	*entry = strdup(zf_stmt_text(st, 0));
	zf_stmt_done(st);
	const char *rec = strstr(*entry, "\nrecord history:");
	assert_non_null(rec);
	key = strtoll(rec + strlen("\nrecord history:"), NULL, 10);
	assert_int_equal(zf_db_prepare(db, &st, "SELECT salt, after_json FROM history WHERE id = ?", &e), 0);
	zf_stmt_bind_i64(st, 1, key);
	assert_int_equal(zf_stmt_step(st, &e), ZF_DB_ROW);
	*salt = strdup(zf_stmt_text(st, 0));
	*data = strdup(zf_stmt_text(st, 1));
	zf_stmt_done(st);
	zf_db_close(db);
}

/* /log/proof/<i> verifies offline with the entry from its extra line, with
 * the entry given, and with the record and its salt; every one-bit change
 * of the proof file is rejected. */
static void test_log_prove(void **state)
{
	struct fx *f = *state;
	long size = wait_integrated(f);
	long idx[] = {0, size / 2, size - 1};
	char path[400], entry_path[400], data_path[400], *out = NULL, *err = NULL;
	struct zf_err e = {0};
	for (size_t t = 0; t < sizeof(idx) / sizeof(idx[0]); t++) {
		char p[64], *entry, *salt, *data;
		struct resp r;
		snprintf(p, sizeof(p), "proof/%ld", idx[t]);
		log_get(f, p, &r);
		leaf_record(f, idx[t], &entry, &salt, &data);
		/* In process: the proof, then every bit of it flipped. */
		if (zf_cli_log_prove_check(f->vkey, r.body, r.len, NULL, 0, NULL, &e))
			fail_msg("proof %ld rejected: %s", idx[t], e.msg);
		assert_int_equal(zf_cli_log_prove_check(f->vkey, r.body, r.len, entry, strlen(entry), NULL, &e), 0);
		assert_int_equal(zf_cli_log_prove_check(f->vkey, r.body, r.len, data, strlen(data), salt, &e), 0);
		for (size_t i = 0; i < r.len; i++)
			for (int bit = 0; bit < 8; bit++) {
				r.body[i] ^= (char)(1 << bit);
				if (zf_cli_log_prove_check(f->vkey, r.body, r.len, NULL, 0, NULL, &e) == 0)
					fail_msg("proof %ld with bit %d of byte %zu flipped accepted", idx[t], bit, i);
				r.body[i] ^= (char)(1 << bit);
			}
		/* Another record, or another salt, is not what the entry commits to. */
		data[strlen(data) / 2] ^= 1;
		assert_int_equal(zf_cli_log_prove_check(f->vkey, r.body, r.len, data, strlen(data), salt, &e),
				 ZF_EINVAL);
		assert_has(e.msg, "承诺不符");
		data[strlen(data) / 2] ^= 1;
		char c0 = salt[0];
		salt[0] = c0 == '0' ? '1' : '0';
		assert_int_equal(zf_cli_log_prove_check(f->vkey, r.body, r.len, data, strlen(data), salt, &e),
				 ZF_EINVAL);
		salt[0] = c0;
		/* The command line, once per way of giving the entry. */
		path_in(f, "entry.tlog-proof", path, sizeof(path));
		path_in(f, "entry.txt", entry_path, sizeof(entry_path));
		path_in(f, "record.json", data_path, sizeof(data_path));
		spill(path, r.body, r.len);
		spill(entry_path, entry, strlen(entry));
		spill(data_path, data, strlen(data));
		assert_int_equal(run(f, (const char *const[]){zhifa_bin(), "log", "prove", "--key",
							       f->vkey_file, path, NULL},
				     &out, NULL),
				 0);
		assert_has(out, "结论：证明有效");
		assert_has(out, "zhifa-entry/v1");
		free(out);
		assert_int_equal(run(f, (const char *const[]){zhifa_bin(), "log", "prove", "--key", f->vkey,
							       path, entry_path, NULL},
				     NULL, NULL),
				 0);
		if (run(f, (const char *const[]){zhifa_bin(), "log", "prove", "--key", f->vkey, path,
						 data_path, "--salt", salt, NULL},
			&out, &err))
			fail_msg("zhifa log prove with the record and its salt: %s%s", out, err);
		assert_has(out, "与盐值给出条目中的承诺");
		free(out);
		free(err);
		r.body[r.len - 3] ^= 1; /* inside the signature */
		spill(path, r.body, r.len);
		assert_int_equal(run(f, (const char *const[]){zhifa_bin(), "log", "prove", "--key", f->vkey,
							       path, NULL},
				     NULL, &err),
				 1);
		assert_has(err, "证明无效");
		free(err);
		resp_free(&r);
		free(entry);
		free(salt);
		free(data);
	}
}

/* ---- zhifa's verifiers on a log built with Go's x/mod -------------------- */

/* An x/mod-built log served by xcheck fake until its standard input closes. */
struct fake {
	pid_t pid;
	int in;
	char url[128];
	char dir[400];
};

static void fake_start(struct fx *f, struct fake *k, const char *name, const char *n,
		       const char *corrupt)
{
	int in[2], out[2];
	path_in(f, name, k->dir, sizeof(k->dir));
	assert_int_equal(mkdir(k->dir, 0700), 0);
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	k->pid = fork();
	assert_true(k->pid >= 0);
	if (k->pid == 0) {
		const char *argv[] = {xcheck_bin(), "fake", "-dir", k->dir, "-n", n, "-old", "700",
				      corrupt ? "-corrupt" : NULL, corrupt, NULL};
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	k->in = in[1];
	struct pollfd p = {.fd = out[0], .events = POLLIN};
	ssize_t got = 0;
	while (got < (ssize_t)sizeof(k->url) - 1 && !memchr(k->url, '\n', (size_t)got) &&
	       poll(&p, 1, 30000) == 1) {
		ssize_t m = read(out[0], k->url + got, sizeof(k->url) - 1 - (size_t)got);
		if (m <= 0)
			break;
		got += m;
	}
	close(out[0]);
	k->url[got > 0 ? got : 0] = '\0';
	k->url[strcspn(k->url, "\n")] = '\0';
	if (strncmp(k->url, "http://", 7))
		fail_msg("xcheck fake did not start");
}

static void fake_stop(struct fake *k)
{
	int st = 0;
	close(k->in);
	waitpid(k->pid, &st, 0);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* zhifa log check on the fake log KIND; returns the exit code, stderr in *ERR. */
static int check_fake(struct fx *f, struct fake *k, char **out, char **err)
{
	char key[440], old[440];
	snprintf(key, sizeof(key), "%s/vkey", k->dir);
	snprintf(old, sizeof(old), "%s/old.checkpoint", k->dir);
	return run(f, (const char *const[]){zhifa_bin(), "log", "check", "--url", k->url, "--key", key,
					    "--since", old, NULL},
		   out, err);
}

/* x/mod's log of 70,000 entries (level-2 tiles, partial tiles at every
 * level) passes zhifa log check; its proof files pass zhifa log prove. */
static void test_go_log_checked_by_zhifa(void **state)
{
	struct fx *f = *state;
	struct fake k;
	char *out = NULL, *err = NULL, key[440];
	fake_start(f, &k, "go70000", "70000", NULL);
	int rc = check_fake(f, &k, &out, &err);
	fake_stop(&k);
	if (rc)
		fail_msg("zhifa log check of the x/mod log: %s%s", out, err);
	assert_has(out, "70000 条");
	assert_has(out, "（700 条）是当前日志的前缀");
	free(out);
	free(err);
	snprintf(key, sizeof(key), "%s/vkey", k.dir);
	static const char *const idx[] = {"0", "35000", "69999"};
	for (size_t i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
		char proof[460], bare[460], entry[460];
		snprintf(proof, sizeof(proof), "%s/proof.%s", k.dir, idx[i]);
		snprintf(bare, sizeof(bare), "%s/proof-bare.%s", k.dir, idx[i]);
		snprintf(entry, sizeof(entry), "%s/entry.%s", k.dir, idx[i]);
		assert_int_equal(run(f, (const char *const[]){zhifa_bin(), "log", "prove", "--key", key,
							       proof, NULL},
				     NULL, NULL),
				 0);
		assert_int_equal(run(f, (const char *const[]){zhifa_bin(), "log", "prove", "--key", key,
							       bare, entry, NULL},
				     NULL, NULL),
				 0);
		/* Without extra line and without the entry there is nothing to prove. */
		assert_int_equal(run(f, (const char *const[]){zhifa_bin(), "log", "prove", "--key", key,
							       bare, NULL},
				     NULL, &err),
				 1);
		assert_has(err, "没有 extra 行");
		free(err);
	}
}

/* Each corruption of the x/mod log is caught by zhifa log check, naming it. */
static void test_go_log_corruptions(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *kind, *says;
	} cases[] = {
		{"tile", "第 0 层瓦片 0 与上一层瓦片中的哈希不符"},
		{"entry", "条目 0（tile/entries/000）的哈希与第 0 层瓦片中的叶子哈希不符"},
		{"sig", "当前检查点的签名无效"},
		{"fork", "日志分叉"},
		{"rollback", "日志变短了"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake k;
		char name[32], *err = NULL;
		snprintf(name, sizeof(name), "go-%s", cases[i].kind);
		fake_start(f, &k, name, "3000", cases[i].kind);
		int rc = check_fake(f, &k, NULL, &err);
		fake_stop(&k);
		if (rc != 1 || !strstr(err, cases[i].says))
			fail_msg("corruption %s: exit %d, %s", cases[i].kind, rc, err);
		free(err);
	}
}

int main(void)
{
	static struct fx f;
	f.d.setup = setup;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xcheck_accepts_log),
		cmocka_unit_test(test_log_check_accepts_log),
		cmocka_unit_test(test_log_check_rejects_other_key),
		cmocka_unit_test(test_log_prove),
		cmocka_unit_test(test_go_log_checked_by_zhifa),
		cmocka_unit_test(test_go_log_corruptions),
		cmocka_unit_test(test_log_check_detects_rollback),
		cmocka_unit_test(test_log_check_detects_changed_rows),
	};
	return demo_run_tests(tests, &f.d);
}
