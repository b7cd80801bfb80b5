/* The arithmetic of analytics: percentages, points, ranks, months. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/dt.h"
#include "core/str.h"
#include "domain/analytics.h"

#define US	1000000LL

int64_t
analytics_ratio(int64_t part, int64_t whole)
{
	if (whole <= 0 || part < 0)
		return ANALYTICS_NULL;
	/* Tenths of a percent, half up: (1000 part + whole / 2) / whole. */
	return (part * 1000 + whole / 2) / whole;
}

int64_t
analytics_percent(int64_t present, int64_t held, int64_t excused)
{
	return analytics_ratio(present, held - excused);
}

int64_t
analytics_mean(const int64_t *v, size_t n)
{
	int64_t	 sum = 0, k = 0;
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i] != ANALYTICS_NULL) {
			sum += v[i];
			k++;
		}
	if (k == 0)
		return ANALYTICS_NULL;
	return sum >= 0 ? (sum + k / 2) / k : -((-sum + k / 2) / k);
}

int64_t
analytics_mean_ratio(const int64_t *part, const int64_t *whole, size_t n)
{
	double	 sum = 0;
	size_t	 i, k = 0;

	for (i = 0; i < n; i++)
		if (whole[i] > 0 && part[i] >= 0) {
			sum += (double)part[i] / (double)whole[i];
			k++;
		}
	if (k == 0)
		return ANALYTICS_NULL;
	/* Tenths of a percent: x 1000; a hair added against 0.xx5 landing
	 * just below in binary. */
	return (int64_t)(sum * 1000.0 / (double)k + 0.5 + 1e-9);
}

double
analytics_tenths(int64_t t)
{
	return (double)t / 10.0;
}

int64_t
analytics_homework_points(const char *status, int64_t score, int is_late)
{
	if (status == NULL || (strcmp(status, "submitted") != 0 &&
	    strcmp(status, "graded") != 0))
		return 0;
	if (score < 0)
		score = 0;
	if (is_late)
		score = score > ANALYTICS_LATE_PENALTY ?
		    score - ANALYTICS_LATE_PENALTY : 0;
	return score;
}

void
analytics_rank(const int64_t *totals, size_t n, int64_t *rank)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		rank[i] = i > 0 && totals[i] == totals[i - 1] ? rank[i - 1] :
		    (int64_t)i + 1;
}

int
analytics_month(const char *s, int64_t *from_us, int64_t *to_us,
    int64_t *first_day, int64_t *last_day)
{
	char	 d[32];
	int64_t	 y, m, next;

	if (s == NULL || strlen(s) != 7 || s[4] != '-' ||
	    str_to_i64(s, 4, 1000, 9998, &y) == -1 ||
	    str_to_i64(s + 5, 2, 1, 12, &m) == -1)
		return -1;
	snprintf(d, sizeof(d), "%04lld-%02lld-01", (long long)y, (long long)m);
	if (dt_parse_date(d, first_day) == -1)
		return -1;
	snprintf(d, sizeof(d), "%04lld-%02lld-01", (long long)(m == 12 ? y + 1 : y),
	    (long long)(m == 12 ? 1 : m + 1));
	if (dt_parse_date(d, &next) == -1)
		return -1;
	*last_day = next - 1;
	*from_us = dt_local_to_utc(*first_day, 0) * US;
	*to_us = dt_local_to_utc(next, 0) * US;
	return 0;
}

void
analytics_month_of(int64_t us, char out[8])
{
	int64_t	 days, sec;
	time_t	 t;
	struct tm tm;
	char	 d[32];

	dt_utc_to_local(us >= 0 ? us / US : (us - US + 1) / US, &days, &sec);
	t = (time_t)(days * 86400);
	gmtime_r(&t, &tm);
	snprintf(d, sizeof(d), "%04d-%02d", (tm.tm_year + 1900) % 10000,
	    (tm.tm_mon + 1) % 100);
	memcpy(out, d, 7);
	out[7] = '\0';
}

/* The first code point of s (UTF-8): *cp and its length, 0 at the end or
 * on a broken sequence. */
static size_t
first_cp(const char *s, unsigned *cp)
{
	const unsigned char	*u = (const unsigned char *)s;

	if (u[0] == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0 && (u[1] & 0xc0) == 0x80) {
		*cp = (unsigned)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
		return 2;
	}
	if ((u[0] & 0xf0) == 0xe0 && (u[1] & 0xc0) == 0x80 &&
	    (u[2] & 0xc0) == 0x80) {
		*cp = (unsigned)(u[0] & 0x0f) << 12 | (unsigned)(u[1] & 0x3f) << 6 |
		    (u[2] & 0x3f);
		return 3;
	}
	return 0;
}

/* Upper-case one letter of Latin or Cyrillic; append it to out (at *n). */
static void
put_upper(const char *s, char *out, size_t *n)
{
	unsigned	 cp;
	size_t		 len;

	while (*s == ' ')
		s++;
	if ((len = first_cp(s, &cp)) == 0 || len > 3)
		return;
	if (cp >= 'a' && cp <= 'z')
		cp -= 32;
	else if (cp >= 0x430 && cp <= 0x44f)
		cp -= 0x20;
	else if (cp == 0x451)
		cp = 0x401;
	if (cp < 0x80)
		out[(*n)++] = (char)cp;
	else if (cp < 0x800) {
		out[(*n)++] = (char)(0xc0 | cp >> 6);
		out[(*n)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		out[(*n)++] = (char)(0xe0 | cp >> 12);
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*n)++] = (char)(0x80 | (cp & 0x3f));
	}
}

void
analytics_initials(const char *last, const char *first, const char *email,
    char out[16])
{
	size_t	 n = 0;

	if (last != NULL && *last != '\0')
		put_upper(last, out, &n);
	if (first != NULL && *first != '\0')
		put_upper(first, out, &n);
	if (n == 0 && email != NULL)
		put_upper(email, out, &n);
	if (n == 0)
		out[n++] = '?';
	out[n] = '\0';
}

const char *
analytics_avatar_color(int64_t id)
{
	static const char	*palette[] = { "#10b981", "#3b82f6", "#f59e0b",
	    "#ef4444", "#8b5cf6", "#ec4899" };

	return palette[(id % 6 + 6) % 6];
}
