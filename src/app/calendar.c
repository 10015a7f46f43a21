/* The working-day calendar in force (built-in years plus the year files loaded into the database) and the use cases that load and list it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/auth.h"
#include "app/calendar.h"
#include "app/ledger.h"
#include "app/tx.h"
#include "core/role.h"
#include "store/calendar.h"
#include "util/crypto.h"

/* Year files are a few kilobytes; core/calendar.c refuses the same size. */
#define CALENDAR_FILE_MAX (64 * 1024)

/* The calendar in force and how it was made: the loaded files in load
 * order and, for each, whether it took effect (a provisional file over a
 * year that has since become official does not). */
struct in_force {
	struct zf_calendar *cal;
	struct zf_calendar_file *files;
	size_t n;
	char *applied; /* n flags, in the arena */
};

/* Builds the calendar in force on DB into *F (arrays in A). */
static int build(struct zf_db *db, struct zf_arena *a, struct in_force *f, struct zf_err *err)
{
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = zf_calendar_builtin(&f->cal, err)) ||
	    (rc = zf_store_calendar_list(db, a, &f->files, &f->n, err)))
		goto out;
	if (f->n && !(f->applied = zf_arena_alloc(a, f->n))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	for (size_t i = 0; i < f->n; i++) {
		struct zf_err why = {0};
		const char *json = f->files[i].json;
		int r = zf_calendar_load(f->cal, json, strlen(json), NULL, &why);
		f->applied[i] = r == 0;
		/* A provisional year an administrator loaded before zhifa shipped
		 * the official file: the official one stays. */
		if (r && r != ZF_ECONFLICT) {
			rc = zf_err_set(err, ZF_ERROR, "数据库中的%d年年历（第%lld条）有误：%s",
					f->files[i].year, (long long)f->files[i].id, why.msg);
			goto out;
		}
	}
out:
	if (rc) {
		zf_calendar_free(f->cal);
		f->cal = NULL;
	}
	return rc;
}

int zf_app_calendar_read(struct zf_db *db, struct zf_calendar **out, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct in_force f = {0};
	int rc = a ? build(db, a, &f, err) : zf_err_set(err, ZF_ENOMEM, "内存不足");

	zf_arena_free(a);
	*out = f.cal;
	return rc;
}

int zf_app_calendar(struct zf_app *app, struct zf_calendar **out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc = zf_dbpool_get(app->pool, &db, 5000, err);

	*out = NULL;
	if (!rc)
		rc = zf_app_calendar_read(db, out, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}

static const char *status_word(int status)
{
	return status == ZF_CAL_OFFICIAL ? "official" : "provisional";
}

/* The history row's data: what the log commits to (the file by its hash). */
static char *load_canonical(int year, int status, const char *sha256)
{
	json_t *o = json_pack("{s:i,s:s,s:s}", "year", year, "status", status_word(status),
			      "sha256", sha256);
	char *s = o ? json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT) : NULL;

	json_decref(o);
	return s;
}

/* Validates JSON against the calendar in force, stores it and records the
 * change, inside TX. */
static int load_in(struct zf_tx *tx, const char *json, size_t len, int *year,
		   struct zf_err *err)
{
	struct zf_calendar *cal = NULL;
	unsigned char digest[32];
	char sha[65], target[32], detail[96], *after = NULL;
	int64_t id = 0;
	int y = 0, rc;

	if ((rc = zf_app_calendar_read(tx->db, &cal, err)) ||
	    (rc = zf_calendar_load(cal, json, len, &y, err)))
		goto out;
	if (zf_sha256(json, len, digest)) {
		rc = zf_err_set(err, ZF_ERROR, "无法计算年历文件的摘要");
		goto out;
	}
	zf_hex(digest, sizeof(digest), sha);
	int status = zf_calendar_year_status(cal, y);
	struct zf_calendar_file row = {
		.year = y, .status = status_word(status), .json = json, .sha256 = sha,
		.loaded_at = tx->now, .loaded_by = tx->actor->login,
	};
	if ((rc = zf_store_calendar_insert(tx->db, &row, &id, err)))
		goto out;
	if (!(after = load_canonical(y, status, sha))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	struct zf_history h = {
		.entity = "calendar", .entity_id = id, .action = "calendar_load", .after_json = after,
	};
	snprintf(target, sizeof(target), "calendar:%d", y);
	snprintf(detail, sizeof(detail), "%s sha256:%.16s", row.status, sha);
	if (!(rc = zf_app_log_history(tx, &h, NULL, err)))
		rc = zf_tx_audit(tx, "calendar_load", target, "ok", detail, err);
	if (!rc && year)
		*year = y;
out:
	free(after);
	zf_calendar_free(cal);
	return rc;
}

int zf_app_calendar_load(struct zf_app *app, const struct zf_actor *actor, const char *json,
			 size_t len, int *year, struct zf_err *err)
{
	struct zf_tx tx;
	char *text = NULL;
	int rc;

	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_SETTINGS)) {
		rc = zf_err_set(err, ZF_EDENIED, "无权载入工作日历：只有系统管理员可以载入");
		goto refused;
	}
	/* Stored as text: one NUL-terminated copy, no NUL inside. */
	if (len > CALENDAR_FILE_MAX) {
		rc = zf_err_set(err, ZF_EINVAL, "年历文件过大（超过%d KB）", CALENDAR_FILE_MAX / 1024);
		goto refused;
	}
	if (!json || memchr(json, '\0', len)) {
		rc = zf_err_set(err, ZF_EINVAL, "年历文件不是有效的 JSON 文本");
		goto refused;
	}
	if (!(text = malloc(len + 1))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto refused;
	}
	memcpy(text, json, len);
	text[len] = '\0';
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto refused;
	rc = zf_tx_end(&tx, load_in(&tx, text, len, year, err), err);
	if (!rc)
		goto out;
refused:
	zf_app_audit(app, actor, "calendar_load", "calendar",
		     rc == ZF_EDENIED ? "denied" : rc == ZF_EINVAL || rc == ZF_ECONFLICT ? "invalid" :
		     "error", err ? err->msg : "");
out:
	free(text);
	return rc;
}

/* Where year YEAR of F came from: the last file loaded for it that took
 * effect, or the built-in file. Into A. */
static const char *origin_of(const struct in_force *f, struct zf_arena *a, int year)
{
	char when[20];

	for (size_t i = f->n; i-- > 0;) {
		if (f->files[i].year != year || !f->applied[i])
			continue;
		zf_time_local(f->files[i].loaded_at, when);
		return zf_arena_printf(a, "管理员载入 %.10s by %s", when, f->files[i].loaded_by);
	}
	return "内置";
}

int zf_app_calendar_years(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			  struct zf_calendar_year **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct in_force f = {0};
	int years[1000];
	size_t count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_WORKBENCH))
		return zf_err_set(err, ZF_EDENIED, "请先登录工作台");
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		return rc;
	rc = build(db, a, &f, err);
	zf_dbpool_put(app->pool, db);
	if (rc)
		return rc;
	count = zf_calendar_years(f.cal, years, sizeof(years) / sizeof(years[0]));
	if (count > sizeof(years) / sizeof(years[0]))
		count = sizeof(years) / sizeof(years[0]);
	if (count && !(*out = zf_arena_alloc(a, count * sizeof(**out)))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		struct zf_cal_year_info info;
		struct zf_calendar_year *y = &(*out)[i];
		if ((rc = zf_calendar_year_info(f.cal, years[i], &info, err)))
			goto out;
		y->year = info.year;
		y->status = info.status;
		y->days_off = info.days_off;
		y->makeup_days = info.makeup_days;
		y->source = zf_arena_strdup(a, info.source);
		y->origin = origin_of(&f, a, info.year);
		if (!y->source || !y->origin) {
			rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
			goto out;
		}
	}
	*n = count;
out:
	if (rc)
		*out = NULL;
	zf_calendar_free(f.cal);
	return rc;
}
