/* Charts as inline SVG drawn on the server: no script, no library, text
 * through core/html.c. Each chart is an <svg role="img"> with a <title>
 * and a <desc> (its text alternative: every value, in words); it scales to
 * the width of its box (viewBox), so it fits a phone. */
#ifndef CORE_SVG_H
#define CORE_SVG_H

#include <stddef.h>
#include <stdint.h>

struct buf;

enum svg_kind {
	SVG_BARS,	/* one bar per value (a histogram: labels are ranges) */
	SVG_LINE,	/* a line through the values, a dot on each */
};

/* values[i] in tenths of the unit (833 = 83.3); SVG_NONE leaves a gap. */
#define SVG_NONE	INT64_MIN

struct svg_chart {
	enum svg_kind		 kind;
	const char		*id;		/* unique on the page: title/desc ids */
	const char		*title;		/* short, shown to screen readers */
	const char		*unit;		/* "%", " баллов", ... after numbers */
	int64_t			 y_max;		/* tenths; 0: a round number above
						   the largest value */
	size_t			 n;
	const char *const	*labels;	/* n x labels (dates, ranges) */
	const int64_t		*values;	/* n values */
};

/* Append the chart; -1 when the buffer failed (b->err), else 0. */
int	 svg_chart(struct buf *, const struct svg_chart *);

#endif
