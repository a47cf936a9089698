/// The values of one command's arguments after binding, by argument name.
///
/// Binding already checked every value against its `ArgumentSpec.Kind`, so the typed accessors
/// below only convert; asking for an argument the command does not declare is a programmer error.
public struct BoundArguments: Sendable, Equatable {
    /// Values by argument name (`symbol`, `--epochs`); repeating positionals hold several.
    public private(set) var values: [String: [String]]
    /// Flags that were given.
    public private(set) var flags: Set<String>

    /// Creates bound arguments.
    public init(values: [String: [String]] = [:], flags: Set<String> = []) {
        self.values = values
        self.flags = flags
    }

    /// The argument's value, or `nil` when an optional argument without default was left out.
    public func string(_ name: String) -> String? { values[name]?.first }

    /// All values of a repeating positional (empty when none were given).
    public func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// The argument as a whole number, or `nil` when left out.
    public func integer(_ name: String) -> Int? { string(name).flatMap { Int($0) } }

    /// The argument as a real number, or `nil` when left out.
    public func number(_ name: String) -> Double? { string(name).flatMap { Double($0) } }

    /// Whether a `--flag` was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The argument as on/off, or `nil` when left out.
    public func toggle(_ name: String) -> Bool? { string(name).flatMap(ArgumentBinder.parseToggle) }

    mutating func append(_ value: String, for name: String) { values[name, default: []].append(value) }

    mutating func setFlag(_ name: String) { flags.insert(name) }
}
