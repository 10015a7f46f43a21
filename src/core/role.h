/* Roles of accounts and what each may do: the access matrix, failing closed. */
#ifndef ZF_CORE_ROLE_H
#define ZF_CORE_ROLE_H

enum zf_role {
	ZF_ROLE_NONE = 0,   /* the public: not signed in */
	ZF_ROLE_OFFICER,    /* 执法人员 */
	ZF_ROLE_REVIEWER,   /* 法制审核人员 */
	ZF_ROLE_LEADER,     /* 负责人 */
	ZF_ROLE_SUPERVISOR, /* 监督人员: across bodies */
	ZF_ROLE_PUBLISHER,  /* 公示管理员 */
	ZF_ROLE_REGISTRAR,  /* 执法主体和人员信息管理员 */
	ZF_ROLE_SYSADMIN,   /* 系统管理员: settings, calendars */
	ZF_ROLE_SECADMIN,   /* 安全管理员: accounts, roles, tokens */
	ZF_ROLE_AUDITOR,    /* 审计管理员: reads the audit trail */
	ZF_ROLE_COUNT
};

/* Permissions checked by app/ before any use case runs. */
enum zf_perm {
	ZF_PERM_PUBLIC = 0,      /* anyone, signed in or not */
	ZF_PERM_WORKBENCH,       /* any signed-in staff account */
	ZF_PERM_REGISTRY_READ,   /* read the full registry (incl. non-public fields) */
	ZF_PERM_REGISTRY_WRITE,  /* create/edit/suspend bodies and officers */
	ZF_PERM_ACCOUNT_ADMIN,   /* accounts: add, disable, enable, reset password */
	ZF_PERM_TOKEN_ADMIN,     /* API tokens: issue, revoke */
	ZF_PERM_AUDIT_READ,      /* read the audit trail */
	ZF_PERM_SETTINGS,        /* system settings, calendars */
	ZF_PERM_CASE_READ,       /* read cases (own body; supervisors all bodies) */
	ZF_PERM_CASE_WRITE,      /* perform case steps (each step names its roles) */
	ZF_PERM_CASE_SETTINGS,   /* a body's case settings, violation types, benchmarks */
	ZF_PERM_EVIDENCE_WRITE,  /* upload evidence, attach it to case steps, withdraw it */
	ZF_PERM_EVIDENCE_READ,   /* play back and download evidence, read its custody trail */
	ZF_PERM_REVIEW,          /* legal review (法制审核): review queue, catalog drafts, opinions */
	ZF_PERM_COUNT
};

/* The role word used on the command line and in the API ("officer"), or NULL. */
const char *zf_role_word(int role);

/* The Chinese name of ROLE ("执法人员"), or "" when unknown. */
const char *zf_role_label(int role);

/* Parses a role word; returns ZF_ROLE_NONE when unknown. */
int zf_role_parse(const char *word);

/* 1 for the three separated administrators (三员), who need a second factor
 * and may not use API tokens. */
int zf_role_is_admin(int role);

/* 1 when ROLE holds PERM. Unknown roles or permissions are denied. */
int zf_role_allows(int role, int perm);

/* 1 when ROLE sees every body's data rather than its own body's only. */
int zf_role_all_bodies(int role);

#endif
