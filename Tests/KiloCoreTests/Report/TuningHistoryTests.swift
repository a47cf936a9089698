import Testing

@testable import KiloCore

@Suite struct TuningHistoryTests {
    @Test func bestSoFarFollowsTheDirectionAndSkipsTrialsWithoutValue() {
        let trials = [
            TuningHistory.Trial(number: 2, value: 0.5, state: "complete"),
            TuningHistory.Trial(number: 0, value: nil, state: "pruned"),
            TuningHistory.Trial(number: 1, value: 0.7, state: "complete"),
            TuningHistory.Trial(number: 3, value: 0.2, state: "complete"),
            TuningHistory.Trial(number: 4, value: .nan, state: "failed"),
        ]
        let minimize = TuningHistory(study: "s", minimize: true, trials: trials)
        #expect(minimize.trials.map(\.number) == [0, 1, 2, 3, 4])
        #expect(minimize.bestSoFar == [nil, 0.7, 0.5, 0.2, 0.2])
        #expect(minimize.best?.number == 3)
        let maximize = TuningHistory(study: "s", minimize: false, trials: trials)
        #expect(maximize.bestSoFar == [nil, 0.7, 0.7, 0.7, 0.7])
        #expect(maximize.best?.number == 1)
        #expect(TuningHistory(study: "s", minimize: true, trials: []).best == nil)
    }
}
