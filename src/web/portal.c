/* Portal pages: bodies, officers, and the citizen's certificate check. */
#include <string.h>

#include "app/registry.h"
#include "util/buf.h"
#include "util/str.h"
#include "web/handlers.h"
#include "web/qr.h"
#include "web/view.h"

int route_healthz(struct zf_req *req)
{
	struct zf_db *db = NULL;
	struct zf_err err = {0};
	if (zf_dbpool_get(req->app->pool, &db, 2000, &err))
		return zf_resp_raw(req, 503, "text/plain; charset=utf-8", "database unavailable\n", 21);
	zf_dbpool_put(req->app->pool, db);
	return zf_resp_raw(req, 200, "text/plain; charset=utf-8", "ok\n", 3);
}

int route_home(struct zf_req *req)
{
	zf_view_registry_cache(req);
	struct zf_err err = {0};
	json_t *bodies = NULL;
	if (zf_view_body_list(req, 0, 1, &bodies, &err))
		return zf_resp_error(req, &err);
	return zf_resp_html(req, 200, "home", json_pack("{s:s,s:o}", "title", "行政执法公示平台", "bodies", bodies));
}

int route_body_index(struct zf_req *req)
{
	zf_view_registry_cache(req);
	struct zf_err err = {0};
	json_t *bodies = NULL;
	if (zf_view_body_list(req, 0, 1, &bodies, &err))
		return zf_resp_error(req, &err);
	return zf_resp_html(req, 200, "bodies", json_pack("{s:s,s:o}", "title", "执法主体", "bodies", bodies));
}

int route_body_show(struct zf_req *req)
{
	zf_view_registry_cache(req);
	struct zf_err err = {0};
	struct zf_body b;
	json_t *officers = NULL;
	int64_t id;
	struct zf_actor pub;

	if (zf_view_arg_id(req, 0, &id))
		return 0;
	/* The portal shows what the public sees, whoever is signed in. */
	zf_actor_public(&pub, req->addr);
	if (zf_app_body_get(req->app, &pub, req->arena, id, &b, &err) ||
	    zf_view_officer_list(req, id, 0, &officers, &err))
		return zf_resp_error(req, &err);
	return zf_resp_html(req, 200, "body", json_pack("{s:s,s:o,s:o,s:I}", "title", b.name,
			    "body", zf_view_body(&b, 0), "officers", officers,
			    "officer_count", (json_int_t)json_array_size(officers)));
}

int route_officer_index(struct zf_req *req)
{
	zf_view_registry_cache(req);
	struct zf_err err = {0};
	struct zf_officer_find in;
	struct zf_officer_page p;
	json_t *page = NULL, *bodies = NULL;
	int rc = zf_view_officer_find(req, &in, &err);

	if (!rc)
		rc = zf_app_officer_page(req->app, &req->actor, req->arena, &in, &p, &err);
	if ((rc && rc != ZF_EINVAL) || zf_view_body_list(req, 0, 1, &bodies, &err))
		return zf_resp_error(req, &err);
	size_t i;
	json_t *b;
	json_array_foreach(bodies, i, b)
		json_object_set_new(b, "selected", json_boolean(json_integer_value(json_object_get(b, "id")) == in.body_id));
	if (rc) {
		/* The page again with what was typed and the message beside it. */
		json_t *ctx = json_pack("{s:s,s:o,s:s,s:s,s:o,s:o}", "title", "执法人员",
					"bodies", bodies, "q", zf_req_query(req, "q") ? zf_req_query(req, "q") : "",
					"cert_no", zf_req_query(req, "cert_no") ? zf_req_query(req, "cert_no") : "",
					"officers", json_array(), "errors", json_object());
		for (int k = 0; ctx && k < err.nfields; k++)
			json_object_set_new(json_object_get(ctx, "errors"), err.fields[k].field,
					    json_string(err.fields[k].msg));
		json_object_set_new(ctx, "error", json_string(err.msg));
		return zf_resp_html(req, 400, "officers", ctx);
	}
	page = zf_view_officer_page(req, "/officers", &in, &p, NULL, 0);
	json_object_set_new(page, "title", json_string("执法人员"));
	json_object_set_new(page, "bodies", bodies);
	return zf_resp_html(req, 200, "officers", page);
}

int route_cert_search(struct zf_req *req)
{
	const char *no = zf_req_query(req, "no");
	if (no && !zf_str_blank(no)) {
		struct zf_buf b;
		zf_buf_init(&b, 512);
		zf_buf_puts(&b, "/certificates/");
		zf_buf_add_url(&b, no);
		int rc = b.failed ? zf_resp_html(req, 400, "cert_search", json_pack("{s:s,s:s}", "title", "执法证查询", "error", "证号过长"))
				  : zf_resp_redirect(req, zf_buf_cstr(&b));
		zf_buf_free(&b);
		return rc;
	}
	return zf_resp_html(req, 200, "cert_search", json_pack("{s:s}", "title", "执法证查询"));
}

int route_cert_show(struct zf_req *req)
{
	zf_view_registry_cache(req);
	struct zf_err err = {0};
	struct zf_officer o;
	char today_cn[24];
	const char *no = zf_req_arg(req, 0);
	int rc = zf_app_certificate_check(req->app, &req->actor, req->arena, no, &o, &err);
	if (rc == ZF_ENOTFOUND || rc == ZF_EINVAL) {
		json_t *ctx = json_pack("{s:s,s:s,s:s}", "title", "执法证查询", "no", no ? no : "",
					"error", err.msg);
		return zf_resp_html(req, rc == ZF_EINVAL ? 400 : 404, "cert_search", ctx);
	}
	if (rc)
		return zf_resp_error(req, &err);
	zf_date_cn(zf_view_today(req), today_cn);
	return zf_resp_html(req, 200, "certificate", json_pack("{s:s,s:o,s:s}", "title", "执法证查询结果",
			    "officer", zf_view_officer(&o, zf_view_today(req), 0), "today", today_cn));
}

/* The absolute URL of a certificate's check page, for its QR code. */
static const char *cert_url(struct zf_req *req, const char *cert_no)
{
	struct zf_buf b;
	zf_buf_init(&b, 1024);
	zf_buf_puts(&b, "/certificates/");
	zf_buf_add_url(&b, cert_no);
	const char *s = b.failed ? NULL : zf_qr_abs_url(req, zf_buf_cstr(&b));
	zf_buf_free(&b);
	return s;
}

/* Looks the certificate of the path up; answers the error itself. */
static int cert_lookup(struct zf_req *req, struct zf_officer *o)
{
	struct zf_err err = {0};
	int rc = zf_app_certificate_check(req->app, &req->actor, req->arena, zf_req_arg(req, 0), o, &err);
	if (rc)
		zf_resp_error(req, &err);
	return rc;
}

int route_cert_qr_svg(struct zf_req *req)
{
	zf_view_registry_cache(req);
	struct zf_officer o;
	if (cert_lookup(req, &o))
		return 0;
	return zf_qr_answer(req, cert_url(req, o.cert_no));
}

int route_cert_qr_page(struct zf_req *req)
{
	zf_view_registry_cache(req);
	struct zf_officer o;
	if (cert_lookup(req, &o))
		return 0;
	const char *url = cert_url(req, o.cert_no);
	return zf_resp_html(req, 200, "cert_qr", json_pack("{s:s,s:o,s:s}", "title", "执法证二维码",
			    "officer", zf_view_officer(&o, zf_view_today(req), 0), "url", url ? url : ""));
}
