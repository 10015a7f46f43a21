/* libFuzzer harness for the media probe (blob/media.c): libmagic sniffing and libavformat probing of untrusted bytes from memory; checks the promises of struct zf_media_info on every input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blob/media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s, size_t cap)
{
	if (strnlen(s, cap) >= cap)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zf_media_info mi;
	struct zf_err err;

	zf_err_clear(&err);
	if (zf_media_probe_mem(data, size, &mi, &err) != 0) {
		if (!err.msg[0])
			abort();
		return 0;
	}
	check_str(mi.media_type, sizeof(mi.media_type));
	check_str(mi.video_codec, sizeof(mi.video_codec));
	check_str(mi.audio_codec, sizeof(mi.audio_codec));
	if (!strchr(mi.media_type, '/') || mi.cls < ZF_MEDIA_OTHER || mi.cls > ZF_MEDIA_DOCUMENT)
		abort();
	if (mi.duration_ms < 0 || mi.width < 0 || mi.height < 0)
		abort();
	/* Only timed media carry codecs, and only what plays is playable. */
	if (mi.cls != ZF_MEDIA_AUDIO && mi.cls != ZF_MEDIA_VIDEO &&
	    (mi.video_codec[0] || mi.audio_codec[0] || mi.browser_playable))
		abort();
	if (mi.browser_playable && !mi.video_codec[0] && !mi.audio_codec[0])
		abort();
	return 0;
}
