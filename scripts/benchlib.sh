# Functions shared by scripts/bench and scripts/bench-province; sourced,
# not run. It creates $tmp (removed on exit, with every process started by
# `start`), and expects $seconds, $conns and $threads for wrkrun.

say() { printf '==> %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

tmp=$(mktemp -d /tmp/trangtin-bench.XXXXXX)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CMD... runs CMD in the background with its output in
# $tmp/NAME.out and .err, and waits (up to 15 s) for the URL it prints
# ("http://127.0.0.1:PORT/"); sets started_pid and started_url.
start() {
	local name=$1
	shift
	"$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	started_pid=$!
	pids+=("$started_pid")
	local i
	for i in $(seq 150); do
		started_url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/$name.out" | head -n 1 || true)
		if [ -n "$started_url" ]; then
			return 0
		fi
		kill -0 "$started_pid" 2>/dev/null || { cat "$tmp/$name.err" >&2; die "$name exited"; }
		sleep 0.1
	done
	die "$name did not start within 15 s"
}

# stop PID stops a process started by start, waiting up to 20 s.
stop() {
	local p=$1 i
	kill "$p" 2>/dev/null || true
	for i in $(seq 200); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$p" 2>/dev/null || true
	wait "$p" 2>/dev/null || true
	local keep=() q
	for q in "${pids[@]}"; do
		[ "$q" = "$p" ] || keep+=("$q")
	done
	pids=("${keep[@]}")
}

fetch() { curl -sS --fail --max-time 10 "$@"; }

# median reads numbers, one a line, and prints their median.
median() {
	sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

rss() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

clk_tck=$(getconf CLK_TCK)
# cpu_ticks PID prints the user+system CPU time PID has used, in ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# wrkrun LABEL PID URL [HEADER] runs wrk for a 2 s warm-up, then $seconds
# against URL served by PID; it prints the req/s and PID's CPU time per
# request, and appends them to $tmp/LABEL.rps and $tmp/LABEL.cpu.
wrkrun() {
	local label=$1 pid=$2 url=$3 hdr=${4:-}
	local args=(-t"$threads" -c"$conns" --timeout 5s --latency)
	[ -z "$hdr" ] || args+=(-H "$hdr")
	timeout 30 wrk "${args[@]}" -d2s "$url" >/dev/null
	local out c0 c1
	c0=$(cpu_ticks "$pid")
	out=$(timeout $((seconds + 30)) wrk "${args[@]}" -d"${seconds}s" "$url")
	c1=$(cpu_ticks "$pid")
	if grep -q 'Non-2xx' <<<"$out"; then
		printf '%s\n' "$out" >&2
		die "$label: error responses"
	fi
	local rps p99 errs n cpu
	rps=$(awk '$1 == "Requests/sec:" { print $2 }' <<<"$out")
	p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	n=$(awk '$2 == "requests" && $3 == "in" { print $1 }' <<<"$out")
	errs=$(grep -o 'Socket errors:.*' <<<"$out" || true)
	cpu=$(awk -v t=$((c1 - c0)) -v hz="$clk_tck" -v n="$n" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
	echo "$rps" >>"$tmp/$label.rps"
	echo "$cpu" >>"$tmp/$label.cpu"
	printf '  %-12s %8.0f req/s  %6.1f µs CPU/req  p99 %-8s %s\n' "$label" "$rps" "$cpu" "$p99" "$errs"
}

machine_cpu=$(lscpu 2>/dev/null | awk -F: '/^Model name/ { gsub(/^ +/, "", $2); print $2; exit }')
machine="$(nproc) cores, ${machine_cpu:-unknown CPU}, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
