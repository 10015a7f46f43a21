/* Publication drafts generated inside a case step's transaction, and withdrawal obligations after a change or revocation of the decision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/calendar.h"
#include "app/case_int.h"
#include "app/ledger.h"
#include "app/pub_int.h"
#include "app/publication.h"
#include "core/publish_rules.h"
#include "core/redact.h"
#include "store/case.h"
#include "store/publication.h"

/* Results of reconsideration or litigation that change the decision. */
static int changing_result(const char *r)
{
	return r && (!strcmp(r, "revoked") || !strcmp(r, "changed") || !strcmp(r, "illegal") ||
		     !strcmp(r, "void"));
}

/* The flags (ZF_REDACT_*) of case C with parties P on DECIDED. */
static int case_flags(const struct zf_case_rec *c, const struct zf_party *p, size_t np,
		      struct zf_date decided)
{
	json_t *facts = json_loads(c->facts_json ? c->facts_json : "{}", 0, NULL);
	int flags = 0;

	for (size_t i = 0; i < np; i++)
		if (p[i].kind == ZF_PARTY_PERSON && zf_party_minor(&p[i], decided))
			flags |= ZF_REDACT_MINOR;
	if (json_is_true(json_object_get(facts, "confidential")))
		flags |= ZF_REDACT_CONFIDENTIAL;
	json_decref(facts);
	return flags;
}

/* Writes history + log entry for publication ID with a JSON of ids and dates. */
int zf_pub_log_small(struct zf_tx *tx, const char *action, int64_t id, int64_t case_id,
		     const char *date_key, const char *date, const char *reason,
		     struct zf_err *err)
{
	json_t *o = json_pack("{s:I,s:I,s:s}", "publication", (json_int_t)id, "case",
			      (json_int_t)case_id, date_key, date ? date : "");
	char *data = NULL;
	int rc;

	if (o && reason && json_object_set_new(o, "reason", json_string(reason)))
		json_object_clear(o);
	if (!o || !(data = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS))) {
		json_decref(o);
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	}
	struct zf_history h = {.entity = "publication", .entity_id = id, .action = action,
			       .after_json = data};
	rc = zf_app_log_history(tx, &h, NULL, err);
	free(data);
	json_decref(o);
	return rc;
}

/* The withdrawal obligation of every item of case C after step S (dated ON). */
static int withdraw_due(struct zf_tx *tx, struct zf_arena *a, const struct zf_calendar *cal,
			const struct zf_case_rec *c, const char *label, struct zf_date on,
			struct zf_err *err)
{
	struct zf_pub_rec *rows = NULL;
	size_t n = 0;
	struct zf_date due;
	char due_s[11];
	int rc;

	if ((rc = zf_store_pub_of_case(tx->db, a, c->id, &rows, &n, err)) ||
	    (rc = zf_pub_due(cal, on, ZF_PUB_WITHDRAW_DAYS, &due, err)))
		return rc;
	zf_date_iso(due, due_s);
	for (size_t i = 0; i < n && !rc; i++) {
		struct zf_pub_rec *r = &rows[i];
		if (!strcmp(r->state, "published") && !*r->withdraw_due) {
			r->withdraw_due = due_s;
			r->withdraw_reason = label;
			if (!(rc = zf_store_pub_update(tx->db, r, err)))
				rc = zf_pub_log_small(tx, "publication_withdraw_due", r->id, c->id,
						      "due_on", due_s, label, err);
		} else if (!strcmp(r->state, "draft")) {
			r->state = "rejected";
			r->ended_at = tx->now;
			r->end_reason = label;
			if (!(rc = zf_store_pub_update(tx->db, r, err)))
				rc = zf_pub_log_small(tx, "publication_reject", r->id, c->id,
						      "ended_on", due_s, label, err);
		}
	}
	return rc;
}

/* What step CODE of procedure PROC publishes: the kind (0 = nothing). */
static int published_kind(const char *proc, const char *code, const json_t *settings)
{
	if (!strcmp(proc, "penalty_ordinary") && !strcmp(code, "penalty_document"))
		return ZF_PUB_DECISION;
	if (!strcmp(proc, "penalty_ordinary") && !strcmp(code, "no_penalty_document"))
		return zf_case_setting_int(settings, "publish_no_penalty") ? ZF_PUB_DECISION : 0;
	if (!strcmp(proc, "penalty_summary") && !strcmp(code, "onspot"))
		return zf_case_setting_int(settings, "publish_summary") ? ZF_PUB_DECISION : 0;
	if (!strcmp(proc, "inspection") && !strcmp(code, "feedback"))
		return ZF_PUB_INSPECTION;
	return 0;
}

static int draft(struct zf_tx *tx, struct zf_arena *a, const struct zf_calendar *cal,
		 const json_t *settings, const struct zf_case_rec *c, const struct zf_step_rec *s,
		 int kind, struct zf_err *err)
{
	struct zf_doc_rec *docs = NULL;
	struct zf_party *parties = NULL;
	size_t nd = 0, np = 0;
	const struct zf_doc_rec *d = NULL;
	struct zf_redacted red = {0};
	struct zf_date on, due;
	char due_s[11];
	int64_t id = 0;
	int rc;

	if ((rc = zf_store_doc_list(tx->db, a, c->id, &docs, &nd, err)) ||
	    (rc = zf_store_party_list(tx->db, a, c->id, &parties, &np, err)))
		return rc;
	for (size_t i = 0; i < nd; i++)
		if (docs[i].step_id == s->id)
			d = &docs[i];
	if (!d)
		return 0;
	if (zf_date_parse(s->occurred_on, &on))
		return zf_err_set(err, ZF_EINVAL, "决定日期无效");
	if ((rc = zf_redact_document(d->data_json, case_flags(c, parties, np, on), &red, err)))
		return rc;
	if (zf_date_parse(red.decided_on, &on) == 0 &&
	    (rc = zf_pub_due(cal, on, kind == ZF_PUB_INSPECTION ? ZF_PUB_INSPECTION_DAYS
								  : ZF_PUB_DECISION_DAYS,
			     &due, err)))
		goto out;
	zf_date_iso(due, due_s);
	/* a warning-only decision has no 公开期限: not published */
	const char *why = red.withheld;
	if (!why && kind == ZF_PUB_DECISION && red.penalty_mask &&
	    !zf_pub_period_months(settings, red.penalty_mask, red.fine, red.org))
		why = "仅给予警告，不予公开";
	struct zf_pub_rec r = {.body_id = c->body_id, .case_id = c->id, .doc_id = d->id,
			       .kind = kind == ZF_PUB_INSPECTION ? "inspection" : "decision",
			       .state = why ? "rejected" : "draft", .title = red.title,
			       .party_name = red.party_name, .doc_number = red.doc_number,
			       .violation = red.violation, .decided_on = red.decided_on,
			       .due_on = due_s, .text = why ? "" : red.text,
			       .drafted_by = tx->actor ? tx->actor->account_id : 0,
			       .drafted_at = tx->now, .end_reason = why ? why : "",
			       .ended_at = why ? tx->now : 0, .hidden = red.hidden};
	if ((rc = zf_store_pub_insert(tx->db, &r, &id, err)) ||
	    (rc = zf_pub_log_small(tx, why ? "publication_withheld" : "publication_draft", id,
				   c->id, "due_on", due_s, why, err)))
		goto out;
out:
	zf_redacted_free(&red);
	return rc;
}

int zf_app_pub_draft_for_step(struct zf_tx *tx, int64_t case_id, int64_t step_id,
			      struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_case_rec c;
	struct zf_step_rec *steps = NULL, *s = NULL;
	size_t ns = 0;
	json_t *settings = NULL, *values = NULL;
	struct zf_calendar *cal = NULL;
	int64_t got = 0;
	int rc, kind;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if ((rc = zf_store_case_get(tx->db, a, case_id, &c, err)) ||
	    (rc = zf_store_step_list(tx->db, a, case_id, &steps, &ns, err)))
		goto out;
	for (size_t i = 0; i < ns; i++)
		if (steps[i].id == step_id)
			s = &steps[i];
	if (!s)
		goto out;
	values = json_loads(s->values_json ? s->values_json : "{}", 0, NULL);
	const char *result = json_string_value(json_object_get(values, "result"));
	int change = !strcmp(s->code, "revocation") ||
		     ((!strcmp(s->code, "reconsideration_result") ||
		       !strcmp(s->code, "litigation_result")) &&
		      changing_result(result));
	if ((rc = zf_case_settings_read(tx->db, c.body_id, c.settings_version, &settings, &got,
					err)))
		goto out;
	kind = published_kind(c.procedure, s->code, settings);
	if (!kind && !change)
		goto out;
	if ((rc = zf_app_calendar_read(tx->db, &cal, err)))
		goto out;
	if (change) {
		struct zf_date on;
		const char *rv = json_string_value(json_object_get(values, "revocation"));
		const char *label = !strcmp(s->code, "revocation")
					    ? (rv && !strcmp(rv, "change")  ? "行政处罚决定已变更"
					       : rv && !strcmp(rv, "illegal") ? "行政处罚决定被确认违法"
					       : rv && !strcmp(rv, "void")    ? "行政处罚决定被确认无效"
									      : "行政处罚决定已撤销")
				    : !strcmp(s->code, "reconsideration_result")
					    ? "行政复议决定撤销、变更或确认违法（无效）"
					    : "人民法院裁判撤销、变更或确认违法（无效）";
		if (zf_date_parse(s->occurred_on, &on))
			on = zf_date_from_days(tx->now / 86400);
		rc = withdraw_due(tx, a, cal, &c, label, on, err);
	} else {
		rc = draft(tx, a, cal, settings, &c, s, kind, err);
	}
out:
	zf_calendar_free(cal);
	json_decref(settings);
	json_decref(values);
	zf_arena_free(a);
	return rc;
}
