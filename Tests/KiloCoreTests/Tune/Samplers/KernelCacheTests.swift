import Testing

@testable import KiloCore

/// The kernels the cache carries from one set of "above" trials to the next are the ones a fresh
/// fit gives, bit for bit, and a sampler that carries them suggests what a fresh sampler does.
@Suite struct KernelCacheTests {
    static let names = ["x", "tied", "lr", "n", "m", "c"]
    static let domains: [EncodedDomain] = [
        EncodedDomain(.float(low: -5, high: 5, log: false)),
        EncodedDomain(.float(low: -1, high: 1, log: false)),
        EncodedDomain(.float(low: 1e-5, high: 1e-1, log: true)),
        EncodedDomain(.int(low: -10, high: 10, log: false)),
        EncodedDomain(.int(low: 1, high: 64, log: true)),
        EncodedDomain(.categorical([.string("a"), .string("b"), .string("c")])),
    ]
    static let schema = EncodedColumns.Schema(names: names, domains: domains)

    /// Trials with values that tie often (a coarse grid with −0.0 and 0.0), cluster (so gaps
    /// exceed the clipped minimum) or spread, and now and then lack a parameter.
    static func trial(_ number: Int, using random: inout SplitMix64) -> TrialRecord {
        let ties: [Double] = [-1, -0.5, -0.0, 0.0, 0.5, 1]
        var parameters: TrialParameters = [
            "x": .float(random.next() % 2 == 0 ? -5 + 10 * random.nextUnit() : 3.9 + 0.2 * random.nextUnit()),
            "tied": .float(ties[Int(random.next() % 6)]),
            "lr": .float(random.next() % 3 == 0 ? 1e-5 : 1e-5 + 0.09 * random.nextUnit() * random.nextUnit()),
            "n": .int(Int(random.next() % 21) - 10),
            "m": .int(1 + Int(random.next() % 64)),
            "c": [.string("a"), .string("b"), .string("c")][Int(random.next() % 3)],
        ]
        if random.next() % 50 == 0 { parameters["n"] = nil }
        return TrialRecord(number: number, parameters: parameters, seed: 0)
    }

    static func expectSame(_ a: ParzenEstimator.Kernels, _ b: ParzenEstimator.Kernels, _ note: String) {
        func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }
        switch (a, b) {
        case (.continuous(let a), .continuous(let b)):
            #expect(bits(a.bandwidths.mu) == bits(b.bandwidths.mu), "\(note) μ")
            #expect(bits(a.bandwidths.sigma) == bits(b.bandwidths.sigma), "\(note) σ")
            #expect(bits(a.inverseSigma) == bits(b.inverseSigma), "\(note) 1/σ")
            #expect(bits(a.logNormalizer) == bits(b.logNormalizer), "\(note) normalisers")
            #expect(a.largestTerm.bitPattern == b.largestTerm.bitPattern, "\(note) largest term")
            #expect(a.bandwidths.low == b.bandwidths.low && a.bandwidths.high == b.bandwidths.high && a.log == b.log)
        case (.discrete(let a), .discrete(let b)):
            #expect(bits(a.bandwidths.mu) == bits(b.bandwidths.mu), "\(note) μ")
            #expect(bits(a.bandwidths.sigma) == bits(b.bandwidths.sigma), "\(note) σ")
            #expect(a.pair == b.pair, "\(note) pairs")
            #expect(bits(a.pairMu) == bits(b.pairMu) && bits(a.pairSigma) == bits(b.pairSigma), "\(note) pairs")
            #expect(bits(a.pairLogMass) == bits(b.pairLogMass), "\(note) pair masses")
            #expect(a.gridWidths?.ofPair == b.gridWidths?.ofPair && a.gridWidths?.count == b.gridWidths?.count)
        case (.categorical(let a), .categorical(let b)):
            #expect(a.observed == b.observed && a.count == b.count, "\(note) categories")
            #expect(a.logHit.bitPattern == b.logHit.bitPattern && a.logMiss.bitPattern == b.logMiss.bitPattern)
        default: Issue.record("\(note): kernels of another kind")
        }
    }

    @Test(arguments: [ParzenRule.optuna, .kilo])
    func carriedKernelsAreTheFreshOnesBitForBit(rule: ParzenRule) {
        var random = SplitMix64(seed: 17)
        // The cache carries kernels from where the rule's clip stops moving (Optuna's: n = 98,
        // so from KernelCache.smallest; Kilo's: n = 198): the history starts that much later.
        let start = 120 + max(rule.clipConstantFrom + 1 - KernelCache.smallest, 0)
        var history = (0..<start).map { Self.trial($0, using: &random) }
        let memo = EncodingMemo()
        let cache = KernelCache(rule: rule)
        let masses = LogMassCache()
        var below = Set<Int>()
        for step in 0..<160 {
            history.append(Self.trial(history.count, using: &random))
            // "Below" moves as a study's does: a new trial joins it now and then and pushes one out,
            // and once in a while several change at once.
            if random.next() % 3 == 0 { below.insert(history.count - 1) }
            while below.count > 25, let out = below.randomElement(using: &random) { below.remove(out) }
            if step % 40 == 39 {
                for _ in 0..<10 { below.insert(Int(random.next() % UInt64(history.count))) }
            }
            let above = history.indices.filter { !below.contains($0) }
            guard let rows = memo.rows(of: above, in: history, schema: Self.schema) else {
                Issue.record("the memo holds every trial")
                return
            }
            let kernels = masses.withTable { table in
                cache.kernels(of: rows, schema: Self.schema) { table.logMass(from: $0, to: $1) }
            }
            let columns = memo.columns(of: above, in: history, schema: Self.schema).columns
            for (index, domain) in Self.domains.enumerated() {
                let fresh = ParzenEstimator.fit(
                    columns[index], domain: domain, logMass: NormalDistribution.logMass, rule: rule)
                Self.expectSame(kernels[index], fresh, "step \(step), \(Self.names[index])")
            }
        }
        #expect(cache.counts.carried > 120, "most fits are carried (\(cache.counts))")
        #expect(cache.counts.fresh >= 5, "small sets and many changes fit afresh (\(cache.counts))")
    }

    @Test func aChangedRowIsFittedAfresh() {
        var random = SplitMix64(seed: 3)
        var history = (0..<200).map { Self.trial($0, using: &random) }
        let memo = EncodingMemo()
        let cache = KernelCache(rule: .optuna)
        let all = Array(history.indices)
        for _ in 0..<2 {
            guard let rows = memo.rows(of: all, in: history, schema: Self.schema) else { return }
            _ = cache.kernels(of: rows, schema: Self.schema, logMass: NormalDistribution.logMass)
        }
        #expect(cache.counts == (fresh: 1, carried: 1))
        // Trial 50 again, with other values under its number (another study's file, say).
        history[50] = Self.trial(50, using: &random)
        guard let rows = memo.rows(of: all, in: history, schema: Self.schema) else { return }
        let kernels = cache.kernels(of: rows, schema: Self.schema, logMass: NormalDistribution.logMass)
        #expect(cache.counts == (fresh: 2, carried: 1))
        let columns = memo.columns(of: all, in: history, schema: Self.schema).columns
        for (index, domain) in Self.domains.enumerated() {
            let fresh = ParzenEstimator.fit(
                columns[index], domain: domain, logMass: NormalDistribution.logMass, rule: .optuna)
            Self.expectSame(kernels[index], fresh, Self.names[index])
        }
    }

    @Test func aSamplerCarryingKernelsSuggestsWhatAFreshOneDoes() {
        let function = TuneTestFunction.named("mixed10")
        guard let function else {
            Issue.record("mixed10 is a test function")
            return
        }
        var history = SamplerCheck.runTrials(
            function: function, sampler: RandomSampler(), count: 300, seed: 9, start: [], cancellation: nil)
        for (multivariate, rule) in [(true, ParzenRule.kilo), (false, .kilo), (true, .optuna)] {
            var warm = TPESampler(rule: rule)
            warm.multivariate = multivariate
            var grown = history
            for number in history.count..<(history.count + 30) {
                var fresh = TPESampler(rule: rule)
                fresh.multivariate = multivariate
                let parameters = warm.suggest(
                    space: function.space, history: grown, direction: .minimize, trialNumber: number, seed: 5)
                let expected = fresh.suggest(
                    space: function.space, history: grown, direction: .minimize, trialNumber: number, seed: 5)
                #expect(parameters == expected, "trial \(number), multivariate \(multivariate)")
                grown.append(SamplerCheck.record(number: number, parameters: parameters, function: function, seed: 5))
            }
            #expect(warm.aboveKernels.counts.carried >= 29)
        }
        history.removeAll()
    }

    @Test func aHistoryWithRepeatedNumbersIsFittedAfresh() throws {
        let function = try #require(TuneTestFunction.named("mixed10"))
        var history = SamplerCheck.runTrials(
            function: function, sampler: RandomSampler(), count: 300, seed: 4, start: [], cancellation: nil)
        history[200].number = 100  // two trials numbered 100 (a damaged file, say)
        let warm = TPESampler()
        for _ in 0..<2 {
            let parameters = warm.suggest(
                space: function.space, history: history, direction: .minimize, trialNumber: 300, seed: 2)
            let expected = TPESampler().suggest(
                space: function.space, history: history, direction: .minimize, trialNumber: 300, seed: 2)
            #expect(parameters == expected)
        }
        #expect(warm.aboveKernels.counts == (fresh: 0, carried: 0), "the cache is not used")
    }
}
