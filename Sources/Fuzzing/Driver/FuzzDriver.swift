#if canImport(Glibc)
import Glibc
#endif

/// The `main` of every `Fuzz<Name>` executable, and libFuzzer's callback.
///
/// Built for fuzzing (`make fuzz`: `-sanitize=fuzzer,address -DFUZZING`), ``main(_:)`` hands control to
/// libFuzzer's driver (`LLVMFuzzerRunDriver`, so its flags and corpus folders work as documented), which
/// calls `LLVMFuzzerTestOneInput` below with each input. In an ordinary build ``main(_:)`` replays: every
/// file named, and every file inside every folder named, is run once and reported — how a crash that
/// `make fuzz` found is reproduced under a debugger.
public enum FuzzDriver {
    /// The target the libFuzzer callback feeds; set by ``main(_:)`` before the driver starts.
    nonisolated(unsafe) static var current: FuzzTarget?

    /// Runs this executable as the fuzz target (or replayer) of `target` and exits with its status.
    /// - Parameter target: The parser this executable fuzzes.
    public static func main(_ target: FuzzTarget) -> Never {
        current = target
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
        #else
        exit(FuzzReplay(target: target).run(Array(CommandLine.arguments.dropFirst())))
        #endif
    }
}

#if FUZZING
/// libFuzzer's per-input entry point (compiler-rt `FuzzerInterface.h`): one input to the current target.
/// libFuzzer's own `main`, which the toolchain links but never calls here, refers to it by this name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target = FuzzDriver.current else { fatalError("no fuzz target: FuzzDriver.main was not called") }
    target.run(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's driver for programs with their own `main` (compiler-rt `FuzzerInterface.h`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
#endif
