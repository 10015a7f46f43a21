/* The fields of the registry forms (bodies, officers): declared once, used by the forms and the change history. */
#include <string.h>

#include "core/registry.h"
#include "web/registry_fields.h"

const struct zf_field zf_body_fields[] = {
	{"name", "名称", ZF_FIELD_TEXT, 1, ZF_NAME_MAX, NULL, 0},
	{"uscc", "统一社会信用代码", ZF_FIELD_TEXT, 1, 18, NULL, 0},
	{"legal_basis", "执法依据", ZF_FIELD_TEXTAREA, 0, ZF_TEXT_MAX, NULL, 0},
	{"duties", "职责", ZF_FIELD_TEXTAREA, 0, ZF_TEXT_MAX, NULL, 0},
	{"powers", "权限", ZF_FIELD_TEXTAREA, 0, ZF_TEXT_MAX, NULL, 0},
	{"address", "地址", ZF_FIELD_TEXT, 0, ZF_SHORT_MAX, NULL, 0},
	{"phone", "联系电话", ZF_FIELD_TEL, 0, 40, NULL, 0},
	{"supervision", "监督方式", ZF_FIELD_TEXTAREA, 0, ZF_TEXT_MAX, "监督电话、地址", 0},
	{"remedy", "救济渠道", ZF_FIELD_TEXTAREA, 0, ZF_TEXT_MAX, "行政复议、行政诉讼", 0},
	{"version", "版本", ZF_FIELD_HIDDEN, 0, 0, NULL, 0},
	{NULL, NULL, 0, 0, 0, NULL, 0},
};

const struct zf_field zf_officer_fields[] = {
	{"body_id", "执法主体", ZF_FIELD_SELECT, 1, 0, NULL, 0},
	{"name", "姓名", ZF_FIELD_TEXT, 1, ZF_NAME_MAX, NULL, 0},
	{"cert_no", "执法证号", ZF_FIELD_TEXT, 1, 64, NULL, 0},
	{"issuer", "发证机关", ZF_FIELD_TEXT, 1, ZF_SHORT_MAX, NULL, 0},
	{"domains", "执法领域", ZF_FIELD_TEXT, 0, ZF_SHORT_MAX, "如：生态环境、旅游市场", 0},
	{"valid_from", "有效期自", ZF_FIELD_DATE, 1, 0, NULL, 1},
	{"valid_to", "有效期至", ZF_FIELD_DATE, 1, 0, NULL, 1},
	{"state", "证件状态", ZF_FIELD_RADIO, 0, 0, NULL, 0},
	{"state_date", "状态生效日期", ZF_FIELD_DATE, 0, 0, "暂扣、注销、吊销时必填", 1},
	{"state_reason", "状态变更原因", ZF_FIELD_TEXT, 0, ZF_SHORT_MAX, "暂扣、注销、吊销时必填", 1},
	{"legal_qual", "具有法律职业资格", ZF_FIELD_CHECKBOX, 0, 0, NULL, 0},
	{"review_since", "开始从事法制审核工作日期", ZF_FIELD_DATE, 0, 0, NULL, 0},
	{"version", "版本", ZF_FIELD_HIDDEN, 0, 0, NULL, 0},
	{NULL, NULL, 0, 0, 0, NULL, 0},
};

const char *zf_field_label(const struct zf_field *defs, const char *name)
{
	for (const struct zf_field *d = defs; d->name; d++)
		if (!strcmp(d->name, name))
			return d->label;
	return name;
}
