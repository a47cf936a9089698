import Foundation
import Testing

@testable import KiloCore

/// One trial over the folds: every fold scored on its held-out rows, net-return moments pooled.
@Suite struct TuneJobTests {
    @Test func aTrialScoresEveryFoldOnItsHeldOutRows() throws {
        let engine = try EngineTuneTests.engine(parallel: 1)
        let job = try engine.tuneJob(.lightgbm, symbol: "BTCEUR", folds: 3, objective: .netSharpe)
        let outcome = job.runTrial(
            parameters: ["num_leaves": .int(5)], seed: 3, cancellation: .never, shouldPrune: { _ in false })
        #expect(outcome.state == .complete && outcome.foldValues.count == 3)
        // Held-out rows with a finite target, over the three folds.
        let matrix = job.base.features.matrix
        let heldOut = job.folds.map { fold in fold.test.filter { matrix.target[$0].isFinite }.count }.reduce(0, +)
        #expect(outcome.netMoments?.count == heldOut)
        // With the net-sharpe objective, the fold values are the fold Sharpes.
        #expect(abs((outcome.netSharpe ?? 0) - outcome.foldValues.reduce(0, +) / 3) < 1e-12)
        let again = job.runTrial(
            parameters: ["num_leaves": .int(5)], seed: 3, cancellation: .never, shouldPrune: { _ in false })
        #expect(again.foldValues == outcome.foldValues, "the same parameters and seed give the same trial")
    }

    @Test func aCancelledTrialStopsBeforeItsNextFold() throws {
        let engine = try EngineTuneTests.engine(parallel: 1)
        let job = try engine.tuneJob(.lightgbm, symbol: "BTCEUR", folds: 3, objective: .rmse)
        let token = CancellationToken()
        let outcome = job.runTrial(
            parameters: [:], seed: 1, cancellation: token, shouldPrune: { _ in false },
            foldStarted: { fold in if fold == 1 { token.cancel() } })
        #expect(outcome.foldValues.count == 2, "the running fold finishes")
        #expect(outcome.state == nil, "an interrupted trial has no final state")
    }

    @Test func trialSeedsAreFixedAndDistinct() {
        let seeds = (0..<100).map { TuneJob.trialSeed(studySeed: 42, number: $0) }
        #expect(Set(seeds).count == 100)
        #expect(seeds == (0..<100).map { TuneJob.trialSeed(studySeed: 42, number: $0) })
        #expect(TuneJob.trialSeed(studySeed: 43, number: 0) != seeds[0])
        #expect(seeds.allSatisfy { $0 < 1 << 31 })
    }
}
