/* Publication use cases of the publisher and the public: queue, review, publish with a log commitment to the exact bytes, end, expire, public reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/calendar.h"
#include "app/case_int.h"
#include "app/ledger.h"
#include "app/pub_int.h"
#include "app/publication.h"
#include "core/ngram.h"
#include "core/publish_rules.h"
#include "core/redact.h"
#include "core/role.h"
#include "store/case.h"
#include "store/evidence.h"
#include "store/history.h"
#include "store/publication.h"
#include "util/str.h"

#define MSG_NOMEM "内存不足"

static void to_pub(const struct zf_pub_rec *r, struct zf_publication *p, int staff)
{
	int live = !strcmp(r->state, "published");

	*p = (struct zf_publication){
		.id = r->id, .body_id = r->body_id, .case_id = staff ? r->case_id : 0,
		.doc_id = staff ? r->doc_id : 0, .body_name = r->body_name,
		.kind = !strcmp(r->kind, "inspection") ? ZF_PUB_INSPECTION : ZF_PUB_DECISION,
		.state = r->state, .title = r->title, .party_name = r->party_name,
		.doc_number = r->doc_number, .violation = r->violation, .decided_on = r->decided_on,
		.due_on = r->due_on, .period_end = r->period_end,
		.text = staff || live ? r->text : "", .salt = live ? r->salt : "",
		.published_at = r->published_at, .ended_at = r->ended_at,
		.end_reason = r->end_reason, .log_index = -1, .version = r->version,
		.history_id = r->history_id};
}

static int may_read(const struct zf_actor *actor, int64_t body_id)
{
	return zf_role_allows(actor->role, ZF_PERM_CASE_READ) &&
	       (zf_role_all_bodies(actor->role) || actor->body_id == body_id);
}

/* The leaf index of history row HID, -1 while pending. */
static int64_t leaf_of(struct zf_db *db, struct zf_arena *a, int64_t hid)
{
	const char *entry = NULL;
	int64_t idx = -1;

	if (hid && zf_store_evidence_log_entry(db, a, hid, &entry, &idx, NULL))
		idx = -1;
	return idx;
}

static int read_begin(struct zf_app *app, struct zf_db **db, struct zf_err *err)
{
	int rc = zf_dbpool_get(app->pool, db, 5000, err);
	if (!rc && (rc = zf_db_begin(*db, 0, err))) {
		zf_dbpool_put(app->pool, *db);
		*db = NULL;
	}
	return rc;
}

static void read_end(struct zf_app *app, struct zf_db *db)
{
	if (db) {
		zf_db_rollback(db);
		zf_dbpool_put(app->pool, db);
	}
}

/* Today on the application's clock. */
static struct zf_date today(struct zf_app *app)
{
	return zf_clock_today(&app->clock);
}

int zf_app_pub_queue(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		     const char *state, struct zf_publication **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_pub_rec *rows = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!zf_role_allows(actor->role, ZF_PERM_CASE_READ))
		return zf_err_set(err, ZF_EDENIED, "无权查看公示信息");
	if ((rc = read_begin(app, &db, err)) ||
	    (rc = zf_store_pub_list(db, a, zf_role_all_bodies(actor->role) ? 0 : actor->body_id,
				    state, &rows, n, err)))
		goto out;
	if (*n && !(*out = zf_arena_alloc(a, *n * sizeof(**out)))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	for (size_t i = 0; i < *n; i++)
		to_pub(&rows[i], &(*out)[i], 1);
out:
	read_end(app, db);
	return rc;
}

int zf_app_pub_get_extra(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int64_t id, struct zf_publication *out, struct zf_pub_extra *extra,
			 struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_pub_rec r;
	int rc;

	if ((rc = read_begin(app, &db, err)) || (rc = zf_store_pub_get(db, a, id, &r, err)))
		goto out;
	if (!may_read(actor, r.body_id)) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "公示信息不存在");
		goto out;
	}
	to_pub(&r, out, 1);
	out->log_index = leaf_of(db, a, r.history_id);
	if (extra) {
		struct zf_doc_rec d = {0};
		char t[11];
		zf_date_iso(today(app), t);
		*extra = (struct zf_pub_extra){.hidden = r.hidden, .withdraw_due = r.withdraw_due,
					       .withdraw_reason = r.withdraw_reason,
					       .doc_data_json = ""};
		if (r.doc_id && !zf_store_doc_get(db, a, r.case_id, r.doc_id, &d, NULL))
			extra->doc_data_json = d.data_json;
		extra->overdue = (!strcmp(r.state, "draft") && strcmp(r.due_on, t) < 0) ||
				 (*r.withdraw_due && strcmp(r.withdraw_due, t) < 0);
	}
out:
	read_end(app, db);
	return rc;
}

int zf_app_pub_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		   int64_t id, struct zf_publication *out, struct zf_err *err)
{
	return zf_app_pub_get_extra(app, actor, a, id, out, NULL, err);
}

/* 1 when ACTOR handled case CASE_ID on DB, 0 when not, or an error. */
static int handled(struct zf_db *db, struct zf_arena *a, const struct zf_actor *actor,
		   int64_t case_id, struct zf_err *err)
{
	struct zf_step_rec *steps = NULL;
	struct zf_case_officer_rec *offs = NULL;
	size_t ns = 0, no = 0;
	int rc;

	if ((rc = zf_store_step_list(db, a, case_id, &steps, &ns, err)) ||
	    (rc = zf_store_case_officer_list(db, a, case_id, &offs, &no, err)))
		return rc;
	for (size_t i = 0; i < ns; i++)
		if (steps[i].performed_by == actor->account_id)
			return 1;
	for (size_t i = 0; actor->officer_id && i < no; i++)
		if (offs[i].officer_id == actor->officer_id)
			return 1;
	return 0;
}

int zf_app_pub_handled(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
		       struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_db *db = NULL;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if (!(rc = read_begin(app, &db, err)))
		rc = handled(db, a, actor, case_id, err);
	read_end(app, db);
	zf_arena_free(a);
	return rc;
}

/* The searchable text of R: title, party, number, body, violation, text. */
static int index_pub(struct zf_tx *tx, struct zf_arena *a, const struct zf_pub_rec *r,
		     struct zf_err *err)
{
	const char **grams = NULL;
	size_t n = 0;
	char *all = zf_arena_printf(a, "%s\n%s\n%s\n%s\n%s\n%s", r->title, r->party_name,
				    r->doc_number, r->body_name ? r->body_name : "", r->violation,
				    r->text);

	if (!all || zf_ngram_index(a, all, &grams, &n))
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	return zf_store_pub_grams_set(tx->db, r->id, grams, n, err);
}

/* Reads publication ID in TX into *R and checks it belongs to the actor's
 * body, is in state STATE (MSG names what is allowed otherwise) and still at
 * VERSION (0 = any). */
static int load_in_state(struct zf_tx *tx, struct zf_arena *a, int64_t id, const char *state,
			 int64_t version, const char *msg, struct zf_pub_rec *r, struct zf_err *err)
{
	int rc = zf_store_pub_get(tx->db, a, id, r, err);
	if (rc)
		return rc;
	if (r->body_id != tx->actor->body_id)
		return zf_err_set(err, ZF_ENOTFOUND, "公示信息不存在");
	if (strcmp(r->state, state))
		return zf_err_set(err, ZF_ECONFLICT, "%s（当前状态：%s）", msg, r->state);
	if (version && version != r->version)
		return zf_err_set(err, ZF_ECONFLICT, "公示信息已被他人修改，请刷新后重试");
	return 0;
}

int zf_app_pub_publish(struct zf_app *app, const struct zf_actor *actor, int64_t id,
		       const char *text, int64_t version, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_tx tx;
	struct zf_pub_rec r;
	struct zf_doc_rec d = {0};
	struct zf_history h = {0};
	struct zf_redacted red = {0};
	json_t *settings = NULL;
	int64_t got = 0, hid = 0;
	char end_s[11], on_s[11];
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if (actor->role != ZF_ROLE_PUBLISHER) {
		zf_arena_free(a);
		return zf_err_set(err, ZF_EDENIED, "没有公开公示信息的权限：只有公示管理员可以公开");
	}
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto done;
	if ((rc = load_in_state(&tx, a, id, "draft", version, "只有待公开的草稿可以公开", &r, err)))
		goto out;
	if ((rc = handled(tx.db, a, actor, r.case_id, err)) < 0)
		goto out;
	if (rc == 1) {
		rc = zf_err_set(err, ZF_EDENIED,
				"没有公开本案公示信息的权限：公示审核人员不得为本案承办或参与办理人员，请由其他公示管理员公开");
		goto out;
	}
	if (text) {
		size_t len = strlen(text);
		if (!len || len > 200000 || !zf_str_utf8_ok(text, len, 1)) {
			rc = zf_err_field(err, "text", "公示文本不能为空，且须为有效文字");
			goto out;
		}
		r.text = text;
	}
	if ((rc = zf_redact_check(r.text, err)))
		goto out;
	if ((rc = zf_case_settings_read(tx.db, r.body_id, -1, &settings, &got, err)) ||
	    (rc = zf_store_doc_get(tx.db, a, r.case_id, r.doc_id, &d, err)) ||
	    (rc = zf_redact_document(d.data_json, 0, &red, err)))
		goto out;
	int months = r.kind[0] == 'i' ? (int)zf_case_setting_int(settings, "period_long_years") * 12
				      : zf_pub_period_months(settings, red.penalty_mask, red.fine,
							     red.org);
	if (!months)
		months = (int)zf_case_setting_int(settings, "period_short_months");
	struct zf_date on = today(app);
	zf_date_iso(on, on_s);
	zf_date_iso(zf_pub_period_end(on, months), end_s);
	h = (struct zf_history){.entity = "publication", .entity_id = id,
				.action = "publication_publish", .after_json = r.text};
	if ((rc = zf_app_log_history(&tx, &h, &hid, err)) ||
	    (rc = zf_store_history_get(tx.db, a, hid, &h, err)))
		goto out;
	r.state = "published";
	r.salt = h.salt;
	r.period_end = end_s;
	r.published_by = actor->account_id;
	r.published_at = tx.now;
	r.history_id = hid;
	char target[48];
	snprintf(target, sizeof(target), "publication:%lld", (long long)id);
	if ((rc = zf_store_pub_update(tx.db, &r, err)) || (rc = index_pub(&tx, a, &r, err)) ||
	    (rc = zf_tx_audit(&tx, "publication_publish", target, "ok", on_s, err)))
		goto out;
out:
	rc = zf_tx_end(&tx, rc, err);
done:
	zf_redacted_free(&red);
	json_decref(settings);
	zf_arena_free(a);
	return rc;
}

/* Ends R in TX as STATE with REASON: text and salt cleared, index removed, logged. */
static int end_one(struct zf_tx *tx, struct zf_pub_rec *r, const char *state, const char *action,
		   const char *reason, struct zf_err *err)
{
	char on_s[11];
	int rc;

	zf_date_iso(zf_clock_today(&tx->app->clock), on_s);
	r->state = state;
	r->text = "";
	r->salt = "";
	r->ended_at = tx->now;
	r->end_reason = reason;
	if ((rc = zf_store_pub_update(tx->db, r, err)) ||
	    (rc = zf_store_pub_grams_delete(tx->db, r->id, err)))
		return rc;
	return zf_pub_log_small(tx, action, r->id, r->case_id, "ended_on", on_s, reason, err);
}

int zf_app_pub_end(struct zf_app *app, const struct zf_actor *actor, int64_t id,
		   const char *why, const char *reason, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_tx tx;
	struct zf_pub_rec r;
	int withdraw = why && !strcmp(why, "withdrawn"), rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if (!withdraw && !(why && !strcmp(why, "removed"))) {
		zf_arena_free(a);
		return zf_err_field(err, "why", "请选择撤回或提前撤下");
	}
	if (actor->role != ZF_ROLE_PUBLISHER && actor->role != ZF_ROLE_LEADER) {
		zf_arena_free(a);
		return zf_err_set(err, ZF_EDENIED, "没有撤下公示信息的权限：只有公示管理员或负责人可以撤下");
	}
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto done;
	if ((rc = load_in_state(&tx, a, id, "published", 0, "只有公开中的信息可以撤下", &r, err)))
		goto out;
	if (!reason || zf_str_blank(reason))
		reason = withdraw && *r.withdraw_reason ? r.withdraw_reason : NULL;
	if (!reason || zf_str_chars(reason) > 500) {
		rc = zf_err_field(err, "reason", "请填写撤下理由（500字以内）");
		goto out;
	}
	rc = end_one(&tx, &r, why, withdraw ? "publication_withdraw" : "publication_remove", reason,
		     err);
	if (!rc)
		rc = zf_tx_audit(&tx, "publication_end", "publication", "ok", why, err);
out:
	rc = zf_tx_end(&tx, rc, err);
done:
	zf_arena_free(a);
	return rc;
}

int zf_app_pub_reject(struct zf_app *app, const struct zf_actor *actor, int64_t id,
		      const char *reason, int64_t version, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_tx tx;
	struct zf_pub_rec r;
	char on_s[11];
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if (actor->role != ZF_ROLE_PUBLISHER) {
		zf_arena_free(a);
		return zf_err_set(err, ZF_EDENIED, "没有决定不予公开的权限：只有公示管理员可以决定");
	}
	if (!reason || zf_str_blank(reason) || zf_str_chars(reason) > 500) {
		zf_arena_free(a);
		return zf_err_field(err, "reason", "请填写不予公开的理由（500字以内）");
	}
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto done;
	if ((rc = load_in_state(&tx, a, id, "draft", version,
				 "只有待公开的草稿可以决定不予公开", &r, err)))
		goto out;
	zf_date_iso(today(app), on_s);
	r.state = "rejected";
	r.text = "";
	r.ended_at = tx.now;
	r.end_reason = reason;
	char target[48];
	snprintf(target, sizeof(target), "publication:%lld", (long long)id);
	if ((rc = zf_store_pub_update(tx.db, &r, err)) ||
	    (rc = zf_pub_log_small(&tx, "publication_reject", r.id, r.case_id, "ended_on", on_s,
				   reason, err)) ||
	    (rc = zf_tx_audit(&tx, "publication_reject", target, "ok", on_s, err)))
		goto out;
out:
	rc = zf_tx_end(&tx, rc, err);
done:
	zf_arena_free(a);
	return rc;
}

int zf_app_pub_expire(struct zf_app *app, int64_t *n, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_actor cli;
	struct zf_tx tx;
	struct zf_pub_rec *rows = NULL;
	size_t nr = 0;
	char t[11];
	int rc;

	*n = 0;
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	zf_actor_cli(&cli);
	zf_date_iso(today(app), t);
	if ((rc = zf_tx_begin(&tx, app, &cli, err)))
		goto done;
	rc = zf_store_pub_due_to_expire(tx.db, a, t, &rows, &nr, err);
	for (size_t i = 0; !rc && i < nr; i++)
		if (!(rc = end_one(&tx, &rows[i], "expired", "publication_expire", "公开期限届满",
				   err)))
			(*n)++;
	rc = zf_tx_end(&tx, rc, err);
done:
	if (rc)
		*n = 0;
	zf_arena_free(a);
	return rc;
}

int zf_app_pub_public(struct zf_app *app, struct zf_arena *a, int64_t id,
		      struct zf_publication *out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_pub_rec r;
	int rc;

	if ((rc = read_begin(app, &db, err)) || (rc = zf_store_pub_get(db, a, id, &r, err)))
		goto out;
	if (!strcmp(r.state, "draft") || !strcmp(r.state, "rejected")) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "公示信息不存在");
		goto out;
	}
	to_pub(&r, out, 0);
	if (!strcmp(r.state, "published"))
		out->log_index = leaf_of(db, a, r.history_id);
out:
	read_end(app, db);
	return rc;
}
