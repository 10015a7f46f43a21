/* Changing one's own password, for every signed-in account. */
#include <string.h>

#include "app/account.h"
#include "web/fields.h"
#include "web/handlers.h"

static const struct zf_field fields[] = {
	{"current_password", "当前密码", ZF_FIELD_PASSWORD, 1, 128, NULL, 0},
	{"password", "新密码", ZF_FIELD_PASSWORD, 1, 128, "至少 8 个字符", 0},
	{"password_confirm", "再次输入新密码", ZF_FIELD_PASSWORD, 1, 128, NULL, 0},
	{NULL, NULL, 0, 0, 0, NULL, 0},
};

static int page(struct zf_req *req, int status, const struct zf_err *err)
{
	json_t *ctx = json_pack("{s:s,s:s,s:s,s:s}", "title", "修改密码", "action", "/workbench/password",
				"back", "/workbench", "back_label", "工作台");
	if (err) {
		zf_form_keep(req, ctx, err, NULL);
		if (err->nfields)
			json_object_set_new(ctx, "error", json_string("密码未修改，请按字段旁的提示修改后重新提交"));
	}
	json_object_set_new(ctx, "fields", zf_fields(fields, NULL, json_object_get(ctx, "errors"), NULL));
	return zf_resp_html(req, status, "record_form", ctx);
}

int route_password_form(struct zf_req *req)
{
	return page(req, 200, NULL);
}

int route_password_change(struct zf_req *req)
{
	struct zf_err err = {0};
	const char *pw = zf_req_param(req, "password");
	const char *again = zf_req_param(req, "password_confirm");
	if (pw && *pw && (!again || strcmp(pw, again)))
		zf_err_field(&err, "password_confirm", "两次输入的新密码不一致");
	else
		zf_app_password_change(req->app, &req->actor, zf_req_param(req, "current_password"), pw,
				       &err);
	if (err.code)
		return err.code == ZF_EINVAL ? page(req, 422, &err) : zf_resp_error(req, &err);
	/* Every session of the account has ended: sign in with the new password. */
	zf_resp_session_cookie(req, "", 0);
	return zf_resp_redirect(req, "/login?changed=1");
}
