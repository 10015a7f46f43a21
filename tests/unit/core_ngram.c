/* Unit tests of the search tokenizer: normalisation, index grams, query grams, runs and the final match. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/ngram.h"
#include "util/arena.h"

static int has(const char **v, size_t n, const char *g)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], g) == 0)
			return 1;
	return 0;
}

static void test_norm(void **state)
{
	(void)state;
	struct zf_arena *a = zf_arena_new(1 << 20);
	assert_string_equal(zf_ngram_norm(a, "ＡＢＣ１２３　Ｘｙ"), "abc123 xy");
	assert_string_equal(zf_ngram_norm(a, "某市ABC食品有限公司（Ａ）"), "某市abc食品有限公司(a)");
	assert_string_equal(zf_ngram_norm(a, ""), "");
	zf_arena_free(a);
}

static void test_index(void **state)
{
	(void)state;
	struct zf_arena *a = zf_arena_new(1 << 20);
	const char **g = NULL;
	size_t n = 0;
	assert_int_equal(zf_ngram_index(a, zf_ngram_norm(a, "张三，张三　超市"), &g, &n), 0);
	/* unigrams 张 三 超 市; bigrams 张三 超市; nothing across the separators */
	assert_int_equal(n, 6);
	assert_true(has(g, n, "张") && has(g, n, "三") && has(g, n, "张三") && has(g, n, "超市"));
	assert_false(has(g, n, "三张") || has(g, n, "三超"));
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(g[i - 1], g[i]) < 0);
	assert_int_equal(zf_ngram_index(a, "", &g, &n), 0);
	assert_int_equal(n, 0);
	/* an ASCII word is one unit */
	assert_int_equal(zf_ngram_index(a, "AB-1 x2026年", &g, &n), 0);
	assert_int_equal(n, 5); /* ab 1 x2026 年 x2026年 */
	assert_true(has(g, n, "ab") && has(g, n, "1") && has(g, n, "x2026年"));
	zf_arena_free(a);
}

static void test_query(void **state)
{
	(void)state;
	struct zf_arena *a = zf_arena_new(1 << 20);
	const char **g = NULL;
	size_t n = 0;
	assert_int_equal(zf_ngram_query(a, "张", &g, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(g[0], "张");
	assert_int_equal(zf_ngram_query(a, "张三", &g, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(g[0], "张三");
	assert_int_equal(zf_ngram_query(a, "食品安全", &g, &n), 0);
	assert_int_equal(n, 3);
	assert_true(has(g, n, "食品") && has(g, n, "品安") && has(g, n, "安全"));
	assert_int_equal(zf_ngram_query(a, "张 食品", &g, &n), 0);
	assert_int_equal(n, 2);
	assert_true(has(g, n, "张") && has(g, n, "食品"));
	assert_int_equal(zf_ngram_query(a, " ，。", &g, &n), 0);
	assert_int_equal(n, 0);
	zf_arena_free(a);
}

static void test_runs(void **state)
{
	(void)state;
	struct zf_arena *a = zf_arena_new(1 << 20);
	const char **r = NULL;
	size_t n = 0;
	assert_int_equal(zf_ngram_runs(a, "张三，ＡＢ　食品", &r, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(r[0], "张三");
	assert_string_equal(r[1], "ab");
	assert_string_equal(r[2], "食品");
	assert_int_equal(zf_ngram_runs(a, "，。", &r, &n), 0);
	assert_int_equal(n, 0);
	zf_arena_free(a);
}

static void test_match(void **state)
{
	(void)state;
	struct zf_arena *a = zf_arena_new(1 << 20);
	const char *t = zf_ngram_norm(a, "当事人：张三，经营食品安全违法。ＡＢＣ公司");
	assert_true(zf_ngram_match(t, "张三"));
	assert_true(zf_ngram_match(t, "食品安全"));
	assert_true(zf_ngram_match(t, zf_ngram_norm(a, "abc")));
	assert_true(zf_ngram_match(t, "张三 食品"));
	assert_false(zf_ngram_match(t, "食品违法")); /* its bigrams need not be adjacent */
	assert_false(zf_ngram_match(t, "李四"));
	assert_false(zf_ngram_match(t, "，"));
	zf_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norm),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
