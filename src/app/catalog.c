/* The major-decision catalog per body: the version in force, drafts by a reviewer or leader, approval by another person who is the body's 负责人, rejection; every change a history row and a record-log entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/case_int.h"
#include "app/catalog.h"
#include "app/ledger.h"
#include "app/review.h"
#include "app/tx.h"
#include "core/role.h"
#include "store/history.h"
#include "util/str.h"

#define MSG_NOMEM "内存不足，请稍后重试"
#define NOTE_MAX 500

int zf_app_catalog_current(struct zf_db *db, int64_t body_id, json_t **out, int64_t *version,
			   struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(1 << 20);
	struct zf_catalog_row row;
	int rc;

	*out = NULL;
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	rc = zf_store_catalog_current(db, a, body_id, &row, err);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		*out = zf_catalog_default();
		if (version)
			*version = 0;
		rc = *out ? 0 : zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	} else if (!rc) {
		json_error_t jerr;
		*out = json_loads(row.json, 0, &jerr);
		if (version)
			*version = row.version;
		if (!*out)
			rc = zf_err_set(err, ZF_EINTEGRITY, "目录清单第%lld版无法读取",
					(long long)row.version);
	}
	zf_arena_free(a);
	return rc;
}

/* 0 when ACTOR may read the catalog versions of BODY_ID. */
static int may_read(const struct zf_actor *actor, int64_t body_id, struct zf_err *err)
{
	if (actor->cli)
		return 0;
	if (!zf_role_allows(actor->role, ZF_PERM_REVIEW))
		return zf_err_set(err, ZF_EDENIED, "无权查看法制审核目录清单的草稿和审批记录");
	if (body_id != actor->body_id && !zf_role_all_bodies(actor->role))
		return zf_err_set(err, ZF_EDENIED, "只能查看本执法主体的法制审核目录清单");
	return 0;
}

int zf_app_catalog_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			int64_t body_id, struct zf_catalog_row **rows, size_t *n,
			struct zf_err *err)
{
	struct zf_db *db = NULL;
	char target[48];
	int rc = may_read(actor, body_id, err);

	*rows = NULL;
	*n = 0;
	snprintf(target, sizeof(target), "body:%lld", (long long)body_id);
	if (rc)
		return zf_case_refuse(app, actor, "catalog_list", target, rc, err);
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_catalog_list(db, a, body_id, rows, n, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}

int zf_app_catalog_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		       int64_t id, struct zf_catalog_row *row, struct zf_err *err)
{
	struct zf_db *db = NULL;
	char target[48];
	int rc;

	snprintf(target, sizeof(target), "review_catalog:%lld", (long long)id);
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_catalog_get(db, a, id, row, err);
	zf_dbpool_put(app->pool, db);
	if (!rc && (rc = may_read(actor, row->body_id, err)))
		return zf_case_refuse(app, actor, "catalog_get", target, rc, err);
	return rc;
}

int zf_app_catalog_published(struct zf_app *app, struct zf_arena *a, int64_t body_id,
			     struct zf_catalog_row **rows, size_t *n, struct zf_err *err)
{
	struct zf_catalog_row *all = NULL;
	struct zf_db *db = NULL;
	size_t count = 0, k = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_catalog_list(db, a, body_id, &all, &count, err);
	zf_dbpool_put(app->pool, db);
	if (rc)
		return rc;
	/* Approved rows, in place: drafts and rejections are internal. */
	for (size_t i = 0; i < count; i++)
		if (strcmp(all[i].state, "approved") == 0)
			all[k++] = all[i];
	*rows = k ? all : NULL;
	*n = k;
	return 0;
}

/* Writes the history row and log entry of ACTION on catalog row ID of
 * BODY_ID with AFTER (borrowed) plus the audit record, inside TX. */
static int record(struct zf_tx *tx, const char *action, int64_t id, json_t *after,
		  struct zf_err *err)
{
	char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char target[48];
	int rc;

	if (!text)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	struct zf_history h = {.entity = "review_catalog", .entity_id = id, .action = action,
			       .after_json = text};
	snprintf(target, sizeof(target), "review_catalog:%lld", (long long)id);
	if (!(rc = zf_app_log_history(tx, &h, NULL, err)))
		rc = zf_tx_audit(tx, action, target, "ok", "", err);
	free(text);
	return rc;
}

int zf_app_catalog_draft(struct zf_app *app, const struct zf_actor *actor, const json_t *cat,
			 const char *note, int64_t *id, struct zf_err *err)
{
	char *text = NULL, target[48];
	json_t *after = NULL;
	struct zf_tx tx;
	int64_t new_id = 0;
	int rc = 0;

	snprintf(target, sizeof(target), "body:%lld", (long long)actor->body_id);
	if (actor->role != ZF_ROLE_REVIEWER && actor->role != ZF_ROLE_LEADER) {
		rc = zf_err_set(err, ZF_EDENIED,
				"法制审核目录清单只能由本执法主体的法制审核人员或者负责人起草");
		goto refused;
	}
	if (!note)
		note = "";
	if (zf_str_chars(note) > NOTE_MAX) {
		rc = zf_err_field(err, "note", "说明不能超过%d个字", NOTE_MAX);
		goto refused;
	}
	if ((rc = zf_catalog_check(cat, err)))
		goto refused;
	if (!(text = json_dumps(cat, JSON_COMPACT | JSON_SORT_KEYS))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto out;
	if (!(rc = zf_store_catalog_draft(tx.db, actor->body_id, text, note, actor->account_id,
					  tx.now, &new_id, err))) {
		after = json_pack("{s:I, s:s, s:O, s:s}", "body_id", (json_int_t)actor->body_id,
				  "state", "draft", "catalog", cat, "note", note);
		rc = record(&tx, "catalog_draft", new_id, after, err);
	}
	if ((rc = zf_tx_end(&tx, rc, err)))
		goto refused;
	if (id)
		*id = new_id;
	goto out;
refused:
	zf_case_refuse(app, actor, "catalog_draft", target, rc, err);
out:
	json_decref(after);
	free(text);
	return rc;
}

/* Loads draft ID inside TX into *ROW and checks that ACTOR is the 负责人
 * of its body (and, when APPROVING, not its drafter). */
static int decider_check(struct zf_tx *tx, struct zf_arena *a, int64_t id, int approving,
			 struct zf_catalog_row *row, struct zf_err *err)
{
	const struct zf_actor *actor = tx->actor;
	int rc = zf_store_catalog_get(tx->db, a, id, row, err);

	if (rc)
		return rc;
	if (actor->role != ZF_ROLE_LEADER || actor->body_id != row->body_id)
		return zf_err_set(err, ZF_EDENIED, "法制审核目录清单只能由本执法主体的负责人%s",
				  approving ? "批准" : "退回");
	if (approving && actor->account_id == row->drafted_by)
		return zf_err_set(err, ZF_EDENIED,
				  "起草人不能批准自己起草的目录清单：须由另一名负责人批准");
	if (strcmp(row->state, "draft") != 0)
		return zf_err_set(err, ZF_ECONFLICT,
				  "该目录清单已经审批或者已被新的草稿取代，不能再审批");
	return 0;
}

/* Approves (REASON NULL) or rejects draft ID; the new version into *VERSION. */
static int decide(struct zf_app *app, const struct zf_actor *actor, int64_t id,
		  const char *reason, int64_t *version, struct zf_err *err)
{
	const char *action = reason ? "catalog_reject" : "catalog_approve";
	struct zf_arena *a = zf_arena_new(1 << 20);
	struct zf_catalog_row row;
	json_t *after = NULL, *cat = NULL;
	char target[48];
	struct zf_tx tx;
	int64_t v = 0;
	int rc;

	snprintf(target, sizeof(target), "review_catalog:%lld", (long long)id);
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto out;
	if (!(rc = decider_check(&tx, a, id, !reason, &row, err))) {
		rc = reason ? zf_store_catalog_reject(tx.db, id, actor->account_id, tx.now, reason,
						      err)
			    : zf_store_catalog_approve(tx.db, id, actor->account_id, tx.now, &v,
						       err);
	}
	if (!rc) {
		cat = json_loads(row.json, 0, NULL);
		after = json_pack("{s:I, s:s, s:I, s:o*, s:s}", "body_id", (json_int_t)row.body_id,
				  "state", reason ? "rejected" : "approved", "version",
				  (json_int_t)v, "catalog", json_incref(cat), "reason",
				  reason ? reason : "");
		rc = record(&tx, action, id, after, err);
	}
	rc = zf_tx_end(&tx, rc, err);
	if (rc)
		zf_case_refuse(app, actor, action, target, rc, err);
	else if (version)
		*version = v;
out:
	json_decref(after);
	json_decref(cat);
	zf_arena_free(a);
	return rc;
}

int zf_app_catalog_approve(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			   int64_t *version, struct zf_err *err)
{
	return decide(app, actor, id, NULL, version, err);
}

int zf_app_catalog_reject(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			  const char *reason, struct zf_err *err)
{
	char target[48];
	size_t n = reason ? zf_str_chars(reason) : 0;

	if (!reason || zf_str_blank(reason) || n < 2 || n > NOTE_MAX) {
		snprintf(target, sizeof(target), "review_catalog:%lld", (long long)id);
		zf_err_field(err, "reason", "请填写退回理由（2至%d个字）", NOTE_MAX);
		return zf_case_refuse(app, actor, "catalog_reject", target, ZF_EINVAL, err);
	}
	return decide(app, actor, id, reason, NULL, err);
}
