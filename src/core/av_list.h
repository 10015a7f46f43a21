/* The AV requirement list (音像记录事项清单) as data: format zhifa-avlist/v1, validation against the procedure definitions, the default derived from them, and the rule of one step. Pure: no I/O. */
#ifndef ZF_CORE_AV_LIST_H
#define ZF_CORE_AV_LIST_H
#include <jansson.h>
#include <stddef.h>

#include "core/procedure.h"
#include "util/err.h"

#define ZF_AV_LIST_FORMAT "zhifa-avlist/v1"
#define ZF_AV_LIST_ITEMS_MAX 512
#define ZF_AV_LIST_EXCEPTIONS_MAX 8

/* A list is a JSON object (docs/evidence.md):
 *   {"format": "zhifa-avlist/v1",
 *    "items": [{"procedure": "compulsory", "step": "seize",
 *               "rule": "whole",            none | av | av_or_photo | whole
 *               "category": "场景类",        场景类 | 约谈类 | 确认类 | 检查类 | ""
 *               "record": "查封扣押全过程",   what is recorded (记录事项), 0..200 chars
 *               "exceptions": ["设备故障"],  reasons that let the step go on
 *                                             without it (0..8, each 2..50 chars)
 *               "note": ""}]}               0..500 chars
 * A step not listed has rule "none". Each (procedure, step) at most once;
 * both must exist in the definitions. A step whose definition requires
 * whole-process recording ("whole": 查封扣押, 强制拆除 ...) cannot be
 * listed lower than "whole" (national rule, 国办发〔2018〕118号). */

/* The rule of one step under a list. */
struct zf_av_rule {
	int rule;                   /* enum zf_av_rule_kind (core/procedure.h) */
	const char *category;       /* borrowed from the list; "" when none */
	const char *record;
	const json_t *exceptions;   /* borrowed array of strings; may be empty */
};

/* Validates LIST against SET: 0, or ZF_EINVAL with Chinese messages naming
 * the item ("items[3].rule"). */
int zf_av_list_check(const json_t *list, const struct zf_procedures *set, struct zf_err *err);

/* The default list of SET: every step whose definition's av is not "none",
 * with that rule, category and record derived from the step, and
 * "设备故障" / "现场条件不允许" as exceptions except for "whole" steps
 * (which allow only "设备故障"). New reference; NULL when out of memory. */
json_t *zf_av_list_default(const struct zf_procedures *set);

/* The rule of PROCEDURE/STEP under LIST into *OUT (rule ZF_AV_NONE when
 * not listed). LIST must have passed zf_av_list_check. */
void zf_av_list_rule(const json_t *list, const char *procedure, const char *step,
		     struct zf_av_rule *out);

/* 1 when REASON is one of RULE's exceptions (exact match after trimming). */
int zf_av_exception_allowed(const struct zf_av_rule *rule, const char *reason);

/* The word ("none", "av", "av_or_photo", "whole") and the Chinese label
 * (无需音像记录 / 音像记录 / 音像或照片记录 / 全过程音像记录) of RULE. */
const char *zf_av_rule_word(int rule);
const char *zf_av_rule_label(int rule);

#endif
