/* Reading registry records from a form or a JSON object, the same way for both. */
#ifndef ZF_WEB_INPUT_H
#define ZF_WEB_INPUT_H
#include <jansson.h>

#include "core/registry.h"
#include "web/http.h"

/* Where field values come from: a form (zf_req_param) or a JSON object. */
struct zf_input {
	struct zf_req *req;
	json_t *json;       /* NULL = the request's form parameters */
};

/* Fills B from the input: trimmed strings (NULL when empty), "version" and
 * "id" when present. Malformed values become field errors in ERR; returns
 * ZF_EINVAL then (the core validator runs later in app/). */
int zf_input_body(const struct zf_input *in, struct zf_body *b, struct zf_err *err);

/* Fills O likewise ("body_id", "legal_qual" as 1/0/true/false/"on", "state" as
 * word, label or number). */
int zf_input_officer(const struct zf_input *in, struct zf_officer *o, struct zf_err *err);

/* Reads a body from IN and saves it: creates one when ID is 0 (its id into
 * *NEW_ID) or updates body ID. Input and validation problems land in ERR as
 * field errors; app/ audits every outcome. */
void zf_input_save_body(const struct zf_input *in, int64_t id, int64_t *new_id,
			struct zf_err *err);

/* Reads an officer from IN and saves it likewise. */
void zf_input_save_officer(const struct zf_input *in, int64_t id, int64_t *new_id,
			   struct zf_err *err);

#endif
