/* Unit tests of the procedure definitions shipped in src/core/procedures: they load with the real vocabulary, hold every step, guard, deadline and AV rule the law requires, and draw as flowcharts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/case_rules.h"
#include "core/procedure.h"
#include "core/role.h"
#include "util/buf.h"
#include "util/crypto.h"

static const struct zf_proc_vocab vocab = {zf_guard_known, zf_doc_known, zf_case_setting_known};

static int setup(void **state)
{
	struct zf_err err = {0};
	struct zf_procedures *set = NULL;

	if (zf_procedures_load(&set, &vocab, &err)) {
		print_error("zf_procedures_load: %s\n", err.msg);
		return -1;
	}
	*state = set;
	return 0;
}

static int teardown(void **state)
{
	zf_procedures_free(*state);
	return 0;
}

static const struct zf_procedure *proc(void **state, const char *code)
{
	const struct zf_procedure *p = zf_procedure_find(*state, code);
	assert_non_null(p);
	return p;
}

static const struct zf_step_def *step(const struct zf_procedure *p, const char *code)
{
	const struct zf_step_def *s = zf_procedure_step(p, code);
	if (!s)
		fail_msg("%s: no step %s", p->code, code);
	return s;
}

static int has(const char *const *list, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], word) == 0)
			return 1;
	return 0;
}

static void assert_guard(const struct zf_procedure *p, const char *code, const char *guard)
{
	const struct zf_step_def *s = step(p, code);
	if (!has(s->guards, s->nguards, guard))
		fail_msg("%s.%s: no guard %s", p->code, code, guard);
}

static void assert_doc(const struct zf_procedure *p, const char *code, const char *doc)
{
	const struct zf_step_def *s = step(p, code);
	if (!has(s->documents, s->ndocuments, doc))
		fail_msg("%s.%s: does not issue %s", p->code, code, doc);
}

static void assert_deadline(const struct zf_procedure *p, const char *code, const char *from,
			    int unit, int count, const char *setting, int kind)
{
	const struct zf_deadline_def *d = zf_procedure_deadline(p, code);
	if (!d)
		fail_msg("%s: no deadline %s", p->code, code);
	assert_string_equal(d->from_step, from);
	assert_int_equal(d->unit, unit);
	assert_int_equal(d->kind, kind);
	if (setting) {
		assert_non_null(d->setting);
		assert_string_equal(d->setting, setting);
	} else {
		assert_null(d->setting);
		assert_int_equal(d->count, count);
	}
}

static const struct zf_field_def *field(const struct zf_step_def *s, const char *name)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].name, name) == 0)
			return &s->fields[i];
	fail_msg("%s: no field %s", s->code, name);
	return NULL;
}

static void shipped_set(void **state)
{
	size_t n = 0;
	const struct zf_procedure *const *all = zf_procedures_all(*state, &n);
	const char *want[] = {"penalty_ordinary", "penalty_summary", "compulsory", "inspection"};

	assert_int_equal(n, 4);
	for (size_t i = 0; i < 4; i++) {
		const struct zf_procedure *p = proc(state, want[i]);
		assert_int_equal(p->version, strcmp(want[i], "penalty_ordinary") ? 1 : 3);
		assert_int_equal(strlen(p->sha256), 64);
		assert_true(p->nsteps > 0);
	}
	(void)all;
}

/* Issue 5 point 1: every step of the ordinary procedure, in flowchart order. */
static void ordinary_steps(void **state)
{
	const struct zf_procedure *p = proc(state, "penalty_ordinary");
	const char *order[] = {"source", "clue_check", "filing", "no_filing", "assign_officers",
			       "inquiry", "site_check", "sampling", "preservation",
			       "preservation_decision", "investigation_report", "case_review",
			       "notice", "hearing_notice", "notice_service", "statement",
			       "statement_waiver", "hearing_request", "hearing_summons", "hearing",
			       "recheck", "renotice", "legal_review", "discussion", "decision",
			       "decision_other", "penalty_document", "no_penalty_document",
			       "transfer_document", "service", "payment", "payment_extension", "urge",
			       "enforcement_application", "reconsideration", "reconsideration_result",
			       "litigation", "litigation_result", "revocation", "closing", "archive"};
	size_t last = 0;

	assert_string_equal(p->steps[0].code, "source");
	assert_string_equal(p->kind, "penalty");
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const struct zf_step_def *s = step(p, order[i]);
		size_t at = (size_t)(s - p->steps);
		if (i > 0 && at <= last)
			fail_msg("step %s is out of flowchart order", order[i]);
		last = at;
	}
	/* anytime steps: recusal and the 90-day clock pauses */
	assert_true(step(p, "recusal_apply")->anytime);
	assert_string_equal(step(p, "recusal_decide")->effect, "recusal_decide");
	assert_true(step(p, "pause_start")->anytime);
	assert_string_equal(step(p, "pause_end")->effect, "pause_end");
	assert_string_equal(step(p, "filing")->effect, "assign_case_no");
	assert_string_equal(step(p, "assign_officers")->effect, "assign_officers");
	assert_true(step(p, "no_filing")->terminal);
	assert_true(step(p, "archive")->terminal);
	assert_string_equal(step(p, "closing")->effect, "close");
	/* who decides: the leader; who reviews: the reviewer */
	assert_int_equal(step(p, "decision")->roles, 1u << ZF_ROLE_LEADER);
	assert_int_equal(step(p, "filing")->roles, 1u << ZF_ROLE_LEADER);
	assert_int_equal(step(p, "legal_review")->roles, 1u << ZF_ROLE_REVIEWER);
	assert_int_equal(step(p, "case_review")->roles, 1u << ZF_ROLE_REVIEWER);
	assert_true(step(p, "inquiry")->handler);
	assert_true(step(p, "case_review")->optional);
	/* remedies are recorded whenever they come, also on a closed case */
	assert_true(step(p, "reconsideration")->anytime);
	assert_true(step(p, "litigation_result")->anytime);
	assert_true(step(p, "revocation")->anytime);
	assert_true(has(step(p, "reconsideration")->after_any, step(p, "reconsideration")->nafter_any,
			"decision"));
	assert_string_equal(step(p, "reopen")->effect, "reopen_execution");
}

static void ordinary_guards(void **state)
{
	const struct zf_procedure *p = proc(state, "penalty_ordinary");
	const char *inv[] = {"inquiry", "site_check", "sampling", "preservation"};

	for (size_t i = 0; i < 4; i++) {
		assert_guard(p, inv[i], "two_officers");
		assert_guard(p, inv[i], "officers_assigned");
		assert_guard(p, inv[i], "not_recused");
		assert_guard(p, inv[i], "party_signature");
	}
	assert_guard(p, "filing", "limitation");
	assert_guard(p, "decision", "period_over:statement");
	assert_guard(p, "decision", "period_over:hearing_request");
	assert_guard(p, "decision", "period_over:restatement");
	assert_guard(p, "decision", "not_heavier");
	assert_guard(p, "decision", "statutory_range");
	assert_guard(p, "decision", "discretion_band");
	assert_guard(p, "notice", "statutory_range");
	assert_guard(p, "hearing_summons", "hearing_notice");
	assert_guard(p, "hearing_summons", "hearing_chair");
	assert_guard(p, "hearing", "hearing_chair");
	assert_guard(p, "service", "electronic_service");
	assert_guard(p, "notice_service", "electronic_service");
	assert_guard(p, "enforcement_application", "period_over:urge");
	/* the legal-review hook of issue 7 sits on both decision steps */
	assert_true(step(p, "decision")->major_gate);
	assert_true(step(p, "decision_other")->major_gate);
	assert_false(step(p, "notice")->major_gate);
	/* a penalty only after the notice was served (art. 62) */
	assert_true(has(step(p, "decision")->after, step(p, "decision")->nafter, "notice_service"));
	/* the fields the guards read (docs/case-rules.md) */
	assert_int_equal(field(step(p, "decision"), "fine")->type, ZF_FT_MONEY);
	assert_int_equal(field(step(p, "decision"), "penalty_types")->type, ZF_FT_ENUMS);
	assert_int_equal(field(step(p, "notice"), "fine")->type, ZF_FT_MONEY);
	assert_int_equal(field(step(p, "hearing_summons"), "hearing_date")->type, ZF_FT_DATE);
	assert_int_equal(field(step(p, "hearing_summons"), "notified_on")->type, ZF_FT_DATE);
	assert_int_equal(field(step(p, "hearing_summons"), "chair")->type, ZF_FT_OFFICER);
	assert_int_equal(field(step(p, "inquiry"), "officers")->type, ZF_FT_OFFICERS);
	assert_int_equal(field(step(p, "inquiry"), "party_signature")->type, ZF_FT_SIGNATURE);
	assert_string_equal(field(step(p, "statement_waiver"), "statement_waived")->fact,
			    "statement_waived");
}

static void ordinary_deadlines(void **state)
{
	const struct zf_procedure *p = proc(state, "penalty_ordinary");
	const struct zf_deadline_def *d;

	assert_deadline(p, "statement", "notice_service", ZF_DU_WORKING, 0, "statement_days",
			ZF_DK_WAIT);
	assert_deadline(p, "hearing_request", "notice_service", ZF_DU_WORKING, 5, NULL, ZF_DK_WAIT);
	assert_deadline(p, "preservation", "preservation", ZF_DU_WORKING, 7, NULL, ZF_DK_DUE);
	assert_deadline(p, "service", "decision", ZF_DU_WORKING, 7, NULL, ZF_DK_DUE);
	assert_deadline(p, "payment", "service", ZF_DU_CALENDAR, 15, NULL, ZF_DK_DUE);
	assert_deadline(p, "urge", "urge", ZF_DU_WORKING, 10, NULL, ZF_DK_WAIT);
	assert_deadline(p, "enforcement", "service", ZF_DU_MONTHS, 9, NULL, ZF_DK_DUE);
	assert_deadline(p, "clue_check", "source", ZF_DU_WORKING, 0, "clue_check_days", ZF_DK_DUE);
	assert_deadline(p, "case_review", "investigation_report", ZF_DU_WORKING, 0, "review_days",
			ZF_DK_DUE);
	assert_deadline(p, "decision", "filing", ZF_DU_CALENDAR, 0, "decision_days", ZF_DK_DUE);
	d = zf_procedure_deadline(p, "decision");
	assert_true(d->pausable);
	assert_string_equal(d->from_field, "date");
	assert_deadline(p, "decision_extended", "decision_extension", ZF_DU_CALENDAR, 0,
			"decision_extension_days", ZF_DK_DUE);
	assert_string_equal(zf_procedure_deadline(p, "payment")->from_field, "served_on");
}

static void ordinary_av(void **state)
{
	const struct zf_procedure *p = proc(state, "penalty_ordinary");

	assert_int_equal(step(p, "inquiry")->av, ZF_AV_AV);
	assert_int_equal(step(p, "statement")->av, ZF_AV_AV);
	assert_int_equal(step(p, "hearing")->av, ZF_AV_AV);
	assert_int_equal(step(p, "site_check")->av, ZF_AV_AV_OR_PHOTO);
	assert_int_equal(step(p, "sampling")->av, ZF_AV_AV_OR_PHOTO);
	assert_int_equal(step(p, "preservation")->av, ZF_AV_AV_OR_PHOTO);
	assert_int_equal(step(p, "service")->av, ZF_AV_AV_OR_PHOTO);
	assert_int_equal(step(p, "decision")->av, ZF_AV_NONE);
}

static void ordinary_documents(void **state)
{
	const struct zf_procedure *p = proc(state, "penalty_ordinary");

	assert_doc(p, "source", "case_source");
	assert_doc(p, "filing", "filing_approval");
	assert_doc(p, "no_filing", "no_filing");
	assert_doc(p, "inquiry", "inquiry_record");
	assert_doc(p, "site_check", "inspection_record");
	assert_doc(p, "preservation", "preservation_notice");
	assert_doc(p, "preservation_decision", "preservation_decision");
	assert_doc(p, "investigation_report", "investigation_report");
	assert_doc(p, "notice", "penalty_notice");
	assert_doc(p, "hearing_notice", "hearing_notice");
	assert_doc(p, "hearing_summons", "hearing_summons");
	assert_doc(p, "hearing", "hearing_record");
	assert_doc(p, "statement", "statement_record");
	assert_doc(p, "discussion", "discussion_record");
	assert_doc(p, "penalty_document", "penalty_decision");
	assert_doc(p, "no_penalty_document", "no_penalty_decision");
	assert_doc(p, "transfer_document", "transfer_letter");
	assert_doc(p, "service", "service_receipt");
	assert_doc(p, "urge", "urge_notice");
	assert_doc(p, "closing", "closing_report");
}

/* The conditions that route the flow, evaluated over facts. */
static void ordinary_conditions(void **state)
{
	const struct zf_procedure *p = proc(state, "penalty_ordinary");
	const json_t *decide = step(p, "decision")->when;
	const json_t *served = step(p, "notice_service")->when;
	const json_t *close = step(p, "closing")->when;
	json_t *f;

	f = json_pack("{s:b}", "collective_required", 1);
	assert_int_equal(zf_cond_eval(decide, f), 0);
	json_object_set_new(f, "discussion_decision", json_string("penalty"));
	assert_int_equal(zf_cond_eval(decide, f), 1);
	json_object_set_new(f, "hearing_requested", json_true());
	assert_int_equal(zf_cond_eval(decide, f), 0);
	json_object_set_new(f, "hearing_attendance", json_string("attended"));
	assert_int_equal(zf_cond_eval(decide, f), 1);
	json_decref(f);

	f = json_pack("{s:b}", "hearing_eligible", 1);
	assert_int_equal(zf_cond_eval(served, f), 0);
	assert_int_equal(zf_cond_eval(step(p, "hearing_notice")->when, f), 1);
	json_object_set_new(f, "hearing_notice_on", json_string("2026-04-01"));
	assert_int_equal(zf_cond_eval(served, f), 1);
	json_object_set_new(f, "hearing_eligible", json_false());
	json_object_del(f, "hearing_notice_on");
	assert_int_equal(zf_cond_eval(served, f), 1);
	assert_int_equal(zf_cond_eval(step(p, "hearing_request")->when, f), 0);
	json_decref(f);

	/* the body's setting case_review (engine fact) holds the notice until a review agreed */
	f = json_pack("{s:b}", "case_review", 1);
	assert_int_equal(zf_cond_eval(step(p, "notice")->when, f), 0);
	json_object_set_new(f, "review_opinion", json_string("supplement"));
	assert_int_equal(zf_cond_eval(step(p, "notice")->when, f), 0);
	json_object_set_new(f, "review_opinion", json_string("agree"));
	assert_int_equal(zf_cond_eval(step(p, "notice")->when, f), 1);
	json_object_del(f, "review_opinion");
	json_object_set_new(f, "case_review", json_false());
	assert_int_equal(zf_cond_eval(step(p, "notice")->when, f), 1);
	json_decref(f);

	/* no 结案 while a fine is unpaid */
	f = json_pack("{s:s,s:I}", "decision", "penalty", "fine", (json_int_t)500000);
	assert_int_equal(zf_cond_eval(close, f), 0);
	json_object_set_new(f, "paid", json_true());
	assert_int_equal(zf_cond_eval(close, f), 1);
	json_object_set_new(f, "paid", json_false());
	json_object_set_new(f, "enforcement_applied_on", json_string("2026-09-01"));
	assert_int_equal(zf_cond_eval(close, f), 1);
	json_decref(f);
	f = json_pack("{s:s}", "decision", "no_penalty");
	assert_int_equal(zf_cond_eval(close, f), 1);
	json_decref(f);
}

static void summary_procedure(void **state)
{
	const struct zf_procedure *p = proc(state, "penalty_summary");
	const struct zf_step_def *s = step(p, "onspot");
	const struct zf_field_def *types;

	assert_ptr_equal(s, &p->steps[0]);
	assert_guard(p, "onspot", "two_officers");
	assert_guard(p, "onspot", "summary_limits");
	assert_guard(p, "onspot", "onspot_collection");
	assert_guard(p, "onspot", "party_signature");
	assert_doc(p, "onspot", "summary_decision");
	assert_int_equal(s->av, ZF_AV_AV);
	assert_string_equal(field(s, "facts_certain")->fact, "facts_certain");
	types = field(s, "penalty_types");
	assert_int_equal(types->noptions, 2);
	assert_string_equal(types->options[0].value, "warning");
	assert_string_equal(types->options[1].value, "fine");
	assert_int_equal(field(s, "receipt_no")->type, ZF_FT_TEXT);
	assert_non_null(step(p, "cash_handover"));
	assert_true(step(p, "filing_record")->terminal);
	assert_deadline(p, "cash", "onspot", ZF_DU_WORKING, 2, NULL, ZF_DK_DUE);
	assert_deadline(p, "payment", "onspot", ZF_DU_CALENDAR, 15, NULL, ZF_DK_DUE);
}

static void compulsory_procedure(void **state)
{
	const struct zf_procedure *p = proc(state, "compulsory");
	json_t *f;

	assert_string_equal(p->kind, "compulsory");
	assert_guard(p, "application", "two_officers");
	assert_guard(p, "onsite", "two_officers");
	assert_guard(p, "onsite", "party_signature");
	assert_guard(p, "emergency_approval", "emergency_report");
	assert_guard(p, "extension", "seizure_extension");
	assert_doc(p, "approval", "compulsory_approval");
	assert_doc(p, "onsite", "onsite_record");
	assert_doc(p, "onsite", "seizure_decision");
	assert_doc(p, "onsite", "seizure_list");
	assert_doc(p, "extension", "seizure_extension");
	assert_doc(p, "release", "seizure_release");
	assert_int_equal(step(p, "onsite")->av, ZF_AV_WHOLE);
	assert_int_equal(field(step(p, "extension"), "days")->type, ZF_FT_INT);
	assert_deadline(p, "seizure", "onsite", ZF_DU_CALENDAR, 30, NULL, ZF_DK_DUE);
	assert_deadline(p, "seizure_extended", "extension", ZF_DU_CALENDAR, 30, NULL, ZF_DK_DUE);
	assert_true(zf_procedure_deadline(p, "seizure")->pausable);
	/* on site only once approved, or at once in an emergency */
	f = json_object();
	assert_int_equal(zf_cond_eval(step(p, "onsite")->when, f), 0);
	json_object_set_new(f, "emergency", json_true());
	assert_int_equal(zf_cond_eval(step(p, "onsite")->when, f), 1);
	assert_int_equal(zf_cond_eval(step(p, "approval")->when, f), 0);
	json_object_set_new(f, "emergency", json_false());
	json_object_set_new(f, "approved", json_true());
	assert_int_equal(zf_cond_eval(step(p, "onsite")->when, f), 1);
	json_decref(f);
	assert_true(step(p, "archive")->terminal);
}

static void inspection_procedure(void **state)
{
	const struct zf_procedure *p = proc(state, "inspection");
	const json_t *w = step(p, "site_inspection")->when;
	json_t *f;

	assert_string_equal(p->kind, "inspection");
	assert_int_equal(step(p, "approval")->roles, 1u << ZF_ROLE_LEADER);
	assert_doc(p, "notice", "inspection_notice");
	assert_doc(p, "site_inspection", "inspection_record");
	assert_doc(p, "feedback", "inspection_feedback");
	assert_doc(p, "rectify", "rectify_order");
	assert_guard(p, "site_inspection", "two_officers");
	assert_int_equal(step(p, "site_inspection")->av, ZF_AV_AV_OR_PHOTO);
	/* announced checks wait for the served notice; unannounced ones record a reason */
	f = json_pack("{s:b,s:s}", "approved", 1, "mode", "announced");
	assert_int_equal(zf_cond_eval(w, f), 0);
	json_object_set_new(f, "notice_served_on", json_string("2026-05-06"));
	assert_int_equal(zf_cond_eval(w, f), 1);
	json_object_del(f, "notice_served_on");
	json_object_set_new(f, "mode", json_string("unannounced"));
	assert_int_equal(zf_cond_eval(w, f), 1);
	assert_int_equal(zf_cond_eval(step(p, "notice")->when, f), 0);
	json_decref(f);
	assert_non_null(field(step(p, "application"), "unannounced_reason")->when);
	assert_non_null(step(p, "handling"));
	assert_true(step(p, "archive")->terminal);
}

/* Every document type is issued by some shipped step and has its template. */
static void documents_covered(void **state)
{
	size_t ntypes = 0, nprocs = 0;
	const struct zf_doc_type *types = zf_doc_types(&ntypes);
	const struct zf_procedure *const *all = zf_procedures_all(*state, &nprocs);

	assert_true(ntypes >= 38);
	for (size_t t = 0; t < ntypes; t++) {
		int found = 0;
		for (size_t i = 0; i < nprocs && !found; i++)
			for (size_t s = 0; s < all[i]->nsteps && !found; s++)
				found = has(all[i]->steps[s].documents, all[i]->steps[s].ndocuments,
					    types[t].code);
		if (!found)
			fail_msg("no shipped step issues %s", types[t].code);
	}
}

static void flowcharts(void **state)
{
	size_t n = 0;
	const struct zf_procedure *const *all = zf_procedures_all(*state, &n);

	for (size_t i = 0; i < n; i++) {
		struct zf_buf b;
		struct zf_err err = {0};
		zf_buf_init(&b, 0);
		assert_int_equal(zf_procedure_svg(all[i], &b, &err), 0);
		assert_non_null(strstr(b.data, "<svg"));
		assert_non_null(strstr(b.data, all[i]->name));
		assert_non_null(strstr(b.data, all[i]->steps[0].name));
		assert_non_null(strstr(b.data, "</svg>"));
		zf_buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_set),
		cmocka_unit_test(ordinary_steps),
		cmocka_unit_test(ordinary_guards),
		cmocka_unit_test(ordinary_deadlines),
		cmocka_unit_test(ordinary_av),
		cmocka_unit_test(ordinary_documents),
		cmocka_unit_test(ordinary_conditions),
		cmocka_unit_test(summary_procedure),
		cmocka_unit_test(compulsory_procedure),
		cmocka_unit_test(inspection_procedure),
		cmocka_unit_test(documents_covered),
		cmocka_unit_test(flowcharts),
	};
	if (zf_crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
