/* Integration test of the access matrix: every route of the route table against every role. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/role.h"
#include "harness.h"
#include "web/routes.h"

/* What a route needs, written down here independently of src/core/role.c. */
enum need { PUB, WB, READ, WRITE, AUDIT, ACCOUNT, TOKEN, SETTINGS, CASE_READ, CASE_WRITE, CASE_SET,
	    EV_WRITE, EV_READ, REVIEW, TRAIN, LISTS, JUSTICE, PUB_PAGES, PUB_PUBLISH, PUB_END };

/* The roles: the public and the ten demo accounts, with what each may do. */
struct who {
	const char *login;  /* NULL = the public */
	const char *secret; /* TOTP secret of the administrators */
	unsigned may;       /* bit set of enum need */
};

#define B(n) (1u << (n))
#define STAFF (B(PUB) | B(WB))
#define READER (STAFF | B(READ))
#define CASES (READER | B(CASE_READ))           /* reads the body's cases */
#define HANDLER (CASES | B(CASE_WRITE))         /* performs case steps */

static const struct who roles[] = {
	{NULL, NULL, B(PUB)},
	{"officer1", NULL, HANDLER | B(EV_WRITE) | B(EV_READ)},
	{"officer2", NULL, HANDLER | B(EV_WRITE) | B(EV_READ)},
	{"reviewer1", NULL, HANDLER | B(EV_READ) | B(REVIEW) | B(LISTS)},
	{"leader1", NULL, HANDLER | B(CASE_SET) | B(EV_WRITE) | B(EV_READ) | B(REVIEW) | B(TRAIN) | B(LISTS) |
			   B(PUB_PAGES) | B(PUB_END)},
	{"supervisor1", NULL, CASES | B(EV_READ) | B(REVIEW) | B(JUSTICE) | B(PUB_PAGES)},
	{"publisher1", NULL, CASES | B(PUB_PAGES) | B(PUB_PUBLISH) | B(PUB_END)},
	{"registrar1", NULL, READER | B(WRITE) | B(TRAIN)},
	/* The three administrators do no business work: no registry at all. */
	{"sysadmin", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", STAFF | B(SETTINGS)},
	{"secadmin", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U", STAFF | B(ACCOUNT) | B(TOKEN)},
	{"auditor", "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA", STAFF | B(AUDIT)},
};
#define NROLES (sizeof(roles) / sizeof(roles[0]))

/* Every route of src/web/routes.c with a concrete path and a body whose
 * content is refused (422) when the write is allowed, so nothing changes. */
struct route {
	const char *method, *pattern, *path;
	enum need need;
	const char *body; /* form fields (csrf added) or JSON; NULL = none */
	long ok;          /* status when allowed */
};

/* The workbench pages of one register W ("/workbench/bodies", ...). */
#define REGISTER_PAGES(w)                                      \
	{"GET", w, w, READ, NULL, 200},                        \
	{"GET", w "/new", w "/new", WRITE, NULL, 200},         \
	{"POST", w, w, WRITE, "name=", 422},                   \
	{"GET", w "/<>", w "/1", READ, NULL, 200},             \
	{"GET", w "/<>/edit", w "/1/edit", WRITE, NULL, 200}, \
	{"POST", w "/<>", w "/1", WRITE, "name=", 422}

/* The API of one register A ("/api/v1/bodies", ...); PUT sends PUT_BODY. */
#define REGISTER_API(a, put_body)                  \
	{"GET", a, a, PUB, NULL, 200},             \
	{"POST", a, a, WRITE, "{}", 422},          \
	{"GET", a "/<>", a "/1", PUB, NULL, 200}, \
	{"PUT", a "/<>", a "/1", WRITE, put_body, 422}

static const struct route routes[] = {
	{"GET", "/healthz", "/healthz", PUB, NULL, 200},
	{"GET", "/", "/", PUB, NULL, 200},
	{"GET", "/bodies", "/bodies", PUB, NULL, 200},
	{"GET", "/bodies/<>", "/bodies/1", PUB, NULL, 200},
	{"GET", "/officers", "/officers", PUB, NULL, 200},
	{"GET", "/certificates", "/certificates", PUB, NULL, 200},
	{"GET", "/certificates/<>", "/certificates/14052400101", PUB, NULL, 200},
	{"GET", "/certificates/<>/qr", "/certificates/14052400101/qr", PUB, NULL, 200},
	{"GET", "/certificates/<>/qr.svg", "/certificates/14052400101/qr.svg", PUB, NULL, 200},
	{"GET", "/login", "/login", PUB, NULL, 200}, /* 303 to the workbench when signed in */
	{"POST", "/login", "/login", PUB, "login=&password=", 422},
	{"POST", "/logout", "/logout", WB, "", 303}, /* tested last, in test_logout */
	{"GET", "/workbench", "/workbench", WB, NULL, 200},
	REGISTER_PAGES("/workbench/bodies"),
	{"POST", "/workbench/bodies/<>/state", "/workbench/bodies/1/state", WRITE, "state=", 422},
	REGISTER_PAGES("/workbench/officers"),
	/* Training: read by the registry's readers (registrar1 keeps every body);
	 * recorded by a leader or registrar (TRAIN: the route lets readers in,
	 * the app refuses the others). Writes name no date: refused before
	 * anything is written. */
	{"GET", "/workbench/officers/<>/training", "/workbench/officers/1/training", READ, NULL, 200},
	{"GET", "/workbench/training", "/workbench/training", READ, NULL, 200},
	{"GET", "/workbench/training/new", "/workbench/training/new", TRAIN, NULL, 200},
	{"POST", "/workbench/training/new", "/workbench/training/new", TRAIN, "held_on=", 422},
	{"GET", "/workbench/training/<>", "/workbench/training/1", READ, NULL, 200},
	{"POST", "/workbench/training/<>", "/workbench/training/1", TRAIN, "held_on=", 422},
	{"GET", "/workbench/password", "/workbench/password", WB, NULL, 200},
	/* No current password: refused before anything is written. */
	{"POST", "/workbench/password", "/workbench/password", WB, "password=", 422},
	{"GET", "/workbench/audit", "/workbench/audit", AUDIT, NULL, 200},
	{"GET", "/workbench/accounts", "/workbench/accounts", ACCOUNT, NULL, 200},
	{"GET", "/workbench/accounts/new", "/workbench/accounts/new", ACCOUNT, NULL, 200},
	/* No password: refused before anything is written. */
	{"POST", "/workbench/accounts", "/workbench/accounts", ACCOUNT, "login=", 422},
	/* An account that does not exist: nothing to change. */
	{"POST", "/workbench/accounts/<>/disable", "/workbench/accounts/nobody/disable", ACCOUNT, "", 404},
	{"POST", "/workbench/accounts/<>/enable", "/workbench/accounts/nobody/enable", ACCOUNT, "", 404},
	{"POST", "/workbench/accounts/<>/password", "/workbench/accounts/officer1/password", ACCOUNT,
	 "password=", 422},
	{"GET", "/workbench/tokens", "/workbench/tokens", TOKEN, NULL, 200},
	{"POST", "/workbench/tokens", "/workbench/tokens", TOKEN, "days=x", 422},
	{"POST", "/workbench/tokens/<>/revoke", "/workbench/tokens/999/revoke", TOKEN, "", 404},
	{"GET", "/workbench/calendar", "/workbench/calendar", WB, NULL, 200},
	/* No year file: refused before anything is written. */
	{"POST", "/workbench/calendar", "/workbench/calendar", SETTINGS, "json=", 422},
	/* Cases on the workbench: writes name no procedure, step or field that
	 * exists, so they are refused before anything is written. */
	{"GET", "/workbench/cases", "/workbench/cases", CASE_READ, NULL, 200},
	{"GET", "/workbench/cases/new", "/workbench/cases/new", CASE_WRITE, NULL, 200},
	{"GET", "/workbench/cases/new/<>", "/workbench/cases/new/penalty_ordinary", CASE_WRITE, NULL, 200},
	{"POST", "/workbench/cases/new/<>", "/workbench/cases/new/none", CASE_WRITE, "", 404},
	{"GET", "/workbench/cases/<>", "/workbench/cases/1", CASE_READ, NULL, 200},
	{"GET", "/workbench/cases/<>/steps/<>", "/workbench/cases/1/steps/closing", CASE_WRITE, NULL, 200},
	{"POST", "/workbench/cases/<>/steps/<>", "/workbench/cases/1/steps/none", CASE_WRITE, "", 404},
	{"GET", "/workbench/cases/<>/documents/<>", "/workbench/cases/1/documents/999999", CASE_READ, NULL, 404},
	/* Evidence: no upload, no reason, no such item: nothing is written. The
	 * plain upload route streams its body: a body that is no multipart form
	 * is refused before anything is stored. */
	{"GET", "/workbench/cases/<>/evidence", "/workbench/cases/1/evidence", CASE_READ, NULL, 200},
	{"POST", "/workbench/cases/<>/evidence", "/workbench/cases/1/evidence", EV_WRITE, "upload_id=", 422},
	{"POST", "/workbench/cases/<>/evidence/file", "/workbench/cases/1/evidence/file", EV_WRITE, "x=1", 415},
	{"GET", "/workbench/cases/<>/evidence/inventory", "/workbench/cases/1/evidence/inventory", CASE_READ, NULL, 200},
	{"GET", "/workbench/evidence/<>", "/workbench/evidence/999999", EV_READ, NULL, 404},
	{"POST", "/workbench/evidence/<>/play", "/workbench/evidence/999999/play", EV_READ, "x=1", 404},
	{"GET", "/workbench/evidence/<>/media", "/workbench/evidence/999999/media?t=00", EV_READ, NULL, 404},
	{"GET", "/workbench/evidence/<>/download", "/workbench/evidence/999999/download", EV_READ, NULL, 404},
	{"POST", "/workbench/evidence/<>/withdraw", "/workbench/evidence/999999/withdraw", EV_WRITE, "reason=", 404},
	{"GET", "/workbench/deadlines", "/workbench/deadlines", CASE_READ, NULL, 200},
	/* Legal review: writes name no case or review that exists. */
	{"GET", "/workbench/cases/<>/review", "/workbench/cases/1/review", CASE_WRITE, NULL, 200},
	{"POST", "/workbench/cases/<>/review", "/workbench/cases/999999/review", CASE_WRITE, "", 404},
	{"POST", "/workbench/cases/<>/discussions", "/workbench/cases/999999/discussions", CASE_WRITE, "", 404},
	{"GET", "/workbench/cases/<>/discussions/<>", "/workbench/cases/999999/discussions/1", CASE_READ, NULL, 404},
	{"GET", "/workbench/reviews", "/workbench/reviews", REVIEW, NULL, 200},
	{"GET", "/workbench/reviews/<>", "/workbench/reviews/999999", CASE_READ, NULL, 404},
	{"POST", "/workbench/reviews/<>/<>", "/workbench/reviews/999999/assign", CASE_WRITE, "", 404},
	{"GET", "/workbench/disagreements", "/workbench/disagreements", REVIEW, NULL, 200},
	{"GET", "/workbench/violations", "/workbench/violations", CASE_READ, NULL, 200},
	{"GET", "/workbench/violations/new", "/workbench/violations/new", CASE_SET, NULL, 200},
	{"POST", "/workbench/violations/new", "/workbench/violations/new", CASE_SET, "name=", 422},
	{"GET", "/workbench/violations/<>", "/workbench/violations/1", CASE_READ, NULL, 200},
	{"POST", "/workbench/violations/<>", "/workbench/violations/1", CASE_SET, "name=", 422},
	{"GET", "/workbench/settings/cases", "/workbench/settings/cases", CASE_READ, NULL, 200},
	{"POST", "/workbench/settings/cases", "/workbench/settings/cases", CASE_SET, "statement_days=x", 422},
	/* The major-decision catalog: writes are refused before anything is written. */
	{"GET", "/workbench/review/catalog", "/workbench/review/catalog", REVIEW, NULL, 200},
	{"GET", "/workbench/review/catalog/new", "/workbench/review/catalog/new", REVIEW, NULL, 200},
	{"POST", "/workbench/review/catalog/new", "/workbench/review/catalog/new", REVIEW, "count=x", 422},
	{"POST", "/workbench/review/catalog/<>/approve", "/workbench/review/catalog/999999/approve", REVIEW, "", 404},
	{"POST", "/workbench/review/catalog/<>/reject", "/workbench/review/catalog/999999/reject", REVIEW, "reason=理由不足", 404},
	/* The AV list: reviewers and leaders draft (LISTS), leaders approve or
	 * reject; a draft that does not exist: 404, nothing changes. */
	{"GET", "/workbench/av-list", "/workbench/av-list", REVIEW, NULL, 200},
	{"POST", "/workbench/av-list", "/workbench/av-list", LISTS, "n=0", 422},
	{"POST", "/workbench/av-list/<>/approve", "/workbench/av-list/999999/approve", REVIEW, "", 404},
	{"POST", "/workbench/av-list/<>/reject", "/workbench/av-list/999999/reject", REVIEW, "reason=理由不足", 404},
	{"GET", "/workbench/av-exceptions", "/workbench/av-exceptions", REVIEW, NULL, 200},
	/* Public lists (事前公开): reviewers and leaders draft (LISTS: the route lets
	 * REVIEW in, the use case refuses supervisors); the justice queue is the
	 * supervisors' (JUSTICE); steps on a version that does not exist: 404. */
	{"GET", "/workbench/lists", "/workbench/lists", REVIEW, NULL, 200},
	{"GET", "/workbench/lists/justice", "/workbench/lists/justice", JUSTICE, NULL, 200},
	{"GET", "/workbench/lists/<>/new", "/workbench/lists/items/new", REVIEW, NULL, 200},
	{"POST", "/workbench/lists/<>/new", "/workbench/lists/items/new", LISTS, "n=0", 422},
	{"GET", "/workbench/lists/versions/<>", "/workbench/lists/versions/999999", REVIEW, NULL, 404},
	{"POST", "/workbench/lists/versions/<>/approve", "/workbench/lists/versions/999999/approve", REVIEW, "", 404},
	{"POST", "/workbench/lists/versions/<>/justice", "/workbench/lists/versions/999999/justice", REVIEW, "", 404},
	{"POST", "/workbench/lists/versions/<>/reject", "/workbench/lists/versions/999999/reject", REVIEW, "reason=理由不足", 404},
	/* The publisher's work (CASE_READ lets every case reader reach the route;
	 * the pages let publishers, leaders and supervisors in, publishing and
	 * rejecting is the publisher's, ending and answering the publisher's or
	 * leader's); on items that do not exist: 404. */
	{"GET", "/workbench/publications", "/workbench/publications", PUB_PAGES, NULL, 200},
	{"GET", "/workbench/publications/<>", "/workbench/publications/999999", PUB_PAGES, NULL, 404},
	{"POST", "/workbench/publications/<>/publish", "/workbench/publications/999999/publish", PUB_PUBLISH, "text=", 404},
	{"POST", "/workbench/publications/<>/reject", "/workbench/publications/999999/reject", PUB_PUBLISH, "reason=", 404},
	{"POST", "/workbench/publications/<>/end", "/workbench/publications/999999/end", PUB_END, "why=withdrawn&reason=", 404},
	{"GET", "/workbench/corrections", "/workbench/corrections", PUB_PAGES, NULL, 200},
	{"GET", "/workbench/corrections/<>", "/workbench/corrections/999999", PUB_PAGES, NULL, 404},
	{"POST", "/workbench/corrections/<>", "/workbench/corrections/999999", PUB_END, "answer=", 404},
	{"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", PUB, NULL, 200},
	REGISTER_API("/api/v1/bodies", "{\"uscc\":\"123\"}"),
	REGISTER_API("/api/v1/officers", "{\"valid_from\":\"x\"}"),
	{"GET", "/api/v1/certificates/<>", "/api/v1/certificates/14052400101", PUB, NULL, 200},
	{"GET", "/api/v1/calendar/due", "/api/v1/calendar/due?from=2026-09-30&working_days=1", WB, NULL,
	 200},
	/* Cases: no procedure, no version: refused before anything is written. */
	{"GET", "/api/v1/cases", "/api/v1/cases", CASE_READ, NULL, 200},
	{"POST", "/api/v1/cases", "/api/v1/cases", CASE_WRITE, "{}", 422},
	{"GET", "/api/v1/cases/<>", "/api/v1/cases/999999", CASE_READ, NULL, 404},
	{"POST", "/api/v1/cases/<>/steps/<>", "/api/v1/cases/1/steps/filing", CASE_WRITE, "{}", 422},
	{"GET", "/api/v1/cases/<>/documents/<>", "/api/v1/cases/999999/documents/1", CASE_READ, NULL, 404},
	{"GET", "/api/v1/cases/<>/reviews", "/api/v1/cases/999999/reviews", CASE_READ, NULL, 404},
	{"POST", "/api/v1/cases/<>/reviews", "/api/v1/cases/999999/reviews", CASE_WRITE, "{}", 404},
	{"GET", "/api/v1/reviews", "/api/v1/reviews", REVIEW, NULL, 200},
	{"POST", "/api/v1/reviews/<>/<>", "/api/v1/reviews/999999/assign", CASE_WRITE, "{}", 404},
	{"GET", "/api/v1/disagreements", "/api/v1/disagreements", REVIEW, NULL, 200},
	{"GET", "/api/v1/violation-types", "/api/v1/violation-types", CASE_READ, NULL, 200},
	{"GET", "/api/v1/cases/<>/evidence", "/api/v1/cases/1/evidence", CASE_READ, NULL, 200},
	{"POST", "/api/v1/cases/<>/evidence", "/api/v1/cases/1/evidence", EV_WRITE, "{}", 422},
	{"GET", "/api/v1/cases/<>/evidence/inventory", "/api/v1/cases/1/evidence/inventory", CASE_READ, NULL, 200},
	{"GET", "/api/v1/evidence/<>", "/api/v1/evidence/999999", EV_READ, NULL, 404},
	{"POST", "/api/v1/evidence/<>/withdraw", "/api/v1/evidence/999999/withdraw", EV_WRITE, "{}", 422},
	/* tus uploads: without Tus-Resumable an allowed request gets 412, so nothing is created */
	{"OPTIONS", "/api/v1/uploads", "/api/v1/uploads", PUB, NULL, 204},
	{"POST", "/api/v1/uploads", "/api/v1/uploads", EV_WRITE, NULL, 412},
	{"GET", "/api/v1/uploads/<>", "/api/v1/uploads/00000000000000000000000000000000", EV_WRITE, NULL, 404},
	{"PATCH", "/api/v1/uploads/<>", "/api/v1/uploads/00000000000000000000000000000000", EV_WRITE, NULL, 412},
	{"DELETE", "/api/v1/uploads/<>", "/api/v1/uploads/00000000000000000000000000000000", EV_WRITE, NULL, 412},
	/* published decisions and inspection results (unknown items answer 404
	 * to everyone, which no role is refused) */
	{"GET", "/decisions", "/decisions", PUB, NULL, 200},
	{"GET", "/decisions/<>", "/decisions/999999", PUB, NULL, 404},
	{"GET", "/decisions/<>/text", "/decisions/999999/text", PUB, NULL, 404},
	{"GET", "/decisions/<>/qr.svg", "/decisions/999999/qr.svg", PUB, NULL, 404},
	{"GET", "/decisions/<>/correction", "/decisions/999999/correction", PUB, NULL, 404},
	{"POST", "/decisions/<>/correction", "/decisions/999999/correction", PUB, "name=", 404},
	{"GET", "/inspections", "/inspections", PUB, NULL, 200},
	{"GET", "/inspections/<>", "/inspections/999999", PUB, NULL, 404},
	{"GET", "/inspections/<>/text", "/inspections/999999/text", PUB, NULL, 404},
	{"GET", "/inspections/<>/qr.svg", "/inspections/999999/qr.svg", PUB, NULL, 404},
	{"GET", "/inspections/<>/correction", "/inspections/999999/correction", PUB, NULL, 404},
	{"POST", "/inspections/<>/correction", "/inspections/999999/correction", PUB, "name=", 404},
	{"GET", "/corrections", "/corrections", PUB, NULL, 200},
	{"GET", "/corrections/<>", "/corrections/JC00000000", PUB, NULL, 404},
	/* The record log: the demo's entries are integrated at the server's start. */
	{"GET", "/log/checkpoint", "/log/checkpoint", PUB, NULL, 200},
	{"GET", "/log/key", "/log/key", PUB, NULL, 200},
	{"GET", "/log/tile/<*>", "/log/tile/entries/000.p/1", PUB, NULL, 200},
	{"GET", "/log/proof/<>", "/log/proof/0", PUB, NULL, 200},
	/* the published procedures (the definitions are embedded in the binary) */
	{"GET", "/flowcharts", "/flowcharts", PUB, NULL, 200},
	{"GET", "/flowcharts/<>", "/flowcharts/penalty_ordinary.svg", PUB, NULL, 200},
	{"GET", "/review-catalog", "/review-catalog", PUB, NULL, 200},
	{"GET", "/review-catalog/<>", "/review-catalog/1", PUB, NULL, 200},
	{"GET", "/av-list", "/av-list", PUB, NULL, 200},
	{"GET", "/av-list/<>", "/av-list/1", PUB, NULL, 200},
	{"GET", "/av-list/<>/versions/<>", "/av-list/1/versions/999999", PUB, NULL, 404},
	{"GET", "/lists", "/lists", PUB, NULL, 200},
	{"GET", "/lists/<>/<>", "/lists/1/items", PUB, NULL, 200},
	{"GET", "/lists/<>/<>/versions", "/lists/1/items/versions", PUB, NULL, 200},
	{"GET", "/lists/<>/<>/versions/<>", "/lists/1/items/versions/1", PUB, NULL, 200},
	{"GET", "/search", "/search?q=%E5%B8%82", PUB, NULL, 200},
	{"GET", "/feeds/decisions.atom", "/feeds/decisions.atom", PUB, NULL, 200},
	{"GET", "/feeds/inspections.atom", "/feeds/inspections.atom", PUB, NULL, 200},
	{"GET", "/open/decisions.csv", "/open/decisions.csv", PUB, NULL, 200},
	{"GET", "/open/decisions.json", "/open/decisions.json", PUB, NULL, 200},
	{"GET", "/open/inspections.csv", "/open/inspections.csv", PUB, NULL, 200},
	{"GET", "/open/inspections.json", "/open/inspections.json", PUB, NULL, 200},
	{"GET", "/api/v1/procedures", "/api/v1/procedures", WB, NULL, 200},
	{"GET", "/api/v1/procedures/<>", "/api/v1/procedures/penalty_ordinary", WB, NULL, 200},
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

struct fx {
	struct demo d; /* first: the tests' state points at it */
	struct client cl[NROLES];
};

/* Signs every role but the public in, each with its own client. */
static int sign_in_all(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	for (size_t i = 0; i < NROLES; i++) {
		client_init(&f->cl[i], &f->d.s);
		if (!roles[i].login)
			continue;
		char code[7] = "";
		if (roles[i].secret)
			totp_now(roles[i].secret, code);
		long st = client_login(&f->cl[i], roles[i].login, "demo", roles[i].secret ? code : NULL);
		if (st != 303 || !f->cl[i].csrf[0]) {
			fprintf(stderr, "login of %s: %ld\n", roles[i].login, st);
			return -1;
		}
	}
	return 0;
}

static void free_all(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	for (size_t i = 0; i < NROLES; i++)
		client_free(&f->cl[i]);
}

static int is_api(const struct route *rt)
{
	return strncmp(rt->path, "/api/", 5) == 0;
}

static int perm_of(enum need n)
{
	switch (n) {
	case PUB: return ZF_PERM_PUBLIC;
	case WB: return ZF_PERM_WORKBENCH;
	case READ: return ZF_PERM_REGISTRY_READ;
	case WRITE: return ZF_PERM_REGISTRY_WRITE;
	case AUDIT: return ZF_PERM_AUDIT_READ;
	case ACCOUNT: return ZF_PERM_ACCOUNT_ADMIN;
	case TOKEN: return ZF_PERM_TOKEN_ADMIN;
	case SETTINGS: return ZF_PERM_SETTINGS;
	case CASE_READ: return ZF_PERM_CASE_READ;
	case CASE_WRITE: return ZF_PERM_CASE_WRITE;
	case CASE_SET: return ZF_PERM_CASE_SETTINGS;
	case EV_WRITE: return ZF_PERM_EVIDENCE_WRITE;
	case EV_READ: return ZF_PERM_EVIDENCE_READ;
	case REVIEW: return ZF_PERM_REVIEW;
	case TRAIN: return ZF_PERM_REGISTRY_READ;
	case LISTS: return ZF_PERM_REVIEW;
	case JUSTICE: return ZF_PERM_REVIEW;
	case PUB_PAGES: return ZF_PERM_CASE_READ;
	case PUB_PUBLISH: return ZF_PERM_CASE_READ;
	case PUB_END: return ZF_PERM_CASE_READ;
	}
	return -1;
}

/* The table above is the whole route table, with the same permissions. */
static void test_table_complete(void **state)
{
	(void)state;
	assert_int_equal(zf_nroutes, NROUTES);
	for (size_t i = 0; i < zf_nroutes; i++) {
		const struct route *found = NULL;
		for (size_t k = 0; k < NROUTES; k++)
			if (!strcmp(routes[k].method, zf_routes[i].method) &&
			    !strcmp(routes[k].pattern, zf_routes[i].pattern))
				found = &routes[k];
		if (!found)
			fail_msg("route %s %s is not in the access test", zf_routes[i].method,
				 zf_routes[i].pattern);
		if (perm_of(found->need) != zf_routes[i].perm)
			fail_msg("route %s %s needs permission %d, the test expects %d",
				 zf_routes[i].method, zf_routes[i].pattern, zf_routes[i].perm,
				 perm_of(found->need));
	}
}

/* 1 when RT is a streamed route: a page's form sends its token in the query string. */
static int is_stream(const struct route *rt)
{
	for (size_t i = 0; i < zf_nroutes; i++)
		if (!strcmp(zf_routes[i].method, rt->method) && !strcmp(zf_routes[i].pattern, rt->pattern))
			return (zf_routes[i].flags & ZF_ROUTE_STREAM) != 0;
	return 0;
}

/* Sends RT as the client of role R, with a valid CSRF token. */
static void send_route(struct fx *f, size_t r, const struct route *rt, struct resp *out)
{
	struct client *cl = &f->cl[r];
	const char *csrf = roles[r].login ? cl->csrf : NULL;
	char body[512], path[512];
	if (csrf && !is_api(rt) && is_stream(rt)) {
		snprintf(path, sizeof(path), "%s?csrf=%s", rt->path, csrf);
		assert_int_equal(client_req(cl, rt->method, path, rt->body,
					    "application/x-www-form-urlencoded", NULL, out), 0);
		return;
	}
	if (is_api(rt)) {
		assert_int_equal(client_json(cl, rt->method, rt->path, rt->body, NULL, csrf, out), 0);
		return;
	}
	if (rt->body && csrf)
		snprintf(body, sizeof(body), "%s%scsrf=%s", rt->body, *rt->body ? "&" : "", csrf);
	else
		snprintf(body, sizeof(body), "%s", rt->body ? rt->body : "");
	assert_int_equal(client_req(cl, rt->method, rt->path, rt->body ? body : NULL,
				    rt->body ? "application/x-www-form-urlencoded" : NULL, NULL, out),
			 0);
}

/* Asserts RES is a JSON error answer with CODE. */
static void assert_json_error(const struct resp *res, const char *code)
{
	json_t *j = resp_json(res);
	json_t *e = json_error_of(j);
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(e, "code")), code);
	json_decref(j);
}

static void check_one(struct fx *f, size_t r, const struct route *rt)
{
	struct resp res;
	char loc[256], ct[128];
	int allowed = (roles[r].may & B(rt->need)) != 0;
	const char *who = roles[r].login ? roles[r].login : "public";
	send_route(f, r, rt, &res);
	long want = rt->ok;
	if (allowed && roles[r].login && !strcmp(rt->method, "GET") && !strcmp(rt->path, "/login"))
		want = 303;
	if (allowed) {
		if (res.status != want)
			fail_msg("%s %s as %s: %ld, wanted %ld (allowed)\n%.400s", rt->method, rt->path,
				 who, res.status, want, res.body);
	} else if (roles[r].login) {
		if (res.status != 403)
			fail_msg("%s %s as %s: %ld, wanted 403\n%.400s", rt->method, rt->path, who,
				 res.status, res.body);
		if (is_api(rt)) {
			assert_json_error(&res, "forbidden");
		} else {
			assert_non_null(strstr(res.body, "权限"));
		}
	} else if (is_api(rt)) {
		if (res.status != 401)
			fail_msg("%s %s as public: %ld, wanted 401", rt->method, rt->path, res.status);
		assert_non_null(resp_header(&res, "Content-Type", ct, sizeof(ct)));
		assert_int_equal(strncmp(ct, "application/json", 16), 0);
		assert_json_error(&res, "unauthenticated");
	} else {
		if (res.status != 303)
			fail_msg("%s %s as public: %ld, wanted 303 to /login", rt->method, rt->path,
				 res.status);
		assert_non_null(resp_header(&res, "Location", loc, sizeof(loc)));
		assert_int_equal(strncmp(loc, "/login", 6), 0);
		if (!strcmp(rt->method, "GET"))
			assert_int_equal(strncmp(loc, "/login?next=", 12), 0);
	}
	resp_free(&res);
}

static void test_matrix(void **state)
{
	struct fx *f = *state;
	for (size_t k = 0; k < NROUTES; k++) {
		if (!strcmp(routes[k].path, "/logout"))
			continue;
		for (size_t r = 0; r < NROLES; r++)
			check_one(f, r, &routes[k]);
	}
}

/* Whatever the matrix did, nothing in the registry changed. */
static void test_nothing_written(void **state)
{
	struct fx *f = *state;
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM officer"), 30);
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM body"), 3);
	assert_int_equal(db_scalar(&f->d.s, "SELECT max(version) FROM officer"), 1);
	assert_int_equal(db_scalar(&f->d.s, "SELECT max(version) FROM body"), 1);
	/* ... and no account or token either. */
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM account"), 10);
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM account WHERE enabled = 0"), 0);
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM account WHERE "
					  "pw_changed_at <> created_at"), 0);
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM api_token"), 0);
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM training WHERE corrects_id IS NOT NULL"), 0);
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM training WHERE topic NOT LIKE '%（示例）'"), 0);
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM calendar_year"), 0);
	/* ... nor any upload, evidence or withdrawal beyond the demo's: the
	 * photo and video of the penalty case's site check and the photos of
	 * the finished inspection's site visit and re-check. */
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM upload"), 4);
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM evidence"), 4);
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM evidence_withdrawal"), 0);
	/* Refusals of signed-in users are audited. */
	assert_true(db_scalar(&f->d.s, "SELECT count(*) FROM audit WHERE outcome='denied' AND "
				     "actor_login='sysadmin'") >= 10);
}

/* The registry through the API with a session needs the X-CSRF-Token header. */
static void test_api_session_csrf(void **state)
{
	struct fx *f = *state;
	size_t reg = 7;
	struct resp r;
	assert_string_equal(roles[reg].login, "registrar1");
	assert_int_equal(client_json(&f->cl[reg], "PUT", "/api/v1/officers/1", "{\"name\":\"改名\"}",
				     NULL, NULL, &r), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(client_json(&f->cl[reg], "PUT", "/api/v1/officers/1", "{\"name\":\"改名\"}",
				     NULL, "wrong", &r), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(db_scalar(&f->d.s, "SELECT count(*) FROM officer WHERE name='改名'"), 0);
}

static void test_logout(void **state)
{
	struct fx *f = *state;
	for (size_t r = 0; r < NROLES; r++) {
		struct resp res;
		char loc[256];
		send_route(f, r, &routes[11], &res);
		assert_string_equal(routes[11].path, "/logout");
		assert_int_equal(res.status, 303);
		assert_non_null(resp_header(&res, "Location", loc, sizeof(loc)));
		/* Staff leave to the front page; the public is sent to sign in. */
		assert_string_equal(loc, roles[r].login ? "/" : "/login");
		resp_free(&res);
		assert_int_equal(client_get(&f->cl[r], "/workbench", &res), 0);
		assert_int_equal(res.status, 303);
		resp_free(&res);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_complete),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_nothing_written),
		cmocka_unit_test(test_api_session_csrf),
		cmocka_unit_test(test_logout),
	};
	struct fx f = {.d = {.setup = sign_in_all, .teardown = free_all}};
	return demo_run_tests(tests, &f.d);
}
