/* Inline SVG charts with text alternatives. */
#include "autoconf.h"

#include <inttypes.h>
#include <string.h>

#include "core/buf.h"
#include "core/html.h"
#include "core/svg.h"

#define W	640	/* the drawing's units; it scales to its box */
#define H	220
#define LEFT	40	/* room for the y axis labels */
#define RIGHT	8
#define TOP	10
#define BOTTOM	40	/* room for the x labels */

static void
text(struct buf *b, const char *s)
{
	html_text(b, s, strlen(s));
}

/* A value in tenths as "83.3" (or "83" for a whole number). */
static void
num(struct buf *b, int64_t t)
{
	if (t < 0) {
		buf_putc(b, '-');
		t = -t;
	}
	if (t % 10 == 0)
		buf_printf(b, "%" PRId64, t / 10);
	else
		buf_printf(b, "%" PRId64 ".%" PRId64, t / 10, t % 10);
}

/* The top of the y axis for the largest value v (tenths): four grid steps
 * of 1, 2, 2.5 or 5 times a power of ten, whole units at least. */
static int64_t
nice_max(int64_t v)
{
	static const int64_t	 m[] = { 10, 20, 25, 50 };
	int64_t			 p = 1;
	size_t			 i;

	for (;;) {
		for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
			if (4 * m[i] * p >= v)
				return 4 * m[i] * p;
		if (p > INT64_MAX / 100)
			return v;
		p *= 10;
	}
}

/* The text alternative: "label: value unit; ..." (or "нет данных"). */
static void
desc(struct buf *b, const struct svg_chart *c)
{
	size_t	 i;

	if (c->n == 0) {
		buf_puts(b, "Нет данных.");
		return;
	}
	for (i = 0; i < c->n; i++) {
		if (i > 0)
			buf_puts(b, "; ");
		text(b, c->labels[i]);
		buf_puts(b, ": ");
		if (c->values[i] == SVG_NONE)
			buf_puts(b, "нет данных");
		else {
			num(b, c->values[i]);
			text(b, c->unit);
		}
	}
	buf_putc(b, '.');
}

int
svg_chart(struct buf *b, const struct svg_chart *c)
{
	int64_t	 max = c->y_max, v, x, y, prev_x = -1, prev_y = -1;
	size_t	 i, step;
	double	 slot;
	int	 k;

	for (i = 0; i < c->n; i++)
		if (c->values[i] != SVG_NONE && c->values[i] > max)
			max = c->values[i];
	if (max <= 0)
		max = 10;
	if (c->y_max == 0)
		max = nice_max(max);
	buf_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-labelledby=\"%s-t %s-d\" preserveAspectRatio=\"xMidYMid meet\">",
	    W, H, c->id, c->id);
	buf_printf(b, "<title id=\"%s-t\">", c->id);
	text(b, c->title);
	buf_printf(b, "</title><desc id=\"%s-d\">", c->id);
	desc(b, c);
	buf_puts(b, "</desc>");
	/* Axes and four grid lines with their values. */
	for (k = 0; k <= 4; k++) {
		y = TOP + (H - TOP - BOTTOM) * (4 - k) / 4;
		buf_printf(b, "<line class=\"grid\" x1=\"%d\" y1=\"%" PRId64 "\" "
		    "x2=\"%d\" y2=\"%" PRId64 "\"/><text class=\"ylab\" x=\"%d\" "
		    "y=\"%" PRId64 "\">", LEFT, y, W - RIGHT, y, LEFT - 4, y + 4);
		num(b, max * k / 4);
		buf_puts(b, "</text>");
	}
	if (c->n == 0)
		return buf_puts(b, "</svg>") == -1 ? -1 : 0;
	slot = (double)(W - LEFT - RIGHT) / (double)c->n;
	/* At most about 10 x labels, evenly spread, the last one too when
	 * there is room for it. */
	step = (c->n + 9) / 10;
	for (i = 0; i < c->n; i++) {
		x = LEFT + (int64_t)(slot * (double)i + slot / 2);
		if (i % step == 0 || (i == c->n - 1 && i % step > step / 2)) {
			buf_printf(b, "<text class=\"xlab\" x=\"%" PRId64 "\" y=\"%d\">",
			    x, H - BOTTOM + 16);
			text(b, c->labels[i]);
			buf_puts(b, "</text>");
		}
		if ((v = c->values[i]) == SVG_NONE) {
			prev_x = -1;
			continue;
		}
		if (v < 0)
			v = 0;
		y = TOP + (H - TOP - BOTTOM) - (H - TOP - BOTTOM) * (v > max ? max : v) / max;
		if (c->kind == SVG_BARS) {
			buf_printf(b, "<rect class=\"bar\" x=\"%" PRId64 "\" y=\"%" PRId64 "\" "
			    "width=\"%d\" height=\"%" PRId64 "\"><title>", x -
			    (int64_t)(slot * 0.35), y, (int)(slot * 0.7) > 1 ?
			    (int)(slot * 0.7) : 1, H - BOTTOM - y);
		} else {
			if (prev_x >= 0)
				buf_printf(b, "<line class=\"line\" x1=\"%" PRId64 "\" "
				    "y1=\"%" PRId64 "\" x2=\"%" PRId64 "\" y2=\"%" PRId64
				    "\"/>", prev_x, prev_y, x, y);
			buf_printf(b, "<circle class=\"dot\" cx=\"%" PRId64 "\" "
			    "cy=\"%" PRId64 "\" r=\"3\"><title>", x, y);
			prev_x = x;
			prev_y = y;
		}
		text(b, c->labels[i]);
		buf_puts(b, ": ");
		num(b, v);
		text(b, c->unit);
		buf_puts(b, c->kind == SVG_BARS ? "</title></rect>" : "</title></circle>");
	}
	return buf_puts(b, "</svg>") == -1 ? -1 : 0;
}
