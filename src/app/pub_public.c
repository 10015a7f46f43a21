/* The public side of publicity: published items as the public reads them, and correction requests (异议/纠错) filed and looked up by anyone. */
#include <stdio.h>
#include <string.h>

#include "app/calendar.h"
#include "app/ledger.h"
#include "app/publication.h"
#include "app/tx.h"
#include "core/calendar.h"
#include "ledger/entry.h"
#include "store/db.h"
#include "store/history.h"
#include "util/str.h"
#include "util/time.h"

#define MSG_NOMEM "内存不足"
#define CORRECTION_DAYS 15 /* working days to answer a correction request */
#define PUB_COLS                                                                                   \
	"p.id, p.body_id, b.name, p.kind, p.state, p.title, p.party_name, p.doc_number, "          \
	"p.violation, p.decided_on, p.period_end, p.text, p.salt, p.published_at, p.ended_at, "   \
	"p.end_reason, p.history_id "

/* A string column copied into A ("" for NULL). */
static const char *col(struct zf_arena *a, struct zf_stmt *st, int i)
{
	const char *s = zf_stmt_text(st, i);
	return zf_arena_strdup(a, s ? s : "");
}

/* The leaf index of the entry committing to history row HISTORY_ID, -1 while pending. */
static int leaf_of(struct zf_db *db, int64_t history_id, int64_t *index, struct zf_err *err)
{
	struct zf_stmt *st = NULL;
	char pattern[64];
	int rc;

	*index = -1;
	if (history_id <= 0)
		return 0;
	snprintf(pattern, sizeof(pattern), "%%\nrecord history:%lld\n%%", (long long)history_id);
	if ((rc = zf_db_prepare(db, &st, "SELECT idx FROM log_leaf WHERE entry LIKE ? ORDER BY idx LIMIT 1", err)))
		return rc;
	zf_stmt_bind_text(st, 1, pattern);
	rc = zf_stmt_step(st, err);
	if (rc == ZF_DB_ROW)
		*index = zf_stmt_i64(st, 0);
	zf_stmt_done(st);
	return rc == ZF_DB_ROW || rc == ZF_DB_DONE ? 0 : rc;
}

/* Row of ST (PUB_COLS) into *P in A; the text and salt only while live. */
static int pub_row(struct zf_arena *a, struct zf_stmt *st, struct zf_publication *p)
{
	memset(p, 0, sizeof(*p));
	p->id = zf_stmt_i64(st, 0);
	p->body_id = zf_stmt_i64(st, 1);
	p->body_name = col(a, st, 2);
	const char *kind = zf_stmt_text(st, 3);
	p->kind = kind && !strcmp(kind, "inspection") ? ZF_PUB_INSPECTION : ZF_PUB_DECISION;
	p->state = col(a, st, 4);
	p->title = col(a, st, 5);
	p->party_name = col(a, st, 6);
	p->doc_number = col(a, st, 7);
	p->violation = col(a, st, 8);
	p->decided_on = col(a, st, 9);
	p->due_on = "";
	p->period_end = col(a, st, 10);
	int live = p->state && !strcmp(p->state, "published");
	p->text = live ? col(a, st, 11) : "";
	p->salt = live ? col(a, st, 12) : "";
	p->published_at = zf_stmt_i64(st, 13);
	p->ended_at = zf_stmt_i64(st, 14);
	p->end_reason = col(a, st, 15);
	p->history_id = zf_stmt_i64(st, 16);
	p->log_index = -1;
	p->version = 0;
	return p->body_name && p->state && p->title && p->party_name && p->doc_number &&
			       p->violation && p->decided_on && p->period_end && p->text && p->salt &&
			       p->end_reason
		       ? 0
		       : ZF_ENOMEM;
}

/* "%S%" for a LIKE contains-match of S ("" when S is empty), in A. */
static const char *contains(struct zf_arena *a, const char *s)
{
	if (!s || !*s)
		return "";
	return zf_arena_printf(a, "%%%s%%", s);
}

int zf_app_pub_search(struct zf_app *app, struct zf_arena *a, const struct zf_pub_query *q,
		      struct zf_publication **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_stmt *st = NULL;
	int limit = q->limit <= 0 ? 20 : q->limit > 100 ? 100 : q->limit;
	const char *kind = q->kind == ZF_PUB_INSPECTION ? "inspection" : q->kind == ZF_PUB_DECISION ? "decision" : "";
	const char *text = contains(a, q->q), *party = contains(a, q->party);
	const char *docno = contains(a, q->doc_number), *viol = contains(a, q->violation);
	const char *from = q->from ? q->from : "", *to = q->to ? q->to : "";
	size_t cap = (size_t)limit, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!text || !party || !docno || !viol)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if (!(*out = zf_arena_alloc(a, cap * sizeof(**out))))
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if ((rc = zf_dbpool_get(app->pool, &db, 2000, err)))
		return rc;
	rc = zf_db_prepare(db, &st,
			   "SELECT " PUB_COLS "FROM publication p JOIN body b ON b.id = p.body_id "
			   "WHERE p.state = 'published' AND (? = '' OR p.kind = ?) "
			   "AND (? = 0 OR p.body_id = ?) AND (? = 0 OR p.id < ?) "
			   "AND (? = '' OR p.decided_on >= ?) AND (? = '' OR p.decided_on <= ?) "
			   "AND (? = '' OR p.party_name LIKE ?) AND (? = '' OR p.doc_number LIKE ?) "
			   "AND (? = '' OR p.violation LIKE ?) "
			   "AND (? = '' OR p.title LIKE ? OR p.party_name LIKE ? OR p.doc_number LIKE ? "
			   "OR p.violation LIKE ? OR b.name LIKE ? OR p.text LIKE ?) "
			   "ORDER BY p.id DESC LIMIT ?",
			   err);
	if (rc)
		goto out;
	int i = 1;
	zf_stmt_bind_text(st, i++, kind);
	zf_stmt_bind_text(st, i++, kind);
	zf_stmt_bind_i64(st, i++, q->body_id);
	zf_stmt_bind_i64(st, i++, q->body_id);
	zf_stmt_bind_i64(st, i++, q->before_id);
	zf_stmt_bind_i64(st, i++, q->before_id);
	zf_stmt_bind_text(st, i++, from);
	zf_stmt_bind_text(st, i++, from);
	zf_stmt_bind_text(st, i++, to);
	zf_stmt_bind_text(st, i++, to);
	zf_stmt_bind_text(st, i++, party);
	zf_stmt_bind_text(st, i++, party);
	zf_stmt_bind_text(st, i++, docno);
	zf_stmt_bind_text(st, i++, docno);
	zf_stmt_bind_text(st, i++, viol);
	zf_stmt_bind_text(st, i++, viol);
	for (int j = 0; j < 7; j++)
		zf_stmt_bind_text(st, i++, text);
	zf_stmt_bind_i64(st, i++, limit);
	while ((rc = zf_stmt_step(st, err)) == ZF_DB_ROW && k < cap) {
		if ((rc = pub_row(a, st, &(*out)[k]))) {
			zf_err_set(err, rc, MSG_NOMEM);
			break;
		}
		(*out)[k].text = ""; /* lists carry no text */
		(*out)[k].salt = "";
		k++;
	}
	zf_stmt_done(st);
	if (rc == ZF_DB_ROW || rc == ZF_DB_DONE)
		rc = 0;
	for (size_t j = 0; rc == 0 && j < k; j++)
		rc = leaf_of(db, (*out)[j].history_id, &(*out)[j].log_index, err);
	*n = rc ? 0 : k;
out:
	zf_dbpool_put(app->pool, db);
	return rc;
}

int zf_app_pub_public(struct zf_app *app, struct zf_arena *a, int64_t id,
		      struct zf_publication *out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = zf_dbpool_get(app->pool, &db, 2000, err)))
		return rc;
	rc = zf_db_prepare(db, &st,
			   "SELECT " PUB_COLS "FROM publication p JOIN body b ON b.id = p.body_id "
			   "WHERE p.id = ? AND p.state IN ('published', 'withdrawn', 'expired', 'removed')",
			   err);
	if (rc)
		goto out;
	zf_stmt_bind_i64(st, 1, id);
	rc = zf_stmt_step(st, err);
	if (rc == ZF_DB_ROW)
		rc = pub_row(a, st, out) ? zf_err_set(err, ZF_ENOMEM, MSG_NOMEM) : 0;
	else if (rc == ZF_DB_DONE)
		rc = zf_err_set(err, ZF_ENOTFOUND, "未找到该公示信息");
	zf_stmt_done(st);
	if (rc == 0)
		rc = leaf_of(db, out->history_id, &out->log_index, err);
out:
	zf_dbpool_put(app->pool, db);
	return rc;
}

/* The due date CORRECTION_DAYS working days after today into DUE. */
static int correction_due(struct zf_app *app, char due[11], struct zf_err *err)
{
	struct zf_calendar *cal = NULL;
	struct zf_due d;
	int rc = zf_app_calendar(app, &cal, err);
	if (rc)
		return rc;
	rc = zf_calendar_add_working(cal, zf_clock_today(&app->clock), CORRECTION_DAYS, &d, err);
	zf_calendar_free(cal);
	if (rc == 0)
		zf_date_iso(d.date, due);
	return rc;
}

/* Checks the requester's fields: name 1..50, contact 5..100, content 10..2000 characters. */
static int correction_check(const char *name, const char *contact, const char *content,
			    struct zf_err *err)
{
	size_t nn = name ? zf_str_chars(name) : 0, nc = contact ? zf_str_chars(contact) : 0;
	size_t nt = content ? zf_str_chars(content) : 0;
	if (!name || zf_str_blank(name) || nn > 50 || !zf_str_utf8_ok(name, strlen(name), 0))
		zf_err_field(err, "name", "姓名或名称应为 1 至 50 个字");
	if (!contact || zf_str_blank(contact) || nc < 5 || nc > 100 ||
	    !zf_str_utf8_ok(contact, strlen(contact), 0))
		zf_err_field(err, "contact", "联系方式应为电话或电子邮箱（5 至 100 个字符）");
	if (!content || nt < 10 || nt > 2000 || !zf_str_utf8_ok(content, strlen(content), 1))
		zf_err_field(err, "content", "异议内容应为 10 至 2000 个字");
	return err->code ? ZF_EINVAL : 0;
}

int zf_app_correction_file(struct zf_app *app, const struct zf_actor *actor, int64_t pub_id,
			   const char *name, const char *contact, const char *content,
			   char tracking[32], char due[11], struct zf_err *err)
{
	struct zf_tx tx;
	struct zf_stmt *st = NULL;
	char salt[65], after[160], day[11];
	int64_t id = 0, live = 0;
	int rc;

	tracking[0] = due[0] = '\0';
	if ((rc = correction_check(name, contact, content, err)))
		return rc;
	if ((rc = correction_due(app, due, err)) || zf_entry_salt(salt))
		return rc ? rc : zf_err_set(err, ZF_ERROR, "无法生成受理编号");
	zf_date_iso(zf_clock_today(&app->clock), day);
	/* JC + date + 8 random hex digits (upper case): hard to guess, easy to read out. */
	snprintf(tracking, 32, "JC%.4s%.2s%.2s%.8s", day, day + 5, day + 8, salt);
	for (char *c = tracking; *c; c++)
		if (*c >= 'a' && *c <= 'f')
			*c = (char)(*c - 'a' + 'A');
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		return rc;
	if (!(rc = zf_db_prepare(tx.db, &st, "SELECT count(*) FROM publication WHERE id = ? AND state = 'published'", err))) {
		zf_stmt_bind_i64(st, 1, pub_id);
		rc = zf_stmt_one_i64(st, &live, err);
	}
	if (rc == 0 && !live)
		rc = zf_err_set(err, ZF_ENOTFOUND, "该公示信息已不在公示期内，无法提出异议");
	if (rc == 0 && !(rc = zf_db_prepare(tx.db, &st,
					    "INSERT INTO correction_request (tracking_no, publication_id, name, contact, "
					    "content, filed_at, due_on, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'open') RETURNING id",
					    err))) {
		zf_stmt_bind_text(st, 1, tracking);
		zf_stmt_bind_i64(st, 2, pub_id);
		zf_stmt_bind_text(st, 3, name);
		zf_stmt_bind_text(st, 4, contact);
		zf_stmt_bind_text(st, 5, content);
		zf_stmt_bind_i64(st, 6, tx.now);
		zf_stmt_bind_text(st, 7, due);
		rc = zf_stmt_one_i64(st, &id, err);
	}
	if (rc == 0) {
		/* No personal data in the history row nor the log. */
		snprintf(after, sizeof(after), "{\"publication_id\":%lld,\"tracking_no\":\"%s\",\"due_on\":\"%s\"}",
			 (long long)pub_id, tracking, due);
		struct zf_history h = {.entity = "correction_request", .entity_id = id,
				       .action = "correction_file", .after_json = after};
		rc = zf_app_log_history(&tx, &h, NULL, err);
	}
	rc = zf_tx_end(&tx, rc, err);
	if (rc)
		tracking[0] = due[0] = '\0';
	return rc;
}

int zf_app_correction_lookup(struct zf_app *app, struct zf_arena *a, const char *tracking,
			     struct zf_correction *out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!tracking || !*tracking || strlen(tracking) > 31)
		return zf_err_set(err, ZF_ENOTFOUND, "未找到该受理编号，请核对");
	if ((rc = zf_dbpool_get(app->pool, &db, 2000, err)))
		return rc;
	if (!(rc = zf_db_prepare(db, &st,
				 "SELECT tracking_no, publication_id, filed_at, due_on, state, answer, answered_at "
				 "FROM correction_request WHERE tracking_no = ?",
				 err))) {
		zf_stmt_bind_text(st, 1, tracking);
		rc = zf_stmt_step(st, err);
		if (rc == ZF_DB_ROW) {
			out->tracking_no = col(a, st, 0);
			out->publication_id = zf_stmt_i64(st, 1);
			out->filed_at = zf_stmt_i64(st, 2);
			out->due_on = col(a, st, 3);
			out->state = col(a, st, 4);
			out->answer = col(a, st, 5);
			out->answered_at = zf_stmt_i64(st, 6);
			rc = out->tracking_no && out->due_on && out->state && out->answer
				     ? 0
				     : zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		} else if (rc == ZF_DB_DONE) {
			rc = zf_err_set(err, ZF_ENOTFOUND, "未找到该受理编号，请核对");
		}
		zf_stmt_done(st);
	}
	zf_dbpool_put(app->pool, db);
	return rc;
}
