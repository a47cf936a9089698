import Foundation

/// How the TPE sampler sees one parameter (Optuna's "internal representation"): a number on a
/// line (floats, integers with a ±½ step widening) or the index of a category.
enum EncodedDomain: Sendable, Equatable {
    /// `low...high` in the parameter's own units; `step` is 1 for integers and `nil` for reals.
    case numeric(low: Double, high: Double, log: Bool, step: Double?)
    /// The index into `choices`.
    case categorical(choices: [ParameterValue])

    init(_ domain: ParameterDomain) {
        switch domain {
        case .float(let low, let high, let log):
            self = .numeric(low: low, high: max(low, high), log: log && low > 0, step: nil)
        case .int(let low, let high, let log):
            self = .numeric(low: Double(low), high: Double(max(low, high)), log: log && low > 0, step: 1)
        case .categorical(let choices):
            self = .categorical(choices: choices)
        }
    }

    /// The internal value of `value`: the number itself (not log-transformed) or the category
    /// index; `nil` when the value does not belong to the domain (the trial is then left out).
    /// A categorical value is matched exactly, then by number, then by its text, so values that
    /// went through a study file as a different case still match.
    /// - Complexity: O(1) for numbers, O(choices) for categories.
    func encode(_ value: ParameterValue) -> Double? {
        switch self {
        case .numeric(let low, let high, _, let step):
            guard let number = value.number, number.isFinite, number >= low, number <= high else { return nil }
            if step != nil, number.rounded() != number { return nil }
            return number
        case .categorical(let choices):
            if let index = choices.firstIndex(of: value) { return Double(index) }
            if let number = value.number, let index = choices.firstIndex(where: { $0.number == number }) {
                return Double(index)
            }
            return choices.firstIndex { $0.description == value.description }.map(Double.init)
        }
    }

    /// The parameter value of internal value `x` (rounded and clamped into the domain).
    /// - Complexity: O(1).
    func decode(_ x: Double) -> ParameterValue {
        switch self {
        case .numeric(let low, let high, _, let step):
            let clamped = min(max(x, low), high)
            if step != nil { return .int(Int(clamped.rounded())) }
            return .float(clamped)
        case .categorical(let choices):
            return choices[min(max(Int(x), 0), choices.count - 1)]
        }
    }
}
