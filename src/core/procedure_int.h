/* Inside the procedure module: the validator that procedure.c calls on each parsed definition. */
#ifndef ZF_CORE_PROCEDURE_INT_H
#define ZF_CORE_PROCEDURE_INT_H
#include <jansson.h>

#include "core/procedure.h"
#include "util/arena.h"
#include "util/err.h"

#define ZF_PROC_CODE_MAX 32

/* Validates the parsed definition ROOT (named FILE in messages) against the
 * format and VOCAB (NULL, or a NULL callback: those words are not checked)
 * and fills P, whose strings and conditions then point into ROOT; arrays
 * come from A. ZF_EINVAL with "定义 FILE 步骤 S 字段 F：…" on the first
 * problem, ZF_ENOMEM. P->sha256 is left to the caller. */
int zf_procedure_parse(struct zf_arena *a, const struct zf_proc_vocab *vocab, const char *file,
		       const json_t *root, struct zf_procedure *p, struct zf_err *err);

#endif
