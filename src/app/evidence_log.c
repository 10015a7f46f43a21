/* The log's walk over evidence items and their custody rows: each row's canonical projection against its logged history, so that an edited row is reported by zhifa log verify. */
#include <stdlib.h>

#include "app/evidence_int.h"
#include "app/ledger_int.h"

#define PAGE 256
#define HINT "证据及其保管记录在附入时写入记录日志"

/* Walks the evidence rows (T 0) or the custody rows (T 1) with FN. */
static int walk(struct zf_db *db, int t, zf_log_record_fn fn, void *ctx, struct zf_err *err)
{
	struct zf_log_record rec = {
		.table = t ? "evidence_custody" : "evidence",
		.entity = t ? "evidence_custody" : "evidence",
		.project = t ? NULL : zf_ev_canon_project, .hint = HINT,
	};
	int64_t after = 0;
	size_t n = 0;
	int rc = 0;

	do {
		struct zf_arena *a = zf_arena_new(0);
		struct zf_evidence_rec *e = NULL;
		struct zf_custody_rec *c = NULL;
		if (!a)
			return zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
		n = 0;
		rc = t ? zf_store_custody_page(db, a, after, PAGE, &c, &n, err)
		       : zf_store_evidence_page(db, a, after, PAGE, &e, &n, err);
		for (size_t i = 0; !rc && i < n; i++) {
			rec.id = after = t ? c[i].id : e[i].id;
			if (!(rec.canon = t ? zf_ev_custody_canon(&c[i]) : zf_ev_canon(&e[i], 0)))
				rc = zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
			else
				rc = fn(ctx, a, &rec);
		}
		zf_arena_free(a);
	} while (!rc && n == PAGE);
	return rc;
}

int zf_app_log_evidence_records(struct zf_db *db, zf_log_record_fn fn, void *ctx,
				struct zf_err *err)
{
	int rc = walk(db, 0, fn, ctx, err);

	return rc ? rc : walk(db, 1, fn, ctx, err);
}
