import Foundation

/// Precision and recall of every pixel-QA signal on the labelled set, for mly360 and the peers (issue 8 §3).
///
/// Per-image signals are scored per image; near-duplicates per pair of images: every pair of variants of one base
/// panorama is a true pair (copies, re-encodes, resizes, yaw-rolled and photometric copies alike), every pair of
/// different bases a false one.
struct QAScore {
    /// The truth of one file of the set (from `labels.json`).
    struct Label: Decodable, Sendable {
        var base: String
        var variant: String
        var blurry: Bool
        var dark: Bool
        var overexposed: Bool
        var not_360: Bool
    }

    /// What one tool said about the set: per image, the flags it raised; and its near-duplicate pairs.
    struct Answers {
        /// Flags per file name (`blurry`, `dark`, `overexposed`, `not_360`); nil when the tool has no such check.
        var flags: [String: Set<String>]?
        /// Which of the per-image signals the tool has at all.
        var signals: Set<String>
        /// Unordered pairs of file names the tool calls near-duplicates; nil when it has no such check.
        var pairs: Set<Pair>?
    }

    /// An unordered pair of file names.
    struct Pair: Hashable {
        let first: String
        let second: String
        init(_ a: String, _ b: String) { (first, second) = a < b ? (a, b) : (b, a) }
    }

    /// Counts of one signal for one tool.
    struct Counts {
        var truePositives = 0
        var falsePositives = 0
        var falseNegatives = 0

        /// "P / R" with counts, or "—" where undefined.
        var text: String {
            let predicted = truePositives + falsePositives
            let actual = truePositives + falseNegatives
            let precision = predicted == 0 ? "—" : String(format: "%.2f", Double(truePositives) / Double(predicted))
            let recall = actual == 0 ? "—" : String(format: "%.2f", Double(truePositives) / Double(actual))
            return "\(precision) / \(recall)"
        }
    }

    let labels: [String: Label]

    /// The per-image signals and how each is named in the table.
    static let signals: [(key: String, title: String, truth: @Sendable (Label) -> Bool)] = [
        ("blurry", "blurry (Gaussian σ = 14 px at 5760 px)", { $0.blurry }),
        ("dark", "dark", { $0.dark }),
        ("overexposed", "overexposed / light", { $0.overexposed }),
        ("not_360", "not 360° (2:1 crop of a flat photo)", { $0.not_360 }),
    ]

    /// Kinds of true pairs, for recall per kind.
    static func pairKind(_ a: Label, _ b: Label) -> String {
        let variants = [a.variant, b.variant]
        if variants.contains("yaw-rolled") { return "yaw-rolled copies" }
        if variants.contains(where: { ["blurred", "darkened", "overexposed"].contains($0) }) {
            return "blurred / darkened / overexposed copies"
        }
        return "copies, re-encodes, resizes"
    }

    /// Counts of a per-image signal for one tool, nil when the tool has no such check.
    func counts(signal: String, truth: (Label) -> Bool, answers: Answers) -> Counts? {
        guard let flags = answers.flags, answers.signals.contains(signal) else { return nil }
        var counts = Counts()
        for (name, label) in labels {
            let said = flags[name]?.contains(signal) ?? false
            switch (said, truth(label)) {
            case (true, true): counts.truePositives += 1
            case (true, false): counts.falsePositives += 1
            case (false, true): counts.falseNegatives += 1
            case (false, false): break
            }
        }
        return counts
    }

    /// Every true pair with its kind.
    var truePairs: [Pair: String] {
        let names = labels.keys.sorted()
        var pairs: [Pair: String] = [:]
        for (i, a) in names.enumerated() {
            for b in names[(i + 1)...] where labels[a]!.base == labels[b]!.base {
                pairs[Pair(a, b)] = Self.pairKind(labels[a]!, labels[b]!)
            }
        }
        return pairs
    }

    /// Pair counts for one tool: overall (precision over all predicted pairs) and recall per kind.
    func pairCounts(_ answers: Answers) -> (overall: Counts, byKind: [String: Counts])? {
        guard let predicted = answers.pairs else { return nil }
        let truth = truePairs
        let known = Set(labels.keys)
        var overall = Counts()
        var byKind: [String: Counts] = [:]
        for pair in predicted where known.contains(pair.first) && known.contains(pair.second) {
            if let kind = truth[pair] {
                overall.truePositives += 1
                byKind[kind, default: Counts()].truePositives += 1
            } else {
                overall.falsePositives += 1
            }
        }
        for (pair, kind) in truth where !predicted.contains(pair) {
            overall.falseNegatives += 1
            byKind[kind, default: Counts()].falseNegatives += 1
        }
        return (overall, byKind)
    }

    /// The table rows: one per signal, then near-duplicate pairs overall and per kind.
    func rows(tools: [(name: String, answers: Answers)]) -> [[String]] {
        var rows = [["signal", "positives"] + tools.map { "\($0.name) P / R" }]
        for signal in Self.signals {
            let positives = labels.values.filter(signal.truth).count
            rows.append([signal.title, "\(positives)"] + tools.map {
                counts(signal: signal.key, truth: signal.truth, answers: $0.answers)?.text ?? "no such check"
            })
        }
        let truth = truePairs
        let scored = tools.map { pairCounts($0.answers) }
        rows.append(["near-duplicate pairs, all", "\(truth.count)"] + scored.map { $0?.overall.text ?? "no such check" })
        for kind in Set(truth.values).sorted() {
            let positives = truth.values.filter { $0 == kind }.count
            rows.append(["  recall: " + kind, "\(positives)"] + scored.map { score in
                guard let score else { return "no such check" }
                let counts = score.byKind[kind] ?? Counts()
                return String(format: "%.2f", Double(counts.truePositives) / Double(max(1, positives)))
            })
        }
        return rows
    }
}
