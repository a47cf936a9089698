import Testing

@testable import KiloCore

@Suite struct ReduceLROnPlateauTests {
    @Test func plateauReducesAfterPatienceEpochsWithoutImprovement() {
        var scheduler = ReduceLROnPlateau(factor: 0.5, patience: 2, minimumLearningRate: 0.02)
        var lr = 0.1
        var history: [Double] = []
        for loss in [1.0, 0.9, 0.95, 0.92, 0.91, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9] {
            lr = scheduler.step(loss: loss, learningRate: lr)
            history.append(lr)
        }
        // Improvement at epochs 1–2, then 3 bad epochs (> patience 2) → halve; again after 3 more; floor 0.02.
        #expect(history == [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02])
    }
}
