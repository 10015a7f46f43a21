/* The application's evidence store: its identity bound to the database, so that every server of one installation writes to the same shared folder. */
#ifndef ZF_APP_BLOBS_H
#define ZF_APP_BLOBS_H
#include "app/app.h"

/* Binds APP's blob store to its database: when the database records no
 * meta "blob_store_id" yet, the store's identity (zf_blob_store_id) is
 * recorded; when it records one, the store's must be the same. Otherwise
 * ZF_ECONFLICT with a Chinese message naming the folder and saying that
 * every server must use the one shared blob folder (docs/operations.md,
 * "Evidence files (blob store)"). Run by `zhifa init` and when `zhifa
 * serve` starts; safe on several servers at once. */
int zf_app_blobs_bind(struct zf_app *app, struct zf_err *err);

#endif
