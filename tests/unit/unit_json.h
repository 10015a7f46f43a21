/* JSON literals in unit tests: parse or fail the test. */
#ifndef ZF_TEST_UNIT_JSON_H
#define ZF_TEST_UNIT_JSON_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>

/* The JSON value of TEXT (caller decrefs); fails the running test when
 * TEXT is not JSON. */
static inline json_t *J(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	if (!j)
		fail_msg("bad test JSON %s: %s", text, je.text);
	return j;
}

#endif
