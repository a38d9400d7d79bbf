import Fetch
/// Ids and thumbnail names for images the catalogue holds.
///
/// A file's id is its Mapillary id when the catalogue knows it; otherwise it is derived from the file's
/// path relative to the dataset when the file is first catalogued, and kept from then on: the file's stem
/// (characters outside `A-Z a-z 0-9 . _ -` replaced by `_`, at most 60) when no other image has that id in
/// any letter case, else the stem plus `-` and the first 10 hex digits of the SHA-256 of the relative path.
/// So `a/frame.jpg` and `b/frame.jpg`, or `x.jpg` and `X.jpg`, get two ids (and two thumbnails, even on a
/// case-insensitive disk).
enum LocalID {
    /// The id of a file at `relativePath` that the catalogue has no id for.
    /// - Parameter taken: Ids already in use, lower-cased.
    static func derived(fromRelativePath relativePath: String, taken: Set<String>) -> String {
        let stem = safeName(PathMath.stem(relativePath), limit: 60)
        if !stem.isEmpty && !taken.contains(stem.lowercased()) { return stem }
        return stem + "-" + String(SHA256Hex.of(Array(relativePath.utf8)).prefix(10))
    }

    /// The thumbnail file name of the image `id`: `<id>.jpg` when the id is a safe file name, else a safe
    /// form of it plus a hash of the id (so hostile ids can never name a path outside the thumbnails folder).
    static func thumbnailName(for id: String) -> String {
        let safe = safeName(id, limit: 80)
        if safe == id && !id.isEmpty && !id.hasPrefix(".") { return id + ".jpg" }
        return safe + "-" + String(SHA256Hex.of(Array(id.utf8)).prefix(10)) + ".jpg"
    }

    /// `text` with every character outside `A-Z a-z 0-9 . _ -` replaced by `_`, cut to `limit` characters.
    static func safeName(_ text: String, limit: Int) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || scalar == "." || scalar == "_" || scalar == "-"
            out.unicodeScalars.append(ok ? scalar : "_")
        }
        return out.hasPrefix(".") ? "_" + out.dropFirst() : out
    }
}
