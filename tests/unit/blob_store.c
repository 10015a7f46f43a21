/* Unit tests of blob/: digests (SHA-256 and SM3 vectors), the content-addressed store (commit, dedupe, verify, names) and partial uploads (marks, rollback, holds and rehash across processes). */
#include <setjmp.h>
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

#include "blob/blob.h"
#include "unit.h"

#define ID1 "0123456789abcdef0123456789abcdef"

struct bfx {
	char dir[64];
	struct zf_blob_store *s;
	struct zf_err err;
};

static int setup(void **state)
{
	struct bfx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/zf-blob-XXXXXX");
	if (!mkdtemp(f->dir) || zf_blob_open_local(f->dir, &f->s, &f->err) != 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct bfx *f = *state;
	char cmd[128];

	zf_blob_close(f->s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd))
		return -1;
	free(f);
	return 0;
}

/* A deterministic pattern of N bytes. */
static unsigned char *pattern(size_t n)
{
	unsigned char *p = malloc(n);

	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)((i * 131 + i / 977) & 0xff);
	return p;
}

static void test_vectors(void **state)
{
	struct zf_blob_digest d;

	(void)state;
	assert_int_equal(zf_blob_digest_mem("abc", 3, ZF_BLOB_SHA256 | ZF_BLOB_SM3, &d), 0);
	assert_string_equal(d.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_string_equal(d.sm3, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
	assert_int_equal(d.size, 3);
	assert_int_equal(zf_blob_digest_mem("", 0, ZF_BLOB_SHA256, &d), 0);
	assert_string_equal(d.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_string_equal(d.sm3, "");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	assert_int_equal(zf_blob_digest_mem(two, strlen(two), ZF_BLOB_SHA256, &d), 0);
	assert_string_equal(d.sha256, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* Writes N bytes of P as a blob (in pieces of 1000) and returns its digests. */
static void put(struct bfx *f, const unsigned char *p, size_t n, struct zf_blob_digest *d)
{
	struct zf_blob_writer *w;

	assert_int_equal(zf_blob_writer_new(f->s, ZF_BLOB_SHA256 | ZF_BLOB_SM3, &w, &f->err), 0);
	for (size_t off = 0; off < n; off += 1000)
		assert_int_equal(zf_blob_write(w, p + off, n - off < 1000 ? n - off : 1000, &f->err), 0);
	assert_int_equal(zf_blob_commit(w, d, &f->err), 0);
}

static void test_commit_dedupe_verify(void **state)
{
	struct bfx *f = *state;
	size_t n = 300000;
	unsigned char *p = pattern(n);
	struct zf_blob_digest d, m, d2, v;
	char path[256], tmpdir[128];
	struct stat st;
	uint64_t size;
	int fd;

	put(f, p, n, &d);
	assert_int_equal(zf_blob_digest_mem(p, n, ZF_BLOB_SHA256 | ZF_BLOB_SM3, &m), 0);
	assert_string_equal(d.sha256, m.sha256);
	assert_string_equal(d.sm3, m.sm3);
	assert_int_equal(d.size, n);
	assert_int_equal(zf_blob_exists(f->s, d.sha256), 1);

	/* stored under sha256/ab/cd/<hex>, read-only */
	snprintf(path, sizeof(path), "%s/sha256/%.2s/%.2s/%s", f->dir, d.sha256, d.sha256 + 2, d.sha256);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0440);
	char lp[256];
	assert_int_equal(zf_blob_local_path(f->s, d.sha256, lp, sizeof(lp), &f->err), 0);
	assert_string_equal(lp, path);

	/* same bytes again: same name, one file, tmp/ left empty */
	put(f, p, n, &d2);
	assert_string_equal(d2.sha256, d.sha256);
	snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", f->dir);
	assert_int_equal(rmdir(tmpdir), 0); /* empty */
	assert_int_equal(mkdir(tmpdir, 0750), 0);

	assert_int_equal(zf_blob_open_fd(f->s, d.sha256, &fd, &size, &f->err), 0);
	assert_int_equal(size, n);
	close(fd);

	assert_int_equal(zf_blob_verify(f->s, d.sha256, ZF_BLOB_SHA256 | ZF_BLOB_SM3, &v, &f->err), 0);
	assert_string_equal(v.sm3, m.sm3);
	assert_int_equal(v.size, n);

	/* one flipped byte is found and the blob named */
	assert_int_equal(chmod(path, 0640), 0);
	FILE *fp = fopen(path, "r+b");
	assert_non_null(fp);
	fseek(fp, 123456, SEEK_SET);
	fputc(p[123456] ^ 1, fp);
	fclose(fp);
	assert_int_equal(zf_blob_verify(f->s, d.sha256, ZF_BLOB_SHA256, &v, &f->err), ZF_EINTEGRITY);
	assert_non_null(strstr(f->err.msg, d.sha256));
	free(p);
}

static void test_missing_and_names(void **state)
{
	struct bfx *f = *state;
	struct zf_blob_digest v;
	const char *absent = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	char buf[256];
	uint64_t size;
	int fd;

	assert_int_equal(zf_blob_exists(f->s, absent), 0);
	assert_int_equal(zf_blob_open_fd(f->s, absent, &fd, &size, &f->err), ZF_ENOTFOUND);
	assert_int_equal(zf_blob_verify(f->s, absent, ZF_BLOB_SHA256, &v, &f->err), ZF_ENOTFOUND);
	const char *bad[] = {"", "abc", "../../etc/passwd",
			     "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
			     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85/",
			     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(zf_blob_exists(f->s, bad[i]), 0);
		assert_int_equal(zf_blob_open_fd(f->s, bad[i], &fd, &size, &f->err), ZF_EINVAL);
		assert_int_equal(zf_blob_local_path(f->s, bad[i], buf, sizeof(buf), &f->err), ZF_EINVAL);
	}
	assert_int_equal(zf_blob_part_create(f->s, "../x", &f->err), ZF_EINVAL);
	assert_int_equal(zf_blob_part_create(f->s, "0123456789ABCDEF0123456789ABCDEF", &f->err),
			 ZF_EINVAL);
	assert_int_equal(zf_blob_part_remove(f->s, "abc", &f->err), ZF_EINVAL);
}

static void test_writer_limit(void **state)
{
	struct bfx *f = *state;
	struct zf_blob_writer *w;

	assert_int_equal(zf_blob_writer_new(f->s, ZF_BLOB_SHA256, &w, &f->err), 0);
	zf_blob_writer_limit(w, 10);
	assert_int_equal(zf_blob_write(w, "0123456789", 10, &f->err), 0);
	assert_int_equal(zf_blob_write(w, "x", 1, &f->err), ZF_ETOOBIG);
	zf_blob_abort(w);
}

static void test_store_id(void **state)
{
	struct bfx *f = *state;
	struct zf_blob_store *again;
	char a[33], b[33];

	assert_int_equal(zf_blob_store_id(f->s, a, &f->err), 0);
	assert_int_equal(strlen(a), 32);
	assert_int_equal(zf_blob_open_local(f->dir, &again, &f->err), 0);
	assert_int_equal(zf_blob_store_id(again, b, &f->err), 0);
	assert_string_equal(a, b);
	zf_blob_close(again);
}

static void test_part_chunks(void **state)
{
	struct bfx *f = *state;
	size_t n = 500000;
	unsigned char *p = pattern(n);
	struct zf_blob_part *h, *busy;
	struct zf_blob_digest d, m;
	uint64_t size;

	assert_int_equal(zf_blob_part_create(f->s, ID1, &f->err), 0);
	assert_int_equal(zf_blob_part_create(f->s, ID1, &f->err), ZF_ECONFLICT);
	assert_int_equal(zf_blob_part_open(f->s, "ffffffffffffffffffffffffffffffff", 0, ZF_BLOB_SHA256,
					   &h, &f->err), ZF_ENOTFOUND);
	assert_int_equal(zf_blob_part_open(f->s, ID1, 5, ZF_BLOB_SHA256, &h, &f->err), ZF_ECONFLICT);
	assert_int_equal(zf_blob_part_open(f->s, ID1, 0, ZF_BLOB_SHA256 | ZF_BLOB_SM3, &h, &f->err), 0);
	/* a second hold in the same process is refused */
	assert_int_equal(zf_blob_part_open(f->s, ID1, 0, ZF_BLOB_SHA256, &busy, &f->err), ZF_EBUSY);

	zf_blob_part_mark(h);
	assert_int_equal(zf_blob_part_write(h, p, 200000, &f->err), 0);
	assert_int_equal(zf_blob_part_sync(h, &size, &f->err), 0);
	assert_int_equal(size, 200000);
	/* a bad chunk: written, then rolled back */
	zf_blob_part_mark(h);
	assert_int_equal(zf_blob_part_write(h, "garbage", 7, &f->err), 0);
	assert_int_equal(zf_blob_part_rollback(h, &f->err), 0);
	assert_int_equal(zf_blob_part_sync(h, &size, &f->err), 0);
	assert_int_equal(size, 200000);
	zf_blob_part_close(h);

	/* resumed in this process (cached digests); unacknowledged bytes cut off */
	assert_int_equal(zf_blob_part_open(f->s, ID1, 200000, ZF_BLOB_SHA256 | ZF_BLOB_SM3, &h, &f->err), 0);
	assert_int_equal(zf_blob_part_write(h, p + 200000, 100000, &f->err), 0);
	zf_blob_part_close(h);
	assert_int_equal(zf_blob_part_open(f->s, ID1, 200000, ZF_BLOB_SHA256 | ZF_BLOB_SM3, &h, &f->err), 0);
	assert_int_equal(zf_blob_part_write(h, p + 200000, n - 200000, &f->err), 0);
	assert_int_equal(zf_blob_part_finish(h, &d, &f->err), 0);

	assert_int_equal(zf_blob_digest_mem(p, n, ZF_BLOB_SHA256 | ZF_BLOB_SM3, &m), 0);
	assert_string_equal(d.sha256, m.sha256);
	assert_string_equal(d.sm3, m.sm3);
	assert_int_equal(d.size, n);
	assert_int_equal(zf_blob_verify(f->s, d.sha256, ZF_BLOB_SHA256, &m, &f->err), 0);
	/* the part is gone once finished */
	assert_int_equal(zf_blob_part_open(f->s, ID1, 0, ZF_BLOB_SHA256, &h, &f->err), ZF_ENOTFOUND);
	assert_int_equal(zf_blob_part_remove(f->s, ID1, &f->err), 0);
	free(p);
}

/* Runs FN(F, ARG) in a child process; returns its exit status. */
static int in_child(struct bfx *f, int (*fn)(struct bfx *, const void *), const void *arg)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct zf_blob_store *own;
		struct bfx child = *f;
		/* the child opens its own store: nothing cached from the parent */
		if (zf_blob_open_local(f->dir, &own, &child.err) != 0)
			_exit(90);
		child.s = own;
		_exit(fn(&child, arg));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int child_finish(struct bfx *f, const void *arg)
{
	const unsigned char *p = arg;
	struct zf_blob_part *h;
	struct zf_blob_digest d, m;

	/* the prefix [0, 250000) was written by the parent: it is rehashed here */
	if (zf_blob_part_open(f->s, ID1, 250000, ZF_BLOB_SHA256 | ZF_BLOB_SM3, &h, &f->err) != 0)
		return 1;
	if (zf_blob_part_write(h, p + 250000, 150000, &f->err) != 0 ||
	    zf_blob_part_finish(h, &d, &f->err) != 0)
		return 2;
	zf_blob_digest_mem(p, 400000, ZF_BLOB_SHA256 | ZF_BLOB_SM3, &m);
	if (strcmp(d.sha256, m.sha256) != 0 || strcmp(d.sm3, m.sm3) != 0 || d.size != 400000)
		return 3;
	return 0;
}

static int child_try_hold(struct bfx *f, const void *arg)
{
	struct zf_blob_part *h;
	int rc = zf_blob_part_open(f->s, ID1, *(const uint64_t *)arg, ZF_BLOB_SHA256, &h, &f->err);

	if (rc == 0)
		zf_blob_part_close(h);
	return rc == ZF_EBUSY ? 10 : rc == 0 ? 0 : 20;
}

static void test_part_other_process(void **state)
{
	struct bfx *f = *state;
	unsigned char *p = pattern(400000);
	struct zf_blob_part *h;
	uint64_t size = 0, zero = 0;

	assert_int_equal(zf_blob_part_create(f->s, ID1, &f->err), 0);
	assert_int_equal(zf_blob_part_open(f->s, ID1, 0, ZF_BLOB_SHA256, &h, &f->err), 0);
	/* held here: another process is told busy */
	assert_int_equal(in_child(f, child_try_hold, &zero), 10);
	assert_int_equal(zf_blob_part_write(h, p, 250000, &f->err), 0);
	/* bytes beyond the durable offset that the child must cut */
	assert_int_equal(zf_blob_part_sync(h, &size, &f->err), 0);
	assert_int_equal(zf_blob_part_write(h, "tail that was never acknowledged", 32, &f->err), 0);
	zf_blob_part_close(h);
	assert_int_equal(in_child(f, child_try_hold, &size), 0);
	assert_int_equal(in_child(f, child_finish, p), 0);
	/* and this process sees the blob the child stored */
	struct zf_blob_digest m;
	assert_int_equal(zf_blob_digest_mem(p, 400000, ZF_BLOB_SHA256, &m), 0);
	assert_int_equal(zf_blob_exists(f->s, m.sha256), 1);
	free(p);
}

static void test_part_stale_cache(void **state)
{
	struct bfx *f = *state;
	struct zf_blob_part *h;
	struct zf_blob_digest d, m;

	/* cached at size 6 by this process, then rewritten to size 6 with other
	 * bytes: the cache must not be trusted */
	assert_int_equal(zf_blob_part_create(f->s, ID1, &f->err), 0);
	assert_int_equal(zf_blob_part_open(f->s, ID1, 0, ZF_BLOB_SHA256, &h, &f->err), 0);
	assert_int_equal(zf_blob_part_write(h, "aaaaaa", 6, &f->err), 0);
	zf_blob_part_close(h);
	char path[128];
	snprintf(path, sizeof(path), "%s/partial/%s", f->dir, ID1);
	usleep(20000);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs("bbbbbb", fp);
	fclose(fp);
	assert_int_equal(zf_blob_part_open(f->s, ID1, 6, ZF_BLOB_SHA256, &h, &f->err), 0);
	assert_int_equal(zf_blob_part_finish(h, &d, &f->err), 0);
	assert_int_equal(zf_blob_digest_mem("bbbbbb", 6, ZF_BLOB_SHA256, &m), 0);
	assert_string_equal(d.sha256, m.sha256);
}

static void test_part_remove(void **state)
{
	struct bfx *f = *state;
	struct zf_blob_part *h;

	assert_int_equal(zf_blob_part_create(f->s, ID1, &f->err), 0);
	assert_int_equal(zf_blob_part_remove(f->s, ID1, &f->err), 0);
	assert_int_equal(zf_blob_part_remove(f->s, ID1, &f->err), 0);
	assert_int_equal(zf_blob_part_open(f->s, ID1, 0, ZF_BLOB_SHA256, &h, &f->err), ZF_ENOTFOUND);
	zf_blob_part_close(NULL);
	zf_blob_abort(NULL);
}

static void test_open_unwritable(void **state)
{
	struct bfx *f = *state;
	struct zf_blob_store *s;
	char path[128];

	snprintf(path, sizeof(path), "%s/file", f->dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_int_equal(zf_blob_open_local(path, &s, &f->err), ZF_EINVAL);
	assert_non_null(strstr(f->err.msg, path));
	assert_null(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_commit_dedupe_verify),
		cmocka_unit_test(test_missing_and_names),
		cmocka_unit_test(test_writer_limit),
		cmocka_unit_test(test_store_id),
		cmocka_unit_test(test_part_chunks),
		cmocka_unit_test(test_part_other_process),
		cmocka_unit_test(test_part_stale_cache),
		cmocka_unit_test(test_part_remove),
		cmocka_unit_test(test_open_unwritable),
	};
	return run_fresh(tests, setup, teardown);
}
