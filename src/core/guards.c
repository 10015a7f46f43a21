/* Guards and hints over a case step: the statute as code (行政处罚法, 行政强制法), the dispatch by guard name and the helpers every guard file shares.
 *
 * Field-name convention. Procedure definitions are data written apart from
 * this code, so guards read step values by these names only (documented in
 * docs/case-rules.md, "Guards"); a value named below is looked up in the
 * step's values first and then in the case facts:
 *
 *   date / occurred_on   the date the step happened (else ctx->today)
 *   fine                 the fine in 分 (integer); 0 or absent = no fine
 *   penalty_types        enums: warning, criticism, fine, confiscate_income,
 *                        confiscate_property, suspend_license,
 *                        lower_qualification, revoke_license,
 *                        restrict_business, stop_business, close,
 *                        restrict_practice, detention, other
 *   band                 the discretion band: 1..4 (number or "1".."4") or
 *                        minor / general / serious / grave; band_reason
 *                        the written reason
 *   mitigation_ground    art. 30-32 ground word; mitigation_reason its text
 *   facts_certain        bool (summary procedure)
 *   collected_onspot, hard_to_collect, hard_to_collect_reason,
 *   remote_area, receipt_no   (on-the-spot collection)
 *   hearing_date, notified_on (hearing notice); chair (officer id)
 *   method ("electronic", "public_notice", ...), confirmation, reason (service)
 *   emergency, started_at, reported_at (datetimes "YYYY-MM-DDTHH:MM")
 *   days                 extension days (seizure_extension)
 *   act_date             the date of the act or its end (limitation hint)
 *   first_offence, minor_harm, corrected, minor_violation, no_harm,
 *   no_fault             bool facts of the 不予处罚 hints
 *
 * Officers: ctx->officers holds every officer app/ resolved from the step's
 * officers- and officer-type fields, plus the actor's own officer (for
 * not_recused). "Named officers" are the ids written in the step's
 * officers- and officer-type fields (every ctx->officers entry when
 * ctx->step is NULL).
 *
 * Steps are found by the documents they issue: the notices (issuing
 * "penalty_notice", with the proposed fine and penalty_types) and the
 * seizure (issuing "seizure_decision"); without a procedure, the codes
 * "notice" / "renotice" and "seizure" stand in. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/fieldcheck.h"
#include "core/guard_util.h"
#include "util/str.h"

/* ---- shared helpers ----------------------------------------------------- */

int zf_guard_refuse(struct zf_err *err, const char *field, const char *fmt, ...)
{
	char msg[sizeof(((struct zf_err *)0)->msg)];
	char fmsg[sizeof(((struct zf_field_err *)0)->msg)];
	va_list ap;
	va_start(ap, fmt);
	zf_utf8_vformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	zf_err_set(err, ZF_EINVAL, "%s", msg);
	if (field) {
		zf_strlcpy(fmsg, msg, sizeof(fmsg));
		zf_utf8_cut(fmsg);
		zf_err_field(err, field, "%s", fmsg);
	}
	return ZF_EINVAL;
}

const json_t *zf_guard_value(const struct zf_guard_ctx *ctx, const char *name)
{
	const json_t *v = json_is_object(ctx->values) ? json_object_get(ctx->values, name) : NULL;
	if (!v && json_is_object(ctx->facts))
		v = json_object_get(ctx->facts, name);
	return json_is_null(v) ? NULL : v;
}

int zf_guard_money(const struct zf_guard_ctx *ctx, const char *name, int64_t *out)
{
	const json_t *v = zf_guard_value(ctx, name);
	if (!json_is_integer(v))
		return 0;
	*out = json_integer_value(v);
	return 1;
}

int zf_guard_true(const json_t *j, const char *name)
{
	return json_is_object(j) && json_is_true(json_object_get(j, name));
}

int zf_guard_text(const json_t *j, const char *name)
{
	const json_t *v = json_is_object(j) ? json_object_get(j, name) : NULL;
	return json_is_string(v) && zf_fieldcheck_present(json_string_value(v));
}

int zf_guard_date(const json_t *j, struct zf_date *out)
{
	char iso[11];
	const char *s = json_string_value(j);
	if (!s || strlen(s) < 10 || (s[10] != '\0' && s[10] != 'T' && s[10] != ' '))
		return ZF_EINVAL;
	memcpy(iso, s, 10);
	iso[10] = '\0';
	return zf_date_parse(iso, out);
}

struct zf_date zf_guard_step_date(const json_t *values, struct zf_date fallback)
{
	struct zf_date d;
	if (json_is_object(values) &&
	    (zf_guard_date(json_object_get(values, "date"), &d) == 0 ||
	     zf_guard_date(json_object_get(values, "occurred_on"), &d) == 0))
		return d;
	return fallback;
}

const struct zf_step_def *zf_guard_step_def(const struct zf_procedure *p, const char *code)
{
	for (size_t i = 0; p && code && i < p->nsteps; i++)
		if (p->steps[i].code && strcmp(p->steps[i].code, code) == 0)
			return &p->steps[i];
	return NULL;
}

int zf_guard_step_issues(const struct zf_step_def *s, const char *doc)
{
	for (size_t i = 0; s && i < s->ndocuments; i++)
		if (s->documents[i] && strcmp(s->documents[i], doc) == 0)
			return 1;
	return 0;
}

const struct zf_guard_step *zf_guard_done_issuing(const struct zf_guard_ctx *ctx, const char *doc,
						  const char *code1, const char *code2)
{
	for (size_t i = ctx->ndone; i > 0; i--) {
		const struct zf_guard_step *s = &ctx->done[i - 1];
		const struct zf_step_def *def = zf_guard_step_def(ctx->proc, s->code);
		if (def ? zf_guard_step_issues(def, doc)
			: s->code && ((code1 && strcmp(s->code, code1) == 0) ||
				      (code2 && strcmp(s->code, code2) == 0)))
			return s;
	}
	return NULL;
}

const struct zf_guard_step *zf_guard_done_last(const struct zf_guard_ctx *ctx, const char *code)
{
	for (size_t i = ctx->ndone; i > 0; i--)
		if (ctx->done[i - 1].code && strcmp(ctx->done[i - 1].code, code) == 0)
			return &ctx->done[i - 1];
	return NULL;
}

int zf_guard_party_org(const struct zf_guard_ctx *ctx)
{
	const char *kind = json_string_value(json_is_object(ctx->facts)
						     ? json_object_get(ctx->facts, "party_kind")
						     : NULL);
	if (kind)
		return strcmp(kind, "org") == 0;
	return ctx->nparties > 0 && ctx->parties[0].kind == ZF_PARTY_ORG;
}

const struct zf_guard_officer *zf_guard_officer(const struct zf_guard_ctx *ctx, int64_t id)
{
	for (size_t i = 0; i < ctx->nofficers; i++)
		if (ctx->officers[i].id == id)
			return &ctx->officers[i];
	return NULL;
}

static const struct {
	const char *word;
	const char *label;
	int rank;
} penalty_ranks[] = {
	{"warning", "警告", 1}, {"criticism", "通报批评", 1},
	{"fine", "罚款", 2}, {"confiscate_income", "没收违法所得", 2},
	{"confiscate_property", "没收非法财物", 2},
	{"suspend_license", "暂扣许可证件", 3}, {"suspend_permit", "暂扣许可证件", 3},
	{"lower_qualification", "降低资质等级", 3},
	{"revoke_license", "吊销许可证件", 3}, {"revoke_permit", "吊销许可证件", 3},
	{"restrict_business", "限制开展生产经营活动", 4},
	{"stop_business", "责令停产停业", 4}, {"suspend_business", "责令停产停业", 4},
	{"close", "责令关闭", 4}, {"restrict_practice", "限制从业", 4},
	{"detention", "行政拘留", 5}, {"other", "其他行政处罚", 6},
};

#define NRANKS (sizeof(penalty_ranks) / sizeof(penalty_ranks[0]))

int zf_guard_penalty_rank(const char *word)
{
	for (size_t i = 0; word && i < NRANKS; i++)
		if (strcmp(penalty_ranks[i].word, word) == 0)
			return penalty_ranks[i].rank;
	return 6;
}

const char *zf_guard_penalty_label(const char *word)
{
	for (size_t i = 0; word && i < NRANKS; i++)
		if (strcmp(penalty_ranks[i].word, word) == 0)
			return penalty_ranks[i].label;
	return word ? word : "";
}

const struct zf_benchmark *zf_guard_band(const struct zf_violation *v, int level)
{
	for (size_t i = 0; v && v->bands && i < v->nbands; i++)
		if (v->bands[i].level == level)
			return &v->bands[i];
	return NULL;
}

int zf_guard_band_level(const struct zf_guard_ctx *ctx)
{
	static const char *const words[] = {"minor", "general", "serious", "grave"};
	static const char *const digits[] = {"1", "2", "3", "4"};
	const json_t *b = zf_guard_value(ctx, "band");
	if (json_is_integer(b))
		return json_integer_value(b) >= 1 && json_integer_value(b) <= 4
			       ? (int)json_integer_value(b)
			       : 0;
	for (int i = 0; json_is_string(b) && i < 4; i++)
		if (strcmp(json_string_value(b), words[i]) == 0 ||
		    strcmp(json_string_value(b), digits[i]) == 0)
			return i + 1;
	return 0;
}

/* ---- dispatch ------------------------------------------------------------ */

static int guard_limitation(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err)
{
	/* The limitation period is the handler's call (the act date may be
	 * disputed): zf_case_hints flags it, the guard never refuses. */
	(void)ctx;
	(void)arg;
	(void)err;
	return 0;
}

typedef int (*guard_fn)(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err);

static const struct {
	const char *name;
	int needs_arg;
	guard_fn fn;
} guards[] = {
	{"two_officers", 0, zf_guard_two_officers},
	{"officers_assigned", 0, zf_guard_officers_assigned},
	{"not_recused", 0, zf_guard_not_recused},
	{"period_over", 1, zf_guard_period_over},
	{"not_heavier", 0, zf_guard_not_heavier},
	{"statutory_range", 0, zf_guard_statutory_range},
	{"discretion_band", 0, zf_guard_discretion_band},
	{"summary_limits", 0, zf_guard_summary_limits},
	{"onspot_collection", 0, zf_guard_onspot_collection},
	{"hearing_notice", 0, zf_guard_hearing_notice},
	{"hearing_chair", 0, zf_guard_hearing_chair},
	{"electronic_service", 0, zf_guard_electronic_service},
	{"party_signature", 0, zf_guard_party_signature},
	{"emergency_report", 0, zf_guard_emergency_report},
	{"seizure_extension", 0, zf_guard_seizure_extension},
	{"limitation", 0, guard_limitation},
};

/* The guard NAME ("name" or "name:arg"), its argument into *ARG. */
static guard_fn guard_find(const char *name, const char **arg)
{
	if (!name)
		return NULL;
	const char *colon = strchr(name, ':');
	size_t n = colon ? (size_t)(colon - name) : strlen(name);
	for (size_t i = 0; i < sizeof(guards) / sizeof(guards[0]); i++) {
		if (strlen(guards[i].name) != n || strncmp(guards[i].name, name, n) != 0)
			continue;
		if (guards[i].needs_arg != (colon != NULL) || (colon && !colon[1]))
			return NULL;
		*arg = colon ? colon + 1 : NULL;
		return guards[i].fn;
	}
	return NULL;
}

int zf_guard_known(const char *name)
{
	const char *arg;
	return guard_find(name, &arg) != NULL;
}

int zf_guard_check(const char *name, const struct zf_guard_ctx *ctx, struct zf_err *err)
{
	const char *arg = NULL;
	guard_fn fn = guard_find(name, &arg);
	if (!fn)
		return zf_err_set(err, ZF_EINVAL, "未知的校验规则：%s", name ? name : "");
	if (!ctx)
		return zf_err_set(err, ZF_EINVAL, "校验规则缺少案件信息");
	return fn(ctx, arg, err);
}
