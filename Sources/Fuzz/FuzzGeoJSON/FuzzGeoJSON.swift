import Fuzzing

/// libFuzzer target: `FuzzTarget.geojson` (see `make fuzz`); in an ordinary build it replays the files named.
@main enum FuzzGeoJSON {
    static func main() { FuzzDriver.main(.geojson) }
}
