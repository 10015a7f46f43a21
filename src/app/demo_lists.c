/* The demo's lists published before enforcement (事前公开): each kind live for the bureau, drafted by reviewer1 and approved by leader1, the items list reviewed by the justice bureau's supervisor1, with an earlier version of the items list so the version history shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo.h"
#include "app/public_list.h"
#include "store/account.h"

/* The actor of account LOGIN (role and body as stored). */
static int actor_of(struct zf_app *app, const char *login, struct zf_actor *out,
		    struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_db *db = NULL;
	struct zf_account acc;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (!(rc = zf_dbpool_get(app->pool, &db, 5000, err))) {
		rc = zf_store_account_by_login(db, a, login, &acc, err);
		zf_dbpool_put(app->pool, db);
	}
	if (!rc) {
		memset(out, 0, sizeof(*out));
		out->account_id = acc.id;
		snprintf(out->login, sizeof(out->login), "%s", login);
		out->role = acc.role;
		out->body_id = acc.body_id;
		snprintf(out->addr, sizeof(out->addr), "demo");
	}
	zf_arena_free(a);
	return rc;
}

struct people {
	struct zf_actor reviewer, leader, supervisor;
};

/* Drafts TEXT (a zhifa-publist/v1 list) of KIND with NOTE, approves it and,
 * for the items list, records the justice bureau's 审核, so it goes live. */
static int publish(struct zf_app *app, const struct people *p, const char *kind,
		   const char *text, const char *note, struct zf_err *err)
{
	json_error_t jerr;
	json_t *list = json_loads(text, 0, &jerr);
	int64_t id = 0;
	int live = 0, rc;

	if (!list)
		return zf_err_set(err, ZF_ERROR, "示例清单%s无法解析：%s", kind, jerr.text);
	rc = zf_app_public_list_draft(app, &p->reviewer, kind, list, note, &id, err);
	json_decref(list);
	if (!rc)
		rc = zf_app_public_list_approve(app, &p->leader, id, &live, err);
	if (!rc && !live)
		rc = zf_app_public_list_justice(app, &p->supervisor, id, err);
	return rc;
}

#define HEAD(kind) "{\"format\":\"zhifa-publist/v1\",\"kind\":\"" kind "\",\"items\":["
#define BODY "陵川生态文化旅游示范区综合执法局"
#define ITEM(code, name, cat, unit, basis)                                                 \
	"{\"code\":\"" code "\",\"name\":\"" name "\",\"category\":\"" cat "\",\"body\":\"" \
	BODY "\",\"unit\":\"" unit "\",\"basis\":\"" basis "\",\"level\":\"县级\"}"

static const char items_v1[] = HEAD("items")
	ITEM("140524-CF-001", "对违反规定在景区内乱扔垃圾的处罚", "处罚", "执法一队",
	     "《风景名胜区条例》第四十四条（示例）") ","
	ITEM("140524-JC-001", "对旅游经营者经营活动的行政检查", "检查", "执法二队",
	     "《中华人民共和国旅游法》第八十三条（示例）") "]}";

static const char items_v2[] = HEAD("items")
	ITEM("140524-CF-001", "对违反规定在景区内乱扔垃圾的处罚", "处罚", "执法一队",
	     "《风景名胜区条例》第四十四条（示例）") ","
	ITEM("140524-CF-002", "对未经许可擅自设置户外广告的处罚", "处罚", "执法一队",
	     "《城市市容和环境卫生管理条例》第三十六条（示例）") ","
	ITEM("140524-QZ-001", "查封、扣押违法经营的财物", "强制", "执法一队",
	     "《中华人民共和国行政强制法》第九条、第二十二条（示例）") ","
	ITEM("140524-JC-001", "对旅游经营者经营活动的行政检查", "检查", "执法二队",
	     "《中华人民共和国旅游法》第八十三条（示例）") "]}";

static const char checks[] = HEAD("random_checks")
	"{\"subject\":\"" BODY "\",\"basis\":\"《中华人民共和国旅游法》第八十三条（示例）\","
	"\"object\":\"示范区内旅行社、A级旅游景区\",\"content\":\"经营许可、合同签订、安全管理\","
	"\"ratio\":\"不低于5%\",\"method\":\"双随机抽取、现场检查\",\"frequency\":\"每年一次\"}]}";

static const char guides[] = HEAD("service_guides")
	"{\"name\":\"临时占用道路设置户外广告审批（示例）\",\"basis\":\"《城市市容和环境卫生管理条例》（示例）\","
	"\"accepting\":\"" BODY "政务服务窗口\",\"approving\":\"" BODY "\","
	"\"conditions\":\"设置位置符合规划，内容合法\",\"preferential\":\"无\","
	"\"materials\":\"申请表；营业执照复印件；设计图\",\"process\":\"受理—审查—决定—送达\","
	"\"time_limit\":\"10个工作日\",\"fees\":\"不收费\",\"supervision\":\"监督电话：0356-6200001（示例）\","
	"\"accountability\":\"违规办理的，依法追究责任\",\"remedy\":\"可依法申请行政复议或提起行政诉讼\","
	"\"hours\":\"工作日 8:30—12:00，14:30—17:30\",\"address\":\"示范区管委会办公楼二层（示例地址）\","
	"\"phone\":\"0356-6200000\"}]}";

static const char basis[] = HEAD("procedures_basis")
	"{\"matter\":\"行政处罚（普通程序）\",\"filing_basis\":\"《中华人民共和国行政处罚法》第五十四条：符合立案标准的，应当及时立案。\","
	"\"procedure\":\"立案—调查取证—事先告知—陈述申辩（听证）—法制审核—决定—送达—执行\",\"flowchart\":\"penalty_ordinary\"},"
	"{\"matter\":\"行政强制措施\",\"filing_basis\":\"《中华人民共和国行政强制法》第十八条、第十九条\","
	"\"procedure\":\"报批—两名执法人员实施—出示证件—通知当事人—告知—听取陈述申辩—制作笔录\",\"flowchart\":\"compulsory\"}]}";

int zf_app_demo_lists(struct zf_app *app, struct zf_err *err)
{
	struct people p;
	json_t *bench = NULL;
	char *text = NULL;
	int rc;

	if ((rc = actor_of(app, "reviewer1", &p.reviewer, err)) ||
	    (rc = actor_of(app, "leader1", &p.leader, err)) ||
	    (rc = actor_of(app, "supervisor1", &p.supervisor, err)))
		return rc;
	rc = publish(app, &p, "items", items_v1, "首次公布", err);
	if (!rc)
		rc = publish(app, &p, "items", items_v2,
			     "根据法律法规修改动态调整：增加户外广告处罚和查封扣押事项", err);
	if (!rc)
		rc = publish(app, &p, "random_checks", checks, "", err);
	if (!rc)
		rc = publish(app, &p, "service_guides", guides, "", err);
	if (!rc)
		rc = publish(app, &p, "procedures_basis", basis, "", err);
	/* The benchmarks: generated from the bureau's violation types and bands. */
	if (!rc && !(rc = zf_app_public_list_benchmarks(app, &p.leader, &bench, err)) &&
	    json_array_size(json_object_get(bench, "items"))) {
		text = json_dumps(bench, JSON_COMPACT);
		rc = text ? publish(app, &p, "benchmarks", text, "根据违法行为类型和裁量阶次生成", err)
			  : zf_err_set(err, ZF_ENOMEM, "内存不足");
	}
	free(text);
	json_decref(bench);
	return rc;
}
