import Foundation
import Testing

@testable import KiloCore

@Suite struct LogMassCacheTests {
    @Test func theTableGivesTheFunctionsBitsAndRemembersThem() {
        var table = LogMassTable(capacity: 16)
        var random = SplitMix64(seed: 31)
        var ends: [(Double, Double)] = []
        for _ in 0..<5_000 {
            let a = random.nextGaussian() * 6
            ends.append((a, a + random.nextUnit() * 4))
        }
        ends += [(-10, 10), (-40, -39), (39, 41), (-.infinity, 0), (0, .infinity)]
        // Entries that share one end: a hit must match both.
        ends += [(-1, 0), (-1, 1), (-1, 2), (-2, 1), (0.5, 1)]
        for (a, b) in ends + ends {
            #expect(table.logMass(from: a, to: b).bitPattern == NormalDistribution.logMass(from: a, to: b).bitPattern)
        }
        // The second pass is answered from the table (it grew from 16 slots on the way); [−10, 10]
        // needs no lookup at all.
        #expect(table.misses == table.count)
        #expect(table.hits >= ends.count - 1)
        #expect(table.count < ends.count)
    }

    @Test func aSharedTableLeavesTheSuggestionsAsTheyWere() {
        // One sampler (its table warm from every earlier suggestion) against a fresh sampler per
        // suggestion and against no table at all: the same trials, bit for bit.
        let function = TuneTestFunction.mixed10
        let shared = TPESampler()
        var warm: [TrialRecord] = []
        var cold: [TrialRecord] = []
        for number in 0..<60 {
            let a = shared.suggest(space: function.space, history: warm, direction: .minimize, trialNumber: number, seed: 4)
            let b = TPESampler().suggest(space: function.space, history: cold, direction: .minimize, trialNumber: number, seed: 4)
            #expect(a == b, "trial \(number)")
            warm.append(SamplerCheck.record(number: number, parameters: a, function: function, seed: 4))
            cold.append(SamplerCheck.record(number: number, parameters: b, function: function, seed: 4))
        }
        #expect(shared.masses.withTable { $0.hits } > 0)
        // The estimators' densities with and without the table.
        let columns = EncodedColumns(
            warm.map(\.parameters),
            schema: .init(names: function.space.parameters.map(\.name), domains: function.space.parameters.map { EncodedDomain($0.domain) }))
        let domains = function.space.parameters.map { EncodedDomain($0.domain) }
        var first = SplitMix64(seed: 8)
        var second = SplitMix64(seed: 8)
        let with = TPESampler.bestCandidate(
            below: columns.columns.map { Array($0.prefix(10)) }, above: columns.columns.map { Array($0.dropFirst(10)) },
            dimensions: Array(domains.indices), domains: domains, candidates: 24, rule: .optuna,
            masses: shared.masses, using: &first)
        let without = TPESampler.bestCandidate(
            below: columns.columns.map { Array($0.prefix(10)) }, above: columns.columns.map { Array($0.dropFirst(10)) },
            dimensions: Array(domains.indices), domains: domains, candidates: 24, rule: .optuna, using: &second)
        #expect(with.map(\.bitPattern) == without.map(\.bitPattern))
    }
}
