/* Comparing a student's typed answer with a homework key (PHASE2-3.md
 * section 1.2): normalisation, Unicode case folding for Latin, Greek and
 * Cyrillic, '|' alternatives, and the one-typo tolerance of "loose".
 * Pure functions; know no HTTP and no database. */
#ifndef DOMAIN_HW_TEXT_H
#define DOMAIN_HW_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* The lower-case form of a code point (Latin, Latin-1, Latin Extended-A,
 * Greek, Cyrillic); others unchanged. */
uint32_t hw_text_fold(uint32_t cp);
/* Whether a code point is Unicode white space. */
int	 hw_text_space(uint32_t cp);
/* norm(s): trimmed, every run of white space one space, a comma between
 * two digits a dot ("4,5" = "4.5"), lower-cased unless case_sensitive.
 * A byte that is not UTF-8 is kept as it is. NULL on overflow. */
char	*hw_text_norm(struct arena *, const char *s, int case_sensitive);
/* Whether two strings are at most one edit apart (insert, delete,
 * substitute, or swap two neighbours), counted in code points. */
int	 hw_text_edit1(const char *a, const char *b);
/* Whether answer matches key: key's '|'-separated alternatives (a literal
 * bar written "\|") each compared after norm(); loose also accepts one
 * edit when the alternative has 4 or more characters. An empty
 * alternative never matches. -1 on overflow, else 0 or 1. */
int	 hw_text_match(struct arena *, const char *key, const char *answer,
	    int case_sensitive, int loose);

#endif
