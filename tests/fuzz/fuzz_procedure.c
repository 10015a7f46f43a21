/* libFuzzer harness for procedure definitions: any text either loads as a
 * definition that draws, evaluates and looks up cleanly, or is refused with
 * a message; conditions of any shape evaluate without harm. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/procedure.h"
#include "util/buf.h"
#include "util/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every step's and field's condition, on facts taken from the input itself. */
static void eval_all(const struct zf_procedure *p, const json_t *facts)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct zf_step_def *s = &p->steps[i];
		if (zf_cond_eval(s->when, facts) > 1 || zf_procedure_step(p, s->code) != s)
			abort();
		for (size_t k = 0; k < s->nfields; k++)
			if (zf_cond_eval(s->fields[k].when, facts) > 1)
				abort();
	}
	for (size_t i = 0; i < p->ndeadlines; i++)
		if (zf_procedure_deadline(p, p->deadlines[i].code) != &p->deadlines[i])
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zf_procedures *set = NULL;
	struct zf_err err = {0};
	json_t *any;

	if (zf_crypto_init() || zf_procedures_new(&set, &err))
		abort();
	/* the input as a condition over itself */
	if ((any = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL))) {
		if (zf_cond_eval(any, any) > 1)
			abort();
		json_decref(any);
	}
	if (zf_procedures_add(set, NULL, "fuzz.json", (const char *)data, size, &err) == 0) {
		size_t n;
		const struct zf_procedure *const *all = zf_procedures_all(set, &n);
		struct zf_buf svg;

		if (n != 1 || !all[0]->sha256 || strlen(all[0]->sha256) != 64 ||
		    zf_procedure_find(set, all[0]->code) != all[0])
			abort();
		eval_all(all[0], zf_procedure_json(all[0]));
		zf_buf_init(&svg, 0);
		if (zf_procedure_svg(all[0], &svg, &err) || strncmp(zf_buf_cstr(&svg), "<?xml", 5) ||
		    !strstr(zf_buf_cstr(&svg), "</svg>\n"))
			abort();
		zf_buf_free(&svg);
	} else if (err.code != ZF_EINVAL || !err.msg[0]) {
		abort();
	}
	zf_procedures_free(set);
	return 0;
}
