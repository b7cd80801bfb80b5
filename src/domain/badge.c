/* Badges: the rules, and awarding them once. */
#include "autoconf.h"

#include <string.h>

#include "domain/badge.h"

#define HOUR_US	(3600LL * 1000000)

int
badge_quick_start(int64_t created, int64_t published, int64_t assigned)
{
	int64_t	 from = published > assigned ? published : assigned;

	return from > 0 && created > 0 && created <= from + BADGE_QUICK_HOURS * HOUR_US;
}

int
badge_perfectionist(int64_t total, int64_t max)
{
	return max > 0 && total == max;
}

int
badge_early_bird(int64_t first_submitted, int64_t deadline)
{
	return deadline > 0 && first_submitted > 0 &&
	    first_submitted <= deadline - BADGE_EARLY_HOURS * HOUR_US;
}

int
badge_marathon(int64_t assigned, int64_t submitted)
{
	return assigned >= 1 && submitted >= assigned;
}

const char *
badge_title(const char *type)
{
	static const struct {
		const char	*type, *title;
	} t[] = {
		{ "QUICK_START", "Быстрый старт" },
		{ "PERFECTIONIST", "Перфекционист" },
		{ "EARLY_BIRD", "Ранняя пташка" },
		{ "MARATHON", "Марафонец" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(type, t[i].type) == 0)
			return t[i].title;
	return type;
}
