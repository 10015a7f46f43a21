/* The application context: settings, the connection pool, the clock. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/ledger_int.h"
#include "blob/blob.h"
#include "core/case_rules.h"
#include "core/procedure.h"
#include "util/arena.h"
#include "store/schema.h"
#include "util/crypto.h"

void zf_settings_default(struct zf_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->session_idle = 30 * 60;
	s->session_max = 12 * 3600;
	s->throttle_account_max = 5;
	s->throttle_addr_max = 20;
	s->throttle_window = 15 * 60;
	s->audit_keep_days = 400;
	s->token_days_default = 365;
	s->upload_expire_days = 7;
	s->upload_max_gib = 16;
}

/* 1 when the database was loaded with the demo. */
static int is_demo(struct zf_db *db)
{
	struct zf_arena *a = zf_arena_new(0);
	char *v = NULL;
	int demo = a && zf_store_meta_get(db, a, "demo", &v, NULL) == 0 && v && !strcmp(v, "1");
	zf_arena_free(a);
	return demo;
}

/* Opens the evidence store DATA/blobs; without a data folder the working
 * directory stands for it, as for the record log (app/ledger.c). */
static int open_blobs(struct zf_app *app, struct zf_err *err)
{
	char path[4096];
	int n = snprintf(path, sizeof(path), "%s/blobs", *app->data_dir ? app->data_dir : ".");

	if (n < 0 || (size_t)n >= sizeof(path))
		return zf_err_set(err, ZF_EINVAL, "数据目录路径过长");
	return zf_blob_open_local(path, &app->blobs, err);
}

int zf_app_open(struct zf_app **out, const char *db_url, const char *data_dir, int pool_size,
		struct zf_err *err)
{
	struct zf_app *app = NULL;
	struct zf_db *db = NULL;
	int rc, version = 0;
	char shown[512];

	zf_db_url_redact(db_url, shown, sizeof(shown));

	*out = NULL;
	if (zf_crypto_init())
		return zf_err_set(err, ZF_ERROR, "OpenSSL 不支持 SHA-256");
	if (!(app = calloc(1, sizeof(*app))))
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	zf_settings_default(&app->settings);
	pthread_mutex_init(&app->portal_lock, NULL);
	if (!(app->db_url = strdup(db_url)) || !(app->data_dir = strdup(data_dir ? data_dir : "")) ||
	    zf_app_log_tiles_new(&app->log_tiles)) {
		rc = zf_err_set(err, ZF_ENOMEM, "内存不足");
		goto fail;
	}
	/* Guards, document types and settings keys are the ones core/ implements. */
	static const struct zf_proc_vocab vocab = {zf_guard_known, zf_doc_known,
						   zf_case_setting_known};
	if ((rc = zf_procedures_load(&app->procedures, &vocab, err)))
		goto fail;
	if ((rc = open_blobs(app, err)))
		goto fail;
	if ((rc = zf_dbpool_new(&app->pool, db_url, pool_size, err)))
		goto fail;
	if ((rc = zf_dbpool_get(app->pool, &db, 5000, err)))
		goto fail;
	rc = zf_store_schema_present(db, err);
	if (rc == 0) {
		rc = zf_err_set(err, ZF_ECONFLICT, "数据库 %s 中没有 zhifa 数据，请先运行 zhifa init", shown);
	} else if (rc == 1) {
		rc = zf_store_schema_version(db, &version, err);
		if (rc == 0 && zf_store_migrate_pending(db) > 0)
			rc = zf_err_set(err, ZF_ECONFLICT, "数据库结构需要升级，请先运行 zhifa migrate --db %s", shown);
		if (rc == 0)
			app->demo = is_demo(db);
	}
	zf_dbpool_put(app->pool, db);
	if (rc)
		goto fail;
	*out = app;
	return 0;
fail:
	zf_app_close(app);
	return rc;
}

void zf_app_close(struct zf_app *app)
{
	if (!app)
		return;
	zf_dbpool_free(app->pool);
	zf_app_log_tiles_free(app->log_tiles);
	zf_procedures_free(app->procedures);
	zf_blob_close(app->blobs);
	free(app->db_url);
	free(app->data_dir);
	pthread_mutex_destroy(&app->portal_lock);
	free(app);
}

void zf_actor_public(struct zf_actor *a, const char *addr)
{
	memset(a, 0, sizeof(*a));
	if (addr)
		snprintf(a->addr, sizeof(a->addr), "%s", addr);
}

void zf_actor_cli(struct zf_actor *a)
{
	memset(a, 0, sizeof(*a));
	a->cli = 1;
	snprintf(a->login, sizeof(a->login), "cli");
	snprintf(a->addr, sizeof(a->addr), "local");
}
