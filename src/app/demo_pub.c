/* The demo's publications (事后公开): decided cases and an inspection result published by the publisher through the real use cases, one decision left due, one withdrawn after its revocation. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "app/case.h"
#include "app/demo.h"
#include "app/publication.h"

#define MSG_NOMEM "内存不足"

/* The draft publication of case CASE_ID into *ID (ZF_ENOTFOUND when none). */
static int draft_of(struct zf_app *app, const struct zf_actor *publisher, int64_t case_id,
		    int64_t *id, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_publication *rows = NULL;
	size_t n = 0;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	*id = 0;
	rc = zf_app_pub_queue(app, publisher, a, "draft", &rows, &n, err);
	for (size_t i = 0; !rc && i < n; i++)
		if (rows[i].case_id == case_id)
			*id = rows[i].id;
	zf_arena_free(a);
	if (!rc && !*id)
		rc = zf_err_set(err, ZF_ENOTFOUND, "演示案件 %lld 没有待公开的草稿", (long long)case_id);
	return rc;
}

/* Leader LEADER revokes the decision of case CASE_ID (published as PUB_ID) today. */
static int revoke(struct zf_app *app, const struct zf_actor *publisher,
		  const struct zf_actor *leader, int64_t case_id, int64_t pub_id,
		  struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_publication p;
	char on[11];
	json_t *v = NULL;
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	zf_date_iso(zf_clock_today(&app->clock), on);
	if (!(rc = zf_app_pub_get(app, publisher, a, pub_id, &p, err))) {
		v = json_pack("{s:s,s:s,s:s,s:s,s:s}", "date", on, "revocation", "revoke",
			      "decision_ref", p.doc_number, "cause", "self", "reason",
			      "经复查，当事人提交的证据证明占道货架系他人所有，本机关自行纠正，撤销原处罚决定（示例）");
		rc = v ? zf_app_case_step(app, leader, case_id, "revocation", v, 0, NULL, err)
		       : zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	}
	json_decref(v);
	zf_arena_free(a);
	if (rc)
		zf_err_set(err, rc, "演示案件撤销决定：%s", err->msg);
	return rc;
}

int zf_app_demo_publications(struct zf_app *app, const struct zf_actor *publisher,
			     const struct zf_actor *leader, const int64_t cases[3],
			     struct zf_err *err)
{
	int64_t first = 0, third = 0;
	int rc;

	if ((rc = draft_of(app, publisher, cases[0], &first, err)) ||
	    (rc = zf_app_pub_publish(app, publisher, first, NULL, 0, err)) ||
	    (rc = draft_of(app, publisher, cases[1], &third, err)) ||
	    (rc = draft_of(app, publisher, cases[2], &third, err)) ||
	    (rc = zf_app_pub_publish(app, publisher, third, NULL, 0, err)) ||
	    (rc = revoke(app, publisher, leader, cases[2], third, err)))
		return rc;
	return zf_app_pub_end(app, publisher, third, "withdrawn", NULL, err);
}

int zf_app_demo_inspection_publication(struct zf_app *app, const struct zf_actor *publisher,
				       int64_t case_id, int64_t *id, struct zf_err *err)
{
	int rc = draft_of(app, publisher, case_id, id, err);
	return rc ? rc : zf_app_pub_publish(app, publisher, *id, NULL, 0, err);
}
