/* Correction requests (异议/纠错) against published items: filing by anyone, the publisher's list and recorded answers; logged without personal data. */
#include <string.h>

#include "app/calendar.h"
#include "app/case_int.h"
#include "app/pub_int.h"
#include "app/publication.h"
#include "core/publish_rules.h"
#include "core/role.h"
#include "store/publication.h"
#include "util/str.h"

#define MSG_NOMEM "内存不足"

int zf_app_correction_file(struct zf_app *app, const struct zf_actor *actor, int64_t pub_id,
			   const char *name, const char *contact, const char *content,
			   char tracking[32], char due[11], struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_calendar *cal = NULL;
	struct zf_tx tx;
	struct zf_pub_rec p;
	json_t *settings = NULL;
	int64_t got = 0, id = 0;
	struct zf_date on = zf_clock_today(&app->clock), d;
	size_t cl = content ? zf_str_chars(content) : 0;
	int rc;

	tracking[0] = '\0';
	due[0] = '\0';
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if (!name || zf_str_blank(name) || zf_str_chars(name) > 50)
		rc = zf_err_field(err, "name", "请填写姓名或名称（50字以内）");
	else if (!contact || zf_str_blank(contact) || zf_str_chars(contact) > 100)
		rc = zf_err_field(err, "contact", "请填写联系电话或电子邮箱（100字以内）");
	else if (cl < 10 || cl > 2000)
		rc = zf_err_field(err, "content", "纠错内容须为10至2000字");
	else
		rc = 0;
	if (rc || (rc = zf_tx_begin(&tx, app, actor, err)))
		goto done;
	if ((rc = zf_store_pub_get(tx.db, a, pub_id, &p, err)))
		goto out;
	if (strcmp(p.state, "published")) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "公示信息不存在或已撤下");
		goto out;
	}
	if ((rc = zf_case_settings_read(tx.db, p.body_id, -1, &settings, &got, err)) ||
	    (rc = zf_app_calendar_read(tx.db, &cal, err)) ||
	    (rc = zf_pub_due(cal, on, (int)zf_case_setting_int(settings, "correction_answer_days"),
			     &d, err)))
		goto out;
	zf_date_iso(d, due);
	struct zf_correction_rec r = {.publication_id = pub_id, .name = name, .contact = contact,
				      .content = content, .filed_at = tx.now, .due_on = due};
	if ((rc = zf_store_correction_insert(tx.db, &r, on.y, &id, tracking, err)) ||
	    (rc = zf_pub_log_small(&tx, "correction_file", pub_id, p.case_id, "due_on", due,
				   tracking, err)) ||
	    (rc = zf_tx_audit(&tx, "correction_file", tracking, "ok", "", err)))
		goto out;
out:
	rc = zf_tx_end(&tx, rc, err);
done:
	if (rc) {
		tracking[0] = '\0';
		due[0] = '\0';
	}
	zf_calendar_free(cal);
	json_decref(settings);
	zf_arena_free(a);
	return rc;
}

static int may_handle(const struct zf_actor *actor)
{
	return actor->role == ZF_ROLE_PUBLISHER || actor->role == ZF_ROLE_LEADER ||
	       actor->role == ZF_ROLE_SUPERVISOR;
}

int zf_app_correction_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			   const char *state, struct zf_correction **out, size_t *n,
			   struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_correction_rec *rows = NULL;
	char t[11];
	int rc;

	*out = NULL;
	*n = 0;
	if (!may_handle(actor))
		return zf_err_set(err, ZF_EDENIED, "无权查看纠错申请");
	zf_date_iso(zf_clock_today(&app->clock), t);
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	if ((rc = zf_store_correction_list(db, a, zf_role_all_bodies(actor->role) ? 0 : actor->body_id,
					   state, &rows, n, err)))
		goto out;
	if (*n && !(*out = zf_arena_alloc(a, *n * sizeof(**out)))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	for (size_t i = 0; i < *n; i++) {
		const struct zf_correction_rec *r = &rows[i];
		(*out)[i] = (struct zf_correction){
			.id = r->id, .publication_id = r->publication_id, .body_id = r->body_id,
			.tracking_no = r->tracking_no, .pub_title = r->pub_title, .name = r->name,
			.contact = r->contact, .content = r->content, .filed_at = r->filed_at,
			.due_on = r->due_on, .state = r->state, .answer = r->answer,
			.answered_at = r->answered_at,
			.overdue = !strcmp(r->state, "open") && strcmp(r->due_on, t) < 0};
	}
out:
	zf_dbpool_put(app->pool, db);
	return rc;
}

int zf_app_correction_answer(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			     const char *answer, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_tx tx;
	struct zf_correction_rec r;
	char on[11];
	size_t len = answer ? zf_str_chars(answer) : 0;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if (actor->role != ZF_ROLE_PUBLISHER && actor->role != ZF_ROLE_LEADER)
		rc = zf_err_set(err, ZF_EDENIED, "没有答复纠错申请的权限：只有公示管理员或负责人可以答复");
	else if (len < 1 || len > 2000 || zf_str_blank(answer))
		rc = zf_err_field(err, "answer", "请填写答复（2000字以内）");
	else
		rc = zf_tx_begin(&tx, app, actor, err);
	if (rc)
		goto done;
	zf_date_iso(zf_clock_today(&app->clock), on);
	if ((rc = zf_store_correction_get(tx.db, a, id, &r, err)))
		goto out;
	if (r.body_id != actor->body_id) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "纠错申请不存在");
		goto out;
	}
	if ((rc = zf_store_correction_answer(tx.db, id, answer, actor->account_id, tx.now, err)) ||
	    (rc = zf_pub_log_small(&tx, "correction_answer", r.publication_id, 0, "answered_on", on,
				   r.tracking_no, err)) ||
	    (rc = zf_tx_audit(&tx, "correction_answer", r.tracking_no, "ok", "", err)))
		goto out;
out:
	rc = zf_tx_end(&tx, rc, err);
done:
	zf_arena_free(a);
	return rc;
}
