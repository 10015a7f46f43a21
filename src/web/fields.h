/* Form fields declared once (name, label, kind, limits) and rendered by one partial. */
#ifndef ZF_WEB_FIELDS_H
#define ZF_WEB_FIELDS_H
#include <jansson.h>

#include "web/http.h"

enum zf_field_kind {
	ZF_FIELD_TEXT = 1,
	ZF_FIELD_TEXTAREA,
	ZF_FIELD_DATE,
	ZF_FIELD_TEL,
	ZF_FIELD_SELECT,
	ZF_FIELD_RADIO,
	ZF_FIELD_CHECKBOX,
	ZF_FIELD_HIDDEN,
	ZF_FIELD_PASSWORD, /* never shown again after a refusal */
};

struct zf_field {
	const char *name;   /* the form parameter, and the field error's name */
	const char *label;  /* Chinese label */
	int kind;           /* enum zf_field_kind */
	int required;       /* marked 必填 (the validator in core/ decides) */
	int max;            /* maxlength in characters, 0 = none */
	const char *hint;   /* shown muted after the label, or NULL */
	int half;           /* half width beside its neighbour on wide screens */
};

/* The "fields" array a form template renders with {{#fields}}{{>field}}{{/fields}}:
 * the definitions DEFS (ending with a NULL name) with their values from FORM
 * (an object; may be NULL), messages from ERRORS (field -> message; may be
 * NULL), and for select and radio fields the choices in OPTIONS (field ->
 * array of {"value","label"}; may be NULL), the one equal to the value
 * marked "selected". Returns a new reference. */
json_t *zf_fields(const struct zf_field *defs, json_t *form, json_t *errors, json_t *options);

/* The submitted values of the fields DEFS, as the FORM object for zf_fields
 * (what was typed is shown again after a refusal). New reference. */
json_t *zf_fields_submitted(struct zf_req *req, const struct zf_field *defs);

#endif
