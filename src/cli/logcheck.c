/* zhifa log check: audit a remote record log over HTTP, trusting only its key; and what log check and log prove share. */
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
#include "cli/logcheck.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tile.h"
#include "util/buf.h"
#include "util/str.h"

#define NOTE_MAX (64 * 1024)          /* a checkpoint with cosignatures */
#define LEVELS 8                      /* tile levels of any tree below 2^64 */

/* ---------------------------------------------------------------------------
 * Shared with log prove (cli/logcheck.h): files, the log's key, checkpoints.
 */

int zf_cli_read_file(const char *path, size_t limit, struct zf_buf *b, struct zf_err *err)
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

int zf_cli_logkey_load(struct zf_cli_logkey *k, const char *arg, struct zf_err *err)
{
	struct stat st;
	struct zf_buf b;
	int rc = 0;
	zf_buf_init(&b, ZF_CLI_KEY_MAX - 1);
	if (stat(arg, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((rc = zf_cli_read_file(arg, ZF_CLI_KEY_MAX - 1, &b, err)))
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

int zf_cli_cp_open(const struct zf_cli_logkey *k, const char *note, size_t len, const char *what,
		   struct zf_cli_cp *out, struct zf_err *err)
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

void zf_cli_cp_print(const char *label, const struct zf_cli_cp *c)
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
static int tree_since(struct tree *t, const struct zf_cli_cp *old, const struct zf_cli_cp *cur, size_t *proof_len,
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
	struct zf_cli_logkey k = {0};
	struct http h = {0};
	struct tree t = {0};
	struct zf_buf note, old;
	struct zf_cli_cp cur, prev;
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
	if ((rc = zf_cli_logkey_load(&k, key, &err)) || (rc = http_open(&h, url, &err)))
		goto out;
	if (since && ((rc = zf_cli_read_file(since, NOTE_MAX, &old, &err)) ||
		      (rc = zf_cli_cp_open(&k, old.data, old.len, "保存的检查点", &prev, &err))))
		goto out;
	if ((rc = http_get(&h, "checkpoint", NOTE_MAX, &note, &err)) == ZF_ENOTFOUND) {
		char why[sizeof(err.msg)];
		zf_strlcpy(why, err.msg, sizeof(why));
		zf_err_set(&err, rc, "%s；--url 应为日志的前缀（检查点所在处），例如 https://example.gov.cn/log", why);
	}
	if (rc || (rc = zf_cli_cp_open(&k, note.data, note.len, "当前检查点", &cur, &err)))
		goto out;
	zf_cli_cp_print("检查点", &cur);
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
