#if canImport(Glibc)
import Glibc
#endif

extension ImageChecker {
    /// The largest file the checker reads: 1 GiB.
    public static let maxFileSize = 1 << 30

    /// Done once, by the first checker: every image allocates a few buffers of some megabytes (the file,
    /// the decoded pixels, the resampler's rows). By default glibc maps each with mmap (or trims it off
    /// the heap) and returns it to the kernel on free, so the next image faults the same memory in again
    /// page by page, zero-filled: about 500 page faults per megabyte, 5-6 % of a check. Serving blocks
    /// up to 16 MiB from the heap and trimming the heap only past 64 MiB free lets them be reused.
    /// Larger blocks (huge images) still get their own mapping and go back at once.
    static let reuseLargeAllocations: Bool = {
        #if canImport(Glibc)
        // mallopt(3) is in <malloc.h>, which the Glibc module does not export: look it up instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mmapThreshold: Int32 = -3, trimThreshold: Int32 = -1  // M_MMAP_THRESHOLD, M_TRIM_THRESHOLD
        return mallopt(mmapThreshold, 16 << 20) == 1 && mallopt(trimThreshold, 64 << 20) == 1
        #else
        return false
        #endif
    }()

    /// Reads a whole regular file with open/fstat/read. Directories, FIFOs, dangling symlinks, symlink
    /// loops and files over ``maxFileSize`` fail with a message naming the path and the cause.
    ///
    /// This is the only file input of the checker: callers that hold the bytes already pass them to
    /// ``check(_:makeThumbnail:apiSaysPanorama:)`` instead.
    /// - Parameter path: the file to read.
    /// - Returns: every byte of the file, or why it could not be read.
    public static func readFile(_ path: String) -> Result<[UInt8], ReadFailure> {
        func failure(_ code: Int32) -> Result<[UInt8], ReadFailure> {
            .failure(ReadFailure(message: ImagingError.unreadable(path: path, errno: code).description))
        }
        // O_NONBLOCK: opening a FIFO must not hang the batch; regular files ignore the flag.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return failure(errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return failure(errno) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { return failure(EISDIR) }
        guard type == S_IFREG else {
            return .failure(ReadFailure(message: "Unable to read '\(path)': not a regular file"))
        }
        let size = Int(info.st_size)
        guard size <= maxFileSize else {
            return .failure(ReadFailure(message: "Unable to read '\(path)': it is \(size) bytes, over the 1 GiB limit"))
        }
        var readError: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var done = 0
            while done < size {
                let n = read(fd, base + done, size - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    readError = errno
                    break
                }
                if n == 0 { break }  // the file shrank while we read it
                done += n
            }
            initialized = done
        }
        if readError != 0 { return failure(readError) }
        // The file may have grown since fstat; read the rest so the hash covers what is there now.
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count <= maxFileSize {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return failure(errno) }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return .success(bytes)
    }
}
