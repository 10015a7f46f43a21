/* Roles of accounts and the access matrix every use case checks, failing closed. */
#include <string.h>

#include "core/role.h"

/* Indexed by enum zf_role; entry 0 is the public, which has no word. */
static const char *const role_words[ZF_ROLE_COUNT] = {
	NULL, "officer", "reviewer", "leader", "supervisor", "publisher",
	"registrar", "sysadmin", "secadmin", "auditor",
};

static const char *const role_labels[ZF_ROLE_COUNT] = {
	"", "执法人员", "法制审核人员", "负责人", "监督人员", "公示管理员",
	"执法主体和人员信息管理员", "系统管理员", "安全管理员", "审计管理员",
};

#define BIT(r) (1u << (r))

/* Which roles hold each permission, indexed by enum zf_perm. The three
 * administrators (三员分立) do no business work, so they lack REGISTRY_READ. */
static const unsigned perm_roles[ZF_PERM_COUNT] = {
	[ZF_PERM_PUBLIC] = BIT(ZF_ROLE_NONE) | BIT(ZF_ROLE_OFFICER) | BIT(ZF_ROLE_REVIEWER) |
			   BIT(ZF_ROLE_LEADER) | BIT(ZF_ROLE_SUPERVISOR) | BIT(ZF_ROLE_PUBLISHER) |
			   BIT(ZF_ROLE_REGISTRAR) | BIT(ZF_ROLE_SYSADMIN) | BIT(ZF_ROLE_SECADMIN) |
			   BIT(ZF_ROLE_AUDITOR),
	[ZF_PERM_WORKBENCH] = BIT(ZF_ROLE_OFFICER) | BIT(ZF_ROLE_REVIEWER) | BIT(ZF_ROLE_LEADER) |
			      BIT(ZF_ROLE_SUPERVISOR) | BIT(ZF_ROLE_PUBLISHER) |
			      BIT(ZF_ROLE_REGISTRAR) | BIT(ZF_ROLE_SYSADMIN) |
			      BIT(ZF_ROLE_SECADMIN) | BIT(ZF_ROLE_AUDITOR),
	[ZF_PERM_REGISTRY_READ] = BIT(ZF_ROLE_OFFICER) | BIT(ZF_ROLE_REVIEWER) |
				  BIT(ZF_ROLE_LEADER) | BIT(ZF_ROLE_SUPERVISOR) |
				  BIT(ZF_ROLE_PUBLISHER) | BIT(ZF_ROLE_REGISTRAR),
	[ZF_PERM_REGISTRY_WRITE] = BIT(ZF_ROLE_REGISTRAR),
	[ZF_PERM_ACCOUNT_ADMIN] = BIT(ZF_ROLE_SECADMIN),
	[ZF_PERM_TOKEN_ADMIN] = BIT(ZF_ROLE_SECADMIN),
	[ZF_PERM_AUDIT_READ] = BIT(ZF_ROLE_AUDITOR),
	[ZF_PERM_SETTINGS] = BIT(ZF_ROLE_SYSADMIN),
	[ZF_PERM_CASE_READ] = BIT(ZF_ROLE_OFFICER) | BIT(ZF_ROLE_REVIEWER) | BIT(ZF_ROLE_LEADER) |
			      BIT(ZF_ROLE_SUPERVISOR) | BIT(ZF_ROLE_PUBLISHER),
	[ZF_PERM_CASE_WRITE] = BIT(ZF_ROLE_OFFICER) | BIT(ZF_ROLE_REVIEWER) | BIT(ZF_ROLE_LEADER),
	[ZF_PERM_CASE_SETTINGS] = BIT(ZF_ROLE_LEADER),
	[ZF_PERM_EVIDENCE_WRITE] = BIT(ZF_ROLE_OFFICER) | BIT(ZF_ROLE_LEADER),
	[ZF_PERM_EVIDENCE_READ] = BIT(ZF_ROLE_OFFICER) | BIT(ZF_ROLE_REVIEWER) |
				  BIT(ZF_ROLE_LEADER) | BIT(ZF_ROLE_SUPERVISOR),
	[ZF_PERM_REVIEW] = BIT(ZF_ROLE_REVIEWER) | BIT(ZF_ROLE_LEADER) | BIT(ZF_ROLE_SUPERVISOR),
};

static int role_known(int role)
{
	return role >= ZF_ROLE_NONE && role < ZF_ROLE_COUNT;
}

const char *zf_role_word(int role)
{
	return role_known(role) ? role_words[role] : NULL;
}

const char *zf_role_label(int role)
{
	return role_known(role) ? role_labels[role] : "";
}

int zf_role_parse(const char *word)
{
	if (!word)
		return ZF_ROLE_NONE;
	for (int r = ZF_ROLE_NONE + 1; r < ZF_ROLE_COUNT; r++)
		if (strcmp(word, role_words[r]) == 0)
			return r;
	return ZF_ROLE_NONE;
}

int zf_role_is_admin(int role)
{
	return role == ZF_ROLE_SYSADMIN || role == ZF_ROLE_SECADMIN || role == ZF_ROLE_AUDITOR;
}

int zf_role_allows(int role, int perm)
{
	if (!role_known(role) || perm < 0 || perm >= ZF_PERM_COUNT)
		return 0;
	return (perm_roles[perm] & BIT(role)) != 0;
}

int zf_role_all_bodies(int role)
{
	/* The supervisor works for the county justice bureau across bodies; the
	 * administrators run the whole system. */
	return role == ZF_ROLE_SUPERVISOR || zf_role_is_admin(role);
}
