/* The AV requirement list of a body (read, with the default derived from the procedure definitions; stored as a new version, validated and logged) and the AV exceptions listed for supervisors. */
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

/* Stores LIST (valid) as the next version of BODY in TX with its history row and log entry. */
static int list_store(struct zf_tx *tx, int64_t body, const json_t *list, int64_t *version,
		      struct zf_err *err)
{
	char *text = json_dumps(list, JSON_COMPACT | JSON_SORT_KEYS), *after_text = NULL;
	json_t *after = NULL;
	int rc;

	if (!text)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if (!(rc = zf_store_av_list_add(tx->db, body, text, tx->now, tx->actor->account_id,
					version, err))) {
		after = json_pack("{s:I,s:I,s:O}", "body_id", (json_int_t)body, "version",
				  (json_int_t)*version, "list", list);
		after_text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		struct zf_history h = {.entity = "av_list", .entity_id = body,
				       .action = "av_list_set", .after_json = after_text};
		rc = after_text ? zf_app_log_history(tx, &h, NULL, err)
				: zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	}
	json_decref(after);
	free(after_text);
	free(text);
	return rc;
}

int zf_app_av_list_set(struct zf_app *app, const struct zf_actor *actor, int64_t body_id,
		       const json_t *list, int64_t *version, struct zf_err *err)
{
	int64_t body = body_id ? body_id : actor->body_id, v = 0;
	char target[48];
	struct zf_tx tx;
	int rc = 0;

	snprintf(target, sizeof(target), "body:%lld", (long long)body);
	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_CASE_SETTINGS))
		rc = zf_err_set(err, ZF_EDENIED, "无权修改音像记录事项清单");
	else if (!actor->cli && body != actor->body_id)
		rc = zf_err_set(err, ZF_EDENIED, "只能修改本执法主体的音像记录事项清单");
	else
		rc = zf_av_list_check(list, zf_app_procedures(app), err);
	if (rc)
		return zf_case_refuse(app, actor, "av_list_set", target, rc, err);
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		return rc;
	if (!(rc = list_store(&tx, body, list, &v, err)))
		rc = zf_tx_audit(&tx, "av_list_set", target, "ok", "", err);
	if ((rc = zf_tx_end(&tx, rc, err)))
		return zf_case_refuse(app, actor, "av_list_set", target, rc, err);
	if (version)
		*version = v;
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
