/* The legal-review workflow: submission with its package checked for completeness, assignment to a qualified reviewer who did not handle the case, the eight-point checklist and the opinion recorded as the case's legal_review step with its 法制审核意见书. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/case_int.h"
#include "app/ledger.h"
#include "app/review.h"
#include "app/review_flow.h"
#include "app/review_int.h"
#include "core/role.h"

static const char *const check_keys[ZF_REVIEW_NCHECKS] = {
	"subject", "qualification", "procedure", "facts", "law", "powers", "documents", "crime",
};
static const char *const check_labels[ZF_REVIEW_NCHECKS] = {
	"行政执法主体是否合法", "行政执法人员是否具备执法资格", "行政执法程序是否合法",
	"案件事实是否清楚，证据是否合法充分", "适用法律、法规、规章是否准确，裁量基准运用是否适当",
	"执法是否超越执法机关法定权限", "行政执法文书是否完备、规范", "违法行为是否涉嫌犯罪、需要移送司法机关",
};

const char *zf_review_check_key(size_t i)
{
	return i < ZF_REVIEW_NCHECKS ? check_keys[i] : NULL;
}

const char *zf_review_check_label(size_t i)
{
	return i < ZF_REVIEW_NCHECKS ? check_labels[i] : NULL;
}

/* ---- shared by the workflow's use cases (app/review_int.h) ---- */

int zf_review_begin(struct zf_review_uc *u, struct zf_app *app, const struct zf_actor *actor,
		    int64_t case_id, int64_t review_id, struct zf_err *err)
{
	int rc;

	memset(u, 0, sizeof(*u));
	if (!(u->a = zf_arena_new(0)))
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if ((rc = zf_tx_begin(&u->tx, app, actor, err))) {
		zf_arena_free(u->a);
		u->a = NULL;
		return rc;
	}
	u->open = 1;
	if (review_id) {
		if ((rc = zf_store_review_get(u->tx.db, u->a, review_id, &u->r, err)))
			return rc;
		case_id = u->r.case_id;
	}
	if ((rc = zf_case_ctx_load(&u->x, app, u->tx.db, u->a, case_id, NULL, err)))
		return rc;
	u->x.now = u->tx.now;
	if (u->x.c.body_id != actor->body_id)
		return zf_err_set(err, ZF_EDENIED, "只能办理本执法主体案件的法制审核");
	return 0;
}

int zf_review_end(struct zf_review_uc *u, const char *action, int rc, struct zf_err *err)
{
	char target[48];

	snprintf(target, sizeof(target), "case:%lld", (long long)u->x.c.id);
	if (u->open)
		rc = zf_tx_end(&u->tx, rc, err);
	zf_case_ctx_free(&u->x);
	zf_arena_free(u->a);
	return rc ? zf_case_refuse(u->tx.app, u->tx.actor, action, target, rc, err) : 0;
}

int zf_review_log(struct zf_review_uc *u, const char *entity, int64_t id, const char *action,
		  json_t *data, struct zf_err *err)
{
	char *text = NULL, target[48];
	int rc;

	if (!data || json_object_set_new(data, "case_id", json_integer((json_int_t)u->x.c.id)) ||
	    !(text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS))) {
		json_decref(data);
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	}
	struct zf_history h = {.entity = entity, .entity_id = id, .action = action,
			       .after_json = text};
	snprintf(target, sizeof(target), "case:%lld", (long long)u->x.c.id);
	rc = zf_app_log_history(&u->tx, &h, NULL, err);
	if (!rc)
		rc = zf_tx_audit(&u->tx, action, target, "ok", entity, err);
	free(text);
	json_decref(data);
	return rc;
}

int zf_review_handler(const struct zf_review_uc *u, const struct zf_actor *actor)
{
	return actor->role == ZF_ROLE_OFFICER && zf_case_officer_active(&u->x, actor->officer_id);
}

/* The proposal fields of FACTS a reviewer compares between versions. */
static const char *const proposal_keys[] = {
	"proposal", "decision", "penalty_types", "fine", "confiscation", "band",
	"mitigation_ground", "hearing_attendance", "complex", "public_interest", "major_rights",
	"social_risk", "crime_suspected", "designated", "party_kind",
};

int zf_review_current(struct zf_review_uc *u, json_t **proposal, char sha[65], json_t **matches,
		      int64_t *catalog_version, struct zf_err *err)
{
	json_t *facts = zf_case_facts(&u->x, NULL), *p = json_object(), *cat = NULL;
	struct zf_proposal pr;
	struct zf_catalog_match m[16];
	const char *types[32];
	size_t n = 0;
	int rc = ZF_ENOMEM;

	*proposal = NULL;
	if (matches)
		*matches = NULL;
	if (!facts || !p)
		goto out;
	for (size_t i = 0; i < sizeof(proposal_keys) / sizeof(proposal_keys[0]); i++) {
		json_t *v = json_object_get(facts, proposal_keys[i]);
		if (v && json_object_set(p, proposal_keys[i], v))
			goto out;
	}
	const json_t *party = json_object_get(facts, "party_kind");
	if ((rc = zf_review_proposal(facts, json_is_string(party) &&
					    !strcmp(json_string_value(party), "org"),
				     &pr, types, 32, sha)))
		goto out;
	if (matches) {
		if ((rc = zf_app_catalog_current(u->tx.db, u->x.c.body_id, &cat, catalog_version,
						 err)))
			goto out;
		zf_catalog_eval(cat, &pr, m, 16, &n);
		rc = ZF_ENOMEM;
		if (!(*matches = json_array()))
			goto out;
		for (size_t i = 0; i < n && i < 16; i++)
			if (json_array_append_new(*matches,
						  json_pack("{s:s,s:s,s:s}", "code", m[i].code, "label",
							    m[i].label, "why", m[i].why)))
				goto out;
	}
	*proposal = p;
	p = NULL;
	rc = 0;
out:
	json_decref(facts);
	json_decref(p);
	json_decref(cat);
	if (rc && matches) {
		json_decref(*matches);
		*matches = NULL;
	}
	return rc == ZF_ENOMEM ? zf_err_set(err, rc, ZF_CASE_MSG_NOMEM) : rc;
}

/* ---- submission ---- */

/* The parts of a package: key, Chinese name. */
static const char *const package_parts[][2] = {
	{"situation", "情况说明（案件事实）"}, {"evidence", "证据清单"}, {"basis", "法律依据"},
	{"discretion", "拟处理意见及裁量理由"}, {"draft", "行政处罚决定书草稿"},
};

/* 1 when key K of O is a non-blank string. */
static int filled(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	while (s && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
		s++;
	return s && *s;
}

/* Checks PACKAGE for completeness (HEARING: a hearing was held, OFFICERS:
 * the case's certified officers); every missing part is a field error. */
static int package_check(const json_t *package, int hearing, size_t officers, struct zf_err *err)
{
	char missing[200] = ""; /* every part named fits: at most about 170 bytes */
	int bad = 0;

	for (size_t i = 0; i < sizeof(package_parts) / sizeof(package_parts[0]); i++)
		if (!filled(package, package_parts[i][0])) {
			char field[48];
			size_t len = strlen(missing);
			snprintf(field, sizeof(field), "package.%s", package_parts[i][0]);
			zf_err_field(err, field, "请提交%s", package_parts[i][1]);
			snprintf(missing + len, sizeof(missing) - len, "%s%s", bad++ ? "、" : "",
				 package_parts[i][1]);
		}
	if (hearing && !filled(package, "hearing_record")) {
		size_t len = strlen(missing);
		zf_err_field(err, "package.hearing_record", "本案经过听证，请提交听证笔录");
		snprintf(missing + len, sizeof(missing) - len, "%s听证笔录", bad++ ? "、" : "");
	}
	if (!officers) {
		size_t len = strlen(missing);
		zf_err_field(err, "package.officers", "本案没有承办执法人员，无法附执法证件信息");
		snprintf(missing + len, sizeof(missing) - len, "%s执法人员执法证件", bad++ ? "、" : "");
	}
	if (!bad)
		return 0;
	snprintf(err->msg, sizeof(err->msg), "送审材料不完整，缺少：%s", missing);
	return ZF_EINVAL;
}

/* The case's active officers with their certificates. */
static json_t *officer_certs(const struct zf_case_ctx *x)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < x->nofficers; i++)
		if (!x->officers[i].recused &&
		    json_array_append_new(arr, json_pack("{s:s,s:s}", "name", x->officers[i].name,
							 "cert_no", x->officers[i].cert_no))) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

int zf_review_due(struct zf_review_uc *u, char due[11], struct zf_err *err)
{
	int64_t days = zf_case_setting_int(u->x.settings, "legal_review_days");
	struct zf_due d;
	int rc = zf_calendar_add_working(u->x.cal, u->x.today, days > 0 ? (int)days : 10, &d, err);

	if (rc == ZF_ENOTFOUND) { /* beyond the calendar: no time limit shown */
		zf_err_clear(err);
		due[0] = '\0';
		return 0;
	}
	if (!rc)
		snprintf(due, 11, "%04d-%02d-%02d", d.date.y, d.date.m, d.date.d);
	return rc;
}

int zf_app_review_submit(struct zf_app *app, const struct zf_actor *actor, int64_t case_id,
			 const json_t *package, int64_t *id, struct zf_err *err)
{
	struct zf_review_uc u;
	json_t *proposal = NULL, *matches = NULL, *pkg = NULL, *certs = NULL;
	char sha[65], due[11], *ptext = NULL, *mtext = NULL, *pkgtext = NULL;
	int64_t catver = 0, version = 0, rid = 0;
	int rc = zf_review_begin(&u, app, actor, case_id, 0, err);

	if (rc)
		goto end;
	if (!zf_review_handler(&u, actor) && actor->role != ZF_ROLE_LEADER) {
		rc = zf_err_set(err, ZF_EDENIED, "法制审核须由本案承办执法人员或者本机关负责人提交");
		goto end;
	}
	if (u.x.c.state != ZF_CASE_OPEN) {
		rc = zf_err_set(err, ZF_ECONFLICT, "案件已结案，不能提交法制审核");
		goto end;
	}
	if (!zf_case_done_count(&u.x, "investigation_report")) {
		rc = zf_err_set(err, ZF_ECONFLICT, "须先完成「调查终结报告」，再提交法制审核");
		goto end;
	}
	if ((rc = zf_review_current(&u, &proposal, sha, &matches, &catver, err)))
		goto end;
	const char *held = json_string_value(json_object_get(proposal, "hearing_attendance"));
	if (!(certs = officer_certs(&u.x))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto end;
	}
	if ((rc = package_check(package, held && *held, json_array_size(certs), err)))
		goto end;
	if ((rc = zf_review_due(&u, due, err)) ||
	    (rc = zf_store_review_supersede(u.tx.db, u.x.c.id, u.tx.now, err)) ||
	    (rc = zf_store_review_next_version(u.tx.db, u.x.c.id, &version, err)))
		goto end;
	if (!(pkg = json_deep_copy(package)) || json_object_set(pkg, "officers", certs) ||
	    !(pkgtext = json_dumps(pkg, JSON_COMPACT | JSON_SORT_KEYS)) ||
	    !(ptext = json_dumps(proposal, JSON_COMPACT | JSON_SORT_KEYS)) ||
	    !(mtext = json_dumps(matches, JSON_COMPACT))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto end;
	}
	struct zf_review_rec r = {
		.case_id = u.x.c.id, .body_id = u.x.c.body_id, .version = version,
		.proposal_json = ptext, .proposal_sha256 = sha, .catalog_version = catver,
		.matches_json = mtext, .package_json = pkgtext, .submitted_by = actor->account_id,
		.submitted_at = u.tx.now, .due_on = due,
	};
	if ((rc = zf_store_review_insert(u.tx.db, &r, &rid, err)))
		goto end;
	rc = zf_review_log(&u, "review", rid, "review_submit",
			   json_pack("{s:I,s:I,s:s,s:I,s:O,s:O,s:O,s:s}", "review_id", (json_int_t)rid,
				     "version", (json_int_t)version, "proposal_sha256", sha,
				     "catalog_version", (json_int_t)catver, "proposal", proposal,
				     "matches", matches, "package", pkg, "due_on", due),
			   err);
	if (!rc && id)
		*id = rid;
end:
	json_decref(proposal);
	json_decref(matches);
	json_decref(pkg);
	json_decref(certs);
	free(ptext);
	free(mtext);
	free(pkgtext);
	return zf_review_end(&u, "review_submit", rc, err);
}

/* ---- assignment ---- */

int zf_review_eligible(struct zf_review_uc *u, int64_t officer_id, struct zf_err *err)
{
	struct zf_reviewer_qual q;
	int handled = 0;
	int rc = zf_store_reviewer_qual(u->tx.db, u->a, officer_id, ZF_ROLE_REVIEWER, &q, err);

	if (rc == ZF_ENOTFOUND)
		return zf_err_field(err, "reviewer", "审核人员不存在");
	if (rc)
		return rc;
	if ((rc = zf_store_review_handled(u->tx.db, u->x.c.id, officer_id, &handled, err)))
		return rc;
	if (handled)
		return zf_err_field(err, "reviewer",
				    "「%s」承办或者办理过本案，不得担任本案的法制审核人员", q.name);
	if (q.body_id != u->x.c.body_id || q.state != 1 || q.accounts == 0)
		return zf_err_field(err, "reviewer",
				    "「%s」不是本机关在岗的法制审核人员（须有法制审核人员账号）", q.name);
	if (!strcmp(u->x.proc->kind, "penalty") && !q.legal_qual &&
	    (!q.review_since || !q.review_since[0] || strcmp(q.review_since, ZF_REVIEW_QUAL_FROM) >= 0))
		return zf_err_field(err, "reviewer",
				    "「%s」%s且未取得法律职业资格，不得审核行政处罚决定（行政处罚法第五十八条第二款）",
				    q.name, q.review_since && q.review_since[0]
					    ? "于2021年7月15日以后开始从事法制审核工作"
					    : "未登记开始从事法制审核工作的日期");
	return 0;
}

int zf_app_review_assign(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			 int64_t reviewer_id, struct zf_err *err)
{
	struct zf_review_uc u;
	int rc = zf_review_begin(&u, app, actor, 0, review_id, err);

	if (rc)
		goto end;
	if (actor->role != ZF_ROLE_LEADER && actor->account_id != u.r.submitted_by) {
		rc = zf_err_set(err, ZF_EDENIED, "法制审核人员由本机关负责人或者送审人指定");
		goto end;
	}
	if (strcmp(u.r.state, "submitted") && strcmp(u.r.state, "assigned")) {
		rc = zf_err_set(err, ZF_ECONFLICT, "第%lld版法制审核已%s，不能再指定审核人员",
				(long long)u.r.version,
				strcmp(u.r.state, "concluded") ? "被新版本取代" : "作出审核意见");
		goto end;
	}
	if ((rc = zf_review_eligible(&u, reviewer_id, err)) ||
	    (rc = zf_store_review_assign(u.tx.db, review_id, reviewer_id, actor->account_id,
					 u.tx.now, err)))
		goto end;
	rc = zf_review_log(&u, "review", review_id, "review_assign",
			   json_pack("{s:I,s:I,s:I}", "review_id", (json_int_t)review_id, "version",
				     (json_int_t)u.r.version, "reviewer_id", (json_int_t)reviewer_id),
			   err);
end:
	return zf_review_end(&u, "review_assign", rc, err);
}

/* ---- checklist and opinion ---- */

/* 0 when ACTOR is the reviewer assigned to the open review U->r. */
static int reviewer_only(const struct zf_review_uc *u, const struct zf_actor *actor,
			 struct zf_err *err)
{
	if (!strcmp(u->r.state, "concluded") || !strcmp(u->r.state, "superseded"))
		return zf_err_set(err, ZF_ECONFLICT, "第%lld版法制审核已%s", (long long)u->r.version,
				  strcmp(u->r.state, "concluded") ? "被新版本取代" : "作出审核意见");
	if (!u->r.reviewer_id)
		return zf_err_set(err, ZF_ECONFLICT, "尚未指定法制审核人员");
	if (actor->role != ZF_ROLE_REVIEWER || actor->officer_id != u->r.reviewer_id)
		return zf_err_set(err, ZF_EDENIED, "只有指定的法制审核人员可以填写审核意见");
	return 0;
}

int zf_app_review_checklist(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			    const json_t *answers, struct zf_err *err)
{
	struct zf_review_uc u;
	json_t *list = NULL;
	char *text = NULL;
	int rc = zf_review_begin(&u, app, actor, 0, review_id, err);

	if (rc || (rc = reviewer_only(&u, actor, err)))
		goto end;
	if (!json_is_object(answers)) {
		rc = zf_err_field(err, "checklist", "审核要点格式不正确");
		goto end;
	}
	list = u.r.checklist_json[0] ? json_loads(u.r.checklist_json, 0, NULL) : json_object();
	if (!list) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto end;
	}
	for (size_t i = 0; i < ZF_REVIEW_NCHECKS; i++) {
		const json_t *a = json_object_get(answers, check_keys[i]);
		const char *ans = json_string_value(json_object_get(a, "answer"));
		const char *note = json_string_value(json_object_get(a, "note"));
		char field[48];

		if (!a)
			continue;
		snprintf(field, sizeof(field), "checklist.%s", check_keys[i]);
		if (!ans || (strcmp(ans, "yes") && strcmp(ans, "no") && strcmp(ans, "na")))
			rc = zf_err_field(err, field, "「%s」须选择符合、不符合或者不适用", check_labels[i]);
		else if (!filled(a, "note"))
			rc = zf_err_field(err, field, "「%s」须写明审核说明", check_labels[i]);
		else if (strlen(note) > 4000)
			rc = zf_err_field(err, field, "「%s」的审核说明不能超过4000字节", check_labels[i]);
		else if (json_object_set_new(list, check_keys[i],
					     json_pack("{s:s,s:s}", "answer", ans, "note", note)))
			rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	}
	if (rc)
		goto end;
	if (!(text = json_dumps(list, JSON_COMPACT | JSON_SORT_KEYS))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto end;
	}
	if (!(rc = zf_store_review_checklist(u.tx.db, review_id, text, u.tx.now, err)))
		rc = zf_review_log(&u, "review", review_id, "review_checklist",
				   json_pack("{s:I,s:I,s:O}", "review_id", (json_int_t)review_id,
					     "version", (json_int_t)u.r.version, "checklist", list),
				   err);
end:
	json_decref(list);
	free(text);
	return zf_review_end(&u, "review_checklist", rc, err);
}

/* The checklist LIST as text for the opinion ("1. label：符合。note"); NULL
 * with the first unanswered point's label in *MISSING when incomplete. */
static char *checklist_text(const json_t *list, const char **missing)
{
	char *out = NULL;
	size_t cap = 0, len = 0;

	*missing = NULL;
	for (size_t i = 0; i < ZF_REVIEW_NCHECKS; i++) {
		const json_t *a = json_object_get(list, check_keys[i]);
		const char *ans = json_string_value(json_object_get(a, "answer"));
		const char *note = json_string_value(json_object_get(a, "note"));

		if (!ans || !note) {
			*missing = check_labels[i];
			free(out);
			return NULL;
		}
		const char *word = !strcmp(ans, "yes") ? "符合" : !strcmp(ans, "no") ? "不符合" : "不适用";
		size_t need = strlen(check_labels[i]) + strlen(word) + strlen(note) + 32;
		if (len + need > cap) {
			char *grown = realloc(out, cap = (len + need) * 2);
			if (!grown) {
				free(out);
				return NULL;
			}
			out = grown;
		}
		len += (size_t)snprintf(out + len, cap - len, "%s%zu. %s：%s。%s", i ? "\n" : "", i + 1,
					check_labels[i], word, note);
	}
	return out;
}

/* Reads the opinion IN into R (strings borrowed from IN) for a case whose
 * proposal suspects a crime when CRIME. */
static int opinion_read(const json_t *in, int crime, struct zf_review_rec *r, struct zf_err *err)
{
	const char *o = json_string_value(json_object_get(in, "outcome"));

	if (!o || (strcmp(o, "agree") && strcmp(o, "correct") && strcmp(o, "transfer")))
		return zf_err_field(err, "outcome", "请选择审核意见：同意、纠正或者移送有权机关处理");
	if (!filled(in, "opinion"))
		return zf_err_field(err, "opinion", "请写明审核意见的理由");
	r->outcome = o;
	r->opinion = json_string_value(json_object_get(in, "opinion"));
	r->corrections = json_string_value(json_object_get(in, "corrections"));
	r->transfer_to = json_string_value(json_object_get(in, "transfer_to"));
	if (!strcmp(o, "correct") && !filled(in, "corrections"))
		return zf_err_field(err, "corrections", "审核意见为纠正的，请逐项列明须纠正的事项");
	if (!strcmp(o, "transfer") && !filled(in, "transfer_to"))
		return zf_err_field(err, "transfer_to", "请填写移送的有权机关");
	if (!strcmp(o, "transfer") && crime && !json_is_true(json_object_get(in, "transfer_judicial")))
		return zf_err_field(err, "transfer_to",
				    "本案涉嫌犯罪，应当移送司法机关（请确认接收机关为司法机关）");
	if (strcmp(o, "correct"))
		r->corrections = "";
	if (strcmp(o, "transfer"))
		r->transfer_to = "";
	return 0;
}

/* The number of the document DOC_TYPE issued by step STEP_ID of U's case into *OUT. */
int zf_review_doc_number(struct zf_review_uc *u, int64_t step_id, const char *doc_type,
			 const char **out, struct zf_err *err)
{
	struct zf_doc_rec *d = NULL;
	size_t n = 0;
	int rc = zf_store_doc_list(u->tx.db, u->a, u->x.c.id, &d, &n, err);

	*out = "";
	for (size_t i = 0; !rc && i < n; i++)
		if (d[i].step_id == step_id && !strcmp(d[i].doc_type, doc_type))
			*out = d[i].number;
	return rc;
}

int zf_app_review_conclude(struct zf_app *app, const struct zf_actor *actor, int64_t review_id,
			   const json_t *in, struct zf_err *err)
{
	struct zf_review_uc u;
	json_t *proposal = NULL, *list = NULL, *values = NULL, *doc = NULL;
	char sha[65], *checks = NULL, *doctext = NULL, transfer_no[160] = "";
	const char *missing = NULL;
	int64_t step_id = 0;
	int rc = zf_review_begin(&u, app, actor, 0, review_id, err);

	if (rc || (rc = reviewer_only(&u, actor, err)))
		goto end;
	if (!u.r.checklist_json[0] || !(list = json_loads(u.r.checklist_json, 0, NULL)) ||
	    !(checks = checklist_text(list, &missing))) {
		rc = zf_err_field(err, "checklist", "审核要点尚未全部填写：「%s」",
				  missing ? missing : check_labels[0]);
		goto end;
	}
	if ((rc = zf_review_current(&u, &proposal, sha, NULL, NULL, err)))
		goto end;
	if (strcmp(sha, u.r.proposal_sha256)) {
		rc = zf_err_set(err, ZF_ECONFLICT,
				"提交审核后拟作出的决定已经变更，请承办人员重新提交法制审核");
		goto end;
	}
	struct zf_review_rec r = u.r;
	if ((rc = opinion_read(in, json_is_true(json_object_get(proposal, "crime_suspected")), &r,
			       err)))
		goto end;
	if (!strcmp(r.outcome, "transfer")) {
		int64_t seq = 0;
		if ((rc = zf_case_number_next(&u.x, "transfer_letter", "{body}移〔{year}〕{n}号",
					      u.x.today.y, transfer_no, sizeof(transfer_no), &seq,
					      err)))
			goto end;
	}
	const char *reviewer = u.r.reviewer_name && *u.r.reviewer_name ? u.r.reviewer_name
									: actor->login;
	char today[11];
	snprintf(today, sizeof(today), "%04d-%02d-%02d", u.x.today.y, u.x.today.m, u.x.today.d);
	values = json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s}", "date", today, "opinion", r.outcome,
			   "opinion_text",
			   r.opinion, "reviewers", reviewer, "review_version",
			   (json_int_t)u.r.version, "corrections", r.corrections, "transfer_to",
			   r.transfer_to, "checklist", checks);
	if (!values) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto end;
	}
	if ((rc = zf_case_step_record(&u.tx, &u.x, "legal_review", values, &step_id, err)) ||
	    (rc = zf_review_doc_number(&u, step_id, "legal_review_opinion", &r.opinion_no, err)))
		goto end;
	r.transfer_no = transfer_no;
	if (!(doc = json_pack("{s:s,s:s,s:I,s:s,s:s}", "opinion_no", r.opinion_no, "transfer_no",
			      transfer_no, "step_id", (json_int_t)step_id, "checklist", checks,
			      "reviewer", reviewer)) ||
	    !(doctext = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto end;
	}
	r.opinion_json = doctext;
	r.concluded_by = actor->account_id;
	r.concluded_at = u.tx.now;
	if ((rc = zf_store_review_conclude(u.tx.db, &r, err)))
		goto end;
	rc = zf_review_log(&u, "review", review_id, "review_conclude",
			   json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "review_id",
				     (json_int_t)review_id, "version", (json_int_t)u.r.version,
				     "outcome", r.outcome, "opinion", r.opinion, "corrections",
				     r.corrections, "transfer_to", r.transfer_to, "opinion_no",
				     r.opinion_no, "transfer_no", transfer_no, "proposal_sha256",
				     u.r.proposal_sha256),
			   err);
end:
	json_decref(proposal);
	json_decref(list);
	json_decref(values);
	json_decref(doc);
	free(checks);
	free(doctext);
	return zf_review_end(&u, "review_conclude", rc, err);
}
