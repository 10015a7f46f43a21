/* Views of cases as JSON: the case, its parties, steps, documents, deadlines and the body's violation types, for the API and templates. */
#ifndef ZF_WEB_CASE_VIEW_H
#define ZF_WEB_CASE_VIEW_H
#include <jansson.h>

#include "app/case.h"
#include "web/http.h"

/* The state word of a case ("open", "closed", "archived"), or NULL. */
const char *zf_view_case_state_word(int state);

/* Parses a state word into enum zf_case_state; 0 when unknown. */
int zf_view_case_state_parse(const char *word);

/* Case C as JSON: ids, procedure (with its name from PROCS, may be NULL),
 * number, title, the parties' names (lists; null when not read), state
 * word and label, facts parsed, dates, version, the nearest due date and the
 * overdue flag. New reference. */
json_t *zf_view_case(const struct zf_case *c, const struct zf_procedures *procs);

/* The whole case view V as JSON: "case" plus parties, officers, steps (their
 * values parsed), documents (without data), deadlines, actions, hints and the
 * violation type (null when none). New reference. */
json_t *zf_view_case_full(const struct zf_case_view *v, const struct zf_procedures *procs);

/* Document D as JSON; WITH_DATA adds "data", the canonical document object
 * parsed. New reference. */
json_t *zf_view_case_doc(const struct zf_case_doc *d, int with_data);

/* Violation type V with its bands as JSON (money in 分 under "*_fen" and as
 * yuan text). New reference. */
json_t *zf_view_violation(const struct zf_violation *v);

#endif
