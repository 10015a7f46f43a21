/* JSON API of legal review: a case's reviews, submission, the actions on a review (assign, checklist, conclude, disagree, adviser), the queue and the disagreements. */
#include <stdint.h>
#include <string.h>

#include "app/review_flow.h"
#include "web/handlers.h"
#include "web/view.h"
#include "web/wb_review.h"

/* The body as a JSON object, or NULL with an error answered. */
static json_t *body_object(struct zf_req *req)
{
	struct zf_err err = {0};
	json_t *j = zf_req_json(req);

	if (!j)
		return NULL;
	if (json_is_object(j))
		return j;
	json_decref(j);
	zf_err_set(&err, ZF_EINVAL, "请求体应为 JSON 对象");
	zf_resp_error(req, &err);
	return NULL;
}

static json_t *reviews_json(struct zf_req *req, const struct zf_review_rec *r, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < n; i++)
		json_array_append_new(arr, zf_wb_review_json(req, &r[i]));
	return arr;
}

int route_api_review_case(struct zf_req *req)
{
	struct zf_err err = {0};
	json_t *panel;
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (!(panel = zf_wb_review_panel(req, id))) {
		struct zf_review_status st;
		zf_app_review_status(req->app, &req->actor, id, req->arena, &st, &err);
		if (!err.code)
			zf_err_set(&err, ZF_ERROR, "内存不足");
		return zf_resp_error(req, &err);
	}
	return zf_resp_json(req, 200, panel);
}

int route_api_review_submit(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id, rid = 0;
	json_t *j;

	if (zf_view_arg_id(req, 0, &id) || !(j = body_object(req)))
		return 0;
	zf_app_review_submit(req->app, &req->actor, id, json_object_get(j, "package"), &rid, &err);
	json_decref(j);
	if (err.code)
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 201, json_pack("{s:I}", "review_id", (json_int_t)rid));
}

int route_api_review_action(struct zf_req *req)
{
	struct zf_err err = {0};
	const char *what = zf_req_arg(req, 1);
	int64_t id, out = 0;
	json_t *j;

	if (zf_view_arg_id(req, 0, &id) || !(j = body_object(req)))
		return 0;
	if (!what)
		what = "";
	if (!strcmp(what, "assign"))
		zf_app_review_assign(req->app, &req->actor, id,
				     json_integer_value(json_object_get(j, "reviewer_id")), &err);
	else if (!strcmp(what, "checklist"))
		zf_app_review_checklist(req->app, &req->actor, id, json_object_get(j, "answers"), &err);
	else if (!strcmp(what, "conclude"))
		zf_app_review_conclude(req->app, &req->actor, id, j, &err);
	else if (!strcmp(what, "disagree"))
		zf_app_review_disagree(req->app, &req->actor, id,
				       json_string_value(json_object_get(j, "reasons")), &out, &err);
	else if (!strcmp(what, "advisers"))
		zf_app_review_adviser_ask(req->app, &req->actor, id, j, &out, &err);
	else if (!strcmp(what, "adviser_opinion"))
		zf_app_review_adviser_answer(req->app, &req->actor,
					     json_integer_value(json_object_get(j, "adviser_id")),
					     json_string_value(json_object_get(j, "opinion")), &err);
	else if (!strcmp(what, "discussion")) {
		int64_t case_id = 0;
		if (!zf_app_review_case_of(req->app, &req->actor, id, &case_id, &err))
			zf_app_review_discuss(req->app, &req->actor, case_id, j, &out, &err);
	}
	else
		zf_err_set(&err, ZF_ENOTFOUND, "没有这个操作");
	json_decref(j);
	if (err.code)
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, json_pack("{s:b,s:I}", "ok", 1, "id", (json_int_t)out));
}

int route_api_review_queue(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_review_rec *r = NULL;
	size_t n = 0;

	if (zf_app_review_queue(req->app, &req->actor, req->arena, &r, &n, &err))
		return zf_resp_error(req, &err);
	return zf_resp_json(req, 200, json_pack("{s:o}", "reviews", reviews_json(req, r, n)));
}

int route_api_review_disagreements(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_review_disagreement *d = NULL;
	size_t n = 0;

	if (zf_app_review_disagreements(req->app, &req->actor, req->arena, &d, &n, &err))
		return zf_resp_error(req, &err);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:s}", "id",
						     (json_int_t)d[i].id, "review_id",
						     (json_int_t)d[i].review_id, "case_id",
						     (json_int_t)d[i].case_id, "body",
						     d[i].body_name ? d[i].body_name : "", "raised_as",
						     d[i].raised_as, "reasons", d[i].reasons, "state",
						     d[i].state, "resolution", d[i].resolution));
	return zf_resp_json(req, 200, json_pack("{s:o}", "disagreements", arr));
}
