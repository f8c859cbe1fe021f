#!/usr/bin/env bash
# The project's one test command (README, CI via .ci/run).
#
#   scripts/test.sh
#
# On a fresh Debian 12 machine with only the .NET SDK it:
#   1. installs what the tests need (PostgreSQL server, Chromium, Node.js/npm) with apt;
#   2. starts a throwaway PostgreSQL cluster on a free 127.0.0.1 port (removed on exit);
#   3. builds Shop.sln once in Release;
#   4. runs every tests/*/*.csproj (database test projects once per database);
#   5. prints a summary whose very last line is `tests: N passed, N failed, N skipped`.
# Exit status is 0 only if nothing failed and at least one test passed.
#
# Optional environment:
#   SHOP_TEST_FILTER   passed to `dotnet test --filter` (e.g. "FullyQualifiedName~Checkout")
#   SHOP_TEST_DBS      databases for <ShopDatabaseTests> projects (default "Sqlite PostgreSQL")
#   SHOP_TEST_HANG_TIMEOUT  one test running longer than this kills its test host, and the
#                      run counts as failed (dotnet test --blame-hang-timeout; default 10m, 0 = off)
#   SHOP_REPO_ROOT     run against another checkout (used to test this script itself)
set -euo pipefail

repo_root="${SHOP_REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$repo_root"

say() { printf '==> %s\n' "$*"; }
die() { printf 'scripts/test.sh: error: %s\n' "$*" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export SHOP_CHROMIUM=/usr/bin/chromium

sln=Shop.sln
[[ -f "$sln" || ! -f Shop.slnx ]] || sln=Shop.slnx   # `dotnet new sln` on .NET 10 makes .slnx
[[ -f "$sln" ]] || die "$repo_root/Shop.sln not found"

dbs="${SHOP_TEST_DBS:-Sqlite PostgreSQL}"
for db in $dbs; do
  case "$db" in Sqlite|PostgreSQL) ;; *) die "SHOP_TEST_DBS: unknown database '$db' (use Sqlite and/or PostgreSQL)" ;; esac
done

# ---------------------------------------------------------------- dependencies

# Run a command as root: directly when we are root (CI, the project's machines), else via sudo.
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $* (no sudo found)"
  fi
}

# Newest /usr/lib/postgresql/<ver>/bin that has a server, or nothing.
pg_bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || true
  if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then printf '%s\n' "$d"; fi
}

missing=()
[[ -n "$(pg_bin_dir)" ]] || missing+=(postgresql)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v npm >/dev/null || missing+=(nodejs npm)
if ((${#missing[@]})); then
  say "installing ${missing[*]} (apt)"
  # Lock::Timeout: wait for another apt/dpkg on the machine instead of failing at once.
  as_root apt-get -o DPkg::Lock::Timeout=600 update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "${missing[@]}"
fi
pg_bin=$(pg_bin_dir)
[[ -n "$pg_bin" ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
[[ -x "$SHOP_CHROMIUM" ]] || die "$SHOP_CHROMIUM missing after installing chromium"

# ---------------------------------------------------------- throwaway PostgreSQL

# initdb refuses to run as root, so as root the cluster runs as the `postgres` OS user
# (created by the postgresql package); anybody else runs it as themselves.
if [[ $EUID -eq 0 ]]; then
  if ! id -u postgres >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin postgres
  fi
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/shop-test.XXXXXX")
results="$work/results"    # TRX files
pgdir="$work/pg"           # data dir, socket and logs; owned by the server's user
pg_started=0

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if ((pg_started)); then
    as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT        # the EXIT trap then stops the cluster and removes $work
trap 'exit 143' TERM

mkdir -p "$results" "$pgdir"
if [[ $EUID -eq 0 ]]; then
  chmod 755 "$work"        # mktemp makes it 0700; postgres must reach $pgdir inside it
  chown postgres:postgres "$pgdir"
fi

# Bootstrap superuser `shop` with password `shop`; trust auth, so the password is only
# there for connection strings that carry one.
printf 'shop\n' >"$pgdir/pwfile"
chmod 644 "$pgdir/pwfile"
as_pg "$pg_bin/initdb" -D "$pgdir/data" -U shop --pwfile="$pgdir/pwfile" --auth=trust \
  --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$pgdir/initdb.log" 2>&1 \
  || { cat "$pgdir/initdb.log" >&2; die "initdb failed"; }

# Durability off (data is thrown away); tests race hundreds of concurrent requests.
as_pg tee -a "$pgdir/data/postgresql.conf" >/dev/null <<EOF

# --- scripts/test.sh: throwaway test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pgdir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
EOF

# Port in use <=> something accepts a connection on it. Another run may grab the same
# port between probe and start, so a bind failure moves on to the next port.
port_busy() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for p in $(seq 55432 55531); do
  port_busy "$p" && continue
  as_pg rm -f "$pgdir/server.log"
  if as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -o "-p $p" -w -t 60 \
       start >/dev/null 2>&1; then
    port=$p; pg_started=1; break
  fi
  grep -q 'could not bind\|Address already in use' "$pgdir/server.log" 2>/dev/null \
    || { cat "$pgdir/server.log" >&2 2>/dev/null || true; die "PostgreSQL failed to start"; }
done
[[ -n "$port" ]] || die "no free port for PostgreSQL in 55432-55531"
export SHOP_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=shop;Password=shop;Database=postgres"
say "PostgreSQL $(basename "$(dirname "$pg_bin")") on 127.0.0.1:$port (data in $pgdir)"

# ----------------------------------------------------------------------- build

say "dotnet build $sln -c Release"
# The only restore of the run: every dotnet test below uses --no-build (which implies --no-restore).
if ! dotnet build "$sln" -c Release; then
  die "build failed: dotnet build $sln -c Release (see the errors above); no tests were run"
fi

# ------------------------------------------------------------------------ test

projects=()
for csproj in tests/*/*.csproj; do
  [[ -f "$csproj" ]] || continue
  grep -Eq '<IsTestProject>[[:space:]]*false[[:space:]]*</IsTestProject>' "$csproj" && continue
  projects+=("$csproj")
done

test_args=(-c Release --no-build --results-directory "$results")
[[ -n "${SHOP_TEST_FILTER:-}" ]] && test_args+=(--filter "$SHOP_TEST_FILTER")
hang="${SHOP_TEST_HANG_TIMEOUT:-10m}"
# A hung test would otherwise eat CI's whole time budget; with no dump the guard needs no tools.
[[ "$hang" != 0 ]] && test_args+=(--blame-hang-timeout "$hang" --blame-hang-dump-type none)

# Reads one attribute of the TRX <Counters .../> element (0 if absent).
trx_count() {
  local v
  v=$(grep -o '<Counters [^>]*>' "$1" | head -n 1 | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]\+') || true
  printf '%s\n' "${v:-0}"
}

summary=()
total_passed=0 total_failed=0 total_skipped=0
run=0
for csproj in "${projects[@]}"; do
  name=$(basename "$csproj" .csproj)
  run_dbs=Sqlite
  grep -Eq '<ShopDatabaseTests>[[:space:]]*true[[:space:]]*</ShopDatabaseTests>' "$csproj" && run_dbs=$dbs
  for db in $run_dbs; do
    run=$((run + 1))
    trx="$run-$name-$db.trx"
    say "dotnet test $csproj (SHOP_TEST_DB=$db)"
    rc=0
    SHOP_TEST_DB=$db dotnet test "$csproj" "${test_args[@]}" --logger "trx;LogFileName=$trx" || rc=$?

    passed=0 failed=0 skipped=0 note=""
    if [[ -f "$results/$trx" ]]; then
      passed=$(trx_count "$results/$trx" passed)
      failed=$(( $(trx_count "$results/$trx" failed) + $(trx_count "$results/$trx" error) \
               + $(trx_count "$results/$trx" timeout) + $(trx_count "$results/$trx" aborted) ))
      # The VSTest TRX logger leaves notExecuted at 0 for xunit's skipped tests and only
      # leaves them out of `executed`, so skipped = total - executed (or notExecuted if larger).
      skipped=$(( $(trx_count "$results/$trx" total) - $(trx_count "$results/$trx" executed) ))
      nx=$(trx_count "$results/$trx" notExecuted)
      if ((nx > skipped)); then skipped=$nx; fi
    fi
    # A run must never pass silently: no TRX at all (test host crashed before writing one,
    # or the project is not in the solution, so --no-build finds nothing and exits 0), or a
    # non-zero exit with no failure recorded (host crashed or hung mid-run) counts as 1 failure.
    if [[ ! -f "$results/$trx" ]]; then
      failed=1
      note=" (no results: dotnet test exited $rc; crashed, or project not built by $sln?)"
    elif [[ $rc -ne 0 && $failed -eq 0 ]]; then
      failed=1
      note=" (dotnet test exited $rc: test host crashed or hung)"
    fi
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    total_skipped=$((total_skipped + skipped))
    summary+=("$(printf '  %-40s %-10s %5d passed, %d failed, %d skipped%s' \
      "$name" "$db" "$passed" "$failed" "$skipped" "$note")")
  done
done

echo
echo "Test summary (${#summary[@]} runs):"
if ((${#summary[@]})); then printf '%s\n' "${summary[@]}"
else echo "  no test projects found under tests/"
fi
# Must stay the very last line of output: CI reads it.
echo "tests: $total_passed passed, $total_failed failed, $total_skipped skipped"
[[ $total_failed -eq 0 && $total_passed -gt 0 ]]
