/* A body's case settings: read (defaults merged under the current version) and stored as a new version, validated and logged. */
#include <stdio.h>
#include <stdlib.h>

#include "app/case_int.h"
#include "app/ledger.h"
#include "core/role.h"
#include "store/case_setting.h"
#include "store/history.h"

/* The body ACTOR means by BODY_ID (0 = its own) into *OUT, when PERM allows it there. */
static int settings_body(const struct zf_actor *actor, int64_t body_id, int perm, int64_t *out,
			 struct zf_err *err)
{
	*out = body_id ? body_id : actor->body_id;
	if (actor->cli)
		return 0;
	if (!zf_role_allows(actor->role, perm) &&
	    !(perm == ZF_PERM_CASE_READ && zf_role_allows(actor->role, ZF_PERM_CASE_SETTINGS)))
		return zf_err_set(err, ZF_EDENIED, "无权%s案件参数设置",
				  perm == ZF_PERM_CASE_READ ? "查看" : "修改");
	if (*out != actor->body_id && !(perm == ZF_PERM_CASE_READ && zf_role_all_bodies(actor->role)))
		return zf_err_set(err, ZF_EDENIED, "只能%s本执法主体的案件参数设置",
				  perm == ZF_PERM_CASE_READ ? "查看" : "修改");
	return 0;
}

int zf_app_case_settings(struct zf_app *app, const struct zf_actor *actor, int64_t body_id,
			 json_t **out, int64_t *version, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int64_t body;
	int rc = settings_body(actor, body_id, ZF_PERM_CASE_READ, &body, err);

	*out = NULL;
	if (rc)
		return zf_case_refuse(app, actor, "case_settings_read", "case_setting", rc, err);
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_case_settings_read(db, body, -1, out, version, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}

int zf_app_case_settings_set(struct zf_app *app, const struct zf_actor *actor, int64_t body_id,
			     const json_t *s, int64_t *version, struct zf_err *err)
{
	json_t *merged = zf_case_settings_defaults(), *after = NULL;
	char *text = NULL, *after_text = NULL, target[48];
	struct zf_tx tx;
	int64_t body = 0, v = 0;
	int rc = settings_body(actor, body_id, ZF_PERM_CASE_SETTINGS, &body, err);

	snprintf(target, sizeof(target), "body:%lld", (long long)body);
	if (rc)
		goto refuse;
	if (!json_is_object(s)) {
		rc = zf_err_field(err, "settings", "参数设置须为对象");
		goto refuse;
	}
	if ((rc = zf_case_settings_validate(s, err)))
		goto refuse;
	if (!merged || json_object_update(merged, (json_t *)s) ||
	    !(text = json_dumps(merged, JSON_COMPACT | JSON_SORT_KEYS))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto out;
	}
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto out;
	if (!(rc = zf_store_case_setting_add(tx.db, body, text, tx.now, actor->account_id, &v,
					     err))) {
		after = json_pack("{s:I,s:I,s:O}", "body_id", (json_int_t)body, "version",
				  (json_int_t)v, "settings", merged);
		after_text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		struct zf_history h = {.entity = "case_setting", .entity_id = body,
				       .action = "case_setting_set", .after_json = after_text};
		if (!after_text)
			rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		else if (!(rc = zf_app_log_history(&tx, &h, NULL, err)))
			rc = zf_tx_audit(&tx, "case_setting_set", target, "ok", "", err);
	}
	rc = zf_tx_end(&tx, rc, err);
	if (!rc && version)
		*version = v;
	if (rc)
		goto refuse;
	goto out;
refuse:
	zf_case_refuse(app, actor, "case_setting_set", target, rc, err);
out:
	json_decref(merged);
	json_decref(after);
	free(text);
	free(after_text);
	return rc;
}
