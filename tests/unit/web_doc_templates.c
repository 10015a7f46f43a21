/* Unit tests of the document templates (src/web/templates/doc): one per document type, each compiles and renders its shared blocks (heading, parties, closing) from the canonical document data, and the 行政处罚决定书 renders every element of 行政处罚法 art. 59. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/case_rules.h"
#include "util/buf.h"
#include "util/embed.h"
#include "web/tmpl.h"

/* Canonical data of a 行政处罚决定书 (zhifa-document/v1) as app/ builds it. */
static const char decision_json[] =
	"{\"format\":\"zhifa-document/v1\",\"doc_type\":\"penalty_decision\","
	"\"name\":\"行政处罚决定书\",\"number\":\"陵示综执罚决〔2026〕12号\","
	"\"body\":{\"name\":\"陵川县综合行政执法局\",\"address\":\"崇文街1号\","
	" \"phone\":\"0356-1234567\",\"remedy\":\"可以向陵川县人民政府申请行政复议\",\"supervision\":\"\"},"
	"\"case\":{\"id\":7,\"case_no\":\"陵示综执案〔2026〕3号\",\"title\":\"未取得许可经营\","
	" \"procedure\":\"penalty_ordinary\",\"procedure_name\":\"行政处罚普通程序\",\"opened_on\":\"2026-03-02\"},"
	"\"parties\":[{\"kind\":\"org\",\"name\":\"某某商贸有限公司\",\"id_type\":\"\",\"id_type_label\":\"\","
	" \"id_number\":\"\",\"uscc\":\"91140524MA0K000000\",\"legal_rep\":\"王五\","
	" \"address\":\"陵川县某街2号\",\"phone\":\"\"}],"
	"\"officers\":[{\"name\":\"张三\",\"cert_no\":\"14052400101\"},{\"name\":\"李四\",\"cert_no\":\"14052400102\"}],"
	"\"step\":{\"code\":\"penalty_document\",\"name\":\"制作行政处罚决定书\",\"occurred_on\":\"2026-04-01\",\"place\":\"\"},"
	"\"values\":{},"
	"\"text\":{\"facts\":\"当事人于2026年2月在某街经营<未经许可>\",\"evidence\":\"询问笔录一份\","
	" \"statements\":\"当事人未提出陈述申辩\",\"basis\":\"《某条例》第十条、第三十条\","
	" \"performance\":\"到陵川县某银行缴纳。\",\"date\":\"2026年4月1日\"},"
	"\"facts\":{\"fine\":500000},"
	"\"facts_text\":{\"fine\":\"5,000.00元（伍仟元整）\",\"penalty_types\":\"警告、罚款\"},"
	"\"violation\":null,\"issued_on\":\"2026-04-01\",\"issued_on_text\":\"2026年4月1日\"}";

static char *path_of(const char *code, char *buf, size_t n)
{
	snprintf(buf, n, "web/templates/doc/%s.html", code);
	return buf;
}

/* Compiles the template of document type CODE into S under its name "doc/CODE". */
static void add(struct zf_tmpl_set *s, const char *code)
{
	char path[128], name[128];
	struct zf_err err = {0};
	const struct zf_embed_file *f = zf_embed_find(path_of(code, path, sizeof(path)));

	if (!f)
		fail_msg("no template %s", path);
	snprintf(name, sizeof(name), "doc/%s", code);
	if (zf_tmpl_set_add(s, name, (const char *)f->data, f->len, &err))
		fail_msg("%s: %s", path, err.msg);
}

/* Renders document type CODE over CTX with every embedded template loaded
 * (the documents include the shared partials doc_head, doc_seal, ...). */
static char *render_json(const char *code, json_t *ctx)
{
	struct zf_tmpl_set *s = zf_tmpl_set_new();
	struct zf_buf b;
	struct zf_err err = {0};
	char name[128], *out;

	assert_non_null(s);
	if (zf_tmpl_set_load_embedded(s, &err))
		fail_msg("zf_tmpl_set_load_embedded: %s", err.msg);
	snprintf(name, sizeof(name), "doc/%s", code);
	zf_buf_init(&b, 0);
	if (zf_tmpl_render(s, name, ctx, &b, &err))
		fail_msg("%s: %s", name, err.msg);
	out = strdup(b.data ? b.data : "");
	assert_non_null(out);
	zf_buf_free(&b);
	zf_tmpl_set_free(s);
	return out;
}

static char *render(const char *code, const char *json)
{
	json_error_t je;
	json_t *ctx = json_loads(json, 0, &je);
	char *out;

	assert_non_null(ctx);
	out = render_json(code, ctx);
	json_decref(ctx);
	return out;
}

/* One template per document type, each compiling, all loaded with the
 * embedded templates under their folder name "doc/<code>" (loading checks
 * that the shared partials they include, doc_head, doc_seal, ..., exist). */
static void every_type_has_a_template(void **state)
{
	size_t n = 0;
	const struct zf_doc_type *types = zf_doc_types(&n);
	struct zf_tmpl_set *s = zf_tmpl_set_new(), *all = zf_tmpl_set_new();
	struct zf_err err = {0};
	char name[96];

	(void)state;
	assert_true(n >= 38);
	for (size_t i = 0; i < n; i++)
		add(s, types[i].code);
	zf_tmpl_set_free(s);
	if (zf_tmpl_set_load_embedded(all, &err))
		fail_msg("zf_tmpl_set_load_embedded: %s", err.msg);
	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "doc/%s", types[i].code);
		assert_true(zf_tmpl_has(all, name));
	}
	assert_true(zf_tmpl_has(all, "layout"));
	assert_true(zf_tmpl_has(all, "doc_head"));
	assert_true(zf_tmpl_has(all, "doc_seal"));
	assert_int_equal(zf_tmpl_set_check(all, &err), 0);
	zf_tmpl_set_free(all);
}

/* Art. 59: party and address, facts and evidence, type and basis, how and by
 * when to perform, remedies with their periods, organ and date, seal. */
static void penalty_decision_art59(void **state)
{
	char *html = render("penalty_decision", decision_json);

	(void)state;
	assert_non_null(strstr(html, "<h1 class=\"doc-title\">行政处罚决定书</h1>"));
	assert_non_null(strstr(html, "陵示综执罚决〔2026〕12号"));
	assert_non_null(strstr(html, "某某商贸有限公司"));
	assert_non_null(strstr(html, "91140524MA0K000000"));
	assert_non_null(strstr(html, "陵川县某街2号"));
	assert_non_null(strstr(html, "&lt;未经许可&gt;"));
	assert_null(strstr(html, "<未经许可>"));
	assert_non_null(strstr(html, "询问笔录一份"));
	assert_non_null(strstr(html, "《某条例》第十条、第三十条"));
	assert_non_null(strstr(html, "警告、罚款，罚款5,000.00元（伍仟元整）"));
	assert_non_null(strstr(html, "十五日内缴纳罚款"));
	assert_non_null(strstr(html, "到陵川县某银行缴纳。"));
	assert_non_null(strstr(html, "百分之三加处罚款"));
	assert_non_null(strstr(html, "六十日内依法申请行政复议"));
	assert_non_null(strstr(html, "六个月内依法向人民法院提起行政诉讼"));
	assert_non_null(strstr(html, "救济途径：可以向陵川县人民政府申请行政复议"));
	assert_non_null(strstr(html, "当事人未提出陈述申辩"));
	assert_non_null(strstr(html, "<p>陵川县综合行政执法局</p>"));
	assert_non_null(strstr(html, "（印章）"));
	assert_non_null(strstr(html, "<p>2026年4月1日</p>"));
	free(html);
}

/* A warning alone: no payment paragraph; an unnumbered record shows the 案号. */
static void conditional_parts(void **state)
{
	json_t *j = json_loads(decision_json, 0, NULL);
	char *text, *html;

	(void)state;
	json_object_set_new(j, "facts_text", json_pack("{s:s}", "penalty_types", "警告"));
	json_object_set_new(j, "number", json_string(""));
	text = json_dumps(j, 0);
	html = render("penalty_decision", text);
	assert_null(strstr(html, "百分之三"));
	assert_non_null(strstr(html, "作出如下行政处罚：警告。"));
	assert_non_null(strstr(html, "案号：陵示综执案〔2026〕3号"));
	free(html);
	html = render("inquiry_record", text);
	assert_non_null(strstr(html, "张三（执法证号 14052400101）"));
	assert_non_null(strstr(html, "李四（执法证号 14052400102）"));
	assert_non_null(strstr(html, "有权申请回避"));
	free(html);
	free(text);
	json_decref(j);
}

/* The notice names the hearing right only when the case is hearing-eligible. */
static void notice_hearing_right(void **state)
{
	json_t *j = json_loads(decision_json, 0, NULL);
	char *text, *html;

	(void)state;
	json_object_set_new(j, "periods", json_pack("{s:i}", "statement_days", 3));
	text = json_dumps(j, 0);
	html = render("penalty_notice", text);
	assert_non_null(strstr(html, "3个工作日内向本机关提出陈述、申辩"));
	assert_null(strstr(html, "要求举行听证"));
	free(html);
	free(text);
	json_object_set_new(json_object_get(j, "facts"), "hearing_eligible", json_true());
	text = json_dumps(j, 0);
	html = render("penalty_notice", text);
	assert_non_null(strstr(html, "要求举行听证"));
	free(html);
	free(text);
	json_decref(j);
}

/* The shared blocks a document type shows (the partials it includes). */
enum {
	PARTY_LINES = 1 << 0, /* 当事人 block of a decision: one line per item */
	PARTY_FORM = 1 << 1,  /* 当事人 row of a form */
	ADDRESSEE = 1 << 2,   /* "<party>：" line of a notice */
	OFFICERS = 1 << 3,    /* officers with their certificate numbers */
	CONTACT = 1 << 4,     /* 本机关地址、联系电话 */
	REMEDY = 1 << 5,      /* the body's 救济途径 */
	SEAL = 1 << 6,        /* organ name, （印章）, date of issue */
	RECEIPT = 1 << 7,     /* 当事人签收 line */
	NO_PARTY = 1 << 8,    /* names no party (a record of the speaker, a recusal) */
};

static const struct {
	const char *code;
	unsigned blocks;
} doc_blocks[] = {
	{"case_review", PARTY_FORM | OFFICERS},
	{"case_source", PARTY_FORM | OFFICERS},
	{"closing_report", PARTY_FORM | OFFICERS},
	{"compulsory_approval", PARTY_FORM | OFFICERS},
	{"discussion_record", PARTY_FORM},
	{"legal_review_opinion", PARTY_FORM | OFFICERS | SEAL},
	{"e_service_confirm", 0},
	{"enforcement_application", PARTY_LINES | SEAL},
	{"filing_approval", PARTY_FORM},
	{"hearing_notice", ADDRESSEE | CONTACT | SEAL | RECEIPT},
	{"hearing_record", PARTY_FORM},
	{"hearing_summons", ADDRESSEE | CONTACT | SEAL | RECEIPT},
	{"inquiry_record", OFFICERS},
	{"inspection_feedback", ADDRESSEE | CONTACT | SEAL | RECEIPT},
	{"inspection_notice", ADDRESSEE | OFFICERS | CONTACT | SEAL | RECEIPT},
	{"inspection_record", OFFICERS},
	{"investigation_report", PARTY_FORM | OFFICERS},
	{"no_filing", PARTY_FORM},
	{"no_penalty_decision", PARTY_LINES | REMEDY | SEAL},
	{"onsite_record", OFFICERS},
	{"payment_extension", ADDRESSEE | CONTACT | SEAL | RECEIPT},
	{"penalty_decision", PARTY_LINES | REMEDY | SEAL},
	{"penalty_notice", ADDRESSEE | CONTACT | SEAL | RECEIPT},
	{"preservation_decision", ADDRESSEE | SEAL | RECEIPT},
	{"preservation_notice", ADDRESSEE | OFFICERS | SEAL},
	{"recheck_opinion", PARTY_FORM | OFFICERS},
	{"rectify_order", ADDRESSEE | CONTACT | REMEDY | SEAL | RECEIPT},
	{"recusal_decision", SEAL | NO_PARTY},
	{"revocation_decision", PARTY_LINES | REMEDY | SEAL},
	{"sampling_notice", ADDRESSEE | OFFICERS | SEAL},
	{"seizure_decision", PARTY_LINES | REMEDY | SEAL | RECEIPT},
	{"seizure_extension", PARTY_LINES | REMEDY | SEAL | RECEIPT},
	{"seizure_list", 0},
	{"seizure_release", PARTY_LINES | SEAL},
	{"service_receipt", OFFICERS | SEAL},
	{"statement_record", OFFICERS | NO_PARTY},
	{"summary_decision", PARTY_LINES | OFFICERS | REMEDY | SEAL},
	{"transfer_letter", CONTACT | SEAL},
	{"urge_notice", ADDRESSEE | CONTACT | SEAL | RECEIPT},
};

/* Every "text" and "facts_text" key some document template reads. */
static const char *const text_keys[] = {
	"act_date", "address", "amount", "amount_due", "applied_on", "approved", "attendees",
	"band", "band_reason", "basis", "cause", "cert_shown", "chair", "chair_name", "channel",
	"clerk", "clue", "collective_required", "conclusion", "conclusion_text", "confiscation",
	"content", "corrected", "court", "custody", "date", "days", "decision_ref", "detail",
	"discretion", "due_date", "education", "ended_at", "evidence", "extended_from", "facts",
	"fine", "first_offence", "found_on", "ground", "grounds", "handling", "hearing_attendance",
	"hearing_date", "hearing_time", "informed", "inspect_on", "interviewee", "interviewee_id",
	"interviewee_role", "investigators", "items", "major", "materials", "method", "minor_harm",
	"mitigation_ground", "mitigation_reason", "mode", "new_facts", "no_fault", "no_filing_ground",
	"notified", "officer", "opinion", "opinion_text", "other_measures", "participants",
	"party_present", "party_signature", "payment", "penalty_types", "performance", "period_days",
	"place", "present", "presenter", "problems", "proposal", "public", "published_on", "purpose",
	"reason", "reasons_stated", "receipt_no", "receiver", "recipient", "record", "rectify_by",
	"reported_at", "reporter", "requirements", "result", "returned",
	"review_opinion", "revocation", "rights_informed", "schedule", "served_documents", "served_on",
	"source_type", "speaker", "started_at", "statement", "statements", "summary", "surcharge",
	"title", "transfer_to", "witnesses", "decided_on", "decision", "emergency_reason",
	"inspection_basis", "inspection_scope", "measure", "measure_basis", "measure_items",
	"measure_reason", "no_penalty_ground", "paid", "seized_items", "seized_on",
};

/* A canonical document of type CODE/NAME. FULL: numbered, two parties (an
 * organisation with every item and a person), every text value set, every
 * flag true; otherwise unnumbered, one person without phone, no text values,
 * no remedy and no phone of the body (the sections that depend on them are off). */
static json_t *sample_doc(const char *code, const char *name, int full)
{
	json_t *j = json_loads(decision_json, 0, NULL), *text = json_object(), *ft = json_object();
	json_t *person = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "kind", "person",
				   "name", "赵六", "id_type", "id_card", "id_type_label",
				   "居民身份证", "id_number", "140524199001010011", "uscc", "",
				   "legal_rep", "", "address", "陵川县某村3号", "phone",
				   full ? "13900000000" : "");
	json_t *body = json_object_get(j, "body"), *parties = json_object_get(j, "parties");

	assert_non_null(j);
	json_object_set_new(j, "doc_type", json_string(code));
	json_object_set_new(j, "name", json_string(name));
	if (full) {
		json_array_append_new(parties, person);
		for (size_t i = 0; i < sizeof(text_keys) / sizeof(text_keys[0]); i++) {
			json_object_set_new(text, text_keys[i], json_sprintf("正文%s", text_keys[i]));
			json_object_set_new(ft, text_keys[i], json_sprintf("事实%s", text_keys[i]));
		}
		json_object_set_new(j, "facts", json_pack("{s:b,s:b,s:i}", "hearing_eligible", 1,
							  "collected_onspot", 1, "fine", 500000));
		json_object_set_new(j, "values", json_pack("{s:b}", "granted", 1));
		json_object_set_new(j, "violation", json_pack("{s:s,s:s,s:s}", "name", "未取得许可经营",
							      "legal_basis", "《某条例》第十条",
							      "penalty_basis", "《某条例》第三十条"));
	} else {
		json_array_clear(parties);
		json_array_append_new(parties, person);
		json_object_set_new(j, "number", json_string(""));
		json_object_set_new(j, "facts", json_object());
		json_object_set_new(body, "remedy", json_string(""));
		json_object_set_new(body, "phone", json_string(""));
	}
	json_object_set_new(j, "text", text);
	json_object_set_new(j, "facts_text", ft);
	return j;
}

static int has(const char *html, const char *s)
{
	return strstr(html, s) != NULL;
}

/* Writes HTML to $ZF_DOC_DUMP/CODE-VARIANT.html when ZF_DOC_DUMP names a
 * folder: the renderings can then be compared before and after a template change. */
static void dump(const char *code, const char *variant, const char *html)
{
	const char *dir = getenv("ZF_DOC_DUMP");
	char path[512];
	FILE *f;

	if (!dir || !*dir)
		return;
	snprintf(path, sizeof(path), "%s/%s-%s.html", dir, code, variant);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(html, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Checks the shared blocks of one rendering: present exactly when the
 * document type shows them. */
static void check_blocks(const char *code, unsigned blocks, const char *html, int full)
{
	struct {
		unsigned flag;
		const char *marker;
	} m[] = {
		{PARTY_LINES, full ? "<span class=\"doc-label\">统一社会信用代码：</span>91140524MA0K000000"
				   : "<span class=\"doc-label\">居民身份证号码：</span>140524199001010011"},
		{PARTY_FORM, full ? "<tr><th>当事人</th><td colspan=\"3\"><p>某某商贸有限公司（统一社会信用代码：91140524MA0K000000），法定代表人（负责人）：王五，住所（住址）：陵川县某街2号</p>"
				  : "<tr><th>当事人</th><td colspan=\"3\"><p>赵六（居民身份证：140524199001010011），住所（住址）：陵川县某村3号</p></td></tr>"},
		{ADDRESSEE, full ? "<p class=\"doc-to\"><span class=\"doc-party-name\">某某商贸有限公司</span><span class=\"doc-party-name\">赵六</span>：</p>"
				 : "<p class=\"doc-to\"><span class=\"doc-party-name\">赵六</span>：</p>"},
		{OFFICERS, "<span class=\"doc-officer\">张三（执法证号 14052400101）</span><span class=\"doc-officer\">李四（执法证号 14052400102）</span>"},
		{CONTACT, full ? "<p class=\"doc-contact\">本机关地址：崇文街1号　联系电话：0356-1234567</p>"
			       : "<p class=\"doc-contact\">本机关地址：崇文街1号</p>"},
		{REMEDY, "<p class=\"doc-text\">救济途径："},
		{SEAL, "<p>陵川县综合行政执法局</p>\n<p class=\"doc-seal\">（印章）</p>\n<p>2026年4月1日</p>\n</div>"},
		{RECEIPT, "<p class=\"doc-receipt\">当事人签收：<span class=\"doc-blank\"></span>　　年　　月　　日</p>"},
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		/* Without a remedy of the body the 救济途径 line is left out. */
		int want = (blocks & m[i].flag) && (full || m[i].flag != REMEDY);
		if (want != has(html, m[i].marker))
			fail_msg("%s (%s): block %#x %s", code, full ? "full" : "sparse", m[i].flag,
				 want ? "missing" : "not expected");
	}
	if (full && (blocks & REMEDY) && !has(html, "救济途径：可以向陵川县人民政府申请行政复议"))
		fail_msg("%s: remedy of the body missing", code);
}

/* Every document type renders over a full and a sparse canonical object:
 * the heading with its title and its 文号 (or the 案号 when unnumbered),
 * the body, the parties, and the shared blocks of its kind. */
static void every_type_renders(void **state)
{
	size_t n = 0;
	const struct zf_doc_type *types = zf_doc_types(&n);
	char want[512];

	(void)state;
	assert_int_equal(n, sizeof(doc_blocks) / sizeof(doc_blocks[0]));
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < n && strcmp(doc_blocks[k].code, types[i].code) != 0)
			k++;
		if (k == n)
			fail_msg("no blocks listed for %s", types[i].code);
		for (int full = 1; full >= 0; full--) {
			json_t *ctx = sample_doc(types[i].code, types[i].name, full);
			char *html = render_json(types[i].code, ctx);

			dump(types[i].code, full ? "full" : "sparse", html);
			snprintf(want, sizeof(want),
				 "<header class=\"doc-head\">\n<p class=\"doc-org\">陵川县综合行政执法局</p>\n"
				 "<h1 class=\"doc-title\">%s</h1>\n<p class=\"doc-no\">%s</p>\n</header>",
				 types[i].name,
				 full ? "陵示综执罚决〔2026〕12号" : "案号：陵示综执案〔2026〕3号");
			if (!has(html, want))
				fail_msg("%s: heading missing:\n%s", types[i].code, html);
			if (!(doc_blocks[k].blocks & NO_PARTY) &&
			    (!has(html, full ? "某某商贸有限公司" : "赵六") || (full && !has(html, "赵六"))))
				fail_msg("%s: party missing", types[i].code);
			check_blocks(types[i].code, doc_blocks[k].blocks, html, full);
			free(html);
			json_decref(ctx);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_type_has_a_template),
		cmocka_unit_test(penalty_decision_art59),
		cmocka_unit_test(conditional_parts),
		cmocka_unit_test(notice_hearing_right),
		cmocka_unit_test(every_type_renders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
