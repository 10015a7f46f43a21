/* Opening a case and performing its steps: availability, role, values, guards, then in one transaction the step, its effect, facts, documents, history and log entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/case_int.h"
#include "app/evidence.h"
#include "app/ledger.h"
#include "app/publication.h"
#include "app/review.h"
#include "core/role.h"
#include "store/history.h"
#include "store/violation.h"
#include "util/str.h"

#define PARTIES_MAX 20
#define DEFAULT_CASE_PATTERN "{body}案〔{year}〕{n}号"

int zf_case_refuse(struct zf_app *app, const struct zf_actor *actor, const char *action,
		   const char *target, int rc, struct zf_err *err)
{
	const char *outcome = rc == ZF_EDENIED ? "denied" : rc == ZF_EINVAL ? "invalid" :
			      rc == ZF_ECONFLICT ? "conflict" : rc == ZF_ENOTFOUND ? "not_found" : "error";

	zf_app_audit(app, actor, action, target, outcome, err ? err->msg : "");
	return rc;
}

/* 0 when ACTOR's role may perform S (and write cases at all). */
static int role_check(const struct zf_actor *actor, const struct zf_step_def *s,
		      struct zf_err *err)
{
	if (!zf_role_allows(actor->role, ZF_PERM_CASE_WRITE))
		return zf_err_set(err, ZF_EDENIED, "无权办理案件");
	if (actor->role > 0 && actor->role < ZF_ROLE_COUNT && (s->roles & (1u << actor->role)))
		return 0;
	char who[128] = "";
	for (int r = 1; r < ZF_ROLE_COUNT; r++) {
		size_t len = strlen(who);
		if (s->roles & (1u << r))
			snprintf(who + len, sizeof(who) - len, "%s%s", len ? "或" : "", zf_role_label(r));
	}
	return zf_err_set(err, ZF_EDENIED, "「%s」须由%s办理", s->name, who);
}

/* ---- checks before any write ---- */

/* Adds officer ID to the N resolved officers G (once). */
static int guard_add(struct zf_case_ctx *x, struct zf_guard_officer *g, size_t *n, int64_t id,
		     struct zf_err *err)
{
	int rc;

	for (size_t i = 0; i < *n; i++)
		if (g[i].id == id)
			return 0;
	rc = zf_case_officer_resolve(x, id, &g[*n], err);
	if (rc == ZF_ENOTFOUND) { /* an officer of another body: the guards refuse him */
		zf_err_clear(err);
		return 0;
	}
	if (!rc)
		(*n)++;
	return rc;
}

/* The officers the guards look at (docs/case-rules.md): those named in V,
 * every officer of the case, and the actor's own officer. */
static int guard_officers(struct zf_case_ctx *x, const struct zf_case_values *v,
			  int64_t actor_officer, const struct zf_guard_officer **out, size_t *n,
			  struct zf_err *err)
{
	struct zf_guard_officer *g;
	size_t k = 0;
	int rc = 0;

	if (!(g = zf_arena_alloc(x->a, (v->nofficers + x->nofficers + 1) * sizeof(*g))))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	for (size_t i = 0; i < v->nofficers; i++)
		g[k++] = v->officers[i];
	for (size_t i = 0; !rc && i < x->nofficers; i++)
		rc = guard_add(x, g, &k, x->officers[i].officer_id, err);
	if (!rc && actor_officer)
		rc = guard_add(x, g, &k, actor_officer, err);
	*out = g;
	*n = k;
	return rc;
}

/* 1 when IN's "corrects" names an earlier record of step S on X. */
static int corrects_own(const struct zf_case_ctx *x, const struct zf_step_def *s, const json_t *in)
{
	const json_t *c = json_object_get(in, "corrects");
	json_int_t id = json_is_integer(c) ? json_integer_value(c) : 0;

	for (size_t i = 0; id > 0 && i < x->nsteps; i++)
		if (x->steps[i].id == id)
			return strcmp(x->steps[i].code, s->code) == 0;
	return 0;
}

/* Checks step S with input IN on X for ACTOR: availability (on X's facts
 * with EXTRA's keys, may be NULL), values, handler, guards. */
static int step_check(struct zf_case_ctx *x, const struct zf_actor *actor,
		      const struct zf_step_def *s, const json_t *in, const json_t *extra,
		      struct zf_case_values *v, struct zf_err *err)
{
	char why[256];
	json_t *facts = zf_case_facts(x, extra);
	struct zf_guard_ctx g = {0};
	int rc;

	if (!facts)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	int ok = zf_case_available(x, s, facts, corrects_own(x, s, in), why, sizeof(why));
	json_decref(facts);
	if (!ok)
		return zf_err_set(err, ZF_ECONFLICT, "%s", why);
	if ((rc = zf_case_values_check(x, s, in, v, err)))
		return rc;
	if (s->handler && x->c.id && !zf_case_officer_active(x, actor->officer_id))
		return zf_err_set(err, ZF_EDENIED, "「%s」须由承办本案且未回避的执法人员办理",
				  s->name);
	/* Guards read the step's date from its values (docs/case-rules.md). */
	json_t *gv = json_deep_copy(v->values);
	if (!gv || (!json_object_get(gv, "occurred_on") &&
		    json_object_set_new(gv, "occurred_on", json_string(v->occurred_on))) ||
	    !(facts = zf_case_facts(x, v->facts))) {
		json_decref(gv);
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	}
	g = (struct zf_guard_ctx){
		.proc = x->proc, .step = s, .values = gv, .facts = facts,
		.settings = x->settings, .done = x->done, .ndone = x->nsteps,
		.actor_officer_id = actor->officer_id,
		.violation = x->violation.id ? &x->violation : NULL, .parties = x->parties,
		.nparties = x->nparties, .today = x->today, .now = x->now, .cal = x->cal,
	};
	rc = guard_officers(x, v, actor->officer_id, &g.officers, &g.nofficers, err);
	for (size_t i = 0; !rc && i < s->nguards; i++)
		rc = zf_guard_check(s->guards[i], &g, err);
	json_decref(facts);
	json_decref(gv);
	return rc;
}

/* ---- effects ---- */

/* The value of the first field of S of type TYPE in V, or NULL. */
static const json_t *first_of_type(const struct zf_step_def *s, const json_t *v, int type)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (s->fields[i].type == type)
			return json_object_get(v, s->fields[i].name);
	return NULL;
}

/* Assigns the officers of every officers field of S in V. */
static int assign_named(struct zf_tx *tx, struct zf_case_ctx *x, const struct zf_step_def *s,
			const json_t *v, struct zf_err *err)
{
	for (size_t i = 0; i < s->nfields; i++) {
		const json_t *ids = json_object_get(v, s->fields[i].name), *e;
		size_t k;

		if (s->fields[i].type != ZF_FT_OFFICERS)
			continue;
		json_array_foreach(ids, k, e) {
			int rc = zf_store_case_officer_add(x->db, x->c.id, json_integer_value(e),
							   tx->now, err);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* 1 when the decision of a recusal step grants it. */
static int recusal_granted(const struct zf_step_def *s, const json_t *v)
{
	static const char *const yes[] = {"granted", "grant", "approve", "approved", "accept", "yes"};

	for (size_t i = 0; i < s->nfields; i++) {
		const json_t *d = json_object_get(v, s->fields[i].name);
		if (s->fields[i].type == ZF_FT_BOOL && json_is_true(d))
			return 1;
		if (s->fields[i].type == ZF_FT_ENUM && json_is_string(d))
			for (size_t k = 0; k < sizeof(yes) / sizeof(yes[0]); k++)
				if (!strcmp(json_string_value(d), yes[k]))
					return 1;
	}
	return 0;
}

/* The text of field NAME of V, or the first text field's, or "". */
static const char *reason_of(const struct zf_step_def *s, const json_t *v)
{
	const char *r = json_string_value(json_object_get(v, "reason"));

	for (size_t i = 0; !r && i < s->nfields; i++)
		if (s->fields[i].type == ZF_FT_TEXTAREA || s->fields[i].type == ZF_FT_TEXT)
			r = json_string_value(json_object_get(v, s->fields[i].name));
	return r ? r : "";
}

/* 回避: the leader's decision; granted, the officer no longer acts on the case,
 * and two officers must remain (行政处罚法 art. 42, 43). */
static int recusal_decide(struct zf_tx *tx, struct zf_case_ctx *x, const struct zf_step_def *s,
			  const struct zf_case_values *v, struct zf_err *err)
{
	const json_t *who = first_of_type(s, v->values, ZF_FT_OFFICER);
	int64_t id = json_is_integer(who) ? (int64_t)json_integer_value(who) : 0;
	size_t remain = 0;
	int rc;

	if (!zf_case_officer_active(x, id))
		return zf_err_field(err, "values.officer", "该执法人员未承办本案或已回避");
	if (!recusal_granted(s, v->values))
		return 0;
	if ((rc = zf_store_case_officer_recuse(x->db, x->c.id, id, tx->now, reason_of(s, v->values),
					       err)) ||
	    (rc = assign_named(tx, x, s, v->values, err)) ||
	    (rc = zf_store_case_officer_list(x->db, x->a, x->c.id, &x->officers, &x->nofficers,
					     err)))
		return rc;
	remain = zf_case_active_officers(x);
	if (remain < 2)
		return zf_err_set(err, ZF_EINVAL,
				  "回避后本案承办执法人员不足两名，请在决定中同时指定新的承办人员");
	return 0;
}

/* 1 when KIND (a word or its label LABEL) is listed in settings excluded_kinds. */
static int kind_excluded(const json_t *settings, const char *kind, const char *label)
{
	const json_t *list = json_object_get(settings, "excluded_kinds"), *e;
	size_t i;

	json_array_foreach(list, i, e)
		if (json_is_string(e) && ((kind && !strcmp(json_string_value(e), kind)) ||
					  (label && !strcmp(json_string_value(e), label))))
			return 1;
	return 0;
}

/* The date of field NAME of V, or the step's date. */
static const char *date_of(const json_t *v, const char *name, const struct zf_case_values *cv)
{
	const char *d = json_string_value(json_object_get(v, name));

	return d && strlen(d) >= 10 ? d : cv->occurred_on;
}

/* 期限中止: a pause of a kind the body's settings exclude from the time limit. */
static int pause_start(struct zf_case_ctx *x, const struct zf_step_def *s, int64_t step_id,
		       const struct zf_case_values *v, struct zf_err *err)
{
	const char *kind = NULL, *label = NULL;
	char day[11];

	for (size_t i = 0; !kind && i < s->nfields; i++) {
		const struct zf_field_def *f = &s->fields[i];
		const char *w = json_string_value(json_object_get(v->values, f->name));
		if (!w || (f->type != ZF_FT_ENUM && strcmp(f->name, "kind")))
			continue;
		kind = w;
		for (size_t k = 0; k < f->noptions; k++)
			if (!strcmp(f->options[k].value, w))
				label = f->options[k].label;
	}
	if (!kind || !kind_excluded(x->settings, kind, label))
		return zf_err_field(err, "values.kind", "该情形不属于本机关规定的不计入办案期限的情形");
	memcpy(day, date_of(v->values, "start_on", v), 10);
	day[10] = '\0';
	return zf_store_pause_start(x->db, x->c.id, label ? label : kind, day, step_id, err);
}

/* The effect of step S (new step STEP_ID, values V) on X. */
static int effect_apply(struct zf_tx *tx, struct zf_case_ctx *x, const struct zf_step_def *s,
			int64_t step_id, const struct zf_case_values *v, struct zf_err *err)
{
	const char *e = s->effect;
	char day[11];

	if (!strcmp(e, "assign_officers"))
		return assign_named(tx, x, s, v->values, err);
	if (!strcmp(e, "assign_case_no")) {
		const char *pat = json_string_value(json_object_get(x->settings, "case_number_pattern"));
		char number[160];
		struct zf_date on;
		int64_t seq;
		int rc;

		if (x->c.case_no[0])
			return 0;
		if (zf_date_parse(v->occurred_on, &on))
			on = x->today;
		if ((rc = zf_case_number_next(x, "case", pat && *pat ? pat : DEFAULT_CASE_PATTERN,
					      on.y, number, sizeof(number), &seq, err)))
			return rc;
		return (x->c.case_no = zf_arena_strdup(x->a, number)) ? 0
			: zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	}
	if (!strcmp(e, "recusal_apply")) {
		const json_t *who = first_of_type(s, v->values, ZF_FT_OFFICER);
		if (who && !zf_case_officer_active(x, (int64_t)json_integer_value(who)))
			return zf_err_field(err, "values.officer", "该执法人员未承办本案或已回避");
		return 0;
	}
	if (!strcmp(e, "recusal_decide"))
		return recusal_decide(tx, x, s, v, err);
	if (!strcmp(e, "pause_start"))
		return pause_start(x, s, step_id, v, err);
	if (!strcmp(e, "pause_end")) {
		memcpy(day, date_of(v->values, "end_on", v), 10);
		day[10] = '\0';
		return zf_store_pause_end(x->db, x->a, x->c.id, day, step_id, NULL, err);
	}
	if (!strcmp(e, "close"))
		x->c.state = ZF_CASE_CLOSED;
	else if (!strcmp(e, "archive"))
		x->c.state = ZF_CASE_ARCHIVED;
	return 0; /* "" and reopen_execution: the step itself is the record */
}

/* Sets the case's violation type when V names one of its body (field
 * "violation_id" or "violation_type"). */
static int violation_pick(struct zf_case_ctx *x, const struct zf_case_values *v,
			  struct zf_err *err)
{
	const char *field = "violation_id";
	const json_t *id = json_object_get(v->values, field);
	struct zf_violation vt;
	char name[48];
	int rc;

	if (!json_is_integer(id))
		id = json_object_get(v->values, field = "violation_type");
	if (!json_is_integer(id))
		return 0;
	snprintf(name, sizeof(name), "values.%s", field);
	rc = zf_store_violation_get(x->db, x->a, json_integer_value(id), &vt, err);
	if (rc == ZF_ENOTFOUND || (!rc && vt.body_id != x->c.body_id)) {
		err->msg[0] = '\0';
		return zf_err_field(err, name, "所选违法行为不属于本执法主体");
	}
	if (rc)
		return rc;
	x->violation = vt;
	x->c.violation_id = vt.id;
	return 0;
}

/* The canonical JSON of the step (what its history row and log entry commit to). */
static char *step_canonical(const struct zf_case_ctx *x, const struct zf_step_def *s,
			    const struct zf_step_rec *r, const struct zf_case_values *v,
			    json_t *evidence, const char *av_exception)
{
	json_t *offs = json_array(), *o;
	char *out = NULL;

	for (size_t i = 0; offs && i < v->nofficers; i++)
		if (json_array_append_new(offs, json_pack("{s:I,s:s,s:s}", "id",
							  (json_int_t)v->officers[i].id, "name",
							  v->officers[i].name, "cert_no",
							  v->officers[i].cert_no))) {
			json_decref(offs);
			return NULL;
		}
	o = json_pack("{s:I,s:i,s:s,s:s,s:s,s:i,s:O,s:o,s:s,s:s,s:I,s:s,s:I}", "case_id",
		      (json_int_t)x->c.id, "seq", r->seq, "step", s->code, "name", s->name,
		      "procedure", x->proc->code, "proc_version", x->proc->version, "values",
		      v->values, "officers", offs, "occurred_on", v->occurred_on, "place", v->place,
		      "performed_at", (json_int_t)r->performed_at, "performed_by", r->performer,
		      "corrects_id", (json_int_t)r->corrects_id);
	/* The AV record of the step (app/evidence_gate.c): the evidence bound
	 * to it and the reason it went on without one; not step row columns,
	 * so log verify's step projection leaves them out. */
	if (o && json_array_size(evidence) && json_object_set(o, "evidence", evidence)) {
		json_decref(o);
		return NULL;
	}
	if (o && av_exception && json_object_set_new(o, "av_exception", json_string(av_exception))) {
		json_decref(o);
		return NULL;
	}
	if (o)
		out = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return out;
}

/* Writes step S with values V on X (already stored) in TX, binding the
 * evidence of PLAN (NULL: none) to it. */
static int step_write(struct zf_tx *tx, struct zf_case_ctx *x, const struct zf_step_def *s,
		      struct zf_case_values *v, const struct zf_av_plan *plan, int64_t *step_id,
		      struct zf_err *err)
{
	json_t *ids = json_array(), *evidence = NULL;
	char *ids_json = NULL, *facts_json = NULL, *canon = NULL;
	char target[48];
	int64_t sid = 0;
	int rc;

	for (size_t i = 0; ids && i < v->nofficers; i++)
		if (json_array_append_new(ids, json_integer(v->officers[i].id)))
			break;
	struct zf_step_rec r = {.case_id = x->c.id, .code = s->code, .place = v->place,
				.occurred_on = v->occurred_on, .performed_at = tx->now,
				.performed_by = tx->actor->account_id, .performer = tx->actor->login,
				.corrects_id = v->corrects_id};
	if (!ids || !(ids_json = json_dumps(ids, JSON_COMPACT)) ||
	    !(r.values_json = json_dumps(v->values, JSON_COMPACT | JSON_SORT_KEYS))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto out;
	}
	r.officers_json = ids_json;
	if ((rc = zf_store_step_insert(x->db, &r, &sid, &r.seq, err)) ||
	    (plan && (rc = zf_app_evidence_bind(tx, plan, sid, &evidence, err))) ||
	    (rc = effect_apply(tx, x, s, sid, v, err)) || (rc = violation_pick(x, v, err)) ||
	    (rc = zf_store_case_officer_list(x->db, x->a, x->c.id, &x->officers, &x->nofficers,
					     err)))
		goto out;
	if (json_object_update(x->facts, v->facts) ||
	    !(facts_json = json_dumps(x->facts, JSON_COMPACT | JSON_SORT_KEYS))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto out;
	}
	if (s->terminal && x->c.state == ZF_CASE_OPEN)
		x->c.state = ZF_CASE_CLOSED;
	x->c.facts_json = facts_json;
	x->c.last_step = s->code;
	if ((rc = zf_case_docs_issue(tx, x, s, sid, v, err)) ||
	    (rc = zf_app_pub_draft_for_step(tx, x->c.id, sid, err)))
		goto out;
	if (!(canon = step_canonical(x, s, &r, v, evidence, zf_av_plan_reason(plan)))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto out;
	}
	char action[48];
	snprintf(action, sizeof(action), "step_%s", s->code);
	struct zf_history h = {.entity = "case_step", .entity_id = sid, .action = action,
			       .after_json = canon};
	snprintf(target, sizeof(target), "case:%lld", (long long)x->c.id);
	if ((rc = zf_app_log_history(tx, &h, NULL, err)) ||
	    (rc = zf_store_case_update(x->db, &x->c, tx->now, err)) ||
	    (rc = zf_tx_audit(tx, "case_step", target, "ok", s->code, err)))
		goto out;
	if (step_id)
		*step_id = sid;
out:
	json_decref(ids);
	json_decref(evidence);
	free(ids_json);
	free((char *)r.values_json);
	free(facts_json);
	free(canon);
	return rc;
}

/* Records step CODE with IN on X in TX for a use case outside the pages;
 * CHECKED: after step_check with EXTRA facts (else values only). */
static int step_record(struct zf_tx *tx, struct zf_case_ctx *x, const char *code,
		       const json_t *in, int checked, const json_t *extra, int64_t *step_id,
		       struct zf_err *err)
{
	const struct zf_step_def *s = zf_procedure_step(x->proc, code);
	struct zf_case_values v = {0};
	int rc;

	if (!s)
		return zf_err_set(err, ZF_ENOTFOUND, "「%s」没有这个办案环节", x->proc->name);
	x->now = tx->now;
	rc = checked ? step_check(x, tx->actor, s, in, extra, &v, err)
		     : zf_case_values_check(x, s, in, &v, err);
	if (!rc)
		rc = step_write(tx, x, s, &v, NULL, step_id, err);
	zf_case_values_free(&v);
	return rc;
}

int zf_case_step_record(struct zf_tx *tx, struct zf_case_ctx *x, const char *code,
			const json_t *in, int64_t *step_id, struct zf_err *err)
{
	return step_record(tx, x, code, in, 0, NULL, step_id, err);
}

int zf_case_step_record_checked(struct zf_tx *tx, struct zf_case_ctx *x, const char *code,
				const json_t *in, const json_t *extra, int64_t *step_id,
				struct zf_err *err)
{
	return step_record(tx, x, code, in, 1, extra, step_id, err);
}

/* The legal-review gate of a major_gate step S (docs/legal-review.md). */
static int review_gate(struct zf_tx *tx, struct zf_case_ctx *x, const struct zf_case_values *v,
		       struct zf_err *err)
{
	json_t *facts = zf_case_facts(x, v->facts);
	int rc = facts ? zf_app_review_gate(tx, x->c.id, x->c.body_id, facts, NULL, err)
		       : zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);

	json_decref(facts);
	return rc;
}

/* ---- the AV rule (app/evidence_gate.c) ---- */

/* A copy of VALUES into *OUT without the reserved key "av_exception", whose
 * string goes to *REASON (borrowed from VALUES; NULL when absent or blank).
 * VALUES that are not an object are passed on as they are. */
static int av_exception_take(const json_t *values, json_t **out, const char **reason,
			     struct zf_err *err)
{
	const json_t *r = json_object_get(values, "av_exception");

	*reason = NULL;
	*out = NULL;
	if (!json_is_object(values)) {
		*out = json_incref((json_t *)values);
		return 0;
	}
	if (r && !json_is_string(r))
		return zf_err_field(err, "av_exception", "未能音像记录的原因须为文字");
	if (!(*out = json_copy((json_t *)values)))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	json_object_del(*out, "av_exception");
	if (r && !zf_str_blank(json_string_value(r)))
		*reason = json_string_value(r);
	return 0;
}

/* Checks the AV rule of step S about to be recorded on X; a correction of a
 * recorded step keeps that record's AV record and passes (*PLAN NULL). */
static int av_gate(struct zf_tx *tx, struct zf_case_ctx *x, const struct zf_step_def *s,
		   const struct zf_case_values *v, const char *reason, struct zf_av_plan **plan,
		   struct zf_err *err)
{
	*plan = NULL;
	if (v->corrects_id)
		return 0;
	return zf_app_evidence_gate(tx, x->a, x->c.id, x->c.body_id, x->proc->code, s->code,
				    reason, plan, err);
}

/* ---- the use cases ---- */

int zf_app_case_step(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
		     const char *code, const json_t *values, int64_t version, int64_t *step_id,
		     struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_case_ctx x = {0};
	struct zf_case_values v = {0};
	const struct zf_step_def *s = NULL;
	struct zf_av_plan *plan = NULL;
	json_t *vals = NULL;
	const char *reason = NULL;
	struct zf_tx tx;
	char target[48];
	int rc;

	snprintf(target, sizeof(target), "case:%lld", (long long)case_id);
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if ((rc = zf_tx_begin(&tx, app, actor, err))) {
		zf_arena_free(a);
		return rc;
	}
	if ((rc = zf_case_ctx_load(&x, app, tx.db, a, case_id, NULL, err)))
		goto end;
	if (x.c.body_id != actor->body_id) {
		rc = zf_err_set(err, ZF_EDENIED, "只能办理本执法主体的案件");
		goto end;
	}
	if (!(s = zf_procedure_step(x.proc, code ? code : ""))) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "「%s」没有这个办案环节", x.proc->name);
		goto end;
	}
	if ((rc = role_check(actor, s, err)))
		goto end;
	if (version && version != x.c.version) {
		rc = zf_err_set(err, ZF_ECONFLICT, "案件已被他人更新，请刷新后重试");
		goto end;
	}
	x.now = tx.now;
	if ((rc = av_exception_take(values, &vals, &reason, err)))
		goto end;
	if (!(rc = step_check(&x, actor, s, vals, NULL, &v, err)) &&
	    !(rc = s->major_gate ? review_gate(&tx, &x, &v, err) : 0) &&
	    !(rc = av_gate(&tx, &x, s, &v, reason, &plan, err)))
		rc = step_write(&tx, &x, s, &v, plan, step_id, err);
end:
	json_decref(vals);
	rc = zf_tx_end(&tx, rc, err);
	zf_case_values_free(&v);
	zf_case_ctx_free(&x);
	zf_arena_free(a);
	return rc ? zf_case_refuse(app, actor, "case_step", target, rc, err) : 0;
}

/* Reads the parties of INPUT into X (at least one, at most PARTIES_MAX). */
static int parties_read(struct zf_case_ctx *x, const json_t *input, struct zf_err *err)
{
	const json_t *arr = json_object_get(input, "parties"), *p;
	size_t i;
	int rc = 0;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return zf_err_field(err, "parties", "请填写当事人");
	if (json_array_size(arr) > PARTIES_MAX)
		return zf_err_field(err, "parties", "当事人不能超过%d个", PARTIES_MAX);
	if (!(x->parties = zf_arena_alloc(x->a, json_array_size(arr) * sizeof(*x->parties))))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	json_array_foreach(arr, i, p) {
		char prefix[32];
		int prc;

		snprintf(prefix, sizeof(prefix), "parties[%zu]", i);
		prc = zf_case_party_parse(x->a, p, prefix, &x->parties[i], err);
		if (prc && prc != ZF_EINVAL)
			return prc;
		rc |= prc;
	}
	x->nparties = json_array_size(arr);
	return rc ? ZF_EINVAL : 0;
}

/* The case's title (案由): the opening step's "title" or "cause", else the procedure's name. */
static const char *title_of(const struct zf_case_ctx *x, const json_t *values)
{
	const char *t = json_string_value(json_object_get(values, "title"));

	if (!t || !*t)
		t = json_string_value(json_object_get(values, "cause"));
	return t && *t ? t : x->proc->name;
}

int zf_app_case_open(struct zf_app *app, const struct zf_actor *actor, const char *procedure,
		     const json_t *input, int64_t *id, struct zf_err *err)
{
	const struct zf_procedure *p = zf_procedure_find(zf_app_procedures(app),
							 procedure ? procedure : "");
	struct zf_arena *a = NULL;
	struct zf_case_ctx x = {0};
	struct zf_case_values v = {0};
	struct zf_av_plan *plan = NULL;
	json_t *vals = NULL;
	const char *reason = NULL;
	struct zf_tx tx;
	char opened[11];
	int rc, prc;

	if (!p)
		return zf_case_refuse(app, actor, "case_open", "case",
				      zf_err_field(err, "procedure", "请选择办案程序"), err);
	if ((rc = role_check(actor, &p->steps[0], err)))
		return zf_case_refuse(app, actor, "case_open", "case", rc, err);
	if (!json_is_object(input))
		return zf_case_refuse(app, actor, "case_open", "case",
				      zf_err_field(err, "values", "办理内容格式不正确"), err);
	if (!(a = zf_arena_new(0)))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if ((rc = zf_tx_begin(&tx, app, actor, err))) {
		zf_arena_free(a);
		return rc;
	}
	if ((rc = zf_case_ctx_new(&x, app, tx.db, a, p, actor->body_id, err)))
		goto end;
	x.now = tx.now;
	prc = parties_read(&x, input, err);
	if (prc && prc != ZF_EINVAL) {
		rc = prc;
		goto end;
	}
	rc = av_exception_take(json_object_get(input, "values"), &vals, &reason, err);
	if (!rc)
		rc = step_check(&x, actor, &p->steps[0], vals, NULL, &v, err);
	if (prc && (!rc || rc == ZF_EINVAL)) {
		rc = ZF_EINVAL; /* report the parties' and the values' errors together */
		err->code = ZF_EINVAL;
	}
	if (rc)
		goto end;
	/* Opened the day its first step happened (a record may be entered later). */
	zf_strlcpy(opened, v.occurred_on, sizeof(opened));
	x.c.opened_on = opened;
	x.c.title = title_of(&x, v.values);
	x.c.created_by = actor->account_id;
	x.c.created_at = tx.now;
	x.c.version = 0; /* the opening step makes it 1 */
	if ((rc = zf_store_case_insert(tx.db, &x.c, &x.c.id, err)))
		goto end;
	for (size_t i = 0; i < x.nparties && !rc; i++)
		rc = zf_store_party_insert(tx.db, x.c.id, &x.parties[i], &x.parties[i].id, err);
	if (!rc)
		rc = av_gate(&tx, &x, &p->steps[0], &v, reason, &plan, err);
	if (!rc)
		rc = step_write(&tx, &x, &p->steps[0], &v, plan, NULL, err);
	if (!rc)
		*id = x.c.id;
end:
	json_decref(vals);
	rc = zf_tx_end(&tx, rc, err);
	zf_case_values_free(&v);
	zf_case_ctx_free(&x);
	zf_arena_free(a);
	return rc ? zf_case_refuse(app, actor, "case_open", "case", rc, err) : 0;
}
