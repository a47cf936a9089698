import Foundation

/// A LightGBM objective: per-row gradients and hessians, the initial score
/// (`boost_from_average`), the evaluation metric and the output transform.
struct Objective: Sendable {
    enum Kind: Sendable { case regression, huber(alpha: Double), binary }
    let kind: Kind

    init(config: LightGBMConfig) throws(ModelError) {
        switch config.objective {
        case "regression": kind = .regression
        case "huber": kind = .huber(alpha: config.alpha)
        case "binary": kind = .binary
        default: throw .invalidTrainingData(reason: "objective '\(config.objective)' is not supported")
        }
    }

    /// The objective line LightGBM writes in a model file.
    var modelString: String {
        switch kind {
        case .regression: return "regression"
        case .huber: return "huber"
        case .binary: return "binary sigmoid:1"
        }
    }

    var transform: OutputTransform {
        if case .binary = kind { return .sigmoid(1) }
        return .identity
    }

    /// The hessian when it does not depend on the row.
    var constantHessian: Double? {
        if case .binary = kind { return nil }
        return 1
    }

    /// LightGBM's metric name for progress reports.
    var metricName: String {
        switch kind {
        case .regression: return "l2"
        case .huber: return "huber"
        case .binary: return "binary_logloss"
        }
    }

    func checkLabels(_ labels: [Double]) throws(ModelError) {
        for y in labels where !y.isFinite {
            throw .invalidTrainingData(reason: "label \(y) is not finite")
        }
        if case .binary = kind {
            for y in labels where y != 0 && y != 1 {
                throw .invalidTrainingData(reason: "binary objective needs labels 0 or 1, found \(y)")
            }
        }
    }

    /// LightGBM `BoostFromScore`: the label mean, or its log-odds for binary.
    func initialScore(labels: [Double]) -> Double {
        guard !labels.isEmpty else { return 0 }
        var sum = 0.0
        for y in labels { sum += y }
        let mean = sum / Double(labels.count)
        switch kind {
        case .regression, .huber: return mean
        case .binary:
            let p = min(max(mean, 1e-15), 1 - 1e-15)
            return log(p / (1 - p))
        }
    }

    /// Fills gradients (and hessians) of the loss at `scores`.
    func gradients(
        scores: UnsafePointer<Double>, labels: UnsafePointer<Double>, count: Int,
        gradients g: UnsafeMutablePointer<Double>, hessians h: UnsafeMutablePointer<Double>
    ) {
        switch kind {
        case .regression:
            for i in 0..<count {
                g[i] = scores[i] - labels[i]
                h[i] = 1
            }
        case .huber(let alpha):
            for i in 0..<count {
                let diff = scores[i] - labels[i]
                g[i] = abs(diff) <= alpha ? diff : (diff > 0 ? alpha : -alpha)
                h[i] = 1
            }
        case .binary:
            for i in 0..<count {
                let label = labels[i] > 0 ? 1.0 : -1.0
                let response = -label / (1 + exp(label * scores[i]))
                let a = abs(response)
                g[i] = response
                h[i] = a * (1 - a)
            }
        }
    }

    /// The metric (lower is better) of raw `scores` against `labels`.
    func metric(scores: [Double], labels: [Double]) -> Double {
        guard !labels.isEmpty else { return 0 }
        var sum = 0.0
        switch kind {
        case .regression:
            for (s, y) in zip(scores, labels) { sum += (s - y) * (s - y) }
        case .huber(let alpha):
            for (s, y) in zip(scores, labels) {
                let d = abs(s - y)
                sum += d <= alpha ? 0.5 * d * d : alpha * (d - 0.5 * alpha)
            }
        case .binary:
            for (s, y) in zip(scores, labels) {
                let p = min(max(1 / (1 + exp(-s)), 1e-15), 1 - 1e-15)
                sum += y > 0 ? -log(p) : -log(1 - p)
            }
        }
        return sum / Double(labels.count)
    }
}
