/* Dates and times: strict parsing and the API's ISO 8601 forms. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/str.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
days_in_month(int64_t y, int64_t m)
{
	static const int	 n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return n[m - 1];
}

int
dt_parse_date(const char *s, int64_t *days)
{
	int64_t	 y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    str_to_i64(s, 4, 1, 9999, &y) == -1 ||
	    str_to_i64(s + 5, 2, 1, 12, &m) == -1 ||
	    str_to_i64(s + 8, 2, 1, 31, &d) == -1 ||
	    d > days_in_month(y, m))
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

int64_t
dt_today(void)
{
	return (int64_t)time(NULL) / 86400;
}

const char *
dt_iso(struct arena *a, const char *db)
{
	char	*out;
	size_t	 n;

	if (db == NULL)
		return NULL;
	n = strlen(db);
	if ((out = arena_alloc(a, n + 2)) == NULL)
		return NULL;
	memcpy(out, db, n);
	if (n > 10 && out[10] == ' ')
		out[10] = 'T';
	if (n == 26 && strcmp(out + 19, ".000000") == 0)
		n = 19;
	out[n] = 'Z';
	out[n + 1] = '\0';
	return out;
}
