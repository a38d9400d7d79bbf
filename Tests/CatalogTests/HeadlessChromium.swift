import Foundation

/// Debian's `chromium`, run headless on a page as a person's browser would open it, with every host name
/// unresolvable and the browser's own background traffic switched off; its network log tells which requests
/// the *page* made (initiated from the page's origin, not by the browser itself).
struct HeadlessChromium {
    /// The executable, or nil when it is not installed (`make setup` installs it).
    static let executable: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// What a page left after its scripts ran.
    struct Rendering {
        /// The DOM after the scripts ran (`--dump-dom`).
        var dom: String
        /// Non-file URLs the page itself asked for.
        var pageRequests: [String]
    }

    /// Opens `page` (a file path) and returns its DOM after `budget` milliseconds of virtual time.
    static func render(_ page: String, budget: Int = 4000) throws -> Rendering {
        guard let executable else { throw CocoaError(.fileNoSuchFile) }
        let scratch = NSTemporaryDirectory() + "mly360-chromium-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let netLog = scratch + "/net.json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + scratch + "/profile", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,1000", "--virtual-time-budget=\(budget)",
            "--log-net-log=" + netLog, "--dump-dom", URL(fileURLWithPath: page).absoluteString,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Rendering(dom: dom, pageRequests: try pageRequests(netLog: netLog))
    }

    /// URLs of `URL_REQUEST_START_JOB` events that the page initiated (the browser's own requests carry the
    /// initiator "not an origin"), other than `file:` and `data:` URLs.
    static func pageRequests(netLog path: String) throws -> [String] {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        var object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        if object == nil {  // a log cut short by the exit: close its event list
            data += Data("]}".utf8)
            object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        }
        guard let object, let constants = object["constants"] as? [String: Any],
              let types = constants["logEventTypes"] as? [String: Int], let start = types["URL_REQUEST_START_JOB"],
              let events = object["events"] as? [[String: Any]]
        else { return [] }
        return events.compactMap { event -> String? in
            guard event["type"] as? Int == start, let params = event["params"] as? [String: Any],
                  let url = params["url"] as? String, params["initiator"] as? String != "not an origin",
                  !url.hasPrefix("file:"), !url.hasPrefix("data:") else { return nil }
            return url
        }
    }
}
