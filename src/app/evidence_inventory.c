/* The evidence inventory of a case (证据清单): every item with the log index of its attach entry and its last verification, for the printable list and its JSON form. */
#include <stdio.h>
#include <string.h>

#include "app/auth.h"
#include "app/evidence_int.h"
#include "store/history.h"

/* Fills the log index and last verification of line L from DB. */
static int line_fill(struct zf_db *db, struct zf_arena *a, struct zf_evidence_line *l,
		     struct zf_err *err)
{
	struct zf_history *hist = NULL;
	struct zf_custody_rec *c = NULL;
	size_t nh = 0, nc = 0;
	const char *entry = NULL;
	int64_t idx = -1;
	int rc = zf_store_history_list(db, a, "evidence", l->e.id, &hist, &nh, err);

	if (rc || (rc = zf_store_custody_list(db, a, l->e.id, &c, &nc, err)))
		return rc;
	/* The first history row of the item is its attach record. */
	if (nh && !zf_store_evidence_log_entry(db, a, hist[0].id, &entry, &idx, NULL))
		l->e.log_index = idx;
	l->verified_at = 0;
	l->verify_result = "";
	for (size_t i = nc; i-- > 0;)
		if (!strcmp(c[i].action, "verify")) {
			l->verified_at = c[i].at;
			l->verify_result = c[i].detail ? c[i].detail : "";
			break;
		}
	return 0;
}

int zf_app_evidence_inventory(struct zf_app *app, const struct zf_actor *actor,
			      struct zf_arena *a, int64_t case_id, struct zf_evidence_line **out,
			      size_t *n, struct zf_err *err)
{
	struct zf_evidence *items = NULL;
	struct zf_db *db = NULL;
	size_t count = 0;
	char target[32];
	int rc = zf_app_evidence_list(app, actor, a, case_id, &items, &count, err);

	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	if (count && !(*out = zf_arena_alloc(a, count * sizeof(**out))))
		return zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM);
	if ((rc = zf_ev_read_begin(app, &db, err)))
		return rc;
	for (size_t i = 0; i < count && !rc; i++) {
		(*out)[i] = (struct zf_evidence_line){.e = items[i]};
		rc = line_fill(db, a, &(*out)[i], err);
	}
	zf_ev_read_end(app, db);
	if (rc)
		return rc;
	*n = count;
	snprintf(target, sizeof(target), "case:%lld", (long long)case_id);
	zf_app_audit(app, actor, "evidence_inventory", target, "ok", "");
	return 0;
}
