/* 公民身份号码 (GB 11643-1999) check character and birth date. */
#ifndef ZF_CORE_IDNUM_H
#define ZF_CORE_IDNUM_H

/* 1 when S is an 18-character ID number with a real birth date and the right
 * ISO 7064 MOD 11-2 check character ('X' upper case; lower 'x' accepted). */
int zf_idnum_valid(const char *s);

/* The check character for the first 17 digits of S, or 0 when not digits. */
char zf_idnum_check_char(const char *s17);

#endif
