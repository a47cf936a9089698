/// A command line that does not fit its command's declaration; printed with the usage line.
public struct UsageError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The command's name.
    public var command: String
    /// What is wrong, naming the argument.
    public var message: String
    /// The command's usage line.
    public var usage: String

    /// Creates a usage error.
    public init(command: String, message: String, usage: String) {
        self.command = command
        self.message = message
        self.usage = usage
    }

    public var description: String { "\(command): \(message) (usage: \(usage))" }
}
