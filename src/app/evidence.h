/* Use cases of evidence (证据) and audio/video records: attach a complete upload to a case step with its capture metadata, withdraw it, list and read it, play it back and download it under a custody trail, verify the stored bytes against the log, and the AV requirement list that steps are held to. */
#ifndef ZF_APP_EVIDENCE_H
#define ZF_APP_EVIDENCE_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/tx.h"
#include "core/av_list.h"
#include "store/av_list.h"
#include "util/arena.h"

/* Kinds of evidence files (the words stored and used in the API). */
enum zf_evidence_kind {
	ZF_EV_PHOTO = 1, /* "photo"      照片 */
	ZF_EV_AUDIO,     /* "audio"      录音 */
	ZF_EV_VIDEO,     /* "video"      录像 */
	ZF_EV_SCAN,      /* "scan"       书证扫描件 */
	ZF_EV_ELECTRONIC /* "electronic" 电子数据 */
};

/* What the officer says about a file when attaching it. */
struct zf_evidence_input {
	const char *upload_id;     /* a complete upload of the actor's */
	int64_t case_id;
	const char *step_code;     /* the step it records (done or still to do) */
	int64_t step_id;           /* 0 = the step is still to be recorded; else a record of STEP_CODE */
	int kind;                  /* enum zf_evidence_kind; must agree with the sniffed media type
				    * (a video file is not a "photo") */
	const char *device;        /* capture device, e.g. 执法记录仪编号 (0..100 chars) */
	const int64_t *officer_ids; size_t nofficers; /* who captured it: officers of the case, >= 1 */
	int64_t captured_from, captured_to; /* instants, from <= to, not in the future */
	const char *place;         /* 1..200 chars */
	int has_coords;            /* 1 when LAT_E6/LON_E6 are given */
	int64_t lat_e6, lon_e6;    /* WGS-84 in 1e-6 degrees, |lat| <= 90e6, |lon| <= 180e6 */
	const char *description;   /* 0..2000 chars */
};

/* One evidence item as staff see it. */
struct zf_evidence {
	int64_t id, case_id;
	const char *step_code, *step_name;
	int64_t step_id;           /* 0 while unbound */
	const char *upload_id;
	const char *sha256, *sm3;  /* hex ("" when SM3 not computed) */
	uint64_t size;
	const char *filename;
	const char *media_type;    /* sniffed (libmagic) */
	int kind;
	int64_t duration_ms;
	const char *codec;
	int width, height;
	const char *device;
	const char *officers;      /* names and certificate numbers, "、" separated */
	const char *officers_json; /* their ids */
	int64_t captured_from, captured_to;
	const char *place;
	int has_coords; int64_t lat_e6, lon_e6;
	const char *description;
	const char *attached_by;   /* login */
	int64_t attached_at;
	int withdrawn;             /* 1 after a withdrawal */
	const char *withdrawn_reason, *withdrawn_by;
	int64_t withdrawn_at;
	const char *preview_state; /* "none", "pending", "ready", "failed" */
	const char *preview_sha256;
	int playable;              /* 1 when a browser plays the original (or the preview is ready) */
	int64_t log_index;         /* leaf index of the attach entry, -1 while pending */
};

/* One row of the custody trail. */
struct zf_custody {
	int64_t id;
	const char *action;        /* upload, attach, bind, view, download, withdraw, preview, verify */
	const char *label;         /* 上传, 附入案卷, 关联环节, 播放, 下载, 撤回, 生成预览, 校验 */
	const char *login;
	const char *addr;
	int64_t at;
	const char *detail;
};

/* Parses a kind word ("photo", ...) into enum zf_evidence_kind; 0 when unknown. */
int zf_evidence_kind_parse(const char *word);
/* The word and the Chinese label of KIND ("" when unknown). */
const char *zf_evidence_kind_word(int kind);
const char *zf_evidence_kind_label(int kind);

/* Attaches IN for ACTOR (ZF_PERM_EVIDENCE_WRITE, an officer assigned to
 * the case and not recused, or a leader of its body): validates every field
 * (Chinese messages naming "upload_id", "kind", "officers", "captured_from",
 * "place", ...), sniffs the media type from the bytes (libmagic) and reads
 * duration/codec/size (libavformat) — a file neither recognises as the
 * claimed kind is refused (ZF_EUNSUPPORTED_MEDIA) — then in one
 * transaction: the evidence row, the upload "attached", custody rows
 * "upload" and "attach", a history row (entity "evidence", its canonical
 * metadata with the digests) + record-log entry, an audit record. A video
 * Chromium cannot play is queued for a preview. *ID gets the new id. */
int zf_app_evidence_attach(struct zf_app *app, const struct zf_actor *actor,
			   const struct zf_evidence_input *in, int64_t *id, struct zf_err *err);

/* Withdraws evidence ID (撤回) with REASON (2..500 chars) for ACTOR (as for
 * attach): the row stays; a withdrawal row, custody "withdraw", history +
 * log entry. A withdrawn item no longer counts for the AV rule of a step
 * still to be recorded. ZF_ECONFLICT when withdrawn already. */
int zf_app_evidence_withdraw(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			     const char *reason, struct zf_err *err);

/* Lists the evidence of case CASE_ID (ZF_PERM_CASE_READ as zf_app_case_get
 * allows), oldest first, withdrawn ones included (marked). */
int zf_app_evidence_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int64_t case_id, struct zf_evidence **out, size_t *n, struct zf_err *err);

/* One line of a case's evidence inventory (证据清单). */
struct zf_evidence_line {
	struct zf_evidence e;      /* with log_index of its attach entry (-1 while pending) */
	int64_t verified_at;       /* the last custody "verify", 0 when never verified */
	const char *verify_result; /* its detail ("校验通过" or the problem found), "" when never */
};

/* The evidence inventory of case CASE_ID (readable as zf_app_evidence_list
 * allows: ZF_PERM_CASE_READ), oldest first, withdrawn items included, each
 * with the log index of its attach entry and its last verification. The
 * read is audited ("evidence_inventory"). */
int zf_app_evidence_inventory(struct zf_app *app, const struct zf_actor *actor,
			      struct zf_arena *a, int64_t case_id, struct zf_evidence_line **out,
			      size_t *n, struct zf_err *err);

/* Reads evidence ID with its custody trail (ZF_PERM_EVIDENCE_READ, the
 * case's body; supervisors all bodies). */
int zf_app_evidence_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			int64_t id, struct zf_evidence *out, struct zf_custody **trail,
			size_t *ntrail, struct zf_err *err);

/* Starts a playback session of evidence ID for ACTOR (as get): records
 * custody "view" (one per session, not per range request) and returns a
 * session token (64 hex, into TOKEN) valid for 4 hours, stored hashed. */
int zf_app_evidence_play(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			 char token[65], struct zf_err *err);

/* What to send for the media of evidence ID: the original, or its preview
 * when PREVIEW is 1 (ZF_ENOTFOUND when none is ready). For playback TOKEN
 * must be a live session of ACTOR for ID (ZF_EDENIED otherwise). For a
 * download (TOKEN NULL) custody "download" is recorded when FIRST is 1 (a
 * request starting at byte 0). *FD (the caller passes it to the answer)
 * and *SIZE, *MEDIA_TYPE, *FILENAME (in A). */
int zf_app_evidence_open(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int64_t id, int preview, const char *token, int first, int *fd,
			 uint64_t *size, const char **media_type, const char **filename,
			 struct zf_err *err);

/* ---- the AV rule of case steps (called by the case engine) ---- */

/* Checks the AV rule of step S of case CASE_ID under the body's AV list in
 * force inside TX, for a step about to be recorded: the evidence attached
 * for S->code, unbound and not withdrawn, must satisfy the rule ("av": an
 * audio or video file; "whole": a video covering the step, i.e. at least
 * one video; "av_or_photo": audio, video or photo). When it does not and
 * EXCEPTION_REASON (may be NULL) is one the list allows for the step, the
 * step may go on with the reason recorded; otherwise ZF_EINVAL with a
 * Chinese message saying which record is missing (field "evidence").
 * On success *PLAN is what zf_app_evidence_bind will do (in A). */
struct zf_av_plan;
int zf_app_evidence_gate(struct zf_tx *tx, struct zf_arena *a, int64_t case_id,
			 int64_t body_id, const char *procedure, const char *step_code,
			 const char *exception_reason, struct zf_av_plan **plan,
			 struct zf_err *err);

/* In the step's transaction, after the step row STEP_ID exists: binds the
 * unbound evidence of the step to it (custody "bind"), records the
 * exception when PLAN has one (av_exception row + history + log entry),
 * and returns in *IDS (JSON array of the evidence ids, new reference) what
 * the step's canonical record lists under "evidence". */
int zf_app_evidence_bind(struct zf_tx *tx, const struct zf_av_plan *plan, int64_t step_id,
			 json_t **ids, struct zf_err *err);

/* The exception reason PLAN records (what the step's canonical record
 * lists under "av_exception"), or NULL when it records none. */
const char *zf_av_plan_reason(const struct zf_av_plan *plan);

/* The AV list in force for BODY_ID (its live version, or the default
 * derived from the procedure definitions when none was stored: version 0),
 * new reference into *OUT. */
int zf_app_av_list(struct zf_app *app, int64_t body_id, json_t **out, int64_t *version,
		   struct zf_err *err);

/* zf_app_av_list with the time the version went live into *AT (0 for the
 * default; AT may be NULL), for the portal's "in force since". */
int zf_app_av_list_at(struct zf_app *app, int64_t body_id, json_t **out, int64_t *version,
		      int64_t *at, struct zf_err *err);

/* Stores LIST (zhifa-avlist/v1, core/av_list.h) as a draft for BODY_ID
 * (a reviewer or leader of that body; 0 = the actor's), validated against
 * the procedure definitions, logged (history entity "av_list"); the draft's
 * id into *ID (may be NULL). Not in force until approved. */
int zf_app_av_list_set(struct zf_app *app, const struct zf_actor *actor, int64_t body_id,
		       const json_t *list, int64_t *id, struct zf_err *err);

/* Draft ID goes live: ACTOR must be a leader (负责人) of its body and not its
 * drafter; it gets the body's next version (into *VERSION, may be NULL) and
 * the live version before it is superseded. Logged and audited. */
int zf_app_av_list_approve(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			   int64_t *version, struct zf_err *err);

/* Draft ID is rejected by a leader of its body for REASON (2 to 500 chars). */
int zf_app_av_list_reject(struct zf_app *app, const struct zf_actor *actor, int64_t id,
			  const char *reason, struct zf_err *err);

/* The rows of BODY_ID's list, newest first (array in A). With ACTOR NULL
 * (the portal) only the live and superseded versions; otherwise every row,
 * drafts and rejections included, for a reviewer or leader of that body. */
int zf_app_av_list_rows(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			int64_t body_id, struct zf_av_list_rec **rows, size_t *n,
			struct zf_err *err);

/* A step recorded without its AV record, with the reason given. */
struct zf_av_exception_row {
	int64_t id, case_id, step_id;
	const char *case_no, *title, *body_name;
	const char *step_code, *step_name, *rule, *reason, *recorded_by;
	int64_t recorded_at;
};

/* The AV exceptions for supervisors (all bodies) and leaders (own body),
 * newest first, at most LIMIT (1..500). */
int zf_app_av_exceptions(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			 int limit, struct zf_av_exception_row **out, size_t *n,
			 struct zf_err *err);

/* ---- previews, verification ---- */

/* Makes the next pending browser preview (Debian's ffmpeg, H.264/AAC MP4,
 * a separate derived blob; the original untouched), custody "preview".
 * *DONE 1 when one was processed. For the server's background worker. */
int zf_app_evidence_preview_next(struct zf_app *app, int *done, struct zf_err *err);

/* One finding of zf_app_evidence_verify. */
struct zf_evidence_finding {
	int64_t evidence_id, case_id;
	const char *case_no;
	const char *filename;
	const char *sha256;
	const char *problem;       /* Chinese: 文件缺失 / 内容被改动（SHA-256 不符） / 与记录日志不符 ... */
};

/* Rehashes the stored bytes of evidence items (ALL 1: every item; 0: the
 * items not verified in the last 30 days and every item attached since)
 * and checks each against its logged history row: digests and size as
 * logged, history row committed by its log entry. Findings into *OUT (in
 * A); *CHECKED the number of items looked at. 0 even with findings. */
int zf_app_evidence_verify(struct zf_app *app, struct zf_arena *a, int all,
			   struct zf_evidence_finding **out, size_t *n, int64_t *checked,
			   struct zf_err *err);

#endif
