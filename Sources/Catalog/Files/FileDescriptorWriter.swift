#if canImport(Glibc)
import Glibc
#endif

/// The one write(2) loop of the module: writes every byte, retrying short writes and `EINTR`.
enum FileDescriptorWriter {
    /// Writes all of `bytes` to `fd`; returns 0 on success or the `errno` of the failing call.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard let base = bytes.baseAddress else { return 0 }
        var done = 0
        while done < bytes.count {
            let n = write(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return 0
    }
}
