import Testing

@testable import KiloCore

@Suite struct TPESamplerTests {
    static func trial(_ number: Int, _ x: Double, value: Double?, state: TrialState = .complete, folds: [Double] = [])
        -> TrialRecord
    {
        TrialRecord(number: number, parameters: ["x": .float(x)], foldValues: folds, state: state, value: value, seed: 0)
    }

    @Test func gammaIsOptunasDefault() {
        #expect([0, 1, 9, 10, 11, 100, 240, 250, 251, 1000].map(TPESampler.gamma) == [0, 1, 1, 1, 2, 10, 24, 25, 25, 25])
    }

    @Test func startupTrialsAreTheRandomSamplersSuggestions() {
        let function = TuneTestFunction.mixed10
        var history: [TrialRecord] = []
        for number in 0..<10 {
            let tpe = TPESampler().suggest(
                space: function.space, history: history, direction: .minimize, trialNumber: number, seed: 5)
            let random = RandomSampler().suggest(
                space: function.space, history: history, direction: .minimize, trialNumber: number, seed: 5)
            #expect(tpe == random)
            history.append(SamplerCheck.record(number: number, parameters: tpe, function: function, seed: 5))
        }
        let model = TPESampler().suggest(space: function.space, history: history, direction: .minimize, trialNumber: 10, seed: 5)
        let random = RandomSampler().suggest(space: function.space, history: history, direction: .minimize, trialNumber: 10, seed: 5)
        #expect(model != random)
    }

    @Test func sameInputsGiveTheSameSuggestion() {
        let report1 = SamplerCheck.run(function: .branin, sampler: TPESampler(), samplerName: "tpe", trials: 40, seed: 11)
        let report2 = SamplerCheck.run(function: .branin, sampler: TPESampler(), samplerName: "tpe", trials: 40, seed: 11)
        let report3 = SamplerCheck.run(function: .branin, sampler: TPESampler(), samplerName: "tpe", trials: 40, seed: 12)
        #expect(report1 == report2)
        #expect(report1.bestParameters != report3.bestParameters)
    }

    @Test func splitRanksCompleteThenPrunedAndPutsRunningAbove() {
        var history: [TrialRecord] = []
        for number in 0..<8 { history.append(Self.trial(number, Double(number), value: Double(10 - number))) }
        history.append(Self.trial(8, 0.5, value: nil, state: .failed))
        history.append(Self.trial(9, 0.7, value: nil, state: .running))
        history.append(Self.trial(10, 0.1, value: nil, state: .pruned, folds: [9, 9]))
        history.append(Self.trial(11, 0.2, value: nil, state: .pruned, folds: [0]))
        history.append(Self.trial(12, 0.3, value: nil, state: .pruned, folds: [1, 2]))
        // 11 finished (8 complete + 3 pruned): γ = 2 → the two best complete trials (7, 6).
        let (below, above) = TPESampler.split(history, direction: .minimize)
        #expect(below.map(\.number) == [6, 7])
        #expect(above.map(\.number) == [0, 1, 2, 3, 4, 5, 9, 10, 11, 12])
        // Maximising, the best complete trials are 0 and 1.
        #expect(TPESampler.split(history, direction: .maximize).below.map(\.number) == [0, 1])
        // With few complete trials, pruned ones fill "below": most folds first, then the better mean.
        let fewComplete = [Self.trial(0, 0, value: 5)] + history[10...12]
        let pruned = fewComplete + (13..<24).map { Self.trial($0, 0.9, value: nil, state: .pruned, folds: []) }
        // 15 finished: γ = 2 → trial 0 and, of the two-fold pruned trials, 12 (mean 1.5 < 9).
        #expect(TPESampler.split(pruned, direction: .minimize).below.map(\.number) == [0, 12])
        // A history out of trial-number order splits the same, each side in trial-number order.
        let shuffled = TPESampler.split(Array(history.reversed()), direction: .minimize)
        #expect(shuffled.below.map(\.number) == [6, 7])
        #expect(shuffled.above.map(\.number) == [0, 1, 2, 3, 4, 5, 9, 10, 11, 12])
    }

    @Test func kilosRuleTakesBelowBestFirst() {
        var history: [TrialRecord] = []
        for number in 0..<30 { history.append(Self.trial(number, Double(number) / 30, value: Double((number * 17) % 30))) }
        // 30 finished: γ = 3 → the values 0, 1 and 2 are trials 0, 23 and 16 (17·23 = 391 ≡ 1,
        // 17·16 = 272 ≡ 2).
        for shuffled in [history, Array(history.reversed())] {
            let byNumber = TPESampler.splitIndices(shuffled, direction: .minimize)
            let byRank = TPESampler.splitIndices(shuffled, direction: .minimize, belowByRank: true)
            #expect(byNumber.below.map { shuffled[$0].number } == [0, 16, 23])
            #expect(byRank.below.map { shuffled[$0].number } == [0, 23, 16])
            #expect(byRank.above == byNumber.above, "only below's order changes")
        }
        let maximising = TPESampler.splitIndices(history, direction: .maximize, belowByRank: true)
        #expect(maximising.below.map { history[$0].value } == [29, 28, 27])
        // Complete trials first, then pruned ones by their score.
        let fewComplete = [Self.trial(0, 0, value: 5)] + (1..<15).map {
            Self.trial($0, 0.5, value: nil, state: .pruned, folds: $0 == 9 ? [1, 2] : [Double($0)])
        }
        #expect(TPESampler.splitIndices(fewComplete, direction: .minimize, belowByRank: true).below == [0, 9])
    }

    @Test func tpeBeatsRandomSearch() {
        for function in TuneTestFunction.all {
            var tpeBest: [Double] = []
            var randomBest: [Double] = []
            for seed in 1...5 {
                let seed = UInt64(seed)
                tpeBest.append(SamplerCheck.run(function: function, sampler: TPESampler(), samplerName: "tpe", trials: 100, seed: seed).best)
                randomBest.append(SamplerCheck.run(function: function, sampler: RandomSampler(), samplerName: "random", trials: 100, seed: seed).best)
            }
            let tpeMedian = tpeBest.sorted()[2]
            let randomMedian = randomBest.sorted()[2]
            #expect(tpeMedian < randomMedian, "\(function.name): TPE \(tpeBest) vs random \(randomBest)")
            #expect(tpeBest.allSatisfy { $0 >= function.minimum - 1e-9 })
        }
    }

    /// Kilo's kernels (the default) against Optuna's on the same seeds: a better median best over
    /// 8 seeds after 200 trials on every function. (Which Hartmann-6 runs settle in its local
    /// minimum, −3.20, is settled early and is about as common under both rules; Kilo's are
    /// better in the runs that reach the global basin. bench/tune measures all three over
    /// hundreds of seeds.)
    @Test func kiloKernelsFindBetterValuesThanOptunas() {
        for function in TuneTestFunction.all {
            var kilo: [Double] = []
            var optuna: [Double] = []
            for seed in UInt64(1)...8 {
                kilo.append(SamplerCheck.run(function: function, sampler: TPESampler(), samplerName: "tpe", trials: 200, seed: seed).best)
                optuna.append(
                    SamplerCheck.run(
                        function: function, sampler: TPESampler(rule: .optuna), samplerName: "tpe", trials: 200, seed: seed
                    ).best)
            }
            // Twice each median (the sum of the middle two of eight).
            let (k, o) = (kilo.sorted(), optuna.sorted())
            #expect(k[3] + k[4] < o[3] + o[4], "\(function.name): kilo \(kilo) vs optuna \(optuna)")
        }
    }

    @Test func independentModeSuggestsEachParameterOnItsOwn() {
        var sampler = TPESampler()
        sampler.multivariate = false
        let report = SamplerCheck.run(function: .mixed10, sampler: sampler, samplerName: "tpe", trials: 60, seed: 2)
        let random = SamplerCheck.run(function: .mixed10, sampler: RandomSampler(), samplerName: "random", trials: 60, seed: 2)
        #expect(report.trials == 60)
        #expect(report.best < random.best)
    }

    @Test func trialsOutsideTheSpaceAreLeftOut() {
        let space = SearchSpace(parameters: [.init(name: "x", domain: .float(low: 0, high: 1, log: false))])
        var history = (0..<12).map { Self.trial($0, Double($0) / 12, value: Double($0)) }
        history.append(TrialRecord(number: 12, parameters: ["x": .float(7)], state: .complete, value: -100, seed: 0))
        history.append(TrialRecord(number: 13, parameters: ["y": .float(0.5)], state: .complete, value: -100, seed: 0))
        let rows = TPESampler.encode(history.map(\.parameters), space: space, domains: space.parameters.map { EncodedDomain($0.domain) })
        #expect(rows.count == 12)
        let suggestion = TPESampler().suggest(space: space, history: history, direction: .minimize, trialNumber: 14, seed: 1)
        guard case .float(let x)? = suggestion["x"] else {
            Issue.record("no x in \(suggestion)")
            return
        }
        #expect((0...1).contains(x))
    }
}
