#!/bin/sh
# Benchmark of the two database drivers: the same API workload against one
# zhifa on SQLite and one on PostgreSQL (a throw-away cluster from
# tools/pg-cluster), in one run, printing requests per second for each and the
# PostgreSQL/SQLite ratio. Workloads (wrk, 2 threads, 16 connections each):
#   GET  /api/v1/officers             the public officer list
#   GET  /api/v1/certificates/N       the citizen's certificate check
#   POST /api/v1/officers             a new officer per request (unique
#                                     certificate numbers; audit + history rows)
#   PUT  /api/v1/officers/N           a change of one officer (of those there
#                                     are then, threads on disjoint halves)
# Writes use a registrar's API token. Both servers run with the default pool
# (--pool 16) on the same machine; the numbers compare the drivers, not
# machines. Note: tools/pg-cluster runs PostgreSQL with fsync=off (a test
# cluster), so its commits are not flushed to disk while SQLite's are
# (synchronous=FULL): the write ratio flatters PostgreSQL; a production
# server with fsync on pays what SQLite pays here, or more over a network.
# Usage: bench/store.sh [SECONDS] (default 5 per workload). Not part of make test.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-5}
tools/install-deps wrk bc postgresql
make -s all
. bench/lib.sh


# The writes, one script for both: ZF_WRITE=post adds a new officer per
# request (certificate numbers unique per thread and request); ZF_WRITE=put
# changes an officer per request, each a real change, each thread cycling
# through its own half of the ZF_OFFICERS officers so that two requests in
# flight rarely change the same record (the second would get 409: zhifa
# refuses to overwrite a change it has not seen).
cat >"$dir/write.lua" <<'EOF'
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
local n = 0
local put = os.getenv("ZF_WRITE") == "put"
local share = put and math.floor(tonumber(os.getenv("ZF_OFFICERS")) / 2)
local headers = {["Content-Type"] = "application/json",
	["Authorization"] = "Bearer " .. os.getenv("ZF_TOKEN")}
function request()
	n = n + 1
	if put then
		local id = (tid - 1) * share + n % share + 1
		local body = string.format('{"domains":"旅游市场 %d-%d"}', tid, n)
		return wrk.format("PUT", "/api/v1/officers/" .. id, headers, body)
	end
	local body = string.format('{"body_id":1,"name":"压测人员%d","cert_no":"BENCH-%d-%d",' ..
		'"issuer":"陵川县人民政府","domains":"旅游市场","valid_from":"2025-01-01",' ..
		'"valid_to":"2035-12-31"}', n, tid, n)
	return wrk.format("POST", "/api/v1/officers", headers, body)
end
EOF

# rps URL [SCRIPT]: requests per second of one wrk run; non-2xx answers are
# reported on stderr (they would make the number meaningless).
rps() {
	out=$(wrk -t2 -c16 -d"${secs}s" ${2:+-s "$2"} "$1")
	bad=$(echo "$out" | awk '/Non-2xx/ {print $5}')
	[ -n "$bad" ] && echo "warning: $bad non-2xx answers from $1" >&2
	echo "$out" | awk '/Requests\/sec/ {print $2}'
}

# measure NAME DB [SERVE ARGS...]: serves DB, runs the workloads, writes
# the four numbers into $dir/NAME.
measure() {
	name=$1
	db=$2
	shift 2
	port=$(free_port)
	build/zhifa serve --db "$db" --listen "127.0.0.1:$port" "$@" 2>"$dir/$name.log" &
	pid=$!
	pids="$pids $pid"
	for i in $(seq 100); do
		curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
		sleep 0.1
	done
	base="http://127.0.0.1:$port"
	{
		rps "$base/api/v1/officers"
		rps "$base/api/v1/certificates/14052400101"
		ZF_TOKEN=$token ZF_WRITE=post rps "$base/api/v1/officers" "$dir/write.lua"
		officers=$(curl -sf "$base/api/v1/officers" |
			python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])')
		ZF_TOKEN=$token ZF_WRITE=put ZF_OFFICERS=$officers rps "$base/api/v1/officers" "$dir/write.lua"
	} >"$dir/$name"
	kill "$pid"
	wait "$pid" || true
}

# SQLite: the embedded default.
build/zhifa init --db "$dir/s.db" --demo >/dev/null
token=$(build/zhifa token add --db "$dir/s.db" --login registrar1)
measure sqlite "$dir/s.db"

# PostgreSQL: a new database on a throw-away cluster.
url=$(tools/pg-cluster start "$pg_dir")
pg_up=1
psql -q "$url" -c "CREATE DATABASE zf_bench ENCODING 'UTF8' TEMPLATE template0" \
	-c "ALTER DATABASE zf_bench SET synchronous_commit = on"
pg_url=$(echo "$url" | sed 's|/postgres$|/zf_bench|')
build/zhifa init --db "$pg_url" --data "$dir/p.data" --demo >/dev/null
token=$(build/zhifa token add --db "$pg_url" --data "$dir/p.data" --login registrar1)
measure postgresql "$pg_url" --data "$dir/p.data"

printf '%-36s %12s %12s %10s\n' "workload ($secs s each)" "SQLite" "PostgreSQL" "PG/SQLite"
i=1
for w in "GET /api/v1/officers" "GET /api/v1/certificates/N" "POST /api/v1/officers" \
	"PUT /api/v1/officers/N"; do
	s=$(sed -n "${i}p" "$dir/sqlite")
	p=$(sed -n "${i}p" "$dir/postgresql")
	printf '%-36s %12s %12s %10.3f\n' "$w" "$s" "$p" "$(echo "$p / $s" | bc -l)"
	i=$((i + 1))
done
echo "(requests per second; PostgreSQL $(psql -Atq "$url" -c 'SHOW server_version'), fsync=off test cluster)"
