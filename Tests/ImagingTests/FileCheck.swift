import Foundation
@testable import Imaging

/// What the catalogue does around a check, for the Imaging tests: the report of one file's bytes, the
/// thumbnail written where the test asked. Reads through to the report.
@dynamicMemberLookup
struct FileCheck {
    /// The checker's report.
    var report: ImageReport
    /// Where the thumbnail was written; nil when none was asked for or made.
    var thumbnailPath: String?

    subscript<T>(dynamicMember keyPath: WritableKeyPath<ImageReport, T>) -> T {
        get { report[keyPath: keyPath] }
        set { report[keyPath: keyPath] = newValue }
    }
}

extension ImageChecker {
    /// Checks the file at `path` and writes its thumbnail (atomically, creating folders) to `thumbnailPath`.
    mutating func check(fileAt path: String, thumbnailPath: String?, apiSaysPanorama: Bool?) -> FileCheck {
        let checked = check(fileAt: path, makeThumbnail: thumbnailPath != nil, apiSaysPanorama: apiSaysPanorama)
        var result = FileCheck(report: checked.report)
        if let thumbnailPath, let thumbnail = checked.thumbnail {
            let folder = (thumbnailPath as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if (try? Data(thumbnail).write(to: URL(fileURLWithPath: thumbnailPath), options: .atomic)) != nil {
                result.thumbnailPath = thumbnailPath
            }
        }
        return result
    }
}
