#!/bin/sh
# Benchmark of the record log (issue 4), each figure beside a reference
# measured in the same run on the same disk:
#   (a) sequencer: N pending entries (history rows written as use cases write
#       them) integrated into the tree, stored hashes, state and a signed
#       checkpoint per batch, DATA/checkpoint replaced durably — entries/s,
#       beside the same rows SHA-256'd and inserted with one durable commit
#       per batch and no tree work; target >= 20,000/s on SQLite;
#   (b) end-to-end durable record writes: 64 concurrent API clients adding
#       officers (record, history, pending entry in one durable commit), until
#       a signed checkpoint covers them all, on SQLite and on PostgreSQL with
#       fsync on — beside the disk's single-fsync rate, with the device's
#       flush count during the run (records per flush);
#   (c) tree rebuilt from entry bundles (parse, leaf hash, compact range,
#       tile hashes) against raw SHA-256 over the same bytes; target >= 40%;
#   (d) zhifa log verify from the rows (every entry recomputed from its
#       history row, tree, checkpoints) — entries/s, reported;
#   (e) proof files (/log/proof/<i>) at N entries, target < 1 ms, beside the
#       tree code alone on the same tree in memory.
# Usage: bench/ledger.sh [N] [SECONDS] [N_PG]: N entries for (a), (c), (d),
# (e) (default 1000000), SECONDS per write run (default 10), N_PG entries
# for (a) on PostgreSQL (default 100000; 0 skips). Takes a few minutes at
# the defaults. Not part of make test.
set -eu
cd "$(dirname "$0")/.."
n=${1:-1000000}
secs=${2:-10}
n_pg=${3:-100000}
tools/install-deps wrk curl postgresql
make -s all build/bench/ledger_bench
. bench/lib.sh
[ "$(stat -f -c %T "$dir")" = tmpfs ] &&
	echo "warning: $dir is on tmpfs: fsync costs nothing there (set TMPDIR to a disk)" >&2


# Flush requests completed by the whole disks (/proc/diskstats field 19,
# Linux 5.5+): what fsync costs the device.
flushes() {
	awk '$3 ~ /^(sd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme[0-9]+n[0-9]+|mmcblk[0-9]+)$/ && NF >= 20 {s += $19}
	     END {print s + 0}' /proc/diskstats
}

now() { date +%s.%N; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }

# The size of the checkpoint served at BASE.
cp_size() { curl -sf "$1/log/checkpoint" | sed -n 2p; }

echo "== reference: the disk"
fsync_rate=$(build/bench/ledger_bench fsync "$dir" 3)
echo "single fsync (4 KiB appended, then fsync): $fsync_rate/s"

# ---------------------------------------------------------------------------
# (b) 64 clients through the API.
cat >"$dir/write.lua" <<'EOF'
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
local n = 0
local headers = {["Content-Type"] = "application/json",
	["Authorization"] = "Bearer " .. os.getenv("ZF_TOKEN")}
function request()
	n = n + 1
	local body = string.format('{"body_id":1,"name":"日志压测%d","cert_no":"LOG-%s-%d-%d",' ..
		'"issuer":"陵川县人民政府","domains":"旅游市场","valid_from":"2025-01-01",' ..
		'"valid_to":"2035-12-31"}', n, os.getenv("ZF_RUN"), tid, n)
	return wrk.format("POST", "/api/v1/officers", headers, body)
end
EOF

# writes NAME DB [SERVE ARGS...]: the write run on DB; prints one result line.
writes() {
	name=$1
	db=$2
	shift 2
	port=$(free_port)
	base="http://127.0.0.1:$port"
	build/zhifa serve --db "$db" --listen "127.0.0.1:$port" "$@" 2>"$dir/$name.log" &
	pid=$!
	pids="$pids $pid"
	for i in $(seq 100); do
		curl -sf "$base/healthz" >/dev/null && break
		sleep 0.1
	done
	officers0=$(curl -sf "$base/api/v1/officers" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
	size0=$(cp_size "$base")
	f0=$(flushes)
	t0=$(now)
	out=$(ZF_TOKEN=$token ZF_RUN=$name wrk -t2 -c64 -d"${secs}s" -s "$dir/write.lua" "$base/api/v1/officers")
	t1=$(now)
	f1=$(flushes)
	bad=$(echo "$out" | awk '/Non-2xx/ {print $5}')
	[ -n "$bad" ] && echo "warning: $bad non-2xx answers on $name" >&2
	officers1=$(curl -sf "$base/api/v1/officers" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
	made=$((officers1 - officers0))
	# End to end: until a signed checkpoint covers every record written.
	want=$((size0 + made))
	for i in $(seq 600); do
		[ "$(cp_size "$base")" -ge "$want" ] && break
		sleep 0.1
	done
	t2=$(now)
	[ "$(cp_size "$base")" -ge "$want" ] || echo "warning: the log did not catch up on $name" >&2
	kill "$pid"
	wait "$pid" || true
	run=$(calc %.3f "$t1 - $t0")
	printf '(b) %-10s %6d records in %5.1f s: API %7.0f writes/s; in a signed checkpoint %7.0f/s | single fsync %s/s; device flushes %6.0f/s, %5.2f records per flush\n' \
		"$name" "$made" "$run" "$(calc %.1f "$made / $run")" "$(calc %.1f "$made / ($t2 - $t0)")" \
		"$fsync_rate" "$(calc %.1f "($f1 - $f0) / $run")" "$(calc %.3f "$made / (($f1 - $f0) > 0 ? ($f1 - $f0) : 1)")"
	# (d) on the same database: zhifa log verify from the rows.
	v0=$(now)
	build/zhifa log verify --db "$db" "$@" >"$dir/$name.verify" || {
		echo "log verify failed on $name:" >&2
		cat "$dir/$name.verify" >&2
	}
	v1=$(now)
	printf '(d) %-10s zhifa log verify of %d entries: %.1f s, %7.0f entries/s\n' "$name" "$want" \
		"$(calc %.3f "$v1 - $v0")" "$(calc %.1f "$want / ($v1 - $v0)")"
}

echo "== (b) end-to-end durable writes, 64 clients, $secs s; (d) log verify of the result"
build/zhifa init --db "$dir/s.db" --demo >/dev/null
token=$(build/zhifa token add --db "$dir/s.db" --login registrar1 2>/dev/null)
writes sqlite "$dir/s.db"

url=$(ZF_PG_DURABLE=1 tools/pg-cluster start "$pg_dir")
pg_up=1
psql -q "$url" -c "CREATE DATABASE zf_bench ENCODING 'UTF8' TEMPLATE template0" \
	-c "CREATE DATABASE zf_seq ENCODING 'UTF8' TEMPLATE template0"
[ "$(psql -Atq "$url" -c 'SHOW fsync')" = on ] || echo "warning: PostgreSQL runs with fsync off" >&2
pg_url=$(echo "$url" | sed 's|/postgres$|/zf_bench|')
build/zhifa init --db "$pg_url" --data "$dir/p.data" --demo >/dev/null
token=$(build/zhifa token add --db "$pg_url" --data "$dir/p.data" --login registrar1 2>/dev/null)
writes postgresql "$pg_url" --data "$dir/p.data"

# ---------------------------------------------------------------------------
echo "== (a) sequencer, (d) log verify, (e) proofs at $n entries: SQLite"
build/zhifa init --db "$dir/a.db" --demo >/dev/null
build/bench/ledger_bench db "$dir/a.db" "$dir/a.data" "$n" 1000
echo "    single fsync $fsync_rate/s"
if [ "$n_pg" -gt 0 ]; then
	echo "== (a) sequencer, (d) log verify, (e) proofs at $n_pg entries: PostgreSQL, fsync on"
	seq_url=$(echo "$url" | sed 's|/postgres$|/zf_seq|')
	build/zhifa init --db "$seq_url" --data "$dir/q.data" --demo >/dev/null
	build/bench/ledger_bench db "$seq_url" "$dir/q.data" "$n_pg" 1000
fi
echo "== (e) reference: the tree code alone on $n entries in memory"
build/bench/ledger_bench proof-mem "$n" 1000

echo "== (c) tree rebuild from entry bundles, $n entries"
build/bench/ledger_bench rebuild "$n"
echo "(machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), OpenSSL $(openssl version | cut -d' ' -f2))"
