/* zhifa log check and zhifa log prove: audit a remote record log over HTTP, verify a tlog-proof file offline. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ledger/entry.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tile.h"
#include "util/buf.h"
#include "util/str.h"

#define NOTE_MAX (64 * 1024)          /* a checkpoint with cosignatures */
#define KEY_MAX 4096                  /* a verifier key line or its file */
#define PROOF_MAX (1024 * 1024)       /* a tlog-proof file */
#define RECORD_MAX (16 * 1024 * 1024) /* a record's canonical data */
#define LEVELS 8                      /* tile levels of any tree below 2^64 */

/* ---------------------------------------------------------------------------
 * Shared pieces: the verifier key, checkpoints. Base64 is decoded strictly
 * (zf_b64_decode: one spelling per byte string), so a flipped bit in a proof
 * is never ignored.
 */

/* Reads at most LIMIT bytes of file PATH into B. 0, or an error with a message. */
static int read_file(const char *path, size_t limit, struct zf_buf *b, struct zf_err *err)
{
	char chunk[8192];
	size_t k;
	FILE *f = fopen(path, "rb");
	if (!f)
		return zf_err_set(err, ZF_ENOTFOUND, "无法打开文件 %s：%s", path, strerror(errno));
	zf_buf_init(b, limit);
	while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (zf_buf_add(b, chunk, k)) {
			fclose(f);
			return zf_err_set(err, ZF_ETOOBIG, "文件 %s 超过 %zu 字节", path, limit);
		}
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return zf_err_set(err, ZF_ERROR, "读取文件 %s 失败", path);
	if (zf_buf_add(b, "", 0))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	return 0;
}

/* The log's key: the verifier and its name (the log's origin). */
struct logkey {
	struct zf_verifier *v;
	char vkey[KEY_MAX];
	const char *name; /* borrowed from V */
};

/* Loads the verifier key ARG: the key line itself ("name+id+base64", as
 * /log/key serves it) or the name of a file holding it. */
static int logkey_load(struct logkey *k, const char *arg, struct zf_err *err)
{
	struct stat st;
	struct zf_buf b;
	int rc = 0;
	zf_buf_init(&b, KEY_MAX - 1);
	if (stat(arg, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((rc = read_file(arg, KEY_MAX - 1, &b, err)))
			goto out;
		zf_strlcpy(k->vkey, zf_buf_cstr(&b), sizeof(k->vkey));
	} else if (zf_strlcpy(k->vkey, arg, sizeof(k->vkey)) >= sizeof(k->vkey)) {
		rc = zf_err_set(err, ZF_EINVAL, "--key 太长");
		goto out;
	}
	zf_str_trim(k->vkey);
	if ((rc = zf_verifier_parse(&k->v, k->vkey, err))) {
		char why[sizeof(err->msg)];
		zf_strlcpy(why, err->msg, sizeof(why));
		zf_err_set(err, ZF_EINVAL, "--key 不是有效的验证密钥（名称+密钥编号+base64，见 /log/key）：%s",
			   why);
		goto out;
	}
	k->name = zf_verifier_name(k->v);
out:
	zf_buf_free(&b);
	return rc;
}

/* A signature-verified checkpoint. */
struct cp {
	char origin[256];
	uint64_t size;
	zf_hash root;
};

/* Verifies the signed note NOTE (LEN bytes) with K and parses it as a
 * checkpoint whose origin is the key's name; WHAT names it in messages. */
static int cp_open(const struct logkey *k, const char *note, size_t len, const char *what,
		   struct cp *out, struct zf_err *err)
{
	size_t body = 0;
	zf_hash empty;
	if (zf_note_open(k->v, note, len, &body, err)) {
		char why[sizeof(err->msg)];
		zf_strlcpy(why, err->msg, sizeof(why));
		return zf_err_set(err, ZF_EINVAL, "%s的签名无效：%s", what, why);
	}
	if (zf_checkpoint_parse(note, body, out->origin, sizeof(out->origin), &out->size, out->root))
		return zf_err_set(err, ZF_EINVAL, "%s格式错误（不是 C2SP 检查点）", what);
	if (strcmp(out->origin, k->name))
		return zf_err_set(err, ZF_EINVAL, "%s的日志名 %s 与密钥名 %s 不符", what, out->origin,
				  k->name);
	zf_merkle_empty(empty);
	if (out->size == 0 && memcmp(out->root, empty, ZF_HASH_LEN))
		return zf_err_set(err, ZF_EINVAL, "%s为空日志，但根哈希不是 SHA-256(\"\")", what);
	return 0;
}

static void print_root(const char *label, const struct cp *c)
{
	char b64[45];
	zf_hash_b64(c->root, b64);
	printf("%s：日志 %s，%" PRIu64 " 条，根哈希 %s\n", label, c->origin, c->size, b64);
}

/* ---------------------------------------------------------------------------
 * HTTP: GET below the log's prefix with libcurl.
 */

struct http {
	CURL *c;
	char base[1024];
	long requests;
	double bytes;
};

static size_t http_sink(char *p, size_t size, size_t n, void *user)
{
	struct zf_buf *b = user;
	return zf_buf_add(b, p, size * n) ? 0 : size * n;
}

static int http_open(struct http *h, const char *url, struct zf_err *err)
{
	size_t n = strlen(url);
	while (n && url[n - 1] == '/')
		n--;
	if ((strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) || n >= sizeof(h->base))
		return zf_err_set(err, ZF_EINVAL, "--url 必须是 http:// 或 https:// 地址（日志前缀，如 https://example.gov.cn/log）");
	memcpy(h->base, url, n);
	h->base[n] = '\0';
	if (curl_global_init(CURL_GLOBAL_DEFAULT) || !(h->c = curl_easy_init()))
		return zf_err_set(err, ZF_ERROR, "无法初始化 HTTP 客户端");
	curl_easy_setopt(h->c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h->c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h->c, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(h->c, CURLOPT_ACCEPT_ENCODING, ""); /* bundles SHOULD be gzip'd */
	curl_easy_setopt(h->c, CURLOPT_USERAGENT, "zhifa-log-check");
	curl_easy_setopt(h->c, CURLOPT_WRITEFUNCTION, http_sink);
	return 0;
}

static void http_close(struct http *h)
{
	if (h->c) {
		curl_easy_cleanup(h->c);
		curl_global_cleanup();
	}
	h->c = NULL;
}

/* GETs PATH below the prefix into B (at most LIMIT bytes, decoded).
 * 0; ZF_ENOTFOUND on 404; otherwise an error with a message. */
static int http_get(struct http *h, const char *path, size_t limit, struct zf_buf *b,
		    struct zf_err *err)
{
	char url[1400];
	long status = 0;
	zf_buf_free(b);
	zf_buf_init(b, limit);
	if (snprintf(url, sizeof(url), "%s/%s", h->base, path) >= (int)sizeof(url))
		return zf_err_set(err, ZF_EINVAL, "地址过长");
	curl_easy_setopt(h->c, CURLOPT_URL, url);
	curl_easy_setopt(h->c, CURLOPT_WRITEDATA, b);
	CURLcode rc = curl_easy_perform(h->c);
	h->requests++;
	if (rc == CURLE_WRITE_ERROR && b->failed)
		return zf_err_set(err, ZF_ETOOBIG, "%s 的应答超过 %zu 字节", url, limit);
	if (rc != CURLE_OK)
		return zf_err_set(err, ZF_EUNAVAIL, "无法获取 %s：%s", url, curl_easy_strerror(rc));
	curl_easy_getinfo(h->c, CURLINFO_RESPONSE_CODE, &status);
	if (status == 404)
		return zf_err_set(err, ZF_ENOTFOUND, "%s 不存在（404）", url);
	if (status != 200)
		return zf_err_set(err, ZF_ERROR, "%s 应答 HTTP %ld", url, status);
	h->bytes += (double)b->len;
	return zf_buf_add(b, "", 0) ? zf_err_set(err, ZF_ENOMEM, "内存不足") : 0;
}

/* GETs tile T ("tile/" + its C2SP path) into B. A partial tile that is no
 * longer served is cut from the full one (tlog-tiles lets a log delete
 * partial tiles once the full tile exists); either way the content is
 * checked against the root afterwards. */
static int http_tile(struct http *h, const struct zf_tile *t, size_t limit, struct zf_buf *b,
		     char path[128], struct zf_err *err)
{
	struct zf_tile full = *t;
	memcpy(path, "tile/", 5);
	if (zf_tile_path(t, path + 5, 123))
		return zf_err_set(err, ZF_ERROR, "瓦片地址无效");
	int rc = http_get(h, path, limit, b, err);
	if (rc != ZF_ENOTFOUND || t->width == ZF_TILE_WIDTH)
		return rc;
	char fpath[128] = "tile/";
	full.width = ZF_TILE_WIDTH;
	if (zf_tile_path(&full, fpath + 5, sizeof(fpath) - 5) || http_get(h, fpath, limit, b, err))
		return zf_err_set(err, rc, "日志没有提供瓦片 %s（也没有完整瓦片 %s）", path, fpath);
	if (t->level >= 0) {
		if (b->len < (size_t)t->width * ZF_HASH_LEN)
			return zf_err_set(err, ZF_EINVAL, "%s 的哈希少于 %d 个", fpath, t->width);
		b->len = (size_t)t->width * ZF_HASH_LEN;
		return 0;
	}
	size_t pos = 0, elen;
	const unsigned char *e;
	for (int i = 0; i < t->width; i++)
		if (zf_bundle_next((const unsigned char *)b->data, b->len, &pos, &e, &elen) != 1)
			return zf_err_set(err, ZF_EINVAL, "%s 的条目少于 %d 条", fpath, t->width);
	b->len = pos;
	return 0;
}

/* ---------------------------------------------------------------------------
 * zhifa log check: the tree from tiles and entries.
 */

/* The hashes of a tree of SIZE leaves as its tiles give them: h[L] holds
 * the count[L] = SIZE >> 8L complete-subtree hashes of level 8L. */
struct tree {
	uint64_t size;
	int levels;
	unsigned char *h[LEVELS];
	uint64_t count[LEVELS];
	long tiles;
	/* the first mismatch the entries rebuild finds (emit callback) */
	int bad_level;
	uint64_t bad_idx;
};

static void tree_free(struct tree *t)
{
	for (int i = 0; i < LEVELS; i++)
		free(t->h[i]);
	memset(t, 0, sizeof(*t));
}

/* A zf_hash_reader over the tiles: levels 8L directly, the levels between
 * hashed from two children of the level below. */
static int tree_read(void *ctx, int level, uint64_t idx, zf_hash out)
{
	const struct tree *t = ctx;
	int l = level / 8;
	if (level < 0 || l >= t->levels)
		return -1;
	if (level % 8 == 0) {
		if (idx >= t->count[l])
			return -1;
		memcpy(out, t->h[l] + idx * ZF_HASH_LEN, ZF_HASH_LEN);
		return 0;
	}
	zf_hash a, b;
	if (idx > (UINT64_MAX - 1) / 2 || tree_read(ctx, level - 1, 2 * idx, a) ||
	    tree_read(ctx, level - 1, 2 * idx + 1, b))
		return -1;
	return zf_merkle_node(a, b, out);
}

/* Fetches every hash tile of the tree of T->size. */
static int tree_fetch(struct tree *t, struct http *h, struct zf_err *err)
{
	struct zf_buf b;
	char path[128];
	int rc = 0;
	zf_buf_init(&b, 0);
	for (int l = 0; l < LEVELS && (t->size >> (8 * l)) > 0; l++) {
		uint64_t count = t->size >> (8 * l);
		if (count > SIZE_MAX / ZF_HASH_LEN || !(t->h[l] = malloc((size_t)count * ZF_HASH_LEN))) {
			rc = zf_err_set(err, ZF_ENOMEM, "内存不足（%" PRIu64 " 个哈希）", count);
			goto out;
		}
		t->count[l] = count;
		t->levels = l + 1;
		for (uint64_t n = 0; n * ZF_TILE_WIDTH < count; n++) {
			struct zf_tile tile = {.level = l, .n = n, .width = zf_tile_width(l, n, t->size)};
			if ((rc = http_tile(h, &tile, ZF_TILE_WIDTH * ZF_HASH_LEN, &b, path, err)))
				goto out;
			if (b.len != (size_t)tile.width * ZF_HASH_LEN) {
				rc = zf_err_set(err, ZF_EINVAL, "瓦片 %s 有 %zu 字节，应为 %d 个哈希", path,
						b.len, tile.width);
				goto out;
			}
			memcpy(t->h[l] + n * ZF_TILE_WIDTH * ZF_HASH_LEN, b.data, b.len);
			t->tiles++;
		}
	}
out:
	zf_buf_free(&b);
	return rc;
}

/* The root of the 256 hashes of a full tile. */
static int tile_root(const unsigned char *h, zf_hash out)
{
	zf_hash level[ZF_TILE_WIDTH];
	memcpy(level, h, sizeof(level));
	for (int n = ZF_TILE_WIDTH; n > 1; n /= 2)
		for (int i = 0; i < n / 2; i++)
			if (zf_merkle_node(level[2 * i], level[2 * i + 1], level[i]))
				return -1;
	memcpy(out, level[0], ZF_HASH_LEN);
	return 0;
}

/* Checks the tiles against each other and the root: every full tile below
 * the top level hashes to its hash in the level above, and the tiles give
 * the checkpoint's root. Afterwards every tile hash is authenticated. */
static int tree_check(struct tree *t, const zf_hash root, struct zf_err *err)
{
	zf_hash r;
	for (int l = 0; l + 1 < t->levels; l++)
		for (uint64_t n = 0; n < t->count[l + 1]; n++)
			if (tile_root(t->h[l] + n * ZF_TILE_WIDTH * ZF_HASH_LEN, r) ||
			    memcmp(r, t->h[l + 1] + n * ZF_HASH_LEN, ZF_HASH_LEN))
				return zf_err_set(err, ZF_EINVAL, "第 %d 层瓦片 %" PRIu64 " 与上一层瓦片中的哈希不符（瓦片被篡改）",
						  l, n);
	if (zf_merkle_root(tree_read, t, t->size, r) || memcmp(r, root, ZF_HASH_LEN))
		return zf_err_set(err, ZF_EINVAL, "由瓦片重建的根哈希与检查点不符（瓦片被篡改）");
	return 0;
}

/* Compares every complete-subtree hash the rebuild from entries creates at a
 * tile level above 0 with the tiles; remembers the first difference. */
static void tree_emit(void *ctx, int level, uint64_t idx, const zf_hash hash)
{
	struct tree *t = ctx;
	int l = level / 8;
	if (level == 0 || level % 8 || t->bad_level || l >= t->levels)
		return;
	if (idx >= t->count[l] || memcmp(t->h[l] + idx * ZF_HASH_LEN, hash, ZF_HASH_LEN)) {
		t->bad_level = level;
		t->bad_idx = idx;
	}
}

/* Fetches every entry bundle, checks that each entry's leaf hash is the
 * level-0 tile's, rebuilds the tree from the entries (compact range),
 * compares every tile hash above level 0 and the root. */
static int tree_entries(struct tree *t, struct http *h, const zf_hash root, struct zf_err *err)
{
	struct zf_buf b;
	struct zf_compact c = {0};
	char path[128];
	zf_hash leaf, r;
	int rc = 0;
	zf_buf_init(&b, 0);
	for (uint64_t n = 0; n * ZF_TILE_WIDTH < t->size; n++) {
		struct zf_tile tile = {.level = -1, .n = n, .width = zf_tile_width(-1, n, t->size)};
		if ((rc = http_tile(h, &tile, (size_t)ZF_TILE_WIDTH * (ZF_ENTRY_MAX + 2), &b, path, err)))
			goto out;
		size_t pos = 0, elen;
		const unsigned char *e;
		int k, got = 0;
		while ((k = zf_bundle_next((const unsigned char *)b.data, b.len, &pos, &e, &elen)) == 1) {
			uint64_t i = n * ZF_TILE_WIDTH + (uint64_t)got;
			if (++got > tile.width)
				break;
			if (zf_merkle_leaf(e, elen, leaf) || zf_compact_append(&c, leaf, tree_emit, t)) {
				rc = zf_err_set(err, ZF_ERROR, "哈希计算失败");
				goto out;
			}
			if (memcmp(leaf, t->h[0] + i * ZF_HASH_LEN, ZF_HASH_LEN)) {
				rc = zf_err_set(err, ZF_EINVAL, "条目 %" PRIu64 "（%s）的哈希与第 0 层瓦片中的叶子哈希不符",
						i, path);
				goto out;
			}
			if (t->bad_level) {
				rc = zf_err_set(err, ZF_EINVAL, "由条目重建的第 %d 层哈希 %" PRIu64 " 与瓦片不符（第 %d 层瓦片 %" PRIu64 "）",
						t->bad_level, t->bad_idx, t->bad_level / 8, t->bad_idx / ZF_TILE_WIDTH);
				goto out;
			}
		}
		if (k < 0 || got != tile.width) {
			rc = zf_err_set(err, ZF_EINVAL, "条目包 %s 格式错误或条数不是 %d", path, tile.width);
			goto out;
		}
	}
	if (zf_compact_root(&c, r) || memcmp(r, root, ZF_HASH_LEN))
		rc = zf_err_set(err, ZF_EINVAL, "由条目重建的根哈希与检查点不符");
out:
	zf_buf_free(&b);
	return rc;
}

/* Checks that the saved checkpoint OLD is a prefix of CUR: a consistency
 * proof computed here from the (verified) tiles, then verified. */
static int tree_since(struct tree *t, const struct cp *old, const struct cp *cur, size_t *proof_len,
		      struct zf_err *err)
{
	zf_hash path[ZF_PROOF_MAX], empty;
	size_t n = 0;
	*proof_len = 0;
	if (old->size > cur->size)
		return zf_err_set(err, ZF_EINVAL, "日志变短了：保存的检查点有 %" PRIu64 " 条，现在只有 %" PRIu64 " 条（数据库被回退到旧备份？）",
				  old->size, cur->size);
	if (old->size == cur->size) {
		if (memcmp(old->root, cur->root, ZF_HASH_LEN))
			return zf_err_set(err, ZF_EINVAL, "日志分叉：同为 %" PRIu64 " 条，根哈希与保存的检查点不同",
					  old->size);
		return 0;
	}
	zf_merkle_empty(empty);
	if (old->size == 0)
		return memcmp(old->root, empty, ZF_HASH_LEN) ? zf_err_set(err, ZF_EINVAL, "保存的空检查点根哈希错误") : 0;
	if (zf_merkle_prove_consistency(tree_read, t, old->size, cur->size, path, &n))
		return zf_err_set(err, ZF_ERROR, "无法由瓦片计算一致性证明");
	*proof_len = n;
	if (zf_merkle_verify_consistency(old->size, cur->size, old->root, cur->root, path, n) != 1)
		return zf_err_set(err, ZF_EINVAL, "日志分叉：保存的检查点（%" PRIu64 " 条）不是当前日志的前缀（记录被删改或数据库被替换）",
				  old->size);
	return 0;
}

/* Writes NOTE to PATH atomically (temporary file, fsync, rename). */
static int save_note(const char *path, const char *note, size_t len, struct zf_err *err)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return zf_err_set(err, ZF_EINVAL, "--save 路径过长");
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return zf_err_set(err, ZF_ERROR, "无法写入 %s：%s", tmp, strerror(errno));
	size_t off = 0;
	while (off < len) {
		ssize_t k = write(fd, note + off, len - off);
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	int bad = off != len || fsync(fd) != 0;
	bad |= close(fd) != 0;
	if (bad || rename(tmp, path)) {
		unlink(tmp);
		return zf_err_set(err, ZF_ERROR, "无法写入 %s", path);
	}
	return 0;
}

static void help_check(void)
{
	printf("usage: zhifa log check --url URL --key VKEY [--since FILE] [--save FILE]\n\n"
	       "Audits a zhifa record log (any C2SP tlog-tiles log) over HTTP, as a citizen\n"
	       "or a witness would, trusting nothing but the key:\n"
	       "  - the checkpoint's signature by VKEY, and its origin is the key's name;\n"
	       "  - every hash tile is fetched and the tiles rebuild the checkpoint's root;\n"
	       "  - every entry of every entry bundle is hashed: each must be the leaf in\n"
	       "    the level-0 tile, and the tree rebuilt from the entries must give every\n"
	       "    tile hash above and the root;\n"
	       "  - with --since, the saved earlier checkpoint must be a prefix of the log:\n"
	       "    a consistency proof is computed here from the verified tiles and checked.\n"
	       "    This catches a log rolled back to an older database or rewritten.\n\n"
	       "  --url URL     the log's prefix, e.g. https://example.gov.cn/log\n"
	       "  --key VKEY    the log's verifier key line (name+id+base64, as /log/key\n"
	       "                shows it; obtain it once from a trusted source), or a file\n"
	       "                holding it\n"
	       "  --since FILE  a checkpoint saved earlier (--save, or /log/checkpoint)\n"
	       "  --save FILE   after a successful check, write the checkpoint checked to\n"
	       "                FILE (atomically); --since FILE --save FILE keeps watch\n\n"
	       "Exit status 0 when everything holds; 1 with the first reason otherwise.\n");
}

/* zhifa log check. */
int zf_cmd_log_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"url", required_argument, 0, 'u'}, {"key", required_argument, 0, 'k'},
		{"since", required_argument, 0, 's'}, {"save", required_argument, 0, 'S'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *url = NULL, *key = NULL, *since = NULL, *save = NULL;
	struct logkey k = {0};
	struct http h = {0};
	struct tree t = {0};
	struct zf_buf note, old;
	struct cp cur, prev;
	struct zf_err err = {0};
	size_t proof_len = 0;
	int c, rc = 0;

	zf_buf_init(&note, NOTE_MAX);
	zf_buf_init(&old, NOTE_MAX);
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u': url = optarg; break;
		case 'k': key = optarg; break;
		case 's': since = optarg; break;
		case 'S': save = optarg; break;
		case 'h': help_check(); return ZF_EXIT_OK;
		default: return zf_cli_usage("log check", "unknown option");
		}
	}
	if (!url || !key || optind != argc)
		return zf_cli_usage("log check", "--url and --key are required");
	if ((rc = logkey_load(&k, key, &err)) || (rc = http_open(&h, url, &err)))
		goto out;
	if (since && ((rc = read_file(since, NOTE_MAX, &old, &err)) ||
		      (rc = cp_open(&k, old.data, old.len, "保存的检查点", &prev, &err))))
		goto out;
	if ((rc = http_get(&h, "checkpoint", NOTE_MAX, &note, &err)) == ZF_ENOTFOUND) {
		char why[sizeof(err.msg)];
		zf_strlcpy(why, err.msg, sizeof(why));
		zf_err_set(&err, rc, "%s；--url 应为日志的前缀（检查点所在处），例如 https://example.gov.cn/log", why);
	}
	if (rc || (rc = cp_open(&k, note.data, note.len, "当前检查点", &cur, &err)))
		goto out;
	print_root("检查点", &cur);
	printf("  签名：由密钥 %s 验证通过\n", k.name);
	t.size = cur.size;
	if (cur.size > 0) {
		if ((rc = tree_fetch(&t, &h, &err)) || (rc = tree_check(&t, cur.root, &err)))
			goto out;
		printf("  瓦片：%ld 个哈希瓦片逐层相符，重建出检查点的根哈希\n", t.tiles);
		if ((rc = tree_entries(&t, &h, cur.root, &err)))
			goto out;
		printf("  条目：%" PRIu64 " 条条目逐条哈希，与叶子哈希、各层瓦片和根哈希一致\n", cur.size);
	}
	if (since) {
		if ((rc = tree_since(&t, &prev, &cur, &proof_len, &err)))
			goto out;
		printf("  一致性：保存的检查点（%" PRIu64 " 条）是当前日志的前缀（一致性证明 %zu 个哈希）\n",
		       prev.size, proof_len);
	}
	if (save && (rc = save_note(save, note.data, note.len, &err)))
		goto out;
	printf("结论：日志完整（%ld 次请求，%.0f 字节）\n", h.requests, h.bytes);
out:
	tree_free(&t);
	http_close(&h);
	zf_verifier_free(k.v);
	zf_buf_free(&note);
	zf_buf_free(&old);
	if (rc) {
		fprintf(stderr, "zhifa: 日志检查失败：%s\n", err.msg);
		return ZF_EXIT_FAIL;
	}
	return ZF_EXIT_OK;
}

/* ---------------------------------------------------------------------------
 * zhifa log prove: a c2sp.org/tlog-proof@v1 file, offline.
 */

struct proof {
	unsigned char *extra; /* malloc'd; NULL without an extra line */
	size_t extra_len;
	uint64_t index;
	zf_hash path[ZF_PROOF_MAX];
	size_t n;
	const char *note; /* the checkpoint, inside the file's buffer */
	size_t note_len;
};

/* Parses the "index N" line S (N bytes): canonical decimal. */
static int proof_index(const char *s, size_t n, uint64_t *out)
{
	char num[24];
	int64_t v;
	if (n <= 6 || n - 6 >= sizeof(num) || memcmp(s, "index ", 6))
		return -1;
	memcpy(num, s + 6, n - 6);
	num[n - 6] = '\0';
	if (strspn(num, "0123456789") != n - 6 || (num[0] == '0' && num[1]) ||
	    zf_str_to_i64(num, 0, INT64_MAX, &v))
		return -1;
	*out = (uint64_t)v;
	return 0;
}

/* Parses a tlog-proof file (DATA, LEN bytes) strictly: the header line, an
 * optional extra line, the index line, the hashes, an empty line, the
 * checkpoint. Frees nothing: P->extra is the caller's. */
static int proof_parse(const char *data, size_t len, struct proof *p, struct zf_err *err)
{
	const char *cut = memmem(data, len, "\n\n", 2);
	int no = 0, have_index = 0;
	size_t got;
	if (!cut)
		return zf_err_set(err, ZF_EINVAL, "证明文件格式错误：检查点前没有空行");
	p->note = cut + 2;
	p->note_len = (size_t)(data + len - p->note);
	/* The head's lines each end in '\n', the last one at CUT. */
	for (const char *s = data, *end = cut + 1; s < end; no++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)(nl - s);
		if (no == 0) {
			if (n != 22 || memcmp(s, "c2sp.org/tlog-proof@v1", 22))
				return zf_err_set(err, ZF_EINVAL, "证明文件第一行不是 c2sp.org/tlog-proof@v1");
		} else if (no == 1 && n >= 6 && !memcmp(s, "extra ", 6)) {
			size_t cap = (n - 6) / 4 * 3;
			if (!(p->extra = malloc(cap ? cap : 1)))
				return zf_err_set(err, ZF_ENOMEM, "内存不足");
			if (zf_b64_decode(s + 6, n - 6, p->extra, cap, &p->extra_len))
				return zf_err_set(err, ZF_EINVAL, "证明文件的 extra 行不是 base64");
		} else if (!have_index) {
			if (proof_index(s, n, &p->index))
				return zf_err_set(err, ZF_EINVAL, "证明文件第 %d 行应为 index 行（index 十进制序号）", no + 1);
			have_index = 1;
		} else if (p->n >= ZF_PROOF_MAX || zf_b64_decode(s, n, p->path[p->n], ZF_HASH_LEN, &got) ||
			   got != ZF_HASH_LEN) {
			return zf_err_set(err, ZF_EINVAL, "证明文件第 %d 行不是一个哈希的 base64", no + 1);
		} else {
			p->n++;
		}
		s = nl + 1;
	}
	return have_index ? 0 : zf_err_set(err, ZF_EINVAL, "证明文件缺少 index 行");
}

static void help_prove(void)
{
	printf("usage: zhifa log prove --key VKEY PROOF_FILE [RECORD_FILE [--salt HEX]]\n\n"
	       "Verifies a c2sp.org/tlog-proof@v1 file (what /log/proof/<index> serves)\n"
	       "offline: the checkpoint in it is signed by VKEY and names the key's log,\n"
	       "and the inclusion proof leads from the entry at the index to the\n"
	       "checkpoint's root. The entry whose inclusion is proved is:\n"
	       "  - without RECORD_FILE: the proof's extra line (base64 of the entry's\n"
	       "    bytes; zhifa puts the zhifa-entry/v1 text there); the entry is printed;\n"
	       "  - RECORD_FILE holding a zhifa-entry/v1 entry: its bytes (when the proof\n"
	       "    has an extra line too, it must be the same entry);\n"
	       "  - RECORD_FILE holding a record's canonical data, with --salt HEX (the\n"
	       "    record's salt, kept beside it in the database): the entry is the\n"
	       "    proof's extra line, and its commit line must be SHA-256(salt || data):\n"
	       "    this proves that this very record was logged.\n\n"
	       "  --key VKEY    the log's verifier key line, or a file holding it\n"
	       "  --salt HEX    the record's salt (64 hex characters)\n\n"
	       "Exit status 0 when the proof holds; 1 with the reason otherwise.\n");
}

/* The entry whose inclusion is to be proved, into *ENTRY (pointing into P
 * or REC), from the proof's extra line, the record file's bytes REC (RLEN;
 * NULL without one), and SALT (may be NULL). */
static int prove_entry(struct proof *p, const char *rec, size_t rlen, const char *salt,
		       const unsigned char **entry, size_t *len, struct zf_err *err)
{
	static const char magic[] = "zhifa-entry/v1\n";
	if (rec && !salt && rlen >= sizeof(magic) - 1 && !memcmp(rec, magic, sizeof(magic) - 1)) {
		if (p->extra && (p->extra_len != rlen || memcmp(p->extra, rec, rlen)))
			return zf_err_set(err, ZF_EINVAL, "证明文件 extra 行中的条目与 RECORD_FILE 不同");
		*entry = (const unsigned char *)rec;
		*len = rlen;
		return 0;
	}
	if (rec && !salt)
		return zf_err_set(err, ZF_EINVAL, "RECORD_FILE 不是 zhifa-entry/v1 条目；若是记录的规范数据，请用 --salt 给出记录的盐值");
	if (!p->extra)
		return zf_err_set(err, ZF_EINVAL, "证明文件没有 extra 行：请给出 RECORD_FILE（条目）");
	*entry = p->extra;
	*len = p->extra_len;
	if (!rec)
		return 0;
	struct zf_entry e;
	char commit[65], *copy = malloc(p->extra_len + 1);
	int rc = 0;
	if (!copy)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (zf_entry_parse((const char *)p->extra, p->extra_len, &e, copy, p->extra_len + 1))
		rc = zf_err_set(err, ZF_EINVAL, "证明文件 extra 行不是 zhifa-entry/v1 条目");
	else if (strlen(salt) != 64 || strspn(salt, "0123456789abcdef") != 64)
		rc = zf_err_set(err, ZF_EINVAL, "--salt 应为 64 个小写十六进制字符");
	else if (zf_entry_commit(salt, rec, rlen, commit) || strcmp(commit, e.commit))
		rc = zf_err_set(err, ZF_EINVAL, "记录与条目中的承诺不符：RECORD_FILE 或盐值不是该条目所承诺的记录（记录 %s:%lld）",
				e.table, (long long)e.key);
	free(copy);
	return rc;
}

/* The whole offline check of proof file DATA (LEN bytes) with key K: the
 * file's form, the checkpoint's signature and origin, the entry
 * (prove_entry), its inclusion at the index. P, CP, *ENTRY get what was
 * verified. */
static int prove_run(const struct logkey *k, const char *data, size_t len, const char *rec,
		     size_t rlen, const char *salt, struct proof *p, struct cp *cp,
		     const unsigned char **entry, size_t *elen, struct zf_err *err)
{
	zf_hash leaf;
	int rc;
	if ((rc = proof_parse(data, len, p, err)) ||
	    (rc = cp_open(k, p->note, p->note_len, "证明中的检查点", cp, err)) ||
	    (rc = prove_entry(p, rec, rlen, salt, entry, elen, err)))
		return rc;
	if (p->index >= cp->size)
		return zf_err_set(err, ZF_EINVAL, "条目序号 %" PRIu64 " 不在 %" PRIu64 " 条的检查点中",
				  p->index, cp->size);
	if (zf_merkle_leaf(*entry, *elen, leaf) ||
	    zf_merkle_verify_inclusion(p->index, cp->size, leaf, (const zf_hash *)p->path, p->n,
				       cp->root) != 1)
		return zf_err_set(err, ZF_EINVAL, "包含证明无效：条目 %" PRIu64 " 不在该检查点的日志中（条目或证明被改动）",
				  p->index);
	return 0;
}

int zf_cli_log_prove_check(const char *vkey, const char *proof, size_t len, const char *record,
			   size_t rlen, const char *salt, struct zf_err *err)
{
	struct logkey k = {0};
	struct proof *p = calloc(1, sizeof(*p));
	struct cp cp;
	const unsigned char *entry;
	size_t elen;
	int rc;
	if (!p)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (!(rc = logkey_load(&k, vkey, err)))
		rc = prove_run(&k, proof, len, record, rlen, salt, p, &cp, &entry, &elen, err);
	zf_verifier_free(k.v);
	free(p->extra);
	free(p);
	return rc;
}

/* zhifa log prove. */
int zf_cmd_log_prove(int argc, char **argv)
{
	static const struct option opts[] = {
		{"key", required_argument, 0, 'k'}, {"salt", required_argument, 0, 's'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *key = NULL, *salt = NULL;
	struct logkey k = {0};
	struct zf_buf file, rec;
	struct proof *p = NULL;
	struct cp cp;
	struct zf_err err = {0};
	const unsigned char *entry = NULL;
	size_t elen = 0;
	int c, rc = 0, with_record;

	zf_buf_init(&file, PROOF_MAX);
	zf_buf_init(&rec, RECORD_MAX);
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = optarg; break;
		case 's': salt = optarg; break;
		case 'h': help_prove(); return ZF_EXIT_OK;
		default: return zf_cli_usage("log prove", "unknown option");
		}
	}
	if (!key || optind >= argc || argc - optind > 2)
		return zf_cli_usage("log prove", "--key and PROOF_FILE are required");
	if (salt && argc - optind != 2)
		return zf_cli_usage("log prove", "--salt goes with RECORD_FILE");
	if (!(p = calloc(1, sizeof(*p)))) {
		rc = zf_err_set(&err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	with_record = argc - optind == 2;
	if ((rc = logkey_load(&k, key, &err)) ||
	    (rc = read_file(argv[optind], PROOF_MAX, &file, &err)) ||
	    (with_record && (rc = read_file(argv[optind + 1], RECORD_MAX, &rec, &err))) ||
	    (rc = prove_run(&k, file.data, file.len, with_record ? rec.data : NULL, rec.len, salt, p,
			    &cp, &entry, &elen, &err)))
		goto out;
	print_root("检查点", &cp);
	printf("  签名：由密钥 %s 验证通过\n", k.name);
	printf("  包含证明：条目 %" PRIu64 " 在日志中（%zu 个哈希）\n", p->index, p->n);
	if (salt)
		printf("  记录：%s 与盐值给出条目中的承诺\n", argv[optind + 1]);
	if (zf_str_utf8_ok((const char *)entry, elen, 1)) {
		printf("条目：\n");
		for (size_t i = 0; i < elen;) {
			const char *line = (const char *)entry + i, *nl = memchr(line, '\n', elen - i);
			size_t n = nl ? (size_t)(nl - line) : elen - i;
			printf("  %.*s\n", (int)n, line);
			i += n + 1;
		}
	}
	printf("结论：证明有效\n");
out:
	if (p)
		free(p->extra);
	free(p);
	zf_verifier_free(k.v);
	zf_buf_free(&file);
	zf_buf_free(&rec);
	if (rc) {
		fprintf(stderr, "zhifa: 证明无效：%s\n", err.msg);
		return ZF_EXIT_FAIL;
	}
	return ZF_EXIT_OK;
}
