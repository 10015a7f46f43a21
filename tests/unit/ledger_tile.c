/* Unit tests of tlog-tiles paths, tile widths and entry bundles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ledger/tile.h"
#include "util/buf.h"

/* Parses PATH, checks it gives (LEVEL, N, WIDTH) and formats back to PATH. */
static void round_trip(const char *path, int level, uint64_t n, int width)
{
	struct zf_tile t;
	char back[128];

	if (zf_tile_parse(path, &t))
		fail_msg("%s refused", path);
	assert_int_equal(t.level, level);
	assert_int_equal(t.n, n);
	assert_int_equal(t.width, width);
	assert_int_equal(zf_tile_path(&t, back, sizeof(back)), 0);
	assert_string_equal(back, path);
}

static void paths(void **state)
{
	(void)state;
	round_trip("0/000", 0, 0, 256);
	round_trip("0/001", 0, 1, 256);
	round_trip("0/999", 0, 999, 256);
	round_trip("0/x001/000", 0, 1000, 256);
	round_trip("0/x001/x234/067", 0, 1234067, 256);
	round_trip("1/x001/x234/067.p/8", 1, 1234067, 8);
	round_trip("63/005.p/255", 63, 5, 255);
	round_trip("2/000.p/1", 2, 0, 1);
	round_trip("entries/x001/x234/067", -1, 1234067, 256);
	round_trip("entries/273.p/112", -1, 273, 112);
	round_trip("0/x018/x446/x744/x073/x709/x551/615", 0, UINT64_MAX, 256);

	struct zf_tile t = {0, 1234067, 256};
	char out[64];
	assert_int_equal(zf_tile_path(&t, out, sizeof(out)), 0);
	assert_string_equal(out, "0/x001/x234/067");
	assert_int_equal(zf_tile_path(&t, out, 15), -1); /* one byte short */
	assert_int_equal(zf_tile_path(&t, out, 16), 0);
	t.width = 0;
	assert_int_equal(zf_tile_path(&t, out, sizeof(out)), -1);
	t.width = 257;
	assert_int_equal(zf_tile_path(&t, out, sizeof(out)), -1);
	t.width = 256;
	t.level = 64;
	assert_int_equal(zf_tile_path(&t, out, sizeof(out)), -1);
}

static void bad_paths(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"0",
		"0/",
		"0/1234067",            /* x-less */
		"0/001/234/067",        /* elements without x */
		"0/x001/x234/x067",     /* the last element with x */
		"0/x001x234/067",       /* no separator */
		"0/67",                 /* not three digits */
		"0/0067",               /* four digits */
		"0/x000/067",           /* a leading zero element */
		"0/x000/x001/067",
		"00/000",               /* leading zero in L */
		"01/000",
		"64/000",               /* L out of range */
		"100/000",
		"-1/000",
		"+1/000",
		"0/000.p/0",            /* W = 0 */
		"0/000.p/256",          /* W = 256: a full tile has no .p */
		"0/000.p/01",           /* leading zero in W */
		"0/000.p/",
		"0/000.p/1/",
		"0/000.p/1x",
		"0/000/",
		"0/000 ",
		"0/000.p/-1",
		"entries/",
		"entries/1234067",
		"entries/x000/001",
		"entry/000",
		"data/000",
		"8/0/000",              /* the sumdb form with a height */
		"0/x018/x446/x744/x073/x709/x551/616", /* past 2^64 - 1 */
		"0/x001/x018/x446/x744/x073/x709/x551/615",
		"0/x01a/000",
		"/0/000",
	};
	struct zf_tile t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (zf_tile_parse(bad[i], &t) == 0)
			fail_msg("accepted %s", bad[i]);
}

/* The tiles of a tree of SIZE leaves, one path a line, level by level. */
static void tile_list(uint64_t size, struct zf_buf *b)
{
	char path[64];

	for (int level = 0; level <= 63; level++) {
		for (uint64_t n = 0;; n++) {
			struct zf_tile t = {level, n, zf_tile_width(level, n, size)};
			if (t.width == 0)
				break;
			assert_int_equal(zf_tile_path(&t, path, sizeof(path)), 0);
			assert_int_equal(zf_buf_printf(b, "%s\n", path), 0);
		}
	}
}

static void widths(void **state)
{
	(void)state;
	struct zf_buf b, want;

	/* The worked example of tlog-tiles: 70,000 entries have 273 full
	 * level-0 tiles, one of width 112, a full level-1 tile, one of width
	 * 17, and one level-2 tile of width 1. */
	zf_buf_init(&b, 0);
	zf_buf_init(&want, 0);
	tile_list(70000, &b);
	for (int n = 0; n < 273; n++)
		zf_buf_printf(&want, "0/%03d\n", n);
	zf_buf_puts(&want, "0/273.p/112\n1/000\n1/001.p/17\n2/000.p/1\n");
	assert_string_equal(zf_buf_cstr(&b), zf_buf_cstr(&want));
	zf_buf_free(&b);
	zf_buf_free(&want);

	assert_int_equal(zf_tile_width(0, 0, 0), 0);
	assert_int_equal(zf_tile_width(-1, 0, 1), 1);
	assert_int_equal(zf_tile_width(-1, 0, 256), 256);
	assert_int_equal(zf_tile_width(-1, 1, 256), 0);
	assert_int_equal(zf_tile_width(1, 0, 255), 0);
	assert_int_equal(zf_tile_width(1, 0, 256), 1);
	assert_int_equal(zf_tile_width(1, 0, 511), 1);
	assert_int_equal(zf_tile_width(1, 0, 512), 2);
	assert_int_equal(zf_tile_width(0, 1234067, 1234067ull * 256 + 5), 5);
	assert_int_equal(zf_tile_width(7, 0, UINT64_MAX), 255);
	assert_int_equal(zf_tile_width(8, 0, UINT64_MAX), 0);
	assert_int_equal(zf_tile_width(0, UINT64_MAX, UINT64_MAX), 0);
	assert_int_equal(zf_tile_width(64, 0, UINT64_MAX), 0);
	assert_int_equal(zf_tile_width(-2, 0, UINT64_MAX), 0);
}

static void bundles(void **state)
{
	(void)state;
	struct zf_buf b;
	const unsigned char *e;
	size_t pos = 0, n;
	char *big = malloc(ZF_ENTRY_MAX + 1);

	assert_non_null(big);
	memset(big, 'z', ZF_ENTRY_MAX + 1);
	zf_buf_init(&b, 0);
	assert_int_equal(zf_bundle_add(&b, "hello", 5), 0);
	assert_int_equal(zf_bundle_add(&b, "", 0), 0);
	assert_int_equal(zf_bundle_add(&b, big, ZF_ENTRY_MAX), 0);
	assert_int_equal(zf_bundle_add(&b, big, ZF_ENTRY_MAX + 1), ZF_EINVAL);
	assert_int_equal(b.len, 2 + 5 + 2 + 2 + ZF_ENTRY_MAX);
	assert_memory_equal(b.data, "\x00\x05hello\x00\x00\xff\xff", 11);

	const unsigned char *d = (const unsigned char *)b.data;
	assert_int_equal(zf_bundle_next(d, b.len, &pos, &e, &n), 1);
	assert_int_equal(n, 5);
	assert_memory_equal(e, "hello", 5);
	assert_int_equal(zf_bundle_next(d, b.len, &pos, &e, &n), 1);
	assert_int_equal(n, 0);
	assert_int_equal(zf_bundle_next(d, b.len, &pos, &e, &n), 1);
	assert_int_equal(n, ZF_ENTRY_MAX);
	assert_memory_equal(e, big, ZF_ENTRY_MAX);
	assert_int_equal(zf_bundle_next(d, b.len, &pos, &e, &n), 0);
	assert_int_equal(zf_bundle_next(d, b.len, &pos, &e, &n), 0);

	/* Truncated: a lone length byte, or a length past the end. */
	pos = 0;
	assert_int_equal(zf_bundle_next(d, 1, &pos, &e, &n), -1);
	pos = 0;
	assert_int_equal(zf_bundle_next(d, 6, &pos, &e, &n), -1);
	pos = 0;
	assert_int_equal(zf_bundle_next(d, 8, &pos, &e, &n), 1);
	assert_int_equal(zf_bundle_next(d, 8, &pos, &e, &n), -1);
	pos = 100;
	assert_int_equal(zf_bundle_next(d, 8, &pos, &e, &n), -1);
	zf_buf_free(&b);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paths),
		cmocka_unit_test(bad_paths),
		cmocka_unit_test(widths),
		cmocka_unit_test(bundles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
