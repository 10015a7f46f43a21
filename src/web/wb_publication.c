/* Workbench pages of the publisher (公示管理员): drafts due, withdrawals due, review and publication of a redacted text, rejection, withdrawal and early removal, correction requests and their answers. */
#include <stdio.h>
#include <string.h>

#include "app/calendar.h"
#include "app/publication.h"
#include "core/calendar.h"
#include "core/role.h"
#include "util/str.h"
#include "util/time.h"
#include "web/case_text.h"
#include "web/handlers.h"
#include "web/view.h"

#define SOON_DAYS 2

static const char *const state_labels[][2] = {
	{"draft", "待审核公开"}, {"published", "公开中"},   {"withdrawn", "已撤回"},
	{"expired", "已届满"},   {"removed", "已提前撤下"}, {"rejected", "不予公开"},
};

static const char *state_label(const char *state)
{
	for (size_t i = 0; i < sizeof(state_labels) / sizeof(state_labels[0]); i++)
		if (!strcmp(state_labels[i][0], state))
			return state_labels[i][1];
	return state;
}

/* Publishers, leaders and supervisors work here; anyone else is refused (403 answered). */
static int refused(struct zf_req *req)
{
	int role = req->actor.role;

	if (role == ZF_ROLE_PUBLISHER || role == ZF_ROLE_LEADER || role == ZF_ROLE_SUPERVISOR)
		return 0;
	zf_resp_error(req, &(struct zf_err){.code = ZF_EDENIED,
					    .msg = "没有查看公示工作的权限：只有公示管理员、负责人和监督人员可以查看"});
	return 1;
}

/* The deadline cell of LABEL due on DUE (YYYY-MM-DD) against today on CAL. */
static json_t *deadline(struct zf_req *req, const struct zf_calendar *cal, const char *label,
			const char *due)
{
	struct zf_date d, today = zf_clock_today(&req->app->clock);
	struct zf_err err = {0};
	int left = 0;

	if (!due || !*due || zf_date_parse(due, &d))
		return zf_case_text_deadline(label, due, 0, "error", 0, "无期限");
	if (!cal || zf_calendar_working_between(cal, today, d, &left, &err))
		return zf_case_text_deadline(label, due, 0, "error", 0, err.msg);
	return zf_case_text_deadline(label, due, 0,
				     left < 0 ? "overdue" : left <= SOON_DAYS ? "soon" : "ok", left,
				     "");
}

/* Publication P (with EXTRA when known) as JSON for the pages. */
static json_t *pub_json(struct zf_req *req, const struct zf_calendar *cal,
			const struct zf_publication *p, const struct zf_pub_extra *x)
{
	int draft = !strcmp(p->state, "draft"), live = !strcmp(p->state, "published");
	int wd = live && x && *x->withdraw_due;
	json_t *o = json_pack(
		"{s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:I}", "id",
		(json_int_t)p->id, "case_id", (json_int_t)p->case_id, "doc_id", (json_int_t)p->doc_id,
		"body", p->body_name ? p->body_name : "", "kind",
		p->kind == ZF_PUB_INSPECTION ? "行政检查结果" : "行政处罚决定", "state", p->state,
		"state_label", state_label(p->state), "title", p->title, "party", p->party_name,
		"doc_number", p->doc_number, "violation", p->violation, "decided_on", p->decided_on,
		"period_end", p->period_end, "draft", draft, "live", live, "withdraw_due", wd,
		"version", (json_int_t)p->version);
	json_object_set_new(o, "path", json_string(p->kind == ZF_PUB_INSPECTION ? "inspections"
										 : "decisions"));
	json_object_set_new(o, "end_reason", json_string(p->end_reason ? p->end_reason : ""));
	json_object_set_new(o, "published_at", zf_view_instant(p->published_at));
	json_object_set_new(o, "ended_at", zf_view_instant(p->ended_at));
	json_object_set_new(o, "log_index", p->log_index >= 0 ? json_integer(p->log_index)
							      : json_null());
	if (draft)
		json_object_set_new(o, "deadline", deadline(req, cal, "公开期限", p->due_on));
	else if (wd)
		json_object_set_new(o, "deadline", deadline(req, cal, "撤回期限", x->withdraw_due));
	if (x)
		json_object_set_new(o, "withdraw_reason", json_string(x->withdraw_reason));
	return o;
}

static json_t *correction_json(struct zf_req *req, const struct zf_calendar *cal,
			       const struct zf_correction *c)
{
	int open = !strcmp(c->state, "open");
	json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s}", "id", (json_int_t)c->id,
			      "publication_id", (json_int_t)c->publication_id, "tracking",
			      c->tracking_no, "pub_title", c->pub_title ? c->pub_title : "",
			      "name", c->name ? c->name : "", "contact", c->contact ? c->contact : "",
			      "content", c->content ? c->content : "", "due_on", c->due_on, "open",
			      open, "answer", c->answer ? c->answer : "");
	json_object_set_new(o, "filed", zf_view_instant(c->filed_at));
	json_object_set_new(o, "answered", zf_view_instant(c->answered_at));
	json_object_set_new(o, "state_label", json_string(open ? "待答复" : "已答复"));
	if (open)
		json_object_set_new(o, "deadline", deadline(req, cal, "答复期限", c->due_on));
	return o;
}

/* The working-day calendar (NULL when it cannot be read: deadlines say so). */
static struct zf_calendar *calendar(struct zf_req *req)
{
	struct zf_calendar *cal = NULL;
	struct zf_err err = {0};

	if (zf_app_calendar(req->app, &cal, &err))
		return NULL;
	return cal;
}

/* Counts rows of ARR whose deadline level is LEVEL. */
static json_int_t count_level(json_t *arr, const char *level)
{
	json_int_t n = 0;
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		const char *l = json_string_value(json_object_get(json_object_get(v, "deadline"),
								  "level"));
		n += l && !strcmp(l, level);
	}
	return n;
}

int route_wb_pub_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_publication *due = NULL, *live = NULL;
	struct zf_correction *cors = NULL;
	size_t nd = 0, nl = 0, nc = 0;
	json_t *drafts = json_array(), *withdrawals = json_array(), *published = json_array(),
	       *corrections = json_array();

	if (refused(req))
		goto refused;
	if (zf_app_pub_queue(req->app, &req->actor, req->arena, NULL, &due, &nd, &err) ||
	    zf_app_pub_queue(req->app, &req->actor, req->arena, "published", &live, &nl, &err) ||
	    zf_app_correction_list(req->app, &req->actor, req->arena, "open", &cors, &nc, &err))
		goto fail;
	struct zf_calendar *cal = calendar(req);
	for (size_t i = 0; i < nd; i++) {
		struct zf_publication p;
		struct zf_pub_extra x;
		if (zf_app_pub_get_extra(req->app, &req->actor, req->arena, due[i].id, &p, &x, &err)) {
			zf_calendar_free(cal);
			goto fail;
		}
		json_t *o = pub_json(req, cal, &p, &x);
		if (!strcmp(p.state, "draft"))
			json_array_append_new(drafts, o);
		else if (*x.withdraw_due)
			json_array_append_new(withdrawals, o);
		else
			json_decref(o);
	}
	for (size_t i = 0; i < nl && i < 200; i++)
		json_array_append_new(published, pub_json(req, cal, &live[i], NULL));
	for (size_t i = 0; i < nc; i++)
		json_array_append_new(corrections, correction_json(req, cal, &cors[i]));
	zf_calendar_free(cal);
	json_int_t overdue = count_level(drafts, "overdue") + count_level(withdrawals, "overdue") +
			     count_level(corrections, "overdue");
	json_int_t soon = count_level(drafts, "soon") + count_level(withdrawals, "soon") +
			  count_level(corrections, "soon");
	return zf_resp_html(
		req, 200, "wb_publications",
		json_pack("{s:s,s:o,s:o,s:o,s:o,s:I,s:I,s:b,s:b,s:b,s:b,s:b}", "title", "公示工作",
			  "drafts", drafts, "withdrawals", withdrawals, "published", published,
			  "corrections", corrections, "overdue", overdue, "soon", soon, "all_bodies",
			  zf_role_all_bodies(req->actor.role), "has_drafts",
			  json_array_size(drafts) > 0, "has_withdrawals",
			  json_array_size(withdrawals) > 0, "has_published",
			  json_array_size(published) > 0, "has_corrections",
			  json_array_size(corrections) > 0));
fail:
	zf_resp_error(req, &err);
refused:
	json_decref(drafts);
	json_decref(withdrawals);
	json_decref(published);
	json_decref(corrections);
	return 0;
}

/* The page of publication ID: STATUS, the text in the editor (TEXT NULL =
 * as stored), ERR when an action failed, DONE the notice of one that worked. */
static int show(struct zf_req *req, int64_t id, int status, const char *text,
		const struct zf_err *failed, const char *done)
{
	struct zf_publication p;
	struct zf_pub_extra x;
	struct zf_err err = {0};

	if (zf_app_pub_get_extra(req->app, &req->actor, req->arena, id, &p, &x, &err))
		return zf_resp_error(req, &err);
	struct zf_calendar *cal = calendar(req);
	json_t *o = pub_json(req, cal, &p, &x);
	zf_calendar_free(cal);
	int handled = zf_app_pub_handled(req->app, &req->actor, p.case_id, &err);
	int publisher = req->actor.role == ZF_ROLE_PUBLISHER && req->actor.body_id == p.body_id;
	int ender = (publisher || req->actor.role == ZF_ROLE_LEADER) &&
		    req->actor.body_id == p.body_id;
	json_t *hidden = json_array();
	const char *h = x.hidden ? x.hidden : "";
	while (*h) {
		const char *nl = strchr(h, '\n');
		size_t len = nl ? (size_t)(nl - h) : strlen(h);
		if (len)
			json_array_append_new(hidden, json_stringn(h, len));
		h += len + (nl != NULL);
	}
	json_t *ctx = json_pack("{s:s,s:o,s:s,s:o,s:b,s:b,s:b,s:b,s:b}", "title",
				zf_arena_printf(req->arena, "公示审核：%s", p.title), "p", o, "text",
				text ? text : p.text, "hidden", hidden, "handled", handled == 1,
				"can_publish", publisher && handled == 0 && !strcmp(p.state, "draft"),
				"can_reject", publisher && !strcmp(p.state, "draft"), "can_end",
				ender && !strcmp(p.state, "published"), "removed_default",
				!*x.withdraw_due);
	json_object_set_new(ctx, "error",
			    failed && failed->code ? json_string(failed->msg) : json_false());
	json_object_set_new(ctx, "done", done ? json_string(done) : json_false());
	return zf_resp_html(req, status, "wb_publication", ctx);
}

int route_wb_pub_show(struct zf_req *req)
{
	int64_t id;
	const char *done = zf_req_query(req, "done");

	if (refused(req) || zf_view_arg_id(req, 0, &id))
		return 0;
	return show(req, id, 200, NULL, NULL,
		    !done ? NULL
		    : !strcmp(done, "published") ? "已公开，记录日志已写入。"
		    : !strcmp(done, "rejected") ? "已决定不予公开。"
						: "已撤下，公示文本已删除。");
}

/* TEXT with CR LF (as browsers send a textarea) turned into LF, in the arena. */
static char *lf_only(struct zf_req *req, const char *text)
{
	char *out = zf_arena_strdup(req->arena, text), *w = out;

	for (const char *r = text; out && *r; r++)
		if (!(r[0] == '\r' && r[1] == '\n'))
			*w++ = *r;
	if (out)
		*w = '\0';
	return out;
}

static int64_t version_param(struct zf_req *req)
{
	int64_t v = 0;
	const char *s = zf_req_param(req, "version");

	if (!s || zf_str_to_i64(s, 1, INT64_MAX, &v))
		v = 0;
	return v;
}

/* Answers the outcome of an action on publication ID: a redirect with DONE,
 * the page again with the message for a refusal the form can fix, or the
 * error page. */
static int after(struct zf_req *req, int64_t id, int rc, const struct zf_err *err,
		 const char *text, const char *done)
{
	if (!rc)
		return zf_resp_redirect(req, zf_arena_printf(req->arena,
							     "/workbench/publications/%lld?done=%s",
							     (long long)id, done));
	if (err->code == ZF_EINVAL || err->code == ZF_ECONFLICT)
		return show(req, id, zf_http_status(err->code), text, err, NULL);
	return zf_resp_error(req, err);
}

int route_wb_pub_publish(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;
	const char *text = zf_req_param(req, "text");
	char *lf;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (!(lf = lf_only(req, text ? text : "")))
		return zf_resp_error(req, &(struct zf_err){.code = ZF_ENOMEM, .msg = "内存不足"});
	int rc = zf_app_pub_publish(req->app, &req->actor, id, lf, version_param(req), &err);
	return after(req, id, rc, &err, lf, "published");
}

int route_wb_pub_reject(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	int rc = zf_app_pub_reject(req->app, &req->actor, id, zf_req_param(req, "reason"),
				   version_param(req), &err);
	return after(req, id, rc, &err, NULL, "rejected");
}

int route_wb_pub_end(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	int rc = zf_app_pub_end(req->app, &req->actor, id, zf_req_param(req, "why"),
				zf_req_param(req, "reason"), &err);
	return after(req, id, rc, &err, NULL, "ended");
}

/* ---- correction requests ------------------------------------------------ */

int route_wb_correction_index(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_correction *rows = NULL;
	size_t n = 0;

	if (refused(req))
		return 0;
	if (zf_app_correction_list(req->app, &req->actor, req->arena, NULL, &rows, &n, &err))
		return zf_resp_error(req, &err);
	struct zf_calendar *cal = calendar(req);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, correction_json(req, cal, &rows[i]));
	zf_calendar_free(cal);
	return zf_resp_html(req, 200, "wb_corrections",
			    json_pack("{s:s,s:o,s:b,s:b}", "title", "纠错申请", "corrections", arr,
				      "has_rows", n > 0, "all_bodies",
				      zf_role_all_bodies(req->actor.role)));
}

/* The page of request ID with STATUS, ANSWER kept and FAILED's message. */
static int correction_page(struct zf_req *req, int64_t id, int status, const char *answer,
			   const struct zf_err *failed)
{
	struct zf_err err = {0};
	struct zf_correction *rows = NULL, *c = NULL;
	size_t n = 0;

	if (zf_app_correction_list(req->app, &req->actor, req->arena, NULL, &rows, &n, &err))
		return zf_resp_error(req, &err);
	for (size_t i = 0; i < n && !c; i++)
		if (rows[i].id == id)
			c = &rows[i];
	if (!c)
		return zf_resp_error(req, &(struct zf_err){.code = ZF_ENOTFOUND,
							   .msg = "纠错申请不存在"});
	struct zf_calendar *cal = calendar(req);
	json_t *o = correction_json(req, cal, c);
	zf_calendar_free(cal);
	int role = req->actor.role;
	json_t *ctx = json_pack("{s:s,s:o,s:b,s:s,s:b}", "title",
				zf_arena_printf(req->arena, "纠错申请 %s", c->tracking_no), "c", o,
				"can_answer",
				!strcmp(c->state, "open") && req->actor.body_id == c->body_id &&
					(role == ZF_ROLE_PUBLISHER || role == ZF_ROLE_LEADER),
				"answer_text", answer ? answer : "", "answered_now",
				zf_req_query(req, "answered") != NULL);
	json_object_set_new(ctx, "error",
			    failed && failed->code ? json_string(failed->msg) : json_false());
	return zf_resp_html(req, status, "wb_correction", ctx);
}

int route_wb_correction_show(struct zf_req *req)
{
	int64_t id;

	if (refused(req) || zf_view_arg_id(req, 0, &id))
		return 0;
	return correction_page(req, id, 200, NULL, NULL);
}

int route_wb_correction_answer(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;
	const char *answer = zf_req_param(req, "answer");

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (!zf_app_correction_answer(req->app, &req->actor, id, answer, &err))
		return zf_resp_redirect(req, zf_arena_printf(req->arena,
							     "/workbench/corrections/%lld?answered=1",
							     (long long)id));
	if (err.code == ZF_EINVAL || err.code == ZF_ECONFLICT)
		return correction_page(req, id, zf_http_status(err.code), answer, &err);
	return zf_resp_error(req, &err);
}
