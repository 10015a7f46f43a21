/* Unit tests of the Merkle tree: RFC 6962 vectors, proofs generated and verified, stored-level reads, compact ranges, base64. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ledger/merkle.h"

/* ---- helpers ------------------------------------------------------------- */

static void unhex(const char *s, unsigned char *out)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v = 0;
		assert_int_equal(sscanf(s + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
}

static void assert_hash_hex(const zf_hash h, const char *hex)
{
	zf_hash want;
	unhex(hex, want);
	assert_memory_equal(h, want, ZF_HASH_LEN);
}

/* MTH(D[lo:hi]) straight from the RFC 6962 definition over leaf hashes. */
static void direct(const zf_hash *leaves, uint64_t lo, uint64_t hi, zf_hash out)
{
	zf_hash l, r;
	uint64_t n = hi - lo, k = 1;

	if (n == 1) {
		memcpy(out, leaves[lo], ZF_HASH_LEN);
		return;
	}
	while (k * 2 < n)
		k *= 2;
	direct(leaves, lo, lo + k, l);
	direct(leaves, lo + k, hi, r);
	assert_int_equal(zf_merkle_node(l, r, out), 0);
}

/* An in-memory hash store: the levels it keeps, filled by compact-range
 * EMIT; reads of any other level fail, so the tree code must derive them. */
struct store {
	int keep_all;       /* keep every level (a plain store), else multiples of 8 */
	size_t cap;         /* hashes per level */
	zf_hash *lv[64];    /* lv[level][idx] */
	unsigned char *set[64];
	uint64_t reads;
};

static void store_init(struct store *s, size_t cap, int keep_all)
{
	memset(s, 0, sizeof(*s));
	s->cap = cap;
	s->keep_all = keep_all;
}

static void store_free(struct store *s)
{
	for (int i = 0; i < 64; i++) {
		free(s->lv[i]);
		free(s->set[i]);
	}
}

static void store_emit(void *ctx, int level, uint64_t idx, const zf_hash h)
{
	struct store *s = ctx;

	if (!s->keep_all && level % 8)
		return;
	assert_true(level >= 0 && level < 64 && idx < s->cap);
	if (!s->lv[level]) {
		s->lv[level] = calloc(s->cap, ZF_HASH_LEN);
		s->set[level] = calloc(s->cap, 1);
		assert_non_null(s->lv[level]);
		assert_non_null(s->set[level]);
	}
	assert_int_equal(s->set[level][idx], 0); /* each subtree emitted once */
	memcpy(s->lv[level][idx], h, ZF_HASH_LEN);
	s->set[level][idx] = 1;
}

static int store_read(void *ctx, int level, uint64_t idx, zf_hash out)
{
	struct store *s = ctx;

	s->reads++;
	if (level < 0 || level >= 64 || !s->lv[level] || idx >= s->cap || !s->set[level][idx])
		return -1;
	memcpy(out, s->lv[level][idx], ZF_HASH_LEN);
	return 0;
}

/* Builds a store of N leaves (leaf i = hash of "leaf <i>") and their hashes. */
static zf_hash *build(struct store *s, size_t n, int keep_all, struct zf_compact *c)
{
	zf_hash *leaves = calloc(n ? n : 1, ZF_HASH_LEN);
	char e[32];

	assert_non_null(leaves);
	store_init(s, n ? n : 1, keep_all);
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		int len = snprintf(e, sizeof(e), "leaf %zu", i);
		assert_int_equal(zf_merkle_leaf(e, (size_t)len, leaves[i]), 0);
		assert_int_equal(zf_compact_append(c, leaves[i], store_emit, s), 0);
	}
	return leaves;
}

/* ---- the RFC 6962 reference tree (certificate-transparency test data) ---- */

static const char *const ct_inputs[8] = {
	"",
	"00",
	"10",
	"2021",
	"3031",
	"40414243",
	"5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};

static const char *const ct_roots[9] = {
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

struct ct_proof {
	uint64_t a, size;
	const char *path[3];
	size_t n;
};

static const struct ct_proof ct_inclusion[] = {
	{0, 1, {NULL}, 0},
	{0, 8,
	 {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
	 3},
	{5, 8,
	 {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
	 3},
	{2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}, 1},
	{1, 5,
	 {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"},
	 3},
};

static const struct ct_proof ct_consistency[] = {
	{1, 1, {NULL}, 0},
	{1, 8,
	 {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
	 3},
	{6, 8,
	 {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
	  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
	 3},
	{2, 5,
	 {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"},
	 2},
};

/* The reference tree in a store that keeps every level. */
static void ct_tree(struct store *s, zf_hash leaves[8])
{
	struct zf_compact c = {0};
	unsigned char in[16];

	store_init(s, 8, 1);
	for (int i = 0; i < 8; i++) {
		size_t n = strlen(ct_inputs[i]) / 2;
		unhex(ct_inputs[i], in);
		assert_int_equal(zf_merkle_leaf(in, n, leaves[i]), 0);
		assert_int_equal(zf_compact_append(&c, leaves[i], store_emit, s), 0);
	}
}

static void rfc6962_roots(void **state)
{
	(void)state;
	struct store s;
	zf_hash leaves[8], h;
	struct zf_compact c = {0};

	zf_merkle_empty(h);
	assert_hash_hex(h, ct_roots[0]);
	ct_tree(&s, leaves);
	for (uint64_t n = 0; n <= 8; n++) {
		assert_int_equal(zf_merkle_root(store_read, &s, n, h), 0);
		assert_hash_hex(h, ct_roots[n]);
		assert_int_equal(zf_compact_root(&c, h), 0);
		assert_hash_hex(h, ct_roots[n]);
		if (n < 8)
			assert_int_equal(zf_compact_append(&c, leaves[n], NULL, NULL), 0);
	}
	/* The leaf hash of the empty entry is the size-1 root; the node prefix is 0x01. */
	assert_int_equal(zf_merkle_leaf("", 0, h), 0);
	assert_hash_hex(h, ct_roots[1]);
	assert_int_equal(zf_merkle_node(leaves[0], leaves[1], h), 0);
	assert_hash_hex(h, ct_roots[2]);
	store_free(&s);
}

/* Checks the N generated hashes of PATH against P's and decodes P's into WANT. */
static void expect_path(zf_hash *path, size_t n, const struct ct_proof *p, zf_hash want[3])
{
	assert_int_equal(n, p->n);
	for (size_t j = 0; j < n; j++) {
		assert_hash_hex(path[j], p->path[j]);
		unhex(p->path[j], want[j]);
	}
}

static void rfc6962_proofs(void **state)
{
	(void)state;
	struct store s;
	zf_hash leaves[8], path[ZF_PROOF_MAX], want[3], old_root, root;
	size_t n;

	ct_tree(&s, leaves);
	for (size_t i = 0; i < sizeof(ct_inclusion) / sizeof(ct_inclusion[0]); i++) {
		const struct ct_proof *p = &ct_inclusion[i];
		assert_int_equal(zf_merkle_prove_inclusion(store_read, &s, p->a, p->size, path, &n), 0);
		expect_path(path, n, p, want);
		unhex(ct_roots[p->size], root);
		assert_int_equal(
			zf_merkle_verify_inclusion(p->a, p->size, leaves[p->a], (const zf_hash *)want, p->n, root),
			1);
	}
	for (size_t i = 0; i < sizeof(ct_consistency) / sizeof(ct_consistency[0]); i++) {
		const struct ct_proof *p = &ct_consistency[i];
		assert_int_equal(zf_merkle_prove_consistency(store_read, &s, p->a, p->size, path, &n), 0);
		expect_path(path, n, p, want);
		unhex(ct_roots[p->a], old_root);
		unhex(ct_roots[p->size], root);
		assert_int_equal(zf_merkle_verify_consistency(p->a, p->size, old_root, root,
							      (const zf_hash *)want, p->n),
				 1);
	}
	store_free(&s);
}

/* ---- every proof up to 64 leaves, and every single-bit corruption -------- */

/* The bits flipped in each hash: FLIP_BIT(k) for k below FLIPS. The release
 * build flips every bit. Under ASan (several times slower here) one
 * bit of each byte, its position moving from byte to byte: a flipped bit
 * changes the data the verifier hashes, not the memory it touches, which is
 * what ASan watches; every byte still has to count. */
#ifdef __SANITIZE_ADDRESS__
#define FLIPS ZF_HASH_LEN
#define FLIP_BIT(k) ((k) * 8 + (k) % 8)
#else
#define FLIPS (8 * ZF_HASH_LEN)
#define FLIP_BIT(k) (k)
#endif

/* 1 when flipping any one bit of the proof, the leaf or either root fails. */
static void inclusion_bits_rejected(uint64_t i, uint64_t size, zf_hash leaf, zf_hash *path,
				    size_t n, zf_hash root)
{
	for (size_t j = 0; j <= n + 1; j++) {
		unsigned char *h = j < n ? path[j] : j == n ? leaf : root;
		for (int k = 0; k < FLIPS; k++) {
			int bit = FLIP_BIT(k);
			h[bit / 8] ^= (unsigned char)(1u << (bit % 8));
			int ok = zf_merkle_verify_inclusion(i, size, leaf, (const zf_hash *)path, n, root);
			h[bit / 8] ^= (unsigned char)(1u << (bit % 8));
			if (ok)
				fail_msg("inclusion %llu/%llu accepted with hash %zu bit %d flipped",
					 (unsigned long long)i, (unsigned long long)size, j, bit);
		}
	}
}

static void consistency_bits_rejected(uint64_t old, uint64_t size, zf_hash old_root,
				      zf_hash *path, size_t n, zf_hash root)
{
	for (size_t j = 0; j <= n + 1; j++) {
		unsigned char *h = j < n ? path[j] : j == n ? old_root : root;
		for (int k = 0; k < FLIPS; k++) {
			int bit = FLIP_BIT(k);
			h[bit / 8] ^= (unsigned char)(1u << (bit % 8));
			int ok = zf_merkle_verify_consistency(old, size, old_root, root,
							      (const zf_hash *)path, n);
			h[bit / 8] ^= (unsigned char)(1u << (bit % 8));
			if (ok)
				fail_msg("consistency %llu->%llu accepted with hash %zu bit %d flipped",
					 (unsigned long long)old, (unsigned long long)size, j, bit);
		}
	}
}

static void all_inclusion_proofs(void **state)
{
	(void)state;
	struct store s;
	struct zf_compact c;
	zf_hash *leaves = build(&s, 64, 0, &c);
	zf_hash path[ZF_PROOF_MAX + 1], root, other;
	size_t n;

	for (uint64_t size = 1; size <= 64; size++) {
		direct(leaves, 0, size, root);
		for (uint64_t i = 0; i < size; i++) {
			assert_int_equal(zf_merkle_prove_inclusion(store_read, &s, i, size, path, &n), 0);
			assert_int_equal(zf_merkle_verify_inclusion(i, size, leaves[i],
								    (const zf_hash *)path, n, root),
					 1);
			inclusion_bits_rejected(i, size, leaves[i], path, n, root);
			/* The right proof for the wrong position, size or leaf fails. */
			for (uint64_t k = 0; k < size; k++)
				if (k != i)
					assert_int_equal(zf_merkle_verify_inclusion(k, size, leaves[i],
										    (const zf_hash *)path, n, root),
							 0);
			/* (The same path may fit a larger tree's shape: the root of that
			 * tree is what it must not reach.) */
			if (size < 64) {
				direct(leaves, 0, size + 1, other);
				assert_int_equal(zf_merkle_verify_inclusion(i, size + 1, leaves[i],
									    (const zf_hash *)path, n, other),
						 0);
			}
			assert_int_equal(zf_merkle_verify_inclusion(size, size, leaves[i],
								    (const zf_hash *)path, n, root),
					 0);
			/* One hash short or one too many fails. */
			if (n > 0)
				assert_int_equal(zf_merkle_verify_inclusion(i, size, leaves[i],
									    (const zf_hash *)path, n - 1, root),
						 0);
			memset(path[n], 0xab, ZF_HASH_LEN);
			assert_int_equal(zf_merkle_verify_inclusion(i, size, leaves[i],
								    (const zf_hash *)path, n + 1, root),
					 0);
			if (size > 1) {
				direct(leaves, 0, size - 1, other);
				assert_int_equal(zf_merkle_verify_inclusion(i, size, leaves[i],
									    (const zf_hash *)path, n, other),
						 0);
			}
		}
	}
	assert_int_equal(zf_merkle_prove_inclusion(store_read, &s, 5, 5, path, &n), -1);
	free(leaves);
	store_free(&s);
}

static void all_consistency_proofs(void **state)
{
	(void)state;
	struct store s;
	struct zf_compact c;
	zf_hash *leaves = build(&s, 64, 0, &c);
	zf_hash path[ZF_PROOF_MAX + 1], roots[65];
	size_t n;

	zf_merkle_empty(roots[0]);
	for (uint64_t size = 1; size <= 64; size++)
		direct(leaves, 0, size, roots[size]);
	for (uint64_t size = 1; size <= 64; size++) {
		for (uint64_t old = 1; old <= size; old++) {
			assert_int_equal(zf_merkle_prove_consistency(store_read, &s, old, size, path, &n), 0);
			assert_int_equal(zf_merkle_verify_consistency(old, size, roots[old], roots[size],
								      (const zf_hash *)path, n),
					 1);
			if (old == size) {
				assert_int_equal(n, 0);
				/* Equal sizes with different roots, or any path, fail. */
				assert_int_equal(zf_merkle_verify_consistency(old, size, roots[old - 1],
									      roots[size], NULL, 0),
						 0);
				memset(path[0], 0, ZF_HASH_LEN);
				assert_int_equal(zf_merkle_verify_consistency(old, size, roots[old],
									      roots[size],
									      (const zf_hash *)path, 1),
						 0);
				continue;
			}
			consistency_bits_rejected(old, size, roots[old], path, n, roots[size]);
			/* Other sizes, a short or a long path fail. */
			if (old > 1)
				assert_int_equal(zf_merkle_verify_consistency(old - 1, size, roots[old - 1],
									      roots[size],
									      (const zf_hash *)path, n),
						 0);
			if (size < 64)
				assert_int_equal(zf_merkle_verify_consistency(old, size + 1, roots[old],
									      roots[size + 1],
									      (const zf_hash *)path, n),
						 0);
			assert_int_equal(zf_merkle_verify_consistency(old, size, roots[old], roots[size],
								      (const zf_hash *)path, n - 1),
					 0);
			memset(path[n], 0xcd, ZF_HASH_LEN);
			assert_int_equal(zf_merkle_verify_consistency(old, size, roots[old], roots[size],
								      (const zf_hash *)path, n + 1),
					 0);
			assert_int_equal(zf_merkle_verify_consistency(old, size, roots[old], roots[size],
								      NULL, 0),
					 0);
			assert_int_equal(zf_merkle_verify_consistency(size, old, roots[size], roots[old],
								      (const zf_hash *)path, n),
					 0);
		}
		/* From the empty tree: only the empty hash with no path. */
		assert_int_equal(zf_merkle_verify_consistency(0, size, roots[0], roots[size], NULL, 0), 1);
		assert_int_equal(zf_merkle_verify_consistency(0, size, roots[1], roots[size], NULL, 0), 0);
		assert_int_equal(zf_merkle_verify_consistency(0, size, roots[0], roots[size],
							      (const zf_hash *)roots, 1),
				 0);
	}
	assert_int_equal(zf_merkle_prove_consistency(store_read, &s, 0, 4, path, &n), -1);
	assert_int_equal(zf_merkle_prove_consistency(store_read, &s, 5, 4, path, &n), -1);
	free(leaves);
	store_free(&s);
}

/* ---- a store keeping only the tile levels -------------------------------- */

static void stored_levels(void **state)
{
	(void)state;
	struct store s;
	struct zf_compact c;
	const uint64_t big = 70000;
	zf_hash *leaves = build(&s, big, 0, &c);
	zf_hash got, want, path[ZF_PROOF_MAX];
	size_t n;
	const uint64_t sizes[] = {1, 2, 255, 256, 257, 511, 512, 513, 65535, 65536, 65537, 69999, 70000};

	/* Only levels 0, 8 and 16 were kept. */
	for (int l = 0; l < 64; l++)
		assert_true((s.lv[l] != NULL) == (l == 0 || l == 8 || l == 16));
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		direct(leaves, 0, sizes[i], want);
		assert_int_equal(zf_merkle_root(store_read, &s, sizes[i], got), 0);
		assert_memory_equal(got, want, ZF_HASH_LEN);
	}
	/* Spot checks at pseudo-random sizes: the root and a proof of a leaf. */
	uint64_t x = 88172645463325252ull;
	for (int t = 0; t < 12; t++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint64_t size = 1 + x % big, idx = (x >> 20) % size;
		direct(leaves, 0, size, want);
		assert_int_equal(zf_merkle_root(store_read, &s, size, got), 0);
		assert_memory_equal(got, want, ZF_HASH_LEN);
		assert_int_equal(zf_merkle_prove_inclusion(store_read, &s, idx, size, path, &n), 0);
		assert_int_equal(
			zf_merkle_verify_inclusion(idx, size, leaves[idx], (const zf_hash *)path, n, want), 1);
		uint64_t old = 1 + (x >> 40) % size;
		zf_hash old_root;
		direct(leaves, 0, old, old_root);
		assert_int_equal(zf_merkle_prove_consistency(store_read, &s, old, size, path, &n), 0);
		assert_int_equal(
			zf_merkle_verify_consistency(old, size, old_root, want, (const zf_hash *)path, n), 1);
	}
	/* Complete subtrees at levels that are not stored are combined, at the
	 * cost of 2^(level % 8) reads of the level below. */
	for (int level = 1; level <= 16; level++) {
		uint64_t lo = level < 16 ? (uint64_t)1 << level : 0;
		uint64_t hi = lo + ((uint64_t)1 << level);
		direct(leaves, lo, hi, want);
		s.reads = 0;
		assert_int_equal(zf_merkle_range(store_read, &s, lo, hi, got), 0);
		assert_memory_equal(got, want, ZF_HASH_LEN);
		assert_int_equal(s.reads, (uint64_t)1 << (level % 8));
	}
	/* A range the recursion produces, unaligned on the right. */
	direct(leaves, 65536, 69999, want);
	assert_int_equal(zf_merkle_range(store_read, &s, 65536, 69999, got), 0);
	assert_memory_equal(got, want, ZF_HASH_LEN);
	/* Past the stored tree, or an empty range, the read fails. */
	assert_int_equal(zf_merkle_root(store_read, &s, big + 1, got), -1);
	assert_int_equal(zf_merkle_range(store_read, &s, 5, 5, got), -1);
	free(leaves);
	store_free(&s);
}

/* ---- compact ranges ------------------------------------------------------- */

static void compact_ranges(void **state)
{
	(void)state;
	struct store s;
	struct zf_compact c, d;
	zf_hash *leaves = build(&s, 1000, 1, &c);
	zf_hash got, want;
	char text[64 * 45 + 32];

	memset(&c, 0, sizeof(c));
	assert_int_equal(zf_compact_root(&c, got), 0);
	zf_merkle_empty(want);
	assert_memory_equal(got, want, ZF_HASH_LEN);
	for (uint64_t size = 1; size <= 1000; size++) {
		assert_int_equal(zf_compact_append(&c, leaves[size - 1], NULL, NULL), 0);
		assert_int_equal(c.size, size);
		assert_int_equal(c.n, __builtin_popcountll(size));
		assert_int_equal(zf_compact_root(&c, got), 0);
		/* The store got every complete subtree: the root reads back equal. */
		assert_int_equal(zf_merkle_root(store_read, &s, size, want), 0);
		assert_memory_equal(got, want, ZF_HASH_LEN);
		if (size % 37 == 0 || size < 70) {
			direct(leaves, 0, size, want);
			assert_memory_equal(got, want, ZF_HASH_LEN);
		}
		assert_int_equal(zf_compact_encode(&c, text, sizeof(text)), 0);
		assert_int_equal(zf_compact_decode(text, &d), 0);
		assert_int_equal(d.size, c.size);
		assert_int_equal(d.n, c.n);
		assert_memory_equal(d.h, c.h, (size_t)c.n * ZF_HASH_LEN);
	}
	/* Every emitted subtree is the right one: check each stored level. */
	for (int l = 0; l < 10; l++)
		for (uint64_t i = 0; i < (1000u >> l); i++) {
			assert_int_equal(store_read(&s, l, i, got), 0);
			direct(leaves, i << l, (i + 1) << l, want);
			assert_memory_equal(got, want, ZF_HASH_LEN);
		}
	assert_int_equal(store_read(&s, 10, 0, got), -1); /* 1024 > 1000: not complete */

	/* Encoding: "0" for the empty range; a short buffer fails. */
	memset(&d, 0, sizeof(d));
	assert_int_equal(zf_compact_encode(&d, text, sizeof(text)), 0);
	assert_string_equal(text, "0");
	assert_int_equal(zf_compact_decode("0", &d), 0);
	assert_int_equal(d.size, 0);
	assert_int_equal(zf_compact_encode(&c, text, 100), -1);
	/* Decoding refuses anything but the canonical text. */
	assert_int_equal(zf_compact_encode(&c, text, sizeof(text)), 0);
	char bad[sizeof(text) + 8];
	snprintf(bad, sizeof(bad), "%s ", text);
	assert_int_equal(zf_compact_decode(bad, &d), -1); /* trailing space */
	snprintf(bad, sizeof(bad), "0%s", text);
	assert_int_equal(zf_compact_decode(bad, &d), -1); /* leading zero */
	snprintf(bad, sizeof(bad), "%s", text);
	bad[2] = '9'; /* 1000 -> 1090: wrong hash count (popcount differs) */
	assert_int_equal(zf_compact_decode(bad, &d), -1);
	snprintf(bad, sizeof(bad), "%s", text);
	bad[strlen(bad) - 45] = '\t';
	assert_int_equal(zf_compact_decode(bad, &d), -1);
	snprintf(bad, sizeof(bad), "%s", text);
	bad[strlen(bad) - 2] = '!';
	assert_int_equal(zf_compact_decode(bad, &d), -1);
	assert_int_equal(zf_compact_decode("", &d), -1);
	assert_int_equal(zf_compact_decode("1", &d), -1);
	assert_int_equal(zf_compact_decode("-1", &d), -1);
	assert_int_equal(zf_compact_decode("18446744073709551616", &d), -1);
	free(leaves);
	store_free(&s);
}

/* ---- base64 --------------------------------------------------------------- */

static void base64(void **state)
{
	(void)state;
	zf_hash h, back;
	char s[45], out[64];
	unsigned char bytes[64];
	size_t n;

	unhex(ct_roots[8], h);
	zf_hash_b64(h, s);
	assert_string_equal(s, "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=");
	assert_int_equal(zf_hash_from_b64(s, back), 0);
	assert_memory_equal(back, h, ZF_HASH_LEN);
	/* Wrong length, bad characters, white space, non-canonical last bits. */
	assert_int_equal(zf_hash_from_b64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg", back), -1);
	assert_int_equal(zf_hash_from_b64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg==", back), -1);
	assert_int_equal(zf_hash_from_b64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz-Nw7_RgQyg=", back), -1);
	assert_int_equal(zf_hash_from_b64(" XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQy=", back), -1);
	assert_int_equal(zf_hash_from_b64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=", back), -1);
	assert_int_equal(zf_hash_from_b64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQ=g=", back), -1);

	/* General lengths 0..5 round trip; RFC 4648 §10 vectors. */
	const char *const vec[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
	for (int i = 0; i < 7; i++) {
		assert_int_equal(zf_b64_encode("foobar", (size_t)i, out, sizeof(out)), (int)strlen(vec[i]));
		assert_string_equal(out, vec[i]);
		assert_int_equal(zf_b64_decode(vec[i], strlen(vec[i]), bytes, sizeof(bytes), &n), 0);
		assert_int_equal(n, (size_t)i);
		assert_memory_equal(bytes, "foobar", n);
	}
	assert_int_equal(zf_b64_encode("foobar", 6, out, 8), -1); /* no room for the NUL */
	assert_int_equal(zf_b64_decode("Zm9vYmFy", 8, bytes, 5, &n), -1);
	assert_int_equal(zf_b64_decode("Zm9vYg==", 8, bytes, 4, &n), 0); /* padding needs no room */
	assert_int_equal(zf_b64_decode("Zm9vYh==", 8, bytes, sizeof(bytes), &n), -1);
	assert_int_equal(zf_b64_decode("Zm9vY===", 8, bytes, sizeof(bytes), &n), -1);
	assert_int_equal(zf_b64_decode("Zm9=Zm9v", 8, bytes, sizeof(bytes), &n), -1);
	assert_int_equal(zf_b64_decode("Zm9vYmF", 7, bytes, sizeof(bytes), &n), -1);
	assert_int_equal(zf_b64_decode("Zm9v\nYmF", 8, bytes, sizeof(bytes), &n), -1);

	/* Every quantum over characters at the alphabet's edges and beyond: a
	 * decoded quantum re-encodes to itself (so only canonical text passes). */
	const char edge[] = "ABZaz09+/=-_ \x80\x7f@[`{";
	const size_t ne = sizeof(edge) - 1;
	for (size_t i = 0; i < ne * ne * ne * ne; i++) {
		char q[5] = {edge[i % ne], edge[i / ne % ne], edge[i / ne / ne % ne],
			     edge[i / ne / ne / ne], 0};
		if (zf_b64_decode(q, 4, bytes, sizeof(bytes), &n) == 0) {
			assert_true(n >= 1 && n <= 3);
			assert_int_equal(zf_b64_encode(bytes, n, out, sizeof(out)), 4);
			assert_string_equal(out, q);
		}
	}
	/* Every one-byte string and many two- and three-byte ones round trip. */
	for (unsigned v = 0; v < 65536 + 256; v++) {
		unsigned char in[3] = {(unsigned char)(v >> 8), (unsigned char)v, (unsigned char)(v * 7)};
		size_t len = v < 256 ? 1 : v % 2 ? 2 : 3;
		if (v < 256)
			in[0] = (unsigned char)v;
		assert_int_equal(zf_b64_encode(in, len, out, sizeof(out)), 4);
		assert_int_equal(zf_b64_decode(out, 4, bytes, sizeof(bytes), &n), 0);
		assert_int_equal(n, len);
		assert_memory_equal(bytes, in, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc6962_roots),
		cmocka_unit_test(rfc6962_proofs),
		cmocka_unit_test(all_inclusion_proofs),
		cmocka_unit_test(all_consistency_proofs),
		cmocka_unit_test(stored_levels),
		cmocka_unit_test(compact_ranges),
		cmocka_unit_test(base64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
