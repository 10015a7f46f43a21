/* Unit tests of the registry rules: validation, verdicts, state words,
 * certificate-number normalisation and the role access matrix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/registry.h"
#include "core/role.h"
#include "util/str.h"
#include "util/time.h"

/* ---- helpers ----------------------------------------------------------- */

static struct zf_body good_body(void)
{
	struct zf_body b = {0};
	b.name = "某县综合行政执法局";
	b.uscc = "91350100M000100Y43";
	b.legal_basis = "《中华人民共和国行政处罚法》\n《某省综合行政执法条例》";
	b.duties = "负责辖区内市容环境卫生等领域的行政执法工作。";
	b.powers = "行政处罚、行政检查、行政强制。";
	b.address = "某县人民路1号";
	b.phone = "0591-87654321";
	b.supervision = "监督电话：0591-12345678\n地址：某县司法局";
	b.remedy = "可在六十日内申请行政复议，或在六个月内提起行政诉讼。";
	b.state = ZF_BODY_ACTIVE;
	return b;
}

static struct zf_officer good_officer(void)
{
	struct zf_officer o = {0};
	o.body_id = 1;
	o.name = "张三";
	o.cert_no = "ZF-35010012345";
	o.issuer = "某省人民政府";
	o.domains = "市容环卫、城乡规划";
	o.valid_from = "2024-01-01";
	o.valid_to = "2026-12-31";
	o.state = ZF_CERT_VALID;
	return o;
}

/* zf_body_validate of B into E, cleared first. */
static int check_body(const struct zf_body *b, struct zf_err *e)
{
	zf_err_clear(e);
	return zf_body_validate(b, e);
}

/* zf_officer_validate of O into E, cleared first. */
static int check_officer(const struct zf_officer *o, struct zf_err *e)
{
	zf_err_clear(e);
	return zf_officer_validate(o, e);
}

/* N copies of the UTF-8 character C, in a static buffer owned by the caller. */
static char *repeat(char *buf, size_t size, const char *c, size_t n)
{
	size_t l = strlen(c), i;
	assert_true(n * l < size);
	for (i = 0; i < n; i++)
		memcpy(buf + i * l, c, l);
	buf[n * l] = '\0';
	return buf;
}

/* Every recorded message is whole UTF-8 and says something. */
static void assert_messages_sane(const struct zf_err *e)
{
	for (int i = 0; i < e->nfields; i++) {
		const char *m = e->fields[i].msg;
		assert_true(m[0] != '\0');
		if (!zf_str_utf8_ok(m, strlen(m), 0))
			fail_msg("message of %s is not whole UTF-8", e->fields[i].field);
		assert_true(strlen(m) + 1 < sizeof(e->fields[i].msg));
	}
}

static void assert_field_mentions(const struct zf_err *e, const char *field, const char *text)
{
	const char *m = zf_err_field_msg(e, field);
	if (!m)
		fail_msg("no error for field %s", field);
	if (!strstr(m, text))
		fail_msg("message for %s (\"%s\") lacks \"%s\"", field, m, text);
}

/* ---- bodies ------------------------------------------------------------ */

static void body_good(void **state)
{
	(void)state;
	struct zf_err e;
	struct zf_body b = good_body();
	assert_int_equal(check_body(&b, &e), 0);
	assert_int_equal(e.nfields, 0);
	assert_int_equal(zf_body_validate(&b, NULL), 0);
	/* Optional fields may be NULL or empty. */
	struct zf_body m = {.name = "某局", .uscc = "9144030071526726XG", .phone = "",
			    .state = ZF_BODY_ACTIVE};
	assert_int_equal(check_body(&m, &e), 0);
	assert_int_equal(e.nfields, 0);
}

static void body_required(void **state)
{
	(void)state;
	struct zf_err e;
	struct zf_body b = good_body();
	b.name = NULL;
	b.uscc = " \xe3\x80\x80 ";
	assert_int_equal(check_body(&b, &e), ZF_EINVAL);
	assert_int_equal(e.code, ZF_EINVAL);
	assert_int_equal(e.nfields, 2);
	assert_field_mentions(&e, "name", "名称");
	assert_field_mentions(&e, "uscc", "统一社会信用代码");
	assert_messages_sane(&e);
	/* Without an error record the result is the same. */
	assert_int_equal(zf_body_validate(&b, NULL), ZF_EINVAL);
	assert_int_equal(zf_body_validate(NULL, &e), ZF_EINVAL);
}

static void body_uscc_messages(void **state)
{
	(void)state;
	struct zf_err e;
	struct zf_body b = good_body();

	b.uscc = "91350100M000100Y4Z";
	assert_int_equal(check_body(&b, &e), ZF_EINVAL);
	assert_string_equal(zf_err_field_msg(&e, "uscc"),
			    "统一社会信用代码校验位不正确，请核对后重新输入");
	assert_int_equal(e.nfields, 1);

	b.uscc = "91350100m000100y43";
	assert_int_equal(check_body(&b, &e), ZF_EINVAL);
	assert_field_mentions(&e, "uscc", "大写字母");

	b.uscc = "91350100M000100Y4";
	assert_int_equal(check_body(&b, &e), ZF_EINVAL);
	assert_field_mentions(&e, "uscc", "18位");

	b.uscc = "91350100M000100I43";
	assert_int_equal(check_body(&b, &e), ZF_EINVAL);
	assert_field_mentions(&e, "uscc", "不含I、O、S、V、Z");
}

/* Every field wrong at once: each is reported under its own name. */
static void body_all_problems(void **state)
{
	(void)state;
	static char longname[ZF_NAME_MAX * 3 + 8], longtext[ZF_TEXT_MAX * 3 + 8];
	struct zf_err e;
	struct zf_body b = {
		.name = repeat(longname, sizeof(longname), "局", ZF_NAME_MAX + 1),
		.uscc = "91350100M000100Y4Z", .legal_basis = "依据\xff",
		.duties = repeat(longtext, sizeof(longtext), "职", ZF_TEXT_MAX + 1),
		.powers = "处罚\x01", .address = "人民路\n1号", .phone = "电话12345",
		.supervision = "\xc0\xaf", .remedy = "复议\x7f", .state = ZF_BODY_SUSPENDED,
		.state_date = "2026-02-30", .state_reason = "整改\n中",
	};
	assert_int_equal(check_body(&b, &e), ZF_EINVAL);
	static const char *const fields[] = {
		"name", "uscc", "legal_basis", "duties", "powers", "address", "phone",
		"supervision", "remedy", "state_date", "state_reason",
	};
	assert_int_equal(e.nfields, (int)(sizeof(fields) / sizeof(fields[0])));
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		assert_string_equal(e.fields[i].field, fields[i]);
	assert_null(zf_err_field_msg(&e, "state"));
	assert_field_mentions(&e, "name", "100");
	assert_field_mentions(&e, "duties", "4000");
	assert_field_mentions(&e, "address", "换行");
	assert_field_mentions(&e, "phone", "联系电话");
	assert_field_mentions(&e, "state_date", "2026-03-05");
	assert_messages_sane(&e);
}

static void body_limits(void **state)
{
	(void)state;
	static char name[ZF_NAME_MAX * 3 + 8], text[ZF_TEXT_MAX * 3 + 8], shortt[ZF_SHORT_MAX * 3 + 8];
	struct zf_err e;
	struct zf_body b = good_body();
	b.name = repeat(name, sizeof(name), "局", ZF_NAME_MAX);
	b.duties = repeat(text, sizeof(text), "职", ZF_TEXT_MAX);
	b.address = repeat(shortt, sizeof(shortt), "址", ZF_SHORT_MAX);
	assert_int_equal(check_body(&b, &e), 0);
	b.address = repeat(shortt, sizeof(shortt), "址", ZF_SHORT_MAX + 1);
	assert_int_equal(check_body(&b, &e), ZF_EINVAL);
	assert_int_equal(e.nfields, 1);
	assert_field_mentions(&e, "address", "200");
}

static void body_phone(void **state)
{
	(void)state;
	static const char *const good[] = {
		"0591-87654321", "(0591) 8765 4321", "+86 591 8765432", "12345",
		"1234567890123456789012345678901234567890", /* 40 */
	};
	static const char *const bad[] = {
		"1234", "12345678901234567890123456789012345678901", "0591—87654321",
		"0591_87654321", "电话87654321", "0591-8765\n4321", "０５９１８７６５",
	};
	struct zf_err e;
	struct zf_body b = good_body();
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		b.phone = good[i];
		if (check_body(&b, &e))
			fail_msg("phone \"%s\" refused", good[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b.phone = bad[i];
		if (check_body(&b, &e) != ZF_EINVAL || !zf_err_field_msg(&e, "phone"))
			fail_msg("phone \"%s\" accepted", bad[i]);
		assert_int_equal(e.nfields, 1);
	}
}

static void body_state_rules(void **state)
{
	(void)state;
	struct zf_err e;
	struct zf_body b = good_body();

	b.state = ZF_BODY_SUSPENDED;
	assert_int_equal(check_body(&b, &e), ZF_EINVAL);
	assert_int_equal(e.nfields, 2);
	assert_field_mentions(&e, "state_date", "已暂停");
	assert_field_mentions(&e, "state_reason", "已暂停");

	b.state_date = "2026-03-01";
	b.state_reason = "机构改革，职责划转";
	assert_int_equal(check_body(&b, &e), 0);

	/* Reinstated: the date and reason may stay, and must still be sound. */
	b.state = ZF_BODY_ACTIVE;
	assert_int_equal(check_body(&b, &e), 0);
	b.state_date = "2026/03/01";
	assert_int_equal(check_body(&b, &e), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&e, "state_date"));

	const int unknown[] = {0, 3, -1, 100};
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		b = good_body();
		b.state = unknown[i];
		assert_int_equal(check_body(&b, &e), ZF_EINVAL);
		assert_int_equal(e.nfields, 1);
		assert_field_mentions(&e, "state", "状态");
	}
}

/* ---- officers ---------------------------------------------------------- */

static void officer_good(void **state)
{
	(void)state;
	struct zf_err e;
	struct zf_officer o = good_officer();
	assert_int_equal(check_officer(&o, &e), 0);
	assert_int_equal(e.nfields, 0);
	o.valid_to = o.valid_from; /* a one-day certificate */
	o.legal_qual = 1;
	o.review_since = "2020-05-01";
	o.domains = NULL;
	assert_int_equal(check_officer(&o, &e), 0);
	assert_int_equal(e.nfields, 0);
}

static void officer_required(void **state)
{
	(void)state;
	struct zf_err e;
	struct zf_officer o = {.state = ZF_CERT_VALID, .cert_no = "", .issuer = "  "};
	assert_int_equal(check_officer(&o, &e), ZF_EINVAL);
	static const char *const fields[] = {"body_id", "name", "cert_no", "issuer", "valid_from", "valid_to"};
	assert_int_equal(e.nfields, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(e.fields[i].field, fields[i]);
	assert_field_mentions(&e, "body_id", "执法主体");
	assert_field_mentions(&e, "name", "姓名");
	assert_field_mentions(&e, "cert_no", "执法证号");
	assert_field_mentions(&e, "issuer", "发证机关");
	assert_field_mentions(&e, "valid_from", "有效期起始日期");
	assert_field_mentions(&e, "valid_to", "有效期截止日期");
	assert_messages_sane(&e);
	o.body_id = -5;
	assert_int_equal(zf_officer_validate(&o, NULL), ZF_EINVAL);
	assert_int_equal(zf_officer_validate(NULL, &e), ZF_EINVAL);
}

static void officer_all_problems(void **state)
{
	(void)state;
	static char name[ZF_NAME_MAX * 3 + 8], issuer[ZF_SHORT_MAX * 3 + 8];
	struct zf_err e;
	struct zf_officer o = {
		.body_id = 0, .name = repeat(name, sizeof(name), "张", ZF_NAME_MAX + 1),
		.cert_no = "zf-001", .issuer = repeat(issuer, sizeof(issuer), "省", ZF_SHORT_MAX + 1),
		.domains = "市容\n规划", .valid_from = "2024-13-01", .valid_to = "2026-2-1", .state = 9,
		.state_date = "昨天", .state_reason = "原因\t说明", .legal_qual = 2,
		.review_since = "2020-02-30",
	};
	assert_int_equal(check_officer(&o, &e), ZF_EINVAL);
	static const char *const fields[] = {
		"body_id", "name", "cert_no", "issuer", "domains", "valid_from", "valid_to",
		"state", "state_date", "state_reason", "legal_qual", "review_since",
	};
	assert_int_equal(e.nfields, 12);
	for (size_t i = 0; i < 12; i++)
		assert_string_equal(e.fields[i].field, fields[i]);
	assert_field_mentions(&e, "cert_no", "大写字母");
	assert_field_mentions(&e, "review_since", "从事法制审核工作起始日期");
	assert_messages_sane(&e);
}

static void officer_cert_no(void **state)
{
	(void)state;
	static const char *const good[] = {
		"ABCD", "1234", "ZF-0001", "35010012345678",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ-01234", /* 32 */
	};
	static const char *const bad[] = {
		"ABC", "abcd", "ZF-0001 ", " ZF-0001", "ZF_0001", "ZF 0001", "ＺＦ0001",
		"执法0001", "ABCDEFGHIJKLMNOPQRSTUVWXYZ-012345", /* 33 */ "ZF-000１",
	};
	struct zf_err e;
	struct zf_officer o = good_officer();
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		o.cert_no = good[i];
		if (check_officer(&o, &e))
			fail_msg("certificate number \"%s\" refused", good[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.cert_no = bad[i];
		if (check_officer(&o, &e) != ZF_EINVAL || e.nfields != 1 ||
		    !zf_err_field_msg(&e, "cert_no"))
			fail_msg("certificate number \"%s\" accepted", bad[i]);
	}
}

static void officer_dates(void **state)
{
	(void)state;
	struct zf_err e;
	struct zf_officer o = good_officer();

	o.valid_from = "2027-01-01";
	assert_int_equal(check_officer(&o, &e), ZF_EINVAL);
	assert_int_equal(e.nfields, 1);
	assert_field_mentions(&e, "valid_to", "不能早于");

	o.valid_from = "2024-02-29";
	o.valid_to = "2025-02-29";
	assert_int_equal(check_officer(&o, &e), ZF_EINVAL);
	assert_int_equal(e.nfields, 1);
	assert_non_null(zf_err_field_msg(&e, "valid_to"));

	o.valid_to = "2025-02-28";
	assert_int_equal(check_officer(&o, &e), 0);

	o.review_since = "2020-1-1";
	assert_int_equal(check_officer(&o, &e), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&e, "review_since"));
}

static void officer_state_rules(void **state)
{
	(void)state;
	const int states[] = {ZF_CERT_SUSPENDED, ZF_CERT_CANCELLED, ZF_CERT_REVOKED};
	const char *const labels[] = {"暂扣", "注销", "吊销"};
	struct zf_err e;
	for (size_t i = 0; i < 3; i++) {
		struct zf_officer o = good_officer();
		o.state = states[i];
		assert_int_equal(check_officer(&o, &e), ZF_EINVAL);
		assert_int_equal(e.nfields, 2);
		assert_field_mentions(&e, "state_date", labels[i]);
		assert_field_mentions(&e, "state_reason", labels[i]);
		o.state_date = "2026-03-01";
		assert_int_equal(check_officer(&o, &e), ZF_EINVAL);
		assert_int_equal(e.nfields, 1);
		assert_non_null(zf_err_field_msg(&e, "state_reason"));
		o.state_reason = "调离执法岗位";
		assert_int_equal(check_officer(&o, &e), 0);
	}
	struct zf_officer o = good_officer();
	o.state = 0;
	assert_int_equal(check_officer(&o, &e), ZF_EINVAL);
	assert_int_equal(e.nfields, 1);
	assert_non_null(zf_err_field_msg(&e, "state"));
	o.state = 5;
	assert_int_equal(zf_officer_validate(&o, NULL), ZF_EINVAL);
}

/* ---- verdicts ---------------------------------------------------------- */

static struct zf_date day(const char *s)
{
	struct zf_date d;
	assert_int_equal(zf_date_parse(s, &d), 0);
	return d;
}

static void verdict_dates(void **state)
{
	(void)state;
	struct zf_officer o = good_officer(); /* 2024-01-01 .. 2026-12-31 */
	assert_int_equal(zf_cert_verdict(&o, day("2023-12-31")), ZF_VERDICT_NOT_YET);
	assert_int_equal(zf_cert_verdict(&o, day("2024-01-01")), ZF_VERDICT_VALID);
	assert_int_equal(zf_cert_verdict(&o, day("2025-06-15")), ZF_VERDICT_VALID);
	assert_int_equal(zf_cert_verdict(&o, day("2026-12-31")), ZF_VERDICT_VALID);
	assert_int_equal(zf_cert_verdict(&o, day("2027-01-01")), ZF_VERDICT_EXPIRED);
	assert_int_equal(zf_cert_verdict(&o, day("2099-01-01")), ZF_VERDICT_EXPIRED);
}

/* The last valid day ends at midnight Beijing time, 16:00 UTC. */
static void verdict_clock_boundary(void **state)
{
	(void)state;
	struct zf_officer o = good_officer();
	struct zf_clock c = {.fixed = 1798732799}; /* 2026-12-31T15:59:59Z */
	assert_int_equal(zf_cert_verdict(&o, zf_clock_today(&c)), ZF_VERDICT_VALID);
	c.fixed = 1798732800; /* 2026-12-31T16:00:00Z = 2027-01-01 00:00 Beijing */
	assert_int_equal(zf_cert_verdict(&o, zf_clock_today(&c)), ZF_VERDICT_EXPIRED);
}

static void verdict_state_wins(void **state)
{
	(void)state;
	struct zf_officer o = good_officer();
	struct zf_date inside = day("2025-01-01"), after = day("2030-01-01"), before = day("2020-01-01");
	o.state = ZF_CERT_SUSPENDED;
	assert_int_equal(zf_cert_verdict(&o, inside), ZF_VERDICT_SUSPENDED);
	assert_int_equal(zf_cert_verdict(&o, after), ZF_VERDICT_SUSPENDED);
	o.state = ZF_CERT_CANCELLED;
	assert_int_equal(zf_cert_verdict(&o, before), ZF_VERDICT_CANCELLED);
	assert_int_equal(zf_cert_verdict(&o, inside), ZF_VERDICT_CANCELLED);
	o.state = ZF_CERT_REVOKED;
	assert_int_equal(zf_cert_verdict(&o, after), ZF_VERDICT_REVOKED);
	assert_int_equal(zf_cert_verdict(&o, inside), ZF_VERDICT_REVOKED);
}

/* A suspended body makes every certificate of it not valid; 注销 and 吊销
 * still say what happened to the certificate itself. */
static void verdict_body_suspended(void **state)
{
	(void)state;
	struct zf_officer o = good_officer();
	struct zf_date inside = day("2025-01-01");
	o.body_suspended = 1;
	assert_int_equal(zf_cert_verdict(&o, inside), ZF_VERDICT_BODY_SUSPENDED);
	o.state = ZF_CERT_SUSPENDED;
	assert_int_equal(zf_cert_verdict(&o, inside), ZF_VERDICT_BODY_SUSPENDED);
	o.state = ZF_CERT_REVOKED;
	assert_int_equal(zf_cert_verdict(&o, inside), ZF_VERDICT_REVOKED);
}

/* Expiring: valid today and ending within the horizon, the last day included. */
static void expiring(void **state)
{
	(void)state;
	struct zf_officer o = good_officer();
	struct zf_date to;
	assert_int_equal(zf_date_parse(o.valid_to, &to), 0);
	struct zf_date d60 = zf_date_from_days(zf_date_days(to) - 60);
	struct zf_date d61 = zf_date_from_days(zf_date_days(to) - 61);
	assert_int_equal(zf_cert_expiring(&o, d60, 60), 1);
	assert_int_equal(zf_cert_expiring(&o, d61, 60), 0);
	assert_int_equal(zf_cert_expiring(&o, to, 60), 1);
	assert_int_equal(zf_cert_expiring(&o, zf_date_from_days(zf_date_days(to) + 1), 60), 0);
	o.state = ZF_CERT_SUSPENDED;
	assert_int_equal(zf_cert_expiring(&o, d60, 60), 0);
}

/* 注销 and 吊销 are final; 暂扣 can end. */
static void state_changes(void **state)
{
	(void)state;
	struct zf_err err = {0};
	assert_int_equal(zf_cert_state_change(ZF_CERT_VALID, ZF_CERT_REVOKED, &err), 0);
	assert_int_equal(zf_cert_state_change(ZF_CERT_SUSPENDED, ZF_CERT_VALID, &err), 0);
	assert_int_equal(zf_cert_state_change(ZF_CERT_REVOKED, ZF_CERT_REVOKED, &err), 0);
	assert_int_equal(err.nfields, 0);
	assert_int_equal(zf_cert_state_change(ZF_CERT_REVOKED, ZF_CERT_VALID, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "state"), "吊销"));
	zf_err_clear(&err);
	assert_int_equal(zf_cert_state_change(ZF_CERT_CANCELLED, ZF_CERT_SUSPENDED, &err), ZF_EINVAL);
	assert_non_null(strstr(zf_err_field_msg(&err, "state"), "注销"));
}

/* Unreadable dates never give 有效. */
static void verdict_fails_closed(void **state)
{
	(void)state;
	struct zf_officer o = good_officer();
	struct zf_date inside = day("2025-01-01");
	o.valid_to = NULL;
	assert_int_equal(zf_cert_verdict(&o, inside), ZF_VERDICT_EXPIRED);
	o.valid_to = "2026-02-30";
	assert_int_equal(zf_cert_verdict(&o, inside), ZF_VERDICT_EXPIRED);
	o = good_officer();
	o.valid_from = "";
	assert_int_equal(zf_cert_verdict(&o, inside), ZF_VERDICT_NOT_YET);
	assert_int_equal(zf_cert_verdict(NULL, inside), 0);
}

static void verdict_words(void **state)
{
	(void)state;
	static const struct { int v; const char *label, *word; } t[] = {
		{ZF_VERDICT_VALID, "有效", "valid"},
		{ZF_VERDICT_EXPIRED, "已过期", "expired"},
		{ZF_VERDICT_NOT_YET, "尚未生效", "not_yet_valid"},
		{ZF_VERDICT_SUSPENDED, "暂扣", "suspended"},
		{ZF_VERDICT_CANCELLED, "已注销", "cancelled"},
		{ZF_VERDICT_REVOKED, "已吊销", "revoked"},
		{ZF_VERDICT_BODY_SUSPENDED, "执法主体已暂停执法", "body_suspended"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_string_equal(zf_cert_verdict_label(t[i].v), t[i].label);
		assert_string_equal(zf_cert_verdict_word(t[i].v), t[i].word);
	}
	assert_string_equal(zf_cert_verdict_label(0), "");
	assert_string_equal(zf_cert_verdict_label(8), "");
	assert_string_equal(zf_cert_verdict_word(-1), "");
	assert_string_equal(zf_cert_verdict_word(99), "");
}

static void state_words(void **state)
{
	(void)state;
	static const struct { int s; const char *word, *label, *digit; } c[] = {
		{ZF_CERT_VALID, "valid", "有效", "1"},
		{ZF_CERT_SUSPENDED, "suspended", "暂扣", "2"},
		{ZF_CERT_CANCELLED, "cancelled", "注销", "3"},
		{ZF_CERT_REVOKED, "revoked", "吊销", "4"},
	};
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(zf_cert_state_word(c[i].s), c[i].word);
		assert_string_equal(zf_cert_state_label(c[i].s), c[i].label);
		assert_int_equal(zf_cert_state_parse(c[i].word), c[i].s);
		assert_int_equal(zf_cert_state_parse(c[i].label), c[i].s);
		assert_int_equal(zf_cert_state_parse(c[i].digit), c[i].s);
	}
	static const char *const unknown[] = {"", "0", "5", "VALID", "有效 ", "已吊销", "expired", "active"};
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		assert_int_equal(zf_cert_state_parse(unknown[i]), 0);
	assert_int_equal(zf_cert_state_parse(NULL), 0);
	assert_string_equal(zf_cert_state_word(0), "");
	assert_string_equal(zf_cert_state_label(5), "");

	assert_string_equal(zf_body_state_word(ZF_BODY_ACTIVE), "active");
	assert_string_equal(zf_body_state_word(ZF_BODY_SUSPENDED), "suspended");
	assert_string_equal(zf_body_state_label(ZF_BODY_ACTIVE), "正常");
	assert_string_equal(zf_body_state_label(ZF_BODY_SUSPENDED), "已暂停");
	assert_string_equal(zf_body_state_label(3), "");
	assert_int_equal(zf_body_state_parse("active"), ZF_BODY_ACTIVE);
	assert_int_equal(zf_body_state_parse("正常"), ZF_BODY_ACTIVE);
	assert_int_equal(zf_body_state_parse("suspended"), ZF_BODY_SUSPENDED);
	assert_int_equal(zf_body_state_parse("已暂停"), ZF_BODY_SUSPENDED);
	assert_int_equal(zf_body_state_parse("valid"), 0);
	assert_int_equal(zf_body_state_parse("3"), 0);
	assert_int_equal(zf_body_state_parse(NULL), 0);
}

/* ---- certificate numbers ----------------------------------------------- */

static void cert_no_normalize(void **state)
{
	(void)state;
	static const struct { const char *in, *out; } good[] = {
		{"ZF-0001", "ZF-0001"},
		{"zf-0001", "ZF-0001"},
		{"  zf-0001\t\n", "ZF-0001"},
		{"\xe3\x80\x80ＺＦ－１２３４５\xe3\x80\x80", "ZF-12345"},
		{"ｚｆ０００１", "ZF0001"},
		{"Ａｂ12", "AB12"},
		{"abcdefghijklmnopqrstuvwxyz-01234", "ABCDEFGHIJKLMNOPQRSTUVWXYZ-01234"},
	};
	char out[ZF_CERT_MAX * 3 + 1];
	struct zf_err e;
	struct zf_officer o = good_officer();
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		memset(out, 'x', sizeof(out));
		if (zf_cert_no_normalize(good[i].in, out, sizeof(out)))
			fail_msg("\"%s\" refused", good[i].in);
		assert_string_equal(out, good[i].out);
		/* What normalisation yields is what validation accepts. */
		o.cert_no = out;
		assert_int_equal(check_officer(&o, &e), 0);
	}
	static const char *const bad[] = {
		"", "   ", "\xe3\x80\x80", "abc", "ZF 0001", "ZF\xe3\x80\x80" "0001", "ZF_0001",
		"执法0001", "ZF—0001", "ZF\xef\xbc\x8e" "0001", /* full-width full stop */
		"abcdefghijklmnopqrstuvwxyz-012345", "ZF-0001\xff", "ZF\xef\xbc",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(out, "junk", 5);
		if (zf_cert_no_normalize(bad[i], out, sizeof(out)) != ZF_EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_string_equal(out, "");
	}
	assert_int_equal(zf_cert_no_normalize(NULL, out, sizeof(out)), ZF_EINVAL);
	assert_int_equal(zf_cert_no_normalize("ZF01", NULL, 8), ZF_EINVAL);
	/* The output must fit, terminator included. */
	assert_int_equal(zf_cert_no_normalize("zf01", out, 4), ZF_EINVAL);
	assert_int_equal(zf_cert_no_normalize("zf01", out, 5), 0);
	assert_string_equal(out, "ZF01");
}

/* ---- roles ------------------------------------------------------------- */

/* The access matrix, written out in full: rows are roles, columns are
 * PUBLIC, WORKBENCH, REGISTRY_READ, REGISTRY_WRITE, ACCOUNT_ADMIN,
 * TOKEN_ADMIN, AUDIT_READ, SETTINGS, CASE_READ, CASE_WRITE, CASE_SETTINGS,
 * EVIDENCE_WRITE, EVIDENCE_READ, REVIEW. */
static const int matrix[ZF_ROLE_COUNT][ZF_PERM_COUNT] = {
	[ZF_ROLE_NONE] =       {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	[ZF_ROLE_OFFICER] =    {1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0},
	[ZF_ROLE_REVIEWER] =   {1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1},
	[ZF_ROLE_LEADER] =     {1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1},
	[ZF_ROLE_SUPERVISOR] = {1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1},
	[ZF_ROLE_PUBLISHER] =  {1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0},
	[ZF_ROLE_REGISTRAR] =  {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	[ZF_ROLE_SYSADMIN] =   {1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0},
	[ZF_ROLE_SECADMIN] =   {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0},
	[ZF_ROLE_AUDITOR] =    {1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0},
};

static void role_matrix(void **state)
{
	(void)state;
	for (int r = 0; r < ZF_ROLE_COUNT; r++)
		for (int p = 0; p < ZF_PERM_COUNT; p++)
			if (zf_role_allows(r, p) != matrix[r][p])
				fail_msg("role %d perm %d: got %d", r, p, zf_role_allows(r, p));
	/* Unknown roles and permissions are denied. */
	const int odd[] = {-1, ZF_ROLE_COUNT, ZF_ROLE_COUNT + 1, 1000, -1000};
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		for (int p = 0; p < ZF_PERM_COUNT; p++)
			assert_int_equal(zf_role_allows(odd[i], p), 0);
	for (int r = 0; r < ZF_ROLE_COUNT; r++) {
		assert_int_equal(zf_role_allows(r, -1), 0);
		assert_int_equal(zf_role_allows(r, ZF_PERM_COUNT), 0);
		assert_int_equal(zf_role_allows(r, 31), 0);
	}
}

static void role_scope(void **state)
{
	(void)state;
	/*                          NONE OFF REV LEA SUP PUB REG SYS SEC AUD */
	const int admin[ZF_ROLE_COUNT] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
	const int all[ZF_ROLE_COUNT] = {0, 0, 0, 0, 1, 0, 0, 1, 1, 1};
	for (int r = 0; r < ZF_ROLE_COUNT; r++) {
		assert_int_equal(zf_role_is_admin(r), admin[r]);
		assert_int_equal(zf_role_all_bodies(r), all[r]);
	}
	assert_int_equal(zf_role_is_admin(-1), 0);
	assert_int_equal(zf_role_is_admin(ZF_ROLE_COUNT), 0);
	assert_int_equal(zf_role_all_bodies(ZF_ROLE_COUNT), 0);
}

static void role_words(void **state)
{
	(void)state;
	static const char *const words[ZF_ROLE_COUNT] = {
		NULL, "officer", "reviewer", "leader", "supervisor", "publisher",
		"registrar", "sysadmin", "secadmin", "auditor",
	};
	static const char *const labels[ZF_ROLE_COUNT] = {
		"", "执法人员", "法制审核人员", "负责人", "监督人员", "公示管理员",
		"执法主体和人员信息管理员", "系统管理员", "安全管理员", "审计管理员",
	};
	for (int r = 1; r < ZF_ROLE_COUNT; r++) {
		assert_string_equal(zf_role_word(r), words[r]);
		assert_string_equal(zf_role_label(r), labels[r]);
		assert_int_equal(zf_role_parse(words[r]), r);
	}
	assert_null(zf_role_word(ZF_ROLE_NONE));
	assert_null(zf_role_word(-1));
	assert_null(zf_role_word(ZF_ROLE_COUNT));
	assert_string_equal(zf_role_label(ZF_ROLE_COUNT), "");
	assert_string_equal(zf_role_label(-3), "");
	static const char *const unknown[] = {"", "Officer", "admin", "root", "officer ", "执法人员", "none"};
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		assert_int_equal(zf_role_parse(unknown[i]), ZF_ROLE_NONE);
	assert_int_equal(zf_role_parse(NULL), ZF_ROLE_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(body_good),
		cmocka_unit_test(body_required),
		cmocka_unit_test(body_uscc_messages),
		cmocka_unit_test(body_all_problems),
		cmocka_unit_test(body_limits),
		cmocka_unit_test(body_phone),
		cmocka_unit_test(body_state_rules),
		cmocka_unit_test(officer_good),
		cmocka_unit_test(officer_required),
		cmocka_unit_test(officer_all_problems),
		cmocka_unit_test(officer_cert_no),
		cmocka_unit_test(officer_dates),
		cmocka_unit_test(officer_state_rules),
		cmocka_unit_test(verdict_dates),
		cmocka_unit_test(verdict_clock_boundary),
		cmocka_unit_test(verdict_state_wins),
		cmocka_unit_test(verdict_fails_closed),
		cmocka_unit_test(verdict_body_suspended),
		cmocka_unit_test(state_changes),
		cmocka_unit_test(expiring),
		cmocka_unit_test(verdict_words),
		cmocka_unit_test(state_words),
		cmocka_unit_test(cert_no_normalize),
		cmocka_unit_test(role_matrix),
		cmocka_unit_test(role_scope),
		cmocka_unit_test(role_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
