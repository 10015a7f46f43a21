/* What a stored file is: its media type sniffed from the bytes (libmagic, never the client's word) and, for audio and video, duration, codecs and frame size read with libavformat; whether Chromium plays it as is; the browser preview made with Debian's ffmpeg. */
#ifndef ZF_BLOB_MEDIA_H
#define ZF_BLOB_MEDIA_H
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Files above this are not handed to libmagic/libavformat as a whole:
 * libmagic reads only the first ZF_MEDIA_SNIFF_BYTES; libavformat probes
 * with bounded probesize/analyzeduration. */
#define ZF_MEDIA_SNIFF_BYTES ((size_t)1 << 20)

enum zf_media_class { ZF_MEDIA_OTHER = 0, ZF_MEDIA_IMAGE, ZF_MEDIA_AUDIO, ZF_MEDIA_VIDEO,
		      ZF_MEDIA_DOCUMENT };

struct zf_media_info {
	char media_type[128];      /* e.g. "video/mp4", "image/jpeg", "application/pdf" */
	int cls;                   /* enum zf_media_class */
	int64_t duration_ms;       /* 0 when unknown or not timed */
	char video_codec[32];      /* libavformat/libavcodec names: "h264", "hevc", "" */
	char audio_codec[32];      /* "aac", "opus", "" */
	int width, height;
	int browser_playable;      /* 1 when Chromium plays the container and codecs as they are */
};

/* Sniffs and probes the file PATH of SIZE bytes into *OUT. A file libmagic
 * cannot type is application/octet-stream (class OTHER); an audio/video
 * file libavformat cannot open keeps its sniffed type with no duration.
 * Never trusts names or client claims. 0, or an error in ERR for I/O
 * failures. Thread-safe. */
int zf_media_probe(const char *path, uint64_t size, struct zf_media_info *out,
		   struct zf_err *err);

/* The same from memory (P, N bytes): for the fuzz harness and tests. */
int zf_media_probe_mem(const void *p, size_t n, struct zf_media_info *out, struct zf_err *err);

/* Makes a browser preview of the video SRC into the new file DST: H.264
 * + AAC in MP4 (faststart), at most 1280 pixels wide, by running Debian's
 * ffmpeg (found on PATH, or ZF_FFMPEG) with a time limit of TIMEOUT_S
 * seconds. DST is removed on failure. ZF_ENOTSUP when ffmpeg is missing. */
int zf_media_preview(const char *src, const char *dst, int timeout_s, struct zf_err *err);

#endif
