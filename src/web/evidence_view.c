/* Evidence as JSON for the API and the pages, and reading the attach input from a form or a JSON object the same way. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/time.h"
#include "web/evidence_view.h"
#include "web/view.h"

#define OFFICERS_MAX 20

json_t *zf_view_evidence(const struct zf_evidence *e)
{
	json_t *o = json_object();
	json_t *officers = e->officers_json ? json_loads(e->officers_json, 0, NULL) : NULL;
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "case_id", json_integer(e->case_id));
	json_object_set_new(o, "step", zf_view_str(e->step_code));
	json_object_set_new(o, "step_name", zf_view_str(e->step_name));
	json_object_set_new(o, "step_id", e->step_id ? json_integer(e->step_id) : json_null());
	json_object_set_new(o, "upload_id", zf_view_str(e->upload_id));
	json_object_set_new(o, "sha256", zf_view_str(e->sha256));
	json_object_set_new(o, "sm3", zf_view_str(e->sm3));
	json_object_set_new(o, "size", json_integer((json_int_t)e->size));
	json_object_set_new(o, "filename", zf_view_str(e->filename));
	json_object_set_new(o, "media_type", zf_view_str(e->media_type));
	json_object_set_new(o, "kind", zf_view_str(zf_evidence_kind_word(e->kind)));
	json_object_set_new(o, "kind_label", zf_view_str(zf_evidence_kind_label(e->kind)));
	json_object_set_new(o, "duration_ms", json_integer(e->duration_ms));
	json_object_set_new(o, "codec", zf_view_str(e->codec));
	json_object_set_new(o, "width", json_integer(e->width));
	json_object_set_new(o, "height", json_integer(e->height));
	json_object_set_new(o, "device", zf_view_str(e->device));
	json_object_set_new(o, "officers", zf_view_str(e->officers));
	json_object_set_new(o, "officer_ids", json_is_array(officers) ? officers : json_array());
	if (!json_is_array(officers))
		json_decref(officers);
	json_object_set_new(o, "captured_from", zf_view_instant(e->captured_from));
	json_object_set_new(o, "captured_to", zf_view_instant(e->captured_to));
	json_object_set_new(o, "place", zf_view_str(e->place));
	json_object_set_new(o, "lat", e->has_coords ? json_real((double)e->lat_e6 / 1e6) : json_null());
	json_object_set_new(o, "lon", e->has_coords ? json_real((double)e->lon_e6 / 1e6) : json_null());
	json_object_set_new(o, "description", zf_view_str(e->description));
	json_object_set_new(o, "attached_by", zf_view_str(e->attached_by));
	json_object_set_new(o, "attached_at", zf_view_instant(e->attached_at));
	json_object_set_new(o, "withdrawn", json_boolean(e->withdrawn));
	json_object_set_new(o, "withdrawal", e->withdrawn ?
			    json_pack("{s:s,s:s,s:o}", "reason", e->withdrawn_reason ? e->withdrawn_reason : "",
				      "by", e->withdrawn_by ? e->withdrawn_by : "", "at", zf_view_instant(e->withdrawn_at)) :
			    json_null());
	json_object_set_new(o, "preview_state", zf_view_str(e->preview_state));
	json_object_set_new(o, "playable", json_boolean(e->playable));
	json_object_set_new(o, "log_index", e->log_index >= 0 ? json_integer(e->log_index) : json_null());
	return o;
}

json_t *zf_view_size_text(uint64_t n)
{
	if (n < 1024)
		return json_sprintf("%llu 字节", (unsigned long long)n);
	if (n < (1u << 20))
		return json_sprintf("%.1f KB", (double)n / 1024);
	if (n < (1u << 30))
		return json_sprintf("%.1f MB", (double)n / (1 << 20));
	return json_sprintf("%.2f GB", (double)n / (1 << 30));
}

json_t *zf_view_duration_text(int64_t ms)
{
	int64_t s = (ms + 500) / 1000;
	if (ms <= 0)
		return json_string("");
	if (s >= 3600)
		return json_sprintf("%lld:%02lld:%02lld", (long long)(s / 3600), (long long)(s / 60 % 60),
				    (long long)(s % 60));
	return json_sprintf("%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

json_t *zf_view_local_time(int64_t t)
{
	char buf[20];
	if (!t)
		return json_string("");
	zf_time_local(t, buf);
	return json_string(buf);
}

void zf_view_evidence_words(json_t *o, const struct zf_evidence *e)
{
	json_object_set_new(o, "size_text", zf_view_size_text(e->size));
	json_object_set_new(o, "duration_text", zf_view_duration_text(e->duration_ms));
	json_object_set_new(o, "from_text", zf_view_local_time(e->captured_from));
	json_object_set_new(o, "to_text", zf_view_local_time(e->captured_to));
	json_object_set_new(o, "attached_text", zf_view_local_time(e->attached_at));
	json_object_set_new(o, "withdrawn_text", zf_view_local_time(e->withdrawn_at));
	json_object_set_new(o, "integrated", json_boolean(e->log_index >= 0));
	json_object_set_new(o, "bound", json_boolean(e->step_id > 0));
	if (e->has_coords)
		json_object_set_new(o, "coords", json_sprintf("%.6f, %.6f", (double)e->lat_e6 / 1e6,
							       (double)e->lon_e6 / 1e6));
}

json_t *zf_view_custody(const struct zf_custody *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "action", zf_view_str(c->action));
	json_object_set_new(o, "label", zf_view_str(c->label));
	json_object_set_new(o, "login", zf_view_str(c->login));
	json_object_set_new(o, "addr", zf_view_str(c->addr));
	json_object_set_new(o, "at", zf_view_instant(c->at));
	json_object_set_new(o, "detail", zf_view_str(c->detail));
	return o;
}

/* N decimal digits at S into *OUT; 0 or -1. */
static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int zf_evidence_time_parse(const char *s, int64_t *out)
{
	char day[11];
	struct zf_date d;
	int hh, mm, ss = 0, oh = 8, om = 0, sign = 1;
	size_t n = s ? strlen(s) : 0;
	if (n < 16 || n > 25 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return ZF_EINVAL;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (zf_date_parse(day, &d) || digits(s + 11, 2, &hh) || digits(s + 14, 2, &mm) || hh > 23 || mm > 59)
		return ZF_EINVAL;
	const char *p = s + 16;
	if (*p == ':') {
		if (digits(p + 1, 2, &ss) || ss > 59)
			return ZF_EINVAL;
		p += 3;
	}
	if (*p == 'Z' && !p[1]) {
		oh = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh) || digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return ZF_EINVAL;
	} else if (*p) {
		return ZF_EINVAL;
	}
	*out = zf_date_days(d) * 86400 + hh * 3600 + mm * 60 + ss - sign * (oh * 3600 + om * 60);
	return 0;
}

/* The string value of KEY in O trimmed (numbers as text), NULL when absent or
 * empty; a value of another type is a field error. */
static const char *text(const json_t *o, const char *key, struct zf_arena *a, struct zf_err *err)
{
	const json_t *v = json_object_get(o, key);
	char *s;
	if (!v || json_is_null(v))
		return NULL;
	if (json_is_integer(v))
		return zf_arena_printf(a, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return zf_arena_printf(a, "%.7f", json_real_value(v));
	if (!json_is_string(v)) {
		zf_err_field(err, key, "%s 应为文字", key);
		return NULL;
	}
	if (!(s = zf_arena_strdup(a, json_string_value(v))))
		return NULL;
	zf_str_trim(s);
	return *s ? s : NULL;
}

/* A coordinate in degrees (|value| <= LIMIT) into 1e-6 degrees. */
static int coord(const char *s, double limit, int64_t *out)
{
	char *end;
	double v;
	if (!s)
		return -1;
	v = strtod(s, &end);
	if (end == s || *end || !isfinite(v) || fabs(v) > limit)
		return -1;
	*out = (int64_t)(v * 1e6 + (v < 0 ? -0.5 : 0.5)); /* rounded half away from zero */
	return 0;
}

static void read_officers(const json_t *o, struct zf_arena *a, struct zf_evidence_input *in,
			  struct zf_err *err)
{
	const json_t *list = json_object_get(o, "officers"), *v;
	size_t i, n = json_is_array(list) ? json_array_size(list) : 0;
	int64_t *ids;
	if (list && !json_is_array(list)) {
		zf_err_field(err, "officers", "执法人员应为编号的列表");
		return;
	}
	if (n > OFFICERS_MAX) {
		zf_err_field(err, "officers", "执法人员最多 %d 人", OFFICERS_MAX);
		return;
	}
	if (!n || !(ids = zf_arena_alloc(a, n * sizeof(*ids))))
		return;
	json_array_foreach(list, i, v) {
		int64_t id = json_is_integer(v) ? json_integer_value(v) : 0;
		if (json_is_string(v) && zf_str_to_i64(json_string_value(v), 1, INT64_MAX, &id))
			id = 0;
		if (id <= 0) {
			zf_err_field(err, "officers", "执法人员编号无效");
			return;
		}
		ids[i] = id;
	}
	in->officer_ids = ids;
	in->nofficers = n;
}

static void read_time(const json_t *o, const char *key, const char *label, struct zf_arena *a,
		      int64_t *out, struct zf_err *err)
{
	const char *s = text(o, key, a, err);
	if (!s)
		zf_err_field(err, key, "请填写%s", label);
	else if (zf_evidence_time_parse(s, out))
		zf_err_field(err, key, "%s格式应为 2026-03-05T14:30（北京时间）", label);
}

int zf_evidence_input_read(const json_t *o, int64_t case_id, struct zf_arena *a,
			   struct zf_evidence_input *in, struct zf_err *err)
{
	const char *s;
	memset(in, 0, sizeof(*in));
	in->case_id = case_id;
	if (!json_is_object(o))
		return zf_err_set(err, ZF_EINVAL, "请求体应为 JSON 对象");
	if (!(in->upload_id = text(o, "upload_id", a, err)))
		zf_err_field(err, "upload_id", "请先上传文件（upload_id）");
	if (!(in->step_code = text(o, "step", a, err)))
		zf_err_field(err, "step", "请选择证据所属的办案环节");
	if ((s = text(o, "step_id", a, err)) && zf_str_to_i64(s, 0, INT64_MAX, &in->step_id))
		zf_err_field(err, "step_id", "环节记录编号无效");
	if (!(s = text(o, "kind", a, err)))
		zf_err_field(err, "kind", "请选择证据类型");
	else if (!(in->kind = zf_evidence_kind_parse(s)))
		zf_err_field(err, "kind", "证据类型应为 photo、audio、video、scan 或 electronic");
	in->device = text(o, "device", a, err);
	read_officers(o, a, in, err);
	read_time(o, "captured_from", "采集开始时间", a, &in->captured_from, err);
	read_time(o, "captured_to", "采集结束时间", a, &in->captured_to, err);
	in->place = text(o, "place", a, err);
	const char *lat = text(o, "lat", a, err), *lon = text(o, "lon", a, err);
	if (lat || lon) {
		if (coord(lat, 90, &in->lat_e6))
			zf_err_field(err, "lat", "纬度应为 -90 至 90 之间的度数");
		if (coord(lon, 180, &in->lon_e6))
			zf_err_field(err, "lon", "经度应为 -180 至 180 之间的度数");
		in->has_coords = 1;
	}
	in->description = text(o, "description", a, err);
	if (err->code || err->nfields) {
		if (!err->code)
			zf_err_set(err, ZF_EINVAL, "提交的证据信息有误，请按提示修改");
		return ZF_EINVAL;
	}
	return 0;
}
