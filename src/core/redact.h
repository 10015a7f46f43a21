/* Redaction (脱敏) of a decision for publication: the published text from a document's canonical data, identifier patterns masked in free text, and the check that refuses a text still holding one (DOMAIN.md §4.3). */
#ifndef ZF_CORE_REDACT_H
#define ZF_CORE_REDACT_H
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* The identifier patterns found in free text. */
enum zf_redact_kind {
	ZF_REDACT_IDNUM = 0, /* 身份证号码: 18 characters (17 digits + digit or X) with a
			      * plausible birth date, or 15 digits with one (old numbers);
			      * masked whether or not the check character is right */
	ZF_REDACT_MOBILE,    /* 手机号码: 11 digits 1[3-9]..., optionally +86 / 86 */
	ZF_REDACT_LANDLINE,  /* 固定电话: 0 + 2-3 digit area code, '-' or not, 7-8 digits */
	ZF_REDACT_ACCOUNT,   /* 银行账号: 12-25 digits (groups of 4 joined by spaces or '-'
			      * counted together), not a valid 统一社会信用代码 */
	ZF_REDACT_EMAIL,     /* 电子邮箱 */
	ZF_REDACT_NKINDS
};

/* The Chinese name of KIND ("身份证号码"). */
const char *zf_redact_kind_label(int kind);

/* Appends S to OUT with every identifier pattern replaced by as many '*'
 * as it had characters; digits inside a longer letter-and-digit token (a
 * licence number, a 统一社会信用代码) are left alone. COUNTS (may be NULL)
 * is incremented per kind. ZF_ENOMEM on failure. */
int zf_redact_scan(const char *s, struct zf_buf *out, int counts[ZF_REDACT_NKINDS]);

/* 0 when S holds no identifier pattern; otherwise ZF_EINVAL with a Chinese
 * message naming the kind and where ("公示文本仍含有手机号码（第 N 个字附近）"). */
int zf_redact_check(const char *s, struct zf_err *err);

/* What a publication shows, generated from a document. */
struct zf_redacted {
	char *text;       /* the published text, UTF-8, '\n' line ends */
	char *title;      /* list title: "<party>（<violation>）" or the case title */
	char *party_name; /* the penalised parties' names, "、" joined */
	char *doc_number;
	char *violation;
	char *decided_on; /* YYYY-MM-DD */
	char *hidden;     /* what was hidden, kinds and counts, one per line (never values) */
	const char *withheld; /* not published at all: the reason (static), else NULL */
	/* for the publication period (publish_rules.h) */
	int org;          /* 1 when every penalised party is an organisation */
	long long fine;   /* 分, 0 when none */
	int penalty_mask; /* bit per penalty type, ZF_PENALTY_* of publish_rules.h */
};

/* Flags of the case that keep a decision off the portal. */
#define ZF_REDACT_MINOR 1        /* a natural person penalised was under 18 */
#define ZF_REDACT_CONFIDENTIAL 2 /* the case is marked confidential (涉密、隐私) */

/* Generates the publication of DATA_JSON, a zhifa-document/v1 (app/case_doc.c):
 * the decision's public fields (number, body, parties — organisations with
 * 统一社会信用代码 and 法定代表人; natural persons by name only, their 证件号码,
 * 住址, 电话 hidden —, violation, facts, basis, penalty, date) with every
 * free-text field passed through zf_redact_scan; fields that name other
 * persons (在场人员, 见证人, signatures) and bank details (履行方式) are left
 * out. FLAGS (ZF_REDACT_*) make OUT->withheld a reason and no text. Free
 * with zf_redacted_free. ZF_EINVAL when DATA_JSON is not such a document. */
int zf_redact_document(const char *data_json, int flags, struct zf_redacted *out,
		       struct zf_err *err);
void zf_redacted_free(struct zf_redacted *r);

#endif
