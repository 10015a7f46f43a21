/* The lists published before enforcement (事前公开): kinds and columns, validation with messages naming the field, pasted CSV/TSV, and the benchmark draft from the violation types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fieldcheck.h"
#include "core/public_list.h"
#include "util/str.h"

static const char *const categories[] = {"处罚", "强制", "检查", "许可", "征收",
					 "给付", "确认", "裁决", "其他", NULL};
static const char *const levels[] = {"轻微", "一般", "较重", "严重", NULL};

#define COLS(a) a, sizeof(a) / sizeof((a)[0])

static const struct zf_public_list_col items_cols[] = {
	{"code", "事项编码", 50, 0, 1, NULL},
	{"name", "事项名称", 200, 0, 1, NULL},
	{"category", "类别", 10, 0, 1, categories},
	{"body", "实施主体", 100, 0, 1, NULL},
	{"unit", "承办机构", 100, 0, 0, NULL},
	{"basis", "法律依据", 4000, 1, 1, NULL},
	{"level", "行使层级", 50, 0, 0, NULL},
};

static const struct zf_public_list_col checks_cols[] = {
	{"subject", "抽查主体", 100, 0, 1, NULL},
	{"basis", "抽查依据", 2000, 1, 1, NULL},
	{"object", "抽查对象", 500, 1, 1, NULL},
	{"content", "抽查内容", 2000, 1, 1, NULL},
	{"ratio", "抽查比例", 100, 0, 1, NULL},
	{"method", "抽查方式", 200, 0, 1, NULL},
	{"frequency", "抽查频次", 100, 0, 1, NULL},
};

static const struct zf_public_list_col guides_cols[] = {
	{"name", "事项名称", 200, 0, 1, NULL},
	{"basis", "设定依据", 2000, 1, 1, NULL},
	{"accepting", "受理机构", 100, 0, 1, NULL},
	{"approving", "决定机构", 100, 0, 1, NULL},
	{"conditions", "申请条件", 2000, 1, 1, NULL},
	{"preferential", "优惠政策", 2000, 1, 0, NULL},
	{"materials", "申请材料", 2000, 1, 1, NULL},
	{"process", "办理流程", 2000, 1, 1, NULL},
	{"time_limit", "办理时限", 200, 0, 1, NULL},
	{"fees", "收费标准", 500, 1, 1, NULL},
	{"supervision", "监督方式", 500, 1, 1, NULL},
	{"accountability", "责任追究", 500, 1, 0, NULL},
	{"remedy", "救济途径", 1000, 1, 1, NULL},
	{"hours", "办公时间", 200, 0, 1, NULL},
	{"address", "办公地址", 200, 0, 1, NULL},
	{"phone", "联系电话", 20, 0, 1, NULL},
};

static const struct zf_public_list_col basis_cols[] = {
	{"matter", "执法事项", 200, 0, 1, NULL},
	{"filing_basis", "立案依据", 2000, 1, 1, NULL},
	{"procedure", "实施程序", 4000, 1, 1, NULL},
	{"flowchart", "流程图", 40, 0, 0, NULL},
};

static const struct zf_public_list_col bench_cols[] = {
	{"violation", "违法行为", 200, 0, 1, NULL},
	{"code", "编码", 50, 0, 0, NULL},
	{"basis", "处罚依据", 2000, 1, 1, NULL},
	{"level", "裁量阶次", 10, 0, 1, levels},
	{"circumstance", "适用情形", 1000, 1, 1, NULL},
	{"penalty", "处罚标准", 500, 1, 1, NULL},
};

static const struct zf_public_list_kind kinds[] = {
	{"items", "行政执法事项清单", 1, COLS(items_cols)},
	{"random_checks", "随机抽查事项清单", 0, COLS(checks_cols)},
	{"service_guides", "服务指南", 0, COLS(guides_cols)},
	{"procedures_basis", "立案依据和实施程序", 0, COLS(basis_cols)},
	{"benchmarks", "行政裁量基准", 0, COLS(bench_cols)},
};

const struct zf_public_list_kind *zf_public_list_kinds(size_t *n)
{
	*n = sizeof(kinds) / sizeof(kinds[0]);
	return kinds;
}

const struct zf_public_list_kind *zf_public_list_kind(const char *word)
{
	for (size_t i = 0; word && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].word, word) == 0)
			return &kinds[i];
	return NULL;
}

static const struct zf_public_list_col *col_of(const struct zf_public_list_kind *k,
					       const char *key)
{
	for (size_t i = 0; i < k->ncols; i++)
		if (strcmp(k->cols[i].key, key) == 0)
			return &k->cols[i];
	return NULL;
}

/* The allowed values of C joined by "、" into OUT. */
static void options_text(const struct zf_public_list_col *c, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; c->options[i] && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s%s", i ? "、" : "", c->options[i]);
	zf_utf8_cut(out);
}

/* Checks cell C of row I (value V, NULL when absent). */
static void check_cell(struct zf_fieldcheck *ck, size_t i, const struct zf_public_list_col *c,
		       const json_t *v, const struct zf_procedures *set)
{
	char field[48], label[64], opts[160];
	const char *s = v ? json_string_value(v) : "";

	snprintf(field, sizeof(field), "items[%zu].%s", i, c->key);
	snprintf(label, sizeof(label), "第%zu行的%s", i + 1, c->label);
	if (!s) {
		zf_fieldcheck_fail(ck, field, "%s须为文字", label);
		return;
	}
	if (zf_fieldcheck_text(ck, field, label, s, c->max, c->multiline, c->required) !=
	    ZF_FIELD_OK)
		return;
	if (c->options) {
		int ok = 0;
		for (size_t k = 0; c->options[k]; k++)
			ok |= strcmp(c->options[k], s) == 0;
		if (!ok) {
			options_text(c, opts, sizeof(opts));
			zf_fieldcheck_fail(ck, field, "%s须为%s之一", label, opts);
		}
	}
	if (strcmp(c->key, "phone") == 0)
		zf_fieldcheck_phone(ck, field, label, s);
	if (strcmp(c->key, "flowchart") == 0 && set && !zf_procedure_find(set, s))
		zf_fieldcheck_fail(ck, field, "%s“%s”不是本系统的执法程序", label, s);
}

/* Row I of KIND: an object of known keys with valid cells. */
static void check_row(struct zf_fieldcheck *ck, const struct zf_public_list_kind *k, size_t i,
		      const json_t *row, const struct zf_procedures *set)
{
	char field[64];
	const char *key;
	const json_t *v;

	snprintf(field, sizeof(field), "items[%zu]", i);
	if (!json_is_object(row)) {
		zf_fieldcheck_fail(ck, field, "第%zu行须为对象", i + 1);
		return;
	}
	json_object_foreach((json_t *)row, key, v)
		if (!col_of(k, key)) {
			snprintf(field, sizeof(field), "items[%zu].%.20s", i, key);
			zf_fieldcheck_fail(ck, field, "第%zu行含有未知字段“%.30s”", i + 1, key);
		}
	for (size_t c = 0; c < k->ncols; c++)
		check_cell(ck, i, &k->cols[c], json_object_get(row, k->cols[c].key), set);
}

/* Item codes (事项编码) are unique in an items list. */
static void check_codes(struct zf_fieldcheck *ck, const json_t *rows)
{
	size_t n = json_array_size(rows);

	for (size_t i = 1; i < n; i++) {
		const char *a = json_string_value(json_object_get(json_array_get(rows, i), "code"));
		for (size_t j = 0; a && *a && j < i; j++) {
			const char *b =
				json_string_value(json_object_get(json_array_get(rows, j), "code"));
			if (b && strcmp(a, b) == 0) {
				char field[48];
				snprintf(field, sizeof(field), "items[%zu].code", i);
				zf_fieldcheck_fail(ck, field, "第%zu行的事项编码与第%zu行重复",
						   i + 1, j + 1);
				break;
			}
		}
	}
}

int zf_public_list_check(const json_t *list, const char *kind, const struct zf_procedures *set,
			 struct zf_err *err)
{
	const struct zf_public_list_kind *k = zf_public_list_kind(kind);
	struct zf_fieldcheck ck = {err, 0};
	const json_t *rows = json_object_get(list, "items"), *row;
	const char *key;
	const json_t *v;
	size_t i;

	if (!k)
		return zf_err_field(err, "kind", "清单种类“%.40s”不存在", kind ? kind : "");
	if (!json_is_object(list))
		return zf_err_field(err, "items", "%s须为JSON对象", k->label);
	if (!json_is_string(json_object_get(list, "format")) ||
	    strcmp(json_string_value(json_object_get(list, "format")), ZF_PUBLIC_LIST_FORMAT))
		zf_fieldcheck_fail(&ck, "format", "清单格式须为%s", ZF_PUBLIC_LIST_FORMAT);
	if (!json_is_string(json_object_get(list, "kind")) ||
	    strcmp(json_string_value(json_object_get(list, "kind")), k->word))
		zf_fieldcheck_fail(&ck, "kind", "清单种类须为%s（%s）", k->word, k->label);
	json_object_foreach((json_t *)list, key, v)
		if (strcmp(key, "format") && strcmp(key, "kind") && strcmp(key, "items"))
			zf_fieldcheck_fail(&ck, "format", "清单含有未知字段“%.30s”", key);
	if (!json_is_array(rows))
		zf_fieldcheck_fail(&ck, "items", "%s须含有各行（items数组）", k->label);
	else if (json_array_size(rows) == 0)
		zf_fieldcheck_fail(&ck, "items", "%s至少须有一行", k->label);
	else if (json_array_size(rows) > ZF_PUBLIC_LIST_ROWS_MAX)
		zf_fieldcheck_fail(&ck, "items", "%s不能超过%d行", k->label,
				   ZF_PUBLIC_LIST_ROWS_MAX);
	else {
		json_array_foreach(rows, i, row)
			check_row(&ck, k, i, row, set);
		if (strcmp(k->word, "items") == 0)
			check_codes(&ck, rows);
	}
	if (!ck.bad)
		return 0;
	if (err) {
		char first[192];
		snprintf(first, sizeof(first), "%s", err->nfields ? err->fields[0].msg : "");
		zf_err_set(err, ZF_EINVAL, "%s有%d处需要修改：%s", k->label, ck.bad, first);
		zf_utf8_cut(err->msg);
	}
	return ZF_EINVAL;
}

json_t *zf_public_list_new(const char *kind, json_t *rows)
{
	const struct zf_public_list_kind *k = zf_public_list_kind(kind);

	if (!rows)
		rows = json_array();
	if (!k || !rows) {
		json_decref(rows);
		return NULL;
	}
	return json_pack("{s:s,s:s,s:o}", "format", ZF_PUBLIC_LIST_FORMAT, "kind", k->word,
			 "items", rows);
}

/* ---- CSV / TSV ---------------------------------------------------------- */

struct csv {
	const char *p;
	char sep;
	size_t line;           /* 1-based, of the reading position */
	size_t start;          /* the line the record being read starts on */
	char *cell;            /* growing buffer of the current cell */
	size_t len, cap;
};

static int cell_put(struct csv *c, char ch)
{
	if (c->len + 2 > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		char *p = realloc(c->cell, cap);
		if (!p)
			return -1;
		c->cell = p;
		c->cap = cap;
	}
	c->cell[c->len++] = ch;
	c->cell[c->len] = '\0';
	return 0;
}

/* Reads one record into the array REC; 1 when one was read, 0 at the end,
 * -1 out of memory, -2 on an open quote. */
static int csv_record(struct csv *c, json_t *rec)
{
	if (!*c->p)
		return 0;
	c->start = c->line;
	for (;;) {
		int quoted = 0, open = 0;
		c->len = 0;
		if (cell_put(c, '\0'))
			return -1;
		c->len = 0;
		c->cell[0] = '\0';
		if (*c->p == '"') {
			quoted = open = 1;
			c->p++;
		}
		while (*c->p) {
			char ch = *c->p;
			if (open) {
				if (ch == '"' && c->p[1] == '"') {
					c->p += 2;
					if (cell_put(c, '"'))
						return -1;
					continue;
				}
				if (ch == '"') {
					open = 0;
					c->p++;
					continue;
				}
				if (ch == '\n')
					c->line++;
			} else if (ch == c->sep || ch == '\n' || ch == '\r') {
				break;
			}
			if (cell_put(c, ch))
				return -1;
			c->p++;
		}
		if (open)
			return -2;
		char *s = c->cell;
		if (!quoted)
			s = zf_str_trim(s);
		if (json_array_append_new(rec, json_string(s ? s : "")))
			return -1;
		if (*c->p == c->sep) {
			c->p++;
			continue;
		}
		if (*c->p == '\r')
			c->p++;
		if (*c->p == '\n')
			c->p++;
		return 1;
	}
}

/* 1 when record REC is the header of K (labels or keys). */
static int is_header(const struct zf_public_list_kind *k, const json_t *rec)
{
	const char *first = json_string_value(json_array_get(rec, 0));

	return first && (strcmp(first, k->cols[0].label) == 0 || strcmp(first, k->cols[0].key) == 0);
}

/* 1 when every cell of REC is blank. */
static int blank_record(const json_t *rec)
{
	const json_t *v;
	size_t i;

	json_array_foreach(rec, i, v)
		if (!zf_str_blank(json_string_value(v)))
			return 0;
	return 1;
}

int zf_public_list_parse_csv(const char *kind, const char *text, json_t **out,
			     struct zf_err *err)
{
	const struct zf_public_list_kind *k = zf_public_list_kind(kind);
	struct csv c = {0};
	json_t *rows = json_array(), *rec = NULL;
	size_t nrec = 0;
	int rc = 0, r;

	*out = NULL;
	if (!k) {
		json_decref(rows);
		return zf_err_field(err, "kind", "清单种类“%.40s”不存在", kind ? kind : "");
	}
	if (!rows)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (strlen(text) > ZF_PUBLIC_LIST_CSV_MAX) {
		rc = zf_err_field(err, "csv", "粘贴的表格不能超过%d KB", ZF_PUBLIC_LIST_CSV_MAX / 1024);
		goto out;
	}
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3;
	c.p = text;
	c.sep = strcspn(text, "\n") > strcspn(text, "\t") ? '\t' : ',';
	c.line = 1;
	while ((rec = json_array()) && (r = csv_record(&c, rec)) == 1) {
		size_t line = c.start;
		nrec++;
		c.line++;
		if (blank_record(rec) || (nrec == 1 && is_header(k, rec))) {
			json_decref(rec);
			continue;
		}
		if (json_array_size(rec) > k->ncols) {
			rc = zf_err_field(err, "csv", "粘贴的表格第%zu行有%zu列，%s只有%zu列", line,
					  json_array_size(rec), k->label, k->ncols);
			goto out;
		}
		if (json_array_size(rows) >= ZF_PUBLIC_LIST_ROWS_MAX) {
			rc = zf_err_field(err, "csv", "粘贴的表格不能超过%d行",
					  ZF_PUBLIC_LIST_ROWS_MAX);
			goto out;
		}
		json_t *row = json_object();
		for (size_t i = 0; row && i < k->ncols; i++) {
			const char *v = json_string_value(json_array_get(rec, i));
			json_object_set_new(row, k->cols[i].key, json_string(v ? v : ""));
		}
		if (!row || json_array_append_new(rows, row)) {
			rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
			goto out;
		}
		json_decref(rec);
	}
	if (!rec)
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
	else if (r == -1)
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
	else if (r == -2)
		rc = zf_err_field(err, "csv", "粘贴的表格第%zu行的引号没有闭合", c.start);
out:
	json_decref(rec);
	free(c.cell);
	if (rc)
		json_decref(rows);
	else
		*out = rows;
	return rc;
}

/* ---- benchmarks from the violation types -------------------------------- */

/* "罚款1000.00元以上5000.00元以下；警告" of band B into OUT. */
static void penalty_text(const struct zf_benchmark *b, char *out, size_t n)
{
	char lo[24], hi[24];
	int len = 0;

	out[0] = '\0';
	zf_money_format(b->fine_min, lo);
	zf_money_format(b->fine_max, hi);
	if (b->fine_max > 0 && b->fine_min == b->fine_max)
		len = snprintf(out, n, "罚款%s元", lo);
	else if (b->fine_max > 0)
		len = snprintf(out, n, "罚款%s元以上%s元以下", lo, hi);
	if (b->other && *b->other && len >= 0 && (size_t)len < n)
		snprintf(out + len, n - (size_t)len, "%s%s", len ? "；" : "", b->other);
	if (!out[0])
		snprintf(out, n, "不予罚款");
	zf_utf8_cut(out);
}

json_t *zf_public_list_benchmarks(const struct zf_violation *v, size_t n)
{
	json_t *rows = json_array();
	char pen[600];

	for (size_t i = 0; rows && i < n; i++) {
		if (!v[i].active)
			continue;
		const char *basis = v[i].penalty_basis && *v[i].penalty_basis ? v[i].penalty_basis
									       : v[i].legal_basis;
		for (size_t j = 0; j < v[i].nbands; j++) {
			const struct zf_benchmark *b = &v[i].bands[j];
			penalty_text(b, pen, sizeof(pen));
			if (json_array_append_new(
				    rows, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "violation",
						    v[i].name ? v[i].name : "", "code",
						    v[i].code ? v[i].code : "", "basis",
						    basis ? basis : "", "level",
						    zf_band_label(b->level), "circumstance",
						    b->circumstance ? b->circumstance : "", "penalty",
						    pen))) {
				json_decref(rows);
				return NULL;
			}
		}
	}
	return rows ? zf_public_list_new("benchmarks", rows) : NULL;
}
