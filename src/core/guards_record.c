/* Guards on records and service: the party's signature or a witnessed refusal, and the conditions of electronic and public service (art. 61, 民事诉讼法 art. 95). */
#include <math.h>
#include <string.h>

#include "core/guard_util.h"

/* Bounds of a drawn signature: strokes, numbers in all, coordinate range. */
#define SIG_STROKES 64
#define SIG_NUMBERS 4096
#define SIG_COORD 100000.0

int zf_guard_electronic_service(const struct zf_guard_ctx *ctx, const char *arg,
				struct zf_err *err)
{
	const char *m = json_is_object(ctx->values)
				? json_string_value(json_object_get(ctx->values, "method"))
				: NULL;
	(void)arg;
	if (m && strcmp(m, "electronic") == 0 && !zf_guard_true(ctx->values, "confirmation"))
		return zf_guard_refuse(err, "confirmation", "电子送达须当事人同意并签订确认书（《行政处罚法》第六十一条第二款）");
	if (m && strcmp(m, "public_notice") == 0 && !zf_guard_text(ctx->values, "reason"))
		return zf_guard_refuse(err, "reason", "公告送达须写明受送达人下落不明或者用其他方式无法送达的理由（《民事诉讼法》第九十五条）");
	return 0;
}

static const char *signature_basis(const struct zf_guard_ctx *ctx)
{
	if (ctx->proc && ctx->proc->kind && strcmp(ctx->proc->kind, "compulsory") == 0)
		return "《行政强制法》第十八条";
	return "《行政处罚法》第五十五条、第六十四条";
}

/* Checks the strokes of signature S: 0 or a Chinese reason in *WHY. */
static int strokes_ok(const json_t *s, const char **why)
{
	const json_t *strokes = json_object_get(s, "strokes");
	size_t numbers = 0, i, j;
	const json_t *st, *n;
	if (!json_is_array(strokes) || json_array_size(strokes) == 0) {
		*why = "签名为空";
		return 0;
	}
	if (json_array_size(strokes) > SIG_STROKES) {
		*why = "签名笔画过多（最多64笔）";
		return 0;
	}
	json_array_foreach(strokes, i, st) {
		if (!json_is_array(st) || json_array_size(st) < 2 || json_array_size(st) % 2) {
			*why = "签名笔画数据不完整";
			return 0;
		}
		numbers += json_array_size(st);
		if (numbers > SIG_NUMBERS) {
			*why = "签名数据过大（最多4096个坐标值）";
			return 0;
		}
		json_array_foreach(st, j, n) {
			double v = json_number_value(n);
			if (!json_is_number(n) || !isfinite(v) || v < 0 || v > SIG_COORD) {
				*why = "签名坐标无效";
				return 0;
			}
		}
	}
	return 1;
}

/* Checks one signature value V of FIELD: 0 or a refusal. */
static int signature_check(const struct zf_guard_ctx *ctx, const char *field, const json_t *v,
			   struct zf_err *err)
{
	const char *why = NULL;
	if (!json_is_object(v))
		return zf_guard_refuse(err, field, "签名数据无效，请重新签名");
	if (json_is_true(json_object_get(v, "refused"))) {
		if (!zf_guard_text(v, "witnesses"))
			return zf_guard_refuse(err, field, "当事人拒绝签名的，应当注明并由见证人签名，请填写见证人（%s）",
					       signature_basis(ctx));
		return 0;
	}
	if (!strokes_ok(v, &why))
		return zf_guard_refuse(err, field, "%s：请当事人签名，或注明拒绝签名及见证人（%s）", why,
				       signature_basis(ctx));
	return 0;
}

int zf_guard_party_signature(const struct zf_guard_ctx *ctx, const char *arg,
			     struct zf_err *err)
{
	const char *first = NULL;
	int signed_any = 0;
	(void)arg;
	for (size_t f = 0; ctx->step && f < ctx->step->nfields; f++) {
		const struct zf_field_def *fd = &ctx->step->fields[f];
		if (fd->type != ZF_FT_SIGNATURE)
			continue;
		if (!first)
			first = fd->name;
		const json_t *v = json_is_object(ctx->values) ? json_object_get(ctx->values, fd->name)
							      : NULL;
		if (v && !json_is_null(v)) {
			int rc = signature_check(ctx, fd->name, v, err);
			if (rc)
				return rc;
			signed_any = 1;
		}
	}
	if (!ctx->step) {
		const json_t *v = json_is_object(ctx->values) ? json_object_get(ctx->values, "signature")
							      : NULL;
		if (v && !json_is_null(v))
			return signature_check(ctx, "signature", v, err);
	}
	if (signed_any)
		return 0;
	return zf_guard_refuse(err, first ? first : "signature",
			       "请当事人签名，或注明拒绝签名及见证人（%s）", signature_basis(ctx));
}
