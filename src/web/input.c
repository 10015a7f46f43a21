/* Reading registry records from a form or a JSON object, the same way for both. */
#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "util/str.h"
#include "web/input.h"

/* What a JSON value of a field must be; forms carry text for every kind. */
enum kind { TEXT, NUMBER, BOOL };

/* The raw value of NAME as a string in the request arena. In JSON a value of
 * the wrong type (a number for a name, text for an id, ...) is a field error:
 * an integration that sends the wrong shape learns it, nothing is coerced. */
static const char *raw(const struct zf_input *in, const char *name, enum kind k,
		       struct zf_err *err)
{
	static const char *const want[] = {"文本", "整数", "true 或 false"};
	if (!in->json)
		return zf_req_param(in->req, name);
	json_t *v = json_object_get(in->json, name);
	if (!v || json_is_null(v))
		return NULL;
	if (k == TEXT && json_is_string(v))
		return json_string_value(v);
	if (k == NUMBER && json_is_integer(v))
		return zf_arena_printf(in->req->arena, "%lld", (long long)json_integer_value(v));
	if (k == BOOL && json_is_boolean(v))
		return json_is_true(v) ? "1" : "0";
	zf_err_field(err, name, "字段 %s 的类型不正确，应为%s", name, want[k]);
	return NULL;
}

/* A trimmed copy of field NAME, NULL when absent or blank. */
static const char *value(const struct zf_input *in, const char *name, enum kind k,
			 struct zf_err *err)
{
	const char *v = raw(in, name, k, err);
	if (!v)
		return NULL;
	char *c = zf_arena_strdup(in->req->arena, v);
	if (!c)
		return NULL;
	zf_str_trim(c);
	return *c ? c : NULL;
}

static const char *text(const struct zf_input *in, const char *name, struct zf_err *err)
{
	return value(in, name, TEXT, err);
}

static int64_t number(const struct zf_input *in, const char *name, const char *label,
		      struct zf_err *err)
{
	const char *v = value(in, name, NUMBER, err);
	int64_t n = 0;
	if (v && zf_str_to_i64(v, 0, INT64_MAX, &n))
		zf_err_field(err, name, "%s应为数字", label);
	return n;
}

int zf_input_body(const struct zf_input *in, struct zf_body *b, struct zf_err *err)
{
	int before = err->nfields;
	memset(b, 0, sizeof(*b));
	b->name = text(in, "name", err);
	b->uscc = text(in, "uscc", err);
	b->legal_basis = text(in, "legal_basis", err);
	b->duties = text(in, "duties", err);
	b->powers = text(in, "powers", err);
	b->address = text(in, "address", err);
	b->phone = text(in, "phone", err);
	b->supervision = text(in, "supervision", err);
	b->remedy = text(in, "remedy", err);
	b->version = number(in, "version", "版本号", err);
	b->state = ZF_BODY_ACTIVE;
	if (b->uscc) { /* codes are written in upper case */
		char *u = (char *)b->uscc;
		for (; *u; u++)
			if (*u >= 'a' && *u <= 'z')
				*u = (char)(*u - 'a' + 'A');
	}
	return err->nfields > before ? ZF_EINVAL : 0;
}

int zf_input_officer(const struct zf_input *in, struct zf_officer *o, struct zf_err *err)
{
	int before = err->nfields;
	memset(o, 0, sizeof(*o));
	o->body_id = number(in, "body_id", "执法主体", err);
	o->name = text(in, "name", err);
	o->cert_no = text(in, "cert_no", err);
	o->issuer = text(in, "issuer", err);
	o->domains = text(in, "domains", err);
	o->valid_from = text(in, "valid_from", err);
	o->valid_to = text(in, "valid_to", err);
	o->state_date = text(in, "state_date", err);
	o->state_reason = text(in, "state_reason", err);
	o->review_since = text(in, "review_since", err);
	o->version = number(in, "version", "版本号", err);
	const char *st = text(in, "state", err);
	o->state = st ? zf_cert_state_parse(st) : ZF_CERT_VALID;
	if (!o->state)
		zf_err_field(err, "state", "执法证状态应为 有效、暂扣、注销 或 吊销");
	const char *lq = value(in, "legal_qual", BOOL, err);
	if (!lq || !strcmp(lq, "0") || !strcmp(lq, "false"))
		o->legal_qual = 0;
	else if (!strcmp(lq, "1") || !strcmp(lq, "true") || !strcmp(lq, "on"))
		o->legal_qual = 1;
	else
		zf_err_field(err, "legal_qual", "法律职业资格应为 是 或 否");
	return err->nfields > before ? ZF_EINVAL : 0;
}

void zf_input_save_body(const struct zf_input *in, int64_t id, int64_t *new_id,
			struct zf_err *err)
{
	struct zf_body b;
	zf_input_body(in, &b, err);
	b.id = id;
	if (id)
		zf_app_body_update(in->req->app, &in->req->actor, &b, err);
	else
		zf_app_body_create(in->req->app, &in->req->actor, &b, new_id, err);
}

void zf_input_save_officer(const struct zf_input *in, int64_t id, int64_t *new_id,
			   struct zf_err *err)
{
	struct zf_officer o;
	zf_input_officer(in, &o, err);
	o.id = id;
	if (id)
		zf_app_officer_update(in->req->app, &in->req->actor, &o, err);
	else
		zf_app_officer_create(in->req->app, &in->req->actor, &o, new_id, err);
}
