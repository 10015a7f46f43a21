/* Workbench pages of evidence: a case's evidence list with the upload form, attaching (after a tus upload, or a small file sent as a plain multipart form), the item page with its player and custody trail, media and download with ranges, withdrawal. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/case.h"
#include "app/evidence.h"
#include "app/upload.h"
#include "core/av_list.h"
#include "core/role.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/time.h"
#include "web/evidence_view.h"
#include "web/handlers.h"
#include "web/request.h"
#include "web/view.h"
#include "web/wb_case.h"
#include "web/wb_evidence.h"

#define FILE_MAX ((uint64_t)64 << 20)   /* a file sent without JavaScript */
#define FIELDS_MAX (256 * 1024)         /* the other fields of that form together */
#define FIELD_MAX 4000                  /* bytes of one of them */
#define CHUNK_DEFAULT (8 << 20)         /* upload.js's chunk size */
#define REASON_MAX 500

static const char *const kinds[] = {"photo", "video", "audio", "scan", "electronic"};

/* The item as a page row: the API's view plus words for people. */
static json_t *item_json(struct zf_req *req, const struct zf_evidence *e)
{
	json_t *o = zf_view_evidence(e);
	json_object_set_new(o, "url", json_sprintf("/workbench/evidence/%lld", (long long)e->id));
	zf_view_evidence_words(o, e);
	json_object_set_new(o, "sha256_short", json_stringn(e->sha256 ? e->sha256 : "",
							     e->sha256 && strlen(e->sha256) > 12 ? 12 : (e->sha256 ? strlen(e->sha256) : 0)));
	(void)req;
	return o;
}

/* ------------------------------------------------------------------ */
/* The list and the upload form                                        */
/* ------------------------------------------------------------------ */

/* FORM's value of KEY (a string), or "". */
static const char *form_str(const json_t *form, const char *key)
{
	const char *s = json_string_value(json_object_get(form, key));
	return s ? s : "";
}

/* The steps of the case's procedure as choices: those the body's AV list
 * holds to a record first, then the others; the recorded steps last, as
 * "code:id". */
static json_t *step_choices(struct zf_req *req, const struct zf_case_view *v, const char *selected)
{
	json_t *list = NULL, *groups = json_array(), *av = json_array(), *other = json_array(),
	       *done = json_array();
	struct zf_err err = {0};
	int64_t version;
	const struct zf_procedure *p = v->proc;
	if (zf_app_av_list(req->app, v->c.body_id, &list, &version, &err))
		list = NULL;
	for (size_t i = 0; p && i < p->nsteps; i++) {
		const struct zf_step_def *s = &p->steps[i];
		struct zf_av_rule r = {.rule = s->av};
		if (list)
			zf_av_list_rule(list, p->code, s->code, &r);
		json_t *o = json_pack("{s:s,s:s,s:b}", "value", s->code, "label",
				      r.rule != ZF_AV_NONE ? zf_arena_printf(req->arena, "%s（%s）", s->name,
									    zf_av_rule_label(r.rule)) : s->name,
				      "selected", selected && !strcmp(selected, s->code));
		json_array_append_new(r.rule != ZF_AV_NONE ? av : other, o);
	}
	for (size_t i = 0; i < v->nsteps; i++) {
		const struct zf_case_step *s = &v->steps[i];
		const char *val = zf_arena_printf(req->arena, "%s:%lld", s->code, (long long)s->id);
		json_array_append_new(done, json_pack("{s:s,s:s,s:b}", "value", val, "label",
				      zf_arena_printf(req->arena, "第 %d 步 %s（已记录）", s->seq, s->name ? s->name : s->code),
				      "selected", selected && !strcmp(selected, val)));
	}
	json_decref(list);
	json_array_append_new(groups, json_pack("{s:s,s:o}", "label", "需要音像记录的环节", "options", av));
	json_array_append_new(groups, json_pack("{s:s,s:o}", "label", "已记录的环节", "options", done));
	json_array_append_new(groups, json_pack("{s:s,s:o}", "label", "其他环节", "options", other));
	return groups;
}

static json_t *officer_choices(struct zf_req *req, const struct zf_case_view *v, const json_t *chosen)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < v->nofficers; i++) {
		const struct zf_case_officer *o = &v->officers[i];
		const char *id = zf_arena_printf(req->arena, "%lld", (long long)o->officer_id);
		int checked = 0;
		size_t k;
		json_t *c;
		if (o->recused)
			continue;
		if (chosen) {
			json_array_foreach(chosen, k, c)
				if (json_is_string(c) && !strcmp(json_string_value(c), id))
					checked = 1;
		} else {
			checked = o->officer_id == req->actor.officer_id;
		}
		json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "value", id, "label",
				      zf_arena_printf(req->arena, "%s（执法证号 %s）", o->name ? o->name : "",
						      o->cert_no ? o->cert_no : ""), "checked", checked));
	}
	return arr;
}

/* Now as a datetime-local value in Beijing time. */
static const char *now_local(struct zf_req *req)
{
	char buf[20];
	zf_time_local(zf_clock_now(&req->app->clock), buf);
	buf[10] = 'T';
	return zf_arena_strdup(req->arena, buf);
}

/* Renders the evidence page of case ID with FORM (NULL: a fresh one) and ERR. */
static int list_page(struct zf_req *req, int64_t id, int status, json_t *form, const struct zf_err *err)
{
	struct zf_err e = {0};
	struct zf_case_view v;
	struct zf_evidence *items;
	size_t n;
	if (zf_app_case_get(req->app, &req->actor, req->arena, id, &v, &e) ||
	    zf_app_evidence_list(req->app, &req->actor, req->arena, id, &items, &n, &e)) {
		json_decref(form);
		return zf_resp_error(req, &e);
	}
	json_t *ctx = zf_wb_case_header(req, &v), *rows = json_array(), *kopts = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rows, item_json(req, &items[i]));
	if (!form) {
		const char *now = now_local(req);
		form = json_pack("{s:s,s:s}", "captured_from", now, "captured_to", now);
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		json_array_append_new(kopts, json_pack("{s:s,s:s,s:b}", "value", kinds[i], "label",
				      zf_evidence_kind_label(zf_evidence_kind_parse(kinds[i])),
				      "selected", !strcmp(form_str(form, "kind"), kinds[i])));
	json_object_set_new(ctx, "title", json_sprintf("证据与音像记录：%s",
			    json_string_value(json_object_get(json_object_get(ctx, "case"), "case_no"))));
	json_object_set_new(ctx, "items", rows);
	json_object_set_new(ctx, "has_items", json_boolean(n > 0));
	json_object_set_new(ctx, "can_write", json_boolean(zf_role_allows(req->actor.role, ZF_PERM_EVIDENCE_WRITE)));
	json_object_set_new(ctx, "steps", step_choices(req, &v, *form_str(form, "step") ? form_str(form, "step") : NULL));
	json_object_set_new(ctx, "kinds", kopts);
	json_object_set_new(ctx, "officer_choices", officer_choices(req, &v, json_object_get(form, "officers")));
	json_object_set_new(ctx, "file_action", json_sprintf("/workbench/cases/%lld/evidence/file?csrf=%s",
							      (long long)id, req->csrf));
	json_object_set_new(ctx, "attach_action", json_sprintf("/workbench/cases/%lld/evidence", (long long)id));
	json_object_set_new(ctx, "chunk", json_integer(CHUNK_DEFAULT));
	json_object_set_new(ctx, "file_max", json_string("64 MB"));
	const char *fields[] = {NULL};
	zf_form_keep(req, ctx, err, fields);
	json_object_set_new(ctx, "form", form);
	if (!err)
		json_object_set_new(ctx, "error", json_false());
	return zf_resp_html(req, status, "wb_evidence", ctx);
}

int route_wb_evidence_index(struct zf_req *req)
{
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	return list_page(req, id, 200, NULL, NULL);
}

/* Adds NAME=VALUE to the form object O: "officers" collects into an array. */
static void form_add(json_t *o, const char *name, const char *value)
{
	if (!strcmp(name, "officers")) {
		json_t *a = json_object_get(o, "officers");
		if (!a)
			json_object_set_new(o, "officers", a = json_array());
		if (*value)
			json_array_append_new(a, json_string(value));
	} else if (!json_object_get(o, name)) {
		json_object_set_new(o, name, json_string(value));
	}
}

/* Attaches what form object FORM says for case ID (the step choice "code" or
 * "code:id" split); *EV gets the new item. */
static int attach(struct zf_req *req, int64_t id, json_t *form, int64_t *ev, struct zf_err *err)
{
	struct zf_evidence_input in;
	json_t *o = json_deep_copy(form);
	const char *step = form_str(form, "step"), *colon = strchr(step, ':');
	if (colon) {
		json_object_set_new(o, "step", json_stringn(step, (size_t)(colon - step)));
		json_object_set_new(o, "step_id", json_string(colon + 1));
	}
	int rc = zf_evidence_input_read(o, id, req->arena, &in, err);
	if (!rc)
		rc = zf_app_evidence_attach(req->app, &req->actor, &in, ev, err);
	json_decref(o);
	return rc;
}

/* The answer to an attach: the item page, or the list again with the form
 * kept and the refusal (a refusal of the content: 4xx). */
static int attach_answer(struct zf_req *req, int64_t id, json_t *form, int64_t ev, const struct zf_err *err)
{
	if (!err->code) {
		json_decref(form);
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/evidence/%lld?attached=1",
							     (long long)ev));
	}
	if (err->code == ZF_EINVAL || err->code == ZF_EUNSUPPORTED_MEDIA || err->code == ZF_EDENIED ||
	    err->code == ZF_ECONFLICT || err->code == ZF_ETOOBIG || err->code == ZF_ENOTFOUND)
		return list_page(req, id, zf_http_status(err->code), form, err);
	json_decref(form);
	return zf_resp_error(req, err);
}

int route_wb_evidence_attach(struct zf_req *req)
{
	struct zf_err err = {0};
	const struct zf_form *f = &req->priv->form;
	int64_t id, ev = 0;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	json_t *form = json_object();
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, "csrf"))
			form_add(form, f->v[i].name, f->v[i].value);
	attach(req, id, form, &ev, &err);
	return attach_answer(req, id, form, ev, &err);
}

/* ------------------------------------------------------------------ */
/* A small file as a plain multipart form (no JavaScript)             */
/* ------------------------------------------------------------------ */

struct mp_state {
	int64_t case_id;
	struct MHD_PostProcessor *pp; /* libmicrohttpd's multipart/form-data reader */
	json_t *form;
	char name[256];        /* the current part's field name */
	int in_file;           /* the current part is the file */
	int had_file;
	uint64_t part_off;     /* bytes of the current part seen */
	struct zf_buf field;   /* the current field's value */
	size_t fields_total;
	int fd;                /* the file, spooled to an unnamed temporary file */
	uint64_t size;
	int too_big;           /* more than FILE_MAX: answered 413 */
	char filename[1024];
	char filetype[256];
	struct zf_err err;
};

#define TOO_BIG_MSG "文件超过 64 MB，网页直接上传最多 64 MB；请在支持 JavaScript 的浏览器中上传（支持断点续传，最大 16 GB）"

static int mp_field_end(struct mp_state *s, struct zf_err *err)
{
	if (!s->name[0] || s->in_file)
		return 0;
	const char *v = s->field.data ? s->field.data : "";
	if (!zf_str_utf8_ok(v, s->field.len, 1) || strlen(v) != s->field.len)
		return zf_err_field(err, s->name, "内容不是有效的 UTF-8 文字");
	form_add(s->form, s->name, v);
	zf_buf_free(&s->field);
	zf_buf_init(&s->field, FIELD_MAX);
	s->name[0] = '\0';
	return 0;
}

/* A new part NAME (FILENAME non-NULL for a file, of type CTYPE). */
static int mp_part(struct mp_state *s, const char *name, const char *filename, const char *ctype)
{
	if (mp_field_end(s, &s->err))
		return -1;
	zf_strlcpy(s->name, name, sizeof(s->name));
	s->part_off = 0;
	s->in_file = filename != NULL && !strcmp(name, "file");
	if (s->in_file) {
		if (s->had_file)
			return zf_err_field(&s->err, "file", "一次只能上传一个文件");
		s->had_file = 1;
		zf_strlcpy(s->filename, filename, sizeof(s->filename));
		zf_strlcpy(s->filetype, ctype ? ctype : "", sizeof(s->filetype));
	} else if (json_object_size(s->form) > 40) {
		return zf_err_set(&s->err, ZF_EINVAL, "表单字段过多");
	}
	return 0;
}

static int mp_data(struct mp_state *s, const char *p, size_t n)
{
	if (!s->in_file) {
		s->fields_total += n;
		if (s->fields_total > FIELDS_MAX || zf_buf_add(&s->field, p, n))
			return zf_err_field(&s->err, s->name, "填写的内容过长");
		return 0;
	}
	if (s->size + n > FILE_MAX) {
		s->too_big = 1;
		return zf_err_field(&s->err, "file", TOO_BIG_MSG);
	}
	for (size_t off = 0; off < n;) {
		ssize_t w = write(s->fd, p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return zf_err_set(&s->err, ZF_ERROR, "暂存上传的文件失败");
		off += (size_t)w;
	}
	s->size += n;
	return 0;
}

/* MHD's post processor calls this per piece of a field or file, OFF being
 * the piece's place in its part: a piece at 0 after bytes of the current
 * part (or under another name) starts the next part. */
static enum MHD_Result mp_iter(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *filename, const char *ctype, const char *encoding,
			       const char *data, uint64_t off, size_t size)
{
	struct mp_state *s = cls;
	int file = filename != NULL && key && !strcmp(key, "file");
	(void)kind;
	(void)encoding;
	if (!key)
		return MHD_NO;
	if (off == 0 && (s->part_off > 0 || !s->name[0] || strcmp(key, s->name) || file != s->in_file) &&
	    mp_part(s, key, filename, ctype))
		return MHD_NO;
	if (size && mp_data(s, data, size))
		return MHD_NO;
	s->part_off = off + size;
	return MHD_YES;
}

/* Ends the post processor; non-zero when the body was malformed or cut short. */
static int mp_close(struct mp_state *s)
{
	enum MHD_Result r = MHD_YES;
	if (s->pp)
		r = MHD_destroy_post_processor(s->pp);
	s->pp = NULL;
	return r != MHD_YES;
}

static void mp_free(struct mp_state *s)
{
	if (!s)
		return;
	mp_close(s);
	json_decref(s->form);
	zf_buf_free(&s->field);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

/* The refusal page for S's error (the form kept). */
static int mp_refuse(struct zf_req *req, struct mp_state *s)
{
	json_t *form = json_incref(s->form);
	if (!s->err.code)
		zf_err_field(&s->err, "file", "上传的表单格式不正确，请重新选择文件上传");
	if (s->too_big) {
		s->err.code = ZF_ETOOBIG;
		return list_page(req, s->case_id, 413, form, &s->err);
	}
	return attach_answer(req, s->case_id, form, 0, &s->err);
}

static int mp_begin(struct zf_req *req, void **state)
{
	struct mp_state *s = calloc(1, sizeof(*s));
	const char *cl = zf_req_header(req, "Content-Length"), *ct = zf_req_header(req, "Content-Type");
	int64_t len = 0;
	*state = NULL;
	if (!s)
		return zf_resp_error(req, &(struct zf_err){.code = ZF_ENOMEM, .msg = "内存不足"});
	s->fd = -1;
	s->form = json_object();
	zf_buf_init(&s->field, FIELD_MAX);
	*state = s;
	if (zf_view_arg_id(req, 0, &s->case_id))
		return 1;
	if (cl && !zf_str_to_i64(cl, 0, INT64_MAX, &len) && (uint64_t)len > FILE_MAX + FIELDS_MAX) {
		s->too_big = 1;
		zf_err_field(&s->err, "file", TOO_BIG_MSG);
		mp_refuse(req, s);
		return 1;
	}
	if (!ct || strncasecmp(ct, "multipart/form-data", 19) ||
	    !(s->pp = MHD_create_post_processor(req->priv->conn, 64 * 1024, mp_iter, s))) {
		zf_err_set(&s->err, ZF_EUNSUPPORTED_MEDIA, "上传文件的表单应为 multipart/form-data");
		mp_refuse(req, s);
		return 1;
	}
	/* An unnamed file beside the data (gone when closed), else in /tmp. */
	if (req->app->data_dir)
		s->fd = open(req->app->data_dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (s->fd < 0 && (s->fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) < 0) {
		zf_err_set(&s->err, ZF_ERROR, "暂存上传的文件失败");
		return zf_resp_error(req, &s->err) || 1;
	}
	return 0;
}

static int mp_data_cb(struct zf_req *req, void *state, const char *p, size_t n)
{
	struct mp_state *s = state;
	if (MHD_post_process(s->pp, p, n) == MHD_YES)
		return 0;
	mp_refuse(req, s);
	return 1;
}

static long read_fd(void *ctx, void *buf, size_t n)
{
	int fd = *(int *)ctx;
	for (;;) {
		ssize_t r = read(fd, buf, n);
		if (r >= 0 || errno != EINTR)
			return (long)r;
	}
}

static int mp_end(struct zf_req *req, void *state, int aborted)
{
	struct mp_state *s = state;
	struct zf_upload up;
	int64_t ev = 0;
	int rc = 0;
	if (aborted || !s) {
		mp_free(s);
		return 0;
	}
	if (mp_close(s) || mp_field_end(s, &s->err)) {
		rc = mp_refuse(req, s);
		goto done;
	}
	if (!s->had_file || !s->size) {
		zf_err_field(&s->err, "file", "请选择要上传的文件");
		rc = mp_refuse(req, s);
		goto done;
	}
	if (lseek(s->fd, 0, SEEK_SET) < 0 ||
	    zf_app_upload_stream(req->app, &req->actor, req->arena, s->filename, s->filetype, s->size,
				 read_fd, &s->fd, &up, &s->err)) {
		if (s->err.code == ZF_EINVAL && !s->err.nfields)
			zf_err_field(&s->err, "file", "%s", s->err.msg);
		rc = mp_refuse(req, s);
		goto done;
	}
	form_add(s->form, "upload_id", up.id);
	attach(req, s->case_id, s->form, &ev, &s->err);
	rc = attach_answer(req, s->case_id, json_incref(s->form), ev, &s->err);
done:
	mp_free(s);
	return rc;
}

const struct zf_stream_ops zf_wb_evidence_file_ops = {mp_begin, mp_data_cb, mp_end};

/* ------------------------------------------------------------------ */
/* The item                                                            */
/* ------------------------------------------------------------------ */

/* The player element for E: video, audio or img; NULL for other files. */
static const char *player_of(const struct zf_evidence *e)
{
	const char *t = e->media_type ? e->media_type : "";
	if (!strncmp(t, "video/", 6))
		return "video";
	if (!strncmp(t, "audio/", 6))
		return "audio";
	if (!strncmp(t, "image/", 6) && strcmp(t, "image/svg+xml"))
		return "img";
	return NULL;
}

static int item_page(struct zf_req *req, int64_t id, int status, const struct zf_err *refused)
{
	struct zf_err err = {0};
	struct zf_evidence e;
	struct zf_custody *trail;
	size_t n;
	if (zf_app_evidence_get(req->app, &req->actor, req->arena, id, &e, &trail, &n, &err))
		return zf_resp_error(req, &err);
	json_t *ctx = json_object(), *rows = json_array(), *item = item_json(req, &e);
	const char *player = player_of(&e);
	int preview = player && !strcmp(player, "video") && e.preview_state && !strcmp(e.preview_state, "ready");
	if (player && (e.playable || preview)) {
		/* The player comes with the token of a session the 「播放」 form
		 * started (one custody row per session); before that, the form. */
		const char *t = zf_req_query(req, "t");
		json_t *pl = json_pack("{s:b,s:b,s:b,s:b,s:s}", "video", !strcmp(player, "video"),
				       "audio", !strcmp(player, "audio"), "img", !strcmp(player, "img"),
				       "preview", preview, "play_url",
				       zf_arena_printf(req->arena, "/workbench/evidence/%lld/play", (long long)id));
		if (t && strlen(t) == 64 && strspn(t, "0123456789abcdef") == 64)
			json_object_set_new(pl, "src", json_sprintf("/workbench/evidence/%lld/media?t=%s%s",
								    (long long)id, t, preview ? "&preview=1" : ""));
		json_object_set_new(ctx, "player", pl);
	} else if (player && e.preview_state && !strcmp(e.preview_state, "pending")) {
		json_object_set_new(ctx, "preview_pending", json_true());
	} else if (player) {
		json_object_set_new(ctx, "not_playable", json_true());
	}
	for (size_t i = 0; i < n; i++) {
		json_t *c = zf_view_custody(&trail[i]);
		json_object_set_new(c, "at_text", zf_view_local_time(trail[i].at));
		json_array_append_new(rows, c);
	}
	json_object_set_new(ctx, "title", json_sprintf("证据：%s", e.filename ? e.filename : ""));
	json_object_set_new(ctx, "item", item);
	json_object_set_new(ctx, "trail", rows);
	json_object_set_new(ctx, "case_url", json_sprintf("/workbench/cases/%lld", (long long)e.case_id));
	json_object_set_new(ctx, "list_url", json_sprintf("/workbench/cases/%lld/evidence", (long long)e.case_id));
	json_object_set_new(ctx, "download_url", json_sprintf("/workbench/evidence/%lld/download", (long long)id));
	json_object_set_new(ctx, "withdraw_url", json_sprintf("/workbench/evidence/%lld/withdraw", (long long)id));
	json_object_set_new(ctx, "can_withdraw", json_boolean(!e.withdrawn &&
			    zf_role_allows(req->actor.role, ZF_PERM_EVIDENCE_WRITE)));
	if (zf_req_query(req, "attached"))
		json_object_set_new(ctx, "flash", json_string("证据已附入案卷，摘要值已写入记录日志"));
	else if (zf_req_query(req, "withdrawn"))
		json_object_set_new(ctx, "flash", json_string("证据已撤回，原文件和撤回理由均保留在案卷和记录日志中"));
	const char *fields[] = {"reason", NULL};
	zf_form_keep(req, ctx, refused, fields);
	if (!refused)
		json_object_set_new(ctx, "error", json_false());
	return zf_resp_html(req, status, "wb_evidence_item", ctx);
}

int route_wb_evidence_play(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;
	char token[65];
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_evidence_play(req->app, &req->actor, id, token, &err))
		return zf_resp_error(req, &err);
	return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/evidence/%lld?t=%s#player",
						     (long long)id, token));
}

int route_wb_evidence_show(struct zf_req *req)
{
	int64_t id;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	return item_page(req, id, 200, NULL);
}

/* A type safe to show inline; anything else is sent as plain bytes. */
static const char *inline_type(const char *t)
{
	static const char *const ok[] = {"image/jpeg", "image/png", "image/gif", "image/webp",
					 "application/pdf", NULL};
	if (t && (!strncmp(t, "video/", 6) || !strncmp(t, "audio/", 6)))
		return t;
	for (size_t i = 0; t && ok[i]; i++)
		if (!strcmp(t, ok[i]))
			return t;
	return "application/octet-stream";
}

int route_wb_evidence_media(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;
	int fd = -1;
	uint64_t size;
	const char *type, *name, *t = zf_req_query(req, "t"), *pv = zf_req_query(req, "preview");
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (!t || !*t) {
		zf_err_set(&err, ZF_EDENIED, "播放需要有效的播放凭证，请从证据页面打开");
		return zf_resp_error(req, &err);
	}
	if (zf_app_evidence_open(req->app, &req->actor, req->arena, id, pv && !strcmp(pv, "1"), t, 0, &fd,
				 &size, &type, &name, &err))
		return zf_resp_error(req, &err);
	zf_resp_header(req, "Cache-Control", "private, no-store");
	zf_resp_header(req, "Content-Disposition", "inline");
	return zf_resp_file_ranged(req, inline_type(type), fd, size, NULL);
}

/* Content-Disposition: attachment with an ASCII fallback and the UTF-8 name
 * (RFC 6266, RFC 5987 filename*). */
static const char *disposition(struct zf_req *req, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct zf_buf b;
	zf_buf_init(&b, 8192);
	zf_buf_puts(&b, "attachment; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		zf_buf_add(&b, *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' ? (const char *)p : "_", 1);
	zf_buf_puts(&b, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p)) {
			zf_buf_add(&b, (const char *)p, 1);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			zf_buf_add(&b, e, 3);
		}
	}
	const char *out = zf_arena_strdup(req->arena, b.failed ? "attachment" : zf_buf_cstr(&b));
	zf_buf_free(&b);
	return out;
}

/* 1 when the request asks for the file from its first byte (a new download). */
static int from_start(struct zf_req *req)
{
	uint64_t a, b;
	const char *range = zf_req_header(req, "Range");
	if (!range)
		return 1;
	int rc = zf_http_range_parse(range, UINT64_MAX, &a, &b);
	return rc == ZF_ENOTFOUND || (!rc && a == 0);
}

int route_wb_evidence_download(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;
	int fd = -1;
	uint64_t size;
	const char *type, *name;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	if (zf_app_evidence_open(req->app, &req->actor, req->arena, id, 0, NULL, from_start(req), &fd, &size,
				 &type, &name, &err))
		return zf_resp_error(req, &err);
	zf_resp_header(req, "Cache-Control", "private, no-store");
	zf_resp_header(req, "Content-Disposition", disposition(req, name && *name ? name : "evidence"));
	return zf_resp_file_ranged(req, type && *type ? type : "application/octet-stream", fd, size, NULL);
}

int route_wb_evidence_withdraw(struct zf_req *req)
{
	struct zf_err err = {0};
	int64_t id;
	char *reason;
	if (zf_view_arg_id(req, 0, &id))
		return 0;
	reason = zf_arena_strdup(req->arena, zf_req_param(req, "reason") ? zf_req_param(req, "reason") : "");
	zf_str_trim(reason);
	if (!reason || !*reason)
		zf_err_field(&err, "reason", "请填写撤回理由");
	else if (zf_str_chars(reason) > REASON_MAX)
		zf_err_field(&err, "reason", "撤回理由最多 %d 字", REASON_MAX);
	else if (!zf_app_evidence_withdraw(req->app, &req->actor, id, reason, &err))
		return zf_resp_redirect(req, zf_arena_printf(req->arena, "/workbench/evidence/%lld?withdrawn=1",
							     (long long)id));
	if (err.code == ZF_EINVAL || err.code == ZF_ECONFLICT) {
		if (err.code == ZF_EINVAL && !err.nfields)
			zf_err_field(&err, "reason", "%s", err.msg);
		return item_page(req, id, zf_http_status(err.code), &err);
	}
	return zf_resp_error(req, &err);
}

/* ------------------------------------------------------------------ */
/* On the case page                                                    */
/* ------------------------------------------------------------------ */

void zf_wb_evidence_case_section(struct zf_req *req, int64_t case_id, json_t *ctx, json_t *timeline)
{
	struct zf_err err = {0};
	struct zf_evidence *e;
	size_t n, withdrawn = 0, i;
	json_t *st;
	if (!zf_role_allows(req->actor.role, ZF_PERM_CASE_READ) ||
	    zf_app_evidence_list(req->app, &req->actor, req->arena, case_id, &e, &n, &err))
		return;
	for (size_t k = 0; k < n; k++)
		withdrawn += e[k].withdrawn != 0;
	json_object_set_new(ctx, "evidence", json_pack("{s:I,s:I,s:s}", "count", (json_int_t)(n - withdrawn),
			    "withdrawn", (json_int_t)withdrawn,
			    "url", zf_arena_printf(req->arena, "/workbench/cases/%lld/evidence", (long long)case_id)));
	json_array_foreach(timeline, i, st) {
		json_int_t sid = json_integer_value(json_object_get(st, "step_id"));
		json_t *list = json_array();
		for (size_t k = 0; k < n; k++)
			if (e[k].step_id && e[k].step_id == sid)
				json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:b}", "name", e[k].filename ? e[k].filename : "",
						      "kind", zf_evidence_kind_label(e[k].kind),
						      "url", zf_arena_printf(req->arena, "/workbench/evidence/%lld", (long long)e[k].id),
						      "withdrawn", e[k].withdrawn));
		json_object_set_new(st, "evidence", list);
	}
}
