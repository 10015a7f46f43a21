/* What media.c (probing) and media_preview.c (ffmpeg) share: the demuxers evidence files may be read with. */
#ifndef ZF_BLOB_MEDIA_INT_H
#define ZF_BLOB_MEDIA_INT_H

/* libavformat demuxers allowed on evidence bytes, both in-process (probe)
 * and in the ffmpeg child (preview): the containers cameras, recorders and
 * phones write. Playlist and reference formats (hls, concat, dash...) are
 * out, so a crafted file cannot make either read other files. */
#define ZF_MEDIA_DEMUXERS                                                                  \
	"mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,ogg,mp3,wav,w64,flac,aac,aiff,amr,avi,flv," \
	"mpegts,mpeg,asf"

#endif
