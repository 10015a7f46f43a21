/* 统一社会信用代码 (GB 32100-2015) check character: weights 3^(i-1) mod 31. */
#include <string.h>

#include "core/uscc.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* The value of C in the 31-character alphabet, or -1. */
static int value_of(char c)
{
	if (c == '\0')
		return -1;
	const char *p = strchr(alphabet, c);
	return p ? (int)(p - alphabet) : -1;
}

char zf_uscc_check_char(const char *s17)
{
	if (!s17)
		return 0;
	int sum = 0;
	/* Stops at a NUL too: it is not in the alphabet. */
	for (int i = 0; i < 17; i++) {
		int v = value_of(s17[i]);
		if (v < 0)
			return 0;
		sum += v * weights[i];
	}
	int c = 31 - sum % 31;
	return alphabet[c == 31 ? 0 : c];
}

int zf_uscc_valid(const char *s)
{
	if (!s || strlen(s) != 18)
		return 0;
	/* The nested GB 11714 check on positions 9-17 is deliberately not
	 * applied: not every issued code is known to satisfy it. */
	char c = zf_uscc_check_char(s);
	return c != 0 && s[17] == c;
}
