/* The cursor of keyset continuation: a signed record of where a page ends. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "core/str.h"
#include "crypto/b64.h"
#include "crypto/hash.h"

/* version 1 | dir | issued (4) | page (8) | scope (8) | n | values | MAC.
 * A value is 'i' and 8 bytes, or 's', a 2-byte length and the bytes. All
 * numbers big-endian. */
#define CURSOR_VERSION		1
#define HEAD_LEN	23
#define MAC_LEN		16
#define RAW_MAX		(CURSOR_TEXT_MAX / 4 * 3)

static void
put(unsigned char *p, uint64_t v, int bytes)
{
	while (bytes-- > 0) {
		p[bytes] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static uint64_t
get(const unsigned char *p, int bytes)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	return v;
}

const char *
cursor_encode(struct arena *a, const unsigned char key[CURSOR_KEY_LEN],
    const struct cursor *c)
{
	unsigned char	 raw[RAW_MAX], mac[32];
	size_t		 len = HEAD_LEN, i, sl, tl;
	char		*out;

	if (c->n > KEYSET_VALS || c->issued < 0 || c->issued > UINT32_MAX)
		return NULL;
	raw[0] = CURSOR_VERSION;
	raw[1] = c->dir == KEYSET_BEFORE ? 'b' : 'a';
	put(raw + 2, (uint64_t)c->issued, 4);
	put(raw + 6, (uint64_t)c->page, 8);
	put(raw + 14, c->scope, 8);
	raw[22] = (unsigned char)c->n;
	for (i = 0; i < c->n; i++) {
		if (c->v[i].s == NULL) {
			if (len + 9 + MAC_LEN > sizeof(raw))
				return NULL;
			raw[len] = 'i';
			put(raw + len + 1, (uint64_t)c->v[i].i, 8);
			len += 9;
			continue;
		}
		sl = strlen(c->v[i].s);
		if (sl > 0xffff || len + 3 + sl + MAC_LEN > sizeof(raw))
			return NULL;
		raw[len] = 's';
		put(raw + len + 1, sl, 2);
		memcpy(raw + len + 3, c->v[i].s, sl);
		len += 3 + sl;
	}
	hash_hmac_sha256(key, CURSOR_KEY_LEN, raw, len, mac);
	memcpy(raw + len, mac, MAC_LEN);
	len += MAC_LEN;
	if ((tl = b64_encoded_len(len, 1)) > CURSOR_TEXT_MAX ||
	    (out = arena_alloc(a, tl + 1)) == NULL ||
	    b64_encode(raw, len, out, tl + 1, 1) == -1)
		return NULL;
	return out;
}

int
cursor_decode(struct arena *a, const unsigned char key[CURSOR_KEY_LEN],
    const char *text, struct cursor *c)
{
	unsigned char	 raw[RAW_MAX], mac[32];
	size_t		 tl = strlen(text), len, body, p, i, sl;

	memset(c, 0, sizeof(*c));
	if (tl == 0 || tl > CURSOR_TEXT_MAX ||
	    b64_decode(text, tl, raw, sizeof(raw), &len, 1) == -1 ||
	    len < HEAD_LEN + MAC_LEN)
		return -1;
	body = len - MAC_LEN;
	hash_hmac_sha256(key, CURSOR_KEY_LEN, raw, body, mac);
	if (!str_ct_eq(mac, raw + body, MAC_LEN))
		return -1;
	/* Signed by us: what follows only guards against our own mistakes. */
	if (raw[0] != CURSOR_VERSION || (raw[1] != 'a' && raw[1] != 'b') ||
	    raw[22] > KEYSET_VALS)
		return -1;
	c->dir = raw[1] == 'b' ? KEYSET_BEFORE : KEYSET_AFTER;
	c->issued = (int64_t)get(raw + 2, 4);
	c->page = (int64_t)get(raw + 6, 8);
	c->scope = get(raw + 14, 8);
	c->n = raw[22];
	for (i = 0, p = HEAD_LEN; i < c->n; i++) {
		if (p < body && raw[p] == 'i' && p + 9 <= body) {
			c->v[i].i = (int64_t)get(raw + p + 1, 8);
			p += 9;
		} else if (p < body && raw[p] == 's' && p + 3 <= body &&
		    p + 3 + (sl = get(raw + p + 1, 2)) <= body &&
		    memchr(raw + p + 3, '\0', sl) == NULL) {
			if ((c->v[i].s = arena_strndup(a, (const char *)raw + p + 3,
			    sl)) == NULL)
				return -1;
			p += 3 + sl;
		} else
			return -1;
	}
	return p == body && c->page >= 2 ? 0 : -1;
}
