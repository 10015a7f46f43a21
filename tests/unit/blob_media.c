/* Unit tests of blob/media.c and media_preview.c on media made by Debian's ffmpeg at test time: sniffed types, classes, durations, codecs, frame sizes, Chromium playability, renamed and broken files, and the H.264 preview of an H.265 clip. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "blob/media.h"
#include "util/err.h"

extern char **environ;

static char dir[64];

/* DIR/NAME into a static path buffer (one at a time is enough here). */
static const char *at(const char *name)
{
	static char p[2][256];
	static int k;

	k ^= 1;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

/* Runs ffmpeg (quiet, overwriting) with ARGS, NULL-terminated; 0 on success. */
static int ffmpeg(const char *first, ...)
{
	char *argv[48] = {"ffmpeg", "-nostdin", "-v", "error", "-y"};
	int n = 5, status;
	va_list ap;
	pid_t pid;

	va_start(ap, first);
	for (const char *a = first; a && n < 47; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	if (posix_spawnp(&pid, "ffmpeg", NULL, NULL, argv, environ) != 0) {
		fprintf(stderr, "ffmpeg is missing: install Debian's ffmpeg (make test-deps)\n");
		return -1;
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "ffmpeg failed making %s\n", argv[n - 1]);
		return -1;
	}
	return 0;
}

static int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(p, 1, n, f) == n;

	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

static unsigned char *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)len + 1)) && fread(p, 1, (size_t)len, f) != (size_t)len) {
		free(p);
		p = NULL;
	}
	if (p)
		*n = (size_t)len;
	fclose(f);
	return p;
}

static uint64_t size_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

static const char pdf[] =
	"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
	"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
	"0000000111 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n178\n%%EOF\n";

#define TESTSRC "testsrc=duration=2:size=320x240:rate=25"
#define SINE "sine=frequency=440:duration=2"

/* Makes every sample once for the group; a missing ffmpeg fails the group. */
static int make_media(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/zf_media_XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	if (ffmpeg("-f", "lavfi", "-i", TESTSRC, "-f", "lavfi", "-i", SINE, "-c:v", "libx264",
		   "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
		   at("h264.mp4"), NULL) ||
	    ffmpeg("-f", "lavfi", "-i", TESTSRC, "-f", "lavfi", "-i", SINE, "-c:v", "libx265",
		   "-preset", "ultrafast", "-x265-params", "log-level=none", "-c:a", "aac",
		   "-shortest", at("hevc.mp4"), NULL) ||
	    ffmpeg("-f", "lavfi", "-i", TESTSRC, "-f", "lavfi", "-i", SINE, "-c:v", "libvpx-vp9",
		   "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus", "-shortest",
		   at("vp9.webm"), NULL) ||
	    ffmpeg("-f", "lavfi", "-i", SINE, "-c:a", "libmp3lame", at("sine.mp3"), NULL) ||
	    ffmpeg("-f", "lavfi", "-i", SINE, "-c:a", "pcm_s16le", at("sine.wav"), NULL) ||
	    ffmpeg("-f", "lavfi", "-i", SINE, "-c:a", "aac", at("sound.mp4"), NULL) ||
	    ffmpeg("-f", "lavfi", "-i", TESTSRC, "-frames:v", "1", at("frame.png"), NULL) ||
	    ffmpeg("-f", "lavfi", "-i", TESTSRC, "-frames:v", "1", at("frame.jpg"), NULL) ||
	    ffmpeg("-f", "lavfi", "-i", TESTSRC, "-c:v", "mpeg4", at("part2.avi"), NULL) ||
	    ffmpeg("-f", "lavfi", "-i", TESTSRC, "-c:v", "libx264", "-preset", "ultrafast",
		   "-pix_fmt", "yuv420p", "-f", "mpegts", at("cam.ts"), NULL))
		return -1;
	return write_file(at("doc.pdf"), pdf, sizeof(pdf) - 1);
}

static int remove_media(void **state)
{
	static const char *const names[] = {
		"h264.mp4", "hevc.mp4", "vp9.webm", "sine.mp3",  "sine.wav",    "sound.mp4",
		"frame.png", "frame.jpg", "part2.avi", "doc.pdf", "renamed.jpg", "trunc.mp4",
		"random.bin", "preview.mp4", "slow.sh", "cam.ts",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(at(names[i]));
	return rmdir(dir);
}

static void probe_ok(const char *name, struct zf_media_info *mi)
{
	struct zf_err err;
	const char *p = at(name);

	zf_err_clear(&err);
	assert_int_equal(zf_media_probe(p, size_of(p), mi, &err), 0);
}

static void assert_duration(const struct zf_media_info *mi, int64_t ms)
{
	if (mi->duration_ms < ms - 100 || mi->duration_ms > ms + 100)
		fail_msg("duration %lld ms, want %lld +- 100", (long long)mi->duration_ms,
			 (long long)ms);
}

/* What a probe of one sample must give; DURATION -1 when not checked. */
struct expect {
	const char *name, *type;
	int cls;
	int64_t duration;
	const char *video, *audio;
	int width, height, playable;
};

static void check(const struct zf_media_info *mi, const struct expect *e)
{
	if (strcmp(mi->media_type, e->type) || mi->cls != e->cls || strcmp(mi->video_codec, e->video) ||
	    strcmp(mi->audio_codec, e->audio) || mi->width != e->width || mi->height != e->height ||
	    mi->browser_playable != e->playable)
		fail_msg("%s: got %s class %d video '%s' audio '%s' %dx%d playable %d", e->name,
			 mi->media_type, mi->cls, mi->video_codec, mi->audio_codec, mi->width,
			 mi->height, mi->browser_playable);
	if (e->duration >= 0)
		assert_duration(mi, e->duration);
}

/* H.265 and MPEG-4 part 2 (in AVI) are not played by Debian's Chromium; an
 * MP4 with sound only is audio; libmagic has no name for MPEG-TS (some body
 * cameras write it), libavformat recognises it and names the type. */
static const struct expect samples[] = {
	{"h264.mp4", "video/mp4", ZF_MEDIA_VIDEO, 2000, "h264", "aac", 320, 240, 1},
	{"hevc.mp4", "video/mp4", ZF_MEDIA_VIDEO, 2000, "hevc", "aac", 320, 240, 0},
	{"vp9.webm", "video/webm", ZF_MEDIA_VIDEO, 2000, "vp9", "opus", 320, 240, 1},
	{"sine.mp3", "audio/mpeg", ZF_MEDIA_AUDIO, 2000, "", "mp3", 0, 0, 1},
	{"sine.wav", "audio/x-wav", ZF_MEDIA_AUDIO, 2000, "", "pcm_s16le", 0, 0, 1},
	{"sound.mp4", "audio/mp4", ZF_MEDIA_AUDIO, 2000, "", "aac", 0, 0, 1},
	{"part2.avi", "video/x-msvideo", ZF_MEDIA_VIDEO, 2000, "mpeg4", "", 320, 240, 0},
	{"cam.ts", "video/mp2t", ZF_MEDIA_VIDEO, 2000, "h264", "", 320, 240, 0},
	{"frame.png", "image/png", ZF_MEDIA_IMAGE, 0, "", "", 0, 0, 0},
	{"frame.jpg", "image/jpeg", ZF_MEDIA_IMAGE, 0, "", "", 0, 0, 0},
	{"doc.pdf", "application/pdf", ZF_MEDIA_DOCUMENT, 0, "", "", 0, 0, 0},
};

static void probe_samples(void **state)
{
	struct zf_media_info mi;
	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		probe_ok(samples[i].name, &mi);
		check(&mi, &samples[i]);
	}
}

/* Each thread probes every sample; a probe shares no handle with another. */
static void *probe_all(void *arg)
{
	struct zf_media_info mi;
	struct zf_err err;
	intptr_t bad = 0;
	(void)arg;
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
			char p[256];
			snprintf(p, sizeof(p), "%s/%s", dir, samples[i].name);
			if (zf_media_probe(p, size_of(p), &mi, &err) != 0 ||
			    strcmp(mi.media_type, samples[i].type) != 0 ||
			    strcmp(mi.video_codec, samples[i].video) != 0)
				bad++;
		}
	return (void *)bad;
}

static void probe_threads(void **state)
{
	pthread_t t[4];
	void *bad;
	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, probe_all, NULL), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_null(bad);
	}
}

/* The name says JPEG, the bytes say MP4: the bytes win. */
static void renamed_sniffed_by_content(void **state)
{
	struct zf_media_info mi;
	size_t n = 0;
	unsigned char *p = read_all(at("h264.mp4"), &n);
	(void)state;
	assert_non_null(p);
	assert_int_equal(write_file(at("renamed.jpg"), p, n), 0);
	free(p);
	probe_ok("renamed.jpg", &mi);
	check(&mi, &(struct expect){"renamed.jpg", "video/mp4", ZF_MEDIA_VIDEO, 2000, "h264",
				    "aac", 320, 240, 1});
}

static void random_bytes_other(void **state)
{
	unsigned char buf[65536];
	uint32_t x = 2463534242u;
	struct zf_media_info mi;
	struct zf_err err;
	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
	assert_int_equal(write_file(at("random.bin"), buf, sizeof(buf)), 0);
	probe_ok("random.bin", &mi);
	assert_string_equal(mi.media_type, "application/octet-stream");
	assert_int_equal(mi.cls, ZF_MEDIA_OTHER);
	assert_int_equal(mi.duration_ms, 0);
	assert_int_equal(zf_media_probe_mem(buf, sizeof(buf), &mi, &err), 0);
	assert_string_equal(mi.media_type, "application/octet-stream");
	assert_int_equal(zf_media_probe_mem(buf, 0, &mi, &err), 0);
	assert_int_equal(mi.cls, ZF_MEDIA_OTHER);
}

/* Cut MP4s (the index is at the end without faststart) keep their sniffed
 * type; nothing crashes at any cut. A size larger than the file is read as
 * what the file holds. */
static void truncated_mp4(void **state)
{
	struct zf_media_info mi;
	struct zf_err err;
	size_t n = 0;
	unsigned char *p = read_all(at("h264.mp4"), &n);
	(void)state;
	assert_non_null(p);
	for (size_t cut = 16; cut < n; cut = cut * 2 + 7) {
		assert_int_equal(zf_media_probe_mem(p, cut, &mi, &err), 0);
		assert_true(mi.cls == ZF_MEDIA_VIDEO || mi.cls == ZF_MEDIA_OTHER);
	}
	assert_int_equal(write_file(at("trunc.mp4"), p, n / 2), 0);
	assert_int_equal(zf_media_probe(at("trunc.mp4"), n, &mi, &err), 0);
	assert_string_equal(mi.media_type, "video/mp4");
	assert_int_equal(mi.cls, ZF_MEDIA_VIDEO);
	assert_int_equal(mi.duration_ms, 0);
	assert_int_equal(mi.browser_playable, 0);
	free(p);
}

static void mem_matches_file(void **state)
{
	struct zf_media_info a, b;
	struct zf_err err;
	size_t n = 0;
	unsigned char *p = read_all(at("vp9.webm"), &n);
	(void)state;
	assert_non_null(p);
	probe_ok("vp9.webm", &a);
	assert_int_equal(zf_media_probe_mem(p, n, &b, &err), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	free(p);
}

static void missing_file_error(void **state)
{
	struct zf_media_info mi;
	struct zf_err err;
	(void)state;
	zf_err_clear(&err);
	assert_int_not_equal(zf_media_probe(at("nope.mp4"), 10, &mi, &err), 0);
	assert_true(err.msg[0] != '\0');
}

static void preview_hevc_to_h264(void **state)
{
	struct zf_media_info mi;
	struct zf_err err;
	(void)state;
	unsetenv("ZF_FFMPEG");
	zf_err_clear(&err);
	assert_int_equal(zf_media_preview(at("hevc.mp4"), at("preview.mp4"), 60, &err), 0);
	probe_ok("preview.mp4", &mi);
	check(&mi, &(struct expect){"preview.mp4", "video/mp4", ZF_MEDIA_VIDEO, 2000, "h264",
				    "aac", 320, 240, 1});
}

static void preview_failures(void **state)
{
	struct zf_err err;
	const char *dst = at("preview.mp4");
	(void)state;
	/* Not a video: ffmpeg fails, DST is gone. */
	unsetenv("ZF_FFMPEG");
	assert_int_equal(write_file(dst, "x", 1), 0);
	assert_int_not_equal(zf_media_preview(at("doc.pdf"), dst, 60, &err), 0);
	assert_int_not_equal(access(dst, F_OK), 0);

	/* No ffmpeg at ZF_FFMPEG. */
	setenv("ZF_FFMPEG", "/nonexistent/ffmpeg", 1);
	assert_int_equal(zf_media_preview(at("hevc.mp4"), dst, 60, &err), ZF_ENOTSUP);
	assert_int_not_equal(access(dst, F_OK), 0);

	/* An ffmpeg that hangs is killed at the time limit; DST is removed. */
	static const char slow[] = "#!/bin/sh\nexec sleep 30\n";
	assert_int_equal(write_file(at("slow.sh"), slow, sizeof(slow) - 1), 0);
	assert_int_equal(chmod(at("slow.sh"), 0700), 0);
	setenv("ZF_FFMPEG", at("slow.sh"), 1);
	assert_int_equal(write_file(dst, "x", 1), 0);
	time_t t0 = time(NULL);
	assert_int_not_equal(zf_media_preview(at("hevc.mp4"), dst, 1, &err), 0);
	assert_true(time(NULL) - t0 < 10);
	assert_int_not_equal(access(dst, F_OK), 0);
	unsetenv("ZF_FFMPEG");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(probe_samples),
		cmocka_unit_test(probe_threads),
		cmocka_unit_test(renamed_sniffed_by_content),
		cmocka_unit_test(random_bytes_other),
		cmocka_unit_test(truncated_mp4),
		cmocka_unit_test(mem_matches_file),
		cmocka_unit_test(missing_file_error),
		cmocka_unit_test(preview_hevc_to_h264),
		cmocka_unit_test(preview_failures),
	};
	return cmocka_run_group_tests(tests, make_media, remove_media);
}
