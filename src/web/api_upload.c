/* The tus 1.0 resumable-upload API under /api/v1/uploads (core, creation, termination, checksum, expiration) over the upload use cases. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/evp.h>

#include "app/upload.h"
#include "util/str.h"
#include "web/handlers.h"
#include "web/request.h"

#define TUS_VERSION "1.0.0"
#define TUS_EXTENSIONS "creation,termination,checksum,expiration"
#define TUS_CHECKSUMS "sha1,sha256"
#define OFFSET_TYPE "application/offset+octet-stream"
#define META_MAX 4096     /* bytes of the Upload-Metadata header */
#define META_PAIRS 16     /* key-value pairs in it */
#define META_VALUE_MAX 1024 /* decoded bytes of one value */
#define FILETYPE_MAX 127  /* bytes of the filetype claim */
#define UPLOAD_PATH "/api/v1/uploads/"

/* tus answers 400 for a request it cannot use; the rest as everywhere. */
static int tus_error(struct zf_req *req, const struct zf_err *err)
{
	if (err->code == ZF_EINVAL)
		return zf_answer_status(req, 400, ZF_EINVAL, err->msg);
	return zf_resp_error(req, err);
}

/* 1 with a 412 answer when the request does not speak tus 1.0.0. */
static int version_refused(struct zf_req *req)
{
	const char *v = zf_req_header(req, "Tus-Resumable");
	if (v && !strcmp(v, TUS_VERSION))
		return 0;
	zf_resp_header(req, "Tus-Version", TUS_VERSION);
	zf_answer_status(req, 412, ZF_EINVAL, "请求头 Tus-Resumable 应为 1.0.0");
	return 1;
}

/* A header of decimal digits only (no sign, no spaces) as *OUT. */
static int header_u64(struct zf_req *req, const char *name, uint64_t *out)
{
	const char *v = zf_req_header(req, name);
	int64_t x;
	if (!v || !*v || *v < '0' || *v > '9' || zf_str_to_i64(v, 0, INT64_MAX, &x))
		return ZF_EINVAL;
	*out = (uint64_t)x;
	return 0;
}

/* Adds the decimal header NAME. */
static void header_num(struct zf_req *req, const char *name, uint64_t v)
{
	char s[24];
	snprintf(s, sizeof(s), "%" PRIu64, v);
	zf_resp_header(req, name, s);
}

/* Upload-Expires in the IMF-fixdate format of RFC 7231 §7.1.1.1. */
static void header_expires(struct zf_req *req, int64_t t)
{
	char s[40];
	struct tm tm;
	time_t tt = (time_t)t;
	if (gmtime_r(&tt, &tm) && strftime(s, sizeof(s), "%a, %d %b %Y %H:%M:%S GMT", &tm))
		zf_resp_header(req, "Upload-Expires", s);
}

/* Decodes the base64 S (N bytes, padded) into A; NULL when invalid. */
static char *b64_decode(struct zf_arena *a, const char *s, size_t n, size_t *len)
{
	char *out;
	int got;
	size_t pad = 0;

	if (n % 4 || n > META_MAX)
		return NULL;
	if (!(out = zf_arena_alloc(a, n / 4 * 3 + 1)))
		return NULL;
	got = n ? EVP_DecodeBlock((unsigned char *)out, (const unsigned char *)s, (int)n) : 0;
	if (got < 0)
		return NULL;
	if (n && s[n - 1] == '=')
		pad = n > 1 && s[n - 2] == '=' ? 2 : 1;
	*len = (size_t)got - pad;
	out[*len] = '\0';
	return out;
}

/* Encodes N bytes of P as padded base64 into A. */
static char *b64_encode(struct zf_arena *a, const char *p, size_t n)
{
	char *out = zf_arena_alloc(a, (n + 2) / 3 * 4 + 1);
	if (out)
		EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)p, (int)n);
	return out;
}

/* Parses Upload-Metadata ("key base64,key base64", the value optional) for
 * the keys filename (required) and filetype; other keys are ignored. */
static int parse_metadata(struct zf_req *req, const char **filename, const char **filetype,
			  struct zf_err *err)
{
	const char *h = zf_req_header(req, "Upload-Metadata"), *p;
	int pairs = 0;

	*filename = NULL;
	*filetype = "";
	if (!h)
		return zf_err_field(err, "filename", "请在 Upload-Metadata 中提供文件名 filename");
	if (strlen(h) > META_MAX)
		return zf_err_field(err, "Upload-Metadata", "请求头 Upload-Metadata 过长（最多 %d 字节）",
				    META_MAX);
	for (p = h; *p;) {
		size_t plen = strcspn(p, ","), klen, vlen, dlen = 0;
		const char *sp, *val;
		char *dec = NULL;

		while (plen && *p == ' ') {
			p++;
			plen--;
		}
		sp = memchr(p, ' ', plen);
		klen = sp ? (size_t)(sp - p) : plen;
		val = sp ? sp + 1 : p + plen;
		vlen = (size_t)(p + plen - val);
		while (vlen && val[vlen - 1] == ' ')
			vlen--;
		if (++pairs > META_PAIRS || !klen)
			return zf_err_field(err, "Upload-Metadata", "请求头 Upload-Metadata 格式不正确");
		if (vlen && (!(dec = b64_decode(req->arena, val, vlen, &dlen)) ||
			     dlen > META_VALUE_MAX || memchr(dec, '\0', dlen)))
			return zf_err_field(err, "Upload-Metadata",
					    "请求头 Upload-Metadata 中 %.*s 的值不是有效的 Base64",
					    (int)(klen > 32 ? 32 : klen), p);
		if (klen == 8 && !memcmp(p, "filename", 8)) {
			if (*filename)
				return zf_err_field(err, "filename", "文件名 filename 重复");
			*filename = dec ? dec : "";
		} else if (klen == 8 && !memcmp(p, "filetype", 8)) {
			if (dlen > FILETYPE_MAX || (dec && !zf_str_utf8_ok(dec, dlen, 0)))
				return zf_err_field(err, "filetype", "文件类型 filetype 无效");
			*filetype = dec ? dec : "";
		}
		p += plen;
		if (*p == ',')
			p++;
	}
	if (!*filename || !**filename)
		return zf_err_field(err, "filename", "请在 Upload-Metadata 中提供文件名 filename");
	return 0;
}

/* The Upload-Metadata value to echo on HEAD. */
static const char *metadata_of(struct zf_req *req, const struct zf_upload *u)
{
	const char *fn = b64_encode(req->arena, u->filename, strlen(u->filename));
	const char *ft = u->filetype && *u->filetype
				 ? b64_encode(req->arena, u->filetype, strlen(u->filetype))
				 : NULL;
	size_t n;
	char *s;
	if (!fn)
		return NULL;
	n = strlen(fn) + (ft ? strlen(ft) : 0) + 32;
	if ((s = zf_arena_alloc(req->arena, n)))
		snprintf(s, n, "filename %s%s%s", fn, ft ? ",filetype " : "", ft ? ft : "");
	return s;
}

/* 204 without a body. */
static int no_content(struct zf_req *req)
{
	return zf_resp_raw(req, 204, "text/plain; charset=utf-8", "", 0);
}

int route_api_upload_options(struct zf_req *req)
{
	struct zf_upload_limits lim;
	zf_upload_limits_get(req->app, &lim);
	zf_resp_header(req, "Tus-Version", TUS_VERSION);
	zf_resp_header(req, "Tus-Extension", TUS_EXTENSIONS);
	zf_resp_header(req, "Tus-Checksum-Algorithm", TUS_CHECKSUMS);
	header_num(req, "Tus-Max-Size", lim.max_default);
	return no_content(req);
}

int route_api_upload_create(struct zf_req *req)
{
	struct zf_err err;
	struct zf_upload u;
	const char *filename, *filetype;
	char loc[64];
	uint64_t len;
	int rc;

	zf_err_clear(&err);
	if (version_refused(req))
		return 0;
	if (zf_req_header(req, "Upload-Defer-Length"))
		return zf_answer_status(req, 400, ZF_EINVAL, "不支持延后提供长度，请提供 Upload-Length");
	if (header_u64(req, "Upload-Length", &len))
		return zf_answer_status(req, 400, ZF_EINVAL,
					"请求头 Upload-Length 应为文件的字节数（非负整数）");
	if (parse_metadata(req, &filename, &filetype, &err))
		return tus_error(req, &err);
	rc = zf_app_upload_create(req->app, &req->actor, req->arena, filename, filetype, len, &u,
				  &err);
	if (rc)
		return tus_error(req, &err);
	snprintf(loc, sizeof(loc), UPLOAD_PATH "%s", u.id);
	zf_resp_header(req, "Location", loc);
	header_num(req, "Upload-Offset", u.received);
	header_expires(req, u.expires_at);
	return zf_resp_raw(req, 201, "text/plain; charset=utf-8", "", 0);
}

/* The upload as JSON for GET. */
static json_t *upload_json(const struct zf_upload *u)
{
	json_t *o = json_object();
	char t[21];
	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_string(u->id));
	json_object_set_new(o, "filename", json_string(u->filename));
	json_object_set_new(o, "filetype", json_string(u->filetype ? u->filetype : ""));
	json_object_set_new(o, "length", json_integer((json_int_t)u->length));
	json_object_set_new(o, "offset", json_integer((json_int_t)u->received));
	json_object_set_new(o, "state", json_string(u->state));
	if (u->digest.sha256[0])
		json_object_set_new(o, "sha256", json_string(u->digest.sha256));
	if (u->digest.sm3[0])
		json_object_set_new(o, "sm3", json_string(u->digest.sm3));
	zf_time_rfc3339(u->created_at, t);
	json_object_set_new(o, "created_at", json_string(t));
	zf_time_rfc3339(u->expires_at, t);
	json_object_set_new(o, "expires_at", json_string(t));
	return o;
}

/* HEAD (tus: the offset) and GET (the state as JSON) of one upload. */
int route_api_upload_show(struct zf_req *req)
{
	struct zf_err err;
	struct zf_upload u;
	int head = !strcmp(req->method, "HEAD");
	const char *meta;

	zf_err_clear(&err);
	if (head && version_refused(req))
		return 0;
	if (zf_app_upload_get(req->app, &req->actor, req->arena, zf_req_arg(req, 0), &u, &err))
		return tus_error(req, &err);
	zf_resp_header(req, "Cache-Control", "no-store");
	header_num(req, "Upload-Offset", u.received);
	header_num(req, "Upload-Length", u.length);
	header_expires(req, u.expires_at);
	if ((meta = metadata_of(req, &u)))
		zf_resp_header(req, "Upload-Metadata", meta);
	if (head)
		return zf_resp_raw(req, 200, "text/plain; charset=utf-8", "", 0);
	return zf_resp_json(req, 200, upload_json(&u));
}

int route_api_upload_delete(struct zf_req *req)
{
	struct zf_err err;

	zf_err_clear(&err);
	if (version_refused(req))
		return 0;
	if (zf_app_upload_terminate(req->app, &req->actor, zf_req_arg(req, 0), &err))
		return tus_error(req, &err);
	return no_content(req);
}

/* ---- PATCH: one chunk, streamed ---- */

/* What a PATCH keeps between its callbacks. */
struct patch {
	struct zf_upload_chunk *chunk;
};

/* Splits "algo base64" of Upload-Checksum into A. */
static int checksum_parts(struct zf_req *req, const char **algo, const char **sum)
{
	const char *h = zf_req_header(req, "Upload-Checksum"), *sp;
	*algo = *sum = NULL;
	if (!h)
		return 0;
	if (!(sp = strchr(h, ' ')) || sp == h || !sp[1])
		return ZF_EINVAL;
	*algo = zf_arena_strndup(req->arena, h, (size_t)(sp - h));
	*sum = sp + 1;
	return *algo ? 0 : ZF_ENOMEM;
}

static int patch_begin(struct zf_req *req, void **state)
{
	struct zf_err err;
	struct patch *pt;
	const char *ctype = zf_req_header(req, "Content-Type"), *algo, *sum;
	uint64_t offset, clen;
	int64_t declared = -1;
	size_t n = strlen(OFFSET_TYPE);

	zf_err_clear(&err);
	if (version_refused(req))
		return 0;
	if (!ctype || strncasecmp(ctype, OFFSET_TYPE, n) || (ctype[n] && ctype[n] != ';'))
		return zf_answer_status(req, 415, ZF_EUNSUPPORTED_MEDIA,
					"请求头 Content-Type 应为 " OFFSET_TYPE);
	if (header_u64(req, "Upload-Offset", &offset))
		return zf_answer_status(req, 400, ZF_EINVAL,
					"请求头 Upload-Offset 应为已上传的字节数（非负整数）");
	if (!header_u64(req, "Content-Length", &clen))
		declared = (int64_t)clen;
	if (checksum_parts(req, &algo, &sum))
		return zf_answer_status(req, 400, ZF_EINVAL,
					"请求头 Upload-Checksum 应为“算法 Base64摘要”");
	if (!(pt = zf_arena_alloc(req->arena, sizeof(*pt))))
		return zf_answer_status(req, 503, ZF_ENOMEM, NULL);
	if (zf_app_upload_chunk_begin(req->app, &req->actor, zf_req_arg(req, 0), offset, algo, sum,
				      declared, &pt->chunk, &err))
		return tus_error(req, &err);
	*state = pt;
	return 0;
}

static int patch_data(struct zf_req *req, void *state, const char *p, size_t n)
{
	struct patch *pt = state;
	struct zf_err err;

	zf_err_clear(&err);
	if (!zf_app_upload_chunk_write(pt->chunk, p, n, &err))
		return 0;
	tus_error(req, &err);
	return 1;
}

static int patch_end(struct zf_req *req, void *state, int aborted)
{
	struct patch *pt = state;
	struct zf_err err;
	struct zf_upload u;
	int rc;

	zf_err_clear(&err);
	if (!pt->chunk)
		return 0;
	rc = zf_app_upload_chunk_end(pt->chunk, !aborted, req->arena, &u, &err);
	pt->chunk = NULL;
	if (aborted)
		return 0; /* no answer can be sent; the kept bytes are recorded */
	if (rc)
		return tus_error(req, &err);
	header_num(req, "Upload-Offset", u.received);
	if (!strcmp(u.state, "open"))
		header_expires(req, u.expires_at);
	return no_content(req);
}

const struct zf_stream_ops zf_api_upload_patch = {patch_begin, patch_data, patch_end};
