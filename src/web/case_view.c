/* Views of cases as JSON: the case, its parties, steps, documents, deadlines and the body's violation types, for the API and templates. */
#include <stdio.h>
#include <string.h>

#include "util/time.h"
#include "web/case_view.h"
#include "web/view.h"

/* Stored JSON text parsed, or null when absent or unreadable (never the text
 * itself: clients get one shape). */
static json_t *parsed(const char *text)
{
	json_t *v = text && *text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
	return v ? v : json_null();
}

/* An id, or null for 0 (none). */
static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static const char *const state_words[] = {NULL, "open", "closed", "archived"};
static const char *const state_labels[] = {NULL, "办理中", "已结案", "已归档"};

const char *zf_view_case_state_word(int state)
{
	return state >= ZF_CASE_OPEN && state <= ZF_CASE_ARCHIVED ? state_words[state] : NULL;
}

int zf_view_case_state_parse(const char *word)
{
	for (int s = ZF_CASE_OPEN; word && s <= ZF_CASE_ARCHIVED; s++)
		if (!strcmp(word, state_words[s]))
			return s;
	return 0;
}

json_t *zf_view_case(const struct zf_case *c, const struct zf_procedures *procs)
{
	const struct zf_procedure *p = procs && c->procedure ? zf_procedure_find(procs, c->procedure) : NULL;
	const char *sw = zf_view_case_state_word(c->state);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "body_id", json_integer(c->body_id));
	json_object_set_new(o, "body_name", zf_view_str(c->body_name));
	json_object_set_new(o, "procedure", zf_view_str(c->procedure));
	json_object_set_new(o, "procedure_name", zf_view_str(p ? p->name : c->procedure));
	json_object_set_new(o, "procedure_version", json_integer(c->proc_version));
	json_object_set_new(o, "settings_version", json_integer(c->settings_version));
	json_object_set_new(o, "case_no", zf_view_str(c->case_no));
	json_object_set_new(o, "title", zf_view_str(c->title));
	json_object_set_new(o, "party_names", c->party_names ? json_string(c->party_names) : json_null());
	json_object_set_new(o, "state", zf_view_str(sw));
	json_object_set_new(o, "state_label", zf_view_str(sw ? state_labels[c->state] : NULL));
	json_object_set_new(o, "last_step", zf_view_str(c->last_step));
	json_object_set_new(o, "last_step_name", zf_view_str(c->last_step_name));
	json_object_set_new(o, "facts", parsed(c->facts_json));
	json_object_set_new(o, "violation_id", id_or_null(c->violation_id));
	json_object_set_new(o, "opened_on", zf_view_str(c->opened_on));
	json_object_set_new(o, "created_at", zf_view_instant(c->created_at));
	json_object_set_new(o, "updated_at", zf_view_instant(c->updated_at));
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "next_due", c->next_due && *c->next_due ? json_string(c->next_due) : json_null());
	json_object_set_new(o, "overdue", json_boolean(c->overdue));
	return o;
}

static json_t *party(const struct zf_party *p)
{
	const char *label = p->id_type ? zf_id_type_label(p->id_type) : NULL;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "kind", json_string(p->kind == ZF_PARTY_ORG ? "org" : "person"));
	json_object_set_new(o, "name", zf_view_str(p->name));
	json_object_set_new(o, "id_type", zf_view_str(p->id_type));
	json_object_set_new(o, "id_type_label", zf_view_str(label));
	json_object_set_new(o, "id_number", zf_view_str(p->id_number));
	json_object_set_new(o, "uscc", zf_view_str(p->uscc));
	json_object_set_new(o, "legal_rep", zf_view_str(p->legal_rep));
	json_object_set_new(o, "address", zf_view_str(p->address));
	json_object_set_new(o, "phone", zf_view_str(p->phone));
	json_object_set_new(o, "birth_date", zf_view_str(p->birth_date));
	return o;
}

static json_t *step(const struct zf_case_step *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "code", zf_view_str(s->code));
	json_object_set_new(o, "name", zf_view_str(s->name));
	json_object_set_new(o, "seq", json_integer(s->seq));
	json_object_set_new(o, "values", parsed(s->values_json));
	json_object_set_new(o, "officers", zf_view_str(s->officers));
	json_object_set_new(o, "place", zf_view_str(s->place));
	json_object_set_new(o, "occurred_on", zf_view_str(s->occurred_on));
	json_object_set_new(o, "performed_at", zf_view_instant(s->performed_at));
	json_object_set_new(o, "performed_by", zf_view_str(s->performed_by));
	json_object_set_new(o, "corrects_id", id_or_null(s->corrects_id));
	json_object_set_new(o, "history_id", id_or_null(s->history_id));
	json_object_set_new(o, "log_index", s->log_index >= 0 ? json_integer(s->log_index) : json_null());
	return o;
}

json_t *zf_view_case_doc(const struct zf_case_doc *d, int with_data)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "step_id", json_integer(d->step_id));
	json_object_set_new(o, "doc_type", zf_view_str(d->doc_type));
	json_object_set_new(o, "name", zf_view_str(d->name));
	json_object_set_new(o, "number", zf_view_str(d->number));
	json_object_set_new(o, "issued_at", zf_view_instant(d->issued_at));
	if (with_data)
		json_object_set_new(o, "data", parsed(d->data_json));
	return o;
}

static json_t *deadline(const struct zf_case_deadline *d)
{
	static const char *const states[] = {NULL, "open", "met", "none"};
	int has_due = d->due && *d->due;
	json_t *o = json_object();
	json_object_set_new(o, "code", zf_view_str(d->code));
	json_object_set_new(o, "label", zf_view_str(d->label));
	json_object_set_new(o, "kind", json_string(d->kind == ZF_DK_WAIT ? "wait" : "due"));
	json_object_set_new(o, "state", zf_view_str(d->state >= ZF_DL_OPEN && d->state <= ZF_DL_NONE ?
					    states[d->state] : NULL));
	json_object_set_new(o, "due", has_due ? json_string(d->due) : json_null());
	json_object_set_new(o, "provisional", json_boolean(d->provisional));
	json_object_set_new(o, "days_left", has_due ? json_integer(d->days_left) : json_null());
	json_object_set_new(o, "level", zf_view_str(d->level));
	json_object_set_new(o, "message", zf_view_str(d->message));
	json_object_set_new(o, "paused_days", json_integer(d->paused_days));
	return o;
}

/* Money in 分 as "<key>_fen" and as yuan text "<key>"; NONE (-1) as nulls. */
static void money(json_t *o, const char *key, int64_t fen)
{
	char yuan[24], k[48];
	snprintf(k, sizeof(k), "%s_fen", key);
	if (fen < 0) {
		json_object_set_new(o, key, json_null());
		json_object_set_new(o, k, json_null());
		return;
	}
	zf_money_format(fen, yuan);
	json_object_set_new(o, key, json_string(yuan));
	json_object_set_new(o, k, json_integer(fen));
}

static const char *const band_words[] = {NULL, "minor", "general", "serious", "grave"};

json_t *zf_view_violation(const struct zf_violation *v)
{
	json_t *o = json_object(), *bands = json_array();
	json_object_set_new(o, "id", json_integer(v->id));
	json_object_set_new(o, "body_id", json_integer(v->body_id));
	json_object_set_new(o, "code", zf_view_str(v->code));
	json_object_set_new(o, "name", zf_view_str(v->name));
	json_object_set_new(o, "matter_code", zf_view_str(v->matter_code));
	json_object_set_new(o, "domain", zf_view_str(v->domain));
	json_object_set_new(o, "legal_basis", zf_view_str(v->legal_basis));
	json_object_set_new(o, "penalty_basis", zf_view_str(v->penalty_basis));
	money(o, "fine_min", v->fine_min);
	money(o, "fine_max", v->fine_max);
	json_object_set_new(o, "safety", json_boolean(v->safety));
	json_object_set_new(o, "version", json_integer(v->version));
	json_object_set_new(o, "active", json_boolean(v->active));
	for (size_t i = 0; i < v->nbands; i++) {
		const struct zf_benchmark *b = &v->bands[i];
		int known = b->level >= ZF_BAND_MINOR && b->level <= ZF_BAND_GRAVE;
		json_t *bo = json_object();
		json_object_set_new(bo, "id", json_integer(b->id));
		json_object_set_new(bo, "level", zf_view_str(known ? band_words[b->level] : NULL));
		json_object_set_new(bo, "level_label", zf_view_str(known ? zf_band_label(b->level) : NULL));
		json_object_set_new(bo, "circumstance", zf_view_str(b->circumstance));
		money(bo, "fine_min", b->fine_min);
		money(bo, "fine_max", b->fine_max);
		json_object_set_new(bo, "other", zf_view_str(b->other));
		json_array_append_new(bands, bo);
	}
	json_object_set_new(o, "bands", bands);
	return o;
}

json_t *zf_view_case_full(const struct zf_case_view *v, const struct zf_procedures *procs)
{
	json_t *o = json_object(), *a;
	json_object_set_new(o, "case", zf_view_case(&v->c, procs));
	json_object_set_new(o, "parties", a = json_array());
	for (size_t i = 0; i < v->nparties; i++)
		json_array_append_new(a, party(&v->parties[i]));
	json_object_set_new(o, "officers", a = json_array());
	for (size_t i = 0; i < v->nofficers; i++)
		json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:b}", "officer_id",
						   (json_int_t)v->officers[i].officer_id, "name",
						   v->officers[i].name ? v->officers[i].name : "",
						   "cert_no", v->officers[i].cert_no ? v->officers[i].cert_no : "",
						   "recused", v->officers[i].recused));
	json_object_set_new(o, "steps", a = json_array());
	for (size_t i = 0; i < v->nsteps; i++)
		json_array_append_new(a, step(&v->steps[i]));
	json_object_set_new(o, "documents", a = json_array());
	for (size_t i = 0; i < v->ndocs; i++)
		json_array_append_new(a, zf_view_case_doc(&v->docs[i], 0));
	json_object_set_new(o, "deadlines", a = json_array());
	for (size_t i = 0; i < v->ndeadlines; i++)
		json_array_append_new(a, deadline(&v->deadlines[i]));
	json_object_set_new(o, "actions", a = json_array());
	for (size_t i = 0; i < v->nactions; i++)
		json_array_append_new(a, json_pack("{s:s,s:s}", "code", v->actions[i].code ? v->actions[i].code : "",
						   "name", v->actions[i].name ? v->actions[i].name : ""));
	json_object_set_new(o, "hints", a = json_array());
	for (size_t i = 0; i < v->nhints; i++)
		json_array_append_new(a, json_pack("{s:s,s:s}", "code", v->hints[i].code, "message",
						   v->hints[i].msg));
	json_object_set_new(o, "violation", v->violation.id ? zf_view_violation(&v->violation) : json_null());
	return o;
}
