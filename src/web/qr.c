/* QR codes as SVG (libqrencode), for printable certificate check links and shared portal pages. */
#include <qrencode.h>

#include "util/err.h"
#include "web/qr.h"

int zf_qr_svg(const char *text, struct zf_buf *out)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return ZF_EINVAL;
	int w = q->width, quiet = 4, size = w + 2 * quiet;
	zf_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
			   "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\" role=\"img\" "
			   "aria-label=\"二维码\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
			   "<path fill=\"#000\" d=\"",
		      size, size, size * 8, size * 8, size, size);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (q->data[y * w + x] & 1)
				zf_buf_printf(out, "M%d %dh1v1h-1z", x + quiet, y + quiet);
	zf_buf_puts(out, "\"/></svg>\n");
	QRcode_free(q);
	return out->failed ? ZF_ENOMEM : 0;
}

int zf_qr_answer(struct zf_req *req, const char *url)
{
	struct zf_buf svg;
	zf_buf_init(&svg, 256 * 1024);
	int rc = url ? zf_qr_svg(url, &svg) : ZF_ENOMEM;
	if (rc) {
		zf_buf_free(&svg);
		struct zf_err err = {0};
		zf_err_set(&err, ZF_ERROR, "无法生成二维码");
		return zf_resp_error(req, &err);
	}
	rc = zf_resp_raw(req, 200, "image/svg+xml", svg.data, svg.len);
	zf_buf_free(&svg);
	return rc;
}

const char *zf_qr_abs_url(struct zf_req *req, const char *path)
{
	const char *base = req->app->settings.public_url;
	if (base && *base)
		return zf_arena_printf(req->arena, "%s%s", base, path);
	const char *host = zf_req_header(req, "Host");
	return zf_arena_printf(req->arena, "%s://%s%s", req->secure ? "https" : "http",
			       host ? host : "localhost", path);
}
