# Shared by the benchmarks (sourced): a scratch folder DIR removed at exit with
# the servers in PIDS and the PostgreSQL cluster in PG_DIR (when PG_UP is
# set), and free_port.
dir=$(mktemp -d)
pids=""
pg_dir="$dir/pg"
pg_up=
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	[ -n "$pg_up" ] && tools/pg-cluster stop "$pg_dir" >/dev/null 2>&1
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
chmod 755 "$dir"

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
