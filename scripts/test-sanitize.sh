#!/usr/bin/env bash
# `make test-sanitize`: the whole test suite under AddressSanitizer (LeakSanitizer included), then under
# ThreadSanitizer, each built in its own folder so the ordinary .build stays as it is. Any report fails
# the run. The suppressions (scripts/sanitizers/*.supp) name only toolchain code, each with its reason.
#   SANITIZERS  which to run (default "address thread")
set -euo pipefail
cd "$(dirname "$0")/.."
swift="${SWIFT:-swift}"
supp="$PWD/scripts/sanitizers"
for sanitizer in ${SANITIZERS:-address thread}; do
    scratch=".build-${sanitizer:0:1}san"
    echo "== test-sanitize: building the tests with --sanitize=$sanitizer in $scratch"
    "$swift" build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" 2>&1 | grep -v "Cannot export local symbol" || true
    echo "== test-sanitize: running the suite under --sanitize=$sanitizer"
    log="$scratch/test-sanitize.log"
    set +e
    ASAN_OPTIONS="suppressions=$supp/asan.supp:detect_leaks=1:halt_on_error=1" \
    LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0" \
    TSAN_OPTIONS="suppressions=$supp/tsan.supp:halt_on_error=0:second_deadlock_stack=1" \
        "$swift" test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" --parallel --num-workers 2 >"$log" 2>&1
    status=$?
    set -e
    grep -E "^(✔|✘) Test run|Executed [0-9]+ tests" "$log" | tail -n 2 || true
    reports=$(grep -c -E "ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer" "$log" || true)
    echo "== test-sanitize: --sanitize=$sanitizer: exit $status, $reports sanitizer report(s); log: $log"
    if [ "$status" != 0 ] || [ "$reports" != 0 ]; then
        grep -n -A30 -m3 -E "ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|✘" "$log" | head -n 120 >&2
        exit 1
    fi
done
echo "== test-sanitize: clean under ${SANITIZERS:-address thread}"
