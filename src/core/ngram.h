/* The n-gram tokenizer of publication search: normalisation and the unigrams and bigrams shared by the index and the query. */
#ifndef ZF_CORE_NGRAM_H
#define ZF_CORE_NGRAM_H
#include <stddef.h>

#include "util/arena.h"

/* The longest query accepted, in characters (longer ones are ZF_EINVAL). */
#define ZF_NGRAM_QUERY_MAX 64

/* The normalised form of valid UTF-8 S, allocated in A (NULL when out of
 * memory): full-width ASCII (U+FF01..U+FF5E) folded to half-width, the
 * ideographic space U+3000 to a space, ASCII letters lower-cased; every
 * other character kept as is. */
char *zf_ngram_norm(struct zf_arena *a, const char *s);

/* The grams of the index for the normalised text NORM: every character of
 * every run (a run is a maximal sequence of characters that are not
 * separators: ASCII space, control and punctuation, and the CJK / general
 * punctuation blocks U+2000..U+206F, U+3000..U+303F, U+FF00..U+FF0F,
 * U+FF1A..U+FF20, U+FF3B..U+FF40, U+FF5B..U+FF65) as a unigram, and every
 * pair of adjacent characters of a run as a bigram; distinct, sorted
 * bytewise, in *GRAMS (N of them), allocated in A. 0, or ZF_ENOMEM. */
int zf_ngram_index(struct zf_arena *a, const char *norm, char ***grams, size_t *n);

/* The grams a normalised query NORM must all have in the index: a query of
 * one character in all is that unigram; otherwise every bigram of its runs
 * plus the unigram of each one-character run; distinct, in *GRAMS (N, 0 when
 * the query has no run), allocated in A. 0, or ZF_ENOMEM. */
int zf_ngram_query(struct zf_arena *a, const char *norm, char ***grams, size_t *n);

/* The runs of the normalised text NORM (see zf_ngram_index), in order, in
 * *RUNS (N of them), allocated in A. 0, or ZF_ENOMEM. */
int zf_ngram_runs(struct zf_arena *a, const char *norm, char ***runs, size_t *n);

/* 1 when every run of the normalised query NORM_Q occurs in the normalised
 * text NORM_TEXT (the final check after the index: bigrams present but not
 * adjacent do not match); 0 otherwise, and for a query without a run. */
int zf_ngram_match(const char *norm_text, const char *norm_q);

#endif
