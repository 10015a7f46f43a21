/* A body's violation types (违法行为) with their discretion bands: listed, read, and saved as a new version, validated and logged. */
#include <stdio.h>
#include <stdlib.h>

#include "app/case_int.h"
#include "app/ledger.h"
#include "core/role.h"
#include "store/history.h"
#include "store/violation.h"

/* The canonical JSON of violation V (what its history row commits to). */
static char *violation_canonical(const struct zf_violation *v)
{
	json_t *bands = json_array(), *o;
	char *out = NULL;

	for (size_t i = 0; bands && i < v->nbands; i++) {
		const struct zf_benchmark *b = &v->bands[i];
		if (json_array_append_new(bands, json_pack("{s:i,s:s,s:I,s:I,s:s}", "level", b->level,
							   "circumstance", b->circumstance, "fine_min",
							   (json_int_t)b->fine_min, "fine_max",
							   (json_int_t)b->fine_max, "other", b->other))) {
			json_decref(bands);
			return NULL;
		}
	}
	o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:b,s:i,s:b,s:o}", "id",
		      (json_int_t)v->id, "body_id", (json_int_t)v->body_id, "code", v->code, "name",
		      v->name, "matter_code", v->matter_code, "domain", v->domain, "legal_basis",
		      v->legal_basis, "penalty_basis", v->penalty_basis, "fine_min",
		      (json_int_t)v->fine_min, "fine_max", (json_int_t)v->fine_max, "safety",
		      v->safety, "version", v->version, "active", v->active, "bands", bands);
	if (o)
		out = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return out;
}

/* 0 when ACTOR may read the violation types of BODY_ID. */
static int may_read(const struct zf_actor *actor, int64_t body_id, struct zf_err *err)
{
	if (!actor->cli && zf_role_allows(actor->role, ZF_PERM_CASE_SETTINGS) &&
	    actor->body_id == body_id)
		return 0;
	return zf_case_may_read(actor, body_id, err);
}

int zf_app_violation_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			  int64_t body_id, struct zf_violation **out, size_t *n,
			  struct zf_err *err)
{
	struct zf_db *db = NULL;
	int64_t body = body_id ? body_id : actor->body_id;
	int rc = may_read(actor, body, err);

	*out = NULL;
	*n = 0;
	if (rc)
		return zf_case_refuse(app, actor, "violation_list", "violation", rc, err);
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_violation_list(db, a, body, out, n, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}

int zf_app_violation_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int64_t id, struct zf_violation *out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc = zf_dbpool_get(app->pool, &db, 5000, err);

	if (rc)
		return rc;
	rc = zf_store_violation_get(db, a, id, out, err);
	zf_dbpool_put(app->pool, db);
	if (!rc && (rc = may_read(actor, out->body_id, err))) {
		char target[48];
		snprintf(target, sizeof(target), "violation:%lld", (long long)id);
		return zf_case_refuse(app, actor, "violation_read", target, rc, err);
	}
	return rc;
}

int zf_app_violation_save(struct zf_app *app, const struct zf_actor *actor,
			  const struct zf_violation *in, int64_t *id, struct zf_err *err)
{
	struct zf_violation v = *in;
	struct zf_arena *a = NULL;
	struct zf_tx tx;
	char target[48], *after = NULL;
	const char *action = in->id ? "violation_update" : "violation_create";
	int64_t vid = in->id;
	int rc = 0;

	v.body_id = in->body_id ? in->body_id : actor->body_id;
	snprintf(target, sizeof(target), "violation:%lld", (long long)in->id);
	if (!actor->cli && (!zf_role_allows(actor->role, ZF_PERM_CASE_SETTINGS) ||
			    v.body_id != actor->body_id))
		return zf_case_refuse(app, actor, action, target,
				      zf_err_set(err, ZF_EDENIED, "只能维护本执法主体的违法行为和裁量基准"),
				      err);
	if (!v.body_id)
		return zf_case_refuse(app, actor, action, target,
				      zf_err_field(err, "body_id", "请选择执法主体"), err);
	if ((rc = zf_violation_validate(&v, err)))
		return zf_case_refuse(app, actor, action, target, rc, err);
	if (!(a = zf_arena_new(0)))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if ((rc = zf_tx_begin(&tx, app, actor, err))) {
		zf_arena_free(a);
		return rc;
	}
	if (in->id) {
		struct zf_violation cur;
		if (!(rc = zf_store_violation_get(tx.db, a, in->id, &cur, err)) &&
		    cur.body_id != v.body_id)
			rc = zf_err_set(err, ZF_EDENIED, "只能维护本执法主体的违法行为和裁量基准");
		if (!rc)
			rc = zf_store_violation_update(tx.db, &v, tx.now, err);
	} else {
		rc = zf_store_violation_insert(tx.db, &v, tx.now, &vid, err);
	}
	if (!rc && !(rc = zf_store_violation_get(tx.db, a, vid, &v, err))) {
		struct zf_history h = {.entity = "violation", .entity_id = vid, .action = action};
		snprintf(target, sizeof(target), "violation:%lld", (long long)vid);
		if (!(h.after_json = after = violation_canonical(&v)))
			rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		else if (!(rc = zf_app_log_history(&tx, &h, NULL, err)))
			rc = zf_tx_audit(&tx, action, target, "ok", "", err);
	}
	rc = zf_tx_end(&tx, rc, err);
	free(after);
	zf_arena_free(a);
	if (rc)
		return zf_case_refuse(app, actor, action, target, rc, err);
	if (id)
		*id = vid;
	return 0;
}
