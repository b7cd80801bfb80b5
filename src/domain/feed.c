/* The personal iCalendar feed's secret. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "crypto/b64.h"
#include "crypto/hash.h"
#include "crypto/rand.h"
#include "db/db_feed.h"
#include "domain/account.h"
#include "domain/feed.h"

#define NONCE_BYTES	32

/* The token of (user, nonce) into out, and its SHA-256 as hex into hash. */
static void
derive(const char *key, int64_t user_id, const char *nonce,
    char out[FEED_TOKEN_LEN + 1], char hash[65])
{
	unsigned char	 mac[32];
	char		 msg[128];
	int		 n;

	n = snprintf(msg, sizeof(msg), "calendar-feed:%lld:%s",
	    (long long)user_id, nonce);
	hash_hmac_sha256(key, strlen(key), msg, n > 0 && (size_t)n < sizeof(msg) ?
	    (size_t)n : 0, mac);
	b64_encode(mac, sizeof(mac), out, FEED_TOKEN_LEN + 1, 1);
	hash_sha256_hex(out, strlen(out), hash);
}

int
feed_token(struct arena *a, const char *key, int64_t user_id, int reset,
    const char **token)
{
	char		 nonce[2 * NONCE_BYTES + 1], tok[FEED_TOKEN_LEN + 1], h[65];
	const char	*stored = NULL, *shash = NULL;
	int		 rc;

	if (reset) {
		rand_hex(nonce, NONCE_BYTES);
		derive(key, user_id, nonce, tok, h);
		if (db_feed_set(a, user_id, nonce, h) == -1)
			return ACCOUNT_DB;
		return (*token = arena_strdup(a, tok)) ? 0 : ACCOUNT_DB;
	}
	if ((rc = db_feed_get(a, user_id, &stored, &shash)) == -1)
		return ACCOUNT_DB;
	if (rc == 0) {
		/* The first call; of two at once, the first row stays. */
		rand_hex(nonce, NONCE_BYTES);
		derive(key, user_id, nonce, tok, h);
		if (db_feed_create(a, user_id, nonce, h) == -1 ||
		    db_feed_get(a, user_id, &stored, &shash) != 1)
			return ACCOUNT_DB;
	}
	derive(key, user_id, stored, tok, h);
	/* A new secret key: the derived token changed; make it the live one. */
	if (strcmp(h, shash) != 0 && db_feed_set(a, user_id, stored, h) == -1)
		return ACCOUNT_DB;
	return (*token = arena_strdup(a, tok)) ? 0 : ACCOUNT_DB;
}

int
feed_user(struct arena *a, const char *token, int64_t *user_id,
    const char **role)
{
	char	 h[65];

	if (strlen(token) != FEED_TOKEN_LEN)
		return 0;
	hash_sha256_hex(token, FEED_TOKEN_LEN, h);
	return db_feed_user(a, h, user_id, role);
}
