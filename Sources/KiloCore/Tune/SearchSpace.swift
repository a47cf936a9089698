/// One value a trial gives a searched parameter.
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case float(Double)
    case string(String)

    /// The value as a number where it is one (categorical strings have none).
    public var number: Double? {
        switch self {
        case .int(let v): Double(v)
        case .float(let v): v
        case .string: nil
        }
    }

    public var description: String {
        switch self {
        case .int(let v): "\(v)"
        case .float(let v): "\(v)"
        case .string(let v): v
        }
    }
}

/// Where one searched parameter's values come from (`tune.spaces.MODEL.NAME`).
public enum ParameterDomain: Sendable, Hashable, Codable {
    /// Integers `low...high` (inclusive); `log` samples uniformly in log space.
    case int(low: Int, high: Int, log: Bool)
    /// Reals `low...high`; `log` samples uniformly in log space (then `low > 0`).
    case float(low: Double, high: Double, log: Bool)
    /// One of the listed choices, unordered.
    case categorical([ParameterValue])
}

/// The parameters a study searches, in a fixed order (`tune.spaces` keeps them sorted by name), each
/// with its domain. The order fixes how a seed turns into suggestions, so it is part of the study's identity.
public struct SearchSpace: Sendable, Hashable, Codable {
    /// The parameters, in order.
    public var parameters: [Parameter]

    /// One searched parameter: a key of the model's config section and its domain.
    public struct Parameter: Sendable, Hashable, Codable {
        public var name: String
        public var domain: ParameterDomain
    }
}

/// One trial's parameter values, by parameter name.
public typealias TrialParameters = [String: ParameterValue]
