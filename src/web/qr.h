/* QR codes as SVG (libqrencode), for printable certificate check links. */
#ifndef ZF_WEB_QR_H
#define ZF_WEB_QR_H
#include "util/buf.h"
#include "web/http.h"

/* Appends an SVG image of a QR code (error correction M) encoding TEXT to OUT.
 * 0, ZF_EINVAL (text too long for a QR code) or ZF_ENOMEM. */
int zf_qr_svg(const char *text, struct zf_buf *out);

/* Answers REQ with the SVG QR code of URL (NULL: out of memory), or the
 * error page when it cannot be made. */
int zf_qr_answer(struct zf_req *req, const char *url);

/* The absolute URL of PATH on the portal: settings.public_url when set,
 * else the request's scheme and Host. In the request's arena; NULL when out
 * of memory. */
const char *zf_qr_abs_url(struct zf_req *req, const char *path);
#endif
