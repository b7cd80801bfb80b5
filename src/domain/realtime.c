/* Live delivery: events to users' channels, their revocation, tickets and
 * presence. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/log.h"
#include "crypto/b64.h"
#include "crypto/hash.h"
#include "crypto/rand.h"
#include "db/db_realtime.h"
#include "domain/realtime.h"
#include "realtime/nchan.h"

#define CHANNELS_PER_POST	255	/* nchan's limit on split channel ids */
#define SEEN_SLOTS		256	/* users whose last presence write this
					   worker remembers */
#define SEEN_GAP		60	/* seconds between two writes per user */

/* Worker-lifetime: when this worker last wrote each user's presence. */
static struct {
	int64_t	 user;
	double	 at;
} seen[SEEN_SLOTS];

int
realtime_init(const struct config *cfg)
{
	return nchan_init(cfg);
}

static const char *
event_text(struct arena *a, const char *type, struct json_object *data,
    size_t *len)
{
	struct json_object	*ev;
	const char		*ts;

	if ((ev = json_new_object(a)) == NULL ||
	    (ts = dt_iso(a, dt_now_db(a))) == NULL)
		return NULL;
	json_add_str(ev, "type", type);
	json_add_str(ev, "ts", ts);
	json_object_object_add(ev, "data", json_object_get(data));
	return json_text(ev, len);
}

void
realtime_publish(struct arena *a, const int64_t *users, size_t n,
    const char *type, struct json_object *data)
{
	struct buf	 ch;
	const char	*body;
	size_t		 len, i, k;

	if (n == 0 || !nchan_enabled())
		return;
	if ((body = event_text(a, type, data, &len)) == NULL) {
		log_warnx("realtime: %s event not built (memory)", type);
		return;
	}
	for (i = 0; i < n; i += CHANNELS_PER_POST) {
		buf_init(&ch, a);
		for (k = i; k < n && k < i + CHANNELS_PER_POST; k++)
			buf_printf(&ch, "%su%lld", k > i ? "," : "",
			    (long long)users[k]);
		if (ch.err)
			log_warnx("realtime: channel list not built (memory)");
		else
			(void)nchan_publish(buf_str(&ch), type, body, len);
	}
}

void
realtime_publish_one(struct arena *a, int64_t user, const char *type,
    struct json_object *data)
{
	realtime_publish(a, &user, 1, type, data);
}

void
realtime_revoke(struct arena *a, int64_t user)
{
	const char	*ch = arena_printf(a, "u%lld", (long long)user);

	if (ch != NULL)
		(void)nchan_revoke(ch);
}

int
realtime_ticket_issue(struct arena *a, int64_t user,
    char out[REALTIME_TICKET_LEN + 1])
{
	unsigned char	 raw[32];
	char		 hash[65];

	rand_bytes(raw, sizeof(raw));
	if (b64_encode(raw, sizeof(raw), out, REALTIME_TICKET_LEN + 1, 1) == -1)
		return -1;
	hash_sha256_hex(out, REALTIME_TICKET_LEN, hash);
	return db_ticket_insert(a, hash, user, REALTIME_TICKET_TTL);
}

int
realtime_ticket_take(struct arena *a, const char *ticket, int64_t *user)
{
	char	 hash[65];
	size_t	 i;

	if (strlen(ticket) != REALTIME_TICKET_LEN)
		return 0;
	for (i = 0; i < REALTIME_TICKET_LEN; i++)
		if (!((ticket[i] >= 'A' && ticket[i] <= 'Z') ||
		    (ticket[i] >= 'a' && ticket[i] <= 'z') ||
		    (ticket[i] >= '0' && ticket[i] <= '9') ||
		    ticket[i] == '-' || ticket[i] == '_'))
			return 0;
	hash_sha256_hex(ticket, REALTIME_TICKET_LEN, hash);
	return db_ticket_take(a, hash, user);
}

void
realtime_seen(struct arena *a, int64_t user)
{
	size_t	 slot = (size_t)((uint64_t)user % SEEN_SLOTS);
	double	 now = dt_mono();

	if (seen[slot].user == user && now - seen[slot].at < SEEN_GAP)
		return;
	if (db_presence_touch(a, user, SEEN_GAP) == 0) {
		seen[slot].user = user;
		seen[slot].at = now;
	}
}
