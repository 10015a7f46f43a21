/* QR codes as SVG (libqrencode), for printable certificate check links. */
#ifndef ZF_WEB_QR_H
#define ZF_WEB_QR_H
#include "util/buf.h"

/* Appends an SVG image of a QR code (error correction M) encoding TEXT to OUT.
 * 0, ZF_EINVAL (text too long for a QR code) or ZF_ENOMEM. */
int zf_qr_svg(const char *text, struct zf_buf *out);

#endif
