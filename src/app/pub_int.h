/* Internals shared by the publication use cases. */
#ifndef ZF_APP_PUB_INT_H
#define ZF_APP_PUB_INT_H
#include <stdint.h>

#include "app/tx.h"

/* Writes a history row + log entry (entity "publication", ACTION) for
 * publication ID of CASE_ID whose data is a small JSON: ids, DATE under
 * DATE_KEY, and REASON (may be NULL) — never the text or personal data. */
int zf_pub_log_small(struct zf_tx *tx, const char *action, int64_t id, int64_t case_id,
		     const char *date_key, const char *date, const char *reason,
		     struct zf_err *err);

#endif
