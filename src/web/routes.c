/* The route table: every path zhifa answers, the permission it needs, its body limit. */
#include <stdint.h>

#include "core/role.h"
#include "web/handlers.h"
#include "web/routes.h"

#define FORM_LIMIT (64 * 1024)
#define JSON_LIMIT (256 * 1024)
#define STEP_LIMIT (512 * 1024)
#define EVIDENCE_FILE_LIMIT ((size_t)128 << 20)
#define TUS_PATCH_LIMIT SIZE_MAX /* the upload's own length bounds a chunk (app/upload.h) */
#define TUS (ZF_ROUTE_TUS)

const struct zf_route zf_routes[] = {
	/* portal */
	{"GET", "/healthz", ZF_PERM_PUBLIC, 0, 0, route_healthz, NULL},
	{"GET", "/", ZF_PERM_PUBLIC, 0, 0, route_home, NULL},
	{"GET", "/bodies", ZF_PERM_PUBLIC, 0, 0, route_body_index, NULL},
	{"GET", "/bodies/<>", ZF_PERM_PUBLIC, 0, 0, route_body_show, NULL},
	{"GET", "/officers", ZF_PERM_PUBLIC, 0, 0, route_officer_index, NULL},
	{"GET", "/certificates", ZF_PERM_PUBLIC, 0, 0, route_cert_search, NULL},
	{"GET", "/certificates/<>", ZF_PERM_PUBLIC, 0, 0, route_cert_show, NULL},
	{"GET", "/certificates/<>/qr", ZF_PERM_PUBLIC, 0, 0, route_cert_qr_page, NULL},
	{"GET", "/certificates/<>/qr.svg", ZF_PERM_PUBLIC, 0, 0, route_cert_qr_svg, NULL},
	{"GET", "/flowcharts", ZF_PERM_PUBLIC, 0, 0, route_flowchart_index, NULL},
	{"GET", "/flowcharts/<>", ZF_PERM_PUBLIC, 0, 0, route_flowchart_svg, NULL}, /* <code>.svg */
	{"GET", "/review-catalog", ZF_PERM_PUBLIC, 0, 0, route_catalog_index, NULL},
	{"GET", "/review-catalog/<>", ZF_PERM_PUBLIC, 0, 0, route_catalog_show, NULL},
	{"GET", "/av-list", ZF_PERM_PUBLIC, 0, 0, route_av_list_index, NULL},
	{"GET", "/av-list/<>", ZF_PERM_PUBLIC, 0, 0, route_av_list_body, NULL},
	/* publications: search, feeds, open data (docs/publicity.md) */
	{"GET", "/search", ZF_PERM_PUBLIC, 0, 0, route_pub_search, NULL},
	{"GET", "/feeds/decisions.atom", ZF_PERM_PUBLIC, 0, 0, route_feed_decisions, NULL},
	{"GET", "/feeds/inspections.atom", ZF_PERM_PUBLIC, 0, 0, route_feed_inspections, NULL},
	{"GET", "/open/decisions.csv", ZF_PERM_PUBLIC, 0, 0, route_open_decisions_csv, NULL},
	{"GET", "/open/decisions.json", ZF_PERM_PUBLIC, 0, 0, route_open_decisions_json, NULL},
	{"GET", "/open/inspections.csv", ZF_PERM_PUBLIC, 0, 0, route_open_inspections_csv, NULL},
	{"GET", "/open/inspections.json", ZF_PERM_PUBLIC, 0, 0, route_open_inspections_json, NULL},
	/* the public record log (C2SP tlog-tiles, tlog-proof) */
	{"GET", "/log/checkpoint", ZF_PERM_PUBLIC, 0, 0, route_log_checkpoint, NULL},
	{"GET", "/log/key", ZF_PERM_PUBLIC, 0, 0, route_log_key, NULL},
	{"GET", "/log/tile/<*>", ZF_PERM_PUBLIC, 0, 0, route_log_tile, NULL},
	{"GET", "/log/proof/<>", ZF_PERM_PUBLIC, 0, 0, route_log_proof, NULL},
	/* signing in */
	{"GET", "/login", ZF_PERM_PUBLIC, 0, 0, route_login_form, NULL},
	{"POST", "/login", ZF_PERM_PUBLIC, FORM_LIMIT, ZF_ROUTE_NO_CSRF, route_login, NULL},
	{"POST", "/logout", ZF_PERM_WORKBENCH, FORM_LIMIT, 0, route_logout, NULL},
	/* workbench */
	{"GET", "/workbench", ZF_PERM_WORKBENCH, 0, 0, route_workbench, NULL},
	{"GET", "/workbench/bodies", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_body_index, NULL},
	{"GET", "/workbench/bodies/new", ZF_PERM_REGISTRY_WRITE, 0, 0, route_wb_body_new, NULL},
	{"POST", "/workbench/bodies", ZF_PERM_REGISTRY_WRITE, FORM_LIMIT, 0, route_wb_body_create, NULL},
	{"GET", "/workbench/bodies/<>", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_body_show, NULL},
	{"GET", "/workbench/bodies/<>/edit", ZF_PERM_REGISTRY_WRITE, 0, 0, route_wb_body_edit, NULL},
	{"POST", "/workbench/bodies/<>", ZF_PERM_REGISTRY_WRITE, FORM_LIMIT, 0, route_wb_body_update, NULL},
	{"POST", "/workbench/bodies/<>/state", ZF_PERM_REGISTRY_WRITE, FORM_LIMIT, 0, route_wb_body_state, NULL},
	{"GET", "/workbench/officers", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_officer_index, NULL},
	{"GET", "/workbench/officers/new", ZF_PERM_REGISTRY_WRITE, 0, 0, route_wb_officer_new, NULL},
	{"POST", "/workbench/officers", ZF_PERM_REGISTRY_WRITE, FORM_LIMIT, 0, route_wb_officer_create, NULL},
	{"GET", "/workbench/officers/<>", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_officer_show, NULL},
	{"GET", "/workbench/officers/<>/edit", ZF_PERM_REGISTRY_WRITE, 0, 0, route_wb_officer_edit, NULL},
	{"POST", "/workbench/officers/<>", ZF_PERM_REGISTRY_WRITE, FORM_LIMIT, 0, route_wb_officer_update, NULL},
	{"GET", "/workbench/officers/<>/training", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_officer_training, NULL},
	/* workbench: training records (reads: the registry's readers; writes: the
	 * app allows a registrar or leader of the officers' body) */
	{"GET", "/workbench/training", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_training_index, NULL},
	{"GET", "/workbench/training/new", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_training_new, NULL},
	{"POST", "/workbench/training/new", ZF_PERM_REGISTRY_READ, FORM_LIMIT, 0, route_wb_training_create, NULL},
	{"GET", "/workbench/training/<>", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_training_show, NULL},
	{"POST", "/workbench/training/<>", ZF_PERM_REGISTRY_READ, FORM_LIMIT, 0, route_wb_training_correct, NULL},
	{"GET", "/workbench/password", ZF_PERM_WORKBENCH, 0, 0, route_password_form, NULL},
	{"POST", "/workbench/password", ZF_PERM_WORKBENCH, FORM_LIMIT, 0, route_password_change, NULL},
	{"GET", "/workbench/audit", ZF_PERM_AUDIT_READ, 0, 0, route_wb_audit, NULL},
	/* workbench: accounts and API tokens (the security administrator) */
	{"GET", "/workbench/accounts", ZF_PERM_ACCOUNT_ADMIN, 0, 0, route_wb_account_index, NULL},
	{"GET", "/workbench/accounts/new", ZF_PERM_ACCOUNT_ADMIN, 0, 0, route_wb_account_new, NULL},
	{"POST", "/workbench/accounts", ZF_PERM_ACCOUNT_ADMIN, FORM_LIMIT, 0, route_wb_account_create, NULL},
	{"POST", "/workbench/accounts/<>/disable", ZF_PERM_ACCOUNT_ADMIN, FORM_LIMIT, 0, route_wb_account_disable, NULL},
	{"POST", "/workbench/accounts/<>/enable", ZF_PERM_ACCOUNT_ADMIN, FORM_LIMIT, 0, route_wb_account_enable, NULL},
	{"POST", "/workbench/accounts/<>/password", ZF_PERM_ACCOUNT_ADMIN, FORM_LIMIT, 0, route_wb_account_password, NULL},
	{"GET", "/workbench/tokens", ZF_PERM_TOKEN_ADMIN, 0, 0, route_wb_token_index, NULL},
	{"POST", "/workbench/tokens", ZF_PERM_TOKEN_ADMIN, FORM_LIMIT, 0, route_wb_token_create, NULL},
	{"POST", "/workbench/tokens/<>/revoke", ZF_PERM_TOKEN_ADMIN, FORM_LIMIT, 0, route_wb_token_revoke, NULL},
	/* workbench: the working-day calendar (loading a year: the system administrator) */
	{"GET", "/workbench/calendar", ZF_PERM_WORKBENCH, 0, 0, route_wb_calendar, NULL},
	{"POST", "/workbench/calendar", ZF_PERM_SETTINGS, FORM_LIMIT, 0, route_wb_calendar_load, NULL},
	/* workbench: cases (a step form carries signature strokes: a larger body) */
	{"GET", "/workbench/cases", ZF_PERM_CASE_READ, 0, 0, route_wb_case_index, NULL},
	{"GET", "/workbench/cases/new", ZF_PERM_CASE_WRITE, 0, 0, route_wb_case_new, NULL},
	{"GET", "/workbench/cases/new/<>", ZF_PERM_CASE_WRITE, 0, 0, route_wb_case_open_form, NULL},
	{"POST", "/workbench/cases/new/<>", ZF_PERM_CASE_WRITE, STEP_LIMIT, 0, route_wb_case_open, NULL},
	{"GET", "/workbench/cases/<>", ZF_PERM_CASE_READ, 0, 0, route_wb_case_show, NULL},
	{"GET", "/workbench/cases/<>/steps/<>", ZF_PERM_CASE_WRITE, 0, 0, route_wb_case_step_form, NULL},
	{"POST", "/workbench/cases/<>/steps/<>", ZF_PERM_CASE_WRITE, STEP_LIMIT, 0, route_wb_case_step, NULL},
	{"GET", "/workbench/cases/<>/documents/<>", ZF_PERM_CASE_READ, 0, 0, route_wb_case_doc, NULL},
	/* workbench: evidence (a file without JavaScript: streamed, at most 64 MiB
	 * and the form's fields; more is answered 413 by the route itself; the
	 * body limit only bounds what is drained) */
	{"GET", "/workbench/cases/<>/evidence", ZF_PERM_CASE_READ, 0, 0, route_wb_evidence_index, NULL},
	{"POST", "/workbench/cases/<>/evidence", ZF_PERM_EVIDENCE_WRITE, FORM_LIMIT, 0, route_wb_evidence_attach, NULL},
	{"POST", "/workbench/cases/<>/evidence/file", ZF_PERM_EVIDENCE_WRITE, EVIDENCE_FILE_LIMIT, ZF_ROUTE_STREAM,
	 NULL, &zf_wb_evidence_file_ops},
	{"GET", "/workbench/cases/<>/evidence/inventory", ZF_PERM_CASE_READ, 0, 0, route_wb_evidence_inventory, NULL},
	{"GET", "/workbench/evidence/<>", ZF_PERM_EVIDENCE_READ, 0, 0, route_wb_evidence_show, NULL},
	{"POST", "/workbench/evidence/<>/play", ZF_PERM_EVIDENCE_READ, FORM_LIMIT, 0, route_wb_evidence_play, NULL},
	{"GET", "/workbench/evidence/<>/media", ZF_PERM_EVIDENCE_READ, 0, 0, route_wb_evidence_media, NULL},
	{"GET", "/workbench/evidence/<>/download", ZF_PERM_EVIDENCE_READ, 0, 0, route_wb_evidence_download, NULL},
	{"POST", "/workbench/evidence/<>/withdraw", ZF_PERM_EVIDENCE_WRITE, FORM_LIMIT, 0, route_wb_evidence_withdraw, NULL},
	/* workbench: legal review (docs/legal-review.md) */
	{"GET", "/workbench/cases/<>/review", ZF_PERM_CASE_WRITE, 0, 0, route_wb_review_submit_form, NULL},
	{"POST", "/workbench/cases/<>/review", ZF_PERM_CASE_WRITE, FORM_LIMIT, 0, route_wb_review_submit, NULL},
	{"POST", "/workbench/cases/<>/discussions", ZF_PERM_CASE_WRITE, FORM_LIMIT, 0, route_wb_review_discuss, NULL},
	{"GET", "/workbench/cases/<>/discussions/<>", ZF_PERM_CASE_READ, 0, 0, route_wb_review_minutes, NULL},
	{"GET", "/workbench/reviews", ZF_PERM_REVIEW, 0, 0, route_wb_review_index, NULL},
	{"GET", "/workbench/reviews/<>", ZF_PERM_CASE_READ, 0, 0, route_wb_review_show, NULL},
	{"POST", "/workbench/reviews/<>/<>", ZF_PERM_CASE_WRITE, FORM_LIMIT, 0, route_wb_review_action, NULL},
	{"GET", "/workbench/disagreements", ZF_PERM_REVIEW, 0, 0, route_wb_review_disagreements, NULL},
	{"GET", "/workbench/deadlines", ZF_PERM_CASE_READ, 0, 0, route_wb_deadlines, NULL},
	{"GET", "/workbench/violations", ZF_PERM_CASE_READ, 0, 0, route_wb_violation_index, NULL},
	{"GET", "/workbench/violations/new", ZF_PERM_CASE_SETTINGS, 0, 0, route_wb_violation_new, NULL},
	{"POST", "/workbench/violations/new", ZF_PERM_CASE_SETTINGS, FORM_LIMIT, 0, route_wb_violation_create, NULL},
	{"GET", "/workbench/violations/<>", ZF_PERM_CASE_READ, 0, 0, route_wb_violation_show, NULL},
	{"POST", "/workbench/violations/<>", ZF_PERM_CASE_SETTINGS, FORM_LIMIT, 0, route_wb_violation_update, NULL},
	{"GET", "/workbench/settings/cases", ZF_PERM_CASE_READ, 0, 0, route_wb_case_settings, NULL},
	{"POST", "/workbench/settings/cases", ZF_PERM_CASE_SETTINGS, FORM_LIMIT, 0, route_wb_case_settings_save, NULL},
	/* workbench: the major-decision catalog (drafts, approval by the body's 负责人) */
	{"GET", "/workbench/review/catalog", ZF_PERM_REVIEW, 0, 0, route_wb_catalog, NULL},
	{"GET", "/workbench/review/catalog/new", ZF_PERM_REVIEW, 0, 0, route_wb_catalog_new, NULL},
	{"POST", "/workbench/review/catalog/new", ZF_PERM_REVIEW, FORM_LIMIT, 0, route_wb_catalog_save, NULL},
	{"POST", "/workbench/review/catalog/<>/approve", ZF_PERM_REVIEW, FORM_LIMIT, 0, route_wb_catalog_approve, NULL},
	{"POST", "/workbench/review/catalog/<>/reject", ZF_PERM_REVIEW, FORM_LIMIT, 0, route_wb_catalog_reject, NULL},
	{"GET", "/workbench/av-list", ZF_PERM_CASE_SETTINGS, 0, 0, route_wb_av_list, NULL},
	{"POST", "/workbench/av-list", ZF_PERM_CASE_SETTINGS, FORM_LIMIT, 0, route_wb_av_list_save, NULL},
	{"GET", "/workbench/av-exceptions", ZF_PERM_REVIEW, 0, 0, route_wb_av_exceptions, NULL},
	/* API */
	{"GET", "/api/v1/openapi.json", ZF_PERM_PUBLIC, 0, 0, route_api_openapi, NULL},
	{"GET", "/api/v1/bodies", ZF_PERM_PUBLIC, 0, 0, route_api_body_index, NULL},
	{"POST", "/api/v1/bodies", ZF_PERM_REGISTRY_WRITE, JSON_LIMIT, 0, route_api_body_create, NULL},
	{"GET", "/api/v1/bodies/<>", ZF_PERM_PUBLIC, 0, 0, route_api_body_show, NULL},
	{"PUT", "/api/v1/bodies/<>", ZF_PERM_REGISTRY_WRITE, JSON_LIMIT, 0, route_api_body_update, NULL},
	{"GET", "/api/v1/officers", ZF_PERM_PUBLIC, 0, 0, route_api_officer_index, NULL},
	{"POST", "/api/v1/officers", ZF_PERM_REGISTRY_WRITE, JSON_LIMIT, 0, route_api_officer_create, NULL},
	{"GET", "/api/v1/officers/<>", ZF_PERM_PUBLIC, 0, 0, route_api_officer_show, NULL},
	{"PUT", "/api/v1/officers/<>", ZF_PERM_REGISTRY_WRITE, JSON_LIMIT, 0, route_api_officer_update, NULL},
	{"GET", "/api/v1/certificates/<>", ZF_PERM_PUBLIC, 0, 0, route_api_cert_show, NULL},
	{"GET", "/api/v1/calendar/due", ZF_PERM_WORKBENCH, 0, 0, route_api_calendar_due, NULL},
	{"GET", "/api/v1/procedures", ZF_PERM_WORKBENCH, 0, 0, route_api_procedure_index, NULL},
	{"GET", "/api/v1/procedures/<>", ZF_PERM_WORKBENCH, 0, 0, route_api_procedure_show, NULL},
	{"GET", "/api/v1/cases", ZF_PERM_CASE_READ, 0, 0, route_api_case_index, NULL},
	{"POST", "/api/v1/cases", ZF_PERM_CASE_WRITE, JSON_LIMIT, 0, route_api_case_create, NULL},
	{"GET", "/api/v1/cases/<>", ZF_PERM_CASE_READ, 0, 0, route_api_case_show, NULL},
	{"POST", "/api/v1/cases/<>/steps/<>", ZF_PERM_CASE_WRITE, JSON_LIMIT, 0, route_api_case_step, NULL},
	{"GET", "/api/v1/cases/<>/documents/<>", ZF_PERM_CASE_READ, 0, 0, route_api_case_doc, NULL},
	{"GET", "/api/v1/cases/<>/evidence", ZF_PERM_CASE_READ, 0, 0, route_api_evidence_index, NULL},
	{"POST", "/api/v1/cases/<>/evidence", ZF_PERM_EVIDENCE_WRITE, JSON_LIMIT, 0, route_api_evidence_attach, NULL},
	{"GET", "/api/v1/cases/<>/evidence/inventory", ZF_PERM_CASE_READ, 0, 0, route_api_evidence_inventory, NULL},
	{"GET", "/api/v1/evidence/<>", ZF_PERM_EVIDENCE_READ, 0, 0, route_api_evidence_show, NULL},
	{"POST", "/api/v1/evidence/<>/withdraw", ZF_PERM_EVIDENCE_WRITE, JSON_LIMIT, 0, route_api_evidence_withdraw, NULL},
	{"GET", "/api/v1/cases/<>/reviews", ZF_PERM_CASE_READ, 0, 0, route_api_review_case, NULL},
	{"POST", "/api/v1/cases/<>/reviews", ZF_PERM_CASE_WRITE, JSON_LIMIT, 0, route_api_review_submit, NULL},
	{"GET", "/api/v1/reviews", ZF_PERM_REVIEW, 0, 0, route_api_review_queue, NULL},
	{"POST", "/api/v1/reviews/<>/<>", ZF_PERM_CASE_WRITE, JSON_LIMIT, 0, route_api_review_action, NULL},
	{"GET", "/api/v1/disagreements", ZF_PERM_REVIEW, 0, 0, route_api_review_disagreements, NULL},
	{"GET", "/api/v1/violation-types", ZF_PERM_CASE_READ, 0, 0, route_api_violation_index, NULL},
	/* API: tus 1.0 resumable uploads (evidence files) */
	{"OPTIONS", "/api/v1/uploads", ZF_PERM_PUBLIC, 0, TUS, route_api_upload_options, NULL},
	{"POST", "/api/v1/uploads", ZF_PERM_EVIDENCE_WRITE, 0, TUS, route_api_upload_create, NULL},
	{"GET", "/api/v1/uploads/<>", ZF_PERM_EVIDENCE_WRITE, 0, TUS, route_api_upload_show, NULL},
	{"PATCH", "/api/v1/uploads/<>", ZF_PERM_EVIDENCE_WRITE, TUS_PATCH_LIMIT, TUS | ZF_ROUTE_STREAM, NULL, &zf_api_upload_patch},
	{"DELETE", "/api/v1/uploads/<>", ZF_PERM_EVIDENCE_WRITE, 0, TUS, route_api_upload_delete, NULL},
};

const size_t zf_nroutes = sizeof(zf_routes) / sizeof(zf_routes[0]);
