/* Dates and instants from query strings and bodies: what parses prints
 * back and parses to the same instant. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/dt.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	const char	*s, *db, *iso;
	int64_t		 us, us2, days;

	arena_init(&a, 1 << 16);
	if ((s = arena_strndup(&a, (const char *)data, size)) == NULL)
		goto out;
	if (dt_parse_date(s, &days) == 0 &&
	    strcmp(dt_date(&a, days), s) != 0)
		__builtin_trap();
	if (dt_parse_iso(s, &us) == 0 && us >= 0) {
		db = dt_db(&a, us);
		iso = dt_iso(&a, db);
		if (dt_parse_iso(iso, &us2) == -1 || us2 != us)
			__builtin_trap();
	}
out:
	arena_free(&a);
	return 0;
}
