#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The owner of one `NAME.part` file being written: appends bytes, then either ``commit()``s it (fsync,
/// `rename(2)` over the final name, fsync the folder) or removes it. Dropping it uncommitted — on an error,
/// a `throw` or task cancellation — closes and unlinks the `.part`, so a truncated file never survives
/// under any name.
struct PartFile: ~Copyable {
    /// The temporary path (`<final>.part`).
    let partPath: String
    /// The final path, which appears only on ``commit()``.
    let finalPath: String
    private var fd: Int32
    /// Bytes written so far.
    private(set) var count: Int64 = 0

    /// Creates (truncating) `finalPath + ".part"`.
    /// - Throws: ``FetchError/io(path:message:)`` when it cannot be created.
    init(finalPath: String) throws(FetchError) {
        let partPath = finalPath + ".part"
        let fd = open(partPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw .io(path: partPath, message: PartFile.errnoText(errno)) }
        self.partPath = partPath
        self.finalPath = finalPath
        self.fd = fd
    }

    deinit {
        if fd >= 0 { close(fd) }
        unlink(partPath)
    }

    /// Appends `bytes`, retrying short writes and `EINTR`.
    ///
    /// Deliberately unbuffered: the HTTP client hands over chunks of up to 64 KiB that are still in the CPU
    /// cache after hashing, so the kernel's copy into the page cache is cheap. Coalescing them into a 1 MiB
    /// buffer first was measured (bench `--only fetch`, 3.3 MB images) to raise mly360's CPU time from
    /// ~2.8 s to ~4.8 s per 400 images — `copy_folio_from_iter_atomic` went from 3 % to 38 % of samples —
    /// for fewer `write(2)` calls that were never the cost.
    /// - Throws: ``FetchError/io(path:message:)`` when the disk refuses them (full, read-only…).
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(FetchError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(path: partPath, message: PartFile.errnoText(errno))
            }
            offset += written
        }
        count += Int64(bytes.count)
    }

    /// Flushes the file to disk and renames it over ``finalPath``; the `.part` is gone afterwards either way.
    /// - Throws: ``FetchError/io(path:message:)`` when fsync or rename fails (the `.part` is then removed).
    consuming func commit() throws(FetchError) {
        guard fsync(fd) == 0 else { throw .io(path: partPath, message: PartFile.errnoText(errno)) }
        guard close(fd) == 0 else {
            fd = -1
            throw .io(path: partPath, message: PartFile.errnoText(errno))
        }
        fd = -1
        guard rename(partPath, finalPath) == 0 else { throw .io(path: finalPath, message: PartFile.errnoText(errno)) }
        PartFile.syncDirectory(of: finalPath)
        // deinit runs now: unlink of the (already renamed) .part path is a harmless ENOENT.
    }

    /// fsyncs the directory holding `path`, so a rename survives a crash.
    static func syncDirectory(of path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let dirFD = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    /// The C library's text for an errno value.
    static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
