/* Integration tests of zhifa backup: a verified copy taken while the server writes, which serves the same answers. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "harness.h"

#define WRITES 40 /* officers added through the API while the first backup runs */

struct fx {
	struct demo d;       /* first: the tests' state points at it */
	char registrar[128]; /* API token of registrar1 */
};

/* A writer thread: adds WRITES officers through the API with its own client. */
struct writer {
	struct fx *f;
	int created; /* answers 201 */
};

static int setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	if (make_token(&d->s, "registrar1", f->registrar, sizeof(f->registrar))) {
		fprintf(stderr, "zhifa token add failed\n");
		return -1;
	}
	return 0;
}

/* 1 when the suite serves PostgreSQL (ZF_TEST_PG): zhifa backup refuses it. */
static int on_pg(const struct fx *f)
{
	return strncmp(f->d.s.db, "postgres", 8) == 0;
}

static void path_in(const struct fx *f, const char *name, char *out, size_t n)
{
	assert_true(snprintf(out, n, "%s/%s", f->d.s.dir, name) < (int)n);
}

static void *write_officers(void *arg)
{
	struct writer *w = arg;
	struct client cl;
	client_init(&cl, &w->f->d.s);
	for (int i = 0; i < WRITES; i++) {
		char body[512];
		struct resp r;
		snprintf(body, sizeof(body),
			 "{\"body_id\":1,\"name\":\"备份测试%d\",\"cert_no\":\"BK-%04d\","
			 "\"issuer\":\"陵川县人民政府\",\"domains\":\"旅游市场\","
			 "\"valid_from\":\"2025-01-01\",\"valid_to\":\"2035-12-31\"}",
			 i, i);
		if (client_json(&cl, "POST", "/api/v1/officers", body, w->f->registrar, NULL, &r) == 0 &&
		    r.status == 201)
			w->created++;
		resp_free(&r);
	}
	client_free(&cl);
	return NULL;
}

/* Runs zhifa backup of the server's database into NAME in its folder. */
static int backup(struct fx *f, const char *name, const char *step, char **out)
{
	char to[400];
	path_in(f, name, to, sizeof(to));
	return srv_cli(&f->d.s, NULL, out,
		       (const char *const[]){"backup", "--to", to, "--step", step, NULL});
}

/* The backup of a database that is being written is whole: it passes its own
 * checks, holds the rows of one moment (between before and after the writes),
 * and carries the data folder. */
static void test_backup_while_writing(void **state)
{
	struct fx *f = *state;
	struct writer w = {.f = f};
	pthread_t t;
	char marker[400], copied[400], *out = NULL;
	struct srv b = {0};
	FILE *fp;

	if (on_pg(f)) {
		assert_int_not_equal(backup(f, "pg.db", "1", NULL), 0);
		return;
	}
	/* Something of zhifa's own in the data folder (a stand-in for the log key). */
	path_in(f, "zhifa.data/marker", marker, sizeof(marker));
	assert_non_null(fp = fopen(marker, "w"));
	fputs("标记 marker\n", fp);
	fclose(fp);

	long before = scalar(&f->d, "SELECT count(*) FROM officer");
	assert_int_equal(pthread_create(&t, NULL, write_officers, &w), 0);
	/* One page per step: the backup takes many steps while the writes go on. */
	int rc = backup(f, "during.db", "1", &out);
	pthread_join(t, NULL);
	assert_int_equal(rc, 0);
	assert_has(out, "完整性检查");
	assert_has(out, "已复制数据目录");
	free(out);
	assert_int_equal(w.created, WRITES);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM officer"), before + WRITES);

	path_in(f, "during.db", b.db, sizeof(b.db));
	/* A self-contained file with a rollback journal, not WAL: bytes 18 and 19
	 * of the header are 1 (read before anything opens it as a database). */
	unsigned char header[20];
	assert_non_null(fp = fopen(b.db, "rb"));
	assert_int_equal(fread(header, 1, sizeof(header), fp), sizeof(header));
	fclose(fp);
	assert_int_equal(header[18], 1);
	assert_int_equal(header[19], 1);
	long in_backup = db_scalar(&b, "SELECT count(*) FROM officer");
	assert_in_range(in_backup, before, before + WRITES);
	/* Every officer in the backup has its history row: one snapshot. */
	assert_int_equal(db_scalar(&b, "SELECT count(*) FROM history WHERE entity = 'officer' AND "
				       "action = 'officer_create'"),
			 in_backup);
	path_in(f, "during.data/marker", copied, sizeof(copied));
	char line[64] = "";
	assert_non_null(fp = fopen(copied, "r"));
	assert_non_null(fgets(line, sizeof(line), fp));
	fclose(fp);
	assert_string_equal(line, "标记 marker\n");
}

/* GETs PATH from server S into R (status 200). */
static void get_ok(struct srv *s, const char *path, struct resp *r)
{
	struct client cl;
	client_init(&cl, s);
	assert_int_equal(client_get(&cl, path, r), 0);
	client_free(&cl);
	if (r->status != 200)
		fail_msg("GET %s%s: %ld\n%.400s", s->base, path, r->status, r->body);
}

/* A backup opens and serves the same bytes as the database it was taken from. */
static void test_backup_serves_same(void **state)
{
	static const char *const paths[] = {"/api/v1/officers", "/api/v1/bodies",
					    "/api/v1/certificates/14052400101"};
	struct fx *f = *state;
	struct srv b;
	char db[400];
	char *out = NULL;

	if (on_pg(f)) {
		printf("# backup of PostgreSQL is refused (first test): nothing to serve\n");
		return;
	}
	assert_int_equal(backup(f, "same.db", "64", &out), 0);
	free(out);
	path_in(f, "same.db", db, sizeof(db));
	assert_int_equal(srv_serve(&b, db, NULL), 0);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct resp live, copy;
		get_ok(&f->d.s, paths[i], &live);
		get_ok(&b, paths[i], &copy);
		if (live.len != copy.len || memcmp(live.body, copy.body, live.len))
			fail_msg("%s differs:\n%.300s\n---\n%.300s", paths[i], live.body, copy.body);
		resp_free(&live);
		resp_free(&copy);
	}
	assert_int_equal(srv_stop(&b), 0);
}

/* An existing target is never overwritten; PostgreSQL is refused with the way to back it up. */
static void test_backup_refuses(void **state)
{
	struct fx *f = *state;
	char to[400], log[400], *text = NULL;
	struct stat before, after;
	FILE *fp;

	if (!on_pg(f)) {
		assert_int_equal(backup(f, "twice.db", "64", NULL), 0);
		path_in(f, "twice.db", to, sizeof(to));
		assert_int_equal(stat(to, &before), 0);
		assert_int_not_equal(backup(f, "twice.db", "64", NULL), 0);
		assert_int_equal(stat(to, &after), 0);
		assert_int_equal(before.st_ino, after.st_ino);
		assert_int_equal(before.st_size, after.st_size);
	}
	path_in(f, "pg-refusal.log", log, sizeof(log));
	path_in(f, "pg.db", to, sizeof(to));
	assert_int_not_equal(cli_run((const char *const[]){"backup", "--db",
				     "postgresql://zhifa@127.0.0.1:1/zhifa", "--to", to, NULL},
				     NULL, log),
			     0);
	assert_int_not_equal(stat(to, &after), 0);
	assert_non_null(fp = fopen(log, "r"));
	size_t cap = 4096, n;
	assert_non_null(text = calloc(1, cap));
	n = fread(text, 1, cap - 1, fp);
	fclose(fp);
	text[n] = '\0';
	assert_has(text, "pg_dump");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backup_while_writing),
		cmocka_unit_test(test_backup_serves_same),
		cmocka_unit_test(test_backup_refuses),
	};
	struct fx f = {.d = {.setup = setup}};
	return demo_run_tests(tests, &f.d);
}
