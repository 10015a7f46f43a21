/* 公民身份号码 (GB 11643-1999): ISO 7064 MOD 11-2 check character and birth date. */
#include <string.h>

#include "core/idnum.h"

static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char check_chars[] = "10X98765432";

char zf_idnum_check_char(const char *s17)
{
	if (!s17)
		return 0;
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (s17[i] < '0' || s17[i] > '9')
			return 0;
		sum += (s17[i] - '0') * weights[i];
	}
	return check_chars[sum % 11];
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* 1 when the 8 digits at S are a real date; years from 1800 (the standard's
 * own vectors include people born in the 1880s) up to 2999. */
static int birth_date_ok(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = digits(s, 4), m = digits(s + 4, 2), d = digits(s + 6, 2);
	if (y < 1800 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

int zf_idnum_valid(const char *s)
{
	if (!s || strlen(s) != 18)
		return 0;
	char c = zf_idnum_check_char(s);
	if (!c || !birth_date_ok(s + 6))
		return 0;
	char last = s[17] == 'x' ? 'X' : s[17];
	return last == c;
}
