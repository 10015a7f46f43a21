/* RFC 6962 / RFC 9162 Merkle tree over SHA-256: hashes, roots, proofs, compact range. Pure: no I/O. */
#ifndef ZF_LEDGER_MERKLE_H
#define ZF_LEDGER_MERKLE_H
#include <stddef.h>
#include <stdint.h>

#define ZF_HASH_LEN 32
#define ZF_PROOF_MAX 64 /* hashes in any proof of a tree below 2^63 */

typedef unsigned char zf_hash[ZF_HASH_LEN];

/* Leaf hash SHA-256(0x00 || entry). 0 or -1. Thread-safe (digest fetched once). */
int zf_merkle_leaf(const void *entry, size_t n, zf_hash out);

/* Interior node SHA-256(0x01 || l || r). */
int zf_merkle_node(const zf_hash l, const zf_hash r, zf_hash out);

/* The empty tree's root SHA-256(""). */
void zf_merkle_empty(zf_hash out);

/* Reads stored hashes: the hash of the complete subtree at LEVEL (height)
 * with index IDX, i.e. MTH(D[IDX*2^LEVEL : (IDX+1)*2^LEVEL]). A store keeps
 * at least the levels that are multiples of 8 (tiles); the tree code derives
 * the others. Returns 0 or -1. */
typedef int (*zf_hash_reader)(void *ctx, int level, uint64_t idx, zf_hash out);

/* MTH(D[lo:hi]) for 0 <= lo < hi <= tree size, where [lo,hi) is any range
 * the RFC 6962 recursion produces, read through RD (levels 0, 8, 16, ...).
 * 0 or -1. */
int zf_merkle_range(zf_hash_reader rd, void *ctx, uint64_t lo, uint64_t hi, zf_hash out);

/* Root of the first SIZE leaves (the empty hash for 0). */
int zf_merkle_root(zf_hash_reader rd, void *ctx, uint64_t size, zf_hash out);

/* Inclusion proof of leaf INDEX in the tree of SIZE into PATH (*N hashes). */
int zf_merkle_prove_inclusion(zf_hash_reader rd, void *ctx, uint64_t index, uint64_t size,
			      zf_hash path[ZF_PROOF_MAX], size_t *n);

/* Consistency proof from OLD to SIZE (0 < OLD <= SIZE) into PATH (*N hashes). */
int zf_merkle_prove_consistency(zf_hash_reader rd, void *ctx, uint64_t old, uint64_t size,
				zf_hash path[ZF_PROOF_MAX], size_t *n);

/* RFC 9162 §2.1.3.2: 1 when LEAF at INDEX is in the tree of SIZE with ROOT. */
int zf_merkle_verify_inclusion(uint64_t index, uint64_t size, const zf_hash leaf,
			       const zf_hash *path, size_t n, const zf_hash root);

/* RFC 9162 §2.1.4.2: 1 when the tree (OLD, OLD_ROOT) is a prefix of (SIZE, ROOT);
 * also the trivial cases (equal sizes and roots; OLD 0 with the empty hash). */
int zf_merkle_verify_consistency(uint64_t old, uint64_t size, const zf_hash old_root,
				 const zf_hash root, const zf_hash *path, size_t n);

/* The right edge of a tree: one hash per set bit of SIZE (largest subtree
 * first), enough to append in O(log n) and to compute the root. */
struct zf_compact {
	uint64_t size;
	int n;
	zf_hash h[64];
};

/* Appends LEAF (a leaf hash). Calls EMIT (may be NULL) for every complete
 * subtree hash the append creates: (level, index, hash), level 0 being the
 * leaf itself — what a store keeps for levels 0, 8, 16, .... 0 or -1. */
int zf_compact_append(struct zf_compact *c, const zf_hash leaf,
		      void (*emit)(void *ctx, int level, uint64_t idx, const zf_hash h), void *ctx);

/* The root of the compact range (the empty hash when SIZE is 0). */
int zf_compact_root(const struct zf_compact *c, zf_hash out);

/* Encodes / decodes the compact range as text (size, then base64 hashes
 * separated by spaces) for the log-state row. 0 or -1. */
int zf_compact_encode(const struct zf_compact *c, char *out, size_t n);
int zf_compact_decode(const char *s, struct zf_compact *c);

/* Base64 (standard, padded) of a hash into OUT (45 bytes) and back (0 or -1). */
void zf_hash_b64(const zf_hash h, char out[45]);
int zf_hash_from_b64(const char *s, zf_hash out);

/* Base64 (standard, padded) of the N bytes at P into OUT of CAP bytes,
 * NUL-terminated. Returns the length written (4 * ceil(N / 3)) or -1 when
 * OUT is too small. */
int zf_b64_encode(const void *p, size_t n, char *out, size_t cap);

/* Decodes exactly the LEN characters at S (standard alphabet, padded, no
 * white space, canonical: re-encoding gives S back) into OUT of CAP bytes;
 * *OUTLEN gets the byte count. 0 or -1. */
int zf_b64_decode(const char *s, size_t len, unsigned char *out, size_t cap, size_t *outlen);

#endif
