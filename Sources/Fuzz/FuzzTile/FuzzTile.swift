import Fuzzing

/// libFuzzer target: `FuzzTarget.tile` (see `make fuzz`); in an ordinary build it replays the files named.
@main enum FuzzTile {
    static func main() { FuzzDriver.main(.tile) }
}
