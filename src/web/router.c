/* Route matching: METHOD + PATTERN with "<>" standing for one path segment, a final "<*>" for the rest. */
#include <stdio.h>
#include <string.h>

#include "util/str.h"
#include "web/form.h"
#include "web/router.h"

/* Matches PATTERN against the decoded segments SEG. Returns the number of
 * literal segments (>= 0) on a match, -1 otherwise; fills ARGI with the
 * segment indexes of the "<>" wildcards. */
static int match_pattern(const char *pattern, char *const *seg, int nseg, int argi[], int *nargs)
{
	const char *p = pattern;
	int k = 0, literals = 0;

	*nargs = 0;
	if (*p != '/')
		return -1;
	p++;
	if (*p == '\0')
		return nseg == 0 ? 0 : -1;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (k >= nseg)
			return -1;
		if (!slash && len == 3 && memcmp(p, "<*>", 3) == 0) {
			/* The rest of the path, one segment or more. */
			for (int i = k; i < nseg; i++)
				if (seg[i][0] == '\0')
					return -1;
			if (*nargs >= ZF_ROUTE_MAX_ARGS)
				return -1;
			argi[(*nargs)++] = k;
			return literals;
		}
		if (len == 2 && p[0] == '<' && p[1] == '>') {
			if (seg[k][0] == '\0' || *nargs >= ZF_ROUTE_MAX_ARGS)
				return -1;
			argi[(*nargs)++] = k;
		} else {
			if (strlen(seg[k]) != len || memcmp(seg[k], p, len) != 0)
				return -1;
			literals++;
		}
		k++;
		if (!slash)
			break;
		p = slash + 1;
	}
	return k == nseg ? literals : -1;
}

static void allow_add(struct zf_match *out, const char *method)
{
	size_t n = strlen(out->allow);
	char needle[16];

	snprintf(needle, sizeof(needle), "%s", method);
	/* Each method once: compare against the comma-separated list. */
	for (const char *p = out->allow; *p;) {
		const char *c = strchr(p, ',');
		size_t l = c ? (size_t)(c - p) : strlen(p);
		if (l == strlen(needle) && memcmp(p, needle, l) == 0)
			return;
		if (!c)
			break;
		p = c + 2;
	}
	snprintf(out->allow + n, sizeof(out->allow) - n, "%s%s", n ? ", " : "", needle);
}

int zf_router_match(const struct zf_route *table, size_t n, const char *method, const char *path,
		    struct zf_arena *a, struct zf_match *out)
{
	char *seg[ZF_ROUTE_MAX_SEGMENTS];
	int nseg = 0, best = -1, best_argi[ZF_ROUTE_MAX_ARGS] = {0}, best_nargs = 0;
	const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;

	memset(out, 0, sizeof(*out));
	if (path[0] != '/')
		return ZF_EINVAL;
	for (const char *p = path + 1; path[1];) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p), dlen;
		char *d;
		int rc;
		if (nseg == ZF_ROUTE_MAX_SEGMENTS)
			return ZF_EINVAL;
		if ((rc = zf_pct_decode(a, p, len, 0, &d, &dlen)))
			return rc;
		if (!zf_str_utf8_ok(d, dlen, 0) || strcmp(d, ".") == 0 || strcmp(d, "..") == 0)
			return ZF_EINVAL;
		seg[nseg++] = d;
		if (!slash)
			break;
		p = slash + 1;
	}
	for (size_t i = 0; i < n; i++) {
		int argi[ZF_ROUTE_MAX_ARGS] = {0}, nargs, lit;
		lit = match_pattern(table[i].pattern, seg, nseg, argi, &nargs);
		if (lit < 0)
			continue;
		out->path_known = 1;
		allow_add(out, table[i].method);
		if (strcmp(table[i].method, "GET") == 0)
			allow_add(out, "HEAD");
		if (strcmp(table[i].method, want) != 0 || lit <= best)
			continue;
		best = lit;
		out->route = &table[i];
		memcpy(best_argi, argi, sizeof(argi));
		best_nargs = nargs;
	}
	if (out->route) {
		for (int i = 0; i < best_nargs; i++)
			out->args[i] = seg[best_argi[i]];
		out->nargs = best_nargs;
	}
	return 0;
}
