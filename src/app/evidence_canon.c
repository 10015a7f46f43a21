/* The canonical JSON of evidence and custody rows (what their history rows and log entries commit to) and the custody record every evidence use case writes. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/evidence_int.h"
#include "app/ledger.h"

/* Sets KEY of O to V (a new reference); -1 when V is NULL or out of memory. */
static int put(json_t *o, const char *key, json_t *v)
{
	return v ? json_object_set_new(o, key, v) : -1;
}

/* S as a JSON string; null when S is NULL or not UTF-8. */
static json_t *text(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;

	return j ? j : json_null();
}

/* O dumped canonically (O's reference is dropped), NULL when O is NULL. */
static char *dump(json_t *o)
{
	char *out = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	json_decref(o);
	return out;
}

/* The keys of the canonical evidence JSON but step_id. */
static const char *const ev_keys[] = {
	"attached_by", "captured_from", "captured_to", "case_id",  "codec",     "description",
	"device",      "duration_ms",   "filename",    "height",   "kind",      "lat_e6",
	"lon_e6",      "media_type",    "officers",    "place",    "sha256",    "size",
	"sm3",         "step_code",     "width",
};

char *zf_ev_canon(const struct zf_evidence_rec *e, int with_step)
{
	json_t *o = json_object();
	json_t *off = json_loads(e->officers_json ? e->officers_json : "[]", JSON_DECODE_ANY, NULL);

	if (!o || put(o, "attached_by", json_integer(e->attached_by)) ||
	    put(o, "captured_from", json_integer(e->captured_from)) ||
	    put(o, "captured_to", json_integer(e->captured_to)) ||
	    put(o, "case_id", json_integer(e->case_id)) || put(o, "codec", text(e->codec)) ||
	    put(o, "description", text(e->description)) || put(o, "device", text(e->device)) ||
	    put(o, "duration_ms", json_integer(e->duration_ms)) ||
	    put(o, "filename", text(e->filename)) || put(o, "height", json_integer(e->height)) ||
	    put(o, "kind", text(e->kind)) ||
	    put(o, "lat_e6", e->has_coords ? json_integer(e->lat_e6) : json_null()) ||
	    put(o, "lon_e6", e->has_coords ? json_integer(e->lon_e6) : json_null()) ||
	    put(o, "media_type", text(e->media_type)) ||
	    put(o, "officers", off ? off : text(e->officers_json)) ||
	    put(o, "place", text(e->place)) || put(o, "sha256", text(e->sha256)) ||
	    put(o, "size", json_integer(e->size)) || put(o, "sm3", text(e->sm3)) ||
	    put(o, "step_code", text(e->step_code)) || put(o, "width", json_integer(e->width)) ||
	    (with_step &&
	     put(o, "step_id", e->step_id ? json_integer(e->step_id) : json_null()))) {
		json_decref(o);
		return NULL;
	}
	return dump(o);
}

char *zf_ev_canon_project(const char *after_json)
{
	json_t *h = json_loads(after_json, 0, NULL), *o = NULL;

	if (!json_is_object(h)) {
		json_decref(h);
		return strdup(after_json);
	}
	if ((o = json_object()))
		for (size_t i = 0; i < sizeof(ev_keys) / sizeof(ev_keys[0]); i++) {
			json_t *v = json_object_get(h, ev_keys[i]);
			if (v && json_object_set(o, ev_keys[i], v)) {
				json_decref(o);
				o = NULL;
				break;
			}
		}
	json_decref(h);
	return dump(o);
}

char *zf_ev_custody_canon(const struct zf_custody_rec *c)
{
	json_t *o = json_object();

	if (!o || put(o, "evidence_id", json_integer(c->evidence_id)) ||
	    put(o, "action", text(c->action)) || put(o, "account_id", json_integer(c->account_id)) ||
	    put(o, "login", text(c->login)) || put(o, "addr", text(c->addr)) ||
	    put(o, "at", json_integer(c->at)) || put(o, "detail", text(c->detail))) {
		json_decref(o);
		return NULL;
	}
	return dump(o);
}

int zf_ev_custody(struct zf_tx *tx, int64_t evidence_id, const char *action, int64_t at,
		  const char *detail, struct zf_err *err)
{
	const struct zf_actor *ac = tx->actor;
	struct zf_custody_rec c = {.evidence_id = evidence_id, .action = action,
				   .account_id = ac ? ac->account_id : 0,
				   .login = ac ? ac->login : "", .addr = ac ? ac->addr : "",
				   .at = at, .detail = detail ? detail : ""};
	char type[48];
	char *canon = NULL;
	int rc;

	if ((rc = zf_store_custody_insert(tx->db, &c, &c.id, err)))
		return rc;
	if (!(canon = zf_ev_custody_canon(&c)))
		return zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
	snprintf(type, sizeof(type), "evidence_%s", action);
	struct zf_history h = {.entity = "evidence_custody", .entity_id = c.id, .action = type,
			       .after_json = canon};
	rc = zf_app_log_history(tx, &h, NULL, err);
	free(canon);
	return rc;
}

const char *zf_ev_custody_label(const char *action)
{
	static const char *const map[][2] = {
		{"upload", "上传"}, {"attach", "附入案卷"}, {"bind", "关联环节"},
		{"view", "播放"},   {"download", "下载"},   {"withdraw", "撤回"},
		{"preview", "生成预览"}, {"verify", "校验"},
	};

	for (size_t i = 0; action && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], action))
			return map[i][1];
	return "";
}

struct zf_blob_store *zf_ev_blobs(struct zf_app *app, struct zf_err *err)
{
	if (!app->blobs)
		zf_err_set(err, ZF_ENOTSUP, "证据文件存储未打开（数据目录下的 blobs）");
	return app->blobs;
}

int zf_ev_read_begin(struct zf_app *app, struct zf_db **db, struct zf_err *err)
{
	int rc = zf_dbpool_get(app->pool, db, 5000, err);

	if (!rc && (rc = zf_db_begin(*db, 0, err))) {
		zf_dbpool_put(app->pool, *db);
		*db = NULL;
	}
	return rc;
}

void zf_ev_read_end(struct zf_app *app, struct zf_db *db)
{
	if (!db)
		return;
	zf_db_rollback(db);
	zf_dbpool_put(app->pool, db);
}
