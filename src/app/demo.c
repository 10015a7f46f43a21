/* The demo installation: a county eco-tourism zone's enforcement bureau and two other bodies. */
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "app/demo.h"
#include "app/registry.h"
#include "core/role.h"
#include "core/uscc.h"
#include "store/account.h"
#include "store/schema.h"

const struct zf_demo_account zf_demo_accounts[] = {
	{"officer1", "officer", "执法人员（综合执法局，执法证有效）", NULL},
	{"officer2", "officer", "执法人员（综合执法局，执法证有效）", NULL},
	{"reviewer1", "reviewer", "法制审核人员（综合执法局）", NULL},
	{"leader1", "leader", "负责人（综合执法局）", NULL},
	{"supervisor1", "supervisor", "监督人员（县司法局，可查看各执法主体）", NULL},
	{"publisher1", "publisher", "公示管理员（综合执法局）", NULL},
	{"registrar1", "registrar", "执法主体和人员信息管理员（县司法局）", NULL},
	{"sysadmin", "sysadmin", "系统管理员（需动态验证码）", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},
	{"secadmin", "secadmin", "安全管理员（需动态验证码）", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"},
	{"auditor", "auditor", "审计管理员（需动态验证码）", "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"},
	{NULL, NULL, NULL, NULL},
};

struct demo_body {
	const char *name, *uscc17, *basis, *duties, *powers, *address, *phone, *supervision;
};

#define REMEDY "公民、法人或者其他组织对本机关作出的行政行为不服的，可以自知道该行政行为之日起六十日内依法申请行政复议，或者自知道或者应当知道作出行政行为之日起六个月内依法向人民法院提起行政诉讼。"

static const struct demo_body bodies[] = {
	{"陵川生态文化旅游示范区综合执法局", "11140524MB0012345",
	 "《中华人民共和国行政处罚法》；《示范区综合行政执法体制改革实施方案》（示例）",
	 "负责示范区内生态环境保护、旅游市场秩序、城乡规划建设、市容环境卫生等领域的综合行政执法工作；依法开展行政检查和\"双随机、一公开\"抽查；推行行政执法\"三项制度\"。",
	 "行政处罚：警告、通报批评、罚款、没收违法所得、没收非法财物等；行政强制措施：查封场所、设施或者财物，扣押财物；行政检查。具体以《行政执法事项清单》为准。",
	 "示范区管委会办公楼二层（示例地址）", "0356-6200000",
	 "监督电话：0356-6200001（示例）；县司法局行政执法监督电话：0356-6200002（示例）"},
	{"陵川县司法局", "11140524MB0023456",
	 "《中华人民共和国行政处罚法》；《山西省行政执法条例》（示例）",
	 "负责全县行政执法协调监督工作；负责行政执法证件的审核、发放和管理；组织行政执法人员培训考试。",
	 "行政执法监督；行政执法证件管理；对司法行政领域违法行为实施行政处罚。",
	 "陵川县城关镇（示例地址）", "0356-6210000",
	 "监督电话：0356-6210001（示例）"},
	{"陵川县市场监督管理局", "11140524MB0034567",
	 "《中华人民共和国行政处罚法》；《市场监督管理行政处罚程序规定》",
	 "负责市场综合监督管理，承担食品安全、特种设备安全、产品质量、价格、广告等领域监督检查和行政执法。",
	 "行政处罚、行政强制、行政检查，具体以《行政执法事项清单》为准。",
	 "陵川县城关镇（示例地址）", "0356-6220000",
	 "投诉举报电话：12315；监督电话：0356-6220001（示例）"},
};

static const char *surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
				 "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
static const char *given[] = {"建国", "晓明", "丽娟", "志强", "海燕", "文博", "静", "伟",
			      "秀英", "国庆", "红梅", "子轩", "嘉怡", "浩然", "雪松", "立新"};
/* The bureau enforces in several domains (综合执法): each of its officers holds
 * most of them, so any two of its officers can act together on its cases. */
static const char *domains[] = {"生态环境、旅游市场、城乡规划建设",
				"城乡规划建设、市容环境卫生、旅游市场、生态环境",
				"旅游市场、文化市场", "行政执法监督", "食品安全、特种设备",
				"价格监督、广告监管"};

static int add_body(struct zf_app *app, const struct zf_actor *cli, const struct demo_body *d,
		    int64_t *id, struct zf_err *err)
{
	char uscc[19];
	snprintf(uscc, sizeof(uscc), "%s%c", d->uscc17, zf_uscc_check_char(d->uscc17));
	struct zf_body b = {
		.name = d->name, .uscc = uscc, .legal_basis = d->basis, .duties = d->duties,
		.powers = d->powers, .address = d->address, .phone = d->phone,
		.supervision = d->supervision, .remedy = REMEDY, .state = ZF_BODY_ACTIVE,
	};
	return zf_app_body_create(app, cli, &b, id, err);
}

static void date_off(struct zf_date today, int days, char out[11])
{
	zf_date_iso(zf_date_from_days(zf_date_days(today) + days), out);
}

/* Officer I of the demo: states cycle so every verdict appears. */
static int add_officer(struct zf_app *app, const struct zf_actor *cli, int i, int b, int64_t body,
		       const char *issuer, struct zf_date today, struct zf_err *err)
{
	char name[32], cert[24], from[11], to[11], sdate[11];
	int64_t id;
	struct zf_officer o = {.body_id = body, .state = ZF_CERT_VALID, .issuer = issuer};

	snprintf(name, sizeof(name), "%s%s", surnames[i % 20], given[(i * 7) % 16]);
	snprintf(cert, sizeof(cert), "1405240%04d", 101 + i);
	date_off(today, -700 + i * 3, from);
	date_off(today, 1100 - i * 5, to);
	o.name = name;
	o.cert_no = cert;
	o.domains = domains[b * 2 + (i % 2)];
	o.valid_from = from;
	o.valid_to = to;
	date_off(today, -20 - i, sdate);
	switch (i % 10) {
	case 5: /* expired by date, nobody updated the record */
		date_off(today, -1500, from);
		date_off(today, -10 - i, to);
		break;
	case 7:
		o.state = ZF_CERT_SUSPENDED;
		o.state_date = sdate;
		o.state_reason = "违反执法程序，暂扣执法证三个月（示例）";
		break;
	case 8:
		o.state = ZF_CERT_CANCELLED;
		o.state_date = sdate;
		o.state_reason = "调离行政执法岗位（示例）";
		break;
	case 9:
		o.state = i == 9 ? ZF_CERT_REVOKED : ZF_CERT_VALID;
		o.state_date = i == 9 ? sdate : NULL;
		o.state_reason = i == 9 ? "严重违法违纪，吊销执法证（示例）" : NULL;
		break;
	}
	if (i == 2 || i == 3) { /* legal reviewers of the bureau */
		o.legal_qual = 1;
		date_off(today, -400, sdate);
		o.review_since = sdate;
	}
	return zf_app_officer_create(app, cli, &o, &id, err);
}

static int add_account(struct zf_app *app, const struct zf_actor *cli,
		       const struct zf_demo_account *d, int64_t body, const char *cert,
		       struct zf_err *err)
{
	struct zf_account_new n = {
		.login = d->login, .role = zf_role_parse(d->role), .body_id = body,
		.officer_cert = cert, .password = "demo", .demo = 1,
	};
	char secret[33];
	int64_t id;
	int rc = zf_app_user_add(app, cli, &n, &id, secret, err);
	if (rc || !d->totp_secret)
		return rc;
	struct zf_db *db = NULL;
	if (!(rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		rc = zf_store_account_set_totp(db, id, d->totp_secret, err);
	zf_dbpool_put(app->pool, db);
	return rc;
}

int zf_app_demo_load(struct zf_app *app, struct zf_err *err)
{
	struct zf_actor cli;
	struct zf_date today = zf_clock_today(&app->clock);
	int64_t ids[3];
	int rc = 0;

	zf_actor_cli(&cli);
	for (int i = 0; i < 3 && !rc; i++)
		rc = add_body(app, &cli, &bodies[i], &ids[i], err);
	/* 18 officers of the bureau, 6 of the justice bureau, 6 of market regulation. */
	for (int i = 0; i < 30 && !rc; i++) {
		int b = i < 18 ? 0 : i < 24 ? 1 : 2;
		rc = add_officer(app, &cli, i, b, ids[b], "陵川县人民政府", today, err);
	}
	for (const struct zf_demo_account *d = zf_demo_accounts; d->login && !rc; d++) {
		int64_t body = ids[0];
		const char *cert = NULL;
		if (!strcmp(d->login, "officer1"))
			cert = "14052400101";
		else if (!strcmp(d->login, "officer2"))
			cert = "14052400102";
		else if (!strcmp(d->login, "reviewer1")) /* a legal reviewer (法律职业资格) */
			cert = "14052400104";
		else if (!strcmp(d->login, "supervisor1") || !strcmp(d->login, "registrar1"))
			body = ids[1];
		rc = add_account(app, &cli, d, body, cert, err);
	}
	if (!rc)
		rc = zf_app_demo_case_settings(app, ids, 3, err);
	if (!rc)
		rc = zf_app_demo_training(app, ids[0], err);
	if (!rc)
		rc = zf_app_demo_lists(app, err);
	if (!rc) {
		struct zf_db *db = NULL;
		if (!(rc = zf_dbpool_get(app->pool, &db, 5000, err)))
			rc = zf_store_meta_set(db, "demo", "1", err);
		/* The justice bureau issues certificates and keeps the registry. */
		char office[24];
		snprintf(office, sizeof(office), "%lld", (long long)ids[1]);
		if (!rc)
			rc = zf_store_meta_set(db, "registry_body", office, err);
		zf_dbpool_put(app->pool, db);
	}
	return rc;
}
