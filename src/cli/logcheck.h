/* What zhifa log check and zhifa log prove share: files, the log's verifier key, opened checkpoints. */
#ifndef ZF_CLI_LOGCHECK_H
#define ZF_CLI_LOGCHECK_H
#include <stddef.h>
#include <stdint.h>

#include "ledger/merkle.h"
#include "ledger/note.h"
#include "util/buf.h"
#include "util/err.h"

#define ZF_CLI_KEY_MAX 4096 /* a verifier key line or its file */

/* The log's key: the verifier and its name (the log's origin). */
struct zf_cli_logkey {
	struct zf_verifier *v; /* free with zf_verifier_free */
	char vkey[ZF_CLI_KEY_MAX];
	const char *name; /* borrowed from V */
};

/* A signature-verified checkpoint. */
struct zf_cli_cp {
	char origin[256];
	uint64_t size;
	zf_hash root;
};

/* Reads at most LIMIT bytes of file PATH into B (initialised here, the
 * caller frees it; NUL-terminated). 0, or an error with a message. */
int zf_cli_read_file(const char *path, size_t limit, struct zf_buf *b, struct zf_err *err);

/* Loads the verifier key ARG into K: the key line itself ("name+id+base64",
 * as /log/key serves it) or the name of a file holding it. ZF_EINVAL with a
 * message when it is no key. */
int zf_cli_logkey_load(struct zf_cli_logkey *k, const char *arg, struct zf_err *err);

/* Verifies the signed note NOTE (LEN bytes) with K and parses it as a
 * checkpoint whose origin is the key's name (an empty tree must have the
 * empty root); WHAT names it in messages. 0 or ZF_EINVAL with a message. */
int zf_cli_cp_open(const struct zf_cli_logkey *k, const char *note, size_t len, const char *what,
		   struct zf_cli_cp *out, struct zf_err *err);

/* Prints "LABEL：日志 origin，size 条，根哈希 base64". */
void zf_cli_cp_print(const char *label, const struct zf_cli_cp *c);

#endif
