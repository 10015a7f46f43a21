/* The lists published before enforcement (事前公开): drafting, the two approvals, going live, rejection, and the reads of the portal and the workbench. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/case.h"
#include "app/case_int.h"
#include "app/ledger.h"
#include "app/public_list.h"
#include "app/tx.h"
#include "core/fieldcheck.h"
#include "core/role.h"
#include "store/history.h"

#define NOMEM ZF_CASE_MSG_NOMEM

/* 1 when ACTOR works for the body BODY and has one of the drafting roles. */
static int may_draft(const struct zf_actor *actor, int64_t body)
{
	return actor->body_id == body &&
	       (actor->role == ZF_ROLE_REVIEWER || actor->role == ZF_ROLE_LEADER);
}

/* Writes the history row of step ACTION on row R (with the state AFTER) and its log entry. */
static int step_log(struct zf_tx *tx, const struct zf_public_list_rec *r, const char *action,
		    const char *state, int64_t version, const char *extra_key,
		    const char *extra, struct zf_err *err)
{
	json_t *after = json_pack("{s:I,s:I,s:s,s:s,s:I}", "id", (json_int_t)r->id, "body_id",
				  (json_int_t)r->body_id, "kind", r->kind, "state", state,
				  "version", (json_int_t)version);
	char *text = NULL;
	int rc;

	if (after && extra_key)
		json_object_set_new(after, extra_key, json_string(extra ? extra : ""));
	text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(after);
	if (!text)
		return zf_err_set(err, ZF_ENOMEM, NOMEM);
	struct zf_history h = {.entity = "public_list", .entity_id = r->id, .action = action,
			       .after_json = text};
	rc = zf_app_log_history(tx, &h, NULL, err);
	free(text);
	return rc;
}

static void target_of(char *out, size_t n, int64_t id)
{
	snprintf(out, n, "public_list:%lld", (long long)id);
}

int zf_app_public_list_draft(struct zf_app *app, const struct zf_actor *actor, const char *kind,
			     const json_t *list, const char *note, int64_t *id,
			     struct zf_err *err)
{
	const struct zf_public_list_kind *k = zf_public_list_kind(kind);
	struct zf_fieldcheck ck = {err, 0};
	char target[48], *text = NULL;
	int64_t nid = 0;
	struct zf_tx tx;
	int rc = 0;

	snprintf(target, sizeof(target), "body:%lld", (long long)actor->body_id);
	if (!may_draft(actor, actor->body_id))
		rc = zf_err_set(err, ZF_EDENIED, "没有起草公示清单的权限：只有本执法主体的法制审核人员或负责人可以起草");
	else if (!k)
		rc = zf_err_field(err, "kind", "清单种类不存在");
	else if (zf_fieldcheck_text(&ck, "note", "调整说明", note, 500, 1, 0) == ZF_FIELD_BAD)
		rc = ZF_EINVAL;
	else
		rc = zf_public_list_check(list, kind, zf_app_procedures(app), err);
	if (rc)
		return zf_case_refuse(app, actor, "public_list_draft", target, rc, err);
	if (!(text = json_dumps(list, JSON_COMPACT | JSON_SORT_KEYS)))
		return zf_err_set(err, ZF_ENOMEM, NOMEM);
	if ((rc = zf_tx_begin(&tx, app, actor, err))) {
		free(text);
		return rc;
	}
	struct zf_public_list_rec r = {.body_id = actor->body_id, .kind = k->word, .json = text,
				       .note = note ? note : "", .drafted_by = actor->account_id,
				       .drafted_at = tx.now};
	if (!(rc = zf_store_public_list_add(tx.db, &r, &nid, err))) {
		r.id = nid;
		rc = step_log(&tx, &r, "public_list_draft", "draft", 0, "list", text, err);
	}
	target_of(target, sizeof(target), nid);
	if (!rc)
		rc = zf_tx_audit(&tx, "public_list_draft", target, "ok", k->word, err);
	free(text);
	if ((rc = zf_tx_end(&tx, rc, err)))
		return zf_case_refuse(app, actor, "public_list_draft", target, rc, err);
	if (id)
		*id = nid;
	return 0;
}

/* Reads row ID on TX's connection into *R (strings in A). */
static int row_in_tx(struct zf_tx *tx, struct zf_arena *a, int64_t id,
		     struct zf_public_list_rec *r, struct zf_err *err)
{
	return zf_store_public_list_get(tx->db, a, id, r, err);
}

/* R goes live in TX: the version, the row before superseded, both logged. */
static int go_live(struct zf_tx *tx, struct zf_public_list_rec *r, struct zf_err *err)
{
	int64_t version = 0, prev = 0;
	int rc = zf_store_public_list_go_live(tx->db, r->id, tx->now, &version, &prev, err);

	if (!rc && prev) {
		struct zf_public_list_rec p = *r;
		p.id = prev;
		rc = step_log(tx, &p, "public_list_supersede", "superseded", version - 1,
			      "superseded_by", NULL, err);
	}
	if (!rc)
		rc = step_log(tx, r, "public_list_live", "live", version, NULL, NULL, err);
	return rc;
}

/* The step shared by approve / justice / reject: reads the row in a
 * transaction, lets CHECK refuse, then runs DO. */
struct step {
	const char *action;
	int (*check)(const struct zf_actor *, const struct zf_public_list_rec *, struct zf_err *);
	int (*run)(struct zf_tx *, struct zf_public_list_rec *, const char *, int *,
		   struct zf_err *);
	const char *reason;
	int live;
};

static int run_step(struct zf_app *app, const struct zf_actor *actor, int64_t id,
		    struct step *s, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_public_list_rec r;
	char target[48];
	struct zf_tx tx;
	int rc;

	target_of(target, sizeof(target), id);
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, NOMEM);
	if ((rc = zf_tx_begin(&tx, app, actor, err))) {
		zf_arena_free(a);
		return rc;
	}
	rc = row_in_tx(&tx, a, id, &r, err);
	if (!rc)
		rc = s->check(actor, &r, err);
	if (!rc)
		rc = s->run(&tx, &r, s->reason, &s->live, err);
	if (!rc)
		rc = zf_tx_audit(&tx, s->action, target, "ok", r.kind, err);
	rc = zf_tx_end(&tx, rc, err);
	zf_arena_free(a);
	return rc ? zf_case_refuse(app, actor, s->action, target, rc, err) : 0;
}

static int check_approve(const struct zf_actor *actor, const struct zf_public_list_rec *r,
			 struct zf_err *err)
{
	if (actor->role != ZF_ROLE_LEADER || actor->body_id != r->body_id)
		return zf_err_set(err, ZF_EDENIED, "没有审批公示清单的权限：只有本执法主体的负责人可以审批");
	if (actor->account_id == r->drafted_by)
		return zf_err_set(err, ZF_EDENIED, "没有审批该清单的权限：起草人不能审批自己起草的清单，请由其他负责人审批");
	if (strcmp(r->state, "draft"))
		return zf_err_set(err, ZF_ECONFLICT, "该清单版本不是待审批的草稿");
	return 0;
}

static int run_approve(struct zf_tx *tx, struct zf_public_list_rec *r, const char *reason,
		       int *live, struct zf_err *err)
{
	const struct zf_public_list_kind *k = zf_public_list_kind(r->kind);
	int rc = zf_store_public_list_approve(tx->db, r->id, tx->actor->account_id, tx->now, err);

	(void)reason;
	if (!rc)
		rc = step_log(tx, r, "public_list_approve", "approved", 0, NULL, NULL, err);
	if (!rc && k && !k->justice) {
		rc = go_live(tx, r, err);
		*live = !rc;
	}
	return rc;
}

int zf_app_public_list_approve(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			       int *live, struct zf_err *err)
{
	struct step s = {"public_list_approve", check_approve, run_approve, NULL, 0};
	int rc = run_step(app, actor, id, &s, err);

	if (!rc && live)
		*live = s.live;
	return rc;
}

static int check_justice(const struct zf_actor *actor, const struct zf_public_list_rec *r,
			 struct zf_err *err)
{
	const struct zf_public_list_kind *k = zf_public_list_kind(r->kind);

	if (actor->role != ZF_ROLE_SUPERVISOR)
		return zf_err_set(err, ZF_EDENIED, "没有审核行政执法事项清单的权限：只有县司法局的监督人员可以审核");
	if (!k || !k->justice)
		return zf_err_set(err, ZF_ECONFLICT, "%s无需司法局审核", k ? k->label : "该清单");
	if (strcmp(r->state, "approved"))
		return zf_err_set(err, ZF_ECONFLICT, "该清单尚未经执法主体负责人审批或已处理");
	return 0;
}

static int run_justice(struct zf_tx *tx, struct zf_public_list_rec *r, const char *reason,
		       int *live, struct zf_err *err)
{
	int rc = zf_store_public_list_justice(tx->db, r->id, tx->actor->account_id, tx->now, err);

	(void)reason;
	if (!rc)
		rc = step_log(tx, r, "public_list_justice", "approved", 0, NULL, NULL, err);
	if (!rc) {
		rc = go_live(tx, r, err);
		*live = !rc;
	}
	return rc;
}

int zf_app_public_list_justice(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			       struct zf_err *err)
{
	struct step s = {"public_list_justice", check_justice, run_justice, NULL, 0};
	return run_step(app, actor, id, &s, err);
}

static int check_reject(const struct zf_actor *actor, const struct zf_public_list_rec *r,
			struct zf_err *err)
{
	if (!strcmp(r->state, "draft")) {
		if (actor->role != ZF_ROLE_LEADER || actor->body_id != r->body_id)
			return zf_err_set(err, ZF_EDENIED, "没有退回清单草稿的权限：只有本执法主体的负责人可以退回");
		return 0;
	}
	if (!strcmp(r->state, "approved")) {
		if (actor->role != ZF_ROLE_SUPERVISOR)
			return zf_err_set(err, ZF_EDENIED, "没有退回该清单的权限：只有县司法局的监督人员可以退回待审核的清单");
		return 0;
	}
	return zf_err_set(err, ZF_ECONFLICT, "该清单版本已不在待审批状态");
}

static int run_reject(struct zf_tx *tx, struct zf_public_list_rec *r, const char *reason,
		      int *live, struct zf_err *err)
{
	int rc = zf_store_public_list_reject(tx->db, r->id, r->state, tx->actor->account_id,
					     tx->now, reason, err);

	(void)live;
	return rc ? rc : step_log(tx, r, "public_list_reject", "rejected", 0, "reason", reason, err);
}

int zf_app_public_list_reject(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			      const char *reason, struct zf_err *err)
{
	struct zf_fieldcheck ck = {err, 0};
	struct step s = {"public_list_reject", check_reject, run_reject, reason, 0};

	if (zf_fieldcheck_text(&ck, "reason", "退回理由", reason, 500, 1, 1) != ZF_FIELD_OK)
		return zf_case_refuse(app, actor, "public_list_reject", "public_list", ZF_EINVAL,
				      err);
	return run_step(app, actor, id, &s, err);
}

/* 1 when ACTOR sees the unpublished rows of BODY. */
static int staff_of(const struct zf_actor *actor, int64_t body)
{
	return actor->cli || actor->role == ZF_ROLE_SUPERVISOR ||
	       (actor->role != ZF_ROLE_NONE && actor->body_id == body &&
		zf_role_allows(actor->role, ZF_PERM_WORKBENCH));
}

int zf_app_public_list_get(struct zf_app *app, const struct zf_actor *actor,
			   struct zf_arena *a, int64_t id, struct zf_public_list_rec *out,
			   struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc;

	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_public_list_get(db, a, id, out, err);
	zf_dbpool_put(app->pool, db);
	if (!rc && strcmp(out->state, "live") && strcmp(out->state, "superseded") &&
	    !staff_of(actor, out->body_id))
		rc = zf_err_set(err, ZF_ENOTFOUND, "清单版本不存在");
	return rc;
}

int zf_app_public_list_live(struct zf_app *app, struct zf_arena *a, int64_t body_id,
			    const char *kind, struct zf_public_list_rec *out,
			    struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc;

	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_public_list_live(db, a, body_id, kind, out, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}

int zf_app_public_list_rows(struct zf_app *app, const struct zf_actor *actor,
			    struct zf_arena *a, int64_t body_id, const char *kind, int all,
			    struct zf_public_list_rec **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (all && !(body_id ? staff_of(actor, body_id)
			     : actor->cli || actor->role == ZF_ROLE_SUPERVISOR))
		return zf_err_set(err, ZF_EDENIED, "没有查看未公布的清单版本的权限");
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_public_list_rows(db, a, body_id, kind, !all, out, n, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}

int zf_app_public_list_queue(struct zf_app *app, const struct zf_actor *actor,
			     struct zf_arena *a, struct zf_public_list_rec **out, size_t *n,
			     struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!actor->cli && actor->role != ZF_ROLE_SUPERVISOR)
		return zf_err_set(err, ZF_EDENIED, "没有审核行政执法事项清单的权限：只有县司法局的监督人员可以审核");
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_public_list_queue(db, a, "items", out, n, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}

int zf_app_public_list_benchmarks(struct zf_app *app, const struct zf_actor *actor,
				  json_t **out, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_violation *v = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, NOMEM);
	rc = zf_app_violation_list(app, actor, a, actor->body_id, &v, &n, err);
	if (!rc && !(*out = zf_public_list_benchmarks(v, n)))
		rc = zf_err_set(err, ZF_ENOMEM, NOMEM);
	zf_arena_free(a);
	return rc;
}
