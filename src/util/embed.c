/* Lookup in the table of files compiled into the binary. */
#include <string.h>

#include "util/embed.h"

const struct zf_embed_file *zf_embed_find(const char *name)
{
	for (const struct zf_embed_file *f = zf_embedded; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
