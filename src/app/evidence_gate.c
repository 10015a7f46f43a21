/* The AV rule of case steps: the gate the case engine calls before writing a step (the evidence attached for it must satisfy the body's AV list, or an allowed reason is given) and the binding of that evidence to the step's record afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/av_list_int.h"
#include "app/case.h"
#include "app/case_int.h"
#include "app/evidence.h"
#include "app/evidence_int.h"
#include "app/ledger.h"
#include "store/av_list.h"
#include "store/history.h"
#include "util/str.h"

/* What zf_app_evidence_bind does for one step (in the gate's arena). */
struct zf_av_plan {
	int64_t case_id;
	const char *step_code;
	int rule;                 /* enum zf_av_rule_kind */
	int64_t list_version;
	const char *reason;       /* the allowed exception used, or NULL */
	struct zf_av_item *items; /* the unbound evidence of the step */
	size_t nitems;
};

/* 1 when an item of kind KIND counts for RULE: scans and electronic data never do. */
static int kind_counts(int rule, const char *kind)
{
	int video = strcmp(kind, "video") == 0, audio = strcmp(kind, "audio") == 0;

	switch (rule) {
	case ZF_AV_WHOLE:
		return video;
	case ZF_AV_AV:
		return video || audio;
	case ZF_AV_AV_OR_PHOTO:
		return video || audio || strcmp(kind, "photo") == 0;
	default:
		return 1;
	}
}

/* What RULE asks for, in words for the officer. */
static const char *rule_needs(int rule)
{
	switch (rule) {
	case ZF_AV_WHOLE:
		return "全过程录像";
	case ZF_AV_AV:
		return "音像记录（录音或录像）";
	default:
		return "音像记录（录音、录像）或照片";
	}
}

/* The reasons of R joined by "、" into OUT. */
static void reasons_join(const struct zf_av_rule *r, char *out, size_t n)
{
	const json_t *e;
	size_t i, len = 0;

	out[0] = '\0';
	json_array_foreach(r->exceptions, i, e) {
		int w = snprintf(out + len, n - len, "%s%s", i ? "、" : "", json_string_value(e));
		if (w < 0 || (size_t)w >= n - len) {
			out[len] = '\0';
			return;
		}
		len += (size_t)w;
	}
}

/* Sets the refusal for a step STEP_NAME whose rule R is not met; REASON the one given. */
static int refuse(const struct zf_av_rule *r, const char *step_name, const char *reason,
		  struct zf_err *err)
{
	char allowed[256];

	reasons_join(r, allowed, sizeof(allowed));
	if (reason && !zf_str_blank(reason)) {
		if (!allowed[0])
			return zf_err_field(err, "av_exception",
					    "「%s」须附%s，音像记录事项清单未规定可免于记录的情形",
					    step_name, rule_needs(r->rule));
		return zf_err_field(err, "av_exception",
				    "未能音像记录的原因须为音像记录事项清单允许的情形之一：%s",
				    allowed);
	}
	if (!allowed[0])
		return zf_err_field(err, "evidence", "「%s」须附%s后才能完成", step_name,
				    rule_needs(r->rule));
	return zf_err_field(err, "evidence",
			    "「%s」须附%s后才能完成；%s等情形可填写未能音像记录的原因", step_name,
			    rule_needs(r->rule), json_string_value(json_array_get(r->exceptions, 0)));
}

int zf_app_evidence_gate(struct zf_tx *tx, struct zf_arena *a, int64_t case_id,
			 int64_t body_id, const char *procedure, const char *step_code,
			 const char *exception_reason, struct zf_av_plan **plan,
			 struct zf_err *err)
{
	const struct zf_procedures *set = zf_app_procedures(tx->app);
	const struct zf_procedure *p = zf_procedure_find(set, procedure ? procedure : "");
	const struct zf_step_def *s = p ? zf_procedure_step(p, step_code ? step_code : "") : NULL;
	struct zf_av_plan *pl = zf_arena_alloc(a, sizeof(*pl));
	struct zf_av_rule r;
	json_t *list = NULL;
	int rc, met = 0;

	*plan = NULL;
	if (!s)
		return zf_err_set(err, ZF_ENOTFOUND, "没有这个办案环节");
	if (!pl)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	*pl = (struct zf_av_plan){.case_id = case_id, .step_code = s->code};
	if ((rc = zf_app_av_list_read(tx->db, set, body_id, &list, &pl->list_version, NULL, err)))
		return rc;
	zf_av_list_rule(list, p->code, s->code, &r);
	pl->rule = r.rule;
	if (case_id && (rc = zf_store_av_unbound(tx->db, a, case_id, s->code, &pl->items,
						 &pl->nitems, err)))
		goto out;
	for (size_t i = 0; i < pl->nitems && !met; i++)
		met = kind_counts(r.rule, pl->items[i].kind);
	if (r.rule == ZF_AV_NONE || met) {
		*plan = pl;
	} else if (exception_reason && zf_av_exception_allowed(&r, exception_reason)) {
		char *reason = zf_arena_strdup(a, exception_reason);
		if (!reason) {
			rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		} else {
			pl->reason = zf_str_trim(reason);
			*plan = pl;
		}
	} else {
		rc = refuse(&r, s->name, exception_reason, err);
	}
out:
	json_decref(list);
	return rc;
}

/* Writes history row ENTITY/ID with action ACTION and data O (reference dropped). */
static int log_json(struct zf_tx *tx, const char *entity, int64_t id, const char *action,
		    json_t *o, struct zf_err *err)
{
	char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc;

	json_decref(o);
	if (!text)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	struct zf_history h = {.entity = entity, .entity_id = id, .action = action,
			       .after_json = text};
	rc = zf_app_log_history(tx, &h, NULL, err);
	free(text);
	return rc;
}

/* Binds item ID of PLAN to STEP_ID with its custody row "bind" (history
 * and log entry written by the evidence use cases' custody record). */
static int bind_one(struct zf_tx *tx, int64_t id, int64_t step_id, struct zf_err *err)
{
	char detail[48];
	int rc;

	snprintf(detail, sizeof(detail), "case_step:%lld", (long long)step_id);
	if ((rc = zf_store_av_bind(tx->db, id, step_id, err)))
		return rc;
	return zf_ev_custody(tx, id, "bind", tx->now, detail, err);
}

/* Records PLAN's exception for STEP_ID: the row, its history and log entry. */
static int exception_record(struct zf_tx *tx, const struct zf_av_plan *plan, int64_t step_id,
			    struct zf_err *err)
{
	struct zf_av_exception_rec r = {
		.case_id = plan->case_id, .step_id = step_id, .step_code = plan->step_code,
		.rule = zf_av_rule_word(plan->rule), .reason = plan->reason,
		.list_version = plan->list_version, .recorded_by = tx->actor->account_id,
		.recorded_at = tx->now,
	};
	int rc = zf_store_av_exception_add(tx->db, &r, &r.id, err);

	if (rc)
		return rc;
	return log_json(tx, "av_exception", r.id, "av_exception",
			json_pack("{s:I,s:I,s:I,s:s,s:s,s:s,s:I,s:I,s:I}", "id", (json_int_t)r.id,
				  "case_id", (json_int_t)r.case_id, "step_id",
				  (json_int_t)step_id, "step_code", r.step_code, "rule", r.rule,
				  "reason", r.reason, "list_version", (json_int_t)r.list_version,
				  "recorded_by", (json_int_t)r.recorded_by, "recorded_at",
				  (json_int_t)r.recorded_at),
			err);
}

int zf_app_evidence_bind(struct zf_tx *tx, const struct zf_av_plan *plan, int64_t step_id,
			 json_t **ids, struct zf_err *err)
{
	json_t *arr = json_array();
	int rc = 0;

	*ids = NULL;
	if (!arr)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	for (size_t i = 0; plan && i < plan->nitems && !rc; i++)
		if (!(rc = bind_one(tx, plan->items[i].id, step_id, err)) &&
		    json_array_append_new(arr, json_integer(plan->items[i].id)))
			rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if (!rc && plan && plan->reason)
		rc = exception_record(tx, plan, step_id, err);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	*ids = arr;
	return 0;
}

const char *zf_av_plan_reason(const struct zf_av_plan *plan)
{
	return plan ? plan->reason : NULL;
}
