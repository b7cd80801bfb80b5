# shellcheck shell=bash
# Shared by bench/run and bench/memory (sourced, not run): find or start the stack to measure.
#
# bench_target [ARG]  sets BASE (http://127.0.0.1:PORT) and SDIR (the stack's state directory, or
#                     empty when only a URL was given). ARG is:
#                       (none)      a throwaway stack in a temp dir, stopped again at exit
#                       http://...  a running stack known only by its URL
#                       DIR         a running stack started by scripts/stack in DIR (e.g. var)

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK=$REPO/scripts/stack

say() { printf '%s\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

need_wrk() {
	command -v wrk >/dev/null || die "wrk is not installed: run scripts/stack deps (apt-get install wrk)"
}

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

BENCH_OWN_DIR=
bench_cleanup() {
	if [[ -n $BENCH_OWN_DIR ]]; then
		"$STACK" stop "$BENCH_OWN_DIR" || true
		rm -rf "$BENCH_OWN_DIR"
	fi
}

bench_target() {
	local arg=${1:-}
	SDIR=
	if [[ -z $arg ]]; then
		[[ -x $REPO/tpanel ]] || "$STACK" build
		BENCH_OWN_DIR=$(mktemp -d /tmp/tpbXXXX)
		trap bench_cleanup EXIT
		local port
		port=$(free_port)
		say "starting a stack with ${TPANEL_WORKERS:-2} workers in $BENCH_OWN_DIR on port $port"
		TPANEL_WORKERS=${TPANEL_WORKERS:-2} "$STACK" start "$BENCH_OWN_DIR" "$port" >&2
		SDIR=$BENCH_OWN_DIR
		BASE=http://127.0.0.1:$port
	elif [[ $arg == http://* || $arg == https://* ]]; then
		BASE=${arg%/}
	elif [[ -d $arg ]]; then
		SDIR=$(cd "$arg" && pwd)
		[[ -s $SDIR/port ]] || die "$SDIR has no stack (no port file): start it with scripts/stack"
		BASE=http://127.0.0.1:$(cat "$SDIR/port")
	else
		die "neither a URL nor a stack directory: $arg"
	fi
	local code
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/api/health/" || true)
	[[ $code == 200 ]] || die "$BASE/api/health/ answers $code, not 200"
}

# The pids of the stack's workers (needs SDIR).
worker_pids() {
	local master
	master=$(cat "$SDIR/tpanel.pid" 2>/dev/null) || return 0
	pgrep -P "$master" -x tpanel-worker | sort -n || true
}

# nginx stub_status "Writing:" count (1 = only the status request itself), or "?".
nginx_writing() {
	curl -s --max-time 3 "$BASE/nginx_status" | sed -n 's/.*Writing: *\([0-9]*\).*/\1/p' | grep . || echo "?"
}

# Wait up to 5 s for Writing: 1; prints the final value.
settle_writing() {
	local i w
	for ((i = 0; i < 50; i++)); do
		w=$(nginx_writing)
		[[ $w == 1 || $w == "?" ]] && break
		sleep 0.1
	done
	echo "$w"
}
