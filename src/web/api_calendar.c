/* The calendar API: the due date of a period on the working-day calendar in force. */
#include <string.h>

#include "app/calendar.h"
#include "util/str.h"
#include "web/handlers.h"

int route_api_calendar_due(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_calendar *cal = NULL;
	struct zf_date from = {0, 0, 0};
	struct zf_due due;
	const char *f = zf_req_query(req, "from"), *wd = zf_req_query(req, "working_days"),
		   *days = zf_req_query(req, "days");
	int64_t n = 0;
	char iso[11];

	if (!f || zf_date_parse(f, &from))
		zf_err_field(&err, "from", "起算日期应为 YYYY-MM-DD 格式的真实日期");
	if (!wd == !days)
		zf_err_field(&err, wd ? "days" : "working_days",
			     "请给出 working_days（工作日）或 days（日）中的一项");
	else if (wd && zf_str_to_i64(wd, 1, 100000, &n))
		zf_err_field(&err, "working_days", "工作日天数应为 1 至 100000 的整数");
	else if (days && zf_str_to_i64(days, 0, 400000, &n))
		zf_err_field(&err, "days", "天数应为 0 至 400000 的整数");
	if (err.code)
		return zf_resp_error(req, &err);
	int rc = zf_app_calendar(req->app, &cal, &err);
	if (!rc)
		rc = wd ? zf_calendar_add_working(cal, from, (int)n, &due, &err) :
			  zf_calendar_add_days(cal, from, (int)n, &due, &err);
	zf_calendar_free(cal);
	if (rc)
		return zf_resp_error(req, &err);
	zf_date_iso(due.date, iso);
	return zf_resp_json(req, 200, json_pack("{s:s,s:b}", "due", iso, "provisional",
						due.provisional));
}
