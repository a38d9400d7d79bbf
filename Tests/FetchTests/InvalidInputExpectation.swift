import Fetch
import Testing

/// Expects `parse` to throw ``FetchError/invalidInput(_:)`` whose message contains `hint` (the text that was
/// refused names what is wrong).
func expectInvalidInput(_ text: String, hint: String, _ parse: () throws -> Void) {
    do {
        try parse()
        Issue.record("accepted \(text)")
    } catch {
        guard case .invalidInput(let message)? = error as? FetchError else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(message.contains(hint), "\(message)")
    }
}
