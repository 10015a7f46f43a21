/* A body's versioned case settings: one row per version, never changed. */
#include "store/case_setting.h"
#include "store/repo.h"

#define MSG_NO_SETTINGS "该执法主体尚无案件参数设置"

struct setting_row {
	const char *json;
	int64_t version;
};

#define COL(kind, field) ZF_REPO_COL(kind, struct setting_row, field)
static const struct zf_repo_col setting_cols[] = {COL(TEXT, json), COL(I64, version),
						  ZF_REPO_COL_END};
#undef COL

int zf_store_case_setting_latest(struct zf_db *db, struct zf_arena *a, int64_t body_id,
				 const char **json, int64_t *version, struct zf_err *err)
{
	struct setting_row r;
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare_i64(db, &st,
				     "SELECT json, version FROM case_setting WHERE body_id = ? "
				     "ORDER BY version DESC LIMIT 1",
				     body_id, err);

	if (rc || (rc = zf_repo_one(st, a, setting_cols, &r, sizeof(r), MSG_NO_SETTINGS, err)))
		return rc;
	*json = r.json;
	*version = r.version;
	return 0;
}

int zf_store_case_setting_get(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			      int64_t version, const char **json, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(body_id), ZF_ARG_I64(version)};
	struct setting_row r;
	struct zf_stmt *st = NULL;
	int rc = zf_repo_prepare(db, &st,
				 "SELECT json, version FROM case_setting WHERE body_id = ? "
				 "AND version = ?",
				 args, ZF_REPO_NARGS(args), err);

	if (rc || (rc = zf_repo_one(st, a, setting_cols, &r, sizeof(r), MSG_NO_SETTINGS, err)))
		return rc;
	*json = r.json;
	return 0;
}

int zf_store_case_setting_add(struct zf_db *db, int64_t body_id, const char *json, int64_t now,
			      int64_t by, int64_t *version, struct zf_err *err)
{
	return zf_repo_version_add(db,
				   "SELECT COALESCE(MAX(version), 0) + 1 FROM case_setting WHERE body_id = ?",
				   "INSERT INTO case_setting (body_id, version, json, created_at, created_by) "
				   "VALUES (?, ?, ?, ?, ?)",
				   body_id, json, now, by, version, err);
}
