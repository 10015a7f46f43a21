/* One case loaded for the engine: its rows, settings and calendar, the facts its rules read, and which steps the procedure allows next. */
#include <stdio.h>
#include <string.h>

#include "app/calendar.h"
#include "app/case_int.h"
#include "app/review.h"
#include "core/role.h"
#include "store/case_setting.h"
#include "store/registry.h"
#include "store/violation.h"

int zf_case_settings_read(struct zf_db *db, int64_t body_id, int64_t version, json_t **out,
			  int64_t *got, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	const char *text = NULL;
	json_t *s = zf_case_settings_defaults(), *stored = NULL;
	int64_t v = version;
	int rc = 0;

	*out = NULL;
	if (!a || !s) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto out;
	}
	if (version == 0) { /* a case opened before the body had settings */
		*out = s;
		s = NULL;
		if (got)
			*got = 0;
		goto out;
	}
	rc = version > 0 ? zf_store_case_setting_get(db, a, body_id, version, &text, err)
			 : zf_store_case_setting_latest(db, a, body_id, &text, &v, err);
	if (rc == ZF_ENOTFOUND && version < 0) {
		zf_err_clear(err);
		rc = 0;
		v = 0;
	} else if (rc) {
		goto out;
	} else if (!(stored = json_loads(text, 0, NULL)) || !json_is_object(stored) ||
		   json_object_update(s, stored)) {
		rc = zf_err_set(err, ZF_ERROR, "案件参数设置第%lld版已损坏", (long long)v);
		goto out;
	}
	*out = s;
	s = NULL;
	if (got)
		*got = v;
out:
	json_decref(stored);
	json_decref(s);
	zf_arena_free(a);
	return rc;
}

/* The body, settings and calendar of X (BODY_ID, settings VERSION). */
static int ctx_common(struct zf_case_ctx *x, int64_t body_id, int64_t version,
		      struct zf_err *err)
{
	int rc = zf_store_body_get(x->db, x->a, body_id, &x->body, err);

	if (rc || (rc = zf_case_settings_read(x->db, body_id, version, &x->settings,
					      &x->c.settings_version, err)) ||
	    (!x->cal && (rc = zf_app_calendar_read(x->db, &x->cal, err))))
		return rc;
	x->today = zf_clock_today(&x->app->clock);
	x->now = zf_clock_now(&x->app->clock);
	return 0;
}

int zf_case_ctx_new(struct zf_case_ctx *x, struct zf_app *app, struct zf_db *db,
		    struct zf_arena *a, const struct zf_procedure *proc, int64_t body_id,
		    struct zf_err *err)
{
	memset(x, 0, sizeof(*x));
	x->app = app;
	x->db = db;
	x->a = a;
	x->proc = proc;
	x->c.body_id = body_id;
	x->c.state = ZF_CASE_OPEN;
	x->c.procedure = proc->code;
	x->c.proc_version = proc->version;
	x->c.proc_sha256 = proc->sha256;
	x->c.case_no = x->c.title = x->c.last_step = "";
	if (!(x->facts = json_object()) || !(x->values = json_array()))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	return ctx_common(x, body_id, -1, err);
}

/* Parses the values of every step of X into X->values and X->done. */
static int ctx_steps(struct zf_case_ctx *x, struct zf_err *err)
{
	if (!(x->values = json_array()))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if (x->nsteps && !(x->done = zf_arena_alloc(x->a, x->nsteps * sizeof(*x->done))))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	for (size_t i = 0; i < x->nsteps; i++) {
		json_t *v = json_loads(x->steps[i].values_json, 0, NULL);

		if (!v || json_array_append_new(x->values, v))
			return zf_err_set(err, ZF_ERROR, "案件第%d步的记录已损坏", x->steps[i].seq);
		x->done[i] = (struct zf_guard_step){.id = x->steps[i].id, .code = x->steps[i].code,
						    .values = v};
		if (zf_date_parse(x->steps[i].occurred_on, &x->done[i].on))
			x->done[i].on = x->today;
	}
	return 0;
}

int zf_case_ctx_load(struct zf_case_ctx *x, struct zf_app *app, struct zf_db *db,
		     struct zf_arena *a, int64_t case_id, struct zf_calendar *cal,
		     struct zf_err *err)
{
	int rc;

	memset(x, 0, sizeof(*x));
	x->cal = cal;
	x->cal_borrowed = cal != NULL;
	x->app = app;
	x->db = db;
	x->a = a;
	if ((rc = zf_store_case_get(db, a, case_id, &x->c, err)))
		return rc;
	if (!(x->proc = zf_procedure_find(zf_app_procedures(app), x->c.procedure)))
		return zf_err_set(err, ZF_ERROR, "案件所依据的程序定义 %s 未载入", x->c.procedure);
	/* A newer version of the same code is compatible (docs/procedures.md). */
	if (x->proc->version < x->c.proc_version)
		return zf_err_set(err, ZF_ERROR, "案件依据 %s 第%d版定义办理，当前载入的是第%d版",
				  x->c.procedure, x->c.proc_version, x->proc->version);
	if (!(x->facts = json_loads(x->c.facts_json, 0, NULL)) || !json_is_object(x->facts))
		return zf_err_set(err, ZF_ERROR, "案件事实记录已损坏");
	if ((rc = ctx_common(x, x->c.body_id, x->c.settings_version, err)))
		return rc;
	if ((rc = zf_store_step_list(db, a, case_id, &x->steps, &x->nsteps, err)) ||
	    (rc = ctx_steps(x, err)) ||
	    (rc = zf_store_party_list(db, a, case_id, &x->parties, &x->nparties, err)) ||
	    (rc = zf_store_case_officer_list(db, a, case_id, &x->officers, &x->nofficers, err)) ||
	    (rc = zf_store_pause_list(db, a, case_id, &x->pauses, &x->npauses, err)))
		return rc;
	if (x->c.violation_id &&
	    (rc = zf_store_violation_get(db, a, x->c.violation_id, &x->violation, err)))
		return rc;
	return 0;
}

void zf_case_ctx_free(struct zf_case_ctx *x)
{
	json_decref(x->settings);
	json_decref(x->facts);
	json_decref(x->values);
	if (!x->cal_borrowed)
		zf_calendar_free(x->cal);
	x->settings = x->facts = x->values = NULL;
	x->cal = NULL;
}

size_t zf_case_done_count(const struct zf_case_ctx *x, const char *code)
{
	size_t n = 0;

	for (size_t i = 0; i < x->nsteps; i++)
		n += strcmp(x->steps[i].code, code) == 0;
	return n;
}

long zf_case_done_last(const struct zf_case_ctx *x, const char *code)
{
	for (size_t i = x->nsteps; i-- > 0;)
		if (strcmp(x->steps[i].code, code) == 0)
			return (long)i;
	return -1;
}

size_t zf_case_active_officers(const struct zf_case_ctx *x)
{
	size_t n = 0;

	for (size_t i = 0; i < x->nofficers; i++)
		n += !x->officers[i].recused;
	return n;
}

int zf_case_officer_active(const struct zf_case_ctx *x, int64_t officer_id)
{
	for (size_t i = 0; officer_id && i < x->nofficers; i++)
		if (x->officers[i].officer_id == officer_id)
			return !x->officers[i].recused;
	return 0;
}

/* ---- the engine's facts ---- */

/* Penalty types that give the party the right to a hearing whatever the
 * amount (行政处罚法 art. 63): the words of docs/case-rules.md and their
 * older spellings. */
static const char *const hearing_types[] = {
	"lower_qualification", "revoke_permit",    "revoke_license",    "suspend_business",
	"stop_business",       "close",            "restrict_practice", "restrict_business",
};

static int hearing_type(const char *word)
{
	for (size_t i = 0; i < sizeof(hearing_types) / sizeof(hearing_types[0]); i++)
		if (strcmp(word, hearing_types[i]) == 0)
			return 1;
	return 0;
}

/* 1 when fact KEY of F (a word or an array of words) names a hearing type. */
static int has_hearing_type(const json_t *f, const char *key)
{
	const json_t *v = json_object_get(f, key), *e;
	size_t i;

	if (json_is_string(v))
		return hearing_type(json_string_value(v));
	json_array_foreach(v, i, e)
		if (json_is_string(e) && hearing_type(json_string_value(e)))
			return 1;
	return 0;
}

/* Money fact KEY of F in 分, 0 when unset. */
static int64_t money_fact(const json_t *f, const char *key)
{
	const json_t *v = json_object_get(f, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* 1 when the first party is an organisation. */
static int party_org(const struct zf_case_ctx *x)
{
	return x->nparties && x->parties[0].kind == ZF_PARTY_ORG;
}

/* Sets fact "major" of F (the catalog in force evaluated on F's proposal)
 * and "major_rules" (the why texts of the rules that matched). */
static int major_fact(const struct zf_case_ctx *x, json_t *f)
{
	struct zf_catalog_match m[16];
	struct zf_proposal p;
	const char *types[32];
	char sha[65];
	json_t *cat = NULL, *rules = json_array();
	int64_t version = 0;
	size_t n = 0;
	int rc = -1;

	if (!rules || zf_app_catalog_current(x->db, x->c.body_id, &cat, &version, NULL) ||
	    zf_review_proposal(f, party_org(x), &p, types, 32, sha))
		goto out;
	int major = zf_catalog_eval(cat, &p, m, 16, &n);
	for (size_t i = 0; i < n && i < 16; i++)
		if (json_array_append_new(rules, json_string(m[i].why)))
			goto out;
	rc = json_object_set_new(f, "major", json_boolean(major)) |
	     json_object_set(f, "major_rules", rules);
out:
	json_decref(rules);
	json_decref(cat);
	return rc;
}

/* Sets KEY of F to the boolean B unless F already holds a boolean there. */
static int bool_default(json_t *f, const char *key, int b)
{
	return json_is_boolean(json_object_get(f, key)) ? 0
							: json_object_set_new(f, key, json_boolean(b));
}

json_t *zf_case_facts(const struct zf_case_ctx *x, const json_t *extra)
{
	json_t *f = json_deep_copy(x->facts);
	const json_t *s = x->settings;
	int org = party_org(x), minor = 0, rc = 0;

	if (!f || (extra && json_object_update(f, (json_t *)extra))) {
		json_decref(f);
		return NULL;
	}
	for (size_t i = 0; i < x->nparties; i++)
		if (x->parties[i].kind == ZF_PARTY_PERSON && zf_party_minor(&x->parties[i], x->today))
			minor = 1;
	int64_t fine = money_fact(f, "fine"), conf = money_fact(f, "confiscation");
	int64_t hfine = zf_case_setting_int(s, org ? "hearing_fine_org" : "hearing_fine_person");
	int64_t hconf = zf_case_setting_int(s, org ? "hearing_confiscation_org"
						   : "hearing_confiscation_person");
	int64_t cfine = zf_case_setting_int(s, org ? "collective_fine_org" : "collective_fine_person");
	int eligible = has_hearing_type(f, "penalty_types") || has_hearing_type(f, "penalty_type") ||
		       (hfine > 0 && fine >= hfine) || (hconf > 0 && conf >= hconf);
	const json_t *review = json_object_get(s, "case_review");

	rc |= json_object_set_new(f, "party_kind",
				  json_string(x->nparties ? (org ? "org" : "person") : ""));
	rc |= json_object_set_new(f, "party_minor", json_boolean(minor));
	rc |= json_object_set_new(f, "hearing_eligible", json_boolean(eligible));
	rc |= major_fact(x, f);
	if (!json_is_true(json_object_get(f, "collective_required")))
		rc |= json_object_set_new(f, "collective_required",
					  json_boolean(cfine > 0 && fine >= cfine));
	rc |= bool_default(f, "statement_waived", zf_case_done_count(x, "statement_waiver") > 0);
	rc |= json_object_set_new(f, "officers", json_integer((json_int_t)zf_case_active_officers(x)));
	rc |= json_object_set_new(f, "case_review", json_boolean(!json_is_false(review)));
	if (rc) {
		json_decref(f);
		return NULL;
	}
	return f;
}

/* ---- availability ---- */

/* Appends the names of the steps CODES (N) of X's procedure, "、" separated, to OUT. */
static void step_names(const struct zf_case_ctx *x, const char *const *codes, size_t n,
		       const char *prefix, char *out, size_t size)
{
	size_t len = strlen(out);

	snprintf(out + len, size - len, "%s", prefix);
	for (size_t i = 0; i < n; i++) {
		const struct zf_step_def *d = zf_procedure_step(x->proc, codes[i]);

		len = strlen(out);
		snprintf(out + len, size - len, "%s「%s」", i ? "、" : "", d ? d->name : codes[i]);
	}
}

/* 1 when a step with effect EFFECT and flag ANYTIME may be performed on a case in STATE. */
static int state_allows(int state, const struct zf_step_def *s)
{
	if (state == ZF_CASE_OPEN)
		return 1;
	if (strcmp(s->effect, "reopen_execution") == 0)
		return 1;
	/* Remedies (复议, 诉讼 and their outcomes) are recorded after the case closed. */
	if (s->anytime && s->effect[0] == '\0')
		return 1;
	return state == ZF_CASE_CLOSED && strcmp(s->effect, "archive") == 0;
}

int zf_case_available(const struct zf_case_ctx *x, const struct zf_step_def *s,
		      const json_t *facts, int correcting, char *why, size_t n)
{
	const char *missing[64];
	size_t nmissing = 0;

	why[0] = '\0';
	if (x->c.id == 0) {
		if (s != &x->proc->steps[0]) {
			snprintf(why, n, "案件须以「%s」开始", x->proc->steps[0].name);
			return 0;
		}
		return 1;
	}
	if (!state_allows(x->c.state, s)) {
		snprintf(why, n, "案件已%s，不能再办理「%s」",
			 x->c.state == ZF_CASE_ARCHIVED ? "归档" : "结案", s->name);
		return 0;
	}
	if (!s->repeat && !correcting && zf_case_done_count(x, s->code)) {
		snprintf(why, n, "「%s」已经办理，不能重复办理", s->name);
		return 0;
	}
	for (size_t i = 0; i < s->nunless; i++)
		if (zf_case_done_count(x, s->unless[i])) {
			step_names(x, &s->unless[i], 1, "已办理", why, n);
			size_t len = strlen(why);
			snprintf(why + len, n - len, "，不能再办理「%s」", s->name);
			return 0;
		}
	for (size_t i = 0; i < s->nafter; i++)
		if (!zf_case_done_count(x, s->after[i]) && nmissing < 64)
			missing[nmissing++] = s->after[i];
	if (nmissing) {
		step_names(x, missing, nmissing, "须先完成", why, n);
		return 0;
	}
	if (s->nafter_any) {
		size_t any = 0;

		for (size_t i = 0; i < s->nafter_any; i++)
			any += zf_case_done_count(x, s->after_any[i]);
		if (!any) {
			step_names(x, s->after_any, s->nafter_any, "须先完成以下环节之一：", why, n);
			return 0;
		}
	}
	if (s->anytime && !zf_case_done_count(x, x->proc->steps[0].code)) {
		snprintf(why, n, "须先完成「%s」", x->proc->steps[0].name);
		return 0;
	}
	if (!zf_cond_eval(s->when, facts)) {
		snprintf(why, n, "本案当前情况不适用「%s」", s->name);
		return 0;
	}
	return 1;
}

/* ---- reading rights ---- */

int zf_case_may_read(const struct zf_actor *actor, int64_t body_id, struct zf_err *err)
{
	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_CASE_READ))
		return zf_err_set(err, ZF_EDENIED, "无权查看案件");
	if (actor->cli || zf_role_all_bodies(actor->role) || actor->body_id == body_id)
		return 0;
	return zf_err_set(err, ZF_EDENIED, "只能查看本执法主体的案件");
}

int zf_case_sees_ids(const struct zf_actor *actor, const struct zf_case_ctx *x)
{
	if (actor->cli)
		return 1;
	if (actor->body_id != x->c.body_id)
		return 0;
	if (actor->role == ZF_ROLE_LEADER || actor->role == ZF_ROLE_REVIEWER)
		return 1;
	return zf_case_officer_active(x, actor->officer_id);
}
