/* The published flowchart (行政执法流程图) of a procedure definition, drawn as a self-contained SVG with presentation attributes only (no style sheet, so it renders under a strict Content-Security-Policy): boxes in rows by precedence, branches side by side, time limits on the steps they bind. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case_rules.h"
#include "core/procedure.h"

#define FONT "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif"

/* Geometry in SVG user units (px). */
#define BOX_W 176
#define COL_GAP 28
#define ROW_GAP 40     /* the least gap between rows */
#define TRACK 9        /* spacing of the horizontal runs in a gap */
#define NAME_SIZE 14
#define NAME_LINE 18
#define TAG_SIZE 11
#define TAG_LINE 15
#define BOX_PAD 10
#define GROUP_W 76     /* left column with the group names */
#define LANE 9         /* spacing of the lanes beside the boxes */
#define LANE_PAD 14    /* from the boxes to the innermost lane */
#define SIDE_COL 240   /* the least width of a column of the "随时可办理" box */
#define SIDE_LINE 18
#define LEGEND_LINE 22
#define MARGIN 20
#define TITLE_SIZE 20
#define WIDTH_MIN 600
#define LINES_MAX 8
#define COLS_MAX 4     /* a row holding more steps wraps */

/* Colours and strokes (presentation attributes). */
#define INK "#1f2d3d"
#define MUTED "#55606e"
#define EDGE "#7b8794"
#define RED "#b42318"
#define NOTE "#6b4e16"
#define GROUP_FILL "#e8eef6"
#define GROUP_INK "#2d4f7c"

enum box_kind { BOX_STEP, BOX_FIRST, BOX_LAST, BOX_SIDE };

/* The fill and stroke of each kind of box. */
static const char *box_attrs(int kind)
{
	switch (kind) {
	case BOX_FIRST:
		return " fill=\"#e3edf9\" stroke=\"#2d4f7c\" stroke-width=\"2\"";
	case BOX_LAST:
		return " fill=\"#fdf1e6\" stroke=\"#b54708\" stroke-width=\"3\"";
	case BOX_SIDE:
		return " fill=\"#fbfbf4\" stroke=\"#a8a27a\" stroke-width=\"1.2\"";
	default:
		return " fill=\"#f7f9fc\" stroke=\"#4a6fa5\" stroke-width=\"1.5\"";
	}
}

/* Where a step sits. */
struct node {
	int side;        /* listed in the "随时可办理" box, not drawn in the flow */
	int row, col;
	double x, y, h;  /* top-left corner and height of its box */
	int bus;         /* its track in the gap below its row, or -1 */
	int merge;       /* the track in the gap above its row where arrows of
			    any of its prerequisites meet, or -1 */
};

enum arrow_kind {
	A_NEXT,          /* straight into the next row */
	A_LONG,          /* skipping rows: along a lane beside the boxes */
	A_BACK           /* back up: not drawn, the source says where it returns to */
};

/* An arrow from a prerequisite into a step. */
struct arrow {
	size_t from, to;
	int any;         /* from after_any: dashed */
	int kind;        /* enum arrow_kind */
	size_t bundle;   /* A_LONG: its bundle */
	int track;       /* A_LONG: its bundle's track in the gap above the target's row */
};

/* Long arrows share a lane: the `after` ones out of one step (its
 * successors further down), the `after_any` ones into one step (any of its
 * prerequisites further up). A lane runs out of the gap below each source's
 * row, down beside the boxes, and into the gap above each target's row. */
struct bundle {
	size_t key;      /* the source (after) or the target (after_any) */
	int any;
	int start, end;  /* the highest source's row, the lowest target's row */
	int right;       /* the lane is right of the boxes */
	int lane;        /* 0 = innermost, -1 = not placed yet */
};

struct chart {
	const struct zf_procedure *p;
	json_t *defaults;  /* the settings' defaults, for time limits a body sets */
	struct node *n;
	struct arrow *arrows;
	size_t narrows;
	struct bundle *bundles;
	size_t nbundles;
	unsigned char *seen; /* scratch for walks over the steps */
	size_t *stack;
	int nrows;
	int *rowcount;   /* steps per row */
	int *tracks;     /* horizontal runs in the gap below each row */
	double *rowy, *rowh, *gaph;
	double flow_x;   /* left edge of the area the boxes are centred in */
	double flow_w;
	int nlanes[2];   /* lanes left and right of the boxes */
	double width, height, top;
	double side_y, side_h; /* the "随时可办理" box below the flow, side_h 0 = none */
	int side_cols;
	double legend_y;
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

/* 1 when the character at S may not begin a line (closing punctuation,
 * 禁则): it stays on the line before, overhanging into the box's padding. */
static int no_line_start(const char *s)
{
	static const char *const marks[] = {"，", "。", "、", "：", "；", "）", "》", "〕", "」",
					    "！", "？", ")", ",", ".", ":", ";"};

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strncmp(s, marks[i], strlen(marks[i])) == 0)
			return 1;
	return 0;
}

/* Splits S into at most LINES_MAX lines no wider than WIDTH at SIZE,
 * storing each line's start in STARTS and end in ENDS; returns the count
 * (at least 1). Latin words break at spaces where they can; CJK text
 * breaks anywhere but before closing punctuation. Text beyond the last
 * line is left out. */
static int text_wrap(const char *s, double size, double width, const char *starts[LINES_MAX],
		     const char *ends[LINES_MAX])
{
	const char *space = NULL; /* the last space of the current line */
	int n = 0;
	double w = 0, w_space = 0;

	starts[0] = s;
	for (; *s; s += utf8_len((unsigned char)*s)) {
		double cw = char_width(s, size);
		if (w + cw > width && s > starts[n] && !no_line_start(s)) {
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

/* The word after a count in UNIT. */
static const char *unit_word(int unit)
{
	static const char *const words[] = {"", "个工作日", "日", "个月"};

	return unit >= ZF_DU_WORKING && unit <= ZF_DU_MONTHS ? words[unit] : "";
}

/* The default of the setting D's length comes from, or -1 when it has none. */
static long long deadline_default(const struct chart *c, const struct zf_deadline_def *d)
{
	const json_t *v = d->setting ? json_object_get(c->defaults, d->setting) : NULL;

	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

/* "5个工作日", "90日", "3个月"; a limit each body sets within the law:
 * "本机关规定（默认90日）", into OUT. */
static void deadline_span(const struct chart *c, const struct zf_deadline_def *d, char *out,
			  size_t n)
{
	long long def = deadline_default(c, d);

	if (!d->setting)
		snprintf(out, n, "%d%s", d->count, unit_word(d->unit));
	else if (def >= 0)
		snprintf(out, n, "本机关规定（默认%lld%s）", def, unit_word(d->unit));
	else
		snprintf(out, n, "本机关规定");
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

/* What step S returns to when it is done ("完成后回到：陈述申辩"): the groups
 * (or names) of the steps its arrows back up lead into, into OUT; "" for none. */
static void back_line(const struct chart *c, size_t s, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t k = 0; k < c->narrows; k++) {
		const struct arrow *a = &c->arrows[k];
		const struct zf_step_def *t = &c->p->steps[a->to];
		const char *word = t->group ? t->group : t->name;
		int dup = 0;

		if (a->kind != A_BACK || a->from != s)
			continue;
		for (size_t j = 0; j < k && !dup; j++) {
			const struct arrow *b = &c->arrows[j];
			const struct zf_step_def *u = &c->p->steps[b->to];
			dup = b->kind == A_BACK && b->from == s &&
			      strcmp(u->group ? u->group : u->name, word) == 0;
		}
		if (dup)
			continue;
		int w = snprintf(out + len, n - len, "%s%s", len ? "、" : "完成后回到：", word);
		if (w < 0 || (size_t)w >= n - len) {
			out[len] = '\0';
			return;
		}
		len += (size_t)w;
	}
}

/* The tag lines under a step's name: drawn into B, or only counted when B is NULL. */
struct tag_ctx {
	struct zf_buf *b;
	double x, y;
	int lines;
};

static void tag_add(struct tag_ctx *t, const char *line, const char *fill)
{
	char attrs[32];

	if (!t->b) {
		t->lines += text_lines(line, TAG_SIZE, BOX_W - 12);
		return;
	}
	snprintf(attrs, sizeof(attrs), " fill=\"%s\"", fill);
	t->lines += add_text(t->b, line, t->x, t->y + t->lines * TAG_LINE, TAG_SIZE, TAG_LINE,
			     BOX_W - 12, "middle", attrs);
}

/* The tags of step S: the time limits it must meet, the legal-review gate,
 * whether a condition decides if it applies, and where it leads back to. */
static void step_tags(const struct chart *c, size_t s, struct tag_ctx *t)
{
	const struct zf_step_def *st = &c->p->steps[s];
	char line[512];

	for (size_t i = 0; i < c->p->ndeadlines; i++) {
		const struct zf_deadline_def *d = &c->p->deadlines[i];
		char span[128];

		if (!deadline_on(c, d, s))
			continue;
		deadline_span(c, d, span, sizeof(span));
		snprintf(line, sizeof(line), "%s：%s", d->label, span);
		tag_add(t, line, RED);
	}
	if (st->major_gate)
		tag_add(t, "重大案件须先经法制审核", NOTE);
	if (st->when)
		tag_add(t, "符合条件时办理", NOTE);
	back_line(c, s, line, sizeof(line));
	if (line[0])
		tag_add(t, line, GROUP_INK);
}

/* The tooltip of step S: its name, and for each time limit a body sets the
 * setting it is kept in. */
static void step_title(const struct chart *c, size_t s)
{
	struct zf_buf *b = c->out;

	zf_buf_puts(b, "<title>");
	zf_buf_add_html(b, c->p->steps[s].name);
	for (size_t i = 0; i < c->p->ndeadlines; i++) {
		const struct zf_deadline_def *d = &c->p->deadlines[i];
		char line[512];

		if (!d->setting || !deadline_on(c, d, s))
			continue;
		snprintf(line, sizeof(line), "\n%s：由本机关在法定范围内规定（办案参数“%s”）",
			 d->label, zf_case_setting_label(d->setting));
		zf_buf_add_html(b, line);
		if (deadline_default(c, d) >= 0) {
			snprintf(line, sizeof(line), "，默认%lld%s", deadline_default(c, d),
				 unit_word(d->unit));
			zf_buf_add_html(b, line);
		}
	}
	zf_buf_puts(b, "</title>");
}

/* ---- layout ---- */

/* 1 when step A lists step B in its `unless`. */
static int excludes(const struct zf_step_def *a, const struct zf_step_def *b)
{
	for (size_t k = 0; k < a->nunless; k++)
		if (strcmp(a->unless[k], b->code) == 0)
			return 1;
	return 0;
}

/* 1 when steps A and B exclude each other, so they read as alternatives
 * (立案 或 不予立案); a step that only ends once another is done (案件审核
 * before 事先告知) is none. */
static int alternatives(const struct zf_step_def *a, const struct zf_step_def *b)
{
	return excludes(a, b) && excludes(b, a);
}

static int is_pred_drawn(const struct chart *c, const char *code, size_t *idx)
{
	const struct zf_step_def *p = zf_procedure_step(c->p, code);

	if (!p || c->n[p - c->p->steps].side)
		return 0;
	*idx = (size_t)(p - c->p->steps);
	return 1;
}

/* The first step (not an anytime one) that can follow step I, or NULL;
 * *NEEDED is set when some such step requires it (`after`), not only
 * accepts it as one of several (`after_any`). */
static const struct zf_step_def *follower(const struct zf_procedure *p, size_t i, int *needed)
{
	const struct zf_step_def *first = NULL;

	*needed = 0;
	for (size_t j = 0; j < p->nsteps; j++) {
		const struct zf_step_def *s = &p->steps[j];
		for (size_t k = 0; j != i && !s->anytime && k < s->nafter + s->nafter_any; k++)
			if (strcmp(k < s->nafter ? s->after[k] : s->after_any[k - s->nafter],
				   p->steps[i].code) == 0) {
				first = first ? first : s;
				*needed |= k < s->nafter;
			}
	}
	return first;
}

/* How many places in a row step I needs: 1, or when it starts a run of
 * alternatives (负责人决定 给予处罚 / 不予处罚) the run's length, so that
 * the run is not split between rows unless it is longer than a row. */
static int alt_run(const struct chart *c, size_t i)
{
	const struct zf_procedure *p = c->p;
	int n = 1;

	for (size_t j = i; j-- > 0;)
		if (!c->n[j].side) {
			if (alternatives(&p->steps[j], &p->steps[i]))
				return 1; /* the run started before */
			break;
		}
	for (size_t j = i + 1; j < p->nsteps && n < COLS_MAX; j++) {
		int alt = 0;
		if (p->steps[j].anytime)
			continue;
		for (size_t k = i; k < j && !alt; k++)
			alt = alternatives(&p->steps[k], &p->steps[j]);
		if (!alt)
			break;
		n++;
	}
	return n;
}

/* Side steps: anytime ones, those that only follow side steps, and
 * optional ones that would hang rows below their prerequisite and that no
 * other step requires (延长办案期限 or 终止调查 after 立案): "（立案审批后）"
 * in the box says as much without a long arrow. The others keep definition
 * order, top to bottom and left to right: a step goes one row below its
 * lowest earlier predecessor but never above the step before it, so
 * alternatives and parallel steps share a row; a full row wraps, and a run
 * of alternatives is not split. Later predecessors are loops back and do
 * not count. */
static void layout_rows(struct chart *c)
{
	const struct zf_procedure *p = c->p;
	int prev = 0, inrow = 0;

	for (size_t i = 0; i < p->nsteps; i++) {
		const struct zf_step_def *s = &p->steps[i];
		size_t npred = s->nafter + s->nafter_any, nside = 0;
		int row = 0, place, needed, hangs;

		for (size_t k = 0; k < npred; k++) {
			const char *code = k < s->nafter ? s->after[k] : s->after_any[k - s->nafter];
			const struct zf_step_def *q = zf_procedure_step(p, code);
			size_t j;

			if (q && c->n[q - p->steps].side)
				nside++;
			if (is_pred_drawn(c, code, &j) && j < i && c->n[j].row + 1 > row)
				row = c->n[j].row + 1;
		}
		place = row < prev ? prev : row;
		if (place == prev && i > 0 && inrow + alt_run(c, i) > COLS_MAX)
			place++;
		hangs = s->optional && !s->terminal && npred > 0 && row > 0 && place > row;
		if (hangs) {
			follower(p, i, &needed);
			hangs = !needed;
		}
		c->n[i].side = i > 0 && (s->anytime || (npred > 0 && nside == npred) || hangs);
		c->n[i].row = -1;
		if (c->n[i].side)
			continue;
		inrow = place == prev && i > 0 ? inrow + 1 : 1;
		c->n[i].row = prev = place;
		if (place + 1 > c->nrows)
			c->nrows = place + 1;
	}
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

/* The arrows between steps drawn in the flow, each of its kind. */
static int layout_arrows(struct chart *c)
{
	const struct zf_procedure *p = c->p;
	size_t total = 0;

	for (size_t i = 0; i < p->nsteps; i++)
		total += p->steps[i].nafter + p->steps[i].nafter_any;
	if (!(c->arrows = calloc(total ? total : 1, sizeof(*c->arrows))) ||
	    !(c->bundles = calloc(total ? total : 1, sizeof(*c->bundles))) ||
	    !(c->seen = calloc(p->nsteps, 1)) || !(c->stack = calloc(p->nsteps, sizeof(size_t))))
		return ZF_ENOMEM;
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
			a->kind = c->n[j].row >= c->n[i].row	 ? A_BACK
				  : c->n[j].row + 1 == c->n[i].row ? A_NEXT
								   : A_LONG;
			c->narrows++;
		}
	}
	return 0;
}

/* 1 when bundles U and V on one side would overlap in lane LANE. */
static int lane_taken(const struct bundle *u, const struct bundle *v, int lane)
{
	return v->lane == lane && v->right == u->right && u->start < v->end && v->start < u->end;
}

/* Bundles the long arrows (see struct bundle), puts each bundle's lane on
 * the side its ends lean to, and shares lanes between bundles that do not
 * overlap in height, shorter ones inside. Needs the boxes' X relative to
 * the flow area. */
static void layout_bundles(struct chart *c)
{
	double mid = c->flow_w / 2;

	for (size_t k = 0; k < c->narrows; k++) {
		struct arrow *a = &c->arrows[k];
		size_t key = a->any ? a->to : a->from, b;

		if (a->kind != A_LONG)
			continue;
		for (b = 0; b < c->nbundles; b++)
			if (c->bundles[b].key == key && c->bundles[b].any == a->any)
				break;
		if (b == c->nbundles) {
			c->bundles[b] = (struct bundle){key, a->any, c->n[a->from].row,
							c->n[a->to].row, 0, -1};
			c->nbundles++;
		}
		if (c->n[a->from].row < c->bundles[b].start)
			c->bundles[b].start = c->n[a->from].row;
		if (c->n[a->to].row > c->bundles[b].end)
			c->bundles[b].end = c->n[a->to].row;
		a->bundle = b;
	}
	for (size_t b = 0; b < c->nbundles; b++) {
		struct bundle *u = &c->bundles[b];
		double sum = c->n[u->key].x + BOX_W / 2.0, cnt = 1;
		for (size_t k = 0; k < c->narrows; k++) {
			const struct arrow *a = &c->arrows[k];
			if (a->kind == A_LONG && a->bundle == b) {
				sum += c->n[a->any ? a->from : a->to].x + BOX_W / 2.0;
				cnt++;
			}
		}
		u->right = sum / cnt > mid + 1;
	}
	/* shortest first, each in the innermost lane free over its height */
	for (size_t placed = 0; placed < c->nbundles; placed++) {
		struct bundle *u = NULL;
		for (size_t b = 0; b < c->nbundles; b++) {
			struct bundle *v = &c->bundles[b];
			if (v->lane < 0 && (!u || v->end - v->start < u->end - u->start))
				u = v;
		}
		for (int lane = 0; u->lane < 0; lane++) {
			int busy = 0;
			for (size_t o = 0; o < c->nbundles && !busy; o++)
				busy = &c->bundles[o] != u && lane_taken(u, &c->bundles[o], lane);
			if (!busy)
				u->lane = lane;
		}
		if (u->lane + 1 > c->nlanes[u->right])
			c->nlanes[u->right] = u->lane + 1;
	}
}

/* The one step the arrows out of step I all lead into straight in the next
 * row, with *ANY their style; or -1 (none, several, or a long one). */
static long single_next(const struct chart *c, size_t i, int *any)
{
	long to = -1;

	for (size_t k = 0; k < c->narrows; k++) {
		const struct arrow *a = &c->arrows[k];
		if (a->from != i || a->kind == A_BACK)
			continue;
		if (a->kind != A_NEXT || (to >= 0 && (size_t)to != a->to))
			return -1;
		to = (long)a->to;
		*any = a->any;
	}
	return to;
}

/* 1 when another step than I in I's row also leads only into step T in
 * style ANY, so that their arrows can meet on one track. */
static int shares_target(const struct chart *c, size_t i, long t, int any)
{
	for (size_t j = 0; j < c->p->nsteps; j++) {
		int other_any = -1;
		if (j != i && !c->n[j].side && c->n[j].row == c->n[i].row &&
		    single_next(c, j, &other_any) == t && other_any == any)
			return 1;
	}
	return 0;
}

/* The horizontal runs in each gap: first the buses of the steps above with
 * arrows leaving them (steps that all lead only into one step share one:
 * any of 解除 / 处理 leads to 结案), then one run per bundle entering the
 * row below (joining such a shared run when it enters the same step). */
static void layout_tracks(struct chart *c)
{
	const struct zf_procedure *p = c->p;

	for (size_t i = 0; i < p->nsteps; i++)
		c->n[i].merge = -1;
	for (int r = 0; r < c->nrows; r++)
		for (int col = 0; col < c->rowcount[r]; col++)
			for (size_t i = 0; i < p->nsteps; i++) {
				int out = 0, any = 0;
				long t;
				if (c->n[i].side || c->n[i].row != r || c->n[i].col != col)
					continue;
				for (size_t k = 0; k < c->narrows && !out; k++)
					out = c->arrows[k].from == i && c->arrows[k].kind != A_BACK;
				t = out ? single_next(c, i, &any) : -1;
				if (t >= 0 && any && shares_target(c, i, t, any)) {
					if (c->n[t].merge < 0)
						c->n[t].merge = c->tracks[r]++;
					c->n[i].bus = c->n[t].merge;
				} else {
					c->n[i].bus = out ? c->tracks[r]++ : -1;
				}
			}
	for (size_t k = 0; k < c->narrows; k++) {
		struct arrow *a = &c->arrows[k];
		int r = c->n[a->to].row;

		if (a->kind != A_LONG)
			continue;
		a->track = a->any ? c->n[a->to].merge : -1;
		for (size_t j = 0; j < k && a->track < 0; j++)
			if (c->arrows[j].kind == A_LONG && c->arrows[j].bundle == a->bundle &&
			    c->n[c->arrows[j].to].row == r)
				a->track = c->arrows[j].track;
		if (a->track < 0)
			a->track = c->tracks[r - 1]++;
	}
}

static void layout_side(struct chart *c);

static int layout(struct chart *c)
{
	const struct zf_procedure *p = c->p;
	int maxcols = 1;
	double y;

	layout_rows(c);
	if (!(c->rowcount = calloc((size_t)c->nrows, sizeof(int))) ||
	    !(c->tracks = calloc((size_t)c->nrows, sizeof(int))) ||
	    !(c->rowy = calloc((size_t)c->nrows, sizeof(double))) ||
	    !(c->rowh = calloc((size_t)c->nrows, sizeof(double))) ||
	    !(c->gaph = calloc((size_t)c->nrows, sizeof(double))))
		return ZF_ENOMEM;
	if (layout_arrows(c))
		return ZF_ENOMEM;
	for (size_t i = 0; i < p->nsteps; i++) {
		struct node *n = &c->n[i];
		struct tag_ctx count = {0};

		if (n->side)
			continue;
		n->col = c->rowcount[n->row]++;
		if (c->rowcount[n->row] > maxcols)
			maxcols = c->rowcount[n->row];
		step_tags(c, i, &count);
		n->h = 2 * BOX_PAD + text_lines(p->steps[i].name, NAME_SIZE, BOX_W - 16) * NAME_LINE +
		       count.lines * TAG_LINE;
		if (n->h > c->rowh[n->row])
			c->rowh[n->row] = n->h;
	}
	/* boxes centred row by row, first relative to the flow area, whose
	 * place depends on how many lanes run on its left */
	c->flow_w = maxcols * BOX_W + (maxcols - 1) * COL_GAP;
	for (size_t i = 0; i < p->nsteps; i++) {
		struct node *n = &c->n[i];
		int cnt;
		if (n->side)
			continue;
		cnt = c->rowcount[n->row];
		n->x = (c->flow_w - (cnt * BOX_W + (cnt - 1) * COL_GAP)) / 2 +
		       n->col * (BOX_W + COL_GAP);
	}
	layout_bundles(c);
	layout_tracks(c);
	y = c->top;
	for (int r = 0; r < c->nrows; r++) {
		c->rowy[r] = y;
		c->gaph[r] = 18 + (c->tracks[r] + 1) * TRACK;
		if (c->gaph[r] < ROW_GAP)
			c->gaph[r] = ROW_GAP;
		y += c->rowh[r] + c->gaph[r];
	}
	c->flow_x = MARGIN + GROUP_W + (c->nlanes[0] ? LANE_PAD + (c->nlanes[0] - 1) * LANE + 4 : 0);
	for (size_t i = 0; i < p->nsteps; i++) {
		c->n[i].x += c->flow_x;
		c->n[i].y = c->n[i].side ? 0 : c->rowy[c->n[i].row];
	}
	c->width = c->flow_x + c->flow_w +
		   (c->nlanes[1] ? LANE_PAD + (c->nlanes[1] - 1) * LANE + 4 : 0) + MARGIN;
	if (c->width < WIDTH_MIN)
		c->width = WIDTH_MIN;
	/* below the flow: the steps available at any time, then the legend */
	c->side_y = y - c->gaph[c->nrows - 1] + 28;
	layout_side(c);
	c->legend_y = c->side_y + (c->side_h > 0 ? c->side_h + 20 : 0);
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
		     " font-weight=\"bold\" fill=\"" INK "\"");
	add_text(b, c->p->basis, c->width / 2, MARGIN + TITLE_SIZE + n * 26 + 4, 12, 16, w,
		 "middle", " fill=\"" MUTED "\"");
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
			      "fill=\"" GROUP_FILL "\"/>\n", MARGIN, c->n[i].y + 2, GROUP_W - 12);
		add_text(c->out, g, MARGIN + (GROUP_W - 12) / 2.0, c->n[i].y + 17, 12, 15,
			 GROUP_W - 16, "middle", " fill=\"" GROUP_INK "\"");
	}
}

/* The Y of track T in the gap below row R. */
static double track_y(const struct chart *c, int r, int t)
{
	double top = c->rowy[r] + c->rowh[r] + 6;

	return top + (t + 1) * (c->gaph[r] - 18) / (c->tracks[r] + 1);
}

/* Writes the path through the N points of XY (alternately horizontal and
 * vertical runs) as an arrow into the last point; a dashed arrow that meets
 * others at its target (REVERSE) is written from its target, so that the
 * dashes of the runs they share coincide. */
static void add_path(struct chart *c, const double *xy, int n, int dashed, int reverse)
{
	zf_buf_puts(c->out, "<path d=\"");
	for (int k = 0; k < n; k++) {
		int i = reverse ? n - 1 - k : k, prev = reverse ? i + 1 : i - 1;
		if (k == 0)
			zf_buf_printf(c->out, "M%.1f %.1f", xy[2 * i], xy[2 * i + 1]);
		else if (xy[2 * i] == xy[2 * prev] && xy[2 * i + 1] == xy[2 * prev + 1])
			continue; /* no run */
		else if (xy[2 * i] == xy[2 * prev])
			zf_buf_printf(c->out, "V%.1f", xy[2 * i + 1]);
		else
			zf_buf_printf(c->out, "H%.1f", xy[2 * i]);
	}
	zf_buf_printf(c->out, "\"%s %s=\"url(#arrow)\"/>\n",
		      dashed ? " stroke-dasharray=\"6 4\"" : "",
		      reverse ? "marker-start" : "marker-end");
}

static void draw_arrow(struct chart *c, const struct arrow *a)
{
	const struct node *f = &c->n[a->from], *t = &c->n[a->to];
	double fx = f->x + BOX_W / 2.0, fy = f->y + f->h, tx = t->x + BOX_W / 2.0, ty = t->y - 2;
	double by = track_y(c, f->row, f->bus);

	if (a->kind == A_NEXT) {
		double xy[] = {fx, fy, fx, by, tx, by, tx, ty};
		add_path(c, xy, 4, a->any, a->any && t->merge >= 0 && t->merge == f->bus);
		return;
	}
	/* along the bundle's lane beside the boxes, in above the target */
	const struct bundle *u = &c->bundles[a->bundle];
	double lx = u->right ? c->flow_x + c->flow_w + LANE_PAD + u->lane * LANE
			     : c->flow_x - LANE_PAD - u->lane * LANE;
	double ey = track_y(c, t->row - 1, a->track);
	double xy[] = {fx, fy, fx, by, lx, by, lx, ey, tx, ey, tx, ty};
	add_path(c, xy, 6, a->any, a->any);
}

static void draw_arrows(struct chart *c)
{
	zf_buf_puts(c->out, "<g fill=\"none\" stroke=\"" EDGE "\" stroke-width=\"1.4\">\n");
	for (size_t k = 0; k < c->narrows; k++)
		if (c->arrows[k].kind != A_BACK)
			draw_arrow(c, &c->arrows[k]);
	zf_buf_puts(c->out, "</g>\n");
}

static void draw_boxes(struct chart *c)
{
	const struct zf_procedure *p = c->p;

	for (size_t i = 0; i < p->nsteps; i++) {
		const struct zf_step_def *s = &p->steps[i];
		const struct node *n = &c->n[i];
		int kind = s->terminal ? BOX_LAST : i == 0 ? BOX_FIRST : BOX_STEP;
		int lines;
		struct tag_ctx tags = {c->out, n->x + BOX_W / 2.0, 0, 0};

		if (n->side)
			continue;
		zf_buf_printf(c->out, "<g id=\"step-");
		zf_buf_add_html(c->out, s->code);
		zf_buf_puts(c->out, "\">");
		step_title(c, i);
		zf_buf_printf(c->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" rx=\"10\""
			      "%s%s/>\n", n->x, n->y, BOX_W, n->h, box_attrs(kind),
			      s->optional ? " stroke-dasharray=\"5 4\"" : "");
		lines = add_text(c->out, s->name, n->x + BOX_W / 2.0, n->y + BOX_PAD + NAME_SIZE,
				 NAME_SIZE, NAME_LINE, BOX_W - 16, "middle",
				 kind != BOX_STEP ? " font-weight=\"bold\" fill=\"" INK "\""
						  : " fill=\"" INK "\"");
		tags.y = n->y + BOX_PAD + lines * NAME_LINE + TAG_SIZE;
		step_tags(c, i, &tags);
		zf_buf_puts(c->out, "</g>\n");
		/* "或" between neighbouring alternatives */
		for (size_t j = 0; j < i; j++)
			if (!c->n[j].side && c->n[j].row == n->row && c->n[j].col + 1 == n->col &&
			    alternatives(&p->steps[j], s))
				zf_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" "
					      "text-anchor=\"middle\" fill=\"" RED "\">或</text>\n",
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
		int needed;
		const struct zf_step_def *next = follower(c->p, i, &needed);
		if (next && !c->n[next - c->p->steps].side)
			snprintf(out, n, "· %s（%s后；之后%s）", s->name, q ? q->name : "",
				 next->name);
		else
			snprintf(out, n, "· %s（%s后）", s->name, q ? q->name : "");
	} else {
		snprintf(out, n, "· %s", s->name);
	}
}

/* How many side steps there are. */
static int side_count(const struct chart *c)
{
	int k = 0;

	for (size_t i = 0; i < c->p->nsteps; i++)
		k += c->n[i].side;
	return k;
}

/* Lays out or, when DRAW, draws the lines of the "随时可办理" box: in
 * definition order down as many columns as fit; returns the height of the
 * tallest column. */
static double side_lines(struct chart *c, int draw)
{
	double w = c->width - 2 * MARGIN - 24, colw = w / c->side_cols, y = 0, tallest = 0;
	int per = (side_count(c) + c->side_cols - 1) / c->side_cols, k = 0;

	for (size_t i = 0; i < c->p->nsteps; i++) {
		char line[256];
		double x = MARGIN + 12 + (k / per) * colw;
		if (!c->n[i].side)
			continue;
		if (k++ % per == 0)
			y = 0;
		side_line(c, i, line, sizeof(line));
		y += SIDE_LINE * (draw ? add_text(c->out, line, x, c->side_y + 52 + y, 13, SIDE_LINE,
						  colw - 12, "start", " fill=\"" INK "\"")
				       : text_lines(line, 13, colw - 12));
		if (y > tallest)
			tallest = y;
	}
	return tallest;
}

/* The "随时可办理" box below the flow, as wide as the chart: SIDE_COLS and
 * SIDE_H (0 = no side steps). */
static void layout_side(struct chart *c)
{
	int cols = (int)((c->width - 2 * MARGIN - 24) / SIDE_COL), k = side_count(c);

	c->side_cols = cols < 1 ? 1 : cols > k && k > 0 ? k : cols;
	c->side_h = k > 0 ? side_lines(c, 0) + 46 : 0;
}

static void draw_side(struct chart *c)
{
	if (c->side_h <= 0)
		return;
	zf_buf_printf(c->out, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"10\""
		      "%s/>\n", MARGIN, c->side_y, c->width - 2 * MARGIN, c->side_h,
		      box_attrs(BOX_SIDE));
	zf_buf_printf(c->out, "<text x=\"%d\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\" "
		      "fill=\"" GROUP_INK "\">随时可办理</text>\n", MARGIN + 12, c->side_y + 24);
	side_lines(c, 1);
}

/* A legend item WIDTH wide at *X on line *Y: moves to a new line first when
 * it does not fit; returns its X. */
static double legend_place(const struct chart *c, double *x, double *y, double width)
{
	double at;

	if (*x > MARGIN && *x + width > c->width - MARGIN) {
		*x = MARGIN;
		*y += LEGEND_LINE;
	}
	at = *x;
	*x += width + 20;
	return at;
}

/* The legend from LEGEND_Y: draws it when DRAW, and returns its height. */
static double legend(struct chart *c, int draw)
{
	static const struct {
		int box;          /* a box kind, or -1: an arrow */
		const char *dash; /* box outline or arrow */
		const char *text;
		const char *fill;
	} items[] = {
		{BOX_FIRST, "", "开始步骤", MUTED},
		{BOX_STEP, " stroke-dasharray=\"5 4\"", "可选步骤", MUTED},
		{BOX_LAST, "", "结束步骤", MUTED},
		{-1, "", "完成后进入下一步", MUTED},
		{-1, " stroke-dasharray=\"6 4\"", "前置步骤任一完成即可", MUTED},
		{-2, "", "或：二者择一", RED},
		{-2, "", "红字：时限；本机关规定的时限括号内为默认值", RED},
	};
	double x = MARGIN, y = c->legend_y;

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		double sample = items[i].box >= 0 ? 34 : items[i].box == -1 ? 38 : 0;
		double at = legend_place(c, &x, &y, sample + text_width(items[i].text, 12));
		if (!draw)
			continue;
		if (items[i].box >= 0)
			zf_buf_printf(c->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"16\" "
				      "rx=\"4\"%s%s/>\n", at, y, box_attrs(items[i].box),
				      items[i].dash);
		else if (items[i].box == -1)
			zf_buf_printf(c->out, "<path d=\"M%.1f %.1fH%.1f\" fill=\"none\" stroke=\"" EDGE
				      "\" stroke-width=\"1.4\"%s marker-end=\"url(#arrow)\"/>\n",
				      at, y + 8, at + 30, items[i].dash);
		zf_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"%s\">",
			      at + sample, y + 12, items[i].fill);
		zf_buf_add_html(c->out, items[i].text);
		zf_buf_puts(c->out, "</text>\n");
	}
	return y + LEGEND_LINE - c->legend_y;
}

int zf_procedure_svg(const struct zf_procedure *p, struct zf_buf *out, struct zf_err *err)
{
	struct chart c = {.p = p, .out = out};
	int rc = ZF_ENOMEM;

	if (!p || p->nsteps == 0)
		return zf_err_set(err, ZF_EINVAL, "没有可绘制的程序定义");
	if (!(c.n = calloc(p->nsteps, sizeof(*c.n))) || !(c.defaults = zf_case_settings_defaults()))
		goto out;
	/* the title and basis are wrapped to the narrowest chart */
	c.top = MARGIN + text_lines(p->name, TITLE_SIZE, WIDTH_MIN - 2 * MARGIN) * 26 +
		text_lines(p->basis, 12, WIDTH_MIN - 2 * MARGIN) * 16 + 30;
	if ((rc = layout(&c)))
		goto out;
	c.height = c.legend_y + legend(&c, 0) + MARGIN;
	zf_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	zf_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		      "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"title\" "
		      "font-family=\"" FONT "\">\n", c.width, c.height, c.width, c.height);
	zf_buf_puts(out, "<title id=\"title\">");
	zf_buf_add_html(out, p->name);
	zf_buf_puts(out, "流程图</title>\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" "
		    "refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">"
		    "<path d=\"M0 0L10 5L0 10z\" fill=\"" EDGE "\"/></marker></defs>\n");
	draw_header(&c);
	draw_groups(&c);
	draw_arrows(&c);
	draw_boxes(&c);
	draw_side(&c);
	legend(&c, 1);
	zf_buf_puts(out, "</svg>\n");
	rc = out->failed ? ZF_ENOMEM : 0;
out:
	if (rc == ZF_ENOMEM)
		zf_err_set(err, ZF_ENOMEM, "内存不足，无法绘制流程图");
	json_decref(c.defaults);
	free(c.n);
	free(c.rowcount);
	free(c.tracks);
	free(c.rowy);
	free(c.rowh);
	free(c.gaph);
	free(c.arrows);
	free(c.bundles);
	free(c.seen);
	free(c.stack);
	return rc;
}
