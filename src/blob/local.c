/* The blob store's local file-system backend: blobs under sha256/ab/cd/, partial uploads under partial/ held with flock, temporary files under tmp/. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "blob/blob_int.h"

struct local {
	char *dir;
	int root, tmp, partial, blobs; /* directory descriptors */
};

struct sink {
	struct local *l;
	int fd;
	char name[40]; /* in tmp/ */
};

struct parth {
	struct local *l;
	int fd;
	char id[33];
};

static int sys_fail(struct zf_err *err, const char *what, const char *name)
{
	return zf_err_set(err, ZF_ERROR, "证据文件存储出错：%s %s（%s）", what, name,
			  strerror(errno));
}

static int write_all(int fd, const void *p, size_t n, struct zf_err *err)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return sys_fail(err, "写入", "");
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync of directory descriptor D (the rename/link/unlink in it is durable). */
static int sync_dir(int d, struct zf_err *err)
{
	if (fsync(d) < 0 && errno != EINVAL)
		return sys_fail(err, "同步目录", "");
	return 0;
}

static int open_dir(int at, const char *name, int *out, struct zf_err *err)
{
	if (mkdirat(at, name, 0750) < 0 && errno != EEXIST)
		return sys_fail(err, "创建目录", name);
	if ((*out = openat(at, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return sys_fail(err, "打开目录", name);
	return 0;
}

static void local_close(void *impl)
{
	struct local *l = impl;

	if (!l)
		return;
	int fds[] = {l->root, l->tmp, l->partial, l->blobs};
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(l->dir);
	free(l);
}

/* A random name of N bytes as 2N hex characters into OUT. */
static int random_hex(char *out, size_t n)
{
	unsigned char b[32];

	if (n > sizeof(b) || RAND_bytes(b, (int)n) != 1)
		return -1;
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	return 0;
}

/* Relative path "ab/cd/<hex>" of blob SHA256 into OUT (80 bytes). */
static void blob_rel(const char *sha256, char out[80])
{
	snprintf(out, 80, "%.2s/%.2s/%s", sha256, sha256 + 2, sha256);
}

/* Links the file at (FROMDIR, FROM) into the store as SHA256 without ever
 * replacing an existing blob, then unlinks the source and syncs. */
static int store_link(struct local *l, int fromdir, const char *from, const char *sha256,
		      struct zf_err *err)
{
	char sub[8], rel[80];
	int d1 = -1, d2 = -1, rc;

	snprintf(sub, sizeof(sub), "%.2s", sha256);
	if ((rc = open_dir(l->blobs, sub, &d1, err)) < 0)
		goto out;
	snprintf(sub, sizeof(sub), "%.2s", sha256 + 2);
	if ((rc = open_dir(d1, sub, &d2, err)) < 0)
		goto out;
	if (linkat(fromdir, from, d2, sha256, 0) < 0 && errno != EEXIST) {
		blob_rel(sha256, rel);
		rc = sys_fail(err, "保存", rel);
		goto out;
	}
	if ((rc = sync_dir(d2, err)) < 0 || (rc = sync_dir(d1, err)) < 0 ||
	    (rc = sync_dir(l->blobs, err)) < 0)
		goto out;
	if (unlinkat(fromdir, from, 0) < 0 && errno != ENOENT) {
		rc = sys_fail(err, "删除临时文件", from);
		goto out;
	}
	rc = sync_dir(fromdir, err);
out:
	if (d1 >= 0)
		close(d1);
	if (d2 >= 0)
		close(d2);
	return rc;
}

static int local_store_id(void *impl, char id[33], struct zf_err *err)
{
	struct local *l = impl;
	char tmpname[40], fresh[33];
	int fd = -1, rc = 0;
	ssize_t r;

	for (int attempt = 0; attempt < 2; attempt++) {
		fd = openat(l->root, "store-id", O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			r = read(fd, id, 32);
			close(fd);
			id[r > 0 ? r : 0] = '\0';
			if (r != 32 || !zf_blob_is_hex(id, 32))
				return zf_err_set(err, ZF_EINTEGRITY,
						  "证据文件目录 %s 中的 store-id 已损坏", l->dir);
			return 0;
		}
		if (errno != ENOENT)
			return sys_fail(err, "读取", "store-id");
		/* Written whole to tmp/, then linked: a reader never sees half a name,
		 * and of two first servers one wins and both read its name. */
		if (random_hex(fresh, 16) < 0 || random_hex(tmpname, 16) < 0)
			return zf_err_set(err, ZF_ERROR, "无法生成随机数");
		fd = openat(l->tmp, tmpname, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0440);
		if (fd < 0)
			return sys_fail(err, "创建", "store-id");
		rc = write_all(fd, fresh, 32, err);
		if (rc == 0 && fsync(fd) < 0)
			rc = sys_fail(err, "同步", "store-id");
		close(fd);
		if (rc == 0 && linkat(l->tmp, tmpname, l->root, "store-id", 0) < 0 && errno != EEXIST)
			rc = sys_fail(err, "保存", "store-id");
		unlinkat(l->tmp, tmpname, 0);
		if (rc == 0)
			rc = sync_dir(l->root, err);
		if (rc < 0)
			return rc;
	}
	return zf_err_set(err, ZF_ERROR, "无法读取证据文件目录 %s 的 store-id", l->dir);
}

static int local_sink_new(void *impl, void **out, struct zf_err *err)
{
	struct sink *k = calloc(1, sizeof(*k));

	if (!k)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	k->l = impl;
	if (random_hex(k->name, 16) < 0) {
		free(k);
		return zf_err_set(err, ZF_ERROR, "无法生成随机数");
	}
	k->fd = openat(k->l->tmp, k->name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (k->fd < 0) {
		free(k);
		return sys_fail(err, "创建临时文件", "tmp/");
	}
	*out = k;
	return 0;
}

static int local_sink_write(void *sink, const void *p, size_t n, struct zf_err *err)
{
	return write_all(((struct sink *)sink)->fd, p, n, err);
}

static void local_sink_abort(void *sink)
{
	struct sink *k = sink;

	if (!k)
		return;
	close(k->fd);
	unlinkat(k->l->tmp, k->name, 0);
	free(k);
}

/* Makes file FD (named NAME in FROMDIR) durable and read-only, then stores it as SHA256. */
static int seal(struct local *l, int fd, int fromdir, const char *name, const char *sha256,
		struct zf_err *err)
{
	if (fsync(fd) < 0 || fchmod(fd, 0440) < 0)
		return sys_fail(err, "同步", name);
	return store_link(l, fromdir, name, sha256, err);
}

static int local_sink_commit(void *sink, const char *sha256, struct zf_err *err)
{
	struct sink *k = sink;
	int rc = seal(k->l, k->fd, k->l->tmp, k->name, sha256, err);

	local_sink_abort(k);
	return rc;
}

static int local_exists(void *impl, const char *sha256)
{
	struct local *l = impl;
	char rel[80];
	struct stat st;

	blob_rel(sha256, rel);
	return fstatat(l->blobs, rel, &st, 0) == 0 && S_ISREG(st.st_mode);
}

static int local_open_fd(void *impl, const char *sha256, int *fd, uint64_t *size,
			 struct zf_err *err)
{
	struct local *l = impl;
	char rel[80];
	struct stat st;

	blob_rel(sha256, rel);
	*fd = openat(l->blobs, rel, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		if (errno == ENOENT)
			return zf_err_set(err, ZF_ENOTFOUND, "证据文件 %s 不存在", sha256);
		return sys_fail(err, "打开", rel);
	}
	if (fstat(*fd, &st) < 0) {
		close(*fd);
		*fd = -1;
		return sys_fail(err, "读取", rel);
	}
	*size = (uint64_t)st.st_size;
	return 0;
}

static int local_path(void *impl, const char *sha256, char *out, size_t n, struct zf_err *err)
{
	struct local *l = impl;
	char rel[80];
	int len;

	blob_rel(sha256, rel);
	len = snprintf(out, n, "%s/sha256/%s", l->dir, rel);
	if (len < 0 || (size_t)len >= n)
		return zf_err_set(err, ZF_EINVAL, "证据文件路径过长");
	return 0;
}

static int local_part_create(void *impl, const char *id, struct zf_err *err)
{
	struct local *l = impl;
	int fd = openat(l->partial, id, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);

	if (fd < 0) {
		if (errno == EEXIST)
			return zf_err_set(err, ZF_ECONFLICT, "上传 %s 已存在", id);
		return sys_fail(err, "创建", id);
	}
	close(fd);
	return sync_dir(l->partial, err);
}

static int local_part_stamp(void *parth, struct zf_blob_stamp *st, struct zf_err *err)
{
	struct parth *h = parth;
	struct stat sb;

	if (fstat(h->fd, &sb) < 0)
		return sys_fail(err, "读取", h->id);
	st->size = (uint64_t)sb.st_size;
	st->ino = (uint64_t)sb.st_ino;
	st->mtime_ns = (uint64_t)sb.st_mtim.tv_sec * 1000000000u + (uint64_t)sb.st_mtim.tv_nsec;
	return 0;
}

static void local_part_close(void *parth)
{
	struct parth *h = parth;

	if (!h)
		return;
	close(h->fd); /* releases the flock */
	free(h);
}

static int local_part_truncate(void *parth, uint64_t size, struct zf_err *err)
{
	struct parth *h = parth;

	if (ftruncate(h->fd, (off_t)size) < 0 || lseek(h->fd, (off_t)size, SEEK_SET) < 0)
		return sys_fail(err, "截断", h->id);
	return 0;
}

static int local_part_open(void *impl, const char *id, uint64_t offset, void **out,
			   struct zf_blob_stamp *st, struct zf_err *err)
{
	struct local *l = impl;
	struct parth *h = calloc(1, sizeof(*h));
	int rc;

	if (!h)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	h->l = l;
	snprintf(h->id, sizeof(h->id), "%s", id);
	if ((h->fd = openat(l->partial, id, O_RDWR | O_CLOEXEC)) < 0) {
		rc = errno == ENOENT ? zf_err_set(err, ZF_ENOTFOUND, "上传 %s 不存在", id)
				     : sys_fail(err, "打开", id);
		free(h);
		return rc;
	}
	if (flock(h->fd, LOCK_EX | LOCK_NB) < 0) {
		rc = errno == EWOULDBLOCK
			     ? zf_err_set(err, ZF_EBUSY, "该上传正在由另一个请求写入，请稍后再试")
			     : sys_fail(err, "锁定", id);
		goto fail;
	}
	if ((rc = local_part_stamp(h, st, err)) < 0)
		goto fail;
	if (st->size < offset) {
		rc = zf_err_set(err, ZF_ECONFLICT, "上传 %s 的已存数据短于记录的偏移量", id);
		goto fail;
	}
	if ((rc = local_part_truncate(h, offset, err)) < 0)
		goto fail;
	if (st->size > offset && (rc = local_part_stamp(h, st, err)) < 0)
		goto fail;
	*out = h;
	return 0;
fail:
	local_part_close(h);
	return rc;
}

static long local_part_read(void *parth, uint64_t off, void *buf, size_t n, struct zf_err *err)
{
	struct parth *h = parth;
	ssize_t r;

	do
		r = pread(h->fd, buf, n, (off_t)off);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return sys_fail(err, "读取", h->id);
	return (long)r;
}

static int local_part_write(void *parth, const void *p, size_t n, struct zf_err *err)
{
	return write_all(((struct parth *)parth)->fd, p, n, err);
}

static int local_part_sync(void *parth, struct zf_err *err)
{
	struct parth *h = parth;

	if (fdatasync(h->fd) < 0)
		return sys_fail(err, "同步", h->id);
	return 0;
}

static int local_part_finish(void *parth, const char *sha256, struct zf_err *err)
{
	struct parth *h = parth;
	int rc = seal(h->l, h->fd, h->l->partial, h->id, sha256, err);

	local_part_close(h);
	return rc;
}

static int local_part_remove(void *impl, const char *id, struct zf_err *err)
{
	struct local *l = impl;

	if (unlinkat(l->partial, id, 0) < 0) {
		if (errno == ENOENT)
			return 0;
		return sys_fail(err, "删除", id);
	}
	return sync_dir(l->partial, err);
}

static const struct zf_blob_ops local_ops = {
	.close = local_close,
	.store_id = local_store_id,
	.sink_new = local_sink_new,
	.sink_write = local_sink_write,
	.sink_commit = local_sink_commit,
	.sink_abort = local_sink_abort,
	.exists = local_exists,
	.open_fd = local_open_fd,
	.local_path = local_path,
	.part_create = local_part_create,
	.part_open = local_part_open,
	.part_read = local_part_read,
	.part_write = local_part_write,
	.part_truncate = local_part_truncate,
	.part_sync = local_part_sync,
	.part_stamp = local_part_stamp,
	.part_finish = local_part_finish,
	.part_close = local_part_close,
	.part_remove = local_part_remove,
};

int zf_blob_local_backend(const char *dir, const struct zf_blob_ops **ops, void **impl,
			  struct zf_err *err)
{
	struct local *l = calloc(1, sizeof(*l));
	int rc;

	if (!l || !(l->dir = strdup(dir))) {
		free(l);
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	}
	l->root = l->tmp = l->partial = l->blobs = -1;
	if ((mkdir(dir, 0750) < 0 && errno != EEXIST) ||
	    (l->root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    faccessat(l->root, ".", W_OK, AT_EACCESS) < 0) {
		rc = zf_err_set(err, ZF_EINVAL, "证据文件目录 %s 无法创建或写入（%s）", dir,
				strerror(errno));
		goto fail;
	}
	if (open_dir(l->root, "tmp", &l->tmp, NULL) < 0 ||
	    open_dir(l->root, "partial", &l->partial, NULL) < 0 ||
	    open_dir(l->root, "sha256", &l->blobs, NULL) < 0) {
		rc = zf_err_set(err, ZF_EINVAL, "证据文件目录 %s 的子目录无法创建或打开", dir);
		goto fail;
	}
	*ops = &local_ops;
	*impl = l;
	return 0;
fail:
	local_close(l);
	return rc;
}
