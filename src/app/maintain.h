/* Housekeeping the server runs periodically: expired sessions, old audit records, expired uploads, publications past their period. */
#ifndef ZF_APP_MAINTAIN_H
#define ZF_APP_MAINTAIN_H
#include "app/app.h"

/* Deletes sessions idle past settings.session_idle and audit records older
 * than the retention (at least 183 days), and expires unattached uploads
 * (zf_app_upload_expire), and ends publications past their period
 * (zf_app_pub_expire). Safe to run from any thread and
 * on several servers at once. 0 or an error in ERR. */
int zf_app_maintain(struct zf_app *app, struct zf_err *err);

#endif
