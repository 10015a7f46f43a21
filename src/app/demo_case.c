/* The demo's case material: settings of every body, the bureau's violation types with example benchmark bands (示例), and a few cases in different states. */
#include <stdio.h>
#include <string.h>

#include "app/case.h"
#include "app/demo.h"
#include "core/role.h"
#include "store/account.h"

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

static int demo_violations(struct zf_app *app, const struct zf_actor *cli, int64_t body,
			   struct zf_err *err)
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
	}
	return 0;
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
	if (!rc && n)
		rc = demo_violations(app, &cli, bodies[0], err);
	return rc;
}
