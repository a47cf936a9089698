import Testing

@testable import KiloCore

@Suite struct RowGradientsTests {
    /// Huber gradients over enough rows to be split between cores equal the one-core fill bit for
    /// bit, and the regression fill is `score − label` with hessian 1.
    @Test func everyThreadCountFillsTheSameBits() throws {
        let n = 70_001
        var rng = SplitMix64(seed: 11)
        let scores = (0..<n).map { _ in rng.nextGaussian() }
        let labels = (0..<n).map { _ in rng.nextGaussian() }
        var config = LightGBMConfig()
        config.objective = "huber"
        config.alpha = 0.5
        let huber = try Objective(config: config)
        var fills: [[Double]] = []
        for threads in [1, 2, 3] {
            let buffers = RowGradients(count: n)
            buffers.fill(objective: huber, scores: scores, labels: labels, threads: threads)
            fills.append(
                (0..<n).map { buffers.gradients[$0] } + (0..<n).map { buffers.hessians[$0] })
        }
        #expect(fills[0].map(\.bitPattern) == fills[1].map(\.bitPattern))
        #expect(fills[0].map(\.bitPattern) == fills[2].map(\.bitPattern))
        #expect(fills[0].contains { abs($0) == 0.5 } && fills[0].contains { abs($0) < 0.5 && $0 != 0 })

        config.objective = "regression"
        let buffers = RowGradients(count: n)
        buffers.fill(objective: try Objective(config: config), scores: scores, labels: labels, threads: 2)
        #expect((0..<n).allSatisfy { buffers.gradients[$0] == scores[$0] - labels[$0] && buffers.hessians[$0] == 1 })
    }
}
