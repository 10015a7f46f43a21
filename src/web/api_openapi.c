/* The OpenAPI 3 description of /api/v1, compiled in from web/api/openapi.json. */
#include "util/embed.h"
#include "web/handlers.h"

int route_api_openapi(struct zf_req *req)
{
	const struct zf_embed_file *f = zf_embed_find("web/api/openapi.json");
	if (!f) {
		struct zf_err err = {0};
		zf_err_set(&err, ZF_ERROR, "API 描述缺失");
		return zf_resp_error(req, &err);
	}
	return zf_resp_raw(req, 200, "application/json", f->data, f->len);
}
