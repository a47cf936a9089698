import Foundation

extension TuneTestFunction {
    /// Branin–Hoo on x1 ∈ [−5, 10], x2 ∈ [0, 15] (two floats):
    ///
    ///     f(x1, x2) = (x2 − 5.1/(4π²)·x1² + 5/π·x1 − 6)² + 10·(1 − 1/(8π))·cos(x1) + 10
    ///
    /// Minimum 0.397887… (= 5/(4π)) at (−π, 12.275), (π, 2.275) and (9.42478, 2.475).
    public static let branin = TuneTestFunction(
        name: "branin",
        space: SearchSpace(parameters: [
            .init(name: "x1", domain: .float(low: -5, high: 10, log: false)),
            .init(name: "x2", domain: .float(low: 0, high: 15, log: false)),
        ]),
        minimum: 5 / (4 * Double.pi),
        evaluate: { parameters in
            guard let x1 = real(parameters, "x1"), let x2 = real(parameters, "x2") else { return nil }
            return braninValue(x1, x2)
        })

    /// The Branin–Hoo function itself.
    /// - Complexity: O(1).
    public static func braninValue(_ x1: Double, _ x2: Double) -> Double {
        let b = 5.1 / (4 * Double.pi * Double.pi)
        let c = 5 / Double.pi
        let t = 1 / (8 * Double.pi)
        let inner = x2 - b * x1 * x1 + c * x1 - 6
        return inner * inner + 10 * (1 - t) * cos(x1) + 10
    }
}
