/* Portal search, Atom feeds and open data (CSV, JSON) over live publications. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/publication.h"
#include "core/ngram.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/str.h"
#include "web/handlers.h"
#include "web/view.h"

#define FEED_ENTRIES 50
#define OPEN_BATCH 500
#define SNIPPET_CHARS 120

/* ---- highlighting ---- */

/* Byte offsets of the characters of valid UTF-8 S (N+1 of them, the last at
 * the end), allocated in A. */
static size_t *char_offsets(struct zf_arena *a, const char *s, size_t *n)
{
	size_t len = strlen(s), k = 0;
	size_t *off = zf_arena_alloc(a, (len + 1) * sizeof(*off));
	if (!off)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			off[k++] = i;
	off[k] = len;
	*n = k;
	return off;
}

static size_t char_at(const size_t *off, size_t n, size_t byte)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (off[mid] < byte)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Marks in HIT (one flag per character of S) every occurrence of each run of
 * the normalised query NQ in S (normalisation keeps the character count). */
static void mark(struct zf_arena *a, const char *s, const char *nq, unsigned char *hit)
{
	const char *ns = zf_ngram_norm(a, s);
	size_t nn = 0, nr = 0;
	size_t *off = ns ? char_offsets(a, ns, &nn) : NULL;
	const char **runs = NULL;
	if (!off || zf_ngram_runs(a, nq, &runs, &nr))
		return;
	for (size_t r = 0; r < nr; r++) {
		size_t rl = strlen(runs[r]), rc = zf_str_chars(runs[r]);
		for (const char *p = strstr(ns, runs[r]); p; p = strstr(p + rl, runs[r])) {
			size_t c = char_at(off, nn, (size_t)(p - ns));
			for (size_t i = 0; i < rc && c + i < nn; i++)
				hit[c + i] = 1;
		}
	}
}

/* Segments [{text, hit}] of S from character FROM to TO (exclusive). */
static json_t *segments(const char *s, const size_t *off, const unsigned char *hit, size_t from,
			size_t to)
{
	json_t *arr = json_array();
	size_t i = from;
	while (arr && i < to) {
		size_t j = i;
		while (j < to && hit[j] == hit[i])
			j++;
		json_t *t = json_stringn(s + off[i], off[j] - off[i]);
		json_array_append_new(arr, json_pack("{s:o,s:b}", "text", t ? t : json_string(""), "hit", hit[i]));
		i = j;
	}
	return arr;
}

/* Highlighted segments of S for query NQ (NULL: no marks); with SNIPPET, a
 * window of SNIPPET_CHARS characters around the first match. */
static json_t *highlight(struct zf_arena *a, const char *s, const char *nq, int snippet)
{
	size_t n = 0;
	size_t *off = char_offsets(a, s ? s : "", &n);
	unsigned char *hit = off ? zf_arena_alloc(a, n + 1) : NULL;
	if (!hit)
		return json_array();
	memset(hit, 0, n + 1);
	if (nq)
		mark(a, s, nq, hit);
	size_t from = 0, to = n;
	if (snippet && n > SNIPPET_CHARS) {
		size_t first = 0;
		while (first < n && !hit[first])
			first++;
		if (first == n)
			first = 0;
		from = first > 20 ? first - 20 : 0;
		to = from + SNIPPET_CHARS < n ? from + SNIPPET_CHARS : n;
	}
	json_t *arr = segments(s, off, hit, from, to);
	if (arr && from > 0)
		json_array_insert_new(arr, 0, json_pack("{s:s,s:b}", "text", "……", "hit", 0));
	if (arr && to < n)
		json_array_append_new(arr, json_pack("{s:s,s:b}", "text", "……", "hit", 0));
	return arr;
}

/* ---- shared ---- */

static const char *item_path(const struct zf_publication *p)
{
	return p->kind == ZF_PUB_INSPECTION ? "/inspections/" : "/decisions/";
}

/* The portal's absolute base URL (public_url, else from the Host header). */
static void base_url(struct zf_req *req, struct zf_buf *b)
{
	const char *base = req->app->settings.public_url;
	if (base && *base) {
		size_t n = strlen(base);
		zf_buf_add(b, base, n && base[n - 1] == '/' ? n - 1 : n);
	} else {
		const char *host = zf_req_header(req, "Host");
		zf_buf_printf(b, "%s://%s", req->secure ? "https" : "http", host ? host : "localhost");
	}
}

/* The authority of tag: URIs: the host of the base URL without port. */
static void tag_authority(struct zf_req *req, struct zf_buf *b)
{
	struct zf_buf u;
	zf_buf_init(&u, 1024);
	base_url(req, &u);
	const char *s = u.failed ? "localhost" : zf_buf_cstr(&u);
	const char *h = strstr(s, "://");
	h = h ? h + 3 : s;
	size_t n = strcspn(h, ":/");
	zf_buf_add(b, h, n ? n : 0);
	if (!n)
		zf_buf_puts(b, "localhost");
	zf_buf_free(&u);
}

static void rfc3339(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- /search ---- */

static const char *qparam(struct zf_req *req, const char *name)
{
	const char *v = zf_req_query(req, name);
	return v && !zf_str_blank(v) ? v : NULL;
}

int route_pub_search(struct zf_req *req)
{
	zf_view_public_cache(req);
	zf_resp_keep(req, ZF_KEEP_MAX);
	struct zf_err err = {0};
	struct zf_pub_query q = {0};
	json_t *bodies = NULL, *form, *items = json_array();
	const char *kind = qparam(req, "kind");
	int64_t before = 0;

	q.q = qparam(req, "q");
	q.party = qparam(req, "party");
	q.doc_number = qparam(req, "doc_number");
	q.from = qparam(req, "from");
	q.to = qparam(req, "to");
	q.violation = qparam(req, "violation");
	q.kind = kind && strcmp(kind, "inspection") == 0 ? ZF_PUB_INSPECTION
		 : kind && strcmp(kind, "decision") == 0 ? ZF_PUB_DECISION : 0;
	form = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b}", "q", q.q ? q.q : "", "party",
			 q.party ? q.party : "", "doc_number", q.doc_number ? q.doc_number : "", "from",
			 q.from ? q.from : "", "to", q.to ? q.to : "", "violation",
			 q.violation ? q.violation : "", "decision", q.kind == ZF_PUB_DECISION, "inspection",
			 q.kind == ZF_PUB_INSPECTION);
	if (zf_view_query_id(req, "body", "执法主体", &q.body_id, &err) ||
	    zf_view_query_id(req, "before", "页码", &before, &err) ||
	    zf_view_body_list(req, 0, 1, &bodies, &err)) {
		json_decref(form);
		json_decref(items);
		return zf_resp_error(req, &err);
	}
	q.before_id = before;
	size_t i;
	json_t *b;
	json_array_foreach(bodies, i, b)
		json_object_set_new(b, "selected", json_boolean(json_integer_value(json_object_get(b, "id")) == q.body_id));
	json_t *ctx = json_pack("{s:s,s:o,s:o,s:o}", "title", "公示信息检索", "form", form, "bodies", bodies,
				"items", items);
	int asked = q.q || q.party || q.doc_number || q.from || q.to || q.violation || q.body_id || q.kind;
	if (!asked)
		return zf_resp_html(req, 200, "pub_search", ctx);

	struct zf_publication *res = NULL;
	size_t n = 0;
	q.limit = 20;
	int rc = zf_app_pub_search(req->app, req->arena, &q, &res, &n, &err);
	if (rc == ZF_EINVAL) {
		json_object_set_new(ctx, "error", json_string(err.msg));
		return zf_resp_html(req, 400, "pub_search", ctx);
	}
	if (rc) {
		json_decref(ctx);
		return zf_resp_error(req, &err);
	}
	const char *nq = q.q ? zf_ngram_norm(req->arena, q.q) : NULL;
	for (i = 0; i < n; i++) {
		const struct zf_publication *p = &res[i];
		json_array_append_new(items, json_pack("{s:I,s:o,s:o,s:s,s:s,s:s,s:o,s:s,s:o,s:s}",
			"id", (json_int_t)p->id, "title", highlight(req->arena, p->title, nq, 0),
			"party", highlight(req->arena, p->party_name, nq, 0), "doc_number", p->doc_number,
			"body", p->body_name, "violation", p->violation,
			"decided_on", zf_view_date_cn(p->decided_on), "href",
			zf_arena_printf(req->arena, "%s%lld", item_path(p), (long long)p->id),
			"snippet", highlight(req->arena, p->text, nq, 1),
			"kind", p->kind == ZF_PUB_INSPECTION ? "检查结果" : "行政处罚"));
	}
	json_object_set_new(ctx, "searched", json_true());
	json_object_set_new(ctx, "count", json_integer((json_int_t)n));
	if (n == 20) {
		/* the same query for the next page */
		struct zf_buf nx;
		const char *names[] = {"q", "party", "doc_number", "from", "to", "violation", "kind", "body"};
		zf_buf_init(&nx, 4096);
		zf_buf_puts(&nx, "/search?");
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			const char *v = qparam(req, names[k]);
			if (!v)
				continue;
			zf_buf_printf(&nx, "%s=", names[k]);
			zf_buf_add_url(&nx, v);
			zf_buf_puts(&nx, "&");
		}
		zf_buf_printf(&nx, "before=%lld", (long long)res[n - 1].id);
		if (!nx.failed)
			json_object_set_new(ctx, "next", json_string(zf_buf_cstr(&nx)));
		zf_buf_free(&nx);
	}
	return zf_resp_html(req, 200, "pub_search", ctx);
}

/* ---- Atom feeds ---- */

/* S escaped for XML text, without the control characters XML 1.0 forbids. */
static void xml_text(struct zf_buf *b, const char *s)
{
	const char *p = s ? s : "";
	while (*p) {
		size_t n = 0;
		while (p[n] && ((unsigned char)p[n] >= 0x20 || p[n] == '\t' || p[n] == '\n' || p[n] == '\r'))
			n++;
		if (n) {
			char *piece = strndup(p, n);
			zf_buf_add_html(b, piece ? piece : "");
			if (!piece)
				b->failed = 1;
			free(piece);
		}
		p += n;
		if (*p)
			p++; /* a forbidden control character: dropped */
	}
}

/* The first MAX characters of S. */
static void prefix_chars(struct zf_buf *b, const char *s, size_t max)
{
	size_t i = 0, k = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && k++ == max)
			break;
	}
	struct zf_buf t;
	zf_buf_init(&t, i + 16);
	zf_buf_add(&t, s, i);
	xml_text(b, t.failed ? "" : zf_buf_cstr(&t));
	if (s[i])
		zf_buf_puts(b, "……");
	zf_buf_free(&t);
}

static int feed(struct zf_req *req, int kind)
{
	struct zf_err err = {0};
	struct zf_pub_query q = {.kind = kind, .limit = FEED_ENTRIES};
	struct zf_publication *res = NULL;
	size_t n = 0;
	struct zf_buf b, auth, base;
	char when[32];
	const char *name = kind == ZF_PUB_INSPECTION ? "inspections" : "decisions";

	if (zf_app_pub_search(req->app, req->arena, &q, &res, &n, &err))
		return zf_resp_error(req, &err);
	zf_buf_init(&b, (size_t)16 << 20);
	zf_buf_init(&auth, 1024);
	zf_buf_init(&base, 1024);
	tag_authority(req, &auth);
	base_url(req, &base);
	int64_t newest = 0;
	for (size_t i = 0; i < n; i++)
		if (res[i].published_at > newest)
			newest = res[i].published_at;
	rfc3339(newest ? newest : 0, when);
	zf_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
	zf_buf_printf(&b, "<id>tag:%s,2026:feeds/%s</id>\n", zf_buf_cstr(&auth), name);
	zf_buf_printf(&b, "<title>%s</title>\n",
		      kind == ZF_PUB_INSPECTION ? "行政检查结果公示" : "行政处罚决定公示");
	zf_buf_printf(&b, "<updated>%s</updated>\n", when);
	zf_buf_printf(&b, "<link rel=\"self\" type=\"application/atom+xml\" href=\"%s/feeds/%s.atom\"/>\n",
		      zf_buf_cstr(&base), name);
	zf_buf_printf(&b, "<link rel=\"alternate\" type=\"text/html\" href=\"%s/%s\"/>\n", zf_buf_cstr(&base), name);
	zf_buf_puts(&b, "<author><name>行政执法公示平台</name></author>\n");
	for (size_t i = 0; i < n; i++) {
		const struct zf_publication *p = &res[i];
		char day[11] = "2026-01-01";
		rfc3339(p->published_at, when);
		memcpy(day, when, 10);
		zf_buf_puts(&b, "<entry>\n");
		zf_buf_printf(&b, "<id>tag:%s,%s:publication/%lld</id>\n", zf_buf_cstr(&auth), day, (long long)p->id);
		zf_buf_puts(&b, "<title>");
		xml_text(&b, p->title);
		zf_buf_puts(&b, "</title>\n");
		zf_buf_printf(&b, "<updated>%s</updated>\n<published>%s</published>\n", when, when);
		zf_buf_printf(&b, "<link rel=\"alternate\" type=\"text/html\" href=\"%s%s%lld\"/>\n",
			      zf_buf_cstr(&base), item_path(p), (long long)p->id);
		zf_buf_puts(&b, "<author><name>");
		xml_text(&b, p->body_name);
		zf_buf_puts(&b, "</name></author>\n<summary type=\"text\">");
		if (p->doc_number && *p->doc_number) {
			xml_text(&b, p->doc_number);
			zf_buf_puts(&b, "　");
		}
		prefix_chars(&b, p->text ? p->text : "", 200);
		zf_buf_puts(&b, "</summary>\n</entry>\n");
	}
	zf_buf_puts(&b, "</feed>\n");
	zf_buf_free(&auth);
	zf_buf_free(&base);
	if (b.failed) {
		zf_buf_free(&b);
		zf_err_set(&err, ZF_ENOMEM, "内存不足");
		return zf_resp_error(req, &err);
	}
	/* an ETag of the bytes, so feed readers polling often get 304 */
	unsigned char sum[32];
	char hex[65], etag[72];
	zf_sha256(b.data, b.len, sum);
	zf_hex(sum, 16, hex);
	snprintf(etag, sizeof(etag), "\"%s\"", hex);
	zf_resp_header(req, "Cache-Control", "public, max-age=300");
	zf_resp_header(req, "ETag", etag);
	zf_resp_keep(req, ZF_KEEP_MAX);
	const char *inm = zf_req_header(req, "If-None-Match");
	int rc = inm && strstr(inm, etag) ? zf_resp_raw(req, 304, "application/atom+xml; charset=utf-8", "", 0)
					  : zf_resp_raw(req, 200, "application/atom+xml; charset=utf-8", b.data, b.len);
	zf_buf_free(&b);
	return rc;
}

int route_feed_decisions(struct zf_req *req)
{
	return feed(req, ZF_PUB_DECISION);
}

int route_feed_inspections(struct zf_req *req)
{
	return feed(req, ZF_PUB_INSPECTION);
}

/* ---- open data ---- */

/* The documented columns, in order (docs/publicity.md). */
static const struct {
	const char *cn, *key, *desc;
} columns[] = {
	{"序号", "seq", "本文件内的行号，从 1 开始"},
	{"文号", "doc_number", "处罚决定书文号（检查结果为检查文书编号）"},
	{"当事人", "party", "当事人名称，按公示规则处理（自然人隐去身份证号等信息）"},
	{"违法行为类型", "violation", "违法行为类型名称"},
	{"处罚决定日期", "decided_on", "作出决定的日期（检查结果为检查结束日期），YYYY-MM-DD"},
	{"执法主体", "body", "作出决定的行政执法主体"},
	{"公开期限至", "period_end", "公示期限届满日，YYYY-MM-DD；届满后不再公开"},
	{"链接", "url", "公示页面地址"},
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

/* One CSV cell: RFC 4180 quoting; a cell that a spreadsheet would take for a
 * formula (= + - @, tab, CR) gets a leading single quote. */
static void csv_cell(struct zf_buf *b, const char *s)
{
	s = s ? s : "";
	int formula = *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
	int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		zf_buf_puts(b, "\"");
	if (formula)
		zf_buf_puts(b, "'");
	for (; *s; s++) {
		if (*s == '"')
			zf_buf_puts(b, "\"");
		zf_buf_add(b, s, 1);
	}
	if (quote)
		zf_buf_puts(b, "\"");
}

static void json_str(struct zf_buf *b, const char *s)
{
	json_t *j = json_string(s ? s : "");
	char *t = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	zf_buf_puts(b, t ? t : "\"\"");
	free(t);
	json_decref(j);
}

/* Writes the rows of P (SEQ numbers from *SEQ) to B as CSV or JSON. */
static void open_rows(struct zf_req *req, struct zf_buf *b, const char *base, int csv,
		      const struct zf_publication *p, size_t n, int64_t *seq)
{
	for (size_t i = 0; i < n; i++, (*seq)++) {
		char num[24], *url;
		snprintf(num, sizeof(num), "%lld", (long long)*seq);
		url = zf_arena_printf(req->arena, "%s%s%lld", base, item_path(&p[i]), (long long)p[i].id);
		const char *v[NCOLS] = {num, p[i].doc_number, p[i].party_name, p[i].violation,
					p[i].decided_on, p[i].body_name, p[i].period_end, url ? url : ""};
		if (csv) {
			for (size_t c = 0; c < NCOLS; c++) {
				if (c)
					zf_buf_puts(b, ",");
				csv_cell(b, v[c]);
			}
			zf_buf_puts(b, "\r\n");
		} else {
			zf_buf_puts(b, *seq == 1 ? "\n{" : ",\n{");
			for (size_t c = 0; c < NCOLS; c++) {
				zf_buf_printf(b, "%s\"%s\":", c ? "," : "", columns[c].key);
				if (c == 0)
					zf_buf_puts(b, num);
				else
					json_str(b, v[c]);
			}
			zf_buf_puts(b, "}");
		}
	}
}

/* Streams the whole open-data file of KIND through a temporary file, in
 * batches with their own arena, so memory stays flat whatever the count. */
static int open_data(struct zf_req *req, int kind, int csv)
{
	struct zf_err err = {0};
	struct zf_buf b, base;
	FILE *f = tmpfile();
	int64_t before = 0, seq = 1;
	int rc = 0;

	if (!f) {
		zf_err_set(&err, ZF_ERROR, "无法生成开放数据文件");
		return zf_resp_error(req, &err);
	}
	zf_buf_init(&b, (size_t)4 << 20);
	zf_buf_init(&base, 1024);
	base_url(req, &base);
	if (csv) {
		zf_buf_puts(&b, "\xEF\xBB\xBF");
		for (size_t c = 0; c < NCOLS; c++) {
			if (c)
				zf_buf_puts(&b, ",");
			csv_cell(&b, columns[c].cn);
		}
		zf_buf_puts(&b, "\r\n");
	} else {
		zf_buf_printf(&b, "{\"kind\":\"%s\",\"columns\":[",
			      kind == ZF_PUB_INSPECTION ? "inspection" : "decision");
		for (size_t c = 0; c < NCOLS; c++) {
			zf_buf_printf(&b, "%s{\"key\":\"%s\",\"name\":", c ? "," : "", columns[c].key);
			json_str(&b, columns[c].cn);
			zf_buf_puts(&b, ",\"description\":");
			json_str(&b, columns[c].desc);
			zf_buf_puts(&b, "}");
		}
		zf_buf_puts(&b, "],\n\"items\":[");
	}
	for (;;) {
		struct zf_arena *a = zf_arena_new((size_t)64 << 20);
		struct zf_publication *p = NULL;
		size_t n = 0;
		if (!a) {
			rc = zf_err_set(&err, ZF_ENOMEM, "内存不足");
			break;
		}
		rc = zf_app_pub_open_page(req->app, a, kind, before, OPEN_BATCH, &p, &n, &err);
		if (!rc) {
			struct zf_arena *keep = req->arena;
			req->arena = a; /* the rows' URLs live with the batch */
			open_rows(req, &b, zf_buf_cstr(&base), csv, p, n, &seq);
			req->arena = keep;
			if (n)
				before = p[n - 1].id;
		}
		zf_arena_free(a);
		if (rc)
			break;
		if (b.failed || fwrite(b.data, 1, b.len, f) != b.len) {
			rc = zf_err_set(&err, ZF_ERROR, "无法生成开放数据文件");
			break;
		}
		b.len = 0;
		if (n < OPEN_BATCH)
			break;
	}
	if (!rc && !csv) {
		zf_buf_puts(&b, "\n]}\n");
		if (b.failed || fwrite(b.data, 1, b.len, f) != b.len)
			rc = zf_err_set(&err, ZF_ERROR, "无法生成开放数据文件");
	}
	zf_buf_free(&b);
	zf_buf_free(&base);
	long size = rc || fflush(f) ? -1 : ftell(f);
	int fd = size < 0 ? -1 : dup(fileno(f));
	fclose(f);
	if (fd < 0) {
		if (!rc)
			zf_err_set(&err, ZF_ERROR, "无法生成开放数据文件");
		return zf_resp_error(req, &err);
	}
	zf_resp_header(req, "Cache-Control", "public, max-age=300");
	zf_resp_header(req, "Content-Disposition",
		       csv ? (kind == ZF_PUB_INSPECTION ? "inline; filename=\"inspections.csv\""
							: "inline; filename=\"decisions.csv\"")
			   : "inline");
	return zf_resp_file(req, 200, csv ? "text/csv; charset=utf-8; header=present"
					  : "application/json; charset=utf-8",
			    fd, 0, (uint64_t)size);
}

int route_open_decisions_csv(struct zf_req *req)
{
	return open_data(req, ZF_PUB_DECISION, 1);
}

int route_open_decisions_json(struct zf_req *req)
{
	return open_data(req, ZF_PUB_DECISION, 0);
}

int route_open_inspections_csv(struct zf_req *req)
{
	return open_data(req, ZF_PUB_INSPECTION, 1);
}

int route_open_inspections_json(struct zf_req *req)
{
	return open_data(req, ZF_PUB_INSPECTION, 0);
}
