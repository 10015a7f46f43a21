/* The demo's evidence: a photo and a short video compiled into the binary, stored as uploads of the demo officers and attached to on-site steps through the real use cases. */
#include <string.h>

#include "app/demo.h"
#include "app/evidence.h"
#include "app/upload.h"
#include "util/embed.h"

/* One demo file: the embedded name, the name it is uploaded as, its claimed
 * type, kind and description. */
struct demo_file {
	const char *embedded, *filename, *filetype;
	int kind;
	const char *description;
};

static const struct demo_file demo_files[] = {
	{"app/demo_media/site_check.jpg", "现场照片-排水口.jpg", "image/jpeg", ZF_EV_PHOTO,
	 "排水口现场照片（示例：测试图样）"},
	{"app/demo_media/site_check.mp4", "现场录像-排水口.mp4", "video/mp4", ZF_EV_VIDEO,
	 "现场检查过程录像（示例：测试图样和提示音）"},
};

/* Reading an embedded file from memory for zf_app_upload_stream. */
struct demo_reader {
	const unsigned char *data;
	size_t len, at;
};

static long demo_read(void *ctx, void *buf, size_t n)
{
	struct demo_reader *r = ctx;
	size_t left = r->len - r->at;

	if (n > left)
		n = left;
	memcpy(buf, r->data + r->at, n);
	r->at += n;
	return (long)n;
}

/* Uploads and attaches demo file F per IN (upload_id and kind filled here). */
static int demo_attach(struct zf_app *app, const struct zf_actor *officer, struct zf_arena *a,
		       const struct demo_file *f, struct zf_evidence_input in, struct zf_err *err)
{
	const struct zf_embed_file *e = zf_embed_find(f->embedded);
	struct demo_reader r;
	struct zf_upload up;
	int64_t id;
	int rc;

	if (!e)
		return zf_err_set(err, ZF_ERROR, "演示证据文件 %s 未编入程序", f->embedded);
	r = (struct demo_reader){.data = e->data, .len = e->len};
	if ((rc = zf_app_upload_stream(app, officer, a, f->filename, f->filetype, e->len, demo_read,
				       &r, &up, err)))
		return rc;
	in.upload_id = up.id;
	in.kind = f->kind;
	in.description = f->description;
	return zf_app_evidence_attach(app, officer, &in, &id, err);
}

int zf_app_demo_evidence(struct zf_app *app, const struct zf_actor *officer,
			 const struct zf_evidence_input *in, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	int rc = a ? 0 : zf_err_set(err, ZF_ENOMEM, "内存不足");

	for (size_t i = 0; !rc && i < sizeof(demo_files) / sizeof(demo_files[0]); i++)
		rc = demo_attach(app, officer, a, &demo_files[i], *in, err);
	zf_arena_free(a);
	return rc;
}

int zf_app_demo_photo(struct zf_app *app, const struct zf_actor *officer,
		      const struct zf_evidence_input *in, const char *filename, struct zf_err *err)
{
	struct zf_arena *a = zf_arena_new(0);
	struct demo_file f = demo_files[0];
	int rc;

	if (!a)
		return zf_err_set(err, ZF_ENOMEM, "内存不足");
	f.filename = filename;
	f.description = in->description ? in->description : f.description;
	rc = demo_attach(app, officer, a, &f, *in, err);
	zf_arena_free(a);
	return rc;
}
