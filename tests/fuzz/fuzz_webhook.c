/* Zoom's webhook: the signature check over any headers and body, and the
 * event parser over any body. A body signed with the secret verifies. */
#include "autoconf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "crypto/hash.h"
#include "zoom/webhook.h"

#define SECRET	"fuzz-webhook-secret"
#define NOW	1800000000

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zoom_event	 ev;
	struct arena		 a;
	const char		*body = (const char *)data, *ts, *sig, *msg;
	char			 mac[65], tok[65];

	arena_init(&a, 1 << 20);
	(void)zoom_webhook_parse(&a, body, size, &ev);
	/* Fuzzed headers: the first line is the timestamp, the second the
	 * signature. */
	ts = arena_strndup(&a, body, strnlen(body, size < 16 ? size : 16));
	sig = arena_strndup(&a, body, strnlen(body, size < 80 ? size : 80));
	if (ts != NULL && sig != NULL)
		(void)zoom_webhook_verify(&a, SECRET, ts, sig, body, size, NOW);
	/* Signed correctly: must pass. */
	msg = arena_printf(&a, "v0:%d:%.*s", NOW, (int)size, body);
	if (msg != NULL && strlen(msg) == 14 + size) {
		hash_hmac_sha256_hex(SECRET, strlen(SECRET), msg, strlen(msg), mac);
		sig = arena_printf(&a, "v0=%s", mac);
		if (zoom_webhook_verify(&a, SECRET, "1800000000", sig, body, size,
		    NOW) != ZOOM_SIG_OK)
			__builtin_trap();
	}
	if (ev.plain_token != NULL)
		zoom_webhook_token(SECRET, ev.plain_token, tok);
	arena_free(&a);
	return 0;
}
