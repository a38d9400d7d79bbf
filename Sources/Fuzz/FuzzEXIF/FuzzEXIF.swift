import Fuzzing

/// libFuzzer target: `FuzzTarget.exif` (see `make fuzz`); in an ordinary build it replays the files named.
@main enum FuzzEXIF {
    static func main() { FuzzDriver.main(.exif) }
}
