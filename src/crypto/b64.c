/* Base64 and base64url encoding and strict decoding. */
#include "autoconf.h"

#include <stdint.h>

#include "crypto/b64.h"

static const char	 std_abc[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char	 url_abc[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t
b64_encoded_len(size_t n, int url)
{
	size_t	 rem = n % 3;

	if (n / 3 > (SIZE_MAX - 4) / 4)
		return SIZE_MAX;
	if (rem == 0)
		return n / 3 * 4;
	return n / 3 * 4 + (url ? rem + 1 : 4);
}

int
b64_encode(const void *in, size_t n, char *out, size_t outlen, int url)
{
	const unsigned char	*p = in;
	const char		*abc = url ? url_abc : std_abc;
	size_t			 len = b64_encoded_len(n, url), i, k = 0;
	uint32_t		 v;

	if (len >= outlen)
		return -1;
	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[k++] = abc[v >> 18];
		out[k++] = abc[v >> 12 & 63];
		out[k++] = abc[v >> 6 & 63];
		out[k++] = abc[v & 63];
	}
	if (i < n) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		out[k++] = abc[v >> 18];
		out[k++] = abc[v >> 12 & 63];
		if (i + 1 < n)
			out[k++] = abc[v >> 6 & 63];
		while (!url && k < len)
			out[k++] = '=';
	}
	out[k] = '\0';
	return 0;
}

/* The 6-bit value of c, or -1. */
static int
value(char c, int url)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == (url ? '-' : '+'))
		return 62;
	if (c == (url ? '_' : '/'))
		return 63;
	return -1;
}

int
b64_decode(const char *in, size_t n, void *out, size_t outlen, size_t *outn,
    int url)
{
	unsigned char	*o = out;
	uint32_t	 acc = 0;
	size_t		 i, k = 0, need;
	int		 bits = 0, v;

	if (!url) {
		if (n % 4 != 0)
			return -1;
		/* At most two '=', and only at the end. */
		if (n > 0 && in[n - 1] == '=')
			n--;
		if (n > 0 && in[n - 1] == '=')
			n--;
	}
	if (n % 4 == 1)
		return -1;
	need = n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0);
	if (need > outlen)
		return -1;
	for (i = 0; i < n; i++) {
		if ((v = value(in[i], url)) == -1)
			return -1;
		acc = (acc << 6 | (uint32_t)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			o[k++] = (unsigned char)(acc >> bits);
		}
	}
	/* Leftover bits must be zero, so each input has one encoding. */
	if ((acc & ((1U << bits) - 1)) != 0)
		return -1;
	if (outn != NULL)
		*outn = k;
	return 0;
}
