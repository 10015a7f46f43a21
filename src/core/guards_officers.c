/* Guards on who acts: two certified officers (art. 42 行政处罚法, art. 18 行政强制法), assignment to the case, recusal (art. 43) and the hearing chair (art. 64). */
#include <string.h>

#include "core/guard_util.h"
#include "core/registry.h"

/* Named officers of one step: bounded, distinct. */
#define NAMED_MAX 64

struct named {
	int64_t id[NAMED_MAX];
	size_t n;
	int over;          /* more than NAMED_MAX ids */
	const char *field; /* the first officers-type field, for messages */
};

static void named_add(struct named *nm, int64_t id)
{
	for (size_t i = 0; i < nm->n; i++)
		if (nm->id[i] == id)
			return;
	if (nm->n == NAMED_MAX) {
		nm->over = 1;
		return;
	}
	nm->id[nm->n++] = id;
}

/* The ids written in the step's officers- and officer-type fields, or
 * every resolved officer when the step definition is not known. */
static void named_collect(const struct zf_guard_ctx *ctx, struct named *nm)
{
	memset(nm, 0, sizeof(*nm));
	nm->field = "officers";
	if (!ctx->step) {
		for (size_t i = 0; i < ctx->nofficers; i++)
			named_add(nm, ctx->officers[i].id);
		return;
	}
	int first = 1;
	for (size_t f = 0; f < ctx->step->nfields; f++) {
		const struct zf_field_def *fd = &ctx->step->fields[f];
		if (fd->type != ZF_FT_OFFICERS && fd->type != ZF_FT_OFFICER)
			continue;
		if (first && fd->type == ZF_FT_OFFICERS) {
			nm->field = fd->name;
			first = 0;
		}
		const json_t *v = json_is_object(ctx->values) ? json_object_get(ctx->values, fd->name)
							      : NULL;
		size_t i;
		const json_t *e;
		if (json_is_integer(v))
			named_add(nm, json_integer_value(v));
		json_array_foreach(v, i, e) {
			if (json_is_integer(e))
				named_add(nm, json_integer_value(e));
		}
	}
}

/* The cited article on the number of officers for the procedure's kind. */
static const char *two_officers_basis(const struct zf_guard_ctx *ctx)
{
	if (ctx->proc && ctx->proc->kind && strcmp(ctx->proc->kind, "compulsory") == 0)
		return "《行政强制法》第十八条";
	return "《行政处罚法》第四十二条";
}

/* The next token of a domain list at *P (separators 、，,;； and spaces):
 * its start and length, 0 at the end. */
static int domain_token(const char **p, const char **start, size_t *len)
{
	static const char *const seps[] = {"、", "，", "；", "　", ",", ";", " ", "\t"};
	const char *s = *p;
	for (;;) {
		size_t k = 0;
		for (size_t i = 0; !k && i < sizeof(seps) / sizeof(seps[0]); i++)
			if (strncmp(s, seps[i], strlen(seps[i])) == 0)
				k = strlen(seps[i]);
		if (k) {
			s += k;
			continue;
		}
		if (!*s)
			return 0;
		*start = s;
		while (*s) {
			size_t j;
			for (j = 0; j < sizeof(seps) / sizeof(seps[0]); j++)
				if (strncmp(s, seps[j], strlen(seps[j])) == 0)
					break;
			if (j < sizeof(seps) / sizeof(seps[0]))
				break;
			s++;
		}
		*len = (size_t)(s - *start);
		*p = s;
		return 1;
	}
}

/* 1 when every domain of WANT is among the domains of HAVE. */
static int domains_cover(const char *have, const char *want)
{
	const char *w = want, *ws, *h, *hs;
	size_t wl, hl;
	while (domain_token(&w, &ws, &wl)) {
		int found = 0;
		h = have;
		while (!found && domain_token(&h, &hs, &hl))
			found = hl == wl && memcmp(hs, ws, wl) == 0;
		if (!found)
			return 0;
	}
	return 1;
}

static int nonempty(const char *s)
{
	const char *p = s, *st;
	size_t l;
	return s && domain_token(&p, &st, &l);
}

static const char *cert_no(const struct zf_guard_officer *o)
{
	return o->cert_no && o->cert_no[0] ? o->cert_no : "未登记";
}

static const char *name_of(const struct zf_guard_officer *o)
{
	return o->name && o->name[0] ? o->name : "（未具名）";
}

/* Checks the certificate of O on date ON for the case's domain. */
static int officer_qualified(const struct zf_guard_ctx *ctx, const struct zf_guard_officer *o,
			     struct zf_date on, const char *field, const char *basis,
			     struct zf_err *err)
{
	char day[24];
	zf_date_cn(on, day);
	if (o->cert_state != ZF_CERT_VALID)
		return zf_guard_refuse(err, field, "执法人员%s（执法证号%s）的执法证处于%s状态，不能执法（%s）",
				       name_of(o), cert_no(o), zf_cert_state_label(o->cert_state),
				       basis);
	if (o->body_suspended)
		return zf_guard_refuse(err, field, "执法人员%s（执法证号%s）所属执法主体已暂停执法，不能执法（%s）",
				       name_of(o), cert_no(o), basis);
	if (zf_date_cmp(on, o->valid_from) < 0 || zf_date_cmp(on, o->valid_to) > 0)
		return zf_guard_refuse(err, field, "执法人员%s（执法证号%s）的执法证在%s不在有效期内，不能执法（%s）",
				       name_of(o), cert_no(o), day, basis);
	if (ctx->violation && nonempty(ctx->violation->domain) && nonempty(o->domains) &&
	    !domains_cover(o->domains, ctx->violation->domain))
		return zf_guard_refuse(err, field, "执法人员%s（执法证号%s）的执法领域不包括“%s”，不能办理本案（%s）",
				       name_of(o), cert_no(o), ctx->violation->domain, basis);
	if (o->recused)
		return zf_guard_refuse(err, field, "执法人员%s（执法证号%s）已在本案回避，不能参与（《行政处罚法》第四十三条）",
				       name_of(o), cert_no(o));
	return 0;
}

int zf_guard_two_officers(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err)
{
	struct named nm;
	const char *basis = two_officers_basis(ctx);
	struct zf_date on = zf_guard_step_date(ctx->values, ctx->today);
	int actor_named = 0;
	(void)arg;
	named_collect(ctx, &nm);
	if (nm.over)
		return zf_guard_refuse(err, nm.field, "一个步骤最多记录%d名执法人员", NAMED_MAX);
	if (nm.n < 2)
		return zf_guard_refuse(err, nm.field, "执法人员不得少于两人（%s），请选择两名以上执法人员",
				       basis);
	for (size_t i = 0; i < nm.n; i++) {
		const struct zf_guard_officer *o = zf_guard_officer(ctx, nm.id[i]);
		if (!o)
			return zf_guard_refuse(err, nm.field, "所选执法人员（编号%lld）不是本机关登记的执法人员",
					       (long long)nm.id[i]);
		int rc = officer_qualified(ctx, o, on, nm.field, basis, err);
		if (rc)
			return rc;
		actor_named |= nm.id[i] == ctx->actor_officer_id;
	}
	/* Whoever records an act of enforcement takes part in it; assigning
	 * officers (承办人员, often by the head) is no such act. */
	int assigning = ctx->step && ctx->step->effect &&
			strcmp(ctx->step->effect, "assign_officers") == 0;
	if (ctx->actor_officer_id != 0 && !actor_named && !assigning)
		return zf_guard_refuse(err, nm.field, "记录本步骤的执法人员本人须在所列执法人员之中（%s）",
				       basis);
	return 0;
}

int zf_guard_officers_assigned(const struct zf_guard_ctx *ctx, const char *arg,
			       struct zf_err *err)
{
	struct named nm;
	(void)arg;
	named_collect(ctx, &nm);
	for (size_t i = 0; i < nm.n; i++) {
		const struct zf_guard_officer *o = zf_guard_officer(ctx, nm.id[i]);
		if (!o)
			return zf_guard_refuse(err, nm.field, "所选执法人员（编号%lld）不是本机关登记的执法人员",
					       (long long)nm.id[i]);
		if (!o->assigned)
			return zf_guard_refuse(err, nm.field, "执法人员%s（执法证号%s）不是本案承办人员，请先指派承办（《行政处罚法》第四十二条）",
					       name_of(o), cert_no(o));
	}
	return 0;
}

int zf_guard_not_recused(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err)
{
	(void)arg;
	if (ctx->actor_officer_id == 0)
		return 0;
	const struct zf_guard_officer *o = zf_guard_officer(ctx, ctx->actor_officer_id);
	if (!o)
		return zf_guard_refuse(err, NULL, "无法核实当前执法人员是否已回避，请稍后重试（《行政处罚法》第四十三条）");
	if (o->recused)
		return zf_guard_refuse(err, NULL, "执法人员%s（执法证号%s）已在本案回避，不能再办理本案（《行政处罚法》第四十三条）",
				       name_of(o), cert_no(o));
	return 0;
}

int zf_guard_hearing_chair(const struct zf_guard_ctx *ctx, const char *arg, struct zf_err *err)
{
	const json_t *c = json_is_object(ctx->values) ? json_object_get(ctx->values, "chair") : NULL;
	(void)arg;
	if (!json_is_integer(c))
		return zf_guard_refuse(err, "chair", "请指定听证主持人（《行政处罚法》第六十四条第四项）");
	const struct zf_guard_officer *o = zf_guard_officer(ctx, json_integer_value(c));
	if (!o)
		return zf_guard_refuse(err, "chair", "所选听证主持人不是本机关登记的执法人员");
	if (o->assigned)
		return zf_guard_refuse(err, "chair", "听证主持人%s是本案调查人员，听证应由非本案调查人员主持（《行政处罚法》第六十四条第四项）",
				       name_of(o));
	if (o->recused)
		return zf_guard_refuse(err, "chair", "听证主持人%s已在本案回避，请另行指定（《行政处罚法》第六十四条第四项）",
				       name_of(o));
	/* A party may challenge the chair (art. 64(4)); a granted challenge,
	 * recorded as step "hearing_chair_challenge", excludes that officer. */
	for (size_t i = 0; i < ctx->ndone; i++) {
		const json_t *v = ctx->done[i].values;
		const json_t *who = json_is_object(v) ? json_object_get(v, "chair") : NULL;
		if (strcmp(ctx->done[i].code, "hearing_chair_challenge") == 0 && json_is_integer(who) &&
		    json_integer_value(who) == o->id && json_is_true(json_object_get(v, "granted")))
			return zf_guard_refuse(err, "chair", "当事人已申请听证主持人%s回避并经负责人决定回避，请另行指定主持人（《行政处罚法》第六十四条第四项）",
					       name_of(o));
	}
	return 0;
}
