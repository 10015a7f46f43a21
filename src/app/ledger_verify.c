/* Verification of the record log from the rows themselves: entries against history rows, the tree rebuilt from the leaves, checkpoints, the kept checkpoint, live records. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/ledger.h"
#include "app/ledger_int.h"
#include "ledger/entry.h"
#include "store/log.h"
#include "store/schema.h"

#define MSG_NOMEM "内存不足"
#define PAGE 1000
#define LEVELS 8 /* stored levels 0, 8, ..., 56: enough for any tree below 2^63 */

/* What the log says of one salted history row, computed from the row. */
struct hrec {
	int64_t id;
	int64_t at;
	int64_t actor_id;
	char commit[65];
	char action[64];
	int refs; /* entries committing to it */
};

struct vfy {
	struct zf_db *db;
	struct zf_err *err;
	struct zf_log_report rep;
	struct zf_verifier *ver;
	char vkey[512];
	char keyfile[4200];    /* where the key came from, for messages */
	char *secret;          /* meta actor_secret, NULL when unset */
	struct zf_arena *a;    /* lives as long as the check */
	struct hrec *h;        /* salted history rows by id */
	size_t nh, caph;
	int64_t first_salted;  /* id of the first salted history row, 0 = none */
	int64_t size;          /* log_state size */
	const char *compact;   /* log_state compact */
	struct zf_compact c;   /* rebuilt from the leaves */
	zf_hash *lv[LEVELS];   /* rebuilt hashes at level 8L */
	int64_t *at;           /* integrated_at of each leaf */
	size_t cap_at;
	int first_baseline;    /* leaf 0 is a baseline entry (an installation from before the log) */
	size_t nlv[LEVELS], caplv[LEVELS];
	int grow_failed;
};

/* A mismatch: ZF_ECONFLICT with the message naming table, key and what. */
#define MISMATCH(v, ...) zf_err_set((v)->err, ZF_ECONFLICT, __VA_ARGS__)

/* ---- the rebuilt tree in memory ---- */

static void keep_hash(void *ctx, int level, uint64_t idx, const zf_hash h)
{
	struct vfy *v = ctx;
	int l = level / 8;

	if (level % 8 || l >= LEVELS || v->grow_failed)
		return;
	if (idx != v->nlv[l]) {
		v->grow_failed = 1;
		return;
	}
	if (v->nlv[l] == v->caplv[l]) {
		size_t cap = v->caplv[l] ? v->caplv[l] * 2 : 1024;
		zf_hash *p = realloc(v->lv[l], cap * sizeof(zf_hash));
		if (!p) {
			v->grow_failed = 1;
			return;
		}
		v->lv[l] = p;
		v->caplv[l] = cap;
	}
	memcpy(v->lv[l][v->nlv[l]++], h, ZF_HASH_LEN);
}

static int mem_read(void *ctx, int level, uint64_t idx, zf_hash out)
{
	struct vfy *v = ctx;
	int l = level / 8;

	if (level < 0 || level % 8 || l >= LEVELS || idx >= v->nlv[l])
		return -1;
	memcpy(out, v->lv[l][idx], ZF_HASH_LEN);
	return 0;
}

/* ---- the key ---- */

static int load_key(struct vfy *v, const char *data_dir)
{
	struct zf_logkey *key = NULL;
	char path[4200], *meta = NULL;
	int rc;

	if (data_dir) {
		if ((rc = zf_app_log_path(data_dir, ZF_LOG_KEY_FILE, path, sizeof(path), v->err)))
			return rc;
		snprintf(v->keyfile, sizeof(v->keyfile), "%s", path);
		struct zf_err why = {0};
		if (zf_logkey_load(&key, path, &why))
			return MISMATCH(v, "无法读取记录日志密钥 %s（%s）", path, why.msg);
		rc = zf_logkey_vkey(key, v->vkey, sizeof(v->vkey)) < 0 ? -1 : 0;
		zf_logkey_free(key);
		if (rc)
			return zf_err_set(v->err, ZF_ERROR, "无法读取 %s 的公钥", path);
	} else {
		if ((rc = zf_store_meta_get(v->db, v->a, "log_vkey", &meta, v->err)))
			return rc == ZF_ENOTFOUND ? MISMATCH(v, "meta log_vkey：数据库中没有日志公钥") : rc;
		snprintf(v->vkey, sizeof(v->vkey), "%s", meta);
		snprintf(v->keyfile, sizeof(v->keyfile), "meta log_vkey");
	}
	struct zf_err why = {0};
	if (zf_verifier_parse(&v->ver, v->vkey, &why))
		return MISMATCH(v, "日志公钥无效：%s", why.msg);
	rc = zf_store_meta_get(v->db, v->a, "actor_secret", &v->secret, v->err);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(v->err);
		v->secret = NULL;
		rc = 0;
	}
	return rc;
}

/* ---- history rows ---- */

static int add_hrec(struct vfy *v, const struct zf_history *h)
{
	struct hrec *r;

	if (v->nh == v->caph) {
		size_t cap = v->caph ? v->caph * 2 : 1024;
		struct hrec *p = realloc(v->h, cap * sizeof(*p));
		if (!p)
			return zf_err_set(v->err, ZF_ENOMEM, MSG_NOMEM);
		v->h = p;
		v->caph = cap;
	}
	r = &v->h[v->nh];
	memset(r, 0, sizeof(*r));
	r->id = h->id;
	r->at = h->at;
	r->actor_id = h->actor_id;
	snprintf(r->action, sizeof(r->action), "%s", h->action ? h->action : "");
	if (strlen(h->salt) != 64 ||
	    zf_entry_commit(h->salt, h->after_json, strlen(h->after_json), r->commit))
		return MISMATCH(v, "history id=%lld：盐值无效", (long long)h->id);
	v->nh++;
	return 0;
}

/* Reads every history row once: the salted ones become records to match
 * entries against; none may lack a salt after the first salted one. */
static int load_history(struct vfy *v)
{
	int64_t after = 0;
	int rc = 0;

	for (;;) {
		struct zf_arena *a = zf_arena_new(0);
		struct zf_history *rows = NULL;
		size_t n = 0;
		if (!a)
			return zf_err_set(v->err, ZF_ENOMEM, MSG_NOMEM);
		rc = zf_store_history_page(v->db, a, after, PAGE, &rows, &n, v->err);
		for (size_t i = 0; !rc && i < n; i++) {
			if (rows[i].salt) {
				if (!v->first_salted)
					v->first_salted = rows[i].id;
				rc = add_hrec(v, &rows[i]);
			} else if (v->first_salted) {
				rc = MISMATCH(v, "history id=%lld：没有盐值，而记录日志自 history id=%lld 起覆盖每条变更",
					      (long long)rows[i].id, (long long)v->first_salted);
			}
			after = rows[i].id;
		}
		zf_arena_free(a);
		if (rc || n < PAGE)
			break;
	}
	v->rep.history = (int64_t)v->nh;
	return rc;
}

static struct hrec *find_hrec(struct vfy *v, int64_t id)
{
	size_t lo = 0, hi = v->nh;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->h[mid].id == id)
			return &v->h[mid];
		if (v->h[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- entries ---- */

/* Checks ENTRY, found at WHERE (e.g. "log_leaf idx") KEY, against the
 * history row it commits to. */
static int check_entry(struct vfy *v, const char *where, int64_t key, const char *entry)
{
	struct zf_entry e;
	struct hrec *r;
	size_t len = strlen(entry);
	char *copy = malloc(len + 1), actor[17];
	int rc = 0;

	if (!copy)
		return zf_err_set(v->err, ZF_ENOMEM, MSG_NOMEM);
	if (zf_entry_parse(entry, len, &e, copy, len + 1)) {
		rc = MISMATCH(v, "%s=%lld：条目不是规范的 zhifa-entry/v1", where, (long long)key);
	} else if (strcmp(e.table, "history") != 0) {
		rc = MISMATCH(v, "%s=%lld：条目指向未知的表 %s", where, (long long)key, e.table);
	} else if (!(r = find_hrec(v, e.key))) {
		rc = MISMATCH(v, "%s=%lld：所指的变更记录 history id=%lld 不存在或没有盐值（被删除？）",
			      where, (long long)key, (long long)e.key);
	} else if (strcmp(r->commit, e.commit) != 0) {
		rc = MISMATCH(v, "history id=%lld：内容或盐值与 %s=%lld 的承诺值不符（变更记录被改动？）",
			      (long long)r->id, where, (long long)key);
	} else if (strcmp(r->action, e.type) != 0) {
		rc = MISMATCH(v, "history id=%lld：动作 %s 与 %s=%lld 的条目类型 %s 不符",
			      (long long)r->id, r->action, where, (long long)key, e.type);
	} else if (r->at != e.time) {
		rc = MISMATCH(v, "history id=%lld：时间与 %s=%lld 的条目不符", (long long)r->id, where,
			      (long long)key);
	} else if (!v->secret || zf_entry_actor(v->secret, r->actor_id, actor) ||
		   strcmp(actor, e.actor) != 0) {
		rc = MISMATCH(v, "history id=%lld：操作人与 %s=%lld 的条目不符%s", (long long)r->id,
			      where, (long long)key, v->secret ? "" : "（meta actor_secret 缺失）");
	} else {
		size_t tl = strlen(e.type), bl = strlen("_baseline");
		r->refs++;
		if (key == 0 && !strcmp(where, "log_leaf idx"))
			v->first_baseline = tl > bl && !strcmp(e.type + tl - bl, "_baseline");
	}
	free(copy);
	return rc;
}

/* Reads the leaves in order: contiguous from 0 to the state's size, each
 * entry checked, the tree rebuilt from their hashes. */
static int check_leaves(struct vfy *v)
{
	struct zf_log_state st;
	int64_t next = 0;
	int rc;

	if ((rc = zf_store_log_state_get(v->db, v->a, &st, v->err)))
		return rc;
	v->size = st.size;
	v->compact = st.compact;
	memset(&v->c, 0, sizeof(v->c));
	while (!rc && next < v->size) {
		struct zf_arena *a = zf_arena_new(0);
		struct zf_log_row *rows = NULL;
		size_t n = 0;
		int64_t hi = v->size - next < PAGE ? v->size : next + PAGE;
		if (!a)
			return zf_err_set(v->err, ZF_ENOMEM, MSG_NOMEM);
		rc = zf_store_log_leaf_range(v->db, a, next, hi, &rows, &n, v->err);
		for (size_t i = 0; !rc && i < n; i++, next++) {
			size_t len = strlen(rows[i].entry);
			zf_hash leaf;
			if (rows[i].id != next) {
				rc = MISMATCH(v, "log_leaf idx=%lld：缺失（树的大小为 %lld）", (long long)next,
					      (long long)v->size);
				break;
			}
			if ((rc = check_entry(v, "log_leaf idx", next, rows[i].entry)))
				break;
			if ((size_t)next == v->cap_at) {
				size_t cap = v->cap_at ? v->cap_at * 2 : 1024;
				int64_t *p = realloc(v->at, cap * sizeof(*p));
				if (!p) {
					rc = zf_err_set(v->err, ZF_ENOMEM, MSG_NOMEM);
					break;
				}
				v->at = p;
				v->cap_at = cap;
			}
			v->at[next] = rows[i].at;
			if (zf_merkle_leaf(rows[i].entry, len, leaf) ||
			    zf_compact_append(&v->c, leaf, keep_hash, v) || v->grow_failed)
				rc = zf_err_set(v->err, ZF_ERROR, "无法重建记录日志的树");
		}
		if (!rc && next < hi)
			rc = MISMATCH(v, "log_leaf idx=%lld：缺失（树的大小为 %lld）", (long long)next,
				      (long long)v->size);
		zf_arena_free(a);
	}
	if (rc)
		return rc;
	struct zf_log_row *extra = NULL;
	size_t nextra = 0;
	if ((rc = zf_store_log_leaf_range(v->db, v->a, v->size, INT64_MAX, &extra, &nextra, v->err)))
		return rc;
	if (nextra)
		return MISMATCH(v, "log_state id=1：记录的树大小 %lld 小于 log_leaf 的条目（idx=%lld 超出；"
				"状态行被删除或改动？）",
				(long long)v->size, (long long)extra[0].id);
	v->rep.leaves = v->size;
	return 0;
}

/* Every stored hash equals the rebuilt one, and none is missing or extra. */
static int check_hashes(struct vfy *v)
{
	int64_t level = -1, idx = -1, next[LEVELS] = {0};
	int rc = 0;

	for (;;) {
		struct zf_arena *a = zf_arena_new(0);
		struct zf_log_hash *rows = NULL;
		size_t n = 0;
		if (!a)
			return zf_err_set(v->err, ZF_ENOMEM, MSG_NOMEM);
		rc = zf_store_log_hash_page(v->db, a, level, idx, PAGE, &rows, &n, v->err);
		for (size_t i = 0; !rc && i < n; i++) {
			int64_t lv = rows[i].level, x = rows[i].idx;
			int l = (int)(lv / 8);
			zf_hash h;
			level = lv;
			idx = x;
			if (lv < 0 || lv % 8 || l >= LEVELS || x < 0 || (uint64_t)x >= v->nlv[l]) {
				rc = MISMATCH(v, "log_hash level=%lld idx=%lld：树中没有这个子树（多余的行）",
					      (long long)lv, (long long)x);
			} else if (x != next[l]) {
				rc = MISMATCH(v, "log_hash level=%lld idx=%lld：缺失", (long long)lv,
					      (long long)next[l]);
			} else if (zf_hash_from_b64(rows[i].hash, h) ||
				   memcmp(h, v->lv[l][x], ZF_HASH_LEN) != 0) {
				rc = MISMATCH(v, "log_hash level=%lld idx=%lld：与由 log_leaf 重算的哈希不同",
					      (long long)lv, (long long)x);
			} else {
				next[l]++;
				v->rep.hashes++;
			}
		}
		zf_arena_free(a);
		if (rc || n < PAGE)
			break;
	}
	for (int l = 0; !rc && l < LEVELS; l++)
		if ((uint64_t)next[l] != v->nlv[l])
			rc = MISMATCH(v, "log_hash level=%d idx=%lld：缺失", l * 8, (long long)next[l]);
	return rc;
}

/* The state row's right edge is the rebuilt one. */
static int check_state(struct vfy *v)
{
	char enc[3200];

	if (zf_compact_encode(&v->c, enc, sizeof(enc)))
		return zf_err_set(v->err, ZF_ERROR, "无法编码记录日志的树");
	if (strcmp(enc, v->compact ? v->compact : "") != 0)
		return MISMATCH(v, "log_state id=1：记录的树右边缘与由 log_leaf 重算的不同");
	return 0;
}

/* ---- checkpoints ---- */

/* The leaves between the checkpoint before (PREV, -1 for none) and the one
 * of SIZE came from one sequencer step, which signs once it has integrated
 * them: at most ZF_LOG_BATCH of them, all integrated at the same time. A
 * deleted checkpoint joins two steps; that shows unless both ran within the
 * same second. The first checkpoint is the empty log's (signed at init)
 * unless the log began with the baseline of an older installation. */
static int check_batch(struct vfy *v, int64_t prev, int64_t size)
{
	int64_t lo = prev < 0 ? 0 : prev;

	if (prev < 0 && size > 0 && !v->first_baseline)
		return MISMATCH(v, "log_checkpoint size=0：缺失（空日志在 init 时签署的检查点被删除？）");
	if (size - lo > ZF_LOG_BATCH)
		return MISMATCH(v, "log_checkpoint size=%lld 与 size=%lld 之间：缺少检查点（相差 %lld 条，"
				"一次整合至多 %d 条；被删除？）", (long long)lo, (long long)size,
				(long long)(size - lo), ZF_LOG_BATCH);
	for (int64_t i = lo + 1; i < size; i++)
		if (v->at[i] != v->at[lo])
			return MISMATCH(v, "log_checkpoint size=%lld 与 size=%lld 之间：缺少 size=%lld 的检查点"
					"（log_leaf idx=%lld 与 idx=%lld 不是同一次整合的；被删除？）",
					(long long)lo, (long long)size, (long long)i, (long long)i - 1,
					(long long)i);
	return 0;
}

/* Every checkpoint: its root is the rebuilt one at its size, its signature
 * verifies, and it is consistent with the one before it. */
static int check_checkpoints(struct vfy *v)
{
	int64_t after = -1, prev = -1;
	zf_hash prev_root;
	int rc = 0;

	for (;;) {
		struct zf_arena *a = zf_arena_new(0);
		struct zf_log_checkpoint *cps = NULL;
		size_t n = 0;
		if (!a)
			return zf_err_set(v->err, ZF_ENOMEM, MSG_NOMEM);
		rc = zf_store_log_checkpoint_page(v->db, a, after, PAGE, &cps, &n, v->err);
		for (size_t i = 0; !rc && i < n; i++) {
			char what[64];
			uint64_t nsize = 0;
			zf_hash root, nroot, row;
			zf_hash path[ZF_PROOF_MAX];
			size_t np = 0;
			after = cps[i].size;
			snprintf(what, sizeof(what), "log_checkpoint size=%lld", (long long)cps[i].size);
			if (cps[i].size < 0 || cps[i].size > v->size) {
				rc = MISMATCH(v, "%s：超出树的大小 %lld（日志被截断？）", what, (long long)v->size);
				break;
			}
			if (zf_merkle_root(mem_read, v, (uint64_t)cps[i].size, root)) {
				rc = zf_err_set(v->err, ZF_ERROR, "%s：无法重算根哈希", what);
				break;
			}
			if (zf_hash_from_b64(cps[i].root, row) || memcmp(row, root, ZF_HASH_LEN)) {
				rc = MISMATCH(v, "%s：根哈希与由 log_leaf 重算的不同", what);
				break;
			}
			struct zf_err why = {0};
			if (zf_app_log_note_open(v->ver, cps[i].note, strlen(cps[i].note), what, &nsize,
						 nroot, &why)) {
				rc = MISMATCH(v, "%s（所用密钥：%s，被替换？）", why.msg, v->keyfile);
				break;
			}
			if (nsize != (uint64_t)cps[i].size || memcmp(nroot, root, ZF_HASH_LEN)) {
				rc = MISMATCH(v, "%s：签名的大小或根哈希与该行和重算的树不符", what);
				break;
			}
			if ((rc = check_batch(v, prev, cps[i].size)))
				break;
			if (prev >= 0 && prev > 0 &&
			    zf_merkle_prove_consistency(mem_read, v, (uint64_t)prev, nsize, path, &np)) {
				rc = zf_err_set(v->err, ZF_ERROR, "%s：无法生成一致性证明", what);
				break;
			}
			if (prev >= 0 && zf_merkle_verify_consistency((uint64_t)prev, nsize, prev_root,
								      nroot, path, np) != 1) {
				rc = MISMATCH(v, "%s：与前一个检查点 size=%lld 不一致", what, (long long)prev);
				break;
			}
			prev = cps[i].size;
			memcpy(prev_root, nroot, ZF_HASH_LEN);
			v->rep.checkpoints++;
		}
		zf_arena_free(a);
		if (rc || n < PAGE)
			break;
	}
	/* A step advances the state and records its checkpoint in one
	 * transaction: the state's size is signed. */
	if (!rc && (prev >= 0 || v->size > 0) && prev != v->size)
		rc = MISMATCH(v, "log_checkpoint size=%lld：缺失（log_state 记录的树大小没有签名的检查点，"
			      "最新的检查点被删除？）", (long long)v->size);
	return rc;
}

/* The checkpoint kept in the data folder is signed by the key and contained
 * in the tree: what catches a database restored from an older copy. */
static int check_kept(struct vfy *v, const char *data_dir)
{
	const char *what = "数据目录中的检查点文件";
	char *note = NULL;
	size_t len = 0;
	uint64_t size = 0;
	zf_hash root, at;
	int rc;

	v->rep.kept_size = -1;
	if (!data_dir)
		return 0;
	rc = zf_app_log_kept_read(data_dir, &note, &len, v->err);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(v->err);
		return 0;
	}
	if (rc)
		return rc;
	if (zf_app_log_note_open(v->ver, note, len, what, &size, root, v->err)) {
		rc = ZF_ECONFLICT;
		v->err->code = rc;
	} else if (size > (uint64_t)v->size) {
		rc = MISMATCH(v, "%s %s（%llu 条）不在数据库的记录日志中：log_leaf 只有 %lld 条，缺少 idx=%lld 起"
			      "（数据库从较早的备份恢复？日志被截断？）",
			      what, ZF_LOG_CHECKPOINT_FILE, (unsigned long long)size, (long long)v->size,
			      (long long)v->size);
	} else if (zf_merkle_root(mem_read, v, size, at) || memcmp(at, root, ZF_HASH_LEN)) {
		rc = MISMATCH(v, "%s %s（%llu 条）的根哈希与数据库的记录日志不同（日志被改写？）", what,
			      ZF_LOG_CHECKPOINT_FILE, (unsigned long long)size);
	} else {
		/* The server records a checkpoint before it keeps it. */
		struct zf_log_checkpoint cp;
		rc = zf_store_log_checkpoint_get(v->db, v->a, (int64_t)size, &cp, v->err);
		if (rc == ZF_ENOTFOUND || (rc == 0 && strcmp(cp.note, note) != 0))
			rc = MISMATCH(v, "log_checkpoint size=%llu：%s %s 签过的这个检查点不在表中（被删除？）",
				      (unsigned long long)size, what, ZF_LOG_CHECKPOINT_FILE);
		else if (rc == 0)
			v->rep.kept_size = (int64_t)size;
	}
	free(note);
	return rc;
}

/* ---- pending entries, references ---- */

static int check_pending(struct vfy *v)
{
	int64_t after = 0;
	int rc = 0;

	for (;;) {
		struct zf_arena *a = zf_arena_new(0);
		struct zf_log_row *rows = NULL;
		size_t n = 0;
		if (!a)
			return zf_err_set(v->err, ZF_ENOMEM, MSG_NOMEM);
		rc = zf_store_log_pending_list(v->db, a, after, PAGE, &rows, &n, v->err);
		for (size_t i = 0; !rc && i < n; i++) {
			after = rows[i].id;
			if (!(rc = check_entry(v, "log_pending id", rows[i].id, rows[i].entry)))
				v->rep.pending++;
		}
		zf_arena_free(a);
		if (rc || n < PAGE)
			break;
	}
	return rc;
}

/* Every salted history row is committed to by exactly one entry. */
static int check_refs(struct vfy *v)
{
	for (size_t i = 0; i < v->nh; i++) {
		if (v->h[i].refs == 0)
			return MISMATCH(v, "history id=%lld：没有记录日志条目提交它（log_leaf 或 log_pending 的条目被删除？）",
					(long long)v->h[i].id);
		if (v->h[i].refs > 1)
			return MISMATCH(v, "history id=%lld：被 %d 个记录日志条目重复提交",
					(long long)v->h[i].id, v->h[i].refs);
	}
	return 0;
}

/* ---- live records ---- */

/* The first key (in sorted order) whose value differs between the JSON
 * objects A and B, or NULL. */
static const char *first_difference(json_t *a, json_t *b)
{
	const char *best = NULL, *key;
	json_t *val;

	json_object_foreach(a, key, val) {
		json_t *other = json_object_get(b, key);
		if ((!other || !json_equal(val, other)) && (!best || strcmp(key, best) < 0))
			best = key;
	}
	json_object_foreach(b, key, val) {
		if (!json_object_get(a, key) && (!best || strcmp(key, best) < 0))
			best = key;
	}
	return best;
}

/* Compares record R with its latest history row: a zf_log_record_fn. */
static int check_record(void *ctx, struct zf_arena *a, struct zf_log_record *r)
{
	struct vfy *v = ctx;
	struct zf_history last;
	char *seen = NULL;
	int rc = zf_store_history_latest(v->db, a, r->entity, r->id, &last, v->err);

	if (rc == ZF_ENOTFOUND || (rc == 0 && !last.salt)) {
		rc = MISMATCH(v, "%s id=%lld：没有记录日志覆盖的变更记录（%s）", r->table,
			      (long long)r->id, r->hint);
	} else if (rc == 0 && r->project && !(seen = r->project(last.after_json))) {
		rc = zf_err_set(v->err, ZF_ENOMEM, MSG_NOMEM);
	} else if (rc == 0 && strcmp(r->canon, seen ? seen : last.after_json) != 0) {
		json_t *x = json_loads(r->canon, 0, NULL);
		json_t *y = json_loads(seen ? seen : last.after_json, 0, NULL);
		const char *field = x && y ? first_difference(x, y) : NULL;
		rc = MISMATCH(v, "%s id=%lld：字段 %s 与最新变更记录 history id=%lld 不同（行被直接改动？）",
			      r->table, (long long)r->id, field ? field : "(内容)", (long long)last.id);
		json_decref(x);
		json_decref(y);
	}
	free(seen);
	free(r->canon);
	if (!rc)
		v->rep.records++;
	return rc;
}

/* Every live body, officer and account equals its latest history; every
 * case step, document, evidence item, custody row and training record, what
 * its history row says of it. */
static int check_live(struct vfy *v)
{
	int rc = zf_app_log_records(v->db, check_record, v, v->err);

	if (!rc)
		rc = zf_app_log_case_records(v->db, check_record, v, v->err);
	if (!rc)
		rc = zf_app_log_evidence_records(v->db, check_record, v, v->err);
	return rc ? rc : zf_app_log_training_records(v->db, check_record, v, v->err);
}

/* The public key the database publishes is the key's. */
static int check_meta_vkey(struct vfy *v)
{
	char *meta = NULL;
	int rc = zf_store_meta_get(v->db, v->a, "log_vkey", &meta, v->err);

	if (rc == ZF_ENOTFOUND)
		return MISMATCH(v, "meta key=log_vkey：数据库中没有登记日志公钥");
	if (rc)
		return rc;
	if (strcmp(meta, v->vkey) != 0)
		return MISMATCH(v, "meta key=log_vkey：数据库登记的日志公钥与 %s 的不同", ZF_LOG_KEY_FILE);
	return 0;
}

int zf_app_log_verify(struct zf_db *db, const char *data_dir, struct zf_log_report *rep,
		      struct zf_err *err)
{
	struct zf_err local = {0};
	struct vfy *v = calloc(1, sizeof(*v));
	int rc;

	if (!err)
		err = &local;
	if (!v || !(v->a = zf_arena_new(0))) {
		free(v);
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	}
	v->db = db;
	v->err = err;
	if ((rc = zf_db_begin(db, 0, err)))
		goto out;
	if (!(rc = load_key(v, data_dir)) && !(rc = load_history(v)) && !(rc = check_leaves(v)) &&
	    !(rc = check_hashes(v)) && !(rc = check_state(v)) && !(rc = check_checkpoints(v)) &&
	    !(rc = check_kept(v, data_dir)) && !(rc = check_pending(v)) && !(rc = check_refs(v)) &&
	    !(rc = check_live(v)))
		rc = check_meta_vkey(v);
	zf_db_rollback(db);
out:
	if (rep)
		*rep = v->rep;
	zf_verifier_free(v->ver);
	for (int l = 0; l < LEVELS; l++)
		free(v->lv[l]);
	free(v->h);
	free(v->at);
	zf_arena_free(v->a);
	free(v);
	return rc;
}
