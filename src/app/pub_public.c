/* The public lookup of a correction request (异议/纠错) by its tracking number: state, deadline and answer, never the requester's data. */
#include <string.h>

#include "app/publication.h"
#include "store/db.h"
#include "store/publication.h"

#define MSG_FORMAT "受理编号格式不正确，应为“JC年份-6位数字-4位字母或数字”，例如 JC2026-000123-7KQM，请核对"

/* Copies tracking number IN into OUT (32 bytes) without surrounding spaces
 * and with ASCII letters in upper case (the random part is read out over
 * the phone and may be typed in lower case); 0 when it then has the form
 * "JC<4 digits>-<6..10 digits>-<ZF_TRACKING_CHECK_LEN characters of
 * ZF_TRACKING_ALPHABET>", else -1. */
static int tracking_normalise(const char *in, char out[32])
{
	size_t b = 0, e = strlen(in), n, i, digits;

	while (b < e && (in[b] == ' ' || in[b] == '\t'))
		b++;
	while (e > b && (in[e - 1] == ' ' || in[e - 1] == '\t'))
		e--;
	n = e - b;
	if (n < 2 + 4 + 1 + 6 + 1 + ZF_TRACKING_CHECK_LEN || n > 31)
		return -1;
	for (i = 0; i < n; i++) {
		char c = in[b + i];
		out[i] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	out[n] = '\0';
	if (strncmp(out, "JC", 2) || strspn(out + 2, "0123456789") != 4 || out[6] != '-')
		return -1;
	digits = strspn(out + 7, "0123456789");
	if (digits < 6 || digits > 10 || out[7 + digits] != '-')
		return -1;
	const char *check = out + 8 + digits;
	return strlen(check) == ZF_TRACKING_CHECK_LEN &&
			       strspn(check, ZF_TRACKING_ALPHABET) == ZF_TRACKING_CHECK_LEN
		       ? 0
		       : -1;
}

int zf_app_correction_lookup(struct zf_app *app, struct zf_arena *a, const char *tracking,
			     struct zf_correction *out, struct zf_err *err)
{
	struct zf_db *db = NULL;
	struct zf_correction_rec r;
	char no[32];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!tracking || !*tracking || strlen(tracking) > 64 || tracking_normalise(tracking, no))
		return zf_err_set(err, ZF_ENOTFOUND, MSG_FORMAT);
	if ((rc = zf_dbpool_get(app->pool, &db, 2000, err)))
		return rc;
	rc = zf_store_correction_by_tracking(db, a, no, &r, err);
	zf_dbpool_put(app->pool, db);
	if (rc)
		return rc;
	*out = (struct zf_correction){.id = r.id, .publication_id = r.publication_id, .body_id = r.body_id,
				      .tracking_no = r.tracking_no, .pub_title = r.pub_title,
				      .filed_at = r.filed_at, .due_on = r.due_on, .state = r.state,
				      .answer = r.answer, .answered_at = r.answered_at};
	return 0;
}
