/* Coordination of legal review (协调决策机制): disagreement with a 纠正 opinion, the collective discussion (集体讨论) with its quorum and minutes, and legal advisers' written opinions. None of them opens the gate: only a 同意 review does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/review_flow.h"
#include "app/review_int.h"
#include "core/role.h"
#include "store/account.h"

#define TEXT_MAX 8000

/* The trimmed-nonblank string KEY of IN, or NULL. */
static const char *text_of(const json_t *in, const char *key)
{
	const char *s = json_string_value(json_object_get(in, key)), *p = s;

	while (p && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
		p++;
	return p && *p ? s : NULL;
}

int zf_app_review_disagree(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			   const char *reasons, int64_t *id, struct zf_err *err)
{
	struct zf_review_uc u;
	struct zf_review_rec last;
	int64_t did = 0;
	int rc = zf_review_begin(&u, app, actor, 0, review_id, err);

	if (rc)
		goto end;
	const char *as = zf_review_handler(&u, actor) ? "handler"
			 : actor->role == ZF_ROLE_LEADER ? "head" : NULL;
	if (!as) {
		rc = zf_err_set(err, ZF_EDENIED, "异议由本案承办执法人员或者本机关负责人提出");
		goto end;
	}
	if ((rc = zf_store_review_last_concluded(u.tx.db, u.a, u.x.c.id, &last, err)))
		goto end;
	if (strcmp(u.r.outcome, "correct") || last.id != u.r.id) {
		rc = zf_err_set(err, ZF_ECONFLICT, "只能对本案最新的「纠正」审核意见提出异议");
		goto end;
	}
	if (!reasons || !*reasons || strlen(reasons) > TEXT_MAX) {
		rc = zf_err_field(err, "reasons", "请写明不同意审核意见的理由（不超过8000字节）");
		goto end;
	}
	struct zf_review_disagreement d = {.review_id = review_id, .case_id = u.x.c.id,
					   .body_id = u.x.c.body_id, .raised_by = actor->account_id,
					   .raised_as = as, .reasons = reasons,
					   .created_at = u.tx.now};
	if ((rc = zf_store_disagreement_insert(u.tx.db, &d, &did, err)))
		goto end;
	rc = zf_review_log(&u, "review_disagreement", did, "review_disagree",
			   json_pack("{s:I,s:I,s:s,s:s}", "disagreement_id", (json_int_t)did,
				     "review_id", (json_int_t)review_id, "raised_as", as, "reasons",
				     reasons),
			   err);
	if (!rc && id)
		*id = did;
end:
	return zf_review_end(&u, "review_disagree", rc, err);
}

/* ---- collective discussion ---- */

/* What attendees_read found: the minutes and the texts of the case's
 * `discussion` step record. */
struct minutes {
	json_t *list;          /* [{account_id, name, opinion}] */
	const char *chair;     /* the chair's login */
	char *attendees;       /* "leader1（主持）、leader2" */
	char *record;          /* one line per attendee: "leader1：opinion" */
	char quorum[200];
};

static void minutes_free(struct minutes *m)
{
	json_decref(m->list);
	free(m->attendees);
	free(m->record);
}

/* Appends "%s%s" (SEP when *BUF is not empty, then TEXT) to the malloc'd *BUF. */
static int append(char **buf, const char *sep, const char *text)
{
	size_t old = *buf ? strlen(*buf) : 0, add = (old ? strlen(sep) : 0) + strlen(text);
	char *n = realloc(*buf, old + add + 1);

	if (!n)
		return -1;
	snprintf(n + old, add + 1, "%s%s", old ? sep : "", text);
	*buf = n;
	return 0;
}

/* Reads the attendees of IN (leader accounts of U's body with their
 * opinions) into M and checks the chair (the body's 主要负责人 — setting
 * principal_leader — or, with chair_deputy, a leader the principal
 * designated; any leader when the setting is empty) and the quorum (more
 * than discussion_quorum_pct percent of the body's enabled leaders). */
static int attendees_read(struct zf_review_uc *u, const json_t *in, struct minutes *m,
			  struct zf_err *err)
{
	const json_t *arr = json_object_get(in, "attendees"), *e;
	json_int_t chair = json_integer_value(json_object_get(in, "chair"));
	int64_t leaders = 0, pct = zf_case_setting_int(u->x.settings, "discussion_quorum_pct");
	json_t *now_set = NULL;
	int deputy = json_is_true(json_object_get(in, "chair_deputy"));
	size_t i, n = 0;
	int rc = 0;

	if (!(m->list = json_array()))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if (!json_is_array(arr) || !json_array_size(arr))
		return zf_err_field(err, "attendees", "请填写出席人员及其意见");
	if (json_array_size(arr) > 64)
		return zf_err_field(err, "attendees", "出席人员不能超过64人");
	json_array_foreach(arr, i, e) {
		struct zf_account ac;
		json_int_t aid = json_integer_value(json_object_get(e, "account_id"));
		const char *op = text_of(e, "opinion");
		char field[40], line[TEXT_MAX + 64];

		snprintf(field, sizeof(field), "attendees[%zu]", i);
		rc = zf_store_account_get(u->tx.db, u->a, aid, &ac, err);
		if (rc == ZF_ENOTFOUND || (!rc && (ac.body_id != u->x.c.body_id ||
						   ac.role != ZF_ROLE_LEADER || !ac.enabled))) {
			zf_err_clear(err);
			return zf_err_field(err, field, "出席人员须为本机关负责人");
		}
		if (rc)
			return rc;
		if (!op || strlen(op) > TEXT_MAX)
			return zf_err_field(err, field, "请记录「%s」的意见（不超过8000字节）",
					    ac.login);
		for (size_t k = 0; k < i; k++)
			if (json_integer_value(json_object_get(json_array_get(arr, k), "account_id")) == aid)
				return zf_err_field(err, field, "出席人员重复");
		if (aid == chair)
			m->chair = ac.login;
		snprintf(line, sizeof(line), "%s：%s", ac.login, op);
		if (json_array_append_new(m->list, json_pack("{s:I,s:s,s:s}", "account_id", aid,
							     "name", ac.login, "opinion", op)) ||
		    append(&m->attendees, "、", ac.login) ||
		    (aid == chair && append(&m->attendees, "", "（主持）")) ||
		    append(&m->record, "\n", line))
			return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		n++;
	}
	if (!m->chair)
		return zf_err_field(err, "chair",
				    "集体讨论由本机关主要负责人或者其指定的负责人主持，主持人须在出席人员中");
	/* Who the 主要负责人 is today: the body's current settings, not the
	 * version the case was opened under. */
	if ((rc = zf_case_settings_read(u->tx.db, u->x.c.body_id, -1, &now_set, NULL, err)))
		return rc;
	const char *principal = json_string_value(json_object_get(now_set, "principal_leader"));
	if (principal && *principal && strcmp(principal, m->chair) && !deputy)
		rc = zf_err_field(err, "chair",
				  "集体讨论由本机关主要负责人（%s）主持；由其指定的负责人主持的，请注明",
				  principal);
	json_decref(now_set);
	if (rc)
		return rc;
	if ((rc = zf_store_review_role_count(u->tx.db, u->x.c.body_id, ZF_ROLE_LEADER, &leaders,
					     err)))
		return rc;
	if (pct <= 0)
		pct = 50;
	if ((int64_t)n * 100 <= leaders * pct)
		return zf_err_field(err, "attendees",
				    "出席的负责人%zu人，未超过本机关负责人（%lld人）的%lld%%，不足法定人数",
				    n, (long long)leaders, (long long)pct);
	snprintf(m->quorum, sizeof(m->quorum), "出席负责人%zu人，本机关负责人%lld人（须超过%lld%%）",
		 n, (long long)leaders, (long long)pct);
	return 0;
}

/* Opens a new review version of R's proposal for R's reviewer after a
 * coordination decided the review unit revises its opinion. */
static int revise_opinion(struct zf_review_uc *u, const struct zf_review_rec *r, int64_t *id,
			  struct zf_err *err)
{
	char due[11];
	int64_t version = 0;
	int rc;

	if ((rc = zf_review_due(u, due, err)) ||
	    (rc = zf_store_review_next_version(u->tx.db, u->x.c.id, &version, err)))
		return rc;
	struct zf_review_rec n = *r;
	n.version = version;
	n.submitted_by = u->tx.actor->account_id;
	n.submitted_at = u->tx.now;
	n.due_on = due;
	n.revises_id = r->id;
	if ((rc = zf_store_review_insert(u->tx.db, &n, id, err)) ||
	    (rc = zf_store_review_assign(u->tx.db, *id, r->reviewer_id, u->tx.actor->account_id,
					 u->tx.now, err)))
		return rc;
	return zf_review_log(u, "review", *id, "review_revise",
			     json_pack("{s:I,s:I,s:I,s:s}", "review_id", (json_int_t)*id, "version",
				       (json_int_t)version, "revises_id", (json_int_t)r->id,
				       "proposal_sha256", r->proposal_sha256),
			     err);
}

/* The conclusion words of an art. 57 discussion (the decision words). */
static int art57_word(const char *w)
{
	return w && (!strcmp(w, "penalty") || !strcmp(w, "no_penalty") ||
		     !strcmp(w, "not_established") || !strcmp(w, "transfer"));
}

/* Checks the kind, date and conclusion of discussion IN; COORD set for a coordination. */
static int discuss_read(struct zf_review_uc *u, const json_t *in, int *coord, struct zf_err *err)
{
	const char *kind = json_string_value(json_object_get(in, "kind"));
	const char *conclusion = json_string_value(json_object_get(in, "conclusion"));
	const char *held_on = json_string_value(json_object_get(in, "held_on"));
	const char *ctext = json_string_value(json_object_get(in, "conclusion_text"));
	const char *place = json_string_value(json_object_get(in, "place"));
	struct zf_date day;
	int rc = 0;

	*coord = kind && !strcmp(kind, "coordination");
	if (!*coord && (!kind || strcmp(kind, "art57")))
		rc = zf_err_field(err, "kind", "请选择集体讨论的类型");
	if (!held_on || zf_date_parse(held_on, &day) || zf_date_cmp(day, u->x.today) > 0)
		rc = zf_err_field(err, "held_on", "请填写讨论日期（不能晚于今天）");
	if (*coord && (!conclusion || (strcmp(conclusion, "revise_proposal") &&
				       strcmp(conclusion, "revise_opinion"))))
		rc = zf_err_field(err, "conclusion", "协调结论须为「修改拟处理意见后重新送审」或者「由法制审核机构重新出具审核意见」");
	if (!*coord && !art57_word(conclusion))
		rc = zf_err_field(err, "conclusion", "请选择集体讨论决定");
	if (*coord && !text_of(in, "reviewer_heard"))
		rc = zf_err_field(err, "reviewer_heard", "协调时须听取法制审核人员的意见并记录");
	if (ctext && strlen(ctext) > 4000)
		rc = zf_err_field(err, "conclusion_text", "决定意见不能超过4000字节");
	if (place && strlen(place) > 200)
		rc = zf_err_field(err, "place", "地点不能超过200字节");
	if (!rc && (zf_case_done_count(&u->x, "decision") ||
		    zf_case_done_count(&u->x, "decision_other")))
		rc = zf_err_set(err, ZF_ECONFLICT, "本案已经作出决定，不能再记录集体讨论");
	return rc;
}

/* Records the discussion IN with minutes M as the case's `discussion` step
 * (the 集体讨论笔录 is issued with its number): an art. 57 discussion after
 * the step's checks (statement and hearing-request periods over, no decision
 * yet), a coordination as the workflow's record. */
static int discuss_step(struct zf_review_uc *u, const json_t *in, int coord, int64_t did,
			const struct minutes *m, int64_t *step_id, struct zf_err *err)
{
	const char *w = json_string_value(json_object_get(in, "conclusion"));
	const char *ctext = text_of(in, "conclusion_text"), *heard = text_of(in, "reviewer_heard");
	const char *place = text_of(in, "place");
	json_t *v = json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,s:s,s:s,s:s}", "date",
			      json_string_value(json_object_get(in, "held_on")), "purpose",
			      coord ? "coordination" : "art57", "chair_name", m->chair,
			      "chair_deputy", json_is_true(json_object_get(in, "chair_deputy")),
			      "attendees", m->attendees, "quorum", m->quorum, "record", m->record,
			      "reviewer_heard", heard ? heard : "", "conclusion_text",
			      ctext ? ctext : "");
	json_t *extra = json_pack("{s:b}", "discussion_record", 1);
	int rc = 0;

	if (!v || !extra || json_object_set_new(v, coord ? "coordination" : "conclusion",
						json_string(w)) ||
	    (place && json_object_set_new(v, "place", json_string(place))) ||
	    (coord && json_object_set_new(v, "disagreement_id", json_integer(did))))
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	else if (coord)
		rc = zf_case_step_record(&u->tx, &u->x, "discussion", v, step_id, err);
	else
		rc = zf_case_step_record_checked(&u->tx, &u->x, "discussion", v, extra, step_id, err);
	json_decref(v);
	json_decref(extra);
	return rc;
}

int zf_app_review_discuss(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
			  const json_t *in, int64_t *id, struct zf_err *err)
{
	struct zf_review_uc u;
	struct zf_review_disagreement d = {0};
	struct zf_review_rec corrected;
	struct minutes m = {0};
	json_t *record = NULL;
	char *mtext = NULL, *rtext = NULL;
	const char *minutes_no = "";
	int64_t did = 0, revised = 0, step_id = 0;
	int coord = 0;
	int rc = zf_review_begin(&u, app, actor, case_id, 0, err);

	if (rc)
		goto end;
	if (actor->role != ZF_ROLE_LEADER) {
		rc = zf_err_set(err, ZF_EDENIED, "集体讨论由本机关负责人记录");
		goto end;
	}
	if ((rc = discuss_read(&u, in, &coord, err)))
		goto end;
	const char *kind = coord ? "coordination" : "art57";
	const char *conclusion = json_string_value(json_object_get(in, "conclusion"));
	const char *held_on = json_string_value(json_object_get(in, "held_on"));
	const char *heard = text_of(in, "reviewer_heard");
	if (coord) {
		did = json_integer_value(json_object_get(in, "disagreement_id"));
		rc = zf_store_disagreement_get(u.tx.db, u.a, did, &d, err);
		if (rc == ZF_ENOTFOUND || (!rc && (d.case_id != u.x.c.id || strcmp(d.state, "open")))) {
			zf_err_clear(err);
			rc = zf_err_field(err, "disagreement_id", "没有本案待协调的异议");
			goto end;
		}
		if (rc || (rc = zf_store_review_get(u.tx.db, u.a, d.review_id, &corrected, err)))
			goto end;
	}
	if ((rc = attendees_read(&u, in, &m, err)) ||
	    (rc = discuss_step(&u, in, coord, did, &m, &step_id, err)) ||
	    (rc = zf_review_doc_number(&u, step_id, "discussion_record", &minutes_no, err)))
		goto end;
	const char *ctext = text_of(in, "conclusion_text");
	record = json_pack("{s:s,s:s,s:s,s:s,s:b,s:O,s:s,s:s,s:s,s:s,s:I,s:s}", "doc_type",
			   "discussion_record", "kind", kind, "held_on", held_on, "chair", m.chair,
			   "chair_deputy", json_is_true(json_object_get(in, "chair_deputy")),
			   "attendees", m.list, "quorum", m.quorum, "reviewer_heard",
			   heard ? heard : "", "conclusion", conclusion, "conclusion_text",
			   ctext ? ctext : "", "step_id", (json_int_t)step_id, "minutes_no",
			   minutes_no);
	if (!record || !(rtext = json_dumps(record, JSON_COMPACT | JSON_SORT_KEYS)) ||
	    !(mtext = json_dumps(m.list, JSON_COMPACT))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto end;
	}
	struct zf_review_discussion disc = {
		.case_id = u.x.c.id, .body_id = u.x.c.body_id, .disagreement_id = did, .kind = kind,
		.held_on = held_on, .chair_id = json_integer_value(json_object_get(in, "chair")),
		.chair_name = m.chair, .attendees_json = mtext, .reviewer_heard = heard,
		.minutes_json = mtext, .conclusion = conclusion, .conclusion_text = ctext,
		.record_json = rtext, .created_by = actor->account_id, .created_at = u.tx.now,
	};
	int64_t disc_id = 0;
	if ((rc = zf_store_discussion_insert(u.tx.db, &disc, &disc_id, err)))
		goto end;
	if (coord && (rc = zf_store_disagreement_resolve(u.tx.db, did, conclusion, disc_id,
							 u.tx.now, err)))
		goto end;
	if (coord && !strcmp(conclusion, "revise_opinion") &&
	    (rc = revise_opinion(&u, &corrected, &revised, err)))
		goto end;
	rc = zf_review_log(&u, "review_discussion", disc_id, "review_discussion",
			   json_pack("{s:I,s:I,s:I,s:O}", "discussion_id", (json_int_t)disc_id,
				     "disagreement_id", (json_int_t)did, "revised_review_id",
				     (json_int_t)revised, "record", record),
			   err);
	if (!rc && id)
		*id = disc_id;
end:
	minutes_free(&m);
	json_decref(record);
	free(mtext);
	free(rtext);
	return zf_review_end(&u, "review_discussion", rc, err);
}

/* ---- legal advisers ---- */

int zf_app_review_adviser_ask(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			      const json_t *in, int64_t *id, struct zf_err *err)
{
	struct zf_review_uc u;
	int64_t aid = 0;
	int rc = zf_review_begin(&u, app, actor, 0, review_id, err);

	if (rc)
		goto end;
	if (!zf_review_handler(&u, actor) && actor->role != ZF_ROLE_LEADER &&
	    !(actor->role == ZF_ROLE_REVIEWER && actor->officer_id == u.r.reviewer_id)) {
		rc = zf_err_set(err, ZF_EDENIED, "由本案的法制审核人员、承办人员或者负责人征求法律顾问意见");
		goto end;
	}
	const char *name = text_of(in, "name"), *kind = text_of(in, "kind");
	const char *org = text_of(in, "organisation"), *q = text_of(in, "question");
	if (!name || strlen(name) > 100)
		rc = zf_err_field(err, "name", "请填写法律顾问或者公职律师的姓名");
	if (!kind || (strcmp(kind, "counsel") && strcmp(kind, "public_lawyer")))
		rc = zf_err_field(err, "kind", "请选择法律顾问或者公职律师");
	if (org && strlen(org) > 200)
		rc = zf_err_field(err, "organisation", "所在单位不能超过200字节");
	if (!q || strlen(q) > TEXT_MAX)
		rc = zf_err_field(err, "question", "请写明征求意见的问题");
	if (rc)
		goto end;
	struct zf_review_adviser r = {.review_id = review_id, .name = name, .kind = kind,
				      .organisation = org, .question = q,
				      .requested_by = actor->account_id, .requested_at = u.tx.now};
	if ((rc = zf_store_adviser_insert(u.tx.db, &r, &aid, err)))
		goto end;
	rc = zf_review_log(&u, "review_adviser", aid, "review_adviser_ask",
			   json_pack("{s:I,s:I,s:s,s:s,s:s,s:s}", "adviser_id", (json_int_t)aid,
				     "review_id", (json_int_t)review_id, "name", name, "kind", kind,
				     "organisation", org ? org : "", "question", q),
			   err);
	if (!rc && id)
		*id = aid;
end:
	return zf_review_end(&u, "review_adviser_ask", rc, err);
}

int zf_app_review_adviser_answer(struct zf_app *app, const struct zf_actor *actor, int64_t id,
				 const char *opinion, struct zf_err *err)
{
	struct zf_review_adviser adv;
	struct zf_arena *a = zf_arena_new(0);
	struct zf_db *db = NULL;
	int64_t review_id = 0;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if (!(rc = zf_dbpool_get(app->pool, &db, 5000, err))) {
		rc = zf_store_adviser_get(db, a, id, &adv, err);
		review_id = adv.review_id;
		zf_dbpool_put(app->pool, db);
	}
	zf_arena_free(a);
	if (rc)
		return rc;
	struct zf_review_uc u;
	if ((rc = zf_review_begin(&u, app, actor, 0, review_id, err)))
		goto end;
	if (!zf_review_handler(&u, actor) && actor->role != ZF_ROLE_LEADER &&
	    !(actor->role == ZF_ROLE_REVIEWER && actor->officer_id == u.r.reviewer_id)) {
		rc = zf_err_set(err, ZF_EDENIED, "由本案的法制审核人员、承办人员或者负责人记录法律顾问意见");
		goto end;
	}
	if (!opinion || !*opinion || strlen(opinion) > TEXT_MAX) {
		rc = zf_err_field(err, "opinion", "请填写法律顾问的书面意见（不超过8000字节）");
		goto end;
	}
	if ((rc = zf_store_adviser_answer(u.tx.db, id, opinion, u.tx.now, err)))
		goto end;
	rc = zf_review_log(&u, "review_adviser", id, "review_adviser_opinion",
			   json_pack("{s:I,s:I,s:s}", "adviser_id", (json_int_t)id, "review_id",
				     (json_int_t)review_id, "opinion", opinion),
			   err);
end:
	return zf_review_end(&u, "review_adviser_opinion", rc, err);
}
