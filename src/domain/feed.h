/* The personal iCalendar feed: each user's secret URL and the .ics text
 * behind it. Knows no HTTP.
 *
 * The token in the URL is base64url(HMAC-SHA256(secret_key,
 * "calendar-feed:" user_id ":" nonce)) with a random per-user nonce kept in
 * calendar_feed. Only the nonce and SHA-256(token) are stored: the URL can
 * be shown again (it is derived, not stored), the database alone cannot
 * produce a working token (the key is not in it), a fetch finds its user
 * by the hash, and a reset draws a new nonce so the old URL is dead at
 * once. Changing secret_key changes every token too; the next GET of the
 * URL stores the new hash. */
#ifndef DOMAIN_FEED_H
#define DOMAIN_FEED_H

#include <stddef.h>
#include <stdint.h>

struct arena;

#define FEED_TOKEN_LEN	43	/* base64url of 32 bytes, no padding */

/* The user's feed token, made on first use: 0 and *token (arena), or
 * ACCOUNT_DB. reset: a new nonce, the old token stops working. */
int	 feed_token(struct arena *, const char *secret_key, int64_t user_id,
	    int reset, const char **token);
/* The active user whose feed token this is: 1 and *user_id, *role, 0 for
 * an unknown, reset or malformed token, -1 on a database error. */
int	 feed_user(struct arena *, const char *token, int64_t *user_id,
	    const char **role);

/* Days before and after now that the feed's real lessons cover. */
#define FEED_DAYS_BACK	30
#define FEED_DAYS_AHEAD	180

/* The user's calendar as iCalendar text (RFC 5545): their lessons from
 * FEED_DAYS_BACK days before now_us to FEED_DAYS_AHEAD after as VEVENTs in
 * UTC (UID lesson-<id>@host, STATUS:CANCELLED when cancelled, URL the join
 * link once a meeting exists), and each weekly lesson meeting that window
 * as repeating VEVENTs (UID recurring-<id>[-<part>]@host; FREQ=WEEKLY,
 * INTERVAL=2 for UPPER and LOWER; a new part where a 53-week year breaks
 * the two-week rhythm) in the configured zone zone (with its VTIMEZONE;
 * UTC needs none), with an EXDATE for every date in the window the
 * calendar does not show as virtual (generated, or covered by a lesson).
 * 0 and *text (arena), -1 on a database or libical error. */
int	 feed_ics(struct arena *, const char *role, int64_t user_id,
	    const char *zone, const char *host, int64_t now_us,
	    const char **text);

#endif
