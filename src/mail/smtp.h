/* Sending email through the configured SMTP relay (libcurl). The
 * scheduler's mail job uses it (domain/outbox.h); one connection is reused
 * for a run. */
#ifndef MAIL_SMTP_H
#define MAIL_SMTP_H

struct config;
struct mail_smtp;

/* A sender for cfg's relay: NULL when smtp_url is empty (no emails) or
 * unusable (logged). Free with mail_smtp_close. */
struct mail_smtp *mail_smtp_open(const struct config *);
/* Send msg (from mail_message) to the address to. 0, or -1 (logged
 * without the URL, the login or the message; mail_smtp_error says why). */
int	 mail_smtp_send(struct mail_smtp *, const char *to, const char *msg);
/* What the relay (or libcurl) said about the last failed send. */
const char *mail_smtp_error(const struct mail_smtp *);
void	 mail_smtp_close(struct mail_smtp *);

#endif
