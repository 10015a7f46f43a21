/* Documents a step issues: the next number of the body's sequence and the canonical data ("zhifa-document/v1") that templates render and the record log commits to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/case_int.h"
#include "app/ledger.h"
#include "store/history.h"

#define NUMBER_MAX 160

const char *zf_case_number_prefix(const struct zf_case_ctx *x)
{
	const char *p = json_string_value(json_object_get(x->settings, "number_prefix"));

	return p && *p ? p : x->body.name;
}

int zf_case_number_next(struct zf_case_ctx *x, const char *doc_type, const char *pattern,
			int year, char *out, size_t n, int64_t *seq, struct zf_err *err)
{
	int rc = zf_store_seq_next(x->db, x->c.body_id, year, doc_type, seq, err);

	return rc ? rc
		  : zf_doc_number_format(pattern, zf_case_number_prefix(x), year, *seq, out, n, err);
}

/* The number pattern of DT under X's settings (number_patterns), or NULL when unnumbered. */
static const char *doc_pattern(const struct zf_case_ctx *x, const struct zf_doc_type *dt)
{
	const json_t *p = json_object_get(json_object_get(x->settings, "number_patterns"), dt->code);

	if (!dt->pattern)
		return NULL;
	return json_is_string(p) && *json_string_value(p) ? json_string_value(p) : dt->pattern;
}

/* ---- canonical data ---- */

/* A field of X's procedure that sets fact NAME (for its label and options), or NULL. */
static const struct zf_field_def *fact_field(const struct zf_procedure *p, const char *name)
{
	for (size_t i = 0; i < p->nsteps; i++)
		for (size_t j = 0; j < p->steps[i].nfields; j++)
			if (p->steps[i].fields[j].fact && !strcmp(p->steps[i].fields[j].fact, name))
				return &p->steps[i].fields[j];
	return NULL;
}

/* The field of step S named NAME, or NULL. */
static const struct zf_field_def *step_field(const struct zf_step_def *s, const char *name)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (!strcmp(s->fields[i].name, name))
			return &s->fields[i];
	return NULL;
}

/* Sets KEY of O to the text T (skipped when NULL). */
static int set_text(json_t *o, const char *key, const char *t)
{
	return t ? json_object_set_new(o, key, json_string(t)) : 0;
}

/* {"key": display text} for every value of VALUES under step S (NULL: facts). */
static json_t *texts(struct zf_case_ctx *x, const struct zf_step_def *s, const json_t *values)
{
	json_t *o = json_object(), *v;
	const char *key;

	json_object_foreach((json_t *)values, key, v) {
		const struct zf_field_def *f = s ? step_field(s, key) : fact_field(x->proc, key);
		struct zf_field_def plain = {.name = key, .label = key};

		if (!o || set_text(o, key, zf_case_value_text(x, f ? f : &plain, v))) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

json_t *zf_case_doc_parties(const struct zf_case_ctx *x)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < x->nparties; i++) {
		const struct zf_party *p = &x->parties[i];
		json_t *o = zf_case_party_json(p);
		const char *label = p->id_type && *p->id_type ? zf_id_type_label(p->id_type) : "";

		if (!o || json_object_del(o, "birth_date") ||
		    json_object_set_new(o, "id_type_label", json_string(label ? label : "")) ||
		    json_array_append_new(arr, o)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* [{"name","cert_no"}] of the officers named in V, else of the case's active officers. */
static json_t *doc_officers(const struct zf_case_ctx *x, const struct zf_case_values *v)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < v->nofficers; i++)
		if (json_array_append_new(arr, json_pack("{s:s,s:s}", "name", v->officers[i].name,
							 "cert_no", v->officers[i].cert_no))) {
			json_decref(arr);
			return NULL;
		}
	for (size_t i = 0; arr && !v->nofficers && i < x->nofficers; i++)
		if (!x->officers[i].recused &&
		    json_array_append_new(arr, json_pack("{s:s,s:s}", "name", x->officers[i].name,
							 "cert_no", x->officers[i].cert_no))) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* The canonical data of document DT with NUMBER issued by step S (values V) on X. */
static char *doc_data(struct zf_case_ctx *x, const struct zf_step_def *s,
		      const struct zf_doc_type *dt, const char *number,
		      const struct zf_case_values *v)
{
	char on_cn[24];
	struct zf_date on;
	json_t *facts = zf_case_facts(x, NULL), *viol = json_null(), *doc = NULL;
	char *out = NULL;

	if (zf_date_parse(v->occurred_on, &on))
		on = x->today;
	zf_date_cn(on, on_cn);
	if (x->violation.id)
		viol = json_pack("{s:s,s:s,s:s}", "name", x->violation.name, "legal_basis",
				 x->violation.legal_basis, "penalty_basis", x->violation.penalty_basis);
	if (facts && viol)
		doc = json_pack(
			"{s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s,s:s,s:s},"
			"s:{s:I,s:s,s:s,s:s,s:s,s:s},s:o*,s:o*,s:{s:s,s:s,s:s,s:s},"
			"s:O,s:o*,s:O,s:o*,s:O,s:s,s:s}",
			"format", "zhifa-document/v1", "doc_type", dt->code, "name", dt->name,
			"number", number, "body", "name", x->body.name, "address", x->body.address,
			"phone", x->body.phone, "remedy", x->body.remedy, "supervision",
			x->body.supervision, "case", "id", (json_int_t)x->c.id, "case_no",
			x->c.case_no, "title", x->c.title, "procedure", x->proc->code,
			"procedure_name", x->proc->name, "opened_on", x->c.opened_on, "parties",
			zf_case_doc_parties(x), "officers", doc_officers(x, v), "step", "code",
			s->code, "name", s->name, "occurred_on", v->occurred_on, "place", v->place,
			"values", v->values, "text", texts(x, s, v->values), "facts", facts,
			"facts_text", texts(x, NULL, facts), "violation", viol, "issued_on",
			v->occurred_on, "issued_on_text", on_cn);
	/* The periods the documents state are the case's settings, so that what
	 * the party is told is what the engine enforces. */
	if (doc && json_object_set_new(doc, "periods",
				       json_pack("{s:I}", "statement_days",
						 (json_int_t)zf_case_setting_int(x->settings,
										 "statement_days"))))
		json_object_clear(doc);
	/* o* members that failed leave the key out: the document would lie. */
	if (doc && json_object_size(doc) == 17)
		out = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(doc);
	json_decref(facts);
	json_decref(viol);
	return out;
}

int zf_case_docs_issue(struct zf_tx *tx, struct zf_case_ctx *x, const struct zf_step_def *s,
		       int64_t step_id, const struct zf_case_values *v, struct zf_err *err)
{
	struct zf_date on;

	if (zf_date_parse(v->occurred_on, &on))
		on = x->today;
	for (size_t i = 0; i < s->ndocuments; i++) {
		const struct zf_doc_type *dt = zf_doc_type_find(s->documents[i]);
		const char *pattern;
		char number[NUMBER_MAX] = "", *data = NULL;
		int64_t seq = 0, id = 0;
		int rc;

		if (!dt)
			return zf_err_set(err, ZF_ERROR, "文书类型 %s 未定义", s->documents[i]);
		if ((pattern = doc_pattern(x, dt)) &&
		    (rc = zf_case_number_next(x, dt->code, pattern, on.y, number, sizeof(number),
					      &seq, err)))
			return rc;
		if (!(data = doc_data(x, s, dt, number, v)))
			return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		struct zf_doc_rec d = {.case_id = x->c.id, .step_id = step_id, .body_id = x->c.body_id,
				       .doc_type = dt->code, .year = pattern ? on.y : 0, .seq = seq,
				       .number = number, .data_json = data, .issued_at = tx->now};
		struct zf_history h = {.entity = "document", .action = "document_issue",
				       .after_json = data};
		if (!(rc = zf_store_doc_insert(x->db, &d, &id, err))) {
			h.entity_id = id;
			rc = zf_app_log_history(tx, &h, NULL, err);
		}
		free(data);
		if (rc)
			return rc;
	}
	return 0;
}
