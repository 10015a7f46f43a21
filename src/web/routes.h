/* The route table: every path zhifa answers, with the permission it needs. */
#ifndef ZF_WEB_ROUTES_H
#define ZF_WEB_ROUTES_H
#include <stddef.h>

#include "web/http.h"

extern const struct zf_route zf_routes[];
extern const size_t zf_nroutes;

#endif
