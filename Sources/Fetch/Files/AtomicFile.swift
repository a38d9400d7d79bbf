#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The project's one way of making a file appear: bytes go to a temporary file in the destination's folder,
/// and ``commit()`` fsyncs it, renames it over the destination and fsyncs the folder. Until then the
/// destination is untouched (an older file there stays readable); releasing an uncommitted file — on an
/// error, a `throw` or task cancellation — closes and unlinks the temporary file, so a truncated file never
/// survives under any name. Used for downloads (streamed, `NAME.part`), the CSV and the thumbnails.
///
/// Not `Sendable`: owns a file descriptor; use it from one task.
public final class AtomicFile {
    /// How the temporary file is named.
    public enum Temporary: Sendable {
        /// `<final>.part`: one well-known name, so a later run can find and remove leftovers (downloads).
        case partSuffix
        /// `.<name>.tmp-XXXXXX` (mkstemp): unique, so concurrent writers never share it (CSV, thumbnails).
        case unique
    }

    /// The temporary path written until ``commit()``.
    public let temporaryPath: String
    /// The final path, which appears only on ``commit()``.
    public let finalPath: String
    private var fd: Int32
    private var committed = false
    private var kept = false
    /// Bytes written so far.
    public private(set) var count: Int64 = 0

    /// Creates (truncating) the temporary file.
    /// - Parameters:
    ///   - finalPath: Where the file appears on ``commit()``.
    ///   - temporary: How the temporary file is named.
    /// - Throws: ``AtomicFileError`` when it cannot be created.
    public init(finalPath: String, temporary: Temporary = .unique) throws(AtomicFileError) {
        switch temporary {
        case .partSuffix:
            temporaryPath = finalPath + ".part"
            fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else { throw AtomicFileError(path: temporaryPath, errno: errno) }
        case .unique:
            let folder = AtomicFile.folder(of: finalPath)
            let name = finalPath.split(separator: "/").last.map(String.init) ?? finalPath
            var template = Array((folder == "/" ? "/" : folder + "/").utf8CString.dropLast()) + Array(".\(name).tmp-XXXXXX".utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw AtomicFileError(path: finalPath, errno: errno) }
            fchmod(fd, 0o644)
            temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
        self.finalPath = finalPath
    }

    /// Opens an existing `<final>.part` to append to it (a download resumed with an HTTP `Range`);
    /// ``count`` starts at its size. It is released like any other: unlinked unless committed or kept.
    /// - Parameter finalPath: Where the file appears on ``commit()``.
    /// - Throws: ``AtomicFileError`` when it cannot be opened.
    public init(resumingPartOf finalPath: String) throws(AtomicFileError) {
        temporaryPath = finalPath + ".part"
        fd = open(temporaryPath, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw AtomicFileError(path: temporaryPath, errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw AtomicFileError(path: temporaryPath, errno: errno) }
        count = Int64(info.st_size)
        self.finalPath = finalPath
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed && !kept { unlink(temporaryPath) }
    }

    /// Closes the temporary file and leaves it on disk under its temporary name (never under the final
    /// name), so a later attempt can resume it with ``init(resumingPartOf:)``.
    public func keepPartial() {
        guard !committed else { return }
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        kept = true
    }

    /// Appends `bytes`, retrying short writes and `EINTR`.
    ///
    /// Deliberately unbuffered: the HTTP client hands over chunks of up to 64 KiB that are still in the CPU
    /// cache after hashing, so the kernel's copy into the page cache is cheap. Coalescing them into a 1 MiB
    /// buffer first was measured (bench `--only fetch`, 3.3 MB images) to raise mly360's CPU time from
    /// ~2.8 s to ~4.8 s per 400 images for fewer `write(2)` calls that were never the cost.
    /// - Throws: ``AtomicFileError`` when the disk refuses them (full, read-only…).
    public func append(_ bytes: UnsafeRawBufferPointer) throws(AtomicFileError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError(path: temporaryPath, errno: errno)
            }
            offset += written
        }
        count += Int64(bytes.count)
    }

    /// Appends `bytes`.
    /// - Throws: ``AtomicFileError`` when the disk refuses them.
    public func append(_ bytes: [UInt8]) throws(AtomicFileError) {
        var failure: AtomicFileError?
        bytes.withUnsafeBytes { raw in
            do throws(AtomicFileError) { try append(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Flushes the file to disk, renames it over ``finalPath`` and fsyncs the folder; on failure the
    /// temporary file is removed and the destination is unchanged.
    /// - Throws: ``AtomicFileError`` when fsync, close or rename fails.
    public func commit() throws(AtomicFileError) {
        guard !committed, fd >= 0 else { return }
        guard fsync(fd) == 0 else { throw AtomicFileError(path: temporaryPath, errno: errno) }
        let closed = close(fd)
        fd = -1
        guard closed == 0 else { throw AtomicFileError(path: temporaryPath, errno: errno) }
        guard rename(temporaryPath, finalPath) == 0 else { throw AtomicFileError(path: finalPath, errno: errno) }
        committed = true
        let dirFD = open(AtomicFile.folder(of: finalPath), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    /// Writes `bytes` to `path` atomically (unique temporary name).
    /// - Throws: ``AtomicFileError`` when any step fails.
    public static func write(_ bytes: [UInt8], to path: String) throws(AtomicFileError) {
        let file = try AtomicFile(finalPath: path)
        try file.append(bytes)
        try file.commit()
    }

    /// The folder holding `path` (`.` for a bare name, `/` for top-level entries).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }
}
