import Testing

@testable import KiloCore

/// Integer kernels that keep their cells' masses in a ``CellMasses`` give the tables they give
/// without it, bit for bit, while the kernels change from one lookup to the next.
@Suite struct CellMassesTests {
    @Test func carriedCellsGiveTheSameTables() throws {
        var random = SplitMix64(seed: 11)
        for (low, high, step, log) in [
            (-10.0, 10.0, 1.0, false), (1.0, 64.0, 1.0, true), (0.0, 40.0, 4.0, false), (0.0, 200.0, 1.0, false),
            (1.0, 250.0, 1.0, true),
        ] {
            let cells = try #require(CellMasses(values: Int((high - low) / step) + 1))
            let grid = (0...Int((high - low) / step)).map { low + Double($0) * step }
            var observed = (0..<300).map { _ in grid[Int(random.next() % UInt64(grid.count))] }
            for round in 0..<40 {
                // A few observations change each round, so most kernels recur and some are new;
                // every fourth round all of them, so the slots pass their limit and are dropped.
                for _ in 0..<(round % 4 == 3 ? 300 : 3) {
                    observed[Int(random.next() % 300)] = grid[Int(random.next() % UInt64(grid.count))]
                }
                let count = Int(random.next() % 250) + 50
                let bandwidths = NumericBandwidths(
                    values: Array(observed.prefix(count)), low: low, high: high, log: log, step: step, rule: .optuna)
                let plain = DiscreteKernels(bandwidths, low: low, high: high, step: step, log: log)
                let carrying = DiscreteKernels(bandwidths, low: low, high: high, step: step, log: log, cells: cells)
                var values = (0..<24).map { _ in grid[Int(random.next() % UInt64(grid.count))] }
                values.append(low + 0.5 * step)  // off the grid: computed, not kept
                for far in [DiscreteKernels.Lookup.far, .infinity] {
                    let expected = plain.lookup(values, far: far)
                    let got = carrying.lookup(values, far: far)
                    #expect(got.tableOfValue == expected.tableOfValue)
                    #expect(
                        got.tables.map { $0.map(\.bitPattern) } == expected.tables.map { $0.map(\.bitPattern) },
                        "grid \(low)…\(high) step \(step) log \(log), round \(round)")
                }
            }
        }
    }

    @Test func aGridTooLargeIsNotKept() {
        #expect(CellMasses(values: CellMasses.largestGrid + 1) == nil)
        #expect(CellMasses(values: 0) == nil)
        #expect(CellMasses(values: CellMasses.largestGrid) != nil)
    }
}
