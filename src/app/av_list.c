/* The AV requirement list of a body (the live version, or the default derived from the procedure definitions; drafts by a reviewer or leader, approval by another leader of the body, rejection; each step logged) and the AV exceptions listed for supervisors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/case.h"
#include "app/av_list_int.h"
#include "app/case_int.h"
#include "app/evidence.h"
#include "app/ledger.h"
#include "core/role.h"
#include "store/av_list.h"
#include "store/history.h"
#include "util/str.h"

int zf_app_av_list_read(struct zf_db *db, const struct zf_procedures *set, int64_t body_id,
			json_t **out, int64_t *version, int64_t *at, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	const char *text = NULL;
	int64_t v = 0, t = 0;
	int rc;

	*out = NULL;
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	rc = zf_store_av_list_latest(db, a, body_id, &text, &v, &t, err);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		v = t = 0;
		rc = (*out = zf_av_list_default(set)) ? 0
						      : zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	} else if (!rc && !(*out = json_loads(text, 0, NULL))) {
		rc = zf_err_set(err, ZF_ERROR, "音像记录事项清单第%lld版无法读取", (long long)v);
	}
	zf_arena_free(a);
	if (!rc) {
		if (version)
			*version = v;
		if (at)
			*at = t;
	}
	return rc;
}

int zf_app_av_list_at(struct zf_app *app, int64_t body_id, json_t **out, int64_t *version,
		      int64_t *at, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc;

	*out = NULL;
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_app_av_list_read(db, zf_app_procedures(app), body_id, out, version, at, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}

int zf_app_av_list(struct zf_app *app, int64_t body_id, json_t **out, int64_t *version,
		   struct zf_err *err)
{
	return zf_app_av_list_at(app, body_id, out, version, NULL, err);
}

#define REASON_MAX 500

/* Writes the history row and log entry of ACTION on list row ID of BODY
 * (STATE, VERSION, LIST or REASON when set) and the audit record, in TX. */
static int record(struct zf_tx *tx, const char *action, int64_t id, int64_t body,
		  const char *state, int64_t version, const json_t *list, const char *reason,
		  struct zf_err *err)
{
	json_t *after = json_pack("{s:I,s:I,s:s,s:I}", "id", (json_int_t)id, "body_id",
				  (json_int_t)body, "state", state, "version", (json_int_t)version);
	char *text = NULL, target[48];
	int rc;

	if (after && list)
		json_object_set(after, "list", (json_t *)list);
	if (after && reason)
		json_object_set_new(after, "reason", json_string(reason));
	if (!after || !(text = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS))) {
		json_decref(after);
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	}
	struct zf_history h = {.entity = "av_list", .entity_id = id, .action = action,
			       .after_json = text};
	snprintf(target, sizeof(target), "av_list:%lld", (long long)id);
	if (!(rc = zf_app_log_history(tx, &h, NULL, err)))
		rc = zf_tx_audit(tx, action, target, "ok", "", err);
	json_decref(after);
	free(text);
	return rc;
}

int zf_app_av_list_set(struct zf_app *app, const struct zf_actor *actor, int64_t body_id,
		       const json_t *list, int64_t *id, struct zf_err *err)
{
	int64_t body = body_id ? body_id : actor->body_id, new_id = 0;
	char target[48], *text = NULL;
	struct zf_tx tx;
	int rc = 0;

	snprintf(target, sizeof(target), "body:%lld", (long long)body);
	if (!actor->cli && actor->role != ZF_ROLE_REVIEWER && actor->role != ZF_ROLE_LEADER)
		rc = zf_err_set(err, ZF_EDENIED,
				"没有起草音像记录事项清单的权限：只有本执法主体的法制审核人员或者负责人可以起草");
	else if (!actor->cli && body != actor->body_id)
		rc = zf_err_set(err, ZF_EDENIED, "没有起草其他执法主体音像记录事项清单的权限");
	else
		rc = zf_av_list_check(list, zf_app_procedures(app), err);
	if (rc)
		return zf_case_refuse(app, actor, "av_list_draft", target, rc, err);
	if (!(text = json_dumps(list, JSON_COMPACT | JSON_SORT_KEYS)))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if (!(rc = zf_tx_begin(&tx, app, actor, err))) {
		if (!(rc = zf_store_av_list_draft(tx.db, body, text, tx.now, actor->account_id,
						  &new_id, err)))
			rc = record(&tx, "av_list_draft", new_id, body, "draft", 0, list, NULL,
				    err);
		if ((rc = zf_tx_end(&tx, rc, err)))
			zf_case_refuse(app, actor, "av_list_draft", target, rc, err);
	}
	free(text);
	if (!rc && id)
		*id = new_id;
	return rc;
}

/* Approves (REASON NULL) or rejects draft ID as ACTOR, a leader of its body
 * (not its drafter when approving); the new version into *VERSION. */
static int decide(struct zf_app *app, const struct zf_actor *actor, int64_t id,
		  const char *reason, int64_t *version, struct zf_err *err)
{
	const char *action = reason ? "av_list_reject" : "av_list_approve";
	struct zf_arena *a = zf_arena_new(0);
	struct zf_av_list_rec r;
	char target[48];
	struct zf_tx tx;
	int64_t v = 0;
	int rc;

	snprintf(target, sizeof(target), "av_list:%lld", (long long)id);
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto out;
	if ((rc = zf_store_av_list_get(tx.db, a, id, &r, err)))
		;
	else if (actor->role != ZF_ROLE_LEADER || actor->body_id != r.body_id)
		rc = zf_err_set(err, ZF_EDENIED, "没有%s音像记录事项清单的权限：只有本执法主体的负责人可以%s",
				reason ? "退回" : "批准", reason ? "退回" : "批准");
	else if (!reason && actor->account_id == r.drafted_by)
		rc = zf_err_set(err, ZF_EDENIED,
				"没有批准该清单的权限：起草人不能批准自己起草的音像记录事项清单，须由另一名负责人批准");
	else if (strcmp(r.state, "draft") != 0)
		rc = zf_err_set(err, ZF_ECONFLICT, "该音像记录事项清单已经审批，不能再审批");
	else if (reason)
		rc = zf_store_av_list_reject(tx.db, id, actor->account_id, tx.now, reason, err);
	else
		rc = zf_store_av_list_approve(tx.db, id, actor->account_id, tx.now, &v, err);
	if (!rc)
		rc = record(&tx, action, id, r.body_id, reason ? "rejected" : "live", v, NULL,
			    reason, err);
	if ((rc = zf_tx_end(&tx, rc, err)))
		zf_case_refuse(app, actor, action, target, rc, err);
	else if (version)
		*version = v;
out:
	zf_arena_free(a);
	return rc;
}

int zf_app_av_list_approve(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			   int64_t *version, struct zf_err *err)
{
	return decide(app, actor, id, NULL, version, err);
}

int zf_app_av_list_reject(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			  const char *reason, struct zf_err *err)
{
	size_t n = reason ? zf_str_chars(reason) : 0;
	char target[48];

	if (!reason || zf_str_blank(reason) || n < 2 || n > REASON_MAX) {
		snprintf(target, sizeof(target), "av_list:%lld", (long long)id);
		zf_err_field(err, "reason", "请填写退回理由（2至%d个字）", REASON_MAX);
		return zf_case_refuse(app, actor, "av_list_reject", target, ZF_EINVAL, err);
	}
	return decide(app, actor, id, reason, NULL, err);
}

int zf_app_av_list_rows(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			int64_t body_id, struct zf_av_list_rec **rows, size_t *n,
			struct zf_err *err)
{
	struct zf_db *db = NULL;
	char target[48];
	size_t k = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	snprintf(target, sizeof(target), "body:%lld", (long long)body_id);
	if (actor && !actor->cli &&
	    ((actor->role != ZF_ROLE_REVIEWER && actor->role != ZF_ROLE_LEADER) ||
	     actor->body_id != body_id))
		return zf_case_refuse(app, actor, "av_list_rows", target,
				      zf_err_set(err, ZF_EDENIED,
						 "没有查看该执法主体音像记录事项清单草稿的权限"),
				      err);
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_av_list_rows(db, a, body_id, rows, n, err);
	zf_dbpool_put(app->pool, db);
	if (rc || actor)
		return rc;
	/* The portal: versions that were in force, in place. */
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*rows)[i].state, "live") == 0 ||
		    strcmp((*rows)[i].state, "superseded") == 0)
			(*rows)[k++] = (*rows)[i];
	*n = k;
	if (!k)
		*rows = NULL;
	return 0;
}

/* The name of STEP of PROCEDURE, or STEP itself when the definitions lack it. */
static const char *step_name(const struct zf_procedures *set, const char *procedure,
			     const char *step)
{
	const struct zf_procedure *p = zf_procedure_find(set, procedure ? procedure : "");
	const struct zf_step_def *s = p ? zf_procedure_step(p, step) : NULL;

	return s ? s->name : step;
}

int zf_app_av_exceptions(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int limit, struct zf_av_exception_row **out, size_t *n,
			 struct zf_err *err)
{
	struct zf_av_exception_rec *recs = NULL;
	struct zf_db *db = NULL;
	size_t m = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_REVIEW))
		return zf_case_refuse(app, actor, "av_exceptions", "av_exception",
				      zf_err_set(err, ZF_EDENIED, "无权查看未能音像记录的情形"),
				      err);
	if (limit < 1 || limit > 500)
		return zf_err_field(err, "limit", "条数须为1至500");
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_av_exception_list(db, a,
					actor->cli || zf_role_all_bodies(actor->role)
						? 0
						: actor->body_id,
					limit, &recs, &m, err);
	zf_dbpool_put(app->pool, db);
	if (rc)
		return rc;
	if (m && !(*out = zf_arena_alloc(a, m * sizeof(**out))))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	for (size_t i = 0; i < m; i++) {
		const struct zf_av_exception_rec *r = &recs[i];
		int rule = ZF_AV_NONE;
		for (int k = ZF_AV_NONE; k <= ZF_AV_WHOLE; k++)
			if (strcmp(zf_av_rule_word(k), r->rule) == 0)
				rule = k;
		(*out)[i] = (struct zf_av_exception_row){
			.id = r->id, .case_id = r->case_id, .step_id = r->step_id,
			.case_no = r->case_no ? r->case_no : "", .title = r->title,
			.body_name = r->body_name, .step_code = r->step_code,
			.step_name = step_name(zf_app_procedures(app), r->procedure, r->step_code),
			.rule = zf_av_rule_label(rule), .reason = r->reason,
			.recorded_by = r->login, .recorded_at = r->recorded_at,
		};
	}
	*n = m;
	return 0;
}
