extension ImageChecker {
    /// Why ``ImageChecker/readFile(_:)`` could not read a file.
    public struct ReadFailure: Error, Sendable, Equatable, CustomStringConvertible {
        /// A sentence naming the path and the cause, e.g. `Unable to read 'a.jpg': No such file or directory`.
        public var message: String

        /// Creates a failure.
        /// - Parameter message: the sentence naming the path and the cause.
        public init(message: String) {
            self.message = message
        }

        /// The message.
        public var description: String { message }
    }
}
