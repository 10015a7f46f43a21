/* Guards on time: waiting periods of the procedure (period_over), the hearing notice (art. 64), the emergency report (行政强制法 art. 19) and the seizure extension (行政强制法 art. 25). */
#include <stdio.h>
#include <string.h>

#include "core/guard_util.h"

/* The article a waiting period comes from, by deadline code. */
static const struct {
	const char *code;
	const char *basis;
} period_basis[] = {
	{"statement", "《行政处罚法》第四十四条、第六十二条"},
	{"restatement", "《行政处罚法》第四十五条、第六十二条"},
	{"hearing_request", "《行政处罚法》第六十四条"},
	{"hearing_notice", "《行政处罚法》第六十四条"},
	{"payment", "《行政处罚法》第六十七条"},
	{"urge", "《行政强制法》第五十四条"},
	{"preservation", "《行政处罚法》第五十六条"},
	{"seizure", "《行政强制法》第二十五条"},
};

static const char *basis_of(const char *code)
{
	for (size_t i = 0; i < sizeof(period_basis) / sizeof(period_basis[0]); i++)
		if (strcmp(period_basis[i].code, code) == 0)
			return period_basis[i].basis;
	return "程序规定";
}

static const struct zf_deadline_def *deadline_def(const struct zf_procedure *p, const char *code)
{
	for (size_t i = 0; p && i < p->ndeadlines; i++)
		if (p->deadlines[i].code && strcmp(p->deadlines[i].code, code) == 0)
			return &p->deadlines[i];
	return NULL;
}

static const char *step_name(const struct zf_procedure *p, const char *code)
{
	const struct zf_step_def *s = zf_guard_step_def(p, code);
	return s && s->name ? s->name : code;
}

/* Adds COUNT units of D's kind to FROM on CTX's calendar. */
static int deadline_due(const struct zf_guard_ctx *ctx, const struct zf_deadline_def *d,
			struct zf_date from, struct zf_due *due, struct zf_err *cerr)
{
	int64_t count = d->setting ? zf_case_setting_int(ctx->settings, d->setting) : d->count;
	if (count < 0 || count > 100000)
		return zf_err_set(cerr, ZF_EINVAL, "期限天数无效");
	if (!ctx->cal)
		return zf_err_set(cerr, ZF_ENOTFOUND, "工作日历尚未载入");
	switch (d->unit) {
	case ZF_DU_WORKING:
		if (count == 0) {
			due->date = from;
			due->provisional = 0;
			return 0;
		}
		return zf_calendar_add_working(ctx->cal, from, (int)count, due, cerr);
	case ZF_DU_MONTHS:
		return zf_calendar_add_months(ctx->cal, from, (int)count, due, cerr);
	default:
		return zf_calendar_add_days(ctx->cal, from, (int)count, due, cerr);
	}
}

int zf_guard_period_over(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err)
{
	const struct zf_deadline_def *d = deadline_def(ctx->proc, arg);
	struct zf_err cerr;
	struct zf_due due;
	char day[24];
	if (!d)
		return zf_guard_refuse(err, NULL, "程序定义中没有期限“%s”，无法校验", arg);
	const char *label = d->label ? d->label : d->code;
	if (strcmp(d->code, "statement") == 0 && json_is_true(zf_guard_value(ctx, "statement_waived")))
		return 0; /* waived in writing (art. 62) */
	for (size_t i = 0; i < d->nuntil; i++)
		if (d->until[i] && zf_guard_done_last(ctx, d->until[i]))
			return 0;
	const struct zf_guard_step *s = d->from_step ? zf_guard_done_last(ctx, d->from_step) : NULL;
	const struct zf_step_def *from_def = zf_guard_step_def(ctx->proc, d->from_step);
	/* An optional step not taken (重新告知) starts no period to wait for. */
	if (!s && from_def && from_def->optional)
		return 0;
	if (!s)
		return zf_guard_refuse(err, NULL, "%s尚未开始计算（“%s”尚未完成），现在不能进行此步骤（%s）",
				       label, step_name(ctx->proc, d->from_step ? d->from_step : ""),
				       basis_of(d->code));
	struct zf_date from = s->on;
	if (d->from_field && json_is_object(s->values))
		zf_guard_date(json_object_get(s->values, d->from_field), &from);
	zf_err_clear(&cerr);
	if (deadline_due(ctx, d, from, &due, &cerr))
		return zf_guard_refuse(err, NULL, "无法计算%s：%s", label, cerr.msg);
	if (zf_date_cmp(ctx->today, due.date) > 0)
		return 0;
	zf_date_cn(due.date, day);
	return zf_guard_refuse(err, NULL, "%s至%s%s届满，届满前不能进行此步骤（%s）", label, day,
			       due.provisional ? "（暂定）" : "", basis_of(d->code));
}

int zf_guard_hearing_notice(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err)
{
	struct zf_date hearing, notified = zf_guard_step_date(ctx->values, ctx->today);
	struct zf_err cerr;
	struct zf_due due;
	char day[24];
	(void)arg;
	if (!json_is_object(ctx->values) ||
	    zf_guard_date(json_object_get(ctx->values, "hearing_date"), &hearing))
		return zf_guard_refuse(err, "hearing_date", "请填写举行听证的日期");
	if (json_is_object(ctx->values))
		zf_guard_date(json_object_get(ctx->values, "notified_on"), &notified);
	zf_err_clear(&cerr);
	if (!ctx->cal)
		return zf_guard_refuse(err, "hearing_date", "工作日历尚未载入，无法计算听证通知期限");
	if (zf_calendar_add_working(ctx->cal, notified, 7, &due, &cerr))
		return zf_guard_refuse(err, "hearing_date", "无法计算听证通知期限：%s", cerr.msg);
	if (zf_date_cmp(hearing, due.date) >= 0)
		return 0;
	zf_date_cn(due.date, day);
	return zf_guard_refuse(err, "hearing_date", "应当在举行听证的七个工作日前通知当事人，听证日期不得早于%s%s（《行政处罚法》第六十四条第二项）",
			       day, due.provisional ? "（暂定）" : "");
}

/* Minutes since 1970 of datetime J ("YYYY-MM-DDTHH:MM", optional ":SS"):
 * 0 or ZF_EINVAL. */
static int datetime_minutes(const json_t *j, int64_t *out)
{
	struct zf_date d;
	const char *s = json_string_value(j);
	if (!s || zf_guard_date(j, &d) || (s[10] != 'T' && s[10] != ' ') || strlen(s) < 16)
		return ZF_EINVAL;
	const char *t = s + 11;
	for (int i = 0; i < 5; i++)
		if (i == 2 ? t[i] != ':' : (t[i] < '0' || t[i] > '9'))
			return ZF_EINVAL;
	if (t[5] != '\0' && !(t[5] == ':' && strlen(t) == 8))
		return ZF_EINVAL;
	int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
	if (h > 23 || m > 59)
		return ZF_EINVAL;
	*out = zf_date_days(d) * 1440 + h * 60 + m;
	return 0;
}

int zf_guard_emergency_report(const struct zf_guard_ctx *ctx, const char *arg,
			      struct zf_err *err)
{
	int64_t started, reported;
	(void)arg;
	if (!json_is_true(zf_guard_value(ctx, "emergency")))
		return 0;
	if (datetime_minutes(json_object_get(ctx->values, "started_at"), &started))
		return zf_guard_refuse(err, "started_at", "请填写当场实施行政强制措施的时间（《行政强制法》第十九条）");
	if (datetime_minutes(json_object_get(ctx->values, "reported_at"), &reported))
		return zf_guard_refuse(err, "reported_at", "情况紧急当场实施的，应当在二十四小时内向行政机关负责人报告，请填写报告时间（《行政强制法》第十九条）");
	if (reported < started)
		return zf_guard_refuse(err, "reported_at", "报告时间不能早于实施时间（《行政强制法》第十九条）");
	if (reported - started > 24 * 60)
		return zf_guard_refuse(err, "reported_at", "情况紧急当场实施的，应当在二十四小时内向行政机关负责人报告并补办批准手续，本次报告已超过二十四小时（《行政强制法》第十九条）");
	return 0;
}

/* Art. 25: 查封、扣押 at most 30 days, extended once by at most 30. */
#define SEIZURE_DAYS 30

int zf_guard_seizure_extension(const struct zf_guard_ctx *ctx, const char *arg,
			       struct zf_err *err)
{
	const json_t *days = json_is_object(ctx->values) ? json_object_get(ctx->values, "days") : NULL;
	const struct zf_guard_step *seizure;
	char day[24];
	(void)arg;
	if (!json_is_integer(days) || json_integer_value(days) < 1 ||
	    json_integer_value(days) > SEIZURE_DAYS)
		return zf_guard_refuse(err, "days", "查封、扣押的延长期限为1至30日（《行政强制法》第二十五条）");
	if (ctx->step && ctx->step->code && zf_guard_done_last(ctx, ctx->step->code))
		return zf_guard_refuse(err, "days", "查封、扣押的期限只能延长一次（《行政强制法》第二十五条）");
	seizure = zf_guard_done_issuing(ctx, "seizure_decision", "seizure", NULL);
	if (!seizure)
		return zf_guard_refuse(err, NULL, "尚未作出查封、扣押决定，无需延长（《行政强制法》第二十五条）");
	struct zf_date start = zf_guard_step_date(seizure->values, seizure->on);
	struct zf_date end = zf_date_from_days(zf_date_days(start) + SEIZURE_DAYS);
	if (zf_date_cmp(zf_guard_step_date(ctx->values, ctx->today), end) <= 0)
		return 0;
	zf_date_cn(end, day);
	return zf_guard_refuse(err, NULL, "查封、扣押期限已于%s届满，不能再延长，应当及时解除（《行政强制法》第二十五条、第二十八条）",
			       day);
}
