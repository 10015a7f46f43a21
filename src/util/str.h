/* String checks used on every untrusted input: numbers, UTF-8, lengths. */
#ifndef ZF_UTIL_STR_H
#define ZF_UTIL_STR_H
#include <stddef.h>
#include <stdint.h>

/* Parses a whole decimal integer S into *OUT within [MIN, MAX]. Leading or
 * trailing garbage, empty input and overflow are errors. Returns 0 or ZF_EINVAL. */
int zf_str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Returns 1 when the N bytes at S are valid UTF-8 without NUL or control
 * characters other than tab, CR and LF (ALLOW_NL) — 0 otherwise. */
int zf_str_utf8_ok(const char *s, size_t n, int allow_nl);

/* Number of Unicode code points in valid UTF-8 S. */
size_t zf_str_chars(const char *s);

/* Trims ASCII white space and ideographic space (U+3000) at both ends of S in place. */
char *zf_str_trim(char *s);

/* Returns 1 when S is NULL or holds only white space (ASCII or U+3000). */
int zf_str_blank(const char *s);

/* Copies SRC into DST of size N, always terminating; returns strlen(src). */
size_t zf_strlcpy(char *dst, const char *src, size_t n);

#endif
