/* Integration tests of evidence pages and API on a real server: tus uploads from C, attaching through the page form and the API, the list and item pages, playback tokens, range requests, downloads recorded once, withdrawal, and the plain multipart upload with its size limit, and the printable evidence inventory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <unistd.h>

#include "harness.h"

#define MP_BOUNDARY "zfTestBoundary7MA4YWxkTrZu0gW"

struct fx {
	struct demo d;          /* first: the tests' state points at it */
	char *png, *mp4;        /* the generated files */
	size_t png_len, mp4_len;
	long officer;           /* officer1's officer id */
	long step;              /* the demo case's recorded site_check */
	long photo, video;      /* evidence attached by the tests */
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;
	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 && !fseek(f, 0, SEEK_SET) &&
	    (p = malloc((size_t)n)) && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	*len = p ? (size_t)n : 0;
	fclose(f);
	return p;
}

/* Makes the test media with Debian's ffmpeg: a 2 s H.264 MP4 and a PNG. */
static int setup(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	char mp4[400], png[400];
	snprintf(mp4, sizeof(mp4), "%s/clip.mp4", d->s.dir);
	snprintf(png, sizeof(png), "%s/photo.png", d->s.dir);
	const char *const v[] = {"ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
				 "testsrc=duration=2:size=160x120:rate=10", "-pix_fmt", "yuv420p",
				 "-c:v", "libx264", "-movflags", "+faststart", mp4, NULL};
	const char *const p[] = {"ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
				 "color=c=red:s=32x32", "-frames:v", "1", png, NULL};
	if (prog_run(v, NULL, d->s.log) || prog_run(p, NULL, d->s.log)) {
		fprintf(stderr, "ffmpeg could not make the test media\n");
		return -1;
	}
	f->mp4 = slurp(mp4, &f->mp4_len);
	f->png = slurp(png, &f->png_len);
	f->officer = db_scalar(&d->s, "SELECT officer_id FROM account WHERE login = 'officer1'");
	f->step = db_scalar(&d->s, "SELECT min(id) FROM case_step WHERE case_id = 1 AND code = 'site_check'");
	return f->mp4 && f->png && f->officer > 0 && f->step > 0 ? 0 : -1;
}

static void teardown(struct demo *d)
{
	struct fx *f = (struct fx *)d;
	free(f->mp4);
	free(f->png);
}

static void sign_in(struct fx *f)
{
	assert_int_equal(client_login(&f->d.cl, "officer1", "demo", NULL), 303);
	demo_get(&f->d, "/workbench/cases/1/evidence", 200, NULL, "上传证据", NULL);
}

/* Uploads DATA through tus in two chunks (the second with a SHA-256
 * checksum it does not need to carry); the upload id into ID. */
static void tus_upload(struct fx *f, const char *data, size_t len, const char *meta, char id[64])
{
	struct resp r;
	char hl[64], csrf[128], loc[256], off[64];
	snprintf(hl, sizeof(hl), "Upload-Length: %zu", len);
	snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", f->d.cl.csrf);
	const char *const create[] = {"Tus-Resumable: 1.0.0", hl, meta, csrf, NULL};
	assert_int_equal(client_req_n(&f->d.cl, "POST", "/api/v1/uploads", "", 0, NULL, create, &r), 0);
	if (r.status != 201)
		fail_msg("tus create: %ld %s", r.status, r.body);
	resp_location(&r, loc, sizeof(loc));
	resp_free(&r);
	assert_int_equal(strncmp(loc, "/api/v1/uploads/", 16) == 0 || strstr(loc, "/api/v1/uploads/") != NULL, 1);
	const char *path = strstr(loc, "/api/v1/uploads/");
	size_t half = len / 2;
	for (int i = 0; i < 2; i++) {
		size_t from = i ? half : 0, n = i ? len - half : half;
		snprintf(off, sizeof(off), "Upload-Offset: %zu", from);
		const char *const h[] = {"Tus-Resumable: 1.0.0", off, csrf, NULL};
		assert_int_equal(client_req_n(&f->d.cl, "PATCH", path, data + from, n,
					      "application/offset+octet-stream", h, &r), 0);
		if (r.status != 204)
			fail_msg("tus patch %d: %ld %s", i, r.status, r.body);
		assert_non_null(resp_header(&r, "Upload-Offset", off, sizeof(off)));
		assert_int_equal(strtoull(off, NULL, 10), from + n);
		resp_free(&r);
	}
	snprintf(id, 64, "%s", path + 16);
}

/* The evidence id of the item page R redirected to. */
static long item_of(const struct resp *r)
{
	char loc[256];
	resp_location(r, loc, sizeof(loc));
	assert_int_equal(strncmp(loc, "/workbench/evidence/", 20), 0);
	return strtol(loc + 20, NULL, 10);
}

/* Presses 「播放」 on the item page of evidence ID (a new playback session)
 * and reads the session token from the player's media address into TOKEN. */
static void play_token_of(struct fx *f, long id, const char *element, char token[80])
{
	struct resp r;
	char path[64], loc[256];
	snprintf(path, sizeof(path), "/workbench/evidence/%ld", id);
	demo_get(&f->d, path, 200, &r, "播放", "/play\"", NULL);
	assert_lacks(r.body, "media?t=");
	resp_free(&r);
	snprintf(path, sizeof(path), "/workbench/evidence/%ld/play", id);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, NULL), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(resp_location(&r, loc, sizeof(loc)));
	resp_free(&r);
	assert_non_null(strstr(loc, "?t="));
	demo_get(&f->d, loc, 200, &r, element, NULL);
	const char *t = strstr(r.body, "media?t=");
	assert_non_null(t);
	t += 8;
	size_t n = strspn(t, "0123456789abcdef");
	assert_int_equal(n, 64);
	memcpy(token, t, n);
	token[n] = '\0';
	assert_non_null(strstr(loc, token));
	resp_free(&r);
}

static void play_token(struct fx *f, long id, char token[80])
{
	play_token_of(f, id, "<video", token);
}

static void test_attach_page(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char id[64], step[64], officer[32], item[64];
	sign_in(f);
	long photos = scalar(&f->d, "SELECT count(*) FROM evidence WHERE kind = 'photo'");
	/* "photo.png" */
	tus_upload(f, f->png, f->png_len, "Upload-Metadata: filename cGhvdG8ucG5n,filetype aW1hZ2UvcG5n", id);
	snprintf(step, sizeof(step), "site_check:%ld", f->step);
	snprintf(officer, sizeof(officer), "%ld", f->officer);
	/* A claimed kind the bytes do not support is refused, the form kept. */
	assert_int_equal(client_post_form(&f->d.cl, "/workbench/cases/1/evidence", 0, &r, "upload_id", id,
					  "step", step, "kind", "video", "officers", officer,
					  "captured_from", "2026-01-05T09:00", "captured_to", "2026-01-05T09:10",
					  "place", "陵川县山水人家农家乐排污口", NULL), 0);
	assert_true(r.status == 415 || r.status == 422);
	assert_has(r.body, "陵川县山水人家农家乐排污口");
	resp_free(&r);
	assert_int_equal(client_post_form(&f->d.cl, "/workbench/cases/1/evidence", 0, &r, "upload_id", id,
					  "step", step, "kind", "photo", "officers", officer, "device", "相机 A1",
					  "captured_from", "2026-01-05T09:00", "captured_to", "2026-01-05T09:10",
					  "place", "陵川县山水人家农家乐排污口", "lat", "35.775", "lon", "113.28",
					  "description", "排污口现场照片", NULL), 0);
	if (r.status != 303)
		fail_msg("attach: %ld %.600s", r.status, r.body);
	f->photo = item_of(&r);
	resp_free(&r);
	snprintf(item, sizeof(item), "/workbench/evidence/%ld", f->photo);
	demo_get(&f->d, item, 200, NULL, "photo.png", "上传", "附入案卷", "排污口现场照片", "相机 A1",
		 "SHA-256", "查看照片", NULL);
	/* Seeing the photo is a view like playing a video: a session first. */
	char token[80];
	play_token_of(f, f->photo, "<img", token);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM evidence WHERE kind = 'photo'"), photos + 1);
}

static void test_attach_api(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char id[64], body[1024], path[64];
	sign_in(f);
	/* "clip.mp4" */
	tus_upload(f, f->mp4, f->mp4_len, "Upload-Metadata: filename Y2xpcC5tcDQ=,filetype dmlkZW8vbXA0", id);
	snprintf(body, sizeof(body), "{\"upload_id\":\"%s\",\"step\":\"site_check\",\"step_id\":%ld,"
		 "\"kind\":\"video\",\"officers\":[%ld],\"captured_from\":\"2026-01-05T01:00:00Z\","
		 "\"captured_to\":\"2026-01-05T09:02:00+08:00\",\"place\":\"排污口\",\"device\":\"DSJ-001\"}",
		 id, f->step, f->officer);
	/* An unknown key is named. */
	assert_int_equal(client_json(&f->d.cl, "POST", "/api/v1/cases/1/evidence", "{\"colour\":1}", NULL,
				     f->d.cl.csrf, &r), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "colour");
	resp_free(&r);
	assert_int_equal(client_json(&f->d.cl, "POST", "/api/v1/cases/1/evidence", body, NULL, f->d.cl.csrf, &r), 0);
	if (r.status != 201)
		fail_msg("API attach: %ld %s", r.status, r.body);
	json_t *j = resp_json(&r);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "video");
	assert_int_equal(json_integer_value(json_object_get(j, "size")), (json_int_t)f->mp4_len);
	assert_true(json_integer_value(json_object_get(j, "duration_ms")) >= 1500);
	assert_int_equal(strlen(json_string_value(json_object_get(j, "sha256"))), 64);
	f->video = (long)json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/evidence/%ld", f->video);
	assert_int_equal(client_json(&f->d.cl, "GET", path, NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(r.body, "\"action\":\"attach\"");
	resp_free(&r);
	assert_int_equal(client_json(&f->d.cl, "GET", "/api/v1/cases/1/evidence", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_has(r.body, "clip.mp4");
	assert_has(r.body, "photo.png");
	resp_free(&r);
}

static void test_list_pages(void **state)
{
	struct fx *f = *state;
	sign_in(f);
	demo_get(&f->d, "/workbench/cases/1/evidence", 200, NULL, "clip.mp4", "photo.png", "录像", "照片",
		 "DSJ-001", "enctype=\"multipart/form-data\"", "accept=\"image/*,video/*,audio/*,application/pdf\"",
		 "/static/upload.js", NULL);
	demo_get(&f->d, "/workbench/cases/1", 200, NULL, "证据与音像记录", "/workbench/cases/1/evidence",
		 "clip.mp4", NULL);
}

static void ranged(struct fx *f, const char *path, const char *range, long status, struct resp *r)
{
	char h[96];
	snprintf(h, sizeof(h), "Range: %s", range);
	const char *const hdrs[] = {h, NULL};
	assert_int_equal(client_req(&f->d.cl, "GET", path, NULL, NULL, range ? hdrs : NULL, r), 0);
	if (r->status != status)
		fail_msg("%s Range %s: %ld, wanted %ld", path, range ? range : "-", r->status, status);
}

static void test_play_ranges(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char token[80], path[160], v[128], want[128];
	char views[32];
	snprintf(views, sizeof(views), "%ld", f->video);
	sign_in(f);
	long before = db_scalar_args(&f->d.s, "SELECT count(*) FROM evidence_custody WHERE action = 'view' "
				     "AND evidence_id = ?", views, NULL);
	play_token(f, f->video, token);
	/* Without the token, or with another one: refused. */
	snprintf(path, sizeof(path), "/workbench/evidence/%ld/media", f->video);
	ranged(f, path, NULL, 403, &r);
	resp_free(&r);
	snprintf(path, sizeof(path), "/workbench/evidence/%ld/media?t=%064d", f->video, 0);
	ranged(f, path, NULL, 403, &r);
	resp_free(&r);
	snprintf(path, sizeof(path), "/workbench/evidence/%ld/media?t=%s", f->video, token);
	ranged(f, path, "bytes=0-99", 206, &r);
	assert_int_equal(r.len, 100);
	assert_memory_equal(r.body, f->mp4, 100);
	snprintf(want, sizeof(want), "bytes 0-99/%zu", f->mp4_len);
	assert_string_equal(resp_header(&r, "Content-Range", v, sizeof(v)), want);
	assert_non_null(resp_header(&r, "Cache-Control", v, sizeof(v)));
	assert_has(v, "no-store");
	assert_has(resp_header(&r, "Content-Type", v, sizeof(v)), "video/");
	resp_free(&r);
	ranged(f, path, "bytes=100-", 206, &r);
	assert_int_equal(r.len, f->mp4_len - 100);
	assert_memory_equal(r.body, f->mp4 + 100, f->mp4_len - 100);
	resp_free(&r);
	ranged(f, path, "bytes=-50", 206, &r);
	assert_int_equal(r.len, 50);
	assert_memory_equal(r.body, f->mp4 + f->mp4_len - 50, 50);
	resp_free(&r);
	snprintf(v, sizeof(v), "bytes=%zu-", f->mp4_len + 10);
	ranged(f, path, v, 416, &r);
	snprintf(want, sizeof(want), "bytes */%zu", f->mp4_len);
	assert_string_equal(resp_header(&r, "Content-Range", v, sizeof(v)), want);
	resp_free(&r);
	ranged(f, path, "bytes=0-1,5-6", 200, &r);
	assert_int_equal(r.len, f->mp4_len);
	resp_free(&r);
	/* One session, one view in the trail, whatever the ranges. */
	assert_int_equal(db_scalar_args(&f->d.s, "SELECT count(*) FROM evidence_custody WHERE action = 'view' "
					"AND evidence_id = ?", views, NULL), before + 1);
	/* Opening the item page again is no playback session. */
	snprintf(path, sizeof(path), "/workbench/evidence/%ld", f->video);
	demo_get(&f->d, path, 200, NULL, "播放", NULL);
	demo_get(&f->d, path, 200, NULL, "播放", NULL);
	assert_int_equal(db_scalar_args(&f->d.s, "SELECT count(*) FROM evidence_custody WHERE action = 'view' "
					"AND evidence_id = ?", views, NULL), before + 1);
}

static void test_download_once(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char path[96], v[512], id[32];
	snprintf(id, sizeof(id), "%ld", f->video);
	sign_in(f);
	snprintf(path, sizeof(path), "/workbench/evidence/%ld/download", f->video);
	ranged(f, path, NULL, 200, &r);
	assert_int_equal(r.len, f->mp4_len);
	assert_memory_equal(r.body, f->mp4, f->mp4_len);
	assert_non_null(resp_header(&r, "Content-Disposition", v, sizeof(v)));
	assert_has(v, "attachment");
	assert_has(v, "filename*=UTF-8''clip.mp4");
	resp_free(&r);
	/* The rest of a resumed download is no new download. */
	ranged(f, path, "bytes=1000-", 206, &r);
	resp_free(&r);
	assert_int_equal(db_scalar_args(&f->d.s, "SELECT count(*) FROM evidence_custody WHERE action = 'download' "
					"AND evidence_id = ?", id, NULL), 1);
	snprintf(path, sizeof(path), "/workbench/evidence/%ld", f->video);
	demo_get(&f->d, path, 200, NULL, "下载", NULL);
}

/* The demo's first case comes with its site check's photo and video,
 * stored byte for byte and bound to the recorded step. */
static void test_demo_evidence(void **state)
{
	struct fx *f = *state;
	struct resp r;
	sign_in(f);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM evidence WHERE case_id = 1 AND step_code = 'site_check' "
				       "AND device = '执法记录仪 DSJ-0001' AND step_id IS NOT NULL"), 2);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM av_exception WHERE case_id = 1"), 0);
	assert_true(scalar(&f->d, "SELECT count(*) FROM av_exception") > 0);
	demo_get(&f->d, "/workbench/cases/1/evidence", 200, NULL, "现场照片-排水口.jpg", "现场录像-排水口.mp4",
		 "执法记录仪 DSJ-0001", NULL);
	long video = scalar(&f->d, "SELECT id FROM evidence WHERE case_id = 1 AND kind = 'video' "
				   "AND device = '执法记录仪 DSJ-0001'");
	char path[96];
	snprintf(path, sizeof(path), "/workbench/evidence/%ld/download", video);
	ranged(f, path, NULL, 200, &r);
	assert_true(r.len > 1000 && r.len < 150 * 1024);
	assert_memory_equal(r.body + 4, "ftyp", 4);
	resp_free(&r);
}

static void test_withdraw(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char path[96];
	sign_in(f);
	snprintf(path, sizeof(path), "/workbench/evidence/%ld", f->photo);
	demo_get(&f->d, path, 200, NULL, "撤回理由", NULL);
	snprintf(path, sizeof(path), "/workbench/evidence/%ld/withdraw", f->photo);
	/* No reason: refused, nothing written. */
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "reason", " ", NULL), 0);
	assert_int_equal(r.status, 422);
	assert_has(r.body, "请填写撤回理由");
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM evidence_withdrawal"), 0);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "reason", "误传：照片拍摄的是相邻商户", NULL), 0);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	snprintf(path, sizeof(path), "/workbench/evidence/%ld", f->photo);
	demo_get(&f->d, path, 200, NULL, "已撤回", "误传：照片拍摄的是相邻商户", "撤回", NULL);
	demo_get(&f->d, "/workbench/cases/1/evidence", 200, NULL, "已撤回", NULL);
	/* Twice: a conflict. */
	snprintf(path, sizeof(path), "/workbench/evidence/%ld/withdraw", f->photo);
	assert_int_equal(client_post_form(&f->d.cl, path, 0, &r, "reason", "再次撤回", NULL), 0);
	assert_true(r.status == 409 || r.status == 404);
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM evidence_withdrawal"), 1);
}

/* A multipart body with the attach fields and FILE_LEN bytes of FILE. */
static char *multipart(struct fx *f, const char *file, size_t file_len, size_t *len)
{
	char head[4096];
	int n = snprintf(head, sizeof(head),
			 "--" MP_BOUNDARY "\r\nContent-Disposition: form-data; name=\"step\"\r\n\r\nsite_check:%ld\r\n"
			 "--" MP_BOUNDARY "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nphoto\r\n"
			 "--" MP_BOUNDARY "\r\nContent-Disposition: form-data; name=\"officers\"\r\n\r\n%ld\r\n"
			 "--" MP_BOUNDARY "\r\nContent-Disposition: form-data; name=\"captured_from\"\r\n\r\n2026-01-05T10:00\r\n"
			 "--" MP_BOUNDARY "\r\nContent-Disposition: form-data; name=\"captured_to\"\r\n\r\n2026-01-05T10:01\r\n"
			 "--" MP_BOUNDARY "\r\nContent-Disposition: form-data; name=\"place\"\r\n\r\n农家乐后院\r\n"
			 "--" MP_BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"后院.png\"\r\n"
			 "Content-Type: image/png\r\n\r\n", f->step, f->officer);
	const char *tail = "\r\n--" MP_BOUNDARY "--\r\n";
	*len = (size_t)n + file_len + strlen(tail);
	char *p = malloc(*len);
	assert_non_null(p);
	memcpy(p, head, (size_t)n);
	memcpy(p + n, file, file_len);
	memcpy(p + n + file_len, tail, strlen(tail));
	return p;
}

static void test_multipart(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char path[160], item[64];
	size_t len;
	sign_in(f);
	char *body = multipart(f, f->png, f->png_len, &len);
	snprintf(path, sizeof(path), "/workbench/cases/1/evidence/file?csrf=%s", f->d.cl.csrf);
	assert_int_equal(client_req_n(&f->d.cl, "POST", path, body, len,
				      "multipart/form-data; boundary=" MP_BOUNDARY, NULL, &r), 0);
	free(body);
	if (r.status != 303)
		fail_msg("multipart: %ld %.600s", r.status, r.body);
	snprintf(item, sizeof(item), "/workbench/evidence/%ld", item_of(&r));
	resp_free(&r);
	demo_get(&f->d, item, 200, NULL, "后院.png", "农家乐后院", "附入案卷", NULL);
	/* Without the token: refused before anything is stored. */
	long uploads = scalar(&f->d, "SELECT count(*) FROM upload");
	body = multipart(f, f->png, f->png_len, &len);
	assert_int_equal(client_req_n(&f->d.cl, "POST", "/workbench/cases/1/evidence/file", body, len,
				      "multipart/form-data; boundary=" MP_BOUNDARY, NULL, &r), 0);
	free(body);
	assert_int_equal(r.status, 403);
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM upload"), uploads);
}

static void test_multipart_too_big(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char path[160];
	size_t len, big = (size_t)70 << 20;
	sign_in(f);
	char *file = calloc(1, big);
	assert_non_null(file);
	char *body = multipart(f, file, big, &len);
	free(file);
	long uploads = scalar(&f->d, "SELECT count(*) FROM upload");
	snprintf(path, sizeof(path), "/workbench/cases/1/evidence/file?csrf=%s", f->d.cl.csrf);
	/* The server answers before reading the body and closes: curl may see the
	 * connection end while sending, after the answer. */
	client_req_n(&f->d.cl, "POST", path, body, len, "multipart/form-data; boundary=" MP_BOUNDARY, NULL, &r);
	free(body);
	assert_int_equal(r.status, 413);
	assert_has(r.body, "64 MB");
	resp_free(&r);
	assert_int_equal(scalar(&f->d, "SELECT count(*) FROM upload"), uploads);
}

/* The SHA-256 of LEN bytes at DATA as 64 hex digits into HEX. */
static void sha256_hex(const char *data, size_t len, char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0;
	assert_int_equal(EVP_Digest(data, len, md, &n, EVP_sha256(), NULL), 1);
	for (unsigned int i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* The inventory item of the JSON inventory J whose file is FILENAME. */
static json_t *inventory_item(json_t *j, const char *filename)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(j, "items"), i, o)
		if (!strcmp(json_string_value(json_object_get(o, "filename")), filename))
			return o;
	fail_msg("no %s in the inventory", filename);
	return NULL;
}

static void test_inventory(void **state)
{
	struct fx *f = *state;
	struct resp r;
	char png[65], mp4[65], *out = NULL;
	sha256_hex(f->png, f->png_len, png);
	sha256_hex(f->mp4, f->mp4_len, mp4);
	sign_in(f);
	/* The case's evidence page links the inventory. */
	demo_get(&f->d, "/workbench/cases/1/evidence", 200, NULL, "/workbench/cases/1/evidence/inventory",
		 "打印证据清单", NULL);
	/* Once the server has integrated the entries, and every item verified. */
	long long t0 = now_ms();
	while (scalar(&f->d, "SELECT count(*) FROM log_pending") > 0) {
		if (now_ms() - t0 > 15000)
			fail_msg("the log kept entries pending for 15 s");
		usleep(50000);
	}
	static const char *const verify[] = {"evidence", "verify", "--all", NULL};
	assert_int_equal(srv_cli(&f->d.s, NULL, &out, verify), 0);
	free(out);
	assert_int_equal(client_json(&f->d.cl, "GET", "/api/v1/cases/1/evidence/inventory", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	json_t *j = resp_json(&r);
	resp_free(&r);
	assert_string_equal(json_string_value(json_object_get(j, "format")), "zhifa-evidence-inventory/v1");
	long total = scalar(&f->d, "SELECT count(*) FROM evidence WHERE case_id = 1");
	assert_int_equal(json_array_size(json_object_get(j, "items")), (size_t)total);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), total);
	assert_int_equal(json_integer_value(json_object_get(j, "withdrawn")), 1);
	/* Each file with the full SHA-256 of the bytes sent, its log entry and
	 * its verification; the withdrawn photo with its reason. */
	json_t *photo = inventory_item(j, "photo.png"), *clip = inventory_item(j, "clip.mp4"),
	       *yard = inventory_item(j, "后院.png");
	assert_string_equal(json_string_value(json_object_get(photo, "sha256")), png);
	assert_string_equal(json_string_value(json_object_get(yard, "sha256")), png);
	assert_string_equal(json_string_value(json_object_get(clip, "sha256")), mp4);
	assert_string_equal(json_string_value(json_object_get(json_object_get(photo, "withdrawal"), "reason")),
			    "误传：照片拍摄的是相邻商户");
	assert_true(json_is_null(json_object_get(clip, "withdrawal")));
	json_int_t idx = json_integer_value(json_object_get(clip, "log_index"));
	assert_true(json_is_integer(json_object_get(clip, "log_index")));
	char proof[64], mark[64];
	snprintf(proof, sizeof(proof), "/log/proof/%lld", (long long)idx);
	snprintf(mark, sizeof(mark), "已存证 #%lld", (long long)idx);
	assert_string_equal(json_string_value(json_object_get(clip, "proof_url")), proof);
	assert_string_equal(json_string_value(json_object_get(json_object_get(clip, "verification"), "result")),
			    "校验通过");
	assert_string_equal(json_string_value(json_object_get(clip, "device")), "DSJ-001");
	json_decref(j);
	/* The printable page says the same. */
	demo_get(&f->d, "/workbench/cases/1/evidence/inventory", 200, &r, "证据清单", "class=\"doc\"",
		 "/static/print.js", "clip.mp4", "photo.png", mp4, png, mark, proof,
		 "已撤回：误传：照片拍摄的是相邻商户", "有效", "DSJ-001", "陵川县山水人家农家乐排污口",
		 "35.775000, 113.280000", "校验通过", "sha256sum", "zhifa log prove", "制作人：officer1",
		 "执法人员（签名）", "当事人（见证人）", NULL);
	resp_free(&r);
	/* The proof it names answers. */
	demo_get(&f->d, proof, 200, NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_evidence),
		cmocka_unit_test(test_attach_page),
		cmocka_unit_test(test_attach_api),
		cmocka_unit_test(test_list_pages),
		cmocka_unit_test(test_play_ranges),
		cmocka_unit_test(test_download_once),
		cmocka_unit_test(test_withdraw),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_multipart_too_big),
		cmocka_unit_test(test_inventory),
	};
	struct fx f = {.d = {.setup = setup, .teardown = teardown}};
	return demo_run_tests(tests, &f.d);
}
