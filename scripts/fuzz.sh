#!/usr/bin/env bash
# `make fuzz` / `make fuzz-smoke`: builds the libFuzzer targets (Sources/Fuzz, -sanitize=fuzzer,address) in
# .build-fuzz, seeds their corpora and runs each for FUZZ_SECONDS. Fails on any crash, sanitizer report,
# leak, timeout (> 1 s an input) or out-of-memory (> 256 MB), printing the reproducer's path.
#
#   FUZZ_SECONDS  seconds per target (default 60)
#   FUZZ_TARGETS  which targets (default all: Check Inspect XMP EXIF JSON CSV GeoJSON Tile)
#   FUZZ_JOBS     targets fuzzed at the same time (default 2, one per core)
#   MLY360_SHARED the shared material (default ../shared); its testdata/real JPEGs seed the JPEG targets
#
# Seeds: the committed ones (Tests/FuzzTests/Fuzz/Seeds), every committed regression input
# (Tests/FuzzTests/Fuzz/Regressions), the head (64 KiB) of each real JPEG, and what the simulator serves:
# Graph answers, z14 coverage tiles, panoramas downloaded with --embed-metadata and their CSV.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
targets="${FUZZ_TARGETS:-Check Inspect XMP EXIF JSON CSV GeoJSON Tile}"
jobs="${FUZZ_JOBS:-2}"
shared="${MLY360_SHARED:-../shared}"
swift="${SWIFT:-swift}"
scratch=.build-fuzz
work="$scratch/work"
fuzzdir=Tests/FuzzTests/Fuzz
mkdir -p "$work"

# ---- 1. build ------------------------------------------------------------------------------------------
# Release (-O keeps Swift's bounds and overflow checks, so defects still trap): a debug build runs the
# image targets at 3-40 inputs a second and times out on ordinary panoramas. lld, not the default gold:
# gold crashes (internal error in format_file_lineno) reporting link errors of the instrumented objects.
started=$(date +%s)
for t in $targets; do
    "$swift" build -c release --product "Fuzz$t" --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld 2>&1 | grep -v "Cannot export local symbol" || true
    [ -x "$scratch/release/Fuzz$t" ] || { echo "fuzz: Fuzz$t did not build" >&2; exit 1; }
done
echo "fuzz: built $(wc -w <<<"$targets") targets in $(( $(date +%s) - started )) s"

# ---- 2. seeds ------------------------------------------------------------------------------------------
seeds="$work/seeds"
if [ ! -f "$seeds/.done" ]; then
    rm -rf "$seeds"; mkdir -p "$seeds"/{jpeg,json,tile,csv}
    "$swift" build --product mly360-sim >/dev/null && "$swift" build --product mly360 >/dev/null
    bin=$("$swift" build --show-bin-path)
    sim_out="$work/sim.out"; rm -f "$sim_out"
    "$bin/mly360-sim" --seed 11 --sequences 4 --images-per-sequence 3-6 --area 13.400,52.500,13.410,52.508 \
        --served-width 512 >"$sim_out" 2>"$work/sim.log" &
    sim_pid=$!
    trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do [ -s "$sim_out" ] && break; sleep 0.1; done
    graph=$(sed -n 's/.*graph=\([^ ]*\).*/\1/p' "$sim_out")
    token=$(sed -n 's/.*token=\([^ ]*\).*/\1/p' "$sim_out")
    [ -n "$graph" ] || { echo "fuzz: the simulator did not start; see $work/sim.log" >&2; exit 1; }
    MAPILLARY_ACCESS_TOKEN="$token" "$bin/mly360" download --bbox 13.400,52.500,13.410,52.508 --api-url "$graph" \
        --out "$work/download" --embed-metadata >"$work/download.log" 2>&1 || true
    find "$work/download" -maxdepth 1 -name '*.jpg' | sort | head -n 12 | while read -r f; do cp "$f" "$seeds/jpeg/sim-$(basename "$f")"; done
    find "$work/download/thumbnails" -name '*.jpg' 2>/dev/null | sort | head -n 4 | while read -r f; do cp "$f" "$seeds/jpeg/thumb-$(basename "$f")"; done
    cp "$work/download/"*.csv "$seeds/csv/" 2>/dev/null || true
    auth=(-H "Authorization: OAuth $token")
    fields="id,sequence,is_pano,camera_type,captured_at,geometry,computed_geometry,width,height,make,model,creator,thumb_original_url,thumb_2048_url"
    curl -sf "${auth[@]}" "$graph/images?bbox=13.400,52.500,13.410,52.508&fields=$fields&limit=20" -o "$seeds/json/sim-bbox.json" || true
    id=$(grep -o '"id":"[0-9]*"' "$seeds/json/sim-bbox.json" 2>/dev/null | head -n 1 | cut -d'"' -f4)
    sequence=$(grep -o '"sequence":"[^"]*"' "$seeds/json/sim-bbox.json" 2>/dev/null | head -n 1 | cut -d'"' -f4)
    [ -n "$id" ] && curl -sf "${auth[@]}" "$graph/$id?fields=$fields" -o "$seeds/json/sim-image.json" || true
    [ -n "$sequence" ] && curl -sf "${auth[@]}" "$graph/image_ids?sequence_id=$sequence" -o "$seeds/json/sim-ids.json" || true
    curl -s "$graph/images?bbox=13.4,52.5,13.41,52.508" -o "$seeds/json/sim-unauthorised.json" || true
    for tileset in mly1_computed_public mly1_public; do
        for xy in 8802/5373 8802/5374 8803/5373; do
            curl -sf "$graph/maps/vtp/$tileset/2/14/$xy?access_token=$token" -o "$seeds/tile/$tileset-${xy/\//-}.mvt" || true
        done
    done
    kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; trap - EXIT
    if [ -d "$shared/testdata/real" ]; then
        for f in "$shared"/testdata/real/*.jpg "$shared"/testdata/real/*.JPG "$shared"/testdata/real/*.jpeg; do
            [ -f "$f" ] && head -c 65536 "$f" >"$seeds/jpeg/real-$(basename "$f")"
        done
    else
        echo "fuzz: $shared/testdata/real is absent; the JPEG targets start from the simulator's files only"
    fi
    find "$seeds" -type f -size 0 -delete
    touch "$seeds/.done"
fi

corpus_sources() { # target -> folders its corpus starts from
    case "$1" in
        Check|Inspect|EXIF) echo "$seeds/jpeg" ;;
        XMP) echo "$seeds/jpeg $fuzzdir/Seeds/xmp" ;;
        JSON) echo "$seeds/json $fuzzdir/Seeds/json" ;;
        GeoJSON) echo "$fuzzdir/Seeds/geojson" ;;
        CSV) echo "$seeds/csv $fuzzdir/Seeds/csv" ;;
        Tile) echo "$seeds/tile" ;;
    esac
}
dictionary() {
    case "$1" in
        Check|Inspect|EXIF) echo "$fuzzdir/Dictionaries/jpeg.dict" ;;
        XMP) echo "$work/xmp-jpeg.dict" ;;
        JSON|GeoJSON) echo "$fuzzdir/Dictionaries/json.dict" ;;
        CSV) echo "$fuzzdir/Dictionaries/csv.dict" ;;
        Tile) echo "" ;;
    esac
}
cat "$fuzzdir/Dictionaries/xmp.dict" "$fuzzdir/Dictionaries/jpeg.dict" >"$work/xmp-jpeg.dict"

# ---- 3. fuzz -------------------------------------------------------------------------------------------
export ASAN_OPTIONS="detect_leaks=1:quarantine_size_mb=32:malloc_context_size=20:allocator_may_return_null=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/sanitizers/lsan.supp:print_suppressions=0"
run_target() {
    local t="$1" name lower corpus artifacts log dict
    lower=$(tr '[:upper:]' '[:lower:]' <<<"$t")
    corpus="$work/corpus/$t"; artifacts="$work/artifacts/$t"; log="$work/$t.log"
    mkdir -p "$corpus" "$artifacts"
    for source in $(corpus_sources "$t") "$fuzzdir/Regressions/$lower"; do
        [ -d "$source" ] && find "$source" -maxdepth 1 -type f ! -name '.*' -exec cp -n {} "$corpus/" \;
    done
    dict=$(dictionary "$t")
    set +e
    "$scratch/release/Fuzz$t" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=256 -malloc_limit_mb=256 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" ${dict:+-dict="$dict"} "$corpus" >"$log" 2>&1
    local status=$?
    set -e
    echo "$status" >"$work/$t.status"
}
export -f run_target corpus_sources dictionary
export seconds scratch work fuzzdir seeds
rm -f "$work"/*.status
echo "fuzz: $seconds s per target, $jobs at a time: $targets"
printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'run_target {}'

# ---- 4. report -----------------------------------------------------------------------------------------
failed=0
summary="$work/summary.txt"
printf '%-8s %10s %9s %7s %7s %7s  %s\n' target runs "exec/s" edges features corpus result >"$summary"
for t in $targets; do
    log="$work/$t.log"; status=$(cat "$work/$t.status" 2>/dev/null || echo 99)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    line=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    edges=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$line"); features=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$line")
    corpus=$(find "$work/corpus/$t" -type f | wc -l)
    if [ "$status" = 0 ]; then result=ok; else
        failed=1
        reproducer=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        kind=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z-]+|Fatal error: .*|timeout after [0-9]+ seconds|out-of-memory \([^)]*\)' "$log" || echo "exit $status")
        result="FAILED ($kind) reproducer: ${reproducer:-none} log: $log"
    fi
    printf '%-8s %10s %9s %7s %7s %7s  %s\n' "$t" "${runs:-?}" "${speed:-?}" "${edges:-?}" "${features:-?}" "$corpus" "$result" >>"$summary"
done
cat "$summary"
echo "fuzz: $(( $(date +%s) - started )) s in all (build, seeds, $seconds s a target)"
if [ "$failed" = 1 ]; then
    echo "fuzz: a target failed. Replay its reproducer in an ordinary build: swift run Fuzz<Name> REPRODUCER" >&2
    exit 1
fi
