/* The statute's rules over a case as pure functions: guards a step must pass, hints it should show, parties, money, discretion, numbering, surcharges and the body's sector settings. */
#ifndef ZF_CORE_CASE_RULES_H
#define ZF_CORE_CASE_RULES_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/procedure.h"
#include "util/err.h"
#include "util/time.h"

/* ---- money ---- */

/* Parses yuan "1234", "1234.5", "1234.50" (no sign, no grouping, at most 2
 * decimals, at most 10^12 yuan) into 分. 0 or ZF_EINVAL. */
int zf_money_parse(const char *s, int64_t *fen);

/* Formats 分 as yuan "1234.50" into OUT (>= 24 bytes). */
void zf_money_format(int64_t fen, char out[24]);

/* Formats 分 as Chinese capital amount "壹仟贰佰叁拾肆元伍角" (决定书) into
 * OUT (N >= 128 bytes). */
void zf_money_capital(int64_t fen, char *out, size_t n);

/* ---- parties (当事人) ---- */

enum zf_party_kind { ZF_PARTY_PERSON = 1, ZF_PARTY_ORG = 2 };

/* 证件类型 words: "id_card" 居民身份证 (GB 11643 check), "passport" 护照,
 * "hk_mo_permit" 港澳居民来往内地通行证, "tw_permit" 台湾居民来往大陆通行证,
 * "hmt_residence" 港澳台居民居住证 (18 characters, GB 11643 form with
 * 810000/820000/830000 prefixes), "foreign_pr" 外国人永久居留身份证; each but
 * id_card checked for form. */
struct zf_party {
	int64_t id;
	int kind;                 /* enum zf_party_kind */
	const char *name;         /* 姓名 / 名称 */
	const char *id_type;      /* persons */
	const char *id_number;    /* persons */
	const char *uscc;         /* organisations: 统一社会信用代码 (GB 32100 check) */
	const char *legal_rep;    /* organisations: 法定代表人（负责人） */
	const char *address;
	const char *phone;
	const char *birth_date;   /* persons, YYYY-MM-DD, may be "" (derived from id_card) */
};

/* Validates P in full; field errors named "party.<field>" in Chinese. */
int zf_party_validate(const struct zf_party *p, struct zf_err *err);

/* The Chinese label of a 证件类型 word, or NULL when unknown. */
const char *zf_id_type_label(const char *id_type);

/* Masks an identifier for people who need not see it: keeps the first 3 and
 * the last 2 characters ("140***********12"), into OUT (N bytes). */
void zf_id_mask(const char *id, char *out, size_t n);

/* 1 when the person P was under 18 on date ON (from birth_date or the
 * id_card), 0 otherwise or unknown. */
int zf_party_minor(const struct zf_party *p, struct zf_date on);

/* The age in full years of the person P on date ON (from birth_date or a
 * GB 11643 number), or -1 when unknown (organisations included). */
int zf_party_age(const struct zf_party *p, struct zf_date on);

/* ---- settings (a body's sector parameters) ---- */

/* The documented defaults of every settings key (docs/procedures.md), as a
 * new JSON object reference (caller decrefs). */
json_t *zf_case_settings_defaults(void);

/* 1 when KEY is a settings key. */
int zf_case_setting_known(const char *key);

/* The Chinese name of settings key KEY as citizens and officers read it
 * ("案件审核期限（工作日）"), or "" when KEY is no settings key. */
const char *zf_case_setting_label(const char *key);

/* Validates settings object S (every key known, each of its type and range,
 * patterns valid); field errors named by key. */
int zf_case_settings_validate(const json_t *s, struct zf_err *err);

/* Integer setting KEY of S, or its default when S lacks it. */
int64_t zf_case_setting_int(const json_t *s, const char *key);

/* ---- documents and numbering ---- */

struct zf_doc_type {
	const char *code;      /* "penalty_decision" */
	const char *name;      /* "行政处罚决定书" */
	const char *pattern;   /* default number pattern, e.g. "{body}罚决〔{year}〕{n}号"; NULL = unnumbered */
};

/* The document type CODE, or NULL. */
const struct zf_doc_type *zf_doc_type_find(const char *code);

/* 1 when CODE is a document type (for struct zf_proc_vocab). */
int zf_doc_known(const char *code);

/* Every document type, N in *N. */
const struct zf_doc_type *zf_doc_types(size_t *n);

/* Formats number N of YEAR for body short name BODY under PATTERN (tokens
 * {year}, {n}, {n:W} zero-padded to W <= 9, {body}) into OUT (SIZE bytes).
 * ZF_EINVAL for an unknown token or no {n}; ZF_ENOMEM when it does not fit. */
int zf_doc_number_format(const char *pattern, const char *body, int year, int64_t n, char *out,
			 size_t size, struct zf_err *err);

/* ---- violation types and discretion (裁量基准) ---- */

enum zf_band_level { ZF_BAND_MINOR = 1 /* 轻微 */, ZF_BAND_GENERAL /* 一般 */,
		     ZF_BAND_SERIOUS /* 较重 */, ZF_BAND_GRAVE /* 严重 */ };

struct zf_benchmark {
	int64_t id;
	int level;             /* enum zf_band_level */
	const char *circumstance;
	int64_t fine_min;      /* 分 */
	int64_t fine_max;
	const char *other;     /* other measures (警告, 没收 ...) */
};

struct zf_violation {
	int64_t id;
	int64_t body_id;
	const char *code;       /* the body's code */
	const char *name;       /* 违法行为 */
	const char *matter_code;/* 行政执法事项编码 */
	const char *domain;     /* 执法领域, matched against officers' domains */
	const char *legal_basis;   /* 违法依据 */
	const char *penalty_basis; /* 处罚依据 */
	int64_t fine_min;       /* statutory minimum, 分 (0 = none) */
	int64_t fine_max;       /* statutory maximum, 分 (-1 = none stated) */
	int safety;             /* 1: life/health or financial safety (5-year limitation) */
	int version;
	int active;
	const struct zf_benchmark *bands; size_t nbands;
};

/* Validates V and its bands (names, ranges inside the statutory range,
 * min <= max, levels known). */
int zf_violation_validate(const struct zf_violation *v, struct zf_err *err);

/* The Chinese label of a band level. */
const char *zf_band_label(int level);

/* ---- guards and hints ---- */

/* An officer named on a step, resolved by app/. */
struct zf_guard_officer {
	int64_t id;
	const char *name;
	const char *cert_no;
	int cert_state;          /* enum zf_cert_state (core/registry.h) */
	struct zf_date valid_from, valid_to;
	const char *domains;     /* the certificate's domains, separated by 、，, ; or spaces */
	int body_suspended;
	int recused;             /* recusal granted on this case */
	int assigned;            /* assigned to the case (承办) */
};

/* A completed step of the case. */
struct zf_guard_step {
	int64_t id;
	const char *code;
	const json_t *values;    /* its validated values */
	struct zf_date on;       /* the civil date it was completed */
};

/* Everything a guard may look at; app/ fills it. */
struct zf_guard_ctx {
	const struct zf_procedure *proc;
	const struct zf_step_def *step;       /* the step being performed */
	const json_t *values;                 /* its validated values */
	const json_t *facts;                  /* case facts merged with VALUES' facts */
	const json_t *settings;               /* the case's settings version */
	const struct zf_guard_step *done; size_t ndone;   /* completed steps, oldest first */
	const struct zf_guard_officer *officers; size_t nofficers; /* named in VALUES */
	int64_t actor_officer_id;             /* 0 = the actor is no officer */
	const struct zf_violation *violation; /* NULL when the case has none yet */
	const struct zf_party *parties; size_t nparties;
	struct zf_date today;
	int64_t now;                          /* instant of the step */
	const struct zf_calendar *cal;
};

/* 1 when NAME (optionally "name:arg") is a guard this module implements. */
int zf_guard_known(const char *name);

/* Checks guard NAME on CTX: 0, or ZF_EINVAL with a Chinese message (and a
 * field error naming the step field concerned, when there is one) that says
 * what the law requires and what to do. Guards (docs/procedures.md):
 * two_officers, officers_assigned, period_over:<deadline>, not_heavier,
 * statutory_range, discretion_band, summary_limits, onspot_collection,
 * hearing_notice, hearing_chair, electronic_service, party_signature,
 * emergency_report, seizure_extension, limitation, not_recused. */
int zf_guard_check(const char *name, const struct zf_guard_ctx *ctx, struct zf_err *err);

/* A notice for the handler that is no refusal (limitation period passed,
 * 首违不罚 / 不予处罚 conditions met, outside the discretion band). */
struct zf_hint {
	char code[32];
	char msg[256];
};

/* The hints for CTX into OUT (up to CAP); returns how many. */
size_t zf_case_hints(const struct zf_guard_ctx *ctx, struct zf_hint *out, size_t cap);

/* ---- execution ---- */

/* 加处罚款 (行政处罚法 art. 72, 行政强制法 art. 45): 3 % of FINE per day
 * from the day after DUE up to TODAY, minus PAUSED_DAYS (复议/诉讼), capped
 * at FINE; 0 when not yet due. */
int64_t zf_surcharge(int64_t fine, struct zf_date due, struct zf_date today, int64_t paused_days);

/* The limitation period (art. 36): 1 when ACT (the act or its end) is more
 * than 2 years (5 when SAFETY) before ON. */
int zf_limitation_passed(struct zf_date act, struct zf_date on, int safety);

#endif
