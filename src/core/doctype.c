/* Document types (执法文书) with their names and default number patterns, and the formatter of document and case numbers. */
#include <stdio.h>
#include <string.h>

#include "core/case_rules.h"

/* NULL pattern: a record or form that carries the 案号 instead of a 文号. */
static const struct zf_doc_type doc_types[] = {
	{"case_source", "案件来源登记表", NULL},
	{"filing_approval", "立案审批表", NULL},
	{"no_filing", "不予立案审批表", NULL},
	{"inquiry_record", "询问笔录", NULL},
	{"inspection_record", "现场检查（勘验）笔录", NULL},
	{"sampling_notice", "抽样取证通知书", "{body}抽通〔{year}〕{n}号"},
	{"preservation_notice", "先行登记保存通知书", "{body}登存〔{year}〕{n}号"},
	{"preservation_decision", "先行登记保存物品处理决定书", "{body}登处〔{year}〕{n}号"},
	{"compulsory_approval", "行政强制措施审批表", NULL},
	{"onsite_record", "现场笔录", NULL},
	{"seizure_decision", "查封（扣押）决定书", "{body}强封〔{year}〕{n}号"},
	{"seizure_list", "查封（扣押）清单", NULL},
	{"seizure_extension", "查封（扣押）延期决定书", "{body}强延〔{year}〕{n}号"},
	{"seizure_release", "解除查封（扣押）决定书", "{body}强解〔{year}〕{n}号"},
	{"rectify_order", "责令改正通知书", "{body}责改〔{year}〕{n}号"},
	{"investigation_report", "调查终结报告", NULL},
	{"case_review", "案件审核意见书", NULL},
	{"penalty_notice", "行政处罚事先告知书", "{body}罚告〔{year}〕{n}号"},
	{"hearing_notice", "行政处罚听证告知书", "{body}听告〔{year}〕{n}号"},
	{"hearing_summons", "听证通知书", "{body}听通〔{year}〕{n}号"},
	{"hearing_record", "听证笔录", NULL},
	{"statement_record", "陈述申辩笔录", NULL},
	{"recheck_opinion", "陈述申辩复核意见书", NULL},
	{"discussion_record", "集体讨论笔录", "{body}集讨〔{year}〕{n}号"},
	{"legal_review_opinion", "法制审核意见书", "{body}法审〔{year}〕{n}号"},
	{"penalty_decision", "行政处罚决定书", "{body}罚决〔{year}〕{n}号"},
	{"no_penalty_decision", "不予行政处罚决定书", "{body}不罚〔{year}〕{n}号"},
	{"transfer_letter", "案件移送函", "{body}移〔{year}〕{n}号"},
	{"summary_decision", "当场行政处罚决定书", "{body}当罚〔{year}〕{n}号"},
	{"inspection_notice", "行政检查通知书", "{body}检通〔{year}〕{n}号"},
	{"inspection_feedback", "检查结果告知书", NULL},
	{"service_receipt", "送达回证", NULL},
	{"e_service_confirm", "电子送达确认书", NULL},
	{"payment_extension", "延期（分期）缴纳罚款决定书", "{body}缴延〔{year}〕{n}号"},
	{"urge_notice", "催告书", "{body}催告〔{year}〕{n}号"},
	{"enforcement_application", "强制执行申请书", "{body}执申〔{year}〕{n}号"},
	{"recusal_decision", "回避决定书", "{body}回避〔{year}〕{n}号"},
	{"closing_report", "结案报告", NULL},
	{"revocation_decision", "撤销（变更）行政处罚决定书", "{body}罚撤〔{year}〕{n}号"},
};

#define NDOC (sizeof(doc_types) / sizeof(doc_types[0]))

const struct zf_doc_type *zf_doc_type_find(const char *code)
{
	for (size_t i = 0; code && i < NDOC; i++)
		if (strcmp(doc_types[i].code, code) == 0)
			return &doc_types[i];
	return NULL;
}

int zf_doc_known(const char *code)
{
	return zf_doc_type_find(code) != NULL;
}

const struct zf_doc_type *zf_doc_types(size_t *n)
{
	if (n)
		*n = NDOC;
	return doc_types;
}

/* Appends the K bytes at S to OUT (length *LEN of SIZE); 0 or ZF_ENOMEM. */
static int append(char *out, size_t size, size_t *len, const char *s, size_t k)
{
	if (*len + k >= size)
		return ZF_ENOMEM;
	memcpy(out + *len, s, k);
	*len += k;
	out[*len] = '\0';
	return 0;
}

int zf_doc_number_format(const char *pattern, const char *body, int year, int64_t n, char *out,
			 size_t size, struct zf_err *err)
{
	size_t len = 0;
	int have_n = 0, rc = 0;
	if (!out || size == 0)
		return zf_err_set(err, ZF_ENOMEM, "编号缓冲区不足");
	out[0] = '\0';
	if (!pattern || n < 0)
		return zf_err_set(err, ZF_EINVAL, "编号格式为空或序号无效");
	if (!body)
		body = "";
	for (const char *p = pattern; *p && rc == 0;) {
		char tmp[32];
		int width = 0;
		if (*p == '}')
			return zf_err_set(err, ZF_EINVAL, "编号格式中有多余的“}”");
		if (*p != '{') {
			const char *q = p;
			while (*q && *q != '{' && *q != '}')
				q++;
			rc = append(out, size, &len, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (strncmp(p, "{year}", 6) == 0) {
			snprintf(tmp, sizeof(tmp), "%d", year);
			rc = append(out, size, &len, tmp, strlen(tmp));
			p += 6;
		} else if (strncmp(p, "{body}", 6) == 0) {
			rc = append(out, size, &len, body, strlen(body));
			p += 6;
		} else if (strncmp(p, "{n}", 3) == 0 ||
			   (strncmp(p, "{n:", 3) == 0 && p[3] >= '1' && p[3] <= '9' && p[4] == '}')) {
			width = p[2] == ':' ? (p[3] - '0') % 10 : 0;
			snprintf(tmp, sizeof(tmp), "%0*lld", width, (long long)n);
			rc = append(out, size, &len, tmp, strlen(tmp));
			p += width ? 5 : 3;
			have_n = 1;
		} else {
			return zf_err_set(err, ZF_EINVAL,
					  "编号格式中有无法识别的占位符，只能使用{body}、{year}、{n}、{n:3}");
		}
	}
	if (rc)
		return zf_err_set(err, ZF_ENOMEM, "编号过长");
	if (!have_n)
		return zf_err_set(err, ZF_EINVAL, "编号格式中须含有序号{n}");
	return 0;
}
