/* Evidence as JSON for the API and the pages, and reading the attach input from a form or a JSON object the same way. */
#ifndef ZF_WEB_EVIDENCE_VIEW_H
#define ZF_WEB_EVIDENCE_VIEW_H
#include <jansson.h>
#include <stdint.h>

#include "app/evidence.h"
#include "util/arena.h"
#include "util/err.h"

/* Evidence E as JSON (the API's shape): ids, step, digests, size, file,
 * sniffed type, kind word and label, duration, codec, capture metadata
 * (instants as RFC 3339, coordinates as degrees or null), who attached it,
 * "withdrawal" (null or {reason, by, at}), preview state, playable and
 * log_index (null while pending). New reference. */
json_t *zf_view_evidence(const struct zf_evidence *e);

/* Words for people: "12.3 MB" for N bytes; "1:02:03" or "2:05" for MS
 * milliseconds ("" for none); instant T as "YYYY-MM-DD HH:MM:SS" Beijing
 * time ("" for 0). New references. */
json_t *zf_view_size_text(uint64_t n);
json_t *zf_view_duration_text(int64_t ms);
json_t *zf_view_local_time(int64_t t);

/* Adds the words for people of evidence E to its view O: size_text,
 * duration_text, from_text, to_text, attached_text, withdrawn_text,
 * integrated (logged), bound (to a step record) and coords (when given). */
void zf_view_evidence_words(json_t *o, const struct zf_evidence *e);

/* Custody row C as JSON {action, label, login, addr, at, detail}. New reference. */
json_t *zf_view_custody(const struct zf_custody *c);

/* Parses an instant: "YYYY-MM-DDTHH:MM[:SS]" as Beijing time (what a
 * datetime-local input sends), or the same followed by "Z" or "+hh:mm" /
 * "-hh:mm" (RFC 3339). 0 and *OUT (Unix seconds), or ZF_EINVAL. */
int zf_evidence_time_parse(const char *s, int64_t *out);

/* Fills IN from the JSON object O (the API's body, or a form turned into
 * one: every value a string, "officers" an array): upload_id, step,
 * step_id, kind, device, officers, captured_from, captured_to, place, lat,
 * lon, description. CASE_ID is the case of the path. Strings are borrowed
 * from O or allocated in A. Malformed values become Chinese field errors in
 * ERR naming the field; returns ZF_EINVAL then (app/ validates the rest). */
int zf_evidence_input_read(const json_t *o, int64_t case_id, struct zf_arena *a,
			   struct zf_evidence_input *in, struct zf_err *err);

#endif
