/* Integration tests of zhifa evidence verify and zhifa log verify on a demo database holding evidence: clean, then one flipped byte in a stored file, then an evidence row edited by SQL. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/app.h"
#include "app/evidence.h"
#include "blob/blob.h"
#include "harness.h"
#include "store/db.h"

#define FILENAME "现场检查记录仪.mp4"

struct fx {
	struct demo d;            /* first: the tests' state points at it */
	char case_no[128];
	char sha256[65];
	char blob_path[1024];
};

/* The data folder of the server of D. */
static void data_dir(struct demo *d, char *out, size_t n)
{
	if (d->s.data[0])
		snprintf(out, n, "%s", d->s.data);
	else
		snprintf(out, n, "%s/zhifa.data", d->s.dir);
}

/* Reads a text column of the first row of SQL with the integer ARG into OUT. */
static int text_of(struct zf_db *db, const char *sql, int64_t arg, char *out, size_t n)
{
	struct zf_stmt *st = NULL;
	struct zf_err err = {0};
	int rc = zf_db_prepare(db, &st, sql, &err);

	if (rc)
		return rc;
	if (arg)
		zf_stmt_bind_i64(st, 1, arg);
	rc = zf_stmt_step(st, &err) == ZF_DB_ROW ? 0 : -1;
	if (!rc)
		snprintf(out, n, "%s", zf_stmt_text(st, 0) ? zf_stmt_text(st, 0) : "");
	zf_stmt_done(st);
	return rc;
}

/* Attaches a short video made by ffmpeg to the first demo case with a
 * step, as the command line, through the application itself. */
static int setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	char dir[400], media[512], cmd[1024], step[64], upload[33] = "00000000000000000000000000000e01";
	struct zf_app *app = NULL;
	struct zf_blob_writer *w = NULL;
	struct zf_blob_digest dg;
	struct zf_err err = {0};
	struct zf_db *db = NULL;
	ssize_t got;
	int fd, rc;

	data_dir(d, dir, sizeof(dir));
	snprintf(media, sizeof(media), "%s/v.mp4", d->s.dir);
	snprintf(cmd, sizeof(cmd),
		 "ffmpeg -nostdin -loglevel error -y -f lavfi "
		 "-i testsrc=duration=1:size=160x120:rate=10 -c:v libx264 -pix_fmt yuv420p '%s'",
		 media);
	if (system(cmd) != 0 || zf_app_open(&app, d->s.db, dir, 2, &err))
		return -1;
	long case_id = db_scalar(&d->s, "SELECT MIN(case_id) FROM case_step");
	long officer = db_scalar(&d->s, "SELECT MIN(o.officer_id) FROM case_officer o WHERE "
					"o.recused = 0 AND o.case_id = (SELECT MIN(case_id) FROM case_step)");
	long account = db_scalar(&d->s, "SELECT MIN(id) FROM account");
	long body = db_scalar(&d->s, "SELECT MIN(body_id) FROM cases WHERE id = (SELECT MIN(case_id) FROM case_step)");
	if (case_id <= 0 || officer <= 0 || account <= 0 || body <= 0 ||
	    zf_db_open(&db, d->s.db, 0, &err) ||
	    text_of(db, "SELECT code FROM case_step WHERE case_id = ? ORDER BY id", case_id, step,
		    sizeof(step)) ||
	    text_of(db, "SELECT case_no FROM cases WHERE id = ?", case_id, f->case_no,
		    sizeof(f->case_no)))
		goto fail;
	if ((fd = open(media, O_RDONLY)) < 0 || zf_blob_writer_new(app->blobs, ZF_BLOB_SHA256, &w, &err))
		goto fail;
	while ((got = read(fd, cmd, sizeof(cmd))) > 0)
		zf_blob_write(w, cmd, (size_t)got, &err);
	close(fd);
	if (zf_blob_commit(w, &dg, &err) ||
	    zf_blob_local_path(app->blobs, dg.sha256, f->blob_path, sizeof(f->blob_path), &err))
		goto fail;
	snprintf(f->sha256, sizeof(f->sha256), "%s", dg.sha256);
	char len[32], acc[32], bod[32];
	snprintf(len, sizeof(len), "%llu", (unsigned long long)dg.size);
	snprintf(acc, sizeof(acc), "%ld", account);
	snprintf(bod, sizeof(bod), "%ld", body);
	if (db_exec_args(&d->s,
			 "INSERT INTO upload (id, body_id, account_id, filename, length, received, "
			 "state, sha256, created_at, updated_at, expires_at) VALUES (?, "
			 "CAST(? AS INTEGER), CAST(? AS INTEGER), ?, CAST(? AS INTEGER), "
			 "CAST(? AS INTEGER), 'complete', ?, 1, 1, 4000000000)",
			 upload, bod, acc, FILENAME, len, len, dg.sha256, NULL))
		goto fail;
	int64_t offs[] = {officer}, id = 0;
	int64_t now = zf_clock_now(&app->clock);
	struct zf_evidence_input in = {
		.upload_id = upload, .case_id = case_id, .step_code = step, .kind = ZF_EV_VIDEO,
		.officer_ids = offs, .nofficers = 1, .captured_from = now - 600,
		.captured_to = now - 60, .place = "某路口",
	};
	struct zf_actor cli;
	zf_actor_cli(&cli);
	if ((rc = zf_app_evidence_attach(app, &cli, &in, &id, &err)))
		fprintf(stderr, "attach: %s (%s)\n", err.msg, err.nfields ? err.fields[0].msg : "");
	zf_db_close(db);
	zf_app_close(app);
	return rc ? -1 : 0;
fail:
	fprintf(stderr, "evidence setup: %s\n", err.msg);
	zf_db_close(db);
	zf_app_close(app);
	return -1;
}

/* Runs zhifa ARGS on the server's database; the output into *OUT. */
static int run(struct fx *f, char **out, const char *const *args)
{
	*out = NULL;
	return srv_cli(&f->d.s, NULL, out, args);
}

static void test_verify_clean_then_flipped(void **state)
{
	struct fx *f = *state;
	static const char *const verify[] = {"evidence", "verify", "--all", NULL};
	static const char *const logv[] = {"log", "verify", NULL};
	char *out = NULL;

	assert_int_equal(run(f, &out, verify), 0);
	assert_non_null(strstr(out, "证据校验通过"));
	free(out);
	assert_int_equal(run(f, &out, logv), 0);
	free(out);
	/* one flipped byte */
	assert_int_equal(chmod(f->blob_path, 0640), 0);
	int fd = open(f->blob_path, O_RDWR);
	unsigned char b = 0;
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &b, 1, 200), 1);
	b ^= 0x80;
	assert_int_equal(pwrite(fd, &b, 1, 200), 1);
	close(fd);
	assert_int_equal(run(f, &out, verify), 1);
	assert_non_null(strstr(out, FILENAME));
	assert_non_null(strstr(out, f->case_no));
	assert_non_null(strstr(out, f->sha256));
	assert_non_null(strstr(out, "SHA-256"));
	free(out);
	b ^= 0x80; /* put it back */
	fd = open(f->blob_path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, &b, 1, 200), 1);
	close(fd);
	assert_int_equal(run(f, &out, verify), 0);
	free(out);
}

static void test_log_verify_reports_edited_row(void **state)
{
	struct fx *f = *state;
	static const char *const logv[] = {"log", "verify", NULL};
	char *out = NULL;

	/* The server integrates what the setup logged first: log verify then
	 * compares settled rows and reports the edited one. */
	for (int i = 0; db_scalar_args(&f->d.s, "SELECT count(*) FROM log_pending", NULL) > 0; i++) {
		if (i > 300)
			fail_msg("the log kept entries pending for 15 s");
		usleep(50000);
	}
	assert_int_equal(db_exec_sql(&f->d.s, "UPDATE evidence SET filename = 'other.mp4'"), 0);
	int rc = run(f, &out, logv);
	if (rc != 1 || !strstr(out, "evidence id=") || !strstr(out, "filename"))
		fail_msg("log verify answered %d: %s", rc, out ? out : "(nothing)");
	free(out);
}

int main(void)
{
	static struct fx f = {.d = {.setup = setup}};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify_clean_then_flipped),
		cmocka_unit_test(test_log_verify_reports_edited_row),
	};
	return demo_run_tests(tests, &f.d);
}
