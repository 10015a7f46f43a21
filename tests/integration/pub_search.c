/* Integration tests of publication search, the Atom feeds and open data on the running server: one-, two- and four-character queries, filters, highlighting with escaping, hidden values that never leak, the CSV's BOM and formula guard, the feed's structure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/publication.h"
#include "harness.h"
#include "store/db.h"
#include "util/arena.h"

/* Values of the unredacted case that the portal must never show. */
#define HIDDEN_ID "110101199003077777"
#define HIDDEN_PHONE "13912345678"

struct fx {
	struct demo d;
	long body1, body2;
};

/* Inserts publication ID and indexes it through zf_app_pub_index_put. */
static int put(struct demo *d, struct zf_db *db, struct zf_arena *a, long id, const char *kind,
	       const char *state, long body, const char *title, const char *party, const char *docno,
	       const char *violation, const char *decided, const char *text)
{
	struct zf_err err = {0};
	char sid[24], sbody[24];
	snprintf(sid, sizeof(sid), "%ld", id);
	snprintf(sbody, sizeof(sbody), "%ld", body);
	if (db_exec_args(&d->s,
			 "INSERT INTO publication (id, body_id, kind, case_id, state, title, party_name, "
			 "doc_number, violation, decided_on, due_on, period_end, text, salt, drafted_at, "
			 "published_at) VALUES (CAST(? AS INTEGER), CAST(? AS INTEGER), ?, "
			 "(SELECT MIN(id) FROM cases), ?, ?, ?, ?, ?, ?, ?, '2029-12-31', ?, "
			 "'00000000000000000000000000000000000000000000000000000000000000aa', 1767225600, "
			 "1767225600 + CAST(? AS INTEGER))",
			 sid, sbody, kind, state, title, party, docno, violation, decided, decided, text, sid,
			 NULL))
		return -1;
	struct zf_publication p = {.id = id, .title = title, .party_name = party, .doc_number = docno,
				   .violation = violation, .text = text, .body_name = ""};
	/* the body's name, as the index maintainer passes it */
	struct zf_stmt *st = NULL;
	if (zf_db_prepare(db, &st, "SELECT name FROM body WHERE id = ?", &err))
		return -1;
	zf_stmt_bind_i64(st, 1, body);
	if (zf_stmt_step(st, &err) == ZF_DB_ROW)
		p.body_name = zf_arena_strdup(a, zf_stmt_text(st, 0));
	zf_stmt_done(st);
	if (zf_app_pub_index_put(db, a, &p, &err)) {
		fprintf(stderr, "index: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	struct zf_db *db = NULL;
	struct zf_err err = {0};
	struct zf_arena *a = zf_arena_new(16 << 20);
	int rc = -1;

	f->body1 = db_scalar(&d->s, "SELECT MIN(id) FROM body");
	f->body2 = db_scalar(&d->s, "SELECT MAX(id) FROM body");
	if (!a || f->body1 <= 0 || zf_db_open(&db, d->s.db, 0, &err)) {
		fprintf(stderr, "open: %s\n", err.msg);
		goto done;
	}
	/* the unredacted party of the case, as the workbench holds it */
	if (db_exec_args(&d->s,
			 "INSERT INTO party (case_id, kind, name, id_type, id_number, phone) VALUES "
			 "((SELECT MIN(id) FROM cases), 1, '张三丰', '身份证', ?, ?)",
			 HIDDEN_ID, HIDDEN_PHONE, NULL))
		goto done;
	if (put(d, db, a, 9001, "decision", "published", f->body1, "某市监罚〔2026〕12号 行政处罚决定书",
		"张三丰食品店", "某市监罚〔2026〕12号", "销售不合格食品", "2026-02-10",
		"当事人：张三丰食品店（经营者张三丰，身份证号码已隐去）。经查，当事人销售不合格食品。"
		"依据《中华人民共和国食品安全法》第一百二十四条，决定罚款人民币伍万元。") ||
	    put(d, db, a, 9002, "decision", "published", f->body2, "某市监罚〔2026〕30号 <script>x</script>",
		"李四科技有限公司", "某市监罚〔2026〕30号", "虚假宣传", "2026-03-01",
		"当事人：李四科技有限公司。当事人发布虚假广告\x01宣传。决定罚款人民币贰万元。") ||
	    put(d, db, a, 9003, "decision", "published", f->body1, "某市监罚〔2026〕31号", "=1+2 王五商行",
		"-5号", "未亮照经营", "2026-03-05", "当事人：王五商行。未在经营场所醒目位置悬挂营业执照。警告并罚款。") ||
	    put(d, db, a, 9004, "inspection", "published", f->body1, "2026年第一季度食品经营检查结果",
		"赵六饭店", "某市监查〔2026〕7号", "", "2026-03-20", "检查对象：赵六饭店。检查结果：未发现问题。") ||
	    /* a draft with the unredacted values, indexed by mistake: never public */
	    put(d, db, a, 9005, "decision", "draft", f->body1, "张三丰 草稿", "张三丰", "某市监罚〔2026〕99号",
		"销售不合格食品", "2026-03-10", "身份证 " HIDDEN_ID " 电话 " HIDDEN_PHONE) ||
	    /* a withdrawn item whose index rows were left behind */
	    put(d, db, a, 9006, "decision", "withdrawn", f->body1, "已撤回 张三丰", "张三丰", "某市监罚〔2026〕5号",
		"销售不合格食品", "2026-01-10", "张三丰 " HIDDEN_ID))
		goto done;
	/* 22 items of one party for paging */
	for (long i = 0; i < 22; i++) {
		char party[64], docno[64];
		snprintf(party, sizeof(party), "钱七商店%ld", i);
		snprintf(docno, sizeof(docno), "某市监罚〔2025〕%ld号", 100 + i);
		if (put(d, db, a, 8000 + i, "decision", "published", f->body1, docno, party, docno, "超范围经营",
			"2025-06-01", "当事人超范围经营。"))
			goto done;
	}
	rc = 0;
done:
	zf_db_close(db);
	zf_arena_free(a);
	return rc;
}

static void test_empty_form(void **state)
{
	struct demo *d = *state;
	struct resp r;
	demo_get(d, "/search", 200, &r, "<form class=\"search\" action=\"/search\"", "name=\"q\"", NULL);
	assert_lacks(r.body, "本页");
	char cc[128];
	assert_non_null(resp_header(&r, "Cache-Control", cc, sizeof(cc)));
	assert_has(cc, "public");
	resp_free(&r);
}

static void test_queries(void **state)
{
	struct demo *d = *state;
	struct resp r;
	/* two characters: a name */
	demo_get(d, "/search?q=%E5%BC%A0%E4%B8%89", 200, &r, "/decisions/9001", "<mark>张三</mark>",
		 "value=\"张三\"", NULL);
	assert_lacks(r.body, "/decisions/9005");
	assert_lacks(r.body, "/decisions/9006");
	assert_lacks(r.body, "/decisions/9002");
	resp_free(&r);
	/* one character */
	demo_get(d, "/search?q=%E4%B8%B0", 200, &r, "/decisions/9001", "<mark>丰</mark>", NULL);
	assert_lacks(r.body, "/decisions/9002");
	assert_lacks(r.body, "/decisions/9005");
	resp_free(&r);
	/* four characters, a phrase; its bigrams apart do not match */
	demo_get(d, "/search?q=%E4%B8%8D%E5%90%88%E6%A0%BC%E9%A3%9F", 200, &r, "/decisions/9001", NULL); /* 不合格食 */
	resp_free(&r);
	demo_get(d, "/search?q=%E7%BD%9A%E6%AC%BE%E5%86%B3%E5%AE%9A", 200, &r, "没有找到", NULL); /* 罚款决定 */
	resp_free(&r);
	/* full-width digits fold: ２０２６ finds the ASCII 2026 */
	demo_get(d, "/search?q=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96%E5%B9%B4%E7%AC%AC", 200, &r,
		 "/inspections/9004", NULL);
	resp_free(&r);
	/* the query is escaped where it is kept and the title where it is shown */
	demo_get(d, "/search?q=%3Cb%3E%E6%9D%8E%E5%9B%9B", 200, &r, "value=\"&lt;b&gt;李四\"", NULL);
	resp_free(&r);
	demo_get(d, "/search?q=%E6%9D%8E%E5%9B%9B", 200, &r, "/decisions/9002", "&lt;script&gt;", NULL);
	assert_lacks(r.body, "<script>x");
	resp_free(&r);
	/* too long */
	demo_get(d, "/search?q=" "%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0"
		 "%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0"
		 "%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0"
		 "%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0"
		 "%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0"
		 "%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0"
		 "%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0"
		 "%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0%E5%BC%A0",
		 400, NULL, "关键词不能超过", NULL);
}

static void test_filters(void **state)
{
	struct fx *f = *state;
	struct demo *d = &f->d;
	struct resp r;
	char path[160];

	demo_get(d, "/search?party=%E6%9D%8E%E5%9B%9B", 200, &r, "/decisions/9002", NULL);
	assert_lacks(r.body, "/decisions/9001");
	resp_free(&r);
	demo_get(d, "/search?doc_number=%E3%80%942026%E3%80%9512", 200, &r, "/decisions/9001", NULL); /* 〔2026〕12 */
	resp_free(&r);
	demo_get(d, "/search?doc_number=2026%E3%80%9512", 200, &r, "/decisions/9001", NULL);
	assert_lacks(r.body, "/decisions/9002");
	resp_free(&r);
	demo_get(d, "/search?violation=%E8%99%9A%E5%81%87%E5%AE%A3%E4%BC%A0", 200, &r, "/decisions/9002", NULL);
	assert_lacks(r.body, "/decisions/9001");
	resp_free(&r);
	demo_get(d, "/search?from=2026-03-01&to=2026-03-05", 200, &r, "/decisions/9002", "/decisions/9003", NULL);
	assert_lacks(r.body, "/decisions/9001");
	assert_lacks(r.body, "/inspections/9004");
	resp_free(&r);
	demo_get(d, "/search?kind=inspection", 200, &r, "/inspections/9004", NULL);
	assert_lacks(r.body, "/decisions/900");
	resp_free(&r);
	if (f->body1 != f->body2) {
		snprintf(path, sizeof(path), "/search?body=%ld", f->body2);
		demo_get(d, path, 200, &r, "/decisions/9002", NULL);
		assert_lacks(r.body, "/decisions/9001");
		resp_free(&r);
	}
	/* a query with a filter: both must hold */
	demo_get(d, "/search?q=%E5%BD%93%E4%BA%8B%E4%BA%BA&party=%E7%8E%8B%E4%BA%94", 200, &r, "/decisions/9003", NULL);
	assert_lacks(r.body, "/decisions/9001");
	resp_free(&r);
	demo_get(d, "/search?from=2026-13-01", 400, NULL, "起始日期", NULL);
}

/* Fails unless every answer the public can get lacks the hidden values. */
static void test_paging(void **state)
{
	struct demo *d = *state;
	struct resp r;
	char next[256];

	/* page 1: the 20 newest, and a link to the rest with the query kept */
	demo_get(d, "/search?q=%E9%92%B1%E4%B8%83", 200, &r, "本页 20 条", "/decisions/8021", "/decisions/8002",
		 "href=\"/search?q=%E9%92%B1%E4%B8%83&amp;before=8002\"", NULL);
	assert_lacks(r.body, "/decisions/8001\"");
	resp_free(&r);
	snprintf(next, sizeof(next), "/search?q=%%E9%%92%%B1%%E4%%B8%%83&before=8002");
	demo_get(d, next, 200, &r, "本页 2 条", "/decisions/8001\"", "/decisions/8000\"", NULL);
	assert_lacks(r.body, "下一页");
	resp_free(&r);
}

static void test_hidden_never_leaks(void **state)
{
	struct demo *d = *state;
	const char *paths[] = {"/search?q=" HIDDEN_ID, "/search?q=" HIDDEN_PHONE, "/search?q=7777",
			       "/feeds/decisions.atom", "/feeds/inspections.atom", "/open/decisions.csv",
			       "/open/decisions.json", "/open/inspections.csv", "/open/inspections.json"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct resp r;
		assert_int_equal(client_get(&d->cl, paths[i], &r), 0);
		assert_int_equal(r.status, 200);
		if (strncmp(paths[i], "/search", 7) == 0) {
			/* the page keeps the query typed; nothing else may carry it */
			assert_has(r.body, "没有找到");
			assert_lacks(r.body, "/decisions/900");
		} else {
			assert_lacks(r.body, HIDDEN_ID);
			assert_lacks(r.body, HIDDEN_PHONE);
		}
		assert_lacks(r.body, "9005");
		assert_lacks(r.body, "草稿");
		assert_lacks(r.body, "已撤回");
		resp_free(&r);
	}
	demo_get(d, "/search?q=" HIDDEN_ID, 200, NULL, "没有找到", NULL);
}

/* A minimal well-formedness check: tags balance, names match, no raw '<' or
 * '&' in text. Returns the number of elements, or -1. */
static int xml_check(const char *s)
{
	char stack[32][32];
	int depth = 0, count = 0;
	if (strncmp(s, "<?xml", 5) != 0)
		return -1;
	s = strstr(s, "?>") + 2;
	while (*s) {
		if (*s == '&') {
			size_t n = strspn(s + 1, "abcdefghijklmnopqrstuvwxyz#0123456789");
			if (s[1 + n] != ';' || !n)
				return -1;
			s += n + 2;
			continue;
		}
		if (*s != '<') {
			s++;
			continue;
		}
		const char *e = strchr(s, '>');
		if (!e)
			return -1;
		int closing = s[1] == '/', empty = e[-1] == '/';
		const char *nm = s + 1 + closing;
		size_t n = strcspn(nm, " />");
		if (!n || n >= 32)
			return -1;
		if (closing) {
			if (!depth || strncmp(stack[depth - 1], nm, n) != 0 || stack[depth - 1][n])
				return -1;
			depth--;
		} else if (!empty) {
			if (depth == 32)
				return -1;
			memcpy(stack[depth], nm, n);
			stack[depth++][n] = '\0';
			count++;
		} else {
			count++;
		}
		s = e + 1;
	}
	return depth == 0 ? count : -1;
}

static void test_feeds(void **state)
{
	struct demo *d = *state;
	struct resp r;
	char ct[128];

	demo_get(d, "/feeds/decisions.atom", 200, &r, "<feed xmlns=\"http://www.w3.org/2005/Atom\"",
		 "<id>tag:127.0.0.1,", ":publication/9001</id>", "/decisions/9001\"/>", "<updated>",
		 "<summary type=\"text\">", "&lt;script&gt;", NULL);
	assert_non_null(resp_header(&r, "Content-Type", ct, sizeof(ct)));
	assert_string_equal(ct, "application/atom+xml; charset=utf-8");
	assert_true(xml_check(r.body) > 10);
	assert_lacks(r.body, "9004");
	/* a control character XML forbids is dropped */
	assert_has(r.body, "发布虚假广告宣传");
	assert_lacks(r.body, "\x01");
	/* revalidation: the same ETag answers 304 without a body */
	char etag[80], hdr[120];
	struct resp r2;
	assert_non_null(resp_header(&r, "ETag", etag, sizeof(etag)));
	snprintf(hdr, sizeof(hdr), "If-None-Match: %s", etag);
	const char *hdrs[] = {hdr, NULL};
	assert_int_equal(client_req(&d->cl, "GET", "/feeds/decisions.atom", NULL, NULL, hdrs, &r2), 0);
	assert_int_equal(r2.status, 304);
	assert_int_equal(r2.len, 0);
	resp_free(&r2);
	/* newest first */
	assert_true(strstr(r.body, "publication/9003") < strstr(r.body, "publication/9001"));
	resp_free(&r);
	demo_get(d, "/feeds/inspections.atom", 200, &r, "/inspections/9004", NULL);
	assert_true(xml_check(r.body) > 5);
	assert_lacks(r.body, "9001");
	resp_free(&r);
}

static void test_open_data(void **state)
{
	struct demo *d = *state;
	struct resp r;
	char ct[128];

	demo_get(d, "/open/decisions.csv", 200, &r, NULL);
	assert_memory_equal(r.body, "\xEF\xBB\xBF序号,文号,当事人,违法行为类型,处罚决定日期,执法主体,公开期限至,链接\r\n",
			    strlen("\xEF\xBB\xBF序号,文号,当事人,违法行为类型,处罚决定日期,执法主体,公开期限至,链接\r\n"));
	assert_has(r.body, "\"'=1+2 王五商行\"");
	assert_has(r.body, "\"'-5号\"");
	assert_has(r.body, "\r\n1,\"'-5号\",");
	assert_has(r.body, "\r\n25,某市监罚〔2025〕100号,钱七商店0,");
	assert_has(r.body, "/decisions/9001\r\n");
	assert_has(r.body, "2029-12-31");
	assert_lacks(r.body, "\n=");
	assert_lacks(r.body, ",=");
	assert_int_equal(str_count(r.body, "\r\n"), 27); /* header + 3 + 22 live decisions + the demo's published one */
	assert_non_null(resp_header(&r, "Content-Type", ct, sizeof(ct)));
	assert_has(ct, "text/csv; charset=utf-8");
	assert_non_null(resp_header(&r, "Cache-Control", ct, sizeof(ct)));
	assert_has(ct, "public");
	resp_free(&r);

	demo_get(d, "/open/decisions.json", 200, &r, NULL);
	json_t *j = resp_json(&r);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "columns")), 8);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "columns"), 1), "name")), "文号");
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 26); /* with the demo's published decision */
	json_t *last = json_array_get(items, 2);
	assert_int_equal(json_integer_value(json_object_get(last, "seq")), 3);
	assert_string_equal(json_string_value(json_object_get(last, "doc_number")), "某市监罚〔2026〕12号");
	assert_string_equal(json_string_value(json_object_get(last, "party")), "张三丰食品店");
	assert_string_equal(json_string_value(json_object_get(last, "period_end")), "2029-12-31");
	assert_has(json_string_value(json_object_get(last, "url")), "/decisions/9001");
	json_decref(j);
	resp_free(&r);

	demo_get(d, "/open/inspections.json", 200, &r, "赵六饭店", "/inspections/9004", NULL);
	assert_lacks(r.body, "9001");
	resp_free(&r);
	demo_get(d, "/open/inspections.csv", 200, &r, "赵六饭店", NULL);
	resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_form),
		cmocka_unit_test(test_queries),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_hidden_never_leaks),
		cmocka_unit_test(test_feeds),
		cmocka_unit_test(test_open_data),
	};
	struct fx f = {0};
	f.d.setup = setup;
	return demo_run_tests(tests, &f.d);
}
