/* The n-gram tokenizer of full-text search: normalisation, unigrams and bigrams, shared by the index writer and the query side. */
#ifndef ZF_CORE_NGRAM_H
#define ZF_CORE_NGRAM_H
#include <stddef.h>

#include "util/arena.h"

/* The longest gram in bytes: an ASCII word is cut at ZF_NGRAM_MAX / 2
 * characters, so a bigram of two units fits. */
#define ZF_NGRAM_MAX 64

/* Normalised text is split into runs by separators (spaces, ASCII and CJK
 * punctuation); a run is a sequence of units: an ASCII word ([a-z0-9]+,
 * folded) is one unit, any other character is one unit. Normalisation folds
 * full-width ASCII (U+FF01..U+FF5E) to ASCII, U+3000 to a space and ASCII
 * upper case to lower case. */

/* The index grams of S: every unit (unigram) and every pair of adjacent units
 * of a run (bigram), distinct, sorted bytewise, as strings in A. *N may be
 * 0. ZF_ENOMEM on failure. */
int zf_ngram_index(struct zf_arena *a, const char *s, const char ***out, size_t *n);

/* The grams a query Q must all match: for a run of one unit its unigram,
 * for a longer run its bigrams; distinct, sorted. *N is 0 when Q holds no
 * searchable character. ZF_ENOMEM on failure. */
int zf_ngram_query(struct zf_arena *a, const char *q, const char ***out, size_t *n);

/* ---- the query side of search (app/pub_search.c, web/pub_portal.c) ---- */

/* The longest query accepted, in characters (longer ones are refused). */
#define ZF_NGRAM_QUERY_MAX 64

/* The normalised form of S (the folding above: full-width ASCII to ASCII,
 * U+3000 to a space, ASCII lower case; every other character kept, an
 * invalid byte as U+FFFD), in A; NULL when out of memory. It has as many
 * characters as S. */
char *zf_ngram_norm(struct zf_arena *a, const char *s);

/* The runs of S after normalisation (split at the separators above), in
 * order, as strings in A; *N may be 0. ZF_ENOMEM on failure. */
int zf_ngram_runs(struct zf_arena *a, const char *s, const char ***out, size_t *n);

/* The final check after the index: 1 when every run of the query Q occurs
 * in the normalised text NORM_TEXT (from zf_ngram_norm), so bigrams present
 * but apart do not match; 0 otherwise and for a query without a run. */
int zf_ngram_match(const char *norm_text, const char *q);

#endif
