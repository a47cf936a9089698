import Foundation
import Testing

@testable import KiloCore

/// The study loop with a scripted sampler and pruner.
@Suite struct TuneRunTests {
    /// Suggests `values[trialNumber]`.
    struct Scripted: TrialSampler {
        var values: [TrialParameters]
        func suggest(space: SearchSpace, history: [TrialRecord], direction: StudyDirection, trialNumber: Int, seed: UInt64)
            -> TrialParameters
        { values[trialNumber % values.count] }
    }

    /// Prunes every trial after its first fold, recording the history it saw.
    struct AlwaysPrune: TrialPruner {
        func shouldPrune(foldValues: [Double], history: [TrialRecord], direction: StudyDirection) -> Bool { true }
    }

    private func run(_ sampler: any TrialSampler, pruner: (any TrialPruner)?, trials: Int) throws -> TuneOutcome {
        let engine = try EngineTuneTests.engine(parallel: 1)
        let job = try engine.tuneJob(.lightgbm, symbol: "BTCEUR", folds: 3, objective: .rmse)
        let header = engine.studyHeader(TuneRequest(model: .lightgbm, symbol: "BTCEUR"), job: job, now: Date())
        let store = try StudyStore(path: StudyStore.path(name: header.name, folder: engine.studiesFolder), creating: header)
        return try TuneRun(job: job, store: store, sampler: sampler, pruner: pruner, trials: trials, parallel: 2)
            .run(cancellation: .never)
    }

    @Test func prunedTrialsStopAfterTheFoldAndHaveNoValue() throws {
        let outcome = try run(Scripted(values: [["num_leaves": .int(7)]]), pruner: AlwaysPrune(), trials: 2)
        #expect(outcome.trials.map(\.record.state) == [.pruned, .pruned])
        #expect(outcome.trials.allSatisfy { $0.record.foldValues.count == 1 && $0.record.value == nil })
        #expect(TuneRun.best(outcome.trials, direction: .minimize) == nil)
    }

    @Test func aFailingTrialIsRecordedAndTheStudyGoesOn() throws {
        let outcome = try run(
            Scripted(values: [["num_leaves": .int(1)], ["num_leaves": .int(9)]]), pruner: nil, trials: 2)
        #expect(outcome.trials[0].record.state == .failed)
        #expect(outcome.trials[0].record.failure?.contains("models.lightgbm.num_leaves") == true)
        #expect(outcome.trials[1].record.state == .complete)
        let value = try #require(outcome.trials[1].record.value)
        #expect(value == outcome.trials[1].record.foldValues.reduce(0, +) / 3)
        #expect(TuneRun.best(outcome.trials, direction: .minimize)?.record.number == 1)
    }
}
