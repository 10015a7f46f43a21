/* The published flowchart (行政执法流程图) of a procedure definition, drawn as a self-contained SVG: boxes in rows by precedence, branches side by side, time limits on the steps they bind. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/procedure.h"

#define FONT "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif"

/* Geometry in SVG user units (px). */
#define BOX_W 184
#define COL_GAP 36
#define ROW_GAP 46
#define NAME_SIZE 14
#define NAME_LINE 18
#define TAG_SIZE 11
#define TAG_LINE 15
#define BOX_PAD 10
#define GROUP_W 84    /* left column with the group names */
#define LANE 7        /* spacing of the lanes long arrows run in */
#define SIDE_W 210    /* right box listing the steps available at any time */
#define SIDE_LINE 18
#define LEGEND_H 44
#define MARGIN 24
#define TITLE_SIZE 20
#define WIDTH_MIN 640
#define LINES_MAX 8
#define COLS_MAX 4    /* a row holding more steps wraps */

/* Where a step sits. */
struct node {
	int side;        /* listed in the "随时可办理" box, not drawn in the flow */
	int row, col;
	double x, y, h;  /* top-left corner and height of its box */
	int ntags;       /* deadline and note lines under its name */
	int bus;         /* which level of the gap below its row its arrows run along, or -1 */
};

/* An arrow from a prerequisite into a step. */
struct arrow {
	size_t from, to;
	int any;         /* from after_any: dashed */
	int lane;        /* -1: straight into the next row; else its lane on its side */
	int right;       /* the lane is right of the boxes */
};

struct chart {
	const struct zf_procedure *p;
	struct node *n;
	struct arrow *arrows;
	size_t narrows;
	unsigned char *seen; /* scratch for walks over the steps */
	size_t *stack;
	int nrows;
	int *rowcount;   /* steps per row */
	int *rowbus;     /* steps per row with arrows into the next row */
	double *rowy, *rowh;
	double flow_x;   /* left edge of the area the boxes are centred in */
	double flow_w;
	double lanes_x;  /* the innermost left lane */
	int nlanes[2];   /* lanes left and right of the boxes */
	double width, height, top;
	double side_h;   /* height of the "随时可办理" box, 0 = none */
	struct zf_buf *out;
};

/* ---- text ---- */

/* The length in bytes of the UTF-8 sequence starting with byte C. */
static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* The drawn width of the character at S at font SIZE: CJK and full-width
 * characters are square, the rest about half as wide. */
static double char_width(const char *s, double size)
{
	return utf8_len((unsigned char)*s) >= 3 ? size : size * 0.58;
}

static double text_width(const char *s, double size)
{
	double w = 0;

	for (; *s; s += utf8_len((unsigned char)*s))
		w += char_width(s, size);
	return w;
}

/* Splits S into at most LINES_MAX lines no wider than WIDTH at SIZE,
 * storing each line's start in STARTS and end in ENDS; returns the count
 * (at least 1). Latin words break at spaces where they can; CJK text
 * breaks anywhere. Text beyond the last line is left out. */
static int text_wrap(const char *s, double size, double width, const char *starts[LINES_MAX],
		     const char *ends[LINES_MAX])
{
	const char *space = NULL; /* the last space of the current line */
	int n = 0;
	double w = 0, w_space = 0;

	starts[0] = s;
	for (; *s; s += utf8_len((unsigned char)*s)) {
		double cw = char_width(s, size);
		if (w + cw > width && s > starts[n]) {
			int in_word = (unsigned char)*s < 0x80 && *s != ' ';
			const char *cut = in_word && space ? space : s;
			ends[n] = cut;
			if (++n == LINES_MAX)
				return n;
			starts[n] = cut == s ? s : cut + 1;
			w = cut == s ? 0 : w - w_space - char_width(" ", size);
			space = NULL;
		}
		if (*s == ' ') {
			space = s;
			w_space = w;
		}
		w += cw;
	}
	ends[n] = s;
	return n + 1;
}

/* Appends the N bytes at S escaped for XML text. */
static void add_escaped(struct zf_buf *b, const char *s, size_t n)
{
	char tmp[512];

	while (n > 0) {
		size_t k = n < sizeof(tmp) - 1 ? n : sizeof(tmp) - 1;
		/* never cut a character in two */
		while (k < n && k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
		memcpy(tmp, s, k);
		tmp[k] = '\0';
		zf_buf_add_html(b, tmp);
		s += k;
		n -= k;
	}
}

/* Writes S as centred (ANCHOR "middle") or left-aligned text lines from
 * baseline Y, LINE apart; returns how many lines. */
static int add_text(struct zf_buf *b, const char *s, double x, double y, double size,
		    double line, double width, const char *anchor, const char *attrs)
{
	const char *starts[LINES_MAX], *ends[LINES_MAX];
	int n = text_wrap(s, size, width, starts, ends);

	for (int i = 0; i < n; i++) {
		zf_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" text-anchor=\"%s\"%s>",
			      x, y + i * line, size, anchor, attrs);
		add_escaped(b, starts[i], (size_t)(ends[i] - starts[i]));
		zf_buf_puts(b, "</text>\n");
	}
	return n;
}

static int text_lines(const char *s, double size, double width)
{
	const char *starts[LINES_MAX], *ends[LINES_MAX];
	return text_wrap(s, size, width, starts, ends);
}

/* ---- what is written beside a step ---- */

/* "5个工作日", "90日", "3个月" or "按设置 decision_days" for D into OUT. */
static void deadline_span(const struct zf_deadline_def *d, char *out, size_t n)
{
	static const char *const units[] = {"", "个工作日", "日", "个月"};

	if (d->setting)
		snprintf(out, n, "按设置 %s", d->setting);
	else
		snprintf(out, n, "%d%s", d->count, d->unit >= 1 && d->unit <= 3 ? units[d->unit] : "");
}

/* The deadline labelled on step S: its first `until` step that is drawn in the flow. */
static int deadline_on(const struct chart *c, const struct zf_deadline_def *d, size_t s)
{
	for (size_t k = 0; k < d->nuntil; k++) {
		const struct zf_step_def *u = zf_procedure_step(c->p, d->until[k]);
		if (u && !c->n[u - c->p->steps].side)
			return (size_t)(u - c->p->steps) == s;
	}
	return 0;
}

/* The tag lines under a step's name: drawn into B, or only counted when B is NULL. */
struct tag_ctx {
	struct zf_buf *b;
	double x, y;
	int lines;
};

static void tag_add(struct tag_ctx *t, const char *line, int deadline)
{
	if (!t->b)
		t->lines += text_lines(line, TAG_SIZE, BOX_W - 12);
	else
		t->lines += add_text(t->b, line, t->x, t->y + t->lines * TAG_LINE, TAG_SIZE,
				     TAG_LINE, BOX_W - 12, "middle",
				     deadline ? " fill=\"#b42318\"" : " fill=\"#6b4e16\"");
}

/* The tags of step S: the time limits it must meet, the legal-review gate,
 * and whether a condition decides if it applies. */
static void step_tags(const struct chart *c, size_t s, struct tag_ctx *t)
{
	const struct zf_step_def *st = &c->p->steps[s];

	for (size_t i = 0; i < c->p->ndeadlines; i++) {
		const struct zf_deadline_def *d = &c->p->deadlines[i];
		char span[96], line[256];

		if (!deadline_on(c, d, s))
			continue;
		deadline_span(d, span, sizeof(span));
		snprintf(line, sizeof(line), "%s：%s", d->label, span);
		tag_add(t, line, 1);
	}
	if (st->major_gate)
		tag_add(t, "重大案件须先经法制审核", 0);
	if (st->when)
		tag_add(t, "符合条件时办理", 0);
}

/* ---- layout ---- */

static double side_height(const struct chart *c);

static int is_pred_drawn(const struct chart *c, const char *code, size_t *idx)
{
	const struct zf_step_def *p = zf_procedure_step(c->p, code);

	if (!p || c->n[p - c->p->steps].side)
		return 0;
	*idx = (size_t)(p - c->p->steps);
	return 1;
}

/* Side steps: anytime ones, and those that only follow side steps. The
 * others keep definition order, top to bottom and left to right: a step
 * goes one row below its lowest earlier predecessor but never above the
 * step before it, so alternatives and parallel steps share a row; a full
 * row wraps. Later predecessors are loops back and do not count. */
static void layout_rows(struct chart *c)
{
	const struct zf_procedure *p = c->p;
	int prev = 0, inrow = 0;

	for (size_t i = 0; i < p->nsteps; i++) {
		const struct zf_step_def *s = &p->steps[i];
		size_t npred = s->nafter + s->nafter_any, nside = 0;
		int row = 0;

		for (size_t k = 0; k < npred; k++) {
			const char *code = k < s->nafter ? s->after[k] : s->after_any[k - s->nafter];
			const struct zf_step_def *q = zf_procedure_step(p, code);
			size_t j;

			if (q && c->n[q - p->steps].side)
				nside++;
			if (is_pred_drawn(c, code, &j) && j < i && c->n[j].row + 1 > row)
				row = c->n[j].row + 1;
		}
		c->n[i].side = i > 0 && (s->anytime || (npred > 0 && nside == npred));
		c->n[i].row = -1;
		if (c->n[i].side)
			continue;
		if (row < prev)
			row = prev;
		if (row == prev && i > 0 && inrow == COLS_MAX)
			row++;
		inrow = row == prev && i > 0 ? inrow + 1 : 1;
		c->n[i].row = prev = row;
		if (row + 1 > c->nrows)
			c->nrows = row + 1;
	}
}

/* 1 when the arrow from J into I runs straight down into the next row. */
static int arrow_adjacent(const struct chart *c, size_t j, size_t i)
{
	return c->n[j].row + 1 == c->n[i].row;
}

/* 1 when step A must be completed before step B can be: A is B's
 * prerequisite through `after` links alone. */
static int after_ancestor(struct chart *c, size_t a, size_t b)
{
	const struct zf_procedure *p = c->p;
	size_t top = 0;

	memset(c->seen, 0, p->nsteps);
	c->stack[top++] = b;
	c->seen[b] = 1;
	while (top > 0) {
		const struct zf_step_def *s = &p->steps[c->stack[--top]];
		for (size_t k = 0; k < s->nafter; k++) {
			size_t q = (size_t)(zf_procedure_step(p, s->after[k]) - p->steps);
			if (q == a)
				return 1;
			if (!c->seen[q]) {
				c->seen[q] = 1;
				c->stack[top++] = q;
			}
		}
	}
	return 0;
}

/* 1 when the `after` arrow from A into S says nothing another `after`
 * prerequisite of S does not already imply (A comes before it anyway). */
static int arrow_implied(struct chart *c, size_t a, size_t s)
{
	const struct zf_step_def *st = &c->p->steps[s];

	for (size_t k = 0; k < st->nafter; k++) {
		size_t b = (size_t)(zf_procedure_step(c->p, st->after[k]) - c->p->steps);
		if (b != a && after_ancestor(c, a, b))
			return 1;
	}
	return 0;
}

/* The arrows to draw, and for each step with arrows into the next row its
 * own level in the gap below (its bus). */
static int layout_arrows(struct chart *c)
{
	const struct zf_procedure *p = c->p;
	size_t total = 0;

	for (size_t i = 0; i < p->nsteps; i++)
		total += p->steps[i].nafter + p->steps[i].nafter_any;
	if (!(c->arrows = calloc(total ? total : 1, sizeof(*c->arrows))) ||
	    !(c->seen = calloc(p->nsteps, 1)) || !(c->stack = calloc(p->nsteps, sizeof(size_t))))
		return ZF_ENOMEM;
	for (size_t j = 0; j < p->nsteps; j++)
		c->n[j].bus = -1;
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct zf_step_def *s = &p->steps[i];
		for (size_t k = 0; !c->n[i].side && k < s->nafter + s->nafter_any; k++) {
			const char *code = k < s->nafter ? s->after[k] : s->after_any[k - s->nafter];
			struct arrow *a = &c->arrows[c->narrows];
			size_t j;

			if (!is_pred_drawn(c, code, &j) || (k < s->nafter && arrow_implied(c, j, i)))
				continue;
			a->from = j;
			a->to = i;
			a->any = k >= s->nafter;
			a->lane = -1;
			if (arrow_adjacent(c, j, i))
				c->n[j].bus = 0;
			c->narrows++;
		}
	}
	for (size_t j = 0; j < p->nsteps; j++)
		if (c->n[j].bus == 0)
			c->n[j].bus = c->rowbus[c->n[j].row]++;
	return 0;
}

/* Lanes for the arrows that skip rows or go back up: on the right when
 * both ends are in the right half of the boxes, else on the left. */
static void layout_lanes(struct chart *c)
{
	double mid = c->flow_w / 2;

	for (size_t k = 0; k < c->narrows; k++) {
		struct arrow *a = &c->arrows[k];
		if (arrow_adjacent(c, a->from, a->to))
			continue;
		/* X is still relative to the flow area here */
		a->right = c->n[a->from].x + BOX_W / 2 > mid && c->n[a->to].x + BOX_W / 2 > mid;
		a->lane = c->nlanes[a->right]++;
	}
}

static int layout(struct chart *c)
{
	const struct zf_procedure *p = c->p;
	int maxcols = 1;
	double y;

	layout_rows(c);
	if (!(c->rowcount = calloc((size_t)c->nrows, sizeof(int))) ||
	    !(c->rowy = calloc((size_t)c->nrows, sizeof(double))) ||
	    !(c->rowh = calloc((size_t)c->nrows, sizeof(double))) ||
	    !(c->rowbus = calloc((size_t)c->nrows, sizeof(int))))
		return ZF_ENOMEM;
	if (layout_arrows(c))
		return ZF_ENOMEM;
	for (size_t i = 0; i < p->nsteps; i++) {
		struct node *n = &c->n[i];
		if (n->side)
			continue;
		n->col = c->rowcount[n->row]++;
		if (c->rowcount[n->row] > maxcols)
			maxcols = c->rowcount[n->row];
		struct tag_ctx count = {0};
		step_tags(c, i, &count);
		n->ntags = count.lines;
		n->h = 2 * BOX_PAD + text_lines(p->steps[i].name, NAME_SIZE, BOX_W - 16) * NAME_LINE +
		       n->ntags * TAG_LINE;
		if (n->h > c->rowh[n->row])
			c->rowh[n->row] = n->h;
	}
	/* boxes centred row by row, first relative to the flow area, whose
	 * place depends on how many lanes run on its left */
	c->flow_w = maxcols * BOX_W + (maxcols - 1) * COL_GAP;
	y = c->top;
	for (int r = 0; r < c->nrows; r++) {
		c->rowy[r] = y;
		y += c->rowh[r] + ROW_GAP;
	}
	for (size_t i = 0; i < p->nsteps; i++) {
		struct node *n = &c->n[i];
		int cnt;
		if (n->side)
			continue;
		cnt = c->rowcount[n->row];
		n->x = (c->flow_w - (cnt * BOX_W + (cnt - 1) * COL_GAP)) / 2 +
		       n->col * (BOX_W + COL_GAP);
		n->y = c->rowy[n->row];
	}
	layout_lanes(c);
	c->lanes_x = MARGIN + GROUP_W + c->nlanes[0] * LANE;
	c->flow_x = c->lanes_x + 12;
	for (size_t i = 0; i < p->nsteps; i++)
		c->n[i].x += c->flow_x;
	c->width = c->flow_x + c->flow_w + (c->nlanes[1] ? 12 + c->nlanes[1] * LANE : 0) + MARGIN;
	if ((c->side_h = side_height(c)) > 0)
		c->width += SIDE_W + COL_GAP;
	if (c->width < WIDTH_MIN)
		c->width = WIDTH_MIN;
	if (c->top + c->side_h + ROW_GAP > y)
		y = c->top + c->side_h + ROW_GAP;
	c->height = y + LEGEND_H;
	return 0;
}

/* ---- drawing ---- */

static void draw_header(struct chart *c)
{
	struct zf_buf *b = c->out;
	double w = c->width - 2 * MARGIN;
	int n;

	zf_buf_printf(b, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", c->width,
		      c->height);
	n = add_text(b, c->p->name, c->width / 2, MARGIN + TITLE_SIZE, TITLE_SIZE, 26, w, "middle",
		     " font-weight=\"bold\" fill=\"#1f2d3d\"");
	add_text(b, c->p->basis, c->width / 2, MARGIN + TITLE_SIZE + n * 26 + 4, 12, 16, w,
		 "middle", " fill=\"#55606e\"");
	zf_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
		      "fill=\"#8a94a0\">版本 %d</text>\n", c->width - MARGIN, (double)MARGIN + 11,
		      c->p->version);
}

/* The group names in the left column, at the first row each group appears in. */
static void draw_groups(struct chart *c)
{
	const struct zf_procedure *p = c->p;

	for (size_t i = 0; i < p->nsteps; i++) {
		const char *g = p->steps[i].group;
		int first = 1;

		if (!g || c->n[i].side)
			continue;
		for (size_t j = 0; j < i && first; j++)
			if (p->steps[j].group && !c->n[j].side && strcmp(p->steps[j].group, g) == 0)
				first = 0;
		/* two groups starting in one row: the second goes unlabelled */
		for (size_t j = 0; j < i && first; j++)
			if (!c->n[j].side && c->n[j].row == c->n[i].row && p->steps[j].group &&
			    strcmp(p->steps[j].group, g) != 0)
				first = 0;
		if (!first)
			continue;
		zf_buf_printf(c->out, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"22\" rx=\"11\" "
			      "fill=\"#e8eef6\"/>\n", MARGIN, c->n[i].y + 2, GROUP_W - 14);
		add_text(c->out, g, MARGIN + (GROUP_W - 14) / 2.0, c->n[i].y + 17, 12, 15,
			 GROUP_W - 18, "middle", " fill=\"#2d4f7c\"");
	}
}

static void draw_arrow(struct chart *c, const struct arrow *a)
{
	const struct node *f = &c->n[a->from], *t = &c->n[a->to];
	double fx = f->x + BOX_W / 2, fy = f->y + f->h, tx = t->x + BOX_W / 2, ty = t->y;
	const char *dash = a->any ? " stroke-dasharray=\"6 4\"" : "";

	if (a->lane < 0) {
		/* buses in the upper part of the gap, lanes' ends in the lower */
		double mid = c->rowy[f->row] + c->rowh[f->row] + 6 +
			     (f->bus + 1) * (ROW_GAP - 26.0) / (c->rowbus[f->row] + 1);
		zf_buf_printf(c->out, "<path d=\"M%.1f %.1fV%.1fH%.1fV%.1f\" class=\"e\"%s/>\n", fx,
			      fy, mid, tx, ty - 2, dash);
		return;
	}
	/* skipping rows or looping back: down, out to its lane beside the
	 * boxes, along it, and in above the target */
	double lx = a->right ? c->flow_x + c->flow_w + 12 + a->lane * LANE
			     : c->lanes_x - a->lane * LANE;
	double out_y = c->rowy[f->row] + c->rowh[f->row] + 3, in_y = ty - 6 - (a->lane % 4) * 3;
	zf_buf_printf(c->out, "<path d=\"M%.1f %.1fV%.1fH%.1fV%.1fH%.1fV%.1f\" class=\"e\"%s/>\n",
		      fx, fy, out_y, lx, in_y, tx, ty - 2, dash);
}

static void draw_arrows(struct chart *c)
{
	zf_buf_puts(c->out, "<g fill=\"none\" stroke=\"#7b8794\" stroke-width=\"1.4\">\n");
	for (size_t k = 0; k < c->narrows; k++)
		draw_arrow(c, &c->arrows[k]);
	zf_buf_puts(c->out, "</g>\n");
}

/* 1 when steps A and B exclude each other (unless), so they read as alternatives. */
static int alternatives(const struct zf_step_def *a, const struct zf_step_def *b)
{
	for (size_t k = 0; k < a->nunless; k++)
		if (strcmp(a->unless[k], b->code) == 0)
			return 1;
	for (size_t k = 0; k < b->nunless; k++)
		if (strcmp(b->unless[k], a->code) == 0)
			return 1;
	return 0;
}

static void draw_boxes(struct chart *c)
{
	const struct zf_procedure *p = c->p;

	for (size_t i = 0; i < p->nsteps; i++) {
		const struct zf_step_def *s = &p->steps[i];
		const struct node *n = &c->n[i];
		const char *style = s->terminal ? "t" : i == 0 ? "f" : "s";
		int lines;
		struct tag_ctx tags = {c->out, n->x + BOX_W / 2, 0, 0};


		if (n->side)
			continue;
		zf_buf_printf(c->out, "<g id=\"step-");
		zf_buf_add_html(c->out, s->code);
		zf_buf_printf(c->out, "\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" rx=\"10\" "
			      "class=\"%s\"%s/>\n", n->x, n->y, BOX_W, n->h, style,
			      s->optional ? " stroke-dasharray=\"5 4\"" : "");
		lines = add_text(c->out, s->name, n->x + BOX_W / 2, n->y + BOX_PAD + NAME_SIZE,
				 NAME_SIZE, NAME_LINE, BOX_W - 16, "middle",
				 s->terminal || i == 0 ? " font-weight=\"bold\" fill=\"#1f2d3d\""
						       : " fill=\"#1f2d3d\"");
		tags.y = n->y + BOX_PAD + lines * NAME_LINE + TAG_SIZE;
		step_tags(c, i, &tags);
		zf_buf_puts(c->out, "</g>\n");
		/* "或" between neighbouring alternatives */
		for (size_t j = 0; j < i; j++)
			if (!c->n[j].side && c->n[j].row == n->row && c->n[j].col + 1 == n->col &&
			    alternatives(&p->steps[j], s))
				zf_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" "
					      "text-anchor=\"middle\" fill=\"#b42318\">或</text>\n",
					      n->x - COL_GAP / 2.0, n->y + 20);
	}
}

/* The line listing side step I in the "随时可办理" box into OUT. */
static void side_line(const struct chart *c, size_t i, char *out, size_t n)
{
	const struct zf_step_def *s = &c->p->steps[i];

	if (!s->anytime && s->nafter + s->nafter_any > 0) {
		const struct zf_step_def *q =
			zf_procedure_step(c->p, s->nafter ? s->after[0] : s->after_any[0]);
		snprintf(out, n, "· %s（%s后）", s->name, q ? q->name : "");
	} else {
		snprintf(out, n, "· %s", s->name);
	}
}

/* The height of the "随时可办理" box, 0 when there are no side steps. */
static double side_height(const struct chart *c)
{
	double h = 0;

	for (size_t i = 0; i < c->p->nsteps; i++) {
		char line[256];
		if (!c->n[i].side)
			continue;
		side_line(c, i, line, sizeof(line));
		h += SIDE_LINE * text_lines(line, 13, SIDE_W - 24);
	}
	return h > 0 ? h + 40 : 0;
}

/* The box of steps available at any time, on the right. */
static void draw_side(struct chart *c)
{
	double x = c->width - MARGIN - SIDE_W, y = c->top + 40;

	if (c->side_h <= 0)
		return;
	zf_buf_printf(c->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" rx=\"10\" "
		      "class=\"a\"/>\n", x, c->top, SIDE_W, c->side_h);
	zf_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\" "
		      "fill=\"#2d4f7c\">随时可办理</text>\n", x + 12, c->top + 22);
	for (size_t i = 0; i < c->p->nsteps; i++) {
		char line[256];
		if (!c->n[i].side)
			continue;
		side_line(c, i, line, sizeof(line));
		y += SIDE_LINE * add_text(c->out, line, x + 12, y, 13, SIDE_LINE, SIDE_W - 24, "start",
					  " fill=\"#1f2d3d\"");
	}
}

static void draw_legend(struct chart *c, double y)
{
	static const struct {
		const char *cls, *dash, *text;
	} items[] = {
		{"f", "", "开始步骤"},
		{"s", " stroke-dasharray=\"5 4\"", "可选步骤"},
		{"t", "", "结束步骤"},
	};
	double x = MARGIN;

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		zf_buf_printf(c->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"16\" rx=\"4\" "
			      "class=\"%s\"%s/>\n", x, y, items[i].cls, items[i].dash);
		zf_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#55606e\">",
			      x + 34, y + 12);
		zf_buf_add_html(c->out, items[i].text);
		zf_buf_puts(c->out, "</text>\n");
		x += 34 + text_width(items[i].text, 12) + 22;
	}
	zf_buf_printf(c->out, "<path d=\"M%.1f %.1fH%.1f\" class=\"e\" stroke-dasharray=\"6 4\" "
		      "fill=\"none\" stroke=\"#7b8794\" stroke-width=\"1.4\"/>\n", x, y + 8, x + 30);
	zf_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#55606e\">"
		      "前置步骤任一完成即可</text>\n", x + 38, y + 12);
	x += 38 + text_width("前置步骤任一完成即可", 12) + 22;
	zf_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#b42318\">"
		      "或：二者择一　红字：法定时限</text>\n", x, y + 12);
}

int zf_procedure_svg(const struct zf_procedure *p, struct zf_buf *out, struct zf_err *err)
{
	struct chart c = {.p = p, .out = out};
	int rc = ZF_ENOMEM;

	if (!p || p->nsteps == 0)
		return zf_err_set(err, ZF_EINVAL, "没有可绘制的程序定义");
	if (!(c.n = calloc(p->nsteps, sizeof(*c.n))))
		goto out;
	/* the title and basis are wrapped to the narrowest chart */
	c.top = MARGIN + text_lines(p->name, TITLE_SIZE, WIDTH_MIN - 2 * MARGIN) * 26 +
		text_lines(p->basis, 12, WIDTH_MIN - 2 * MARGIN) * 16 + 34;
	if ((rc = layout(&c)))
		goto out;
	zf_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	zf_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		      "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"title\" "
		      "font-family=\"" FONT "\">\n", c.width, c.height, c.width, c.height);
	zf_buf_puts(out, "<title id=\"title\">");
	zf_buf_add_html(out, p->name);
	zf_buf_puts(out, "流程图</title>\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" "
		    "refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">"
		    "<path d=\"M0 0L10 5L0 10z\" fill=\"#7b8794\"/></marker>\n<style>"
		    ".e{marker-end:url(#arrow)}"
		    ".s{fill:#f7f9fc;stroke:#4a6fa5;stroke-width:1.5}"
		    ".f{fill:#e3edf9;stroke:#2d4f7c;stroke-width:2}"
		    ".t{fill:#fdf1e6;stroke:#b54708;stroke-width:3}"
		    ".a{fill:#fbfbf4;stroke:#a8a27a;stroke-width:1.2}"
		    "</style></defs>\n");
	draw_header(&c);
	draw_groups(&c);
	draw_arrows(&c);
	draw_boxes(&c);
	draw_side(&c);
	draw_legend(&c, c.height - LEGEND_H + 8);
	zf_buf_puts(out, "</svg>\n");
	rc = out->failed ? ZF_ENOMEM : 0;
out:
	if (rc == ZF_ENOMEM)
		zf_err_set(err, ZF_ENOMEM, "内存不足，无法绘制流程图");
	free(c.n);
	free(c.rowcount);
	free(c.rowy);
	free(c.rowh);
	free(c.rowbus);
	free(c.arrows);
	free(c.seen);
	free(c.stack);
	return rc;
}
