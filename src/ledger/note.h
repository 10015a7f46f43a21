/* C2SP signed notes and checkpoints: Ed25519 log key, key id, vkey line, sign and verify. */
#ifndef ZF_LEDGER_NOTE_H
#define ZF_LEDGER_NOTE_H
#include <stddef.h>
#include <stdint.h>

#include "ledger/merkle.h"
#include "util/err.h"

/* A log key: the origin doubles as the key name (tlog-checkpoint SHOULD). */
struct zf_logkey;

/* Generates a new Ed25519 key for ORIGIN and writes it to PATH (mode 0600,
 * refusing to overwrite): a text file holding the origin and the PKCS#8 PEM
 * private key. 0 or an error with a message. */
int zf_logkey_create(const char *path, const char *origin, struct zf_err *err);

/* Loads the key at PATH. Free with zf_logkey_free. */
int zf_logkey_load(struct zf_logkey **out, const char *path, struct zf_err *err);
void zf_logkey_free(struct zf_logkey *k);

/* The origin (key name) of K. */
const char *zf_logkey_origin(const struct zf_logkey *k);

/* The verifier key line "<name>+<hex id>+<base64(0x01||pubkey)>" into OUT. */
int zf_logkey_vkey(const struct zf_logkey *k, char *out, size_t n);

/* The checkpoint body "<origin>\n<size>\n<base64 root>\n". */
int zf_checkpoint_body(const char *origin, uint64_t size, const zf_hash root, char *out, size_t n);

/* Signs BODY (which ends in "\n") as a note: BODY "\n" "— <name> <base64(id||sig)>\n". */
int zf_note_sign(const struct zf_logkey *k, const char *body, char *out, size_t n);

/* A verifier made from a vkey line. */
struct zf_verifier;
int zf_verifier_parse(struct zf_verifier **out, const char *vkey, struct zf_err *err);
void zf_verifier_free(struct zf_verifier *v);

/* The key name of V (borrowed while V lives). */
const char *zf_verifier_name(const struct zf_verifier *v);

/* Opens NOTE (text + signatures) with verifier V: 0 when a signature by V's
 * (name, id) verifies (unknown signatures ignored, a bad one by V rejects);
 * *BODY_LEN gets the length of the signed text. ZF_EINVAL with a message. */
int zf_note_open(const struct zf_verifier *v, const char *note, size_t len, size_t *body_len,
		 struct zf_err *err);

/* Parses a checkpoint body: origin (into ORIGIN, N bytes), size, root. 0 or ZF_EINVAL. */
int zf_checkpoint_parse(const char *body, size_t len, char *origin, size_t n, uint64_t *size,
			zf_hash root);

#endif
