/* The public record log under /log/: checkpoint, verifier key, tlog tiles and entry bundles (gzip when asked), inclusion proofs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "app/ledger.h"
#include "util/str.h"
#include "web/handlers.h"

#define TEXT "text/plain; charset=utf-8"
#define CACHE_CHECKPOINT "public, max-age=2"          /* tlog-tiles: mutable, a few seconds */
#define CACHE_KEY "public, max-age=3600"
#define CACHE_FULL_TILE "public, max-age=31536000, immutable"
#define CACHE_PARTIAL_TILE "public, max-age=60"        /* replaced by the full tile later */
#define TILE_PREFIX "/log/tile/"
#define ENTRIES "entries/"

/* Answers ERR as plain text: the clients here are verifiers, not browsers. */
static int log_error(struct zf_req *req, const struct zf_err *err)
{
	const char *msg = err->msg[0] ? err->msg : "记录日志暂时无法读取";
	char line[sizeof(err->msg) + 1];
	int n = snprintf(line, sizeof(line), "%s\n", msg);
	return zf_resp_raw(req, zf_http_status(err->code ? err->code : ZF_ERROR), TEXT, line,
			   n < 0 ? 0 : (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

int route_log_checkpoint(struct zf_req *req)
{
	struct zf_err err = {0};
	char *note = NULL;
	size_t len = 0;
	if (zf_app_log_checkpoint(req->app, req->arena, &note, &len, &err))
		return log_error(req, &err);
	zf_resp_header(req, "Cache-Control", CACHE_CHECKPOINT);
	return zf_resp_raw(req, 200, TEXT, note, len);
}

int route_log_key(struct zf_req *req)
{
	struct zf_err err = {0};
	char *vkey = NULL, *line;
	if (zf_app_log_vkey(req->app, req->arena, &vkey, &err))
		return log_error(req, &err);
	if (!(line = zf_arena_printf(req->arena, "%s\n", vkey))) {
		zf_err_set(&err, ZF_ENOMEM, "内存不足");
		return log_error(req, &err);
	}
	zf_resp_header(req, "Cache-Control", CACHE_KEY);
	return zf_resp_raw(req, 200, TEXT, line, strlen(line));
}

/* 1 when the Accept-Encoding header of REQ accepts gzip: a "gzip" (or
 * "x-gzip") coding, or "*", whose q is not 0. */
static int accepts_gzip(struct zf_req *req)
{
	const char *h = zf_req_header(req, "Accept-Encoding");

	while (h && *h) {
		size_t n = strcspn(h, ",");
		const char *e = h + n, *p = h, *q;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		size_t name = strcspn(p, ";, \t");
		if (p + name > e)
			name = (size_t)(e - p);
		int match = (name == 4 && !strncasecmp(p, "gzip", 4)) ||
			    (name == 6 && !strncasecmp(p, "x-gzip", 6)) || (name == 1 && *p == '*');
		int zero = 0;
		for (q = p + name; match && q < e; q++)
			if ((*q == 'q' || *q == 'Q') && q + 1 < e && q[1] == '=') {
				char *end = NULL;
				zero = strtod(q + 2, &end) <= 0.0 && end != q + 2;
				break;
			}
		if (match)
			return !zero;
		h = *e ? e + 1 : e;
	}
	return 0;
}

/* DATA (LEN bytes) gzip-compressed into *OUT (A's) and *OUTLEN; 0 or -1. */
static int gzip_bytes(struct zf_arena *a, const char *data, size_t len, char **out, size_t *outlen)
{
	z_stream z = {0};
	int rc = -1;

	if (len > UINT32_MAX / 2 ||
	    deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	uLong cap = deflateBound(&z, (uLong)len);
	unsigned char *buf = zf_arena_alloc(a, cap);
	if (buf) {
		z.next_in = (Bytef *)(uintptr_t)data;
		z.avail_in = (uInt)len;
		z.next_out = buf;
		z.avail_out = (uInt)cap;
		if (deflate(&z, Z_FINISH) == Z_STREAM_END) {
			*out = (char *)buf;
			*outlen = z.total_out;
			rc = 0;
		}
	}
	deflateEnd(&z);
	return rc;
}

/* /log/tile/<L>/<N>[.p/<W>] and /log/tile/entries/<N>[.p/<W>]: the route
 * matches the rest of the path, which the tile parser reads whole. */
int route_log_tile(struct zf_req *req)
{
	struct zf_err err = {0};
	char *data = NULL;
	size_t len = 0;
	int full = 0;
	if (strncmp(req->path, TILE_PREFIX, sizeof(TILE_PREFIX) - 1) != 0) {
		zf_err_set(&err, ZF_ENOTFOUND, "不是日志瓦片");
		return log_error(req, &err);
	}
	if (zf_app_log_tile(req->app, req->arena, req->path + sizeof(TILE_PREFIX) - 1, &data, &len,
			    &full, &err)) {
		if (err.code == ZF_EINVAL) /* not a tile path at all */
			err.code = ZF_ENOTFOUND;
		return log_error(req, &err);
	}
	zf_resp_header(req, "Cache-Control", full ? CACHE_FULL_TILE : CACHE_PARTIAL_TILE);
	/* Entry bundles are text and compress well (tlog-tiles: they SHOULD be
	 * compressed at the HTTP layer); hash tiles do not. */
	if (!strncmp(req->path + sizeof(TILE_PREFIX) - 1, ENTRIES, sizeof(ENTRIES) - 1)) {
		char *z = NULL;
		size_t zlen = 0;
		zf_resp_header(req, "Vary", "Accept-Encoding");
		if (accepts_gzip(req) && gzip_bytes(req->arena, data, len, &z, &zlen) == 0) {
			zf_resp_header(req, "Content-Encoding", "gzip");
			return zf_resp_raw(req, 200, "application/octet-stream", z, zlen);
		}
	}
	return zf_resp_raw(req, 200, "application/octet-stream", data, len);
}

int route_log_proof(struct zf_req *req)
{
	struct zf_err err = {0};
	const char *arg = zf_req_arg(req, 0);
	char *text = NULL;
	size_t len = 0;
	int64_t index;
	if (!arg || arg[strspn(arg, "0123456789")] != '\0' || (arg[0] == '0' && arg[1] != '\0') ||
	    zf_str_to_i64(arg, 0, INT64_MAX - 1, &index)) {
		zf_err_set(&err, ZF_ENOTFOUND, "条目序号应为不带前导零的非负整数");
		return log_error(req, &err);
	}
	if (zf_app_log_proof(req->app, req->arena, index, &text, &len, &err))
		return log_error(req, &err);
	zf_resp_header(req, "Cache-Control", CACHE_CHECKPOINT);
	return zf_resp_raw(req, 200, TEXT, text, len);
}
