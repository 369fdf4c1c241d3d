#!/usr/bin/env bash
# npm test: install what is missing, build, run every test tier:
#   1. native  — GoogleTest through ctest (build/native)
#   1b. native again under AddressSanitizer + UndefinedBehaviorSanitizer
#       (build/asan: clang, CMake CINEREC_SANITIZE + CINEREC_FUZZ; CINEREC_ASAN_TESTS narrows it to a ctest -R regex)
#   1c. fuzz   — every libFuzzer target for CINEREC_TEST_FUZZ_SECONDS (default 5) each (scripts/fuzz.sh, from build/asan)
#   2. wasm + web/lib + CLI — Node's test runner (tests/js)
#   3. app     — Playwright in Debian's Chromium (tests/e2e)
# Every tier runs even if an earlier one fails; the exit code is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
bash scripts/build.sh || exit 1

logs=build/test-logs
mkdir -p "$logs"
failed_tiers=()
total_pass=0
total_fail=0

echo "== tier 1: native (ctest)"
ctest --test-dir build/native --output-on-failure -j2 2>&1 | tee "$logs/ctest.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || failed_tiers+=(native)
line=$(grep -E "tests passed, [0-9]+ tests failed out of" "$logs/ctest.log" | tail -1)
if [[ $line =~ failed\ out\ of\ ([0-9]+) ]]; then
  n=${BASH_REMATCH[1]}; f=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$line")
  total_pass=$((total_pass + n - f)); total_fail=$((total_fail + f))
fi

echo "== tier 1b: native under AddressSanitizer + UndefinedBehaviorSanitizer (build/asan)"
# One clang build with ASan + UBSan holds the test suite and the fuzz targets
# (CINEREC_SANITIZE and CINEREC_FUZZ): tier 1c runs the fuzzers from it.
JOBS="${CINEREC_JOBS:-$(nproc)}"
asan_ok=1
if [ -f build/asan/CMakeCache.txt ] && ! grep -q '^CINEREC_FUZZ:BOOL=ON' build/asan/CMakeCache.txt; then
  rm -rf build/asan  # an older layout (g++, suite only)
fi
if [ ! -f build/asan/CMakeCache.txt ]; then
  cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++-14 -DCINEREC_SANITIZE=ON \
    -DCINEREC_FUZZ=ON -DCINEREC_NATIVE_ARCH=OFF >/dev/null || asan_ok=0
fi
build_start=$(date +%s)
[ $asan_ok -eq 1 ] && { cmake --build build/asan -j"$JOBS" --target cinerec_tests cinerec_fuzz cinerec_fuzz_tool 2>&1 | tail -3; [ "${PIPESTATUS[0]}" -eq 0 ] || asan_ok=0; }
echo "sanitized build: $(( $(date +%s) - build_start )) s"
if [ $asan_ok -eq 1 ]; then
  start=$(date +%s)
  ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure -j2 ${CINEREC_ASAN_TESTS:+-R "$CINEREC_ASAN_TESTS"} 2>&1 | tee "$logs/ctest-asan.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || failed_tiers+=(native-asan)
  echo "sanitized suite: $(( $(date +%s) - start )) s"
  line=$(grep -E "tests passed, [0-9]+ tests failed out of" "$logs/ctest-asan.log" | tail -1)
  if [[ $line =~ failed\ out\ of\ ([0-9]+) ]]; then
    n=${BASH_REMATCH[1]}; f=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$line")
    total_pass=$((total_pass + n - f)); total_fail=$((total_fail + f))
  fi
else
  failed_tiers+=(native-asan-build)
fi

echo "== tier 1c: fuzz targets, ${CINEREC_TEST_FUZZ_SECONDS:-5} s each (scripts/fuzz.sh)"
CINEREC_FUZZ_BUILD=build/asan FUZZ_SECONDS="${CINEREC_TEST_FUZZ_SECONDS:-5}" bash scripts/fuzz.sh 2>&1 | tee "$logs/fuzz.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || failed_tiers+=(fuzz)

echo "== tier 2: wasm, web/lib and CLI (node --test)"
node --test --test-concurrency=1 tests/js/ 2>&1 | tee "$logs/node.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || failed_tiers+=(node)
# The summary reads "# pass N" (TAP, not a terminal) or "ℹ pass N" (spec).
p=$(grep -E "^(#|ℹ) pass [0-9]+" "$logs/node.log" | tail -1 | awk '{print $3}')
f=$(grep -E "^(#|ℹ) fail [0-9]+" "$logs/node.log" | tail -1 | awk '{print $3}')
total_pass=$((total_pass + ${p:-0})); total_fail=$((total_fail + ${f:-0}))

echo "== tier 3: app (Playwright, Chromium)"
npx vite build --config web/app/vite.config.js --logLevel warn 2>&1 | tee "$logs/vite.log"
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  failed_tiers+=(app-build)
else
  npx playwright test -c tests/e2e/playwright.config.mjs --reporter=list 2>&1 | tee "$logs/playwright.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || failed_tiers+=(e2e)
  p=$(grep -E "^ +[0-9]+ passed" "$logs/playwright.log" | tail -1 | awk '{print $1}')
  f=$(grep -E "^ +[0-9]+ failed" "$logs/playwright.log" | tail -1 | awk '{print $1}')
  total_pass=$((total_pass + ${p:-0})); total_fail=$((total_fail + ${f:-0}))
fi

echo
if [ ${#failed_tiers[@]} -gt 0 ]; then
  echo "failed tiers: ${failed_tiers[*]}"
  [ "$total_fail" -gt 0 ] || total_fail=${#failed_tiers[@]}
fi
echo "tests: ${total_pass} passed, ${total_fail} failed"
[ ${#failed_tiers[@]} -eq 0 ]
