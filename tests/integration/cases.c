/* Integration tests of cases over the HTTP API: complete procedures with two officers at a fixed clock, every guard refusing with a clear message and no write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

/* The clock: Monday 11 May 2026, 09:00 in Beijing, and two weeks later, when
 * the statement period of a notice served on the first day has run out
 * (5 working days: 12-18 May on the official 2026 calendar). */
#define DAY1 "2026-05-11"
#define NOW1 "2026-05-11T01:00:00Z"
#define DAY2 "2026-05-25"
#define NOW2 "2026-05-25T01:00:00Z"

#define SIG "{\"strokes\":[[10,12,40,44,90,30]],\"w\":320,\"h\":160}"
#define ORG                                                                                 \
	"{\"kind\":\"org\",\"name\":\"陵川县云岭旅游开发有限公司\",\"uscc\":\"91140524MA0K12345C\"," \
	"\"legal_rep\":\"张云岭\",\"address\":\"陵川县示范区锡崖沟1号\",\"phone\":\"13800000001\"}"
#define PERSON                                                                              \
	"{\"kind\":\"person\",\"name\":\"李小山\",\"id_type\":\"id_card\","                    \
	"\"id_number\":\"140524198001010012\",\"address\":\"陵川县六泉乡\",\"phone\":\"13900000002\"}"
#define BODY_MAX (16 * 1024)

struct fx {
	struct demo d;           /* first: the tests' state points at it */
	char o1[128], o2[128];   /* API tokens of officer1 and officer2 */
	char leader[128];        /* leader1 */
	char reviewer[128];      /* reviewer1 */
	char publisher[128];     /* publisher1: reads cases, performs no step */
	char other[128];         /* an officer of body 3 (market regulation) */
	char reg[128];           /* registrar1, to fix the demo officers' dates */
	long of1, of2, of3;      /* officers of the bureau: officer1's, officer2's, a third */
	long expired, suspended; /* 14052400106 (expired), 14052400108 (暂扣) */
	long vt;                 /* a violation type of body 1 with a statutory range */
	long fine_min, fine_max; /* its statutory range, 分 */
	long band_min, band_max; /* its first band, 分 */
	char band[16];           /* that band's level word ("general") */
	long small_vt;           /* a violation type a summary fine fits */
	long small_fine;         /* that fine, 分: at most 100 yuan, inside the statutory range */
	long waiting;            /* a case left after its source: its clue check falls due 1 June */
};

/* Rows every write touches: a refused request leaves each count alone. */
struct counts {
	long cases, parties, steps, docs, officers, history, log, seq, versions;
};

static void counts_read(struct fx *f, struct counts *c)
{
	c->cases = scalar(&f->d, "SELECT count(*) FROM cases");
	c->parties = scalar(&f->d, "SELECT count(*) FROM party");
	c->steps = scalar(&f->d, "SELECT count(*) FROM case_step");
	c->docs = scalar(&f->d, "SELECT count(*) FROM case_document");
	c->officers = scalar(&f->d, "SELECT count(*) FROM case_officer");
	c->history = scalar(&f->d, "SELECT count(*) FROM history");
	c->log = scalar(&f->d, "SELECT (SELECT count(*) FROM log_pending) + (SELECT count(*) FROM log_leaf)");
	c->seq = scalar(&f->d, "SELECT coalesce(sum(next), 0) FROM doc_sequence");
	c->versions = scalar(&f->d, "SELECT coalesce(sum(version), 0) FROM cases");
}

static void counts_same(const struct counts *a, const struct counts *b)
{
	assert_int_equal(a->cases, b->cases);
	assert_int_equal(a->parties, b->parties);
	assert_int_equal(a->steps, b->steps);
	assert_int_equal(a->docs, b->docs);
	assert_int_equal(a->officers, b->officers);
	assert_int_equal(a->history, b->history);
	assert_int_equal(a->log, b->log);
	assert_int_equal(a->seq, b->seq);
	assert_int_equal(a->versions, b->versions);
}

/* Sends METHOD PATH with BODY (may be NULL) as TOKEN; asserts STATUS and a
 * JSON answer, which it returns (decref). */
static json_t *api(struct fx *f, const char *method, const char *path, const char *token,
		   const char *body, long status)
{
	struct resp r;
	assert_int_equal(client_json(&f->d.cl, method, path, body, token, NULL, &r), 0);
	if (r.status != status)
		fail_msg("%s %s: %ld, wanted %ld\n%.1200s\nsent: %.1500s", method, path, r.status,
			 status, r.body, body ? body : "");
	json_t *j = resp_json(&r);
	if (!j)
		fail_msg("%s %s: not JSON: %.300s", method, path, r.body);
	resp_free(&r);
	return j;
}

static long inum(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		fail_msg("no integer \"%s\"", key);
	return (long)json_integer_value(v);
}

static const char *sval(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	if (!s)
		fail_msg("no string \"%s\"", key);
	return s;
}

/* The whole view of case ID as TOKEN sees it (decref). */
static json_t *case_get(struct fx *f, const char *token, long id)
{
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/cases/%ld", id);
	return api(f, "GET", path, token, NULL, 200);
}

static long version_of(struct fx *f, long id)
{
	json_t *v = case_get(f, f->leader, id);
	long n = inum(json_object_get(v, "case"), "version");
	json_decref(v);
	return n;
}

/* {"version":VERSION,"values":VALUES} for step CODE of case ID, as a
 * request: path into PATH, body into BODY. */
static void step_request(long id, const char *code, long version, const char *values,
			 char path[96], char *body)
{
	snprintf(path, 96, "/api/v1/cases/%ld/steps/%s", id, code);
	if (snprintf(body, BODY_MAX, "{\"version\":%ld,\"values\":%s}", version, values) >= BODY_MAX)
		fail_msg("step body too long");
}

/* Step CODE of case ID at its current version with the values FMT and AP
 * format, as a request: path into PATH, body (BODY_MAX bytes) into BODY. */
/* The shipped steps whose AV rule is not "none" (src/core/procedures). */
static const char *const av_steps[] = {
	"onsite", "release", "handling", "site_inspection", "rectify_check", "inquiry",
	"site_check", "sampling", "preservation", "notice_service", "statement", "hearing",
	"renotice", "service", "service_other", "onspot",
};

/* These tests attach no audio/video (tests/integration/av_list.c does): a
 * step that needs a record gets the reason the default AV list allows,
 * added to VALUES (a JSON object, BODY_MAX bytes) unless it has one. */
static void av_reason_add(const char *code, char *values)
{
	static const char add[] = ",\"av_exception\":\"设备故障\"}";
	size_t n = strlen(values);
	int av = 0;
	for (size_t i = 0; i < sizeof(av_steps) / sizeof(av_steps[0]); i++)
		av |= strcmp(av_steps[i], code) == 0;
	if (!av || strstr(values, "av_exception") || n < 2 || values[n - 1] != '}')
		return;
	if (n - 1 + sizeof(add) > BODY_MAX)
		fail_msg("step values too long");
	/* "{}" takes the member without the comma */
	memcpy(values + n - 1, values[n - 2] == '{' ? add + 1 : add,
	       values[n - 2] == '{' ? sizeof(add) - 1 : sizeof(add));
}

static void step_vrequest(struct fx *f, long id, const char *code, char path[96], char *body,
			  const char *fmt, va_list ap)
{
	char values[BODY_MAX];
	vsnprintf(values, sizeof(values), fmt, ap);
	av_reason_add(code, values);
	step_request(id, code, version_of(f, id), values, path, body);
}

/* Performs step CODE of case ID as TOKEN with the values FMT formats, at
 * the case's current version; asserts 201 and returns the step id. */
static long step(struct fx *f, const char *token, long id, const char *code, const char *fmt, ...)
{
	char body[BODY_MAX], path[96];
	va_list ap;
	va_start(ap, fmt);
	step_vrequest(f, id, code, path, body, fmt, ap);
	va_end(ap);
	json_t *j = api(f, "POST", path, token, body, 201);
	long sid = inum(j, "step_id");
	assert_true(sid > 0);
	assert_int_equal(inum(json_object_get(j, "case"), "id"), id);
	json_decref(j);
	return sid;
}

/* Asserts the JSON error J carries FRAGMENT in its message or in one of its
 * field messages. */
static void message_has(json_t *j, const char *fragment)
{
	json_t *e = json_error_of(j), *v;
	const char *k;
	if (!e)
		fail_msg("not an error answer");
	if (strstr(sval(e, "message"), fragment))
		return;
	json_object_foreach(json_object_get(e, "fields"), k, v)
		if (json_is_string(v) && strstr(json_string_value(v), fragment))
			return;
	char *s = json_dumps(j, 0);
	fail_msg("\"%s\" not in the answer %s", fragment, s ? s : "?");
}

/* Sends METHOD PATH BODY as TOKEN, which must be refused with STATUS and
 * FRAGMENT in the message, and nothing written. */
static void refused_req(struct fx *f, const char *token, const char *method, const char *path,
			const char *body, long status, const char *fragment)
{
	struct counts before, after;
	counts_read(f, &before);
	json_t *j = api(f, method, path, token, body, status);
	message_has(j, fragment);
	json_decref(j);
	counts_read(f, &after);
	counts_same(&before, &after);
}

/* Step CODE of case ID with the values FMT formats, at the current version,
 * refused with STATUS and FRAGMENT; nothing written. */
static void refused(struct fx *f, const char *token, long id, const char *code, long status,
		    const char *fragment, const char *fmt, ...)
{
	char body[BODY_MAX], path[96];
	va_list ap;
	va_start(ap, fmt);
	step_vrequest(f, id, code, path, body, fmt, ap);
	va_end(ap);
	refused_req(f, token, "POST", path, body, status, fragment);
}

/* Opens a case of PROC as TOKEN with PARTIES (a JSON array) and the first
 * step's values FMT formats; asserts 201 and the Location; returns the id. */
static long open_case(struct fx *f, const char *token, const char *proc, const char *parties,
		      const char *fmt, ...)
{
	char values[BODY_MAX / 2], body[BODY_MAX], want[64], loc[128];
	struct resp r;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(values, sizeof(values), fmt, ap);
	va_end(ap);
	if (snprintf(body, sizeof(body), "{\"procedure\":\"%s\",\"parties\":%s,\"values\":%s}", proc,
		     parties, values) >= (int)sizeof(body))
		fail_msg("case body too long");
	assert_int_equal(client_json(&f->d.cl, "POST", "/api/v1/cases", body, token, NULL, &r), 0);
	if (r.status != 201)
		fail_msg("open %s: %ld\n%.1200s\nsent: %.1500s", proc, r.status, r.body, body);
	json_t *j = resp_json(&r);
	long id = inum(j, "id");
	snprintf(want, sizeof(want), "/api/v1/cases/%ld", id);
	assert_string_equal(resp_location(&r, loc, sizeof(loc)), want);
	assert_string_equal(sval(json_object_get(j, "case"), "procedure"), proc);
	assert_string_equal(sval(json_object_get(j, "case"), "state"), "open");
	json_decref(j);
	resp_free(&r);
	return id;
}

/* Fen as the yuan text the API takes ("1234.50"). */
static const char *yuan(long fen, char out[32])
{
	snprintf(out, 32, "%ld.%02ld", fen / 100, fen % 100);
	return out;
}

/* ---- setup ---------------------------------------------------------------- */

/* The officer id of certificate CERT. */
static long officer_id(struct fx *f, const char *cert)
{
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/certificates/%s", cert);
	json_t *j = api(f, "GET", path, NULL, NULL, 200);
	long id = inum(j, "id");
	json_decref(j);
	return id;
}

/* Sets officer ID's record through the registry API (the demo's dates follow
 * the day the database was made; the cases run in May 2026). */
static void officer_fix(struct fx *f, long id, const char *json)
{
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/officers/%ld", id);
	json_decref(api(f, "PUT", path, f->reg, json, 200));
}

#define DOMAINS "生态环境、旅游市场、城乡规划建设、市容环境卫生、文化市场"

/* A violation type of body 1 with a statutory minimum, maximum and a band. */
static void pick_violation(struct fx *f)
{
	json_t *j = api(f, "GET", "/api/v1/violation-types", f->o1, NULL, 200), *v;
	size_t i;
	json_array_foreach(json_object_get(j, "items"), i, v) {
		json_t *band = json_array_get(json_object_get(v, "bands"), 0);
		json_t *max = json_object_get(v, "fine_max_fen");
		if (!band || !json_is_integer(max) || inum(v, "fine_min_fen") <= 0)
			continue;
		f->vt = inum(v, "id");
		f->fine_min = inum(v, "fine_min_fen");
		f->fine_max = (long)json_integer_value(max);
		f->band_min = inum(band, "fine_min_fen");
		f->band_max = inum(band, "fine_max_fen");
		snprintf(f->band, sizeof(f->band), "%s", sval(band, "level"));
		break;
	}
	/* For the summary procedure: a fine of at most 100 yuan inside the range. */
	json_array_foreach(json_object_get(j, "items"), i, v) {
		json_t *max = json_object_get(v, "fine_max_fen");
		long fine = inum(v, "fine_min_fen") > 5000 ? inum(v, "fine_min_fen") : 5000;
		if (f->small_vt || fine > 10000 || (json_is_integer(max) && json_integer_value(max) < fine))
			continue;
		f->small_vt = inum(v, "id");
		f->small_fine = fine;
	}
	json_decref(j);
	if (!f->vt || !f->small_vt)
		fail_msg("the demo lacks a violation type with a statutory range and bands, or one for "
			 "a fine of at most 100 yuan");
}

static int setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	if (make_token(&d->s, "officer1", f->o1, sizeof(f->o1)) ||
	    make_token(&d->s, "officer2", f->o2, sizeof(f->o2)) ||
	    make_token(&d->s, "leader1", f->leader, sizeof(f->leader)) ||
	    make_token(&d->s, "reviewer1", f->reviewer, sizeof(f->reviewer)) ||
	    make_token(&d->s, "publisher1", f->publisher, sizeof(f->publisher)) ||
	    make_token(&d->s, "registrar1", f->reg, sizeof(f->reg)) ||
	    srv_cli(&d->s, "Market-Officer-2026\n", NULL,
		    (const char *const[]){"user", "add", "--login", "market1", "--role", "officer",
					  "--body", "3", "--officer", "14052400125",
					  "--password-stdin", NULL}) ||
	    make_token(&d->s, "market1", f->other, sizeof(f->other))) {
		fprintf(stderr, "could not issue the tokens\n");
		return -1;
	}
	return 0;
}

/* Not a cmocka setup: the first test, so that failures show as a test. */
static void test_setup(void **state)
{
	struct fx *f = *state;
	f->of1 = officer_id(f, "14052400101");
	f->of2 = officer_id(f, "14052400102");
	f->of3 = officer_id(f, "14052400104");
	f->expired = officer_id(f, "14052400106");
	f->suspended = officer_id(f, "14052400108");
	const char *valid = "{\"valid_from\":\"2024-01-01\",\"valid_to\":\"2030-12-31\",\"domains\":\"" DOMAINS "\"}";
	officer_fix(f, f->of1, valid);
	officer_fix(f, f->of2, valid);
	officer_fix(f, f->of3, valid);
	officer_fix(f, f->expired, "{\"valid_from\":\"2022-01-01\",\"valid_to\":\"2026-04-30\",\"domains\":\"" DOMAINS "\"}");
	officer_fix(f, f->suspended, "{\"valid_from\":\"2024-01-01\",\"valid_to\":\"2030-12-31\","
				     "\"state_date\":\"2026-04-20\",\"domains\":\"" DOMAINS "\"}");
	pick_violation(f);
}

/* ---- the ordinary procedure ------------------------------------------------ */

/* Opens an ordinary penalty case against PARTY as officer1 and has it filed
 * by leader1 with officer1 and officer2 assigned; returns its id. */
static long filed_case(struct fx *f, const char *party, const char *title)
{
	long id = open_case(f, f->o1, "penalty_ordinary", party,
			    "{\"date\":\"" DAY1 "\",\"source_type\":\"inspection\",\"found_on\":\"2026-05-08\","
			    "\"title\":\"%s\",\"clue\":\"日常巡查发现游客在景区石刻上刻划。\","
			    "\"act_date\":\"2026-05-01\",\"violation_type\":%ld}", title, f->vt);
	step(f, f->leader, id, "filing",
	     "{\"date\":\"" DAY1 "\",\"violation_type\":%ld,\"act_date\":\"2026-05-01\","
	     "\"grounds\":\"有初步证据证明存在违法行为，属本机关管辖。\",\"opinion\":\"同意立案。\"}", f->vt);
	step(f, f->leader, id, "assign_officers",
	     "{\"date\":\"" DAY1 "\",\"officers\":[%ld,%ld]}", f->of1, f->of2);
	return id;
}

/* The values of an investigation report, a notice or a decision proposing
 * FINE 分 in the violation type's first band, with EXTRA (",..." or "")
 * inside the object. */
static const char *penalty_values(struct fx *f, long fine, const char *extra, char *out, size_t n)
{
	char y[32];
	snprintf(out, n, "\"penalty_types\":[\"fine\"],\"fine\":\"%s\",\"band\":\"%s\"%s",
		 yuan(fine, y), f->band, extra);
	return out;
}

/* Case ID's investigation report and notice (step NOTICE) proposing the
 * penalty PV (penalty_values). */
static void reported(struct fx *f, long id, const char *notice, const char *pv)
{
	step(f, f->o1, id, "investigation_report",
	     "{\"date\":\"" DAY1 "\",\"officers\":[%ld,%ld],\"facts\":\"当事人未经许可经营。\","
	     "\"evidence\":\"询问笔录、现场照片。\",\"basis\":\"违法依据及处罚依据。\","
	     "\"proposal\":\"penalty\",%s,\"reason\":\"初次违法，情节一般。\"}", f->of1, f->of2, pv);
	step(f, f->reviewer, id, "case_review",
	     "{\"date\":\"" DAY1 "\",\"review_opinion\":\"agree\",\"opinion_text\":\"事实清楚，证据充分，同意。\"}");
	step(f, f->o1, id, notice,
	     "{\"date\":\"" DAY1 "\",\"facts\":\"当事人未经许可经营。\",\"evidence\":\"询问笔录。\","
	     "\"basis\":\"处罚依据。\",%s}", pv);
}

/* Files case ID's investigation and its notice proposing FINE, served on
 * SERVED (a date) by hand. */
static void noticed(struct fx *f, long id, long fine, const char *served)
{
	char pv[512];
	reported(f, id, "notice", penalty_values(f, fine, "", pv, sizeof(pv)));
	step(f, f->o1, id, "notice_service",
	     "{\"served_documents\":\"行政处罚事先告知书\",\"method\":\"direct\",\"served_on\":\"%s\","
	     "\"recipient\":\"张云岭\",\"party_signature\":" SIG "}", served);
}

/* The values of the leader's decision on DAY to fine FINE. */
static const char *decision_values(struct fx *f, const char *day, long fine, char *out, size_t n)
{
	char pv[512];
	penalty_values(f, fine, "", pv, sizeof(pv));
	snprintf(out, n, "{\"date\":\"%s\",\"decision\":\"penalty\",%s,\"reason\":\"事实清楚，证据确凿。\"}",
		 day, pv);
	return out;
}

/* The object of ARR whose "id" is ID, or NULL. */
static json_t *find_by_id(json_t *arr, long id)
{
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o)
		if (inum(o, "id") == id)
			return o;
	return NULL;
}

/* Number of history rows committing to case ID's steps (ENTITY "case_step")
 * or documents ("document") that carry a log salt. */
static long logged(struct fx *f, long id, const char *entity)
{
	static const char step_sql[] =
		"SELECT count(*) FROM history WHERE entity = ? AND salt IS NOT NULL AND "
		"entity_id IN (SELECT id FROM case_step WHERE case_id = CAST(? AS INTEGER))";
	static const char doc_sql[] =
		"SELECT count(*) FROM history WHERE entity = ? AND salt IS NOT NULL AND "
		"entity_id IN (SELECT id FROM case_document WHERE case_id = CAST(? AS INTEGER))";
	char ids[24];
	snprintf(ids, sizeof(ids), "%ld", id);
	long n = db_scalar_args(&f->d.s, strcmp(entity, "document") ? step_sql : doc_sql, entity,
				ids, NULL);
	assert_true(n >= 0);
	return n;
}

static json_t *find_by(json_t *arr, const char *key, const char *value, size_t nth)
{
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o)
		if (json_is_string(json_object_get(o, key)) && !strcmp(sval(o, key), value) && nth-- == 0)
			return o;
	return NULL;
}

/* A complete ordinary-procedure penalty: source, filing with two officers,
 * inquiry, report, review, notice, service, the statement period, statement,
 * recheck, decision, decision document, service, payment, closing, archive. */
static void test_ordinary(void **state)
{
	struct fx *f = *state;
	struct counts start, end;
	char dv[1024], path[128];
	long fine = f->band_min;
	counts_read(f, &start);
	long id = filed_case(f, "[" ORG "]", "在景物上刻划、涂污案");
	step(f, f->o1, id, "inquiry",
	     "{\"date\":\"" DAY1 "\",\"started_at\":\"" DAY1 "T09:30\",\"ended_at\":\"" DAY1 "T10:20\","
	     "\"place\":\"执法局询问室\",\"officers\":[%ld,%ld],\"interviewee\":\"张云岭\","
	     "\"interviewee_role\":\"legal_rep\",\"rights_informed\":true,"
	     "\"record\":\"问：你公司是否取得许可？答：没有。\",\"party_signature\":" SIG "}", f->of1, f->of2);
	noticed(f, id, fine, DAY1);

	/* The statement period runs: no decision yet, and nothing written. */
	refused(f, f->leader, id, "decision", 422, "届满前不能进行此步骤", "%s",
		decision_values(f, DAY1, fine, dv, sizeof(dv)));

	step(f, f->o1, id, "statement",
	     "{\"date\":\"2026-05-11\",\"place\":\"执法局\",\"speaker\":\"张云岭\","
	     "\"content\":\"初次违法，请求从轻。\",\"party_signature\":" SIG "}");
	step(f, f->o1, id, "recheck",
	     "{\"date\":\"" DAY1 "\",\"summary\":\"请求从轻。\",\"opinion\":\"rejected\","
	     "\"reason\":\"已按一般情节的最低限处罚。\"}");

	/* Two weeks later the period is over. */
	assert_int_equal(srv_restart(&f->d.s, (const char *const[]){"--now", NOW2, NULL}), 0);
	/* No heavier penalty than the notice told. */
	refused(f, f->leader, id, "decision", 422, "高于事先告知", "%s",
		decision_values(f, DAY2, fine + 1000, dv, sizeof(dv)));
	step(f, f->leader, id, "decision", "%s", decision_values(f, DAY2, fine, dv, sizeof(dv)));
	step(f, f->o1, id, "penalty_document",
	     "{\"date\":\"" DAY2 "\",\"facts\":\"当事人未经许可经营。\",\"evidence\":\"询问笔录。\","
	     "\"statements\":\"当事人陈述申辩，经复核不予采纳。\",\"basis\":\"处罚依据。\","
	     "\"performance\":\"自收到本决定书之日起十五日内到指定银行缴纳罚款。\"}");
	step(f, f->o1, id, "service",
	     "{\"served_documents\":\"行政处罚决定书\",\"method\":\"direct\",\"served_on\":\"" DAY2 "\",\"recipient\":\"张云岭\",\"party_signature\":" SIG "}");
	step(f, f->o1, id, "payment",
	     "{\"paid_on\":\"" DAY2 "\",\"amount\":\"%s\",\"channel\":\"bank\",\"receipt_no\":\"PJ2026000123\","
	     "\"paid\":true}", yuan(fine, (char[32]){0}));
	step(f, f->leader, id, "closing",
	     "{\"date\":\"" DAY2 "\",\"result\":\"executed\",\"summary\":\"罚款已缴清，予以结案。\"}");
	step(f, f->o1, id, "archive",
	     "{\"date\":\"" DAY2 "\",\"archive_no\":\"2026-CF-0001\",\"volumes\":1,\"pages\":48}");

	json_t *v = case_get(f, f->o1, id), *c = json_object_get(v, "case");
	json_t *steps = json_object_get(v, "steps"), *docs = json_object_get(v, "documents");
	assert_string_equal(sval(c, "state"), "archived");
	assert_true(strlen(sval(c, "case_no")) > 0);
	assert_int_equal(json_array_size(steps), 16);
	/* Only remedies (复议, 诉讼) may still be recorded. */
	assert_null(find_by(json_object_get(v, "actions"), "code", "closing", 0));
	assert_null(find_by(json_object_get(v, "actions"), "code", "payment", 0));
	/* Steps carry their values as JSON objects, money in 分. */
	json_t *dec = find_by(steps, "code", "decision", 0);
	assert_non_null(dec);
	assert_true(json_is_object(json_object_get(dec, "values")));
	assert_int_equal(inum(json_object_get(dec, "values"), "fine"), fine);
	assert_int_equal(json_array_size(json_object_get(v, "parties")), 1);
	assert_int_equal(json_array_size(json_object_get(v, "officers")), 2);
	/* Every step and every document is a record-log entry. */
	assert_int_equal(logged(f, id, "case_step"), 16);
	assert_int_equal(logged(f, id, "document"), (long)json_array_size(docs));
	counts_read(f, &end);
	assert_int_equal(end.steps - start.steps, 16);
	/* inquiry, notice_service, statement and service went on without an AV
	 * record, each with its reason logged (av_reason_add) */
	char ids[24];
	snprintf(ids, sizeof(ids), "%ld", id);
	long av = db_scalar_args(&f->d.s, "SELECT count(*) FROM av_exception WHERE case_id = "
				 "CAST(? AS INTEGER)", ids, NULL);
	assert_int_equal(av, 4);
	/* the decision document drafted its publication (事后公开): one entry more */
	assert_int_equal(db_scalar_args(&f->d.s, "SELECT count(*) FROM publication WHERE case_id = "
					"CAST(? AS INTEGER) AND state = 'draft'", ids, NULL), 1);
	assert_int_equal(end.log - start.log, 16 + (long)json_array_size(docs) + av + 1);
	/* The decision document: numbered, its canonical data readable. */
	json_t *pd = find_by(docs, "doc_type", "penalty_decision", 0);
	assert_non_null(pd);
	assert_non_null(strstr(sval(pd, "number"), "〔2026〕"));
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/documents/%ld", id, inum(pd, "id"));
	json_t *doc = api(f, "GET", path, f->o1, NULL, 200), *data = json_object_get(doc, "data");
	assert_string_equal(sval(doc, "number"), sval(pd, "number"));
	assert_string_equal(sval(data, "format"), "zhifa-document/v1");
	assert_string_equal(sval(data, "doc_type"), "penalty_decision");
	assert_string_equal(sval(json_object_get(data, "case"), "case_no"), sval(c, "case_no"));
	json_decref(doc);
	/* A document is read through its own case only. */
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/documents/%ld", id - 1, inum(pd, "id"));
	json_decref(api(f, "GET", path, f->o1, NULL, 404));
	assert_non_null(find_by(docs, "doc_type", "penalty_notice", 0));
	assert_non_null(find_by(docs, "doc_type", "service_receipt", 1));
	assert_non_null(find_by(docs, "doc_type", "closing_report", 0));
	json_decref(v);
	/* An archived case takes no more steps. */
	refused(f, f->leader, id, "closing", 409, "不能再办理", "{\"date\":\"" DAY2 "\",\"result\":\"executed\",\"summary\":\"再次结案。\"}");
}

/* ---- guards over HTTP: refused with a clear message, nothing written ------- */

/* A case after its source, not yet filed. */
static long source_only(struct fx *f, const char *title)
{
	return open_case(f, f->o1, "penalty_ordinary", "[" ORG "]",
			 "{\"date\":\"" DAY1 "\",\"source_type\":\"complaint\",\"found_on\":\"" DAY1 "\","
			 "\"reporter\":\"匿名\",\"title\":\"%s\",\"clue\":\"群众投诉。\"}", title);
}

/* Investigation, compulsory and on-site steps need two officers, each with a
 * certificate valid that day. */
static void test_guard_officers(void **state)
{
	struct fx *f = *state;
	long id = source_only(f, "执法人员校验案");
	step(f, f->leader, id, "filing",
	     "{\"date\":\"" DAY1 "\",\"violation_type\":%ld,\"act_date\":\"2026-05-01\","
	     "\"grounds\":\"初步证据。\",\"opinion\":\"同意立案。\"}", f->vt);
	step(f, f->leader, id, "assign_officers", "{\"date\":\"" DAY1 "\",\"officers\":[%ld,%ld]}",
	     f->of1, f->of2);
	/* An investigation step recorded by one officer only, or with one whose
	 * certificate has expired or is suspended (暂扣). */
	const char *inquiry = "{\"date\":\"" DAY1 "\",\"started_at\":\"" DAY1 "T09:30\",\"ended_at\":\"" DAY1 "T10:00\","
			      "\"place\":\"现场\",\"officers\":[%ld%s],\"interviewee\":\"张云岭\","
			      "\"interviewee_role\":\"party\",\"rights_informed\":true,\"record\":\"问答。\","
			      "\"party_signature\":" SIG "}";
	char more[32];
	refused(f, f->o1, id, "inquiry", 422, "不得少于两人", inquiry, f->of1, "");
	snprintf(more, sizeof(more), ",%ld", f->expired);
	refused(f, f->o1, id, "inquiry", 422, "不在有效期内", inquiry, f->of1, more);
	snprintf(more, sizeof(more), ",%ld", f->suspended);
	refused(f, f->o1, id, "inquiry", 422, "暂扣", inquiry, f->of1, more);
	snprintf(more, sizeof(more), ",%ld", f->of2);
	step(f, f->o1, id, "inquiry", inquiry, f->of1, more);
}

/* Filing approval is the leader's: an officer is refused. */
static void test_guard_role(void **state)
{
	struct fx *f = *state;
	long id = source_only(f, "角色校验案");
	refused(f, f->o1, id, "filing", 403, "须由负责人办理",
		"{\"date\":\"" DAY1 "\",\"violation_type\":%ld,\"act_date\":\"2026-05-01\","
		"\"grounds\":\"初步证据。\",\"opinion\":\"同意立案。\"}", f->vt);
	/* A supervisor reads but performs nothing, by the route's permission. */
}

/* A case of another body is neither readable nor writable. */
static void test_guard_other_body(void **state)
{
	struct fx *f = *state;
	char path[96], body[256];
	long id = source_only(f, "他机关案件");
	snprintf(path, sizeof(path), "/api/v1/cases/%ld", id);
	json_t *j = api(f, "GET", path, f->other, NULL, 403);
	message_has(j, "本执法主体");
	json_decref(j);
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/steps/clue_check", id);
	snprintf(body, sizeof(body), "{\"version\":%ld,\"values\":{\"date\":\"" DAY1 "\","
		 "\"result\":\"核查。\",\"opinion\":\"file\"}}", version_of(f, id));
	refused_req(f, f->other, "POST", path, body, 403, "只能办理本执法主体的案件");
	/* Its list holds none of body 1's cases. */
	j = api(f, "GET", "/api/v1/cases", f->other, NULL, 200);
	json_t *it;
	size_t i;
	json_array_foreach(json_object_get(j, "items"), i, it)
		assert_int_equal(inum(it, "body_id"), 3);
	json_decref(j);
}

/* A step sent at a version the case has moved past is refused with 409. */
static void test_guard_stale(void **state)
{
	struct fx *f = *state;
	char path[96], body[BODY_MAX], values[512];
	long id = source_only(f, "版本校验案");
	long v = version_of(f, id);
	step(f, f->o1, id, "clue_check", "{\"date\":\"" DAY1 "\",\"result\":\"核查属实。\",\"opinion\":\"file\"}");
	assert_true(version_of(f, id) > v);
	snprintf(values, sizeof(values), "{\"date\":\"" DAY1 "\",\"violation_type\":%ld,"
		 "\"act_date\":\"2026-05-01\",\"grounds\":\"初步证据。\",\"opinion\":\"同意立案。\"}", f->vt);
	step_request(id, "filing", v, values, path, body);
	refused_req(f, f->leader, "POST", path, body, 409, "已被他人更新");
}

/* An officer whose recusal was granted can no longer act on the case. */
static void test_guard_recusal(void **state)
{
	struct fx *f = *state;
	long id = filed_case(f, "[" ORG "]", "回避校验案");
	step(f, f->o1, id, "recusal_apply",
	     "{\"date\":\"" DAY1 "\",\"applicant\":\"self\",\"officer\":%ld,\"reason\":\"与当事人有亲属关系。\"}", f->of1);
	step(f, f->leader, id, "recusal_decide",
	     "{\"date\":\"" DAY1 "\",\"officer\":%ld,\"granted\":true,\"reason\":\"理由成立，决定回避。\","
	     "\"officers\":[%ld,%ld]}", f->of1, f->of2, f->of3);
	refused(f, f->o1, id, "inquiry", 403, "未回避",
		"{\"date\":\"" DAY1 "\",\"started_at\":\"" DAY1 "T09:30\",\"ended_at\":\"" DAY1 "T10:00\","
		"\"place\":\"现场\",\"officers\":[%ld,%ld],\"interviewee\":\"张云岭\",\"interviewee_role\":\"party\","
		"\"rights_informed\":true,\"record\":\"问答。\",\"party_signature\":" SIG "}", f->of2, f->of3);
	json_t *v = case_get(f, f->leader, id), *o;
	size_t i;
	int recused = 0;
	json_array_foreach(json_object_get(v, "officers"), i, o)
		if (inum(o, "officer_id") == f->of1)
			recused = json_is_true(json_object_get(o, "recused"));
	assert_true(recused);
	json_decref(v);
}

/* A fine above the statutory maximum is refused; one below the minimum
 * needs the statutory ground (减轻处罚) and its written reason. */
static void test_guard_fine_range(void **state)
{
	struct fx *f = *state;
	char pv[512], y[32];
	long id = filed_case(f, "[" ORG "]", "罚款幅度校验案");
	const char *report = "{\"date\":\"" DAY1 "\",\"officers\":[%ld,%ld],\"facts\":\"事实。\","
			     "\"evidence\":\"证据。\",\"basis\":\"依据。\",\"proposal\":\"penalty\",%s,"
			     "\"reason\":\"理由。\"}";
	refused(f, f->o1, id, "investigation_report", 422, "超过法定最高限额", report, f->of1, f->of2,
		penalty_values(f, f->fine_max + 100, ",\"band_reason\":\"情节严重。\"", pv, sizeof(pv)));
	refused(f, f->o1, id, "investigation_report", 422, "低于法定最低限额", report, f->of1, f->of2,
		penalty_values(f, f->fine_min - 100, ",\"band_reason\":\"情节轻微。\"", pv, sizeof(pv)));
	/* With the ground and the reason it may go below (and is flagged). */
	snprintf(pv, sizeof(pv), "\"penalty_types\":[\"fine\"],\"fine\":\"%s\",\"band\":\"%s\","
		 "\"band_reason\":\"主动消除违法行为危害后果。\",\"mitigation_ground\":\"eliminated_harm\","
		 "\"mitigation_reason\":\"当事人主动拆除并恢复原状。\"", yuan(f->fine_min - 100, y), f->band);
	char values[1024];
	snprintf(values, sizeof(values), report, f->of1, f->of2, pv);
	step(f, f->o1, id, "investigation_report", "%s", values);
}

/* Electronic service needs the party's signed 确认书. */
static void test_guard_electronic_service(void **state)
{
	struct fx *f = *state;
	char pv[512];
	long id = filed_case(f, "[" ORG "]", "电子送达校验案");
	reported(f, id, "notice", penalty_values(f, f->band_min, "", pv, sizeof(pv)));
	refused(f, f->o1, id, "notice_service", 422, "确认书",
		"{\"served_documents\":\"行政处罚事先告知书\",\"method\":\"electronic\","
		"\"served_on\":\"" DAY1 "\",\"recipient\":\"张云岭\","
		"\"confirmation\":false,\"address\":\"yunling@example.cn\"}");
}

/* A hearing must be notified seven working days ahead, chaired by someone
 * who did not investigate. */
static void test_guard_hearing(void **state)
{
	struct fx *f = *state;
	char pv[512];
	long id = filed_case(f, "[" PERSON "]", "听证通知校验案");
	snprintf(pv, sizeof(pv), "\"penalty_types\":[\"fine\",\"lower_qualification\"],\"fine\":\"%s\","
		 "\"band\":\"%s\"", yuan(f->band_min, (char[32]){0}), f->band);
	reported(f, id, "notice", pv);
	step(f, f->o1, id, "hearing_notice", "{\"date\":\"" DAY1 "\",\"note\":\"拟降低资质等级，告知听证权利。\"}");
	step(f, f->o1, id, "notice_service",
	     "{\"served_documents\":\"行政处罚事先告知书、行政处罚听证告知书\",\"method\":\"direct\","
	     "\"served_on\":\"" DAY1 "\",\"recipient\":\"李小山\",\"party_signature\":" SIG "}");
	step(f, f->o1, id, "hearing_request",
	     "{\"date\":\"" DAY1 "\",\"form\":\"written\",\"hearing_requested\":true,\"content\":\"要求听证。\"}");
	const char *summons = "{\"date\":\"" DAY1 "\",\"hearing_date\":\"%s\",\"hearing_time\":\"09:00\","
			      "\"place\":\"听证室\",\"chair\":%ld,\"public\":\"public\",\"notified_on\":\"" DAY1 "\","
			      "\"method\":\"direct\"}";
	/* 14 May is three working days after the notice. */
	refused(f, f->o1, id, "hearing_summons", 422, "七个工作日前", summons, "2026-05-14", f->of3);
	refused(f, f->o1, id, "hearing_summons", 422, "非本案调查人员", summons, "2026-05-22", f->of1);
	step(f, f->o1, id, "hearing_summons", summons, "2026-05-22", f->of3);
}

/* ---- the summary procedure, a 查封扣押 and an inspection ------------------------ */

/* The summary procedure stops at 200 yuan for a person. */
static void test_guard_summary_limit(void **state)
{
	struct fx *f = *state;
	char body[BODY_MAX];
	snprintf(body, sizeof(body),
		 "{\"procedure\":\"penalty_summary\",\"parties\":[" PERSON "],\"values\":{"
		 "\"date\":\"" DAY1 "\",\"started_at\":\"" DAY1 "T10:00\",\"place\":\"锡崖沟景区入口\","
		 "\"officers\":[%ld,%ld],\"title\":\"乱扔垃圾\",\"violation_type\":%ld,\"facts_certain\":true,"
		 "\"facts\":\"当事人在景区乱扔垃圾。\",\"basis\":\"处罚依据。\",\"penalty_types\":[\"fine\"],"
		 "\"fine\":\"300\",\"informed\":true,\"statement\":\"无异议。\",\"party_signature\":" SIG "}}",
		 f->of1, f->of2, f->vt);
	refused_req(f, f->o1, "POST", "/api/v1/cases", body, 422, "超过简易程序限额");
}

/* 当场处罚: a person fined on the spot, the fine collected against the
 * finance receipt, handed in, and the case filed (备案). */
static void test_summary(void **state)
{
	struct fx *f = *state;
	char y[32];
	long fine = f->small_fine;
	long id = open_case(f, f->o1, "penalty_summary", "[" PERSON "]",
			    "{\"date\":\"" DAY1 "\",\"started_at\":\"" DAY1 "T10:00\",\"place\":\"锡崖沟景区入口\","
			    "\"officers\":[%ld,%ld],\"title\":\"景区内违规经营\",\"violation_type\":%ld,"
			    "\"facts_certain\":true,\"facts\":\"当事人在景区内违规经营。\",\"basis\":\"处罚依据。\","
			    "\"penalty_types\":[\"fine\"],\"fine\":\"%s\",\"informed\":true,\"statement\":\"无异议。\","
			    "\"collected_onspot\":true,\"receipt_no\":\"晋财票0012345\",\"party_signature\":" SIG ","
			    "\"av_exception\":\"设备故障\"}",
			    f->of1, f->of2, f->small_vt, yuan(fine, y));
	step(f, f->o1, id, "cash_handover",
	     "{\"date\":\"" DAY1 "\",\"amount\":\"%s\",\"received_by\":\"财务室王会计\"}", yuan(fine, y));
	step(f, f->o2, id, "filing_record",
	     "{\"date\":\"" DAY1 "\",\"filed_with\":\"执法局法制科\",\"note\":\"罚款已当场收缴并交至本机关。\"}");
	json_t *v = case_get(f, f->leader, id), *docs = json_object_get(v, "documents");
	assert_string_equal(sval(json_object_get(v, "case"), "state"), "closed");
	json_t *sd = find_by(docs, "doc_type", "summary_decision", 0);
	assert_non_null(sd);
	assert_non_null(strstr(sval(sd, "number"), "〔2026〕"));
	/* The leader sees the person's identifier in full. */
	assert_string_equal(sval(json_array_get(json_object_get(v, "parties"), 0), "id_number"),
			    "140524198001010012");
	assert_int_equal(logged(f, id, "case_step"), 3);
	assert_int_equal(logged(f, id, "document"), (long)json_array_size(docs));
	json_decref(v);
	/* A publisher reads the case without the identifier. */
	v = case_get(f, f->publisher, id);
	const char *masked = sval(json_array_get(json_object_get(v, "parties"), 0), "id_number");
	assert_string_not_equal(masked, "140524198001010012");
	assert_int_equal(strncmp(masked, "140", 3), 0);
	json_decref(v);
	/* The publisher may read but performs no step (the route's permission). */
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/steps/payment", id);
	refused_req(f, f->publisher, "POST", path, "{\"version\":1,\"values\":{}}", 403, "权限");
}

/* 查封、扣押: application, approval, on-site seizure with its record,
 * decision and list, one extension (a second refused), release, closing. */
static void test_compulsory(void **state)
{
	struct fx *f = *state;
	long id = open_case(f, f->o1, "compulsory", "[" ORG "]",
			    "{\"date\":\"" DAY1 "\",\"title\":\"涉嫌非法经营游乐设施\",\"measure\":\"seize\","
			    "\"violation_type\":%ld,\"basis\":\"《中华人民共和国行政强制法》第九条。\","
			    "\"reason\":\"防止证据损毁。\",\"items\":\"游乐设施控制箱一台。\",\"officers\":[%ld,%ld]}",
			    f->vt, f->of1, f->of2);
	step(f, f->leader, id, "approval", "{\"date\":\"" DAY1 "\",\"approved\":true,\"opinion\":\"同意扣押。\"}");
	step(f, f->o1, id, "onsite",
	     "{\"date\":\"" DAY1 "\",\"started_at\":\"" DAY1 "T14:00\",\"ended_at\":\"" DAY1 "T15:00\","
	     "\"place\":\"锡崖沟游乐场\",\"officers\":[%ld,%ld],\"party_present\":\"present\","
	     "\"cert_shown\":true,\"notified\":true,\"reasons_stated\":true,\"statement\":\"无异议。\","
	     "\"record\":\"依法扣押控制箱一台。\",\"items\":\"游乐设施控制箱一台（完好）。\",\"period_days\":30,"
	     "\"custody\":\"执法局物证室\",\"party_signature\":" SIG "}", f->of1, f->of2);
	const char *ext = "{\"date\":\"" DAY1 "\",\"extended_from\":\"2026-06-10\",\"days\":%d,"
			  "\"reason\":\"需检测鉴定，情况复杂。\",\"notified_on\":\"" DAY1 "\"}";
	refused(f, f->leader, id, "extension", 422, "1至30日", ext, 31);
	step(f, f->leader, id, "extension", ext, 30);
	refused(f, f->leader, id, "extension", 409, "不能重复办理", ext, 10);
	json_t *v = case_get(f, f->o1, id), *dl = find_by(json_object_get(v, "deadlines"), "code", "seizure_extended", 0);
	assert_non_null(dl);
	assert_string_equal(sval(dl, "due"), "2026-07-10");
	json_decref(v);
	step(f, f->o1, id, "release",
	     "{\"date\":\"" DAY1 "\",\"ground\":\"not_needed\",\"items\":\"游乐设施控制箱一台。\",\"returned\":true,"
	     "\"party_signature\":" SIG "}");
	step(f, f->leader, id, "closing", "{\"date\":\"" DAY1 "\",\"summary\":\"已解除扣押并退还。\"}");
	v = case_get(f, f->o1, id);
	json_t *docs = json_object_get(v, "documents");
	assert_string_equal(sval(json_object_get(v, "case"), "state"), "closed");
	static const char *const types[] = {"compulsory_approval", "onsite_record", "seizure_decision",
					    "seizure_list", "seizure_extension", "seizure_release",
					    "closing_report"};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!find_by(docs, "doc_type", types[i], 0))
			fail_msg("no %s among the documents", types[i]);
	assert_non_null(strstr(sval(find_by(docs, "doc_type", "seizure_decision", 0), "number"), "〔2026〕"));
	assert_int_equal(logged(f, id, "case_step"), 6);
	assert_int_equal(logged(f, id, "document"), (long)json_array_size(docs));
	json_decref(v);
}

/* 行政检查: application, approval, notice, on-site inspection, feedback,
 * order to rectify, handling, closing. */
static void test_inspection(void **state)
{
	struct fx *f = *state;
	long id = open_case(f, f->o2, "inspection", "[" ORG "]",
			    "{\"date\":\"" DAY1 "\",\"title\":\"旅游经营场所安全检查\",\"source\":\"random\","
			    "\"basis\":\"《旅游法》第八十三条。\",\"scope\":\"经营资质、安全设施。\","
			    "\"planned_on\":\"" DAY1 "\",\"mode\":\"announced\",\"officers\":[%ld,%ld]}", f->of2, f->of1);
	step(f, f->leader, id, "approval", "{\"date\":\"" DAY1 "\",\"approved\":true,\"opinion\":\"同意检查。\"}");
	step(f, f->o2, id, "notice",
	     "{\"date\":\"" DAY1 "\",\"inspect_on\":\"" DAY1 "\",\"method\":\"direct\",\"served_on\":\"" DAY1 "\"}");
	step(f, f->o2, id, "site_inspection",
	     "{\"date\":\"" DAY1 "\",\"started_at\":\"" DAY1 "T09:00\",\"ended_at\":\"" DAY1 "T11:00\","
	     "\"place\":\"锡崖沟游乐场\",\"officers\":[%ld,%ld],\"present\":\"张云岭\",\"rights_informed\":true,"
	     "\"record\":\"安全警示标识缺失。\",\"issues_found\":true,\"party_signature\":" SIG "}", f->of1, f->of2);
	step(f, f->o2, id, "feedback",
	     "{\"date\":\"" DAY1 "\",\"result\":\"problems\",\"content\":\"安全警示标识缺失。\",\"method\":\"direct\","
	     "\"served_on\":\"" DAY1 "\"}");
	step(f, f->o2, id, "rectify",
	     "{\"date\":\"" DAY1 "\",\"problems\":\"安全警示标识缺失。\",\"basis\":\"依据。\","
	     "\"requirements\":\"设置安全警示标识。\",\"rectify_by\":\"2026-05-25\",\"method\":\"direct\","
	     "\"served_on\":\"" DAY1 "\"}");
	step(f, f->leader, id, "handling", "{\"date\":\"" DAY1 "\",\"handling\":\"rectified\",\"detail\":\"责令限期改正。\"}");
	step(f, f->leader, id, "closing", "{\"date\":\"" DAY1 "\",\"summary\":\"检查办结。\"}");
	json_t *v = case_get(f, f->o2, id), *docs = json_object_get(v, "documents");
	assert_string_equal(sval(json_object_get(v, "case"), "state"), "closed");
	assert_non_null(find_by(docs, "doc_type", "inspection_notice", 0));
	assert_non_null(find_by(docs, "doc_type", "inspection_record", 0));
	assert_non_null(find_by(docs, "doc_type", "inspection_feedback", 0));
	assert_non_null(find_by(docs, "doc_type", "rectify_order", 0));
	assert_int_equal(logged(f, id, "case_step"), 8);
	assert_int_equal(logged(f, id, "document"), (long)json_array_size(docs));
	json_decref(v);
}

/* Numbers of each document type run 1, 2, 3 ... per body and year: none
 * repeated, none skipped, refusals included. */
static void test_numbering(void **state)
{
	struct fx *f = *state;
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM (SELECT body_id, year, doc_type FROM case_document "
				"WHERE number <> '' GROUP BY body_id, year, doc_type HAVING count(*) <> max(seq) "
				"OR count(DISTINCT seq) <> count(*) OR min(seq) <> 1) g"), 0);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM (SELECT number FROM case_document WHERE number <> '' "
				"GROUP BY number HAVING count(*) > 1) g"), 0);
	/* Several cases had a notice: that sequence is past 1. */
	assert_true(scalar(&f->d, "SELECT max(seq) FROM case_document WHERE doc_type = 'penalty_notice'") >= 3);
}

/* ---- the API itself ---------------------------------------------------------- */

/* Malformed requests get 4xx with field errors and write nothing. */
static void test_api_errors(void **state)
{
	struct fx *f = *state;
	char path[96], body[512];
	refused_req(f, f->o1, "POST", "/api/v1/cases", "{\"procedure\":\"penalty_nosuch\",\"values\":{}}",
		    422, "penalty_nosuch");
	refused_req(f, f->o1, "POST", "/api/v1/cases", "{\"procedure\":\"penalty_ordinary\",\"value\":{}}",
		    422, "未知字段 value");
	refused_req(f, f->o1, "POST", "/api/v1/cases", "[1,2]", 422, "JSON 对象");
	refused_req(f, f->o1, "POST", "/api/v1/cases", "{\"procedure\":", 400, "JSON");
	/* A party that is no party, named by its place in the array. */
	refused_req(f, f->o1, "POST", "/api/v1/cases",
		    "{\"procedure\":\"penalty_ordinary\",\"parties\":[{\"kind\":\"person\",\"name\":\"王某\","
		    "\"id_type\":\"id_card\",\"id_number\":\"140524198001010013\"}],"
		    "\"values\":{\"date\":\"" DAY1 "\",\"source_type\":\"inspection\",\"found_on\":\"" DAY1 "\","
		    "\"title\":\"号码错误\",\"clue\":\"线索。\"}}", 422, "校验位正确");
	long id = source_only(f, "接口校验案");
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/steps/clue_check", id);
	refused_req(f, f->o1, "POST", path, "{\"values\":{}}", 422, "version");
	refused_req(f, f->o1, "POST", path, "{\"version\":\"1\",\"values\":{}}", 422, "version");
	refused_req(f, f->o1, "POST", path, "{\"version\":1,\"values\":[]}", 422, "values");
	/* A misspelt field is refused, not dropped. */
	snprintf(body, sizeof(body), "{\"version\":%ld,\"values\":{\"date\":\"" DAY1 "\",\"result\":\"核查。\","
		 "\"opinion\":\"file\",\"opinon_text\":\"笔误\"}}", version_of(f, id));
	refused_req(f, f->o1, "POST", path, body, 422, "没有字段 opinon_text");
	/* A step whose turn has not come says what must come first. */
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/steps/investigation_report", id);
	snprintf(body, sizeof(body), "{\"version\":%ld,\"values\":{}}", version_of(f, id));
	refused_req(f, f->o1, "POST", path, body, 409, "须先完成");
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/steps/no_such_step", id);
	refused_req(f, f->o1, "POST", path, "{\"version\":1,\"values\":{}}", 404, "no_such_step");
	refused_req(f, f->o1, "POST", "/api/v1/cases/99999/steps/clue_check", "{\"version\":1,\"values\":{}}",
		    404, "案件不存在");
	json_t *nf = api(f, "GET", "/api/v1/cases/99999", f->o1, NULL, 404);
	message_has(nf, "案件不存在");
	json_decref(nf);
	snprintf(path, sizeof(path), "/api/v1/cases/%ld/documents/99999", id);
	nf = api(f, "GET", path, f->o1, NULL, 404);
	message_has(nf, "文书不存在");
	json_decref(nf);
	/* Without a token: 401; the public does not see cases. */
	json_decref(api(f, "GET", "/api/v1/cases", NULL, NULL, 401));
	json_decref(api(f, "GET", "/api/v1/violation-types", NULL, NULL, 401));
	/* Query parameters are checked. */
	json_t *j = api(f, "GET", "/api/v1/cases?state=done&limit=0&mine=maybe&before_id=x", f->o1, NULL, 422);
	json_t *fields = json_object_get(json_error_of(j), "fields");
	assert_non_null(json_object_get(fields, "state"));
	assert_non_null(json_object_get(fields, "limit"));
	assert_non_null(json_object_get(fields, "mine"));
	assert_non_null(json_object_get(fields, "before_id"));
	json_decref(j);
}

/* The list filters and pages; the case view has every part a field app shows. */
static void test_list_and_view(void **state)
{
	struct fx *f = *state;
	char path[160];
	long a = source_only(f, "分页测试甲"), b = source_only(f, "分页测试乙"), c = source_only(f, "分页测试丙");
	f->waiting = a;
	json_t *j = api(f, "GET", "/api/v1/cases?q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&limit=2", f->o1, NULL, 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(inum(json_array_get(items, 0), "id"), c);
	assert_int_equal(inum(json_array_get(items, 1), "id"), b);
	assert_string_equal(sval(json_array_get(items, 0), "party_names"), "陵川县云岭旅游开发有限公司");
	long next = inum(j, "next_before_id");
	assert_int_equal(next, b);
	json_decref(j);
	snprintf(path, sizeof(path), "/api/v1/cases?q=%%E5%%88%%86%%E9%%A1%%B5%%E6%%B5%%8B%%E8%%AF%%95&limit=2&before_id=%ld", next);
	j = api(f, "GET", path, f->o1, NULL, 200);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(inum(json_array_get(items, 0), "id"), a);
	assert_true(json_is_null(json_object_get(j, "next_before_id")));
	json_decref(j);
	/* "mine": officer1 opened them, officer2 has nothing to do with them. */
	j = api(f, "GET", "/api/v1/cases?mine=true&limit=200", f->o1, NULL, 200);
	assert_non_null(find_by_id(json_object_get(j, "items"), a));
	json_decref(j);
	j = api(f, "GET", "/api/v1/cases?mine=true&limit=200", f->o2, NULL, 200);
	assert_null(find_by_id(json_object_get(j, "items"), a));
	json_decref(j);
	/* Filters: procedure and state. */
	j = api(f, "GET", "/api/v1/cases?procedure=inspection&state=archived", f->o1, NULL, 200);
	json_t *it;
	size_t i;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		assert_string_equal(sval(it, "procedure"), "inspection");
		assert_string_equal(sval(it, "state"), "archived");
	}
	json_decref(j);
	/* The view: parties masked for those without the need, facts and
	 * deadlines as objects, the actions the reader may take. */
	json_t *v = case_get(f, f->o1, a);
	json_t *cs = json_object_get(v, "case");
	assert_string_equal(sval(cs, "procedure_name"), "行政处罚普通程序");
	assert_true(json_is_object(json_object_get(cs, "facts")));
	assert_string_equal(sval(json_array_get(json_object_get(v, "parties"), 0), "uscc"), "91140524MA0K12345C");
	assert_true(json_is_array(json_object_get(v, "deadlines")));
	assert_true(json_is_array(json_object_get(v, "hints")));
	assert_non_null(find_by(json_object_get(v, "actions"), "code", "clue_check", 0));
	json_t *src = json_array_get(json_object_get(v, "steps"), 0);
	assert_string_equal(sval(src, "code"), "source");
	assert_string_equal(sval(json_object_get(src, "values"), "title"), "分页测试甲");
	json_decref(v);
	/* The leader sees filing among the actions, the officer does not. */
	v = case_get(f, f->leader, a);
	assert_non_null(find_by(json_object_get(v, "actions"), "code", "filing", 0));
	json_decref(v);
	v = case_get(f, f->o1, a);
	assert_null(find_by(json_object_get(v, "actions"), "code", "filing", 0));
	json_decref(v);
}

/* The violation types of the reader's body with their bands. */
static void test_violation_types(void **state)
{
	struct fx *f = *state;
	json_t *j = api(f, "GET", "/api/v1/violation-types", f->o1, NULL, 200);
	json_t *items = json_object_get(j, "items"), *v;
	size_t i;
	assert_true(json_array_size(items) > 0);
	assert_int_equal(inum(j, "count"), (long)json_array_size(items));
	json_array_foreach(items, i, v) {
		assert_int_equal(inum(v, "body_id"), 1);
		assert_true(strlen(sval(v, "name")) > 0);
		assert_true(json_is_array(json_object_get(v, "bands")));
	}
	json_decref(j);
	/* The market regulator's officer sees its own body's (none in the demo). */
	j = api(f, "GET", "/api/v1/violation-types", f->other, NULL, 200);
	json_array_foreach(json_object_get(j, "items"), i, v)
		assert_int_equal(inum(v, "body_id"), 3);
	json_decref(j);
}

/* The OpenAPI document describes the cases API. */
static void test_openapi(void **state)
{
	struct fx *f = *state;
	json_t *j = api(f, "GET", "/api/v1/openapi.json", NULL, NULL, 200);
	json_t *paths = json_object_get(j, "paths");
	static const char *const want[] = {"/api/v1/cases", "/api/v1/cases/{id}",
					   "/api/v1/cases/{id}/steps/{code}",
					   "/api/v1/cases/{id}/documents/{doc_id}", "/api/v1/violation-types"};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!json_object_get(paths, want[i]))
			fail_msg("%s is not in the OpenAPI document", want[i]);
	assert_non_null(json_object_get(json_object_get(json_object_get(j, "components"), "schemas"), "PartyInput"));
	json_decref(j);
}

/* Three weeks on, the clue check of a case left after its source (15
 * working days from 11 May: 1 June) is overdue, in the view and the list. */
static void test_overdue(void **state)
{
	struct fx *f = *state;
	assert_int_equal(srv_restart(&f->d.s, (const char *const[]){"--now", "2026-06-15T01:00:00Z", NULL}), 0);
	json_t *v = case_get(f, f->o1, f->waiting);
	json_t *dl = find_by(json_object_get(v, "deadlines"), "code", "clue_check", 0);
	assert_non_null(dl);
	assert_string_equal(sval(dl, "due"), "2026-06-01");
	assert_string_equal(sval(dl, "level"), "overdue");
	assert_true(inum(dl, "days_left") < 0);
	assert_true(json_is_true(json_object_get(json_object_get(v, "case"), "overdue")));
	json_decref(v);
	json_t *j = api(f, "GET", "/api/v1/cases?overdue=true&limit=200", f->o1, NULL, 200), *it;
	size_t i;
	assert_non_null(find_by_id(json_object_get(j, "items"), f->waiting));
	json_array_foreach(json_object_get(j, "items"), i, it) {
		assert_true(json_is_true(json_object_get(it, "overdue")));
		assert_string_equal(sval(it, "state"), "open");
	}
	json_decref(j);
}

int main(void)
{
	/* In this order: everything at the first clock, then the ordinary
	 * procedure, which moves the clock on by two weeks, then three more. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setup),
		cmocka_unit_test(test_openapi),
		cmocka_unit_test(test_violation_types),
		cmocka_unit_test(test_api_errors),
		cmocka_unit_test(test_list_and_view),
		cmocka_unit_test(test_guard_officers),
		cmocka_unit_test(test_guard_role),
		cmocka_unit_test(test_guard_other_body),
		cmocka_unit_test(test_guard_stale),
		cmocka_unit_test(test_guard_recusal),
		cmocka_unit_test(test_guard_fine_range),
		cmocka_unit_test(test_guard_electronic_service),
		cmocka_unit_test(test_guard_hearing),
		cmocka_unit_test(test_guard_summary_limit),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_compulsory),
		cmocka_unit_test(test_inspection),
		cmocka_unit_test(test_ordinary),
		cmocka_unit_test(test_numbering),
		cmocka_unit_test(test_overdue),
	};
	struct fx f = {.d = {.setup = setup, .extra = (const char *const[]){"--now", NOW1, NULL}}};
	return demo_run_tests(tests, &f.d);
}
