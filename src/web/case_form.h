/* The step forms of cases: fields generated from a procedure definition, the party block, and the submitted form read back into the JSON the engine takes. */
#ifndef ZF_WEB_CASE_FORM_H
#define ZF_WEB_CASE_FORM_H
#include <jansson.h>

#include "core/procedure.h"
#include "util/err.h"
#include "web/http.h"

/* The input prefix of the party block of the opening form. */
#define ZF_CASE_FORM_PARTY "parties[0]"

/* The integer field naming the case's violation type: asked as a choice
 * among the body's violation types. */
#define ZF_CASE_FORM_VIOLATION "violation_type"

/* The input of the reason a step went on without its AV record (the
 * values' reserved key, taken out by the case engine). */
#define ZF_CASE_FORM_AV_EXCEPTION "av_exception"

/* What was submitted (a POST form), as {input name: text, or an array of
 * texts for names sent more than once}: the form shown again after a
 * refusal. New reference. */
json_t *zf_case_form_submitted(struct zf_req *req);

/* The "fields" array case_field.html renders for step S of P: each field's
 * input with its value from FORM (may be NULL), its message from ERRORS
 * (input name -> message; may be NULL), its condition in words, the
 * choices of officer fields from OFFICERS and of the violation type field
 * from VIOLATIONS (arrays of {"value","label"}; may be NULL). New reference. */
json_t *zf_case_form_fields(const struct zf_procedure *p, const struct zf_step_def *s,
			    json_t *form, json_t *errors, json_t *officers, json_t *violations);

/* The party block under input prefix PREFIX with values and messages as for
 * zf_case_form_fields. New reference. */
json_t *zf_case_form_party(const char *prefix, json_t *form, json_t *errors);

/* Reads the values of step S from the request's form: money and dates as
 * typed, integers, booleans, arrays for multiple choices and officers,
 * signatures ({"strokes":..} from the pad or {"refused":true,"witnesses":..})
 * and parties as objects. Unreadable input (a damaged signature) becomes a
 * field error in ERR. New reference (never NULL unless out of memory). */
json_t *zf_case_form_values(struct zf_req *req, const struct zf_step_def *s, struct zf_err *err);

/* The party of the block under PREFIX as the engine takes it, or NULL when
 * the block was left empty. New reference. */
json_t *zf_case_form_party_value(struct zf_req *req, const char *prefix);

/* The messages of ERR by input name (zf_case_text_input; S may be NULL),
 * for the ERRORS of zf_case_form_fields. New reference. */
json_t *zf_case_form_errors(const struct zf_err *err, const struct zf_step_def *s);

/* The messages of ERRORS whose input is not among FIELDS and PARTY (the
 * rendered arrays; either may be NULL): guards naming no input of the
 * form, shown at the top of the page. New reference (an array). */
json_t *zf_case_form_unplaced(json_t *errors, json_t *fields, json_t *party);

#endif
