/* Unit tests of store/backup.c: the verified SQLite backup file and the copy of the data folder. */
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

#include "store/backup.h"
#include "store/db.h"
#include "store/schema.h"
#include "unit.h"

struct bfx {
	struct zf_arena *a; /* first: arena_fixture_new fills it */
	char dir[64];
	struct zf_err err;
};

static int setup(void **state)
{
	struct bfx *b;
	if (arena_fixture_new(state, sizeof(struct bfx)))
		return -1;
	b = *state;
	snprintf(b->dir, sizeof(b->dir), "/tmp/zf-backup-XXXXXX");
	return mkdtemp(b->dir) ? 0 : -1;
}

static int teardown(void **state)
{
	struct bfx *b = *state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", b->dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", b->dir);
	return arena_fixture_free(state);
}

static void path(const struct bfx *b, const char *name, char *out, size_t n)
{
	assert_true(snprintf(out, n, "%s/%s", b->dir, name) < (int)n);
}

static void write_file(const char *p, const char *text, mode_t mode)
{
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(p, mode), 0);
}

static void read_file(const char *p, char *out, size_t n)
{
	FILE *f = fopen(p, "r");
	assert_non_null(f);
	size_t k = fread(out, 1, n - 1, f);
	out[k] = '\0';
	fclose(f);
}

/* Names FROM (x.data, made, with a file "key") and TO (y.data, absent). */
static void make_data(struct bfx *b, char *from, char *to, size_t n)
{
	char p[200];
	path(b, "x.data", from, n);
	path(b, "y.data", to, n);
	assert_int_equal(mkdir(from, 0700), 0);
	snprintf(p, sizeof(p), "%s/key", from);
	write_file(p, "密钥 key\n", 0600);
}

/* A data folder with a nested folder, modes and a link is copied as it is. */
static void test_copy_dir(void **state)
{
	struct bfx *b = *state;
	char from[128], to[128], p[200], text[64], link[64];
	struct stat st;
	int64_t files = 0;
	make_data(b, from, to, sizeof(from));
	snprintf(p, sizeof(p), "%s/checkpoints", from);
	assert_int_equal(mkdir(p, 0750), 0);
	snprintf(p, sizeof(p), "%s/checkpoints/1", from);
	write_file(p, "checkpoint 1\n", 0644);
	snprintf(p, sizeof(p), "%s/latest", from);
	assert_int_equal(symlink("checkpoints/1", p), 0);

	assert_int_equal(zf_store_copy_dir(from, to, &files, &b->err), 0);
	assert_int_equal(files, 2);
	snprintf(p, sizeof(p), "%s/key", to);
	read_file(p, text, sizeof(text));
	assert_string_equal(text, "密钥 key\n");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat(to, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	snprintf(p, sizeof(p), "%s/checkpoints", to);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0750);
	snprintf(p, sizeof(p), "%s/latest", to);
	ssize_t k = readlink(p, link, sizeof(link) - 1);
	assert_true(k > 0);
	link[k] = '\0';
	assert_string_equal(link, "checkpoints/1");
	read_file(p, text, sizeof(text));
	assert_string_equal(text, "checkpoint 1\n");
	snprintf(p, sizeof(p), "%s.partial", to);
	assert_int_not_equal(lstat(p, &st), 0);

	/* Never over an existing folder; a missing source is named. */
	assert_int_equal(zf_store_copy_dir(from, to, NULL, &b->err), ZF_ECONFLICT);
	path(b, "none.data", p, sizeof(p));
	assert_int_equal(zf_store_copy_dir(p, from, NULL, &b->err), ZF_ENOTFOUND);
}

/* A file that is neither regular, folder nor link stops the copy and leaves nothing behind. */
static void test_copy_dir_refuses_special(void **state)
{
	struct bfx *b = *state;
	char from[128], to[128], p[200];
	struct stat st;
	make_data(b, from, to, sizeof(from));
	snprintf(p, sizeof(p), "%s/fifo", from);
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(zf_store_copy_dir(from, to, NULL, &b->err), ZF_ERROR);
	assert_non_null(strstr(b->err.msg, "fifo"));
	assert_int_not_equal(lstat(to, &st), 0);
	snprintf(p, sizeof(p), "%s.partial", to);
	assert_int_not_equal(lstat(p, &st), 0);
}

/* Makes a migrated database with one body in DIR/NAME. */
static void make_db(struct bfx *b, const char *name, char *out, size_t n)
{
	struct zf_db *db = NULL;
	path(b, name, out, n);
	assert_int_equal(zf_db_open(&db, out, 1, &b->err), 0);
	assert_int_equal(zf_store_migrate(db, NULL, &b->err), 0);
	assert_int_equal(zf_db_exec(db, "INSERT INTO body (name, uscc, created_at, updated_at) "
					"VALUES ('县司法局', '11330000002482022R', 1, 1)", &b->err),
			 0);
	zf_db_close(db);
}

/* The backup is one self-contained file with the same rows, verified. */
static void test_backup(void **state)
{
	struct bfx *b = *state;
	struct zf_backup_report rep;
	char db[128], to[128], p[200];
	unsigned char header[20];
	struct zf_db *h = NULL;
	struct zf_stmt *st = NULL;
	struct stat s;
	int64_t rows = 0;
	make_db(b, "x.db", db, sizeof(db));
	path(b, "b.db", to, sizeof(to));
	assert_int_equal(zf_store_backup(db, to, 1, b->a, &rep, &b->err), 0);
	assert_true(rep.pages > 1);
	assert_int_equal(stat(to, &s), 0);
	assert_int_equal(rep.bytes, s.st_size);
	int body = 0;
	for (size_t i = 0; i < rep.n; i++)
		if (!strcmp(rep.tables[i].name, "body")) {
			body = 1;
			assert_int_equal(rep.tables[i].rows, 1);
		}
	assert_true(body);
	/* Bytes 18 and 19 of the header: 1 = rollback journal, 2 = WAL. */
	FILE *f = fopen(to, "rb");
	assert_non_null(f);
	assert_int_equal(fread(header, 1, sizeof(header), f), sizeof(header));
	fclose(f);
	assert_int_equal(header[18], 1);
	assert_int_equal(header[19], 1);
	snprintf(p, sizeof(p), "%s.partial", to);
	assert_int_not_equal(lstat(p, &s), 0);
	/* It opens as a zhifa database with the row. */
	assert_int_equal(zf_db_open(&h, to, 0, &b->err), 0);
	assert_int_equal(zf_db_prepare(h, &st, "SELECT count(*) FROM body WHERE name = '县司法局'", &b->err), 0);
	assert_int_equal(zf_stmt_one_i64(st, &rows, &b->err), 0);
	assert_int_equal(rows, 1);
	zf_db_close(h);
}

static void test_backup_refuses(void **state)
{
	struct bfx *b = *state;
	struct zf_backup_report rep;
	char db[128], to[128], p[200];
	struct stat s;
	make_db(b, "x.db", db, sizeof(db));
	path(b, "b.db", to, sizeof(to));
	write_file(to, "not a database", 0600);
	assert_int_equal(zf_store_backup(db, to, 0, b->a, &rep, &b->err), ZF_ECONFLICT);
	assert_int_equal(stat(to, &s), 0);
	assert_int_equal(s.st_size, 14);
	assert_int_equal(zf_store_backup("postgresql://zhifa@127.0.0.1/zhifa", db, 0, b->a, &rep, &b->err),
			 ZF_EINVAL);
	assert_non_null(strstr(b->err.msg, "pg_dump"));
	path(b, "none.db", p, sizeof(p));
	path(b, "c.db", to, sizeof(to));
	assert_int_equal(zf_store_backup(p, to, 0, b->a, &rep, &b->err), ZF_ENOTFOUND);
	assert_int_not_equal(lstat(to, &s), 0);
	/* A file that is not a database fails the backup and leaves nothing. */
	path(b, "junk.db", p, sizeof(p));
	write_file(p, "this is not a SQLite database, only some text of sufficient length", 0600);
	assert_int_not_equal(zf_store_backup(p, to, 0, b->a, &rep, &b->err), 0);
	assert_int_not_equal(lstat(to, &s), 0);
	snprintf(p, sizeof(p), "%s.partial", to);
	assert_int_not_equal(lstat(p, &s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_dir),
		cmocka_unit_test(test_copy_dir_refuses_special),
		cmocka_unit_test(test_backup),
		cmocka_unit_test(test_backup_refuses),
	};
	return run_fresh(tests, setup, teardown);
}
