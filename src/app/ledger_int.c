/* Internal to app/ledger*.c: the hash reader over the database, the data-folder files, checkpoint notes. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/account.h"
#include "app/ledger.h"
#include "app/ledger_int.h"
#include "app/registry.h"
#include "store/account.h"
#include "store/case.h"
#include "store/log.h"
#include "store/registry.h"
#include "util/arena.h"
#include "util/buf.h"

#define MSG_NOMEM "内存不足"

void zf_app_log_reader_init(struct zf_log_reader *r, struct zf_db *db, struct zf_err *err)
{
	memset(r, 0, sizeof(*r));
	r->db = db;
	r->err = err;
}

struct zf_log_tiles {
	pthread_mutex_t mu;
	uint64_t tick; /* bumped at every use; an entry's last use orders the LRU */
	struct {
		uint64_t last; /* 0 = empty */
		int64_t level, tile;
		zf_hash h[ZF_TILE_WIDTH];
	} e[ZF_LOG_TILE_CACHE];
};

int zf_app_log_tiles_new(struct zf_log_tiles **out)
{
	struct zf_log_tiles *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return -1;
	if (pthread_mutex_init(&c->mu, NULL)) {
		free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void zf_app_log_tiles_free(struct zf_log_tiles *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->mu);
	free(c);
}

/* Copies full row (LEVEL, TILE) from C into H: 1 when C holds it, else 0. */
static int tiles_get(struct zf_log_tiles *c, int64_t level, int64_t tile, zf_hash *h)
{
	int hit = 0;

	pthread_mutex_lock(&c->mu);
	for (int i = 0; i < ZF_LOG_TILE_CACHE; i++)
		if (c->e[i].last && c->e[i].level == level && c->e[i].tile == tile) {
			c->e[i].last = ++c->tick;
			memcpy(h, c->e[i].h, sizeof(c->e[i].h));
			hit = 1;
			break;
		}
	pthread_mutex_unlock(&c->mu);
	return hit;
}

/* Keeps full row (LEVEL, TILE) = H in C, in place of the least recently used. */
static void tiles_put(struct zf_log_tiles *c, int64_t level, int64_t tile, const zf_hash *h)
{
	int v = 0;

	pthread_mutex_lock(&c->mu);
	for (int i = 0; i < ZF_LOG_TILE_CACHE; i++) {
		if (c->e[i].last && c->e[i].level == level && c->e[i].tile == tile) {
			v = -1; /* another thread got here first */
			break;
		}
		if (c->e[i].last < c->e[v].last)
			v = i;
	}
	if (v >= 0) {
		c->e[v].last = ++c->tick;
		c->e[v].level = level;
		c->e[v].tile = tile;
		memcpy(c->e[v].h, h, sizeof(c->e[v].h));
	}
	pthread_mutex_unlock(&c->mu);
}

/* Loads tile row (LEVEL, TILE) into slot S of R. */
static int reader_load(struct zf_log_reader *r, int s, int64_t level, int64_t tile)
{
	struct zf_arena *a = NULL;
	struct zf_log_hash *rows = NULL;
	size_t n = 0;
	int rc;

	r->slot[s].used = 0;
	if (r->cache && tiles_get(r->cache, level, tile, r->slot[s].h)) {
		r->slot[s].n = ZF_TILE_WIDTH;
		r->slot[s].used = 1;
		r->slot[s].level = level;
		r->slot[s].tile = tile;
		return 0;
	}
	if (!(a = zf_arena_new(0)))
		return zf_err_set(r->err, ZF_ENOMEM, MSG_NOMEM);
	rc = zf_store_log_hash_range(r->db, a, level, tile * ZF_TILE_WIDTH,
				     (tile + 1) * ZF_TILE_WIDTH, &rows, &n, r->err);
	for (size_t i = 0; !rc && i < n; i++) {
		/* Rows must run from the row's start without a gap. */
		if (rows[i].idx != tile * ZF_TILE_WIDTH + (int64_t)i)
			break;
		if (zf_hash_from_b64(rows[i].hash, r->slot[s].h[i]))
			rc = zf_err_set(r->err, ZF_ERROR, "log_hash level %lld idx %lld：不是有效的哈希",
					(long long)level, (long long)rows[i].idx);
		r->slot[s].n = (int)i + 1;
	}
	if (!rc) {
		if (n == 0)
			r->slot[s].n = 0;
		r->slot[s].used = 1;
		r->slot[s].level = level;
		r->slot[s].tile = tile;
		if (r->cache && r->slot[s].n == ZF_TILE_WIDTH)
			tiles_put(r->cache, level, tile, r->slot[s].h);
	}
	zf_arena_free(a);
	return rc;
}

int zf_app_log_reader_read(void *ctx, int level, uint64_t idx, zf_hash out)
{
	struct zf_log_reader *r = ctx;
	int64_t tile = (int64_t)(idx / ZF_TILE_WIDTH);
	int pos = (int)(idx % ZF_TILE_WIDTH), s;

	if (level < 0 || level > 63 || idx > (uint64_t)INT64_MAX)
		return -1;
	for (s = 0; s < ZF_LOG_READER_SLOTS; s++)
		if (r->slot[s].used && r->slot[s].level == level && r->slot[s].tile == tile)
			break;
	if (s == ZF_LOG_READER_SLOTS) {
		s = r->next;
		r->next = (r->next + 1) % ZF_LOG_READER_SLOTS;
		if (reader_load(r, s, level, tile))
			return -1;
	}
	if (pos >= r->slot[s].n) {
		zf_err_set(r->err, ZF_ERROR, "log_hash level %d idx %llu 缺失", level,
			   (unsigned long long)idx);
		return -1;
	}
	memcpy(out, r->slot[s].h[pos], ZF_HASH_LEN);
	return 0;
}

int zf_app_log_path(const char *dir, const char *name, char *out, size_t n, struct zf_err *err)
{
	int w = snprintf(out, n, "%s/%s", dir && *dir ? dir : ".", name);

	if (w < 0 || (size_t)w >= n)
		return zf_err_set(err, ZF_EINVAL, "数据目录路径过长");
	return 0;
}

int zf_app_log_kept_read(const char *dir, char **note, size_t *len, struct zf_err *err)
{
	char path[4096];
	struct zf_buf b;
	char chunk[1024];
	size_t got;
	FILE *f;
	int rc;

	*note = NULL;
	*len = 0;
	if ((rc = zf_app_log_path(dir, ZF_LOG_CHECKPOINT_FILE, path, sizeof(path), err)))
		return rc;
	if (!(f = fopen(path, "rb"))) {
		if (errno == ENOENT)
			return zf_err_set(err, ZF_ENOTFOUND, "数据目录中没有检查点文件 %s", path);
		return zf_err_set(err, ZF_ERROR, "无法读取 %s: %s", path, strerror(errno));
	}
	zf_buf_init(&b, 64 * 1024);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (zf_buf_add(&b, chunk, got))
			break;
	rc = ferror(f) || b.failed ? zf_err_set(err, ZF_ERROR, "无法读取 %s", path) : 0;
	fclose(f);
	if (rc) {
		zf_buf_free(&b);
		return rc;
	}
	*len = b.len;
	if (!(*note = zf_buf_take(&b)) && !(*note = strdup("")))
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	return 0;
}

int zf_app_log_note_open(const struct zf_verifier *v, const char *note, size_t len,
			 const char *what, uint64_t *size, zf_hash root, struct zf_err *err)
{
	char origin[256];
	size_t body = 0;
	struct zf_err why = {0};

	if (zf_note_open(v, note, len, &body, &why))
		return zf_err_set(err, ZF_EINVAL, "%s：签名无法用日志密钥 %s 验证（%s）", what,
				  zf_verifier_name(v), why.msg);
	if (zf_checkpoint_parse(note, body, origin, sizeof(origin), size, root))
		return zf_err_set(err, ZF_EINVAL, "%s：不是有效的检查点", what);
	if (strcmp(origin, zf_verifier_name(v)) != 0)
		return zf_err_set(err, ZF_EINVAL, "%s：来源 %s 不是本日志（%s）", what, origin,
				  zf_verifier_name(v));
	return 0;
}


#define BASELINE_HINT "直接插入的行？先运行一次 zhifa serve"
#define CASE_HINT "直接插入的行，或变更记录被删除？"
#define CASE_PAGE 1000

/* Calls FN for record ID of ENTITY with CANON (the whole after_json), or
 * fails when CANON is NULL (out of memory). */
static int record_call(zf_log_record_fn fn, void *ctx, struct zf_arena *a, const char *entity,
		       int64_t id, char *canon, struct zf_err *err)
{
	struct zf_log_record r = {.table = entity, .entity = entity, .id = id, .canon = canon,
				  .hint = BASELINE_HINT};

	if (!canon)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	return fn(ctx, a, &r);
}

int zf_app_log_records(struct zf_db *db, zf_log_record_fn fn, void *ctx, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_body *b = NULL;
	struct zf_officer *o = NULL;
	struct zf_account *acc = NULL;
	size_t nb = 0, no = 0, na = 0;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	rc = zf_store_body_list(db, a, 1, &b, &nb, err);
	for (size_t i = 0; !rc && i < nb; i++)
		rc = record_call(fn, ctx, a, "body", b[i].id, zf_app_body_canonical(&b[i]), err);
	if (!rc)
		rc = zf_store_officer_list(db, a, 0, &o, &no, err);
	for (size_t i = 0; !rc && i < no; i++)
		rc = record_call(fn, ctx, a, "officer", o[i].id, zf_app_officer_canonical(&o[i]), err);
	if (!rc)
		rc = zf_store_account_list(db, a, &acc, &na, err);
	for (size_t i = 0; !rc && i < na; i++)
		rc = record_call(fn, ctx, a, "account", acc[i].id, zf_app_account_canonical(&acc[i]),
				 err);
	zf_app_account_wipe(acc, na);
	zf_arena_free(a);
	return rc;
}

/* ---- the insert-only case rows ---- */

/* Sets KEY of O to V (a new reference); -1 when V is NULL or out of memory. */
static int put(json_t *o, const char *key, json_t *v)
{
	return v ? json_object_set_new(o, key, v) : -1;
}

/* S as a JSON string; null when S is NULL or not UTF-8 (a changed row still
 * differs from its history, which holds a string). */
static json_t *text(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;

	return j ? j : json_null();
}

/* S parsed as JSON, or S as a JSON string when it is not JSON (so that it
 * differs from the parsed value of its history). */
static json_t *parsed(const char *s)
{
	json_t *j = json_loads(s ? s : "", JSON_DECODE_ANY, NULL);

	return j ? j : text(s);
}

/* O dumped canonically (O's reference is dropped), NULL when O is NULL or
 * out of memory. */
static char *dump(json_t *o)
{
	char *out = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	json_decref(o);
	return out;
}

/* The projection of step row S compared with its history. */
static char *step_row_projection(const struct zf_step_rec *s)
{
	json_t *o = json_object();

	if (!o || put(o, "case_id", json_integer(s->case_id)) ||
	    put(o, "seq", json_integer(s->seq)) || put(o, "step", text(s->code)) ||
	    put(o, "values", parsed(s->values_json)) ||
	    put(o, "officers", parsed(s->officers_json)) ||
	    put(o, "occurred_on", text(s->occurred_on)) ||
	    put(o, "place", text(s->place)) ||
	    put(o, "performed_at", json_integer(s->performed_at)) ||
	    put(o, "corrects_id", json_integer(s->corrects_id))) {
		json_decref(o);
		return NULL;
	}
	return dump(o);
}

/* The same projection of a step's canonical JSON AFTER (the history's
 * after_json): its officers [{id, name, cert_no}] become their ids. AFTER
 * itself when it is not a JSON object. */
static char *step_history_projection(const char *after)
{
	static const char *const keys[] = {"case_id",     "seq",   "step",         "values",
					   "occurred_on", "place", "performed_at", "corrects_id"};
	json_t *h = json_loads(after, 0, NULL), *o = NULL, *ids = NULL, *off;
	size_t i;

	if (!json_is_object(h)) {
		json_decref(h);
		return strdup(after);
	}
	if (!(o = json_object()) || !(ids = json_array()))
		goto fail;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(h, keys[i]);
		if (v && json_object_set(o, keys[i], v))
			goto fail;
	}
	json_array_foreach(json_object_get(h, "officers"), i, off) {
		json_t *id = json_object_get(off, "id");
		if (json_array_append(ids, id ? id : json_null()))
			goto fail;
	}
	if (json_object_set_new(o, "officers", ids))
		goto fail_o;
	json_decref(h);
	return dump(o);
fail:
	json_decref(ids);
fail_o:
	json_decref(o);
	json_decref(h);
	return NULL;
}

/* What a document is compared on: its data (the text itself), number and
 * type. */
static char *doc_projection(const char *data, json_t *number, json_t *type)
{
	json_t *o = json_object();

	if (!o || put(o, "data_json", text(data)) || put(o, "number", number) ||
	    put(o, "doc_type", type)) {
		json_decref(o);
		return NULL;
	}
	return dump(o);
}

/* The projection of document row D compared with its history. */
static char *doc_row_projection(const struct zf_doc_rec *d)
{
	return doc_projection(d->data_json, text(d->number), text(d->doc_type));
}

/* The same projection of a document's canonical data AFTER (the history's
 * after_json): AFTER, its "number" and its "doc_type". */
static char *doc_history_projection(const char *after)
{
	json_t *h = json_loads(after, 0, NULL);
	json_t *number = json_object_get(h, "number"), *type = json_object_get(h, "doc_type");
	char *out = doc_projection(after, number ? json_incref(number) : json_null(),
				   type ? json_incref(type) : json_null());

	json_decref(h);
	return out;
}

/* Calls FN for R with CANON, or fails when CANON is NULL (out of memory). */
static int case_call(zf_log_record_fn fn, void *ctx, struct zf_arena *a, struct zf_log_record *r,
		     char *canon, struct zf_err *err)
{
	if (!(r->canon = canon))
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	return fn(ctx, a, r);
}

int zf_app_log_case_records(struct zf_db *db, zf_log_record_fn fn, void *ctx,
			    struct zf_err *err)
{
	struct zf_log_record rec[2] = {
		{.table = "case_step", .entity = "case_step", .project = step_history_projection,
		 .hint = CASE_HINT},
		{.table = "case_document", .entity = "document", .project = doc_history_projection,
		 .hint = CASE_HINT},
	};
	int rc = 0;

	for (int t = 0; !rc && t < 2; t++) { /* the steps, then the documents */
		int64_t after = 0;
		size_t n = 0;
		do {
			struct zf_arena *a = zf_arena_new(0);
			struct zf_step_rec *s = NULL;
			struct zf_doc_rec *d = NULL;
			if (!a)
				return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
			n = 0;
			rc = t == 0 ? zf_store_step_page(db, a, after, CASE_PAGE, &s, &n, err)
				    : zf_store_doc_page(db, a, after, CASE_PAGE, &d, &n, err);
			for (size_t i = 0; !rc && i < n; i++) {
				rec[t].id = after = t == 0 ? s[i].id : d[i].id;
				rc = case_call(fn, ctx, a, &rec[t],
					       t == 0 ? step_row_projection(&s[i])
						      : doc_row_projection(&d[i]),
					       err);
			}
			zf_arena_free(a);
		} while (!rc && n == CASE_PAGE);
	}
	return rc;
}
