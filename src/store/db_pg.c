/* PostgreSQL driver behind db.h (libpq): '?' markers as $n, statements prepared once per session, one write lock per database, reconnection after a server restart. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/db.h"
#include "store/db_driver.h"
#include "util/log.h"

#define BUCKETS 128

/* PostgreSQL's own limit on the parameters of one statement. */
#define PARAMS_MAX 65535

/* The type OID of boolean (pg_type.h is a server header). */
#define PG_BOOLOID 16

/* The text of an int64 with its sign and NUL fits. */
#define NUM_LEN 24

#define MSG_NOMEM "内存不足"
#define MSG_DOWN "数据库无法连接"
#define MSG_BUSY "数据库繁忙，请稍后重试"

/*
 * Isolation. SQLite runs one write transaction at a time (BEGIN IMMEDIATE) and
 * the use cases rely on it: inside zf_db_begin(db, 1) they read, check, then
 * write (the body an officer joins, the account being changed, later the
 * next document number). Here every write transaction takes, before its first
 * statement, one transaction-scoped advisory lock that is the same for every
 * zhifa process on the database, and runs in READ COMMITTED: writers are
 * serialised across all servers, each sees everything committed before it got
 * the lock, nothing has to be retried and the repository SQL stays the same
 * for both drivers. The alternatives were worse: SERIALIZABLE fails
 * concurrent writers with 40001, so every use case would need a retry loop;
 * row locks (SELECT ... FOR UPDATE) are not SQL that SQLite accepts. Readers
 * and single statements outside a transaction never wait for the lock; they
 * are safe on their own (UPDATE ... WHERE version = ? RETURNING, INSERT ...
 * ON CONFLICT, unique keys). The lock goes with COMMIT, ROLLBACK or a dead
 * connection; waiting longer than lock_timeout (5 s, SQLite's busy timeout)
 * fails with ZF_EUNAVAIL. Writes are as serial as on SQLite, and writes in
 * this system come at the pace of people. Read transactions (WRITE=0) are
 * REPEATABLE READ: one snapshot, like a SQLite read transaction.
 */
#define BEGIN_WRITE \
	"BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(7795849213340516)"
#define BEGIN_READ "BEGIN ISOLATION LEVEL REPEATABLE READ"

/* Session settings, applied again after every reconnection: UTF-8 text, UTC,
 * explicit isolation whatever the server's default, lock waits bounded like
 * SQLite's busy timeout, and no transaction left idle holding the write lock
 * for ever by a stuck process. Notices (e.g. "already exists, skipping") are
 * not wanted on stderr. */
#define SESSION_SQL                                                                    \
	"SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; "                          \
	"SET default_transaction_isolation = 'read committed'; "                      \
	"SET standard_conforming_strings = on; SET lock_timeout = '5s'; "             \
	"SET idle_in_transaction_session_timeout = '60s'; "                            \
	"SET client_min_messages = warning"

struct pg_stmt {
	struct zf_stmt base;
	struct pg_stmt *next;  /* in the cache bucket */
	struct pg_db *db;
	char *sql;             /* the text as given: the cache key */
	char *pgsql;           /* the text with $1..$n */
	char name[24];         /* the server-side name, unique per connection */
	unsigned gen;          /* the session it was prepared in; 0: none yet */
	int nparams;
	char **owned;          /* per parameter: a copy of bound text, or NULL */
	const char **vals;     /* per parameter: owned[i], num[i] or NULL (SQL NULL) */
	char (*num)[NUM_LEN];  /* per parameter: a bound integer as text */
	PGresult *res;         /* the whole result, stepped through row by row */
	int nrows, row;        /* row: the current one, -1 before the first */
	int ran;               /* executed since the last zf_stmt_done */
	int failed;            /* the error code of that execution, or 0 */
};

struct pg_db {
	struct zf_db base;
	PGconn *c;
	unsigned gen;    /* sessions so far: statements prepared in older ones are gone */
	unsigned names;  /* statement names handed out */
	int broken;      /* the session is lost: reconnect before the next statement */
	int tx;          /* zf_db_begin opened a transaction not yet ended */
	struct pg_stmt *cache[BUCKETS];
};

#define DB(d) ((struct pg_db *)(d))
#define ST(s) ((struct pg_stmt *)(s))

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % BUCKETS;
}

/* ---- errors ---- */

/* Copies libpq's message MSG (may be NULL) into OUT of SIZE bytes as one
 * line: newlines become "; ", the trailing one goes. */
static void one_line(const char *msg, char *out, size_t size)
{
	size_t o = 0;

	for (const char *p = msg ? msg : ""; *p && o + 3 < size; p++) {
		if (*p != '\n') {
			out[o++] = *p;
		} else if (p[1]) {
			out[o++] = ';';
			out[o++] = ' ';
		}
	}
	out[o] = '\0';
}

/* 1 when SQLSTATE STATE (may be NULL) starts with PREFIX. */
static int state_is(const char *state, const char *prefix)
{
	return state && strncmp(state, prefix, strlen(prefix)) == 0;
}

/* Maps the failed result RES (may be NULL) on DB to an error code with a
 * message in ERR. A lost connection marks DB broken, so that the next
 * statement reconnects. */
static int pg_error(struct pg_db *db, const PGresult *res, struct zf_err *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char msg[200];

	one_line(primary ? primary : PQerrorMessage(db->c), msg, sizeof(msg));
	/* 08: connection exception; 57P: the server shut down or went away. */
	if (PQstatus(db->c) != CONNECTION_OK || state_is(state, "08") || state_is(state, "57P")) {
		/* The operator gets libpq's words; the user only that it failed. */
		if (!db->broken)
			zf_log(ZF_LOG_WARN, "PostgreSQL connection lost: %s", msg);
		db->broken = 1;
		return zf_err_set(err, ZF_EUNAVAIL, MSG_DOWN);
	}
	if (!res)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	/* unique_violation, foreign_key_violation */
	if (state_is(state, "23505") || state_is(state, "23503"))
		return zf_err_set(err, ZF_ECONFLICT, "%s", msg);
	if (state_is(state, "23"))
		return zf_err_set(err, ZF_ERROR, "数据库约束错误: %s", msg);
	/* serialization_failure, deadlock_detected, lock_not_available, query_canceled */
	if (state_is(state, "40001") || state_is(state, "40P01") || state_is(state, "55P03") ||
	    state_is(state, "57014"))
		return zf_err_set(err, ZF_EUNAVAIL, MSG_BUSY);
	/* insufficient resources: too many connections, disk full, out of memory */
	if (state_is(state, "53"))
		return zf_err_set(err, ZF_EUNAVAIL, "数据库资源不足，请稍后重试: %s", msg);
	return zf_err_set(err, ZF_ERROR, "数据库错误: %s", msg);
}

/* Notices arrive here instead of stderr. A FATAL one received while idle is
 * the server saying why it is about to close the connection. */
static void pg_notice(void *arg, const PGresult *res)
{
	struct pg_db *db = arg;
	const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

	if (!sev)
		return;
	if (strcmp(sev, "FATAL") == 0 || strcmp(sev, "PANIC") == 0) {
		zf_log(ZF_LOG_WARN, "PostgreSQL closed the connection: %s", msg ? msg : "");
		db->broken = 1;
	} else if (strcmp(sev, "WARNING") == 0) {
		zf_log(ZF_LOG_WARN, "PostgreSQL: %s", msg ? msg : "");
	}
}

/* ---- the session ---- */

/* Runs SQL (no parameters) on DB's connection as it is; 0 or an error. */
static int run_plain(struct pg_db *db, const char *sql, struct zf_err *err)
{
	PGresult *res = PQexec(db->c, sql);
	ExecStatusType es = PQresultStatus(res);
	int rc = es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK || es == PGRES_EMPTY_QUERY
			 ? 0
			 : pg_error(db, res, err);

	PQclear(res);
	return rc;
}

/* Checks the freshly opened session of DB and applies SESSION_SQL. */
static int session_start(struct pg_db *db, struct zf_err *err)
{
	const char *enc;
	char msg[200];

	if (PQstatus(db->c) != CONNECTION_OK) {
		/* libpq's words name hosts and ports: for the log, not for pages. */
		one_line(PQerrorMessage(db->c), msg, sizeof(msg));
		zf_log(ZF_LOG_ERROR, "PostgreSQL: %s", msg);
		return zf_err_set(err, ZF_EUNAVAIL, MSG_DOWN);
	}
	/* Identity columns need PostgreSQL 10. */
	if (PQserverVersion(db->c) < 100000)
		return zf_err_set(err, ZF_ERROR, "PostgreSQL 版本过低（需要 10 或更高版本）");
	enc = PQparameterStatus(db->c, "server_encoding");
	if (!enc || strcmp(enc, "UTF8") != 0)
		return zf_err_set(err, ZF_ERROR,
				  "数据库编码为 %s，zhifa 只能使用 UTF8 编码的数据库"
				  "（请用 CREATE DATABASE ... ENCODING 'UTF8' 重新创建）",
				  enc ? enc : "未知");
	return run_plain(db, SESSION_SQL, err);
}

/* Makes DB's session usable for the next statement. A connection the server
 * closed (restart, terminated backend) is reset, unless a transaction was
 * open on it: that transaction is gone, so every statement fails with
 * ZF_EUNAVAIL until the caller rolls back. */
static int pg_ready(struct pg_db *db, struct zf_err *err)
{
	/* Between transactions, read what the server sent meanwhile without
	 * waiting: a close (or the FATAL notice before it, which PQisBusy
	 * parses) marks the session lost now, rather than failing the
	 * statement about to be sent. */
	if (!db->broken && PQstatus(db->c) == CONNECTION_OK &&
	    PQtransactionStatus(db->c) == PQTRANS_IDLE) {
		if (!PQconsumeInput(db->c))
			db->broken = 1;
		else
			(void)PQisBusy(db->c);
	}
	if (!db->broken && PQstatus(db->c) == CONNECTION_OK)
		return 0;
	db->broken = 1;
	if (db->tx)
		return zf_err_set(err, ZF_EUNAVAIL, MSG_DOWN "，事务已中断");
	PQreset(db->c);
	/* Statements prepared in the old session are gone with it. */
	db->gen++;
	if (session_start(db, err))
		return ZF_EUNAVAIL;
	db->broken = 0;
	zf_log(ZF_LOG_INFO, "PostgreSQL connection re-established");
	return 0;
}

/* ---- statements ---- */

/* Copies SQL to OUT (NULL: only counts) with each '?' outside literals,
 * quoted identifiers and comments replaced by $1, $2, ...; returns the number
 * of markers. OUT, when set, holds strlen(SQL) + 5 * markers + 1 bytes.
 * Portable SQL has no dollar quotes, E'' strings or nested comments
 * (SQLite knows none of them), so those are not looked for. */
static size_t rewrite(const char *sql, char *out)
{
	enum { PLAIN, QUOTE, DQUOTE, LINE, BLOCK } in = PLAIN;
	size_t n = 0, o = 0;

	for (const char *p = sql; *p; p++) {
		switch (in) {
		case PLAIN:
			if (*p == '?') {
				n++;
				if (out)
					o += (size_t)snprintf(out + o, 7, "$%zu", n);
				continue;
			}
			if (*p == '\'')
				in = QUOTE;
			else if (*p == '"')
				in = DQUOTE;
			else if (p[0] == '-' && p[1] == '-')
				in = LINE;
			else if (p[0] == '/' && p[1] == '*') {
				/* Both characters at once, so that a slash-star-slash does not close. */
				if (out) {
					out[o++] = *p;
					out[o++] = p[1];
				}
				p++;
				in = BLOCK;
				continue;
			}
			break;
		case QUOTE: /* '' closes and reopens: the escape needs no state */
			if (*p == '\'')
				in = PLAIN;
			break;
		case DQUOTE:
			if (*p == '"')
				in = PLAIN;
			break;
		case LINE:
			if (*p == '\n')
				in = PLAIN;
			break;
		case BLOCK:
			if (p[0] == '*' && p[1] == '/') {
				if (out) {
					out[o++] = *p;
					out[o++] = p[1];
				}
				p++;
				in = PLAIN;
				continue;
			}
			break;
		}
		if (out)
			out[o++] = *p;
	}
	if (out)
		out[o] = '\0';
	return n;
}

static void stmt_clear(struct pg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->nrows = 0;
	s->row = -1;
	s->ran = 0;
	s->failed = 0;
	for (int i = 0; i < s->nparams; i++) {
		free(s->owned[i]);
		s->owned[i] = NULL;
		s->vals[i] = NULL;
	}
}

static void stmt_free(struct pg_stmt *s)
{
	if (!s)
		return;
	if (s->owned)
		stmt_clear(s);
	free(s->owned);
	free(s->vals);
	free(s->num);
	free(s->pgsql);
	free(s->sql);
	free(s);
}

/* Makes the statement of SQL for DB, not yet prepared on the server. */
static int stmt_new(struct pg_db *db, const char *sql, struct pg_stmt **out, struct zf_err *err)
{
	size_t len = strlen(sql), n = rewrite(sql, NULL), size = n;
	struct pg_stmt *s = NULL;

	*out = NULL;
	if (n > PARAMS_MAX)
		return zf_err_set(err, ZF_ERROR, "数据库参数过多");
	/* n <= PARAMS_MAX, so only LEN can overflow the sum. */
	if (len > SIZE_MAX - 5 * n - 1)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	size = len + 5 * n + 1;
	if (!(s = calloc(1, sizeof(*s))) || !(s->sql = strdup(sql)) ||
	    !(s->pgsql = malloc(size)) || (n && (!(s->owned = calloc(n, sizeof(*s->owned))) ||
						 !(s->vals = calloc(n, sizeof(*s->vals))) ||
						 !(s->num = calloc(n, sizeof(*s->num)))))) {
		stmt_free(s);
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	}
	rewrite(sql, s->pgsql);
	s->base.ops = &zf_db_pg_ops;
	s->db = db;
	s->nparams = (int)n;
	s->row = -1;
	snprintf(s->name, sizeof(s->name), "zf_%u", ++db->names);
	*out = s;
	return 0;
}

/* Prepares S on the server unless the current session has it already. */
static int stmt_prepare_server(struct pg_stmt *s, struct zf_err *err)
{
	struct pg_db *db = s->db;
	PGresult *res;
	int rc = 0;

	if (s->gen == db->gen)
		return 0;
	/* Parameter types are left to the server, which infers them from where
	 * each $n stands (a column, a comparison, LIMIT). */
	res = PQprepare(db->c, s->name, s->pgsql, s->nparams, NULL);
	if (PQresultStatus(res) == PGRES_COMMAND_OK)
		s->gen = db->gen;
	else
		rc = pg_error(db, res, err);
	PQclear(res);
	return rc;
}

static int pg_prepare(struct zf_db *d, struct zf_stmt **out, const char *sql, struct zf_err *err)
{
	struct pg_db *db = DB(d);
	unsigned h = hash(sql);
	struct pg_stmt *s;
	int rc, fresh = 0;

	*out = NULL;
	for (s = db->cache[h]; s; s = s->next)
		if (strcmp(s->sql, sql) == 0)
			break;
	if (s) {
		stmt_clear(s);
	} else {
		if ((rc = stmt_new(db, sql, &s, err)))
			return rc;
		fresh = 1;
	}
	/* Prepared now, so that a bad statement fails here as on SQLite. */
	if ((rc = pg_ready(db, err)) || (rc = stmt_prepare_server(s, err))) {
		if (fresh)
			stmt_free(s);
		return rc;
	}
	if (fresh) {
		s->next = db->cache[h];
		db->cache[h] = s;
	}
	*out = &s->base;
	return 0;
}

/* The slot of parameter IDX (1-based) of ST with its old text freed, or -1
 * when ST has no such parameter. */
static int param_slot(struct pg_stmt *s, int idx)
{
	if (idx < 1 || idx > s->nparams)
		return -1;
	free(s->owned[idx - 1]);
	s->owned[idx - 1] = NULL;
	s->vals[idx - 1] = NULL;
	return idx - 1;
}

static int pg_bind_text(struct zf_stmt *st, int idx, const char *text)
{
	struct pg_stmt *s = ST(st);
	int i = param_slot(s, idx);

	if (i < 0)
		return ZF_ERROR;
	if (text && !(s->owned[i] = strdup(text)))
		return ZF_ENOMEM;
	s->vals[i] = s->owned[i];
	return 0;
}

static int pg_bind_i64(struct zf_stmt *st, int idx, int64_t v)
{
	struct pg_stmt *s = ST(st);
	int i = param_slot(s, idx);

	if (i < 0)
		return ZF_ERROR;
	snprintf(s->num[i], sizeof(s->num[i]), "%" PRId64, v);
	s->vals[i] = s->num[i];
	return 0;
}

static int pg_bind_null(struct zf_stmt *st, int idx)
{
	return param_slot(ST(st), idx) < 0 ? ZF_ERROR : 0;
}

/* Executes S with its bound values and keeps the whole result. */
static int stmt_run(struct pg_stmt *s, struct zf_err *err)
{
	struct pg_db *db = s->db;
	ExecStatusType es;
	int rc;

	if ((rc = pg_ready(db, err)) || (rc = stmt_prepare_server(s, err)))
		return rc;
	/* Values go as text; the server converts them to the inferred types. */
	s->res = PQexecPrepared(db->c, s->name, s->nparams, s->vals, NULL, NULL, 0);
	es = PQresultStatus(s->res);
	if (es == PGRES_TUPLES_OK) {
		s->nrows = PQntuples(s->res);
		return 0;
	}
	if (es == PGRES_COMMAND_OK) {
		s->nrows = 0;
		return 0;
	}
	rc = pg_error(db, s->res, err);
	PQclear(s->res);
	s->res = NULL;
	return rc;
}

static int pg_step(struct zf_stmt *st, struct zf_err *err)
{
	struct pg_stmt *s = ST(st);

	if (!s->ran) {
		s->ran = 1;
		s->row = -1;
		s->failed = stmt_run(s, err);
	} else if (s->failed) {
		return zf_err_set(err, s->failed, "数据库语句已失败，请重试");
	}
	if (s->failed)
		return s->failed;
	if (s->row + 1 < s->nrows) {
		s->row++;
		return ZF_DB_ROW;
	}
	s->row = s->nrows;
	return ZF_DB_DONE;
}

/* 1 when S stands on a row that has column COL. */
static int on_row(const struct pg_stmt *s, int col)
{
	return s->res && s->row >= 0 && s->row < s->nrows && col >= 0 && col < PQnfields(s->res);
}

static const char *pg_text(struct zf_stmt *st, int col)
{
	struct pg_stmt *s = ST(st);

	if (!on_row(s, col) || PQgetisnull(s->res, s->row, col))
		return NULL;
	/* Booleans read as SQLite's 0/1, not 't'/'f'. */
	if (PQftype(s->res, col) == PG_BOOLOID)
		return PQgetvalue(s->res, s->row, col)[0] == 't' ? "1" : "0";
	return PQgetvalue(s->res, s->row, col);
}

static int64_t pg_i64(struct zf_stmt *st, int col)
{
	const char *t = pg_text(st, col);

	/* As SQLite: NULL reads 0, a decimal its integer part. */
	return t ? (int64_t)strtoll(t, NULL, 10) : 0;
}

static int pg_is_null(struct zf_stmt *st, int col)
{
	struct pg_stmt *s = ST(st);

	return !on_row(s, col) || PQgetisnull(s->res, s->row, col);
}

static void pg_done(struct zf_stmt *st)
{
	stmt_clear(ST(st));
}

/* ---- connections and transactions ---- */

static void pg_close(struct zf_db *d)
{
	struct pg_db *db = DB(d);

	for (int i = 0; i < BUCKETS; i++)
		for (struct pg_stmt *s = db->cache[i], *n; s; s = n) {
			n = s->next;
			stmt_free(s);
		}
	PQfinish(db->c);
	free(db);
}

static int pg_open(struct zf_db **out, const char *url, int create, struct zf_err *err)
{
	const char *keys[5], *vals[5];
	struct pg_db *db = calloc(1, sizeof(*db));
	int k = 0, rc;

	/* The administrator creates PostgreSQL databases; CREATE means nothing here. */
	(void)create;
	*out = NULL;
	if (!db)
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	db->base.ops = &zf_db_pg_ops;
	db->gen = 1;
	/* Earlier keywords are defaults the URL (expanded from dbname) may
	 * override; PGCONNECT_TIMEOUT wins over ours when set. */
	if (!getenv("PGCONNECT_TIMEOUT")) {
		keys[k] = "connect_timeout";
		vals[k++] = "10";
	}
	keys[k] = "fallback_application_name";
	vals[k++] = "zhifa";
	keys[k] = "dbname";
	vals[k++] = url;
	keys[k] = "client_encoding";
	vals[k++] = "UTF8";
	keys[k] = NULL;
	vals[k] = NULL;
	if (!(db->c = PQconnectdbParams(keys, vals, 1))) {
		free(db);
		return zf_err_set(err, ZF_ENOMEM, MSG_NOMEM);
	}
	PQsetNoticeReceiver(db->c, pg_notice, db);
	if ((rc = session_start(db, err))) {
		pg_close(&db->base);
		return rc;
	}
	*out = &db->base;
	return 0;
}

static int pg_exec(struct zf_db *d, const char *sql, struct zf_err *err)
{
	struct pg_db *db = DB(d);
	int rc = pg_ready(db, err);

	/* Several statements in one string run as one implicit transaction
	 * unless a transaction is already open. */
	return rc ? rc : run_plain(db, sql, err);
}

static int pg_in_tx(struct zf_db *d)
{
	struct pg_db *db = DB(d);
	PGTransactionStatusType ts = PQtransactionStatus(db->c);

	return db->tx || ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR || ts == PQTRANS_ACTIVE;
}

static void pg_rollback(struct zf_db *d)
{
	struct pg_db *db = DB(d);
	PGTransactionStatusType ts = PQtransactionStatus(db->c);

	db->tx = 0;
	/* A lost connection took its transaction with it. */
	if (PQstatus(db->c) == CONNECTION_OK && (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR))
		PQclear(PQexec(db->c, "ROLLBACK"));
}

static int pg_begin(struct zf_db *d, int write, struct zf_err *err)
{
	struct pg_db *db = DB(d);
	int rc;

	if (pg_in_tx(d))
		return zf_err_set(err, ZF_ERROR, "数据库错误: 事务已经开始");
	if ((rc = pg_ready(db, err)))
		return rc;
	if ((rc = run_plain(db, write ? BEGIN_WRITE : BEGIN_READ, err))) {
		pg_rollback(d);
		return rc;
	}
	db->tx = 1;
	return 0;
}

static int pg_commit(struct zf_db *d, struct zf_err *err)
{
	struct pg_db *db = DB(d);
	PGresult *res;
	int rc = 0;

	if (db->broken || PQstatus(db->c) != CONNECTION_OK) {
		db->tx = 0;
		db->broken = 1;
		return zf_err_set(err, ZF_EUNAVAIL, MSG_DOWN "，事务未提交");
	}
	if (!pg_in_tx(d))
		return zf_err_set(err, ZF_ERROR, "数据库错误: 没有进行中的事务");
	/* COMMIT of a failed transaction "succeeds" as a ROLLBACK. */
	if (PQtransactionStatus(db->c) == PQTRANS_INERROR) {
		pg_rollback(d);
		return zf_err_set(err, ZF_ERROR, "数据库错误: 事务中有语句失败，已回滚");
	}
	res = PQexec(db->c, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_error(db, res, err);
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
		rc = zf_err_set(err, ZF_ERROR, "数据库错误: 事务已回滚");
	PQclear(res);
	pg_rollback(d);
	return rc;
}

const struct zf_db_ops zf_db_pg_ops = {
	.dialect = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.prepare = pg_prepare,
	.bind_text = pg_bind_text,
	.bind_i64 = pg_bind_i64,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.text = pg_text,
	.i64 = pg_i64,
	.is_null = pg_is_null,
	.done = pg_done,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_tx = pg_in_tx,
};
