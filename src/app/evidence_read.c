/* Reading evidence: the list of a case, one item with its custody trail, playback sessions and opening the original or its preview for playback or download. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/case.h"
#include "app/case_int.h"
#include "app/evidence_int.h"
#include "app/upload.h"
#include "core/procedure.h"
#include "core/role.h"
#include "store/history.h"
#include "util/buf.h"
#include "util/crypto.h"

#define SESSION_SECONDS (4 * 3600)

/* 0 when ACTOR may read evidence of BODY_ID (ZF_PERM_EVIDENCE_READ, own
 * body; all bodies for roles that see them). */
static int may_read_evidence(const struct zf_actor *actor, int64_t body_id, struct zf_err *err)
{
	if (actor->cli)
		return 0;
	if (!zf_role_allows(actor->role, ZF_PERM_EVIDENCE_READ))
		return zf_err_set(err, ZF_EDENIED, "无权查看证据");
	if (zf_role_all_bodies(actor->role) || actor->body_id == body_id)
		return 0;
	return zf_err_set(err, ZF_EDENIED, "只能查看本执法主体的证据");
}

/* The officers named by R's officers_json, "姓名（执法证号）" joined by "、",
 * from OFFS (the case's officers), into A. */
static const char *officer_names(struct zf_arena *a, const struct zf_evidence_rec *r,
				 const struct zf_case_officer_rec *offs, size_t noffs)
{
	json_t *ids = json_loads(r->officers_json ? r->officers_json : "[]", 0, NULL), *v;
	struct zf_buf b;
	const char *out;
	size_t i;

	zf_buf_init(&b, 4096);
	json_array_foreach(ids, i, v) {
		int64_t id = (int64_t)json_integer_value(v);
		size_t j = 0;
		while (j < noffs && offs[j].officer_id != id)
			j++;
		if (i)
			zf_buf_puts(&b, "、");
		if (j < noffs)
			zf_buf_printf(&b, "%s（%s）", offs[j].name, offs[j].cert_no);
		else
			zf_buf_printf(&b, "执法人员%lld", (long long)id);
	}
	json_decref(ids);
	out = b.failed ? "" : zf_arena_strdup(a, zf_buf_cstr(&b));
	zf_buf_free(&b);
	return out ? out : "";
}

/* Fills OUT from row R (strings borrowed from R, in A), STEP_NAME from the
 * case's procedure P (may be NULL). */
static void from_row(struct zf_arena *a, const struct zf_evidence_rec *r,
		     const struct zf_procedure *p, const struct zf_case_officer_rec *offs,
		     size_t noffs, struct zf_evidence *out)
{
	const struct zf_step_def *s = p ? zf_procedure_step(p, r->step_code) : NULL;

	*out = (struct zf_evidence){
		.id = r->id, .case_id = r->case_id, .step_code = r->step_code,
		.step_name = s ? s->name : r->step_code, .step_id = r->step_id,
		.upload_id = r->upload_id, .sha256 = r->sha256, .sm3 = r->sm3,
		.size = (uint64_t)r->size, .filename = r->filename, .media_type = r->media_type,
		.kind = zf_evidence_kind_parse(r->kind), .duration_ms = r->duration_ms,
		.codec = r->codec, .width = r->width, .height = r->height, .device = r->device,
		.officers = officer_names(a, r, offs, noffs), .officers_json = r->officers_json,
		.captured_from = r->captured_from, .captured_to = r->captured_to, .place = r->place,
		.has_coords = r->has_coords, .lat_e6 = r->lat_e6, .lon_e6 = r->lon_e6,
		.description = r->description, .attached_by = r->attached_login,
		.attached_at = r->attached_at, .withdrawn = r->withdrawn,
		.withdrawn_reason = r->withdrawn_reason, .withdrawn_by = r->withdrawn_login,
		.withdrawn_at = r->withdrawn_at, .preview_state = r->preview_state,
		.preview_sha256 = r->preview_sha256,
		.playable = !strcmp(r->preview_state, "none") || !strcmp(r->preview_state, "ready"),
		.log_index = -1,
	};
}

/* The procedure case CASE_ID is handled under, NULL when unknown. */
static const struct zf_procedure *case_procedure(struct zf_app *app, struct zf_db *db,
						 struct zf_arena *a, int64_t case_id)
{
	struct zf_case_rec c;
	struct zf_err ignored = {0};

	if (zf_store_case_get(db, a, case_id, &c, &ignored))
		return NULL;
	return zf_procedure_find(zf_app_procedures(app), c.procedure);
}

int zf_app_evidence_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int64_t case_id, struct zf_evidence **out, size_t *n, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_case_rec c;
	struct zf_evidence_rec *rows = NULL;
	struct zf_case_officer_rec *offs = NULL;
	size_t noffs = 0;
	int rc = zf_ev_read_begin(app, &db, err);

	*out = NULL;
	*n = 0;
	if (rc || (rc = zf_store_case_get(db, a, case_id, &c, err)) ||
	    (rc = zf_case_may_read(actor, c.body_id, err)) ||
	    (rc = zf_store_case_officer_list(db, a, case_id, &offs, &noffs, err)) ||
	    (rc = zf_store_evidence_list(db, a, case_id, &rows, n, err)))
		goto out;
	if (*n && !(*out = zf_arena_alloc(a, *n * sizeof(**out)))) {
		*n = 0;
		rc = zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
		goto out;
	}
	const struct zf_procedure *p = zf_procedure_find(zf_app_procedures(app), c.procedure);
	for (size_t i = 0; i < *n; i++)
		from_row(a, &rows[i], p, offs, noffs, &(*out)[i]);
out:
	zf_ev_read_end(app, db);
	return rc;
}

/* Reads evidence ID into *R in DB for ACTOR's reading. */
static int load_readable(struct zf_db *db, struct zf_arena *a, const struct zf_actor *actor,
			 int64_t id, struct zf_evidence_rec *r, struct zf_err *err)
{
	int rc = zf_store_evidence_get(db, a, id, r, err);

	return rc ? rc : may_read_evidence(actor, r->body_id, err);
}

int zf_app_evidence_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			int64_t id, struct zf_evidence *out, struct zf_custody **trail,
			size_t *ntrail, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_evidence_rec r;
	struct zf_custody_rec *c = NULL;
	struct zf_case_officer_rec *offs = NULL;
	struct zf_history *hist = NULL;
	size_t noffs = 0, nc = 0, nh = 0;
	int64_t idx = -1;
	const char *entry = NULL;
	int rc = zf_ev_read_begin(app, &db, err);

	*trail = NULL;
	*ntrail = 0;
	if (rc || (rc = load_readable(db, a, actor, id, &r, err)) ||
	    (rc = zf_store_case_officer_list(db, a, r.case_id, &offs, &noffs, err)) ||
	    (rc = zf_store_custody_list(db, a, id, &c, &nc, err)) ||
	    (rc = zf_store_history_list(db, a, "evidence", id, &hist, &nh, err)))
		goto out;
	from_row(a, &r, case_procedure(app, db, a, r.case_id), offs, noffs, out);
	if (nh && !zf_store_evidence_log_entry(db, a, hist[nh - 1].id, &entry, &idx, NULL))
		out->log_index = idx;
	if (nc && !(*trail = zf_arena_alloc(a, nc * sizeof(**trail)))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
		goto out;
	}
	for (size_t i = 0; i < nc; i++)
		(*trail)[i] = (struct zf_custody){.id = c[i].id, .action = c[i].action,
						  .label = zf_ev_custody_label(c[i].action),
						  .login = c[i].login, .addr = c[i].addr,
						  .at = c[i].at, .detail = c[i].detail};
	*ntrail = nc;
out:
	zf_ev_read_end(app, db);
	return rc;
}

/* ---- playback and download ---- */

int zf_app_evidence_play(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			 char token[65], struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_evidence_rec r;
	struct zf_tx tx = {0};
	char hash[65];
	int rc;

	token[0] = '\0';
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
	if (zf_random_token(token) || zf_sha256_hex(token, hash)) {
		zf_arena_free(a);
		token[0] = '\0';
		return zf_err_set(err, ZF_ERROR, "无法生成随机数");
	}
	if (!(rc = zf_tx_begin(&tx, app, actor, err))) {
		if (!(rc = load_readable(tx.db, a, actor, id, &r, err)) &&
		    !(rc = zf_store_evidence_session_add(tx.db, hash, id, actor->account_id,
							 tx.now + SESSION_SECONDS, tx.now, err)))
			rc = zf_ev_custody(&tx, id, "view", tx.now, "", err);
		rc = zf_tx_end(&tx, rc, err);
	}
	if (rc)
		zf_wipe(token, 65);
	zf_arena_free(a);
	return rc;
}

/* Records custody "download" of R (its preview when PREVIEW). */
static int record_download(struct zf_app *app, const struct zf_actor *actor,
			   const struct zf_evidence_rec *r, int preview, struct zf_err *err)
{
	struct zf_tx tx = {0};
	int rc = zf_tx_begin(&tx, app, actor, err);

	if (rc)
		return rc;
	rc = zf_ev_custody(&tx, r->id, "download", tx.now, preview ? "预览文件" : "原始文件", err);
	return zf_tx_end(&tx, rc, err);
}

int zf_app_evidence_open(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int64_t id, int preview, const char *token, int first, int *fd,
			 uint64_t *size, const char **media_type, const char **filename,
			 struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_evidence_rec r;
	char hash[65];
	int rc = zf_ev_read_begin(app, &db, err);

	*fd = -1;
	if (rc || (rc = load_readable(db, a, actor, id, &r, err)))
		goto out;
	if (token) {
		if (zf_sha256_hex(token, hash) ||
		    (rc = zf_store_evidence_session_live(db, hash, id, actor->account_id,
							 zf_clock_now(&app->clock), err)) == 0) {
			rc = zf_err_set(err, ZF_EDENIED, "播放会话无效或已过期，请重新打开播放页");
			goto out;
		}
		if (rc < 0)
			goto out;
		rc = 0;
	}
	if (preview && strcmp(r.preview_state, "ready") != 0) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "该证据没有可用的预览文件");
		goto out;
	}
	zf_ev_read_end(app, db);
	db = NULL;
	if (!token && first && (rc = record_download(app, actor, &r, preview, err)))
		goto out;
	if (!zf_ev_blobs(app, err)) {
		rc = ZF_ENOTSUP;
		goto out;
	}
	if ((rc = zf_blob_open_fd(app->blobs, preview ? r.preview_sha256 : r.sha256, fd,
				  size, err)))
		goto out;
	*media_type = preview ? "video/mp4" : r.media_type;
	*filename = r.filename;
	if (preview) {
		size_t n = strlen(r.filename) + sizeof(".preview.mp4");
		char *f = zf_arena_alloc(a, n);
		if (f)
			snprintf(f, n, "%s.preview.mp4", r.filename);
		*filename = f ? f : "preview.mp4";
	}
out:
	zf_ev_read_end(app, db);
	return rc;
}
