#!/bin/sh
# Benchmark of the public portal's hottest paths: the certificate check a
# citizen runs (JSON and HTML) and the officer list, each against /healthz
# (a request that touches the database pool but renders nothing) measured in
# the same run, so the ratio is comparable across noisy machines.
# Usage: bench/portal.sh [SECONDS] (default 5 per path). Not part of make test.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-5}
tools/install-deps wrk bc
make -s all
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
build/zhifa init --db "$dir/b.db" --demo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
build/zhifa serve --db "$dir/b.db" --listen "127.0.0.1:$port" 2>"$dir/log" &
pid=$!
for i in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

rps() { wrk -t2 -c16 -d"${secs}s" "http://127.0.0.1:$port$1" | awk '/Requests\/sec/ {print $2}'; }
ref=$(rps /healthz)
printf '%-36s %10s req/s  (reference)\n' /healthz "$ref"
for path in /api/v1/certificates/14052400101 /certificates/14052400101 /officers /api/v1/officers; do
	r=$(rps "$path")
	printf '%-36s %10s req/s  ratio %.3f\n' "$path" "$r" "$(echo "$r / $ref" | bc -l)"
done
