/* Backups of the embedded SQLite database while zhifa runs, and copies of the data folder beside it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/backup.h"
#include "store/db_driver.h"
#include "store/repo.h"

#define MSG_NOMEM "内存不足"
#define STEP_PAGES 256    /* pages per backup step when the caller gives 0 */
#define BUSY_TRIES 600    /* 600 x 50 ms: give up after half a minute of locks */
#define DIR_DEPTH_MAX 32  /* the data folder is shallow; deeper is a mistake */
#define COPY_CHUNK 65536

/* ---- files and folders ---- */

/* PATH + SUFFIX into OUT (PATH_MAX bytes); -1 when too long. */
static int join(char *out, const char *path, const char *sep, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s%s%s", path, sep, name);
	return n < 0 || n >= PATH_MAX ? -1 : 0;
}

/* Syncs the file or folder at PATH to disk. */
static int sync_path(const char *path, struct zf_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = fd < 0 || fsync(fd) ? -1 : 0;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	if (rc)
		return zf_err_set(err, ZF_ERROR, "无法将 %s 写入磁盘: %s", path, strerror(saved));
	return 0;
}

/* Syncs the folder holding PATH, so that a rename in it survives a power loss. */
static int sync_parent(const char *path, struct zf_err *err)
{
	char dir[PATH_MAX];
	char *slash;
	if (join(dir, path, "", ""))
		return zf_err_set(err, ZF_EINVAL, "路径过长: %.200s", path);
	if (!(slash = strrchr(dir, '/')))
		return sync_path(".", err);
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return sync_path(dir, err);
}

/* Refuses PATH when anything exists there. */
static int must_not_exist(const char *path, struct zf_err *err)
{
	struct stat st;
	if (lstat(path, &st) == 0)
		return zf_err_set(err, ZF_ECONFLICT, "%s 已存在，不会覆盖它", path);
	if (errno != ENOENT)
		return zf_err_set(err, ZF_ERROR, "无法检查 %s: %s", path, strerror(errno));
	return 0;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Copies the regular file FROM into the new file TO with MODE, synced. */
static int copy_file(const char *from, const char *to, mode_t mode, struct zf_err *err)
{
	char buf[COPY_CHUNK];
	int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), out = -1, rc = 0;
	ssize_t k;

	if (in < 0)
		return zf_err_set(err, ZF_ERROR, "无法读取 %s: %s", from, strerror(errno));
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 07777)) < 0) {
		rc = zf_err_set(err, ZF_ERROR, "无法创建 %s: %s", to, strerror(errno));
		goto out;
	}
	while ((k = read(in, buf, sizeof(buf))) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			rc = zf_err_set(err, ZF_ERROR, "读取 %s 失败: %s", from, strerror(errno));
			goto out;
		}
		for (ssize_t done = 0; done < k;) {
			ssize_t w = write(out, buf + done, (size_t)(k - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = zf_err_set(err, ZF_ERROR, "写入 %s 失败: %s", to, strerror(errno));
				goto out;
			}
			done += w;
		}
	}
	if (fchmod(out, mode & 07777) || fsync(out))
		rc = zf_err_set(err, ZF_ERROR, "无法将 %s 写入磁盘: %s", to, strerror(errno));
out:
	if (out >= 0 && close(out) && !rc)
		rc = zf_err_set(err, ZF_ERROR, "写入 %s 失败: %s", to, strerror(errno));
	close(in);
	return rc;
}

/* Copies the entries of folder FROM into the new folder TO (mode MODE). */
static int copy_tree(const char *from, const char *to, mode_t mode, int depth, int64_t *files,
		     struct zf_err *err)
{
	char src[PATH_MAX], dst[PATH_MAX], link[PATH_MAX];
	DIR *d = NULL;
	struct dirent *e;
	struct stat st;
	int rc = 0;

	if (depth > DIR_DEPTH_MAX)
		return zf_err_set(err, ZF_ERROR, "目录层级过深: %.200s", from);
	if (mkdir(to, 0700) || chmod(to, mode & 07777))
		return zf_err_set(err, ZF_ERROR, "无法创建目录 %s: %s", to, strerror(errno));
	if (!(d = opendir(from)))
		return zf_err_set(err, ZF_ERROR, "无法读取目录 %s: %s", from, strerror(errno));
	while (!rc && (errno = 0, e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (join(src, from, "/", e->d_name) || join(dst, to, "/", e->d_name)) {
			rc = zf_err_set(err, ZF_EINVAL, "路径过长: %.200s/%.60s", from, e->d_name);
			break;
		}
		if (lstat(src, &st)) {
			rc = zf_err_set(err, ZF_ERROR, "无法读取 %s: %s", src, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			rc = copy_tree(src, dst, st.st_mode, depth + 1, files, err);
		} else if (S_ISREG(st.st_mode)) {
			if (!(rc = copy_file(src, dst, st.st_mode, err)) && files)
				(*files)++;
		} else if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlink(src, link, sizeof(link) - 1);
			if (n < 0 || (link[n] = '\0', symlink(link, dst)))
				rc = zf_err_set(err, ZF_ERROR, "无法复制链接 %s: %s", src, strerror(errno));
		} else {
			rc = zf_err_set(err, ZF_ERROR, "%s 不是普通文件、目录或链接，不会复制它", src);
		}
	}
	if (!rc && errno)
		rc = zf_err_set(err, ZF_ERROR, "无法读取目录 %s: %s", from, strerror(errno));
	closedir(d);
	return rc ? rc : sync_path(to, err);
}

int zf_store_copy_dir(const char *from, const char *to, int64_t *files, struct zf_err *err)
{
	char partial[PATH_MAX];
	struct stat st;
	int rc;

	if (files)
		*files = 0;
	if (join(partial, to, "", ".partial"))
		return zf_err_set(err, ZF_EINVAL, "路径过长: %.200s", to);
	if (stat(from, &st))
		return zf_err_set(err, errno == ENOENT ? ZF_ENOTFOUND : ZF_ERROR, "无法读取数据目录 %s: %s",
				  from, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return zf_err_set(err, ZF_ERROR, "%s 不是目录", from);
	if ((rc = must_not_exist(to, err)) || (rc = must_not_exist(partial, err)))
		return rc;
	if ((rc = copy_tree(from, partial, st.st_mode, 0, files, err)))
		goto fail;
	if (rename(partial, to)) {
		rc = zf_err_set(err, ZF_ERROR, "无法将 %s 改名为 %s: %s", partial, to, strerror(errno));
		goto fail;
	}
	return sync_parent(to, err);
fail:
	nftw(partial, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	return rc;
}

/* ---- the database ---- */

static int sq_fail(sqlite3 *h, const char *what, struct zf_err *err)
{
	return zf_err_set(err, ZF_ERROR, "%s: %s", what, h ? sqlite3_errmsg(h) : MSG_NOMEM);
}

/* Reads the user tables of H and their row counts into REP (by name). */
static int count_tables(sqlite3 *h, struct zf_arena *a, struct zf_backup_report *rep,
			struct zf_err *err)
{
	sqlite3_stmt *st = NULL, *cnt = NULL;
	size_t cap = 0;
	int rc = 0, s;

	rep->tables = NULL;
	rep->n = 0;
	if (sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'table' "
				  "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return sq_fail(h, "无法读取数据表清单", err);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", name ? name : "");
		struct zf_backup_table t = {0};
		if (!sql || !(t.name = zf_arena_strdup(a, name)) ||
		    !(rep->tables = zf_repo_grow(a, rep->tables, &cap, rep->n, sizeof(t)))) {
			sqlite3_free(sql);
			rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
			goto out;
		}
		s = sqlite3_prepare_v2(h, sql, -1, &cnt, NULL);
		sqlite3_free(sql);
		if (s != SQLITE_OK || sqlite3_step(cnt) != SQLITE_ROW) {
			rc = sq_fail(h, "无法统计数据表行数", err);
			goto out;
		}
		t.rows = sqlite3_column_int64(cnt, 0);
		sqlite3_finalize(cnt);
		cnt = NULL;
		rep->tables[rep->n++] = t;
	}
	if (s != SQLITE_DONE)
		rc = sq_fail(h, "无法读取数据表清单", err);
out:
	sqlite3_finalize(cnt);
	sqlite3_finalize(st);
	return rc;
}

/* Runs PRAGMA SQL on H; every row's first column must equal WANT (NULL: no
 * row may come at all). */
static int pragma_check(sqlite3 *h, const char *sql, const char *want, const char *what,
			struct zf_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, s, rows = 0;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return sq_fail(h, what, err);
	while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		rows++;
		if (!want || !v || strcmp(v, want))
			rc = zf_err_set(err, ZF_ERROR, "%s未通过: %.120s", what, v ? v : "(NULL)");
	}
	if (!rc && s != SQLITE_DONE)
		rc = sq_fail(h, what, err);
	if (!rc && want && rows == 0)
		rc = zf_err_set(err, ZF_ERROR, "%s没有结果", what);
	sqlite3_finalize(st);
	return rc;
}

/* Opens PATH for the backup: read-write without creating (a WAL reader needs
 * the shared-memory file), busy timeout for the server's short write locks. */
static int open_file(const char *path, int flags, sqlite3 **h, struct zf_err *err)
{
	if (sqlite3_open_v2(path, h, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		int rc = zf_err_set(err, ZF_EUNAVAIL, "无法打开数据库 %s: %s", path,
				    *h ? sqlite3_errmsg(*h) : MSG_NOMEM);
		sqlite3_close(*h);
		*h = NULL;
		return rc;
	}
	sqlite3_busy_timeout(*h, 5000);
	return 0;
}

/* Copies every page of SRC (inside its read transaction) into DST, STEP pages at a time. */
static int copy_pages(sqlite3 *src, sqlite3 *dst, int step, int64_t *pages, struct zf_err *err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int s, busy = 0;

	if (!b)
		return sq_fail(dst, "无法开始备份", err);
	while ((s = sqlite3_backup_step(b, step)) != SQLITE_DONE) {
		if (s == SQLITE_BUSY || s == SQLITE_LOCKED) {
			if (++busy > BUSY_TRIES)
				break;
			sqlite3_sleep(50);
		} else if (s != SQLITE_OK) {
			break;
		}
	}
	*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (s != SQLITE_DONE)
		return zf_err_set(err, s == SQLITE_BUSY || s == SQLITE_LOCKED ? ZF_EUNAVAIL : ZF_ERROR,
				  "备份失败: %s", sqlite3_errstr(s));
	if (sqlite3_errcode(dst) != SQLITE_OK)
		return sq_fail(dst, "备份失败", err);
	return 0;
}

/* Checks the finished copy at PATH against the snapshot's tables in REP. */
static int verify(const char *path, struct zf_arena *a, const struct zf_backup_report *rep,
		  struct zf_err *err)
{
	struct zf_backup_report got = {0};
	sqlite3 *h = NULL;
	int rc;

	if ((rc = open_file(path, SQLITE_OPEN_READONLY, &h, err)))
		return rc;
	if ((rc = pragma_check(h, "PRAGMA integrity_check", "ok", "完整性检查 (integrity_check) ", err)) ||
	    (rc = pragma_check(h, "PRAGMA foreign_key_check", NULL, "外键检查 (foreign_key_check) ", err)) ||
	    (rc = count_tables(h, a, &got, err)))
		goto out;
	if (got.n != rep->n) {
		rc = zf_err_set(err, ZF_ERROR, "备份中的数据表数 %zu 与数据库的 %zu 不同", got.n, rep->n);
		goto out;
	}
	for (size_t i = 0; i < got.n; i++)
		if (strcmp(got.tables[i].name, rep->tables[i].name) ||
		    got.tables[i].rows != rep->tables[i].rows) {
			rc = zf_err_set(err, ZF_ERROR, "备份中数据表 %s 有 %lld 行，数据库中为 %lld 行",
					rep->tables[i].name, (long long)got.tables[i].rows,
					(long long)rep->tables[i].rows);
			goto out;
		}
out:
	sqlite3_close(h);
	return rc;
}

/* The backup proper into PARTIAL: snapshot, pages, journal mode, counts. */
static int backup_into(const char *db_path, const char *partial, int step, struct zf_arena *a,
		       struct zf_backup_report *rep, struct zf_err *err)
{
	sqlite3 *src = NULL, *dst = NULL;
	int rc;

	if ((rc = open_file(db_path, SQLITE_OPEN_READWRITE, &src, err)) ||
	    (rc = open_file(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &dst, err)))
		goto out;
	/* The read transaction fixes one snapshot: the counts and every step of
	 * the backup see the same database, and in WAL mode the server's writers
	 * are never blocked by it. */
	if (sqlite3_exec(src, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		rc = sq_fail(src, "无法开始读事务", err);
		goto out;
	}
	if ((rc = count_tables(src, a, rep, err)) ||
	    (rc = copy_pages(src, dst, step, &rep->pages, err)))
		goto out;
	/* One self-contained file: no -wal beside the backup. */
	if ((rc = pragma_check(dst, "PRAGMA journal_mode=DELETE", "delete", "切换日志模式 ", err)))
		goto out;
	if (sqlite3_close(dst) != SQLITE_OK) {
		rc = sq_fail(dst, "无法关闭备份文件", err);
		goto out;
	}
	dst = NULL;
	rc = verify(partial, a, rep, err);
out:
	sqlite3_close(dst);
	if (src)
		sqlite3_exec(src, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(src);
	return rc;
}

int zf_store_backup(const char *db_path, const char *to, int step_pages, struct zf_arena *a,
		    struct zf_backup_report *rep, struct zf_err *err)
{
	char partial[PATH_MAX], journal[PATH_MAX];
	struct stat st;
	int rc;

	memset(rep, 0, sizeof(*rep));
	if (zf_db_url_is_pg(db_path))
		return zf_err_set(err, ZF_EINVAL, "zhifa backup 只备份 SQLite 数据库；PostgreSQL 请用 pg_dump "
						  "或连续归档（pg_basebackup + WAL 归档）备份，见 docs/operations.md");
	if (join(partial, to, "", ".partial") || join(journal, to, "", ".partial-journal"))
		return zf_err_set(err, ZF_EINVAL, "路径过长: %.200s", to);
	if (stat(db_path, &st) || !S_ISREG(st.st_mode))
		return zf_err_set(err, ZF_ENOTFOUND, "数据库文件 %s 不存在", db_path);
	if ((rc = must_not_exist(to, err)) || (rc = must_not_exist(partial, err)) ||
	    (rc = must_not_exist(journal, err)))
		return rc;
	if ((rc = backup_into(db_path, partial, step_pages > 0 ? step_pages : STEP_PAGES, a, rep, err)) ||
	    (rc = sync_path(partial, err)))
		goto fail;
	if (stat(partial, &st) == 0)
		rep->bytes = st.st_size;
	if (rename(partial, to)) {
		rc = zf_err_set(err, ZF_ERROR, "无法将 %s 改名为 %s: %s", partial, to, strerror(errno));
		goto fail;
	}
	return sync_parent(to, err);
fail:
	unlink(partial);
	unlink(journal);
	return rc;
}
