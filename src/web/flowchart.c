/* The published procedures: the flowcharts (行政执法流程图) on the portal and the definitions in the API. */
#include <string.h>

#include "app/case.h"
#include "core/case_rules.h"
#include "core/procedure.h"
#include "util/buf.h"
#include "web/handlers.h"
#include "web/view.h"

#define SVG_LIMIT (4 * 1024 * 1024)

/* The Chinese name of a procedure kind. */
static const char *kind_label(const char *kind)
{
	if (strcmp(kind, "penalty") == 0)
		return "行政处罚";
	if (strcmp(kind, "compulsory") == 0)
		return "行政强制";
	if (strcmp(kind, "inspection") == 0)
		return "行政检查";
	if (strcmp(kind, "review") == 0)
		return "法制审核";
	return kind;
}

/* The published charts that are no case procedure (core/charts/), loaded
 * for this request; NULL with the error answered when they cannot be. */
static struct zf_procedures *charts_load(struct zf_req *req)
{
	const struct zf_proc_vocab vocab = {zf_guard_known, zf_doc_known, zf_case_setting_known};
	struct zf_procedures *charts = NULL;
	struct zf_err err = {0};

	if (zf_procedures_load_charts(&charts, &vocab, &err)) {
		zf_resp_error(req, &err);
		return NULL;
	}
	return charts;
}

/* The procedure named by path argument 0 without SUFFIX ("" for none),
 * among the case procedures and CHARTS (may be NULL); answers 404 itself
 * and returns NULL when there is none. */
static const struct zf_procedure *proc_arg(struct zf_req *req, const char *suffix,
					   const struct zf_procedures *charts)
{
	const char *arg = zf_req_arg(req, 0);
	size_t n = arg ? strlen(arg) : 0, k = strlen(suffix);
	const struct zf_procedure *p = NULL;
	struct zf_err err = {0};

	if (n > k && strcmp(arg + n - k, suffix) == 0) {
		char *code = zf_arena_strndup(req->arena, arg, n - k);
		p = code ? zf_procedure_find(zf_app_procedures(req->app), code) : NULL;
		if (!p && code)
			p = zf_procedure_find(charts, code);
	}
	if (!p) {
		zf_err_set(&err, ZF_ENOTFOUND, "没有这个执法程序");
		zf_resp_error(req, &err);
	}
	return p;
}

/* Every procedure, each as ITEM makes it. New reference. */
static json_t *procedure_list(struct zf_req *req, json_t *(*item)(const struct zf_procedure *p),
			      size_t *n)
{
	const struct zf_procedure *const *all = zf_procedures_all(zf_app_procedures(req->app), n);
	json_t *list = json_array();

	for (size_t i = 0; i < *n; i++)
		json_array_append_new(list, item(all[i]));
	return list;
}

/* A procedure on the portal page. */
static json_t *portal_item(const struct zf_procedure *p)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:i}", "code", p->code, "name", p->name, "kind",
			 kind_label(p->kind), "basis", p->basis, "version", p->version);
}

/* A procedure in the API's list: what a case records of it. */
static json_t *api_item(const struct zf_procedure *p)
{
	return json_pack("{s:s,s:i,s:s,s:s,s:s}", "code", p->code, "version", p->version, "name",
			 p->name, "kind", p->kind, "sha256", p->sha256);
}

int route_flowchart_index(struct zf_req *req)
{
	zf_view_public_cache(req);
	struct zf_procedures *charts = charts_load(req);
	size_t n;
	json_t *list;

	if (!charts)
		return 0;
	list = procedure_list(req, portal_item, &n);
	const struct zf_procedure *const *more = zf_procedures_all(charts, &n);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, portal_item(more[i]));
	zf_procedures_free(charts);

	return zf_resp_html(req, 200, "flowcharts", json_pack("{s:s,s:o}", "title", "执法流程图",
			    "procedures", list));
}

int route_flowchart_svg(struct zf_req *req)
{
	zf_view_public_cache(req);
	struct zf_procedures *charts = charts_load(req);
	const struct zf_procedure *p = charts ? proc_arg(req, ".svg", charts) : NULL;
	struct zf_err err = {0};
	struct zf_buf svg;
	int rc;

	if (!p) {
		zf_procedures_free(charts);
		return 0;
	}
	zf_buf_init(&svg, SVG_LIMIT);
	if (zf_procedure_svg(p, &svg, &err))
		rc = zf_resp_error(req, &err);
	else
		rc = zf_resp_raw(req, 200, "image/svg+xml", svg.data, svg.len);
	zf_buf_free(&svg);
	zf_procedures_free(charts);
	return rc;
}

int route_api_procedure_index(struct zf_req *req)
{
	size_t n;
	json_t *list = procedure_list(req, api_item, &n);

	return zf_resp_json(req, 200, json_pack("{s:I,s:o}", "count", (json_int_t)n,
			    "procedures", list));
}

int route_api_procedure_show(struct zf_req *req)
{
	const struct zf_procedure *p = proc_arg(req, "", NULL);

	if (!p)
		return 0;
	/* a copy: the loaded definition is shared by every thread */
	return zf_resp_json(req, 200, json_deep_copy(zf_procedure_json(p)));
}
