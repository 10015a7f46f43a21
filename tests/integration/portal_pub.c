/* Integration tests of the published decisions and inspection results on the portal: lists, items, the exact bytes the log commits to, ended items, correction requests, share tags, cache headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "app/app.h"
#include "app/publication.h"
#include "core/ngram.h"
#include "core/role.h"
#include "ledger/entry.h"
#include "util/arena.h"

#define PUBLIC_URL "https://xzzf.example.gov.cn"
#define TEXT "陵川县市场监督管理局\n行政处罚决定书\n当事人：陵川县某某商贸有限公司\n违法事实：销售过期食品。\n处罚决定：罚款人民币五千元。\n"
#define TITLE "销售过期食品案"
#define PARTY "陵川县某某商贸有限公司"
#define DOCNO "陵市监罚〔2026〕12号"
#define SALT "5f0c1e2d3b4a59687766554433221100ffeeddccbbaa99887766554433221100"
#define ENDED_REASON "该处罚决定已被行政复议机关撤销"

/* The demo server and what setup published (directly in the database: the
 * publisher's use case belongs to the publication core). */
struct fix {
	struct demo d;
	long pub, ended, insp, hist, leaf;
	char commit[65];
};

/* Inserts publication NAME-d row: KIND, STATE, title, text, salt, history id. */
static long insert_pub(struct demo *d, const char *kind, const char *state, const char *title,
		       const char *decided, const char *text, const char *salt, const char *hist,
		       const char *reason)
{
	return db_scalar_args(&d->s,
			      "INSERT INTO publication (body_id, kind, case_id, state, title, party_name, doc_number, "
			      "violation, decided_on, due_on, period_end, text, salt, drafted_at, published_at, "
			      "ended_at, end_reason, history_id) VALUES (1, ?, (SELECT min(id) FROM cases), ?, ?, ?, ?, "
			      "'销售过期食品', ?, '2026-03-11', '2029-03-04', ?, ?, 1772692200, 1772692200, ?, ?, ?) RETURNING id",
			      kind, state, title, PARTY, DOCNO, decided, text, salt,
			      strcmp(state, "published") ? "1773000000" : "0", reason, hist, NULL);
}

static int setup(struct demo *d)
{
	struct fix *f = (struct fix *)d;
	char entry[512], hist[24], like[64];

	if (zf_entry_commit(SALT, TEXT, strlen(TEXT), f->commit))
		return -1;
	f->hist = db_scalar_args(&d->s,
				 "INSERT INTO history (at, entity, entity_id, action, after_json, salt) VALUES "
				 "(1772692200, 'publication', 0, 'publication_publish', ?, ?) RETURNING id",
				 TEXT, SALT, NULL);
	if (f->hist < 0)
		return -1;
	snprintf(hist, sizeof(hist), "%ld", f->hist);
	snprintf(entry, sizeof(entry),
		 "zhifa-entry/v1\ntype publication_publish\ntime 2026-03-05T06:30:00Z\nactor 0000000000000000\n"
		 "record history:%ld\ncommit %s\n", f->hist, f->commit);
	if (db_exec_args(&d->s, "INSERT INTO log_pending (created_at, entry) VALUES (1772692200, ?)", entry, NULL))
		return -1;
	f->pub = insert_pub(d, "decision", "published", TITLE, "2026-03-02", TEXT, SALT, hist, "");
	f->ended = insert_pub(d, "decision", "withdrawn", "已撤销的处罚案", "2026-02-02", "", "", "0", ENDED_REASON);
	f->insp = insert_pub(d, "inspection", "published", "食品经营场所检查结果", "2026-03-03", "检查结果：未发现问题。\n",
			     SALT, "0", "");
	if (f->pub < 0 || f->ended < 0 || f->insp < 0)
		return -1;
	/* The search index, as the publisher's use case writes it. */
	{
		struct zf_arena *a = zf_arena_new(0);
		const char **grams = NULL;
		size_t ng = 0;
		char id[24];
		snprintf(id, sizeof(id), "%ld", f->pub);
		if (!a || zf_ngram_index(a, TITLE " " PARTY " " TEXT, &grams, &ng))
			return -1;
		for (size_t i = 0; i < ng; i++)
			if (db_exec_args(&d->s, "INSERT INTO publication_gram (gram, publication_id) VALUES (?, ?)",
					 grams[i], id, NULL))
				return -1;
		zf_arena_free(a);
	}
	/* The server's sequencer integrates the entry within a second. */
	snprintf(like, sizeof(like), "%%record history:%ld\n%%", f->hist);
	for (int i = 0; i < 100; i++) {
		char idx[24];
		f->leaf = db_scalar_args(&d->s, "SELECT coalesce(max(idx), -1) FROM log_leaf WHERE entry LIKE ?", like, NULL);
		snprintf(idx, sizeof(idx), "%ld", f->leaf);
		if (f->leaf >= 0 && db_scalar_args(&d->s, "SELECT count(*) FROM log_checkpoint WHERE size > ?", idx, NULL) > 0)
			return 0;
		usleep(100 * 1000);
	}
	fprintf(stderr, "the publication's entry was not logged\n");
	return -1;
}

static void header_is(const struct resp *r, const char *name, const char *want)
{
	char v[256];
	assert_non_null(resp_header(r, name, v, sizeof(v)));
	assert_string_equal(v, want);
}

static void test_list(void **state)
{
	struct fix *f = *state;
	struct resp r;
	char link[64], ended[64], insp[64];
	snprintf(link, sizeof(link), "href=\"/decisions/%ld\"", f->pub);
	snprintf(ended, sizeof(ended), "href=\"/decisions/%ld\"", f->ended);
	snprintf(insp, sizeof(insp), "/inspections/%ld\"", f->insp);
	demo_get(&f->d, "/decisions", 200, &r, "行政处罚决定公示", TITLE, PARTY, DOCNO, link, NULL);
	header_is(&r, "Cache-Control", "public, max-age=60");
	assert_lacks(r.body, ended); /* ended items leave the list */
	assert_lacks(r.body, insp);
	assert_lacks(r.body, "罚款人民币五千元"); /* lists carry no text */
	resp_free(&r);
	demo_get(&f->d, "/inspections", 200, &r, "食品经营场所检查结果", insp, NULL);
	assert_lacks(r.body, link);
	resp_free(&r);
}

static void test_list_filters(void **state)
{
	struct fix *f = *state;
	struct resp r;
	/* party name, 文号, body, date range; %E6%9F%90%E6%9F%90 = 某某 */
	demo_get(&f->d, "/decisions?party=%E6%9F%90%E6%9F%90", 200, &r, TITLE, NULL);
	resp_free(&r);
	demo_get(&f->d, "/decisions?party=%E4%B8%8D%E5%AD%98%E5%9C%A8", 200, &r, "没有符合条件的", NULL);
	assert_lacks(r.body, TITLE);
	resp_free(&r);
	demo_get(&f->d, "/decisions?from=2026-03-01&to=2026-03-31&body=1", 200, &r, TITLE, NULL);
	resp_free(&r);
	demo_get(&f->d, "/decisions?from=2099-01-01", 200, &r, "没有符合条件的", NULL);
	resp_free(&r);
	demo_get(&f->d, "/decisions?body=2", 200, &r, "没有符合条件的", NULL);
	resp_free(&r);
	demo_get(&f->d, "/decisions?q=%E8%BF%87%E6%9C%9F", 200, &r, TITLE, NULL); /* 过期 */
	resp_free(&r);
	demo_get(&f->d, "/decisions?from=2026-13-01", 400, NULL, "起始日期", NULL);
	/* the further filters are folded away unless one is in use */
	struct resp fr;
	demo_get(&f->d, "/decisions", 200, &fr, "<details class=\"more-filters\">", NULL);
	resp_free(&fr);
	demo_get(&f->d, "/decisions?party=%E6%9F%90", 200, NULL, "<details class=\"more-filters\" open>", NULL);
}

static void test_item(void **state)
{
	struct fix *f = *state;
	struct resp r;
	char path[64], og[160], salt[96], idx[64];
	snprintf(path, sizeof(path), "/decisions/%ld", f->pub);
	snprintf(og, sizeof(og), "<meta property=\"og:url\" content=\"" PUBLIC_URL "/decisions/%ld\">", f->pub);
	snprintf(salt, sizeof(salt), "data-salt=\"%s\"", SALT);
	snprintf(idx, sizeof(idx), "data-log-index=\"%ld\"", f->leaf);
	demo_get(&f->d, path, 200, &r, TITLE, "陵川生态文化旅游示范区综合执法局", DOCNO, PARTY, "2026年3月2日",
		 "公示期限至", "2029年3月4日", "罚款人民币五千元", salt, idx, f->commit,
		 "<meta property=\"og:title\" content=\"" TITLE "\">", "<meta property=\"og:description\"", og,
		 "/qr.svg\"", "/correction\"", "src=\"/static/verify.js\"", "zhifa log prove", NULL);
	header_is(&r, "Cache-Control", "public, max-age=300");
	resp_free(&r);
	snprintf(path, sizeof(path), "/decisions/%ld/qr.svg", f->pub);
	demo_get(&f->d, path, 200, NULL, "<svg", NULL);
	/* an inspection is not a decision */
	snprintf(path, sizeof(path), "/decisions/%ld", f->insp);
	demo_get(&f->d, path, 404, NULL, NULL);
	snprintf(path, sizeof(path), "/inspections/%ld", f->insp);
	demo_get(&f->d, path, 200, NULL, "检查结果：未发现问题。", NULL);
}

static void test_exact_bytes(void **state)
{
	struct fix *f = *state;
	struct resp r, p;
	char path[64], etag[80], commit[65], line[96];
	snprintf(path, sizeof(path), "/decisions/%ld/text", f->pub);
	assert_int_equal(client_get(&f->d.cl, path, &r), 0);
	assert_int_equal(r.status, 200);
	header_is(&r, "Content-Type", "text/plain; charset=utf-8");
	/* the bytes are the database's text, verbatim */
	assert_int_equal(r.len, strlen(TEXT));
	assert_memory_equal(r.body, TEXT, r.len);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM publication WHERE title = '" TITLE "' AND text = '" TEXT "'"), 1);
	/* and hash to what the log entry commits to */
	assert_int_equal(zf_entry_commit(SALT, r.body, r.len, commit), 0);
	assert_string_equal(commit, f->commit);
	snprintf(etag, sizeof(etag), "\"%s\"", commit);
	header_is(&r, "ETag", etag);
	snprintf(path, sizeof(path), "/log/proof/%ld", f->leaf);
	assert_int_equal(client_get(&f->d.cl, path, &p), 0);
	assert_int_equal(p.status, 200);
	snprintf(line, sizeof(line), "%%\ncommit %s\n", commit);
	{
		char idx[24];
		snprintf(idx, sizeof(idx), "%ld", f->leaf);
		assert_int_equal(db_scalar_args(&f->d.s, "SELECT count(*) FROM log_leaf WHERE idx = ? AND entry LIKE ?",
						idx, line, NULL), 1);
		snprintf(line, sizeof(line), "%%\nrecord history:%ld\n%%", f->hist);
		assert_int_equal(db_scalar_args(&f->d.s, "SELECT count(*) FROM log_leaf WHERE idx = ? AND entry LIKE ?",
						idx, line, NULL), 1);
	}
	assert_has(p.body, "c2sp.org/tlog-proof@v1\nextra ");
	resp_free(&p);
	resp_free(&r);
	/* a conditional request with the commitment as ETag */
	snprintf(path, sizeof(path), "/decisions/%ld/text", f->pub);
	char req[512], answer[2048];
	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: %s\r\nConnection: close\r\n\r\n",
		 path, etag);
	assert_int_equal(raw_http(&f->d.s, req, answer, sizeof(answer)), 304);
}

/* A publisher of body 1 for the in-process use cases. */
static struct zf_actor publisher(struct fix *f)
{
	struct zf_actor a = {.role = ZF_ROLE_PUBLISHER, .body_id = 1};
	a.account_id = scalar(&f->d, "SELECT id FROM account WHERE login = 'publisher1'");
	snprintf(a.login, sizeof(a.login), "publisher1");
	return a;
}

/* The application on the server's database, in-process (pending log entries
 * it appends are integrated by the server's sequencer). */
static struct zf_app *open_app(struct fix *f, const char *name)
{
	struct zf_app *app = NULL;
	struct zf_err err = {0};
	char dir[300];
	snprintf(dir, sizeof(dir), "%s/%s", f->d.s.dir, name);
	assert_int_equal(mkdir(dir, 0700), 0);
	if (zf_app_open(&app, f->d.s.db, dir, 1, &err))
		fail_msg("open: %s", err.msg);
	return app;
}

/* Published by the core's use case (not by SQL): the portal serves the bytes
 * the log entry of the publication's history row commits to. */
static void test_core_publish(void **state)
{
	struct fix *f = *state;
	struct zf_actor pubr = publisher(f);
	struct zf_err err = {0};
	struct resp r;
	char path[64], id_s[24], commit[65], line[100], salt[65];
	/* a decision document (the demo has none yet): the 告知书's data as 决定书 */
	long doc = db_scalar_args(&f->d.s,
				  "INSERT INTO case_document (case_id, step_id, body_id, doc_type, number, data_json, "
				  "issued_at) SELECT case_id, step_id, body_id, 'penalty_decision', '测罚〔2026〕1号', "
				  "replace(data_json, 'penalty_notice', 'penalty_decision'), issued_at FROM case_document "
				  "WHERE body_id = 1 AND doc_type = 'penalty_notice' "
				  "ORDER BY id LIMIT 1 RETURNING id", NULL);
	assert_true(doc > 0);
	char doc_s[24];
	snprintf(doc_s, sizeof(doc_s), "%ld", doc);
	long id = db_scalar_args(&f->d.s,
				 "INSERT INTO publication (body_id, kind, case_id, doc_id, state, title, party_name, "
				 "doc_number, violation, decided_on, due_on, text, drafted_at) SELECT 1, 'decision', "
				 "case_id, id, 'draft', '核心公开测试案', '测试当事人', '测罚〔2026〕1号', '测试', '2026-03-02', "
				 "'2026-03-11', ?, 1772692200 FROM case_document WHERE id = ? RETURNING id",
				 "测试公示文本：罚款人民币一千元。\n第二行。\n", doc_s, NULL);
	assert_true(id > 0);
	struct zf_app *app = open_app(f, "publish");
	int rc = zf_app_pub_publish(app, &pubr, id, NULL, 0, &err);
	zf_app_close(app);
	if (rc)
		fail_msg("publish: %s", err.msg);
	snprintf(id_s, sizeof(id_s), "%ld", id);
	long hist = db_scalar_args(&f->d.s, "SELECT history_id FROM publication WHERE id = ?", id_s, NULL);
	assert_true(hist > 0);
	snprintf(line, sizeof(line), "%%\nrecord history:%ld\n%%", hist);
	long leaf = -1;
	for (int i = 0; i < 100 && leaf < 0; i++, usleep(100 * 1000))
		leaf = db_scalar_args(&f->d.s, "SELECT coalesce(max(idx), -1) FROM log_leaf WHERE entry LIKE ?", line, NULL);
	assert_true(leaf >= 0);
	snprintf(path, sizeof(path), "/decisions/%ld/text", id);
	assert_int_equal(client_get(&f->d.cl, path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(db_scalar_args(&f->d.s, "SELECT count(*) FROM publication WHERE id = ? AND text = ?", id_s,
					r.body, NULL), 1);
	/* the salt from the page's data attribute */
	struct resp page;
	snprintf(path, sizeof(path), "/decisions/%ld", id);
	demo_get(&f->d, path, 200, &page, "data-salt=\"", NULL);
	const char *sp = strstr(page.body, "data-salt=\"") + strlen("data-salt=\"");
	memcpy(salt, sp, 64);
	salt[64] = '\0';
	resp_free(&page);
	assert_int_equal(zf_entry_commit(salt, r.body, r.len, commit), 0);
	snprintf(line, sizeof(line), "%%\ncommit %s\n%%", commit);
	char leaf_s[24];
	snprintf(leaf_s, sizeof(leaf_s), "%ld", leaf);
	assert_int_equal(db_scalar_args(&f->d.s, "SELECT count(*) FROM log_leaf WHERE idx = ? AND entry LIKE ?",
					leaf_s, line, NULL), 1);
	resp_free(&r);
}

static void test_ended(void **state)
{
	struct fix *f = *state;
	struct resp r;
	char path[64];
	snprintf(path, sizeof(path), "/decisions/%ld", f->ended);
	demo_get(&f->d, path, 200, &r, "已撤回", ENDED_REASON, "原文不再公开", NULL);
	assert_lacks(r.body, "data-verify");
	assert_lacks(r.body, "pub-body");
	assert_lacks(r.body, "/correction\"");
	resp_free(&r);
	snprintf(path, sizeof(path), "/decisions/%ld/text", f->ended);
	demo_get(&f->d, path, 404, NULL, NULL);
	snprintf(path, sizeof(path), "/decisions/%ld/correction", f->ended);
	demo_get(&f->d, path, 404, NULL, NULL);
}

static void test_correction(void **state)
{
	struct fix *f = *state;
	struct resp r;
	char path[64], no[40], look[80];
	snprintf(path, sizeof(path), "/decisions/%ld/correction", f->pub);
	demo_get(&f->d, path, 200, NULL, "对公示信息提出异议", TITLE, "name=\"content\"", NULL);
	/* too short: refused naming the field, what was typed kept */
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "name", "张三", "contact", "13800000000",
					  "content", "有误", NULL), 0);
	assert_int_equal(r.status, 400);
	assert_has(r.body, "纠错内容须为10至2000字");
	assert_has(r.body, "13800000000");
	resp_free(&r);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "name", "张三", "contact", "13800000000",
					  "content", "当事人名称有误，应为陵川县某某商贸有限责任公司。", NULL), 0);
	assert_int_equal(r.status, 200);
	const char *t = strstr(r.body, "data-tracking>");
	assert_non_null(t);
	t += strlen("data-tracking>");
	size_t n = strcspn(t, "<");
	assert_true(n > 8 && n < sizeof(no));
	memcpy(no, t, n);
	no[n] = '\0';
	/* JC<year>-<6 digits>-<4 random characters, none of 0 O 1 I L> */
	assert_int_equal(n, strlen("JC2026-000001-ABCD"));
	assert_int_equal(strncmp(no, "JC", 2), 0);
	assert_int_equal(strspn(no + 2, "0123456789"), 4);
	assert_int_equal(no[6], '-');
	assert_int_equal(strspn(no + 7, "0123456789"), 6);
	assert_int_equal(no[13], '-');
	assert_int_equal(strspn(no + 14, "23456789ABCDEFGHJKMNPQRSTUVWXYZ"), 4);
	assert_has(r.body, "答复期限");
	resp_free(&r);
	/* the lookup: open, no personal data */
	snprintf(look, sizeof(look), "/corrections/%s", no);
	demo_get(&f->d, look, 200, &r, no, "办理中", "答复期限", NULL);
	assert_lacks(r.body, "张三");
	assert_lacks(r.body, "13800000000");
	resp_free(&r);
	/* nor in the history rows or the log */
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM history WHERE after_json LIKE '%张三%' "
				       "OR after_json LIKE '%13800000000%'"), 0);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM log_pending WHERE entry LIKE '%13800000000%'"), 0);
	/* The publisher answers (publication core's use case, in-process on the
	 * same database); the lookup shows the answer. */
	{
		struct zf_err err = {0};
		struct zf_actor pubr = publisher(f);
		long cid = db_scalar_args(&f->d.s, "SELECT id FROM correction_request WHERE tracking_no = ?", no, NULL);
		assert_true(cid > 0);
		struct zf_app *app = open_app(f, "answer");
		int rc = zf_app_correction_answer(app, &pubr, cid, "经核查，当事人名称已更正。", &err);
		zf_app_close(app);
		if (rc)
			fail_msg("answer: %s", err.msg);
	}
	demo_get(&f->d, look, 200, NULL, "已答复", "经核查，当事人名称已更正。", NULL);
	/* the random part typed in lower case, with spaces around: found */
	char lower[80];
	snprintf(lower, sizeof(lower), "/corrections/%%20%.14s", no);
	for (size_t i = 14; no[i]; i++)
		snprintf(lower + strlen(lower), sizeof(lower) - strlen(lower), "%c",
			 no[i] >= 'A' && no[i] <= 'Z' ? no[i] - 'A' + 'a' : no[i]);
	snprintf(lower + strlen(lower), sizeof(lower) - strlen(lower), "%%20");
	demo_get(&f->d, lower, 200, NULL, no, "已答复", NULL);
	/* the right sequence with a wrong random part: not found, like any unknown number */
	char guess[40];
	snprintf(guess, sizeof(guess), "%.14s%s", no, strcmp(no + 14, "2222") ? "2222" : "3333");
	snprintf(look, sizeof(look), "/corrections/%s", guess);
	demo_get(&f->d, look, 404, &r, "未找到该受理编号", NULL);
	assert_lacks(r.body, "经核查，当事人名称已更正。");
	resp_free(&r);
	/* the sequence alone, the old form: refused, saying the form */
	snprintf(look, sizeof(look), "/corrections/%.13s", no);
	demo_get(&f->d, look, 404, NULL, "受理编号格式不正确", "JC2026-000123-7KQM", NULL);
	demo_get(&f->d, "/corrections/JC0000000000", 404, NULL, "受理编号格式不正确", NULL);
	/* characters outside the alphabet (O, I) are malformed too */
	snprintf(look, sizeof(look), "/corrections/%.14sOOII", no);
	demo_get(&f->d, look, 404, NULL, "受理编号格式不正确", NULL);
	/* the search form redirects to the number */
	assert_int_equal(client_get(&f->d.cl, "/corrections?no=JC123", &r), 0);
	assert_int_equal(r.status, 303);
	assert_string_equal(resp_location(&r, look, sizeof(look)), "/corrections/JC123");
	resp_free(&r);
}

static void test_home_links(void **state)
{
	struct fix *f = *state;
	demo_get(&f->d, "/", 200, NULL, "href=\"/decisions\"", "href=\"/inspections\"", "href=\"/corrections\"", NULL);
}

int main(void)
{
	static const char *const extra[] = {"--public-url", PUBLIC_URL, NULL};
	struct fix f = {.d = {.extra = extra, .setup = setup}};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_filters),
		cmocka_unit_test(test_item),
		cmocka_unit_test(test_exact_bytes),
		cmocka_unit_test(test_core_publish),
		cmocka_unit_test(test_ended),
		cmocka_unit_test(test_correction),
		cmocka_unit_test(test_home_links),
	};
	return demo_run_tests(tests, &f.d);
}
