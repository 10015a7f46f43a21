/* Officers' training records: a session recorded for several officers, corrections that supersede, lists, and yearly totals against the body's requirement with warnings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/case_int.h"
#include "app/ledger.h"
#include "app/ledger_int.h"
#include "app/registry.h"
#include "app/training.h"
#include "core/fieldcheck.h"
#include "core/role.h"
#include "store/registry.h"
#include "util/str.h"

#define MSG_NOMEM "内存不足"
#define OFFICERS_MAX 200
#define HOURS_MAX 10000 /* tenths: 1000 学时 */

static const struct zf_training_form forms[] = {
	{"case_teaching", "案例教学"}, {"centralised", "集中培训"}, {"online", "互联网+培训"},
	{"exam", "以考促学"},          {"other", "其他"},
};
#define NFORMS (sizeof(forms) / sizeof(forms[0]))

const struct zf_training_form *zf_training_forms(size_t *n)
{
	*n = NFORMS;
	return forms;
}

const char *zf_training_form_label(const char *word)
{
	for (size_t i = 0; word && i < NFORMS; i++)
		if (!strcmp(forms[i].word, word))
			return forms[i].label;
	return "";
}

int zf_training_hours_parse(const char *text, int64_t *tenths)
{
	const char *dot = text ? strchr(text, '.') : NULL;
	char whole[16];
	int64_t w = 0;
	size_t wn = dot ? (size_t)(dot - text) : (text ? strlen(text) : 0);

	*tenths = 0;
	if (!text || wn == 0 || wn >= sizeof(whole))
		return ZF_EINVAL;
	memcpy(whole, text, wn);
	whole[wn] = '\0';
	if (strspn(whole, "0123456789") != wn || zf_str_to_i64(whole, 0, HOURS_MAX / 10, &w))
		return ZF_EINVAL;
	*tenths = w * 10;
	if (dot) {
		if (dot[1] < '0' || dot[1] > '9' || dot[2] != '\0')
			return ZF_EINVAL;
		*tenths += dot[1] - '0';
	}
	return *tenths > HOURS_MAX ? ZF_EINVAL : 0;
}

void zf_training_hours_format(int64_t tenths, char *out)
{
	if (tenths % 10)
		snprintf(out, 24, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
	else
		snprintf(out, 24, "%lld", (long long)(tenths / 10));
}

const char *zf_training_warning_label(int warning)
{
	return warning == ZF_TRAINING_BEHIND ? "进度落后" : warning == ZF_TRAINING_SHORT ? "学时不足" : "";
}

int zf_training_warning_of(int64_t hours, int64_t required, int months)
{
	if (months >= 12)
		return hours < required ? ZF_TRAINING_SHORT : ZF_TRAINING_OK;
	if (months <= 0)
		return ZF_TRAINING_OK;
	return hours < (required * months + 11) / 12 ? ZF_TRAINING_BEHIND : ZF_TRAINING_OK;
}

/* ---- permissions ---- */

int zf_app_training_can_record(const struct zf_actor *actor)
{
	return actor->cli || zf_role_allows(actor->role, ZF_PERM_REGISTRY_WRITE) ||
	       zf_role_allows(actor->role, ZF_PERM_CASE_SETTINGS);
}

/* 0 when ACTOR may record training for an officer of BODY_ID. */
static int record_scope(const struct zf_actor *actor, int64_t body_id, struct zf_err *err)
{
	if (actor->cli)
		return 0;
	if (!zf_app_training_can_record(actor))
		return zf_err_set(err, ZF_EDENIED, "没有权限记录培训情况（须为执法主体和人员信息管理员或负责人）");
	if (actor->body_id != body_id)
		return zf_err_set(err, ZF_EDENIED, "没有权限记录其他执法主体执法人员的培训情况，只能记录本执法主体的");
	return 0;
}

/* The body ACTOR reads on DB for BODY_ID (0 = its own) into *OUT, when
 * allowed: its own body; any body for roles that see every body and for the
 * registrars of the registry office, who keep every body's officers. */
static int read_scope(struct zf_db *db, const struct zf_actor *actor, int64_t body_id,
		      int64_t *out, struct zf_err *err)
{
	*out = body_id ? body_id : actor->body_id;
	if (actor->cli)
		return 0;
	if (!zf_role_allows(actor->role, ZF_PERM_REGISTRY_READ))
		return zf_err_set(err, ZF_EDENIED, "没有权限查看培训记录");
	if (*out == actor->body_id || zf_role_all_bodies(actor->role) ||
	    (zf_role_allows(actor->role, ZF_PERM_REGISTRY_WRITE) &&
	     actor->body_id == zf_app_registry_office(db)))
		return 0;
	return zf_err_set(err, ZF_EDENIED, "没有权限查看其他执法主体执法人员的培训记录");
}

/* Audits a refusal (or failure) RC of ACTION on TARGET; returns RC. */
static int refuse(struct zf_app *app, const struct zf_actor *actor, const char *action,
		  const char *target, int rc, struct zf_err *err)
{
	return zf_case_refuse(app, actor, action, target, rc, err);
}

/* ---- validation ---- */

/* Checks IN (TODAY bounds the date); CORRECTION allows 0 hours and needs a note. */
static int validate(const struct zf_training_in *in, struct zf_date today, int correction,
		    struct zf_err *err)
{
	struct zf_fieldcheck ck = {err, err && err->code == ZF_EINVAL ? err->nfields : 0};
	struct zf_date d;

	if (!zf_fieldcheck_present(in->held_on))
		zf_fieldcheck_fail(&ck, "held_on", "请填写培训日期");
	else if (zf_date_parse(in->held_on, &d))
		zf_fieldcheck_fail(&ck, "held_on", "培训日期应为有效日期，格式如 2026-03-05");
	else if (zf_date_cmp(d, today) > 0)
		zf_fieldcheck_fail(&ck, "held_on", "培训日期不能晚于今天");
	if (in->hours < (correction ? 0 : 1) || in->hours > HOURS_MAX)
		zf_fieldcheck_fail(&ck, "hours", correction ? "学时应为0至1000之间的数，最多一位小数（0表示撤销该记录）"
							   : "学时应为0.1至1000之间的数，最多一位小数");
	zf_fieldcheck_text(&ck, "topic", "培训内容", in->topic, 200, 0, 1);
	if (!zf_fieldcheck_present(in->form))
		zf_fieldcheck_fail(&ck, "form", "请选择培训形式");
	else if (!*zf_training_form_label(in->form))
		zf_fieldcheck_fail(&ck, "form", "培训形式应为案例教学、集中培训、互联网+培训、以考促学或其他");
	zf_fieldcheck_text(&ck, "organiser", "组织单位", in->organiser, 200, 0, 0);
	zf_fieldcheck_text(&ck, "note", correction ? "更正原因" : "备注", in->note, 2000, 1, correction);
	return ck.bad || (err && err->code == ZF_EINVAL) ? ZF_EINVAL : 0;
}

/* ---- writing ---- */

/* S, or "" for NULL. */
static const char *nn(const char *s)
{
	return s ? s : "";
}

/* The canonical JSON of row T (what its history row and log entry commit to). */
static char *canonical(const struct zf_training *t)
{
	json_t *o = json_pack("{s:I,s:I,s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)t->id,
			      "officer_id", (json_int_t)t->officer_id, "body_id", (json_int_t)t->body_id,
			      "held_on", nn(t->held_on), "hours", (json_int_t)t->hours,
			      "topic", nn(t->topic), "form", nn(t->form),
			      "organiser", nn(t->organiser), "note", nn(t->note),
			      "corrects_id", (json_int_t)t->corrects_id);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	return s;
}

/* Inserts T in TX with its history row (ACTION) and log entry; id into T->id. */
static int write_row(struct zf_tx *tx, struct zf_training *t, const char *action,
		     struct zf_err *err)
{
	int rc = zf_store_training_insert(tx->db, t, &t->id, err);
	char *after = rc ? NULL : canonical(t);

	if (!rc && !after)
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if (!rc) {
		struct zf_history h = {.entity = "training", .entity_id = t->id, .action = action,
				       .after_json = after};
		rc = zf_app_log_history(tx, &h, NULL, err);
	}
	free(after);
	return rc;
}

int zf_app_training_record(struct zf_app *app, const struct zf_actor *actor,
			   const struct zf_training_in *in, const int64_t *officers, size_t n,
			   int64_t *ids, struct zf_err *err)
{
	struct zf_arena *a = NULL;
	struct zf_tx tx;
	int rc = 0;
	char target[48] = "training";

	if (!zf_app_training_can_record(actor)) {
		rc = record_scope(actor, 0, err);
		goto refuse;
	}
	if (n == 0)
		zf_err_field(err, "officers", "请选择参加培训的执法人员");
	else if (n > OFFICERS_MAX)
		zf_err_field(err, "officers", "一次最多记录%d名执法人员", OFFICERS_MAX);
	int twice = 0;
	for (size_t i = 0; i < n && i < OFFICERS_MAX; i++)
		for (size_t k = 0; k < i; k++)
			twice |= officers[k] == officers[i];
	if (twice)
		zf_err_field(err, "officers", "同一名执法人员只能选择一次");
	if ((rc = validate(in, zf_clock_today(&app->clock), 0, err)))
		goto refuse;
	if (!(a = zf_arena_new(0))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto out;
	for (size_t i = 0; !rc && i < n; i++) {
		struct zf_officer o = {0};
		rc = zf_store_officer_get(tx.db, a, officers[i], &o, err);
		if (rc == ZF_ENOTFOUND)
			rc = zf_err_field(err, "officers", "所选执法人员不存在，请重新选择");
		if (!rc)
			rc = record_scope(actor, o.body_id, err);
		if (!rc && (o.state == ZF_CERT_CANCELLED || o.state == ZF_CERT_REVOKED))
			rc = zf_err_field(err, "officers", "%s的执法证已%s，不再记录培训", o.name,
					  zf_cert_state_label(o.state));
		struct zf_training t = {.officer_id = o.id, .body_id = o.body_id, .held_on = in->held_on,
					.hours = in->hours, .topic = in->topic, .form = in->form,
					.organiser = in->organiser, .note = in->note,
					.recorded_by = actor->account_id, .recorded_at = tx.now};
		if (!rc && !(rc = write_row(&tx, &t, "training_record", err)) && ids)
			ids[i] = t.id;
		if (!rc && i == 0)
			snprintf(target, sizeof(target), "training:%lld", (long long)t.id);
	}
	if (!rc)
		rc = zf_tx_audit(&tx, "training_record", target, "ok",
				 n > 1 ? "多名执法人员" : "", err);
	rc = zf_tx_end(&tx, rc, err);
	if (!rc)
		goto out;
refuse:
	refuse(app, actor, "training_record", target, rc, err);
out:
	zf_arena_free(a);
	return rc;
}

int zf_app_training_correct(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			    const struct zf_training_in *in, int64_t *new_id, struct zf_err *err)
{
	struct zf_arena *a = NULL;
	struct zf_tx tx;
	struct zf_training cur = {0};
	char target[48];
	int rc;

	snprintf(target, sizeof(target), "training:%lld", (long long)id);
	if (!zf_app_training_can_record(actor)) {
		rc = record_scope(actor, 0, err);
		goto refuse;
	}
	if ((rc = validate(in, zf_clock_today(&app->clock), 1, err)))
		goto refuse;
	if (!(a = zf_arena_new(0)))
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto out;
	rc = zf_store_training_get(tx.db, a, id, &cur, err);
	if (!rc)
		rc = record_scope(actor, cur.body_id, err);
	if (!rc && cur.corrected_by)
		rc = zf_err_set(err, ZF_ECONFLICT, "这条培训记录已经更正过，请更正最新的记录");
	struct zf_training t = {.officer_id = cur.officer_id, .body_id = cur.body_id,
				.held_on = in->held_on, .hours = in->hours, .topic = in->topic,
				.form = in->form, .organiser = in->organiser, .note = in->note,
				.recorded_by = actor->account_id, .recorded_at = tx.now, .corrects_id = id};
	if (!rc)
		rc = write_row(&tx, &t, "training_correct", err);
	if (!rc)
		rc = zf_tx_audit(&tx, "training_correct", target, "ok", "", err);
	rc = zf_tx_end(&tx, rc, err);
	if (!rc && new_id)
		*new_id = t.id;
	if (!rc)
		goto out;
refuse:
	refuse(app, actor, "training_correct", target, rc, err);
out:
	zf_arena_free(a);
	return rc;
}

/* ---- reading ---- */

int zf_app_training_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			int64_t id, struct zf_training *out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int64_t body = 0;
	int rc;

	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_REGISTRY_READ))
		return refuse(app, actor, "training_read", "training",
			      zf_err_set(err, ZF_EDENIED, "没有权限查看培训记录"), err);
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = zf_store_training_get(db, a, id, out, err);
	if (!rc)
		rc = read_scope(db, actor, out->body_id, &body, err);
	zf_dbpool_put(app->pool, db);
	if (rc == ZF_EDENIED)
		refuse(app, actor, "training_read", "training", rc, err);
	return rc;
}

/* The first and last day of YEAR into FROM and TO (11 bytes each). */
static void year_range(int year, char *from, char *to)
{
	snprintf(from, 11, "%04d-01-01", year);
	snprintf(to, 11, "%04d-12-31", year);
}

int zf_app_training_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int64_t officer_id, int64_t body_id, int year, struct zf_training **out,
			 size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_officer o;
	int64_t body = 0;
	char from[11] = "", to[11] = "";
	int rc;

	*out = NULL;
	*n = 0;
	if (year && (year < 1900 || year > 2999))
		return zf_err_field(err, "year", "年度应为1900至2999之间的年份");
	if (year)
		year_range(year, from, to);
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	if (officer_id && !(rc = zf_store_officer_get(db, a, officer_id, &o, err)))
		body_id = o.body_id;
	if (!rc && (rc = read_scope(db, actor, body_id, &body, err)) == 0)
		rc = zf_store_training_list(db, a, officer_id, officer_id ? 0 : body,
					    year ? from : NULL, year ? to : NULL, out, n, err);
	zf_dbpool_put(app->pool, db);
	if (rc == ZF_EDENIED)
		refuse(app, actor, "training_read", "training", rc, err);
	return rc;
}

int zf_app_training_summary(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			    int64_t body_id, int year, struct zf_training_summary *out,
			    struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_officer *o = NULL;
	struct zf_training_sum *sums = NULL;
	size_t no = 0, ns = 0;
	json_t *settings = NULL;
	struct zf_date today = zf_clock_today(&app->clock);
	char from[11], to[11];
	int64_t body = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!year)
		year = today.y;
	if (year < 1900 || year > 2999)
		return zf_err_field(err, "year", "年度应为1900至2999之间的年份");
	year_range(year, from, to);
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	if ((rc = read_scope(db, actor, body_id, &body, err))) {
		zf_dbpool_put(app->pool, db);
		return refuse(app, actor, "training_read", "training", rc, err);
	}
	if (!(rc = zf_case_settings_read(db, body, -1, &settings, NULL, err)) &&
	    !(rc = zf_store_officer_list(db, a, body, &o, &no, err)))
		rc = zf_store_training_sums(db, a, body, 0, from, to, &sums, &ns, err);
	zf_dbpool_put(app->pool, db);
	if (rc)
		goto out;
	out->body_id = body;
	out->year = year;
	out->required = zf_case_setting_int(settings, "training_hours_required") * 10;
	out->months = year < today.y ? 12 : year > today.y ? 0 : today.m - 1;
	out->expected = out->months >= 12 ? out->required : (out->required * out->months + 11) / 12;
	if (no && !(out->rows = zf_arena_alloc(a, no * sizeof(*out->rows)))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	for (size_t i = 0; i < no; i++) {
		if (o[i].state == ZF_CERT_CANCELLED || o[i].state == ZF_CERT_REVOKED)
			continue;
		struct zf_training_total *t = &out->rows[out->n++];
		memset(t, 0, sizeof(*t));
		t->officer_id = o[i].id;
		t->name = o[i].name;
		t->cert_no = o[i].cert_no;
		for (size_t k = 0; k < ns; k++)
			if (sums[k].officer_id == o[i].id) {
				t->hours = sums[k].hours;
				t->sessions = sums[k].sessions;
			}
		t->warning = zf_training_warning_of(t->hours, out->required, out->months);
		if (t->warning)
			out->warnings++;
	}
out:
	json_decref(settings);
	return rc;
}

/* ---- the record log's verification ---- */

#define PAGE 1000

int zf_app_log_training_records(struct zf_db *db, zf_log_record_fn fn, void *ctx,
				struct zf_err *err)
{
	struct zf_log_record rec = {.table = "training", .entity = "training",
				    .hint = "直接插入的行，或变更记录被删除？"};
	int64_t after = 0;
	size_t n = 0;
	int rc = 0;

	do {
		struct zf_arena *a = zf_arena_new(0);
		struct zf_training *t = NULL;
		if (!a)
			return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		n = 0;
		rc = zf_store_training_page(db, a, after, PAGE, &t, &n, err);
		for (size_t i = 0; !rc && i < n; i++) {
			rec.id = after = t[i].id;
			if (!(rec.canon = canonical(&t[i])))
				rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
			else
				rc = fn(ctx, a, &rec);
		}
		zf_arena_free(a);
	} while (!rc && n == PAGE);
	return rc;
}
