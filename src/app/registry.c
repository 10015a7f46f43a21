/* Use cases of the registry of enforcement bodies and officers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/auth.h"
#include "app/ledger.h"
#include "app/registry.h"
#include "app/tx.h"
#include "core/role.h"
#include "store/audit.h"
#include "store/history.h"
#include "store/registry.h"
#include "store/schema.h"
#include "util/str.h"

/* The registrar keeps the registry of every body: certificates are issued
 * and managed by the justice administration (司法行政部门), whose registry
 * keeper maintains all bodies of the jurisdiction. Reads of non-public
 * fields need ZF_PERM_REGISTRY_READ. */

static int may(const struct zf_actor *actor, int perm)
{
	return actor->cli || zf_role_allows(actor->role, perm);
}

static int sees_all(const struct zf_actor *actor)
{
	return may(actor, ZF_PERM_REGISTRY_READ);
}

/* A nullable column's value (state dates and reasons). */
static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A text column stored NOT NULL DEFAULT '': absent and empty are the same
 * value, so the history never shows a change from "" to null. */
static json_t *jtext(const char *s)
{
	return json_string(s ? s : "");
}

char *zf_app_body_canonical(const struct zf_body *b)
{
	json_t *o = json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:o,s:o}",
			      "id", (json_int_t)b->id, "name", jtext(b->name), "uscc", jtext(b->uscc),
			      "legal_basis", jtext(b->legal_basis), "duties", jtext(b->duties),
			      "powers", jtext(b->powers), "address", jtext(b->address),
			      "phone", jtext(b->phone), "supervision", jtext(b->supervision),
			      "remedy", jtext(b->remedy), "state", zf_body_state_word(b->state),
			      "state_date", jstr(b->state_date), "state_reason", jstr(b->state_reason));
	char *s = o ? json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(o);
	return s;
}

char *zf_app_officer_canonical(const struct zf_officer *o)
{
	json_t *j = json_pack("{s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:o,s:o,s:b,s:o}",
			      "id", (json_int_t)o->id, "body_id", (json_int_t)o->body_id,
			      "name", jtext(o->name), "cert_no", jtext(o->cert_no),
			      "issuer", jtext(o->issuer), "domains", jtext(o->domains),
			      "valid_from", jtext(o->valid_from), "valid_to", jtext(o->valid_to),
			      "state", zf_cert_state_word(o->state), "state_date", jstr(o->state_date),
			      "state_reason", jstr(o->state_reason), "legal_qual", o->legal_qual,
			      "review_since", jstr(o->review_since));
	char *s = j ? json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(j);
	return s;
}

/* The canonical JSON of record ID of ENTITY ("body" or "officer") as the
 * transaction now holds it, into *OUT (malloc'd). */
static int stored_json(struct zf_tx *tx, const char *entity, int64_t id, char **out,
		       struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_body b;
	struct zf_officer o;
	int rc;

	*out = NULL;
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (strcmp(entity, "body") == 0) {
		if (!(rc = zf_store_body_get(tx->db, a, id, &b, err)))
			*out = zf_app_body_canonical(&b);
	} else if (!(rc = zf_store_officer_get(tx->db, a, id, &o, err))) {
		*out = zf_app_officer_canonical(&o);
	}
	zf_arena_free(a);
	if (!rc && !*out)
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
	return rc;
}

/* Records the change (history, its record-log entry, audit) inside the open
 * transaction. The after state is read back from the database, so that the
 * history and the log commit to exactly what the row holds. BEFORE is freed. */
static int record_change(struct zf_tx *tx, const char *entity, int64_t id, const char *action,
			 char *before, struct zf_err *err)
{
	char target[64], *after = NULL;
	int rc;

	snprintf(target, sizeof(target), "%s:%lld", entity, (long long)id);
	if (!(rc = stored_json(tx, entity, id, &after, err))) {
		struct zf_history h = {
			.entity = entity, .entity_id = id, .action = action,
			.before_json = before, .after_json = after,
		};
		if (!(rc = zf_app_log_history(tx, &h, NULL, err)))
			rc = zf_tx_audit(tx, action, target, "ok", "", err);
	}
	free(before);
	free(after);
	return rc;
}

/* 1 when the caller passed field errors found while reading the input (a
 * form or JSON of the wrong shape); they refuse the request like the
 * validator's own. */
static int input_failed(const struct zf_err *err)
{
	return err && err->nfields > 0;
}

static int refuse(struct zf_app *app, const struct zf_actor *actor, const char *action,
		  const char *target, int rc, struct zf_err *err)
{
	const char *outcome = rc == ZF_EDENIED ? "denied" : rc == ZF_EINVAL ? "invalid" :
			      rc == ZF_ECONFLICT ? "conflict" : rc == ZF_ENOTFOUND ? "not_found" : "error";
	zf_app_audit(app, actor, action, target, outcome, err ? err->msg : "");
	return rc;
}

int zf_app_body_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		     struct zf_body **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc = zf_dbpool_get(app->pool, &db, 5000, err);
	if (!rc)
		rc = zf_store_body_list(db, a, sees_all(actor), out, n, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}

int zf_app_body_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		    int64_t id, struct zf_body *out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc = zf_dbpool_get(app->pool, &db, 5000, err);
	if (!rc)
		rc = zf_store_body_get(db, a, id, out, err);
	zf_dbpool_put(app->pool, db);
	if (!rc && out->state != ZF_BODY_ACTIVE && !sees_all(actor))
		rc = zf_err_set(err, ZF_ENOTFOUND, "未找到该执法主体");
	else if (rc == ZF_ENOTFOUND)
		zf_err_set(err, rc, "未找到该执法主体");
	return rc;
}

static int check_write(struct zf_app *app, const struct zf_actor *actor, const char *action,
		       const char *target, struct zf_err *err)
{
	if (may(actor, ZF_PERM_REGISTRY_WRITE))
		return 0;
	zf_err_set(err, ZF_EDENIED, "无权修改执法主体和人员信息");
	return refuse(app, actor, action, target, ZF_EDENIED, err);
}

int64_t zf_app_registry_office(struct zf_db *db)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_body *b = NULL;
	char *v = NULL;
	size_t n = 0;
	int64_t id = 0;
	if (a && zf_store_meta_get(db, a, "registry_body", &v, NULL) == 0 && v)
		zf_str_to_i64(v, 1, INT64_MAX, &id);
	else if (a && zf_store_body_list(db, a, 1, &b, &n, NULL) == 0 && n)
		id = b[0].id;
	zf_arena_free(a);
	return id;
}

/* 0 when the actor may change the registry of body BODY_ID (0: add a body or
 * suspend one, which only the registry office does). Registrars of the
 * registry office (typically the justice bureau, which issues certificates)
 * keep every body; a registrar of another body keeps its own body's
 * information and officers. */
static int check_scope(struct zf_tx *tx, int64_t body_id, struct zf_err *err)
{
	const struct zf_actor *actor = tx->actor;
	if (actor->cli || actor->body_id == zf_app_registry_office(tx->db) ||
	    (body_id && actor->body_id == body_id))
		return 0;
	return zf_err_set(err, ZF_EDENIED, body_id ? "只能维护本执法主体的信息和执法人员" :
			  "只有负责执法主体登记的机关可以新增、暂停或恢复执法主体");
}

/* 0 when body ID exists; a field error on "body_id" otherwise. */
static int body_exists(struct zf_tx *tx, int64_t id, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_body b;
	int rc = a ? zf_store_body_get(tx->db, a, id, &b, err) : zf_err_set(err, ZF_ENOMEM, "内存不足");
	zf_arena_free(a);
	if (rc == ZF_ENOTFOUND) {
		err->msg[0] = '\0';
		rc = zf_err_field(err, "body_id", "所选执法主体不存在，请重新选择");
	}
	return rc;
}

int zf_app_body_create(struct zf_app *app, const struct zf_actor *actor,
		       const struct zf_body *in, int64_t *id, struct zf_err *err)
{
	struct zf_tx tx;
	struct zf_body b = *in;
	int rc;

	if ((rc = check_write(app, actor, "body_create", "body", err)))
		return rc;
	b.state = ZF_BODY_ACTIVE;
	b.state_date = b.state_reason = NULL;
	if (zf_body_validate(&b, err) || input_failed(err))
		return refuse(app, actor, "body_create", "body", ZF_EINVAL, err);
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		return rc;
	if (!(rc = check_scope(&tx, 0, err)) && !(rc = zf_store_body_insert(tx.db, &b, tx.now, id, err)))
		rc = record_change(&tx, "body", *id, "body_create", NULL, err);
	rc = zf_tx_end(&tx, rc, err);
	return rc ? refuse(app, actor, "body_create", "body", rc, err) : 0;
}

/* Loads the current body for an update, in the transaction. */
static int body_load(struct zf_tx *tx, int64_t id, struct zf_arena **a, struct zf_body *cur,
		     struct zf_err *err)
{
	if (!(*a = zf_arena_new(0)))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	int rc = zf_store_body_get(tx->db, *a, id, cur, err);
	if (rc == ZF_ENOTFOUND)
		zf_err_set(err, rc, "未找到该执法主体");
	return rc;
}

int zf_app_body_update(struct zf_app *app, const struct zf_actor *actor,
		       const struct zf_body *in, struct zf_err *err)
{
	struct zf_tx tx;
	struct zf_arena *a = NULL;
	struct zf_body cur, b = *in;
	char target[48];
	int rc;

	snprintf(target, sizeof(target), "body:%lld", (long long)in->id);
	if ((rc = check_write(app, actor, "body_update", target, err)))
		return rc;
	if (input_failed(err)) {
		zf_body_validate(&b, err);
		return refuse(app, actor, "body_update", target, ZF_EINVAL, err);
	}
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		return rc;
	if (!(rc = body_load(&tx, in->id, &a, &cur, err)) && !(rc = check_scope(&tx, cur.id, err))) {
		b.state = cur.state;
		b.state_date = cur.state_date;
		b.state_reason = cur.state_reason;
		if (!(rc = zf_body_validate(&b, err)) &&
		    !(rc = zf_store_body_update(tx.db, &b, tx.now, err))) {
			rc = record_change(&tx, "body", b.id, "body_update",
					   zf_app_body_canonical(&cur), err);
		}
	}
	rc = zf_tx_end(&tx, rc, err);
	zf_arena_free(a);
	return rc ? refuse(app, actor, "body_update", target, rc, err) : 0;
}

int zf_app_body_set_state(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			  int state, const char *date, const char *reason, struct zf_err *err)
{
	struct zf_tx tx;
	struct zf_arena *a = NULL;
	struct zf_body cur, b;
	char target[48], today[11];
	const char *action = state == ZF_BODY_SUSPENDED ? "body_suspend" : "body_reinstate";
	int rc;

	snprintf(target, sizeof(target), "body:%lld", (long long)id);
	if ((rc = check_write(app, actor, action, target, err)))
		return rc;
	if (state != ZF_BODY_ACTIVE && state != ZF_BODY_SUSPENDED)
		return zf_err_field(err, "state", "状态无效");
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		return rc;
	if (!(rc = body_load(&tx, id, &a, &cur, err)) && !(rc = check_scope(&tx, 0, err))) {
		b = cur;
		zf_date_iso(zf_clock_today(&app->clock), today);
		b.state = state;
		b.state_date = date && *date ? date : today;
		b.state_reason = reason;
		if (cur.state == state)
			rc = zf_err_field(err, "state", state == ZF_BODY_SUSPENDED ?
					  "该执法主体已处于暂停状态" : "该执法主体已处于正常状态");
		else if (!(rc = zf_body_validate(&b, err)) &&
			 !(rc = zf_store_body_update(tx.db, &b, tx.now, err))) {
			rc = record_change(&tx, "body", id, action, zf_app_body_canonical(&cur), err);
		}
	}
	rc = zf_tx_end(&tx, rc, err);
	zf_arena_free(a);
	return rc ? refuse(app, actor, action, target, rc, err) : 0;
}

/* Marks the officers of suspended bodies among the N officers O, using the
 * NB bodies B. */
static void mark_suspended(struct zf_officer *o, size_t n, const struct zf_body *b, size_t nb)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < nb; j++)
			if (b[j].id == o[i].body_id)
				o[i].body_suspended = b[j].state != ZF_BODY_ACTIVE;
}

/* Reads every body and marks the N officers O of suspended ones. */
static int mark_officers(struct zf_db *db, struct zf_arena *a, struct zf_officer *o, size_t n,
			 struct zf_err *err)
{
	struct zf_body *b = NULL;
	size_t nb = 0;
	int rc = zf_store_body_list(db, a, 1, &b, &nb, err);
	if (!rc)
		mark_suspended(o, n, b, nb);
	return rc;
}

int zf_app_officer_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			int64_t body_id, struct zf_officer **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_body b;
	int rc = zf_dbpool_get(app->pool, &db, 5000, err);
	if (!rc && body_id && (rc = zf_store_body_get(db, a, body_id, &b, err)) == ZF_ENOTFOUND)
		zf_err_set(err, rc, "未找到该执法主体");
	if (!rc)
		rc = zf_store_officer_list(db, a, body_id, out, n, err);
	if (!rc)
		rc = mark_officers(db, a, *out, *n, err);
	zf_dbpool_put(app->pool, db);
	if (rc || sees_all(actor))
		return rc;
	/* The public sees officers of active bodies only. */
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (!(*out)[i].body_suspended)
			(*out)[k++] = (*out)[i];
	*n = k;
	return 0;
}

/* Reads cursor S ("<body id>.<id>.<certificate number>", what next_cursor
 * writes) into *K; the certificate number is copied into A. 0 or ZF_EINVAL. */
static int read_cursor(struct zf_arena *a, const char *s, struct zf_officer_key *k)
{
	char num[24];
	const char *dot;
	int64_t v[2];

	for (int i = 0; i < 2; i++) {
		dot = strchr(s, '.');
		if (!dot || (size_t)(dot - s) >= sizeof(num))
			return ZF_EINVAL;
		memcpy(num, s, (size_t)(dot - s));
		num[dot - s] = '\0';
		if (zf_str_to_i64(num, 1, INT64_MAX, &v[i]))
			return ZF_EINVAL;
		s = dot + 1;
	}
	if (!*s || strlen(s) > ZF_CERT_MAX * 3 || !zf_str_utf8_ok(s, strlen(s), 0) ||
	    !(k->cert_no = zf_arena_strdup(a, s)))
		return ZF_EINVAL;
	k->body_id = v[0];
	k->id = v[1];
	return 0;
}

/* Checks IN's name query and certificate number into OUT (q, cert_no) and
 * Q; field errors go into ERR. */
static int read_find(struct zf_arena *a, const struct zf_officer_find *in,
		     struct zf_officer_page *out, struct zf_officer_query *q, char *norm,
		     size_t nnorm, struct zf_err *err)
{
	char *name = zf_arena_strdup(a, in->q ? in->q : "");
	int before = err->nfields;

	if (!name)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	zf_str_trim(name);
	if (!zf_str_utf8_ok(name, strlen(name), 0))
		zf_err_field(err, "q", "姓名（q）含有无效字符，请重新输入");
	else if (zf_str_chars(name) > ZF_OFFICER_Q_MAX)
		zf_err_field(err, "q", "姓名（q）最多 %d 个字", ZF_OFFICER_Q_MAX);
	out->q = name;
	out->cert_no = "";
	if (in->cert_no && !zf_str_blank(in->cert_no)) {
		if (zf_cert_no_normalize(in->cert_no, norm, nnorm))
			zf_err_field(err, "cert_no", "执法证号（cert_no）格式不正确，请核对证件上的号码");
		else
			out->cert_no = norm;
	}
	if (in->limit < 0 || in->limit > ZF_OFFICER_PAGE_MAX)
		zf_err_field(err, "limit", "每页人数（limit）应为 1 到 %d 之间的整数", ZF_OFFICER_PAGE_MAX);
	if (in->after && *in->after && read_cursor(a, in->after, &q->after))
		zf_err_field(err, "after", "翻页参数（after）无效，请从第一页重新查看");
	if (err->nfields > before)
		return ZF_EINVAL;
	q->q = *name ? name : NULL;
	q->cert_no = *out->cert_no ? out->cert_no : NULL;
	q->limit = (size_t)(in->limit ? in->limit : ZF_OFFICER_PAGE_SIZE) + 1;
	return 0;
}

int zf_app_officer_page(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			const struct zf_officer_find *in, struct zf_officer_page *out,
			struct zf_err *err)
{
	struct zf_officer_query q = {.body_id = in->body_id, .active_bodies = !sees_all(actor)};
	char norm[ZF_CERT_MAX * 3 + 1], cert[ZF_CERT_MAX * 3 + 1], today[11], soon[11];
	struct zf_db *db = NULL;
	struct zf_body b;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = read_find(a, in, out, &q, norm, sizeof(norm), err)))
		return rc;
	if (!(out->cert_no = zf_arena_strdup(a, out->cert_no)))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	/* A certificate number typed into the one staff search box matches as
	 * typed on paper: normalised, in part. */
	if (in->q_cert && q.q && !zf_cert_no_normalize(q.q, cert, sizeof(cert)))
		q.q_cert = cert;
	if (sees_all(actor) && in->cert) {
		struct zf_date d = zf_clock_today(&app->clock);
		zf_date_iso(d, today);
		zf_date_iso(zf_date_from_days(zf_date_days(d) + ZF_EXPIRING_DAYS), soon);
		q.cert = in->cert;
		q.today = today;
		q.soon = soon;
	}
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	if (in->body_id && (rc = zf_store_body_get(db, a, in->body_id, &b, err)) == ZF_ENOTFOUND)
		zf_err_set(err, rc, "未找到该执法主体");
	if (!rc)
		rc = zf_store_officer_page(db, a, &q, &out->officers, &out->n, err);
	zf_dbpool_put(app->pool, db);
	if (rc)
		return rc;
	if (out->n >= q.limit) {
		const struct zf_officer *last = &out->officers[q.limit - 2];
		out->n = q.limit - 1;
		if (!(out->next = zf_arena_printf(a, "%lld.%lld.%s", (long long)last->body_id,
						  (long long)last->id, last->cert_no)))
			return zf_err_set(err, ZF_ENOMEM, "内存不足");
	}
	return 0;
}

/* Reads one officer through READ (by id or certificate) and marks whether
 * its body is suspended; the public does not see officers of suspended
 * bodies unless PUBLIC_TOO (the certificate check: a citizen must learn that
 * the certificate is not valid, not that it does not exist). */
static int officer_read(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			int64_t id, const char *cert_no, int public_too, struct zf_officer *out,
			struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc = zf_dbpool_get(app->pool, &db, 5000, err);
	if (!rc)
		rc = cert_no ? zf_store_officer_by_cert(db, a, cert_no, out, err)
			     : zf_store_officer_get(db, a, id, out, err);
	if (!rc)
		rc = mark_officers(db, a, out, 1, err);
	zf_dbpool_put(app->pool, db);
	if (!rc && out->body_suspended && !public_too && !sees_all(actor))
		rc = ZF_ENOTFOUND;
	return rc;
}

int zf_app_officer_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		       int64_t id, struct zf_officer *out, struct zf_err *err)
{
	int rc = officer_read(app, actor, a, id, NULL, 0, out, err);
	return rc == ZF_ENOTFOUND ? zf_err_set(err, rc, "未找到该执法人员") : rc;
}

int zf_app_certificate_check(struct zf_app *app, const struct zf_actor *actor,
			     struct zf_arena *a, const char *cert_no, struct zf_officer *out,
			     struct zf_err *err)
{
	char norm[ZF_CERT_MAX * 3 + 1];
	if (!cert_no || zf_cert_no_normalize(cert_no, norm, sizeof(norm)))
		return zf_err_field(err, "cert_no", "执法证号格式不正确：应为 4 至 32 位数字、字母或连字符");
	int rc = officer_read(app, actor, a, 0, norm, 1, out, err);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, rc, "未查询到执法证号为 %s 的执法证，请核对证号", norm);
	return rc;
}

/* Normalises the certificate number of *O into BUF and points O at it. */
static int officer_prepare(struct zf_officer *o, char *buf, size_t n, struct zf_err *err)
{
	if (o->cert_no && *o->cert_no) {
		if (zf_cert_no_normalize(o->cert_no, buf, n))
			return zf_err_field(err, "cert_no", "执法证号格式不正确：应为 4 至 32 位数字、字母或连字符");
		o->cert_no = buf;
	}
	return 0;
}

int zf_app_officer_create(struct zf_app *app, const struct zf_actor *actor,
			  const struct zf_officer *in, int64_t *id, struct zf_err *err)
{
	struct zf_tx tx;
	struct zf_officer o = *in;
	char cert[ZF_CERT_MAX * 3 + 1];
	int rc;

	if ((rc = check_write(app, actor, "officer_create", "officer", err)))
		return rc;
	rc = officer_prepare(&o, cert, sizeof(cert), err);
	if (zf_officer_validate(&o, err) || rc || input_failed(err))
		return refuse(app, actor, "officer_create", "officer", ZF_EINVAL, err);
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		return rc;
	if (!(rc = body_exists(&tx, o.body_id, err)) && !(rc = check_scope(&tx, o.body_id, err)) &&
	    !(rc = zf_store_officer_insert(tx.db, &o, tx.now, id, err))) {
		rc = record_change(&tx, "officer", *id, "officer_create", NULL, err);
	}
	rc = zf_tx_end(&tx, rc, err);
	return rc ? refuse(app, actor, "officer_create", "officer", rc, err) : 0;
}

int zf_app_officer_update(struct zf_app *app, const struct zf_actor *actor,
			  const struct zf_officer *in, struct zf_err *err)
{
	struct zf_tx tx;
	struct zf_arena *a = NULL;
	struct zf_officer cur, o = *in;
	char cert[ZF_CERT_MAX * 3 + 1], target[48];
	int rc;

	snprintf(target, sizeof(target), "officer:%lld", (long long)in->id);
	if ((rc = check_write(app, actor, "officer_update", target, err)))
		return rc;
	if (o.state == ZF_CERT_VALID) /* back to 有效: no 暂扣 date or reason remains */
		o.state_date = o.state_reason = NULL;
	rc = officer_prepare(&o, cert, sizeof(cert), err);
	if (zf_officer_validate(&o, err) || rc || input_failed(err))
		return refuse(app, actor, "officer_update", target, ZF_EINVAL, err);
	if (!(a = zf_arena_new(0)))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if ((rc = zf_tx_begin(&tx, app, actor, err))) {
		zf_arena_free(a);
		return rc;
	}
	rc = zf_store_officer_get(tx.db, a, o.id, &cur, err);
	if (rc == ZF_ENOTFOUND)
		zf_err_set(err, rc, "未找到该执法人员");
	if (!rc && !(rc = body_exists(&tx, o.body_id, err)) && !(rc = check_scope(&tx, cur.body_id, err)) &&
	    !(rc = check_scope(&tx, o.body_id, err)) &&
	    !(rc = zf_cert_state_change(cur.state, o.state, err)) &&
	    !(rc = zf_store_officer_update(tx.db, &o, tx.now, err))) {
		const char *action = cur.state != o.state ? "officer_state" : "officer_update";
		rc = record_change(&tx, "officer", o.id, action, zf_app_officer_canonical(&cur), err);
	}
	rc = zf_tx_end(&tx, rc, err);
	zf_arena_free(a);
	return rc ? refuse(app, actor, "officer_update", target, rc, err) : 0;
}

int zf_app_registry_history(struct zf_app *app, const struct zf_actor *actor,
			    struct zf_arena *a, const char *entity, int64_t id,
			    struct zf_history **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	if (!may(actor, ZF_PERM_REGISTRY_READ))
		return zf_err_set(err, ZF_EDENIED, "无权查看变更记录");
	int rc = zf_dbpool_get(app->pool, &db, 5000, err);
	if (!rc)
		rc = zf_store_history_list(db, a, entity, id, out, n, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}
