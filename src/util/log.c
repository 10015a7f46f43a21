/* Process log on standard error: one line per event, never secrets. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "util/log.h"
#include "util/time.h"

static int max_level = ZF_LOG_INFO;

void zf_log_level(int level)
{
	max_level = level;
}

void zf_log(int level, const char *fmt, ...)
{
	static const char *names[] = {"ERROR", "WARN", "INFO", "DEBUG"};
	if (level > max_level || level < 0 || level > ZF_LOG_DEBUG)
		return;
	char ts[21], line[2048];
	zf_time_rfc3339((int64_t)time(NULL), ts);
	va_list ap;
	va_start(ap, fmt);
	int n = snprintf(line, sizeof(line), "%s %s ", ts, names[level]);
	if (n > 0 && (size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* One fputs per line keeps lines whole across threads. */
	flockfile(stderr);
	fputs(line, stderr);
	fputc('\n', stderr);
	funlockfile(stderr);
}
