/* zhifa log prove: a c2sp.org/tlog-proof@v1 file verified offline, with the entry, or the record and its salt. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/logcheck.h"
#include "ledger/entry.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "util/buf.h"
#include "util/str.h"

#define PROOF_MAX (1024 * 1024)       /* a tlog-proof file */
#define RECORD_MAX (16 * 1024 * 1024) /* a record's canonical data */

/* Base64 in a proof is decoded strictly (zf_b64_decode: one spelling per
 * byte string), so a flipped bit is never ignored. */
struct proof {
	unsigned char *extra; /* malloc'd; NULL without an extra line */
	size_t extra_len;
	uint64_t index;
	zf_hash path[ZF_PROOF_MAX];
	size_t n;
	const char *note; /* the checkpoint, inside the file's buffer */
	size_t note_len;
};

/* Parses the "index N" line S (N bytes): canonical decimal. */
static int proof_index(const char *s, size_t n, uint64_t *out)
{
	char num[24];
	int64_t v;
	if (n <= 6 || n - 6 >= sizeof(num) || memcmp(s, "index ", 6))
		return -1;
	memcpy(num, s + 6, n - 6);
	num[n - 6] = '\0';
	if (strspn(num, "0123456789") != n - 6 || (num[0] == '0' && num[1]) ||
	    zf_str_to_i64(num, 0, INT64_MAX, &v))
		return -1;
	*out = (uint64_t)v;
	return 0;
}

/* Parses a tlog-proof file (DATA, LEN bytes) strictly: the header line, an
 * optional extra line, the index line, the hashes, an empty line, the
 * checkpoint. Frees nothing: P->extra is the caller's. */
static int proof_parse(const char *data, size_t len, struct proof *p, struct zf_err *err)
{
	const char *cut = memmem(data, len, "\n\n", 2);
	int no = 0, have_index = 0;
	size_t got;
	if (!cut)
		return zf_err_set(err, ZF_EINVAL, "证明文件格式错误：检查点前没有空行");
	p->note = cut + 2;
	p->note_len = (size_t)(data + len - p->note);
	/* The head's lines each end in '\n', the last one at CUT. */
	for (const char *s = data, *end = cut + 1; s < end; no++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)(nl - s);
		if (no == 0) {
			if (n != 22 || memcmp(s, "c2sp.org/tlog-proof@v1", 22))
				return zf_err_set(err, ZF_EINVAL, "证明文件第一行不是 c2sp.org/tlog-proof@v1");
		} else if (no == 1 && n >= 6 && !memcmp(s, "extra ", 6)) {
			size_t cap = (n - 6) / 4 * 3;
			if (!(p->extra = malloc(cap ? cap : 1)))
				return zf_err_set(err, ZF_ENOMEM, "内存不足");
			if (zf_b64_decode(s + 6, n - 6, p->extra, cap, &p->extra_len))
				return zf_err_set(err, ZF_EINVAL, "证明文件的 extra 行不是 base64");
		} else if (!have_index) {
			if (proof_index(s, n, &p->index))
				return zf_err_set(err, ZF_EINVAL, "证明文件第 %d 行应为 index 行（index 十进制序号）", no + 1);
			have_index = 1;
		} else if (p->n >= ZF_PROOF_MAX || zf_b64_decode(s, n, p->path[p->n], ZF_HASH_LEN, &got) ||
			   got != ZF_HASH_LEN) {
			return zf_err_set(err, ZF_EINVAL, "证明文件第 %d 行不是一个哈希的 base64", no + 1);
		} else {
			p->n++;
		}
		s = nl + 1;
	}
	return have_index ? 0 : zf_err_set(err, ZF_EINVAL, "证明文件缺少 index 行");
}

static void help_prove(void)
{
	printf("usage: zhifa log prove --key VKEY PROOF_FILE [RECORD_FILE [--salt HEX]]\n\n"
	       "Verifies a c2sp.org/tlog-proof@v1 file (what /log/proof/<index> serves)\n"
	       "offline: the checkpoint in it is signed by VKEY and names the key's log,\n"
	       "and the inclusion proof leads from the entry at the index to the\n"
	       "checkpoint's root. The entry whose inclusion is proved is:\n"
	       "  - without RECORD_FILE: the proof's extra line (base64 of the entry's\n"
	       "    bytes; zhifa puts the zhifa-entry/v1 text there); the entry is printed;\n"
	       "  - RECORD_FILE holding a zhifa-entry/v1 entry: its bytes (when the proof\n"
	       "    has an extra line too, it must be the same entry);\n"
	       "  - RECORD_FILE holding a record's canonical data, with --salt HEX (the\n"
	       "    record's salt, kept beside it in the database): the entry is the\n"
	       "    proof's extra line, and its commit line must be SHA-256(salt || data):\n"
	       "    this proves that this very record was logged.\n\n"
	       "  --key VKEY    the log's verifier key line, or a file holding it\n"
	       "  --salt HEX    the record's salt (64 hex characters)\n\n"
	       "Exit status 0 when the proof holds; 1 with the reason otherwise.\n");
}

/* The entry whose inclusion is to be proved, into *ENTRY (pointing into P
 * or REC), from the proof's extra line, the record file's bytes REC (RLEN;
 * NULL without one), and SALT (may be NULL). */
static int prove_entry(struct proof *p, const char *rec, size_t rlen, const char *salt,
		       const unsigned char **entry, size_t *len, struct zf_err *err)
{
	static const char magic[] = "zhifa-entry/v1\n";
	if (rec && !salt && rlen >= sizeof(magic) - 1 && !memcmp(rec, magic, sizeof(magic) - 1)) {
		if (p->extra && (p->extra_len != rlen || memcmp(p->extra, rec, rlen)))
			return zf_err_set(err, ZF_EINVAL, "证明文件 extra 行中的条目与 RECORD_FILE 不同");
		*entry = (const unsigned char *)rec;
		*len = rlen;
		return 0;
	}
	if (rec && !salt)
		return zf_err_set(err, ZF_EINVAL, "RECORD_FILE 不是 zhifa-entry/v1 条目；若是记录的规范数据，请用 --salt 给出记录的盐值");
	if (!p->extra)
		return zf_err_set(err, ZF_EINVAL, "证明文件没有 extra 行：请给出 RECORD_FILE（条目）");
	*entry = p->extra;
	*len = p->extra_len;
	if (!rec)
		return 0;
	struct zf_entry e;
	char commit[65], *copy = malloc(p->extra_len + 1);
	int rc = 0;
	if (!copy)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (zf_entry_parse((const char *)p->extra, p->extra_len, &e, copy, p->extra_len + 1))
		rc = zf_err_set(err, ZF_EINVAL, "证明文件 extra 行不是 zhifa-entry/v1 条目");
	else if (strlen(salt) != 64 || strspn(salt, "0123456789abcdef") != 64)
		rc = zf_err_set(err, ZF_EINVAL, "--salt 应为 64 个小写十六进制字符");
	else if (zf_entry_commit(salt, rec, rlen, commit) || strcmp(commit, e.commit))
		rc = zf_err_set(err, ZF_EINVAL, "记录与条目中的承诺不符：RECORD_FILE 或盐值不是该条目所承诺的记录（记录 %s:%lld）",
				e.table, (long long)e.key);
	free(copy);
	return rc;
}

/* The whole offline check of proof file DATA (LEN bytes) with key K: the
 * file's form, the checkpoint's signature and origin, the entry
 * (prove_entry), its inclusion at the index. P, CP, *ENTRY get what was
 * verified. */
static int prove_run(const struct zf_cli_logkey *k, const char *data, size_t len, const char *rec,
		     size_t rlen, const char *salt, struct proof *p, struct zf_cli_cp *cp,
		     const unsigned char **entry, size_t *elen, struct zf_err *err)
{
	zf_hash leaf;
	int rc;
	if ((rc = proof_parse(data, len, p, err)) ||
	    (rc = zf_cli_cp_open(k, p->note, p->note_len, "证明中的检查点", cp, err)) ||
	    (rc = prove_entry(p, rec, rlen, salt, entry, elen, err)))
		return rc;
	if (p->index >= cp->size)
		return zf_err_set(err, ZF_EINVAL, "条目序号 %" PRIu64 " 不在 %" PRIu64 " 条的检查点中",
				  p->index, cp->size);
	if (zf_merkle_leaf(*entry, *elen, leaf) ||
	    zf_merkle_verify_inclusion(p->index, cp->size, leaf, (const zf_hash *)p->path, p->n,
				       cp->root) != 1)
		return zf_err_set(err, ZF_EINVAL, "包含证明无效：条目 %" PRIu64 " 不在该检查点的日志中（条目或证明被改动）",
				  p->index);
	return 0;
}

int zf_cli_log_prove_check(const char *vkey, const char *proof, size_t len, const char *record,
			   size_t rlen, const char *salt, struct zf_err *err)
{
	struct zf_cli_logkey k = {0};
	struct proof *p = calloc(1, sizeof(*p));
	struct zf_cli_cp cp;
	const unsigned char *entry;
	size_t elen;
	int rc;
	if (!p)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	if (!(rc = zf_cli_logkey_load(&k, vkey, err)))
		rc = prove_run(&k, proof, len, record, rlen, salt, p, &cp, &entry, &elen, err);
	zf_verifier_free(k.v);
	free(p->extra);
	free(p);
	return rc;
}

/* zhifa log prove. */
int zf_cmd_log_prove(int argc, char **argv)
{
	static const struct option opts[] = {
		{"key", required_argument, 0, 'k'}, {"salt", required_argument, 0, 's'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0},
	};
	const char *key = NULL, *salt = NULL;
	struct zf_cli_logkey k = {0};
	struct zf_buf file, rec;
	struct proof *p = NULL;
	struct zf_cli_cp cp;
	struct zf_err err = {0};
	const unsigned char *entry = NULL;
	size_t elen = 0;
	int c, rc = 0, with_record;

	zf_buf_init(&file, PROOF_MAX);
	zf_buf_init(&rec, RECORD_MAX);
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = optarg; break;
		case 's': salt = optarg; break;
		case 'h': help_prove(); return ZF_EXIT_OK;
		default: return zf_cli_usage("log prove", "unknown option");
		}
	}
	if (!key || optind >= argc || argc - optind > 2)
		return zf_cli_usage("log prove", "--key and PROOF_FILE are required");
	if (salt && argc - optind != 2)
		return zf_cli_usage("log prove", "--salt goes with RECORD_FILE");
	if (!(p = calloc(1, sizeof(*p)))) {
		rc = zf_err_set(&err, ZF_ENOMEM, "内存不足");
		goto out;
	}
	with_record = argc - optind == 2;
	if ((rc = zf_cli_logkey_load(&k, key, &err)) ||
	    (rc = zf_cli_read_file(argv[optind], PROOF_MAX, &file, &err)) ||
	    (with_record && (rc = zf_cli_read_file(argv[optind + 1], RECORD_MAX, &rec, &err))) ||
	    (rc = prove_run(&k, file.data, file.len, with_record ? rec.data : NULL, rec.len, salt, p,
			    &cp, &entry, &elen, &err)))
		goto out;
	zf_cli_cp_print("检查点", &cp);
	printf("  签名：由密钥 %s 验证通过\n", k.name);
	printf("  包含证明：条目 %" PRIu64 " 在日志中（%zu 个哈希）\n", p->index, p->n);
	if (salt)
		printf("  记录：%s 与盐值给出条目中的承诺\n", argv[optind + 1]);
	if (zf_str_utf8_ok((const char *)entry, elen, 1)) {
		printf("条目：\n");
		for (size_t i = 0; i < elen;) {
			const char *line = (const char *)entry + i, *nl = memchr(line, '\n', elen - i);
			size_t n = nl ? (size_t)(nl - line) : elen - i;
			printf("  %.*s\n", (int)n, line);
			i += n + 1;
		}
	}
	printf("结论：证明有效\n");
out:
	if (p)
		free(p->extra);
	free(p);
	zf_verifier_free(k.v);
	zf_buf_free(&file);
	zf_buf_free(&rec);
	if (rc) {
		fprintf(stderr, "zhifa: 证明无效：%s\n", err.msg);
		return ZF_EXIT_FAIL;
	}
	return ZF_EXIT_OK;
}
