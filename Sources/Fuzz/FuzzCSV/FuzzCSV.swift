import Fuzzing

/// libFuzzer target: `FuzzTarget.csv` (see `make fuzz`); in an ordinary build it replays the files named.
@main enum FuzzCSV {
    static func main() { FuzzDriver.main(.csv) }
}
