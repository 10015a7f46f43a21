/* Verifying evidence: rehashes the stored bytes of each item and checks the item against its logged attach record and that record against its log entry; records custody "verify". */
#include <stdlib.h>
#include <string.h>

#include "app/evidence_int.h"
#include "app/upload.h"
#include "ledger/entry.h"
#include "store/history.h"

#define PAGE 100
#define RECHECK_SECONDS (30 * 86400)

struct run {
	struct zf_app *app;
	struct zf_arena *a;
	struct zf_evidence_finding *out;
	size_t n, cap;
};

/* Adds the finding PROBLEM about E; 0 or ZF_ENOMEM. */
static int finding(struct run *v, const struct zf_evidence_rec *e, const char *problem,
		   struct zf_err *err)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		struct zf_evidence_finding *f = zf_arena_alloc(v->a, cap * sizeof(*f));
		if (!f)
			return zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
		if (v->n)
			memcpy(f, v->out, v->n * sizeof(*f));
		v->out = f;
		v->cap = cap;
	}
	struct zf_evidence_finding *f = &v->out[v->n];
	*f = (struct zf_evidence_finding){
		.evidence_id = e->id, .case_id = e->case_id,
		.case_no = zf_arena_strdup(v->a, e->case_no ? e->case_no : ""),
		.filename = zf_arena_strdup(v->a, e->filename),
		.sha256 = zf_arena_strdup(v->a, e->sha256),
		.problem = zf_arena_strdup(v->a, problem),
	};
	if (!f->case_no || !f->filename || !f->sha256 || !f->problem)
		return zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
	v->n++;
	return 0;
}

/* The problem of E's stored bytes, NULL when they are as recorded; an
 * error that is not about the bytes into *RC. */
static const char *bytes_problem(struct run *v, const struct zf_evidence_rec *e, int *rc,
				 struct zf_err *err)
{
	struct zf_blob_digest d = {0};
	struct zf_err local = {0};
	int r = zf_blob_verify(v->app->blobs, e->sha256,
			       ZF_BLOB_SHA256 | (*e->sm3 ? ZF_BLOB_SM3 : 0), &d, &local);

	*rc = 0;
	if (r == ZF_ENOTFOUND)
		return "文件缺失";
	if (r == ZF_EINTEGRITY)
		return "内容被改动（SHA-256 不符）";
	if (r) {
		*err = local;
		*rc = r;
		return NULL;
	}
	if (*e->sm3 && strcmp(d.sm3, e->sm3) != 0)
		return "内容被改动（SM3 不符）";
	if (d.size != (uint64_t)e->size)
		return "文件大小与记录不符";
	return NULL;
}

/* The problem of E's record against its logged attach history row and
 * that row against its log entry, NULL when all holds. */
static const char *log_problem(struct zf_db *db, struct zf_arena *a,
			       const struct zf_evidence_rec *e, int *rc, struct zf_err *err)
{
	struct zf_history *h = NULL;
	size_t nh = 0;
	const char *entry = NULL, *problem = NULL;
	int64_t idx = -1;
	char *row = NULL, *logged = NULL;

	if ((*rc = zf_store_history_list(db, a, "evidence", e->id, &h, &nh, err)))
		return NULL;
	const struct zf_history *att = nh ? &h[nh - 1] : NULL; /* the oldest: the attach */
	if (!att || !att->salt)
		return "没有记录日志覆盖的附入记录";
	if (!(row = zf_ev_canon(e, 0)) || !(logged = zf_ev_canon_project(att->after_json))) {
		*rc = zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
		goto out;
	}
	if (strcmp(row, logged) != 0) {
		problem = "证据记录与记录日志中的附入记录不符（数据库被改动？）";
		goto out;
	}
	int r = zf_store_evidence_log_entry(db, a, att->id, &entry, &idx, err);
	if (r == ZF_ENOTFOUND) {
		zf_err_clear(err);
		problem = "记录日志中没有该证据的附入条目";
		goto out;
	}
	if ((*rc = r))
		goto out;
	size_t len = strlen(entry);
	char *copy = zf_arena_alloc(a, len + 1);
	struct zf_entry en;
	char commit[65];
	if (!copy) {
		*rc = zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
		goto out;
	}
	if (zf_entry_parse(entry, len, &en, copy, len + 1) ||
	    zf_entry_commit(att->salt, att->after_json, strlen(att->after_json), commit) ||
	    strcmp(commit, en.commit) != 0)
		problem = "附入记录与记录日志条目不符（变更记录被改动？）";
out:
	free(row);
	free(logged);
	return problem;
}

/* Verifies E: its bytes, its record against the log; records custody
 * "verify" and any finding. */
static int verify_one(struct run *v, const struct zf_actor *cli,
		      const struct zf_evidence_rec *e, struct zf_err *err)
{
	struct zf_tx tx = {0};
	int rc = 0;
	const char *problem = bytes_problem(v, e, &rc, err);

	if (rc || (rc = zf_tx_begin(&tx, v->app, cli, err)))
		return rc;
	if (!problem)
		problem = log_problem(tx.db, v->a, e, &rc, err);
	if (!rc)
		rc = zf_ev_custody(&tx, e->id, "verify", tx.now, problem ? problem : "校验通过", err);
	rc = zf_tx_end(&tx, rc, err);
	return !rc && problem ? finding(v, e, problem, err) : rc;
}

/* 1 when E is due: ALL, or not verified in the last 30 days before NOW. */
static int due(struct zf_db *db, const struct zf_evidence_rec *e, int all, int64_t now,
	       struct zf_err *err)
{
	int64_t at = 0;
	int rc;

	if (all)
		return 1;
	rc = zf_store_custody_last(db, e->id, "verify", &at, err);
	if (rc == ZF_ENOTFOUND)
		return 1;
	return rc ? rc : at < now - RECHECK_SECONDS;
}

int zf_app_evidence_verify(struct zf_app *app, struct zf_arena *a, int all,
			   struct zf_evidence_finding **out, size_t *n, int64_t *checked,
			   struct zf_err *err)
{
	struct run v = {.app = app, .a = a};
	struct zf_actor cli;
	int64_t after = 0, now = zf_clock_now(&app->clock);
	size_t got = 0;
	int rc = 0;

	zf_actor_cli(&cli);
	*out = NULL;
	*n = 0;
	*checked = 0;
	if (!zf_ev_blobs(app, err))
		return ZF_ENOTSUP;
	do {
		struct zf_arena *pa = zf_arena_new(0);
		struct zf_evidence_rec *rows = NULL;
		struct zf_db *db = NULL;
		char todo[PAGE] = {0};
		if (!pa)
			return zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
		got = 0;
		if (!(rc = zf_ev_read_begin(app, &db, err)))
			rc = zf_store_evidence_page(db, pa, after, PAGE, &rows, &got, err);
		for (size_t i = 0; !rc && i < got && i < PAGE; i++) {
			int d = due(db, &rows[i], all, now, err);
			if (d < 0)
				rc = d;
			todo[i] = d > 0;
		}
		zf_ev_read_end(app, db);
		for (size_t i = 0; !rc && i < got; i++) {
			after = rows[i].id;
			if (!todo[i])
				continue;
			rc = verify_one(&v, &cli, &rows[i], err);
			(*checked)++;
		}
		zf_arena_free(pa);
	} while (!rc && got == PAGE);
	*out = v.out;
	*n = v.n;
	return rc;
}
