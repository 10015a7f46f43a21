/* C2SP signed notes and checkpoints with an Ed25519 log key kept in a 0600 file. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "ledger/note.h"
#include "util/crypto.h"
#include "util/str.h"

#define KEY_NAME_MAX 255
#define SIG_TYPE_ED25519 0x01
#define ED25519_PUB 32
#define ED25519_SIG 64
/* Signature lines read before a note is refused (the spec asks for >= 16). */
#define SIG_LINES_MAX 100
/* Notes, signature blobs and key files larger than these are refused. */
#define NOTE_MAX (1u << 20)
#define SIG_BLOB_MAX 8192
#define KEYFILE_MAX 16384

/* The em dash U+2014 and a space that open every signature line. */
static const char sig_prefix[] = "\xe2\x80\x94 ";

struct zf_logkey {
	EVP_PKEY *pkey;
	char origin[KEY_NAME_MAX + 1];
	unsigned char pub[ED25519_PUB];
	uint32_t id;
};

struct zf_verifier {
	EVP_PKEY *pkey;
	char name[KEY_NAME_MAX + 1];
	uint32_t id;
};

/* ---- text rules ---------------------------------------------------------- */

/* Decodes one UTF-8 code point at S (N bytes available) into *CP. Returns its
 * length, or 0 for a malformed, overlong, surrogate or out-of-range sequence. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* 1 for the code points Go's unicode.IsSpace reports (which signed-note
 * key names must not contain). */
static int unicode_space(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
	       c == 0x205f || c == 0x3000;
}

/* 1 when the N bytes at S are valid UTF-8 without control characters other
 * than newline (a note's text rule); with NAME, also a key name: non-empty,
 * at most KEY_NAME_MAX bytes, no Unicode space, no '+', no newline. */
static int text_ok(const char *s, size_t n, int name)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;

	if (name && (n == 0 || n > KEY_NAME_MAX))
		return 0;
	for (size_t i = 0, len; i < n; i += len) {
		if (!(len = utf8_next(p + i, n - i, &c)))
			return 0;
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			return 0;
		if (name && (c == '+' || unicode_space(c)))
			return 0;
	}
	return 1;
}

/* The key ID SHA-256(NAME || 0x0A || 0x01 || PUB)[:4], big-endian. */
static int key_id(const char *name, const unsigned char pub[ED25519_PUB], uint32_t *out)
{
	unsigned char b[KEY_NAME_MAX + 2 + ED25519_PUB], d[32];
	size_t n = strlen(name);

	if (n > KEY_NAME_MAX)
		return -1;
	memcpy(b, name, n);
	b[n] = '\n';
	b[n + 1] = SIG_TYPE_ED25519;
	memcpy(b + n + 2, pub, ED25519_PUB);
	if (zf_sha256(b, n + 2 + ED25519_PUB, d))
		return -1;
	*out = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
	return 0;
}

/* ---- the log key --------------------------------------------------------- */

/* Refuses to prompt for a pass phrase: log keys are stored unencrypted. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf, (void)size, (void)rwflag, (void)u;
	return -1;
}

/* fsyncs the folder holding PATH so that a new file's name is durable. */
static int sync_parent(const char *path)
{
	char dir[4096] = ".";
	const char *slash = strrchr(path, '/');
	int fd, rc;

	if (slash) {
		size_t n = slash == path ? 1 : (size_t)(slash - path);
		if (n >= sizeof(dir))
			return -1;
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int zf_logkey_create(const char *path, const char *origin, struct zf_err *err)
{
	EVP_PKEY *pkey = NULL;
	BIO *mem = NULL;
	char *data = NULL;
	long len = 0;
	int fd = -1, created = 0, rc = ZF_ERROR;

	if (!origin || !text_ok(origin, strlen(origin), 1)) {
		rc = zf_err_set(err, ZF_EINVAL,
				"日志名称（origin）无效：不能为空，不超过 %d 字节，不能含空白或“+”",
				KEY_NAME_MAX);
		goto out;
	}
	if (!(pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")) || !(mem = BIO_new(BIO_s_mem())) ||
	    BIO_printf(mem, "%s\n", origin) <= 0 ||
	    !PEM_write_bio_PrivateKey(mem, pkey, NULL, NULL, 0, NULL, NULL)) {
		zf_err_set(err, ZF_ERROR, "无法生成日志签名密钥（OpenSSL 不支持 Ed25519？）");
		goto out;
	}
	len = BIO_get_mem_data(mem, &data);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0) {
		if (errno == EEXIST)
			rc = zf_err_set(err, ZF_ECONFLICT, "日志密钥文件 %s 已存在，不会覆盖", path);
		else
			zf_err_set(err, ZF_ERROR, "无法创建日志密钥文件 %s：%s", path, strerror(errno));
		goto out;
	}
	created = 1;
	for (long done = 0; done < len;) {
		ssize_t w = write(fd, data + done, (size_t)(len - done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			zf_err_set(err, ZF_ERROR, "无法写入日志密钥文件 %s：%s", path, strerror(errno));
			goto out;
		}
		done += w;
	}
	if (fsync(fd) || close(fd)) {
		fd = -1;
		zf_err_set(err, ZF_ERROR, "无法保存日志密钥文件 %s：%s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (sync_parent(path)) {
		zf_err_set(err, ZF_ERROR, "无法保存日志密钥文件 %s 所在的文件夹：%s", path,
			   strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc && created)
		unlink(path);
	if (data && len > 0)
		zf_wipe(data, (size_t)len);
	BIO_free(mem);
	EVP_PKEY_free(pkey);
	return rc;
}

/* Reads the whole key file at PATH (at most KEYFILE_MAX bytes) into BUF,
 * NUL-terminated; refuses one that group or others may read. */
static int read_keyfile(const char *path, char *buf, size_t cap, struct zf_err *err)
{
	struct stat st;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), rc = ZF_ERROR;

	if (fd < 0)
		return zf_err_set(err, errno == ENOENT ? ZF_ENOTFOUND : ZF_ERROR,
				  "无法打开日志密钥文件 %s：%s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		zf_err_set(err, ZF_ERROR, "日志密钥文件 %s 不是普通文件", path);
		goto out;
	}
	if (st.st_mode & 077) {
		rc = zf_err_set(err, ZF_EDENIED,
				"日志密钥文件 %s 的权限过宽（应为 0600，请执行 chmod 600）", path);
		goto out;
	}
	for (;;) {
		if (len == cap - 1) {
			zf_err_set(err, ZF_ERROR, "日志密钥文件 %s 过大，不是 zhifa 的密钥文件", path);
			goto out;
		}
		ssize_t r = read(fd, buf + len, cap - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			zf_err_set(err, ZF_ERROR, "无法读取日志密钥文件 %s：%s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	rc = 0;
out:
	close(fd);
	return rc;
}

int zf_logkey_load(struct zf_logkey **out, const char *path, struct zf_err *err)
{
	struct zf_logkey *k = NULL;
	BIO *bio = NULL;
	char *buf = NULL, *nl;
	size_t publen = ED25519_PUB;
	int rc = ZF_ERROR;

	*out = NULL;
	if (!(buf = malloc(KEYFILE_MAX)) || !(k = calloc(1, sizeof(*k)))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	if ((rc = read_keyfile(path, buf, KEYFILE_MAX, err)))
		goto out;
	rc = ZF_EINVAL;
	if (!(nl = strchr(buf, '\n')) || !text_ok(buf, (size_t)(nl - buf), 1)) {
		zf_err_set(err, rc, "日志密钥文件 %s 的第一行应为日志名称（origin）", path);
		goto out;
	}
	memcpy(k->origin, buf, (size_t)(nl - buf));
	k->origin[nl - buf] = '\0';
	if (!(bio = BIO_new_mem_buf(nl + 1, -1)) ||
	    !(k->pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL)) ||
	    !EVP_PKEY_is_a(k->pkey, "ED25519") ||
	    EVP_PKEY_get_raw_public_key(k->pkey, k->pub, &publen) != 1 || publen != ED25519_PUB ||
	    key_id(k->origin, k->pub, &k->id)) {
		zf_err_set(err, rc, "日志密钥文件 %s 中没有可用的 Ed25519 私钥", path);
		goto out;
	}
	*out = k;
	k = NULL;
	rc = 0;
out:
	if (buf)
		zf_wipe(buf, KEYFILE_MAX);
	free(buf);
	BIO_free(bio);
	zf_logkey_free(k);
	return rc;
}

void zf_logkey_free(struct zf_logkey *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

const char *zf_logkey_origin(const struct zf_logkey *k)
{
	return k->origin;
}

/* "<name>+<8 hex id>+<base64(0x01 || pub)>" into OUT. 0 or -1. */
static int vkey_text(const char *name, uint32_t id, const unsigned char pub[ED25519_PUB],
		     char *out, size_t n)
{
	unsigned char typed[1 + ED25519_PUB];
	char b64[48];

	typed[0] = SIG_TYPE_ED25519;
	memcpy(typed + 1, pub, ED25519_PUB);
	if (zf_b64_encode(typed, sizeof(typed), b64, sizeof(b64)) < 0)
		return -1;
	int w = snprintf(out, n, "%s+%08" PRIx32 "+%s", name, id, b64);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

int zf_logkey_vkey(const struct zf_logkey *k, char *out, size_t n)
{
	return vkey_text(k->origin, k->id, k->pub, out, n);
}

/* ---- checkpoints and notes ----------------------------------------------- */

int zf_checkpoint_body(const char *origin, uint64_t size, const zf_hash root, char *out, size_t n)
{
	char b64[45];

	if (!text_ok(origin, strlen(origin), 1) || size > INT64_MAX)
		return -1;
	zf_hash_b64(root, b64);
	int w = snprintf(out, n, "%s\n%" PRIu64 "\n%s\n", origin, size, b64);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

int zf_note_sign(const struct zf_logkey *k, const char *body, char *out, size_t n)
{
	EVP_MD_CTX *ctx = NULL;
	unsigned char blob[4 + ED25519_SIG];
	size_t siglen = ED25519_SIG, len = strlen(body);
	char b64[4 * ((sizeof(blob) + 2) / 3) + 1];
	int rc = -1;

	if (len == 0 || len > NOTE_MAX || body[len - 1] != '\n' || !text_ok(body, len, 0))
		return -1;
	if (!(ctx = EVP_MD_CTX_new()) || EVP_DigestSignInit(ctx, NULL, NULL, NULL, k->pkey) != 1 ||
	    EVP_DigestSign(ctx, blob + 4, &siglen, (const unsigned char *)body, len) != 1 ||
	    siglen != ED25519_SIG)
		goto out;
	blob[0] = (unsigned char)(k->id >> 24);
	blob[1] = (unsigned char)(k->id >> 16);
	blob[2] = (unsigned char)(k->id >> 8);
	blob[3] = (unsigned char)k->id;
	if (zf_b64_encode(blob, sizeof(blob), b64, sizeof(b64)) < 0)
		goto out;
	int w = snprintf(out, n, "%s\n%s%s %s\n", body, sig_prefix, k->origin, b64);
	if (w >= 0 && (size_t)w < n)
		rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

int zf_verifier_parse(struct zf_verifier **out, const char *vkey, struct zf_err *err)
{
	struct zf_verifier *v = NULL;
	unsigned char typed[1 + ED25519_PUB + 3];
	size_t got;
	uint32_t id = 0, want;
	const char *plus1, *plus2;
	int rc = ZF_EINVAL;

	*out = NULL;
	if (!vkey || !(plus1 = strchr(vkey, '+')) || !(plus2 = strchr(plus1 + 1, '+')) ||
	    plus2 - plus1 != 9 || !text_ok(vkey, (size_t)(plus1 - vkey), 1)) {
		zf_err_set(err, rc, "验证密钥格式无效，应为 名称+8位十六进制编号+Base64 公钥");
		goto out;
	}
	for (const char *p = plus1 + 1; p < plus2; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
		if (d < 0) {
			zf_err_set(err, rc, "验证密钥的编号应为 8 位小写十六进制数字");
			goto out;
		}
		id = id << 4 | (uint32_t)d;
	}
	if (zf_b64_decode(plus2 + 1, strlen(plus2 + 1), typed, sizeof(typed), &got) ||
	    got != 1 + ED25519_PUB || typed[0] != SIG_TYPE_ED25519) {
		zf_err_set(err, rc, "验证密钥的公钥部分应为 Base64 编码的 Ed25519 公钥（类型 0x01）");
		goto out;
	}
	if (!(v = calloc(1, sizeof(*v)))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	memcpy(v->name, vkey, (size_t)(plus1 - vkey));
	v->name[plus1 - vkey] = '\0';
	v->id = id;
	if (key_id(v->name, typed + 1, &want) || want != id) {
		zf_err_set(err, rc, "验证密钥的编号与名称和公钥不符");
		goto out;
	}
	if (!(v->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, typed + 1, ED25519_PUB))) {
		zf_err_set(err, rc, "验证密钥中的 Ed25519 公钥无效");
		goto out;
	}
	*out = v;
	v = NULL;
	rc = 0;
out:
	zf_verifier_free(v);
	return rc;
}

void zf_verifier_free(struct zf_verifier *v)
{
	if (!v)
		return;
	EVP_PKEY_free(v->pkey);
	free(v);
}

const char *zf_verifier_name(const struct zf_verifier *v)
{
	return v->name;
}

/* 1 when SIG (N bytes) is V's Ed25519 signature of TEXT (LEN bytes). */
static int ed25519_ok(const struct zf_verifier *v, const unsigned char *sig, size_t n,
		      const char *text, size_t len)
{
	EVP_MD_CTX *ctx = NULL;
	int ok = 0;

	if (n != ED25519_SIG || !(ctx = EVP_MD_CTX_new()))
		return 0;
	if (EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, v->pkey) == 1 &&
	    EVP_DigestVerify(ctx, sig, n, (const unsigned char *)text, len) == 1)
		ok = 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

int zf_note_open(const struct zf_verifier *v, const char *note, size_t len, size_t *body_len,
		 struct zf_err *err)
{
	unsigned char blob[SIG_BLOB_MAX];
	size_t split = 0, got, plen = strlen(sig_prefix);
	int found = 0, verified = 0, lines = 0;

	*body_len = 0;
	if (len > NOTE_MAX || !text_ok(note, len, 0))
		return zf_err_set(err, ZF_EINVAL, "签名文本无效：须为 UTF-8，不得含换行以外的控制字符");
	/* The last empty line separates the text from the signatures. */
	for (size_t i = len; i >= 2; i--)
		if (note[i - 2] == '\n' && note[i - 1] == '\n') {
			split = i - 1;
			found = 1;
			break;
		}
	if (!found || split + 1 >= len || note[len - 1] != '\n')
		return zf_err_set(err, ZF_EINVAL, "签名文本无效：缺少正文后的空行或签名行");
	for (size_t p = split + 1; p < len;) {
		const char *line = note + p, *nl = memchr(line, '\n', len - p), *name, *sp;
		size_t llen = (size_t)(nl - line);
		p += llen + 1;
		if (++lines > SIG_LINES_MAX)
			return zf_err_set(err, ZF_EINVAL, "签名行过多（超过 %d 行）", SIG_LINES_MAX);
		if (llen < plen || memcmp(line, sig_prefix, plen) != 0)
			return zf_err_set(err, ZF_EINVAL, "签名行格式无效：应以“— ”开头");
		name = line + plen;
		if (!(sp = memchr(name, ' ', (size_t)(nl - name))) ||
		    !text_ok(name, (size_t)(sp - name), 1) ||
		    zf_b64_decode(sp + 1, (size_t)(nl - sp - 1), blob, sizeof(blob), &got) || got < 5)
			return zf_err_set(err, ZF_EINVAL, "签名行格式无效：应为“— 名称 Base64签名”");
		uint32_t id = (uint32_t)blob[0] << 24 | (uint32_t)blob[1] << 16 |
			      (uint32_t)blob[2] << 8 | blob[3];
		size_t nlen = (size_t)(sp - name);
		if (id != v->id || nlen != strlen(v->name) || memcmp(name, v->name, nlen) != 0)
			continue; /* someone else's key: a witness, a rotated key */
		if (!ed25519_ok(v, blob + 4, got - 4, note, split))
			return zf_err_set(err, ZF_EINVAL, "%s 的签名验证失败：内容被改动或签名无效",
					  v->name);
		verified = 1;
	}
	if (!verified)
		return zf_err_set(err, ZF_EINVAL, "没有 %s 的签名", v->name);
	*body_len = split;
	return 0;
}

int zf_checkpoint_parse(const char *body, size_t len, char *origin, size_t n, uint64_t *size,
			zf_hash root)
{
	const char *lines[3], *p = body, *end = body + len;
	size_t llen[3];
	char num[24], b64[45];
	int64_t v;

	if (len == 0 || body[len - 1] != '\n' || !text_ok(body, len, 0))
		return ZF_EINVAL;
	for (int i = 0; i < 3; i++) {
		const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		if (!nl)
			return ZF_EINVAL;
		lines[i] = p;
		llen[i] = (size_t)(nl - p);
		p = nl + 1;
	}
	/* Extension lines may follow; each must be non-empty. */
	for (const char *q = p; q < end; q = (const char *)memchr(q, '\n', (size_t)(end - q)) + 1)
		if (*q == '\n')
			return ZF_EINVAL;
	if (!text_ok(lines[0], llen[0], 1) || llen[0] >= n)
		return ZF_EINVAL;
	if (llen[1] == 0 || llen[1] >= sizeof(num) || lines[1][0] < '0' || lines[1][0] > '9' ||
	    (lines[1][0] == '0' && llen[1] > 1))
		return ZF_EINVAL;
	memcpy(num, lines[1], llen[1]);
	num[llen[1]] = '\0';
	if (zf_str_to_i64(num, 0, INT64_MAX, &v))
		return ZF_EINVAL;
	if (llen[2] != 44)
		return ZF_EINVAL;
	memcpy(b64, lines[2], 44);
	b64[44] = '\0';
	if (zf_hash_from_b64(b64, root))
		return ZF_EINVAL;
	memcpy(origin, lines[0], llen[0]);
	origin[llen[0]] = '\0';
	*size = (uint64_t)v;
	return 0;
}
