/* Case data as people read it on the workbench: money, record values, conditions and deadlines in words, and the form input a field error belongs to. */
#ifndef ZF_WEB_CASE_TEXT_H
#define ZF_WEB_CASE_TEXT_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/procedure.h"

/* An officer a record may name by id: id, name and certificate number. */
struct zf_case_text_officer {
	int64_t id;
	const char *name;
	const char *cert_no;
};

/* Formats FEN (分) as "1,234.50元" into OUT. */
void zf_case_text_money(int64_t fen, char out[40]);

/* The value V of field F of a record as display text ("是", "2026年3月5日",
 * "1,234.50元", option labels joined by "、", officer names from OFFICERS
 * (N of them; an unknown id is shown as "执法人员 #id"), "已签名" or "当事人
 * 拒绝签字（见证人：…）"). Money is an integer of 分, or a string of yuan.
 * Returns a malloc'd string (caller frees), NULL when V holds no value
 * (absent, null, "", empty array) or when out of memory. */
char *zf_case_text_value(const struct zf_field_def *f, const json_t *v,
			 const struct zf_case_text_officer *officers, size_t n);

/* The label of fact NAME in P: the label of the first field that sets it,
 * a built-in label for the facts the engine sets, or NAME itself. Borrowed. */
const char *zf_case_text_fact_label(const struct zf_procedure *p, const char *name);

/* The field of P that sets fact NAME (for its type and options), or NULL. */
const struct zf_field_def *zf_case_text_fact_field(const struct zf_procedure *p,
						   const char *name);

/* Condition COND of P in words ("「是否申请听证」为“是”", "… 且 …"), for the
 * forms' conditional fields. Malloc'd (caller frees); NULL when COND is
 * NULL or out of memory. */
char *zf_case_text_cond(const struct zf_procedure *p, const json_t *cond);

/* A deadline for templates: {"label","due","due_cn","provisional","level",
 * "class","state_text","message"} from its parts (LEVEL is "overdue",
 * "soon", "ok", "met" or "error"; DAYS_LEFT working days, negative when
 * overdue). New reference, NULL when out of memory. */
json_t *zf_case_text_deadline(const char *label, const char *due, int provisional,
			      const char *level, int days_left, const char *message);

/* The form input a field error of the engine belongs to: "values.fine",
 * "fine" and, for a money field of S, "values.fine_fen" give "fine";
 * "party.name" and "parties[0].name" give "parties[0].name"; other names
 * are kept as they are. Writes into OUT (N bytes) and returns OUT. S may
 * be NULL (no money fields then). */
const char *zf_case_text_input(const struct zf_step_def *s, const char *field, char *out,
			       size_t n);

#endif
