/* The demo's case material: settings of every body, the bureau's violation types with example benchmark bands (示例), and a few cases in different states. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/case.h"
#include "app/demo.h"
#include "app/review_flow.h"
#include "core/idnum.h"
#include "core/role.h"
#include "core/uscc.h"
#include "store/account.h"
#include "store/registry.h"

/* ---- violation types (示例: every band is an example, not a body's rule) ---- */

struct demo_band {
	int level;
	const char *circumstance;
	int64_t min, max; /* 分 */
	const char *other;
};

struct demo_violation {
	const char *code, *name, *matter, *domain, *legal, *penalty;
	int64_t min, max;
	int safety;
	struct demo_band bands[4];
};

static const struct demo_violation violations[] = {
	{"SZ-001", "擅自占用城市道路", "示例-行政处罚-001", "城乡规划建设",
	 "《城市道路管理条例》第二十七条第（四）项",
	 "《城市道路管理条例》第四十二条：责令限期改正，可以处以2万元以下的罚款",
	 0, 2000000, 0,
	 {{ZF_BAND_MINOR, "占道面积5平方米以下且当场改正（示例）", 0, 50000, "警告"},
	  {ZF_BAND_GENERAL, "占道面积5至20平方米（示例）", 50000, 500000, ""},
	  {ZF_BAND_SERIOUS, "占道面积20平方米以上或影响通行（示例）", 500000, 1500000, ""},
	  {ZF_BAND_GRAVE, "拒不改正或造成交通事故（示例）", 1500000, 2000000, ""}}},
	{"HB-001", "未取得排水许可向城镇排水设施排放污水", "示例-行政处罚-002", "生态环境",
	 "《城镇排水与污水处理条例》第二十一条第一款",
	 "《城镇排水与污水处理条例》第五十条第一款：责令停止违法行为，限期采取治理措施，补办污水排入排水管网许可证，可以处50万元以下罚款",
	 0, 50000000, 0,
	 {{ZF_BAND_MINOR, "首次违法、排放量小且及时改正（示例）", 0, 1000000, "警告"},
	  {ZF_BAND_GENERAL, "排放生活污水（示例）", 1000000, 10000000, ""},
	  {ZF_BAND_SERIOUS, "排放经营性污水（示例）", 10000000, 30000000, ""},
	  {ZF_BAND_GRAVE, "排放有毒有害污水或拒不改正（示例）", 30000000, 50000000, ""}}},
	{"LY-001", "在景物或者设施上刻划、涂污", "示例-行政处罚-003", "旅游市场",
	 "《风景名胜区条例》第二十六条第（二）项",
	 "《风景名胜区条例》第四十四条：责令恢复原状或者采取其他补救措施，处50元的罚款",
	 5000, 5000, 0,
	 {{ZF_BAND_GENERAL, "刻划、涂污景物或设施（示例）", 5000, 5000, "责令恢复原状"}}},
	{"LY-002", "景区内未经许可设摊经营", "示例-行政处罚-004", "旅游市场",
	 "《风景名胜区条例》第二十九条（示例：以本地景区管理法规为准）",
	 "《风景名胜区条例》第四十三条（示例：以本地景区管理法规为准）",
	 0, 5000000, 0,
	 {{ZF_BAND_MINOR, "首次发现且当场改正（示例）", 0, 20000, "警告"},
	  {ZF_BAND_GENERAL, "经劝阻后继续经营（示例）", 20000, 1000000, ""},
	  {ZF_BAND_SERIOUS, "多次违法或影响游览秩序（示例）", 1000000, 5000000, ""}}},
};

#define NVIOLATIONS (sizeof(violations) / sizeof(violations[0]))

/* Saves the violation types for BODY; their ids go to IDS (NVIOLATIONS). */
static int demo_violations(struct zf_app *app, const struct zf_actor *cli, int64_t body,
			   int64_t *ids, struct zf_err *err)
{
	for (size_t i = 0; i < sizeof(violations) / sizeof(violations[0]); i++) {
		const struct demo_violation *d = &violations[i];
		struct zf_benchmark bands[4];
		size_t nb = 0;
		int64_t id;

		for (; nb < 4 && d->bands[nb].level; nb++)
			bands[nb] = (struct zf_benchmark){.level = d->bands[nb].level,
							  .circumstance = d->bands[nb].circumstance,
							  .fine_min = d->bands[nb].min,
							  .fine_max = d->bands[nb].max,
							  .other = d->bands[nb].other};
		struct zf_violation v = {.body_id = body, .code = d->code, .name = d->name,
					 .matter_code = d->matter, .domain = d->domain,
					 .legal_basis = d->legal, .penalty_basis = d->penalty,
					 .fine_min = d->min, .fine_max = d->max, .safety = d->safety,
					 .active = 1, .bands = bands, .nbands = nb};
		int rc = zf_app_violation_save(app, cli, &v, &id, err);
		if (rc)
			return rc;
		ids[i] = id;
	}
	return 0;
}

/* ---- demo cases ---- */

/* Who acts in the demo cases, and the officers they name. */
struct demo_people {
	struct zf_actor officer1, officer2, leader, reviewer, publisher;
	int64_t o1, o2, o3, o4; /* certificates 14052400101 .. 14052400104 */
	int64_t violation[NVIOLATIONS];
	struct zf_date today;
};

/* The actor of account LOGIN (role, body and officer as stored). */
static int demo_actor(struct zf_db *db, struct zf_arena *a, const char *login,
		      struct zf_actor *out, struct zf_err *err)
{
	struct zf_account acc;
	int rc = zf_store_account_by_login(db, a, login, &acc, err);

	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->account_id = acc.id;
	snprintf(out->login, sizeof(out->login), "%s", login);
	out->role = acc.role;
	out->body_id = acc.body_id;
	out->officer_id = acc.officer_id;
	snprintf(out->addr, sizeof(out->addr), "demo");
	return 0;
}

static int demo_people_load(struct zf_app *app, struct demo_people *p, struct zf_err *err)
{
	static const char *const certs[] = {"14052400101", "14052400102", "14052400103",
					    "14052400104"};
	int64_t *ids[] = {&p->o1, &p->o2, &p->o3, &p->o4};
	struct zf_arena *a = zf_arena_new(0);
	struct zf_db *db = NULL;
	int rc = a ? zf_dbpool_get(app->pool, &db, 5000, err) : zf_err_set(err, ZF_ENOMEM, "内存不足");

	if (!rc && !(rc = demo_actor(db, a, "officer1", &p->officer1, err)) &&
	    !(rc = demo_actor(db, a, "officer2", &p->officer2, err)) &&
	    !(rc = demo_actor(db, a, "leader1", &p->leader, err)) &&
	    !(rc = demo_actor(db, a, "publisher1", &p->publisher, err)))
		rc = demo_actor(db, a, "reviewer1", &p->reviewer, err);
	for (size_t i = 0; !rc && i < 4; i++) {
		struct zf_officer o;
		if (!(rc = zf_store_officer_by_cert(db, a, certs[i], &o, err)))
			*ids[i] = o.id;
	}
	zf_dbpool_put(app->pool, db);
	zf_arena_free(a);
	return rc;
}

/* "YYYY-MM-DD" of DAYS before today into OUT. */
static void ago(const struct demo_people *p, int days, char out[11])
{
	zf_date_iso(zf_date_from_days(zf_date_days(p->today) - days), out);
}

/* A signature drawn on the tablet (three strokes of a name). */
#define DEMO_SIGNATURE \
	"{\"strokes\":[[20,60,40,20,60,60],[80,30,120,30,100,70],[140,20,150,70]],\"w\":300,\"h\":100}"

/* Performs step CODE of case ID as ACTOR with VALUES (JSON text, formatted
 * with the remaining arguments). */
static int demo_step(struct zf_app *app, const struct zf_actor *actor, int64_t id,
		     const char *code, struct zf_err *err, const char *fmt, ...) ZF_PRINTF(6, 7);

static int demo_step(struct zf_app *app, const struct zf_actor *actor, int64_t id,
		     const char *code, struct zf_err *err, const char *fmt, ...)
{
	char text[4096];
	va_list ap;
	json_t *v;
	int rc, n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(text) || !(v = json_loads(text, 0, NULL)))
		return zf_err_set(err, ZF_ERROR, "演示案件步骤 %s 的数据有误", code);
	rc = id ? zf_app_case_step(app, actor, id, code, v, 0, NULL, err)
		: zf_err_set(err, ZF_ERROR, "演示案件未能立案");
	json_decref(v);
	if (rc)
		zf_err_set(err, rc, "演示案件步骤 %s：%s", code, err->msg);
	return rc;
}

/* Opens a demo case of PROCEDURE with party PARTY (JSON) and VALUES (JSON). */
static int demo_open(struct zf_app *app, const struct zf_actor *actor, const char *procedure,
		     const char *party, const char *values, int64_t *id, struct zf_err *err)
{
	char text[4096];
	json_t *in;
	int rc, n = snprintf(text, sizeof(text), "{\"parties\":[%s],\"values\":%s}", party, values);

	if (n < 0 || (size_t)n >= sizeof(text) || !(in = json_loads(text, 0, NULL)))
		return zf_err_set(err, ZF_ERROR, "演示案件 %s 的数据有误", procedure);
	rc = zf_app_case_open(app, actor, procedure, in, id, err);
	json_decref(in);
	if (rc)
		zf_err_set(err, rc, "演示案件 %s：%s", procedure, err->msg);
	return rc;
}

/* The photo and the video of the ordinary case's site check (27 days ago,
 * 09:30-10:20 Beijing time), attached before the step so that its AV rule
 * is met. */
static int demo_site_media(struct zf_app *app, const struct demo_people *p, int64_t id,
			   struct zf_err *err)
{
	const int64_t officers[] = {p->o1, p->o3};
	int64_t day = (zf_date_days(p->today) - 27) * 86400 - 8 * 3600;
	struct zf_evidence_input in = {
		.case_id = id, .step_code = "site_check", .device = "执法记录仪 DSJ-0001",
		.officer_ids = officers, .nofficers = 2,
		.captured_from = day + 9 * 3600 + 35 * 60, .captured_to = day + 9 * 3600 + 38 * 60,
		.place = "山水人家农家乐后厨及排水口（示例）", .has_coords = 1,
		.lat_e6 = 35775000, .lon_e6 = 113280000,
	};
	return zf_app_demo_evidence(app, &p->officer1, &in, err);
}

/* An ordinary-procedure penalty investigated and notified (事先告知), awaiting service. */
static int demo_ordinary(struct zf_app *app, const struct demo_people *p, struct zf_err *err)
{
	char uscc[19], party[256], values[1024], d30[11], d28[11], d27[11], d20[11], d12[11],
		d10[11];
	int64_t id = 0;
	int rc;

	ago(p, 30, d30), ago(p, 28, d28), ago(p, 27, d27), ago(p, 20, d20), ago(p, 12, d12);
	ago(p, 10, d10);
	snprintf(uscc, sizeof(uscc), "92140524MA0L2B3C4%c", zf_uscc_check_char("92140524MA0L2B3C4"));
	snprintf(party, sizeof(party),
		 "{\"kind\":\"org\",\"name\":\"陵川县山水人家农家乐（示例）\",\"uscc\":\"%s\","
		 "\"legal_rep\":\"郭某某\",\"address\":\"陵川县示范区某村（示例）\",\"phone\":\"0356-6200100\"}",
		 uscc);
	snprintf(values, sizeof(values),
		 "{\"date\":\"%s\",\"source_type\":\"inspection\",\"found_on\":\"%s\","
		 "\"title\":\"陵川县山水人家农家乐未取得排水许可排放污水案（示例）\","
		 "\"clue\":\"日常巡查发现该农家乐将餐饮污水直接排入市政雨水管网（示例）\","
		 "\"act_date\":\"%s\",\"violation_type\":%lld}",
		 d30, d30, d30, (long long)p->violation[1]);
	if ((rc = demo_open(app, &p->officer1, "penalty_ordinary", party, values, &id, err)) ||
	    (rc = demo_step(app, &p->leader, id, "filing", err,
			    "{\"date\":\"%s\",\"violation_type\":%lld,\"act_date\":\"%s\","
			    "\"grounds\":\"有证据初步证明存在违法行为，属于本机关管辖（示例）\","
			    "\"opinion\":\"同意立案\"}",
			    d28, (long long)p->violation[1], d30)) ||
	    (rc = demo_step(app, &p->leader, id, "assign_officers", err,
			    "{\"date\":\"%s\",\"officers\":[%lld,%lld]}", d28, (long long)p->o1,
			    (long long)p->o3)) ||
	    (rc = demo_site_media(app, p, id, err)) ||
	    (rc = demo_step(app, &p->officer1, id, "site_check", err,
			    "{\"date\":\"%s\",\"started_at\":\"%sT09:30\",\"ended_at\":\"%sT10:20\","
			    "\"place\":\"山水人家农家乐后厨及排水口（示例）\",\"officers\":[%lld,%lld],"
			    "\"present\":\"郭某某（负责人）\",\"rights_informed\":true,"
			    "\"record\":\"后厨污水经暗管排入市政雨水管网，现场未能出示污水排入排水管网许可证（示例）\","
			    "\"party_signature\":" DEMO_SIGNATURE "}",
			    d27, d27, d27, (long long)p->o1, (long long)p->o3)) ||
	    (rc = demo_step(app, &p->officer1, id, "investigation_report", err,
			    "{\"date\":\"%s\",\"officers\":[%lld,%lld],"
			    "\"facts\":\"当事人未取得污水排入排水管网许可证，向城镇排水设施排放餐饮污水（示例）\","
			    "\"evidence\":\"现场检查笔录、现场照片（示例）\","
			    "\"basis\":\"《城镇排水与污水处理条例》第二十一条第一款、第五十条第一款\","
			    "\"proposal\":\"penalty\",\"penalty_types\":[\"fine\"],\"fine\":\"30000\","
			    "\"band\":\"general\",\"first_offence\":true,"
			    "\"reason\":\"建议罚款人民币叁万元（示例）\"}",
			    d20, (long long)p->o1, (long long)p->o3)) ||
	    (rc = demo_step(app, &p->reviewer, id, "case_review", err,
			    "{\"date\":\"%s\",\"review_opinion\":\"agree\","
			    "\"opinion_text\":\"事实清楚，证据确凿，适用依据正确，程序合法，处罚适当（示例）\"}",
			    d12)))
		return rc;
	return demo_step(app, &p->officer1, id, "notice", err,
			 "{\"date\":\"%s\",\"facts\":\"当事人未取得污水排入排水管网许可证，向城镇排水设施排放餐饮污水（示例）\","
			 "\"evidence\":\"现场检查笔录、现场照片（示例）\","
			 "\"basis\":\"《城镇排水与污水处理条例》第五十条第一款\","
			 "\"penalty_types\":[\"fine\"],\"fine\":\"30000\",\"band\":\"general\"}",
			 d10);
}

/* Review RID of case ID concluded 纠正 by reviewer1, not accepted by officer1
 * and coordinated by leader1's collective discussion: the review unit
 * revises its opinion, a new version (RID + 1) assigned to reviewer1 with
 * the checklist CHECKS answered (so supervisors see a resolved disagreement). */
static int demo_coordinated(struct zf_app *app, const struct demo_people *p, int64_t id,
			    int64_t rid, const json_t *checks, struct zf_err *err)
{
	char today[11];
	int64_t did = 0, disc = 0;
	int rc;

	ago(p, 0, today);
	json_t *correct = json_pack("{s:s,s:s,s:s}", "outcome", "correct", "opinion",
				    "裁量理由未说明占道时长（示例）", "corrections",
				    "补充说明占道时长及裁量理由（示例）");
	if (!correct)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	rc = zf_app_review_conclude(app, &p->reviewer, rid, correct, err);
	json_decref(correct);
	if (rc || (rc = zf_app_review_disagree(app, &p->officer1, rid,
					       "占道时长已记载于现场检查笔录，裁量理由充分（示例）",
					       &did, err)))
		return rc;
	json_t *in = json_pack("{s:s,s:I,s:s,s:s,s:I,s:b,s:[{s:I,s:s}],s:s,s:s,s:s}", "kind",
			       "coordination", "disagreement_id", (json_int_t)did, "held_on", today,
			       "place", "局三楼会议室（示例）", "chair",
			       (json_int_t)p->leader.account_id, "chair_deputy", 0, "attendees",
			       "account_id", (json_int_t)p->leader.account_id, "opinion",
			       "现场检查笔录已记载占道时长，请法制审核机构重新审核（示例）",
			       "reviewer_heard", "占道时长未在拟处理意见中说明（示例）", "conclusion",
			       "revise_opinion", "conclusion_text",
			       "由法制审核机构结合现场检查笔录重新出具审核意见（示例）");
	if (!in)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	rc = zf_app_review_discuss(app, &p->leader, id, in, &disc, err);
	json_decref(in);
	return rc ? rc : zf_app_review_checklist(app, &p->reviewer, rid + 1, checks, err);
}

/* A major case (designated by the leader, docs/legal-review.md) notified
 * and served, submitted for legal review; COMPLETE: reviewed by reviewer1
 * with the outcome 同意, ready for the decision. */
static int demo_major(struct zf_app *app, const struct demo_people *p, int complete,
		      struct zf_err *err)
{
	char uscc[19], party[256], values[1024], d40[11], d38[11], d37[11], d30[11], d25[11],
		d22[11], d20[11];
	const char *name = complete ? "陵川县鑫源建材经营部（示例）" : "陵川县福润商贸有限公司（示例）";
	const char *base = complete ? "92140524MA0L3D5E6" : "91140524MA0L4F7G8";
	int64_t id = 0, rid = 0;
	int rc;

	ago(p, 40, d40), ago(p, 38, d38), ago(p, 37, d37), ago(p, 30, d30), ago(p, 25, d25);
	ago(p, 22, d22), ago(p, 20, d20);
	snprintf(uscc, sizeof(uscc), "%s%c", base, zf_uscc_check_char(base));
	snprintf(party, sizeof(party),
		 "{\"kind\":\"org\",\"name\":\"%s\",\"uscc\":\"%s\",\"legal_rep\":\"李某某\","
		 "\"address\":\"陵川县崇文镇某路（示例）\"}",
		 name, uscc);
	snprintf(values, sizeof(values),
		 "{\"date\":\"%s\",\"source_type\":\"complaint\",\"found_on\":\"%s\","
		 "\"title\":\"%s擅自占用城市道路堆放建材案（示例）\","
		 "\"clue\":\"群众投诉该经营者长期占用人行道堆放建材（示例）\","
		 "\"act_date\":\"%s\",\"violation_type\":%lld}",
		 d40, d40, name, d40, (long long)p->violation[0]);
	if ((rc = demo_open(app, &p->officer1, "penalty_ordinary", party, values, &id, err)) ||
	    (rc = demo_step(app, &p->leader, id, "filing", err,
			    "{\"date\":\"%s\",\"violation_type\":%lld,\"act_date\":\"%s\","
			    "\"grounds\":\"有证据初步证明存在违法行为，属于本机关管辖（示例）\","
			    "\"opinion\":\"同意立案；群众反映强烈，指定为重大执法决定，须经法制审核\","
			    "\"designated\":true}",
			    d38, (long long)p->violation[0], d40)) ||
	    (rc = demo_step(app, &p->leader, id, "assign_officers", err,
			    "{\"date\":\"%s\",\"officers\":[%lld,%lld]}", d38, (long long)p->o1,
			    (long long)p->o2)) ||
	    (rc = demo_step(app, &p->officer1, id, "site_check", err,
			    "{\"date\":\"%s\",\"started_at\":\"%sT09:00\",\"ended_at\":\"%sT09:40\","
			    "\"place\":\"崇文镇某路人行道（示例）\",\"officers\":[%lld,%lld],"
			    "\"present\":\"李某某（负责人）\",\"rights_informed\":true,"
			    "\"record\":\"人行道上堆放砂石、砖块约15平方米，影响行人通行（示例）\","
			    "\"party_signature\":" DEMO_SIGNATURE ",\"av_exception\":\"设备故障\"}",
			    d37, d37, d37, (long long)p->o1, (long long)p->o2)) ||
	    (rc = demo_step(app, &p->officer1, id, "investigation_report", err,
			    "{\"date\":\"%s\",\"officers\":[%lld,%lld],"
			    "\"facts\":\"当事人擅自占用人行道堆放建材约15平方米（示例）\","
			    "\"evidence\":\"现场检查笔录、现场照片（示例）\","
			    "\"basis\":\"《城市道路管理条例》第二十七条第（四）项、第四十二条\","
			    "\"proposal\":\"penalty\",\"penalty_types\":[\"fine\"],\"fine\":\"3000\","
			    "\"band\":\"general\",\"reason\":\"建议罚款人民币叁仟元（示例）\"}",
			    d30, (long long)p->o1, (long long)p->o2)) ||
	    (rc = demo_step(app, &p->reviewer, id, "case_review", err,
			    "{\"date\":\"%s\",\"review_opinion\":\"agree\","
			    "\"opinion_text\":\"事实清楚，证据确凿，处罚适当（示例）\"}",
			    d25)) ||
	    (rc = demo_step(app, &p->officer1, id, "notice", err,
			    "{\"date\":\"%s\",\"facts\":\"当事人擅自占用人行道堆放建材约15平方米（示例）\","
			    "\"evidence\":\"现场检查笔录、现场照片（示例）\","
			    "\"basis\":\"《城市道路管理条例》第四十二条\","
			    "\"penalty_types\":[\"fine\"],\"fine\":\"3000\",\"band\":\"general\"}",
			    d22)) ||
	    (rc = demo_step(app, &p->officer1, id, "notice_service", err,
			    "{\"served_documents\":\"行政处罚事先告知书\",\"method\":\"direct\","
			    "\"served_on\":\"%s\",\"recipient\":\"李某某\","
			    "\"party_signature\":" DEMO_SIGNATURE ",\"av_exception\":\"设备故障\"}",
			    d20)))
		return rc;
	json_t *pkg = json_pack("{s:s,s:s,s:s,s:s,s:s}", "situation",
				"当事人擅自占用人行道堆放建材约15平方米，经责令改正后仍未清除（示例）",
				"evidence", "1. 现场检查笔录；2. 现场照片4张；3. 投诉登记（示例）",
				"basis", "《城市道路管理条例》第二十七条第（四）项、第四十二条",
				"discretion", "占道面积5至20平方米，属一般情节，拟罚款叁仟元（示例）",
				"draft", "行政处罚决定书（草稿）：对当事人处以罚款人民币叁仟元（示例）");
	if (!pkg)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	rc = zf_app_review_submit(app, &p->officer1, id, pkg, &rid, err);
	json_decref(pkg);
	if (rc || !complete)
		return rc;
	json_t *checks = json_object(), *opinion = NULL;
	for (size_t i = 0; checks && i < ZF_REVIEW_NCHECKS; i++)
		json_object_set_new(checks, zf_review_check_key(i),
				    json_pack("{s:s,s:s}", "answer", i == 7 ? "na" : "yes", "note",
					      i == 7 ? "未发现涉嫌犯罪情形（示例）" : "经审查符合规定（示例）"));
	if (!checks || !(opinion = json_pack("{s:s,s:s}", "outcome", "agree", "opinion",
					     "事实清楚，证据确凿，程序合法，裁量适当，同意（示例）")))
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (!rc && !(rc = zf_app_review_assign(app, &p->leader, rid, p->reviewer.officer_id, err)) &&
	    !(rc = zf_app_review_checklist(app, &p->reviewer, rid, checks, err)) &&
	    !(rc = demo_coordinated(app, p, id, rid, checks, err)))
		rc = zf_app_review_conclude(app, &p->reviewer, rid + 1, opinion, err);
	json_decref(checks);
	json_decref(opinion);
	return rc;
}

/* A summary-procedure (当场处罚) penalty paid and filed. */
static int demo_summary(struct zf_app *app, const struct demo_people *p, struct zf_err *err)
{
	char id_number[19], party[256], d6[11], d4[11], d3[11];
	int64_t id = 0;
	int rc;

	ago(p, 6, d6), ago(p, 4, d4), ago(p, 3, d3);
	snprintf(id_number, sizeof(id_number), "14052419900307151%c",
		 zf_idnum_check_char("14052419900307151"));
	snprintf(party, sizeof(party),
		 "{\"kind\":\"person\",\"name\":\"赵某某（示例）\",\"id_type\":\"id_card\","
		 "\"id_number\":\"%s\",\"address\":\"山西省晋城市（示例）\"}",
		 id_number);
	char values[2048];
	snprintf(values, sizeof(values),
		 "{\"date\":\"%s\",\"started_at\":\"%sT15:10\",\"place\":\"示范区王莽岭景区观景台（示例）\","
		 "\"officers\":[%lld,%lld],\"title\":\"赵某某在景区设施上刻划案（示例）\","
		 "\"violation_type\":%lld,\"facts_certain\":true,"
		 "\"facts\":\"当事人在观景台护栏上刻划字迹，执法人员当场发现（示例）\","
		 "\"basis\":\"《风景名胜区条例》第二十六条第（二）项、第四十四条\","
		 "\"penalty_types\":[\"fine\"],\"fine\":\"50\",\"informed\":true,"
		 "\"statement\":\"当事人未提出陈述申辩（示例）\",\"collected_onspot\":false,"
		 "\"party_signature\":" DEMO_SIGNATURE ",\"av_exception\":\"设备故障\"}",
		 d6, d6, (long long)p->o1, (long long)p->o3, (long long)p->violation[2]);
	if ((rc = demo_open(app, &p->officer1, "penalty_summary", party, values, &id, err)) ||
	    (rc = demo_step(app, &p->officer1, id, "payment", err,
			    "{\"occurred_on\":\"%s\",\"paid_on\":\"%s\",\"amount\":\"50\","
			    "\"channel\":\"bank\",\"receipt_no\":\"示例-0000123\",\"paid\":true}",
			    d4, d4)))
		return rc;
	return demo_step(app, &p->officer1, id, "filing_record", err,
			 "{\"date\":\"%s\",\"filed_with\":\"示范区综合执法局法制科（示例）\","
			 "\"note\":\"当场处罚决定书已报所属行政机关备案（示例）\"}",
			 d3);
}

/* An announced inspection approved and notified, the site visit still to come. */
static int demo_inspection(struct zf_app *app, const struct demo_people *p, struct zf_err *err)
{
	char uscc[19], party[256], values[1024], d8[11], d7[11], d2[11], in3[11];
	int64_t id = 0;
	int rc;

	ago(p, 8, d8), ago(p, 7, d7), ago(p, 2, d2), ago(p, -3, in3);
	snprintf(uscc, sizeof(uscc), "91140524MA0K7D8E9%c", zf_uscc_check_char("91140524MA0K7D8E9"));
	snprintf(party, sizeof(party),
		 "{\"kind\":\"org\",\"name\":\"陵川县太行云居民宿有限公司（示例）\",\"uscc\":\"%s\","
		 "\"legal_rep\":\"李某某\",\"address\":\"陵川县示范区某村（示例）\"}",
		 uscc);
	snprintf(values, sizeof(values),
		 "{\"date\":\"%s\",\"title\":\"太行云居民宿市容环境卫生专项检查（示例）\","
		 "\"source\":\"random\",\"basis\":\"《城市市容和环境卫生管理条例》（示例）\","
		 "\"scope\":\"门前责任区市容环境卫生、户外设施设置（示例）\",\"planned_on\":\"%s\","
		 "\"mode\":\"announced\",\"officers\":[%lld,%lld]}",
		 d8, in3, (long long)p->o2, (long long)p->o4);
	if ((rc = demo_open(app, &p->officer2, "inspection", party, values, &id, err)) ||
	    (rc = demo_step(app, &p->leader, id, "approval", err,
			    "{\"date\":\"%s\",\"approved\":true,\"opinion\":\"同意检查\"}", d7)))
		return rc;
	return demo_step(app, &p->officer2, id, "notice", err,
			 "{\"date\":\"%s\",\"inspect_on\":\"%s\",\"requirements\":\"请负责人在场（示例）\","
			 "\"method\":\"direct\",\"served_on\":\"%s\"}",
			 d2, in3, d2);
}

/* A photo of the finished inspection's step CODE taken DAYS days ago at
 * HOUR:MIN (Beijing time) by officers O1 and O2, attached by officer2
 * before the step so that its AV rule (音像或照片) is met. */
static int demo_inspected_photo(struct zf_app *app, const struct demo_people *p, int64_t id,
				const char *code, int days, int hour, int min, const char *what,
				struct zf_err *err)
{
	const int64_t officers[] = {p->o1, p->o2};
	int64_t day = (zf_date_days(p->today) - days) * 86400 - 8 * 3600;
	struct zf_evidence_input in = {
		.case_id = id, .step_code = code, .device = "执法记录仪 DSJ-0002",
		.officer_ids = officers, .nofficers = 2,
		.captured_from = day + hour * 3600 + min * 60,
		.captured_to = day + hour * 3600 + min * 60 + 60,
		.place = "王莽岭景区山居客栈门前及后厨（示例）", .has_coords = 1,
		.lat_e6 = 35721000, .lon_e6 = 113452000, .description = what,
	};
	return zf_app_demo_photo(app, &p->officer2, &in, "现场照片-山居客栈.jpg", err);
}

/* An inspection of a scenic-area inn found problems, ordered rectified,
 * re-checked and closed (办结); the 检查结果告知 drafts its publication.
 * The case id into *ID. */
static int demo_inspected(struct zf_app *app, const struct demo_people *p, int64_t *id,
			  struct zf_err *err)
{
	char uscc[19], party[384], values[1536], d[9][11];
	static const int ago_days[9] = {26, 25, 24, 22, 21, 14, 13, 12, 11};
	int rc;

	for (int k = 0; k < 9; k++)
		ago(p, ago_days[k], d[k]);
	snprintf(uscc, sizeof(uscc), "91140524MA0M5P6Q7%c", zf_uscc_check_char("91140524MA0M5P6Q7"));
	snprintf(party, sizeof(party),
		 "{\"kind\":\"org\",\"name\":\"陵川县王莽岭山居客栈有限公司（示例）\",\"uscc\":\"%s\","
		 "\"legal_rep\":\"王某某\",\"address\":\"陵川县古郊乡王莽岭景区内（示例）\"}",
		 uscc);
	snprintf(values, sizeof(values),
		 "{\"date\":\"%s\",\"title\":\"王莽岭景区山居客栈旅游经营场所专项检查（示例）\","
		 "\"source\":\"special\",\"basis\":\"《风景名胜区条例》第二十九条；《城市市容和环境卫生管理条例》"
		 "第十条、第十一条；《城镇排水与污水处理条例》第二十一条（示例）\","
		 "\"scope\":\"证照公示和游客安全须知、门前责任区市容环境卫生、户外广告设施设置、餐饮污水预处理设施运行（示例）\","
		 "\"planned_on\":\"%s\",\"mode\":\"announced\",\"officers\":[%lld,%lld]}",
		 d[0], d[3], (long long)p->o1, (long long)p->o2);
	*id = 0;
	if ((rc = demo_open(app, &p->officer2, "inspection", party, values, id, err)) ||
	    (rc = demo_step(app, &p->leader, *id, "approval", err,
			    "{\"date\":\"%s\",\"approved\":true,\"opinion\":\"同意检查，注意文明执法（示例）\"}",
			    d[1])) ||
	    (rc = demo_step(app, &p->officer2, *id, "notice", err,
			    "{\"date\":\"%s\",\"inspect_on\":\"%s\","
			    "\"requirements\":\"请法定代表人或者委托的负责人在场，备齐营业执照、游客安全须知及隔油池清掏记录（示例）\","
			    "\"method\":\"direct\",\"served_on\":\"%s\"}",
			    d[2], d[3], d[2])) ||
	    (rc = demo_inspected_photo(app, p, *id, "site_inspection", ago_days[3], 9, 20,
				       "客栈门前堆放杂物及外墙广告牌现场照片（示例：测试图样）", err)) ||
	    (rc = demo_step(app, &p->officer2, *id, "site_inspection", err,
			    "{\"date\":\"%s\",\"started_at\":\"%sT09:00\",\"ended_at\":\"%sT10:10\","
			    "\"place\":\"王莽岭景区山居客栈（示例）\",\"officers\":[%lld,%lld],"
			    "\"present\":\"王某某（法定代表人）\",\"rights_informed\":true,"
			    "\"record\":\"执法人员出示执法证件，告知检查事项和申请回避的权利。经检查：营业执照在前台醒目位置公示，"
			    "客房内张贴游客安全须知；客栈门前责任区堆放废弃建材和杂物约3平方米；外墙悬挂广告牌一块（约2平方米），"
			    "当事人未能出示设置审批手续；后厨隔油池满溢，未见清掏记录。现场拍摄照片（示例）\","
			    "\"issues_found\":true,\"party_signature\":" DEMO_SIGNATURE "}",
			    d[3], d[3], d[3], (long long)p->o1, (long long)p->o2)) ||
	    (rc = demo_step(app, &p->officer2, *id, "feedback", err,
			    "{\"date\":\"%s\",\"result\":\"problems\",\"content\":\"经检查，被检查人营业执照已按规定公示，"
			    "客房内游客安全须知张贴规范。检查发现以下问题：一、门前责任区堆放废弃建材和杂物，未保持市容环境整洁；"
			    "二、外墙擅自设置户外广告牌，未办理设置审批手续；三、后厨隔油池未定期清掏，存在餐饮污水外溢隐患。"
			    "检查结果：发现问题，责令限期整改。请于收到本告知书之日起七日内完成整改，本机关将组织复查（示例）。\","
			    "\"method\":\"direct\",\"served_on\":\"%s\"}",
			    d[4], d[4])) ||
	    (rc = demo_step(app, &p->officer2, *id, "rectify", err,
			    "{\"date\":\"%s\",\"problems\":\"门前责任区堆放废弃建材和杂物；外墙擅自设置户外广告牌；"
			    "后厨隔油池未定期清掏（示例）\",\"basis\":\"《城市市容和环境卫生管理条例》第十条、第十一条；"
			    "《城镇排水与污水处理条例》第二十一条（示例）\",\"requirements\":\"清除门前堆放的建材和杂物；"
			    "拆除未经审批的广告牌或者依法补办审批手续；清掏隔油池并建立清掏台账（示例）\","
			    "\"rectify_by\":\"%s\",\"method\":\"direct\",\"served_on\":\"%s\"}",
			    d[4], d[5], d[4])) ||
	    (rc = demo_inspected_photo(app, p, *id, "rectify_check", ago_days[6], 15, 5,
				       "整改后客栈门前及隔油池复查照片（示例：测试图样）", err)) ||
	    (rc = demo_step(app, &p->officer2, *id, "rectify_check", err,
			    "{\"date\":\"%s\",\"officers\":[%lld,%lld],\"rectified\":\"done\","
			    "\"record\":\"复查时门前杂物已清除，外墙广告牌已拆除，隔油池已清掏并建立清掏台账，已按期改正（示例）\"}",
			    d[6], (long long)p->o1, (long long)p->o2)) ||
	    (rc = demo_step(app, &p->leader, *id, "handling", err,
			    "{\"date\":\"%s\",\"handling\":\"rectified\","
			    "\"detail\":\"被检查人已按期完成整改，违法行为轻微并及时改正，不予立案处罚（示例）\"}",
			    d[7])))
		return rc;
	return demo_step(app, &p->leader, *id, "closing", err,
			 "{\"date\":\"%s\",\"summary\":\"检查发现的问题已整改完毕，检查结果已书面告知被检查人，本次检查办结（示例）\"}",
			 d[8]);
}

/* The parties of the decided demo cases: natural persons whose ID number,
 * home address and phone the published text hides. */
static const char *const decided_parties[][4] = {
	{"张某某", "140524198506122036", "陵川县崇文镇某街12号（示例）", "13803560101"},
	{"王某某", "140524199003141029", "陵川县礼义镇某村3号（示例）", "13903560202"},
	{"赵某某", "140524197811203014", "陵川县附城镇某村8号（示例）", "13703560303"},
};

/* An ordinary-procedure penalty on person I of decided_parties (占道, a
 * 2,000元 fine) from the source to the decision document, decided DAYS days
 * ago; the decision's step drafts its publication. The case id into *ID. */
static int demo_decided(struct zf_app *app, const struct demo_people *p, size_t i, int days,
			int64_t *id, struct zf_err *err)
{
	const char *const *who = decided_parties[i];
	char party[512], values[1024], d[8][11];
	const char *facts = "当事人在人行道上摆放经营用货架，占用城市道路约8平方米（示例）";
	int rc;

	for (int k = 0; k < 8; k++)
		ago(p, days + 8 - k, d[k]);
	snprintf(party, sizeof(party),
		 "{\"kind\":\"person\",\"name\":\"%s\",\"id_type\":\"id_card\","
		 "\"id_number\":\"%s\",\"address\":\"%s\",\"phone\":\"%s\"}",
		 who[0], who[1], who[2], who[3]);
	snprintf(values, sizeof(values),
		 "{\"date\":\"%s\",\"source_type\":\"inspection\",\"found_on\":\"%s\","
		 "\"title\":\"%s擅自占用城市道路案（示例）\",\"clue\":\"巡查发现（示例）\"}",
		 d[0], d[0], who[0]);
	*id = 0;
	if ((rc = demo_open(app, &p->officer1, "penalty_ordinary", party, values, id, err)) ||
	    (rc = demo_step(app, &p->leader, *id, "filing", err,
			    "{\"date\":\"%s\",\"violation_type\":%lld,\"act_date\":\"%s\","
			    "\"grounds\":\"有证据初步证明存在违法行为（示例）\",\"opinion\":\"同意立案\"}",
			    d[1], (long long)p->violation[0], d[0])) ||
	    (rc = demo_step(app, &p->leader, *id, "assign_officers", err,
			    "{\"date\":\"%s\",\"officers\":[%lld,%lld]}", d[1], (long long)p->o1,
			    (long long)p->o3)) ||
	    (rc = demo_step(app, &p->officer1, *id, "site_check", err,
			    "{\"date\":\"%s\",\"started_at\":\"%sT09:00\",\"ended_at\":\"%sT09:30\","
			    "\"place\":\"某街人行道（示例）\",\"officers\":[%lld,%lld],"
			    "\"present\":\"当事人\",\"rights_informed\":true,\"record\":\"%s\","
			    "\"party_signature\":" DEMO_SIGNATURE ",\"av_exception\":\"设备故障\"}",
			    d[2], d[2], d[2], (long long)p->o1, (long long)p->o3, facts)) ||
	    (rc = demo_step(app, &p->officer1, *id, "investigation_report", err,
			    "{\"date\":\"%s\",\"officers\":[%lld,%lld],\"facts\":\"%s\","
			    "\"evidence\":\"现场检查笔录（示例）\",\"basis\":\"《城市道路管理条例》第四十二条\","
			    "\"proposal\":\"penalty\",\"penalty_types\":[\"fine\"],\"fine\":\"2000\","
			    "\"band\":\"general\",\"reason\":\"建议罚款人民币贰仟元（示例）\"}",
			    d[3], (long long)p->o1, (long long)p->o3, facts)) ||
	    (rc = demo_step(app, &p->reviewer, *id, "case_review", err,
			    "{\"date\":\"%s\",\"review_opinion\":\"agree\",\"opinion_text\":\"同意（示例）\"}",
			    d[4])) ||
	    (rc = demo_step(app, &p->officer1, *id, "notice", err,
			    "{\"date\":\"%s\",\"facts\":\"%s\",\"evidence\":\"现场检查笔录（示例）\","
			    "\"basis\":\"《城市道路管理条例》第四十二条\",\"penalty_types\":[\"fine\"],"
			    "\"fine\":\"2000\",\"band\":\"general\"}",
			    d[5], facts)) ||
	    (rc = demo_step(app, &p->officer1, *id, "notice_service", err,
			    "{\"served_documents\":\"行政处罚事先告知书\",\"method\":\"direct\","
			    "\"served_on\":\"%s\",\"recipient\":\"%s\",\"party_signature\":" DEMO_SIGNATURE
			    ",\"av_exception\":\"设备故障\"}",
			    d[6], who[0])) ||
	    (rc = demo_step(app, &p->officer1, *id, "statement_waiver", err,
			    "{\"date\":\"%s\",\"statement_waived\":true,\"content\":\"放弃陈述申辩（示例）\","
			    "\"party_signature\":" DEMO_SIGNATURE "}",
			    d[7])) ||
	    (rc = demo_step(app, &p->leader, *id, "decision", err,
			    "{\"date\":\"%s\",\"decision\":\"penalty\",\"penalty_types\":[\"fine\"],"
			    "\"fine\":\"2000\",\"band\":\"general\",\"reason\":\"依法决定（示例）\"}",
			    d[7])))
		return rc;
	return demo_step(app, &p->officer1, *id, "penalty_document", err,
			 "{\"date\":\"%s\",\"facts\":\"%s\",\"evidence\":\"现场检查笔录（示例）\","
			 "\"statements\":\"当事人书面放弃陈述申辩（示例）\","
			 "\"basis\":\"《城市道路管理条例》第二十七条第（四）项、第四十二条\","
			 "\"performance\":\"自收到本决定书之日起十五日内缴纳（示例）\"}",
			 d[7], facts);
}

/* The demo cases, for the definitions that are loaded. */
static int demo_cases(struct zf_app *app, struct demo_people *p, struct zf_err *err)
{
	const struct zf_procedures *set = zf_app_procedures(app);
	int rc = 0;

	p->today = zf_clock_today(&app->clock);
	if ((rc = demo_people_load(app, p, err)))
		return rc;
	if (zf_procedure_find(set, "penalty_ordinary")) {
		/* decided 5 days ago (published), 2 days ago (its draft due), 8
		 * days ago (published, then revoked and withdrawn) */
		static const int days[3] = {5, 2, 8};
		int64_t decided[3] = {0};
		if ((rc = demo_ordinary(app, p, err)) || (rc = demo_major(app, p, 1, err)) ||
		    (rc = demo_major(app, p, 0, err)))
			return rc;
		for (size_t i = 0; i < 3 && !rc; i++)
			rc = demo_decided(app, p, i, days[i], &decided[i], err);
		if (rc || (rc = zf_app_demo_publications(app, &p->publisher, &p->leader, decided,
							     err)))
			return rc;
	}
	if (zf_procedure_find(set, "penalty_summary") && (rc = demo_summary(app, p, err)))
		return rc;
	if (zf_procedure_find(set, "inspection")) {
		/* the announced one still to be visited first: tests find it as
		 * the first inspection case */
		int64_t inspected = 0, pub = 0;
		if ((rc = demo_inspection(app, p, err)) ||
		    (rc = demo_inspected(app, p, &inspected, err)))
			return rc;
		rc = zf_app_demo_inspection_publication(app, &p->publisher, inspected, &pub, err);
	}
	return rc;
}

int zf_app_demo_case_settings(struct zf_app *app, const int64_t *bodies, size_t n,
			      struct zf_err *err)
{
	struct zf_actor cli;
	int rc = 0;

	zf_actor_cli(&cli);
	for (size_t i = 0; i < n && !rc; i++) {
		/* The bureau's 机关代字 (示例); the others use their names. */
		json_t *s = i == 0 ? json_pack("{s:s}", "number_prefix", "陵示综执") : json_object();
		rc = s ? zf_app_case_settings_set(app, &cli, bodies[i], s, NULL, err)
		       : zf_err_set(err, ZF_ENOMEM, "内存不足");
		json_decref(s);
	}
	struct demo_people p = {0};
	if (!rc && n)
		rc = demo_violations(app, &cli, bodies[0], p.violation, err);
	return rc ? rc : demo_cases(app, &p, err);
}
