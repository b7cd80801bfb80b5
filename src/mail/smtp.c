/* SMTP through libcurl: MAIL FROM, RCPT TO, DATA to a relay. */
#include "autoconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "mail/message.h"
#include "mail/smtp.h"

#define CONNECT_SECS	10L
#define TOTAL_SECS	30L

struct mail_smtp {
	CURL		*curl;
	char		 from[300];	/* "<addr>" */
	char		 err[CURL_ERROR_SIZE];
};

/* The message being uploaded. */
struct upload {
	const char	*p;
	size_t		 left;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload	*u = arg;
	size_t		 n = size * nmemb < u->left ? size * nmemb : u->left;

	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

struct mail_smtp *
mail_smtp_open(const struct config *cfg)
{
	struct mail_smtp	*m;
	struct arena		 a;
	const char		*addr;
	int			 tls_only;

	if (cfg->smtp_url == NULL || cfg->smtp_url[0] == '\0')
		return NULL;
	tls_only = strncasecmp(cfg->smtp_url, "smtps://", 8) == 0;
	if (!tls_only && strncasecmp(cfg->smtp_url, "smtp://", 7) != 0) {
		log_error("smtp_url must start with smtp:// or smtps://: no emails");
		return NULL;
	}
	arena_init(&a, 4096);
	addr = mail_address(&a, cfg->smtp_from);
	if (addr == NULL || (m = calloc(1, sizeof(*m))) == NULL) {
		if (addr == NULL)
			log_error("smtp_from is not an address: no emails");
		arena_free(&a);
		return NULL;
	}
	snprintf(m->from, sizeof(m->from), "<%s>", addr);
	arena_free(&a);
	if ((m->curl = curl_easy_init()) == NULL) {
		free(m);
		return NULL;
	}
	curl_easy_setopt(m->curl, CURLOPT_URL, cfg->smtp_url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(m->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#endif
	curl_easy_setopt(m->curl, CURLOPT_MAIL_FROM, m->from);
	if (cfg->smtp_user[0] != '\0') {
		curl_easy_setopt(m->curl, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(m->curl, CURLOPT_PASSWORD, cfg->smtp_password);
	}
	/* STARTTLS when offered; a password never goes out in clear. */
	curl_easy_setopt(m->curl, CURLOPT_USE_SSL, tls_only ||
	    cfg->smtp_password[0] != '\0' ? (long)CURLUSESSL_ALL :
	    (long)CURLUSESSL_TRY);
	curl_easy_setopt(m->curl, CURLOPT_CONNECTTIMEOUT, CONNECT_SECS);
	curl_easy_setopt(m->curl, CURLOPT_TIMEOUT, TOTAL_SECS);
	curl_easy_setopt(m->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(m->curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(m->curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(m->curl, CURLOPT_ERRORBUFFER, m->err);
	return m;
}

int
mail_smtp_send(struct mail_smtp *m, const char *to, const char *msg)
{
	struct curl_slist	*rcpt;
	struct upload		 u = { msg, strlen(msg) };
	char			 addr[300];
	CURLcode		 rc;

	snprintf(addr, sizeof(addr), "<%s>", to);
	if ((rcpt = curl_slist_append(NULL, addr)) == NULL)
		return -1;
	m->err[0] = '\0';
	curl_easy_setopt(m->curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(m->curl, CURLOPT_READDATA, &u);
	rc = curl_easy_perform(m->curl);
	curl_easy_setopt(m->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);
	if (rc != CURLE_OK) {
		if (m->err[0] == '\0')
			snprintf(m->err, sizeof(m->err), "%s", curl_easy_strerror(rc));
		log_warnx("email not sent: %s", m->err);
		return -1;
	}
	return 0;
}

const char *
mail_smtp_error(const struct mail_smtp *m)
{
	return m->err[0] ? m->err : "the relay refused the message";
}

void
mail_smtp_close(struct mail_smtp *m)
{
	if (m == NULL)
		return;
	curl_easy_cleanup(m->curl);
	free(m);
}
