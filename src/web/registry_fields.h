/* The fields of the registry forms (bodies, officers): declared once, used by the forms and the change history. */
#ifndef ZF_WEB_REGISTRY_FIELDS_H
#define ZF_WEB_REGISTRY_FIELDS_H
#include "web/fields.h"

/* Field definitions of the body and officer forms, ending with a NULL name. */
extern const struct zf_field zf_body_fields[];
extern const struct zf_field zf_officer_fields[];

/* The Chinese label of field NAME in DEFS, or NAME itself when unknown. */
const char *zf_field_label(const struct zf_field *defs, const char *name);

#endif
