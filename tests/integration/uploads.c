/* Integration tests of the tus 1.0 upload API: creation, offsets, checksums, termination, owners, an upload broken off mid-body and resumed by another server process, and flat memory for a 2 GiB upload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "harness.h"

#define PATTERN 1048583   /* bytes of the repeating test pattern (not a power of two) */
#define ANSWER_MAX 8192
#define BIG ((uint64_t)2 << 30)
#define RSS_GROWTH_MAX ((long)32 << 20)

struct fx {
	struct demo d;           /* first: the tests' state points at it */
	char o1[128], o2[128];   /* API tokens of officer1 and officer2 */
	unsigned char *pat;      /* the pattern bytes */
};

static int setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	if (make_token(&d->s, "officer1", f->o1, sizeof(f->o1)) ||
	    make_token(&d->s, "officer2", f->o2, sizeof(f->o2)))
		return -1;
	if (!(f->pat = malloc(PATTERN)))
		return -1;
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < PATTERN; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		f->pat[i] = (unsigned char)x;
	}
	return 0;
}

static void teardown(struct demo *d)
{
	free(((struct fx *)d)->pat);
}

/* Byte I of a test file is pat[I % PATTERN]: any offset of any size
 * regenerates without keeping the file. Fills P with N bytes from OFF. */
static void fill(const struct fx *f, uint64_t off, unsigned char *p, size_t n)
{
	while (n) {
		size_t at = (size_t)(off % PATTERN), k = PATTERN - at;
		if (k > n)
			k = n;
		memcpy(p, f->pat + at, k);
		p += k;
		off += k;
		n -= k;
	}
}

/* The hex SHA-256 of the first LEN bytes of the test file. */
static void file_sha256(const struct fx *f, uint64_t len, char hex[65])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	for (uint64_t off = 0; off < len;) {
		size_t at = (size_t)(off % PATTERN), k = PATTERN - at;
		if (k > len - off)
			k = (size_t)(len - off);
		EVP_DigestUpdate(c, f->pat + at, k);
		off += k;
	}
	EVP_DigestFinal_ex(c, md, &mdlen);
	EVP_MD_CTX_free(c);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* "algo base64(digest of P, N bytes)" for Upload-Checksum. */
static void checksum_of(const char *algo, const void *p, size_t n, char *out, size_t outn)
{
	unsigned char md[64], b64[100];
	unsigned int mdlen = 0;
	EVP_Digest(p, n, md, &mdlen, strcmp(algo, "sha1") ? EVP_sha256() : EVP_sha1(), NULL);
	EVP_EncodeBlock(b64, md, (int)mdlen);
	snprintf(out, outn, "%s %s", algo, (const char *)b64);
}

/* A tus request by bearer TOKEN with header lines EXTRA (NULL-terminated). */
static void tus(struct fx *f, const char *token, const char *method, const char *path,
		const char *const *extra, struct resp *r)
{
	const char *hdrs[12];
	char auth[200];
	int n = 0;
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	hdrs[n++] = auth;
	hdrs[n++] = "Tus-Resumable: 1.0.0";
	for (; extra && *extra && n < 11; extra++)
		hdrs[n++] = *extra;
	hdrs[n] = NULL;
	assert_int_equal(client_req(&f->d.cl, method, path, NULL, NULL, hdrs, r), 0);
}

/* The integer header NAME of R; fails the test when absent. */
static uint64_t header_u64(const struct resp *r, const char *name)
{
	char v[64];
	if (!resp_header(r, name, v, sizeof(v)))
		fail_msg("no %s in\n%s", name, r->headers);
	return strtoull(v, NULL, 10);
}

/* The status of a tus METHOD on PATH by TOKEN without further headers. */
static long tus_status(struct fx *f, const char *token, const char *method, const char *path)
{
	struct resp r;
	tus(f, token, method, path, NULL, &r);
	long st = r.status;
	resp_free(&r);
	return st;
}

/* Creates an upload of LEN bytes by TOKEN; its path goes to PATH. */
static void create(struct fx *f, const char *token, uint64_t len, const char *meta, char *path,
		   size_t n)
{
	struct resp r;
	char lh[64], mh[300];
	snprintf(lh, sizeof(lh), "Upload-Length: %llu", (unsigned long long)len);
	snprintf(mh, sizeof(mh), "Upload-Metadata: %s", meta);
	tus(f, token, "POST", "/api/v1/uploads", (const char *const[]){lh, mh, NULL}, &r);
	if (r.status != 201)
		fail_msg("create: %ld\n%s", r.status, r.body);
	resp_location(&r, path, n);
	assert_int_equal(strncmp(path, "/api/v1/uploads/", 16), 0);
	assert_int_equal(strlen(path), 16 + 32);
	assert_int_equal(header_u64(&r, "Upload-Offset"), 0);
	resp_free(&r);
}

/* The offset HEAD reports for PATH by TOKEN. */
static uint64_t head_offset(struct fx *f, const char *token, const char *path)
{
	struct resp r;
	tus(f, token, "HEAD", path, NULL, &r);
	if (r.status != 200)
		fail_msg("HEAD %s: %ld", path, r.status);
	uint64_t off = header_u64(&r, "Upload-Offset");
	resp_free(&r);
	return off;
}

/* Sends the headers of a PATCH of LEN bytes at OFF over a new connection;
 * returns the socket. */
static int patch_start(struct fx *f, const char *token, const char *path, uint64_t off,
		       uint64_t len, const char *checksum)
{
	char head[1024];
	int fd = raw_connect(&f->d.s);
	assert_true(fd >= 0);
	snprintf(head, sizeof(head),
		 "PATCH %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
		 "Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\n"
		 "Upload-Offset: %llu\r\nContent-Length: %llu\r\n%s%s%sConnection: close\r\n\r\n",
		 path, token, (unsigned long long)off, (unsigned long long)len,
		 checksum ? "Upload-Checksum: " : "", checksum ? checksum : "", checksum ? "\r\n" : "");
	assert_int_equal(raw_send(fd, head, strlen(head)), 0);
	return fd;
}

/* Sends bytes [OFF, OFF+LEN) of the test file to FD. */
static void send_file(struct fx *f, int fd, uint64_t off, uint64_t len)
{
	static unsigned char buf[1 << 20];
	while (len) {
		size_t k = len < sizeof(buf) ? (size_t)len : sizeof(buf);
		fill(f, off, buf, k);
		assert_int_equal(raw_send(fd, buf, k), 0);
		off += k;
		len -= k;
	}
}

/* PATCHes bytes [OFF, OFF+LEN) of the test file to PATH; returns the
 * status, with the answer's head in ANSWER. */
static long patch(struct fx *f, const char *token, const char *path, uint64_t off, uint64_t len,
		  const char *checksum, char *answer)
{
	int fd = patch_start(f, token, path, off, len, checksum);
	send_file(f, fd, off, len);
	long st = raw_read_status(fd, answer, ANSWER_MAX, 60000);
	close(fd);
	return st;
}

/* The value of header NAME in the raw answer head A (0 when absent). */
static uint64_t raw_header_u64(const char *a, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(a, "\r\n"); p; p = strstr(p + 2, "\r\n"))
		if (!strncasecmp(p + 2, name, n) && p[2 + n] == ':')
			return strtoull(p + 3 + n, NULL, 10);
	return 0;
}

/* GET PATH as JSON: the upload's state and sha256 must be WANT_STATE and SHA. */
static void assert_complete(struct fx *f, const char *token, const char *path, uint64_t len)
{
	struct resp r;
	char want[65];
	file_sha256(f, len, want);
	tus(f, token, "GET", path, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *j = resp_json(&r);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "complete");
	assert_int_equal(json_integer_value(json_object_get(j, "offset")), (json_int_t)len);
	assert_int_equal(json_integer_value(json_object_get(j, "length")), (json_int_t)len);
	assert_string_equal(json_string_value(json_object_get(j, "sha256")), want);
	json_decref(j);
	resp_free(&r);
}

/* "filename <base64 of NAME>". */
#define META_MP4 "filename dmlkZW8ubXA0,filetype dmlkZW8vbXA0" /* video.mp4, video/mp4 */

static void test_options(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char v[128];
	assert_int_equal(client_req(&f->d.cl, "OPTIONS", "/api/v1/uploads", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 204);
	assert_string_equal(resp_header(&r, "Tus-Resumable", v, sizeof(v)), "1.0.0");
	assert_string_equal(resp_header(&r, "Tus-Version", v, sizeof(v)), "1.0.0");
	assert_string_equal(resp_header(&r, "Tus-Extension", v, sizeof(v)),
			    "creation,termination,checksum,expiration");
	assert_string_equal(resp_header(&r, "Tus-Checksum-Algorithm", v, sizeof(v)), "sha1,sha256");
	assert_true(header_u64(&r, "Tus-Max-Size") >= ((uint64_t)8 << 30));
	resp_free(&r);
}

/* Create, HEAD, PATCH in two pieces, GET complete with the right digest. */
static void test_create_patch_complete(void **state)
{
	struct fx *f = *state;
	char path[96], answer[ANSWER_MAX], v[128];
	struct resp r;
	const uint64_t len = 300000;

	create(f, f->o1, len, META_MP4, path, sizeof(path));
	tus(f, f->o1, "HEAD", path, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(header_u64(&r, "Upload-Offset"), 0);
	assert_int_equal(header_u64(&r, "Upload-Length"), len);
	assert_string_equal(resp_header(&r, "Cache-Control", v, sizeof(v)), "no-store");
	assert_string_equal(resp_header(&r, "Tus-Resumable", v, sizeof(v)), "1.0.0");
	assert_string_equal(resp_header(&r, "Upload-Metadata", v, sizeof(v)), META_MP4);
	/* RFC 7231 IMF-fixdate, e.g. "Mon, 18 May 2026 01:00:00 GMT" */
	assert_non_null(resp_header(&r, "Upload-Expires", v, sizeof(v)));
	assert_int_equal(strlen(v), 29);
	assert_string_equal(v + 25, " GMT");
	resp_free(&r);

	assert_int_equal(patch(f, f->o1, path, 0, 100000, NULL, answer), 204);
	assert_int_equal(raw_header_u64(answer, "Upload-Offset"), 100000);
	assert_non_null(strstr(answer, "Tus-Resumable: 1.0.0"));
	assert_int_equal(head_offset(f, f->o1, path), 100000);
	assert_int_equal(patch(f, f->o1, path, 100000, len - 100000, NULL, answer), 204);
	assert_int_equal(raw_header_u64(answer, "Upload-Offset"), len);
	assert_complete(f, f->o1, path, len);
}

static void test_wrong_offset_409(void **state)
{
	struct fx *f = *state;
	char path[96], answer[ANSWER_MAX];
	create(f, f->o1, 1000, META_MP4, path, sizeof(path));
	assert_int_equal(patch(f, f->o1, path, 0, 400, NULL, answer), 204);
	assert_int_equal(patch(f, f->o1, path, 0, 400, NULL, answer), 409);
	assert_non_null(strstr(answer, "Tus-Resumable: 1.0.0"));
	assert_int_equal(patch(f, f->o1, path, 500, 400, NULL, answer), 409);
	assert_int_equal(head_offset(f, f->o1, path), 400);
}

static void test_version_412_type_415(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char auth[200], path[96], v[64];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", f->o1);
	assert_int_equal(client_req(&f->d.cl, "POST", "/api/v1/uploads", NULL, NULL,
				    (const char *const[]){auth, "Upload-Length: 10",
							  "Upload-Metadata: " META_MP4, NULL},
				    &r),
			 0);
	assert_int_equal(r.status, 412);
	assert_string_equal(resp_header(&r, "Tus-Version", v, sizeof(v)), "1.0.0");
	assert_string_equal(resp_header(&r, "Tus-Resumable", v, sizeof(v)), "1.0.0");
	resp_free(&r);
	create(f, f->o1, 10, META_MP4, path, sizeof(path));
	assert_int_equal(client_req(&f->d.cl, "HEAD", path, NULL, NULL,
				    (const char *const[]){auth, NULL}, &r), 0);
	assert_int_equal(r.status, 412);
	resp_free(&r);
	assert_int_equal(client_req(&f->d.cl, "PATCH", path, "0123456789", "application/offset+octet-stream",
				    (const char *const[]){auth, "Upload-Offset: 0", NULL}, &r), 0);
	assert_int_equal(r.status, 412);
	resp_free(&r);
	assert_int_equal(client_req(&f->d.cl, "PATCH", path, "0123456789", "application/octet-stream",
				    (const char *const[]){auth, "Tus-Resumable: 1.0.0", "Upload-Offset: 0", NULL},
				    &r), 0);
	assert_int_equal(r.status, 415);
	assert_string_equal(resp_header(&r, "Tus-Resumable", v, sizeof(v)), "1.0.0");
	resp_free(&r);
	assert_int_equal(head_offset(f, f->o1, path), 0);
}

static void test_metadata(void **state)
{
	struct fx *f = *state;
	struct resp r;
	static const char *const bad[] = {
		"Upload-Metadata: filetype dmlkZW8vbXA0",  /* no filename */
		"Upload-Metadata: filename",              /* empty filename */
		"Upload-Metadata: filename @@@@",         /* not base64 */
		"Upload-Metadata: filename YQ,filename Yg==", /* "YQ" unpadded, then twice */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tus(f, f->o1, "POST", "/api/v1/uploads",
		    (const char *const[]){"Upload-Length: 10", bad[i], NULL}, &r);
		if (r.status != 400)
			fail_msg("%s: %ld\n%s", bad[i], r.status, r.body);
		resp_free(&r);
	}
	tus(f, f->o1, "POST", "/api/v1/uploads",
	    (const char *const[]){"Upload-Length: 10", NULL}, &r);
	assert_int_equal(r.status, 400);
	assert_has(r.body, "filename");
	resp_free(&r);
	tus(f, f->o1, "POST", "/api/v1/uploads",
	    (const char *const[]){"Upload-Length: -1", "Upload-Metadata: " META_MP4, NULL}, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);
	/* Chinese file names survive: 现场.jpg */
	char path[96];
	create(f, f->o1, 5, "filename 546w5Zy6LmpwZw==,filetype aW1hZ2UvanBlZw==", path, sizeof(path));
	tus(f, f->o1, "GET", path, NULL, &r);
	assert_has(r.body, "\"filename\":\"现场.jpg\"");
	assert_has(r.body, "\"filetype\":\"image/jpeg\"");
	resp_free(&r);
}

/* A filetype selects a tighter limit: a 65 MiB image is refused. */
static void test_too_big_by_type(void **state)
{
	struct fx *f = *state;
	struct resp r;
	tus(f, f->o1, "POST", "/api/v1/uploads",
	    (const char *const[]){"Upload-Length: 68157440",
				  "Upload-Metadata: filename YS5qcGc=,filetype aW1hZ2UvanBlZw==", NULL},
	    &r);
	assert_int_equal(r.status, 413);
	json_t *j = resp_json(&r);
	assert_string_equal(json_string_value(json_object_get(json_error_of(j), "code")), "too_large");
	json_decref(j);
	resp_free(&r);
	/* the same size as video is fine */
	char path[96];
	create(f, f->o1, 68157440, META_MP4, path, sizeof(path));
}

/* A chunk whose checksum does not match is discarded with 460; the earlier
 * bytes stay and a correct chunk completes the upload. */
static void test_checksum_460(void **state)
{
	struct fx *f = *state;
	char path[96], answer[ANSWER_MAX], sum[128];
	unsigned char buf[20000];
	const uint64_t len = 30000;

	create(f, f->o1, len, META_MP4, path, sizeof(path));
	fill(f, 0, buf, 10000);
	checksum_of("sha256", buf, 10000, sum, sizeof(sum));
	assert_int_equal(patch(f, f->o1, path, 0, 10000, sum, answer), 204);
	fill(f, 10000, buf, 20000);
	buf[777] ^= 1; /* the checksum of other bytes */
	checksum_of("sha256", buf, 20000, sum, sizeof(sum));
	assert_int_equal(patch(f, f->o1, path, 10000, 20000, sum, answer), 460);
	assert_non_null(strstr(answer, "Tus-Resumable: 1.0.0"));
	assert_int_equal(head_offset(f, f->o1, path), 10000);
	/* an unknown algorithm: 400 */
	assert_int_equal(patch(f, f->o1, path, 10000, 20000, "md5 AAAA", answer), 400);
	assert_int_equal(head_offset(f, f->o1, path), 10000);
	fill(f, 10000, buf, 20000);
	checksum_of("sha1", buf, 20000, sum, sizeof(sum));
	assert_int_equal(patch(f, f->o1, path, 10000, 20000, sum, answer), 204);
	assert_int_equal(raw_header_u64(answer, "Upload-Offset"), len);
	assert_complete(f, f->o1, path, len);
}

static void test_terminate(void **state)
{
	struct fx *f = *state;
	char path[96], answer[ANSWER_MAX];
	create(f, f->o1, 1000, META_MP4, path, sizeof(path));
	assert_int_equal(patch(f, f->o1, path, 0, 10, NULL, answer), 204);
	assert_int_equal(tus_status(f, f->o1, "DELETE", path), 204);
	assert_int_equal(tus_status(f, f->o1, "HEAD", path), 404);
	assert_int_equal(tus_status(f, f->o1, "GET", path), 404);
	assert_int_equal(patch(f, f->o1, path, 10, 10, NULL, answer), 404);
}

/* Another account sees nothing of an upload, not even that it exists. */
static void test_owner_only(void **state)
{
	struct fx *f = *state;
	char path[96], answer[ANSWER_MAX];
	create(f, f->o1, 1000, META_MP4, path, sizeof(path));
	assert_int_equal(tus_status(f, f->o2, "HEAD", path), 404);
	assert_int_equal(tus_status(f, f->o2, "GET", path), 404);
	assert_int_equal(patch(f, f->o2, path, 0, 10, NULL, answer), 404);
	assert_int_equal(tus_status(f, f->o2, "DELETE", path), 404);
	assert_int_equal(head_offset(f, f->o1, path), 0);
}

/* A browser session must send the CSRF token, checked before the body. */
static void test_session_csrf(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char csrf[120], path[96];
	assert_int_equal(client_login(&f->d.cl, "officer1", "demo", NULL), 303);
	demo_get(&f->d, "/workbench", 200, NULL, NULL);
	snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", f->d.cl.csrf);
	const char *nocsrf[] = {"Tus-Resumable: 1.0.0", "Upload-Length: 10",
				"Upload-Metadata: " META_MP4, NULL};
	assert_int_equal(client_req(&f->d.cl, "POST", "/api/v1/uploads", NULL, NULL, nocsrf, &r), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	const char *with[] = {"Tus-Resumable: 1.0.0", "Upload-Length: 10",
			      "Upload-Metadata: " META_MP4, csrf, NULL};
	assert_int_equal(client_req(&f->d.cl, "POST", "/api/v1/uploads", NULL, NULL, with, &r), 0);
	assert_int_equal(r.status, 201);
	resp_location(&r, path, sizeof(path));
	resp_free(&r);
	assert_int_equal(client_req(&f->d.cl, "PATCH", path, "0123456789",
				    "application/offset+octet-stream",
				    (const char *const[]){"Tus-Resumable: 1.0.0", "Upload-Offset: 0", NULL},
				    &r), 0);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(client_req(&f->d.cl, "PATCH", path, "0123456789",
				    "application/offset+octet-stream",
				    (const char *const[]){"Tus-Resumable: 1.0.0", "Upload-Offset: 0", csrf, NULL},
				    &r), 0);
	assert_int_equal(r.status, 204);
	resp_free(&r);
}

/* Refused from the headers: a huge PATCH without credentials is answered
 * 401 before its body is read. */
static void test_refused_before_body(void **state)
{
	struct fx *f = *state;
	char answer[ANSWER_MAX];
	int fd = patch_start(f, "nope", "/api/v1/uploads/00000000000000000000000000000000", 0,
			     (uint64_t)1 << 40, NULL);
	assert_int_equal(raw_read_status(fd, answer, sizeof(answer), 5000), 401);
	close(fd);
}

/* The client goes away mid-PATCH; the bytes that arrived are kept; another
 * server process resumes from the offset HEAD reports, and the finished
 * file has the right SHA-256. */
static void test_interrupted_resumed_after_restart(void **state)
{
	struct fx *f = *state;
	char path[96], answer[ANSWER_MAX];
	const uint64_t len = 8u << 20, sent = 3u << 20;
	uint64_t off = 0;

	create(f, f->o1, len, META_MP4, path, sizeof(path));
	int fd = patch_start(f, f->o1, path, 0, len, NULL);
	send_file(f, fd, 0, sent);
	close(fd);
	/* The server notices the broken connection and records what arrived. */
	for (int i = 0; i < 250; i++) {
		struct resp r;
		tus(f, f->o1, "HEAD", path, NULL, &r);
		off = r.status == 200 ? header_u64(&r, "Upload-Offset") : 0;
		resp_free(&r);
		if (off == sent)
			break;
		usleep(20000);
	}
	assert_int_equal(srv_restart(&f->d.s, NULL), 0);
	off = head_offset(f, f->o1, path);
	assert_true(off > 0 && off <= sent);
	assert_int_equal(patch(f, f->o1, path, off, len - off, NULL, answer), 204);
	assert_int_equal(raw_header_u64(answer, "Upload-Offset"), len);
	assert_complete(f, f->o1, path, len);
}

/* A field of /proc/PID/status in bytes. */
static long proc_kib(pid_t pid, const char *field)
{
	char p[64], line[256];
	long v = -1;
	size_t n = strlen(field);
	snprintf(p, sizeof(p), "/proc/%d/status", (int)pid);
	FILE *fp = fopen(p, "r");
	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, field, n) && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10) * 1024;
	fclose(fp);
	return v;
}

/* 2 GiB in one PATCH against the release server: its peak RSS grows by less
 * than 32 MiB. Only for the release build on SQLite (make test stays fast
 * elsewhere). */
static void test_big_flat_memory(void **state)
{
	struct fx *f = *state;
	const char *bin = getenv("ZF_BIN");
	char path[96], answer[ANSWER_MAX];

	if (harness_pg() || (bin && strstr(bin, "/asan/")))
		skip();
	long before = proc_kib(f->d.s.pid, "VmRSS");
	assert_true(before > 0);
	create(f, f->o1, BIG, META_MP4, path, sizeof(path));
	long long t0 = now_ms();
	assert_int_equal(patch(f, f->o1, path, 0, BIG, NULL, answer), 204);
	long long ms = now_ms() - t0;
	long hwm = proc_kib(f->d.s.pid, "VmHWM");
	printf("# 2 GiB in %lld ms (%.0f MB/s); RSS before %ld KiB, peak %ld KiB\n", ms,
	       (double)BIG / 1e6 / ((double)(ms ? ms : 1) / 1000.0), before / 1024, hwm / 1024);
	if (hwm - before >= RSS_GROWTH_MAX)
		fail_msg("peak RSS grew by %ld KiB", (hwm - before) / 1024);
	assert_complete(f, f->o1, path, BIG);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_create_patch_complete),
		cmocka_unit_test(test_wrong_offset_409),
		cmocka_unit_test(test_version_412_type_415),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_too_big_by_type),
		cmocka_unit_test(test_checksum_460),
		cmocka_unit_test(test_terminate),
		cmocka_unit_test(test_owner_only),
		cmocka_unit_test(test_session_csrf),
		cmocka_unit_test(test_refused_before_body),
		cmocka_unit_test(test_interrupted_resumed_after_restart),
		cmocka_unit_test(test_big_flat_memory),
	};
	struct fx f = {.d = {.setup = setup, .teardown = teardown}};
	return demo_run_tests(tests, &f.d);
}
