/* Workbench pages of the security administrator: staff accounts and API tokens. */
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "app/auth.h"
#include "app/registry.h"
#include "core/role.h"
#include "util/crypto.h"
#include "util/str.h"
#include "web/handlers.h"
#include "web/view.h"

#define TOKEN_DAYS_MAX 3650

/* The fields a refused form gives back; passwords are never sent back. */
static const char *const account_fields[] = {"login", "role", "body_id", "officer_cert", NULL};
static const char *const token_fields[] = {"login", "days", NULL};

/* ---- small helpers ---- */

/* A trimmed copy of form parameter NAME in the request arena; "" when absent. */
static const char *param_trimmed(struct zf_req *req, const char *name)
{
	const char *v = zf_req_param(req, name);
	char *c = zf_arena_strdup(req->arena, v ? v : "");

	return c ? zf_str_trim(c) : "";
}

/* Adds a field error when the new password and its confirmation differ. */
static void check_confirm(struct zf_req *req, struct zf_err *err)
{
	const char *pw = zf_req_param(req, "password");
	const char *again = zf_req_param(req, "password_confirm");

	if (!pw || !again || strcmp(pw, again) != 0)
		zf_err_field(err, "password_confirm", "两次输入的密码不一致，请重新输入确认密码");
}

/* 303 to the account list, which then confirms DONE for account LOGIN (a
 * login the app accepted, so it is safe in a URL). */
static int account_done(struct zf_req *req, const char *done, const char *login)
{
	return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/accounts?done=%s&login=%s",
						     done, login));
}

/* ---- accounts ---- */

/* The confirmation shown on the list for query DONE about account LOGIN, or
 * NULL: only fixed texts about an account that exists, so a link cannot put
 * words on the page. */
static const char *done_notice(struct zf_req *req, const char *done, const char *login)
{
	if (!strcmp(done, "added"))
		return zf_arena_printf(req->arena, "已新增账号 %s。", login);
	if (!strcmp(done, "disabled"))
		return zf_arena_printf(req->arena, "已停用账号 %s，其登录会话已全部结束。", login);
	if (!strcmp(done, "enabled"))
		return zf_arena_printf(req->arena, "已启用账号 %s。", login);
	if (!strcmp(done, "password"))
		return zf_arena_printf(req->arena,
				       "已重置账号 %s 的密码，其登录会话已全部结束。请将新密码当面告知使用人。",
				       login);
	return NULL;
}

/* One row of the account list. The administrators' rows offer no actions:
 * those accounts are managed on the command line only (app/account.h). */
static json_t *account_row(struct zf_req *req, const struct zf_account_info *a)
{
	char created[20];

	zf_time_local(a->created_at, created);
	return json_pack("{s:s,s:s,s:s,s:s?,s:s?,s:b,s:b,s:b,s:b,s:s}", "login", a->login,
			 "role_label", zf_role_label(a->role), "body_name", a->body_name,
			 "officer_cert", a->officer_cert, "officer_name", a->officer_name,
			 "enabled", a->enabled, "self", a->id == req->actor.account_id,
			 "cli_only", zf_role_is_admin(a->role),
			 "no_totp", zf_role_is_admin(a->role) && !a->has_totp, "created", created);
}

/* The account list with STATUS. ERR (may be NULL) is a refused change; when
 * it is a refused password for account LOGIN, that row's form opens with the
 * messages next to its fields. */
static int accounts_page(struct zf_req *req, int status, const struct zf_err *err,
			 const char *login)
{
	struct zf_err e = {0};
	struct zf_account_info *a;
	size_t n;
	const char *done = zf_req_query(req, "done"), *who = zf_req_query(req, "login");
	const char *notice = NULL, *error = err ? err->msg : NULL;

	if (zf_app_user_list(req->app, &req->actor, req->arena, &a, &n, &e))
		return zf_resp_error(req, &e);
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *row = account_row(req, &a[i]);
		if (err && err->nfields && login && !strcmp(login, a[i].login)) {
			json_t *fe = json_object();
			for (int k = 0; k < err->nfields && k < ZF_ERR_FIELDS; k++)
				json_object_set_new(fe, err->fields[k].field, json_string(err->fields[k].msg));
			json_object_set_new(row, "pw_errors", fe);
			json_object_set_new(row, "pw_open", json_true());
			error = zf_arena_printf(req->arena, "账号 %s 的密码未重置：%s", a[i].login,
						err->msg);
		}
		if (!err && done && who && !strcmp(who, a[i].login))
			notice = done_notice(req, done, a[i].login);
		json_array_append_new(rows, row);
	}
	json_t *ctx = json_pack("{s:s,s:o,s:I}", "title", "账号管理", "accounts", rows,
				"count", (json_int_t)n);
	if (notice)
		json_object_set_new(ctx, "notice", json_string(notice));
	if (error && *error)
		json_object_set_new(ctx, "error", json_string(error));
	return zf_resp_html(req, status, "wb_accounts", ctx);
}

int route_wb_account_index(struct zf_req *req)
{
	return accounts_page(req, 200, NULL, NULL);
}

/* The staff roles a new account may get here as select options, the one
 * whose word is SELECTED marked: not the three administrators, whose
 * accounts are made on the command line only. */
static json_t *role_options(const char *selected)
{
	json_t *arr = json_array();

	for (int r = ZF_ROLE_NONE + 1; r < ZF_ROLE_COUNT; r++) {
		const char *word = zf_role_word(r);
		if (!word || zf_role_is_admin(r))
			continue;
		json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "word", word, "label",
						     zf_role_label(r), "selected",
						     selected && !strcmp(selected, word)));
	}
	return arr;
}

/* The bodies a new account may join as select options, BODY_ID marked. */
static json_t *account_body_options(struct zf_req *req, int64_t body_id)
{
	struct zf_err err = {0};
	struct zf_body *b;
	size_t n;
	json_t *arr = json_array();

	if (zf_app_body_list(req->app, &req->actor, req->arena, &b, &n, &err) == 0)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:I,s:s?,s:b}", "id", (json_int_t)b[i].id,
							     "name", b[i].name,
							     "selected", b[i].id == body_id));
	return arr;
}

/* The context of the new-account form. */
static json_t *account_form(struct zf_req *req, const char *role, int64_t body_id)
{
	return json_pack("{s:s,s:o,s:o,s:{}}", "title", "新增账号", "roles", role_options(role),
			 "bodies", account_body_options(req, body_id), "form");
}

int route_wb_account_new(struct zf_req *req)
{
	return zf_resp_html(req, 200, "wb_account_new", account_form(req, NULL, 0));
}

int route_wb_account_create(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_account_new in = {0};
	const char *role = zf_req_param(req, "role"), *body = zf_req_param(req, "body_id");
	int64_t id = 0;

	in.login = param_trimmed(req, "login");
	in.role = zf_role_parse(role);
	in.officer_cert = param_trimmed(req, "officer_cert");
	in.password = zf_req_param(req, "password");
	if (body && *body && zf_str_to_i64(body, 1, INT64_MAX, &in.body_id))
		zf_err_field(&err, "body", "请从列表中选择所属执法主体");
	check_confirm(req, &err);
	if (err.nfields)
		zf_app_audit(req->app, &req->actor, "user_add", "account", "invalid", err.msg);
	else
		/* No second-factor secret here: the web makes no administrators. */
		zf_app_user_add(req->app, &req->actor, &in, &id, NULL, &err);
	if (err.code == ZF_EINVAL || err.code == ZF_ECONFLICT) {
		json_t *ctx = account_form(req, role, in.body_id);
		zf_form_keep(req, ctx, &err, account_fields);
		return zf_resp_html(req, zf_http_status(err.code), "wb_account_new", ctx);
	}
	if (err.code)
		return zf_resp_error(req, &err);
	return account_done(req, "added", in.login);
}

/* Enables or disables the account named in the path. */
static int account_set_enabled(struct zf_req *req, int enabled)
{
	struct zf_err err = {0};
	const char *login = zf_req_arg(req, 0);

	if (zf_app_user_set_enabled(req->app, &req->actor, login, enabled, &err) == 0)
		return account_done(req, enabled ? "enabled" : "disabled", login);
	/* Refusing to lock oneself out is told on the list itself. */
	if (err.code == ZF_EDENIED)
		return accounts_page(req, 403, &err, NULL);
	return zf_resp_error(req, &err);
}

int route_wb_account_disable(struct zf_req *req)
{
	return account_set_enabled(req, 0);
}

int route_wb_account_enable(struct zf_req *req)
{
	return account_set_enabled(req, 1);
}

int route_wb_account_password(struct zf_req *req)
{
	struct zf_err err = {0};
	const char *login = zf_req_arg(req, 0);

	check_confirm(req, &err);
	if (err.nfields)
		zf_app_audit(req->app, &req->actor, "user_reset_password", "account", "invalid",
			     err.msg);
	else
		zf_app_user_reset_password(req->app, &req->actor, login, zf_req_param(req, "password"),
					   &err);
	if (err.code == ZF_EINVAL)
		return accounts_page(req, 422, &err, login);
	if (err.code)
		return zf_resp_error(req, &err);
	return account_done(req, "password", login);
}

/* ---- API tokens ---- */

/* One row of the token list at NOW. */
static json_t *token_row(const struct zf_token *t, int64_t now)
{
	char created[20], expires[20] = "长期有效", revoked[20] = "";
	const char *state = "valid", *label = "有效";

	zf_time_local(t->created_at, created);
	if (t->expires_at)
		zf_time_local(t->expires_at, expires);
	if (t->revoked_at) {
		zf_time_local(t->revoked_at, revoked);
		state = "revoked";
		label = "已吊销";
	} else if (t->expires_at && now >= t->expires_at) {
		state = "expired";
		label = "已过期";
	}
	return json_pack("{s:I,s:s?,s:s,s:s,s:s?,s:s,s:s}", "id", (json_int_t)t->id, "login",
			 t->login, "created", created, "expires", expires, "revoked",
			 t->revoked_at ? revoked : NULL, "state", state, "state_label", label);
}

/* The token page with STATUS: CTX (owned) brings the form's state or the
 * token just issued; the list, newest first, is added here. */
static int tokens_page(struct zf_req *req, int status, json_t *ctx)
{
	struct zf_err err = {0};
	struct zf_token *t;
	size_t n;
	int64_t now = zf_clock_now(&req->app->clock), revoked = 0;
	const char *q = zf_req_query(req, "revoked");

	if (zf_app_token_list(req->app, &req->actor, req->arena, &t, &n, &err)) {
		json_decref(ctx);
		return zf_resp_error(req, &err);
	}
	if (q)
		zf_str_to_i64(q, 1, INT64_MAX, &revoked);
	json_t *rows = json_array();
	for (size_t i = n; i-- > 0;) {
		json_array_append_new(rows, token_row(&t[i], now));
		if (revoked && t[i].id == revoked && t[i].revoked_at)
			json_object_set_new(ctx, "notice",
					    json_sprintf("已吊销令牌 %lld，使用它的请求将被拒绝。",
							 (long long)revoked));
	}
	json_object_set_new(ctx, "title", json_string("API 令牌"));
	json_object_set_new(ctx, "tokens", rows);
	json_object_set_new(ctx, "count", json_integer((json_int_t)n));
	if (!json_object_get(ctx, "form"))
		json_object_set_new(ctx, "form", json_pack("{s:i}", "days",
							   req->app->settings.token_days_default));
	return zf_resp_html(req, status, "wb_account_tokens", ctx);
}

int route_wb_token_index(struct zf_req *req)
{
	return tokens_page(req, 200, json_object());
}

int route_wb_token_create(struct zf_req *req)
{
	struct zf_err err = {0};
	char token[65] = "";
	const char *login = param_trimmed(req, "login"), *days = param_trimmed(req, "days");
	int64_t id = 0, ndays = 0;
	int status;

	if (!*login)
		zf_err_field(&err, "login", "请输入要签发令牌的账号登录名");
	if (*days && zf_str_to_i64(days, 1, TOKEN_DAYS_MAX, &ndays))
		zf_err_field(&err, "days", "有效天数须为 1 至 %d 的整数", TOKEN_DAYS_MAX);
	if (err.nfields)
		zf_app_audit(req->app, &req->actor, "token_add", "token", "invalid", err.msg);
	else
		zf_app_token_add(req->app, &req->actor, login, (int)ndays, token, &id, &err);
	status = zf_http_status(err.code);
	if (err.code == ZF_EDENIED || err.code == ZF_ENOTFOUND) {
		/* About the account named (unknown, or an administrator): said next
		 * to the login field, with the status the refusal has. */
		struct zf_err about = {0};
		zf_err_field(&about, "login", "%s", err.msg);
		err = about;
	}
	if (err.code == ZF_EINVAL) {
		json_t *ctx = json_object();
		zf_form_keep(req, ctx, &err, token_fields);
		return tokens_page(req, status, ctx);
	}
	if (err.code)
		return zf_resp_error(req, &err);
	json_t *ctx = json_pack("{s:{s:s,s:s,s:I}}", "issued", "token", token, "login", login, "id",
				(json_int_t)id);
	zf_wipe(token, sizeof(token));
	return tokens_page(req, 200, ctx);
}

int route_wb_token_revoke(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_token_revoke(req->app, &req->actor, id, &err))
		return zf_resp_error(req, &err);
	return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/tokens?revoked=%lld",
						     (long long)id));
}
