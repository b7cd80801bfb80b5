/* Dates and times: strict parsing and the API's ISO 8601 forms. */
#ifndef CORE_DT_H
#define CORE_DT_H

#include <stdint.h>

struct arena;

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
int64_t	 dt_days_from_civil(int64_t y, int64_t m, int64_t d);
/* The date of a day count (the inverse). */
void	 dt_civil_from_days(int64_t days, int64_t *y, int64_t *m, int64_t *d);
/* A real calendar date written exactly YYYY-MM-DD (years 1..9999).
 * 0 and *days since 1970-01-01, or -1. */
int	 dt_parse_date(const char *, int64_t *days);
/* A time of day written "HH:MM" or "HH:MM:SS" (what <input type=time>
 * sends): 0 and *sec since midnight, or -1. */
int	 dt_parse_time(const char *, int64_t *sec);
/* Days since 1970-01-01 of today in UTC. */
int64_t	 dt_today(void);
/* A database DATETIME ("YYYY-MM-DD HH:MM:SS[.ffffff]", UTC) as ISO 8601
 * with Z, microseconds kept only when non-zero. NULL stays NULL. */
const char *dt_iso(struct arena *, const char *db);

/* An ISO 8601 instant: YYYY-MM-DD, or that with [T ]HH:MM[:SS[.f{1,6}]] and
 * an optional Z, +HH:MM, +HHMM or -... (no offset: UTC; a space may stand
 * for '+', as it arrives from an unencoded query string), from the year
 * 1000 to 9999 in UTC (MariaDB's DATETIME). 0 and *us = microseconds since
 * the epoch, or -1. */
int	 dt_parse_iso(const char *, int64_t *us);
/* Microseconds since the epoch as a UTC DATETIME(6) string. */
const char *dt_db(struct arena *, int64_t us);
/* dt_parse_iso then dt_db; NULL when s does not parse. */
const char *dt_parse_iso_to_db(struct arena *, const char *s);
/* Seconds on the monotonic clock, for durations and deadlines. */
double	 dt_mono(void);
/* Now as a UTC DATETIME(6) string. */
const char *dt_now_db(struct arena *);

/* Weekday of a day count, Monday = 0; its ISO 8601 week number (1..53). */
int	 dt_weekday(int64_t days);
int	 dt_iso_week(int64_t days);
/* The first day of the month months after the one of days (0: its own,
 * 1: the next, -1: the one before), as a day count. */
int64_t	 dt_month_start(int64_t days, int months);
/* A day count as YYYY-MM-DD. */
const char *dt_date(struct arena *, int64_t days);

/* The configured time zone (TPANEL_TIME_ZONE): pages show it and weekly
 * lessons' times of day are in it. dt_zone_valid: 0 if name is an IANA
 * zone present on this system (or "UTC"). dt_zone_set: make it the
 * process's zone (before workers fork). */
int	 dt_zone_valid(const char *name);
int	 dt_zone_set(const char *name);
/* Seconds east of UTC in the zone at the instant t (seconds since the
 * epoch). */
int64_t	 dt_zone_offset(int64_t t);
/* The instant (seconds since the epoch) at which the zone's wall clock
 * reads day + sec seconds. A time skipped by a daylight-saving jump moves
 * forward by the jump (02:30 on a spring-forward night is 03:30); a time
 * that occurs twice is the first. */
int64_t	 dt_local_to_utc(int64_t days, int64_t sec);
/* The zone's wall clock at t: *days (since 1970-01-01) and *sec into it. */
void	 dt_utc_to_local(int64_t t, int64_t *days, int64_t *sec);
/* The instant us (microseconds since the epoch) on the zone's wall clock,
 * for pages: "пн, 23.11.2026 10:00" (DT_TEXT_FULL), "23.11.2026"
 * (DT_TEXT_DATE), "10:00" (DT_TEXT_TIME). NULL on overflow. */
enum dt_text { DT_TEXT_FULL, DT_TEXT_DATE, DT_TEXT_TIME };
const char *dt_local_text(struct arena *, int64_t us, enum dt_text);
/* A weekday's short Russian name, Monday = 0: "пн" .. "вс". */
const char *dt_weekday_short(int wd);

#endif
