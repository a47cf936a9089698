import Foundation
import Testing

@testable import KiloCore

/// The pipelined schedule `TuneRun` shares with the cluster path: views, readiness, the lag.
@Suite struct TuneRunScheduleTests {
    /// Suggests the trial number as `num_leaves` and writes what it saw into the other parameters:
    /// `min_data_in_leaf` the view's size, `max_depth` its running trials.
    struct Echo: TrialSampler {
        func suggest(space: SearchSpace, history: [TrialRecord], direction: StudyDirection, trialNumber: Int, seed: UInt64)
            -> TrialParameters
        {
            [
                "num_leaves": .int(trialNumber), "min_data_in_leaf": .int(history.count),
                "max_depth": .int(history.count(where: { $0.state == .running })),
            ]
        }
    }

    private let header = StudyHeader(
        name: "s", model: .lightgbm, symbol: "BTCEUR", objective: .rmse, sampler: .tpe, pruner: .median, seed: 5,
        folds: 2, dataSHA256: "", specHash: "", space: SearchSpace(parameters: []), baseConfig: "{}", created: 0)

    /// Trials `numbers`, each complete unless listed in `running`.
    private func study(_ numbers: [Int], running: Set<Int> = []) -> [TrialRecord] {
        numbers.map { n in
            running.contains(n)
                ? TrialRecord(number: n, parameters: ["num_leaves": .int(n)], seed: 1)
                : TrialRecord(
                    number: n, parameters: ["num_leaves": .int(n)], foldValues: [Double(n)], state: .complete,
                    value: Double(n), seed: 1, duration: 2)
        }
    }

    @Test func theLagIsOneForOneTrialAndTwicePMinusOneOtherwise() {
        #expect([1, 2, 4, 8].map(TuneRun.defaultLag(parallel:)) == [1, 3, 7, 15])
        #expect(TuneRun.defaultLag(parallel: 0) == 1)
    }

    @Test func aViewHoldsTheTrialsLagNumbersBackAndTheNewerOnesAsRunning() {
        let history = study([4, 0, 1, 2, 3, 5], running: [5])
        let view = TuneRun.view(of: 6, in: history, lag: 3)
        #expect(view.map(\.number) == [0, 1, 2, 3, 4, 5])
        #expect(view.prefix(4) == history.filter { $0.number <= 3 }.sorted { $0.number < $1.number }[...])
        for record in view.suffix(2) {
            #expect(record.state == .running && record.foldValues.isEmpty && record.value == nil && record.duration == 0)
            #expect(record.parameters == ["num_leaves": .int(record.number)] && record.seed == 1)
        }
        #expect(TuneRun.view(of: 3, in: history, lag: 1) == study([0, 1, 2]), "lag 1: every earlier trial as it is")
    }

    @Test func pendingNumbersFillHolesFirst() {
        #expect(TuneRun.pendingNumbers(study([0, 1, 3]), trials: 6) == [2, 4, 5])
        #expect(TuneRun.pendingNumbers(study([0, 1, 3]), trials: 3).isEmpty)
        #expect(TuneRun.pendingNumbers([], trials: 2) == [0, 1])
    }

    @Test func aTrialStartsWhenItsViewIsCompleteAndASlotIsFree() {
        // P = 2, L = 3: trial 4 needs trials 0…1 finished; 2 and 3 may still run.
        let next = TuneRun.nextTrials(
            header: header, history: study([0, 1, 2], running: [2]), sampler: Echo(), trials: 10, parallel: 2, lag: 3)
        #expect(next.map(\.record.number) == [3])
        let record = next[0].record
        #expect(record.parameters["min_data_in_leaf"] == .int(3) && record.parameters["max_depth"] == .int(2))
        #expect(record.seed == TuneJob.trialSeed(studySeed: 5, number: 3) && record.state == .running)
        #expect(next[0].view == TuneRun.view(of: 3, in: study([0, 1, 2], running: [2]), lag: 3))
        // Trial 4 waits for trial 1; trial 3 runs beside trial 2 once trial 0 has finished.
        #expect(TuneRun.nextTrials(
            header: header, history: study([0, 1, 2, 3], running: [1, 3]), sampler: Echo(), trials: 10, parallel: 4,
            lag: 3).isEmpty)
        #expect(TuneRun.nextTrials(
            header: header, history: study([0, 1, 2, 3], running: [2, 3]), sampler: Echo(), trials: 10, parallel: 2,
            lag: 3).isEmpty, "two trials run")
        let many = TuneRun.nextTrials(header: header, history: [], sampler: Echo(), trials: 10, parallel: 4, lag: 7)
        #expect(many.map(\.record.number) == [0, 1, 2, 3])
        #expect(many.map { $0.record.parameters["max_depth"] } == [0, 1, 2, 3].map { .int($0) }, "each sees the ones before running")
        #expect(TuneRun.nextTrials(header: header, history: [], sampler: Echo(), trials: 3, parallel: 8, lag: 15).count == 3)
        // A hole an interrupted run left is run first, from the same view as before.
        let hole = TuneRun.nextTrials(
            header: header, history: study([0, 1, 3]), sampler: Echo(), trials: 6, parallel: 2, lag: 3)
        #expect(hole.map(\.record.number) == [2, 4])
        #expect(hole[0].view == TuneRun.view(of: 2, in: study([0, 1]), lag: 3))
    }

    @Test func oneTrialAtATimeIsTheSequentialStudy() {
        // L = 1: trial k sees every trial before it, finished, and none running.
        var history: [TrialRecord] = []
        for number in 0..<5 {
            let next = TuneRun.nextTrials(header: header, history: history, sampler: Echo(), trials: 5, parallel: 1, lag: 1)
            #expect(next.map(\.record.number) == [number])
            #expect(next[0].view == history && next[0].record.parameters["max_depth"] == .int(0))
            #expect(TuneRun.nextTrials(
                header: header, history: history + [next[0].record], sampler: Echo(), trials: 5, parallel: 1, lag: 1).isEmpty)
            history += study([number])
        }
    }
}
