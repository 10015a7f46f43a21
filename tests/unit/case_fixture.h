/* Case steps in the app unit tests that walk cases: a step as an actor, with its values as JSON text. */
#ifndef ZF_TEST_CASE_FIXTURE_H
#define ZF_TEST_CASE_FIXTURE_H
#include "app/case.h"
#include "store_fixture.h"
#include "unit_json.h"

/* Performs step CODE of case ID as ACTOR on APP with VALUES (JSON text);
 * returns zf_app_case_step's result, the reason in ERR (cleared first). */
static inline int case_step(struct zf_app *app, struct zf_err *err, const struct zf_actor *actor,
			    int64_t id, const char *code, const char *values)
{
	json_t *j = J(values);
	int rc;

	zf_err_clear(err);
	rc = zf_app_case_step(app, actor, id, code, j, 0, NULL, err);
	json_decref(j);
	return rc;
}

/* case_step that must succeed: fails the test with the reason otherwise. */
static inline void case_step_ok(struct zf_app *app, struct zf_err *err,
				const struct zf_actor *actor, int64_t id, const char *code,
				const char *values)
{
	if (case_step(app, err, actor, id, code, values))
		fail_msg("step %s: %s (%s)", code, err->msg, err->nfields ? err->fields[0].field : "");
}

/* step(C, ...) and step_ok(C, ...) for a test context C whose members are
 * app (struct zf_app *) and f (struct fixture). */
#define step(c, actor, id, code, values) case_step((c)->app, &(c)->f.err, actor, id, code, values)
#define step_ok(c, actor, id, code, values) \
	case_step_ok((c)->app, &(c)->f.err, actor, id, code, values)

#endif
