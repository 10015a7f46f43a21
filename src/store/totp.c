/* Repository of the last accepted second-factor time step of each account. */
#include <stdint.h>

#include "store/repo.h"
#include "store/totp.h"

int zf_store_totp_claim(struct zf_db *db, int64_t account_id, int64_t step, struct zf_err *err)
{
	const struct zf_repo_arg args[] = {ZF_ARG_I64(step), ZF_ARG_I64(account_id),
					   ZF_ARG_I64(step)};
	struct zf_stmt *st = NULL;
	int64_t id = 0;
	int rc;

	if (step < 1)
		return zf_err_set(err, ZF_EINVAL, "动态验证码时间步无效");
	/* One conditional update: the check and the claim cannot be split by a
	 * concurrent login with the same code. */
	if ((rc = zf_repo_prepare(db, &st,
				  "UPDATE account SET totp_step = ? "
				  "WHERE id = ? AND totp_step < ? RETURNING id",
				  args, ZF_REPO_NARGS(args), err)))
		return rc;
	rc = zf_stmt_one_i64(st, &id, err);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ECONFLICT, "动态验证码已使用过");
	return rc;
}
