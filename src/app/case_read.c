/* Reading cases: one case with its timeline, documents, deadlines and next actions; lists; one document; the deadline dashboard. Identifiers are masked for readers without the need. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/calendar.h"
#include "app/case_int.h"
#include "core/role.h"
#include "store/log.h"

#define LIST_MAX 200
#define DASH_PAGE 200
#define DASH_MAX 1000
#define HINTS_MAX 16

int zf_case_read_begin(struct zf_app *app, struct zf_db **db, struct zf_err *err)
{
	int rc = zf_dbpool_get(app->pool, db, 5000, err);

	if (!rc && (rc = zf_db_begin(*db, 0, err))) {
		zf_dbpool_put(app->pool, *db);
		*db = NULL;
	}
	return rc;
}

void zf_case_read_end(struct zf_app *app, struct zf_db *db)
{
	if (!db)
		return;
	zf_db_rollback(db);
	zf_dbpool_put(app->pool, db);
}

/* ---- masking ---- */

/* Members that hold a person's identifier: 当事人 and 被询问人 证件号码. */
static int id_key(const char *key)
{
	return !strcmp(key, "id_number") || !strcmp(key, "interviewee_id");
}

/* Masks every identifier member inside J (objects and arrays, any depth). */
static void mask_json(json_t *j, int depth)
{
	const char *key;
	json_t *v;
	size_t i;

	if (depth > 16)
		return;
	if (json_is_array(j))
		json_array_foreach(j, i, v)
			mask_json(v, depth + 1);
	json_object_foreach(j, key, v) {
		if (id_key(key) && json_is_string(v) && *json_string_value(v)) {
			char m[128];
			zf_id_mask(json_string_value(v), m, sizeof(m));
			json_string_set(v, m);
		} else {
			mask_json(v, depth + 1);
		}
	}
}

/* TEXT (JSON) with identifiers masked, in A; TEXT itself when it does not parse. */
static const char *mask_text(struct zf_arena *a, const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	char *s;
	const char *out;

	if (!j)
		return text;
	mask_json(j, 0);
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	out = s ? zf_arena_strdup(a, s) : NULL;
	free(s);
	json_decref(j);
	return out;
}

/* ---- one case ---- */

/* The names and certificate numbers of the officers OFFICERS_JSON lists. */
static const char *officer_names(struct zf_case_ctx *x, const char *officers_json)
{
	json_t *ids = json_loads(officers_json, 0, NULL);
	struct zf_field_def f = {.name = "officers", .label = "执法人员", .type = ZF_FT_OFFICERS};
	const char *out = ids ? zf_case_value_text(x, &f, ids) : "";
	json_decref(ids);
	return out ? out : "";
}

/* The steps of X as the view shows them. */
static int view_steps(struct zf_case_ctx *x, int sees, struct zf_case_view *out,
		      struct zf_err *err)
{
	if (x->nsteps && !(out->steps = zf_arena_alloc(x->a, x->nsteps * sizeof(*out->steps))))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	for (size_t i = 0; i < x->nsteps; i++) {
		const struct zf_step_rec *r = &x->steps[i];
		const struct zf_step_def *d = zf_procedure_step(x->proc, r->code);
		struct zf_case_step *s = &out->steps[i];

		*s = (struct zf_case_step){
			.id = r->id, .code = r->code, .name = d ? d->name : r->code, .seq = r->seq,
			.values_json = sees ? r->values_json : mask_text(x->a, r->values_json),
			.officers = officer_names(x, r->officers_json), .place = r->place,
			.occurred_on = r->occurred_on, .performed_at = r->performed_at,
			.performed_by = r->performer, .corrects_id = r->corrects_id,
			.history_id = r->history_id, .log_index = -1,
		};
		if (!s->values_json)
			return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	}
	out->nsteps = x->nsteps;
	return 0;
}

/* Sets the leaf index of every integrated step's log entry in OUT (they stay
 * -1 while pending, or when anything cannot be read: the page still shows). */
static void view_log(struct zf_case_ctx *x, struct zf_case_view *out)
{
	struct zf_log_state st;
	int64_t rank = 0, lo = 0;

	if (zf_store_log_state_get(x->db, x->a, &st, NULL))
		return;
	for (size_t i = 0; i < out->nsteps; i++) {
		struct zf_case_step *s = &out->steps[i];
		struct zf_log_row *leaf = NULL;
		size_t n = 0;
		int64_t below = 0;
		char want[48];

		if (s->history_id < lo ||
		    zf_store_history_salted_between(x->db, lo, s->history_id, &below, NULL))
			return;
		rank += below;
		if (rank >= st.size)
			return; /* this one and the later ones are pending */
		/* The entry must be the one committing to this row: else show none. */
		snprintf(want, sizeof(want), "\nrecord history:%lld\n", (long long)s->history_id);
		if (zf_store_log_leaf_range(x->db, x->a, rank, rank + 1, &leaf, &n, NULL) == 0 &&
		    n == 1 && strstr(leaf[0].entry, want))
			s->log_index = rank;
		rank++; /* the row itself */
		lo = s->history_id + 1;
	}
}

/* Document row R as the view shows it. */
static int view_doc(struct zf_case_ctx *x, const struct zf_doc_rec *r, int sees,
		    struct zf_case_doc *d, struct zf_err *err)
{
	const struct zf_doc_type *dt = zf_doc_type_find(r->doc_type);

	*d = (struct zf_case_doc){
		.id = r->id, .step_id = r->step_id, .doc_type = r->doc_type,
		.name = dt ? dt->name : r->doc_type, .number = r->number,
		.data_json = sees ? r->data_json : mask_text(x->a, r->data_json),
		.issued_at = r->issued_at, .history_id = r->history_id,
	};
	return d->data_json ? 0 : zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
}

/* The parties of X, identifiers masked unless SEES. */
static int view_parties(struct zf_case_ctx *x, int sees, struct zf_case_view *out,
			struct zf_err *err)
{
	if (x->nparties && !(out->parties = zf_arena_alloc(x->a, x->nparties * sizeof(*out->parties))))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	for (size_t i = 0; i < x->nparties; i++) {
		struct zf_party *p = &out->parties[i];
		*p = x->parties[i];
		if (!sees && p->id_number && *p->id_number) {
			char m[128];
			zf_id_mask(p->id_number, m, sizeof(m));
			if (!(p->id_number = zf_arena_strdup(x->a, m)))
				return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
			p->birth_date = "";
		}
	}
	out->nparties = x->nparties;
	return 0;
}

/* The steps ACTOR may perform on X now. */
static int view_actions(struct zf_case_ctx *x, const struct zf_actor *actor,
			struct zf_case_view *out, struct zf_err *err)
{
	json_t *facts;

	out->nactions = 0;
	if (actor->body_id != x->c.body_id || !zf_role_allows(actor->role, ZF_PERM_CASE_WRITE) ||
	    actor->role <= 0 || actor->role >= 32)
		return 0;
	if (!(facts = zf_case_facts(x, NULL)) ||
	    !(out->actions = zf_arena_alloc(x->a, x->proc->nsteps * sizeof(*out->actions)))) {
		json_decref(facts);
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	}
	for (size_t i = 0; i < x->proc->nsteps; i++) {
		const struct zf_step_def *s = &x->proc->steps[i];
		char why[256];

		if (!(s->roles & (1u << actor->role)) ||
		    (s->handler && !zf_case_officer_active(x, actor->officer_id)) ||
		    !zf_case_available(x, s, facts, 0, why, sizeof(why)))
			continue;
		out->actions[out->nactions++] = (struct zf_case_action){s->code, s->name};
	}
	json_decref(facts);
	return 0;
}

/* The hints for the case as it stands. */
static int view_hints(struct zf_case_ctx *x, const struct zf_actor *actor,
		      struct zf_case_view *out, struct zf_err *err)
{
	json_t *facts = zf_case_facts(x, NULL);
	struct zf_guard_ctx g = {
		.proc = x->proc, .facts = facts, .settings = x->settings, .done = x->done,
		.ndone = x->nsteps, .actor_officer_id = actor->officer_id,
		.violation = x->violation.id ? &x->violation : NULL, .parties = x->parties,
		.nparties = x->nparties, .today = x->today, .now = x->now, .cal = x->cal,
	};

	if (!facts || !(out->hints = zf_arena_alloc(x->a, HINTS_MAX * sizeof(*out->hints)))) {
		json_decref(facts);
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	}
	out->nhints = zf_case_hints(&g, out->hints, HINTS_MAX);
	if (out->nhints > HINTS_MAX)
		out->nhints = HINTS_MAX;
	json_decref(facts);
	return 0;
}

/* next_due and overdue of C from its deadlines D (N). */
static void due_summary(struct zf_case *c, const struct zf_case_deadline *d, size_t n)
{
	c->next_due = "";
	c->overdue = 0;
	for (size_t i = 0; i < n; i++) {
		if (d[i].kind != ZF_DK_DUE || d[i].state != ZF_DL_OPEN)
			continue;
		if (!c->next_due[0] || strcmp(d[i].due, c->next_due) < 0)
			c->next_due = d[i].due;
		c->overdue |= d[i].days_left < 0;
	}
}

/* The case row of X as struct zf_case. */
static void case_of(const struct zf_case_ctx *x, struct zf_case *c)
{
	const struct zf_step_def *last = x->proc ? zf_procedure_step(x->proc, x->c.last_step) : NULL;

	*c = (struct zf_case){
		.id = x->c.id, .body_id = x->c.body_id, .body_name = x->c.body_name,
		.procedure = x->c.procedure, .proc_version = x->c.proc_version,
		.proc_sha256 = x->c.proc_sha256, .settings_version = x->c.settings_version,
		.case_no = x->c.case_no, .title = x->c.title, .state = x->c.state,
		.last_step = x->c.last_step, .last_step_name = last ? last->name : x->c.last_step,
		.facts_json = x->c.facts_json, .violation_id = x->c.violation_id,
		.opened_on = x->c.opened_on, .created_by = x->c.created_by,
		.created_at = x->c.created_at, .updated_at = x->c.updated_at,
		.version = x->c.version, .next_due = "",
	};
}

/* 1 when X has a natural person party. */
static int has_person(const struct zf_case_ctx *x)
{
	for (size_t i = 0; i < x->nparties; i++)
		if (x->parties[i].kind == ZF_PARTY_PERSON)
			return 1;
	return 0;
}

int zf_app_case_get(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		    int64_t id, struct zf_case_view *out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_case_ctx x = {0};
	struct zf_doc_rec *docs = NULL;
	size_t ndocs = 0;
	char target[48];
	int rc, sees = 0;

	memset(out, 0, sizeof(*out));
	snprintf(target, sizeof(target), "case:%lld", (long long)id);
	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_CASE_READ))
		return zf_case_refuse(app, actor, "case_read", target,
				      zf_err_set(err, ZF_EDENIED, "无权查看案件"), err);
	if ((rc = zf_case_read_begin(app, &db, err)))
		return rc;
	if ((rc = zf_case_ctx_load(&x, app, db, a, id, NULL, err)) ||
	    (rc = zf_case_may_read(actor, x.c.body_id, err)))
		goto out;
	sees = zf_case_sees_ids(actor, &x);
	case_of(&x, &out->c);
	out->proc = x.proc;
	out->violation = x.violation;
	if ((rc = view_parties(&x, sees, out, err)) || (rc = view_steps(&x, sees, out, err)) ||
	    (rc = zf_store_doc_list(db, a, id, &docs, &ndocs, err)))
		goto out;
	if (ndocs && !(out->docs = zf_arena_alloc(a, ndocs * sizeof(*out->docs)))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto out;
	}
	for (size_t i = 0; !rc && i < ndocs; i++)
		rc = view_doc(&x, &docs[i], sees, &out->docs[i], err);
	out->ndocs = ndocs;
	if (!rc)
		view_log(&x, out);
	if (rc || (rc = zf_case_deadlines_compute(&x, &out->deadlines, &out->ndeadlines, err)) ||
	    (rc = view_actions(&x, actor, out, err)) || (rc = view_hints(&x, actor, out, err)))
		goto out;
	due_summary(&out->c, out->deadlines, out->ndeadlines);
	if (x.nofficers && !(out->officers = zf_arena_alloc(a, x.nofficers * sizeof(*out->officers)))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto out;
	}
	for (size_t i = 0; i < x.nofficers; i++)
		out->officers[i] = (struct zf_case_officer){x.officers[i].officer_id, x.officers[i].name,
							    x.officers[i].cert_no, x.officers[i].recused};
	out->nofficers = x.nofficers;
out:
	zf_case_read_end(app, db);
	if (!rc && sees && has_person(&x) && !actor->cli)
		zf_app_audit(app, actor, "case_read", target, "ok", "个人身份信息完整显示");
	zf_case_ctx_free(&x);
	if (rc == ZF_EDENIED)
		return zf_case_refuse(app, actor, "case_read", target, rc, err);
	return rc;
}

int zf_app_case_doc(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		    int64_t case_id, int64_t doc_id, struct zf_case_doc *out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_case_ctx x = {0};
	struct zf_doc_rec r;
	char target[64];
	int rc, sees = 0;

	snprintf(target, sizeof(target), "case:%lld", (long long)case_id);
	if ((rc = zf_case_read_begin(app, &db, err)))
		return rc;
	if (!(rc = zf_case_ctx_load(&x, app, db, a, case_id, NULL, err)) &&
	    !(rc = zf_case_may_read(actor, x.c.body_id, err)) &&
	    !(rc = zf_store_doc_get(db, a, case_id, doc_id, &r, err))) {
		sees = zf_case_sees_ids(actor, &x);
		rc = view_doc(&x, &r, sees, out, err);
	}
	zf_case_read_end(app, db);
	if (!rc && sees && has_person(&x) && !actor->cli)
		zf_app_audit(app, actor, "case_doc_read", target, "ok", "个人身份信息完整显示");
	zf_case_ctx_free(&x);
	if (rc == ZF_EDENIED)
		return zf_case_refuse(app, actor, "case_doc_read", target, rc, err);
	return rc;
}

/* ---- lists ---- */

/* The body ACTOR lists: BODY_ID, or its own (0 = every body for those who see all). */
static int list_body(const struct zf_actor *actor, int64_t body_id, int64_t *out,
		     struct zf_err *err)
{
	int all = actor->cli || zf_role_all_bodies(actor->role);

	if (!actor->cli && !zf_role_allows(actor->role, ZF_PERM_CASE_READ))
		return zf_err_set(err, ZF_EDENIED, "无权查看案件");
	if (body_id && body_id != actor->body_id && !all)
		return zf_err_set(err, ZF_EDENIED, "只能查看本执法主体的案件");
	*out = body_id ? body_id : all ? 0 : actor->body_id;
	return 0;
}

/* The deadlines of case ID (loaded on DB with calendar CAL) into *D and *N (in A). */
static int case_deadlines(struct zf_app *app, struct zf_db *db, struct zf_arena *a, int64_t id,
			  struct zf_calendar *cal, struct zf_case_deadline **d, size_t *n,
			  struct zf_err *err)
{
	struct zf_case_ctx x = {0};
	int rc = zf_case_ctx_load(&x, app, db, a, id, cal, err);

	if (!rc)
		rc = zf_case_deadlines_compute(&x, d, n, err);
	zf_case_ctx_free(&x);
	return rc;
}

/* The names of case ID's parties joined by "、" into *OUT (in A; "" when none). */
static int party_names(struct zf_db *db, struct zf_arena *a, int64_t id, const char **out,
		       struct zf_err *err)
{
	struct zf_party *p = NULL;
	size_t np = 0;
	const char *names = "";
	int rc = zf_store_party_list(db, a, id, &p, &np, err);

	for (size_t i = 0; !rc && i < np; i++)
		if (!(names = zf_arena_printf(a, "%s%s%s", names, i ? "、" : "", p[i].name ? p[i].name : "")))
			rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	*out = rc ? NULL : names;
	return rc;
}

int zf_app_case_list(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
		     const struct zf_case_filter *f, struct zf_case **out, size_t *n,
		     struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_calendar *cal = NULL;
	struct zf_case_rec *rows = NULL;
	size_t nrows = 0, k = 0;
	struct zf_case_query q = {
		.mine = f->mine, .mine_account = actor->account_id, .mine_officer = actor->officer_id,
		.state = f->state, .procedure = f->procedure, .q = f->q, .before_id = f->before_id,
		.limit = f->limit > 0 && f->limit <= LIST_MAX ? f->limit : 50,
	};
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = list_body(actor, f->body_id, &q.body_id, err)))
		return zf_case_refuse(app, actor, "case_list", "case", rc, err);
	if ((rc = zf_case_read_begin(app, &db, err)))
		return rc;
	if ((rc = zf_app_calendar_read(db, &cal, err)) ||
	    (rc = zf_store_case_list(db, a, &q, &rows, &nrows, err)))
		goto out;
	if (nrows && !(*out = zf_arena_alloc(a, nrows * sizeof(**out)))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto out;
	}
	for (size_t i = 0; i < nrows; i++) {
		struct zf_case_ctx x = {.c = rows[i]};
		struct zf_case_deadline *d = NULL;
		size_t nd = 0;

		x.proc = zf_procedure_find(zf_app_procedures(app), rows[i].procedure);
		case_of(&x, &(*out)[k]);
		if ((rc = party_names(db, a, rows[i].id, &(*out)[k].party_names, err)))
			goto out;
		if (rows[i].state == ZF_CASE_OPEN &&
		    (rc = case_deadlines(app, db, a, rows[i].id, cal, &d, &nd, err))) {
			if (rc == ZF_ENOMEM || rc == ZF_EUNAVAIL)
				goto out;
			rc = 0; /* a damaged case still lists; its page tells what is wrong */
			zf_err_clear(err);
			nd = 0;
		}
		due_summary(&(*out)[k], d, nd);
		if (!f->overdue || (*out)[k].overdue)
			k++;
	}
	*n = k;
out:
	zf_case_read_end(app, db);
	zf_calendar_free(cal);
	if (rc) {
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* Orders dashboard rows: errors first, then fewest days left, then case id. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct zf_deadline_row *a = pa, *b = pb;
	int ea = a->d.state == ZF_DL_NONE, eb = b->d.state == ZF_DL_NONE;

	if (ea != eb)
		return eb - ea;
	if (a->d.days_left != b->d.days_left)
		return a->d.days_left < b->d.days_left ? -1 : 1;
	return a->case_id < b->case_id ? -1 : a->case_id > b->case_id;
}

int zf_app_case_deadlines(struct zf_app *app, const struct zf_actor *actor, struct zf_arena *a,
			  int64_t body_id, int within, struct zf_deadline_row **out, size_t *n,
			  struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_calendar *cal = NULL;
	struct zf_deadline_row *rows = NULL;
	size_t k = 0;
	struct zf_case_query q = {.state = ZF_CASE_OPEN, .limit = DASH_PAGE};
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = list_body(actor, body_id, &q.body_id, err)))
		return zf_case_refuse(app, actor, "case_deadlines", "case", rc, err);
	if ((rc = zf_case_read_begin(app, &db, err)))
		return rc;
	if ((rc = zf_app_calendar_read(db, &cal, err)))
		goto out;
	if (!(rows = zf_arena_alloc(a, DASH_MAX * sizeof(*rows)))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto out;
	}
	for (;;) {
		struct zf_case_rec *cs = NULL;
		size_t nc = 0;

		if ((rc = zf_store_case_list(db, a, &q, &cs, &nc, err)))
			goto out;
		for (size_t i = 0; i < nc; i++) {
			struct zf_case_deadline *d = NULL;
			size_t nd = 0;

			if ((rc = case_deadlines(app, db, a, cs[i].id, cal, &d, &nd, err)))
				goto out;
			for (size_t j = 0; j < nd && k < DASH_MAX; j++) {
				if (d[j].kind != ZF_DK_DUE ||
				    (d[j].state != ZF_DL_NONE &&
				     (d[j].state != ZF_DL_OPEN || d[j].days_left > within)))
					continue;
				rows[k++] = (struct zf_deadline_row){cs[i].id, cs[i].case_no, cs[i].title,
								     cs[i].procedure, d[j],
								     cs[i].body_name};
			}
		}
		if (nc < (size_t)q.limit || k >= DASH_MAX)
			break;
		q.before_id = cs[nc - 1].id;
	}
	qsort(rows, k, sizeof(*rows), row_cmp);
	*out = k ? rows : NULL;
	*n = k;
out:
	zf_case_read_end(app, db);
	zf_calendar_free(cal);
	return rc;
}
