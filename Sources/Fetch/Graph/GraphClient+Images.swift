import Foundation

extension GraphClient {
    /// One page of image records: the valid ones, a reason for each invalid one, and the next link.
    struct ImagePage: Sendable {
        var images: [MapillaryImage] = []
        var invalid: [String] = []
        var next: String?
    }

    /// Decodes the `data` array of a collection answer into images, keeping each record's raw text.
    static func imagePage(_ raw: [UInt8], url: String) throws(FetchError) -> ImagePage {
        let parsed: (document: JSONValue, elements: [JSONParser.Element])
        do {
            parsed = try JSONParser.parseCollection(raw)
        } catch {
            throw error.located(at: url)
        }
        guard case .array? = parsed.document["data"] else {
            throw .invalidResponse(url: url, reason: "the answer has no \"data\" array")
        }
        var page = ImagePage()
        for element in parsed.elements {
            do {
                page.images.append(try MapillaryImage(json: element.value, raw: element.raw))
            } catch {
                page.invalid.append(error.description)
            }
        }
        if let next = parsed.document["paging"]?["next"]?.stringValue, !next.isEmpty {
            page.next = next
        }
        return page
    }

    /// Samples images in `box` with the bbox search (one request; the answer is a sample, never an
    /// enumeration — reference §7).
    /// - Parameters:
    ///   - box: The request box; its area must be below 0.01 deg².
    ///   - fields: The fields to request (see ``ImageFields/discovery``).
    ///   - limit: The `limit` parameter (1…2000).
    ///   - panoOnly: Adds `is_pano=true`.
    ///   - since: Adds `start_captured_at` (ISO 8601).
    ///   - until: Adds `end_captured_at` (ISO 8601).
    /// - Returns: The valid image records (invalid ones are dropped).
    /// - Throws: ``FetchError/invalidInput(_:)`` for a box too large, or any error of ``get(path:query:)``.
    public func bboxSample(
        _ box: BoundingBox, fields: [String], limit: Int, panoOnly: Bool, since: Date?, until: Date?
    ) async throws(FetchError) -> [MapillaryImage] {
        try await bboxPage(box, fields: fields, limit: limit, panoOnly: panoOnly, since: since, until: until, splitAfter: nil).images
    }

    /// ``bboxSample(_:fields:limit:panoOnly:since:until:)`` that also reports invalid records and can stop
    /// retrying split-worthy failures early.
    func bboxPage(
        _ box: BoundingBox, fields: [String], limit: Int, panoOnly: Bool, since: Date?, until: Date?, splitAfter: Int?
    ) async throws(FetchError) -> ImagePage {
        guard AreaGrid.isAcceptable(box) else {
            throw .invalidInput("The bbox request \(box) covers \(box.area) deg²; the API needs less than \(AreaGrid.maximumRequestArea).")
        }
        var query: [(String, String)] = [
            ("bbox", box.parameter), ("fields", ImageFields.parameter(fields)), ("limit", String(min(max(limit, 1), 2000))),
        ]
        if panoOnly { query.append(("is_pano", "true")) }
        if let since { query.append(("start_captured_at", GraphClient.isoTimestamp(since))) }
        if let until { query.append(("end_captured_at", GraphClient.isoTimestamp(until))) }
        let target = GraphClient.target(path: "/images", query: query)
        let (_, raw) = try await send(target: target, endpoint: "bbox", splitAfter: splitAfter)
        var page = try GraphClient.imagePage(raw, url: target)
        page.next = nil  // bbox searches have no cursor (reference §7)
        return page
    }

    /// Lists a sequence's image ids in capture order with `/image_ids?sequence_id=`, following
    /// `paging.next` defensively.
    /// - Parameter sequence: The sequence key (1–64 characters of `A–Z a–z 0–9 _ -`).
    /// - Returns: The valid ids (an empty or wrong key gives an empty list).
    /// - Throws: ``FetchError/invalidInput(_:)`` for a malformed key, or any error of ``get(path:query:)``.
    public func imageIDs(sequence: String) async throws(FetchError) -> [String] {
        try await imageIDList(sequence: sequence).ids
    }

    /// ``imageIDs(sequence:)`` that also reports the invalid entries.
    func imageIDList(sequence: String) async throws(FetchError) -> (ids: [String], invalid: [String]) {
        guard GraphClient.isValidSequenceKey(sequence) else {
            throw .invalidInput("The sequence key \(FetchError.quoted(sequence)) is not valid (expected 1–64 characters of A–Z, a–z, 0–9, _ and -).")
        }
        var target = GraphClient.target(path: "/image_ids", query: [("sequence_id", sequence)])
        var ids: [String] = []
        var invalid: [String] = []
        var seen = Set<String>()
        var visited: Set<String> = [target]
        for _ in 0..<1000 {
            let (value, _) = try await send(target: target, endpoint: "image_ids", splitAfter: nil)
            guard let data = value["data"]?.arrayValue else {
                throw .invalidResponse(url: target, reason: "the answer has no \"data\" array")
            }
            for entry in data {
                let id = entry["id"]?.stringValue ?? (entry["id"].flatMap { if case .number(let text) = $0 { text } else { nil } })
                guard let id, MapillaryImage.isValidID(id) else {
                    invalid.append("sequence \(sequence) lists an invalid image id \(FetchError.quoted(entry.serialized()))")
                    continue
                }
                if seen.insert(id).inserted { ids.append(id) }
            }
            guard let next = value["paging"]?["next"]?.stringValue, !next.isEmpty, !data.isEmpty else { break }
            let nextTarget = try pagingTarget(next, from: target)
            guard visited.insert(nextTarget).inserted else { break }
            target = nextTarget
        }
        return (ids, invalid)
    }

    /// Whether `key` looks like a sequence key: 1–64 characters of `A–Z a–z 0–9 _ -`.
    /// - Parameter key: A candidate key.
    public static func isValidSequenceKey(_ key: String) -> Bool {
        (1...64).contains(key.utf8.count)
            && key.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x5F || byte == 0x2D
            }
    }

    /// Reads one page of a creator's images (`/images?creator_username=`), or the page a previous
    /// `next` link points to.
    /// - Parameters:
    ///   - username: The creator's username.
    ///   - fields: The fields to request.
    ///   - limit: The page size (1…2000).
    ///   - next: The `paging.next` link of the previous page, or `nil` for the first page.
    /// - Returns: The page's valid images and the next link (`nil` on the last page).
    /// - Throws: ``FetchError/invalidResponse(url:reason:)`` for a `next` link to another server, or any
    ///   error of ``get(path:query:)``.
    public func creatorPage(username: String, fields: [String], limit: Int, next: String?) async throws(FetchError) -> (images: [MapillaryImage], next: String?) {
        let page = try await creatorImagePage(username: username, fields: fields, limit: limit, next: next)
        return (page.images, page.next)
    }

    /// ``creatorPage(username:fields:limit:next:)`` that also reports invalid records.
    func creatorImagePage(username: String, fields: [String], limit: Int, next: String?) async throws(FetchError) -> ImagePage {
        let target: String
        if let next {
            target = try pagingTarget(next, from: "/images?creator_username=\(GraphClient.encode(username))")
        } else {
            guard !username.isEmpty, username.utf8.count <= 128 else {
                throw .invalidInput("The creator username \(FetchError.quoted(username)) must be 1–128 characters.")
            }
            target = GraphClient.target(path: "/images", query: [
                ("creator_username", username), ("fields", ImageFields.parameter(fields)),
                ("limit", String(min(max(limit, 1), 2000))),
            ])
        }
        let (_, raw) = try await send(target: target, endpoint: "creator", splitAfter: nil)
        var page = try GraphClient.imagePage(raw, url: target)
        if page.next != nil, page.images.isEmpty, page.invalid.isEmpty { page.next = nil }
        return page
    }

    /// `date` as ISO 8601 UTC with seconds, e.g. `2022-08-16T16:42:46Z`.
    static func isoTimestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
