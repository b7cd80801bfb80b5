/* Bearer tokens from the Authorization header: jwt_verify must refuse
 * anything not signed with the key, without reading out of bounds. The
 * first byte picks between a raw token and a validly signed one whose
 * payload claims come from the input. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "crypto/jwt.h"

#define KEY	"fuzzing-key-fuzzing-key-fuzzing-key"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jwt_claims	 c, out;
	struct arena		 a;
	const char		*tok;
	size_t			 n;

	if (size == 0)
		return 0;
	if (data[0] & 1) {
		(void)jwt_verify((const char *)data + 1, size - 1, KEY,
		    strlen(KEY), 1800000000, &out);
		return 0;
	}
	/* A token we signed from fuzzed claims verifies to the same claims. */
	memset(&c, 0, sizeof(c));
	n = size - 1 < sizeof(c.email) - 1 ? size - 1 : sizeof(c.email) - 1;
	memcpy(c.email, data + 1, n);
	c.email[strnlen(c.email, n)] = '\0';
	if (str_utf8_chars(c.email) < 0)	/* emails are checked text */
		return 0;
	c.user_id = size;
	memcpy(c.role, "teacher", 8);
	memcpy(c.type, "access", 7);
	c.iat = 1700000000;
	c.exp = 1900000000;
	memcpy(c.jti, "0123456789abcdef0123456789abcdef", 33);
	arena_init(&a, 1 << 16);
	if ((tok = jwt_sign(&a, &c, KEY, strlen(KEY))) != NULL) {
		if (jwt_verify(tok, strlen(tok), KEY, strlen(KEY), 1800000000,
		    &out) != JWT_OK || strcmp(out.email, c.email) != 0 ||
		    out.user_id != c.user_id)
			__builtin_trap();
	}
	arena_free(&a);
	return 0;
}
