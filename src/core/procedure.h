/* Procedure definitions: versioned data files that declare every step of a procedure, loaded and validated at start, and the conditions over case facts they use. */
#ifndef ZF_CORE_PROCEDURE_H
#define ZF_CORE_PROCEDURE_H
#include <jansson.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* The format is described in docs/procedures.md ("zhifa-procedure/v1").
 * A loaded definition is immutable and shared by every thread. */

enum zf_field_type {
	ZF_FT_TEXT = 1, ZF_FT_TEXTAREA, ZF_FT_DATE, ZF_FT_DATETIME, ZF_FT_MONEY, ZF_FT_INT,
	ZF_FT_BOOL, ZF_FT_ENUM, ZF_FT_ENUMS, ZF_FT_OFFICERS, ZF_FT_OFFICER, ZF_FT_SIGNATURE,
	ZF_FT_PARTY,
};

enum zf_av_rule_kind { ZF_AV_NONE = 0, ZF_AV_AV, ZF_AV_AV_OR_PHOTO, ZF_AV_WHOLE };

enum zf_deadline_unit { ZF_DU_WORKING = 1, ZF_DU_CALENDAR, ZF_DU_MONTHS };

enum zf_deadline_kind { ZF_DK_DUE = 1, ZF_DK_WAIT };

struct zf_option {
	const char *value; /* stored word */
	const char *label; /* Chinese */
};

struct zf_field_def {
	const char *name;       /* [a-z0-9_]{1,32} */
	const char *label;
	const char *help;       /* may be NULL */
	int type;               /* enum zf_field_type */
	int required;
	int max;                /* max length in characters (text), max items (enums) */
	const struct zf_option *options;
	size_t noptions;
	const char *fact;       /* case fact it sets, or NULL */
	const json_t *when;     /* condition (borrowed from the definition), or NULL */
};

struct zf_step_def {
	const char *code;
	const char *name;
	const char *group;      /* may be NULL */
	unsigned roles;         /* bit (1 << enum zf_role) per allowed role */
	int handler;            /* the actor must be an officer assigned to the case */
	const char **after;  size_t nafter;
	const char **after_any; size_t nafter_any;
	const char **unless; size_t nunless;
	const json_t *when;     /* condition or NULL */
	int repeat, optional, terminal, anytime;
	const char *effect;     /* "" or one of the effect words */
	const struct zf_field_def *fields; size_t nfields;
	const char **guards; size_t nguards;
	const char **documents; size_t ndocuments;
	int av;                 /* enum zf_av_rule_kind */
	int major_gate;
};

struct zf_deadline_def {
	const char *code;
	const char *label;
	const char *from_step;
	const char *from_field; /* a date or datetime field of FROM_STEP; NULL = the step's completion date */
	int unit;               /* enum zf_deadline_unit */
	int count;              /* when SETTING is NULL */
	const char *setting;    /* settings key holding the count, or NULL */
	const char **until; size_t nuntil;
	int kind;               /* enum zf_deadline_kind */
	int pausable;
};

struct zf_fact_def {
	const char *name;
	int type;               /* enum zf_field_type (MONEY, BOOL, ENUM, TEXT, INT, DATE) */
};

struct zf_procedure {
	const char *code;
	int version;
	const char *name;
	const char *kind;       /* "penalty", "compulsory", "inspection"; "review" for a chart */
	const char *basis;
	const struct zf_fact_def *facts; size_t nfacts;
	const struct zf_step_def *steps; size_t nsteps;   /* steps[0] opens a case */
	const struct zf_deadline_def *deadlines; size_t ndeadlines;
	const char *sha256;     /* hex digest of the file's bytes: what a case records with the version */
};

/* Every procedure shipped with zhifa. */
struct zf_procedures;

/* The words a definition may use that other modules own: app/ passes
 * zf_guard_known, zf_doc_known and zf_case_setting_known
 * (core/case_rules.h); tests may pass their own. */
struct zf_proc_vocab {
	int (*guard_known)(const char *name);
	int (*doc_known)(const char *code);
	int (*setting_known)(const char *key);
};

/* Loads and validates every embedded definition (src/core/procedures/<code>.json):
 * format, unique codes, known roles, types, effects, guards, document types
 * and settings keys (per VOCAB), every step and fact referenced exists, every
 * condition well formed, no step unreachable from the first, deadlines'
 * from fields are dates. ZF_EINVAL with a message naming the file, step and
 * field on the first problem. Free with zf_procedures_free. */
int zf_procedures_load(struct zf_procedures **out, const struct zf_proc_vocab *vocab,
		       struct zf_err *err);

/* Loads the embedded definitions of src/core/charts/<code>.json, validated
 * as above: procedures that are published as flowcharts but never opened as
 * cases (the 重大执法决定法制审核流程图, kind "review"). The case engine
 * never sees them. Free with zf_procedures_free. */
int zf_procedures_load_charts(struct zf_procedures **out, const struct zf_proc_vocab *vocab,
			      struct zf_err *err);

/* Loads one definition from JSON text (tests, and the loader above). NAME
 * names it in messages. The result is added to SET. */
int zf_procedures_add(struct zf_procedures *set, const struct zf_proc_vocab *vocab,
		      const char *name, const char *json, size_t len, struct zf_err *err);

/* An empty set (for zf_procedures_add). */
int zf_procedures_new(struct zf_procedures **out, struct zf_err *err);
void zf_procedures_free(struct zf_procedures *set);

/* The procedure CODE, or NULL. */
const struct zf_procedure *zf_procedure_find(const struct zf_procedures *set, const char *code);

/* The procedures of SET in a stable order (as listed above), N in *N. */
const struct zf_procedure *const *zf_procedures_all(const struct zf_procedures *set, size_t *n);

/* The step CODE of P, or NULL. */
const struct zf_step_def *zf_procedure_step(const struct zf_procedure *p, const char *code);

/* The deadline CODE of P, or NULL. */
const struct zf_deadline_def *zf_procedure_deadline(const struct zf_procedure *p,
						    const char *code);

/* Evaluates condition COND (NULL = true) over FACTS (a JSON object): 1, 0.
 * A missing fact compares false except under "not" and "set": false. */
int zf_cond_eval(const json_t *cond, const json_t *facts);

/* The definition as JSON (for GET /api/v1/procedures/<code>): the file as
 * loaded. Borrowed. */
const json_t *zf_procedure_json(const struct zf_procedure *p);

/* Draws P as a flowchart (行政执法流程图) in SVG into OUT: one box per step
 * in definition order, arrows from after/after_any, optional steps dashed,
 * the statutory time limits written beside the steps they bind (a limit a
 * body sets as "本机关规定（默认…）"), text in Chinese, escaped;
 * self-contained (no external fonts or scripts) and styled by presentation
 * attributes only (no style sheet, no style attribute), so that it renders
 * under a Content-Security-Policy without 'unsafe-inline'. The same P
 * always draws the same bytes. */
int zf_procedure_svg(const struct zf_procedure *p, struct zf_buf *out, struct zf_err *err);

#endif
