/* Attaching evidence to a case step and withdrawing it: validation, the media check against the bytes, and the one transaction that writes the row, its custody and its log entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/case_int.h"
#include "app/evidence_int.h"
#include "app/ledger.h"
#include "app/upload.h"
#include "blob/media.h"
#include "core/procedure.h"
#include "core/role.h"
#include "util/str.h"

#define OFFICERS_MAX 16

static const struct {
	const char *word, *label;
} kinds[] = {
	{"photo", "照片"}, {"audio", "录音"}, {"video", "录像"}, {"scan", "书证扫描件"},
	{"electronic", "电子数据"},
};

int zf_evidence_kind_parse(const char *word)
{
	for (size_t i = 0; word && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].word, word))
			return (int)i + 1;
	return 0;
}

const char *zf_evidence_kind_word(int kind)
{
	return kind >= ZF_EV_PHOTO && kind <= ZF_EV_ELECTRONIC ? kinds[kind - 1].word : "";
}

const char *zf_evidence_kind_label(int kind)
{
	return kind >= ZF_EV_PHOTO && kind <= ZF_EV_ELECTRONIC ? kinds[kind - 1].label : "";
}

/* S, or "" for NULL. */
static const char *nn(const char *s)
{
	return s ? s : "";
}

/* ---- who may write ---- */

/* 0 when ACTOR may attach or withdraw evidence of case X: the command
 * line, an officer assigned to X and not recused, or a leader of X's body. */
static int may_write(const struct zf_actor *actor, const struct zf_case_ctx *x,
		     struct zf_err *err)
{
	if (actor->cli)
		return 0;
	if (!zf_role_allows(actor->role, ZF_PERM_EVIDENCE_WRITE))
		return zf_err_set(err, ZF_EDENIED, "无权附入或撤回证据");
	if (actor->body_id != x->c.body_id)
		return zf_err_set(err, ZF_EDENIED, "只能处理本执法主体案件的证据");
	if (actor->role == ZF_ROLE_LEADER || zf_case_officer_active(x, actor->officer_id))
		return 0;
	return zf_err_set(err, ZF_EDENIED, "只有承办本案且未回避的执法人员或本机关负责人可以处理证据");
}

/* ---- validation ---- */

/* 1 when S is 32 lowercase hex characters. */
static int upload_id_ok(const char *s)
{
	size_t i = 0;

	for (; s && s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == 32;
}

/* Checks that text S (may be NULL) has MIN..MAX characters of UTF-8 without
 * control characters (but newlines when ALLOW_NL); field error otherwise. */
static void text_check(const char *s, size_t min, size_t max, int allow_nl, const char *field,
		       const char *label, struct zf_err *err)
{
	const char *v = s ? s : "";

	if (min && zf_str_blank(v))
		zf_err_field(err, field, "请填写%s", label);
	else if (!zf_str_utf8_ok(v, strlen(v), allow_nl))
		zf_err_field(err, field, "%s含有无效字符", label);
	else if (zf_str_chars(v) > max)
		zf_err_field(err, field, "%s不能超过%zu个字", label, max);
}

/* Validates what IN says by itself (no database) at NOW. */
static int input_check(const struct zf_evidence_input *in, int64_t now, struct zf_err *err)
{
	if (!upload_id_ok(in->upload_id))
		zf_err_field(err, "upload_id", "上传编号无效（应为32位小写十六进制）");
	if (in->case_id <= 0)
		zf_err_field(err, "case_id", "请指定案件");
	if (zf_str_blank(in->step_code))
		zf_err_field(err, "step_code", "请选择证据所记录的环节");
	if (in->step_id < 0)
		zf_err_field(err, "step_id", "环节记录编号无效");
	if (!*zf_evidence_kind_word(in->kind))
		zf_err_field(err, "kind", "请选择证据类型（照片、录音、录像、书证扫描件或电子数据）");
	text_check(in->device, 0, 100, 0, "device", "采集设备", err);
	if (in->nofficers == 0 || !in->officer_ids)
		zf_err_field(err, "officers", "请选择至少一名采集人员");
	else if (in->nofficers > OFFICERS_MAX)
		zf_err_field(err, "officers", "采集人员不能超过%d名", OFFICERS_MAX);
	for (size_t i = 0; i < in->nofficers && i < OFFICERS_MAX && in->officer_ids; i++)
		for (size_t j = 0; j < i; j++)
			if (in->officer_ids[i] == in->officer_ids[j]) {
				zf_err_field(err, "officers", "采集人员重复");
				i = in->nofficers;
				break;
			}
	if (in->captured_from <= 0)
		zf_err_field(err, "captured_from", "请填写采集开始时间");
	else if (in->captured_from > now)
		zf_err_field(err, "captured_from", "采集开始时间不能晚于当前时间");
	if (in->captured_to <= 0)
		zf_err_field(err, "captured_to", "请填写采集结束时间");
	else if (in->captured_to < in->captured_from)
		zf_err_field(err, "captured_to", "采集结束时间不能早于开始时间");
	else if (in->captured_to > now)
		zf_err_field(err, "captured_to", "采集结束时间不能晚于当前时间");
	text_check(in->place, 1, 200, 0, "place", "采集地点", err);
	if (in->has_coords && (in->lat_e6 < -90000000 || in->lat_e6 > 90000000 ||
			       in->lon_e6 < -180000000 || in->lon_e6 > 180000000))
		zf_err_field(err, "coords", "坐标超出范围（纬度±90°，经度±180°）");
	text_check(in->description, 0, 2000, 1, "description", "说明", err);
	return err && err->nfields ? ZF_EINVAL : 0;
}

/* Reads upload ID in a snapshot: it must be ACTOR's and complete. */
static int upload_read(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		       const char *id, struct zf_evidence_upload *up, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc = zf_ev_read_begin(app, &db, err);

	if (!rc)
		rc = zf_store_evidence_upload_get(db, a, id, up, err);
	zf_ev_read_end(app, db);
	if (rc == ZF_ENOTFOUND || (!rc && !actor->cli && up->account_id != actor->account_id)) {
		zf_err_clear(err);
		return zf_err_field(err, "upload_id", "上传不存在");
	}
	if (rc)
		return rc;
	if (!strcmp(up->state, "attached"))
		return zf_err_field(err, "upload_id", "该上传已附入案卷");
	if (!strcmp(up->state, "open"))
		return zf_err_field(err, "upload_id", "上传尚未完成，请等待文件传完");
	if (strcmp(up->state, "complete") != 0)
		return zf_err_field(err, "upload_id", "上传已失效，请重新上传");
	return 0;
}

/* 1 when media class CLS may be evidence of KIND. */
static int kind_fits(int kind, int cls)
{
	switch (kind) {
	case ZF_EV_PHOTO:
		return cls == ZF_MEDIA_IMAGE;
	case ZF_EV_AUDIO:
		return cls == ZF_MEDIA_AUDIO;
	case ZF_EV_VIDEO:
		return cls == ZF_MEDIA_VIDEO;
	case ZF_EV_SCAN:
		return cls == ZF_MEDIA_IMAGE || cls == ZF_MEDIA_DOCUMENT;
	default:
		return 1;
	}
}

/* Sniffs and probes the blob of UP into *MI and checks it against KIND. */
static int media_check(struct zf_app *app, const struct zf_evidence_upload *up, int kind,
		       struct zf_media_info *mi, struct zf_err *err)
{
	struct zf_blob_store *bs = zf_ev_blobs(app, err);
	char path[4096];
	int rc = bs ? zf_blob_local_path(bs, up->sha256, path, sizeof(path), err) : ZF_ENOTSUP;

	if (rc || (rc = zf_media_probe(path, (uint64_t)up->length, mi, err)))
		return rc;
	if (!kind_fits(kind, mi->cls)) {
		zf_err_field(err, "kind", "文件内容是 %s，不能作为%s附入", mi->media_type,
			     zf_evidence_kind_label(kind));
		return err ? (err->code = ZF_EUNSUPPORTED_MEDIA) : ZF_EUNSUPPORTED_MEDIA;
	}
	return 0;
}

/* Checks IN against case X: step of its procedure, record of that step,
 * officers of the case. */
static int case_check(const struct zf_case_ctx *x, const struct zf_evidence_input *in,
		      struct zf_err *err)
{
	int found = 0;

	if (!zf_procedure_step(x->proc, in->step_code))
		zf_err_field(err, "step_code", "本案的程序没有环节 %s", in->step_code);
	for (size_t i = 0; in->step_id && i < x->nsteps; i++)
		found |= x->steps[i].id == in->step_id && !strcmp(x->steps[i].code, in->step_code);
	if (in->step_id && !found)
		zf_err_field(err, "step_id", "本案没有该环节的这条记录");
	for (size_t i = 0; i < in->nofficers; i++) {
		size_t j = 0;
		while (j < x->nofficers && x->officers[j].officer_id != in->officer_ids[i])
			j++;
		if (j == x->nofficers) {
			zf_err_field(err, "officers", "采集人员（编号%lld）不是本案的执法人员",
				     (long long)in->officer_ids[i]);
			break;
		}
	}
	return err && err->nfields ? ZF_EINVAL : 0;
}

/* The officer ids of IN as a JSON array text (malloc'd). */
static char *officer_ids(const struct zf_evidence_input *in)
{
	json_t *a = json_array();
	char *out;

	for (size_t i = 0; a && i < in->nofficers; i++)
		if (json_array_append_new(a, json_integer(in->officer_ids[i]))) {
			json_decref(a);
			return NULL;
		}
	out = a ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	return out;
}

/* The writes of an attach inside TX. */
static int attach_write(struct zf_tx *tx, struct zf_evidence_rec *e,
			const struct zf_evidence_upload *up, struct zf_err *err)
{
	char detail[400], target[48];
	char *canon = NULL;
	int rc;

	if ((rc = zf_store_evidence_insert(tx->db, e, &e->id, err)) ||
	    (rc = zf_store_evidence_upload_attach(tx->db, up->id, tx->now, err)))
		return rc;
	snprintf(detail, sizeof(detail), "%s（%lld 字节）", up->filename, (long long)up->length);
	if ((rc = zf_ev_custody(tx, e->id, "upload", up->created_at, detail, err)) ||
	    (rc = zf_ev_custody(tx, e->id, "attach", tx->now, e->step_code, err)))
		return rc;
	if (!(canon = zf_ev_canon(e, 1)))
		return zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
	struct zf_history h = {.entity = "evidence", .entity_id = e->id,
			       .action = "evidence_attach", .after_json = canon};
	rc = zf_app_log_history(tx, &h, NULL, err);
	free(canon);
	snprintf(target, sizeof(target), "evidence:%lld", (long long)e->id);
	return rc ? rc : zf_tx_audit(tx, "evidence_attach", target, "ok", e->sha256, err);
}

int zf_app_evidence_attach(struct zf_app *app, const struct zf_actor *actor,
			   const struct zf_evidence_input *in, int64_t *id, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_evidence_upload up = {0};
	struct zf_media_info mi = {0};
	struct zf_case_ctx x = {0};
	struct zf_tx tx = {0};
	char *offs = NULL;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_EVIDENCE_WRITE)) {
		rc = zf_err_set(err, ZF_EDENIED, "无权附入证据");
		goto out;
	}
	if ((rc = input_check(in, zf_clock_now(&app->clock), err)) ||
	    (rc = upload_read(app, actor, a, in->upload_id, &up, err)) ||
	    (rc = media_check(app, &up, in->kind, &mi, err)))
		goto out;
	if (!(offs = officer_ids(in))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
		goto out;
	}
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto out;
	if (!(rc = zf_case_ctx_load(&x, app, tx.db, a, in->case_id, NULL, err)) &&
	    !(rc = may_write(actor, &x, err)) && !(rc = case_check(&x, in, err))) {
		int av = mi.cls == ZF_MEDIA_VIDEO || mi.cls == ZF_MEDIA_AUDIO;
		struct zf_evidence_rec e = {
			.case_id = in->case_id, .step_code = in->step_code, .step_id = in->step_id,
			.upload_id = up.id, .sha256 = up.sha256, .sm3 = up.sm3, .size = up.length,
			.filename = up.filename, .media_type = mi.media_type,
			.kind = zf_evidence_kind_word(in->kind), .duration_ms = mi.duration_ms,
			.codec = *mi.video_codec ? mi.video_codec : mi.audio_codec,
			.width = mi.width, .height = mi.height, .device = nn(in->device),
			.officers_json = offs, .captured_from = in->captured_from,
			.captured_to = in->captured_to, .place = in->place,
			.has_coords = in->has_coords, .lat_e6 = in->lat_e6, .lon_e6 = in->lon_e6,
			.description = nn(in->description),
			.attached_by = actor->account_id, .attached_at = tx.now,
			.preview_state = av && !mi.browser_playable ? "pending" : "none",
		};
		if (!(rc = attach_write(&tx, &e, &up, err)) && id)
			*id = e.id;
	}
	if (rc == ZF_ENOTFOUND && !x.c.id)
		zf_err_field(err, "case_id", "案件不存在");
	rc = zf_tx_end(&tx, rc, err);
out:
	zf_case_ctx_free(&x);
	free(offs);
	zf_arena_free(a);
	return rc;
}

/* ---- withdrawal ---- */

/* The writes of a withdrawal of E inside TX. */
static int withdraw_write(struct zf_tx *tx, const struct zf_evidence_rec *e, const char *reason,
			  struct zf_err *err)
{
	json_t *o = json_pack("{sIsssIsI}", "evidence_id", (json_int_t)e->id, "reason", reason,
			      "withdrawn_by", (json_int_t)tx->actor->account_id, "withdrawn_at",
			      (json_int_t)tx->now);
	char *canon = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char target[48];
	int rc;

	json_decref(o);
	if (!canon)
		return zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
	struct zf_history h = {.entity = "evidence_withdrawal", .entity_id = e->id,
			       .action = "evidence_withdraw", .after_json = canon};
	snprintf(target, sizeof(target), "evidence:%lld", (long long)e->id);
	if (!(rc = zf_store_evidence_withdraw(tx->db, e->id, reason, tx->actor->account_id,
					      tx->now, err)) &&
	    !(rc = zf_ev_custody(tx, e->id, "withdraw", tx->now, reason, err)) &&
	    !(rc = zf_app_log_history(tx, &h, NULL, err)))
		rc = zf_tx_audit(tx, "evidence_withdraw", target, "ok", reason, err);
	free(canon);
	return rc;
}

int zf_app_evidence_withdraw(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			     const char *reason, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_evidence_rec e = {0};
	struct zf_case_ctx x = {0};
	struct zf_tx tx = {0};
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_EVIDENCE_WRITE)) {
		rc = zf_err_set(err, ZF_EDENIED, "无权撤回证据");
		goto out;
	}
	text_check(reason, 1, 500, 1, "reason", "撤回理由", err);
	if (!(err && err->nfields) && zf_str_chars(reason) < 2)
		zf_err_field(err, "reason", "撤回理由至少2个字");
	if (err && err->nfields) {
		rc = ZF_EINVAL;
		goto out;
	}
	if ((rc = zf_tx_begin(&tx, app, actor, err)))
		goto out;
	if (!(rc = zf_store_evidence_get(tx.db, a, id, &e, err)) &&
	    !(rc = zf_case_ctx_load(&x, app, tx.db, a, e.case_id, NULL, err)) &&
	    !(rc = may_write(actor, &x, err))) {
		if (e.withdrawn) {
			zf_err_field(err, "reason", "证据已撤回");
			rc = err ? (err->code = ZF_ECONFLICT) : ZF_ECONFLICT;
		}
		else
			rc = withdraw_write(&tx, &e, reason, err);
	}
	rc = zf_tx_end(&tx, rc, err);
out:
	zf_case_ctx_free(&x);
	zf_arena_free(a);
	return rc;
}
