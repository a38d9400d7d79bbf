import Fuzzing

/// libFuzzer target: `FuzzTarget.xmp` (see `make fuzz`); in an ordinary build it replays the files named.
@main enum FuzzXMP {
    static func main() { FuzzDriver.main(.xmp) }
}
