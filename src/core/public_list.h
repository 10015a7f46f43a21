/* The lists published before enforcement (事前公开) as data: one format per kind (zhifa-publist/v1), their columns, validation, pasted CSV/TSV and the benchmark draft generated from the violation types. Pure: no I/O. */
#ifndef ZF_CORE_PUBLIC_LIST_H
#define ZF_CORE_PUBLIC_LIST_H
#include <jansson.h>
#include <stddef.h>

#include "core/case_rules.h"
#include "core/procedure.h"
#include "util/err.h"

#define ZF_PUBLIC_LIST_FORMAT "zhifa-publist/v1"
#define ZF_PUBLIC_LIST_ROWS_MAX 1000
#define ZF_PUBLIC_LIST_CSV_MAX (1024 * 1024) /* bytes of pasted CSV/TSV */

/* A list is a JSON object (docs/publicity.md):
 *   {"format": "zhifa-publist/v1", "kind": "items",
 *    "items": [{"code": "...", "name": "...", ...}, ...]}
 * "items" holds 1..ZF_PUBLIC_LIST_ROWS_MAX rows; each row is an object whose
 * keys are the columns of its kind (absent = ""), every value a string. */

/* One column of a kind. */
struct zf_public_list_col {
	const char *key;             /* JSON key */
	const char *label;           /* Chinese column name (messages, headers) */
	size_t max;                  /* characters */
	int multiline;
	int required;
	const char *const *options;  /* NULL-terminated allowed values, or NULL */
};

/* One kind of list. */
struct zf_public_list_kind {
	const char *word;            /* items, random_checks, service_guides, procedures_basis, benchmarks */
	const char *label;           /* 行政执法事项清单 ... */
	int justice;                 /* 1: the county justice bureau approves before it goes live */
	const struct zf_public_list_col *cols;
	size_t ncols;
};

/* The kinds in display order; their number into *N. */
const struct zf_public_list_kind *zf_public_list_kinds(size_t *n);

/* The kind named WORD, or NULL. */
const struct zf_public_list_kind *zf_public_list_kind(const char *word);

/* Validates LIST as a list of KIND: 0, or ZF_EINVAL with Chinese messages
 * naming the field ("items[3].basis"). With SET, a procedures_basis row's
 * "flowchart" must name one of its procedures. */
int zf_public_list_check(const json_t *list, const char *kind, const struct zf_procedures *set,
			 struct zf_err *err);

/* A list of KIND holding ROWS (an array, stolen; NULL for an empty one).
 * New reference; NULL when KIND is unknown or out of memory. */
json_t *zf_public_list_new(const char *kind, json_t *rows);

/* Parses TEXT (CSV, or TSV when its first line holds a tab; UTF-8, an
 * optional BOM, "quoted" cells with "" inside) into the rows of KIND, the
 * columns in the kind's order; a first line equal to the column labels or
 * keys is a header and skipped. New array into *OUT; ZF_EINVAL with the
 * field "csv" and the line in the message when it is too long, has more
 * cells than columns, an open quote or more than ZF_PUBLIC_LIST_ROWS_MAX rows. */
int zf_public_list_parse_csv(const char *kind, const char *text, json_t **out,
			     struct zf_err *err);

/* The benchmarks (裁量基准) draft: one row per band of the N active violation
 * types V (the violation, its code and basis, the band's level and
 * circumstance, the fine range and other measures as text). New reference
 * (a benchmarks list); NULL when out of memory. */
json_t *zf_public_list_benchmarks(const struct zf_violation *v, size_t n);

#endif
