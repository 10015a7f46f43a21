/* Money in 分: parsing yuan typed by users, the yuan text and the Chinese capital amount (大写金额) of documents. */
#include <stdio.h>
#include <string.h>

#include "core/case_rules.h"

/* 10^12 yuan, the largest amount zf_money_parse accepts. */
#define YUAN_MAX 1000000000000LL

int zf_money_parse(const char *s, int64_t *fen)
{
	if (!s || !fen)
		return ZF_EINVAL;
	int64_t yuan = 0;
	size_t i = 0;
	if (s[0] < '0' || s[0] > '9')
		return ZF_EINVAL;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		yuan = yuan * 10 + (s[i] - '0');
		if (yuan > YUAN_MAX)
			return ZF_EINVAL;
	}
	int64_t cents = 0;
	if (s[i] == '.') {
		i++;
		int nd = 0;
		for (; s[i] >= '0' && s[i] <= '9'; i++) {
			if (++nd > 2)
				return ZF_EINVAL;
			cents = cents * 10 + (s[i] - '0');
		}
		if (nd == 0)
			return ZF_EINVAL;
		if (nd == 1)
			cents *= 10;
	}
	if (s[i] != '\0')
		return ZF_EINVAL;
	if (yuan == YUAN_MAX && cents)
		return ZF_EINVAL;
	*fen = yuan * 100 + cents;
	return 0;
}

/* The magnitude of V as unsigned: INT64_MIN has no positive int64. */
static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

void zf_money_format(int64_t fen, char out[24])
{
	uint64_t m = magnitude(fen);
	snprintf(out, 24, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(m / 100),
		 (unsigned long long)(m % 100));
}

/* ---- capital amounts ---------------------------------------------------- */

static const char *const cap_digits[10] = {"零", "壹", "贰", "叁", "肆",
					   "伍", "陆", "柒", "捌", "玖"};
static const char *const cap_units[4] = {"", "拾", "佰", "仟"};

/* A bounded writer: always terminated; FULL once something did not fit. */
struct out {
	char *p;
	size_t n, len;
	int full;
};

static void put(struct out *o, const char *s)
{
	size_t k = strlen(s);
	if (o->full || o->len + k >= o->n) {
		o->full = 1;
		return;
	}
	memcpy(o->p + o->len, s, k);
	o->len += k;
	o->p[o->len] = '\0';
}

/* Writes V (1..9999) with 拾佰仟; inner zeros as one 零, none at either end
 * (the caller writes the 零 a group with leading zeros needs). */
static void put_group(struct out *o, unsigned v)
{
	static const unsigned pow10[4] = {1u, 10u, 100u, 1000u};
	int started = 0, zero = 0;
	for (int u = 3; u >= 0; u--) {
		unsigned d = v / pow10[u] % 10u;
		if (d == 0) {
			zero = started;
			continue;
		}
		if (zero)
			put(o, "零");
		zero = 0;
		started = 1;
		put(o, cap_digits[d]);
		put(o, cap_units[u]);
	}
}

/* Writes V >= 1 in groups of four digits with 万 and 亿 (亿 recursing, so
 * 万亿 comes out right). LEADING: a higher part was written, so a part with
 * leading zeros starts with 零 (壹亿零伍仟, 壹拾万零壹). */
static void put_integer(struct out *o, uint64_t v, int leading)
{
	if (v >= 100000000u) {
		put_integer(o, v / 100000000u, leading);
		put(o, "亿");
		if (v % 100000000u)
			put_integer(o, v % 100000000u, 1);
		return;
	}
	unsigned hi = (unsigned)(v / 10000u), lo = (unsigned)(v % 10000u);
	if (hi) {
		if (leading && hi < 1000u)
			put(o, "零");
		put_group(o, hi);
		put(o, "万");
		if (lo && lo < 1000u)
			put(o, "零");
	} else if (leading && lo) {
		put(o, "零");
	}
	if (lo)
		put_group(o, lo);
}

/* Writes the words of FEN (not zero) into O. */
static void put_amount(struct out *o, int64_t fen)
{
	uint64_t m = magnitude(fen);
	uint64_t yuan = m / 100;
	unsigned jiao = (unsigned)(m / 10 % 10), cent = (unsigned)(m % 10);
	if (fen < 0)
		put(o, "负");
	if (yuan) {
		put_integer(o, yuan, 0);
		put(o, "元");
	}
	if (jiao == 0 && cent == 0) {
		put(o, "整");
		return;
	}
	if (jiao) {
		put(o, cap_digits[jiao]);
		put(o, "角");
	} else if (yuan) {
		put(o, "零");
	}
	if (cent) {
		put(o, cap_digits[cent]);
		put(o, "分");
	}
}

void zf_money_capital(int64_t fen, char *out, size_t n)
{
	struct out o = {out, n, 0, 0};
	if (!out || n == 0)
		return;
	out[0] = '\0';
	if (fen == 0)
		put(&o, "零元整");
	else
		put_amount(&o, fen);
	/* A cut amount would read as another amount: nothing rather than that. */
	if (o.full)
		out[0] = '\0';
}
