import Foundation

/// The Graph API endpoints: bbox search, batch lookup, creator paging, sequence listing and entity lookups.
extension SimulatorCore {
    /// Server-side filters shared by the search endpoints.
    struct SearchFilters {
        var isPano: Bool?
        var start: Int64?
        var end: Int64?

        func accepts(_ image: SimulatedImage) -> Bool {
            if let isPano, image.isPano != isPano { return false }
            if let start, image.capturedAt < start { return false }
            if let end, image.capturedAt > end { return false }
            return true
        }
    }

    static let maxLimit = 2000
    static let defaultCreatorLimit = 100
    static let maxBatch = 50

    func filters(_ p: [String: String]) throws(GraphError) -> SearchFilters {
        var filters = SearchFilters()
        if let value = p["is_pano"] {
            switch value.lowercased() {
            case "true", "1": filters.isPano = true
            case "false", "0": filters.isPano = false
            default: throw .invalidParameter("Param is_pano must be a boolean")
            }
        }
        for name in ["start_captured_at", "end_captured_at"] {
            guard let value = p[name] else { continue }
            guard let ms = ISOTimestamp.milliseconds(value) else {
                throw .invalidParameter("Param \(name) must be an ISO 8601 date-time")
            }
            if name == "start_captured_at" { filters.start = ms } else { filters.end = ms }
        }
        return filters
    }

    func limit(_ p: [String: String], default value: Int) throws(GraphError) -> Int {
        guard let text = p["limit"] else { return value }
        guard let limit = Int(text), limit > 0 else { throw .invalidParameter("Param limit must be a positive integer") }
        return min(limit, Self.maxLimit)
    }

    private func dataAnswer(_ objects: [String], extra: [(String, String)] = []) -> SimReply {
        .json(JSONText.object([("data", JSONText.array(objects))] + extra))
    }

    /// `GET /images?bbox=…`: the sampled answer (see ``BboxSampler``).
    func bbox(_ p: [String: String], key: String) throws(GraphError) -> SimReply {
        let fields = try ImageRenderer.fields(p["fields"])
        let filters = try filters(p)
        let limit = try limit(p, default: Self.maxLimit)
        guard let text = p["bbox"], let box = SimBox(parsing: Substring(text)) else {
            throw .invalidParameter("Invalid parameter bbox: expected minLon,minLat,maxLon,maxLat with min < max, within ±180/±90")
        }
        guard box.area < 0.01 else {
            state.withLockedValue { $0.statistics.bboxTooLarge += 1 }
            throw .reduceData
        }
        let outer = box.expanded(by: BboxSampler.strayMargin)
        var matching: [SimulatedImage] = []
        var strays: [SimulatedImage] = []
        for image in world.images where image.hostileKind != .missingGeometry && filters.accepts(image) {
            if box.contains(lon: image.lon, lat: image.lat) {
                matching.append(image)
            } else if outer.contains(lon: image.lon, lat: image.lat) {
                strays.append(image)
            }
        }
        let sampleKey = [text, p["is_pano"] ?? "", p["start_captured_at"] ?? "", p["end_captured_at"] ?? ""]
            .joined(separator: "|")
        guard let sample = BboxSampler(seed: configuration.seed, thinning: configuration.thinning)
            .sample(box: box, key: sampleKey, matching: matching, strays: strays, limit: limit) else {
            throw .timeout
        }
        let renderer = renderer()
        return dataAnswer(sample.map { renderer.render($0, fields: fields) })
    }

    /// `GET /images?image_ids=…`: known ids in shuffled order, unknown ids omitted, at most 50.
    func batch(_ p: [String: String], requestNumber: Int) throws(GraphError) -> SimReply {
        let fields = try ImageRenderer.fields(p["fields"])
        let text = p["image_ids"] ?? ""
        var ids: [String] = []
        for raw in text.split(separator: ",") {
            let id = raw.trimmingCharacters(in: .whitespaces)
            if !id.isEmpty, !ids.contains(id) { ids.append(id) }
        }
        guard !ids.isEmpty else { throw .invalidParameter("Param image_ids must be a non-empty list of image ids") }
        guard ids.count <= Self.maxBatch else {
            throw .invalidParameter("Param image_ids accepts at most \(Self.maxBatch) ids, got \(ids.count)")
        }
        let faults = configuration.faults
        let seed = configuration.seed
        let glitch = state.withLockedValue { s in
            s.batchCounter += 1
            return faults.fires(faults.batchGlitchEvery, n: s.batchCounter, salt: "batch", seed: seed)
        }
        if glitch { return dataAnswer([]) }
        let renderer = renderer()
        var objects: [String] = []
        for id in ids {
            guard let index = byID[id] else { continue }
            let image = world.images[index]
            if image.hostileKind == .nonJSONEntity { continue }
            objects.append(renderer.render(image, fields: fields))
            if image.hostileKind == .pathTraversalID {
                objects.append(renderer.render(image, fields: fields, overrideID: HostileKind.traversalID))
            }
        }
        var rng = SeededGenerator(seed: configuration.seed, "batch", text)
        objects.shuffle(using: &rng)
        return dataAnswer(objects)
    }

    /// `GET /images?creator_username=…`: newest first, in pages of `limit` with cursors and `paging.next`.
    func creator(_ p: [String: String]) throws(GraphError) -> SimReply {
        let fields = try ImageRenderer.fields(p["fields"])
        let filters = try filters(p)
        let limit = try limit(p, default: Self.defaultCreatorLimit)
        let name = p["creator_username"] ?? ""
        var box: SimBox?
        if let text = p["bbox"] {
            guard let parsed = SimBox(parsing: Substring(text)) else { throw .invalidParameter("Invalid parameter bbox") }
            box = parsed
        }
        var offset = 0
        if let cursor = p["after"] {
            guard let decoded = Self.decodeCursor(cursor) else { throw .invalidParameter("Invalid cursor: \(cursor)") }
            offset = decoded
        }
        let all = (byCreator[name] ?? []).map { world.images[$0] }.filter { image in
            guard filters.accepts(image) else { return false }
            guard let box else { return true }
            return image.hostileKind != .missingGeometry && box.contains(lon: image.lon, lat: image.lat)
        }
        guard offset < all.count else { return dataAnswer([]) }
        let page = all[offset..<min(all.count, offset + limit)]
        let renderer = renderer()
        let end = offset + page.count
        var paging: [(String, String)] = [("cursors", JSONText.object([
            ("before", JSONText.string(Self.cursor(offset))), ("after", JSONText.string(Self.cursor(end))),
        ]))]
        if end < all.count {
            var query = ["creator_username=\(RequestTarget.encode(name))"]
            for key in ["fields", "is_pano", "start_captured_at", "end_captured_at", "bbox"] {
                if let value = p[key] { query.append("\(key)=\(RequestTarget.encode(value))") }
            }
            query.append("limit=\(limit)")
            query.append("after=\(Self.cursor(end))")
            paging.append(("next", JSONText.string("\(graphBase)/images?" + query.joined(separator: "&"))))
        }
        return dataAnswer(page.map { renderer.render($0, fields: fields) }, extra: [("paging", JSONText.object(paging))])
    }

    static func cursor(_ offset: Int) -> String {
        ThumbnailSigner.base64url(Array("mly360-sim:\(offset)".utf8))
    }

    static func decodeCursor(_ cursor: String) -> Int? {
        guard let bytes = ThumbnailSigner.unbase64url(cursor), let text = String(bytes: bytes, encoding: .utf8),
              text.hasPrefix("mly360-sim:"), let offset = Int(text.dropFirst(11)), offset >= 0 else { return nil }
        return offset
    }

    /// `GET /image_ids?sequence_id=KEY`: ids in capture order; `{"data":[]}` for an unknown key.
    func imageIDs(_ p: [String: String]) throws(GraphError) -> SimReply {
        _ = try ImageRenderer.fields(p["fields"])
        guard let key = p["sequence_id"] else { throw .invalidParameter("Param sequence_id is required") }
        var objects: [String] = []
        for index in bySequence[key] ?? [] {
            let image = world.images[index]
            objects.append(JSONText.object([("id", JSONText.string(image.id))]))
            if image.hostileKind == .pathTraversalID {
                objects.append(JSONText.object([("id", JSONText.string(HostileKind.traversalID))]))
            }
        }
        return dataAnswer(objects)
    }

    /// `GET /{id}`: the bare object, or the not-found envelope (HTTP 400, code 100, subcode 33).
    func entity(id: String, _ p: [String: String]) throws(GraphError) -> SimReply {
        let fields = try ImageRenderer.fields(p["fields"])
        guard let image = lookup(id) else { throw .notFound(String(id.prefix(200))) }
        if image.hostileKind == .nonJSONEntity {
            return .text(.ok, "<!DOCTYPE html>\n<html><body><h1>Sorry, something went wrong.</h1></body></html>\n",
                         contentType: "text/html; charset=utf-8")
        }
        return .json(renderer().render(image, fields: fields))
    }

    /// `GET /?ids=A,B`: the Graph multi-id form, an object keyed by id; any unknown id fails the request.
    func graphIDs(_ text: String, _ p: [String: String]) throws(GraphError) -> SimReply {
        let fields = try ImageRenderer.fields(p["fields"])
        let ids = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !ids.isEmpty, ids.count <= Self.maxBatch else {
            throw .invalidParameter("Param ids must list 1 to \(Self.maxBatch) ids")
        }
        let renderer = renderer()
        var members: [(String, String)] = []
        for id in ids {
            guard let image = lookup(id), image.hostileKind != .nonJSONEntity else { throw .notFound(String(id.prefix(200))) }
            members.append((id, renderer.render(image, fields: fields)))
        }
        return .json(JSONText.object(members))
    }

    /// An image by id, when the id is 1–20 ASCII digits and exists.
    private func lookup(_ id: String) -> SimulatedImage? {
        guard (1...20).contains(id.utf8.count), id.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let index = byID[id] else { return nil }
        return world.images[index]
    }
}
