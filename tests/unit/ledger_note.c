/* Unit tests of signed notes and checkpoints: the C2SP and Go examples, tampering, unknown signatures, key files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "ledger/note.h"
#include "util/buf.h"

#define DASH "\xe2\x80\x94"

/* The example of c2sp.org/signed-note. */
static const char spec_vkey[] = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
static const char spec_text[] = "This is an example message.\n";
static const char spec_sig[] = DASH " example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7"
				   "Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

/* The example of golang.org/x/mod/sumdb/note: its private key (base64 of
 * 0x01 || seed) and the note Go signs with it. Ed25519 is deterministic. */
static const char go_skey_b64[] = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
static const char go_vkey[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char go_text[] = "If you think cryptography is the answer to your problem,\n"
			      "then you don't know what your problem is.\n";
static const char go_sig[] = DASH " PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FF"
			     "YC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

struct fx {
	char dir[64];
	char path[128];
	struct zf_verifier *spec;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct zf_err err;

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/zf_note_XXXXXX");
	if (!mkdtemp(f->dir) || zf_verifier_parse(&f->spec, spec_vkey, &err)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/log.key", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	unlink(f->path);
	rmdir(f->dir);
	zf_verifier_free(f->spec);
	free(f);
	return 0;
}

/* zf_note_open over the string S; returns its code, *BODY gets the body length. */
static int open_note(const struct zf_verifier *v, const char *s, size_t *body)
{
	struct zf_err err;
	size_t dummy;
	return zf_note_open(v, s, strlen(s), body ? body : &dummy, &err);
}

static void spec_example(void **state)
{
	struct fx *f = *state;
	char note[512];
	size_t body = 99;

	assert_string_equal(zf_verifier_name(f->spec), "example.com/foo");
	snprintf(note, sizeof(note), "%s\n%s", spec_text, spec_sig);
	assert_int_equal(open_note(f->spec, note, &body), 0);
	assert_int_equal(body, strlen(spec_text));

	/* A changed body, a changed signature: the known key's signature fails. */
	snprintf(note, sizeof(note), "This is an example message!\n\n%s", spec_sig);
	assert_int_equal(open_note(f->spec, note, &body), ZF_EINVAL);
	assert_int_equal(body, 0);
	snprintf(note, sizeof(note), "%s\n%s", spec_text, spec_sig);
	char *c = strstr(note, "Ztg1");
	c[0] = 'Y';
	assert_int_equal(open_note(f->spec, note, NULL), ZF_EINVAL);
	/* The same signature as the only line, under another name: unknown, so no signature. */
	snprintf(note, sizeof(note), "%s\n" DASH " example.com/bar Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2O"
		 "NncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n", spec_text);
	assert_int_equal(open_note(f->spec, note, NULL), ZF_EINVAL);
	/* Go's verifier does not know example.com/foo, and the reverse. */
	struct zf_verifier *go = NULL;
	struct zf_err err;
	assert_int_equal(zf_verifier_parse(&go, go_vkey, &err), 0);
	snprintf(note, sizeof(note), "%s\n%s", spec_text, spec_sig);
	assert_int_equal(open_note(go, note, NULL), ZF_EINVAL);
	snprintf(note, sizeof(note), "%s\n%s", go_text, go_sig);
	assert_int_equal(open_note(go, note, &body), 0);
	assert_int_equal(body, strlen(go_text));
	assert_int_equal(open_note(f->spec, note, NULL), ZF_EINVAL);
	zf_verifier_free(go);
}

/* Writes a key file for ORIGIN holding the Ed25519 key with SEED. */
static void write_key(const char *path, const char *origin, const unsigned char seed[32])
{
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	FILE *fp = fopen(path, "w");

	assert_non_null(k);
	assert_non_null(fp);
	assert_int_equal(chmod(path, 0600), 0);
	fprintf(fp, "%s\n", origin);
	assert_int_equal(PEM_write_PrivateKey(fp, k, NULL, NULL, 0, NULL, NULL), 1);
	assert_int_equal(fclose(fp), 0);
	EVP_PKEY_free(k);
}

static void go_example(void **state)
{
	struct fx *f = *state;
	struct zf_logkey *k = NULL;
	struct zf_err err;
	unsigned char skey[40];
	size_t n;
	char vkey[200], note[512], want[512];

	assert_int_equal(zf_b64_decode(go_skey_b64, strlen(go_skey_b64), skey, sizeof(skey), &n), 0);
	assert_int_equal(n, 33);
	assert_int_equal(skey[0], 0x01);
	write_key(f->path, "PeterNeumann", skey + 1);
	assert_int_equal(zf_logkey_load(&k, f->path, &err), 0);
	assert_string_equal(zf_logkey_origin(k), "PeterNeumann");
	assert_int_equal(zf_logkey_vkey(k, vkey, sizeof(vkey)), 0);
	assert_string_equal(vkey, go_vkey);
	assert_int_equal(zf_logkey_vkey(k, vkey, strlen(go_vkey)), -1);
	/* Byte for byte the note Go's note.Sign writes. */
	assert_int_equal(zf_note_sign(k, go_text, note, sizeof(note)), 0);
	snprintf(want, sizeof(want), "%s\n%s", go_text, go_sig);
	assert_string_equal(note, want);
	assert_int_equal(zf_note_sign(k, go_text, note, strlen(want)), -1);
	/* A body must end in a newline and follow the text rules. */
	assert_int_equal(zf_note_sign(k, "no newline", note, sizeof(note)), -1);
	assert_int_equal(zf_note_sign(k, "", note, sizeof(note)), -1);
	assert_int_equal(zf_note_sign(k, "tab\there\n", note, sizeof(note)), -1);
	assert_int_equal(zf_note_sign(k, "bad \xff utf-8\n", note, sizeof(note)), -1);
	zf_logkey_free(k);
	zf_logkey_free(NULL);
}

/* A signature line of NAME with key ID ID and 64 bytes of FILL. */
static void fake_sig(struct zf_buf *b, const char *name, uint32_t id, unsigned char fill)
{
	unsigned char blob[68];
	char b64[100];

	memset(blob, fill, sizeof(blob));
	blob[0] = (unsigned char)(id >> 24);
	blob[1] = (unsigned char)(id >> 16);
	blob[2] = (unsigned char)(id >> 8);
	blob[3] = (unsigned char)id;
	assert_true(zf_b64_encode(blob, sizeof(blob), b64, sizeof(b64)) > 0);
	assert_int_equal(zf_buf_printf(b, DASH " %s %s\n", name, b64), 0);
}

static void unknown_signatures(void **state)
{
	struct fx *f = *state;
	struct zf_buf b;
	size_t body;

	/* Witness cosignatures and rotated keys around ours are ignored: 20 of them. */
	zf_buf_init(&b, 0);
	zf_buf_printf(&b, "%s\n", spec_text);
	for (int i = 0; i < 10; i++)
		fake_sig(&b, "witness.example/w", (uint32_t)i, (unsigned char)i);
	zf_buf_puts(&b, spec_sig);
	fake_sig(&b, "example.com/foo", 0x530d903b, 1); /* same name, other ID */
	fake_sig(&b, "example.com/fo", 0x530d903a, 2);  /* same ID, other name */
	for (int i = 0; i < 8; i++)
		fake_sig(&b, "example.org/other", 0x12345678, 3);
	assert_int_equal(open_note(f->spec, zf_buf_cstr(&b), &body), 0);
	assert_int_equal(body, strlen(spec_text));
	zf_buf_free(&b);

	/* Only unknown signatures: refused. */
	zf_buf_init(&b, 0);
	zf_buf_printf(&b, "%s\n", spec_text);
	fake_sig(&b, "example.com/foo", 0x530d903b, 1);
	fake_sig(&b, "example.com/fo", 0x530d903a, 2);
	assert_int_equal(open_note(f->spec, zf_buf_cstr(&b), NULL), ZF_EINVAL);
	zf_buf_free(&b);

	/* A bad signature by the known key rejects the note even beside a good one. */
	zf_buf_init(&b, 0);
	zf_buf_printf(&b, "%s\n%s", spec_text, spec_sig);
	fake_sig(&b, "example.com/foo", 0x530d903a, 7);
	assert_int_equal(open_note(f->spec, zf_buf_cstr(&b), NULL), ZF_EINVAL);
	zf_buf_free(&b);

	/* Up to 100 signature lines are read; 101 are refused. */
	zf_buf_init(&b, 0);
	zf_buf_printf(&b, "%s\n%s", spec_text, spec_sig);
	for (int i = 0; i < 99; i++)
		fake_sig(&b, "w.example", (uint32_t)i, 4);
	assert_int_equal(open_note(f->spec, zf_buf_cstr(&b), NULL), 0);
	fake_sig(&b, "w.example", 1000, 4);
	assert_int_equal(open_note(f->spec, zf_buf_cstr(&b), NULL), ZF_EINVAL);
	zf_buf_free(&b);
}

static void malformed_notes(void **state)
{
	struct fx *f = *state;
	char note[1024];
	static const char *const bad_sigs[] = {
		"-- example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",
		DASH "example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",
		DASH " example.com/foo  Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",
		DASH " example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM\n",
		DASH " example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM= \n",
		DASH " example.com/foo \n",
		DASH " example.com/foo AAAAAA==\n", /* four bytes: an ID and no signature */
		DASH "  Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",
		DASH " example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=", /* no final newline */
		"",
	};

	for (size_t i = 0; i < sizeof(bad_sigs) / sizeof(bad_sigs[0]); i++) {
		snprintf(note, sizeof(note), "%s\n%s", spec_text, bad_sigs[i]);
		if (open_note(f->spec, note, NULL) != ZF_EINVAL)
			fail_msg("accepted signature line %zu", i);
	}
	/* No blank line before the signatures. */
	snprintf(note, sizeof(note), "%s%s", spec_text, spec_sig);
	assert_int_equal(open_note(f->spec, note, NULL), ZF_EINVAL);
	/* Control characters and bad UTF-8 anywhere. */
	snprintf(note, sizeof(note), "This is an example message.\r\n\n%s", spec_sig);
	assert_int_equal(open_note(f->spec, note, NULL), ZF_EINVAL);
	snprintf(note, sizeof(note), "%s\n%s", spec_text, spec_sig);
	note[strlen(note) - 2] = '\t';
	assert_int_equal(open_note(f->spec, note, NULL), ZF_EINVAL);
	snprintf(note, sizeof(note), "\xc0\xafThis\n\n%s", spec_sig);
	assert_int_equal(open_note(f->spec, note, NULL), ZF_EINVAL);
	snprintf(note, sizeof(note), "\xed\xa0\x80\n\n%s", spec_sig);
	assert_int_equal(open_note(f->spec, note, NULL), ZF_EINVAL);
	/* An embedded NUL counts as a control character. */
	snprintf(note, sizeof(note), "%s\n%s", spec_text, spec_sig);
	note[4] = '\0';
	struct zf_err err;
	size_t body;
	assert_int_equal(zf_note_open(f->spec, note, strlen(spec_text) + 1 + strlen(spec_sig), &body, &err),
			 ZF_EINVAL);
}

static void key_file(void **state)
{
	struct fx *f = *state;
	struct zf_logkey *k = NULL;
	struct zf_verifier *v = NULL;
	struct zf_err err;
	struct stat st;
	char vkey[200], body[300], note[600], origin[64], text[100];
	zf_hash root, back;
	uint64_t size;
	size_t blen;

	assert_int_equal(zf_logkey_create(f->path, "zhifa.example.gov.cn/log", &err), 0);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* Never overwritten. */
	assert_int_equal(zf_logkey_create(f->path, "zhifa.example.gov.cn/log", &err), ZF_ECONFLICT);
	assert_non_null(strstr(err.msg, "已存在"));
	assert_int_equal(zf_logkey_load(&k, f->path, &err), 0);
	assert_string_equal(zf_logkey_origin(k), "zhifa.example.gov.cn/log");
	assert_int_equal(zf_logkey_vkey(k, vkey, sizeof(vkey)), 0);
	assert_int_equal(strncmp(vkey, "zhifa.example.gov.cn/log+", 25), 0);
	assert_int_equal(zf_verifier_parse(&v, vkey, &err), 0);

	/* A checkpoint signed and opened, its body parsed back. */
	for (int i = 0; i < ZF_HASH_LEN; i++)
		root[i] = (unsigned char)(i * 7);
	assert_int_equal(zf_checkpoint_body(zf_logkey_origin(k), 70000, root, body, sizeof(body)), 0);
	assert_int_equal(zf_note_sign(k, body, note, sizeof(note)), 0);
	assert_int_equal(zf_note_open(v, note, strlen(note), &blen, &err), 0);
	assert_int_equal(blen, strlen(body));
	assert_int_equal(zf_checkpoint_parse(note, blen, origin, sizeof(origin), &size, back), 0);
	assert_string_equal(origin, "zhifa.example.gov.cn/log");
	assert_int_equal(size, 70000);
	assert_memory_equal(back, root, ZF_HASH_LEN);
	/* Changing the size in the signed note breaks it. */
	note[strlen("zhifa.example.gov.cn/log\n")] = '8';
	assert_int_equal(zf_note_open(v, note, strlen(note), &blen, &err), ZF_EINVAL);
	assert_non_null(strstr(err.msg, "zhifa.example.gov.cn/log"));
	/* A note signed by another key with the same origin does not open. */
	zf_logkey_free(k);
	k = NULL;
	unlink(f->path);
	assert_int_equal(zf_logkey_create(f->path, "zhifa.example.gov.cn/log", &err), 0);
	assert_int_equal(zf_logkey_load(&k, f->path, &err), 0);
	assert_int_equal(zf_note_sign(k, body, note, sizeof(note)), 0);
	assert_int_equal(zf_note_open(v, note, strlen(note), &blen, &err), ZF_EINVAL);
	/* Two keys of one origin differ in their IDs. */
	assert_int_equal(zf_logkey_vkey(k, text, sizeof(text)), 0);
	assert_string_not_equal(text, vkey);
	zf_logkey_free(k);
	k = NULL;

	/* A key file others may read is refused; so is a missing or foreign one. */
	assert_int_equal(chmod(f->path, 0644), 0);
	assert_int_equal(zf_logkey_load(&k, f->path, &err), ZF_EDENIED);
	assert_null(k);
	unlink(f->path);
	assert_int_equal(zf_logkey_load(&k, f->path, &err), ZF_ENOTFOUND);
	FILE *fp = fopen(f->path, "w");
	assert_non_null(fp);
	fputs("example.com/log\nnot a key\n", fp);
	fclose(fp);
	chmod(f->path, 0600);
	assert_int_equal(zf_logkey_load(&k, f->path, &err), ZF_EINVAL);
	unlink(f->path);

	/* Origins that are not key names. */
	const char *bad[] = {"", "a b", "a+b", "tab\tname", "line\nbreak", "ideographic\xe3\x80\x80space"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(zf_logkey_create(f->path, bad[i], &err), ZF_EINVAL);
		assert_int_equal(access(f->path, F_OK), -1);
	}
	zf_verifier_free(v);
}

static void vkeys(void **state)
{
	(void)state;
	struct zf_verifier *v = NULL;
	struct zf_err err;
	static const char *const bad[] = {
		"",
		"example.com/foo",
		"example.com/foo+530d903a",
		"example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", /* wrong ID */
		"example.com/fo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  /* wrong name */
		"example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
		"example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
		"example.com/foo+530d903a+BekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", /* type 0x05 */
		"example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2",
		"example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2kAAAA",
		"example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k ",
		"+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
		"example com+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (zf_verifier_parse(&v, bad[i], &err) != ZF_EINVAL)
			fail_msg("accepted vkey %s", bad[i]);
		assert_null(v);
		assert_true(err.msg[0] != '\0');
	}
	assert_int_equal(zf_verifier_parse(&v, spec_vkey, &err), 0);
	zf_verifier_free(v);
	zf_verifier_free(NULL);
}

static void checkpoints(void **state)
{
	(void)state;
	char body[300], origin[64];
	zf_hash root, empty;
	uint64_t size = 7;

	zf_merkle_empty(empty);
	assert_int_equal(zf_checkpoint_body("example.com/log", 0, empty, body, sizeof(body)), 0);
	assert_string_equal(body, "example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
	assert_int_equal(zf_checkpoint_parse(body, strlen(body), origin, sizeof(origin), &size, root), 0);
	assert_int_equal(size, 0);
	assert_memory_equal(root, empty, ZF_HASH_LEN);
	assert_int_equal(zf_checkpoint_body("example.com/log", 0, empty, body, 63), -1);
	assert_int_equal(zf_checkpoint_body("a b", 0, empty, body, sizeof(body)), -1);
	assert_int_equal(zf_checkpoint_body("a+b", 0, empty, body, sizeof(body)), -1);

	/* Extension lines are allowed on parse. */
	const char *ext = "example.com/log\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\nextension one\nx\n";
	assert_int_equal(zf_checkpoint_parse(ext, strlen(ext), origin, sizeof(origin), &size, root), 0);
	assert_string_equal(origin, "example.com/log");
	assert_int_equal(size, 20852163);
	/* The origin must fit. */
	assert_int_equal(zf_checkpoint_parse(ext, strlen(ext), origin, 15, &size, root), ZF_EINVAL);
	assert_int_equal(zf_checkpoint_parse(ext, strlen(ext), origin, 16, &size, root), 0);

	static const char *const bad[] = {
		"example.com/log\n020852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"example.com/log\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"example.com/log\n-0\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"example.com/log\n+1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"example.com/log\n 1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"example.com/log\n\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"example.com/log\n9223372036854775808\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"example com\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
		"example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",
		"example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",
		"example.com/log\n1\n",
		"example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n",
		"example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\next\n\nmore\n",
		"example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\r\n",
		"",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (zf_checkpoint_parse(bad[i], strlen(bad[i]), origin, sizeof(origin), &size, root) !=
		    ZF_EINVAL)
			fail_msg("accepted checkpoint %zu", i);
	const char *max = "o\n9223372036854775807\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
	assert_int_equal(zf_checkpoint_parse(max, strlen(max), origin, sizeof(origin), &size, root), 0);
	assert_int_equal(size, INT64_MAX);
}

/* The text may hold empty lines: the last one separates the signatures. */
static void empty_lines_in_text(void **state)
{
	struct fx *f = *state;
	struct zf_logkey *k = NULL;
	struct zf_verifier *v = NULL;
	struct zf_err err;
	char note[512], vkey[200];
	size_t blen;
	const char *text = "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n";

	assert_int_equal(zf_logkey_create(f->path, "quasimodo.example/salvatore", &err), 0);
	assert_int_equal(zf_logkey_load(&k, f->path, &err), 0);
	assert_int_equal(zf_logkey_vkey(k, vkey, sizeof(vkey)), 0);
	assert_int_equal(zf_verifier_parse(&v, vkey, &err), 0);
	assert_int_equal(zf_note_sign(k, text, note, sizeof(note)), 0);
	assert_int_equal(zf_note_open(v, note, strlen(note), &blen, &err), 0);
	assert_int_equal(blen, strlen(text));
	assert_memory_equal(note, text, blen);
	zf_logkey_free(k);
	zf_verifier_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(spec_example, setup, teardown),
		cmocka_unit_test_setup_teardown(go_example, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_signatures, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(key_file, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_lines_in_text, setup, teardown),
		cmocka_unit_test(vkeys),
		cmocka_unit_test(checkpoints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
