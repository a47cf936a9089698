/// A file that could not be read, written or opened, and why: the one spelling of
/// "cannot read 'PATH': REASON" that every area's errors carry (features, safetensors files, the
/// shell's scripts and output files) instead of each formatting its own.
public struct FileFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was tried on the file.
    public enum Access: String, Sendable {
        case read, write, access
    }

    /// What was tried.
    public var access: Access
    /// What the file is ("script", "safetensors file"), or empty for a plain file.
    public var noun: String
    /// The file (or folder).
    public var path: String
    /// Why, as one short phrase (``IOReason``'s wording for a thrown error).
    public var reason: String

    /// A failure with its reason already worded.
    public init(_ access: Access, _ noun: String = "", path: String, reason: String) {
        self.access = access
        self.noun = noun
        self.path = path
        self.reason = reason
    }

    /// A failure from the error a read or write of `path` threw, worded by ``IOReason/describe(_:path:)``.
    public init(_ access: Access, _ noun: String = "", path: String, error: any Error) {
        self.init(access, noun, path: path, reason: IOReason.describe(error, path: path))
    }

    /// `cannot read 'PATH': REASON`, with the noun before the path when there is one.
    public var description: String {
        let what = noun.isEmpty ? "" : "\(noun) "
        return "cannot \(access.rawValue) \(what)'\(Excerpt.path(path))': \(reason)"
    }
}
