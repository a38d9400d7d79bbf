import Fuzzing

/// libFuzzer target: `FuzzTarget.check` (see `make fuzz`); in an ordinary build it replays the files named.
@main enum FuzzCheck {
    static func main() { FuzzDriver.main(.check) }
}
