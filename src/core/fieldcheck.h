/* Field checks shared by the case rules' validators (parties, violation types, settings): text, phone numbers and messages that never end in half a character. */
#ifndef ZF_CORE_FIELDCHECK_H
#define ZF_CORE_FIELDCHECK_H
#include <stdarg.h>
#include <stddef.h>

#include "util/err.h"

/* One validation run: where messages go (ERR may be NULL) and how many
 * fields failed, counted here because ERR drops fields past ZF_ERR_FIELDS. */
struct zf_fieldcheck {
	struct zf_err *err;
	int bad;
};

enum { ZF_FIELD_BAD = -1, ZF_FIELD_ABSENT = 0, ZF_FIELD_OK = 1 };

/* Records a field error FIELD (message cut at a character boundary) and
 * returns ZF_FIELD_BAD. */
int zf_fieldcheck_fail(struct zf_fieldcheck *ck, const char *field, const char *fmt, ...)
	ZF_PRINTF(3, 4);

/* 1 when S holds more than white space. */
int zf_fieldcheck_present(const char *s);

/* Checks text S of at most MAX characters (one line unless MULTILINE),
 * LABEL naming it in messages: ZF_FIELD_BAD (recorded), ZF_FIELD_ABSENT
 * (blank; an error when REQUIRED) or ZF_FIELD_OK. */
int zf_fieldcheck_text(struct zf_fieldcheck *ck, const char *field, const char *label,
		       const char *s, size_t max, int multiline, int required);

/* Checks a telephone number when given: digits, spaces, '-', '+', 5..20
 * characters. */
void zf_fieldcheck_phone(struct zf_fieldcheck *ck, const char *field, const char *label,
			 const char *s);

/* vsnprintf into OUT (N bytes) cut at a character boundary. */
void zf_utf8_vformat(char *out, size_t n, const char *fmt, va_list ap);

/* Shortens S in place so that it does not end in an incomplete UTF-8
 * sequence (after a bounded snprintf). */
void zf_utf8_cut(char *s);

#endif
