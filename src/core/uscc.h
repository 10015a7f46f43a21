/* 统一社会信用代码 (GB 32100-2015) check character. */
#ifndef ZF_CORE_USCC_H
#define ZF_CORE_USCC_H

/* 1 when S is an 18-character code over the GB 32100 alphabet whose 18th
 * character is the right check character; 0 otherwise (NULL included). */
int zf_uscc_valid(const char *s);

/* The check character for the first 17 characters of S, or 0 when they are
 * not all in the alphabet. */
char zf_uscc_check_char(const char *s17);

#endif
