/* The route table: every path zhifa answers, with the permission it needs. */
#include "core/role.h"
#include "store/db.h"
#include "web/routes.h"

/* Liveness for load balancers: 200 "ok" when a database connection can be had. */
static int route_healthz(struct zf_req *req)
{
	struct zf_db *db = NULL;
	struct zf_err err;

	zf_err_clear(&err);
	if (zf_dbpool_get(req->app->pool, &db, 2000, &err))
		return zf_resp_raw(req, 503, "text/plain; charset=utf-8", "unavailable", 11);
	zf_dbpool_put(req->app->pool, db);
	return zf_resp_raw(req, 200, "text/plain; charset=utf-8", "ok", 2);
}

/* The portal's front page (placeholder until the portal pages exist). */
static int route_home(struct zf_req *req)
{
	json_t *ctx = json_pack("{s:s}", "message", "行政执法公示平台正在建设中。");
	return zf_resp_html(req, 200, "error", ctx);
}

const struct zf_route zf_routes[] = {
	{"GET", "/healthz", ZF_PERM_PUBLIC, 0, 0, route_healthz},
	{"GET", "/", ZF_PERM_PUBLIC, 0, 0, route_home},
};

const size_t zf_nroutes = sizeof(zf_routes) / sizeof(zf_routes[0]);
