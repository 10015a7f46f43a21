/* The workbench home and the audit trail page. */
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/case.h"
#include "app/registry.h"
#include "core/role.h"
#include "util/str.h"
#include "web/handlers.h"
#include "web/view.h"

/* The case cards of the home page: the actor's open cases, and the body's
 * deadlines overdue or due within 2 working days. */
static json_t *case_cards(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_case_filter f = {.mine = 1, .state = ZF_CASE_OPEN, .limit = 200};
	struct zf_case *c;
	struct zf_deadline_row *r;
	size_t n = 0, nd = 0, overdue = 0;
	if (zf_app_case_list(req->app, &req->actor, req->arena, &f, &c, &n, &err))
		n = 0;
	if (zf_app_case_deadlines(req->app, &req->actor, req->arena, 0, 2, &r, &nd, &err))
		nd = 0;
	for (size_t i = 0; i < nd; i++)
		if (r[i].d.level && !strcmp(r[i].d.level, "overdue"))
			overdue++;
	return json_pack("{s:I,s:b,s:I,s:I}", "mine", (json_int_t)n, "mine_more", n == 200,
			 "overdue", (json_int_t)overdue, "soon", (json_int_t)(nd - overdue));
}

int route_workbench(struct zf_req *req)
{
	struct zf_err err = {0};
	json_t *ctx = json_pack("{s:s,s:s,s:s}", "title", "工作台", "role_label",
				zf_role_label(req->actor.role), "login", req->actor.login);
	if (zf_role_allows(req->actor.role, ZF_PERM_REGISTRY_READ)) {
		struct zf_officer *o;
		size_t n, expiring = 0, invalid = 0;
		struct zf_date today = zf_view_today(req);
		if (zf_app_officer_list(req->app, &req->actor, req->arena, 0, &o, &n, &err) == 0) {
			for (size_t i = 0; i < n; i++) {
				if (zf_cert_verdict(&o[i], today) != ZF_VERDICT_VALID)
					invalid++;
				else if (zf_cert_expiring(&o[i], today, ZF_EXPIRING_DAYS))
					expiring++;
			}
			json_object_set_new(ctx, "registry", json_pack("{s:I,s:I,s:I}", "officers", (json_int_t)n,
					    "invalid", (json_int_t)invalid, "expiring", (json_int_t)expiring));
		}
	}
	if (zf_role_allows(req->actor.role, ZF_PERM_CASE_READ))
		json_object_set_new(ctx, "cases", case_cards(req));
	json_t *training = zf_wb_training_warning(req);
	if (training)
		json_object_set_new(ctx, "training", training);
	return zf_resp_html(req, 200, "workbench", ctx);
}

/* Chinese names of audit actions and outcomes; unknown words are shown as they are. */
static const char *audit_label(const char *w)
{
	static const char *const t[][2] = {
		{"login", "登录"}, {"login_failed", "登录失败"}, {"logout", "退出"},
		{"password_change", "修改本人密码"}, {"audit_read", "查看审计记录"},
		{"http.denied", "越权访问被拒绝"}, {"user_add", "新增账号"}, {"user_disable", "停用账号"},
		{"user_enable", "启用账号"}, {"user_reset_password", "重置密码"}, {"user_list", "查看账号"},
		{"token_add", "签发令牌"}, {"token_revoke", "吊销令牌"}, {"token_list", "查看令牌"},
		{"body_create", "新增执法主体"}, {"body_update", "修改执法主体信息"},
		{"body_suspend", "暂停执法主体"}, {"body_reinstate", "恢复执法主体"},
		{"officer_create", "新增执法人员"}, {"officer_update", "修改执法人员信息"},
		{"officer_state", "变更执法证状态"},
		{"ok", "成功"}, {"denied", "拒绝"}, {"invalid", "输入有误"}, {"conflict", "冲突"},
		{"not_found", "对象不存在"}, {"throttled", "过于频繁"}, {"error", "出错"},
	};
	for (size_t i = 0; w && i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i][0], w))
			return t[i][1];
	return w ? w : "";
}

int route_wb_audit(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_audit *r;
	size_t n;
	int64_t before = 0;
	const char *q = zf_req_query(req, "before");
	if (q && *q && zf_str_to_i64(q, 1, INT64_MAX, &before)) {
		zf_err_field(&err, "before", "分页参数无效");
		return zf_resp_error(req, &err);
	}
	if (zf_app_audit_list(req->app, &req->actor, req->arena, before, 100, &r, &n, &err))
		return zf_resp_error(req, &err);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char when[20];
		zf_time_local(r[i].at, when);
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b}",
				      "id", (json_int_t)r[i].id, "at", when, "login", r[i].actor_login,
				      "addr", r[i].addr, "action", audit_label(r[i].action), "target", r[i].target,
				      "outcome", audit_label(r[i].outcome), "detail", r[i].detail,
				      "ok", !strcmp(r[i].outcome, "ok")));
	}
	json_t *ctx = json_pack("{s:s,s:o}", "title", "审计记录", "records", arr);
	if (n == 100)
		json_object_set_new(ctx, "next", json_integer(r[n - 1].id));
	return zf_resp_html(req, 200, "audit", ctx);
}
