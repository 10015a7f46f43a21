/* Violation types (违法行为) and their discretion bands (裁量基准): validation and labels. */
#include <stdio.h>
#include <string.h>

#include "core/case_rules.h"
#include "core/fieldcheck.h"

const char *zf_band_label(int level)
{
	switch (level) {
	case ZF_BAND_MINOR: return "轻微";
	case ZF_BAND_GENERAL: return "一般";
	case ZF_BAND_SERIOUS: return "较重";
	case ZF_BAND_GRAVE: return "严重";
	default: return "未知";
	}
}

static void check_band(struct zf_fieldcheck *ck, const struct zf_violation *v, size_t i,
		       const struct zf_benchmark *b, unsigned *seen)
{
	char f[48];
	char yuan[24];
	if (b->level < ZF_BAND_MINOR || b->level > ZF_BAND_GRAVE) {
		snprintf(f, sizeof(f), "bands.%zu.level", i);
		zf_fieldcheck_fail(ck, f, "第%zu档：请选择情节档次（轻微、一般、较重、严重）", i + 1);
	} else if (*seen & (1u << b->level)) {
		snprintf(f, sizeof(f), "bands.%zu.level", i);
		zf_fieldcheck_fail(ck, f, "第%zu档：“%s”档次重复，每个档次只能有一条基准", i + 1,
				   zf_band_label(b->level));
	} else {
		*seen |= 1u << b->level;
	}
	snprintf(f, sizeof(f), "bands.%zu.circumstance", i);
	zf_fieldcheck_text(ck, f, "适用情形", b->circumstance, 1000, 1, 1);
	snprintf(f, sizeof(f), "bands.%zu.other", i);
	zf_fieldcheck_text(ck, f, "其他处罚措施", b->other, 1000, 1, 0);
	snprintf(f, sizeof(f), "bands.%zu.fine_min", i);
	if (b->fine_min < 0 || b->fine_max < 0) {
		zf_fieldcheck_fail(ck, f, "第%zu档：罚款金额不能为负数", i + 1);
		return;
	}
	if (b->fine_min > b->fine_max) {
		zf_fieldcheck_fail(ck, f, "第%zu档：罚款下限不能高于上限", i + 1);
		return;
	}
	if (b->fine_min < v->fine_min) {
		zf_money_format(v->fine_min, yuan);
		zf_fieldcheck_fail(ck, f, "第%zu档：罚款下限低于法定最低限额%s元", i + 1, yuan);
	}
	if (v->fine_max >= 0 && b->fine_max > v->fine_max) {
		snprintf(f, sizeof(f), "bands.%zu.fine_max", i);
		zf_money_format(v->fine_max, yuan);
		zf_fieldcheck_fail(ck, f, "第%zu档：罚款上限超过法定最高限额%s元", i + 1, yuan);
	}
}

int zf_violation_validate(const struct zf_violation *v, struct zf_err *err)
{
	struct zf_fieldcheck ck = {err, 0};
	unsigned seen = 0;
	if (!v)
		return zf_err_set(err, ZF_EINVAL, "没有收到违法行为信息，请重新填写");
	zf_fieldcheck_text(&ck, "code", "违法行为编码", v->code, 32, 0, 1);
	zf_fieldcheck_text(&ck, "name", "违法行为名称", v->name, 200, 0, 1);
	zf_fieldcheck_text(&ck, "matter_code", "行政执法事项编码", v->matter_code, 64, 0, 0);
	zf_fieldcheck_text(&ck, "domain", "执法领域", v->domain, 100, 0, 0);
	zf_fieldcheck_text(&ck, "legal_basis", "违法依据", v->legal_basis, 4000, 1, 1);
	zf_fieldcheck_text(&ck, "penalty_basis", "处罚依据", v->penalty_basis, 4000, 1, 1);
	if (v->fine_min < 0)
		zf_fieldcheck_fail(&ck, "fine_min", "法定罚款下限不能为负数");
	if (v->fine_max < -1)
		zf_fieldcheck_fail(&ck, "fine_max", "法定罚款上限不能为负数（没有规定上限时留空）");
	else if (v->fine_max >= 0 && v->fine_min > v->fine_max)
		zf_fieldcheck_fail(&ck, "fine_max", "法定罚款上限不能低于下限");
	if (v->nbands > 0 && !v->bands)
		return zf_err_set(err, ZF_EINVAL, "裁量基准缺失");
	if (v->nbands > 4)
		zf_fieldcheck_fail(&ck, "bands", "裁量基准最多四档（轻微、一般、较重、严重）");
	for (size_t i = 0; i < v->nbands && i < 4; i++)
		check_band(&ck, v, i, &v->bands[i], &seen);
	return ck.bad ? ZF_EINVAL : 0;
}
