/* Error codes and the caller-supplied error record every fallible call fills. */
#ifndef ZF_UTIL_ERR_H
#define ZF_UTIL_ERR_H

#define ZF_PRINTF(n, m) __attribute__((format(printf, n, m)))

enum {
	ZF_OK = 0,
	ZF_ERROR = -1,     /* anything a caller cannot act on */
	ZF_ENOTFOUND = -2, /* no such record */
	ZF_EINVAL = -3,    /* invalid input: see field errors */
	ZF_EDENIED = -4,   /* the actor's role or body does not allow it */
	ZF_ECONFLICT = -5, /* duplicate key or stale version */
	ZF_ENOMEM = -6,    /* out of memory or over a size limit */
	ZF_EAUTH = -7,     /* not signed in, wrong credentials */
	ZF_ETHROTTLE = -8, /* too many attempts: see retry_after */
	ZF_EUNAVAIL = -9,  /* database unreachable or busy */
	ZF_ETOOBIG = -10,  /* request body over its limit */
	ZF_EINTEGRITY = -11, /* stored bytes or records do not match what was recorded */
	ZF_EBUSY = -12,    /* the resource is held by another request (an upload being appended) */
	ZF_ENOTSUP = -13,  /* not possible on this backend or for this kind of input */
	ZF_ECHECKSUM = -14, /* a client-supplied checksum does not match the bytes (tus: 460) */
	ZF_EUNSUPPORTED_MEDIA = -15, /* a file type refused for its purpose (415) */
};

#define ZF_ERR_FIELDS 12

/* One message per invalid field, in Chinese, for the form or JSON answer. */
struct zf_field_err {
	char field[48];
	char msg[192];
};

struct zf_err {
	int code;
	char msg[256];    /* the overall message, Chinese when shown to users */
	int retry_after;  /* seconds, with ZF_ETHROTTLE */
	int nfields;
	struct zf_field_err fields[ZF_ERR_FIELDS];
};

/* Clears E (NULL is allowed). */
void zf_err_clear(struct zf_err *e);

/* Sets the code and message of E (NULL allowed) and returns CODE. */
int zf_err_set(struct zf_err *e, int code, const char *fmt, ...) ZF_PRINTF(3, 4);

/* Adds a field error to E, sets code ZF_EINVAL and, when empty, the overall
 * message; returns ZF_EINVAL. Extra fields beyond ZF_ERR_FIELDS are dropped. */
int zf_err_field(struct zf_err *e, const char *field, const char *fmt, ...) ZF_PRINTF(3, 4);

/* Returns the message for FIELD in E, or NULL. */
const char *zf_err_field_msg(const struct zf_err *e, const char *field);

/* Short English name of CODE ("not_found", "invalid", ...) for JSON errors. */
const char *zf_err_name(int code);

#endif
