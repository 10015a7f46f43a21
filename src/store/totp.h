/* Repository of the last accepted second-factor time step of each account, which keeps a one-time code from being used twice. */
#ifndef ZF_STORE_TOTP_H
#define ZF_STORE_TOTP_H
#include <stdint.h>

#include "store/db.h"

/* Records that account ACCOUNT_ID signed in with the TOTP code of time step
 * STEP (Unix time / 30), provided no code of STEP or a later step was
 * accepted before: 0 when claimed, ZF_ECONFLICT when STEP is not newer than
 * the last accepted one (a replayed code) or the account does not exist, or a
 * database error. Call it inside the write transaction that opens the
 * session, so that of two logins with one code only one commits. */
int zf_store_totp_claim(struct zf_db *db, int64_t account_id, int64_t step, struct zf_err *err);

#endif
