/// The value text and reason reported for a value that breaks a rule.
public typealias ConfigFailure = (value: String, reason: String)

/// A rule a config value must meet, with the reason reported (and shown in the README) when it
/// does not: `ConfigError.invalidValue(key:value:reason:)` names the key and quotes the value.
public struct ConfigRule<Section, Value>: Sendable {
    /// The reason, as the README's table shows it.
    public let reason: String
    /// The value text and reason reported for a failing value, `nil` when it passes.
    let failure: @Sendable (Value, Section) -> ConfigFailure?

    /// A rule that fails when `failure` returns the value text and reason to report;
    /// `reason` summarises it for the README.
    public static func custom(
        _ reason: String, _ failure: @escaping @Sendable (Value, Section) -> ConfigFailure?
    ) -> ConfigRule {
        ConfigRule(reason: reason, failure: failure)
    }

    /// A rule that fails, reporting the value and `reason`, when `test` is false.
    public static func must(_ reason: String, _ test: @escaping @Sendable (Value) -> Bool) -> ConfigRule {
        ConfigRule(reason: reason) { value, _ in test(value) ? nil : ("\(value)", reason) }
    }

    /// A rule between keys: fails, reporting the value and `reason`, when `test` is false
    /// for the value and its whole section.
    public static func relation(
        _ reason: String, _ test: @escaping @Sendable (Value, Section) -> Bool
    ) -> ConfigRule {
        ConfigRule(reason: reason) { value, section in test(value, section) ? nil : ("\(value)", reason) }
    }
}

extension ConfigRule where Value == Int {
    /// `value >= minimum`, reported as "must be at least N".
    public static func atLeast(_ minimum: Int) -> ConfigRule { .must("must be at least \(minimum)") { $0 >= minimum } }

    /// `range.contains(value)`, reported as "must be in A...B".
    public static func within(_ range: ClosedRange<Int>) -> ConfigRule {
        .must("must be in \(range.lowerBound)...\(range.upperBound)") { range.contains($0) }
    }
}

extension ConfigRule where Value == String {
    /// A non-empty string, reported as "must not be empty".
    public static var notEmpty: ConfigRule { .must("must not be empty") { !$0.isEmpty } }
}

extension ConfigRule where Value == Double {
    /// A finite value ≥ 0, reported as "must be at least 0".
    public static var atLeastZero: ConfigRule { .must("must be at least 0") { $0 >= 0 && $0.isFinite } }

    /// A finite value > 0, reported as "must be positive".
    public static var positive: ConfigRule { .must("must be positive") { $0 > 0 && $0.isFinite } }

    /// A fraction strictly between 0 and 1, reported as "must be in (0, 1)".
    public static var insideZeroOne: ConfigRule { .must("must be in (0, 1)") { $0 > 0 && $0 < 1 } }

    /// A share above 0 and at most 1, reported as "must be in (0, 1]".
    public static var aboveZeroUpToOne: ConfigRule { .must("must be in (0, 1]") { $0 > 0 && $0 <= 1 } }
}

extension ConfigRule where Value == Int {
    /// `value >= 0`, reported as "must be 0 or more".
    public static var zeroOrMore: ConfigRule { .must("must be 0 or more") { $0 >= 0 } }
}
