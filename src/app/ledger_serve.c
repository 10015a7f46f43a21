/* The record log's public side: the latest checkpoint, the verifier key, tiles, entry bundles and inclusion proofs, read in one snapshot each. */
#include <stdlib.h>
#include <string.h>

#include "app/ledger.h"
#include "app/ledger_int.h"
#include "ledger/tile.h"
#include "store/log.h"
#include "store/schema.h"
#include "util/buf.h"

#define MSG_NOMEM "内存不足"
#define POOL_WAIT_MS 5000
#define PROOF_MAX (64 * 1024)

/* A read snapshot on a pooled connection of APP. */
struct snap {
	struct zf_app *app;
	struct zf_db *db;
};

static int snap_begin(struct snap *s, struct zf_app *app, struct zf_err *err)
{
	int rc;

	s->app = app;
	s->db = NULL;
	if ((rc = zf_dbpool_get(app->pool, &s->db, POOL_WAIT_MS, err)))
		return rc;
	if ((rc = zf_db_begin(s->db, 0, err))) {
		zf_dbpool_put(app->pool, s->db);
		s->db = NULL;
	}
	return rc;
}

static void snap_end(struct snap *s)
{
	if (!s->db)
		return;
	zf_db_rollback(s->db);
	zf_dbpool_put(s->app->pool, s->db);
	s->db = NULL;
}

int zf_app_log_checkpoint(struct zf_app *app, struct zf_arena *a, char **note, size_t *len,
			  struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_log_checkpoint cp;
	int rc;

	*note = NULL;
	*len = 0;
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)))
		return rc;
	rc = zf_store_log_checkpoint_latest(db, a, &cp, err);
	zf_dbpool_put(app->pool, db);
	if (rc)
		return rc;
	*note = (char *)cp.note;
	*len = strlen(cp.note);
	return 0;
}

int zf_app_log_vkey(struct zf_app *app, struct zf_arena *a, char **vkey, struct zf_err *err)
{
	struct zf_db *db = NULL;
	int rc;

	*vkey = NULL;
	if ((rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)))
		return rc;
	rc = zf_store_meta_get(db, a, "log_vkey", vkey, err);
	zf_dbpool_put(app->pool, db);
	if (rc == ZF_ENOTFOUND)
		zf_err_set(err, rc, "记录日志还没有签名密钥");
	return rc;
}

/* The W hashes of tile row T (level 8*T->level) into B: 32 bytes each. */
static int tile_hashes(struct zf_db *db, struct zf_arena *a, const struct zf_tile *t, int w,
		       struct zf_buf *b, struct zf_err *err)
{
	struct zf_log_hash *rows = NULL;
	int64_t lo = (int64_t)t->n * ZF_TILE_WIDTH;
	size_t n = 0;
	int rc = zf_store_log_hash_range(db, a, (int64_t)t->level * 8, lo, lo + w, &rows, &n, err);

	if (rc)
		return rc;
	if (n != (size_t)w)
		return zf_err_set(err, ZF_ERROR, "log_hash level %d：缺少第 %lld 起的哈希",
				  t->level * 8, (long long)(lo + (int64_t)n));
	for (size_t i = 0; i < n; i++) {
		zf_hash h;
		if (rows[i].idx != lo + (int64_t)i || zf_hash_from_b64(rows[i].hash, h))
			return zf_err_set(err, ZF_ERROR, "log_hash level %d idx %lld 无效", t->level * 8,
					  (long long)rows[i].idx);
		if (zf_buf_add(b, h, ZF_HASH_LEN))
			return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	}
	return 0;
}

/* The entry bundle of the W leaves of tile T into B. */
static int tile_entries(struct zf_db *db, struct zf_arena *a, const struct zf_tile *t, int w,
			struct zf_buf *b, struct zf_err *err)
{
	struct zf_log_row *rows = NULL;
	int64_t lo = (int64_t)t->n * ZF_TILE_WIDTH;
	size_t n = 0;
	int rc = zf_store_log_leaf_range(db, a, lo, lo + w, &rows, &n, err);

	if (rc)
		return rc;
	if (n != (size_t)w)
		return zf_err_set(err, ZF_ERROR, "log_leaf：缺少第 %lld 起的条目", (long long)(lo + (int64_t)n));
	for (size_t i = 0; i < n; i++) {
		if (rows[i].id != lo + (int64_t)i)
			return zf_err_set(err, ZF_ERROR, "log_leaf idx %lld 缺失", (long long)(lo + (int64_t)i));
		if ((rc = zf_bundle_add(b, rows[i].entry, strlen(rows[i].entry))))
			return zf_err_set(err, rc == ZF_EINVAL ? ZF_ERROR : rc,
					  "log_leaf idx %lld 无法放入条目包", (long long)rows[i].id);
	}
	return 0;
}

int zf_app_log_tile(struct zf_app *app, struct zf_arena *a, const char *path, char **data,
		    size_t *len, int *full, struct zf_err *err)
{
	struct zf_tile t;
	struct zf_log_state st;
	struct snap s;
	struct zf_buf b;
	int rc, have;

	*data = NULL;
	*len = 0;
	*full = 0;
	if (!path || zf_tile_parse(path, &t))
		return zf_err_set(err, ZF_EINVAL, "不是有效的日志瓦片路径");
	if ((rc = snap_begin(&s, app, err)))
		return rc;
	zf_buf_init(&b, 1 << 24);
	if ((rc = zf_store_log_state_get(s.db, a, &st, err)))
		goto out;
	/* A tile exists once the tree covers it; a partial request of a width
	 * the tree has passed is still the same bytes. */
	have = zf_tile_width(t.level, t.n, (uint64_t)st.size);
	if (have < t.width || have == 0) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "记录日志中还没有这个瓦片");
		goto out;
	}
	rc = t.level < 0 ? tile_entries(s.db, a, &t, t.width, &b, err)
			 : tile_hashes(s.db, a, &t, t.width, &b, err);
	if (rc)
		goto out;
	if (!(*data = zf_arena_alloc(a, b.len ? b.len : 1))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	memcpy(*data, b.data, b.len);
	*len = b.len;
	*full = t.width == ZF_TILE_WIDTH;
out:
	zf_buf_free(&b);
	snap_end(&s);
	return rc;
}

/* Appends the tlog-proof of the entry at INDEX in the checkpointed tree CP to B. */
static int proof_text(struct zf_app *app, struct zf_db *db, struct zf_arena *a, int64_t index,
		      const struct zf_log_checkpoint *cp, struct zf_buf *b, struct zf_err *err)
{
	struct zf_log_reader *rd = NULL;
	struct zf_log_row *leaf = NULL;
	zf_hash path[ZF_PROOF_MAX];
	size_t n = 0, nleaf = 0, elen;
	char *extra = NULL, b64[45];
	int rc = zf_store_log_leaf_range(db, a, index, index + 1, &leaf, &nleaf, err);

	if (rc)
		return rc;
	if (nleaf != 1)
		return zf_err_set(err, ZF_ERROR, "log_leaf idx %lld 缺失", (long long)index);
	elen = strlen(leaf[0].entry);
	if (!(extra = zf_arena_alloc(a, 4 * (elen / 3 + 1) + 1)) ||
	    zf_b64_encode(leaf[0].entry, elen, extra, 4 * (elen / 3 + 1) + 1) < 0)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if (!(rd = malloc(sizeof(*rd))))
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	zf_app_log_reader_init(rd, db, err);
	rd->cache = app->log_tiles; /* a read snapshot: committed rows only */
	if (zf_merkle_prove_inclusion(zf_app_log_reader_read, rd, (uint64_t)index,
				      (uint64_t)cp->size, path, &n)) {
		free(rd);
		return zf_err_set(err, ZF_ERROR, "无法生成第 %lld 条的包含证明", (long long)index);
	}
	free(rd);
	zf_buf_printf(b, "c2sp.org/tlog-proof@v1\nextra %s\nindex %lld\n", extra, (long long)index);
	for (size_t i = 0; i < n; i++) {
		zf_hash_b64(path[i], b64);
		zf_buf_printf(b, "%s\n", b64);
	}
	zf_buf_printf(b, "\n%s", cp->note);
	return b->failed ? zf_err_set(err, ZF_ENOMEM, MSG_NOMEM) : 0;
}

int zf_app_log_proof(struct zf_app *app, struct zf_arena *a, int64_t index, char **text,
		     size_t *len, struct zf_err *err)
{
	struct zf_log_checkpoint cp;
	struct snap s;
	struct zf_buf b;
	int rc;

	*text = NULL;
	*len = 0;
	if ((rc = snap_begin(&s, app, err)))
		return rc;
	zf_buf_init(&b, PROOF_MAX);
	rc = zf_store_log_checkpoint_latest(s.db, a, &cp, err);
	if (rc == 0 && (index < 0 || index >= cp.size))
		rc = zf_err_set(err, ZF_ENOTFOUND, "最新检查点（%lld 条）不包含第 %lld 条",
				(long long)cp.size, (long long)index);
	if (rc || (rc = proof_text(app, s.db, a, index, &cp, &b, err)))
		goto out;
	if (!(*text = zf_arena_strdup(a, zf_buf_cstr(&b)))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto out;
	}
	*len = b.len;
out:
	zf_buf_free(&b);
	snap_end(&s);
	return rc;
}
