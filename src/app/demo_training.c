/* The demo's training records: last year and this year for the bureau's officers, so that some are below the body's requirement. */

#include "app/demo.h"
#include "app/registry.h"
#include "app/training.h"
#include "util/arena.h"

/* Records one session of TENTHS at ON (topic, form) for the officers PICK
 * chooses among the N ids of OFF (PICK(i) != 0). */
static int session(struct zf_app *app, const struct zf_actor *cli, const int64_t *off, size_t n,
		   int64_t *sel, int (*pick)(size_t), const char *on, int64_t tenths,
		   const char *topic, const char *form, struct zf_err *err)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (pick(i))
			sel[k++] = off[i];
	struct zf_training_in in = {.held_on = on, .hours = tenths, .topic = topic, .form = form,
				    .organiser = "陵川县司法局（示例）", .note = NULL};
	return k ? zf_app_training_record(app, cli, &in, sel, k, NULL, err) : 0;
}

static int everyone(size_t i)
{
	(void)i;
	return 1;
}

/* Last year: every fifth officer (from the second) missed the case seminar. */
static int not_every_fifth(size_t i)
{
	return i % 5 != 1;
}

/* This year: every third officer (from the first) is behind. */
static int keeping_up(size_t i)
{
	return i % 3 != 0;
}

static int behind(size_t i)
{
	return i % 3 == 0;
}

int zf_app_demo_training(struct zf_app *app, int64_t body, struct zf_err *err)
{
	struct zf_actor cli;
	struct zf_arena *a = zf_arena_new(0);
	struct zf_officer *o = NULL;
	struct zf_date today = zf_clock_today(&app->clock);
	size_t n = 0, k = 0;
	int64_t *off = NULL, *sel = NULL;
	char on[11];
	int rc;

	zf_actor_cli(&cli);
	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if ((rc = zf_app_officer_list(app, &cli, a, body, &o, &n, err)))
		goto out;
	off = zf_arena_alloc(a, (n ? n : 1) * sizeof(*off));
	sel = zf_arena_alloc(a, (n ? n : 1) * sizeof(*sel));
	if (!off || !sel) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (o[i].state != ZF_CERT_CANCELLED && o[i].state != ZF_CERT_REVOKED)
			off[k++] = o[i].id;
	zf_date_iso((struct zf_date){today.y - 1, 6, 15}, on);
	rc = session(app, &cli, off, k, sel, everyone, on, 400, "行政执法人员年度轮训（示例）",
		     "centralised", err);
	zf_date_iso((struct zf_date){today.y - 1, 11, 20}, on);
	if (!rc)
		rc = session(app, &cli, off, k, sel, not_every_fifth, on, 200,
			     "行政处罚典型案例研讨（示例）", "case_teaching", err);
	/* This year: the pro-rata share so far and 2 学时 more for most, half a 学时 online for the others. */
	int months = today.m - 1;
	int64_t share = (600 * months + 11) / 12 + 20;
	zf_date_iso((struct zf_date){today.y, today.m, 1}, on);
	if (!rc && months > 0)
		rc = session(app, &cli, off, k, sel, keeping_up, on, share, "新修订法律法规专题学习（示例）",
			     "exam", err);
	if (!rc && months > 0)
		rc = session(app, &cli, off, k, sel, behind, on, 5, "执法规范化网络课程（示例）", "online",
			     err);
out:
	zf_arena_free(a);
	return rc;
}
