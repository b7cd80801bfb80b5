/* Dates and times: strict parsing and the API's ISO 8601 forms. */
#include "autoconf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/str.h"

#define DT_MIN_US	(-30610224000LL * 1000000)		/* 1000-01-01 */
#define DT_MAX_US	(253402300800LL * 1000000 - 1)	/* 9999-12-31 end */

int64_t
dt_days_from_civil(int64_t y, int64_t m, int64_t d)
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
dt_parse_time(const char *s, int64_t *sec)
{
	int64_t	 h, m, x = 0;
	size_t	 n = strlen(s);

	if ((n != 5 && n != 8) || s[2] != ':' || (n == 8 && s[5] != ':') ||
	    str_to_i64(s, 2, 0, 23, &h) == -1 ||
	    str_to_i64(s + 3, 2, 0, 59, &m) == -1 ||
	    (n == 8 && str_to_i64(s + 6, 2, 0, 59, &x) == -1))
		return -1;
	*sec = h * 3600 + m * 60 + x;
	return 0;
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
	*days = dt_days_from_civil(y, m, d);
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
	if (n == 26 && memcmp(out + 19, ".000000", 7) == 0)
		n = 19;
	out[n] = 'Z';
	out[n + 1] = '\0';
	return out;
}

void
dt_civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
	int64_t	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int
digits(const char *s, size_t n, int64_t lo, int64_t hi, int64_t *v)
{
	return str_to_i64(s, n, lo, hi, v);
}

int
dt_parse_iso(const char *s, int64_t *us)
{
	char		 date[11];
	int64_t		 days, hh = 0, mm = 0, ss = 0, frac = 0, oh = 0, om = 0;
	size_t		 n = strlen(s), i, f;
	int		 sign = 0;

	if (n < 10 || n > 40)
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (dt_parse_date(date, &days) == -1)
		return -1;
	i = 10;
	if (i < n) {
		if ((s[i] != 'T' && s[i] != ' ') || n - i < 6 || s[i + 3] != ':' ||
		    digits(s + i + 1, 2, 0, 23, &hh) == -1 ||
		    digits(s + i + 4, 2, 0, 59, &mm) == -1)
			return -1;
		i += 6;
		if (i < n && s[i] == ':') {
			if (n - i < 3 || digits(s + i + 1, 2, 0, 59, &ss) == -1)
				return -1;
			i += 3;
			if (i < n && s[i] == '.') {
				for (f = 0, i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, f++)
					if (f < 6)
						frac = frac * 10 + (s[i] - '0');
				if (f == 0)
					return -1;
				for (; f < 6; f++)
					frac *= 10;
			}
		}
		if (i < n && s[i] == 'Z')
			i++;
		else if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) {
			sign = s[i] == '-' ? -1 : 1;
			if (n - i == 6 && s[i + 3] == ':') {
				if (digits(s + i + 1, 2, 0, 23, &oh) == -1 ||
				    digits(s + i + 4, 2, 0, 59, &om) == -1)
					return -1;
			} else if (n - i == 5) {
				if (digits(s + i + 1, 2, 0, 23, &oh) == -1 ||
				    digits(s + i + 3, 2, 0, 59, &om) == -1)
					return -1;
			} else
				return -1;
			i = n;
		}
		if (i != n)
			return -1;
	}
	*us = ((days * 86400 + hh * 3600 + mm * 60 + ss) -
	    sign * (oh * 3600 + om * 60)) * 1000000 + frac;
	/* What MariaDB's DATETIME holds, in UTC. */
	if (*us < DT_MIN_US || *us > DT_MAX_US)
		return -1;
	return 0;
}

const char *
dt_db(struct arena *a, int64_t us)
{
	int64_t	 secs = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
	int64_t	 rem = us - secs * 1000000;
	int64_t	 days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	int64_t	 sod = secs - days * 86400, y, m, d;

	dt_civil_from_days(days, &y, &m, &d);
	return arena_printf(a, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld.%06lld",
	    (long long)y, (long long)m, (long long)d, (long long)(sod / 3600),
	    (long long)(sod / 60 % 60), (long long)(sod % 60), (long long)rem);
}

const char *
dt_parse_iso_to_db(struct arena *a, const char *s)
{
	int64_t	 us;

	if (dt_parse_iso(s, &us) == -1)
		return NULL;
	return dt_db(a, us);
}

const char *
dt_now_db(struct arena *a)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return dt_db(a, (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

double
dt_mono(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
dt_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (3). */
	return (int)(((days % 7) + 7 + 3) % 7);
}

int
dt_iso_week(int64_t days)
{
	int64_t	 thu = days - dt_weekday(days) + 3, y, m, d;

	/* The week belongs to the year of its Thursday. */
	dt_civil_from_days(thu, &y, &m, &d);
	return (int)((thu - dt_days_from_civil(y, 1, 1)) / 7 + 1);
}

int64_t
dt_month_start(int64_t days, int months)
{
	int64_t	 y, m, d;

	dt_civil_from_days(days, &y, &m, &d);
	m += months - 1;
	y += m >= 0 ? m / 12 : (m - 11) / 12;
	m -= (m >= 0 ? m / 12 : (m - 11) / 12) * 12;
	return dt_days_from_civil(y, m + 1, 1);
}

const char *
dt_date(struct arena *a, int64_t days)
{
	int64_t	 y, m, d;

	dt_civil_from_days(days, &y, &m, &d);
	return arena_printf(a, "%04lld-%02lld-%02lld", (long long)y,
	    (long long)m, (long long)d);
}

int
dt_zone_valid(const char *name)
{
	const char	*dir = getenv("TZDIR");
	char		 path[512];
	size_t		 i, n = strlen(name);

	if (strcmp(name, "UTC") == 0)
		return 0;
	if (n == 0 || n > 64 || name[0] == '/' || strstr(name, "..") != NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) &&
		    strchr("/_-+", name[i]) == NULL)
			return -1;
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir :
	    "/usr/share/zoneinfo", name);
	return access(path, R_OK) == 0 ? 0 : -1;
}

int
dt_zone_set(const char *name)
{
	if (dt_zone_valid(name) == -1 || setenv("TZ", name, 1) == -1)
		return -1;
	tzset();
	return 0;
}

int64_t
dt_zone_offset(int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return tm.tm_gmtoff;
}

int64_t
dt_local_to_utc(int64_t days, int64_t sec)
{
	int64_t	 w = days * 86400 + sec, before, after, c1, c2;

	/* Real zones change their offset at most once within a day. */
	before = dt_zone_offset(w - 86400);
	after = dt_zone_offset(w + 86400);
	c1 = w - before;
	c2 = w - after;
	if (c1 + dt_zone_offset(c1) == w) {
		if (c2 + dt_zone_offset(c2) == w && c2 < c1)
			return c2;
		return c1;
	}
	if (c2 + dt_zone_offset(c2) == w)
		return c2;
	return c1;	/* in a gap: the old offset lands past the jump */
}

void
dt_utc_to_local(int64_t t, int64_t *days, int64_t *sec)
{
	int64_t	 w = t + dt_zone_offset(t);

	*days = w >= 0 ? w / 86400 : (w - 86399) / 86400;
	*sec = w - *days * 86400;
}

const char *
dt_weekday_short(int wd)
{
	static const char	*names[] = { "пн", "вт", "ср", "чт", "пт", "сб", "вс" };

	return names[((wd % 7) + 7) % 7];
}

const char *
dt_local_text(struct arena *a, int64_t us, enum dt_text what)
{
	int64_t	 t = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
	int64_t	 days, sec, y, m, d;

	dt_utc_to_local(t, &days, &sec);
	dt_civil_from_days(days, &y, &m, &d);
	switch (what) {
	case DT_TEXT_DATE:
		return arena_printf(a, "%02lld.%02lld.%04lld", (long long)d,
		    (long long)m, (long long)y);
	case DT_TEXT_TIME:
		return arena_printf(a, "%02lld:%02lld", (long long)(sec / 3600),
		    (long long)(sec / 60 % 60));
	default:
		return arena_printf(a, "%s, %02lld.%02lld.%04lld %02lld:%02lld",
		    dt_weekday_short(dt_weekday(days)), (long long)d, (long long)m,
		    (long long)y, (long long)(sec / 3600), (long long)(sec / 60 % 60));
	}
}
