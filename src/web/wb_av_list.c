/* The AV requirement list (音像记录事项清单) pages: the body's list edited on the workbench, the AV exceptions for supervisors, and the lists in force on the portal. */
#include <stdio.h>
#include <string.h>

#include "app/case.h"
#include "app/evidence.h"
#include "core/role.h"
#include "util/str.h"
#include "util/time.h"
#include "web/handlers.h"
#include "web/view.h"

#define ROWS_MAX ZF_AV_LIST_ITEMS_MAX
#define EXC_LIMIT 200

static const char *const categories[] = {"", "场景类", "约谈类", "确认类", "检查类"};
#define NCATEGORIES (sizeof(categories) / sizeof(categories[0]))

/* "2026年3月5日" of instant T (Beijing time) into OUT. */
static void day_cn(int64_t t, char out[24])
{
	zf_date_cn(zf_date_from_days((t + 8 * 3600) / 86400), out);
}

/* The step of PROC/STEP in the definitions, or NULL. */
static const struct zf_step_def *def_step(struct zf_req *req, const char *proc, const char *step,
					  const struct zf_procedure **p)
{
	*p = zf_procedure_find(zf_app_procedures(req->app), proc ? proc : "");
	return *p ? zf_procedure_step(*p, step ? step : "") : NULL;
}

static const char *str_of(const json_t *item, const char *key)
{
	const char *s = json_string_value(json_object_get(item, key));
	return s ? s : "";
}

/* ITEM's exceptions, one per line. */
static const char *exceptions_text(struct zf_req *req, const json_t *item)
{
	const json_t *e;
	size_t i;
	char *out = "";

	json_array_foreach(json_object_get(item, "exceptions"), i, e) {
		out = zf_arena_printf(req->arena, "%s%s%s", out, i ? "\n" : "",
				      json_string_value(e) ? json_string_value(e) : "");
		if (!out)
			return "";
	}
	return out;
}

/* The messages of ERR for item I ("items[I]..."), as an array. */
static json_t *item_errors(const struct zf_err *err, size_t i)
{
	json_t *arr = json_array();
	char prefix[32];
	size_t n = (size_t)snprintf(prefix, sizeof(prefix), "items[%zu]", i);

	for (int k = 0; err && k < err->nfields; k++)
		if (strncmp(err->fields[k].field, prefix, n) == 0 &&
		    (err->fields[k].field[n] == '\0' || err->fields[k].field[n] == '.'))
			json_array_append_new(arr, json_string(err->fields[k].msg));
	return arr;
}

/* One row of the editing table for ITEM (index I). */
static json_t *edit_row(struct zf_req *req, const json_t *item, size_t i, const struct zf_err *err)
{
	const struct zf_procedure *p = NULL;
	const char *proc = str_of(item, "procedure"), *code = str_of(item, "step");
	const char *rule = str_of(item, "rule"), *cat = str_of(item, "category");
	const struct zf_step_def *s = def_step(req, proc, code, &p);
	json_t *rules = json_array(), *cats = json_array();

	for (int r = ZF_AV_NONE; r <= ZF_AV_WHOLE; r++)
		json_array_append_new(rules, json_pack("{s:s,s:s,s:b}", "value", zf_av_rule_word(r),
						       "label", zf_av_rule_label(r), "selected",
						       strcmp(zf_av_rule_word(r), rule) == 0));
	for (size_t c = 0; c < NCATEGORIES; c++)
		json_array_append_new(cats, json_pack("{s:s,s:s,s:b}", "value", categories[c],
						      "label", *categories[c] ? categories[c] : "（不分类）",
						      "selected", strcmp(categories[c], cat) == 0));
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:o,s:o,s:s,s:s,s:s,s:o}", "i", (json_int_t)i,
			 "procedure", proc, "step", code, "procedure_name", p ? p->name : proc,
			 "step_name", s ? s->name : code, "whole", s && s->av == ZF_AV_WHOLE,
			 "rules", rules, "categories", cats, "record", str_of(item, "record"),
			 "exceptions", exceptions_text(req, item), "note", str_of(item, "note"),
			 "errors", item_errors(err, i));
}

/* The definition steps LIST does not hold, for "add a step". */
static json_t *addable(struct zf_req *req, const json_t *list)
{
	size_t np = 0;
	const struct zf_procedure *const *all = zf_procedures_all(zf_app_procedures(req->app), &np);
	json_t *out = json_array();

	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < all[i]->nsteps; j++) {
			const struct zf_step_def *s = &all[i]->steps[j];
			int listed = 0;
			const json_t *item;
			size_t k;
			json_array_foreach(json_object_get(list, "items"), k, item)
				listed |= strcmp(str_of(item, "procedure"), all[i]->code) == 0 &&
					  strcmp(str_of(item, "step"), s->code) == 0;
			if (!listed)
				json_array_append_new(
					out, json_pack("{s:s,s:s}", "value",
						       zf_arena_printf(req->arena, "%s/%s",
								       all[i]->code, s->code),
						       "label",
						       zf_arena_printf(req->arena, "%s：%s", all[i]->name,
								       s->name)));
		}
	return out;
}

static json_t *portal_rows(struct zf_req *req, const json_t *list);

/* The drafts of the actor's body with their items, for the edit page (an
 * empty array when the actor may not see them). */
static json_t *drafts(struct zf_req *req)
{
	struct zf_av_list_rec *rows = NULL;
	struct zf_err err = {0};
	json_t *out = json_array();
	size_t n = 0;
	int leader = req->actor.role == ZF_ROLE_LEADER;

	if (req->actor.role != ZF_ROLE_REVIEWER && !leader)
		return out;
	if (zf_app_av_list_rows(req->app, &req->actor, req->arena, req->actor.body_id, &rows, &n,
				&err))
		return out;
	for (size_t i = 0; i < n; i++) {
		char at[20];
		json_t *list = strcmp(rows[i].state, "draft") ? NULL : json_loads(rows[i].json, 0, NULL);
		if (!list)
			continue;
		zf_time_local(rows[i].created_at, at);
		json_array_append_new(
			out, json_pack("{s:I,s:s,s:s,s:o,s:b,s:b}", "id", (json_int_t)rows[i].id,
				       "drafter", rows[i].drafter ? rows[i].drafter : "", "at", at,
				       "rows", portal_rows(req, list), "can_decide", leader,
				       "can_approve",
				       leader && rows[i].drafted_by != req->actor.account_id));
		json_decref(list);
	}
	return out;
}

/* The edit page of LIST (the stored one, or the one submitted with ERR). */
static int edit_page(struct zf_req *req, int status, json_t *list, int64_t version, int64_t at,
		     const struct zf_err *err)
{
	json_t *rows = json_array(), *item, *unplaced = json_array();
	char day[24] = "";
	size_t i;

	json_array_foreach(json_object_get(list, "items"), i, item)
		json_array_append_new(rows, edit_row(req, item, i, err));
	for (int k = 0; err && k < err->nfields; k++)
		if (strncmp(err->fields[k].field, "items[", 6) != 0)
			json_array_append_new(unplaced, json_string(err->fields[k].msg));
	if (at)
		day_cn(at, day);
	json_t *ctx = json_pack("{s:s,s:o,s:o,s:I,s:s,s:I,s:b,s:b,s:o}", "title", "音像记录事项清单",
				"rows", rows, "addable", addable(req, list), "version",
				(json_int_t)version, "day", day, "body_id",
				(json_int_t)req->actor.body_id, "saved",
				zf_req_query(req, "saved") != NULL, "can_edit",
				req->actor.role == ZF_ROLE_REVIEWER ||
					req->actor.role == ZF_ROLE_LEADER,
				"unplaced",
				unplaced);
	json_object_set_new(ctx, "n", json_integer((json_int_t)json_array_size(rows)));
	json_t *d = drafts(req);
	json_object_set_new(ctx, "has_drafts", json_boolean(json_array_size(d) > 0));
	json_object_set_new(ctx, "drafts", d);
	json_object_set_new(ctx, "error", err && err->code ? json_string(err->msg) : json_false());
	json_decref(list);
	return zf_resp_html(req, status, "wb_av_list", ctx);
}

int route_wb_av_list(struct zf_req *req)
{
	struct zf_err err = {0};
	json_t *list = NULL;
	int64_t version = 0, at = 0;

	if (zf_app_av_list_at(req->app, req->actor.body_id, &list, &version, &at, &err))
		return zf_resp_error(req, &err);
	return edit_page(req, 200, list, version, at, NULL);
}

/* Form field NAME of row I. */
static const char *row_param(struct zf_req *req, size_t i, const char *name)
{
	const char *v = zf_req_param(req, zf_arena_printf(req->arena, "i.%zu.%s", i, name));
	return v ? v : "";
}

/* The trimmed lines of TEXT as a JSON array (blank lines dropped). */
static json_t *lines(struct zf_req *req, const char *text)
{
	char *copy = zf_arena_strdup(req->arena, text), *save = NULL;
	json_t *arr = json_array();

	for (char *l = copy ? strtok_r(copy, "\r\n", &save) : NULL; l;
	     l = strtok_r(NULL, "\r\n", &save))
		if (!zf_str_blank(l))
			json_array_append_new(arr, json_string(zf_str_trim(l)));
	return arr;
}

/* The list the form submitted: rows i.0.. up to "n", then the added step. */
static json_t *submitted(struct zf_req *req)
{
	int64_t n = 0;
	json_t *items = json_array();
	const char *add = zf_req_param(req, "add");

	if (zf_str_to_i64(zf_req_param(req, "n") ? zf_req_param(req, "n") : "0", 0, ROWS_MAX, &n))
		n = 0;
	for (size_t i = 0; i < (size_t)n; i++)
		json_array_append_new(
			items, json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s}", "procedure",
					 row_param(req, i, "procedure"), "step", row_param(req, i, "step"),
					 "rule", row_param(req, i, "rule"), "category",
					 row_param(req, i, "category"), "record",
					 row_param(req, i, "record"), "exceptions",
					 lines(req, row_param(req, i, "exceptions")), "note",
					 row_param(req, i, "note")));
	if (add && *add) {
		const char *slash = strchr(add, '/');
		const struct zf_procedure *p = NULL;
		char *proc = slash ? zf_arena_strndup(req->arena, add, (size_t)(slash - add)) : NULL;
		const struct zf_step_def *s = proc ? def_step(req, proc, slash + 1, &p) : NULL;
		int rule = s && s->av != ZF_AV_NONE ? s->av : ZF_AV_AV;
		json_array_append_new(
			items, json_pack("{s:s,s:s,s:s,s:s,s:s,s:[s],s:s}", "procedure",
					 proc ? proc : add, "step", slash ? slash + 1 : "", "rule",
					 zf_av_rule_word(rule), "category", "", "record",
					 s ? s->name : "", "exceptions", "设备故障", "note", ""));
	}
	return json_pack("{s:s,s:o}", "format", ZF_AV_LIST_FORMAT, "items", items);
}

int route_wb_av_list_save(struct zf_req *req)
{
	struct zf_err err = {0};
	json_t *list = submitted(req);
	int64_t id = 0;

	if (!list)
		return zf_resp_error(req, &(struct zf_err){.code = ZF_ENOMEM, .msg = "内存不足"});
	if (!zf_app_av_list_set(req->app, &req->actor, req->actor.body_id, list, &id, &err)) {
		json_decref(list);
		return zf_resp_redirect(req, "/workbench/av-list?saved=1");
	}
	if (err.code != ZF_EINVAL) {
		json_decref(list);
		return zf_resp_error(req, &err);
	}
	return edit_page(req, zf_http_status(err.code), list, 0, 0, &err);
}

/* Approves (REJECT 0) or rejects the draft named by the path. */
static int decide(struct zf_req *req, int reject)
{
	struct zf_err err = {0};
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (reject ? zf_app_av_list_reject(req->app, &req->actor, id, zf_req_param(req, "reason"),
					   &err)
		   : zf_app_av_list_approve(req->app, &req->actor, id, NULL, &err))
		return zf_resp_error(req, &err);
	return zf_resp_redirect(req, "/workbench/av-list");
}

int route_wb_av_list_approve(struct zf_req *req)
{
	return decide(req, 0);
}

int route_wb_av_list_reject(struct zf_req *req)
{
	return decide(req, 1);
}

int route_wb_av_exceptions(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_av_exception_row *rows = NULL;
	size_t n = 0;
	json_t *arr;

	if (zf_app_av_exceptions(req->app, &req->actor, req->arena, EXC_LIMIT, &rows, &n, &err))
		return zf_resp_error(req, &err);
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char at[20];
		zf_time_local(rows[i].recorded_at, at);
		json_array_append_new(
			arr, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "case_id",
				       (json_int_t)rows[i].case_id, "case_no", rows[i].case_no,
				       "title", rows[i].title ? rows[i].title : "", "body",
				       rows[i].body_name ? rows[i].body_name : "", "step",
				       rows[i].step_name, "rule", rows[i].rule, "reason",
				       rows[i].reason ? rows[i].reason : "", "by",
				       rows[i].recorded_by ? rows[i].recorded_by : "", "at", at));
	}
	return zf_resp_html(req, 200, "wb_av_exceptions",
			    json_pack("{s:s,s:o}", "title", "未能音像记录的情形", "rows", arr));
}

int route_av_list_index(struct zf_req *req)
{
	struct zf_err err = {0};
	json_t *bodies = NULL;

	zf_view_public_cache(req);
	if (zf_view_body_list(req, 0, 1, &bodies, &err))
		return zf_resp_error(req, &err);
	return zf_resp_html(req, 200, "av_lists",
			    json_pack("{s:s,s:o}", "title", "音像记录事项清单", "bodies", bodies));
}

/* The items of LIST for the portal: listed rules other than "none", by procedure order. */
static json_t *portal_rows(struct zf_req *req, const json_t *list)
{
	json_t *rows = json_array(), *item;
	size_t i;

	json_array_foreach(json_object_get(list, "items"), i, item) {
		const struct zf_procedure *p = NULL;
		const struct zf_step_def *s =
			def_step(req, str_of(item, "procedure"), str_of(item, "step"), &p);
		struct zf_av_rule r;
		zf_av_list_rule(list, str_of(item, "procedure"), str_of(item, "step"), &r);
		if (!s || r.rule == ZF_AV_NONE)
			continue;
		const char *exc = exceptions_text(req, item);
		json_array_append_new(
			rows, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "procedure", p->name, "step",
					s->name, "rule", zf_av_rule_label(r.rule), "category",
					*r.category ? r.category : "—", "record", r.record,
					"exceptions", *exc ? exc : "无", "note",
					str_of(item, "note")));
	}
	return rows;
}

/* The versions of body ID that were in force, newest first, with their
 * live periods; the one numbered WANT (0 = the live one) into *LIST and
 * *CHOSEN (both untouched when there is none). */
static json_t *portal_versions(struct zf_req *req, int64_t id, int64_t want, json_t **list,
			       const struct zf_av_list_rec **chosen)
{
	struct zf_av_list_rec *rows = NULL;
	struct zf_err err = {0};
	json_t *out = json_array();
	size_t n = 0;

	if (zf_app_av_list_rows(req->app, NULL, req->arena, id, &rows, &n, &err))
		return out;
	for (size_t i = 0; i < n; i++) {
		char from[24] = "", to[24] = "";
		day_cn(rows[i].live_from, from);
		if (rows[i].live_to)
			day_cn(rows[i].live_to, to);
		if (rows[i].version == want || (!want && !rows[i].live_to && !*chosen)) {
			json_decref(*list);
			*list = json_loads(rows[i].json, 0, NULL);
			*chosen = &rows[i];
		}
		json_array_append_new(out, json_pack("{s:I,s:I,s:s,s:s,s:b}", "body_id",
						     (json_int_t)id, "version",
						     (json_int_t)rows[i].version, "from", from,
						     "to", to, "live", !rows[i].live_to));
	}
	return out;
}

/* The portal page of body ID's list version WANT (0 = the one in force). */
static int portal_page(struct zf_req *req, int64_t id, int64_t want)
{
	const struct zf_av_list_rec *chosen = NULL;
	struct zf_err err = {0};
	json_t *body = NULL, *list = NULL;
	int64_t version = 0, at = 0;
	char day[24] = "", to[24] = "";

	zf_view_public_cache(req);
	if (zf_view_body_get(req, id, 0, &body, &err) ||
	    (!want && zf_app_av_list_at(req->app, id, &list, &version, &at, &err))) {
		json_decref(body);
		return zf_resp_error(req, &err);
	}
	json_t *versions = portal_versions(req, id, want, &list, &chosen);
	if (want && (!chosen || !list)) {
		json_decref(body);
		json_decref(versions);
		json_decref(list);
		zf_err_set(&err, ZF_ENOTFOUND, "该音像记录事项清单版本不存在");
		return zf_resp_error(req, &err);
	}
	if (chosen) {
		version = chosen->version;
		at = chosen->live_from;
		if (chosen->live_to)
			day_cn(chosen->live_to, to);
	}
	if (at)
		day_cn(at, day);
	json_t *ctx = json_pack("{s:s,s:o,s:o,s:I,s:s,s:s,s:b,s:b,s:o}", "title",
				"音像记录事项清单", "body", body, "rows", portal_rows(req, list),
				"version", (json_int_t)version, "day", day, "to", to, "default",
				version == 0, "has_versions", json_array_size(versions) > 0,
				"versions", versions);
	json_decref(list);
	return zf_resp_html(req, 200, "av_list", ctx);
}

int route_av_list_body(struct zf_req *req)
{
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	return portal_page(req, id, 0);
}

int route_av_list_version(struct zf_req *req)
{
	int64_t id, version;

	if (zf_view_arg_id(req, 0, &id) || zf_view_arg_id(req, 1, &version))
		return 0;
	return portal_page(req, id, version);
}
