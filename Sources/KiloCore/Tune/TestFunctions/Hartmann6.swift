import Foundation

extension TuneTestFunction {
    /// The six-dimensional Hartmann function on [0, 1]⁶ (floats x1…x6):
    ///
    ///     f(x) = −Σᵢ αᵢ · exp(−Σⱼ Aᵢⱼ (xⱼ − Pᵢⱼ)²)
    ///
    /// with the standard α, A and P below. Minimum −3.32237 at
    /// (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573).
    public static let hartmann6 = TuneTestFunction(
        name: "hartmann6",
        space: SearchSpace(parameters: (1...6).map { .init(name: "x\($0)", domain: .float(low: 0, high: 1, log: false)) }),
        minimum: -3.322_368_011_391_339,
        evaluate: { parameters in
            var x: [Double] = []
            for index in 1...6 {
                guard let value = real(parameters, "x\(index)") else { return nil }
                x.append(value)
            }
            return hartmann6Value(x)
        })

    static let hartmannAlpha: [Double] = [1.0, 1.2, 3.0, 3.2]
    static let hartmannA: [[Double]] = [
        [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14],
    ]
    static let hartmannP: [[Double]] = [
        [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
        [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
    ]

    /// The Hartmann-6 function of six coordinates.
    /// - Complexity: O(1).
    public static func hartmann6Value(_ x: [Double]) -> Double {
        var total = 0.0
        for i in 0..<4 {
            var exponent = 0.0
            for j in 0..<6 {
                let d = x[j] - hartmannP[i][j]
                exponent += hartmannA[i][j] * d * d
            }
            total += hartmannAlpha[i] * exp(-exponent)
        }
        return -total
    }
}
