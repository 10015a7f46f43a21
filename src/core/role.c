/* Roles of accounts and the access matrix, failing closed on anything unknown. */
#include <string.h>

#include "core/role.h"

struct role_def {
	const char *word;
	const char *label;
};

static const struct role_def roles[ZF_ROLE_COUNT] = {
	[ZF_ROLE_NONE] = {NULL, ""},
	[ZF_ROLE_OFFICER] = {"officer", "执法人员"},
	[ZF_ROLE_REVIEWER] = {"reviewer", "法制审核人员"},
	[ZF_ROLE_LEADER] = {"leader", "负责人"},
	[ZF_ROLE_SUPERVISOR] = {"supervisor", "监督人员"},
	[ZF_ROLE_PUBLISHER] = {"publisher", "公示管理员"},
	[ZF_ROLE_REGISTRAR] = {"registrar", "执法主体和人员信息管理员"},
	[ZF_ROLE_SYSADMIN] = {"sysadmin", "系统管理员"},
	[ZF_ROLE_SECADMIN] = {"secadmin", "安全管理员"},
	[ZF_ROLE_AUDITOR] = {"auditor", "审计管理员"},
};

#define BIT(r) (1u << (r))

/* For each permission, the set of roles holding it. */
static const unsigned perm_roles[ZF_PERM_COUNT] = {
	[ZF_PERM_PUBLIC] = (BIT(ZF_ROLE_COUNT) - 1u),
	[ZF_PERM_WORKBENCH] = (BIT(ZF_ROLE_COUNT) - 1u) & ~BIT(ZF_ROLE_NONE),
	[ZF_PERM_REGISTRY_READ] = BIT(ZF_ROLE_OFFICER) | BIT(ZF_ROLE_REVIEWER) |
				  BIT(ZF_ROLE_LEADER) | BIT(ZF_ROLE_SUPERVISOR) |
				  BIT(ZF_ROLE_PUBLISHER) | BIT(ZF_ROLE_REGISTRAR),
	[ZF_PERM_REGISTRY_WRITE] = BIT(ZF_ROLE_REGISTRAR),
	[ZF_PERM_ACCOUNT_ADMIN] = BIT(ZF_ROLE_SECADMIN),
	[ZF_PERM_TOKEN_ADMIN] = BIT(ZF_ROLE_SECADMIN),
	[ZF_PERM_AUDIT_READ] = BIT(ZF_ROLE_AUDITOR),
	[ZF_PERM_SETTINGS] = BIT(ZF_ROLE_SYSADMIN),
};

static int known(int role)
{
	return role >= ZF_ROLE_NONE && role < ZF_ROLE_COUNT;
}

const char *zf_role_word(int role)
{
	return known(role) ? roles[role].word : NULL;
}

const char *zf_role_label(int role)
{
	return known(role) ? roles[role].label : "";
}

int zf_role_parse(const char *word)
{
	if (!word)
		return ZF_ROLE_NONE;
	for (int r = ZF_ROLE_NONE + 1; r < ZF_ROLE_COUNT; r++)
		if (strcmp(roles[r].word, word) == 0)
			return r;
	return ZF_ROLE_NONE;
}

int zf_role_is_admin(int role)
{
	return role == ZF_ROLE_SYSADMIN || role == ZF_ROLE_SECADMIN || role == ZF_ROLE_AUDITOR;
}

int zf_role_allows(int role, int perm)
{
	if (!known(role) || perm < 0 || perm >= ZF_PERM_COUNT)
		return 0;
	return (perm_roles[perm] & BIT(role)) != 0;
}

int zf_role_all_bodies(int role)
{
	return role == ZF_ROLE_SUPERVISOR || zf_role_is_admin(role);
}
