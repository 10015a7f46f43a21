/* Schema: numbered migrations embedded in the binary, applied in order, and installation metadata. */
#include <stdlib.h>
#include <string.h>

#include "store/repo.h"
#include "store/schema.h"
#include "util/embed.h"
#include "util/time.h"

/* More would mean a broken build: migration numbers have four digits. */
#define MIGRATIONS_MAX 9999

struct migration {
	int version;
	const char *name; /* points into the embedded file name */
	size_t name_len;
	const struct zf_embed_file *file;
};

/* ---- dialect differences: everything the drivers disagree on lives here ---- */

/* SQL listing the user tables of the database, one name per row. */
static const char *tables_sql(const struct zf_db *db)
{
	const char *d = zf_db_dialect(db);
	if (strcmp(d, "sqlite") == 0)
		return "SELECT name FROM sqlite_master WHERE type = 'table' "
		       "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
	/* The catalog, not information_schema: that lists only the tables the
	 * current role has privileges on, and a table of another owner would
	 * pass unseen. current_schema() is where our CREATE TABLEs go. */
	if (strcmp(d, "postgresql") == 0)
		return "SELECT c.relname FROM pg_catalog.pg_class c "
		       "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
		       "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
		       "ORDER BY c.relname";
	return NULL;
}

/* DDL of the table recording applied migrations. */
static const char *migration_table_sql(const struct zf_db *db)
{
	/* SQLite's INTEGER is 64 bits; PostgreSQL's is 32, too small for an instant. */
	if (strcmp(zf_db_dialect(db), "postgresql") == 0)
		return "CREATE TABLE IF NOT EXISTS schema_migration ("
		       " version BIGINT PRIMARY KEY,"
		       " name TEXT COLLATE \"C\" NOT NULL,"
		       " applied_at BIGINT NOT NULL)";
	return "CREATE TABLE IF NOT EXISTS schema_migration ("
	       " version INTEGER PRIMARY KEY,"
	       " name TEXT NOT NULL,"
	       " applied_at INTEGER NOT NULL)";
}

/* Counts the user tables into *N and sets *HAS_MIGRATION when one of them is
 * schema_migration. */
static int scan_tables(struct zf_db *db, int64_t *n, int *has_migration, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	const char *sql = tables_sql(db);
	int rc;

	*n = 0;
	*has_migration = 0;
	if (!sql)
		return zf_err_set(err, ZF_ERROR, "不支持的数据库类型 %s", zf_db_dialect(db));
	if ((rc = zf_db_prepare(db, &st, sql, err)))
		return rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
		const char *name = zf_stmt_text(st, 0);
		(*n)++;
		if (name && strcmp(name, "schema_migration") == 0)
			*has_migration = 1;
	}
	zf_stmt_done(st);
	return rc == ZF_DB_DONE ? 0 : rc;
}

/* ---- the embedded migrations ---- */

/* Parses "store/migrations/<dialect>/NNNN_name.sql" into M; 0 when NAME is
 * not a migration of DIALECT. */
static int parse_name(const struct zf_embed_file *f, const char *dialect, struct migration *m)
{
	static const char dir[] = "store/migrations/";
	const char *p = f->name;
	size_t dlen = strlen(dialect), len;

	if (strncmp(p, dir, sizeof(dir) - 1) != 0)
		return 0;
	p += sizeof(dir) - 1;
	if (strncmp(p, dialect, dlen) != 0 || p[dlen] != '/')
		return 0;
	p += dlen + 1;
	for (int i = 0; i < 4; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	if (p[4] != '_')
		return 0;
	len = strlen(p + 5);
	if (len <= 4 || strcmp(p + 5 + len - 4, ".sql") != 0 || strchr(p + 5, '/'))
		return 0;
	m->version = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	m->name = p + 5;
	m->name_len = len - 4;
	m->file = f;
	return m->version > 0;
}

static int by_version(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

/* Collects the migrations of DB's dialect, ordered by number, into a malloc'd
 * array *OUT (free it) of *N entries. Duplicate numbers are an error. */
static int list_migrations(struct zf_db *db, struct migration **out, size_t *n,
			   struct zf_err *err)
{
	const char *dialect = zf_db_dialect(db);
	struct migration *ms = NULL, m;
	size_t count = 0, total = 0;

	*out = NULL;
	*n = 0;
	for (const struct zf_embed_file *f = zf_embedded; f->name; f++)
		total++;
	if (total > MIGRATIONS_MAX)
		total = MIGRATIONS_MAX;
	if (total && !(ms = calloc(total, sizeof(*ms))))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	for (const struct zf_embed_file *f = zf_embedded; f->name && count < total; f++)
		if (parse_name(f, dialect, &m))
			ms[count++] = m;
	qsort(ms, count, sizeof(*ms), by_version);
	for (size_t i = 1; i < count; i++)
		if (ms[i].version == ms[i - 1].version) {
			int dup = ms[i].version;
			free(ms);
			return zf_err_set(err, ZF_ERROR, "数据库迁移编号 %04d 重复", dup);
		}
	*out = ms;
	*n = count;
	return 0;
}

/* Creates the table of applied migrations unless it exists, under the write
 * lock so that two processes migrating at once do not both create it. */
static int ensure_migration_table(struct zf_db *db, struct zf_err *err)
{
	int rc = zf_db_begin(db, 1, err);

	if (rc)
		return rc;
	if ((rc = zf_db_exec(db, migration_table_sql(db), err)) || (rc = zf_db_commit(db, err)))
		zf_db_rollback(db);
	return rc;
}

/* Sets *APPLIED to 1 when migration VERSION is recorded. */
static int is_applied(struct zf_db *db, int version, int *applied, struct zf_err *err)
{
	int rc = zf_repo_exists(db, "SELECT 1 FROM schema_migration WHERE version = ?", version, err);

	*applied = rc == 1;
	return rc < 0 ? rc : 0;
}

/* Records migration VERSION, named NAME, as applied now. */
static int record_applied(struct zf_db *db, int version, const char *name, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(version), ZF_ARG_TEXT(name),
					   ZF_ARG_I64(zf_clock_now(NULL))};

	return zf_repo_run(db,
			   "INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)",
			   args, ZF_REPO_NARGS(args), err);
}

/* Runs migration M and records it in one write transaction, unless another
 * process recorded it meanwhile. */
static int apply_one(struct zf_db *db, const struct migration *m, int *ran, struct zf_err *err)
{
	char name[128];
	int rc, applied = 0;

	*ran = 0;
	if (m->name_len >= sizeof(name))
		return zf_err_set(err, ZF_ERROR, "数据库迁移名称过长: %s", m->file->name);
	memcpy(name, m->name, m->name_len);
	name[m->name_len] = '\0';
	if ((rc = zf_db_begin(db, 1, err)))
		return rc;
	if ((rc = is_applied(db, m->version, &applied, err)) || applied)
		goto out;
	if ((rc = zf_db_exec(db, (const char *)m->file->data, err))) {
		char why[sizeof(err->msg)] = "";
		if (err)
			memcpy(why, err->msg, sizeof(why));
		zf_err_set(err, rc, "数据库迁移 %04d_%s 失败: %s", m->version, name, why);
		goto out;
	}
	if ((rc = record_applied(db, m->version, name, err)))
		goto out;
	if ((rc = zf_db_commit(db, err)))
		return rc;
	*ran = 1;
	return 0;
out:
	zf_db_rollback(db);
	return rc;
}

/* ---- contract ---- */

int zf_store_schema_present(struct zf_db *db, struct zf_err *err)
{
	int64_t n = 0;
	int has = 0;
	int rc = scan_tables(db, &n, &has, err);

	if (rc)
		return rc;
	if (has)
		return 1;
	if (n == 0)
		return 0;
	return zf_err_set(err, ZF_ECONFLICT, "数据库中已有其他程序的数据表，请换用一个空数据库");
}

int zf_store_migrate(struct zf_db *db, int *applied, struct zf_err *err)
{
	struct migration *ms = NULL;
	size_t n = 0;
	int rc, ran = 0, count = 0;

	if (applied)
		*applied = 0;
	/* Never write our tables into somebody else's database. */
	if ((rc = zf_store_schema_present(db, err)) < 0)
		return rc;
	if ((rc = list_migrations(db, &ms, &n, err)))
		return rc;
	if ((rc = ensure_migration_table(db, err)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		if ((rc = apply_one(db, &ms[i], &ran, err)))
			goto out;
		count += ran;
	}
out:
	free(ms);
	if (applied)
		*applied = count;
	return rc;
}

int zf_store_migrate_pending(struct zf_db *db)
{
	struct migration *ms = NULL;
	size_t n = 0;
	int64_t tables = 0;
	int has = 0, pending = 0, applied = 0;

	if (list_migrations(db, &ms, &n, NULL))
		return 1; /* cannot tell: fail closed, as if one were pending */
	if (scan_tables(db, &tables, &has, NULL) || !has) {
		free(ms);
		return (int)n;
	}
	for (size_t i = 0; i < n; i++)
		/* A migration whose state cannot be read counts as pending. */
		if (is_applied(db, ms[i].version, &applied, NULL) || !applied)
			pending++;
	free(ms);
	return pending;
}

int zf_store_schema_version(struct zf_db *db, int *version, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int64_t tables = 0, v = 0;
	int has = 0, rc;

	*version = 0;
	if ((rc = scan_tables(db, &tables, &has, err)) || !has)
		return rc;
	if ((rc = zf_db_prepare(db, &st, "SELECT COALESCE(MAX(version), 0) FROM schema_migration",
				err)))
		return rc;
	if ((rc = zf_stmt_one_i64(st, &v, err)))
		return rc;
	*version = (int)v;
	return 0;
}

int zf_store_meta_get(struct zf_db *db, struct zf_arena *a, const char *key, char **value,
		      struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	int rc;

	*value = NULL;
	if ((rc = zf_repo_prepare_text(db, &st, "SELECT value FROM meta WHERE key = ?", key, err)))
		return rc;
	rc = zf_stmt_step(st, err);
	if (rc == ZF_DB_ROW) {
		const char *v = zf_stmt_text(st, 0);
		rc = (*value = zf_arena_strdup(a, v ? v : "")) ? 0
							       : zf_err_set(err, ZF_ENOMEM, "内存不足");
	} else if (rc == ZF_DB_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "未设置 %s", key);
	}
	zf_stmt_done(st);
	return rc;
}

int zf_store_meta_set(struct zf_db *db, const char *key, const char *value, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(key), ZF_ARG_TEXT(value)};

	if (!key || !value)
		return zf_err_set(err, ZF_EINVAL, "元数据键和值不能为空");
	return zf_repo_run(db,
			   "INSERT INTO meta (key, value) VALUES (?, ?) "
			   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			   args, ZF_REPO_NARGS(args), err);
}
