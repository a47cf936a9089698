import Foundation

/// How a model's raw score becomes a prediction, from the `objective=` line of a LightGBM model.
public enum OutputTransform: Sendable, Equatable {
    /// Regression: the raw score.
    case identity
    /// `regression` with `reg_sqrt`: `sign(x) * x * x`.
    case square
    /// Binary: `1 / (1 + exp(-sigmoid * x))`.
    case sigmoid(Double)
    /// Log-link objectives (poisson, gamma, tweedie): `exp(x)`.
    case exp

    /// Applies the transform to a raw score.
    @inline(__always)
    public func apply(_ x: Double) -> Double {
        switch self {
        case .identity: return x
        case .square: return x >= 0 ? x * x : -(x * x)
        case .sigmoid(let s): return 1.0 / (1.0 + Foundation.exp(-s * x))
        case .exp: return Foundation.exp(x)
        }
    }

    /// The transform for a LightGBM objective string such as `binary sigmoid:1`, or `nil` when
    /// the objective is not one Kilo can predict (multiclass, ranking, cross-entropy...).
    public static func forObjective(_ text: String) -> OutputTransform? {
        let parts = text.split(separator: " ").map(String.init)
        guard let name = parts.first else { return .identity }
        switch name {
        case "regression", "regression_l2", "l2", "mean_squared_error", "mse", "regression_l1", "l1",
            "huber", "fair", "quantile", "mape":
            return parts.contains("sqrt") ? .square : .identity
        case "binary":
            var sigmoid = 1.0
            for p in parts where p.hasPrefix("sigmoid:") {
                guard let s = Double(p.dropFirst("sigmoid:".count)), s.isFinite else { return nil }
                sigmoid = s
            }
            return .sigmoid(sigmoid)
        case "poisson", "gamma", "tweedie":
            return .exp
        default:
            return nil
        }
    }
}
