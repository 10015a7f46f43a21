/* Browser previews of evidence a browser cannot play: the next pending item made into an H.264 MP4 by Debian's ffmpeg, stored as a separate derived blob; the original is untouched and stays the evidence. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/evidence_int.h"
#include "app/upload.h"
#include "blob/media.h"

#define TIMEOUT_MIN 60
#define TIMEOUT_MAX 1800

/* Stores the file PATH as a blob of APP; its SHA-256 into SHA. */
static int store_file(struct zf_app *app, const char *path, char sha[65], struct zf_err *err)
{
	struct zf_blob_writer *w = NULL;
	struct zf_blob_digest d;
	char buf[65536];
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return zf_err_set(err, ZF_ERROR, "无法读取预览文件");
	if ((rc = zf_blob_writer_new(app->blobs, ZF_BLOB_SHA256, &w, err))) {
		close(fd);
		return rc;
	}
	while (!rc && (got = read(fd, buf, sizeof(buf))) != 0) {
		if (got < 0)
			rc = zf_err_set(err, ZF_ERROR, "读取预览文件失败");
		else
			rc = zf_blob_write(w, buf, (size_t)got, err);
	}
	close(fd);
	if (rc) {
		zf_blob_abort(w);
		return rc;
	}
	if ((rc = zf_blob_commit(w, &d, err)))
		return rc;
	memcpy(sha, d.sha256, 65);
	return 0;
}

/* Makes the preview of E into a blob (SHA) in a temporary folder. */
static int make_preview(struct zf_app *app, const struct zf_evidence_rec *e, char sha[65],
			struct zf_err *err)
{
	char src[4096], dir[] = "/tmp/zhifa-preview-XXXXXX", dst[64];
	int64_t timeout = TIMEOUT_MIN + e->duration_ms / 1000 * 4;
	int rc;

	if (timeout > TIMEOUT_MAX)
		timeout = TIMEOUT_MAX;
	if ((rc = zf_blob_local_path(app->blobs, e->sha256, src, sizeof(src), err)))
		return rc;
	if (!mkdtemp(dir))
		return zf_err_set(err, ZF_ERROR, "无法创建临时目录");
	snprintf(dst, sizeof(dst), "%s/preview.mp4", dir);
	rc = zf_media_preview(src, dst, (int)timeout, err);
	if (!rc)
		rc = store_file(app, dst, sha, err);
	unlink(dst);
	rmdir(dir);
	return rc;
}

/* Records the outcome for E: state ready (SHA) or failed (WHY), custody
 * "preview". */
static int record(struct zf_app *app, const struct zf_evidence_rec *e, const char *sha,
		  const char *why, struct zf_err *err)
{
	struct zf_actor cli;
	struct zf_tx tx = {0};
	char detail[320];
	int rc;

	zf_actor_cli(&cli);
	if ((rc = zf_tx_begin(&tx, app, &cli, err)))
		return rc;
	if (sha)
		snprintf(detail, sizeof(detail), "H.264 预览 sha256 %s", sha);
	else
		snprintf(detail, sizeof(detail), "预览生成失败：%s", why);
	if (!(rc = zf_store_evidence_preview_set(tx.db, e->id, sha ? "ready" : "failed", sha,
						 err)))
		rc = zf_ev_custody(&tx, e->id, "preview", tx.now, detail, err);
	return zf_tx_end(&tx, rc, err);
}

int zf_app_evidence_preview_next(struct zf_app *app, int *done, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct zf_evidence_rec e;
	struct zf_db *db = NULL;
	struct zf_err why = {0};
	char sha[65];
	int rc;

	*done = 0;
	if (!zf_ev_blobs(app, err) || !a) {
		zf_arena_free(a);
		return app->blobs ? zf_err_set(err, ZF_ENOMEM, ZF_EV_MSG_NOMEM) : ZF_ENOTSUP;
	}
	if (!(rc = zf_ev_read_begin(app, &db, err)))
		rc = zf_store_evidence_preview_pending(db, a, &e, err);
	zf_ev_read_end(app, db);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		rc = 0;
	} else if (!rc) {
		int made = make_preview(app, &e, sha, &why);
		rc = record(app, &e, made ? NULL : sha, why.msg[0] ? why.msg : "未知错误", err);
		*done = !rc;
	}
	zf_arena_free(a);
	return rc;
}
