/* Unit tests of store/schema.c: detection of a schema, migrations, metadata. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store_fixture.h"
#include "util/embed.h"

/* Number of embedded migrations for DB's dialect, counted independently of schema.c. */
static int embedded_migrations(struct zf_db *db)
{
	char dir[64];
	int n = 0;

	snprintf(dir, sizeof(dir), "store/migrations/%s/", zf_db_dialect(db));
	for (const struct zf_embed_file *e = zf_embedded; e->name; e++)
		if (strncmp(e->name, dir, strlen(dir)) == 0)
			n++;
	return n;
}

static void test_fresh_database_is_migrated_once(void **state)
{
	struct fixture *f = *state;
	int applied = -1, version = -1, total = embedded_migrations(f->db);

	assert_true(total >= 1);
	assert_int_equal(zf_store_schema_present(f->db, &f->err), 0);
	assert_int_equal(zf_store_schema_version(f->db, &version, &f->err), 0);
	assert_int_equal(version, 0);
	assert_int_equal(zf_store_migrate_pending(f->db), total);

	assert_int_equal(zf_store_migrate(f->db, &applied, &f->err), 0);
	assert_int_equal(applied, total);
	assert_int_equal(zf_store_schema_present(f->db, &f->err), 1);
	assert_int_equal(zf_store_migrate_pending(f->db), 0);
	assert_int_equal(zf_store_schema_version(f->db, &version, &f->err), 0);
	assert_true(version >= 1);

	/* Running again changes nothing. */
	assert_int_equal(zf_store_migrate(f->db, &applied, &f->err), 0);
	assert_int_equal(applied, 0);

	/* The schema is really there: the tables take rows. */
	assert_true(fixture_body(f->db, "县市场监督管理局", "11330000002482014X") > 0);
}

static void test_pending_after_a_migration_is_forgotten(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(zf_store_migrate(f->db, NULL, &f->err), 0);
	assert_int_equal(zf_db_exec(f->db, "DELETE FROM schema_migration WHERE version = 1", &f->err),
			 0);
	assert_int_equal(zf_store_migrate_pending(f->db), 1);
	/* Applying it again fails (its tables exist) and leaves it unrecorded. */
	assert_int_not_equal(zf_store_migrate(f->db, NULL, &f->err), 0);
	assert_non_null(strstr(f->err.msg, "0001_init"));
	assert_int_equal(zf_store_migrate_pending(f->db), 1);
}

static void test_foreign_database_is_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(zf_db_exec(f->db, "CREATE TABLE customers (id INTEGER PRIMARY KEY)", &f->err),
			 0);
	assert_int_equal(zf_store_schema_present(f->db, &f->err), ZF_ECONFLICT);
	assert_int_equal(zf_store_migrate(f->db, NULL, &f->err), ZF_ECONFLICT);
	/* Nothing of ours was written. */
	zf_err_clear(&f->err);
	assert_int_equal(zf_store_schema_present(f->db, &f->err), ZF_ECONFLICT);
	assert_true(zf_store_migrate_pending(f->db) > 0);
}

static void test_meta_get_set(void **state)
{
	struct fixture *f = *state;
	char *v = NULL;

	assert_int_equal(zf_store_migrate(f->db, NULL, &f->err), 0);
	assert_int_equal(zf_store_meta_get(f->db, f->a, "origin", &v, &f->err), ZF_ENOTFOUND);
	assert_null(v);
	assert_int_equal(zf_store_meta_set(f->db, "origin", "zhifa.example/log", &f->err), 0);
	assert_int_equal(zf_store_meta_get(f->db, f->a, "origin", &v, &f->err), 0);
	assert_string_equal(v, "zhifa.example/log");
	assert_int_equal(zf_store_meta_set(f->db, "origin", "县执法局", &f->err), 0);
	assert_int_equal(zf_store_meta_get(f->db, f->a, "origin", &v, &f->err), 0);
	assert_string_equal(v, "县执法局");
	assert_int_equal(zf_store_meta_get(f->db, f->a, "other", &v, &f->err), ZF_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_database_is_migrated_once),
		cmocka_unit_test(test_pending_after_a_migration_is_forgotten),
		cmocka_unit_test(test_foreign_database_is_refused),
		cmocka_unit_test(test_meta_get_set),
	};
	return run_fresh(tests, fixture_setup_empty, fixture_teardown);
}
