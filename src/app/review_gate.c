/* The legal-review gate: the canonical proposal of a case and its SHA-256, its evaluation under the catalog in force, and the refusal of a major decision without a 同意 review of that very proposal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/review.h"
#include "store/review.h"
#include "util/crypto.h"

#define MSG_NOMEM "内存不足"

/* 1 when fact KEY of FACTS is true. */
static int flag(const json_t *facts, const char *key)
{
	return json_is_true(json_object_get(facts, key));
}

/* Money fact KEY in 分, 0 when unset. */
static int64_t money(const json_t *facts, const char *key)
{
	const json_t *v = json_object_get(facts, key);

	return json_is_integer(v) && json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : 0;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 1 when the proposal departs from the discretion band: a 减轻 ground is
 * given (below the band and the statutory minimum, docs/legal-review.md). */
static int band_departure(const json_t *facts)
{
	const char *g = json_string_value(json_object_get(facts, "mitigation_ground"));

	return g && *g;
}

/* 1 when a hearing was held: the hearing step recorded the attendance. */
static int hearing_held(const json_t *facts)
{
	const char *a = json_string_value(json_object_get(facts, "hearing_attendance"));

	return a && *a;
}

int zf_review_proposal(const json_t *facts, int party_org, struct zf_proposal *p,
		       const char **types_buf, size_t ntypes_max, char sha[65])
{
	const json_t *types = json_object_get(facts, "penalty_types"), *e;
	json_t *canon = NULL, *arr = json_array();
	char *text = NULL;
	size_t i, n = 0;
	int rc = ZF_ENOMEM;

	memset(p, 0, sizeof(*p));
	p->party_org = party_org;
	json_array_foreach(types, i, e)
		if (json_is_string(e) && n < ntypes_max)
			types_buf[n++] = json_string_value(e);
	if (json_is_string(types) && ntypes_max)
		types_buf[n++] = json_string_value(types);
	qsort(types_buf, n, sizeof(*types_buf), by_str);
	p->penalty_types = types_buf;
	p->npenalty_types = n;
	p->fine_fen = money(facts, "fine");
	p->confiscation_fen = money(facts, "confiscation");
	p->hearing_held = hearing_held(facts);
	p->band_departure = band_departure(facts);
	p->crime_suspected = flag(facts, "crime_suspected");
	p->flag_complex = flag(facts, "complex");
	p->flag_public_interest = flag(facts, "public_interest");
	p->flag_major_rights = flag(facts, "major_rights");
	p->flag_social_risk = flag(facts, "social_risk");
	p->designated = flag(facts, "designated");
	for (i = 0; arr && i < n; i++)
		if (json_array_append_new(arr, json_string(types_buf[i])))
			goto out;
	const char *band = json_string_value(json_object_get(facts, "band"));
	const char *kind = json_string_value(json_object_get(facts, "decision"));
	if (!kind || !*kind)
		kind = json_string_value(json_object_get(facts, "proposal"));
	if (!arr || !(canon = json_pack("{s:s,s:s,s:b,s:I,s:b,s:s,s:I,s:b,s:{s:b,s:b,s:b,s:b},"
					"s:b,s:O}",
					"band", band ? band : "", "kind", kind ? kind : "",
					"band_departure", p->band_departure, "confiscation",
					(json_int_t)p->confiscation_fen, "crime_suspected",
					p->crime_suspected, "party_kind", party_org ? "org" : "person",
					"fine", (json_int_t)p->fine_fen, "designated", p->designated,
					"flags", "complex", p->flag_complex, "major_rights",
					p->flag_major_rights, "public_interest",
					p->flag_public_interest, "social_risk", p->flag_social_risk,
					"hearing_held", p->hearing_held, "penalty_types", arr)) ||
	    !(text = json_dumps(canon, JSON_COMPACT | JSON_SORT_KEYS)))
		goto out;
	rc = zf_sha256_hex(text, sha) ? ZF_ERROR : 0;
out:
	free(text);
	json_decref(canon);
	json_decref(arr);
	return rc;
}

/* The labels of the N matches M, "、" separated, into OUT (SIZE bytes):
 * whole labels only, "等" when the rest does not fit. */
static void rule_names(const struct zf_catalog_match *m, size_t n, char *out, size_t size)
{
	out[0] = '\0';
	for (size_t i = 0; i < n && m[i].label; i++) {
		size_t len = strlen(out), need = strlen(m[i].label) + (i ? 3 : 0);
		if (len + need + 4 > size) {
			snprintf(out + len, size - len, "等");
			return;
		}
		snprintf(out + len, size - len, "%s%s", i ? "、" : "", m[i].label);
	}
}

/* What is missing for the gate when the last concluded review is R (NULL = none)
 * and SHA is the proposal's, into OUT. */
static void missing_text(const struct zf_review_rec *r, int pending, const char *sha, char *out,
			 size_t size)
{
	if (!r)
		snprintf(out, size, pending ? "法制审核尚未作出审核意见" : "尚未提交法制审核");
	else if (!strcmp(r->outcome, "correct"))
		snprintf(out, size, "第%lld版审核意见为纠正，须修改后重新送审",
			 (long long)r->version);
	else if (!strcmp(r->outcome, "transfer"))
		snprintf(out, size, "第%lld版审核意见为移送有权机关处理",
			 (long long)r->version);
	else if (strcmp(r->proposal_sha256, sha))
		snprintf(out, size, "决定内容与第%lld版审核同意的不一致，须重新送审",
			 (long long)r->version);
	else
		snprintf(out, size, "法制审核尚未通过");
}

/* Copies SRC (NULL: "") into DST of SIZE bytes, cut at a UTF-8 character boundary. */
static void copy_cut(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= size) {
		n = size - 1;
		while (n && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

void zf_review_gate_copy(struct zf_review_gate *dst, const struct zf_review_gate *src)
{
	if (dst != src)
		memcpy(dst, src, sizeof(*dst));
	for (size_t i = 0; i < dst->nmatches; i++) {
		dst->matches[i].code = dst->codes[i];
		dst->matches[i].label = dst->labels[i];
	}
}

int zf_app_review_gate(struct zf_tx *tx, int64_t case_id, int64_t body_id, const json_t *facts,
		       struct zf_review_gate *out, struct zf_err *err)
{
	struct zf_review_gate g = {0};
	struct zf_proposal p;
	struct zf_arena *a = NULL;
	struct zf_review_rec r, *open = NULL;
	const char *types[32];
	json_t *cat = NULL;
	size_t nmatch = 0, nopen = 0;
	int rc, found = 0;

	const char *conclusion = json_string_value(json_object_get(facts, "discussion_decision"));
	const char *decision = json_string_value(json_object_get(facts, "decision"));
	if (conclusion && *conclusion && decision && *decision && strcmp(conclusion, decision))
		return zf_err_field(err, "values.decision",
				    "集体讨论的结论与拟作出的决定不一致，负责人决定须依集体讨论结论作出"
				    "（行政处罚法第五十七条第二款）");
	if ((rc = zf_app_catalog_current(tx->db, body_id, &cat, &g.catalog_version, err)))
		return rc;
	const json_t *party = json_object_get(facts, "party_kind");
	int org = json_is_string(party) && !strcmp(json_string_value(party), "org");
	if ((rc = zf_review_proposal(facts, org, &p, types, 32, g.proposal_sha256))) {
		json_decref(cat);
		return zf_err_set(err, rc, MSG_NOMEM);
	}
	g.major = zf_catalog_eval(cat, &p, g.matches, 16, &nmatch);
	g.nmatches = nmatch < 16 ? nmatch : 16;
	if (!g.major)
		goto done;
	if (!(a = zf_arena_new(0))) {
		rc = zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
		goto done;
	}
	rc = zf_store_review_last_concluded(tx->db, a, case_id, &r, err);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		rc = 0;
	} else if (!rc) {
		found = 1;
	}
	if (!rc)
		rc = zf_store_review_list_body(tx->db, a, body_id, NULL, &open, &nopen, err);
	if (rc)
		goto done;
	if (found && !strcmp(r.outcome, "agree") && !strcmp(r.proposal_sha256, g.proposal_sha256)) {
		g.review_id = r.id;
		goto done;
	}
	char rules[96], missing[96];
	int pending = 0;
	for (size_t i = 0; i < nopen; i++)
		pending |= open[i].case_id == case_id;
	rule_names(g.matches, g.nmatches, rules, sizeof(rules));
	missing_text(found ? &r : NULL, pending, g.proposal_sha256, missing, sizeof(missing));
	zf_err_set(err, ZF_EINVAL,
		   "本案属于重大执法决定（%s），未经法制审核同意不得作出决定：%s",
		   rules, missing);
	rc = zf_err_field(err, "legal_review", "%s", missing);
	err->code = ZF_EINVAL;
done:
	/* Codes and labels borrow the catalog, released here: OUT gets copies. */
	for (size_t i = 0; i < g.nmatches; i++) {
		copy_cut(g.codes[i], sizeof(g.codes[i]), g.matches[i].code);
		copy_cut(g.labels[i], sizeof(g.labels[i]), g.matches[i].label);
	}
	if (out)
		zf_review_gate_copy(out, &g);
	zf_arena_free(a);
	json_decref(cat);
	return rc;
}
