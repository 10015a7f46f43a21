/* Unit tests of the evidence use cases (app/evidence*.c) on a fresh database with media made by ffmpeg at test time: attach validation and refusals, the writes of an attach, withdrawal, list and get, playback sessions and downloads in the custody trail, verification against the bytes and the log, and H.265 previews. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/case.h"
#include "app/evidence.h"
#include "app/ledger.h"
#include "blob/blob.h"
#include "core/role.h"
#include "store_fixture.h"

/* 2026-03-02 10:00 Beijing time. */
#define T_NOW 1772416800

static const char test_def[] =
	"{\"format\":\"zhifa-procedure/v1\",\"code\":\"t_ev\",\"version\":1,"
	"\"name\":\"测试证据程序\",\"kind\":\"penalty\",\"basis\":\"《测试法》\",\"facts\":{},"
	"\"steps\":["
	"{\"code\":\"source\",\"name\":\"案件来源登记\",\"roles\":[\"officer\"],"
	" \"effect\":\"assign_officers\","
	" \"fields\":[{\"name\":\"title\",\"label\":\"案由\",\"type\":\"text\",\"required\":true,\"max\":50},"
	"  {\"name\":\"found_on\",\"label\":\"发现日期\",\"type\":\"date\",\"required\":true},"
	"  {\"name\":\"officers\",\"label\":\"承办人员\",\"type\":\"officers\",\"required\":true}]},"
	"{\"code\":\"inspect\",\"name\":\"现场检查\",\"roles\":[\"officer\"],\"handler\":true,"
	" \"after\":[\"source\"],\"repeat\":true},"
	"{\"code\":\"closing\",\"name\":\"结案\",\"roles\":[\"leader\"],\"after\":[\"inspect\"],"
	" \"terminal\":true,\"effect\":\"close\"}"
	"],\"deadlines\":[]}";

struct ctx {
	struct fixture f;
	struct zf_app *app;
	int own_blobs;
	char data[96];
	char media[160];
	int64_t body, o1, o2, o3, case_id, upload_seq;
	struct zf_actor off1, off3, leader, cli;
};


/* Inserts the account of A. */
static void account_row(struct ctx *c, const struct zf_actor *a)
{
	struct zf_stmt *st = NULL;

	if (zf_db_prepare(c->f.db, &st,
			  "INSERT INTO account (id, login, role, body_id, officer_id, pw_hash, "
			  "created_at, pw_changed_at) VALUES (?, ?, ?, ?, ?, 'x', 0, 0)",
			  &c->f.err))
		fail_msg("prepare: %s", c->f.err.msg);
	zf_stmt_bind_i64(st, 1, a->account_id);
	zf_stmt_bind_text(st, 2, a->login);
	zf_stmt_bind_i64(st, 3, a->role);
	zf_stmt_bind_i64(st, 4, a->body_id);
	if (a->officer_id)
		zf_stmt_bind_i64(st, 5, a->officer_id);
	else
		zf_stmt_bind_null(st, 5);
	if (zf_stmt_run(st, &c->f.err))
		fail_msg("account: %s", c->f.err.msg);
}

/* Runs the shell command CMD; fails the test when it does not succeed. */
static void sh(const char *cmd)
{
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

static int setup(void **state)
{
	if (fixture_new(state, sizeof(struct ctx), 1))
		return -1;
	struct ctx *c = *state;
	struct zf_procedures *set = NULL;
	const struct zf_proc_vocab vocab = {zf_guard_known, zf_doc_known, zf_case_setting_known};
	char blobs[160];

	snprintf(c->data, sizeof(c->data), "%s/data", c->f.dir);
	snprintf(c->media, sizeof(c->media), "%s/media", c->f.dir);
	if (mkdir(c->data, 0700) || mkdir(c->media, 0700) ||
	    zf_app_open(&c->app, c->f.path, c->data, 2, &c->f.err)) {
		fprintf(stderr, "app: %s\n", c->f.err.msg);
		return -1;
	}
	if (!c->app->blobs) { /* before zf_app_open opens DATA/blobs itself */
		snprintf(blobs, sizeof(blobs), "%s/blobs", c->data);
		if (zf_blob_open_local(blobs, &c->app->blobs, &c->f.err))
			return -1;
		c->own_blobs = 1;
	}
	c->app->clock.fixed = T_NOW;
	if (zf_procedures_new(&set, &c->f.err) ||
	    zf_procedures_add(set, &vocab, "t_ev.json", test_def, strlen(test_def), &c->f.err)) {
		fprintf(stderr, "definition: %s\n", c->f.err.msg);
		zf_procedures_free(set);
		return -1;
	}
	zf_procedures_free(c->app->procedures);
	c->app->procedures = set;
	c->body = fixture_body(c->f.db, "测试局", "11330000002482014X");
	c->o1 = fixture_officer(c->f.db, c->body, "张三", "14052400101");
	c->o2 = fixture_officer(c->f.db, c->body, "李四", "14052400102");
	c->o3 = fixture_officer(c->f.db, c->body, "王五", "14052400103");
	fixture_actor(&c->off1, 11, "officer1", ZF_ROLE_OFFICER, c->body, c->o1);
	fixture_actor(&c->off3, 13, "officer3", ZF_ROLE_OFFICER, c->body, c->o3);
	fixture_actor(&c->leader, 14, "leader1", ZF_ROLE_LEADER, c->body, 0);
	zf_actor_cli(&c->cli);
	account_row(c, &c->off1);
	account_row(c, &c->off3);
	account_row(c, &c->leader);

	char in[512];
	snprintf(in, sizeof(in),
		 "{\"parties\":[{\"kind\":\"person\",\"name\":\"孙八\",\"id_type\":\"id_card\","
		 "\"id_number\":\"110101199003078515\",\"address\":\"某路1号\"}],\"values\":{\"title\":\"擅自占用城市道路\",\"found_on\":\"2026-03-01\","
		 "\"officers\":[%lld,%lld]}}",
		 (long long)c->o1, (long long)c->o2);
	json_t *j = json_loads(in, 0, NULL);
	int rc = zf_app_case_open(c->app, &c->off1, "t_ev", j, &c->case_id, &c->f.err);
	json_decref(j);
	if (rc)
		fprintf(stderr, "open: %s\n", c->f.err.msg);
	return rc ? -1 : 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	if (c->own_blobs) {
		zf_blob_close(c->app->blobs);
		c->app->blobs = NULL;
	}
	zf_app_close(c->app);
	fixture_data_remove(c->data);
	fixture_data_remove(c->media);
	fixture_close(&c->f);
	return 0;
}

/* ---- media and uploads ---- */

/* Makes media file NAME in the media folder with the ffmpeg ARGS (the
 * input and codec options); its path into OUT. */
static void make_media(struct ctx *c, const char *name, const char *args, char *out, size_t n)
{
	char cmd[1024];

	snprintf(out, n, "%s/%s", c->media, name);
	snprintf(cmd, sizeof(cmd), "ffmpeg -nostdin -loglevel error -y %s '%s'", args, out);
	sh(cmd);
}

/* Stores the file PATH as a blob and inserts a complete upload of ACTOR
 * named FILENAME for it; its id into ID (33 bytes). */
static void upload(struct ctx *c, const struct zf_actor *actor, const char *path,
		   const char *filename, char id[33])
{
	struct zf_blob_writer *w = NULL;
	struct zf_blob_digest d;
	char buf[8192];
	ssize_t got;
	int fd = open(path, O_RDONLY);
	struct zf_stmt *st = NULL;

	assert_true(fd >= 0);
	if (zf_blob_writer_new(c->app->blobs, ZF_BLOB_SHA256, &w, &c->f.err))
		fail_msg("writer: %s", c->f.err.msg);
	while ((got = read(fd, buf, sizeof(buf))) > 0)
		assert_int_equal(zf_blob_write(w, buf, (size_t)got, &c->f.err), 0);
	close(fd);
	if (zf_blob_commit(w, &d, &c->f.err))
		fail_msg("commit: %s", c->f.err.msg);
	snprintf(id, 33, "%032llx", (long long)++c->upload_seq);
	if (zf_db_prepare(c->f.db, &st,
			  "INSERT INTO upload (id, body_id, account_id, filename, length, received, "
			  "state, sha256, created_at, updated_at, expires_at) "
			  "VALUES (?, ?, ?, ?, ?, ?, 'complete', ?, ?, ?, ?)",
			  &c->f.err))
		fail_msg("prepare: %s", c->f.err.msg);
	zf_stmt_bind_text(st, 1, id);
	zf_stmt_bind_i64(st, 2, c->body);
	zf_stmt_bind_i64(st, 3, actor->account_id);
	zf_stmt_bind_text(st, 4, filename);
	zf_stmt_bind_i64(st, 5, (int64_t)d.size);
	zf_stmt_bind_i64(st, 6, (int64_t)d.size);
	zf_stmt_bind_text(st, 7, d.sha256);
	zf_stmt_bind_i64(st, 8, T_NOW - 600);
	zf_stmt_bind_i64(st, 9, T_NOW - 600);
	zf_stmt_bind_i64(st, 10, T_NOW + 86400);
	if (zf_stmt_run(st, &c->f.err))
		fail_msg("upload row: %s", c->f.err.msg);
}

/* A valid input for upload ID of KIND on the case's "inspect" step. */
static struct zf_evidence_input input(struct ctx *c, const char *id, int kind,
				      const int64_t *officers)
{
	return (struct zf_evidence_input){
		.upload_id = id, .case_id = c->case_id, .step_code = "inspect", .kind = kind,
		.device = "执法记录仪 DSJ-001", .officer_ids = officers, .nofficers = 1,
		.captured_from = T_NOW - 3600, .captured_to = T_NOW - 3000, .place = "某路口",
		.has_coords = 1, .lat_e6 = 30274000, .lon_e6 = 120155000,
		.description = "现场照片",
	};
}

/* Attaches IN as ACTOR and fails unless it works; the new id. */
static int64_t attach_ok(struct ctx *c, const struct zf_actor *actor,
			 const struct zf_evidence_input *in)
{
	int64_t id = 0;

	zf_err_clear(&c->f.err);
	if (zf_app_evidence_attach(c->app, actor, in, &id, &c->f.err))
		fail_msg("attach: %s (%s)", c->f.err.msg,
			 c->f.err.nfields ? c->f.err.fields[0].msg : "");
	return id;
}

/* Attaches IN as ACTOR expecting RC with a message on FIELD (NULL: any). */
static void attach_fails(struct ctx *c, const struct zf_actor *actor,
			 const struct zf_evidence_input *in, int rc, const char *field)
{
	int64_t id = 0;

	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_evidence_attach(c->app, actor, in, &id, &c->f.err), rc);
	if (field && !zf_err_field_msg(&c->f.err, field))
		fail_msg("no message on %s: %s", field, c->f.err.msg);
}

static int64_t count(struct ctx *c, const char *sql)
{
	return fixture_count(&c->f, sql);
}

/* ---- tests ---- */

static void test_kinds(void **state)
{
	(void)state;
	assert_int_equal(zf_evidence_kind_parse("video"), ZF_EV_VIDEO);
	assert_int_equal(zf_evidence_kind_parse("x"), 0);
	assert_int_equal(zf_evidence_kind_parse(NULL), 0);
	assert_string_equal(zf_evidence_kind_word(ZF_EV_SCAN), "scan");
	assert_string_equal(zf_evidence_kind_label(ZF_EV_ELECTRONIC), "电子数据");
	assert_string_equal(zf_evidence_kind_word(99), "");
}

static void test_attach_validation(void **state)
{
	struct ctx *c = *state;
	char photo[256], video[256], id[33], vid[33];
	int64_t offs[] = {c->o1}, stranger[] = {c->o3}, twice[] = {c->o1, c->o1};
	struct zf_evidence_input in;

	make_media(c, "p.jpg", "-f lavfi -i testsrc=size=160x120 -frames:v 1", photo, sizeof(photo));
	make_media(c, "v.mp4",
		   "-f lavfi -i testsrc=duration=1:size=160x120:rate=10 -c:v libx264 -pix_fmt yuv420p",
		   video, sizeof(video));
	upload(c, &c->off1, photo, "现场.jpg", id);
	upload(c, &c->off1, video, "现场.mp4", vid);
	int64_t before = count(c, "SELECT COUNT(*) FROM evidence");

	in = input(c, "zz", ZF_EV_PHOTO, offs);
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "upload_id");
	in = input(c, id, 0, offs);
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "kind");
	in = input(c, id, ZF_EV_PHOTO, offs);
	in.step_code = "";
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "step_code");
	in = input(c, id, ZF_EV_PHOTO, offs);
	in.nofficers = 0;
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "officers");
	in = input(c, id, ZF_EV_PHOTO, twice);
	in.nofficers = 2;
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "officers");
	in = input(c, id, ZF_EV_PHOTO, offs);
	in.captured_from = 0;
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "captured_from");
	in = input(c, id, ZF_EV_PHOTO, offs);
	in.captured_to = in.captured_from - 1;
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "captured_to");
	in = input(c, id, ZF_EV_PHOTO, offs);
	in.captured_to = T_NOW + 60;
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "captured_to");
	in = input(c, id, ZF_EV_PHOTO, offs);
	in.place = "  ";
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "place");
	in = input(c, id, ZF_EV_PHOTO, offs);
	in.lat_e6 = 91000000;
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "coords");
	char longtext[400];
	memset(longtext, 'x', 101);
	longtext[101] = '\0';
	in = input(c, id, ZF_EV_PHOTO, offs);
	in.device = longtext;
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "device");
	/* the database's checks */
	in = input(c, "0123456789abcdef0123456789abcdef", ZF_EV_PHOTO, offs);
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "upload_id");
	in = input(c, id, ZF_EV_PHOTO, offs);
	attach_fails(c, &c->off3, &in, ZF_EINVAL, "upload_id"); /* another's upload */
	in = input(c, id, ZF_EV_PHOTO, offs);
	in.step_code = "nosuch";
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "step_code");
	in = input(c, id, ZF_EV_PHOTO, offs);
	in.step_id = 999;
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "step_id");
	in = input(c, id, ZF_EV_PHOTO, stranger);
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "officers");
	/* the media must be what the kind says */
	in = input(c, vid, ZF_EV_PHOTO, offs);
	attach_fails(c, &c->off1, &in, ZF_EUNSUPPORTED_MEDIA, "kind");
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "kind"), "video/"));
	in = input(c, id, ZF_EV_VIDEO, offs);
	attach_fails(c, &c->off1, &in, ZF_EUNSUPPORTED_MEDIA, "kind");
	assert_non_null(strstr(zf_err_field_msg(&c->f.err, "kind"), "image/jpeg"));
	/* an officer not assigned to the case (with his own upload) */
	char id3[33];
	upload(c, &c->off3, photo, "p3.jpg", id3);
	in = input(c, id3, ZF_EV_PHOTO, offs);
	attach_fails(c, &c->off3, &in, ZF_EDENIED, NULL);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM evidence"), before);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM upload WHERE state = 'attached'"), 0);
}

static void test_attach_writes_and_withdraw(void **state)
{
	struct ctx *c = *state;
	char photo[256], id[33];
	int64_t offs[] = {c->o1};
	struct zf_evidence_input in;

	make_media(c, "p.jpg", "-f lavfi -i testsrc=size=160x120 -frames:v 1", photo, sizeof(photo));
	upload(c, &c->off1, photo, "现场.jpg", id);
	int64_t hist = count(c, "SELECT COUNT(*) FROM history");
	int64_t pending = count(c, "SELECT COUNT(*) FROM log_pending");
	in = input(c, id, ZF_EV_PHOTO, offs);
	int64_t ev = attach_ok(c, &c->off1, &in);
	assert_true(ev > 0);
	/* the row, the upload, custody upload + attach, 3 history rows and log entries */
	assert_int_equal(count(c, "SELECT COUNT(*) FROM upload WHERE state = 'attached'"), 1);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM evidence_custody WHERE action = 'upload'"), 1);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM evidence_custody WHERE action = 'attach'"), 1);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE entity = 'evidence' AND "
				  "action = 'evidence_attach'"), 1);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history"), hist + 3);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM log_pending"), pending + 3);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM audit WHERE action = 'evidence_attach'"), 1);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM evidence_custody WHERE action = 'upload' "
				  "AND at = 1772416200"), 1);
	/* the attach history commits to the digests */
	struct zf_evidence e;
	struct zf_custody *trail = NULL;
	size_t nt = 0;
	if (zf_app_evidence_get(c->app, &c->off1, c->f.a, ev, &e, &trail, &nt, &c->f.err))
		fail_msg("get: %s", c->f.err.msg);
	assert_string_equal(e.media_type, "image/jpeg");
	assert_int_equal(e.kind, ZF_EV_PHOTO);
	assert_string_equal(e.preview_state, "none");
	assert_true(e.playable);
	assert_string_equal(e.step_name, "现场检查");
	assert_non_null(strstr(e.officers, "张三（14052400101）"));
	assert_string_equal(e.attached_by, "officer1");
	assert_int_equal(e.log_index, -1);
	assert_int_equal(nt, 2);
	assert_string_equal(trail[0].label, "上传");
	assert_string_equal(trail[1].action, "attach");
	char pat[256];
	snprintf(pat, sizeof(pat), "SELECT COUNT(*) FROM history WHERE entity = 'evidence' AND "
				   "after_json LIKE '%%\"sha256\":\"%s\"%%'", e.sha256);
	assert_int_equal(count(c, pat), 1);
	/* the same upload twice */
	attach_fails(c, &c->off1, &in, ZF_EINVAL, "upload_id");
	/* list */
	struct zf_evidence *list = NULL;
	size_t n = 0;
	assert_int_equal(zf_app_evidence_list(c->app, &c->off1, c->f.a, c->case_id, &list, &n,
					      &c->f.err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, ev);
	assert_false(list[0].withdrawn);
	/* withdrawal: validation, then once, then conflict */
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_evidence_withdraw(c->app, &c->off1, ev, "x", &c->f.err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&c->f.err, "reason"));
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_evidence_withdraw(c->app, &c->off3, ev, "附错了案件", &c->f.err),
			 ZF_EDENIED);
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_evidence_withdraw(c->app, &c->leader, ev, "附错了案件", &c->f.err), 0);
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_evidence_withdraw(c->app, &c->off1, ev, "再次撤回", &c->f.err),
			 ZF_ECONFLICT);
	assert_int_equal(zf_app_evidence_list(c->app, &c->off1, c->f.a, c->case_id, &list, &n,
					      &c->f.err), 0);
	assert_true(list[0].withdrawn);
	assert_string_equal(list[0].withdrawn_reason, "附错了案件");
	assert_string_equal(list[0].withdrawn_by, "leader1");
	assert_int_equal(count(c, "SELECT COUNT(*) FROM evidence_custody WHERE action = 'withdraw'"), 1);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM history WHERE entity = 'evidence_withdrawal'"), 1);
	/* log verify holds over the rows (after a sequencer pass, which also
	 * makes the log key), then reports an edited evidence row */
	struct zf_log_report rep;
	struct zf_ledger *lg = NULL;
	int integrated = 0;
	if (zf_app_log_open(&lg, c->app, &c->f.err) || zf_app_log_step(lg, &integrated, &c->f.err))
		fail_msg("log: %s", c->f.err.msg);
	zf_app_log_close(lg);
	assert_true(integrated > 0);
	if (zf_app_evidence_get(c->app, &c->off1, c->f.a, ev, &e, &trail, &nt, &c->f.err))
		fail_msg("get: %s", c->f.err.msg);
	assert_true(e.log_index >= 0);
	if (zf_app_log_verify(c->f.db, c->data, &rep, &c->f.err))
		fail_msg("log verify: %s", c->f.err.msg);
	assert_int_equal(zf_db_exec(c->f.db, "UPDATE evidence SET place = '别处'", &c->f.err), 0);
	assert_int_equal(zf_app_log_verify(c->f.db, c->data, &rep, &c->f.err), ZF_ECONFLICT);
	assert_non_null(strstr(c->f.err.msg, "evidence id="));
	assert_non_null(strstr(c->f.err.msg, "place"));
}

static void test_play_open_and_verify(void **state)
{
	struct ctx *c = *state;
	char video[256], id[33], token[65], path[512];
	int64_t offs[] = {c->o1};
	struct zf_evidence_input in;
	int fd = -1;
	uint64_t size = 0;
	const char *type = NULL, *name = NULL;

	make_media(c, "v.mp4",
		   "-f lavfi -i testsrc=duration=1:size=160x120:rate=10 -c:v libx264 -pix_fmt yuv420p",
		   video, sizeof(video));
	upload(c, &c->off1, video, "执法记录仪.mp4", id);
	in = input(c, id, ZF_EV_VIDEO, offs);
	int64_t ev = attach_ok(c, &c->off1, &in);
	/* playback needs a live token of the actor */
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_evidence_open(c->app, &c->off1, c->f.a, ev, 0, "bad", 0, &fd, &size,
					      &type, &name, &c->f.err), ZF_EDENIED);
	assert_int_equal(zf_app_evidence_play(c->app, &c->off1, ev, token, &c->f.err), 0);
	assert_int_equal(strlen(token), 64);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM evidence_custody WHERE action = 'view'"), 1);
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_evidence_open(c->app, &c->leader, c->f.a, ev, 0, token, 0, &fd, &size,
					      &type, &name, &c->f.err), ZF_EDENIED);
	for (int i = 0; i < 3; i++) { /* range requests of one session: one view */
		assert_int_equal(zf_app_evidence_open(c->app, &c->off1, c->f.a, ev, 0, token, i == 0,
						      &fd, &size, &type, &name, &c->f.err), 0);
		assert_true(fd >= 0);
		close(fd);
	}
	assert_string_equal(type, "video/mp4");
	assert_string_equal(name, "执法记录仪.mp4");
	assert_int_equal(count(c, "SELECT COUNT(*) FROM evidence_custody WHERE action = 'view'"), 1);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM evidence_custody WHERE action = 'download'"), 0);
	/* downloads: recorded for the request that starts at byte 0 */
	assert_int_equal(zf_app_evidence_open(c->app, &c->leader, c->f.a, ev, 0, NULL, 1, &fd, &size,
					      &type, &name, &c->f.err), 0);
	close(fd);
	assert_int_equal(zf_app_evidence_open(c->app, &c->leader, c->f.a, ev, 0, NULL, 0, &fd, &size,
					      &type, &name, &c->f.err), 0);
	close(fd);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM evidence_custody WHERE action = 'download'"), 1);
	/* no preview for a playable H.264 */
	zf_err_clear(&c->f.err);
	assert_int_equal(zf_app_evidence_open(c->app, &c->off1, c->f.a, ev, 1, NULL, 1, &fd, &size,
					      &type, &name, &c->f.err), ZF_ENOTFOUND);
	/* verify: nothing, then one flipped byte */
	struct zf_evidence_finding *f = NULL;
	size_t n = 0;
	int64_t checked = 0;
	assert_int_equal(zf_app_evidence_verify(c->app, c->f.a, 1, &f, &n, &checked, &c->f.err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(checked, 1);
	assert_int_equal(count(c, "SELECT COUNT(*) FROM evidence_custody WHERE action = 'verify'"), 1);
	assert_int_equal(zf_app_evidence_verify(c->app, c->f.a, 0, &f, &n, &checked, &c->f.err), 0);
	assert_int_equal(checked, 0); /* verified within 30 days */
	struct zf_evidence e;
	struct zf_custody *trail = NULL;
	size_t nt = 0;
	assert_int_equal(zf_app_evidence_get(c->app, &c->off1, c->f.a, ev, &e, &trail, &nt, &c->f.err), 0);
	assert_int_equal(zf_blob_local_path(c->app->blobs, e.sha256, path, sizeof(path), &c->f.err), 0);
	assert_int_equal(chmod(path, 0640), 0);
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	unsigned char b = 0;
	assert_int_equal(pread(fd, &b, 1, 100), 1);
	b ^= 0x01;
	assert_int_equal(pwrite(fd, &b, 1, 100), 1);
	close(fd);
	assert_int_equal(zf_app_evidence_verify(c->app, c->f.a, 1, &f, &n, &checked, &c->f.err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(f[0].evidence_id, ev);
	assert_int_equal(f[0].case_id, c->case_id);
	assert_string_equal(f[0].filename, "执法记录仪.mp4");
	assert_string_equal(f[0].sha256, e.sha256);
	assert_non_null(strstr(f[0].problem, "SHA-256"));
}

static void test_record_edit_found_by_verify(void **state)
{
	struct ctx *c = *state;
	char photo[256], id[33];
	int64_t offs[] = {c->o1};
	struct zf_evidence_input in;
	struct zf_evidence_finding *f = NULL;
	size_t n = 0;
	int64_t checked = 0;

	make_media(c, "p.jpg", "-f lavfi -i testsrc=size=160x120 -frames:v 1", photo, sizeof(photo));
	upload(c, &c->off1, photo, "现场.jpg", id);
	in = input(c, id, ZF_EV_PHOTO, offs);
	attach_ok(c, &c->off1, &in);
	assert_int_equal(zf_db_exec(c->f.db, "UPDATE evidence SET captured_from = captured_from - 1",
				    &c->f.err), 0);
	assert_int_equal(zf_app_evidence_verify(c->app, c->f.a, 1, &f, &n, &checked, &c->f.err), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(f[0].problem, "记录日志"));
}

static void test_hevc_preview(void **state)
{
	struct ctx *c = *state;
	char video[256], id[33];
	int64_t offs[] = {c->o1};
	struct zf_evidence_input in;
	int done = 0, fd = -1;
	uint64_t size = 0;
	const char *type = NULL, *name = NULL;

	make_media(c, "h265.mp4",
		   "-f lavfi -i testsrc=duration=1:size=160x120:rate=10 -c:v libx265 "
		   "-x265-params log-level=error -tag:v hvc1",
		   video, sizeof(video));
	upload(c, &c->off1, video, "h265.mp4", id);
	in = input(c, id, ZF_EV_VIDEO, offs);
	int64_t ev = attach_ok(c, &c->off1, &in);
	struct zf_evidence e;
	struct zf_custody *trail = NULL;
	size_t nt = 0;
	assert_int_equal(zf_app_evidence_get(c->app, &c->off1, c->f.a, ev, &e, &trail, &nt, &c->f.err), 0);
	assert_string_equal(e.codec, "hevc");
	assert_string_equal(e.preview_state, "pending");
	assert_false(e.playable);
	if (zf_app_evidence_preview_next(c->app, &done, &c->f.err))
		fail_msg("preview: %s", c->f.err.msg);
	assert_int_equal(done, 1);
	assert_int_equal(zf_app_evidence_preview_next(c->app, &done, &c->f.err), 0);
	assert_int_equal(done, 0);
	assert_int_equal(zf_app_evidence_get(c->app, &c->off1, c->f.a, ev, &e, &trail, &nt, &c->f.err), 0);
	assert_string_equal(e.preview_state, "ready");
	assert_true(e.playable);
	assert_string_equal(trail[nt - 1].action, "preview");
	assert_int_equal(zf_app_evidence_open(c->app, &c->off1, c->f.a, ev, 1, NULL, 1, &fd, &size,
					      &type, &name, &c->f.err), 0);
	close(fd);
	assert_string_equal(type, "video/mp4");
	char path[512], cmd[1200];
	assert_int_equal(zf_blob_local_path(c->app->blobs, e.preview_sha256, path, sizeof(path),
					    &c->f.err), 0);
	snprintf(cmd, sizeof(cmd),
		 "ffprobe -v error -select_streams v:0 -show_entries stream=codec_name "
		 "-of csv=p=0 '%s' | grep -qx h264", path);
	sh(cmd);
	/* the original is untouched and still the evidence */
	struct zf_evidence_finding *f = NULL;
	size_t n = 0;
	int64_t checked = 0;
	assert_int_equal(zf_app_evidence_verify(c->app, c->f.a, 1, &f, &n, &checked, &c->f.err), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_attach_validation),
		cmocka_unit_test(test_attach_writes_and_withdraw),
		cmocka_unit_test(test_play_open_and_verify),
		cmocka_unit_test(test_record_edit_found_by_verify),
		cmocka_unit_test(test_hevc_preview),
	};
	return run_fresh(tests, setup, teardown);
}
