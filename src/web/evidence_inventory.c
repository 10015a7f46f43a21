/* The evidence inventory of a case (证据清单 / 电子数据提取固定清单): a printable A4 page in the style of the case documents, and the same data as JSON for the API. */
#include <stdio.h>
#include <string.h>

#include "app/case.h"
#include "app/evidence.h"
#include "web/evidence_view.h"
#include "web/handlers.h"
#include "web/view.h"

#define INVENTORY_FORMAT "zhifa-evidence-inventory/v1"

/* The inventory of case ID as JSON (the API's shape) into *OUT; ITEMS and
 * N keep the lines for the page's words. */
static int inventory_json(struct zf_req *req, int64_t id, json_t **out,
			  struct zf_evidence_line **lines, size_t *n, struct zf_err *err)
{
	struct zf_case_view v;
	size_t withdrawn = 0;

	if (zf_app_case_get(req->app, &req->actor, req->arena, id, &v, err) ||
	    zf_app_evidence_inventory(req->app, &req->actor, req->arena, id, lines, n, err))
		return err->code;
	json_t *items = json_array();
	for (size_t i = 0; i < *n; i++) {
		const struct zf_evidence_line *l = &(*lines)[i];
		json_t *o = zf_view_evidence(&l->e);
		json_object_set_new(o, "no", json_integer((json_int_t)i + 1));
		json_object_set_new(o, "proof_url", l->e.log_index >= 0 ?
				    json_sprintf("/log/proof/%lld", (long long)l->e.log_index) : json_null());
		json_object_set_new(o, "verification", l->verified_at ?
				    json_pack("{s:o,s:s}", "at", zf_view_instant(l->verified_at),
					      "result", l->verify_result) : json_null());
		json_array_append_new(items, o);
		withdrawn += l->e.withdrawn ? 1 : 0;
	}
	*out = json_pack("{s:s,s:{s:I,s:s,s:s,s:I,s:s,s:s},s:s,s:o,s:I,s:I,s:o}",
			 "format", INVENTORY_FORMAT,
			 "case", "id", (json_int_t)v.c.id, "case_no", v.c.case_no ? v.c.case_no : "",
			 "title", v.c.title ? v.c.title : "", "body_id", (json_int_t)v.c.body_id,
			 "body_name", v.c.body_name ? v.c.body_name : "",
			 "procedure", v.proc ? v.proc->name : (v.c.procedure ? v.c.procedure : ""),
			 "made_by", req->actor.login,
			 "made_at", zf_view_instant(zf_clock_now(&req->app->clock)),
			 "total", (json_int_t)*n, "withdrawn", (json_int_t)withdrawn, "items", items);
	return 0;
}

int route_api_evidence_inventory(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_evidence_line *lines;
	size_t n;
	int64_t id;
	json_t *out;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (inventory_json(req, id, &out, &lines, &n, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, out);
}

int route_wb_evidence_inventory(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_evidence_line *lines;
	size_t n, i;
	int64_t id;
	json_t *data, *o;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (inventory_json(req, id, &data, &lines, &n, &err))
		return zf_resp_error(req, &err);
	json_array_foreach(json_object_get(data, "items"), i, o) {
		zf_view_evidence_words(o, &lines[i].e);
		json_object_set_new(o, "verified_text", zf_view_local_time(lines[i].verified_at));
	}
	json_t *c = json_object_get(data, "case");
	const char *case_no = json_string_value(json_object_get(c, "case_no"));
	json_object_set_new(data, "print", json_true());
	json_object_set_new(data, "print_back", json_sprintf("/workbench/cases/%lld/evidence", (long long)id));
	json_object_set_new(data, "title", json_sprintf("证据清单 %s", case_no));
	json_object_set_new(data, "name", json_string("证据清单"));
	json_object_set_new(data, "body", json_pack("{s:O}", "name", json_object_get(c, "body_name")));
	json_object_set_new(data, "has_items", json_boolean(n > 0));
	json_object_set_new(data, "made_text", zf_view_local_time(zf_clock_now(&req->app->clock)));
	return zf_resp_html(req, 200, "wb_evidence_inventory", data);
}
