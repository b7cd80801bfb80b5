/* accounts_emailverification: email verification codes and link tokens. */
#ifndef DB_DB_VERIFY_H
#define DB_DB_VERIFY_H

#include <stdint.h>

struct arena;

struct email_verif {
	int64_t		 id, attempts;
	const char	*email, *token, *code, *expires_at;
	int		 is_verified, expired;
	int64_t		 age;		/* seconds since it was made */
};

/* The newest for email / the one with token: 1 and *v, 0 none, -1. */
int	 db_verify_latest(struct arena *, const char *email, struct email_verif *);
int	 db_verify_by_token(struct arena *, const char *token, struct email_verif *);
/* Delete email's unverified rows and make a new one valid ttl seconds. */
int	 db_verify_replace(struct arena *, const char *email, const char *token,
	    const char *code, int64_t ttl);
int	 db_verify_attempt(struct arena *, int64_t id);
/* Mark it verified, and the user with that email (if any). */
int	 db_verify_done(struct arena *, int64_t id, const char *email);
/* 1 when a user with email exists and is verified, 0 not, -1 error. */
int	 db_verify_user_verified(struct arena *, const char *email);

#endif
