/* The portal benchmark's loader: N published decisions with realistic Chinese titles, party names and short redacted texts, and their n-gram index rows, in batched multi-row inserts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/publication.h"
#include "core/ngram.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/str.h"

#define GRAM_ROWS 400 /* rows per multi-row INSERT of grams */

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
				       "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
				       "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇",
				    "军", "杰", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英",
				    "建华", "文", "华", "建国", "红", "志强", "丽", "国庆", "海燕", "晓东"};
static const char *const places[] = {"陵川", "晋城", "高平", "泽州", "阳城", "沁水", "太原", "长治",
				     "平城", "礼义", "崇文", "附城", "西河", "杨村", "潞城", "夺火"};
static const char *const trades[] = {"食品", "超市", "餐饮", "药店", "五金", "建材", "商贸", "农资",
				     "烟酒", "百货", "汽修", "物流", "电子", "服装", "粮油", "茶叶"};
static const char *const forms[] = {"有限公司", "商行", "经营部", "门市部", "便利店", "饭店", "批发部"};
static const char *const violations[] = {
	"销售不合格食品", "虚假宣传", "未亮照经营", "无证经营", "销售过期食品", "价格欺诈",
	"未按规定公示信息", "计量器具未检定", "销售假冒注册商标商品", "违规使用食品添加剂",
	"未建立进货查验记录", "超范围经营"};
static const char *const money[] = {"伍仟元", "壹万元", "贰万元", "叁仟元", "伍万元", "捌仟元", "拾万元"};

static unsigned rnd(unsigned long long *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(*s >> 33);
}
#define PICK(arr, s) (arr[rnd(s) % (sizeof(arr) / sizeof(arr[0]))])

/* Flushes K gram rows (already bound) with the statement for exactly K rows. */
static int gram_flush(struct zf_db *db, const char **grams, const int64_t *ids, int k, struct zf_err *err)
{
	char sql[64 + GRAM_ROWS * 8];
	struct zf_stmt *st = NULL;
	size_t n;
	int rc;

	if (k == 0)
		return 0;
	n = (size_t)snprintf(sql, 64, "INSERT INTO publication_gram (gram, publication_id) VALUES ");
	for (int i = 0; i < k; i++) {
		memcpy(sql + n, i ? ",(?,?)" : "(?,?)", i ? 6 : 5);
		n += i ? 6 : 5;
	}
	sql[n] = '\0';
	if ((rc = zf_db_prepare(db, &st, sql, err)))
		return rc;
	for (int i = 0; i < k; i++) {
		zf_stmt_bind_text(st, 2 * i + 1, grams[i]);
		zf_stmt_bind_i64(st, 2 * i + 2, ids[i]);
	}
	return zf_stmt_run(st, err);
}

int main(int argc, char **argv)
{
	struct zf_db *db = NULL;
	struct zf_err err = {0};
	int64_t n = 0, body = 0, case_id = 0, base = 1000000;
	unsigned long long seed = 20260101;
	const char *gbuf[GRAM_ROWS];
	int64_t ibuf[GRAM_ROWS];
	int k = 0, rc = 1;
	char body_name[256] = "";

	if (argc != 3 || zf_str_to_i64(argv[2], 1, 10000000, &n)) {
		fprintf(stderr, "usage: portal_load DB N\n");
		return 2;
	}
	if (zf_db_open(&db, argv[1], 0, &err)) {
		fprintf(stderr, "portal_load: %s\n", err.msg);
		return 1;
	}
	struct zf_stmt *st = NULL;
	if (zf_db_prepare(db, &st, "SELECT b.id, b.name, (SELECT MIN(id) FROM cases) FROM body b ORDER BY b.id LIMIT 1", &err) ||
	    zf_stmt_step(st, &err) != ZF_DB_ROW) {
		fprintf(stderr, "portal_load: no body or case (%s)\n", err.msg);
		goto done;
	}
	body = zf_stmt_i64(st, 0);
	zf_strlcpy(body_name, zf_stmt_text(st, 1), sizeof(body_name));
	case_id = zf_stmt_i64(st, 2);
	zf_stmt_done(st);
	struct zf_arena *a = NULL;
	for (int64_t i = 0; i < n; i++) {
		if (i % 10000 == 0) {
			if (i && zf_db_commit(db, &err))
				goto fail;
			zf_arena_free(a);
			if (!(a = zf_arena_new((size_t)256 << 20)) || zf_db_begin(db, 1, &err))
				goto fail;
		}
		int64_t id = base + i;
		int person = rnd(&seed) % 3 == 0;
		const char *party = person ? zf_arena_printf(a, "%s%s", PICK(surnames, &seed), PICK(given, &seed))
					   : zf_arena_printf(a, "%s%s%s%s%s", PICK(places, &seed), PICK(surnames, &seed),
							     PICK(given, &seed), PICK(trades, &seed), PICK(forms, &seed));
		const char *violation = PICK(violations, &seed);
		int month = 1 + (int)(rnd(&seed) % 12), day = 1 + (int)(rnd(&seed) % 28);
		const char *docno = zf_arena_printf(a, "陵市监罚〔2026〕%lld号", (long long)(i + 1));
		const char *decided = zf_arena_printf(a, "2026-%02d-%02d", month, day);
		const char *title = zf_arena_printf(a, "%s 行政处罚决定书（%s）", docno, violation);
		const char *text = zf_arena_printf(a,
			"当事人：%s。经查，当事人%s，违反了有关法律法规的规定。依据相关规定，决定对当事人给予警告，并处罚款人民币%s。",
			party, violation, PICK(money, &seed));
		if (!party || !title || !text) {
			fprintf(stderr, "portal_load: out of memory\n");
			goto fail;
		}
		if (zf_db_prepare(db, &st,
				  "INSERT INTO publication (id, body_id, kind, case_id, state, title, party_name, "
				  "doc_number, violation, decided_on, due_on, period_end, text, salt, drafted_at, "
				  "published_at) VALUES (?, ?, 'decision', ?, 'published', ?, ?, ?, ?, ?, ?, "
				  "'2029-12-31', ?, "
				  "'00000000000000000000000000000000000000000000000000000000000000aa', 1767225600, ?)",
				  &err))
			goto fail;
		zf_stmt_bind_i64(st, 1, id);
		zf_stmt_bind_i64(st, 2, body);
		zf_stmt_bind_i64(st, 3, case_id);
		zf_stmt_bind_text(st, 4, title);
		zf_stmt_bind_text(st, 5, party);
		zf_stmt_bind_text(st, 6, docno);
		zf_stmt_bind_text(st, 7, violation);
		zf_stmt_bind_text(st, 8, decided);
		zf_stmt_bind_text(st, 9, decided);
		zf_stmt_bind_text(st, 10, text);
		zf_stmt_bind_i64(st, 11, 1767225600 + i);
		if (zf_stmt_run(st, &err))
			goto fail;
		struct zf_publication p = {.id = id, .title = title, .party_name = party, .doc_number = docno,
					   .body_name = body_name, .violation = violation, .text = text};
		const char **grams = NULL;
		size_t ng = 0;
		const char *all = zf_app_pub_searchable(a, &p);
		if (!all || zf_ngram_index(a, all, &grams, &ng))
			goto fail;
		for (size_t g = 0; g < ng; g++) {
			gbuf[k] = grams[g];
			ibuf[k++] = id;
			if (k == GRAM_ROWS) {
				if (gram_flush(db, gbuf, ibuf, k, &err))
					goto fail;
				k = 0;
			}
		}
		if (i % 10000 == 9999 || i == n - 1) {
			if (gram_flush(db, gbuf, ibuf, k, &err))
				goto fail;
			k = 0;
		}
	}
	if (zf_db_commit(db, &err))
		goto fail;
	zf_arena_free(a);
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "portal_load: %s\n", err.msg);
	zf_db_rollback(db);
done:
	zf_db_close(db);
	return rc;
}
