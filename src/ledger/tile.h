/* C2SP tlog-tiles: tile paths, tile contents, entry bundles. Pure: no I/O. */
#ifndef ZF_LEDGER_TILE_H
#define ZF_LEDGER_TILE_H
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define ZF_TILE_WIDTH 256
#define ZF_ENTRY_MAX 65535

/* A tile address: level 0..63 ("entries" = -1), index, width 1..256 (256 = full). */
struct zf_tile {
	int level;
	uint64_t n;
	int width;
};

/* Parses the part of a path after "tile/": "<L>/<N>[.p/<W>]" or
 * "entries/<N>[.p/<W>]" with the x001/x234/067 encoding of N. 0 or -1 for
 * anything not exactly canonical (leading zeros wrong, W out of range, ...). */
int zf_tile_parse(const char *path, struct zf_tile *out);

/* Formats T as such a path (without "tile/") into OUT. */
int zf_tile_path(const struct zf_tile *t, char *out, size_t n);

/* The width of tile (LEVEL, N) in the tree of SIZE leaves: 256 for a full
 * tile, 1..255 for the partial tile at the right edge, 0 when the tree has no
 * such tile. LEVEL -1 (entries) counts like level 0. */
int zf_tile_width(int level, uint64_t n, uint64_t size);

/* Appends ENTRY as a big-endian uint16 length-prefixed record to an entry
 * bundle in B. ZF_EINVAL when longer than ZF_ENTRY_MAX. */
int zf_bundle_add(struct zf_buf *b, const void *entry, size_t n);

/* Iterates a bundle: *POS starts at 0; each call gives the next entry
 * (pointer into DATA, length). 1 for an entry, 0 at the end, -1 when malformed. */
int zf_bundle_next(const unsigned char *data, size_t len, size_t *pos, const unsigned char **entry,
		   size_t *elen);

#endif
