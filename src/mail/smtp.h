/* Sending email through the configured SMTP relay (libcurl). The
 * scheduler's reminder job uses it; one connection is reused for a run. */
#ifndef MAIL_SMTP_H
#define MAIL_SMTP_H

struct config;
struct mail_smtp;

/* A sender for cfg's relay: NULL when smtp_url is empty (no emails) or
 * unusable (logged). Free with mail_smtp_close. */
struct mail_smtp *mail_smtp_open(const struct config *);
/* Send msg (from mail_message) to the address to. 0, or -1 (logged
 * without the URL, the login or the message). */
int	 mail_smtp_send(struct mail_smtp *, const char *to, const char *msg);
void	 mail_smtp_close(struct mail_smtp *);
struct arena;
/* One message from smtp_from to to, on a connection of its own (reset
 * links, verification codes): 0, or -1 (logged, no relay included). */
int	 mail_send(struct arena *, const struct config *, const char *to,
	    const char *subject, const char *text);

#endif
