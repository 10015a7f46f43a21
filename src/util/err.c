/* Error records: codes, overall message and per-field messages. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

void zf_err_clear(struct zf_err *e)
{
	if (e)
		memset(e, 0, sizeof(*e));
}

int zf_err_set(struct zf_err *e, int code, const char *fmt, ...)
{
	if (!e)
		return code;
	va_list ap;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

int zf_err_field(struct zf_err *e, const char *field, const char *fmt, ...)
{
	if (!e)
		return ZF_EINVAL;
	e->code = ZF_EINVAL;
	if (e->nfields < ZF_ERR_FIELDS) {
		struct zf_field_err *f = &e->fields[e->nfields++];
		va_list ap;
		snprintf(f->field, sizeof(f->field), "%s", field);
		va_start(ap, fmt);
		vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
		va_end(ap);
		if (!e->msg[0])
			snprintf(e->msg, sizeof(e->msg), "%s", f->msg);
	}
	return ZF_EINVAL;
}

const char *zf_err_field_msg(const struct zf_err *e, const char *field)
{
	for (int i = 0; e && i < e->nfields; i++)
		if (strcmp(e->fields[i].field, field) == 0)
			return e->fields[i].msg;
	return NULL;
}

const char *zf_err_name(int code)
{
	switch (code) {
	case ZF_OK: return "ok";
	case ZF_ENOTFOUND: return "not_found";
	case ZF_EINVAL: return "invalid";
	case ZF_EDENIED: return "forbidden";
	case ZF_ECONFLICT: return "conflict";
	case ZF_ENOMEM: return "out_of_memory";
	case ZF_EAUTH: return "unauthenticated";
	case ZF_ETHROTTLE: return "too_many_requests";
	case ZF_EUNAVAIL: return "unavailable";
	case ZF_ETOOBIG: return "too_large";
	case ZF_EINTEGRITY: return "integrity";
	case ZF_EBUSY: return "busy";
	case ZF_ENOTSUP: return "not_supported";
	case ZF_ECHECKSUM: return "checksum_mismatch";
	case ZF_EUNSUPPORTED_MEDIA: return "unsupported_media";
	default: return "internal";
	}
}
