#!/usr/bin/env bash
# `make demo`: the whole pipeline with no token and no network.
#  1. starts the Mapillary simulator (a fake Graph API + CDN on 127.0.0.1) and runs `mly360 download` over a
#     bounding box into ./mly360-demo/download — discovery, downloads, checks, thumbnails, CSV;
#  2. generates a few local files (full and partial panoramas with GPano XMP, a flat photo, a truncated
#     file) into ./mly360-demo/samples and runs the offline `mly360 check` on them.
set -euo pipefail
bin="${1:?usage: demo.sh BIN_DIR}"
demo="./mly360-demo"
rm -rf "$demo"
mkdir -p "$demo/samples"

# ---- 1. download from the simulator ----------------------------------------------------------------
sim_log="$demo/simulator.log"
"$bin/mly360-sim" --seed 7 --sequences 10 --area 13.400,52.500,13.440,52.530 --served-width 1024 \
    --truth "$demo/simulator-truth.json" >"$demo/simulator.out" 2>"$sim_log" &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    [ -s "$demo/simulator.out" ] && break
    sleep 0.1
done
line=$(head -n 1 "$demo/simulator.out")
graph=$(sed -n 's/.*graph=\([^ ]*\).*/\1/p' <<<"$line")
token=$(sed -n 's/.*token=\([^ ]*\).*/\1/p' <<<"$line")
[ -n "$graph" ] || { echo "demo: the simulator did not start; see $sim_log" >&2; exit 1; }
echo "== Simulated Mapillary running at $graph"
echo "== mly360 download --bbox 13.400,52.500,13.440,52.530 --out $demo/download"
MAPILLARY_ACCESS_TOKEN="$token" "$bin/mly360" download --bbox 13.400,52.500,13.440,52.530 \
    --api-url "$graph" --out "$demo/download" --embed-metadata
echo
echo "   Images:     $demo/download/<id>.jpg"
echo "   CSV:        $demo/download/mapillary_images_metadata.csv"
echo "   Thumbnails: $demo/download/thumbnails/"
echo

# ---- 2. offline check of local files ----------------------------------------------------------------
s="$demo/samples"
gpano() { # file fullW fullH cropW cropH left top
    exiftool -q -overwrite_original -XMP-GPano:ProjectionType=equirectangular -XMP-GPano:UsePanoramaViewer=True \
        -XMP-GPano:FullPanoWidthPixels="$2" -XMP-GPano:FullPanoHeightPixels="$3" \
        -XMP-GPano:CroppedAreaImageWidthPixels="$4" -XMP-GPano:CroppedAreaImageHeightPixels="$5" \
        -XMP-GPano:CroppedAreaLeftPixels="$6" -XMP-GPano:CroppedAreaTopPixels="$7" \
        -Make=GoPro -Model="GoPro Max" -DateTimeOriginal="2024:05:01 10:00:00" \
        -GPSLatitude=52.5163 -GPSLatitudeRef=N -GPSLongitude=13.3777 -GPSLongitudeRef=E "$1"
}
i=0
for colours in skyblue-forestgreen lightsteelblue-sienna gold-darkslateblue; do
    i=$((i + 1))
    convert -size 2048x1024 "gradient:$colours" -stroke white -strokewidth 3 \
        -draw "line 0,512 2048,512" -draw "line 1024,0 1024,1024" -quality 90 "$s/pano_$i.jpg"
    gpano "$s/pano_$i.jpg" 2048 1024 2048 1024 0 0
done
convert -size 2048x700 gradient:white-steelblue -quality 90 "$s/partial_pano.jpg"
gpano "$s/partial_pano.jpg" 2048 1024 2048 700 0 162
convert -size 1600x1200 plasma:fractal -seed 3 -quality 88 "$s/flat_photo.jpg"
convert -size 2048x1024 gradient:orange-purple -quality 90 "$s/no_metadata_2to1.jpg"
head -c 30000 "$s/pano_1.jpg" >"$s/truncated_pano.jpg"
echo "== mly360 check $s   (offline: 3 panoramas, a partial one, a flat photo, an unlabelled 2:1, a truncated file)"
"$bin/mly360" check "$s" || true
echo
echo "   CSV:        $s/mapillary_images_metadata.csv"
echo "   Thumbnails: $s/thumbnails/"
echo

# ---- 3. the review page of the download ---------------------------------------------------------------
echo "== mly360 report $demo/download   (offline HTML: summary, map, worst-first gallery)"
"$bin/mly360" report "$demo/download"
page="$demo/download/report.html"
if command -v chromium >/dev/null 2>&1; then
    # A picture of the rendered page for a person to look at (headless Chromium, no network).
    chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --user-data-dir="$demo/.chromium" --host-resolver-rules="MAP * ~NOTFOUND" --window-size=1280,1600 \
        --virtual-time-budget=4000 --screenshot="$demo/download/report.png" "file://$(cd "$demo/download" && pwd)/report.html" \
        >/dev/null 2>&1 && echo "   Screenshot: $demo/download/report.png"
    rm -rf "$demo/.chromium"
fi
echo "   Report:     $page   (open it in a browser; it works offline and from a zip)"
echo

# ---- 4. GIS files of the download ---------------------------------------------------------------------
echo "== mly360 export $demo/download   (GeoPackage for QGIS, GeoJSON for the web)"
"$bin/mly360" export "$demo/download" --format gpkg
"$bin/mly360" export "$demo/download" --format geojson --sequences
