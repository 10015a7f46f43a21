/* The browser preview of a video: Debian's ffmpeg run as a child process (no shell) under a time limit, writing H.264 + AAC in a faststart MP4. */
#include "blob/media.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "blob/media_int.h"
#include "util/str.h"

extern char **environ;

/* Keeps the start of ffmpeg's error output for the message. */
#define ERR_KEEP 160

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "file:" + PATH into OUT, so that a name with a colon is never read as a
 * protocol by ffmpeg. */
static int file_url(char *out, size_t size, const char *path)
{
	int n = snprintf(out, size, "file:%s", path);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Starts ffmpeg with ARGV, stdin and stdout on /dev/null and stderr on the
 * pipe end ERRFD; *PID on success, ZF_ENOTSUP when the program is missing. */
static int spawn(char *const argv[], int errfd, int devnull, pid_t *pid, struct zf_err *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dflt;
	const char *prog = getenv("ZF_FFMPEG");
	int rc, e;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return zf_err_set(err, ZF_ENOMEM, "内存不足，无法启动 ffmpeg");
	if (posix_spawnattr_init(&attr) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return zf_err_set(err, ZF_ENOMEM, "内存不足，无法启动 ffmpeg");
	}
	/* The server may block or ignore signals (SIGPIPE); the child starts clean. */
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	sigaddset(&dflt, SIGINT);
	sigaddset(&dflt, SIGTERM);
	e = posix_spawn_file_actions_adddup2(&fa, devnull, 0);
	e = e ? e : posix_spawn_file_actions_adddup2(&fa, devnull, 1);
	e = e ? e : posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	/* Sockets and database files of the server stay out of the child. */
	e = e ? e : posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	e = e ? e : posix_spawnattr_setsigmask(&attr, &none);
	e = e ? e : posix_spawnattr_setsigdefault(&attr, &dflt);
	e = e ? e : posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (!e)
		e = prog && prog[0] ? posix_spawn(pid, prog, &fa, &attr, argv, environ)
				    : posix_spawnp(pid, "ffmpeg", &fa, &attr, argv, environ);
	if (e == ENOENT || e == EACCES)
		rc = zf_err_set(err, ZF_ENOTSUP, "未找到 ffmpeg，无法生成浏览器预览文件");
	else if (e)
		rc = zf_err_set(err, ZF_ERROR, "无法启动 ffmpeg：%s", strerror(e));
	else
		rc = 0;
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* Waits for PID until DEADLINE (monotonic ms), keeping the first bytes of its
 * stderr (read end RFD) in MSG; kills it at the deadline. The exit status in
 * *STATUS; 1 when it was killed for time, 0 when it ended by itself. */
static int wait_child(pid_t pid, int rfd, int64_t deadline, char *msg, size_t msgsize,
		      int *status)
{
	size_t used = strlen(msg);
	int open_pipe = 1;

	for (;;) {
		pid_t w = waitpid(pid, status, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			return 0;
		int64_t left = deadline - now_ms();
		if (left <= 0) {
			kill(pid, SIGKILL);
			while (waitpid(pid, status, 0) < 0 && errno == EINTR)
				;
			return 1;
		}
		struct pollfd p = {.fd = rfd, .events = POLLIN};
		int wait = left < 100 ? (int)left : 100;
		if (!open_pipe) {
			struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)wait * 1000000L};
			nanosleep(&ts, NULL);
			continue;
		}
		if (poll(&p, 1, wait) > 0) {
			char chunk[512];
			ssize_t r = read(rfd, chunk, sizeof(chunk));
			if (r <= 0) {
				open_pipe = r < 0 && errno == EINTR;
				continue;
			}
			size_t take = (size_t)r < msgsize - 1 - used ? (size_t)r : msgsize - 1 - used;
			memcpy(msg + used, chunk, take);
			used += take;
			msg[used] = '\0';
		}
	}
}

int zf_media_preview(const char *src, const char *dst, int timeout_s, struct zf_err *err)
{
	char in[PATH_MAX + 8], outp[PATH_MAX + 8], msg[ERR_KEEP + 1] = "";
	/* Even width at most 1280, height following the aspect (and even);
	 * yuv420p because Chromium's H.264 decoder wants 8-bit 4:2:0. */
	char *argv[] = {
		"ffmpeg", "-nostdin", "-y", "-loglevel", "error",
		"-protocol_whitelist", "file", "-format_whitelist", ZF_MEDIA_DEMUXERS,
		"-i", in,
		"-map", "0:v:0", "-map", "0:a:0?", "-sn", "-dn",
		"-vf", "scale=trunc(min(1280\\,iw)/2)*2:-2",
		"-c:v", "libx264", "-preset", "veryfast", "-crf", "28", "-pix_fmt", "yuv420p",
		"-c:a", "aac", "-b:a", "128k",
		"-movflags", "+faststart", "-f", "mp4", outp, NULL,
	};
	int pipefd[2] = {-1, -1}, devnull = -1, status = 0, rc = -1, timed_out;
	pid_t pid;

	if (timeout_s <= 0 || file_url(in, sizeof(in), src) || file_url(outp, sizeof(outp), dst))
		return zf_err_set(err, ZF_EINVAL, "预览参数无效");
	if (pipe2(pipefd, O_CLOEXEC) != 0 || (devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0) {
		rc = zf_err_set(err, ZF_ERROR, "无法启动 ffmpeg：%s", strerror(errno));
		goto out;
	}
	if ((rc = spawn(argv, pipefd[1], devnull, &pid, err)) != 0)
		goto out;
	close(pipefd[1]);
	pipefd[1] = -1;
	timed_out = wait_child(pid, pipefd[0], now_ms() + (int64_t)timeout_s * 1000, msg,
			       sizeof(msg), &status);
	if (timed_out)
		rc = zf_err_set(err, ZF_ERROR, "生成预览超时（%d 秒）", timeout_s);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rc = zf_err_set(err, ZF_ERROR, "ffmpeg 生成预览失败：%s",
				msg[0] ? zf_str_trim(msg) : "未知原因");
	else
		rc = 0;
out:
	if (rc)
		unlink(dst);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	if (devnull >= 0)
		close(devnull);
	return rc;
}
