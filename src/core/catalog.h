/* The major-decision catalog (重大执法决定法制审核目录清单) as data: format zhifa-catalog/v1, validation, the documented default, and the evaluation of a proposed decision against it. Pure: no I/O. */
#ifndef ZF_CORE_CATALOG_H
#define ZF_CORE_CATALOG_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define ZF_CATALOG_FORMAT "zhifa-catalog/v1"
#define ZF_CATALOG_RULES_MAX 64

/* A catalog is a JSON object (docs/legal-review.md):
 *   {"format": "zhifa-catalog/v1",
 *    "rules": [
 *      {"code": "fine_person", "label": "对公民处以一万元以上罚款",
 *       "type": "fine", "party": "person" | "org" | "any",
 *       "cmp": ">=" | ">", "amount_fen": 1000000},
 *      {"code": ..., "type": "confiscation", "party": ..., "cmp": ..., "amount_fen": ...},
 *      {"code": ..., "type": "penalty_type", "penalty_types": ["revoke_permit", ...]},
 *      {"code": ..., "type": "hearing"},           a hearing was held
 *      {"code": ..., "type": "band_departure"},    outside the discretion band (从轻/减轻/从重 beyond it)
 *      {"code": ..., "type": "crime_suspected"},   the handler flags a suspected crime
 *      {"code": ..., "type": "flag", "flag": "complex" | "public_interest" | "major_rights" | "social_risk"},
 *      {"code": ..., "type": "designated"}         the body head designated the case
 *    ]}
 * Codes are unique [a-z0-9_]{1,40}; labels 2..100 chars; every threshold
 * rule states its comparison. Penalty type words are those of the
 * procedure definitions (warning, criticism, fine, confiscate_income, ...). */

/* What a proposed decision is evaluated on (built by app/ from the case
 * facts and the step being performed). */
struct zf_proposal {
	int party_org;             /* 1 when the (first) party is an organisation */
	int64_t fine_fen;          /* 0 when no fine */
	int64_t confiscation_fen;  /* value of 没收违法所得/非法财物, 0 when none */
	const char *const *penalty_types; size_t npenalty_types;
	int hearing_held;
	int band_departure;
	int crime_suspected;
	int flag_complex, flag_public_interest, flag_major_rights, flag_social_risk;
	int designated;
};

/* One rule that made a proposal major: borrowed strings of the catalog
 * plus WHY, a Chinese sentence with the values compared (into the struct). */
struct zf_catalog_match {
	const char *code;
	const char *label;
	char why[192];
};

/* Validates CAT: 0 or ZF_EINVAL with Chinese messages naming the rule
 * ("rules[2].cmp"). */
int zf_catalog_check(const json_t *cat, struct zf_err *err);

/* The documented default catalog (docs/legal-review.md; thresholds are
 * 示例 values a body replaces with its own): fines to persons >= 1 万元 and
 * to organisations >= 10 万元, confiscation at the same values, 吊销许可证件 /
 * 责令停产停业 / 责令关闭 / 限制从业, hearing held, band departure, suspected
 * crime, the four flags, designation. New reference; NULL when out of memory. */
json_t *zf_catalog_default(void);

/* Evaluates P under CAT (which passed zf_catalog_check): the matching
 * rules into OUT (at most MAX), their number into *N (may exceed MAX: only
 * MAX are written). Returns 1 when P is major (N > 0), else 0. */
int zf_catalog_eval(const json_t *cat, const struct zf_proposal *p, struct zf_catalog_match *out,
		    size_t max, size_t *n);

/* The Chinese meaning of flag word FLAG ("complex" → 案件情况疑难复杂、涉及
 * 多个法律关系), or NULL when FLAG is no flag word. Static storage. */
const char *zf_catalog_flag_label(const char *flag);

/* Rule R (of a checked catalog) as a Chinese sentence a citizen reads
 * (「对公民处以罚款 ≥ 10000.00元」, 「作出吊销许可证件、责令关闭」,
 * 「经过听证程序作出」) into OUT (N bytes, cut at a character boundary). */
void zf_catalog_rule_sentence(const json_t *r, char *out, size_t n);

#endif
