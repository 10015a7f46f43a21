/* The record log's writing side: entries appended in use cases' transactions, the key, the sequencer step that integrates and signs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/ledger.h"
#include "app/ledger_int.h"
#include "ledger/entry.h"
#include "store/log.h"
#include "store/schema.h"
#include "util/crypto.h"
#include "util/str.h"

#define MSG_NOMEM "内存不足"
#define ENTRY_BUF 1024   /* an entry of this system: type, time, actor, record, commit */
#define NOTE_BUF 1024    /* a checkpoint note with one signature */
#define COMPACT_BUF 3200 /* "size" and up to 64 base64 hashes */
#define POOL_WAIT_MS 5000

/* ---- appending ---- */

/* The installation's secret for actor pseudonyms (meta "actor_secret", 64
 * hex), created at first use inside the caller's write transaction. */
static int actor_secret(struct zf_db *db, struct zf_arena *a, char **out, struct zf_err *err)
{
	unsigned char r[32];
	char hex[65];
	int rc = zf_store_meta_get(db, a, "actor_secret", out, err);

	if (rc != ZF_ENOTFOUND)
		return rc;
	zf_err_clear(err);
	if (zf_random(r, sizeof(r)))
		return zf_err_set(err, ZF_ERROR, "无法生成随机数");
	zf_hex(r, sizeof(r), hex);
	zf_wipe(r, sizeof(r));
	if ((rc = zf_store_meta_set(db, "actor_secret", hex, err)))
		return rc;
	return (*out = zf_arena_strdup(a, hex)) ? 0 : zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
}

int zf_app_log_append(struct zf_tx *tx, const char *type, const char *table, int64_t key,
		      const char *salt, const char *data, struct zf_err *err)
{
	struct zf_entry e = {.type = type, .time = tx->now, .table = table, .key = key};
	struct zf_arena *a = zf_arena_new(0);
	char buf[ENTRY_BUF], *secret = NULL;
	int rc, len;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if (!type || !table || !salt || !data) {
		rc = zf_err_set(err, ZF_EINVAL, "记录日志条目不完整");
		goto out;
	}
	if ((rc = actor_secret(tx->db, a, &secret, err)))
		goto out;
	if (zf_entry_actor(secret, tx->actor ? tx->actor->account_id : 0, e.actor) ||
	    zf_entry_commit(salt, data, strlen(data), e.commit)) {
		rc = zf_err_set(err, ZF_ERROR, "无法计算记录日志条目的承诺值");
		goto out;
	}
	if ((len = zf_entry_format(&e, buf, sizeof(buf) - 1)) < 0) {
		rc = zf_err_set(err, ZF_EINVAL, "记录日志条目无效（类型 %s）", type);
		goto out;
	}
	buf[len] = '\0';
	rc = zf_store_log_pending_add(tx->db, tx->now, buf, NULL, err);
out:
	zf_arena_free(a);
	return rc;
}

int zf_app_log_history(struct zf_tx *tx, const struct zf_history *h, int64_t *id,
		       struct zf_err *err)
{
	struct zf_history row = *h;
	char salt[65];
	int64_t hid = 0;
	int rc;

	if (zf_entry_salt(salt))
		return zf_err_set(err, ZF_ERROR, "无法生成随机数");
	row.at = tx->now;
	row.actor_id = tx->actor ? tx->actor->account_id : 0;
	row.actor_login = tx->actor ? tx->actor->login : "";
	row.salt = salt;
	if ((rc = zf_store_history_insert(tx->db, &row, &hid, err)) ||
	    (rc = zf_app_log_append(tx, row.action, "history", hid, salt, row.after_json, err)))
		return rc;
	if (id)
		*id = hid;
	return 0;
}

/* ---- the signer ---- */

struct zf_ledger {
	struct zf_app *app;
	struct zf_logkey *key;
	struct zf_verifier *ver;
	char vkey[512];
	char dir[4096];
};

void zf_app_log_close(struct zf_ledger *lg)
{
	if (!lg)
		return;
	zf_logkey_free(lg->key);
	zf_verifier_free(lg->ver);
	free(lg);
}

/* 1 when DB holds a signed checkpoint, 0 when none, or an error. */
static int any_checkpoint(struct zf_db *db, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_log_checkpoint cp;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	rc = zf_store_log_checkpoint_latest(db, a, &cp, err);
	zf_arena_free(a);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		return 0;
	}
	return rc ? rc : 1;
}

/* The origin for a new key: meta "origin" (set by zhifa init), otherwise a
 * generated unique name, into OUT (N bytes). */
static int key_origin(struct zf_db *db, char *out, size_t n, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	char *v = NULL, host[256];
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	rc = zf_store_meta_get(db, a, "origin", &v, err);
	if (rc == 0 && v && *v && strlen(v) < n) {
		memcpy(out, v, strlen(v) + 1);
	} else if (rc == 0 || rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		if (gethostname(host, sizeof(host)) != 0)
			host[0] = '\0';
		host[sizeof(host) - 1] = '\0';
		rc = zf_app_log_origin_default(host, out, n, err);
	}
	zf_arena_free(a);
	return rc;
}

/* 1 when S ends in SUFFIX, ignoring ASCII case. */
static int ends_with(const char *s, size_t len, const char *suffix)
{
	size_t k = strlen(suffix);
	return len >= k && strncasecmp(s + len - k, suffix, k) == 0;
}

int zf_app_log_origin_default(const char *host, char *out, size_t n, struct zf_err *err)
{
	size_t len = host ? strlen(host) : 0;
	int fqdn = 0;

	if (len && host[len - 1] == '.')
		len--; /* the root label */
	if (len > 0 && len <= 200 && memchr(host, '.', len) && host[0] != '.' &&
	    !ends_with(host, len, ".local") && !ends_with(host, len, ".localdomain")) {
		fqdn = 1;
		for (size_t i = 0; i < len; i++)
			if (host[i] <= ' ' || host[i] > '~' || host[i] == '+' || host[i] == '/' ||
			    (host[i] == '.' && i + 1 < len && host[i + 1] == '.'))
				fqdn = 0;
	}
	if (fqdn) {
		if (len + sizeof("/zhifa-log") > n)
			return zf_err_set(err, ZF_EINVAL, "主机名 %.*s 过长，无法作为记录日志的名称", (int)len, host);
		for (size_t i = 0; i < len; i++)
			out[i] = (char)((host[i] >= 'A' && host[i] <= 'Z') ? host[i] - 'A' + 'a' : host[i]);
		memcpy(out + len, "/zhifa-log", sizeof("/zhifa-log"));
		return 0;
	}
	unsigned char r[8];
	char hex[17];
	if (n < 64)
		return zf_err_set(err, ZF_EINVAL, "记录日志名称的缓冲区过小");
	if (zf_random(r, sizeof(r)))
		return zf_err_set(err, ZF_ERROR, "无法生成随机数");
	zf_hex(r, sizeof(r), hex);
	snprintf(out, n, "zhifa.invalid/%s/log", hex);
	return 0;
}

/* The baseline walk's context: the transaction that logs. */
struct baseline_ctx {
	struct zf_tx *tx;
	struct zf_err *err;
};

/* Gives record R a logged history row unless its latest one is logged:
 * action "<entity>_baseline", before the latest unlogged after_json, after
 * its canonical JSON. */
static int baseline_record(void *ctx, struct zf_arena *a, struct zf_log_record *r)
{
	struct baseline_ctx *b = ctx;
	struct zf_history last;
	const char *entity = r->entity;
	int64_t id = r->id;
	char action[48], *canon = r->canon;
	int rc = zf_store_history_latest(b->tx->db, a, entity, id, &last, b->err);

	if (rc == ZF_ENOTFOUND)
		zf_err_clear(b->err);
	if ((rc == 0 && last.salt) || (rc && rc != ZF_ENOTFOUND)) {
		free(canon);
		return rc;
	}
	snprintf(action, sizeof(action), "%s_baseline", entity);
	struct zf_history h = {.entity = entity, .entity_id = id, .action = action,
			       .before_json = rc == 0 ? last.after_json : NULL, .after_json = canon};
	rc = zf_app_log_history(b->tx, &h, NULL, b->err);
	free(canon);
	return rc;
}

/* Logs every live body, officer and account whose latest history row is not
 * logged (a database from before the log), in the caller's transaction. */
static int baseline(struct zf_tx *tx, struct zf_err *err)
{
	struct baseline_ctx b = {.tx = tx, .err = err};

	return zf_app_log_records(tx->db, baseline_record, &b, err);
}

/* Records the verifier key of LG in meta "log_vkey" the first time (and logs
 * the records from before the log then); refuses another key once
 * checkpoints were signed (SIGNED). */
static int key_record(struct zf_ledger *lg, int signed_before, struct zf_err *err)
{
	struct zf_actor actor;
	struct zf_tx tx;
	struct zf_arena *a = NULL;
	char *v = NULL;
	int rc;

	zf_actor_cli(&actor);
	snprintf(actor.login, sizeof(actor.login), "system");
	if (!(a = zf_arena_new(0)))
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	if ((rc = zf_tx_begin(&tx, lg->app, &actor, err))) {
		zf_arena_free(a);
		return rc;
	}
	rc = zf_store_meta_get(tx.db, a, "log_vkey", &v, err);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		if (!(rc = zf_store_meta_set(tx.db, "log_vkey", lg->vkey, err)))
			rc = baseline(&tx, err);
	} else if (rc == 0 && strcmp(v, lg->vkey) != 0) {
		if (signed_before)
			rc = zf_err_set(err, ZF_ECONFLICT,
					"数据目录中的 %s 不是签署本数据库检查点的密钥（数据库登记的公钥为 %.80s），"
					"请换回原来的密钥文件",
					ZF_LOG_KEY_FILE, v);
		else
			rc = zf_store_meta_set(tx.db, "log_vkey", lg->vkey, err);
	}
	rc = zf_tx_end(&tx, rc, err);
	zf_arena_free(a);
	return rc;
}

static int sign_empty(struct zf_ledger *lg, struct zf_err *err);

int zf_app_log_open(struct zf_ledger **out, struct zf_app *app, struct zf_err *err)
{
	struct zf_ledger *lg = NULL;
	struct zf_db *db = NULL;
	char path[4200], origin[256];
	int rc, signed_before;

	*out = NULL;
	if (!(lg = calloc(1, sizeof(*lg))))
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	lg->app = app;
	if (zf_strlcpy(lg->dir, app->data_dir && *app->data_dir ? app->data_dir : ".",
		       sizeof(lg->dir)) >= sizeof(lg->dir)) {
		rc = zf_err_set(err, ZF_EINVAL, "数据目录路径过长");
		goto fail;
	}
	if ((rc = zf_app_log_path(lg->dir, ZF_LOG_KEY_FILE, path, sizeof(path), err)) ||
	    (rc = zf_dbpool_get(app->pool, &db, POOL_WAIT_MS, err)))
		goto fail;
	if ((signed_before = rc = any_checkpoint(db, err)) < 0)
		goto fail;
	rc = 0;
	if (access(path, F_OK) != 0) {
		if (errno != ENOENT) {
			rc = zf_err_set(err, ZF_ERROR, "无法访问 %s: %s", path, strerror(errno));
		} else if (signed_before) {
			rc = zf_err_set(err, ZF_ECONFLICT,
					"缺少记录日志签名密钥 %s，而数据库中已有签署过的检查点："
					"请从备份恢复该文件（不要新建密钥）",
					path);
		} else if (!(rc = key_origin(db, origin, sizeof(origin), err))) {
			struct zf_err why = {0};
			/* Another server starting at the same time may have made it. */
			if (zf_logkey_create(path, origin, &why) && access(path, F_OK) != 0)
				rc = zf_err_set(err, ZF_ERROR, "%s", why.msg);
		}
	}
	zf_dbpool_put(app->pool, db);
	db = NULL;
	if (rc || (rc = zf_logkey_load(&lg->key, path, err)))
		goto fail;
	if (zf_logkey_vkey(lg->key, lg->vkey, sizeof(lg->vkey)) < 0 ||
	    zf_verifier_parse(&lg->ver, lg->vkey, err)) {
		rc = zf_err_set(err, ZF_ERROR, "无法读取记录日志密钥 %s 的公钥", path);
		goto fail;
	}
	if ((rc = key_record(lg, signed_before, err)))
		goto fail;
	/* Every log begins with the signed empty tree, before the first entry. */
	if (!signed_before && (rc = sign_empty(lg, err))) {
		if (rc != ZF_ECONFLICT)
			goto fail;
		zf_err_clear(err); /* the steps refuse and tell the operator */
		rc = 0;
	}
	*out = lg;
	return 0;
fail:
	zf_dbpool_put(app->pool, db);
	zf_app_log_close(lg);
	return rc;
}

/* ---- the sequencer step ---- */

/* Where zf_compact_append's emitted hashes go: levels 0, 8, 16, ... into log_hash. */
struct emit_ctx {
	struct zf_db *db;
	struct zf_err *err;
	int rc;
};

static void emit_hash(void *ctx, int level, uint64_t idx, const zf_hash h)
{
	struct emit_ctx *e = ctx;
	char b64[45];

	if (e->rc || level % 8 != 0)
		return;
	zf_hash_b64(h, b64);
	e->rc = zf_store_log_hash_add(e->db, level, (int64_t)idx, b64, e->err);
}

/* Checks that the tree of SIZE leaves with ROOT, whose hashes DB holds in
 * this transaction, extends the checkpoint kept in the data folder. */
static int kept_check(struct zf_ledger *lg, struct zf_db *db, uint64_t size, const zf_hash root,
		      struct zf_err *err)
{
	struct zf_log_reader *rd = NULL;
	char *note = NULL;
	size_t len = 0;
	uint64_t ksize = 0;
	zf_hash kroot, at;
	int rc = zf_app_log_kept_read(lg->dir, &note, &len, err);

	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		return 0; /* nothing signed here yet */
	}
	if (rc)
		return rc;
	if (zf_app_log_note_open(lg->ver, note, len, "数据目录中的检查点文件", &ksize, kroot, err)) {
		rc = ZF_ECONFLICT;
		if (err)
			err->code = rc;
		goto out;
	}
	if (ksize > size) {
		rc = zf_err_set(err, ZF_ECONFLICT,
				"拒绝签署检查点：数据目录中保存的检查点含 %llu 条，数据库的记录日志只有 %llu 条，"
				"缺少第 %llu 至 %llu 条（数据库从较早的备份恢复，或日志被截断）",
				(unsigned long long)ksize, (unsigned long long)size,
				(unsigned long long)size, (unsigned long long)ksize - 1);
		goto out;
	}
	if (ksize == size) {
		memcpy(at, root, ZF_HASH_LEN);
	} else {
		if (!(rd = malloc(sizeof(*rd)))) {
			rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
			goto out;
		}
		zf_app_log_reader_init(rd, db, err);
		if (zf_merkle_root(zf_app_log_reader_read, rd, ksize, at)) {
			rc = zf_err_set(err, ZF_ECONFLICT,
					"拒绝签署检查点：无法由数据库算出前 %llu 条的根哈希（%s）",
					(unsigned long long)ksize, err ? err->msg : "");
			goto out;
		}
	}
	if (memcmp(at, kroot, ZF_HASH_LEN) != 0)
		rc = zf_err_set(err, ZF_ECONFLICT,
				"拒绝签署检查点：数据库记录日志前 %llu 条的根哈希与数据目录中保存的检查点不同"
				"（日志被改写，或数据库不是本安装的）",
				(unsigned long long)ksize);
out:
	free(rd);
	free(note);
	return rc;
}

/* Replaces the kept checkpoint with NOTE of SIZE: under a lock shared by
 * every process serving this data folder, only when it is not older than
 * the kept one; written to a temporary file, synced, renamed, the folder
 * synced. */
static int kept_write(struct zf_ledger *lg, uint64_t size, const char *note, struct zf_err *err)
{
	char path[4200], tmp[4240], lock[4240];
	int lfd = -1, fd = -1, dfd = -1, rc = 0;
	char *cur = NULL;
	size_t len = 0, n = strlen(note);
	uint64_t csize = 0;
	zf_hash croot;

	if ((rc = zf_app_log_path(lg->dir, ZF_LOG_CHECKPOINT_FILE, path, sizeof(path), err)))
		return rc;
	snprintf(lock, sizeof(lock), "%s.lock", path);
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	if ((lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0 || flock(lfd, LOCK_EX)) {
		rc = zf_err_set(err, ZF_ERROR, "无法锁定 %s: %s", lock, strerror(errno));
		goto out;
	}
	if (zf_app_log_kept_read(lg->dir, &cur, &len, NULL) == 0 &&
	    zf_app_log_note_open(lg->ver, cur, len, "", &csize, croot, NULL) == 0 && csize > size)
		goto out; /* another server kept a larger one meanwhile */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) {
		rc = zf_err_set(err, ZF_ERROR, "无法写入 %s: %s", tmp, strerror(errno));
		goto out;
	}
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, note + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = zf_err_set(err, ZF_ERROR, "无法写入 %s: %s", tmp, strerror(errno));
			goto out;
		}
		off += (size_t)w;
	}
	if (fsync(fd) || close(fd)) {
		fd = -1;
		rc = zf_err_set(err, ZF_ERROR, "无法写入 %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path)) {
		rc = zf_err_set(err, ZF_ERROR, "无法替换 %s: %s", path, strerror(errno));
		goto out;
	}
	if ((dfd = open(lg->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || fsync(dfd))
		rc = zf_err_set(err, ZF_ERROR, "无法同步数据目录 %s: %s", lg->dir, strerror(errno));
out:
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	if (dfd >= 0)
		close(dfd);
	if (lfd >= 0)
		close(lfd); /* releases the lock */
	free(cur);
	return rc;
}

/* Signs the checkpoint of SIZE and ROOT into NOTE (N bytes). */
static int sign(struct zf_ledger *lg, uint64_t size, const zf_hash root, char *note, size_t n,
		struct zf_err *err)
{
	char body[512];

	if (zf_checkpoint_body(zf_logkey_origin(lg->key), size, root, body, sizeof(body)) < 0 ||
	    zf_note_sign(lg->key, body, note, n) < 0)
		return zf_err_set(err, ZF_ERROR, "无法签署记录日志检查点");
	return 0;
}

/* The state of a step: what was read, what is written. */
struct step {
	struct zf_ledger *lg;
	struct zf_db *db;
	struct zf_arena *a;
	int64_t now;
	struct zf_compact c;
	int64_t old;   /* the size before */
	int taken;     /* entries integrated */
	char note[NOTE_BUF];
	int signed_now;
	int lost;      /* another sequencer advanced the tree first */
};

/* A new step of LG (clock read once) holding a pooled connection. */
static int step_new(struct zf_ledger *lg, struct step **out, struct zf_err *err)
{
	struct step *s = calloc(1, sizeof(*s));
	if (!s || !(s->a = zf_arena_new(0))) {
		free(s);
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	}
	s->lg = lg;
	s->now = zf_clock_now(&lg->app->clock);
	int rc = zf_dbpool_get(lg->app->pool, &s->db, POOL_WAIT_MS, err);
	if (rc) {
		zf_arena_free(s->a);
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* Returns the connection of S and frees it. */
static void step_free(struct step *s)
{
	zf_dbpool_put(s->lg->app->pool, s->db);
	zf_arena_free(s->a);
	free(s);
}

/* Makes the oldest pending entries leaves and stores their hashes. */
static int integrate(struct step *s, struct zf_err *err)
{
	struct zf_log_state st;
	struct zf_log_row *rows = NULL;
	struct emit_ctx e = {.db = s->db, .err = err};
	char compact[COMPACT_BUF];
	size_t n = 0;
	int rc;

	if ((rc = zf_store_log_state_init(s->db, err)) ||
	    (rc = zf_store_log_state_get(s->db, s->a, &st, err)))
		return rc;
	memset(&s->c, 0, sizeof(s->c));
	if (zf_compact_decode(st.compact, &s->c) || s->c.size != (uint64_t)st.size)
		return zf_err_set(err, ZF_ERROR, "log_state：树的右边缘与大小 %lld 不符",
				  (long long)st.size);
	s->old = st.size;
	if ((rc = zf_store_log_pending_list(s->db, s->a, 0, ZF_LOG_BATCH, &rows, &n, err)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(rows[i].entry);
		zf_hash leaf;
		if (len > ZF_ENTRY_MAX || zf_merkle_leaf(rows[i].entry, len, leaf))
			return zf_err_set(err, ZF_ERROR, "log_pending id %lld：条目过长或无法计算哈希",
					  (long long)rows[i].id);
		if ((rc = zf_store_log_leaf_add(s->db, st.size + (int64_t)i, rows[i].entry, s->now, err)))
			return rc;
		if (zf_compact_append(&s->c, leaf, emit_hash, &e) || e.rc)
			return e.rc ? e.rc : zf_err_set(err, ZF_ERROR, "无法扩展记录日志的树");
	}
	if (n) {
		int64_t deleted = 0;
		if ((rc = zf_store_log_pending_delete_upto(s->db, rows[n - 1].id, &deleted, err)))
			return rc;
		if (deleted != (int64_t)n)
			return zf_err_set(err, ZF_ERROR, "log_pending：删除了 %lld 条，应为 %zu 条",
					  (long long)deleted, n);
		if (zf_compact_encode(&s->c, compact, sizeof(compact)))
			return zf_err_set(err, ZF_ERROR, "无法编码记录日志的树");
		rc = zf_store_log_state_advance(s->db, st.size, (int64_t)s->c.size, compact, s->now,
						err);
		if (rc == ZF_ECONFLICT)
			s->lost = 1;
		if (rc)
			return rc;
	}
	s->taken = (int)n;
	return 0;
}

/* Signs and records the checkpoint of the current tree unless one exists. */
static int checkpoint(struct step *s, struct zf_err *err)
{
	struct zf_log_checkpoint cp;
	zf_hash root;
	char root64[45];
	int rc;

	rc = zf_store_log_checkpoint_get(s->db, s->a, (int64_t)s->c.size, &cp, err);
	if (rc != ZF_ENOTFOUND)
		return rc; /* 0: this size is signed already */
	zf_err_clear(err);
	if (zf_compact_root(&s->c, root))
		return zf_err_set(err, ZF_ERROR, "无法计算记录日志的根哈希");
	if ((rc = kept_check(s->lg, s->db, s->c.size, root, err)) ||
	    (rc = sign(s->lg, s->c.size, root, s->note, sizeof(s->note), err)))
		return rc;
	zf_hash_b64(root, root64);
	cp = (struct zf_log_checkpoint){.size = (int64_t)s->c.size, .root = root64,
					.note = s->note, .signed_at = s->now};
	if ((rc = zf_store_log_checkpoint_add(s->db, &cp, err)))
		return rc;
	s->signed_now = 1;
	return 0;
}

/* 1 when a step has work: an entry is pending or the tree's size has no
 * checkpoint. Read without the write lock. */
static int has_work(struct step *s, struct zf_err *err)
{
	struct zf_log_state st;
	struct zf_log_checkpoint cp;
	int rc = zf_store_log_pending_any(s->db, err);

	if (rc)
		return rc;
	if ((rc = zf_store_log_state_get(s->db, s->a, &st, err)))
		return rc;
	rc = zf_store_log_checkpoint_get(s->db, s->a, st.size, &cp, err);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		return 1;
	}
	return rc ? rc : 0;
}

/* Signs the checkpoint of the empty tree unless the log has entries or it
 * is signed already. */
static int sign_empty(struct zf_ledger *lg, struct zf_err *err)
{
	struct zf_log_state st;
	struct step *s = NULL;
	int rc;

	if ((rc = step_new(lg, &s, err)))
		return rc;
	if ((rc = zf_db_begin(s->db, 1, err)))
		goto out;
	if ((rc = zf_store_log_state_init(s->db, err)) ||
	    (rc = zf_store_log_state_get(s->db, s->a, &st, err)) ||
	    (st.size == 0 && (rc = checkpoint(s, err))) || (rc = zf_db_commit(s->db, err))) {
		zf_db_rollback(s->db);
		goto out;
	}
	if (s->signed_now)
		rc = kept_write(lg, 0, s->note, err);
out:
	step_free(s);
	return rc;
}

int zf_app_log_step(struct zf_ledger *lg, int *n, struct zf_err *err)
{
	struct step *s = NULL;
	int rc;

	if (n)
		*n = 0;
	if ((rc = step_new(lg, &s, err)))
		return rc;
	if ((rc = has_work(s, err)) <= 0)
		goto out;
	if ((rc = zf_db_begin(s->db, 1, err)))
		goto out;
	if ((rc = integrate(s, err)) || (rc = checkpoint(s, err)) ||
	    (rc = zf_db_commit(s->db, err))) {
		zf_db_rollback(s->db);
		/* Another sequencer moved the tree between our read and our
		 * update: its batch stands, ours is retried next time. */
		if (s->lost) {
			zf_err_clear(err);
			rc = 0;
		}
		goto out;
	}
	if (n)
		*n = s->taken;
	if (s->signed_now)
		rc = kept_write(lg, s->c.size, s->note, err);
out:
	step_free(s);
	return rc;
}
