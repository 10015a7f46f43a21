/* Procedure definitions: the set of loaded definitions, loading the embedded files, lookups, and the conditions over case facts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/procedure.h"
#include "core/procedure_int.h"
#include "util/arena.h"
#include "util/crypto.h"
#include "util/embed.h"

#define EMBED_DIR "core/procedures/"
#define CHARTS_DIR "core/charts/" /* published flowcharts that are no case procedure */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A loaded definition: the public struct first, so a pointer to it is a
 * pointer to the entry, and the parsed file its strings and conditions
 * point into. */
struct proc_entry {
	struct zf_procedure p;
	json_t *root;
};

struct zf_procedures {
	struct zf_arena *arena;           /* every entry and its arrays */
	const struct zf_procedure **list; /* each the first member of a struct proc_entry; sorted by proc_before */
	size_t n, cap;
};

/* The order zf_procedures_all lists procedures in: the statute's order. */
static const char *const proc_order[] = {"penalty_ordinary", "penalty_summary", "compulsory",
					 "inspection"};

/* ---- the set ---- */

static size_t proc_rank(const char *code)
{
	size_t i = 0;

	while (i < NELEM(proc_order) && strcmp(proc_order[i], code) != 0)
		i++;
	return i;
}

static int proc_before(const struct zf_procedure *a, const struct zf_procedure *b)
{
	size_t ra = proc_rank(a->code), rb = proc_rank(b->code);
	return ra != rb ? ra < rb : strcmp(a->code, b->code) < 0;
}

/* Inserts E into SET in order; ZF_ENOMEM. */
static int set_insert(struct zf_procedures *set, struct proc_entry *e)
{
	size_t i;

	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		const struct zf_procedure **list = realloc(set->list, cap * sizeof(*list));
		if (!list)
			return ZF_ENOMEM;
		set->list = list;
		set->cap = cap;
	}
	for (i = set->n; i > 0 && proc_before(&e->p, set->list[i - 1]); i--)
		set->list[i] = set->list[i - 1];
	set->list[i] = &e->p;
	set->n++;
	return 0;
}

/* zf_procedures_add; EXPECT (or NULL) is the code the file name requires. */
static int add_one(struct zf_procedures *set, const struct zf_proc_vocab *vocab, const char *name,
		   const char *text, size_t len, const char *expect, struct zf_err *err)
{
	struct proc_entry *e = zf_arena_alloc(set->arena, sizeof(*e));
	char *hex = zf_arena_alloc(set->arena, 65);
	unsigned char digest[32];
	json_error_t jerr;
	int rc;

	if (!e || !hex)
		return zf_err_set(err, ZF_ENOMEM, "内存不足，无法载入定义 %s", name);
	if (!(e->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)))
		return zf_err_set(err, ZF_EINVAL, "定义 %s：JSON 无法解析（第 %d 行第 %d 列：%s）",
				  name, jerr.line, jerr.column, jerr.text);
	if ((rc = zf_procedure_parse(set->arena, vocab, name, e->root, &e->p, err)))
		goto out;
	if (expect && strcmp(expect, e->p.code) != 0) {
		rc = zf_err_set(err, ZF_EINVAL, "定义 %s：代码 %s 与文件名不符", name, e->p.code);
		goto out;
	}
	if (zf_procedure_find(set, e->p.code)) {
		rc = zf_err_set(err, ZF_EINVAL, "定义 %s：程序 %s 已经载入过", name, e->p.code);
		goto out;
	}
	if (zf_sha256(text, len, digest)) {
		rc = zf_err_set(err, ZF_ERROR, "无法计算定义 %s 的摘要", name);
		goto out;
	}
	zf_hex(digest, sizeof(digest), hex);
	e->p.sha256 = hex;
	if ((rc = set_insert(set, e)))
		zf_err_set(err, rc, "内存不足，无法载入定义 %s", name);
out:
	if (rc)
		json_decref(e->root);
	return rc;
}

int zf_procedures_new(struct zf_procedures **out, struct zf_err *err)
{
	struct zf_procedures *set = calloc(1, sizeof(*set));

	*out = NULL;
	if (!set || !(set->arena = zf_arena_new(0))) {
		free(set);
		return zf_err_set(err, ZF_ENOMEM, "内存不足，无法载入程序定义");
	}
	*out = set;
	return 0;
}

void zf_procedures_free(struct zf_procedures *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		json_decref((json_t *)zf_procedure_json(set->list[i]));
	free(set->list);
	zf_arena_free(set->arena);
	free(set);
}

int zf_procedures_add(struct zf_procedures *set, const struct zf_proc_vocab *vocab,
		      const char *name, const char *json, size_t len, struct zf_err *err)
{
	return add_one(set, vocab, name, json, len, NULL, err);
}

/* Loads every embedded DIR<code>.json (DIR ends in '/') into a new set *OUT. */
static int load_dir(const char *dir, struct zf_procedures **out,
		    const struct zf_proc_vocab *vocab, struct zf_err *err)
{
	static const char suffix[] = ".json";
	size_t dlen = strlen(dir);
	struct zf_procedures *set = NULL;
	int rc;

	*out = NULL;
	if ((rc = zf_procedures_new(&set, err)))
		return rc;
	for (const struct zf_embed_file *f = zf_embedded; f->name; f++) {
		const char *base;
		size_t n;
		char code[ZF_PROC_CODE_MAX + 1];

		if (strncmp(f->name, dir, dlen) != 0 || strchr(f->name + dlen, '/'))
			continue;
		base = f->name + dlen;
		n = strlen(base);
		if (n < sizeof(suffix) || strcmp(base + n - (sizeof(suffix) - 1), suffix) != 0)
			continue;
		n -= sizeof(suffix) - 1;
		if (n > ZF_PROC_CODE_MAX) {
			rc = zf_err_set(err, ZF_EINVAL, "定义 %s：文件名过长", base);
			goto out;
		}
		memcpy(code, base, n);
		code[n] = '\0';
		if ((rc = add_one(set, vocab, base, (const char *)f->data, f->len, code, err)))
			goto out;
	}
	*out = set;
	set = NULL;
out:
	zf_procedures_free(set);
	return rc;
}

int zf_procedures_load(struct zf_procedures **out, const struct zf_proc_vocab *vocab,
		       struct zf_err *err)
{
	return load_dir(EMBED_DIR, out, vocab, err);
}

int zf_procedures_load_charts(struct zf_procedures **out, const struct zf_proc_vocab *vocab,
			      struct zf_err *err)
{
	return load_dir(CHARTS_DIR, out, vocab, err);
}

/* ---- lookups ---- */

const struct zf_procedure *zf_procedure_find(const struct zf_procedures *set, const char *code)
{
	if (!set || !code)
		return NULL;
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->list[i]->code, code) == 0)
			return set->list[i];
	return NULL;
}

const struct zf_procedure *const *zf_procedures_all(const struct zf_procedures *set, size_t *n)
{
	*n = set ? set->n : 0;
	return set ? set->list : NULL;
}

const struct zf_step_def *zf_procedure_step(const struct zf_procedure *p, const char *code)
{
	if (!p || !code)
		return NULL;
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].code && strcmp(p->steps[i].code, code) == 0)
			return &p->steps[i];
	return NULL;
}

const struct zf_deadline_def *zf_procedure_deadline(const struct zf_procedure *p, const char *code)
{
	if (!p || !code)
		return NULL;
	for (size_t i = 0; i < p->ndeadlines; i++)
		if (strcmp(p->deadlines[i].code, code) == 0)
			return &p->deadlines[i];
	return NULL;
}

const json_t *zf_procedure_json(const struct zf_procedure *p)
{
	return p ? ((const struct proc_entry *)(const void *)p)->root : NULL;
}

/* ---- conditions ---- */

/* Equality of a fact value and a literal; numbers compare by value. */
static int value_equal(const json_t *a, const json_t *b)
{
	if (json_is_integer(a) && json_is_integer(b))
		return json_integer_value(a) == json_integer_value(b);
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	return json_equal((json_t *)a, (json_t *)b);
}

/* A fact matches a literal when equal, or (a list fact, enums) when it holds it. */
static int value_match(const json_t *fact, const json_t *lit)
{
	const json_t *e;
	size_t i;

	if (!json_is_array(fact))
		return value_equal(fact, lit);
	json_array_foreach(fact, i, e)
		if (value_equal(e, lit))
			return 1;
	return 0;
}

/* Three-way numeric comparison of A and B into *CMP; 0 when either is no number. */
static int value_cmp(const json_t *a, const json_t *b, int *cmp)
{
	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);
		*cmp = (x > y) - (x < y);
		return 1;
	}
	if (json_is_number(a) && json_is_number(b)) {
		double x = json_number_value(a), y = json_number_value(b);
		*cmp = (x > y) - (x < y);
		return 1;
	}
	return 0;
}

static int value_set(const json_t *v)
{
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	if (json_is_array(v))
		return json_array_size(v) > 0;
	return 1;
}

static int cond_fact(const json_t *cond, const json_t *facts)
{
	const json_t *name = json_object_get(cond, "fact"), *v, *arg;
	int cmp;

	if (!json_is_string(name))
		return 0;
	v = json_is_object(facts) ? json_object_get(facts, json_string_value(name)) : NULL;
	if ((arg = json_object_get(cond, "set")))
		return value_set(v) == json_is_true(arg);
	if (!v || json_is_null(v))
		return 0;
	if ((arg = json_object_get(cond, "eq")))
		return value_match(v, arg);
	if ((arg = json_object_get(cond, "ne")))
		return !value_match(v, arg);
	if ((arg = json_object_get(cond, "in"))) {
		const json_t *e;
		size_t i;
		json_array_foreach(arg, i, e)
			if (value_match(v, e))
				return 1;
		return 0;
	}
	if ((arg = json_object_get(cond, "gt")))
		return value_cmp(v, arg, &cmp) && cmp > 0;
	if ((arg = json_object_get(cond, "ge")))
		return value_cmp(v, arg, &cmp) && cmp >= 0;
	if ((arg = json_object_get(cond, "lt")))
		return value_cmp(v, arg, &cmp) && cmp < 0;
	if ((arg = json_object_get(cond, "le")))
		return value_cmp(v, arg, &cmp) && cmp <= 0;
	return 0;
}

int zf_cond_eval(const json_t *cond, const json_t *facts)
{
	const json_t *sub, *e;
	size_t i;

	if (!cond)
		return 1;
	if (!json_is_object(cond))
		return 0;
	if ((sub = json_object_get(cond, "all"))) {
		json_array_foreach(sub, i, e)
			if (!zf_cond_eval(e, facts))
				return 0;
		return json_is_array(sub);
	}
	if ((sub = json_object_get(cond, "any"))) {
		json_array_foreach(sub, i, e)
			if (zf_cond_eval(e, facts))
				return 1;
		return 0;
	}
	if ((sub = json_object_get(cond, "not")))
		return !zf_cond_eval(sub, facts);
	return cond_fact(cond, facts);
}
