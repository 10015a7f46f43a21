/* RFC 6962 / RFC 9162 Merkle tree over SHA-256: hashes, roots from stored subtrees, proofs, compact range. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "ledger/merkle.h"
#include "util/crypto.h"

/* The store keeps complete-subtree hashes at every STORED_STEP-th level. */
#define STORED_STEP 8

static const zf_hash empty_hash = {
	0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
	0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
	0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};

/* ---- hashes -------------------------------------------------------------- */

int zf_merkle_leaf(const void *entry, size_t n, zf_hash out)
{
	static const unsigned char prefix = 0x00;
	unsigned char b[512];

	/* Entries are a few hundred bytes: one update over a copy on the stack
	 * costs less than a second update call. */
	if (n >= sizeof(b))
		return zf_sha256_pair(&prefix, 1, entry, n, out);
	b[0] = prefix;
	memcpy(b + 1, entry, n);
	return zf_sha256(b, n + 1, out);
}

int zf_merkle_node(const zf_hash l, const zf_hash r, zf_hash out)
{
	unsigned char b[1 + 2 * ZF_HASH_LEN];

	b[0] = 0x01;
	memcpy(b + 1, l, ZF_HASH_LEN);
	memcpy(b + 1 + ZF_HASH_LEN, r, ZF_HASH_LEN);
	return zf_sha256(b, sizeof(b), out);
}

void zf_merkle_empty(zf_hash out)
{
	memcpy(out, empty_hash, ZF_HASH_LEN);
}

/* ---- trees read through a hash reader ------------------------------------ */

/* The largest power of two strictly below N (N >= 2). */
static uint64_t split_point(uint64_t n)
{
	uint64_t k = 1;
	while (k < n - k)
		k <<= 1;
	return k;
}

/* log2 of N when N is a power of two, else -1. */
static int pow2_level(uint64_t n)
{
	if (n == 0 || (n & (n - 1)))
		return -1;
	int k = 0;
	while (n >>= 1)
		k++;
	return k;
}

/* The hash of the complete subtree at LEVEL with index IDX: read when the
 * level is stored, otherwise combined from the largest stored level below. */
static int subtree(zf_hash_reader rd, void *ctx, int level, uint64_t idx, zf_hash out)
{
	int base = level - level % STORED_STEP;
	int up = level - base; /* 0..7 levels to combine */
	zf_hash stack[STORED_STEP];
	int depth[STORED_STEP];
	int sp = 0;

	if (up == 0)
		return rd(ctx, level, idx, out);
	/* 2^up stored hashes, folded left to right like a compact range. */
	uint64_t first = idx << up, count = (uint64_t)1 << up;
	for (uint64_t i = 0; i < count; i++) {
		if (sp >= STORED_STEP || rd(ctx, base, first + i, stack[sp]))
			return -1;
		depth[sp++] = 0;
		while (sp >= 2 && depth[sp - 1] == depth[sp - 2]) {
			if (zf_merkle_node(stack[sp - 2], stack[sp - 1], stack[sp - 2]))
				return -1;
			depth[sp - 2]++;
			sp--;
		}
	}
	if (sp != 1)
		return -1;
	memcpy(out, stack[0], ZF_HASH_LEN);
	return 0;
}

int zf_merkle_range(zf_hash_reader rd, void *ctx, uint64_t lo, uint64_t hi, zf_hash out)
{
	zf_hash l, r;

	if (hi <= lo)
		return -1;
	uint64_t n = hi - lo;
	int level = pow2_level(n);
	if (level >= 0 && lo % n == 0)
		return subtree(rd, ctx, level, lo >> level, out);
	uint64_t k = split_point(n);
	if (zf_merkle_range(rd, ctx, lo, lo + k, l) || zf_merkle_range(rd, ctx, lo + k, hi, r))
		return -1;
	return zf_merkle_node(l, r, out);
}

int zf_merkle_root(zf_hash_reader rd, void *ctx, uint64_t size, zf_hash out)
{
	if (size == 0) {
		zf_merkle_empty(out);
		return 0;
	}
	return zf_merkle_range(rd, ctx, 0, size, out);
}

/* Appends MTH(D[LO:HI]) to PATH. */
static int path_add(zf_hash_reader rd, void *ctx, uint64_t lo, uint64_t hi,
		    zf_hash path[ZF_PROOF_MAX], size_t *n)
{
	if (*n >= ZF_PROOF_MAX)
		return -1;
	if (zf_merkle_range(rd, ctx, lo, hi, path[*n]))
		return -1;
	(*n)++;
	return 0;
}

/* PATH(M, D[LO:HI]) of RFC 6962 §2.1.1, M relative to LO. */
static int inclusion(zf_hash_reader rd, void *ctx, uint64_t m, uint64_t lo, uint64_t hi,
		     zf_hash path[ZF_PROOF_MAX], size_t *n)
{
	uint64_t size = hi - lo;
	if (size <= 1)
		return 0;
	uint64_t k = split_point(size);
	if (m < k) {
		if (inclusion(rd, ctx, m, lo, lo + k, path, n))
			return -1;
		return path_add(rd, ctx, lo + k, hi, path, n);
	}
	if (inclusion(rd, ctx, m - k, lo + k, hi, path, n))
		return -1;
	return path_add(rd, ctx, lo, lo + k, path, n);
}

int zf_merkle_prove_inclusion(zf_hash_reader rd, void *ctx, uint64_t index, uint64_t size,
			      zf_hash path[ZF_PROOF_MAX], size_t *n)
{
	*n = 0;
	if (index >= size)
		return -1;
	return inclusion(rd, ctx, index, 0, size, path, n);
}

/* SUBPROOF(M, D[LO:HI], B) of RFC 6962 §2.1.2, M relative to LO. */
static int subproof(zf_hash_reader rd, void *ctx, uint64_t m, uint64_t lo, uint64_t hi, int b,
		    zf_hash path[ZF_PROOF_MAX], size_t *n)
{
	uint64_t size = hi - lo;
	if (m == size)
		return b ? 0 : path_add(rd, ctx, lo, hi, path, n);
	uint64_t k = split_point(size);
	if (m <= k) {
		if (subproof(rd, ctx, m, lo, lo + k, b, path, n))
			return -1;
		return path_add(rd, ctx, lo + k, hi, path, n);
	}
	if (subproof(rd, ctx, m - k, lo + k, hi, 0, path, n))
		return -1;
	return path_add(rd, ctx, lo, lo + k, path, n);
}

int zf_merkle_prove_consistency(zf_hash_reader rd, void *ctx, uint64_t old, uint64_t size,
				zf_hash path[ZF_PROOF_MAX], size_t *n)
{
	*n = 0;
	if (old == 0 || old > size)
		return -1;
	return subproof(rd, ctx, old, 0, size, 1, path, n);
}

/* ---- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) ----------------------- */

/* Step b of both verifications: 1 when the next path hash goes on the left
 * (LSB(fn) set or fn == sn), after which fn and sn are right-shifted until
 * LSB(fn) is set or fn is 0; 0 when it goes on the right. */
static int path_on_left(uint64_t *fn, uint64_t *sn)
{
	if (!(*fn & 1) && *fn != *sn)
		return 0;
	while (!(*fn & 1) && *fn != 0) {
		*fn >>= 1;
		*sn >>= 1;
	}
	return 1;
}

int zf_merkle_verify_inclusion(uint64_t index, uint64_t size, const zf_hash leaf,
			       const zf_hash *path, size_t n, const zf_hash root)
{
	zf_hash r;

	if (index >= size || n > ZF_PROOF_MAX)
		return 0;
	uint64_t fn = index, sn = size - 1;
	memcpy(r, leaf, ZF_HASH_LEN);
	for (size_t i = 0; i < n; i++) {
		if (sn == 0)
			return 0;
		if (path_on_left(&fn, &sn) ? zf_merkle_node(path[i], r, r)
					   : zf_merkle_node(r, path[i], r))
			return 0;
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(r, root, ZF_HASH_LEN) == 0;
}

int zf_merkle_verify_consistency(uint64_t old, uint64_t size, const zf_hash old_root,
				 const zf_hash root, const zf_hash *path, size_t n)
{
	zf_hash fr, sr;
	const zf_hash *p = path;

	if (old > size || n > ZF_PROOF_MAX)
		return 0;
	if (old == size)
		return n == 0 && memcmp(old_root, root, ZF_HASH_LEN) == 0;
	if (old == 0)
		return n == 0 && memcmp(old_root, empty_hash, ZF_HASH_LEN) == 0;
	if (n == 0)
		return 0;
	/* Step 2: a power-of-two OLD tree is itself the first node of the path. */
	size_t total = n, i = 0;
	int prepend = pow2_level(old) >= 0;
	if (prepend)
		total++;
	uint64_t fn = old - 1, sn = size - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	memcpy(fr, prepend ? old_root : p[i++], ZF_HASH_LEN);
	memcpy(sr, fr, ZF_HASH_LEN);
	for (size_t seen = 1; seen < total; seen++, i++) {
		const unsigned char *c = p[i];
		if (sn == 0)
			return 0;
		if (path_on_left(&fn, &sn)) {
			if (zf_merkle_node(c, fr, fr) || zf_merkle_node(c, sr, sr))
				return 0;
		} else if (zf_merkle_node(sr, c, sr)) {
			return 0;
		}
		fn >>= 1;
		sn >>= 1;
	}
	return memcmp(fr, old_root, ZF_HASH_LEN) == 0 && memcmp(sr, root, ZF_HASH_LEN) == 0 &&
	       sn == 0;
}

/* ---- compact range ------------------------------------------------------- */

int zf_compact_append(struct zf_compact *c, const zf_hash leaf,
		      void (*emit)(void *ctx, int level, uint64_t idx, const zf_hash h), void *ctx)
{
	zf_hash cur;
	uint64_t s = c->size;
	int level = 0;

	if (c->size == UINT64_MAX || c->n < 0 || c->n > 64)
		return -1;
	memcpy(cur, leaf, ZF_HASH_LEN);
	if (emit)
		emit(ctx, 0, c->size, cur);
	/* Each trailing one bit of SIZE is a complete subtree the new leaf completes. */
	while (s & 1) {
		if (c->n == 0 || zf_merkle_node(c->h[c->n - 1], cur, cur))
			return -1;
		c->n--;
		s >>= 1;
		level++;
		if (emit)
			emit(ctx, level, c->size >> level, cur);
	}
	if (c->n >= 64)
		return -1;
	memcpy(c->h[c->n++], cur, ZF_HASH_LEN);
	c->size++;
	return 0;
}

int zf_compact_root(const struct zf_compact *c, zf_hash out)
{
	zf_hash r;

	if (c->n < 0 || c->n > 64 || c->n != __builtin_popcountll(c->size))
		return -1;
	if (c->n == 0) {
		zf_merkle_empty(out);
		return 0;
	}
	memcpy(r, c->h[c->n - 1], ZF_HASH_LEN);
	for (int i = c->n - 2; i >= 0; i--)
		if (zf_merkle_node(c->h[i], r, r))
			return -1;
	memcpy(out, r, ZF_HASH_LEN);
	return 0;
}

int zf_compact_encode(const struct zf_compact *c, char *out, size_t n)
{
	char b64[45];

	if (c->n < 0 || c->n > 64 || c->n != __builtin_popcountll(c->size))
		return -1;
	int w = snprintf(out, n, "%" PRIu64, c->size);
	if (w < 0 || (size_t)w >= n)
		return -1;
	size_t len = (size_t)w;
	for (int i = 0; i < c->n; i++) {
		zf_hash_b64(c->h[i], b64);
		if (n - len < 1 + 44 + 1)
			return -1;
		out[len++] = ' ';
		memcpy(out + len, b64, 44);
		len += 44;
	}
	out[len] = '\0';
	return 0;
}

/* Parses the canonical decimal at *S (no sign, no leading zeros) up to a
 * character that is not a digit; advances *S. 0 or -1. */
static int parse_u64(const char **s, uint64_t *out)
{
	const char *p = *s;
	uint64_t v = 0;

	if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*s = p;
	*out = v;
	return 0;
}

int zf_compact_decode(const char *s, struct zf_compact *c)
{
	struct zf_compact t;
	size_t got;

	memset(&t, 0, sizeof(t));
	if (parse_u64(&s, &t.size))
		return -1;
	t.n = __builtin_popcountll(t.size);
	for (int i = 0; i < t.n; i++) {
		if (*s != ' ' || strlen(s + 1) < 44)
			return -1;
		if (zf_b64_decode(s + 1, 44, t.h[i], ZF_HASH_LEN, &got) || got != ZF_HASH_LEN)
			return -1;
		s += 45;
	}
	if (*s)
		return -1;
	*c = t;
	return 0;
}

/* ---- base64 -------------------------------------------------------------- */

int zf_b64_encode(const void *p, size_t n, char *out, size_t cap)
{
	if (n > (size_t)INT32_MAX / 4 * 3 - 3)
		return -1;
	size_t need = (n + 2) / 3 * 4;
	if (cap < need + 1)
		return -1;
	return EVP_EncodeBlock((unsigned char *)out, p, (int)n);
}

/* The value of each standard base64 character, -1 for any other byte. */
static const signed char b64_val[256] = {
	['A'] = 0,  ['B'] = 1,  ['C'] = 2,  ['D'] = 3,  ['E'] = 4,  ['F'] = 5,  ['G'] = 6,
	['H'] = 7,  ['I'] = 8,  ['J'] = 9,  ['K'] = 10, ['L'] = 11, ['M'] = 12, ['N'] = 13,
	['O'] = 14, ['P'] = 15, ['Q'] = 16, ['R'] = 17, ['S'] = 18, ['T'] = 19, ['U'] = 20,
	['V'] = 21, ['W'] = 22, ['X'] = 23, ['Y'] = 24, ['Z'] = 25, ['a'] = 26, ['b'] = 27,
	['c'] = 28, ['d'] = 29, ['e'] = 30, ['f'] = 31, ['g'] = 32, ['h'] = 33, ['i'] = 34,
	['j'] = 35, ['k'] = 36, ['l'] = 37, ['m'] = 38, ['n'] = 39, ['o'] = 40, ['p'] = 41,
	['q'] = 42, ['r'] = 43, ['s'] = 44, ['t'] = 45, ['u'] = 46, ['v'] = 47, ['w'] = 48,
	['x'] = 49, ['y'] = 50, ['z'] = 51, ['0'] = 52, ['1'] = 53, ['2'] = 54, ['3'] = 55,
	['4'] = 56, ['5'] = 57, ['6'] = 58, ['7'] = 59, ['8'] = 60, ['9'] = 61, ['+'] = 62,
	['/'] = 63,
};

/* 1 when C belongs to the standard base64 alphabet ('A' is the only
 * character whose value is 0, so the table alone cannot say). */
static int b64_char(unsigned char c)
{
	return b64_val[c] != 0 || c == 'A';
}

int zf_b64_decode(const char *s, size_t len, unsigned char *out, size_t cap, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;

	*outlen = 0;
	if (len % 4 || len > (size_t)INT32_MAX)
		return -1;
	size_t pad = 0;
	if (len >= 1 && s[len - 1] == '=')
		pad = len >= 2 && s[len - 2] == '=' ? 2 : 1;
	for (size_t i = 0; i < len - pad; i++)
		if (!b64_char(u[i]))
			return -1;
	size_t bytes = len / 4 * 3 - pad;
	if (bytes > cap)
		return -1;
	/* Quantum by quantum, so OUT needs no room for the padding bytes; the
	 * bits the last quantum leaves unused must be zero (canonical form). */
	for (size_t q = 0; q < len; q += 4) {
		size_t take = q + 4 == len ? 3 - pad : 3;
		uint32_t v = (uint32_t)b64_val[u[q]] << 18 | (uint32_t)b64_val[u[q + 1]] << 12;
		if (take >= 2)
			v |= (uint32_t)b64_val[u[q + 2]] << 6;
		if (take == 3)
			v |= (uint32_t)b64_val[u[q + 3]];
		if (take < 3 && (v & (take == 2 ? 0xffu : 0xffffu)))
			return -1;
		unsigned char *o = out + q / 4 * 3;
		o[0] = (unsigned char)(v >> 16);
		if (take >= 2)
			o[1] = (unsigned char)(v >> 8);
		if (take == 3)
			o[2] = (unsigned char)v;
	}
	*outlen = bytes;
	return 0;
}

void zf_hash_b64(const zf_hash h, char out[45])
{
	EVP_EncodeBlock((unsigned char *)out, h, ZF_HASH_LEN);
}

int zf_hash_from_b64(const char *s, zf_hash out)
{
	zf_hash t;
	size_t got;

	if (strlen(s) != 44 || zf_b64_decode(s, 44, t, ZF_HASH_LEN, &got) || got != ZF_HASH_LEN)
		return -1;
	memcpy(out, t, ZF_HASH_LEN);
	return 0;
}
