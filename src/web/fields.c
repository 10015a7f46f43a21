/* Form fields declared once (name, label, kind, limits) and rendered by one partial. */
#include <stdio.h>
#include <string.h>

#include "web/fields.h"

/* The value of a form entry as the text an input shows. */
static json_t *text_of(json_t *v)
{
	char num[32];
	if (json_is_string(v))
		return json_string(json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		return json_string(num);
	}
	return json_string(json_is_true(v) ? "1" : "");
}

static json_t *choices(json_t *opts, const char *value)
{
	json_t *out = json_array(), *o;
	size_t i;
	json_array_foreach(opts, i, o) {
		json_t *c = json_deep_copy(o);
		json_t *v = text_of(json_object_get(o, "value"));
		json_object_set_new(c, "value", v);
		json_object_set_new(c, "selected", json_boolean(!strcmp(json_string_value(v), value)));
		json_array_append_new(out, c);
	}
	return out;
}

json_t *zf_fields(const struct zf_field *defs, json_t *form, json_t *errors, json_t *options)
{
	json_t *out = json_array();
	for (const struct zf_field *d = defs; d->name; d++) {
		json_t *f = json_object();
		json_t *v = d->kind == ZF_FIELD_PASSWORD ? json_string("") :
			    text_of(json_object_get(form, d->name));
		const char *val = json_string_value(v);
		const char *msg = json_string_value(json_object_get(errors, d->name));
		/* Every key is set, false when unused, so that a lookup never
		 * climbs to a same-named key of the page (such as "error"). */
		json_object_set_new(f, "name", json_string(d->name));
		json_object_set_new(f, "label", json_string(d->label));
		json_object_set_new(f, "value", v);
		json_object_set_new(f, "error", msg ? json_string(msg) : json_false());
		json_object_set_new(f, "required", json_boolean(d->required));
		json_object_set_new(f, "max", d->max ? json_integer(d->max) : json_false());
		json_object_set_new(f, "hint", d->hint ? json_string(d->hint) : json_false());
		json_object_set_new(f, "half", json_boolean(d->half));
		json_object_set_new(f, "hidden", json_boolean(d->kind == ZF_FIELD_HIDDEN));
		json_object_set_new(f, "labelled", json_boolean(d->kind != ZF_FIELD_HIDDEN &&
			d->kind != ZF_FIELD_RADIO && d->kind != ZF_FIELD_CHECKBOX));
		json_object_set_new(f, "input", json_boolean(d->kind == ZF_FIELD_TEXT ||
			d->kind == ZF_FIELD_DATE || d->kind == ZF_FIELD_TEL || d->kind == ZF_FIELD_PASSWORD));
		json_object_set_new(f, "type", json_string(d->kind == ZF_FIELD_DATE ? "date" :
			d->kind == ZF_FIELD_TEL ? "tel" : d->kind == ZF_FIELD_PASSWORD ? "password" : "text"));
		json_object_set_new(f, "textarea", json_boolean(d->kind == ZF_FIELD_TEXTAREA));
		json_object_set_new(f, "select", json_boolean(d->kind == ZF_FIELD_SELECT));
		json_object_set_new(f, "radio", json_boolean(d->kind == ZF_FIELD_RADIO));
		json_object_set_new(f, "checkbox", json_boolean(d->kind == ZF_FIELD_CHECKBOX));
		json_object_set_new(f, "checked", json_boolean(!strcmp(val, "1") || !strcmp(val, "on") ||
							       !strcmp(val, "true")));
		json_object_set_new(f, "options", choices(json_object_get(options, d->name), val));
		json_array_append_new(out, f);
	}
	return out;
}

json_t *zf_fields_submitted(struct zf_req *req, const struct zf_field *defs)
{
	json_t *form = json_object();
	for (const struct zf_field *d = defs; d->name; d++) {
		const char *v = zf_req_param(req, d->name);
		if (v)
			json_object_set_new(form, d->name, json_string(v));
	}
	return form;
}
