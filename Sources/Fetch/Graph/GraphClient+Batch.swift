import Logging

extension GraphClient {
    /// The outcome of a metadata lookup by ids.
    struct BatchResult: Sendable {
        var found: [MapillaryImage] = []
        var notFound: [String] = []
        var invalid: [String] = []
    }

    /// The largest number of ids per `/images?image_ids=` request.
    public static let batchSize = 50

    /// Fetches metadata for `ids` in batches of at most 50 (`/images?image_ids=`); ids missing from a
    /// batch answer are looked up one by one (`GET /{id}`), and ids still unknown are reported as not found.
    /// - Parameters:
    ///   - ids: Image ids (each 1–20 digits; duplicates are looked up once).
    ///   - fields: The fields to request (see ``ImageFields/full``).
    /// - Returns: The images found (in no particular order) and the ids not found.
    /// - Throws: ``FetchError/invalidInput(_:)`` for a malformed id, or any error of ``get(path:query:)``
    ///   other than not-found.
    public func images(ids: [String], fields: [String]) async throws(FetchError) -> (found: [MapillaryImage], notFound: [String]) {
        let result = try await lookup(ids: ids, fields: fields)
        return (result.found, result.notFound)
    }

    /// ``images(ids:fields:)`` that also reports invalid records.
    func lookup(ids: [String], fields: [String]) async throws(FetchError) -> BatchResult {
        let unique = try MapillaryImage.validatedUnique(ids)
        let chunks = stride(from: 0, to: unique.count, by: GraphClient.batchSize).map {
            Array(unique[$0..<min($0 + GraphClient.batchSize, unique.count)])
        }
        var result = BatchResult()
        do {
            try await withThrowingTaskGroup(of: BatchResult.self) { group in
                var pending = chunks[...]
                for _ in 0..<min(apiConcurrency, pending.count) {
                    if let chunk = pending.popFirst() { group.addTask { try await self.lookupBatch(chunk, fields: fields) } }
                }
                while let partial = try await group.next() {
                    result.found += partial.found
                    result.notFound += partial.notFound
                    result.invalid += partial.invalid
                    if let chunk = pending.popFirst() { group.addTask { try await self.lookupBatch(chunk, fields: fields) } }
                }
            }
        } catch {
            throw GraphClient.fetchError(error)
        }
        return result
    }

    /// One batch request plus the per-id fallback for the ids it did not return.
    private func lookupBatch(_ ids: [String], fields: [String]) async throws(FetchError) -> BatchResult {
        let target = GraphClient.target(path: "/images", query: [
            ("image_ids", ids.joined(separator: ",")), ("fields", ImageFields.parameter(fields)),
        ])
        var result = BatchResult()
        var missing = Set(ids)
        var batchFailed = false
        do {
            let (_, raw) = try await send(target: target, endpoint: "batch", splitAfter: nil)
            let page = try GraphClient.imagePage(raw, url: target)
            result.invalid = page.invalid
            for image in page.images where missing.remove(image.id) != nil {
                result.found.append(image)
            }
        } catch {
            switch error {
            case .authRejected, .unreachable, .cancelled, .invalidInput: throw error
            default:
                // The whole batch misbehaved: every id falls back to a single lookup.
                batchFailed = true
                logger.info(
                    "batch lookup of \(ids.count) ids failed (\(scrub(error.description))); falling back to single lookups",
                    metadata: ["ids": "\(ids.count)", "fallback": "\(ids.count)"])
            }
        }
        if !batchFailed, !missing.isEmpty {
            logger.info(
                "batch lookup answered \(ids.count - missing.count) of \(ids.count) ids; looking up the other \(missing.count) one by one",
                metadata: ["ids": "\(ids.count)", "fallback": "\(missing.count)"])
        }
        for id in ids where missing.contains(id) {
            do {
                if let image = try await entity(id: id, fields: fields) {
                    result.found.append(image)
                } else {
                    result.notFound.append(id)
                }
            } catch {
                switch error {
                case .invalidRecord(let reason):
                    result.invalid.append(reason)
                case .invalidResponse:
                    // One id answering garbage (HTML, a wrong shape) must not stop the batch: count it.
                    result.invalid.append(error.description)
                default:
                    throw error
                }
            }
        }
        return result
    }

    /// Fetches one image (`GET /{id}?fields=`), for example to refresh an expired thumbnail URL.
    /// - Parameters:
    ///   - id: The image id (1–20 digits).
    ///   - fields: The fields to request.
    /// - Returns: The image, or `nil` when it does not exist (400/100/33 or 404).
    /// - Throws: ``FetchError/invalidInput(_:)`` for a malformed id, ``FetchError/invalidRecord(reason:)``
    ///   when the answer names another id, or any error of ``get(path:query:)`` other than not-found.
    public func image(id: String, fields: [String]) async throws(FetchError) -> MapillaryImage? {
        guard MapillaryImage.isValidID(id) else {
            throw .invalidInput("The image id \(FetchError.quoted(id)) is not valid (expected 1–20 digits).")
        }
        return try await entity(id: id, fields: fields)
    }

    private func entity(id: String, fields: [String]) async throws(FetchError) -> MapillaryImage? {
        let target = GraphClient.target(path: "/\(id)", query: [("fields", ImageFields.parameter(fields))])
        let value: JSONValue
        let raw: [UInt8]
        do {
            (value, raw) = try await send(target: target, endpoint: "entity", splitAfter: nil)
        } catch {
            if case .notFound = error { return nil }
            throw error
        }
        let image = try MapillaryImage(json: value, raw: JSONParser.trimmedText(raw))
        guard image.id == id else {
            throw .invalidRecord(reason: "the lookup of image \(id) answered with id \(FetchError.quoted(image.id))")
        }
        return image
    }
}
