/* The demo installation: a county eco-tourism zone's enforcement bureau and two other bodies. */
#ifndef ZF_APP_DEMO_H
#define ZF_APP_DEMO_H
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/evidence.h"

struct zf_demo_account {
	const char *login;
	const char *role;        /* role word */
	const char *note;        /* Chinese description printed by make run */
	const char *totp_secret; /* demo-only fixed second factor for administrators, else NULL */
};

/* The demo accounts, ending with a zeroed entry; every password is "demo". */
extern const struct zf_demo_account zf_demo_accounts[];

/* Loads the demo into an initialised, empty database through the use cases
 * (as the command line), dates relative to app->clock's today. */
int zf_app_demo_load(struct zf_app *app, struct zf_err *err);

/* The demo's case material (app/demo_case.c): settings version 1 of each of
 * the N BODIES (the first with its 机关代字), the first body's violation
 * types with example benchmark bands (示例), and demo cases in different
 * states when the definitions they follow are loaded. */
int zf_app_demo_case_settings(struct zf_app *app, const int64_t *bodies, size_t n,
			      struct zf_err *err);

/* The demo's training records (app/demo_training.c) for the officers of
 * BODY: last year's sessions (some officers short of 60 学时) and this
 * year's (some behind the pro-rata share), recorded as the command line. */
int zf_app_demo_training(struct zf_app *app, int64_t body, struct zf_err *err);

/* The demo's lists published before enforcement (app/demo_lists.c): every
 * kind live for the bureau (drafted by reviewer1, approved by leader1, the
 * items list reviewed by supervisor1), the items list in two versions. */
int zf_app_demo_lists(struct zf_app *app, struct zf_err *err);

/* The demo's evidence (app/demo_media.c): a photo and a short video
 * compiled into the binary, each stored as an upload of OFFICER and attached
 * (zf_app_upload_stream, zf_app_evidence_attach) with the capture data of
 * IN (its upload_id, kind and description are set per file). */
int zf_app_demo_evidence(struct zf_app *app, const struct zf_actor *officer,
			 const struct zf_evidence_input *in, struct zf_err *err);

/* The demo's photo alone (app/demo_media.c), uploaded by OFFICER as
 * FILENAME and attached per IN like zf_app_demo_evidence; IN's description
 * replaces the embedded file's when set. */
int zf_app_demo_photo(struct zf_app *app, const struct zf_actor *officer,
		      const struct zf_evidence_input *in, const char *filename, struct zf_err *err);

/* The demo's publications (app/demo_pub.c) of the three decided cases
 * CASES (ordinary penalties whose decision drafted a publication): the
 * first published by publisher1, the second left as a draft due, the third
 * published, revoked by LEADER and withdrawn by PUBLISHER with the
 * revocation as its reason. */
struct zf_actor;
int zf_app_demo_publications(struct zf_app *app, const struct zf_actor *publisher,
			     const struct zf_actor *leader, const int64_t cases[3],
			     struct zf_err *err);

/* Publishes, as PUBLISHER (who handled none of its steps), the inspection
 * result drafted when the 检查结果告知 of inspection case CASE_ID was
 * recorded (app/demo_pub.c); the publication's id into *ID. */
int zf_app_demo_inspection_publication(struct zf_app *app, const struct zf_actor *publisher,
				       int64_t case_id, int64_t *id, struct zf_err *err);

#endif
