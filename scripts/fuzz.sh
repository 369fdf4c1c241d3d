#!/usr/bin/env bash
# npm run fuzz: builds the libFuzzer targets (build/fuzz: clang-14, ASan +
# UBSan, checksums not verified — tests/fuzz/README.md) and runs every target
# in turn for FUZZ_SECONDS (default 60), then prints per target: executions,
# coverage (edges), features, corpus size and crashes.
#   npm run fuzz                            every target, 60 s each
#   FUZZ_SECONDS=5 npm run fuzz -- model    some targets
#   npm run fuzz -- --seeds                 rewrite tests/fuzz/corpus/model (after a model format change)
#   npm run fuzz -- --record                also write the table to bench/README-fuzz.md
# The working corpus grows in build/fuzz/corpus/<target> (the committed seeds in
# tests/fuzz/corpus/<target> are read, never written); a crash, leak, timeout or
# out-of-memory input lands in build/fuzz/crashes/<target>/ — make it a
# regression input (tests/fuzz/regressions/<target>/, see the README).
# Exits non-zero if any target crashed.
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${FUZZ_SECONDS:-60}"
JOBS="${CINEREC_JOBS:-$(nproc)}"
record=0
seeds=0
only=()
for a in "$@"; do
  case "$a" in
    --record) record=1 ;;
    --seeds) seeds=1 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) only+=("$a") ;;
  esac
done

if ! command -v clang++-14 >/dev/null || [ ! -f /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ]; then
  echo "fuzz: needs clang-14 and libfuzzer-14-dev (bash scripts/setup.sh installs them)" >&2
  exit 1
fi
# CINEREC_FUZZ_BUILD: another build folder with the targets (npm test passes
# build/asan, configured by scripts/test.sh; it also holds the sanitized suite).
B="${CINEREC_FUZZ_BUILD:-build/fuzz}"
if [ ! -f $B/CMakeCache.txt ]; then
  cmake -S . -B $B -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCINEREC_FUZZ=ON -DCINEREC_TESTS=OFF >/dev/null || exit 1
fi
cmake --build $B -j"$JOBS" --target cinerec_fuzz cinerec_fuzz_tool >/dev/null || {
  cmake --build $B -j1 --target cinerec_fuzz cinerec_fuzz_tool; exit 1; }

if [ $seeds -eq 1 ]; then
  # The committed seeds, from the test fixtures (tests/fuzz/README.md).
  set -e
  C=tests/fuzz/corpus
  sep=$'\n--cinerec-next-file--\n'
  join_files() {  # join_files OUT FILE... (a missing FILE ends the list)
    local out=$1; shift; local first=1
    : >"$out"
    for f in "$@"; do
      [ -f "$f" ] || break
      [ $first -eq 1 ] || printf '%s' "$sep" >>"$out"
      cat "$f" >>"$out"; first=0
    done
  }
  rm -rf $C; mkdir -p $C/{snapshot,movielens-csv,movielens-100k,movielens-dat,model,person-ratings}
  M=tests/fixtures/movielens
  for d in csv-tricky csv-year-column; do
    join_files $C/movielens-csv/$d $M/$d/movies.csv $M/$d/ratings.csv $M/$d/tags.csv $M/$d/links.csv
  done
  join_files $C/movielens-100k/ml100k-mini $M/ml100k-mini/{u.item,u.data,u.genre,u1.base}
  join_files $C/movielens-dat/dat-mini $M/dat-mini/{movies.dat,ratings.dat,tags.dat}
  bash scripts/build.sh native >/dev/null
  for d in csv-tricky csv-year-column ml100k-mini dat-mini; do
    build/native/cinerec snapshot --from $M/$d --out $C/snapshot/$d.cinerec >/dev/null
    build/native/cinerec snapshot --from $M/$d --timestamps --out $C/snapshot/$d-timestamps.cinerec >/dev/null
  done
  $B/cinerec_fuzz_tool seeds $C/model
  cp $M/csv-tricky/ratings.csv $C/person-ratings/movielens-ratings.csv
  printf 'movieId,rating\n1,4.5\n2,3\n' >$C/person-ratings/header.csv
  printf '1,4.5\r\n2,0.5\r\n' >$C/person-ratings/two-columns.csv
  printf 'userId,movieId,rating,timestamp\n7,1,4.0,964982703\n7,3,2.5,964981247\n' >$C/person-ratings/one-user.csv
  printf '\xef\xbb\xbf"movieId","rating"\n"10","5"\n' >$C/person-ratings/bom-quoted.csv
  du -sh $C/*
  exit 0
fi

mapfile -t targets < <($B/cinerec_fuzz_tool list | cut -f1)
if [ ${#only[@]} -gt 0 ]; then
  for t in "${only[@]}"; do
    printf '%s\n' "${targets[@]}" | grep -qx -- "$t" || { echo "fuzz: no target '$t' (targets: ${targets[*]})" >&2; exit 2; }
  done
  targets=("${only[@]}")
fi

export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
rows=()
total_execs=0
total_crashes=0
started=$(date -u +%Y-%m-%dT%H:%MZ)
for t in "${targets[@]}"; do
  work=$B/corpus/$t
  crashes=$B/crashes/$t
  mkdir -p "$work" "$crashes" tests/fuzz/corpus/"$t"
  before=$(ls "$crashes" | wc -l)
  dict=()
  [ -f tests/fuzz/dict/"$t".dict ] && dict=(-dict=tests/fuzz/dict/"$t".dict)
  log=$B/$t.log
  CINEREC_FUZZ_TARGET="$t" $B/cinerec_fuzz -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" "${dict[@]}" \
    "$work" tests/fuzz/corpus/"$t" >"$log" 2>&1
  rc=$?
  execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | awk '{print $2}')
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | awk '{print $2}')
  corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | awk '{print $2}')
  found=$(( $(ls "$crashes" | wc -l) - before ))
  [ $rc -ne 0 ] && [ $found -eq 0 ] && found=1
  total_execs=$((total_execs + ${execs:-0}))
  total_crashes=$((total_crashes + found))
  rows+=("$(printf '%-16s %12s %8s %8s %7s %8s' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found")")
  printf '%s\n' "${rows[-1]}"
  if [ $found -gt 0 ]; then
    echo "  crash: see $log; inputs in $crashes/" >&2
    grep -E 'ERROR: |SUMMARY: |runtime error|invariant broken' "$log" | head -5 | sed 's/^/  /' >&2
  fi
done

header=$(printf '%-16s %12s %8s %8s %7s %8s' target executions edges features corpus crashes)
echo
echo "$header"
printf '%s\n' "${rows[@]}"
echo "fuzz: ${#targets[@]} targets, ${SECONDS_EACH} s each, $total_execs executions, $total_crashes crashes"

if [ $record -eq 1 ]; then
  {
    echo "# Fuzzing: the long run"
    echo
    echo "Written by \`FUZZ_SECONDS=$SECONDS_EACH npm run fuzz -- --record\` (scripts/fuzz.sh), $started, commit"
    echo "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- cpp tests/fuzz || echo ' with local changes'), on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))."
    echo "One target at a time, one process each, libFuzzer (clang 14) with AddressSanitizer and"
    echo "UndefinedBehaviorSanitizer, checksums not verified (the fuzz driver turns them off) so mangled bytes reach"
    echo "the decoders; each run starts from the committed seeds in tests/fuzz/corpus/ plus the corpus"
    echo "earlier runs grew in build/fuzz/corpus/. Targets and how to turn a crash into a regression"
    echo "test: [tests/fuzz/README.md](../tests/fuzz/README.md)."
    echo
    echo '```'
    echo "$header"
    printf '%s\n' "${rows[@]}"
    echo '```'
    echo
    echo "**$total_execs executions in total, $total_crashes crashes.** \"edges\" and \"features\" are"
    echo "libFuzzer's coverage counters (cov, ft) at the end of the run; \"corpus\" the inputs it kept."
  } > bench/README-fuzz.md
  echo "fuzz: wrote bench/README-fuzz.md"
fi
[ $total_crashes -eq 0 ]
