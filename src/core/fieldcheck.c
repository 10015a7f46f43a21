/* Field checks shared by the case rules' validators: text, phone numbers and messages cut at character boundaries. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/fieldcheck.h"
#include "util/str.h"

void zf_utf8_cut(char *s)
{
	size_t len = strlen(s), j = len;
	unsigned char c;
	/* Back over at most three continuation bytes to the lead byte. */
	while (j > 0 && len - j < 4 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
		j--;
	if (j == 0)
		return;
	c = (unsigned char)s[j - 1];
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (need > 1 && j - 1 + need > len)
		s[j - 1] = '\0';
}

void zf_utf8_vformat(char *out, size_t n, const char *fmt, va_list ap)
{
	vsnprintf(out, n, fmt, ap);
	zf_utf8_cut(out);
}

int zf_fieldcheck_fail(struct zf_fieldcheck *ck, const char *field, const char *fmt, ...)
{
	char msg[sizeof(((struct zf_field_err *)0)->msg)];
	va_list ap;
	va_start(ap, fmt);
	zf_utf8_vformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ck->bad++;
	zf_err_field(ck->err, field, "%s", msg);
	return ZF_FIELD_BAD;
}

int zf_fieldcheck_present(const char *s)
{
	return s && !zf_str_blank(s);
}

int zf_fieldcheck_text(struct zf_fieldcheck *ck, const char *field, const char *label,
		       const char *s, size_t max, int multiline, int required)
{
	if (!zf_fieldcheck_present(s))
		return required ? zf_fieldcheck_fail(ck, field, "请填写%s", label)
				: ZF_FIELD_ABSENT;
	size_t n = strlen(s);
	if (!zf_str_utf8_ok(s, n, multiline))
		return zf_fieldcheck_fail(ck, field,
					  multiline ? "%s含有无法识别的字符，请删除后重新输入"
						    : "%s须为一行文字，不能含有换行或无法识别的字符",
					  label);
	if (zf_str_chars(s) > max)
		return zf_fieldcheck_fail(ck, field, "%s不能超过%zu个字，请删减后重新输入", label,
					  max);
	return ZF_FIELD_OK;
}

void zf_fieldcheck_phone(struct zf_fieldcheck *ck, const char *field, const char *label,
			 const char *s)
{
	if (!zf_fieldcheck_present(s))
		return;
	size_t n = strlen(s);
	int ok = n >= 5 && n <= 20 && strspn(s, "0123456789 -+") == n;
	if (!ok)
		zf_fieldcheck_fail(ck, field,
				   "%s只能包含数字、空格、“-”和“+”，长度5至20位，请核对后重新输入",
				   label);
}
