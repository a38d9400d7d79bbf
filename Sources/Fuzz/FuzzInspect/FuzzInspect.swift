import Fuzzing

/// libFuzzer target: `FuzzTarget.inspect` (see `make fuzz`); in an ordinary build it replays the files named.
@main enum FuzzInspect {
    static func main() { FuzzDriver.main(.inspect) }
}
