/* Copying a whole zhifa database into an empty one (SQLite to PostgreSQL) and proving both hold the same rows. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/copy.h"
#include "store/repo.h"
#include "store/schema.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/str.h"

#define MSG_NOMEM "内存不足"
#define NAME_MAX_LEN 63            /* PostgreSQL's identifier limit */
#define SQL_LIMIT (64 * 1024)      /* one generated statement */
#define SUM_FORMAT "zhifa-table-sum 1"

/* ---- dialect differences: the catalogue and the few clauses that differ ---- */

struct catalog {
	const char *tables;  /* no parameter: one table name per row */
	const char *columns; /* ? = table: name, type, position in the primary key (0 = none) */
	const char *refs;    /* ? = table: names of the tables its foreign keys reference */
};

static const struct catalog sqlite_catalog = {
	"SELECT name FROM sqlite_master WHERE type = 'table' "
	"AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
	"SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid",
	"SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?) ORDER BY 1",
};

static const struct catalog pg_catalog = {
	"SELECT table_name FROM information_schema.tables "
	"WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
	"SELECT c.column_name, c.data_type, COALESCE(k.ordinal_position, 0) "
	"FROM information_schema.columns c "
	"LEFT JOIN information_schema.table_constraints t ON t.table_schema = c.table_schema "
	"AND t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY' "
	"LEFT JOIN information_schema.key_column_usage k ON k.constraint_schema = t.constraint_schema "
	"AND k.constraint_name = t.constraint_name AND k.table_name = c.table_name "
	"AND k.column_name = c.column_name "
	"WHERE c.table_schema = current_schema() AND c.table_name = ? ORDER BY c.ordinal_position",
	"SELECT DISTINCT u.table_name FROM information_schema.table_constraints t "
	"JOIN information_schema.constraint_column_usage u ON u.constraint_schema = t.constraint_schema "
	"AND u.constraint_name = t.constraint_name "
	"WHERE t.table_schema = current_schema() AND t.table_name = ? "
	"AND t.constraint_type = 'FOREIGN KEY' ORDER BY 1",
};

static int is_pg(const struct zf_db *db)
{
	return strcmp(zf_db_dialect(db), "postgresql") == 0;
}

static const struct catalog *catalog_of(const struct zf_db *db, struct zf_err *err)
{
	if (is_pg(db))
		return &pg_catalog;
	if (strcmp(zf_db_dialect(db), "sqlite") == 0)
		return &sqlite_catalog;
	zf_err_set(err, ZF_ERROR, "不支持的数据库类型 %s", zf_db_dialect(db));
	return NULL;
}

/* The kind of a column declared TYPE: PostgreSQL's information_schema names,
 * SQLite's affinity rules restricted to the two kinds zhifa uses. -1 for any
 * other type (a float or a blob would not round-trip through text). */
static int kind_of(const struct zf_db *db, const char *type, enum zf_col_kind *k)
{
	if (!type)
		return -1;
	if (is_pg(db)) {
		if (!strcmp(type, "bigint") || !strcmp(type, "integer") || !strcmp(type, "smallint"))
			*k = ZF_COL_INT;
		else if (!strcmp(type, "text") || !strcmp(type, "character varying") ||
			 !strcmp(type, "character"))
			*k = ZF_COL_TEXT;
		else
			return -1;
		return 0;
	}
	if (strcasestr(type, "INT"))
		*k = ZF_COL_INT;
	else if (strcasestr(type, "CHAR") || strcasestr(type, "CLOB") || strcasestr(type, "TEXT"))
		*k = ZF_COL_TEXT;
	else
		return -1;
	return 0;
}

/* Table and column names go into generated SQL: only plain lower-case
 * identifiers, which both dialects read the same way quoted or not. */
static int ident_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > NAME_MAX_LEN || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* Appends "NAME" (checked by ident_ok when read from the catalogue). */
static void add_ident(struct zf_buf *b, const char *name)
{
	zf_buf_puts(b, "\"");
	zf_buf_puts(b, name);
	zf_buf_puts(b, "\"");
}

/* SELECT of every column of T in T's order, by primary key; text keys in byte
 * order on both dialects (SQLite's BINARY, PostgreSQL's "C" collation), so
 * that the rows arrive in the same order whatever the database's locale. */
static int select_sql(const struct zf_db *db, const struct zf_table *t, struct zf_buf *b,
		      struct zf_err *err)
{
	int keys = 0;
	zf_buf_puts(b, "SELECT ");
	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			zf_buf_puts(b, ", ");
		add_ident(b, t->cols[i].name);
	}
	zf_buf_puts(b, " FROM ");
	add_ident(b, t->name);
	zf_buf_puts(b, " ORDER BY ");
	for (int pos = 1; (size_t)pos <= t->ncols; pos++)
		for (size_t i = 0; i < t->ncols; i++) {
			if (t->cols[i].pk != pos)
				continue;
			if (keys++)
				zf_buf_puts(b, ", ");
			add_ident(b, t->cols[i].name);
			if (t->cols[i].kind == ZF_COL_TEXT && is_pg(db))
				zf_buf_puts(b, " COLLATE \"C\"");
		}
	if (!keys)
		return zf_err_set(err, ZF_ERROR, "数据表 %s 没有主键，无法按确定顺序读取", t->name);
	return b->failed ? zf_err_set(err, ZF_ENOMEM, MSG_NOMEM) : 0;
}

/* INSERT of every column of T with explicit values (ids included: PostgreSQL
 * needs OVERRIDING SYSTEM VALUE for a GENERATED ALWAYS identity). */
static int insert_sql(const struct zf_db *db, const struct zf_table *t, struct zf_buf *b,
		      struct zf_err *err)
{
	zf_buf_puts(b, "INSERT INTO ");
	add_ident(b, t->name);
	zf_buf_puts(b, " (");
	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			zf_buf_puts(b, ", ");
		add_ident(b, t->cols[i].name);
	}
	zf_buf_puts(b, is_pg(db) ? ") OVERRIDING SYSTEM VALUE VALUES (" : ") VALUES (");
	for (size_t i = 0; i < t->ncols; i++)
		zf_buf_puts(b, i ? ", ?" : "?");
	zf_buf_puts(b, ")");
	return b->failed ? zf_err_set(err, ZF_ENOMEM, MSG_NOMEM) : 0;
}

/* ---- the catalogue ---- */

/* Runs SQL (with ARG bound to its one '?' unless NULL) and collects the text
 * of column 0 of every row into an arena array *OUT of *N names. */
static int read_names(struct zf_db *db, struct zf_arena *a, const char *sql, const char *arg,
		      const char ***out, size_t *n, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	const char **names = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = arg ? zf_repo_prepare_text(db, &st, sql, arg, err) : zf_db_prepare(db, &st, sql, err);
	if (rc)
		return rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
		const char *name = zf_stmt_text(st, 0);
		if (!ident_ok(name)) {
			rc = zf_err_set(err, ZF_ERROR, "数据表名称不受支持: %.64s", name ? name : "(NULL)");
			goto out;
		}
		if (!(names = zf_repo_grow(a, names, &cap, *n, sizeof(*names))) ||
		    !(names[*n] = zf_arena_strdup(a, name))) {
			rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
			goto out;
		}
		(*n)++;
	}
	if (rc == ZF_DB_DONE) {
		rc = 0;
		*out = names;
	}
out:
	zf_stmt_done(st);
	if (rc)
		*n = 0;
	return rc;
}

/* Reads the columns of T->name into T. */
static int read_cols(struct zf_db *db, struct zf_arena *a, const struct catalog *cat,
		     struct zf_table *t, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	size_t cap = 0;
	int rc, keys = 0;

	if ((rc = zf_repo_prepare_text(db, &st, cat->columns, t->name, err)))
		return rc;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
		struct zf_table_col c = {0};
		const char *type = zf_stmt_text(st, 1);
		int64_t pk = zf_stmt_i64(st, 2);
		c.name = zf_stmt_text(st, 0);
		if (!ident_ok(c.name)) {
			rc = zf_err_set(err, ZF_ERROR, "数据表 %s 的列名不受支持: %.64s", t->name,
					c.name ? c.name : "(NULL)");
			goto out;
		}
		if (kind_of(db, type, &c.kind)) {
			rc = zf_err_set(err, ZF_ERROR, "数据表 %s 列 %s 的类型 %.40s 不受支持（只支持整数和文本）",
					t->name, c.name, type ? type : "(NULL)");
			goto out;
		}
		c.pk = pk > 0 && pk <= NAME_MAX_LEN ? (int)pk : 0;
		keys += c.pk > 0;
		if (!(t->cols = zf_repo_grow(a, t->cols, &cap, t->ncols, sizeof(*t->cols))) ||
		    !(c.name = zf_arena_strdup(a, c.name))) {
			rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
			goto out;
		}
		t->cols[t->ncols++] = c;
	}
	if (rc == ZF_DB_DONE)
		rc = keys ? 0 : zf_err_set(err, ZF_ERROR, "数据表 %s 没有主键，无法按确定顺序读取", t->name);
out:
	zf_stmt_done(st);
	return rc;
}

static const struct zf_table *find_table(const struct zf_table *ts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ts[i].name, name) == 0)
			return &ts[i];
	return NULL;
}

/* Orders IN (by name) so that every table follows the tables it references:
 * each round places the first table, by name, whose references are placed. */
static int order_tables(struct zf_arena *a, const struct zf_table *in, size_t n,
			struct zf_table **out, struct zf_err *err)
{
	struct zf_table *o = n ? zf_arena_alloc(a, n * sizeof(*o)) : NULL;
	char *placed = n ? zf_arena_alloc(a, n) : NULL;
	size_t done = 0;

	if (n && (!o || !placed))
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	for (size_t i = 0; i < n; i++)
		for (size_t r = 0; r < in[i].nrefs; r++)
			if (!find_table(in, n, in[i].refs[r]))
				return zf_err_set(err, ZF_ERROR, "数据表 %s 引用了不存在的数据表 %s",
						  in[i].name, in[i].refs[r]);
	while (done < n) {
		size_t pick = n;
		for (size_t i = 0; i < n && pick == n; i++) {
			int ready = !placed[i];
			for (size_t r = 0; ready && r < in[i].nrefs; r++) {
				const char *ref = in[i].refs[r];
				if (strcmp(ref, in[i].name) == 0)
					continue; /* a row may reference an earlier row of its own table */
				ready = placed[find_table(in, n, ref) - in];
			}
			if (ready)
				pick = i;
		}
		if (pick == n)
			return zf_err_set(err, ZF_ERROR, "数据表之间的外键引用成环，无法确定复制顺序");
		placed[pick] = 1;
		o[done++] = in[pick];
	}
	*out = o;
	return 0;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(((const struct zf_table *)x)->name, ((const struct zf_table *)y)->name);
}

int zf_store_tables(struct zf_db *db, struct zf_arena *a, struct zf_table **tables, size_t *n,
		    struct zf_err *err)
{
	const struct catalog *cat = catalog_of(db, err);
	const char **names = NULL;
	struct zf_table *ts = NULL;
	size_t count = 0;
	int rc;

	*tables = NULL;
	*n = 0;
	if (!cat)
		return ZF_ERROR;
	if ((rc = read_names(db, a, cat->tables, NULL, &names, &count, err)))
		return rc;
	if (count && !(ts = zf_arena_alloc(a, count * sizeof(*ts))))
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	for (size_t i = 0; i < count; i++) {
		ts[i].name = names[i];
		if ((rc = read_cols(db, a, cat, &ts[i], err)) ||
		    (rc = read_names(db, a, cat->refs, names[i], &ts[i].refs, &ts[i].nrefs, err)))
			return rc;
	}
	if (count)
		qsort(ts, count, sizeof(*ts), by_name);
	if ((rc = order_tables(a, ts, count, tables, err)))
		return rc;
	*n = count;
	return 0;
}

/* ---- checksums ---- */

/* Adds one value: 'N' for NULL, else 'T', its length as 8 bytes big-endian,
 * and its bytes, so that no two different rows render alike. */
static int sum_value(struct zf_sha256 *h, const char *v)
{
	unsigned char len[8];
	size_t n;
	if (!v)
		return zf_sha256_add(h, "N", 1);
	n = strlen(v);
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)((uint64_t)n >> (56 - 8 * i));
	return zf_sha256_add(h, "T", 1) || zf_sha256_add(h, len, sizeof(len)) ||
			       zf_sha256_add(h, v, n)
		       ? -1
		       : 0;
}

/* The value of column I of the current row of ST: NULL for SQL NULL, the
 * text otherwise; an integer column must hold an integer in canonical
 * decimal (what both drivers render), which *V gets. */
static int read_value(struct zf_stmt *st, const struct zf_table *t, size_t i, const char **text,
		      int64_t *v, struct zf_err *err)
{
	*text = NULL;
	if (zf_stmt_is_null(st, (int)i))
		return 0;
	if (!(*text = zf_stmt_text(st, (int)i)))
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if (t->cols[i].kind == ZF_COL_INT) {
		char back[24];
		if (zf_str_to_i64(*text, INT64_MIN, INT64_MAX, v) ||
		    snprintf(back, sizeof(back), "%" PRId64, *v) < 0 || strcmp(back, *text))
			return zf_err_set(err, ZF_ERROR, "数据表 %s 列 %s 含有非整数值 \"%.40s\"",
					  t->name, t->cols[i].name, *text);
	}
	return 0;
}

int zf_store_table_sum(struct zf_db *db, const struct zf_table *t, struct zf_table_sum *out,
		       struct zf_err *err)
{
	struct zf_buf sql;
	struct zf_stmt *st = NULL;
	struct zf_sha256 *h = NULL;
	unsigned char d[32];
	int rc, bad = 0;

	memset(out, 0, sizeof(*out));
	zf_buf_init(&sql, SQL_LIMIT);
	if ((rc = select_sql(db, t, &sql, err)))
		goto out;
	if (!(h = zf_sha256_begin())) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	/* The format, the table and its columns come first: a sum states what it covers. */
	bad |= sum_value(h, SUM_FORMAT) | sum_value(h, t->name);
	for (size_t i = 0; i < t->ncols; i++)
		bad |= sum_value(h, t->cols[i].name) |
		       sum_value(h, t->cols[i].kind == ZF_COL_INT ? "integer" : "text");
	if ((rc = zf_db_prepare(db, &st, zf_buf_cstr(&sql), err)))
		goto out;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
		for (size_t i = 0; i < t->ncols; i++) {
			const char *v;
			int64_t x;
			if ((rc = read_value(st, t, i, &v, &x, err)))
				goto out;
			bad |= sum_value(h, v);
		}
		out->rows++;
	}
	if (rc != ZF_DB_DONE)
		goto out;
	rc = 0;
	if (bad || zf_sha256_end(h, d)) {
		h = NULL;
		rc = zf_err_set(err, ZF_ERROR, "无法计算数据表 %s 的校验和", t->name);
		goto out;
	}
	h = NULL;
	zf_hex(d, sizeof(d), out->sha256);
out:
	zf_stmt_done(st);
	zf_sha256_end(h, NULL);
	zf_buf_free(&sql);
	return rc;
}

/* ---- copying ---- */

int zf_store_sequence_advance(struct zf_db *db, const char *table, const char *column,
			      int64_t max, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_TEXT(table), ZF_ARG_TEXT(column), ZF_ARG_I64(max)};

	if (!is_pg(db) || max < 1)
		return 0;
	if (!ident_ok(table) || !ident_ok(column))
		return zf_err_set(err, ZF_EINVAL, "数据表或列名不受支持");
	/* setval(NULL, ...) is NULL: a column without a sequence is left alone. */
	return zf_repo_run(db, "SELECT setval(pg_get_serial_sequence(?, ?), ?)", args,
			   ZF_REPO_NARGS(args), err);
}

/* 1 for the tables a copy leaves alone: the schema's own record (compared by
 * version) and the portal's generation (a cache counter the target's triggers
 * keep while the rows arrive). */
static int not_copied(const char *name)
{
	return !strcmp(name, "schema_migration") || !strcmp(name, "portal_generation");
}

/* The index of T's primary key when it is one integer column, else -1. */
static int int_key(const struct zf_table *t)
{
	int key = -1;
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].pk) {
			if (key >= 0 || t->cols[i].kind != ZF_COL_INT)
				return -1;
			key = (int)i;
		}
	return key;
}

/* Copies the rows of T from FROM into TO with their ids, then advances T's
 * identity sequence past the largest. */
static int copy_table(struct zf_db *from, struct zf_db *to, const struct zf_table *t,
		      struct zf_err *err)
{
	struct zf_buf sel, ins;
	struct zf_stmt *src = NULL, *dst = NULL;
	int key = int_key(t), rc;
	int64_t max = 0;

	zf_buf_init(&sel, SQL_LIMIT);
	zf_buf_init(&ins, SQL_LIMIT);
	if ((rc = select_sql(from, t, &sel, err)) || (rc = insert_sql(to, t, &ins, err)) ||
	    (rc = zf_db_prepare(from, &src, zf_buf_cstr(&sel), err)))
		goto out;
	while ((rc = zf_stmt_step(src, err)) == ZF_DB_ROW) {
		int bad = 0;
		if ((rc = zf_db_prepare(to, &dst, zf_buf_cstr(&ins), err)))
			goto out;
		for (size_t i = 0; i < t->ncols; i++) {
			const char *v;
			int64_t x = 0;
			int idx = (int)i + 1;
			if ((rc = read_value(src, t, i, &v, &x, err)))
				goto out;
			if (!v)
				bad |= zf_stmt_bind_null(dst, idx);
			else if (t->cols[i].kind == ZF_COL_INT)
				bad |= zf_stmt_bind_i64(dst, idx, x);
			else
				bad |= zf_stmt_bind_text(dst, idx, v);
			if ((int)i == key && x > max)
				max = x;
		}
		if (bad) {
			rc = zf_err_set(err, ZF_ERROR, "数据库参数绑定失败");
			goto out;
		}
		rc = zf_stmt_run(dst, err);
		dst = NULL; /* zf_stmt_run released it */
		if (rc) {
			char why[sizeof(err->msg)] = "";
			if (err)
				memcpy(why, err->msg, sizeof(why));
			zf_err_set(err, rc, "写入数据表 %s 失败: %s", t->name, why);
			goto out;
		}
	}
	if (rc != ZF_DB_DONE)
		goto out;
	rc = key >= 0 ? zf_store_sequence_advance(to, t->name, t->cols[key].name, max, err) : 0;
out:
	zf_stmt_done(dst);
	zf_stmt_done(src);
	zf_buf_free(&sel);
	zf_buf_free(&ins);
	return rc;
}

/* The applied migration versions of DB, as a comma-separated list in A. */
static int versions(struct zf_db *db, struct zf_arena *a, char **out, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	struct zf_buf b;
	int rc;

	*out = NULL;
	zf_buf_init(&b, SQL_LIMIT);
	if ((rc = zf_db_prepare(db, &st, "SELECT version FROM schema_migration ORDER BY version", err)))
		goto out;
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW)
		zf_buf_printf(&b, "%s%" PRId64, b.len ? "," : "", zf_stmt_i64(st, 0));
	if (rc != ZF_DB_DONE)
		goto out;
	rc = b.failed || !(*out = zf_arena_strdup(a, zf_buf_cstr(&b)))
		     ? zf_err_set(err, ZF_ENOMEM, MSG_NOMEM)
		     : 0;
out:
	zf_stmt_done(st);
	zf_buf_free(&b);
	return rc;
}

/* 1 when table T of DB holds at least one row, 0 when none, or an error. */
static int has_rows(struct zf_db *db, const char *table, struct zf_err *err)
{
	struct zf_buf sql;
	struct zf_stmt *st = NULL;
	int rc;

	zf_buf_init(&sql, SQL_LIMIT);
	zf_buf_puts(&sql, "SELECT 1 FROM ");
	add_ident(&sql, table);
	zf_buf_puts(&sql, " LIMIT 1");
	if (sql.failed)
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	else if (!(rc = zf_db_prepare(db, &st, zf_buf_cstr(&sql), err)))
		rc = zf_stmt_step(st, err);
	zf_stmt_done(st);
	zf_buf_free(&sql);
	return rc;
}

/* Refuses a target whose tables differ from the source's or hold rows. */
static int check_target(struct zf_db *to, const struct zf_table *from, size_t nfrom,
			const struct zf_table *tt, size_t nto, struct zf_err *err)
{
	for (size_t i = 0; i < nto; i++)
		if (!find_table(from, nfrom, tt[i].name))
			return zf_err_set(err, ZF_ECONFLICT, "目标数据库有源数据库没有的数据表 %s，请换用一个空数据库",
					  tt[i].name);
	for (size_t i = 0; i < nfrom; i++) {
		const struct zf_table *f = &from[i], *t = find_table(tt, nto, f->name);
		int rows;
		if (!t)
			return zf_err_set(err, ZF_ECONFLICT, "目标数据库缺少数据表 %s", f->name);
		if (t->ncols != f->ncols)
			return zf_err_set(err, ZF_ECONFLICT, "数据表 %s 在两个数据库中的列不同", f->name);
		for (size_t c = 0; c < f->ncols; c++) {
			int found = 0;
			for (size_t k = 0; k < t->ncols && !found; k++)
				found = !strcmp(t->cols[k].name, f->cols[c].name) &&
					t->cols[k].kind == f->cols[c].kind;
			if (!found)
				return zf_err_set(err, ZF_ECONFLICT, "数据表 %s 的列 %s 在两个数据库中不同",
						  f->name, f->cols[c].name);
		}
		if (not_copied(f->name))
			continue;
		if ((rows = has_rows(to, f->name, err)) < 0)
			return rows;
		if (rows == ZF_DB_ROW)
			return zf_err_set(err, ZF_ECONFLICT, "目标数据库的数据表 %s 已有数据，只能复制到空数据库",
					  f->name);
	}
	return 0;
}

/* Checks that both databases hold zhifa at the same schema version. */
static int check_versions(struct zf_db *from, struct zf_db *to, struct zf_arena *a,
			  struct zf_copy_report *rep, struct zf_err *err)
{
	char *vf = NULL, *vt = NULL;
	int rc = zf_store_schema_present(from, err);

	if (rc == 0)
		return zf_err_set(err, ZF_ENOTFOUND, "源数据库中没有 zhifa 数据");
	if (rc < 0)
		return rc;
	if (zf_store_migrate_pending(from))
		return zf_err_set(err, ZF_ECONFLICT, "源数据库的结构不是当前版本，请先对它运行 zhifa migrate");
	if ((rc = zf_store_migrate(to, NULL, err)))
		return rc;
	if ((rc = versions(from, a, &vf, err)) || (rc = versions(to, a, &vt, err)) ||
	    (rc = zf_store_schema_version(from, &rep->version, err)))
		return rc;
	if (strcmp(vf, vt))
		return zf_err_set(err, ZF_ECONFLICT, "两个数据库的结构版本不同（源 %s，目标 %s）", vf, vt);
	return 0;
}

/* Copies every table but those not_copied, then compares them all. */
static int copy_all(struct zf_db *from, struct zf_db *to, struct zf_arena *a,
		    const struct zf_table *ts, size_t n, struct zf_copy_report *rep,
		    struct zf_err *err)
{
	int rc, differ = 0;

	if (!(rep->tables = n ? zf_arena_alloc(a, n * sizeof(*rep->tables)) : NULL) && n)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	for (size_t i = 0; i < n; i++)
		if (!not_copied(ts[i].name) && (rc = copy_table(from, to, &ts[i], err)))
			return rc;
	for (size_t i = 0; i < n; i++) {
		struct zf_copy_table *c = &rep->tables[rep->n];
		if (not_copied(ts[i].name))
			continue; /* compared by version; the generation is the target's own */
		c->name = ts[i].name;
		if ((rc = zf_store_table_sum(from, &ts[i], &c->from, err)) ||
		    (rc = zf_store_table_sum(to, &ts[i], &c->to, err)))
			return rc;
		c->same = c->from.rows == c->to.rows && !strcmp(c->from.sha256, c->to.sha256);
		differ += !c->same;
		rep->n++;
	}
	if (differ)
		return zf_err_set(err, ZF_ERROR, "%d 个数据表复制后校验不一致，目标数据库未作改动", differ);
	return 0;
}

int zf_store_copy(struct zf_db *from, struct zf_db *to, struct zf_arena *a,
		  struct zf_copy_report *rep, struct zf_err *err)
{
	struct zf_table *ft = NULL, *tt = NULL;
	size_t fn = 0, tn = 0;
	int rc;

	memset(rep, 0, sizeof(*rep));
	if ((rc = check_versions(from, to, a, rep, err)))
		return rc;
	/* One snapshot of the source (a read transaction) for the whole copy. */
	if ((rc = zf_db_begin(from, 0, err)))
		return rc;
	if ((rc = zf_store_tables(from, a, &ft, &fn, err)) ||
	    (rc = zf_db_begin(to, 1, err)))
		goto out;
	if (!(rc = zf_store_tables(to, a, &tt, &tn, err)) &&
	    !(rc = check_target(to, ft, fn, tt, tn, err)) &&
	    !(rc = copy_all(from, to, a, ft, fn, rep, err)))
		rc = zf_db_commit(to, err);
out:
	zf_db_rollback(to);
	zf_db_rollback(from);
	return rc;
}
