/* Unit tests of store/calendar.c and the calendar in force read from the database (app/calendar.c), on SQLite or PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "app/calendar.h"
#include "store/calendar.h"
#include "store_fixture.h"

#define OFFICIAL_2027                                                                       \
	"{\"format\":\"zhifa-calendar/v1\",\"year\":2027,\"status\":\"official\","          \
	"\"source\":\"正式\",\"holidays\":[{\"name\":\"春节\",\"off\":[\"2027-02-05\","      \
	"\"2027-02-11\"]}]}"
#define PROVISIONAL_2026                                                                    \
	"{\"format\":\"zhifa-calendar/v1\",\"year\":2026,\"status\":\"provisional\","       \
	"\"source\":\"暂定\",\"holidays\":[{\"name\":\"元旦\",\"off\":\"2026-01-01\"}]}"

static int64_t add(struct fixture *f, int year, const char *status, const char *json,
		   int64_t at, const char *by)
{
	struct zf_calendar_file c = {
		.year = year, .status = status, .json = json, .sha256 = "ab", .loaded_at = at,
		.loaded_by = by,
	};
	int64_t id = 0;

	assert_int_equal(zf_store_calendar_insert(f->db, &c, &id, &f->err), 0);
	assert_true(id > 0);
	return id;
}

static void test_insert_and_list_in_load_order(void **state)
{
	struct fixture *f = *state;
	struct zf_calendar_file *rows = NULL, bad = {.year = 2026, .status = "draft", .json = "{}",
						      .sha256 = "ab", .loaded_by = "x"};
	size_t n = 9;

	assert_int_equal(zf_store_calendar_list(f->db, f->a, &rows, &n, &f->err), 0);
	assert_int_equal(n, 0);
	assert_null(rows);
	int64_t first = add(f, 2027, "official", OFFICIAL_2027, 1790000000, "sysadmin");
	int64_t second = add(f, 2026, "provisional", PROVISIONAL_2026, 1790000100, "cli");
	assert_true(second > first);
	assert_int_equal(zf_store_calendar_list(f->db, f->a, &rows, &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, first);
	assert_int_equal(rows[0].year, 2027);
	assert_string_equal(rows[0].status, "official");
	assert_string_equal(rows[0].json, OFFICIAL_2027);
	assert_string_equal(rows[0].sha256, "ab");
	assert_int_equal(rows[0].loaded_at, 1790000000);
	assert_string_equal(rows[0].loaded_by, "sysadmin");
	assert_int_equal(rows[1].year, 2026);
	assert_string_equal(rows[1].loaded_by, "cli");
	/* The schema refuses a status that is neither. */
	assert_int_not_equal(zf_store_calendar_insert(f->db, &bad, NULL, &f->err), 0);
}

static void test_calendar_in_force(void **state)
{
	struct fixture *f = *state;
	struct zf_calendar *c = NULL;
	struct zf_due due;
	struct zf_date from = {2027, 2, 4};

	/* Nothing stored: the built-in years. */
	assert_int_equal(zf_app_calendar_read(f->db, &c, &f->err), 0);
	assert_int_equal(zf_calendar_year_status(c, 2027), ZF_CAL_PROVISIONAL);
	zf_calendar_free(c);

	/* A stored official 2027 replaces the built-in provisional one; a stored
	 * provisional 2026 does not replace the built-in official year. */
	add(f, 2027, "official", OFFICIAL_2027, 1790000000, "sysadmin");
	add(f, 2026, "provisional", PROVISIONAL_2026, 1790000100, "cli");
	assert_int_equal(zf_app_calendar_read(f->db, &c, &f->err), 0);
	assert_int_equal(zf_calendar_year_status(c, 2027), ZF_CAL_OFFICIAL);
	assert_int_equal(zf_calendar_year_status(c, 2026), ZF_CAL_OFFICIAL);
	assert_int_equal(zf_calendar_add_working(c, from, 1, &due, &f->err), 0);
	assert_int_equal(due.date.d, 12);
	assert_int_equal(due.provisional, 0);
	zf_calendar_free(c);

	/* A damaged stored file is an error, not a silent gap. */
	add(f, 2028, "official", "{\"format\":\"zhifa-calendar/v1\"}", 1790000200, "cli");
	c = NULL;
	assert_int_equal(zf_app_calendar_read(f->db, &c, &f->err), ZF_ERROR);
	assert_null(c);
	assert_non_null(strstr(f->err.msg, "2028"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_and_list_in_load_order),
		cmocka_unit_test(test_calendar_in_force),
	};
	return run_fresh(tests, fixture_setup, fixture_teardown);
}
