/* Integration test harness: starts the real zhifa binary on a free loopback port and talks HTTP with libcurl. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "store/db.h"
#include "util/password.h"

static const char *bin(void)
{
	const char *b = getenv("ZF_BIN");
	return b && *b ? b : "build/zhifa";
}

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &len)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return ntohs(a.sin_port);
}

char *read_all(int fd)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	ssize_t k;
	while (buf && (k = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)k;
		if (cap - len < 2) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb)
				break;
			buf = nb;
		}
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* Runs ARGV with STDIN_TEXT, capturing stdout into *OUT; returns the exit code. */
static int run(const char *const *argv, const char *stdin_text, char **out, const char *errlog)
{
	int in[2], o[2];
	if (pipe(in) || pipe(o))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(o[1], 1);
		if (errlog) {
			int fd = open(errlog, O_WRONLY | O_CREAT | O_APPEND, 0600);
			if (fd >= 0)
				dup2(fd, 2);
		}
		close(in[1]);
		close(o[0]);
		execvp(argv[0], (char *const *)argv); /* a path, or a program in PATH */
		_exit(127);
	}
	close(in[0]);
	close(o[1]);
	if (stdin_text)
		(void)!write(in[1], stdin_text, strlen(stdin_text));
	close(in[1]);
	char *buf = read_all(o[0]);
	close(o[0]);
	int st = 0;
	waitpid(pid, &st, 0);
	if (out)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

const char *harness_pg(void)
{
	const char *u = getenv("ZF_TEST_PG");
	return u && *u ? u : NULL;
}

const char *harness_dialect(void)
{
	return harness_pg() ? "postgresql" : "sqlite";
}

/* The URL of database NAME on the server of ZF_TEST_PG: the URL with its path
 * (the database name) replaced, any ?query kept. Returns 0 or -1. */
int pg_url_of(const char *name, char *out, size_t n)
{
	const char *u = harness_pg(), *host = u ? strstr(u, "://") : NULL;
	if (!host)
		return -1;
	const char *path = strchr(host + 3, '/');
	const char *query = strchr(host + 3, '?');
	if (!path || (query && query < path))
		path = query ? query : u + strlen(u);
	const char *rest = path[0] == '/' ? path + strcspn(path, "?") : path;
	int k = snprintf(out, n, "%.*s/%s%s", (int)(path - u), u, name, rest);
	return k > 0 && (size_t)k < n ? 0 : -1;
}

/* Runs SQL on the database at URL; 0 or -1 (message on stderr). */
int exec_url(const char *url, const char *sql)
{
	struct zf_db *db = NULL;
	struct zf_err err = {0};
	int rc = zf_db_open(&db, url, 0, &err);
	if (!rc)
		rc = zf_db_exec(db, sql, &err);
	zf_db_close(db);
	if (rc)
		fprintf(stderr, "%s on %s: %s\n", sql, url, err.msg);
	return rc ? -1 : 0;
}

/* Creates database PREFIX<random> on the PostgreSQL server through a
 * maintenance connection to the URL of ZF_TEST_PG; its name goes to NAME and
 * its URL to URL. Returns 0 or -1. */
static int pg_create(const char *prefix, char *name, size_t nn, char *url, size_t un)
{
	unsigned char rnd[6];
	char sql[256];
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return -1;
	int k = snprintf(name, nn, "%s%02x%02x%02x%02x%02x%02x", prefix, rnd[0], rnd[1], rnd[2],
			 rnd[3], rnd[4], rnd[5]);
	if (k < 0 || (size_t)k >= nn || pg_url_of(name, url, un))
		return -1;
	/* A Chinese collation, as a provincial installation would have it: pages
	 * and answers must not follow it (zhifa's schema sorts bytewise). A server
	 * without ICU gets a plain UTF-8 database. */
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' "
		 "LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'zh-CN'", name);
	if (exec_url(harness_pg(), sql) == 0)
		return 0;
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'", name);
	return exec_url(harness_pg(), sql);
}

/* Drops database NAME (when set) on the PostgreSQL server, even when a
 * connection of a killed server lingers. */
static void pg_drop(char *name)
{
	char sql[160];
	if (!name[0])
		return;
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	(void)exec_url(harness_pg(), sql);
	name[0] = '\0';
}

/* The zhifa commands that read no data folder and refuse --data. */
static int takes_data(const char *cmd)
{
	return cmd && strcmp(cmd, "migrate") != 0;
}

int srv_cli(struct srv *s, const char *stdin_text, char **out, const char *const *args)
{
	const char *argv[34];
	int n = 0;
	int data = s->data[0] && args && takes_data(args[0]);
	argv[n++] = bin();
	for (; args && *args && n < 28; args++)
		argv[n++] = *args;
	argv[n++] = "--db";
	argv[n++] = s->db;
	if (data) {
		argv[n++] = "--data";
		argv[n++] = s->data;
	}
	argv[n] = NULL;
	return run(argv, stdin_text, out, s->log);
}

/* Starts "zhifa serve" on the database of S on a free port; waits until
 * /healthz answers. Returns 0 or -1. */
static int serve(struct srv *s, const char *const *extra)
{
	if ((s->port = free_port()) < 0)
		return -1;
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", s->port);
	char listen[32];
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", s->port);
	const char *argv[44] = {bin(), "serve", "--db", s->db, "--listen", listen};
	int n = 6;
	if (s->data[0]) {
		argv[n++] = "--data";
		argv[n++] = s->data;
	}
	for (; extra && *extra && n < 42; extra++)
		argv[n++] = *extra;
	argv[n] = NULL;
	s->pid = fork();
	if (s->pid == 0) {
		int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 2);
			dup2(fd, 1);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	struct client cl;
	client_init(&cl, s);
	/* Looked at every 10 ms (the server answers within tens of ms), 10 s at most. */
	for (int i = 0; i < 1000; i++) {
		struct resp r = {0};
		if (client_get(&cl, "/healthz", &r) == 0 && r.status == 200) {
			resp_free(&r);
			client_free(&cl);
			return 0;
		}
		resp_free(&r);
		int st;
		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			fprintf(stderr, "zhifa serve exited early (see %s)\n", s->log);
			s->pid = 0;
			break;
		}
		usleep(10000);
	}
	client_free(&cl);
	return -1;
}

int srv_start(struct srv *s, int demo, const char *const *extra)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "/tmp/zf-test-XXXXXX");
	if (!mkdtemp(s->dir)) {
		s->dir[0] = '\0';
		return -1;
	}
	snprintf(s->log, sizeof(s->log), "%s/server.log", s->dir);
	if (harness_pg()) {
		if (pg_create("zf_", s->pg_name, sizeof(s->pg_name), s->db, sizeof(s->db))) {
			fprintf(stderr, "could not create a database on %s\n", harness_pg());
			s->pg_name[0] = '\0';
			return -1;
		}
		snprintf(s->data, sizeof(s->data), "%s/data", s->dir);
	} else {
		snprintf(s->db, sizeof(s->db), "%s/zhifa.db", s->dir);
	}
	/* On SQLite the data folder is the default one beside the file. */
	const char *init[8] = {bin(), "init", "--db", s->db};
	int n = 4;
	if (s->data[0]) {
		init[n++] = "--data";
		init[n++] = s->data;
	}
	if (demo)
		init[n++] = "--demo";
	init[n] = NULL;
	if (run(init, NULL, NULL, s->log) != 0) {
		fprintf(stderr, "zhifa init failed (see %s)\n", s->log);
		return -1;
	}
	return serve(s, extra);
}

int srv_start_twin(struct srv *s, const struct srv *first, const char *const *extra)
{
	memset(s, 0, sizeof(*s));
	s->twin = 1;
	memcpy(s->dir, first->dir, sizeof(s->dir));
	memcpy(s->db, first->db, sizeof(s->db));
	memcpy(s->data, first->data, sizeof(s->data));
	if (snprintf(s->log, sizeof(s->log), "%s/twin-%d.log", s->dir, (int)getpid()) >=
	    (int)sizeof(s->log))
		return -1;
	return serve(s, extra);
}

int srv_other_db(struct srv *s, const char *name, struct srv *other)
{
	int slot = -1;
	*other = *s;
	other->pid = 0;
	other->twin = 1;
	if (snprintf(other->data, sizeof(other->data), "%s/%s.data", s->dir, name) >=
	    (int)sizeof(other->data))
		return -1;
	if (!harness_pg()) {
		struct zf_db *db = NULL;
		struct zf_err err = {0};
		other->data[0] = '\0'; /* the default beside the file: DIR/NAME.data */
		if (snprintf(other->db, sizeof(other->db), "%s/%s.db", s->dir, name) >=
		    (int)sizeof(other->db) || zf_db_open(&db, other->db, 1, &err)) {
			fprintf(stderr, "could not create %s: %s\n", other->db, err.msg);
			return -1;
		}
		zf_db_close(db);
		return 0;
	}
	for (int i = SRV_MORE_DBS - 1; i >= 0; i--)
		if (!s->pg_more[i][0])
			slot = i;
	char prefix[80];
	if (snprintf(prefix, sizeof(prefix), "%s_%s_", s->pg_name, name) >= 48)
		return -1; /* a PostgreSQL name has at most 63 bytes */
	if (slot < 0 || pg_create(prefix, s->pg_more[slot], sizeof(s->pg_more[slot]), other->db,
				  sizeof(other->db))) {
		if (slot >= 0)
			s->pg_more[slot][0] = '\0';
		fprintf(stderr, "could not create another database on %s\n", harness_pg());
		return -1;
	}
	return 0;
}

int db_exec_sql(struct srv *s, const char *sql)
{
	return exec_url(s->db, sql);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int srv_stop(struct srv *s)
{
	int status = -1;
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		for (int i = 0; i < 1000; i++) { /* every 10 ms, 10 s at most */
			int st;
			if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
				status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
				break;
			}
			usleep(10000);
		}
		if (status == -1) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
		}
		s->pid = 0;
	}
	if (status != 0 && s->dir[0]) {
		/* The last lines: a sanitizer's report is written at exit. */
		FILE *f = fopen(s->log, "r");
		static char ring[60][512];
		long nl = 0;
		fprintf(stderr, "--- server log, last lines (%s) ---\n", s->log);
		while (f && fgets(ring[nl % 60], sizeof(ring[0]), f))
			nl++;
		for (long i = nl > 60 ? nl - 60 : 0; i < nl; i++)
			fputs(ring[i % 60], stderr);
		if (f)
			fclose(f);
	}
	if (s->twin || getenv("ZF_KEEP"))
		return status;
	pg_drop(s->pg_name);
	for (int i = 0; i < SRV_MORE_DBS; i++)
		pg_drop(s->pg_more[i]);
	if (s->dir[0])
		nftw(s->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	s->dir[0] = '\0';
	return status;
}

int srv_restart(struct srv *s, const char *const *extra)
{
	int twin = s->twin, st;
	s->twin = 1; /* srv_stop then leaves database and folder */
	st = srv_stop(s);
	s->twin = twin;
	return st == 0 ? serve(s, extra) : -1;
}

void resp_free(struct resp *r)
{
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof(*r));
}

struct sink {
	char *p;
	size_t len;
};

static size_t collect(char *data, size_t size, size_t n, void *user)
{
	struct sink *s = user;
	size_t add = size * n;
	char *p = realloc(s->p, s->len + add + 1);
	if (!p)
		return 0;
	memcpy(p + s->len, data, add);
	s->p = p;
	s->len += add;
	s->p[s->len] = '\0';
	return add;
}

void client_init(struct client *cl, struct srv *s)
{
	memset(cl, 0, sizeof(*cl));
	cl->s = s;
	cl->c = curl_easy_init();
	curl_easy_setopt(cl->c, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(cl->c, CURLOPT_TIMEOUT, 30L);
}

void client_free(struct client *cl)
{
	if (cl->c)
		curl_easy_cleanup(cl->c);
	cl->c = NULL;
}

static void remember_csrf(struct client *cl, const char *html)
{
	const char *p = html ? strstr(html, "name=\"csrf\" value=\"") : NULL;
	if (!p)
		return;
	p += strlen("name=\"csrf\" value=\"");
	size_t n = strcspn(p, "\"");
	if (n > 0 && n < sizeof(cl->csrf)) {
		memcpy(cl->csrf, p, n);
		cl->csrf[n] = '\0';
	}
}

int client_req(struct client *cl, const char *method, const char *path, const char *body,
	       const char *content_type, const char *const *hdrs, struct resp *r)
{
	return client_req_n(cl, method, path, body, body ? strlen(body) : 0, content_type, hdrs, r);
}

int client_req_n(struct client *cl, const char *method, const char *path, const char *body,
		 size_t len, const char *content_type, const char *const *hdrs, struct resp *r)
{
	char *url = NULL, ct[256];
	struct sink b = {0}, h = {0};
	struct curl_slist *list = NULL;
	memset(r, 0, sizeof(*r));
	if (asprintf(&url, "%s%s", cl->s->base, path) < 0)
		return -1;
	curl_easy_setopt(cl->c, CURLOPT_URL, url);
	free(url); /* curl keeps its own copy */
	curl_easy_setopt(cl->c, CURLOPT_CUSTOMREQUEST, method);
	/* HTTPGET resets NOBODY: set it first. */
	curl_easy_setopt(cl->c, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(cl->c, CURLOPT_NOBODY, strcmp(method, "HEAD") == 0 ? 1L : 0L);
	if (body) {
		curl_easy_setopt(cl->c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(cl->c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		curl_easy_setopt(cl->c, CURLOPT_CUSTOMREQUEST, method);
	}
	if (content_type) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", content_type);
		list = curl_slist_append(list, ct);
	}
	list = curl_slist_append(list, "Expect:");
	for (; hdrs && *hdrs; hdrs++)
		list = curl_slist_append(list, *hdrs);
	curl_easy_setopt(cl->c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(cl->c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(cl->c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(cl->c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(cl->c, CURLOPT_HEADERDATA, &h);
	CURLcode rc = curl_easy_perform(cl->c);
	curl_easy_getinfo(cl->c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(list);
	r->body = b.p ? b.p : calloc(1, 1);
	r->len = b.len;
	r->headers = h.p ? h.p : calloc(1, 1);
	remember_csrf(cl, r->body);
	return rc == CURLE_OK ? 0 : -1;
}

int client_get(struct client *cl, const char *path, struct resp *r)
{
	return client_req(cl, "GET", path, NULL, NULL, NULL, r);
}

int client_post_form(struct client *cl, const char *path, int no_csrf, struct resp *r, ...)
{
	char *body = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&body, &len);
	va_list ap;
	const char *name;
	int first = 1;
	va_start(ap, r);
	while ((name = va_arg(ap, const char *))) {
		const char *value = va_arg(ap, const char *);
		char *e = curl_easy_escape(cl->c, value ? value : "", 0);
		fprintf(f, "%s%s=%s", first ? "" : "&", name, e);
		curl_free(e);
		first = 0;
	}
	va_end(ap);
	if (!no_csrf && cl->csrf[0])
		fprintf(f, "%scsrf=%s", first ? "" : "&", cl->csrf);
	fclose(f);
	int rc = client_req(cl, "POST", path, body, "application/x-www-form-urlencoded", NULL, r);
	free(body);
	return rc;
}

long client_login(struct client *cl, const char *login, const char *password, const char *totp)
{
	struct resp r;
	long st;
	client_post_form(cl, "/login", 1, &r, "login", login, "password", password, "totp",
			 totp ? totp : "", NULL);
	st = r.status;
	resp_free(&r);
	if (st == 303) { /* load a page to learn the session's csrf token */
		client_get(cl, "/workbench", &r);
		resp_free(&r);
	}
	return st;
}

const char *resp_header(const struct resp *r, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	for (const char *p = r->headers; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			size_t vl = (size_t)(p + len - v);
			while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
				vl--;
			if (vl >= n)
				vl = n - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return out;
		}
		p = eol ? eol + 1 : p + len;
	}
	return NULL;
}

long raw_http(struct srv *s, const char *request, char *answer, size_t n)
{
	int fd = raw_connect(s);
	if (fd < 0)
		return -1;
	(void)raw_send(fd, request, strlen(request));
	long status = raw_read_status(fd, answer, n, 5000);
	close(fd);
	return status;
}

long db_scalar(struct srv *s, const char *sql)
{
	return scalar_url(s->db, sql);
}

/* Runs SQL with the text arguments in AP bound; *OUT (may be NULL) gets the
 * first column of the first row. 0 or -1 (message on stderr). */
static int run_bound(struct srv *s, const char *sql, va_list ap, int64_t *out)
{
	struct zf_db *db = NULL;
	struct zf_stmt *st = NULL;
	struct zf_err err = {0};
	const char *arg;
	int rc = zf_db_open(&db, s->db, 0, &err), i = 1;
	if (!rc)
		rc = zf_db_prepare(db, &st, sql, &err);
	while (!rc && (arg = va_arg(ap, const char *)))
		rc = zf_stmt_bind_text(st, i++, arg);
	if (!rc)
		rc = out ? zf_stmt_one_i64(st, out, &err) : zf_stmt_run(st, &err);
	zf_db_close(db);
	if (rc)
		fprintf(stderr, "%s: %s\n", sql, err.msg);
	return rc ? -1 : 0;
}

long db_scalar_args(struct srv *s, const char *sql, ...)
{
	va_list ap;
	int64_t v = -1;
	va_start(ap, sql);
	int rc = run_bound(s, sql, ap, &v);
	va_end(ap);
	return rc ? -1 : (long)v;
}

int db_exec_args(struct srv *s, const char *sql, ...)
{
	va_list ap;
	va_start(ap, sql);
	int rc = run_bound(s, sql, ap, NULL);
	va_end(ap);
	return rc;
}

long scalar_url(const char *url, const char *sql)
{
	struct zf_db *db = NULL;
	struct zf_stmt *st = NULL;
	struct zf_err err = {0};
	int64_t v = -1;
	int rc = zf_db_open(&db, url, 0, &err);
	if (!rc)
		rc = zf_db_prepare(db, &st, sql, &err);
	if (!rc)
		rc = zf_stmt_one_i64(st, &v, &err);
	zf_db_close(db);
	if (rc) {
		fprintf(stderr, "%s: %s\n", sql, err.msg);
		return -1;
	}
	return (long)v;
}

void totp_now(const char *secret, char out[7])
{
	if (zf_totp_code(secret, (int64_t)time(NULL), out))
		out[0] = '\0';
}

int raw_connect(struct srv *s)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int raw_send(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t k = send(fd, p, len, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

long raw_read_status(int fd, char *answer, size_t n, int ms)
{
	size_t len = 0;
	long long end = now_ms() + ms;
	struct pollfd p = {.fd = fd, .events = POLLIN};
	answer[0] = '\0';
	while (len + 1 < n) {
		long long left = end - now_ms();
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		ssize_t k = read(fd, answer + len, n - len - 1);
		if (k <= 0)
			break;
		len += (size_t)k;
		answer[len] = '\0';
		if (strstr(answer, "\r\n\r\n"))
			break;
	}
	answer[len] = '\0';
	long status = -1;
	if (sscanf(answer, "HTTP/1.%*d %ld", &status) != 1)
		return -1;
	return status;
}

int client_json(struct client *cl, const char *method, const char *path, const char *body,
		const char *token, const char *csrf, struct resp *r)
{
	char auth[256], xc[128];
	const char *hdrs[4];
	int n = 0;
	if (token) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		hdrs[n++] = auth;
	}
	if (csrf) {
		snprintf(xc, sizeof(xc), "X-CSRF-Token: %s", csrf);
		hdrs[n++] = xc;
	}
	hdrs[n] = NULL;
	return client_req(cl, method, path, body, body ? "application/json" : NULL, hdrs, r);
}

json_t *resp_json(const struct resp *r)
{
	json_error_t e;
	return r->body ? json_loadb(r->body, r->len, 0, &e) : NULL;
}

json_t *json_error_of(json_t *j)
{
	json_t *e = json_object_get(j, "error");
	if (!json_is_object(e) || !json_is_string(json_object_get(e, "code")) ||
	    !json_is_string(json_object_get(e, "message")) ||
	    !*json_string_value(json_object_get(e, "message")))
		return NULL;
	json_t *f = json_object_get(e, "fields");
	if (f && !json_is_object(f) && !json_is_null(f))
		return NULL;
	return e;
}

int make_token(struct srv *s, const char *login, char *out, size_t n)
{
	char *text = NULL;
	int rc = srv_cli(s, NULL, &text, (const char *const[]){"token", "add", "--login", login, NULL});
	out[0] = '\0';
	if (text) {
		size_t l = strcspn(text, "\r\n");
		if (l < n) {
			memcpy(out, text, l);
			out[l] = '\0';
		}
	}
	free(text);
	return rc;
}

size_t str_count(const char *hay, const char *needle)
{
	size_t k = 0, nl = strlen(needle);
	for (const char *p = hay; nl && p && (p = strstr(p, needle)); p += nl)
		k++;
	return k;
}

long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void demo_new_session(struct demo *d)
{
	client_free(&d->cl);
	client_init(&d->cl, &d->s);
}

/* Per-test setup: each test starts with a session of its own. */
static int fresh_session(void **state)
{
	demo_new_session(*state);
	return 0;
}

int demo_run(const struct CMUnitTest *tests, size_t n, struct demo *d)
{
	struct demo plain = {0};
	struct CMUnitTest *with_d = calloc(n, sizeof(*with_d));
	int failed = 1, up;
	if (!d)
		d = &plain;
	curl_global_init(CURL_GLOBAL_ALL);
	printf("# database: %s\n", harness_dialect()); /* a TAP comment */
	up = srv_start(&d->s, !d->empty, d->extra) == 0;
	client_init(&d->cl, &d->s);
	if (!up) {
		fprintf(stderr, "the demo server did not start\n");
	} else if (d->setup && d->setup(d)) {
		fprintf(stderr, "the test file's setup failed\n");
	} else if (!with_d) {
		fprintf(stderr, "out of memory\n");
	} else {
		/* No group setup (it could not be given D): each test starts with D as its state. */
		for (size_t i = 0; i < n; i++) {
			with_d[i] = tests[i];
			with_d[i].initial_state = d;
			if (!with_d[i].setup_func)
				with_d[i].setup_func = fresh_session;
		}
		failed = _cmocka_run_group_tests("tests", with_d, n, NULL, NULL) != 0;
	}
	if (up && d->teardown)
		d->teardown(d);
	client_free(&d->cl);
	int st = srv_stop(&d->s);
	if (st != 0)
		fprintf(stderr, "server did not stop cleanly: status %d\n", st);
	curl_global_cleanup();
	free(with_d);
	return failed || st != 0 ? 1 : 0;
}

long scalar(struct demo *d, const char *sql)
{
	long n = db_scalar(&d->s, sql);
	if (n < 0)
		fail_msg("query failed: %s", sql);
	return n;
}

void demo_get(struct demo *d, const char *path, long status, struct resp *r, ...)
{
	struct resp own;
	struct resp *a = r ? r : &own;
	va_list ap;
	const char *needle;
	assert_int_equal(client_get(&d->cl, path, a), 0);
	if (a->status != status)
		fail_msg("GET %s: %ld, wanted %ld\n%.600s", path, a->status, status, a->body);
	va_start(ap, r);
	while ((needle = va_arg(ap, const char *)))
		assert_has(a->body, needle);
	va_end(ap);
	if (!r)
		resp_free(&own);
}

void review_conclude(struct demo *d, long review, const char *law_answer, const char *law_note,
		     const char *outcome, const char *opinion, const char *corrections)
{
	struct resp r = {0};
	char path[96];
	snprintf(path, sizeof(path), "/workbench/reviews/%ld/conclude", review);
	/* Without corrections the list ends at their (NULL) name. */
	assert_int_equal(client_post_form(&d->cl, path, 0, &r,
					  "answer_subject", "yes", "note_subject", "主体合法",
					  "answer_qualification", "yes", "note_qualification", "持证",
					  "answer_procedure", "yes", "note_procedure", "程序合法",
					  "answer_facts", "yes", "note_facts", "事实清楚",
					  "answer_law", law_answer, "note_law", law_note,
					  "answer_powers", "yes", "note_powers", "未越权",
					  "answer_documents", "yes", "note_documents", "文书完备",
					  "answer_crime", "na", "note_crime", "不涉嫌犯罪",
					  "outcome", outcome, "opinion", opinion,
					  corrections ? "corrections" : NULL, corrections, NULL), 0);
	if (r.status != 303)
		fail_msg("POST %s: %ld, wanted 303\n%.600s", path, r.status, r.body);
	resp_free(&r);
}

const char *resp_location(const struct resp *r, char *out, size_t n)
{
	if (!resp_header(r, "Location", out, n))
		fail_msg("no Location header in:\n%.600s", r->headers);
	return out;
}

void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing \"%s\" in:\n%.1500s", needle, hay);
}

void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("unexpected \"%s\" in:\n%.1500s", needle, hay);
}

int srv_serve(struct srv *s, const char *db, const char *const *extra)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "/tmp/zf-serve-XXXXXX");
	if (!mkdtemp(s->dir) || snprintf(s->db, sizeof(s->db), "%s", db) >= (int)sizeof(s->db))
		return -1;
	snprintf(s->log, sizeof(s->log), "%s/server.log", s->dir);
	return serve(s, extra);
}

int cli_run(const char *const *args, char **out, const char *log)
{
	const char *argv[32];
	int n = 0;
	argv[n++] = bin();
	for (; args && *args && n < 31; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	return run(argv, NULL, out, log);
}

int prog_run(const char *const *argv, char **out, const char *log)
{
	return run(argv, NULL, out, log);
}
