/* Media probing of evidence bytes: the type sniffed by libmagic from the first bytes, then duration, codecs and frame size from libavformat reading through a bounded custom I/O context, and whether Chromium plays the file as it is. */
#include "blob/media.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
#include <magic.h>

#include "blob/media_int.h"
#include "util/str.h"

/* libavformat bounds: bytes read to find the format and stream parameters,
 * media time analysed, streams accepted, I/O buffer. They keep one probe
 * within a few MiB whatever the file. */
#define PROBE_BYTES "4194304"
#define ANALYZE_US "5000000"
#define MAX_STREAMS "16"
#define AVIO_BUF 65536
/* The only decoders run in-process: the video codecs whose frame size raw
 * streams (MPEG-TS from body cameras) carry only in the bitstream. Every
 * other parameter comes from container headers and parsers. */
#define DECODERS "h264,hevc,mpeg1video,mpeg2video,mpeg4"

/* Where libavformat reads from: a file descriptor or a memory buffer, both of
 * a known length; POS is the read offset of the custom I/O context. */
struct source {
	int fd;
	const unsigned char *mem;
	int64_t len;
	int64_t pos;
};

/* libav's logger is process-wide; it is silenced once, before any probe. */
static pthread_once_t log_once = PTHREAD_ONCE_INIT;

static void log_quiet(void)
{
	av_log_set_level(AV_LOG_QUIET);
}

static int src_read(void *opaque, uint8_t *buf, int size)
{
	struct source *s = opaque;
	int64_t left = s->len - s->pos;
	size_t n;

	if (left <= 0 || size <= 0)
		return AVERROR_EOF;
	n = (size_t)(left < size ? left : size);
	if (s->mem) {
		memcpy(buf, s->mem + s->pos, n);
	} else {
		ssize_t r;
		do
			r = pread(s->fd, buf, n, (off_t)s->pos);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return AVERROR(EIO);
		if (r == 0)
			return AVERROR_EOF;
		n = (size_t)r;
	}
	s->pos += (int64_t)n;
	return (int)n;
}

static int64_t src_seek(void *opaque, int64_t offset, int whence)
{
	struct source *s = opaque;
	int64_t to;

	switch (whence & ~AVSEEK_FORCE) {
	case AVSEEK_SIZE:
		return s->len;
	case SEEK_SET:
		to = offset;
		break;
	case SEEK_CUR:
		if (offset > INT64_MAX - s->pos)
			return AVERROR(EINVAL);
		to = s->pos + offset;
		break;
	case SEEK_END:
		if (offset > INT64_MAX - s->len)
			return AVERROR(EINVAL);
		to = s->len + offset;
		break;
	default:
		return AVERROR(EINVAL);
	}
	if (to < 0 || to > s->len)
		return AVERROR(EINVAL);
	s->pos = to;
	return to;
}

/* Sets OUT->media_type from libmagic's reading of the N bytes at P; a type
 * libmagic cannot tell, or reports as an error, is application/octet-stream.
 * A handle per call: libmagic handles must not be shared between threads. */
static int sniff(const void *p, size_t n, struct zf_media_info *out, struct zf_err *err)
{
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS |
			       MAGIC_NO_CHECK_TAR | MAGIC_NO_CHECK_CDF);
	const char *t;
	int rc = -1;

	if (!m)
		return zf_err_set(err, ZF_ENOMEM, "文件类型识别初始化失败");
	if (magic_load(m, NULL) != 0) {
		zf_err_set(err, ZF_ERROR, "文件类型识别库（libmagic）无法加载：%s",
			   magic_error(m) ? magic_error(m) : "未知原因");
		goto out;
	}
	t = magic_buffer(m, p, n);
	if (!t || !strchr(t, '/') || zf_strlcpy(out->media_type, t, sizeof(out->media_type)) >=
						  sizeof(out->media_type))
		zf_strlcpy(out->media_type, "application/octet-stream", sizeof(out->media_type));
	rc = 0;
out:
	magic_close(m);
	return rc;
}

static int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int is_document(const char *t)
{
	static const char *const docs[] = {
		"application/pdf", "application/msword", "application/rtf", "text/rtf",
		"application/vnd.ms-excel", "application/vnd.ms-powerpoint",
		"application/vnd.openxmlformats-officedocument.",
		"application/vnd.oasis.opendocument.",
	};
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		if (has_prefix(t, docs[i]))
			return 1;
	return 0;
}

static int class_of(const char *t)
{
	if (has_prefix(t, "image/"))
		return ZF_MEDIA_IMAGE;
	if (has_prefix(t, "audio/"))
		return ZF_MEDIA_AUDIO;
	if (has_prefix(t, "video/"))
		return ZF_MEDIA_VIDEO;
	return is_document(t) ? ZF_MEDIA_DOCUMENT : ZF_MEDIA_OTHER;
}

/* Containers libmagic leaves as application/octet-stream (MPEG-TS from some
 * body cameras, for one) are handed to libavformat only when one of these
 * demuxers recognises them; the media type is then named from the demuxer. */
static const char *type_of_demuxer(const char *name)
{
	static const char *const map[][2] = {
		{"mpegts", "video/mp2t"},      {"matroska,webm", "video/x-matroska"},
		{"avi", "video/x-msvideo"},    {"flv", "video/x-flv"},
		{"asf", "video/x-ms-asf"},     {"mov,mp4,m4a,3gp,3g2,mj2", "video/mp4"},
		{"mpeg", "video/mpeg"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(name, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* Chromium (Debian's build, without proprietary HEVC) plays these containers,
 * told by the sniffed type, and these codecs as they are. */
static int container_playable(const char *t)
{
	static const char *const ok[] = {
		"video/mp4",  "audio/mp4", "audio/x-m4a", "video/webm", "audio/webm",
		"video/ogg",  "audio/ogg", "audio/mpeg",  "audio/x-wav", "audio/wav",
		"audio/flac", "audio/x-flac",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(t, ok[i]) == 0)
			return 1;
	return 0;
}

static int codec_playable(enum AVCodecID id)
{
	switch (id) {
	case AV_CODEC_ID_H264: case AV_CODEC_ID_VP8: case AV_CODEC_ID_VP9: case AV_CODEC_ID_AV1:
	case AV_CODEC_ID_THEORA: case AV_CODEC_ID_AAC: case AV_CODEC_ID_MP3:
	case AV_CODEC_ID_OPUS: case AV_CODEC_ID_VORBIS: case AV_CODEC_ID_FLAC:
	case AV_CODEC_ID_PCM_S16LE: case AV_CODEC_ID_PCM_S24LE: case AV_CODEC_ID_PCM_S32LE:
	case AV_CODEC_ID_PCM_U8: case AV_CODEC_ID_PCM_F32LE:
		return 1;
	default:
		return 0;
	}
}

static int64_t duration_ms_of(const AVFormatContext *fc)
{
	int64_t best = 0;

	if (fc->duration != AV_NOPTS_VALUE && fc->duration > 0)
		return fc->duration / 1000;
	for (unsigned i = 0; i < fc->nb_streams; i++) {
		const AVStream *st = fc->streams[i];
		if (st->duration == AV_NOPTS_VALUE || st->duration <= 0)
			continue;
		int64_t ms = av_rescale_q(st->duration, st->time_base, (AVRational){1, 1000});
		if (ms > best)
			best = ms;
	}
	return best;
}

/* Fills duration, codecs, size and playability from the open context FC.
 * The first video stream that is not an attached picture (cover art) counts,
 * and the first audio stream. An MP4 or other video-typed file with sound
 * only is audio. */
static void read_streams(const AVFormatContext *fc, int octet, struct zf_media_info *out)
{
	const AVCodecParameters *v = NULL, *a = NULL;
	int playable;

	for (unsigned i = 0; i < fc->nb_streams; i++) {
		const AVStream *st = fc->streams[i];
		const AVCodecParameters *cp = st->codecpar;
		if (cp->codec_type == AVMEDIA_TYPE_VIDEO && !v &&
		    !(st->disposition & AV_DISPOSITION_ATTACHED_PIC))
			v = cp;
		else if (cp->codec_type == AVMEDIA_TYPE_AUDIO && !a)
			a = cp;
	}
	if (!v && !a)
		return;
	if (octet) {
		const char *t = type_of_demuxer(fc->iformat->name);
		if (!t)
			return;
		zf_strlcpy(out->media_type, t, sizeof(out->media_type));
	}
	if (!v && has_prefix(out->media_type, "video/")) {
		char t[sizeof(out->media_type)];
		/* "video/mp4" -> "audio/mp4": the same container, with sound only. */
		int len = snprintf(t, sizeof(t), "audio/%s", out->media_type + 6);
		if (len > 0 && (size_t)len < sizeof(t))
			zf_strlcpy(out->media_type, t, sizeof(out->media_type));
	}
	out->cls = v ? ZF_MEDIA_VIDEO : ZF_MEDIA_AUDIO;
	out->duration_ms = duration_ms_of(fc);
	if (v) {
		zf_strlcpy(out->video_codec, avcodec_get_name(v->codec_id), sizeof(out->video_codec));
		out->width = v->width > 0 ? v->width : 0;
		out->height = v->height > 0 ? v->height : 0;
	}
	if (a)
		zf_strlcpy(out->audio_codec, avcodec_get_name(a->codec_id), sizeof(out->audio_codec));
	playable = container_playable(out->media_type);
	if (v && !codec_playable(v->codec_id))
		playable = 0;
	if (a && !codec_playable(a->codec_id))
		playable = 0;
	out->browser_playable = playable;
}

/* Opens SRC with libavformat under the bounds above and reads its streams into
 * OUT. OCTET: the sniffed type was application/octet-stream, so only a
 * recognised container changes anything. Failures to open or parse leave OUT
 * as sniffed; only out-of-memory for the I/O context is an error. */
static int probe_av(struct source *src, int octet, struct zf_media_info *out, struct zf_err *err)
{
	AVFormatContext *fc = NULL;
	AVIOContext *pb = NULL;
	AVDictionary *opt = NULL;
	unsigned char *buf = NULL;
	int rc = ZF_ENOMEM;

	pthread_once(&log_once, log_quiet);
	if (!(buf = av_malloc(AVIO_BUF)))
		goto out;
	if (!(pb = avio_alloc_context(buf, AVIO_BUF, 0, src, src_read, NULL, src_seek))) {
		av_free(buf);
		goto out;
	}
	if (!(fc = avformat_alloc_context()))
		goto out;
	fc->pb = pb;
	fc->flags |= AVFMT_FLAG_CUSTOM_IO | AVFMT_FLAG_NOBUFFER;
	if (av_dict_set(&opt, "probesize", PROBE_BYTES, 0) < 0 ||
	    av_dict_set(&opt, "analyzeduration", ANALYZE_US, 0) < 0 ||
	    av_dict_set(&opt, "max_streams", MAX_STREAMS, 0) < 0 ||
	    av_dict_set(&opt, "format_whitelist", ZF_MEDIA_DEMUXERS, 0) < 0 ||
	    av_dict_set(&opt, "codec_whitelist", DECODERS, 0) < 0)
		goto out;
	rc = 0;
	/* avformat_open_input frees FC when it fails. */
	if (avformat_open_input(&fc, NULL, NULL, &opt) < 0)
		goto out;
	if (avformat_find_stream_info(fc, NULL) >= 0)
		read_streams(fc, octet, out);
out:
	if (rc)
		zf_err_set(err, rc, "内存不足，无法读取音视频信息");
	avformat_close_input(&fc);
	if (pb) {
		av_freep(&pb->buffer);
		avio_context_free(&pb);
	}
	av_dict_free(&opt);
	return rc;
}

/* Sniffs the N first bytes at HEAD, then probes SRC with libavformat when the
 * type is audio/video or unknown. */
static int probe(const void *head, size_t n, struct source *src, struct zf_media_info *out,
		 struct zf_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sniff(head, n, out, err)) != 0)
		return rc;
	out->cls = class_of(out->media_type);
	if (out->cls == ZF_MEDIA_AUDIO || out->cls == ZF_MEDIA_VIDEO)
		return probe_av(src, 0, out, err);
	if (strcmp(out->media_type, "application/octet-stream") == 0 && n > 0)
		return probe_av(src, 1, out, err);
	return 0;
}

int zf_media_probe_mem(const void *p, size_t n, struct zf_media_info *out, struct zf_err *err)
{
	struct source src = {.fd = -1, .mem = p, .len = (int64_t)n, .pos = 0};

	if (n > INT64_MAX)
		return zf_err_set(err, ZF_EINVAL, "文件过大");
	return probe(p, n < ZF_MEDIA_SNIFF_BYTES ? n : ZF_MEDIA_SNIFF_BYTES, &src, out, err);
}

int zf_media_probe(const char *path, uint64_t size, struct zf_media_info *out,
		   struct zf_err *err)
{
	struct source src = {.fd = -1, .mem = NULL, .len = 0, .pos = 0};
	size_t want = size < ZF_MEDIA_SNIFF_BYTES ? (size_t)size : ZF_MEDIA_SNIFF_BYTES;
	size_t got = 0;
	unsigned char *head = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (size > INT64_MAX) {
		rc = zf_err_set(err, ZF_EINVAL, "文件过大");
		goto out;
	}
	src.len = (int64_t)size;
	if ((src.fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = zf_err_set(err, ZF_ERROR, "无法打开文件：%s", strerror(errno));
		goto out;
	}
	if (!(head = malloc(want ? want : 1))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足，无法识别文件类型");
		goto out;
	}
	while (got < want) {
		ssize_t r = pread(src.fd, head + got, want - got, (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = zf_err_set(err, ZF_ERROR, "读取文件失败：%s", strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	/* A file shorter than the caller said is read as what it holds. */
	if (got < want)
		src.len = (int64_t)got;
	rc = probe(head, got, &src, out, err);
out:
	free(head);
	if (src.fd >= 0)
		close(src.fd);
	return rc;
}
