/* Route handlers, one group per file: portal, auth, workbench registry, accounts, audit, record log, API, procedures. */
#ifndef ZF_WEB_HANDLERS_H
#define ZF_WEB_HANDLERS_H
#include "web/http.h"

/* portal.c */
int route_healthz(struct zf_req *req);
int route_home(struct zf_req *req);
int route_body_index(struct zf_req *req);
int route_body_show(struct zf_req *req);
int route_officer_index(struct zf_req *req);
int route_cert_search(struct zf_req *req);
int route_cert_show(struct zf_req *req);
int route_cert_qr_page(struct zf_req *req);
int route_cert_qr_svg(struct zf_req *req);

/* portal_pub.c: published decisions and inspection results, correction requests */
int route_decision_index(struct zf_req *req);
int route_decision_show(struct zf_req *req);
int route_decision_text(struct zf_req *req);
int route_decision_qr(struct zf_req *req);
int route_decision_correction_form(struct zf_req *req);
int route_decision_correction(struct zf_req *req);
int route_inspection_index(struct zf_req *req);
int route_inspection_show(struct zf_req *req);
int route_inspection_text(struct zf_req *req);
int route_inspection_qr(struct zf_req *req);
int route_inspection_correction_form(struct zf_req *req);
int route_inspection_correction(struct zf_req *req);
int route_correction_search(struct zf_req *req);
int route_correction_show(struct zf_req *req);
/* pub_portal.c: search, feeds and open data of publications */
int route_pub_search(struct zf_req *req);
int route_feed_decisions(struct zf_req *req);
int route_feed_inspections(struct zf_req *req);
int route_open_decisions_csv(struct zf_req *req);
int route_open_decisions_json(struct zf_req *req);
int route_open_inspections_csv(struct zf_req *req);
int route_open_inspections_json(struct zf_req *req);

/* login.c */
int route_login_form(struct zf_req *req);
int route_login(struct zf_req *req);
int route_logout(struct zf_req *req);

/* password.c */
int route_password_form(struct zf_req *req);
int route_password_change(struct zf_req *req);

/* workbench.c */
int route_workbench(struct zf_req *req);
int route_wb_audit(struct zf_req *req);

/* wb_registry.c */
int route_wb_body_index(struct zf_req *req);
int route_wb_body_new(struct zf_req *req);
int route_wb_body_create(struct zf_req *req);
int route_wb_body_show(struct zf_req *req);
int route_wb_body_edit(struct zf_req *req);
int route_wb_body_update(struct zf_req *req);
int route_wb_body_state(struct zf_req *req);
int route_wb_officer_index(struct zf_req *req);
int route_wb_officer_new(struct zf_req *req);
int route_wb_officer_create(struct zf_req *req);
int route_wb_officer_show(struct zf_req *req);
int route_wb_officer_edit(struct zf_req *req);
int route_wb_officer_update(struct zf_req *req);

/* wb_account.c */
int route_wb_account_index(struct zf_req *req);
int route_wb_account_new(struct zf_req *req);
int route_wb_account_create(struct zf_req *req);
int route_wb_account_disable(struct zf_req *req);
int route_wb_account_enable(struct zf_req *req);
int route_wb_account_password(struct zf_req *req);
int route_wb_token_index(struct zf_req *req);
int route_wb_token_create(struct zf_req *req);
int route_wb_token_revoke(struct zf_req *req);

/* wb_case.c: cases */
int route_wb_case_index(struct zf_req *req);
int route_wb_case_new(struct zf_req *req);
int route_wb_case_open_form(struct zf_req *req);
int route_wb_case_open(struct zf_req *req);
int route_wb_case_show(struct zf_req *req);
int route_wb_case_step_form(struct zf_req *req);
int route_wb_case_step(struct zf_req *req);
int route_wb_case_doc(struct zf_req *req);
int route_wb_review_index(struct zf_req *req);
int route_wb_review_show(struct zf_req *req);
int route_wb_review_action(struct zf_req *req);
int route_wb_review_submit_form(struct zf_req *req);
int route_wb_review_submit(struct zf_req *req);
int route_wb_review_discuss(struct zf_req *req);
int route_wb_review_minutes(struct zf_req *req);
int route_wb_review_disagreements(struct zf_req *req);
int route_api_review_case(struct zf_req *req);
int route_api_review_submit(struct zf_req *req);
int route_api_review_action(struct zf_req *req);
int route_api_review_queue(struct zf_req *req);
int route_api_review_disagreements(struct zf_req *req);

/* wb_case_admin.c: deadlines, violation types, case settings */
int route_wb_deadlines(struct zf_req *req);
int route_wb_violation_index(struct zf_req *req);
int route_wb_violation_new(struct zf_req *req);
int route_wb_violation_create(struct zf_req *req);
int route_wb_violation_show(struct zf_req *req);
int route_wb_violation_update(struct zf_req *req);
int route_wb_case_settings(struct zf_req *req);
int route_wb_case_settings_save(struct zf_req *req);

/* wb_training.c: officers' training records */
int route_wb_training_index(struct zf_req *req);
int route_wb_training_new(struct zf_req *req);
int route_wb_training_create(struct zf_req *req);
int route_wb_training_show(struct zf_req *req);
int route_wb_training_correct(struct zf_req *req);
int route_wb_officer_training(struct zf_req *req);
/* The workbench home's warning box for those who record training: the
 * body's officers below this year's requirement (pro rata), or NULL. */
json_t *zf_wb_training_warning(struct zf_req *req);

/* log.c: the public record log */
int route_log_checkpoint(struct zf_req *req);
int route_log_key(struct zf_req *req);
int route_log_tile(struct zf_req *req);
int route_log_proof(struct zf_req *req);

/* api_registry.c, api_openapi.c */
int route_api_openapi(struct zf_req *req);
int route_api_body_index(struct zf_req *req);
int route_api_body_create(struct zf_req *req);
int route_api_body_show(struct zf_req *req);
int route_api_body_update(struct zf_req *req);
int route_api_officer_index(struct zf_req *req);
int route_api_officer_create(struct zf_req *req);
int route_api_officer_show(struct zf_req *req);
int route_api_officer_update(struct zf_req *req);
int route_api_cert_show(struct zf_req *req);

/* wb_calendar.c, api_calendar.c: the working-day calendar */
int route_wb_calendar(struct zf_req *req);
int route_wb_calendar_load(struct zf_req *req);
int route_api_calendar_due(struct zf_req *req);
/* catalog.c: the major-decision catalog (workbench and portal) */
int route_wb_catalog(struct zf_req *req);
int route_wb_catalog_new(struct zf_req *req);
int route_wb_catalog_save(struct zf_req *req);
int route_wb_catalog_approve(struct zf_req *req);
int route_wb_catalog_reject(struct zf_req *req);
int route_catalog_index(struct zf_req *req);
int route_catalog_show(struct zf_req *req);
/* wb_av_list.c: the AV requirement list (workbench and portal), AV exceptions */
int route_wb_av_list(struct zf_req *req);
int route_wb_av_list_save(struct zf_req *req);
int route_wb_av_list_approve(struct zf_req *req);
int route_wb_av_list_reject(struct zf_req *req);
int route_wb_av_exceptions(struct zf_req *req);
int route_av_list_index(struct zf_req *req);
int route_av_list_body(struct zf_req *req);
int route_av_list_version(struct zf_req *req);

/* wb_publication.c: the publisher's work (drafts, withdrawals, correction requests) */
int route_wb_pub_index(struct zf_req *req);
int route_wb_pub_show(struct zf_req *req);
int route_wb_pub_publish(struct zf_req *req);
int route_wb_pub_reject(struct zf_req *req);
int route_wb_pub_end(struct zf_req *req);
int route_wb_correction_index(struct zf_req *req);
int route_wb_correction_show(struct zf_req *req);
int route_wb_correction_answer(struct zf_req *req);

/* wb_public_list.c: the lists published before enforcement (事前公开), workbench and portal */
int route_wb_lists(struct zf_req *req);
int route_wb_list_new(struct zf_req *req);
int route_wb_list_save(struct zf_req *req);
int route_wb_list_version(struct zf_req *req);
int route_wb_list_approve(struct zf_req *req);
int route_wb_list_justice(struct zf_req *req);
int route_wb_list_reject(struct zf_req *req);
int route_wb_lists_justice(struct zf_req *req);
int route_lists_index(struct zf_req *req);
int route_list_live(struct zf_req *req);
int route_list_versions(struct zf_req *req);
int route_list_version(struct zf_req *req);

/* flowchart.c: the published procedures */
int route_flowchart_index(struct zf_req *req);
int route_flowchart_svg(struct zf_req *req);
int route_api_procedure_index(struct zf_req *req);
int route_api_procedure_show(struct zf_req *req);

/* api_case.c */
int route_api_case_index(struct zf_req *req);
int route_api_case_create(struct zf_req *req);
int route_api_case_show(struct zf_req *req);
int route_api_case_step(struct zf_req *req);
int route_api_case_doc(struct zf_req *req);
int route_api_violation_index(struct zf_req *req);

/* wb_evidence.c: evidence pages (the plain multipart upload is a streamed route) */
int route_wb_evidence_index(struct zf_req *req);
int route_wb_evidence_attach(struct zf_req *req);
extern const struct zf_stream_ops zf_wb_evidence_file_ops;
int route_wb_evidence_show(struct zf_req *req);
int route_wb_evidence_play(struct zf_req *req);
int route_wb_evidence_media(struct zf_req *req);
int route_wb_evidence_download(struct zf_req *req);
int route_wb_evidence_withdraw(struct zf_req *req);

/* evidence_inventory.c: the printable evidence inventory and its JSON form */
int route_wb_evidence_inventory(struct zf_req *req);
int route_api_evidence_inventory(struct zf_req *req);

/* api_evidence.c */
int route_api_evidence_index(struct zf_req *req);
int route_api_evidence_attach(struct zf_req *req);
int route_api_evidence_show(struct zf_req *req);
int route_api_evidence_withdraw(struct zf_req *req);

/* api_upload.c: tus 1.0 uploads (PATCH is streamed) */
int route_api_upload_options(struct zf_req *req);
int route_api_upload_create(struct zf_req *req);
int route_api_upload_show(struct zf_req *req);   /* GET and HEAD */
int route_api_upload_delete(struct zf_req *req);
extern const struct zf_stream_ops zf_api_upload_patch;

#endif
