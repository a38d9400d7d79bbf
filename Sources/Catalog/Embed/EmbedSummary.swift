/// What one ``DatasetEmbed`` run did.
public struct EmbedSummary: Sendable, Equatable {
    /// One file that could not be embedded, and why.
    public struct Problem: Sendable, Equatable {
        /// The file, relative to the dataset folder.
        public var file: String
        /// What went wrong.
        public var message: String
    }

    /// Files rewritten with embedded metadata.
    public var embedded = 0
    /// Files that already held everything (unchanged).
    public var unchanged = 0
    /// Of the embedded and unchanged files, those that carry GPano.
    public var withGPano = 0
    /// Images of the catalogue left alone: no Mapillary metadata, or no verified file.
    public var skipped = 0
    /// Files that could not be embedded (not a JPEG, unreadable, unwritable).
    public var problems: [Problem] = []
    /// Whether Ctrl-C stopped the run early (every file done so far is complete and recorded).
    public var interrupted = false
    /// Frames with EXIF but no GPano, and why (e.g. the API calls them 360° but they are 4:3).
    public var withoutGPano: [Problem] = []
}
