import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program with a real pseudo-terminal as its standard input, output and error (so `isatty` is true
/// for all three), reads what it writes, and answers once a prompt appears — the way a person at a terminal
/// would.
struct PseudoTerminal {
    /// What the program did.
    struct Outcome {
        /// Its exit status; nil when it was still running at the deadline (it is then killed).
        var status: Int32?
        /// Everything it wrote to the terminal (standard output and error, with the terminal's echo).
        var transcript: String
        /// Whether the prompt appeared (and the answer was sent).
        var prompted: Bool
    }

    /// What to send when the prompt appears.
    enum Answer {
        /// A line, as typed (a newline is added).
        case line(String)
        /// End of input (Ctrl-D at the start of a line).
        case endOfInput
    }

    /// Runs `executable` with `arguments` on a new pseudo-terminal; when the output contains `prompt`, sends
    /// `answer`. Gives up after `timeout` (the program is then killed and ``Outcome/status`` is nil).
    /// - Throws: When no pseudo-terminal can be opened (the message names the call and errno) or the program
    ///   cannot be started.
    static func run(_ executable: String, _ arguments: [String], prompt: String, answer: Answer,
                    timeout: Duration = .seconds(120)) throws -> Outcome {
        // posix_openpt and friends are not in Swift's Glibc module (they need _XOPEN_SOURCE): look them up in libc.
        let openpt = try libc("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
        let grantpt = try libc("grantpt", as: (@convention(c) (Int32) -> Int32).self)
        let unlockpt = try libc("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
        let ptsname = try libc("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
        let master = openpt(O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw PseudoTerminalError("posix_openpt failed: \(String(cString: strerror(errno)))") }
        defer { close(master) }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        guard grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw PseudoTerminalError("grantpt/unlockpt/ptsname failed: \(String(cString: strerror(errno)))")
        }
        let slavePath = String(cString: name)
        let slave = open(slavePath, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw PseudoTerminalError("opening \(slavePath) failed: \(String(cString: strerror(errno)))") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        do {
            try process.run()
        } catch {
            close(slave)
            throw error
        }
        // Only the child keeps the terminal open now, so reading the master ends (EIO) when it exits.
        close(slave)

        let deadline = ContinuousClock.now + timeout
        var output: [UInt8] = []
        var prompted = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 {
                if !process.isRunning && ready == 0 { break }
                continue
            }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }  // EIO: the child closed the terminal (it exited)
            output += buffer[0..<count]
            if !prompted, String(decoding: output, as: UTF8.self).contains(prompt) {
                prompted = true
                let bytes: [UInt8]
                switch answer {
                case .line(let text): bytes = Array((text + "\n").utf8)
                case .endOfInput: bytes = [0x04]
                }
                _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
            }
        }
        var status: Int32?
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        } else {
            process.waitUntilExit()
            status = process.terminationStatus
        }
        return Outcome(status: status, transcript: String(decoding: output, as: UTF8.self), prompted: prompted)
    }

    /// The C function `name` of the running program's libraries, as `type`.
    /// - Throws: When the symbol is not found (with dlerror's message).
    private static func libc<T>(_ name: String, as type: T.Type) throws -> T {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else {
            throw PseudoTerminalError("\(name) not found: \(dlerror().map { String(cString: $0) } ?? "no libc symbol")")
        }
        return unsafeBitCast(symbol, to: type)
    }
}

/// A pseudo-terminal that could not be set up; the text names the failing call and its cause.
struct PseudoTerminalError: Error, CustomStringConvertible {
    /// The failing call and errno's message.
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
