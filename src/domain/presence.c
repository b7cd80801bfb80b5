/* Attendance from Zoom: the tracked join and the participant events. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/dt.h"
#include "core/html.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_analytics.h"
#include "db/db_lesson.h"
#include "db/db_presence.h"
#include "domain/account.h"
#include "domain/meeting.h"
#include "domain/presence.h"
#include "zoom/webhook.h"

#define US		1000000LL
#define KEY_MAX		64	/* participant_key, ASCII */
#define NAME_MAX_CHARS	255
#define EMAIL_MAX_CHARS	254

static int64_t
us_of(const char *db)
{
	int64_t	 us;

	return db != NULL && dt_parse_iso(db, &us) == 0 ? us : 0;
}

enum presence_refusal
presence_may_join(const struct lesson *l, int64_t now, int64_t early_sec)
{
	if (l->cancelled_at != NULL)
		return PRESENCE_CANCELLED;
	if (now < us_of(l->start_time) - early_sec * US)
		return PRESENCE_EARLY;
	if (now > us_of(l->end_time) || l->meeting_ended_at != NULL)
		return PRESENCE_OVER;
	if (l->zoom_join_url == NULL || (strncmp(l->zoom_join_url, "https://", 8) != 0 &&
	    strncmp(l->zoom_join_url, "http://", 7) != 0))
		return PRESENCE_NO_MEETING;
	return PRESENCE_OK;
}

const char *
presence_join(struct arena *a, const struct lesson *l, int64_t student,
    const char *name)
{
	struct buf	 b;

	if (db_pr_click(a, l->id, student, name) == -1)
		return NULL;
	buf_init(&b, a);
	buf_puts(&b, l->zoom_join_url);
	buf_puts(&b, strchr(l->zoom_join_url, '?') != NULL ? "&uname=" : "?uname=");
	html_url_arg(&b, name, strlen(name));
	return b.err ? NULL : buf_str(&b);
}

/* The next code point of *s, case-folded (Latin, Cyrillic), spaces as one
 * ' '; 0 at the end. */
static unsigned
next_folded(const char **s)
{
	const unsigned char	*u = (const unsigned char *)*s;
	unsigned		 cp;

	if (*u == ' ' || *u == '\t') {
		while (**s == ' ' || **s == '\t')
			(*s)++;
		return **s == '\0' ? 0 : ' ';
	}
	if (*u == 0)
		return 0;
	if (*u < 0x80) {
		(*s)++;
		return *u >= 'A' && *u <= 'Z' ? *u + 32u : *u;
	}
	if ((*u & 0xe0) == 0xc0 && (u[1] & 0xc0) == 0x80) {
		cp = (unsigned)(*u & 0x1f) << 6 | (u[1] & 0x3f);
		*s += 2;
		if (cp >= 0x410 && cp <= 0x42f)
			cp += 0x20;
		else if (cp == 0x401)
			cp = 0x451;
		return cp;
	}
	(*s)++;
	return 0x100000u | *u;		/* other bytes compare as they are */
}

int
presence_name_eq(const char *a, const char *b)
{
	unsigned	 x, y;

	if (a == NULL || b == NULL)
		return 0;
	while (*a == ' ' || *a == '\t')
		a++;
	while (*b == ' ' || *b == '\t')
		b++;
	if (*a == '\0' || *b == '\0')
		return 0;
	do {
		x = next_folded(&a);
		y = next_folded(&b);
		if (x != y)
			return 0;
	} while (x != 0);
	return 1;
}

/* s cut to max characters (valid UTF-8 assumed; the JSON parser checked). */
static const char *
clip(struct arena *a, const char *s, long max)
{
	size_t	 i = 0;
	long	 k = 0;

	if (s == NULL)
		return "";
	for (; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && k++ == max)
			return arena_strndup(a, s, i);
	return s;
}

/* The key a join and its leave share: the session's user_id, else
 * participant_uuid, else id; one that is long or not plain ASCII is
 * hashed. */
static const char *
participant_key(struct arena *a, const struct zoom_participant *p)
{
	const char	*c[] = { p->user_id, p->participant_uuid, p->id, p->user_name };
	const char	*k = NULL;
	size_t		 i, n;

	for (i = 0; i < 4 && k == NULL; i++)
		if (c[i] != NULL && c[i][0] != '\0')
			k = c[i];
	if (k == NULL)
		return "unknown";
	for (n = 0; k[n] != '\0' && n <= KEY_MAX; n++)
		if ((unsigned char)k[n] <= ' ' || (unsigned char)k[n] >= 0x7f)
			break;
	if (k[n] == '\0' && n <= KEY_MAX)
		return k;
	return arena_printf(a, "h%016llx", (unsigned long long)str_hash(k));
}

/* The student of the lesson's group this participant is: by email, else
 * by the name a click's link set, else by a member's full name; only when
 * exactly one student fits. */
static int
match(struct arena *a, const struct lesson *l, const struct zoom_participant *p,
    int64_t *student, const char **by)
{
	struct an_member	*m;
	struct pr_click		*c;
	struct an_group		 g;
	size_t			 n, nc, i, k;
	int64_t			 hit = 0;
	int			 rc, member;

	*student = 0;
	*by = NULL;
	if ((rc = db_an_group(a, l->group_id, &g, &m, &n)) != 1)
		return rc;
	if (p->email != NULL && p->email[0] != '\0')
		for (i = 0; i < n; i++)
			if (strcasecmp(m[i].email, p->email) == 0) {
				*student = m[i].id;
				*by = "email";
				return 0;
			}
	if (p->user_name == NULL || p->user_name[0] == '\0')
		return 0;
	if (db_pr_clicks(a, l->id, &c, &nc) == -1)
		return -1;
	for (i = 0; i < nc; i++) {
		for (member = 0, k = 0; k < n && !member; k++)
			member = m[k].id == c[i].student_id;
		if (!member || !presence_name_eq(c[i].display_name, p->user_name))
			continue;
		if (hit != 0 && hit != c[i].student_id)
			return 0;		/* two students, one name */
		hit = c[i].student_id;
	}
	for (i = 0; hit == 0 && i < n; i++) {
		if (!presence_name_eq(account_name_of(a, m[i].last, m[i].first,
		    m[i].middle, m[i].email), p->user_name))
			continue;
		for (k = i + 1; k < n; k++)
			if (presence_name_eq(account_name_of(a, m[k].last,
			    m[k].first, m[k].middle, m[k].email), p->user_name))
				return 0;
		hit = m[i].id;
	}
	if (hit != 0) {
		*student = hit;
		*by = "name";
	}
	return 0;
}

int
presence_event(struct arena *a, const char *meeting_id, int joined,
    const struct zoom_participant *p, int64_t at, struct presence_outcome *out)
{
	struct lesson	 l;
	const char	*key, *when, *name, *email, *t;
	int64_t		 id, us;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (p == NULL)
		return ACCOUNT_INVALID;
	if ((rc = db_lesson_by_meeting(a, meeting_id, &id)) != 1 ||
	    (rc = db_lesson_get(a, id, &l)) != 1)
		return rc == 0 ? MEETING_NOT_FOUND : ACCOUNT_DB;
	out->lesson_id = l.id;
	t = joined ? p->join_time : p->leave_time;
	if (t == NULL || dt_parse_iso(t, &us) == -1)
		us = at;
	key = participant_key(a, p);
	name = clip(a, p->user_name, NAME_MAX_CHARS);
	email = clip(a, p->email, EMAIL_MAX_CHARS);
	if (key == NULL || name == NULL || email == NULL ||
	    (when = dt_db(a, us)) == NULL)
		return ACCOUNT_DB;
	if (joined) {
		if (match(a, &l, p, &out->student_id, &out->matched_by) == -1 ||
		    (rc = db_pr_joined(a, l.id, out->student_id, key, name, email,
		    when)) == -1)
			return ACCOUNT_DB;
		out->changed = rc;
		return 0;
	}
	if ((rc = db_pr_left(a, l.id, key, when)) != 0) {
		out->changed = rc == 1;
		return rc == -1 ? ACCOUNT_DB : 0;
	}
	if ((rc = db_pr_has_left(a, l.id, key, when)) != 0)
		return rc == -1 ? ACCOUNT_DB : 0;
	/* The join never came: remember that they were there, for no time. */
	if (match(a, &l, p, &out->student_id, &out->matched_by) == -1 ||
	    (rc = db_pr_left_only(a, l.id, out->student_id, key, name, email,
	    when)) == -1)
		return ACCOUNT_DB;
	out->changed = rc;
	return 0;
}
