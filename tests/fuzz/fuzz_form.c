/* libFuzzer harness for the untrusted-text parsers of web/form.c: forms and
 * query strings, cookies, percent-decoding; checks their promises on every input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_form(const struct zf_form *f, size_t value_limit, int cookies)
{
	for (int i = 0; i < f->n; i++) {
		const struct zf_param *p = &f->v[i];
		size_t nl = strlen(p->name);
		if (!nl || nl > ZF_FORM_MAX_NAME || strlen(p->value) != p->len)
			abort();
		if (!cookies && (p->len > value_limit || !zf_str_utf8_ok(p->name, nl, 0) ||
				 !zf_str_utf8_ok(p->value, p->len, 1)))
			abort();
		if (zf_form_get(f, p->name) == NULL)
			abort();
	}
	if (f->n > (cookies ? ZF_COOKIE_MAX : ZF_FORM_MAX_FIELDS))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_form f;
	struct zf_err err;
	char *out;
	size_t outlen;
	/* The first byte picks the value limit so limits get exercised too. */
	size_t limit = size ? (size_t)data[0] * 4 : 0;

	if (!a)
		return 0;
	zf_err_clear(&err);
	if (zf_form_parse(a, (const char *)data, size, limit, &f, &err) == 0)
		check_form(&f, limit, 0);
	else if (!err.msg[0])
		abort();
	if (zf_cookie_parse(a, (const char *)data, size, &f, &err) == 0)
		check_form(&f, 0, 1);
	if (zf_pct_decode(a, (const char *)data, size, 1, &out, &outlen) == 0 && outlen > size)
		abort();
	zf_arena_free(a);
	return 0;
}
