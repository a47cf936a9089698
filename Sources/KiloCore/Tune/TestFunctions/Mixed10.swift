import Foundation

extension TuneTestFunction {
    /// A ten-dimensional mixed problem (defined identically in bench/tune/optuna_tpe.py):
    ///
    /// | parameter | domain | term of f |
    /// |---|---|---|
    /// | x0, x1, x2 | float [−5, 5] | (x0 − 1)² + (x1 + 2)² + (x2 − 0.5)² |
    /// | x3 | log float [1e-3, 10] | 0.5·(log10 x3 + 1)² |
    /// | x4 | float [0, 1] | (x4 − w(c1))², w = {1: 0.25, 2: 0.5, 4: 0.75} |
    /// | n0, n1 | int [−10, 10] | 0.1·((n0 − 3)² + (n1 + 4)²) |
    /// | n2 | log int [1, 64] | 0.5·(log2 n2 − 3)² |
    /// | c0 | categorical a, b, c, d | {a: 1, b: 0, c: 0.5, d: 2} |
    /// | c1 | categorical 1, 2, 4 (ints) | {1: 0.3, 2: 0, 4: 0.6} |
    ///
    /// f is the sum of the terms. Minimum 0 at x0 = 1, x1 = −2, x2 = 0.5, x3 = 0.1, x4 = 0.5,
    /// n0 = 3, n1 = −4, n2 = 8, c0 = b, c1 = 2.
    public static let mixed10 = TuneTestFunction(
        name: "mixed10",
        space: SearchSpace(parameters: [
            .init(name: "x0", domain: .float(low: -5, high: 5, log: false)),
            .init(name: "x1", domain: .float(low: -5, high: 5, log: false)),
            .init(name: "x2", domain: .float(low: -5, high: 5, log: false)),
            .init(name: "x3", domain: .float(low: 1e-3, high: 10, log: true)),
            .init(name: "x4", domain: .float(low: 0, high: 1, log: false)),
            .init(name: "n0", domain: .int(low: -10, high: 10, log: false)),
            .init(name: "n1", domain: .int(low: -10, high: 10, log: false)),
            .init(name: "n2", domain: .int(low: 1, high: 64, log: true)),
            .init(name: "c0", domain: .categorical([.string("a"), .string("b"), .string("c"), .string("d")])),
            .init(name: "c1", domain: .categorical([.int(1), .int(2), .int(4)])),
        ]),
        minimum: 0,
        evaluate: { parameters in
            guard let x0 = real(parameters, "x0"), let x1 = real(parameters, "x1"), let x2 = real(parameters, "x2"),
                let x3 = real(parameters, "x3"), let x4 = real(parameters, "x4"), let n0 = integer(parameters, "n0"),
                let n1 = integer(parameters, "n1"), let n2 = integer(parameters, "n2"),
                case .string(let c0)? = parameters["c0"], let c1 = integer(parameters, "c1"),
                let c0Offset = mixedC0Offsets[c0], let c1Offset = mixedC1Offsets[c1], let w = mixedX4Targets[c1]
            else { return nil }
            let floats: Double = square(x0 - 1) + square(x1 + 2) + square(x2 - 0.5)
            let logFloat: Double = 0.5 * square(log10(x3) + 1)
            let interaction: Double = square(x4 - w)
            let integers: Double = 0.1 * (square(Double(n0 - 3)) + square(Double(n1 + 4)))
            let logInteger: Double = 0.5 * square(log2(Double(n2)) - 3)
            let continuous: Double = floats + logFloat + interaction
            let discrete: Double = integers + logInteger + c0Offset + c1Offset
            return continuous + discrete
        })

    private static func square(_ x: Double) -> Double { x * x }

    static let mixedC0Offsets: [String: Double] = ["a": 1, "b": 0, "c": 0.5, "d": 2]
    static let mixedC1Offsets: [Int: Double] = [1: 0.3, 2: 0, 4: 0.6]
    static let mixedX4Targets: [Int: Double] = [1: 0.25, 2: 0.5, 4: 0.75]
}
