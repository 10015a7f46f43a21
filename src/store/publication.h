/* Repository of publications (事后公开), their n-gram index and correction requests (tables publication, publication_gram, correction_request). */
#ifndef ZF_STORE_PUBLICATION_H
#define ZF_STORE_PUBLICATION_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* A publication row (kind "decision" or "inspection"). */
struct zf_pub_rec {
	int64_t id, body_id, case_id, doc_id;
	const char *kind, *state, *title, *party_name, *doc_number, *violation;
	const char *decided_on, *due_on, *period_end, *text, *salt;
	int64_t drafted_by, drafted_at, published_by, published_at, ended_at;
	const char *end_reason;
	int64_t history_id, version;
	const char *hidden, *withdraw_due, *withdraw_reason;
	const char *body_name; /* read only: the body's name */
};

/* Inserts R (version 1); the id goes to *ID. */
int zf_store_pub_insert(struct zf_db *db, const struct zf_pub_rec *r, int64_t *id,
			struct zf_err *err);

/* Reads publication ID into *OUT (strings in A). ZF_ENOTFOUND when absent. */
int zf_store_pub_get(struct zf_db *db, struct zf_arena *a, int64_t id, struct zf_pub_rec *out,
		     struct zf_err *err);

/* Writes every mutable column of R (state, title, text, salt, period_end,
 * published_by/at, ended_at, end_reason, history_id, withdraw_due,
 * withdraw_reason) when its version is still R->version, and increments
 * it. ZF_ECONFLICT when changed meanwhile, ZF_ENOTFOUND when gone. */
int zf_store_pub_update(struct zf_db *db, const struct zf_pub_rec *r, struct zf_err *err);

/* Publications of BODY_ID (0 = all bodies) in STATE (NULL = the publisher's
 * work: drafts and published items with a withdrawal due), by due date. */
int zf_store_pub_list(struct zf_db *db, struct zf_arena *a, int64_t body_id, const char *state,
		      struct zf_pub_rec **out, size_t *n, struct zf_err *err);

/* Publications of case CASE_ID, by id. */
int zf_store_pub_of_case(struct zf_db *db, struct zf_arena *a, int64_t case_id,
			 struct zf_pub_rec **out, size_t *n, struct zf_err *err);

/* Published items whose period_end is on or before TODAY (YYYY-MM-DD). */
int zf_store_pub_due_to_expire(struct zf_db *db, struct zf_arena *a, const char *today,
			       struct zf_pub_rec **out, size_t *n, struct zf_err *err);

/* Replaces the n-gram index entries of ID by the N GRAMS (distinct). */
int zf_store_pub_grams_set(struct zf_db *db, int64_t id, const char *const *grams, size_t n,
			   struct zf_err *err);

/* Removes the n-gram index entries of ID. */
int zf_store_pub_grams_delete(struct zf_db *db, int64_t id, struct zf_err *err);

/* The public filter of published items (see app/publication.h). GRAMS
 * (NGRAMS, at most ZF_STORE_PUB_GRAMS_MAX) must all be indexed. */
#define ZF_STORE_PUB_GRAMS_MAX 8
struct zf_pub_filter {
	const char *kind; /* NULL = both */
	const char *const *grams;
	size_t ngrams;
	const char *party, *doc_number, *from, *to, *violation;
	int64_t body_id, before_id;
	int limit;
};

/* Published items matching F, newest id first. */
int zf_store_pub_search(struct zf_db *db, struct zf_arena *a, const struct zf_pub_filter *f,
			struct zf_pub_rec **out, size_t *n, struct zf_err *err);

/* A correction request row. */
struct zf_correction_rec {
	int64_t id;
	const char *tracking_no;
	int64_t publication_id;
	const char *name, *contact, *content;
	int64_t filed_at;
	const char *due_on, *state, *answer;
	int64_t answered_by, answered_at;
	int64_t body_id;         /* read only: the publication's body */
	const char *pub_title;   /* read only */
};

/* The alphabet of a tracking number's random part: digits and capitals
 * without 0/O, 1/I/L, so it reads out over the phone unambiguously. */
#define ZF_TRACKING_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define ZF_TRACKING_CHECK_LEN 4

/* ZF_TRACKING_CHECK_LEN characters of ZF_TRACKING_ALPHABET drawn uniformly
 * from the CSPRNG (zf_random) into OUT. 0, or -1 when no randomness. */
int zf_store_tracking_check(char out[ZF_TRACKING_CHECK_LEN + 1]);

/* Inserts R (state open) with tracking number
 * "JC<YEAR>-<id, 6 digits>-<4 random characters>" (FILED_YEAR; the random
 * part from zf_store_tracking_check, so numbers cannot be enumerated; the id
 * keeps them unique, as does the column's UNIQUE constraint); the id goes
 * to *ID and the number into TRACKING (32 bytes). Call inside a write
 * transaction. */
int zf_store_correction_insert(struct zf_db *db, const struct zf_correction_rec *r,
			       int filed_year, int64_t *id, char tracking[32], struct zf_err *err);

/* Reads request ID. ZF_ENOTFOUND when absent. */
int zf_store_correction_get(struct zf_db *db, struct zf_arena *a, int64_t id,
			    struct zf_correction_rec *out, struct zf_err *err);

/* Reads the request with tracking number TRACKING (exactly as stored: the
 * caller normalises). ZF_ENOTFOUND when absent. */
int zf_store_correction_by_tracking(struct zf_db *db, struct zf_arena *a, const char *tracking,
				    struct zf_correction_rec *out, struct zf_err *err);

/* Requests of BODY_ID (0 = all) in STATE (NULL = all), open ones by due date first. */
int zf_store_correction_list(struct zf_db *db, struct zf_arena *a, int64_t body_id,
			     const char *state, struct zf_correction_rec **out, size_t *n,
			     struct zf_err *err);

/* Records ANSWER to open request ID by BY at NOW. ZF_ECONFLICT when already answered. */
int zf_store_correction_answer(struct zf_db *db, int64_t id, const char *answer, int64_t by,
			       int64_t now, struct zf_err *err);

/* The portal's generation (schema 12): a counter database triggers raise in
 * the transaction of every change to a publication row or a body, so a
 * server may keep rendered public pages while it stays the same. */
int zf_store_portal_generation(struct zf_db *db, int64_t *n, struct zf_err *err);

#endif
