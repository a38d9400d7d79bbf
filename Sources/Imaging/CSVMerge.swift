/// The existing metadata CSV, as far as the check needs it before checking: which files its rows name and
/// what the API said about each (read in one streaming pass).
struct ExistingCSV {
    /// False when there is no CSV yet.
    var exists = false
    /// The header row.
    var header: [String] = []
    /// Absolute paths named by the `filename` column, in row order.
    var referencedFiles: [String] = []
    /// Absolute path → whether the API's `is_pano` / `camera_type` say panorama (nil when the CSV does not say).
    var apiSaysPanorama: [String: Bool?] = [:]

    static func read(path: String, folder: String) throws(ImagingError) -> ExistingCSV {
        guard FileProbe.exists(path) else { return ExistingCSV() }
        let reader = try CSVReader(path: path)
        var result = ExistingCSV(exists: true)
        guard let header = try reader.next() else { return result }
        result.header = header
        let filename = header.firstIndex(of: "filename")
        let isPano = header.firstIndex(of: "is_pano")
        let cameraType = header.firstIndex(of: "camera_type")
        while let row = try reader.next() {
            guard let filename, filename < row.count, !row[filename].isEmpty else { continue }
            let file = PathMath.resolve(row[filename], in: folder)
            result.referencedFiles.append(file)
            result.apiSaysPanorama[file] = panorama(isPano: isPano.flatMap { $0 < row.count ? row[$0] : nil },
                                                    cameraType: cameraType.flatMap { $0 < row.count ? row[$0] : nil })
        }
        return result
    }

    /// `is_pano` true or `camera_type` spherical/equirectangular → true; either present otherwise → false.
    static func panorama(isPano: String?, cameraType: String?) -> Bool? {
        let pano = isPano?.trimmingWhitespace().lowercased() ?? ""
        let camera = cameraType?.trimmingWhitespace().lowercased() ?? ""
        if pano == "true" || pano == "1" || camera == "spherical" || camera == "equirectangular" { return true }
        if !pano.isEmpty || !camera.isEmpty { return false }
        return nil
    }
}

/// Writes the merged CSV: existing rows and columns kept in order, QA columns replaced or appended.
enum CSVMerge {
    struct Outcome {
        var updated = 0
        var appended = 0
        var missing = 0
    }

    static func write(csv: String, folder: String, existing: ExistingCSV, results: [String: [String]],
                      order: [String]) throws(ImagingError) -> Outcome {
        var header = existing.header
        for column in ["id", "filename"] where !header.contains(column) { header.append(column) }
        let qaIndex = QAColumns.names.map { name -> Int in
            if let index = header.firstIndex(of: name) { return index }
            header.append(name)
            return header.count - 1
        }
        let idIndex = header.firstIndex(of: "id") ?? 0
        let filenameIndex = header.firstIndex(of: "filename") ?? 1

        let writer = try CSVWriter(path: csv)
        try writer.write(header)
        var outcome = Outcome()
        var used = Set<String>()
        if existing.exists, !existing.header.isEmpty {
            let reader = try CSVReader(path: csv)
            _ = try reader.next()
            while true {
                let line = reader.line
                guard var row = try reader.next() else { break }
                if row.count > existing.header.count {
                    // Never drop or misalign data: refuse and leave the original CSV untouched.
                    throw .malformedCSV(path: csv, line: line, reason: "row has \(row.count) fields, header has \(existing.header.count)")
                }
                if row == [""] { continue }
                row += Array(repeating: "", count: header.count - row.count)
                let name = row[filenameIndex]
                if !name.isEmpty {
                    let file = PathMath.resolve(name, in: folder)
                    if let values = results[file] {
                        for (k, index) in qaIndex.enumerated() { row[index] = values[k] }
                        used.insert(file)
                        outcome.updated += 1
                    } else if !FileProbe.exists(file) {
                        for (k, value) in QAColumns.missingValues().enumerated() { row[qaIndex[k]] = value }
                        outcome.missing += 1
                    }
                }
                try writer.write(row)
            }
        }
        for file in order where !used.contains(file) {
            guard let values = results[file] else { continue }
            var row = Array(repeating: "", count: header.count)
            row[idIndex] = PathMath.stem(file)
            row[filenameIndex] = PathMath.relative(file, from: folder)
            for (k, index) in qaIndex.enumerated() { row[index] = values[k] }
            try writer.write(row)
            outcome.appended += 1
        }
        try writer.commit()
        return outcome
    }
}

fileprivate extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
