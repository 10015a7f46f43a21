/* The working-day calendar: year files (zhifa-calendar/v1) parsed and checked into per-year day tables, and the deadline arithmetic on them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/calendar.h"
#include "util/embed.h"
#include "util/str.h"

#define YEAR_MIN 2000
#define YEAR_MAX 2999
/* A year file is a few kilobytes; anything far larger is not one. */
#define FILE_MAX (64 * 1024)
/* Two names per holiday (the holiday, its make-up days) must fit a byte. */
#define HOLIDAYS_MAX 64
#define NAME_CHARS_MAX 32
#define SOURCE_CHARS_MAX 300
/* Bounds on the arithmetic: the covered years end at YEAR_MAX anyway. */
#define WORKING_MAX 100000
#define DAYS_MAX 400000
#define MONTHS_MAX 12000

enum { DAY_PLAIN = 0, DAY_OFF = 1, DAY_MAKEUP = 2 };

struct cal_year {
	int year;
	int status;
	char *source;
	char **names;          /* 2 per holiday: its name, then "<name>调休" */
	size_t nnames;
	int days_off;          /* days off on Monday to Friday */
	int makeup_days;
	uint8_t kind[366];     /* DAY_*, by day of the year (0 = January 1st) */
	uint8_t name_of[366];  /* index into names for DAY_OFF and DAY_MAKEUP */
	uint8_t work[46];      /* bit i: day i is a working day */
};

struct zf_calendar {
	struct cal_year **years; /* ascending by year */
	size_t n, cap;
};

static void year_free(struct cal_year *y)
{
	if (!y)
		return;
	for (size_t i = 0; i < y->nnames; i++)
		free(y->names[i]);
	free(y->names);
	free(y->source);
	free(y);
}

int zf_calendar_new(struct zf_calendar **out, struct zf_err *err)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : zf_err_set(err, ZF_ENOMEM, "内存不足");
}

void zf_calendar_free(struct zf_calendar *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		year_free(c->years[i]);
	free(c->years);
	free(c);
}

/* ---- days ---- */

/* 0 = Sunday .. 6 = Saturday; 1970-01-01 was a Thursday. */
static int weekday_of_days(int64_t z)
{
	return (int)(((z % 7) + 7 + 4) % 7);
}

static int is_weekend(int64_t z)
{
	int wd = weekday_of_days(z);
	return wd == 0 || wd == 6;
}

static int64_t jan1(int year)
{
	return zf_date_days((struct zf_date){year, 1, 1});
}

static int year_length(int year)
{
	return (int)(jan1(year + 1) - jan1(year));
}

static int month_length(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

static const struct cal_year *find_year(const struct zf_calendar *c, int year)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->years[i]->year == year)
			return c->years[i];
	return NULL;
}

/* ---- parsing a year file ---- */

/* A parse in progress: the year being built and where the error goes. */
struct parse {
	struct cal_year *y;
	struct zf_err *err;
};

static int bad(struct parse *p, const char *what, const char *msg)
{
	return zf_err_set(p->err, ZF_EINVAL, "年历文件有误：%s%s", what, msg);
}

/* 0 when O has only the keys listed in KEYS (NULL-terminated). */
static int only_keys(struct parse *p, json_t *o, const char *const *keys, const char *where)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		size_t i = 0;
		while (keys[i] && strcmp(keys[i], k) != 0)
			i++;
		if (!keys[i])
			return zf_err_set(p->err, ZF_EINVAL, "年历文件有误：%s含有未知的项“%.64s”", where,
					  k);
	}
	return 0;
}

/* A non-empty string of at most MAX characters, copied into *OUT. */
static int text_value(struct parse *p, json_t *v, size_t max, const char *what, char **out)
{
	const char *s = json_string_value(v);

	if (!s || zf_str_blank(s))
		return bad(p, what, "不能为空，应为文字");
	if (zf_str_chars(s) > max)
		return zf_err_set(p->err, ZF_EINVAL, "年历文件有误：%s超过%zu个字", what, max);
	if (!(*out = strdup(s)))
		return zf_err_set(p->err, ZF_ENOMEM, "内存不足");
	return 0;
}

/* The day of the year (0-based) of date string V, which must lie in the year. */
static int day_value(struct parse *p, json_t *v, const char *what, int *index)
{
	const char *s = json_string_value(v);
	struct zf_date d;

	if (!s || zf_date_parse(s, &d) != 0)
		return zf_err_set(p->err, ZF_EINVAL,
				  "年历文件有误：%s的日期“%.32s”无效，应为 YYYY-MM-DD 格式的真实日期", what,
				  s ? s : "");
	if (d.y != p->y->year)
		return zf_err_set(p->err, ZF_EINVAL, "年历文件有误：%s的日期 %s 不在%d年内", what, s,
				  p->y->year);
	*index = (int)(zf_date_days(d) - jan1(d.y));
	return 0;
}

/* Marks day I of the year as KIND for holiday H (its names at 2H, 2H+1). */
static int mark(struct parse *p, int i, int kind, size_t h, const char *what)
{
	struct cal_year *y = p->y;
	struct zf_date d = zf_date_from_days(jan1(y->year) + i);
	char iso[11];

	zf_date_iso(d, iso);
	if (y->kind[i] == kind)
		return zf_err_set(p->err, ZF_EINVAL, "年历文件有误：%s的日期 %s 重复列出", what, iso);
	if (y->kind[i] != DAY_PLAIN)
		return zf_err_set(p->err, ZF_EINVAL,
				  "年历文件有误：%s 既列为放假日又列为调休上班日（%s）", iso, what);
	if (kind == DAY_MAKEUP && !is_weekend(jan1(y->year) + i))
		return zf_err_set(p->err, ZF_EINVAL,
				  "年历文件有误：%s的调休上班日 %s 是周一至周五，只有周六、周日可以调休上班",
				  what, iso);
	y->kind[i] = (uint8_t)kind;
	y->name_of[i] = (uint8_t)(2 * h + (kind == DAY_MAKEUP));
	return 0;
}

/* "off": one date, or [first, last] inclusive. */
static int parse_off(struct parse *p, json_t *off, size_t h, const char *what)
{
	int first, last, rc;

	if (json_is_string(off)) {
		if ((rc = day_value(p, off, what, &first)))
			return rc;
		return mark(p, first, DAY_OFF, h, what);
	}
	if (!json_is_array(off) || json_array_size(off) != 2)
		return bad(p, what, "的放假日期（off）应为一个日期，或 [首日, 末日] 两个日期");
	if ((rc = day_value(p, json_array_get(off, 0), what, &first)) ||
	    (rc = day_value(p, json_array_get(off, 1), what, &last)))
		return rc;
	if (last < first)
		return bad(p, what, "的放假末日早于首日");
	for (int i = first; i <= last; i++)
		if ((rc = mark(p, i, DAY_OFF, h, what)))
			return rc;
	return 0;
}

static int parse_makeup(struct parse *p, json_t *makeup, size_t h, const char *what)
{
	size_t i;
	json_t *v;
	int day, rc;

	if (!makeup)
		return 0;
	if (!json_is_array(makeup))
		return bad(p, what, "的调休上班日（makeup）应为日期列表");
	json_array_foreach(makeup, i, v) {
		if ((rc = day_value(p, v, what, &day)) || (rc = mark(p, day, DAY_MAKEUP, h, what)))
			return rc;
	}
	return 0;
}

static int parse_holiday(struct parse *p, json_t *o, size_t h)
{
	static const char *const keys[] = {"name", "off", "makeup", NULL};
	char what[160];
	struct cal_year *y = p->y;
	int rc;

	snprintf(what, sizeof(what), "第%zu个节日", h + 1);
	if (!json_is_object(o))
		return bad(p, what, "应为对象 {\"name\":…, \"off\":…, \"makeup\":[…]}");
	if ((rc = only_keys(p, o, keys, what)) ||
	    (rc = text_value(p, json_object_get(o, "name"), NAME_CHARS_MAX, what, &y->names[2 * h])))
		return rc;
	size_t len = strlen(y->names[2 * h]);
	if (!(y->names[2 * h + 1] = malloc(len + sizeof("调休"))))
		return zf_err_set(p->err, ZF_ENOMEM, "内存不足");
	memcpy(y->names[2 * h + 1], y->names[2 * h], len);
	memcpy(y->names[2 * h + 1] + len, "调休", sizeof("调休"));
	snprintf(what, sizeof(what), "“%s”", y->names[2 * h]);
	if (!json_object_get(o, "off"))
		return bad(p, what, "缺少放假日期（off）");
	if ((rc = parse_off(p, json_object_get(o, "off"), h, what)))
		return rc;
	return parse_makeup(p, json_object_get(o, "makeup"), h, what);
}

/* Fills the working-day bits and the counts from the day kinds. */
static void year_finish(struct cal_year *y)
{
	int64_t first = jan1(y->year);
	int len = year_length(y->year);

	for (int i = 0; i < len; i++) {
		int weekend = is_weekend(first + i);
		int working = y->kind[i] == DAY_MAKEUP || (y->kind[i] == DAY_PLAIN && !weekend);
		if (working)
			y->work[i >> 3] |= (uint8_t)(1u << (i & 7));
		if (y->kind[i] == DAY_OFF && !weekend)
			y->days_off++;
		if (y->kind[i] == DAY_MAKEUP)
			y->makeup_days++;
	}
}

static int parse_year(json_t *root, struct cal_year *y, struct zf_err *err)
{
	static const char *const keys[] = {"format", "year", "status", "source", "holidays", NULL};
	struct parse p = {y, err};
	json_t *v = json_object_get(root, "format"), *hs;
	const char *status;
	size_t i;
	int rc;

	if (!json_is_object(root))
		return zf_err_set(err, ZF_EINVAL, "年历文件有误：应为一个 JSON 对象");
	if (!json_is_string(v) || strcmp(json_string_value(v), "zhifa-calendar/v1") != 0)
		return zf_err_set(err, ZF_EINVAL, "年历文件有误：format 应为 \"zhifa-calendar/v1\"");
	if ((rc = only_keys(&p, root, keys, "文件")))
		return rc;
	v = json_object_get(root, "year");
	if (!json_is_integer(v) || json_integer_value(v) < YEAR_MIN || json_integer_value(v) > YEAR_MAX)
		return zf_err_set(err, ZF_EINVAL, "年历文件有误：year 应为 %d 至 %d 之间的年份", YEAR_MIN,
				  YEAR_MAX);
	y->year = (int)json_integer_value(v);
	status = json_string_value(json_object_get(root, "status"));
	if (status && strcmp(status, "official") == 0)
		y->status = ZF_CAL_OFFICIAL;
	else if (status && strcmp(status, "provisional") == 0)
		y->status = ZF_CAL_PROVISIONAL;
	else
		return zf_err_set(err, ZF_EINVAL,
				  "年历文件有误：status 应为 \"official\"（正式）或 \"provisional\"（暂定）");
	if ((rc = text_value(&p, json_object_get(root, "source"), SOURCE_CHARS_MAX,
			     "来源（source）", &y->source)))
		return rc;
	hs = json_object_get(root, "holidays");
	if (!json_is_array(hs) || json_array_size(hs) == 0)
		return zf_err_set(err, ZF_EINVAL, "年历文件有误：holidays 应为非空的节日列表");
	if (json_array_size(hs) > HOLIDAYS_MAX)
		return zf_err_set(err, ZF_EINVAL, "年历文件有误：节日超过%d个", HOLIDAYS_MAX);
	if (!(y->names = calloc(2 * json_array_size(hs), sizeof(*y->names))))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	y->nnames = 2 * json_array_size(hs);
	json_array_foreach(hs, i, v) {
		if ((rc = parse_holiday(&p, v, i)))
			return rc;
	}
	year_finish(y);
	return 0;
}

/* Puts Y into C in year order, replacing a year of lower or equal status. */
static int install(struct zf_calendar *c, struct cal_year *y, struct zf_err *err)
{
	size_t i = 0;

	while (i < c->n && c->years[i]->year < y->year)
		i++;
	if (i < c->n && c->years[i]->year == y->year) {
		if (c->years[i]->status > y->status)
			return zf_err_set(err, ZF_ECONFLICT,
					  "%d年已有正式年历，不能用暂定年历替换", y->year);
		year_free(c->years[i]);
		c->years[i] = y;
		return 0;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 8;
		struct cal_year **ys = realloc(c->years, cap * sizeof(*ys));
		if (!ys)
			return zf_err_set(err, ZF_ENOMEM, "内存不足");
		c->years = ys;
		c->cap = cap;
	}
	memmove(c->years + i + 1, c->years + i, (c->n - i) * sizeof(*c->years));
	c->years[i] = y;
	c->n++;
	return 0;
}

int zf_calendar_load(struct zf_calendar *c, const char *json, size_t len, int *year,
		     struct zf_err *err)
{
	struct cal_year *y = NULL;
	json_error_t jerr;
	json_t *root = NULL;
	int rc;

	if (len > FILE_MAX)
		return zf_err_set(err, ZF_EINVAL, "年历文件过大（超过%d KB）", FILE_MAX / 1024);
	if (!(root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr))) {
		rc = zf_err_set(err, ZF_EINVAL, "年历文件不是有效的 JSON（第%d行第%d列：%.80s）",
				jerr.line, jerr.column, jerr.text);
		goto out;
	}
	if (!(y = calloc(1, sizeof(*y)))) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	if ((rc = parse_year(root, y, err)))
		goto out;
	if (year)
		*year = y->year;
	if ((rc = install(c, y, err)))
		goto out;
	y = NULL;
out:
	year_free(y);
	json_decref(root);
	return rc;
}

int zf_calendar_builtin(struct zf_calendar **out, struct zf_err *err)
{
	static const char prefix[] = "core/calendars/";
	struct zf_calendar *c = NULL;
	int rc = zf_calendar_new(&c, err);

	for (const struct zf_embed_file *e = zf_embedded; !rc && e->name; e++) {
		size_t n = strlen(e->name);
		if (strncmp(e->name, prefix, sizeof(prefix) - 1) != 0 || n < 5 ||
		    strcmp(e->name + n - 5, ".json") != 0)
			continue;
		struct zf_err why = {0};
		if ((rc = zf_calendar_load(c, (const char *)e->data, e->len, NULL, &why)))
			rc = zf_err_set(err, ZF_ERROR, "内置年历 %s 有误：%s", e->name, why.msg);
	}
	if (rc) {
		zf_calendar_free(c);
		c = NULL;
	}
	*out = c;
	return rc;
}

/* ---- reading ---- */

int zf_calendar_year_status(const struct zf_calendar *c, int year)
{
	const struct cal_year *y = c ? find_year(c, year) : NULL;
	return y ? y->status : ZF_CAL_NONE;
}

static int in_range(struct zf_date d)
{
	return d.y >= YEAR_MIN && d.y <= YEAR_MAX && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= month_length(d.y, d.m);
}

static int bad_date(struct zf_err *err)
{
	return zf_err_set(err, ZF_EINVAL, "起算日期无效，应为 %d 至 %d 年间的真实日期", YEAR_MIN,
			  YEAR_MAX);
}

static int not_loaded(struct zf_err *err, int year)
{
	return zf_err_set(err, ZF_ENOTFOUND, "%d年的工作日历尚未载入", year);
}

int zf_calendar_day(const struct zf_calendar *c, struct zf_date d, struct zf_cal_day *out,
		    struct zf_err *err)
{
	const struct cal_year *y = find_year(c, d.y);

	if (!in_range(d))
		return bad_date(err);
	if (!y)
		return not_loaded(err, d.y);
	int i = (int)(zf_date_days(d) - jan1(d.y));
	out->working = (y->work[i >> 3] >> (i & 7)) & 1;
	out->status = y->status;
	out->name = y->kind[i] == DAY_PLAIN ? NULL : y->names[y->name_of[i]];
	return 0;
}

/* Walks days in order, remembering the year it is in and whether any year
 * it used was provisional. */
struct cursor {
	const struct zf_calendar *c;
	const struct cal_year *y;
	int64_t first, end; /* the year's days [first, end) */
	int provisional;
};

/* 1 when day Z (days since 1970) is a working day, 0 when not, or
 * ZF_ENOTFOUND when no file covers its year. */
static int working(struct cursor *k, int64_t z, struct zf_err *err)
{
	if (!k->y || z < k->first || z >= k->end) {
		struct zf_date d = zf_date_from_days(z);
		if (!(k->y = find_year(k->c, d.y)))
			return not_loaded(err, d.y);
		k->first = jan1(d.y);
		k->end = jan1(d.y + 1);
		if (k->y->status == ZF_CAL_PROVISIONAL)
			k->provisional = 1;
	}
	int i = (int)(z - k->first);
	return (k->y->work[i >> 3] >> (i & 7)) & 1;
}

/* Day Z, or the next working day after it when it is not one. */
static int roll_over(const struct zf_calendar *c, int64_t z, struct zf_due *out,
		     struct zf_err *err)
{
	struct cursor k = {.c = c};
	int w;

	while ((w = working(&k, z, err)) == 0)
		z++;
	if (w < 0)
		return w;
	out->date = zf_date_from_days(z);
	out->provisional = k.provisional;
	return 0;
}

/* 0 when FROM is a date in range and N within [MIN, MAX]; ZF_EINVAL
 * naming WHAT otherwise. */
static int check_args(struct zf_date from, int n, int min, int max, const char *what,
		      struct zf_err *err)
{
	if (!in_range(from))
		return bad_date(err);
	if (n < min || n > max)
		return zf_err_set(err, ZF_EINVAL, "%s应为 %d 至 %d", what, min, max);
	return 0;
}

int zf_calendar_add_working(const struct zf_calendar *c, struct zf_date from, int n,
			    struct zf_due *out, struct zf_err *err)
{
	struct cursor k = {.c = c};
	int64_t z;
	int w;

	if ((w = check_args(from, n, 1, WORKING_MAX, "工作日天数", err)))
		return w;
	z = zf_date_days(from);
	while (n > 0) {
		if ((w = working(&k, ++z, err)) < 0)
			return w;
		n -= w;
	}
	out->date = zf_date_from_days(z);
	out->provisional = k.provisional;
	return 0;
}

int zf_calendar_add_days(const struct zf_calendar *c, struct zf_date from, int n,
			 struct zf_due *out, struct zf_err *err)
{
	int rc = check_args(from, n, 0, DAYS_MAX, "天数", err);

	return rc ? rc : roll_over(c, zf_date_days(from) + n, out, err);
}

int zf_calendar_add_months(const struct zf_calendar *c, struct zf_date from, int n,
			   struct zf_due *out, struct zf_err *err)
{
	int rc = check_args(from, n, 0, MONTHS_MAX, "月数", err);

	if (rc)
		return rc;
	int months = from.m - 1 + n;
	struct zf_date d = {from.y + months / 12, months % 12 + 1, 0};
	int last = month_length(d.y, d.m);
	d.d = from.d < last ? from.d : last;
	return roll_over(c, zf_date_days(d), out, err);
}

int zf_calendar_working_between(const struct zf_calendar *c, struct zf_date from,
				struct zf_date to, int *out, struct zf_err *err)
{
	struct cursor k = {.c = c};
	int64_t a, b;
	int sign = 1, count = 0, w;

	if (!in_range(from) || !in_range(to))
		return bad_date(err);
	a = zf_date_days(from);
	b = zf_date_days(to);
	if (b < a) {
		int64_t t = a;
		a = b;
		b = t;
		sign = -1;
	}
	for (int64_t z = a + 1; z <= b; z++) {
		if ((w = working(&k, z, err)) < 0)
			return w;
		count += w;
	}
	*out = sign * count;
	return 0;
}

int zf_calendar_year_info(const struct zf_calendar *c, int year, struct zf_cal_year_info *out,
			  struct zf_err *err)
{
	const struct cal_year *y = find_year(c, year);

	if (!y)
		return not_loaded(err, year);
	out->year = y->year;
	out->status = y->status;
	out->source = y->source;
	out->days_off = y->days_off;
	out->makeup_days = y->makeup_days;
	return 0;
}

size_t zf_calendar_years(const struct zf_calendar *c, int *years, size_t cap)
{
	for (size_t i = 0; i < c->n && i < cap; i++)
		years[i] = c->years[i]->year;
	return c->n;
}
