/// A known optimisation problem the samplers are checked on (`check tpe FUNCTION`, and
/// bench/tune against Optuna): a search space, an objective to minimise, and its known minimum.
public struct TuneTestFunction: Sendable {
    /// `branin`, `hartmann6` or `mixed10`.
    public var name: String
    public var space: SearchSpace
    /// The global minimum of `evaluate` over `space`.
    public var minimum: Double
    /// The objective; `nil` when a parameter is missing or of the wrong kind.
    public var evaluate: @Sendable (TrialParameters) -> Double?

    /// Every test function, by name.
    public static let all: [TuneTestFunction] = [.branin, .hartmann6, .mixed10]

    /// The function called `name`, if any.
    public static func named(_ name: String) -> TuneTestFunction? { all.first { $0.name == name } }

    /// The real value of parameter `name` (an integer counts).
    static func real(_ parameters: TrialParameters, _ name: String) -> Double? { parameters[name]?.number }

    /// The integer value of parameter `name`.
    static func integer(_ parameters: TrialParameters, _ name: String) -> Int? {
        if case .int(let value)? = parameters[name] { return value }
        return nil
    }
}
