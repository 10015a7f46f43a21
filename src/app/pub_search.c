/* Public search over live publications: the n-gram index (rarest gram first, the others as lookups), filters, and the final phrase check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/publication.h"
#include "core/ngram.h"
#include "store/db.h"
#include "store/publication.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/time.h"

/* Postings counted per gram to choose the rarest (the LIMIT in
 * count_grams): beyond it a gram is simply "common" (counting all of them
 * would cost what it saves). */
/* Grams checked in SQL besides the driving one (the final check covers the rest). */
#define GRAM_EXTRA 4
/* Index entries read per search at most (bounds the worst case: a common
 * gram with a selective filter), and the largest batch. */
#define SCAN_MAX 20000
#define BATCH_MAX 2000

static const char *kind_name(int kind)
{
	return kind == ZF_PUB_INSPECTION ? "inspection" : "decision";
}

char *zf_app_pub_searchable(struct zf_arena *a, const struct zf_publication *p)
{
	const char *parts[6] = {p->title, p->party_name, p->doc_number, p->body_name, p->violation, p->text};
	struct zf_buf b;
	zf_buf_init(&b, (size_t)64 << 20);
	for (size_t i = 0; i < 6; i++) {
		zf_buf_puts(&b, parts[i] ? parts[i] : "");
		zf_buf_puts(&b, "\n");
	}
	char *out = b.failed ? NULL : zf_ngram_norm(a, zf_buf_cstr(&b));
	zf_buf_free(&b);
	return out;
}

int zf_app_pub_index_drop(struct zf_db *db, int64_t id, struct zf_err *err)
{
	return zf_store_pub_grams_delete(db, id, err);
}

int zf_app_pub_index_put(struct zf_db *db, struct zf_arena *a, const struct zf_publication *p,
			 struct zf_err *err)
{
	const char **grams = NULL;
	size_t n = 0;
	const char *text = zf_app_pub_searchable(a, p);

	if (!text || zf_ngram_index(a, text, &grams, &n))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	return zf_store_pub_grams_set(db, p->id, grams, n, err);
}

/* The columns every public read selects, in this order (see row_read). */
#define PUB_COLS                                                                                   \
	"p.id, p.body_id, b.name, p.kind, p.title, p.party_name, p.doc_number, p.violation, "      \
	"p.decided_on, p.period_end, p.published_at, p.case_id, p.version"

/* Reads the PUB_COLS starting at column C of the current row. */
static int row_read(struct zf_stmt *st, int c, struct zf_arena *a, struct zf_publication *p)
{
	const char *s[8];
	memset(p, 0, sizeof(*p));
	p->id = zf_stmt_i64(st, c);
	p->body_id = zf_stmt_i64(st, c + 1);
	p->kind = strcmp(zf_stmt_text(st, c + 3), "inspection") == 0 ? ZF_PUB_INSPECTION : ZF_PUB_DECISION;
	s[0] = p->body_name = zf_arena_strdup(a, zf_stmt_text(st, c + 2));
	s[1] = p->title = zf_arena_strdup(a, zf_stmt_text(st, c + 4));
	s[2] = p->party_name = zf_arena_strdup(a, zf_stmt_text(st, c + 5));
	s[3] = p->doc_number = zf_arena_strdup(a, zf_stmt_text(st, c + 6));
	s[4] = p->violation = zf_arena_strdup(a, zf_stmt_text(st, c + 7));
	s[5] = p->decided_on = zf_arena_strdup(a, zf_stmt_text(st, c + 8));
	s[6] = p->period_end = zf_arena_strdup(a, zf_stmt_text(st, c + 9));
	s[7] = p->state = "published";
	p->published_at = zf_stmt_i64(st, c + 10);
	p->case_id = zf_stmt_i64(st, c + 11);
	p->version = zf_stmt_i64(st, c + 12);
	p->log_index = -1;
	p->due_on = "";
	p->end_reason = "";
	for (size_t i = 0; i < 8; i++)
		if (!s[i])
			return ZF_ENOMEM;
	return 0;
}

/* A LIKE pattern "%Q%" with Q's wildcards escaped by '!'. */
static char *like(struct zf_arena *a, const char *q)
{
	size_t n = strlen(q), j = 0;
	char *p = zf_arena_alloc(a, 2 * n + 3);
	if (!p)
		return NULL;
	p[j++] = '%';
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '!')
			p[j++] = '!';
		p[j++] = *q;
	}
	p[j++] = '%';
	p[j] = '\0';
	return p;
}

static int blank(const char *s)
{
	return !s || zf_str_blank(s);
}

/* Validates Q: *LIMIT the effective limit. */
static int check(const struct zf_pub_query *q, int *limit, struct zf_err *err)
{
	struct zf_date d;
	*limit = q->limit ? q->limit : 20;
	if (q->limit < 0 || q->limit > 100)
		zf_err_field(err, "limit", "每页条数应为 1 至 100");
	if (q->q && zf_str_chars(q->q) > ZF_NGRAM_QUERY_MAX)
		zf_err_field(err, "q", "关键词不能超过 %d 个字", ZF_NGRAM_QUERY_MAX);
	if (q->party && zf_str_chars(q->party) > ZF_NGRAM_QUERY_MAX)
		zf_err_field(err, "party", "当事人不能超过 %d 个字", ZF_NGRAM_QUERY_MAX);
	if (q->doc_number && zf_str_chars(q->doc_number) > ZF_NGRAM_QUERY_MAX)
		zf_err_field(err, "doc_number", "文号不能超过 %d 个字", ZF_NGRAM_QUERY_MAX);
	if (q->violation && zf_str_chars(q->violation) > 200)
		zf_err_field(err, "violation", "违法行为类型过长");
	if (!blank(q->from) && zf_date_parse(q->from, &d))
		zf_err_field(err, "from", "起始日期格式应为 YYYY-MM-DD");
	if (!blank(q->to) && zf_date_parse(q->to, &d))
		zf_err_field(err, "to", "截止日期格式应为 YYYY-MM-DD");
	if (q->kind && q->kind != ZF_PUB_DECISION && q->kind != ZF_PUB_INSPECTION)
		zf_err_field(err, "kind", "公示类别无效");
	return err->nfields ? ZF_EINVAL : 0;
}

struct gram_count {
	const char *gram;
	int64_t n;
};

static int by_count(const void *x, const void *y)
{
	const struct gram_count *a = x, *b = y;
	return (a->n > b->n) - (a->n < b->n);
}

/* Counts the postings of each gram (capped): 0 with them sorted rarest first. */
static int count_grams(struct zf_db *db, struct gram_count *g, size_t n, struct zf_err *err)
{
	for (size_t i = 0; i < n; i++) {
		struct zf_stmt *st = NULL;
		int rc = zf_db_prepare(db, &st,
				       "SELECT COUNT(*) FROM (SELECT 1 FROM publication_gram WHERE gram = ? "
				       "LIMIT 1000) t",
				       err);
		if (rc)
			return rc;
		zf_stmt_bind_text(st, 1, g[i].gram);
		if ((rc = zf_stmt_one_i64(st, &g[i].n, err)))
			return rc;
	}
	qsort(g, n, sizeof(*g), by_count);
	return 0;
}

/* The SQL of one search shape and its parameters in order. */
struct plan {
	struct zf_buf sql;
	const char *text[16];
	int64_t num[16];
	int is_text[16];
	int np;
};

static void param_text(struct plan *p, const char *v)
{
	p->is_text[p->np] = 1;
	p->text[p->np++] = v;
}

static void param_num(struct plan *p, int64_t v)
{
	p->is_text[p->np] = 0;
	p->num[p->np++] = v;
}

/* Appends the filters of Q (after WHERE or ON) with their parameters. */
static void filters(struct plan *p, struct zf_arena *a, const struct zf_pub_query *q)
{
	if (q->kind) {
		zf_buf_puts(&p->sql, " AND p.kind = ?");
		param_text(p, kind_name(q->kind));
	}
	if (!blank(q->party)) {
		zf_buf_puts(&p->sql, " AND p.party_name LIKE ? ESCAPE '!'");
		param_text(p, like(a, q->party));
	}
	if (!blank(q->doc_number)) {
		zf_buf_puts(&p->sql, " AND p.doc_number LIKE ? ESCAPE '!'");
		param_text(p, like(a, q->doc_number));
	}
	if (q->body_id) {
		zf_buf_puts(&p->sql, " AND p.body_id = ?");
		param_num(p, q->body_id);
	}
	if (!blank(q->from)) {
		zf_buf_puts(&p->sql, " AND p.decided_on >= ?");
		param_text(p, q->from);
	}
	if (!blank(q->to)) {
		zf_buf_puts(&p->sql, " AND p.decided_on <= ?");
		param_text(p, q->to);
	}
	if (!blank(q->violation)) {
		zf_buf_puts(&p->sql, " AND p.violation = ?");
		param_text(p, q->violation);
	}
}

/* Builds the statement of one batch. With grams (NG > 0): BATCH index
 * entries of the rarest gram G[0] below BEFORE, newest first, each checked
 * against up to GRAM_EXTRA further grams (the next rarest) by primary-key
 * lookups, then joined
 * to the live publications passing the filters; every entry read is a row
 * (column 0 its id; the publication's columns NULL when it does not pass),
 * so the caller knows where the next batch starts. The plan is the same on
 * both databases: an index range scan with a limit, then key lookups.
 * Without grams: the newest live publications passing the filters, by the
 * (state, kind, id) index when the kind is given, else by the primary key. */
static int build(struct plan *p, struct zf_arena *a, const struct zf_pub_query *q,
		 const struct gram_count *g, size_t ng, int64_t before, int batch)
{
	zf_buf_init(&p->sql, 8192);
	p->np = 0;
	if (ng) {
		zf_buf_puts(&p->sql, "SELECT t.pid, " PUB_COLS ", p.text FROM (SELECT g.publication_id AS pid "
				     "FROM publication_gram g WHERE g.gram = ? AND g.publication_id < ?");
		param_text(p, g[0].gram);
		param_num(p, before > 0 ? before : INT64_MAX);
		for (size_t i = 1; i < ng && i <= GRAM_EXTRA; i++) {
			/* a scalar subquery, not EXISTS: PostgreSQL would turn EXISTS
			 * into a hash semi-join reading every posting of the gram */
			zf_buf_puts(&p->sql, " AND (SELECT x.publication_id FROM publication_gram x WHERE "
					     "x.gram = ? AND x.publication_id = g.publication_id) IS NOT NULL");
			param_text(p, g[i].gram);
		}
		zf_buf_puts(&p->sql, " ORDER BY g.publication_id DESC LIMIT ?) t "
				     "LEFT JOIN publication p ON p.id = t.pid AND p.state = 'published'");
		param_num(p, batch);
		filters(p, a, q);
		zf_buf_puts(&p->sql, " LEFT JOIN body b ON b.id = p.body_id ORDER BY t.pid DESC");
	} else {
		zf_buf_printf(&p->sql, "SELECT p.id, " PUB_COLS ", p.text FROM publication p "
				       "JOIN body b ON b.id = p.body_id WHERE %s AND p.id < ?",
			      q->kind ? "p.state = 'published'"
				      /* not the (state, ...) indexes: id order from the key */
				      : "CASE WHEN p.state = 'published' THEN 1 ELSE 0 END = 1");
		param_num(p, before > 0 ? before : INT64_MAX);
		filters(p, a, q);
		zf_buf_puts(&p->sql, " ORDER BY p.id DESC LIMIT ?");
		param_num(p, batch);
	}
	for (int i = 0; i < p->np; i++)
		if (p->is_text[i] && !p->text[i])
			return ZF_ENOMEM;
	return p->sql.failed ? ZF_ENOMEM : 0;
}

int zf_app_pub_search(struct zf_app *app, struct zf_arena *a, const struct zf_pub_query *q,
		      struct zf_publication **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct gram_count *g = NULL;
	struct zf_publication *res = NULL;
	const char **grams = NULL, *norm_q = NULL;
	size_t ng = 0, k = 0, scanned = 0;
	int limit = 0, rc;
	int64_t before = q->before_id;

	*out = NULL;
	*n = 0;
	if ((rc = check(q, &limit, err)))
		return rc;
	if (!blank(q->q)) {
		if (!(norm_q = zf_ngram_norm(a, q->q)) || zf_ngram_query(a, q->q, &grams, &ng))
			return zf_err_set(err, ZF_ENOMEM, "内存不足");
		if (!ng) /* punctuation only: nothing can match */
			return 0;
		if (!(g = zf_arena_alloc(a, ng * sizeof(*g))))
			return zf_err_set(err, ZF_ENOMEM, "内存不足");
		for (size_t i = 0; i < ng; i++)
			g[i] = (struct gram_count){grams[i], 0};
	}
	if (!(res = zf_arena_alloc(a, (size_t)limit * sizeof(*res))))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	/* one gram drives alone: nothing to choose, the scan finds out */
	if (ng > 1 && (rc = count_grams(db, g, ng, err)))
		goto done;
	if (ng > 1 && g[0].n == 0)
		goto done;
	/* Batches until LIMIT items pass the final check (rarely more than one). */
	int batch = norm_q ? limit + limit / 2 + 2 : limit;
	while ((int)k < limit && scanned < SCAN_MAX) {
		struct plan p;
		struct zf_stmt *st = NULL;
		int got = 0;
		if ((rc = build(&p, a, q, g, ng, before, batch)) ||
		    (rc = zf_db_prepare(db, &st, zf_buf_cstr(&p.sql), err))) {
			zf_buf_free(&p.sql);
			if (rc == ZF_ENOMEM)
				zf_err_set(err, rc, "内存不足");
			goto done;
		}
		zf_buf_free(&p.sql);
		for (int i = 0; i < p.np; i++)
			if (p.is_text[i])
				zf_stmt_bind_text(st, i + 1, p.text[i]);
			else
				zf_stmt_bind_i64(st, i + 1, p.num[i]);
		while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW) {
			struct zf_publication *it = &res[k];
			got++;
			before = zf_stmt_i64(st, 0);
			if ((int)k == limit || zf_stmt_is_null(st, 1)) /* enough, or not live / filtered out */
				continue;
			if ((rc = row_read(st, 1, a, it)) || !(it->text = zf_arena_strdup(a, zf_stmt_text(st, 14)))) {
				zf_stmt_done(st);
				rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
				goto done;
			}
			if (norm_q) {
				const char *hay = zf_app_pub_searchable(a, it);
				if (!hay) {
					zf_stmt_done(st);
					rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
					goto done;
				}
				if (!zf_ngram_match(hay, norm_q))
					continue;
			}
			k++;
		}
		zf_stmt_done(st);
		if (rc != ZF_DB_DONE)
			goto done;
		rc = 0;
		scanned += (size_t)got;
		if (got < batch)
			break;
		batch = batch * 4 < BATCH_MAX ? batch * 4 : BATCH_MAX;
	}
done:
	zf_dbpool_put(app->pool, db);
	if (rc)
		return rc;
	*out = res;
	*n = k;
	return 0;
}

int zf_app_pub_open_page(struct zf_app *app, struct zf_arena *a, int kind, int64_t before_id,
			 int limit, struct zf_publication **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_stmt *st = NULL;
	struct zf_publication *res;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > 1000)
		return zf_err_field(err, "limit", "每页条数应为 1 至 1000");
	if (!(res = zf_arena_alloc(a, (size_t)limit * sizeof(*res))))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	/* a kind: the (state, kind, id) index gives the order; both kinds: the key */
	rc = kind ? zf_db_prepare(db, &st,
				  "SELECT " PUB_COLS " FROM publication p JOIN body b ON b.id = p.body_id "
				  "WHERE p.state = 'published' AND p.kind = ? AND p.id < ? "
				  "ORDER BY p.id DESC LIMIT ?",
				  err)
		  : zf_db_prepare(db, &st,
				  "SELECT " PUB_COLS " FROM publication p JOIN body b ON b.id = p.body_id "
				  "WHERE CASE WHEN p.state = 'published' THEN 1 ELSE 0 END = 1 "
				  "AND CAST(? AS TEXT) = '' AND p.id < ? ORDER BY p.id DESC LIMIT ?",
				  err);
	if (rc)
		goto done;
	zf_stmt_bind_text(st, 1, kind ? kind_name(kind) : "");
	zf_stmt_bind_i64(st, 2, before_id > 0 ? before_id : INT64_MAX);
	zf_stmt_bind_i64(st, 3, limit);
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW)
		if ((rc = row_read(st, 0, a, &res[k++]))) {
			rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
			break;
		}
	zf_stmt_done(st);
	if (rc == ZF_DB_DONE)
		rc = 0;
done:
	zf_dbpool_put(app->pool, db);
	if (!rc) {
		*out = res;
		*n = k;
	}
	return rc;
}
