/* Guards on the penalty itself: no heavier than notified (art. 45), inside the statutory range (arts. 5, 32), the discretion band (art. 34), the summary procedure's limits (art. 51) and on-the-spot collection (arts. 68-70). */
#include <string.h>

#include "core/guard_util.h"

/* Art. 30-32 grounds for a penalty below the statutory minimum (减轻处罚). */
static const char *const mitigation_grounds[] = {
	"eliminated_harm",  /* 32(1) 主动消除或者减轻违法行为危害后果 */
	"coerced",          /* 32(2) 受他人胁迫或者诱骗实施违法行为 */
	"confessed",        /* 32(3) 主动供述行政机关尚未掌握的违法行为 */
	"meritorious",      /* 32(4) 配合行政机关查处违法行为有立功表现 */
	"other_statutory",  /* 32(5) 法律、法规、规章规定其他应当从轻或者减轻 */
	"other_law",        /* the same, earlier word */
	"minor_14_18",      /* 30 已满十四周岁不满十八周岁 */
	"limited_capacity", /* 31 尚未完全丧失辨认或者控制能力的精神病人、智力残疾人 */
};

static int mitigation_ground_ok(const json_t *v)
{
	for (size_t i = 0; json_is_string(v) && i < sizeof(mitigation_grounds) / sizeof(mitigation_grounds[0]); i++)
		if (strcmp(json_string_value(v), mitigation_grounds[i]) == 0)
			return 1;
	return 0;
}

/* 1 when the string WORD is an element of array A. */
static int array_has(const json_t *a, const char *word)
{
	size_t i;
	const json_t *e;
	json_array_foreach(a, i, e) {
		if (json_is_string(e) && strcmp(json_string_value(e), word) == 0)
			return 1;
	}
	return 0;
}

int zf_guard_not_heavier(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err)
{
	const struct zf_guard_step *n =
		zf_guard_done_issuing(ctx, "penalty_notice", "notice", "renotice");
	int64_t fine = 0, told = 0;
	char a[24], b[24];
	(void)arg;
	if (!n)
		return 0;
	zf_guard_money(ctx, "fine", &fine);
	const json_t *nf = json_is_object(n->values) ? json_object_get(n->values, "fine") : NULL;
	if (json_is_integer(nf))
		told = json_integer_value(nf);
	if (fine > told) {
		zf_money_format(fine, a);
		zf_money_format(told, b);
		return zf_guard_refuse(err, "fine", "罚款%s元高于事先告知的%s元：不得因当事人陈述申辩而加重处罚，确有新事实的应重新告知（《行政处罚法》第四十五条）",
				       a, b);
	}
	const json_t *types = zf_guard_value(ctx, "penalty_types");
	const json_t *ntypes = json_is_object(n->values) ? json_object_get(n->values, "penalty_types")
							 : NULL;
	int max_told = told > 0 ? zf_guard_penalty_rank("fine") : 0;
	size_t i;
	const json_t *e;
	json_array_foreach(ntypes, i, e) {
		int r = zf_guard_penalty_rank(json_string_value(e));
		if (json_is_string(e) && r > max_told)
			max_told = r;
	}
	json_array_foreach(types, i, e) {
		const char *w = json_string_value(e);
		if (w && !array_has(ntypes, w) && zf_guard_penalty_rank(w) > max_told)
			return zf_guard_refuse(err, "penalty_types", "处罚种类“%s”重于事先告知的处罚：不得加重处罚，确有新事实的应重新告知（《行政处罚法》第四十五条）",
					       zf_guard_penalty_label(w));
	}
	return 0;
}

int zf_guard_statutory_range(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err)
{
	const struct zf_violation *v = ctx->violation;
	int64_t fine = 0;
	char a[24], b[24];
	(void)arg;
	if (!v || !zf_guard_money(ctx, "fine", &fine) || fine == 0)
		return 0;
	if (v->fine_max >= 0 && fine > v->fine_max) {
		zf_money_format(fine, a);
		zf_money_format(v->fine_max, b);
		return zf_guard_refuse(err, "fine", "罚款%s元超过法定最高限额%s元，不能作出（过罚相当，《行政处罚法》第五条）",
				       a, b);
	}
	if (fine >= v->fine_min)
		return 0;
	zf_money_format(fine, a);
	zf_money_format(v->fine_min, b);
	if (!mitigation_ground_ok(zf_guard_value(ctx, "mitigation_ground")))
		return zf_guard_refuse(err, "mitigation_ground", "罚款%s元低于法定最低限额%s元：减轻处罚须选择法定情形（《行政处罚法》第三十二条）",
				       a, b);
	if (!zf_guard_text(ctx->values, "mitigation_reason"))
		return zf_guard_refuse(err, "mitigation_reason", "罚款%s元低于法定最低限额%s元：减轻处罚须写明理由（《行政处罚法》第三十二条）",
				       a, b);
	return 0;
}

int zf_guard_discretion_band(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err)
{
	int level = zf_guard_band_level(ctx);
	const struct zf_benchmark *b = zf_guard_band(ctx->violation, level);
	int64_t fine = 0;
	char f[24], lo[24], hi[24];
	(void)arg;
	if (!b || !zf_guard_money(ctx, "fine", &fine))
		return 0;
	if ((fine >= b->fine_min && fine <= b->fine_max) || zf_guard_text(ctx->values, "band_reason"))
		return 0;
	zf_money_format(fine, f);
	zf_money_format(b->fine_min, lo);
	zf_money_format(b->fine_max, hi);
	return zf_guard_refuse(err, "band_reason", "罚款%s元超出“%s”档裁量基准（%s至%s元），须写明偏离裁量基准的理由（《行政处罚法》第三十四条）",
			       f, zf_band_label(level), lo, hi);
}

/* Art. 51: 200 CNY for a citizen, 3,000 CNY for an organisation. */
#define SUMMARY_PERSON 20000
#define SUMMARY_ORG 300000
/* Art. 68: on-the-spot collection of 100 CNY or less. */
#define ONSPOT_MAX 10000

int zf_guard_summary_limits(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err)
{
	int org = zf_guard_party_org(ctx);
	int64_t fine = 0, limit = org ? SUMMARY_ORG : SUMMARY_PERSON;
	size_t i;
	const json_t *e;
	char a[24];
	(void)arg;
	const json_t *fc = zf_guard_value(ctx, "facts_certain");
	if (!json_is_true(fc))
		return zf_guard_refuse(err, "facts_certain", "简易程序仅适用于违法事实确凿并有法定依据的案件，否则应适用普通程序（《行政处罚法》第五十一条）");
	json_array_foreach(zf_guard_value(ctx, "penalty_types"), i, e) {
		const char *w = json_string_value(e);
		if (!w || (strcmp(w, "warning") != 0 && strcmp(w, "fine") != 0))
			return zf_guard_refuse(err, "penalty_types", "简易程序只能当场作出警告或者罚款，“%s”应适用普通程序（《行政处罚法》第五十一条）",
					       zf_guard_penalty_label(w));
	}
	if (zf_guard_money(ctx, "fine", &fine) && fine > limit) {
		zf_money_format(fine, a);
		return zf_guard_refuse(err, "fine", "罚款%s元超过简易程序限额（%s），应适用普通程序（《行政处罚法》第五十一条）",
				       a, org ? "对法人或者其他组织三千元以下" : "对公民二百元以下");
	}
	return 0;
}

int zf_guard_onspot_collection(const struct zf_guard_ctx *ctx, const char *arg,
			       struct zf_err *err)
{
	int64_t fine = 0;
	(void)arg;
	if (!zf_guard_true(ctx->values, "collected_onspot"))
		return 0;
	zf_guard_money(ctx, "fine", &fine);
	int hard = zf_guard_true(ctx->values, "hard_to_collect");
	if (hard && !zf_guard_text(ctx->values, "hard_to_collect_reason"))
		return zf_guard_refuse(err, "hard_to_collect_reason", "请写明不当场收缴事后难以执行的理由（《行政处罚法》第六十八条）");
	if (fine > ONSPOT_MAX && !hard && !zf_guard_true(ctx->values, "remote_area"))
		return zf_guard_refuse(err, "collected_onspot", "当场收缴罚款仅限一百元以下，或不当场收缴事后难以执行的（《行政处罚法》第六十八条、第六十九条）");
	if (!zf_guard_text(ctx->values, "receipt_no"))
		return zf_guard_refuse(err, "receipt_no", "当场收缴罚款必须出具财政部门统一制发的专用票据，请填写票据号码（《行政处罚法》第七十条）");
	return 0;
}
