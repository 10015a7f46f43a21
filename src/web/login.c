/* Signing in and out of the workbench. */
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "web/handlers.h"

/* Only local paths are accepted as the place to return to after login. */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 512)
		return "/workbench";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\')
			return "/workbench";
	return next;
}

static int login_page(struct zf_req *req, int status, const char *error, const char *login)
{
	json_t *ctx = json_pack("{s:s,s:s,s:s}", "title", "工作人员登录", "next",
				safe_next(zf_req_param(req, "next")), "login", login ? login : "");
	if (error)
		json_object_set_new(ctx, "error", json_string(error));
	if (zf_req_query(req, "changed"))
		json_object_set_new(ctx, "notice", json_string("密码已修改，请用新密码登录。"));
	return zf_resp_html(req, status, "login", ctx);
}

int route_login_form(struct zf_req *req)
{
	if (req->signed_in)
		return zf_resp_redirect(req, "/workbench");
	return login_page(req, 200, NULL, NULL);
}

int route_login(struct zf_req *req)
{
	struct zf_err err = {0};
	struct zf_login out;
	const char *login = zf_req_param(req, "login"), *password = zf_req_param(req, "password");
	const char *totp = zf_req_param(req, "totp");

	if (!login || !*login || !password || !*password)
		return login_page(req, 422, "请输入登录名和密码", login);
	int rc = zf_app_login(req->app, login, password, totp, req->addr, &out, &err);
	if (rc == ZF_ETHROTTLE) {
		char s[16];
		snprintf(s, sizeof(s), "%d", err.retry_after > 0 ? err.retry_after : 60);
		zf_resp_header(req, "Retry-After", s);
		return login_page(req, 429, err.msg, login);
	}
	if (rc)
		return login_page(req, rc == ZF_EAUTH ? 401 : zf_http_status(rc), err.msg, login);
	/* A new session at every login: the one the browser had ends. */
	const char *old = zf_req_cookie(req, "zf_session");
	if (old && req->signed_in)
		zf_app_logout(req->app, old, &req->actor, &err);
	zf_resp_session_cookie(req, out.token, -1); /* a browser-session cookie: no Max-Age */
	memset(&out.token, 0, sizeof(out.token));
	return zf_resp_redirect(req, safe_next(zf_req_param(req, "next")));
}

int route_logout(struct zf_req *req)
{
	struct zf_err err = {0};
	zf_app_logout(req->app, zf_req_cookie(req, "zf_session"), &req->actor, &err);
	zf_resp_session_cookie(req, "", 0);
	return zf_resp_redirect(req, "/");
}
