/* An email as RFC 5322 text: UTF-8 plain text, base64 body, the subject
 * as RFC 2047 encoded words. Pure: no I/O. */
#ifndef MAIL_MESSAGE_H
#define MAIL_MESSAGE_H

#include <stdint.h>

struct arena;

struct mail_msg {
	const char	*from;		/* "addr" or "Name <addr>" */
	const char	*to;		/* addr */
	const char	*subject;	/* UTF-8, any length */
	const char	*text;		/* UTF-8, lines end with \n */
	int64_t		 date;		/* epoch seconds */
};

/* The bare address of "addr" or "Name <addr>": NULL unless it is one
 * local@domain without spaces, control characters, '<' or '>'. */
const char *mail_address(struct arena *, const char *from);
/* The whole message with CRLF line ends, ready for SMTP DATA; NULL when
 * an address is not valid (header injection included) or on overflow. */
char	*mail_message(struct arena *, const struct mail_msg *);

#endif
