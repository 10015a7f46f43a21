#!/bin/sh
# Benchmark of evidence uploads: 1 GiB in one tus PATCH over loopback to
# zhifa (SHA-256 while streaming, fsync before the answer, SQLite) against
# nginx writing the same request body to disk (client_body_in_file_only)
# followed by an fsync of the file it wrote, in the same run on the same
# file system; then the rate with SM3 as well (a body with gm_enabled) and
# the zhifa server's peak RSS (VmHWM). Target: zhifa >= 0.8x nginx.
# Usage: bench/upload.sh [MiB] (default 1024). Not part of make test.
set -eu
cd "$(dirname "$0")/.."
mib=${1:-1024}
size=$((mib * 1024 * 1024))
tools/install-deps nginx-light libnginx-mod-http-echo curl sqlite3 bc
make -s all
. bench/lib.sh

# The body: a sparse file reads as zeros at memory speed (no disk read
# competes with the writes measured); both servers get the same bytes.
truncate -s "$size" "$dir/src"

now() { date +%s.%N; }
mbps() { echo "scale=1; $size / 1000000 / ($2 - $1)" | bc -l; }

# ---- nginx ----
ngx_port=$(free_port)
mkdir -p "$dir/ngx/body"
cat >"$dir/ngx/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
worker_processes 1;
pid $dir/ngx/nginx.pid;
error_log $dir/ngx/error.log;
events {}
http {
	access_log off;
	client_body_temp_path $dir/ngx/body;
	proxy_temp_path $dir/ngx/t1;
	fastcgi_temp_path $dir/ngx/t2;
	uwsgi_temp_path $dir/ngx/t3;
	scgi_temp_path $dir/ngx/t4;
	client_body_in_file_only on;
	client_max_body_size 0;
	server {
		listen 127.0.0.1:$ngx_port;
		location / { echo_read_request_body; echo_status 204; }
	}
}
CONF
nginx -p "$dir/ngx" -c "$dir/ngx/nginx.conf" -g 'daemon off;' &
pids="$pids $!"
for i in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$ngx_port/" && break; sleep 0.1; done

# ---- zhifa ----
build/zhifa init --db "$dir/z.db" --demo >/dev/null
token=$(build/zhifa token add --db "$dir/z.db" --login officer1 2>/dev/null)
zf_port=
zf_pid=
zf_start() {
	zf_port=$(free_port)
	build/zhifa serve --db "$dir/z.db" --listen "127.0.0.1:$zf_port" 2>>"$dir/zhifa.log" &
	zf_pid=$!
	pids="$pids $zf_pid"
	for i in $(seq 50); do curl -sf "http://127.0.0.1:$zf_port/healthz" >/dev/null && break; sleep 0.1; done
}
zf_stop() {
	kill "$zf_pid"
	wait "$zf_pid" || true
}
hwm() { awk '/^VmHWM:/ {print int($2 / 1024) " MiB"}' "/proc/$zf_pid/status"; }

# One tus upload of the body; prints the seconds it took (create excluded).
zf_upload() {
	loc=$(curl -sf -D - -o /dev/null -X POST -H "Authorization: Bearer $token" \
		-H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $size" \
		-H 'Upload-Metadata: filename YmVuY2gubXA0,filetype dmlkZW8vbXA0' \
		"http://127.0.0.1:$zf_port/api/v1/uploads" | tr -d '\r' | awk -F': ' 'tolower($1)=="location" {print $2}')
	[ -n "$loc" ] || { echo "zhifa: create failed (log: $dir/zhifa.log)" >&2; exit 1; }
	t0=$(now)
	code=$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -H 'Expect:' \
		-H "Authorization: Bearer $token" -H 'Tus-Resumable: 1.0.0' \
		-H 'Content-Type: application/offset+octet-stream' -H 'Upload-Offset: 0' \
		-T "$dir/src" "http://127.0.0.1:$zf_port$loc")
	t1=$(now)
	[ "$code" = 204 ] || { echo "zhifa: PATCH answered $code" >&2; tail -5 "$dir/zhifa.log" >&2; exit 1; }
	mbps "$t0" "$t1"
}

# nginx: the body to a file, then that file fsync'd.
ngx_upload() {
	t0=$(now)
	code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Expect:' -T "$dir/src" \
		"http://127.0.0.1:$ngx_port/upload")
	f=$(ls -t "$dir/ngx/body"/* | head -1)
	python3 -c 'import os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); os.fsync(fd)' "$f"
	t1=$(now)
	[ "$code" = 204 ] || { echo "nginx answered $code" >&2; exit 1; }
	rm -f "$f"
	mbps "$t0" "$t1"
}

zf_start
echo "${mib} MiB in one request over loopback, SHA-256 + fsync (zhifa) vs body file + fsync (nginx)"
ngx_upload >/dev/null # warm-up: page cache and file system
ngx=$(ngx_upload)
zf=$(zf_upload)
printf 'nginx                 %8s MB/s\n' "$ngx"
printf 'zhifa (SHA-256)       %8s MB/s  ratio %.2f (target >= 0.80)\n' "$zf" "$(echo "$zf / $ngx" | bc -l)"
printf 'zhifa peak RSS        %8s\n' "$(hwm)"

# The same body with 国密 on: SM3 computed beside SHA-256.
zf_stop
sqlite3 "$dir/z.db" "INSERT INTO case_setting (body_id, version, json, created_at)
	SELECT a.body_id, coalesce((SELECT max(version) FROM case_setting s WHERE s.body_id = a.body_id), 0) + 1,
	       json_set(coalesce((SELECT json FROM case_setting s WHERE s.body_id = a.body_id
	                          ORDER BY version DESC LIMIT 1), '{}'), '\$.gm_enabled', json('true')),
	       CAST(strftime('%s', 'now') AS INTEGER)
	FROM account a WHERE a.login = 'officer1';"
zf_start
sm3=$(zf_upload)
printf 'zhifa (SHA-256 + SM3) %8s MB/s  ratio %.2f\n' "$sm3" "$(echo "$sm3 / $ngx" | bc -l)"
printf 'zhifa peak RSS        %8s\n' "$(hwm)"
