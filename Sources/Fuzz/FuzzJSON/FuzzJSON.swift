import Fuzzing

/// libFuzzer target: `FuzzTarget.json` (see `make fuzz`); in an ordinary build it replays the files named.
@main enum FuzzJSON {
    static func main() { FuzzDriver.main(.json) }
}
