/* Procedure definitions: validation of one "zhifa-procedure/v1" file — keys, types, words other modules own, references between steps, conditions, deadlines and reachability. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/procedure_int.h"
#include "core/role.h"

#define PROC_FORMAT "zhifa-procedure/v1"
#define COND_DEPTH 16
#define WORDS_MAX 64
#define CODE_MAX ZF_PROC_CODE_MAX
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The validation context: where we are, for messages. */
struct ld {
	struct zf_arena *a;
	const struct zf_proc_vocab *v;
	struct zf_err *err;
	const char *file;
	struct zf_procedure *p;
	const char *step;       /* step being read, or NULL */
	const char *field;      /* field being read, or NULL */
	const char *deadline;   /* deadline being read, or NULL */
};

static const char *const type_words[] = {
	[ZF_FT_TEXT] = "text", [ZF_FT_TEXTAREA] = "textarea", [ZF_FT_DATE] = "date",
	[ZF_FT_DATETIME] = "datetime", [ZF_FT_MONEY] = "money", [ZF_FT_INT] = "int",
	[ZF_FT_BOOL] = "bool", [ZF_FT_ENUM] = "enum", [ZF_FT_ENUMS] = "enums",
	[ZF_FT_OFFICERS] = "officers", [ZF_FT_OFFICER] = "officer",
	[ZF_FT_SIGNATURE] = "signature", [ZF_FT_PARTY] = "party",
};
#define NTYPES (sizeof(type_words) / sizeof(type_words[0]))

static const char *const effect_words[] = {
	"", "assign_officers", "recusal_apply", "recusal_decide", "pause_start", "pause_end",
	"assign_case_no", "close", "archive", "reopen_execution",
};

static const char *const av_words[] = {
	[ZF_AV_NONE] = "none", [ZF_AV_AV] = "av", [ZF_AV_AV_OR_PHOTO] = "av_or_photo",
	[ZF_AV_WHOLE] = "whole",
};

static const char *const kind_words[] = {"penalty", "compulsory", "inspection", "review"};

/* Facts the engine sets itself on every case (brief-case.md). */
static const struct zf_fact_def engine_facts[] = {
	{"party_kind", ZF_FT_ENUM},       {"party_minor", ZF_FT_BOOL},
	{"hearing_eligible", ZF_FT_BOOL}, {"major", ZF_FT_BOOL},
	{"collective_required", ZF_FT_BOOL}, {"statement_waived", ZF_FT_BOOL},
	{"officers", ZF_FT_INT},
};

static int word_index(const char *const *words, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (words[i] && strcmp(words[i], w) == 0)
			return (int)i;
	return -1;
}

/* [a-z0-9_]{1,32} */
static int code_ok(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
			return 0;
	return n >= 1 && n <= CODE_MAX;
}

/* ---- messages ---- */

static int ld_fail(struct ld *c, const char *fmt, ...) ZF_PRINTF(2, 3);

/* Sets ZF_EINVAL with "定义 FILE 步骤 S 字段 F：message". */
static int ld_fail(struct ld *c, const char *fmt, ...)
{
	char where[160], msg[200];
	va_list ap;
	int n = snprintf(where, sizeof(where), "定义 %s", c->file);

	if (c->step && n >= 0 && (size_t)n < sizeof(where))
		n += snprintf(where + n, sizeof(where) - (size_t)n, " 步骤 %s", c->step);
	if (c->deadline && n >= 0 && (size_t)n < sizeof(where))
		n += snprintf(where + n, sizeof(where) - (size_t)n, " 期限 %s", c->deadline);
	if (c->field && n >= 0 && (size_t)n < sizeof(where))
		snprintf(where + n, sizeof(where) - (size_t)n, " 字段 %s", c->field);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return zf_err_set(c->err, ZF_EINVAL, "%s：%s", where, msg);
}

static int ld_nomem(struct ld *c)
{
	return zf_err_set(c->err, ZF_ENOMEM, "内存不足，无法载入定义 %s", c->file);
}

/* ---- typed members ---- */

/* Every key of OBJ is one of ALLOWED (NULL-terminated) or starts with "_" (a comment). */
static int ld_keys(struct ld *c, const json_t *obj, const char *const *allowed)
{
	const char *key;
	const json_t *val;

	json_object_foreach((json_t *)obj, key, val) {
		size_t i = 0;

		if (key[0] == '_')
			continue;
		while (allowed[i] && strcmp(allowed[i], key) != 0)
			i++;
		if (!allowed[i])
			return ld_fail(c, "未知的键 %s", key);
	}
	return 0;
}

/* String member KEY of OBJ into *OUT (NULL when absent and not REQUIRED). A
 * required string may not be empty. */
static int ld_str(struct ld *c, const json_t *obj, const char *key, int required, const char **out)
{
	const json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v) {
		if (required)
			return ld_fail(c, "缺少 %s", key);
		return 0;
	}
	if (!json_is_string(v))
		return ld_fail(c, "%s 应为字符串", key);
	if (required && json_string_length(v) == 0)
		return ld_fail(c, "%s 不能为空", key);
	*out = json_string_value(v);
	return 0;
}

/* Boolean member KEY of OBJ into *OUT, 0 when absent. */
static int ld_bool(struct ld *c, const json_t *obj, const char *key, int *out)
{
	const json_t *v = json_object_get(obj, key);

	*out = 0;
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return ld_fail(c, "%s 应为 true 或 false", key);
	*out = json_is_true(v);
	return 0;
}

/* Integer member KEY of OBJ in [MIN, MAX] into *OUT; *PRESENT says whether it was there. */
static int ld_int(struct ld *c, const json_t *obj, const char *key, json_int_t min,
		  json_int_t max, int *out, int *present)
{
	const json_t *v = json_object_get(obj, key);

	*present = v != NULL;
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return ld_fail(c, "%s 应为 %lld 至 %lld 之间的整数", key, (long long)min,
			       (long long)max);
	*out = (int)json_integer_value(v);
	return 0;
}

/* The optional array member KEY of OBJ (at most MAX items) in *ARR, with
 * room for as many items of ELEM bytes in *OUT (NULL when absent or empty). */
static int ld_array(struct ld *c, const json_t *obj, const char *key, size_t max, size_t elem,
		    const json_t **arr, void **out)
{
	const json_t *v = json_object_get(obj, key);

	*arr = v;
	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) > max)
		return ld_fail(c, "%s 应为至多 %zu 项的数组", key, max);
	if (json_array_size(v) && !(*out = zf_arena_alloc(c->a, json_array_size(v) * elem)))
		return ld_nomem(c);
	return 0;
}

/* Array of non-empty strings KEY of OBJ (absent = none) into an arena array. */
static int ld_words(struct ld *c, const json_t *obj, const char *key, const char ***out, size_t *n)
{
	const json_t *v, *w;
	const char **words;
	void *mem;
	size_t i;
	int rc;

	*n = 0;
	*out = NULL;
	if ((rc = ld_array(c, obj, key, WORDS_MAX, sizeof(*words), &v, &mem)))
		return rc;
	*out = words = mem;
	if (!words)
		return 0;
	json_array_foreach(v, i, w) {
		if (!json_is_string(w) || json_string_length(w) == 0)
			return ld_fail(c, "%s 的第 %zu 项应为非空字符串", key, i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(words[j], json_string_value(w)) == 0)
				return ld_fail(c, "%s 重复列出 %s", key, words[j]);
		words[i] = json_string_value(w);
	}
	*n = json_array_size(v);
	return 0;
}

/* ---- facts and conditions ---- */

static int type_parse(const char *w)
{
	int t = word_index(type_words, NTYPES, w);
	return t > 0 ? t : 0;
}

static const struct zf_fact_def *fact_find(const struct zf_procedure *p, const char *name)
{
	for (size_t i = 0; i < p->nfacts; i++)
		if (strcmp(p->facts[i].name, name) == 0)
			return &p->facts[i];
	for (size_t i = 0; i < NELEM(engine_facts); i++)
		if (strcmp(engine_facts[i].name, name) == 0)
			return &engine_facts[i];
	return NULL;
}

/* The type of NAME in a condition: a fact, or (in a field's condition) a
 * field of the same step, whose submitted value takes part. 0 when unknown. */
static int cond_name_type(const struct zf_procedure *p, const json_t *step_fields,
			  const char *name)
{
	const struct zf_fact_def *f = fact_find(p, name);
	const json_t *fd;
	size_t i;

	if (f)
		return f->type;
	json_array_foreach(step_fields, i, fd) {
		const json_t *n = json_object_get(fd, "name"), *t = json_object_get(fd, "type");
		if (json_is_string(n) && strcmp(json_string_value(n), name) == 0)
			return json_is_string(t) ? type_parse(json_string_value(t)) : 0;
	}
	return 0;
}

/* 1 when literal V may be compared with a value of TYPE. */
static int value_fits(int type, const json_t *v)
{
	switch (type) {
	case ZF_FT_BOOL:
		return json_is_boolean(v);
	case ZF_FT_MONEY:
	case ZF_FT_OFFICER:
		return json_is_integer(v);
	case ZF_FT_INT:
		return json_is_number(v);
	case ZF_FT_TEXT: case ZF_FT_TEXTAREA: case ZF_FT_ENUM: case ZF_FT_ENUMS:
	case ZF_FT_DATE: case ZF_FT_DATETIME:
		return json_is_string(v);
	default:
		return json_is_string(v) || json_is_number(v) || json_is_boolean(v);
	}
}

static const char *const cmp_ops[] = {"eq", "ne", "in", "gt", "ge", "lt", "le", "set"};

/* Validates condition COND; STEP_FIELDS (or NULL) are the fields a field's
 * condition may also name. */
static int cond_check(struct ld *c, const json_t *cond, const json_t *step_fields, int depth)
{
	const char *key, *op = NULL;
	const json_t *val, *arg = NULL;
	size_t nkeys = 0, i;
	int type;

	if (depth > COND_DEPTH)
		return ld_fail(c, "条件嵌套超过 %d 层", COND_DEPTH);
	if (!json_is_object(cond))
		return ld_fail(c, "条件应为对象");
	json_object_foreach((json_t *)cond, key, val)
		nkeys += key[0] != '_'; /* comments do not count */
	if ((val = json_object_get(cond, "all")) || (val = json_object_get(cond, "any"))) {
		const json_t *sub;
		if (nkeys != 1)
			return ld_fail(c, "条件 all/any 不能与其他键并列");
		if (!json_is_array(val) || json_array_size(val) == 0)
			return ld_fail(c, "条件 all/any 应为非空数组");
		json_array_foreach(val, i, sub)
			if (cond_check(c, sub, step_fields, depth + 1))
				return ZF_EINVAL;
		return 0;
	}
	if ((val = json_object_get(cond, "not"))) {
		if (nkeys != 1)
			return ld_fail(c, "条件 not 不能与其他键并列");
		return cond_check(c, val, step_fields, depth + 1);
	}
	val = json_object_get(cond, "fact");
	if (!json_is_string(val) || nkeys != 2)
		return ld_fail(c, "条件应为 {\"fact\":名称, 运算: 值} 或 all/any/not");
	for (i = 0; i < NELEM(cmp_ops) && !op; i++)
		if ((arg = json_object_get(cond, cmp_ops[i])))
			op = cmp_ops[i];
	if (!op)
		return ld_fail(c, "条件的运算应为 eq ne in gt ge lt le set 之一");
	if (!(type = cond_name_type(c->p, step_fields, json_string_value(val))))
		return ld_fail(c, "条件引用了未声明的事实 %s", json_string_value(val));
	if (strcmp(op, "set") == 0) {
		if (!json_is_boolean(arg))
			return ld_fail(c, "条件 set 的值应为 true 或 false");
	} else if (strcmp(op, "in") == 0) {
		const json_t *e;
		if (!json_is_array(arg) || json_array_size(arg) == 0)
			return ld_fail(c, "条件 in 的值应为非空数组");
		json_array_foreach(arg, i, e)
			if (!value_fits(type, e))
				return ld_fail(c, "条件 in 的第 %zu 项与事实 %s 的类型不符", i + 1,
					       json_string_value(val));
	} else if (op[0] == 'e' || op[0] == 'n') {
		if (!value_fits(type, arg))
			return ld_fail(c, "条件 %s 的值与事实 %s 的类型不符", op,
				       json_string_value(val));
	} else {
		if (type != ZF_FT_MONEY && type != ZF_FT_INT)
			return ld_fail(c, "条件 %s 只能用于金额或整数事实，%s 不是", op,
				       json_string_value(val));
		if (!value_fits(type, arg))
			return ld_fail(c, "条件 %s 的值应为数字（金额以分计）", op);
	}
	return 0;
}

/* The optional condition member KEY of OBJ into *OUT. */
static int ld_cond(struct ld *c, const json_t *obj, const json_t *step_fields, const json_t **out)
{
	const json_t *v = json_object_get(obj, "when");

	*out = v;
	return v ? cond_check(c, v, step_fields, 0) : 0;
}

static int ld_facts(struct ld *c, const json_t *root)
{
	const json_t *obj = json_object_get(root, "facts"), *v;
	struct zf_fact_def *facts;
	const char *key;
	size_t i = 0;

	if (!obj)
		return 0;
	if (!json_is_object(obj))
		return ld_fail(c, "facts 应为对象（事实名: 类型）");
	if (json_object_size(obj) == 0)
		return 0;
	if (!(facts = zf_arena_alloc(c->a, json_object_size(obj) * sizeof(*facts))))
		return ld_nomem(c);
	json_object_foreach((json_t *)obj, key, v) {
		int t = json_is_string(v) ? type_parse(json_string_value(v)) : 0;

		if (!code_ok(key))
			return ld_fail(c, "事实名 %s 应为 1 至 32 个小写字母、数字或下划线", key);
		for (size_t j = 0; j < NELEM(engine_facts); j++)
			if (strcmp(engine_facts[j].name, key) == 0)
				return ld_fail(c, "事实 %s 由系统设置，不能在 facts 中声明", key);
		if (!t || t == ZF_FT_SIGNATURE || t == ZF_FT_PARTY || t == ZF_FT_OFFICERS)
			return ld_fail(c, "事实 %s 的类型未知或不能作为事实", key);
		facts[i].name = key;
		facts[i].type = t;
		i++;
	}
	c->p->facts = facts;
	c->p->nfacts = i;
	return 0;
}

/* The head of an item of list LIST: an object whose member KEY is its code
 * (LABEL in messages), set as *WHERE for the messages about the item, and
 * whose keys are among KEYS. */
static int ld_item(struct ld *c, const json_t *item, const char *list, const char *key,
		   const char *label, const char *const *keys, const char **code,
		   const char **where)
{
	int rc;

	if (!json_is_object(item))
		return ld_fail(c, "%s 的每一项应为对象", list);
	if ((rc = ld_str(c, item, key, 1, code)))
		return rc;
	if (!code_ok(*code))
		return ld_fail(c, "%s %s 应为 1 至 32 个小写字母、数字或下划线", label, *code);
	*where = *code;
	return ld_keys(c, item, keys);
}

/* A list member of the definition: steps, a step's fields, deadlines. */
struct list_spec {
	const char *key;
	size_t max;          /* most items */
	size_t elem;         /* size of one parsed item, whose first member is its code */
	int required;        /* at least one item */
	const char *dup;     /* message for a code given twice, with %s */
	int where;           /* what the code names in messages: 0 nothing, 1 a step, 2 a deadline */
	/* Parses ITEM of the array ALL into OUT. */
	int (*one)(struct ld *c, const json_t *item, const json_t *all, void *out);
};

/* Parses the list SPEC of OBJ into an arena array in *OUT, *N items, every
 * code unique. */
static int ld_list(struct ld *c, const json_t *obj, const struct list_spec *spec, void **out,
		   size_t *n)
{
	const json_t *v, *item;
	void *mem;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = ld_array(c, obj, spec->key, spec->max, spec->elem, &v, &mem)))
		return rc;
	if (!mem)
		return spec->required ? ld_fail(c, "%s 应为 1 至 %zu 项的数组", spec->key, spec->max)
				      : 0;
	json_array_foreach(v, i, item) {
		char *e = (char *)mem + i * spec->elem;
		const char *code;

		if ((rc = spec->one(c, item, v, e)))
			return rc;
		code = *(const char **)(void *)e;
		for (size_t j = 0; j < i; j++)
			if (strcmp(*(const char **)(void *)((char *)mem + j * spec->elem), code) == 0) {
				if (spec->where == 1)
					c->step = code;
				else if (spec->where == 2)
					c->deadline = code;
				return ld_fail(c, spec->dup, code);
			}
	}
	*out = mem;
	*n = json_array_size(v);
	return 0;
}

/* ---- fields ---- */

static int ld_options(struct ld *c, const json_t *fd, struct zf_field_def *f)
{
	const json_t *v = json_object_get(fd, "options"), *o;
	struct zf_option *opts;
	size_t i;

	if (f->type != ZF_FT_ENUM && f->type != ZF_FT_ENUMS) {
		if (v)
			return ld_fail(c, "只有 enum 或 enums 字段可以有 options");
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > WORDS_MAX)
		return ld_fail(c, "enum/enums 字段需要 options：[[值, 中文名], …]，至多 %d 项",
			       WORDS_MAX);
	if (!(opts = zf_arena_alloc(c->a, json_array_size(v) * sizeof(*opts))))
		return ld_nomem(c);
	json_array_foreach(v, i, o) {
		const json_t *w = json_array_get(o, 0), *l = json_array_get(o, 1);
		if (!json_is_array(o) || json_array_size(o) != 2 || !json_is_string(w) ||
		    !code_ok(json_string_value(w)) || !json_is_string(l) ||
		    json_string_length(l) == 0)
			return ld_fail(c, "options 的第 %zu 项应为 [值, 中文名]，值为小写字母、数字或下划线",
				       i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(opts[j].value, json_string_value(w)) == 0)
				return ld_fail(c, "options 的值 %s 重复", opts[j].value);
		opts[i].value = json_string_value(w);
		opts[i].label = json_string_value(l);
	}
	f->options = opts;
	f->noptions = json_array_size(v);
	return 0;
}

/* 1 when a field of type FIELD may set a fact of type FACT. */
static int fact_fits(int field, int fact)
{
	if (fact == ZF_FT_TEXT)
		return field == ZF_FT_TEXT || field == ZF_FT_TEXTAREA;
	if (fact == ZF_FT_INT)
		return field == ZF_FT_INT || field == ZF_FT_OFFICER;
	return field == fact;
}

static const char *const field_keys[] = {"name", "label", "type", "required", "max", "options",
					 "fact", "when", "help", NULL};

static int ld_field(struct ld *c, const json_t *fd, const json_t *step_fields,
		    struct zf_field_def *f)
{
	const char *type;
	int present, rc;

	if ((rc = ld_item(c, fd, "fields", "name", "字段名", field_keys, &f->name, &c->field)) ||
	    (rc = ld_str(c, fd, "label", 1, &f->label)) ||
	    (rc = ld_str(c, fd, "help", 0, &f->help)) || (rc = ld_str(c, fd, "type", 1, &type)) ||
	    (rc = ld_bool(c, fd, "required", &f->required)))
		return rc;
	if (!(f->type = type_parse(type)))
		return ld_fail(c, "未知的字段类型 %s", type);
	f->max = f->type == ZF_FT_TEXT ? 200 : f->type == ZF_FT_TEXTAREA ? 4000 : 0;
	if ((rc = ld_int(c, fd, "max", 1, 1000000000, &f->max, &present)) ||
	    (rc = ld_options(c, fd, f)))
		return rc;
	if (f->type == ZF_FT_ENUMS && !present)
		f->max = (int)f->noptions;
	if ((rc = ld_str(c, fd, "fact", 0, &f->fact)))
		return rc;
	if (f->fact) {
		const struct zf_fact_def *fact = fact_find(c->p, f->fact);
		if (!fact)
			return ld_fail(c, "fact 引用了未声明的事实 %s", f->fact);
		if (!fact_fits(f->type, fact->type))
			return ld_fail(c, "字段类型 %s 与事实 %s 的类型 %s 不符", type, f->fact,
				       type_words[fact->type]);
	}
	if ((rc = ld_cond(c, fd, step_fields, &f->when)))
		return rc;
	c->field = NULL;
	return 0;
}

static int one_field(struct ld *c, const json_t *item, const json_t *all, void *out)
{
	return ld_field(c, item, all, out);
}

static const struct list_spec field_list = {"fields", WORDS_MAX, sizeof(struct zf_field_def), 0,
					    "字段 %s 重复", 0, one_field};

static int ld_fields(struct ld *c, const json_t *sd, struct zf_step_def *s)
{
	void *fields;
	int rc = ld_list(c, sd, &field_list, &fields, &s->nfields);

	s->fields = fields;
	return rc;
}


/* ---- steps ---- */

static const char *const step_keys[] = {
	"code", "name", "group", "roles", "handler", "after", "after_any", "unless", "when",
	"repeat", "optional", "terminal", "anytime", "effect", "fields", "guards", "documents",
	"av", "major_gate", NULL};

static int ld_roles(struct ld *c, const json_t *sd, struct zf_step_def *s)
{
	const char **words;
	size_t n;
	int rc;

	if ((rc = ld_words(c, sd, "roles", &words, &n)))
		return rc;
	if (n == 0)
		return ld_fail(c, "roles 至少列出一个角色");
	for (size_t i = 0; i < n; i++) {
		int r = zf_role_parse(words[i]);
		if (r == ZF_ROLE_NONE)
			return ld_fail(c, "未知的角色 %s", words[i]);
		s->roles |= 1u << r;
	}
	return 0;
}

static int ld_step(struct ld *c, const json_t *sd, struct zf_step_def *s)
{
	const char *av = NULL;
	int rc, i = 0;

	if ((rc = ld_item(c, sd, "steps", "code", "步骤代码", step_keys, &s->code, &c->step)) ||
	    (rc = ld_str(c, sd, "name", 1, &s->name)) ||
	    (rc = ld_str(c, sd, "group", 0, &s->group)) || (rc = ld_roles(c, sd, s)) ||
	    (rc = ld_bool(c, sd, "handler", &s->handler)) ||
	    (rc = ld_words(c, sd, "after", &s->after, &s->nafter)) ||
	    (rc = ld_words(c, sd, "after_any", &s->after_any, &s->nafter_any)) ||
	    (rc = ld_words(c, sd, "unless", &s->unless, &s->nunless)) ||
	    (rc = ld_cond(c, sd, NULL, &s->when)) || (rc = ld_bool(c, sd, "repeat", &s->repeat)) ||
	    (rc = ld_bool(c, sd, "optional", &s->optional)) ||
	    (rc = ld_bool(c, sd, "terminal", &s->terminal)) ||
	    (rc = ld_bool(c, sd, "anytime", &s->anytime)) ||
	    (rc = ld_str(c, sd, "effect", 0, &s->effect)) || (rc = ld_fields(c, sd, s)) ||
	    (rc = ld_words(c, sd, "guards", &s->guards, &s->nguards)) ||
	    (rc = ld_words(c, sd, "documents", &s->documents, &s->ndocuments)) ||
	    (rc = ld_str(c, sd, "av", 0, &av)) ||
	    (rc = ld_bool(c, sd, "major_gate", &s->major_gate)))
		return rc;
	if (!s->effect)
		s->effect = "";
	if (word_index(effect_words, NELEM(effect_words), s->effect) < 0)
		return ld_fail(c, "未知的效果 %s", s->effect);
	if (av && (i = word_index(av_words, NELEM(av_words), av)) < 0)
		return ld_fail(c, "未知的音像记录要求 %s（应为 none、av、av_or_photo 或 whole）", av);
	s->av = av ? i : ZF_AV_NONE;
	for (size_t k = 0; k < s->ndocuments; k++)
		if (c->v && c->v->doc_known && !c->v->doc_known(s->documents[k]))
			return ld_fail(c, "未知的文书类型 %s", s->documents[k]);
	c->step = NULL;
	return 0;
}

static int one_step(struct ld *c, const json_t *item, const json_t *all, void *out)
{
	(void)all;
	return ld_step(c, item, out);
}

static const struct list_spec step_list = {"steps", 256, sizeof(struct zf_step_def), 1,
					   "步骤代码 %s 重复", 1, one_step};


/* ---- deadlines ---- */

static int refs_exist(struct ld *c, const char *key, const char *const *codes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!zf_procedure_step(c->p, codes[i]))
			return ld_fail(c, "%s 引用了不存在的步骤 %s", key, codes[i]);
	return 0;
}

static const char *const deadline_keys[] = {"code", "label", "from", "unit", "count", "setting",
					    "until", "kind", "pausable", "provisional_ok", NULL};
static const char *const from_keys[] = {"step", "field", NULL};
static const char *const unit_words[] = {[ZF_DU_WORKING] = "working",
					 [ZF_DU_CALENDAR] = "calendar",
					 [ZF_DU_MONTHS] = "months"};
static const char *const dkind_words[] = {[ZF_DK_DUE] = "due", [ZF_DK_WAIT] = "wait"};

static int ld_deadline_from(struct ld *c, const json_t *dd, struct zf_deadline_def *d)
{
	const json_t *from = json_object_get(dd, "from");
	const struct zf_step_def *s;
	int rc;

	if (!json_is_object(from))
		return ld_fail(c, "缺少 from：{\"step\": 步骤, \"field\": 日期字段}");
	if ((rc = ld_keys(c, from, from_keys)) || (rc = ld_str(c, from, "step", 1, &d->from_step)) ||
	    (rc = ld_str(c, from, "field", 0, &d->from_field)))
		return rc;
	if (!(s = zf_procedure_step(c->p, d->from_step)))
		return ld_fail(c, "from 引用了不存在的步骤 %s", d->from_step);
	if (d->from_field) {
		for (size_t i = 0; i < s->nfields; i++)
			if (strcmp(s->fields[i].name, d->from_field) == 0) {
				if (s->fields[i].type != ZF_FT_DATE &&
				    s->fields[i].type != ZF_FT_DATETIME)
					return ld_fail(c, "from 的字段 %s 不是日期或日期时间字段",
						       d->from_field);
				return 0;
			}
		return ld_fail(c, "from 的字段 %s 不是步骤 %s 的字段", d->from_field,
			       d->from_step);
	}
	return 0;
}

static int ld_deadline(struct ld *c, const json_t *dd, struct zf_deadline_def *d)
{
	const char *unit = NULL, *kind = NULL;
	int rc, present, i, prov;

	if ((rc = ld_item(c, dd, "deadlines", "code", "期限代码", deadline_keys, &d->code,
			  &c->deadline)) ||
	    (rc = ld_str(c, dd, "label", 1, &d->label)) ||
	    (rc = ld_deadline_from(c, dd, d)) || (rc = ld_str(c, dd, "unit", 1, &unit)) ||
	    (rc = ld_int(c, dd, "count", 1, 100000, &d->count, &present)) ||
	    (rc = ld_str(c, dd, "setting", 0, &d->setting)) ||
	    (rc = ld_words(c, dd, "until", &d->until, &d->nuntil)) ||
	    (rc = ld_str(c, dd, "kind", 0, &kind)) ||
	    (rc = ld_bool(c, dd, "pausable", &d->pausable)) ||
	    (rc = ld_bool(c, dd, "provisional_ok", &prov)))
		return rc;
	if ((i = word_index(unit_words, NELEM(unit_words), unit)) < 1)
		return ld_fail(c, "unit 应为 working、calendar 或 months，不是 %s", unit);
	d->unit = i;
	if (present == (d->setting != NULL))
		return ld_fail(c, "应给出 count 或 setting 之一");
	if (d->setting && c->v && c->v->setting_known && !c->v->setting_known(d->setting))
		return ld_fail(c, "未知的设置项 %s", d->setting);
	d->kind = ZF_DK_DUE;
	if (kind && (d->kind = word_index(dkind_words, NELEM(dkind_words), kind)) < 1)
		return ld_fail(c, "kind 应为 due 或 wait，不是 %s", kind);
	if (d->kind == ZF_DK_DUE && d->nuntil == 0)
		return ld_fail(c, "due 期限需要 until：完成哪些步骤即满足期限");
	if ((rc = refs_exist(c, "until", d->until, d->nuntil)))
		return rc;
	c->deadline = NULL;
	return 0;
}

static int one_deadline(struct ld *c, const json_t *item, const json_t *all, void *out)
{
	(void)all;
	return ld_deadline(c, item, out);
}

static const struct list_spec deadline_list = {"deadlines", WORDS_MAX,
					       sizeof(struct zf_deadline_def), 0,
					       "期限代码 %s 重复", 2, one_deadline};


/* ---- cross references ---- */

static int ld_guards(struct ld *c, const struct zf_step_def *s)
{
	static const char period[] = "period_over:";

	for (size_t i = 0; i < s->nguards; i++) {
		const char *g = s->guards[i];
		if (c->v && c->v->guard_known && !c->v->guard_known(g))
			return ld_fail(c, "未知的检查规则 %s", g);
		if (strncmp(g, period, sizeof(period) - 1) == 0 &&
		    !zf_procedure_deadline(c->p, g + sizeof(period) - 1))
			return ld_fail(c, "检查规则 %s 引用了不存在的期限 %s", g,
				       g + sizeof(period) - 1);
	}
	return 0;
}

/* Marks the steps reachable from the first along after/after_any edges
 * (anytime steps are reachable once the case is open) and names the first
 * that is not. */
static int ld_reachable(struct ld *c)
{
	const struct zf_procedure *p = c->p;
	unsigned char *seen = zf_arena_alloc(c->a, p->nsteps);
	int changed = 1;

	if (!seen)
		return ld_nomem(c);
	for (size_t i = 0; i < p->nsteps; i++)
		seen[i] = i == 0 || p->steps[i].anytime;
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < p->nsteps; i++) {
			const struct zf_step_def *s = &p->steps[i];
			int ok = !seen[i] && (s->nafter || s->nafter_any), any = s->nafter_any == 0;

			for (size_t k = 0; ok && k < s->nafter; k++)
				ok = seen[zf_procedure_step(p, s->after[k]) - p->steps];
			for (size_t k = 0; ok && !any && k < s->nafter_any; k++)
				any = seen[zf_procedure_step(p, s->after_any[k]) - p->steps];
			if (ok && any) {
				seen[i] = 1;
				changed = 1;
			}
		}
	}
	for (size_t i = 0; i < p->nsteps; i++)
		if (!seen[i]) {
			c->step = p->steps[i].code;
			return ld_fail(c, "从首个步骤 %s 无法到达（检查 after/after_any）",
				       p->steps[0].code);
		}
	return 0;
}

static int ld_links(struct ld *c)
{
	const struct zf_procedure *p = c->p;
	const struct zf_step_def *first = &p->steps[0];
	int terminal = 0, rc;

	for (size_t i = 0; i < p->nsteps; i++) {
		const struct zf_step_def *s = &p->steps[i];
		c->step = s->code;
		if ((rc = refs_exist(c, "after", s->after, s->nafter)) ||
		    (rc = refs_exist(c, "after_any", s->after_any, s->nafter_any)) ||
		    (rc = refs_exist(c, "unless", s->unless, s->nunless)) || (rc = ld_guards(c, s)))
			return rc;
		terminal |= s->terminal;
	}
	c->step = first->code;
	if (first->nafter || first->nafter_any)
		return ld_fail(c, "首个步骤开立案件，不能有前置步骤（after/after_any）");
	if (first->anytime || first->when)
		return ld_fail(c, "首个步骤开立案件，不能是 anytime 或带条件 when");
	c->step = NULL;
	if (!terminal)
		return ld_fail(c, "至少需要一个 terminal 步骤（结案或归档）");
	return ld_reachable(c);
}

/* ---- the definition ---- */

static const char *const root_keys[] = {"format", "code", "version", "name", "kind", "basis",
					"facts", "steps", "deadlines", NULL};

static int ld_root(struct ld *c, const json_t *root)
{
	struct zf_procedure *p = c->p;
	const char *format;
	void *steps, *deadlines;
	int rc, present;

	if (!json_is_object(root))
		return ld_fail(c, "定义应为 JSON 对象");
	if ((rc = ld_str(c, root, "format", 1, &format)))
		return rc;
	if (strcmp(format, PROC_FORMAT) != 0)
		return ld_fail(c, "格式应为 %s，不是 %s", PROC_FORMAT, format);
	if ((rc = ld_keys(c, root, root_keys)) || (rc = ld_str(c, root, "code", 1, &p->code)))
		return rc;
	if (!code_ok(p->code))
		return ld_fail(c, "代码 %s 应为 1 至 32 个小写字母、数字或下划线", p->code);
	if ((rc = ld_int(c, root, "version", 1, 1000000, &p->version, &present)))
		return rc;
	if (!present)
		return ld_fail(c, "缺少 version");
	if ((rc = ld_str(c, root, "name", 1, &p->name)) ||
	    (rc = ld_str(c, root, "kind", 1, &p->kind)) ||
	    (rc = ld_str(c, root, "basis", 1, &p->basis)))
		return rc;
	if (word_index(kind_words, NELEM(kind_words), p->kind) < 0)
		return ld_fail(c, "kind 应为 penalty、compulsory 或 inspection（流程图另可为 review），不是 %s", p->kind);
	if ((rc = ld_facts(c, root)) || (rc = ld_list(c, root, &step_list, &steps, &p->nsteps)))
		return rc;
	p->steps = steps;
	if ((rc = ld_list(c, root, &deadline_list, &deadlines, &p->ndeadlines)))
		return rc;
	p->deadlines = deadlines;
	return ld_links(c);
}

int zf_procedure_parse(struct zf_arena *a, const struct zf_proc_vocab *vocab, const char *file,
		       const json_t *root, struct zf_procedure *p, struct zf_err *err)
{
	struct ld c = {.a = a, .v = vocab, .err = err, .file = file, .p = p};

	return ld_root(&c, root);
}
