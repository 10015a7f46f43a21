/* The route table: every path zhifa answers, the permission it needs, its body limit. */
#include "core/role.h"
#include "web/handlers.h"
#include "web/routes.h"

#define FORM_LIMIT (64 * 1024)
#define JSON_LIMIT (256 * 1024)
#define STEP_LIMIT (512 * 1024)

const struct zf_route zf_routes[] = {
	/* portal */
	{"GET", "/healthz", ZF_PERM_PUBLIC, 0, 0, route_healthz},
	{"GET", "/", ZF_PERM_PUBLIC, 0, 0, route_home},
	{"GET", "/bodies", ZF_PERM_PUBLIC, 0, 0, route_body_index},
	{"GET", "/bodies/<>", ZF_PERM_PUBLIC, 0, 0, route_body_show},
	{"GET", "/officers", ZF_PERM_PUBLIC, 0, 0, route_officer_index},
	{"GET", "/certificates", ZF_PERM_PUBLIC, 0, 0, route_cert_search},
	{"GET", "/certificates/<>", ZF_PERM_PUBLIC, 0, 0, route_cert_show},
	{"GET", "/certificates/<>/qr", ZF_PERM_PUBLIC, 0, 0, route_cert_qr_page},
	{"GET", "/certificates/<>/qr.svg", ZF_PERM_PUBLIC, 0, 0, route_cert_qr_svg},
	{"GET", "/flowcharts", ZF_PERM_PUBLIC, 0, 0, route_flowchart_index},
	{"GET", "/flowcharts/<>", ZF_PERM_PUBLIC, 0, 0, route_flowchart_svg}, /* <code>.svg */
	/* the public record log (C2SP tlog-tiles, tlog-proof) */
	{"GET", "/log/checkpoint", ZF_PERM_PUBLIC, 0, 0, route_log_checkpoint},
	{"GET", "/log/key", ZF_PERM_PUBLIC, 0, 0, route_log_key},
	{"GET", "/log/tile/<*>", ZF_PERM_PUBLIC, 0, 0, route_log_tile},
	{"GET", "/log/proof/<>", ZF_PERM_PUBLIC, 0, 0, route_log_proof},
	/* signing in */
	{"GET", "/login", ZF_PERM_PUBLIC, 0, 0, route_login_form},
	{"POST", "/login", ZF_PERM_PUBLIC, FORM_LIMIT, ZF_ROUTE_NO_CSRF, route_login},
	{"POST", "/logout", ZF_PERM_WORKBENCH, FORM_LIMIT, 0, route_logout},
	/* workbench */
	{"GET", "/workbench", ZF_PERM_WORKBENCH, 0, 0, route_workbench},
	{"GET", "/workbench/bodies", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_body_index},
	{"GET", "/workbench/bodies/new", ZF_PERM_REGISTRY_WRITE, 0, 0, route_wb_body_new},
	{"POST", "/workbench/bodies", ZF_PERM_REGISTRY_WRITE, FORM_LIMIT, 0, route_wb_body_create},
	{"GET", "/workbench/bodies/<>", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_body_show},
	{"GET", "/workbench/bodies/<>/edit", ZF_PERM_REGISTRY_WRITE, 0, 0, route_wb_body_edit},
	{"POST", "/workbench/bodies/<>", ZF_PERM_REGISTRY_WRITE, FORM_LIMIT, 0, route_wb_body_update},
	{"POST", "/workbench/bodies/<>/state", ZF_PERM_REGISTRY_WRITE, FORM_LIMIT, 0, route_wb_body_state},
	{"GET", "/workbench/officers", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_officer_index},
	{"GET", "/workbench/officers/new", ZF_PERM_REGISTRY_WRITE, 0, 0, route_wb_officer_new},
	{"POST", "/workbench/officers", ZF_PERM_REGISTRY_WRITE, FORM_LIMIT, 0, route_wb_officer_create},
	{"GET", "/workbench/officers/<>", ZF_PERM_REGISTRY_READ, 0, 0, route_wb_officer_show},
	{"GET", "/workbench/officers/<>/edit", ZF_PERM_REGISTRY_WRITE, 0, 0, route_wb_officer_edit},
	{"POST", "/workbench/officers/<>", ZF_PERM_REGISTRY_WRITE, FORM_LIMIT, 0, route_wb_officer_update},
	{"GET", "/workbench/password", ZF_PERM_WORKBENCH, 0, 0, route_password_form},
	{"POST", "/workbench/password", ZF_PERM_WORKBENCH, FORM_LIMIT, 0, route_password_change},
	{"GET", "/workbench/audit", ZF_PERM_AUDIT_READ, 0, 0, route_wb_audit},
	/* workbench: accounts and API tokens (the security administrator) */
	{"GET", "/workbench/accounts", ZF_PERM_ACCOUNT_ADMIN, 0, 0, route_wb_account_index},
	{"GET", "/workbench/accounts/new", ZF_PERM_ACCOUNT_ADMIN, 0, 0, route_wb_account_new},
	{"POST", "/workbench/accounts", ZF_PERM_ACCOUNT_ADMIN, FORM_LIMIT, 0, route_wb_account_create},
	{"POST", "/workbench/accounts/<>/disable", ZF_PERM_ACCOUNT_ADMIN, FORM_LIMIT, 0, route_wb_account_disable},
	{"POST", "/workbench/accounts/<>/enable", ZF_PERM_ACCOUNT_ADMIN, FORM_LIMIT, 0, route_wb_account_enable},
	{"POST", "/workbench/accounts/<>/password", ZF_PERM_ACCOUNT_ADMIN, FORM_LIMIT, 0, route_wb_account_password},
	{"GET", "/workbench/tokens", ZF_PERM_TOKEN_ADMIN, 0, 0, route_wb_token_index},
	{"POST", "/workbench/tokens", ZF_PERM_TOKEN_ADMIN, FORM_LIMIT, 0, route_wb_token_create},
	{"POST", "/workbench/tokens/<>/revoke", ZF_PERM_TOKEN_ADMIN, FORM_LIMIT, 0, route_wb_token_revoke},
	/* workbench: the working-day calendar (loading a year: the system administrator) */
	{"GET", "/workbench/calendar", ZF_PERM_WORKBENCH, 0, 0, route_wb_calendar},
	{"POST", "/workbench/calendar", ZF_PERM_SETTINGS, FORM_LIMIT, 0, route_wb_calendar_load},
	/* workbench: cases (a step form carries signature strokes: a larger body) */
	{"GET", "/workbench/cases", ZF_PERM_CASE_READ, 0, 0, route_wb_case_index},
	{"GET", "/workbench/cases/new", ZF_PERM_CASE_WRITE, 0, 0, route_wb_case_new},
	{"GET", "/workbench/cases/new/<>", ZF_PERM_CASE_WRITE, 0, 0, route_wb_case_open_form},
	{"POST", "/workbench/cases/new/<>", ZF_PERM_CASE_WRITE, STEP_LIMIT, 0, route_wb_case_open},
	{"GET", "/workbench/cases/<>", ZF_PERM_CASE_READ, 0, 0, route_wb_case_show},
	{"GET", "/workbench/cases/<>/steps/<>", ZF_PERM_CASE_WRITE, 0, 0, route_wb_case_step_form},
	{"POST", "/workbench/cases/<>/steps/<>", ZF_PERM_CASE_WRITE, STEP_LIMIT, 0, route_wb_case_step},
	{"GET", "/workbench/cases/<>/documents/<>", ZF_PERM_CASE_READ, 0, 0, route_wb_case_doc},
	{"GET", "/workbench/deadlines", ZF_PERM_CASE_READ, 0, 0, route_wb_deadlines},
	{"GET", "/workbench/violations", ZF_PERM_CASE_READ, 0, 0, route_wb_violation_index},
	{"GET", "/workbench/violations/new", ZF_PERM_CASE_SETTINGS, 0, 0, route_wb_violation_new},
	{"POST", "/workbench/violations/new", ZF_PERM_CASE_SETTINGS, FORM_LIMIT, 0, route_wb_violation_create},
	{"GET", "/workbench/violations/<>", ZF_PERM_CASE_READ, 0, 0, route_wb_violation_show},
	{"POST", "/workbench/violations/<>", ZF_PERM_CASE_SETTINGS, FORM_LIMIT, 0, route_wb_violation_update},
	{"GET", "/workbench/settings/cases", ZF_PERM_CASE_READ, 0, 0, route_wb_case_settings},
	{"POST", "/workbench/settings/cases", ZF_PERM_CASE_SETTINGS, FORM_LIMIT, 0, route_wb_case_settings_save},
	/* API */
	{"GET", "/api/v1/openapi.json", ZF_PERM_PUBLIC, 0, 0, route_api_openapi},
	{"GET", "/api/v1/bodies", ZF_PERM_PUBLIC, 0, 0, route_api_body_index},
	{"POST", "/api/v1/bodies", ZF_PERM_REGISTRY_WRITE, JSON_LIMIT, 0, route_api_body_create},
	{"GET", "/api/v1/bodies/<>", ZF_PERM_PUBLIC, 0, 0, route_api_body_show},
	{"PUT", "/api/v1/bodies/<>", ZF_PERM_REGISTRY_WRITE, JSON_LIMIT, 0, route_api_body_update},
	{"GET", "/api/v1/officers", ZF_PERM_PUBLIC, 0, 0, route_api_officer_index},
	{"POST", "/api/v1/officers", ZF_PERM_REGISTRY_WRITE, JSON_LIMIT, 0, route_api_officer_create},
	{"GET", "/api/v1/officers/<>", ZF_PERM_PUBLIC, 0, 0, route_api_officer_show},
	{"PUT", "/api/v1/officers/<>", ZF_PERM_REGISTRY_WRITE, JSON_LIMIT, 0, route_api_officer_update},
	{"GET", "/api/v1/certificates/<>", ZF_PERM_PUBLIC, 0, 0, route_api_cert_show},
	{"GET", "/api/v1/calendar/due", ZF_PERM_WORKBENCH, 0, 0, route_api_calendar_due},
	{"GET", "/api/v1/procedures", ZF_PERM_WORKBENCH, 0, 0, route_api_procedure_index},
	{"GET", "/api/v1/procedures/<>", ZF_PERM_WORKBENCH, 0, 0, route_api_procedure_show},
	{"GET", "/api/v1/cases", ZF_PERM_CASE_READ, 0, 0, route_api_case_index},
	{"POST", "/api/v1/cases", ZF_PERM_CASE_WRITE, JSON_LIMIT, 0, route_api_case_create},
	{"GET", "/api/v1/cases/<>", ZF_PERM_CASE_READ, 0, 0, route_api_case_show},
	{"POST", "/api/v1/cases/<>/steps/<>", ZF_PERM_CASE_WRITE, JSON_LIMIT, 0, route_api_case_step},
	{"GET", "/api/v1/cases/<>/documents/<>", ZF_PERM_CASE_READ, 0, 0, route_api_case_doc},
	{"GET", "/api/v1/violation-types", ZF_PERM_CASE_READ, 0, 0, route_api_violation_index},
};

const size_t zf_nroutes = sizeof(zf_routes) / sizeof(zf_routes[0]);
