/* Workbench page of the working-day calendar: the years in force for any staff, loading a year file for the system administrator. */
#include <string.h>

#include "app/calendar.h"
#include "core/role.h"
#include "util/str.h"
#include "web/handlers.h"

static const char *const calendar_fields[] = {"json", NULL};

/* The page with STATUS; ERR (may be NULL) is a refused load. */
static int calendar_page(struct zf_req *req, int status, const struct zf_err *err)
{
	struct zf_err e = {0};
	struct zf_calendar_year *y = NULL;
	size_t n = 0;
	const char *done = zf_req_query(req, "done");
	int64_t year = 0;

	if (zf_app_calendar_years(req->app, &req->actor, req->arena, &y, &n, &e))
		return zf_resp_error(req, &e);
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++) {
		int official = y[i].status == ZF_CAL_OFFICIAL;
		json_array_append_new(rows, json_pack("{s:i,s:s,s:s,s:s,s:s,s:i,s:i}", "year", y[i].year,
						      "status_label", official ? "正式" : "暂定",
						      "status_class", official ? "valid" : "suspended",
						      "source", y[i].source, "origin", y[i].origin,
						      "days_off", y[i].days_off,
						      "makeup_days", y[i].makeup_days));
	}
	json_t *ctx = json_pack("{s:s,s:o,s:b,s:{}}", "title", "工作日历", "years", rows, "can_load",
				zf_role_allows(req->actor.role, ZF_PERM_SETTINGS), "form");
	/* Only a fixed text about a number: a link cannot put words on the page. */
	if (!err && done && !zf_str_to_i64(done, 2000, 2999, &year))
		json_object_set_new(ctx, "notice",
				    json_string(zf_arena_printf(req->arena,
								"已载入%lld年工作日历，相关期限已按其重新计算。",
								(long long)year)));
	if (err)
		zf_form_keep(req, ctx, err, calendar_fields);
	return zf_resp_html(req, status, "wb_calendar", ctx);
}

int route_wb_calendar(struct zf_req *req)
{
	return calendar_page(req, 200, NULL);
}

int route_wb_calendar_load(struct zf_req *req)
{
	struct zf_err err = {0};
	const char *json = zf_req_param(req, "json");
	int year = 0;

	if (!json || zf_str_blank(json)) {
		zf_err_field(&err, "json", "请粘贴年历文件的内容（JSON）");
		return calendar_page(req, zf_http_status(err.code), &err);
	}
	if (!zf_app_calendar_load(req->app, &req->actor, json, strlen(json), &year, &err))
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/calendar?done=%d",
							     year));
	if (err.code != ZF_EINVAL && err.code != ZF_ECONFLICT)
		return zf_resp_error(req, &err);
	/* The file's problem is shown beside the text area that holds it. */
	char msg[sizeof(err.msg)];
	int status = zf_http_status(err.code);
	zf_strlcpy(msg, err.msg, sizeof(msg));
	zf_err_field(&err, "json", "%s", msg);
	return calendar_page(req, status, &err);
}
