/* Unit tests of redaction, the n-gram tokenizer and the publication periods and due dates (2026 calendar). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "core/ngram.h"
#include "core/publish_rules.h"
#include "core/redact.h"

static char *masked(const char *s, int counts[ZF_REDACT_NKINDS])
{
	struct zf_buf b;
	zf_buf_init(&b, 0);
	assert_int_equal(zf_redact_scan(s, &b, counts), 0);
	return zf_buf_take(&b);
}

static void patterns(void **state)
{
	int c[ZF_REDACT_NKINDS] = {0};
	char *t;
	(void)state;
	/* valid ID, ID with a wrong check digit (still masked), 17 digits (an account) */
	t = masked("身份证11010519491231002X，另110105194912310021号", c);
	assert_null(strstr(t, "1101051949"));
	assert_int_equal(c[ZF_REDACT_IDNUM], 2);
	free(t);
	memset(c, 0, sizeof(c));
	t = masked("电话13800138000、0371-65432100，邮箱a.b@example.com", c);
	assert_string_equal(t, "电话***********、*************，邮箱***************");
	assert_int_equal(c[ZF_REDACT_MOBILE], 1);
	assert_int_equal(c[ZF_REDACT_LANDLINE], 1);
	assert_int_equal(c[ZF_REDACT_EMAIL], 1);
	free(t);
	memset(c, 0, sizeof(c));
	t = masked("账号6222 0200 1234 5678 901，罚款5000元，日期20260930，证号JY13301000123456", c);
	assert_int_equal(c[ZF_REDACT_ACCOUNT], 1);
	assert_non_null(strstr(t, "5000元"));
	assert_non_null(strstr(t, "20260930"));
	assert_non_null(strstr(t, "JY13301000123456"));
	free(t);
	/* 11 digits not starting 1[3-9]: left alone */
	memset(c, 0, sizeof(c));
	t = masked("编号12012345678", c);
	assert_string_equal(t, "编号12012345678");
	free(t);
}

static void check(void **state)
{
	struct zf_err err = {0};
	(void)state;
	assert_int_equal(zf_redact_check("罚款5000元。", &err), 0);
	assert_int_equal(zf_redact_check("联系13912345678", &err), ZF_EINVAL);
	assert_non_null(strstr(err.msg, "手机号码"));
}

static const char *doc =
	"{\"format\":\"zhifa-document/v1\",\"doc_type\":\"penalty_decision\",\"name\":"
	"\"行政处罚决定书\",\"number\":\"X罚〔2026〕1号\",\"body\":{\"name\":\"某局\"},"
	"\"parties\":[{\"kind\":\"person\",\"name\":\"张三\",\"id_number\":"
	"\"11010519491231002X\",\"address\":\"某路1号\",\"phone\":\"13800138000\"}],"
	"\"violation\":{\"name\":\"无照经营\"},\"text\":{\"facts\":\"张三（电话13800138000）无照经营\","
	"\"basis\":\"某条\",\"performance\":\"账号6222020012345678901\"},"
	"\"facts\":{\"penalty_types\":[\"fine\"],\"fine\":500000,\"decided_on\":\"2026-09-30\"},"
	"\"facts_text\":{\"penalty_types\":\"罚款\",\"fine\":\"5000.00元\"},"
	"\"issued_on\":\"2026-09-30\",\"issued_on_text\":\"2026年9月30日\"}";

static void document(void **state)
{
	struct zf_redacted r;
	struct zf_err err = {0};
	(void)state;
	assert_int_equal(zf_redact_document(doc, 0, &r, &err), 0);
	assert_null(r.withheld);
	assert_null(strstr(r.text, "11010519491231002X"));
	assert_null(strstr(r.text, "某路1号"));
	assert_null(strstr(r.text, "13800138000"));
	assert_null(strstr(r.text, "6222020012345678901"));
	assert_non_null(strstr(r.text, "张三"));
	assert_non_null(strstr(r.hidden, "证件号码"));
	assert_string_equal(r.decided_on, "2026-09-30");
	assert_int_equal(r.fine, 500000);
	assert_int_equal(zf_redact_check(r.text, &err), 0);
	zf_redacted_free(&r);
	assert_int_equal(zf_redact_document(doc, ZF_REDACT_MINOR, &r, &err), 0);
	assert_non_null(r.withheld);
	assert_string_equal(r.text, "");
	zf_redacted_free(&r);
}

static int has(const char **g, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(g[i], s))
			return 1;
	return 0;
}

static void ngrams(void **state)
{
	struct zf_arena *a = zf_arena_new(0);
	const char **g;
	size_t n;
	(void)state;
	assert_int_equal(zf_ngram_index(a, "张三，ＡＢＣ公司 abc", &g, &n), 0);
	assert_true(has(g, n, "张"));
	assert_true(has(g, n, "张三"));
	assert_true(has(g, n, "abc"));
	assert_true(has(g, n, "abc公"));
	assert_false(has(g, n, "三abc"));
	assert_int_equal(zf_ngram_query(a, "张三 公", &g, &n), 0);
	assert_int_equal(n, 2);
	assert_true(has(g, n, "张三"));
	assert_true(has(g, n, "公"));
	assert_int_equal(zf_ngram_query(a, "，。", &g, &n), 0);
	assert_int_equal(n, 0);
	zf_arena_free(a);
}

static void periods(void **state)
{
	(void)state;
	assert_int_equal(zf_pub_period_months(NULL, ZF_PENALTY_WARNING, 0, 0), 0);
	assert_int_equal(zf_pub_period_months(NULL, ZF_PENALTY_CRITICISM, 0, 0), 3);
	assert_int_equal(zf_pub_period_months(NULL, ZF_PENALTY_FINE, 1000000, 0), 3);
	assert_int_equal(zf_pub_period_months(NULL, ZF_PENALTY_FINE, 1000001, 0), 36);
	assert_int_equal(zf_pub_period_months(NULL, ZF_PENALTY_FINE, 10000000, 1), 3);
	assert_int_equal(zf_pub_period_months(NULL, ZF_PENALTY_FINE | ZF_PENALTY_OTHER, 1, 1), 36);
	struct zf_date e = zf_pub_period_end((struct zf_date){2026, 11, 30}, 3);
	assert_int_equal(e.y, 2027);
	assert_int_equal(e.m, 2);
	assert_int_equal(e.d, 28);
}

static void due_dates(void **state)
{
	struct zf_calendar *cal = NULL;
	struct zf_err err = {0};
	struct zf_date d;
	(void)state;
	assert_int_equal(zf_calendar_builtin(&cal, &err), 0);
	/* 2026-09-30 (Wed) before 国庆 (Oct 1-7 off; Sep 20 Sun and Oct 10 Sat
	 * make-up days): 7 WD = Oct 8, 9, 10, 12, 13, 14, 15 */
	assert_int_equal(zf_pub_due(cal, (struct zf_date){2026, 9, 30}, 7, &d, &err), 0);
	assert_int_equal(d.m, 10);
	assert_int_equal(d.d, 15);
	/* 3 WD withdrawal from a Friday */
	assert_int_equal(zf_pub_due(cal, (struct zf_date){2026, 6, 12}, 3, &d, &err), 0);
	assert_int_equal(d.m, 6);
	assert_int_equal(d.d, 17);
	zf_calendar_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(patterns), cmocka_unit_test(check),   cmocka_unit_test(document),
		cmocka_unit_test(ngrams),   cmocka_unit_test(periods), cmocka_unit_test(due_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
