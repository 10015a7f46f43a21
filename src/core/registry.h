/* The registry of enforcement bodies (执法主体) and officers (执法人员): values and rules. */
#ifndef ZF_CORE_REGISTRY_H
#define ZF_CORE_REGISTRY_H
#include <stdint.h>

#include "util/err.h"
#include "util/time.h"

enum zf_body_state { ZF_BODY_ACTIVE = 1, ZF_BODY_SUSPENDED = 2 };

/* Field limits in characters (code points). */
#define ZF_NAME_MAX 100
#define ZF_TEXT_MAX 4000
#define ZF_SHORT_MAX 200
#define ZF_CERT_MAX 32

/* An enforcement body. Strings are borrowed (arena or caller); NULL = empty. */
struct zf_body {
	int64_t id;
	const char *name;        /* 名称 */
	const char *uscc;        /* 统一社会信用代码 (GB 32100) */
	const char *legal_basis; /* 设立及执法依据 */
	const char *duties;      /* 职责 */
	const char *powers;      /* 权限 */
	const char *address;
	const char *phone;
	const char *supervision; /* 监督方式 (phone, address) */
	const char *remedy;      /* 救济渠道 (复议, 诉讼) */
	int state;               /* enum zf_body_state */
	const char *state_date;  /* YYYY-MM-DD of the last suspension/reinstatement */
	const char *state_reason;
	int64_t version;         /* optimistic lock: bumped on every change */
	int64_t created_at, updated_at;
};

/* State of a certificate as recorded; expiry is computed, never stored. */
enum zf_cert_state {
	ZF_CERT_VALID = 1,     /* 有效 */
	ZF_CERT_SUSPENDED = 2, /* 暂扣 */
	ZF_CERT_CANCELLED = 3, /* 注销 */
	ZF_CERT_REVOKED = 4,   /* 吊销 */
};

/* Which certificates an officer list keeps (the workbench filter). */
enum zf_officer_cert_filter {
	ZF_OFFICER_CERT_ANY = 0,
	ZF_OFFICER_CERT_INVALID = 1,  /* not 有效 on TODAY (incl. a suspended body) */
	ZF_OFFICER_CERT_EXPIRING = 2, /* 有效 on TODAY and expiring on or before SOON */
};

/* What a citizen is told about a certificate on a given day. */
enum zf_cert_verdict {
	ZF_VERDICT_VALID = 1,    /* 有效 */
	ZF_VERDICT_EXPIRED,      /* 已过期 */
	ZF_VERDICT_NOT_YET,      /* 尚未生效 */
	ZF_VERDICT_SUSPENDED,    /* 暂扣 */
	ZF_VERDICT_CANCELLED,    /* 已注销 */
	ZF_VERDICT_REVOKED,      /* 已吊销 */
	ZF_VERDICT_BODY_SUSPENDED, /* 执法主体已暂停执法: no officer of it may enforce */
};

struct zf_officer {
	int64_t id;
	int64_t body_id;
	const char *body_name;     /* filled by reads, ignored on writes */
	const char *name;          /* 姓名 */
	const char *cert_no;       /* 执法证号 */
	const char *issuer;        /* 发证机关 */
	const char *domains;       /* 执法领域 (comma or 、 separated) */
	const char *valid_from;    /* YYYY-MM-DD */
	const char *valid_to;      /* YYYY-MM-DD */
	int state;                 /* enum zf_cert_state */
	const char *state_date;    /* YYYY-MM-DD the state took effect */
	const char *state_reason;
	int body_suspended;        /* filled by reads: the officer's body is suspended */
	int legal_qual;            /* 1 = holds 法律职业资格 */
	const char *review_since;  /* YYYY-MM-DD started legal-review work, or NULL */
	int64_t version;
	int64_t created_at, updated_at;
};

/* Validates every field of B (required, bounded, UTF-8, USCC check
 * character, state and reason consistent); all problems go into ERR as field
 * errors named like the form fields ("name", "uscc", ...). 0 or ZF_EINVAL. */
int zf_body_validate(const struct zf_body *b, struct zf_err *err);

/* Validates every field of O the same way (dates real, valid_from <= valid_to,
 * certificate number 4..32 of [0-9A-Z-], a state other than 有效 needs a date
 * and reason). 0 or ZF_EINVAL. */
int zf_officer_validate(const struct zf_officer *o, struct zf_err *err);

/* The verdict for O on TODAY: a recorded 注销/吊销 wins, then a suspended
 * body, then a recorded 暂扣; otherwise the validity dates decide (expired
 * after valid_to, not yet before valid_from). */
int zf_cert_verdict(const struct zf_officer *o, struct zf_date today);

/* The workbench's warning horizon: a valid certificate that ends within
 * this many days is "expiring" (renewal takes weeks). */
#define ZF_EXPIRING_DAYS 60

/* 1 when O is valid on TODAY and its validity ends within DAYS days. */
int zf_cert_expiring(const struct zf_officer *o, struct zf_date today, int days);

/* Chinese label of a verdict ("有效", "已过期", ...). */
const char *zf_cert_verdict_label(int verdict);

/* Stable word of a verdict for JSON ("valid", "expired", "not_yet_valid",
 * "suspended", "cancelled", "revoked"). */
const char *zf_cert_verdict_word(int verdict);

/* Checks a change of the recorded certificate state FROM -> TO: 注销 and
 * 吊销 are final (a new certificate is issued instead), every other change is
 * allowed. 0, or ZF_EINVAL with a field error "state" in ERR. */
int zf_cert_state_change(int from, int to, struct zf_err *err);

/* Word and label of a recorded state ("valid"/"有效", ...) and the parse of
 * either; parse returns 0 when unknown. */
const char *zf_cert_state_word(int state);
const char *zf_cert_state_label(int state);
int zf_cert_state_parse(const char *s);

/* Word ("active"/"suspended") and label ("正常"/"已暂停") of a body state; parse returns 0 when unknown. */
const char *zf_body_state_word(int state);
const char *zf_body_state_label(int state);
int zf_body_state_parse(const char *s);

/* Normalises a certificate number typed by a citizen (trim, upper case, full-width
 * digits and letters to ASCII) into OUT (ZF_CERT_MAX*3+1 bytes). 0 or ZF_EINVAL. */
int zf_cert_no_normalize(const char *in, char *out, size_t n);

#endif
