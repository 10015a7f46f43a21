/* Hints for the handler that are no refusals: the limitation period (art. 36), the 不予处罚 and 首违不罚 conditions (art. 33), minors (art. 30), and proposals outside the discretion band or below the statutory minimum (arts. 32, 34). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/fieldcheck.h"
#include "core/guard_util.h"

struct hints {
	struct zf_hint *out;
	size_t cap, n;
};

static void hint(struct hints *h, const char *code, const char *fmt, ...) ZF_PRINTF(3, 4);

static void hint(struct hints *h, const char *code, const char *fmt, ...)
{
	va_list ap;
	if (h->n >= h->cap)
		return;
	struct zf_hint *x = &h->out[h->n++];
	snprintf(x->code, sizeof(x->code), "%s", code);
	va_start(ap, fmt);
	zf_utf8_vformat(x->msg, sizeof(x->msg), fmt, ap);
	va_end(ap);
}

static int fact_true(const struct zf_guard_ctx *ctx, const char *name)
{
	return json_is_true(zf_guard_value(ctx, name));
}

static void hint_limitation(const struct zf_guard_ctx *ctx, struct hints *h)
{
	/* Art. 36 asks whether the act was discovered in time: the case's
	 * first step (its source or filing) is the discovery, later steps
	 * change nothing. */
	struct zf_date act, on = ctx->ndone > 0
					 ? zf_guard_step_date(ctx->done[0].values, ctx->done[0].on)
					 : zf_guard_step_date(ctx->values, ctx->today);
	char day[24];
	int safety = (ctx->violation && ctx->violation->safety) || fact_true(ctx, "safety");
	if (zf_guard_date(zf_guard_value(ctx, "act_date"), &act) ||
	    !zf_limitation_passed(act, on, safety))
		return;
	zf_date_cn(act, day);
	hint(h, "limitation", "已超过行政处罚追责时效：违法行为发生（终了）于%s，%s年内未被发现的不再给予行政处罚（《行政处罚法》第三十六条）",
	     day, safety ? "五" : "二");
}

static void hint_parties(const struct zf_guard_ctx *ctx, struct hints *h)
{
	struct zf_date on = ctx->today;
	zf_guard_date(zf_guard_value(ctx, "act_date"), &on);
	for (size_t i = 0; i < ctx->nparties; i++) {
		int age = zf_party_age(&ctx->parties[i], on);
		const char *name = ctx->parties[i].name ? ctx->parties[i].name : "";
		if (age < 0)
			continue;
		if (age < 14)
			hint(h, "under_14", "当事人%s违法时不满十四周岁，不予行政处罚，责令监护人加以管教（《行政处罚法》第三十条）",
			     name);
		else if (age < 18)
			hint(h, "under_18", "当事人%s违法时已满十四周岁不满十八周岁，应当从轻或者减轻行政处罚（《行政处罚法》第三十条）",
			     name);
	}
}

static void hint_band(const struct zf_guard_ctx *ctx, struct hints *h)
{
	int level = zf_guard_band_level(ctx);
	const struct zf_benchmark *b = zf_guard_band(ctx->violation, level);
	int64_t fine;
	char f[24], lo[24], hi[24];
	if (!zf_guard_money(ctx, "fine", &fine))
		return;
	if (b && (fine < b->fine_min || fine > b->fine_max)) {
		zf_money_format(fine, f);
		zf_money_format(b->fine_min, lo);
		zf_money_format(b->fine_max, hi);
		hint(h, "outside_band", "拟罚款%s元超出“%s”档裁量基准（%s至%s元），须说明理由，提交审核（《行政处罚法》第三十四条）",
		     f, zf_band_label(level), lo, hi);
	}
	if (ctx->violation && fine > 0 && fine < ctx->violation->fine_min) {
		zf_money_format(fine, f);
		zf_money_format(ctx->violation->fine_min, lo);
		hint(h, "below_minimum", "拟罚款%s元低于法定最低限额%s元（减轻处罚），一律提交审核（《行政处罚法》第三十二条）",
		     f, lo);
	}
}

size_t zf_case_hints(const struct zf_guard_ctx *ctx, struct zf_hint *out, size_t cap)
{
	struct hints h = {out, out ? cap : 0, 0};
	if (!ctx)
		return 0;
	hint_limitation(ctx, &h);
	if (fact_true(ctx, "minor_violation") && fact_true(ctx, "corrected") &&
	    fact_true(ctx, "no_harm"))
		hint(&h, "no_penalty", "违法行为轻微并及时改正，没有造成危害后果：依法不予行政处罚（《行政处罚法》第三十三条第一款）");
	if (fact_true(ctx, "first_offence") && fact_true(ctx, "minor_harm") &&
	    fact_true(ctx, "corrected"))
		hint(&h, "first_offence", "符合首违不罚条件（第三十三条第一款）：可以不予行政处罚");
	if (fact_true(ctx, "no_fault"))
		hint(&h, "no_fault", "当事人有证据足以证明没有主观过错的，不予行政处罚，法律、行政法规另有规定的除外（《行政处罚法》第三十三条第二款）");
	hint_parties(ctx, &h);
	hint_band(ctx, &h);
	return h.n;
}
