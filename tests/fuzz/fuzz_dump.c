/* The Django dumpdata reader over any file: it returns records, ends, or
 * fails with a message, never reading out of bounds or leaking. */
#include "autoconf.h"

#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "import/dump.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_dump	 d;
	struct json_object	*rec;
	FILE			*f;
	int			 rc, pass;

	if ((f = fmemopen((void *)(uintptr_t)data, size ? size : 1, "r")) == NULL)
		return 0;
	if (size == 0 || import_dump_open(&d, NULL, f) == -1) {
		fclose(f);
		return 0;
	}
	/* Two passes, as the importer makes: the same records both times. */
	for (pass = 0; pass < 2; pass++) {
		while ((rc = import_dump_next(&d, &rec)) == 1)
			json_object_put(rec);
		if (pass == 0 && import_dump_rewind(&d) == -1)
			break;
	}
	import_dump_close(&d);
	fclose(f);
	return 0;
}
