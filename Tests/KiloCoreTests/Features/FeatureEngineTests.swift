import Testing

@testable import KiloCore

@Suite struct FeatureEngineTests {
    /// The BTCEUR slice around its 227-day gap (bars 6266 on start the second segment).
    static func gapSlice() throws -> (series: BarSeries, gapRow: Int) {
        let full = try FeatureTestData.series("BTCEUR")
        let from = 6266 - 160
        return (full.slice(from..<(6266 + 200)), 160)
    }

    @Test func fullSeriesHasTwoSegmentsAtTheGap() throws {
        let full = try FeatureTestData.series("BTCEUR")
        let segments = FeatureEngine().segments(of: full)
        #expect(segments.count == 2)
        #expect(segments[0] == FeatureSegment(start: 0, end: 6266, missingBarsBefore: 0))
        #expect(segments[1].start == 6266 && segments[1].end == full.count)
        #expect(segments[1].missingBarsBefore == 10_918)
    }

    @Test func maxGapBarsDecidesWhereSegmentsStart() {
        var series = FeatureTestData.synthetic(count: 100, seed: 1)
        for i in 50..<100 { series.timestamps[i] += 3 * 1_800_000 }  // 3 missing bars before row 50
        var config = FeatureConfig()
        #expect(FeatureEngine(config: config).segments(of: series).count == 1)
        config.maxGapBars = 2
        let segments = FeatureEngine(config: config).segments(of: series)
        #expect(segments.map(\.start) == [0, 50])
        #expect(segments[1].missingBarsBefore == 3)
    }

    @Test func everyColumnIsNaNExactlyDuringItsLookbackInBothSegments() throws {
        let (series, gap) = try Self.gapSlice()
        let matrix = FeatureEngine().generate(for: series)
        #expect(matrix.segments.map(\.start) == [0, gap])
        for (c, spec) in matrix.specs.enumerated() {
            for start in [0, gap] {
                for r in start..<(start + spec.lookback) {
                    #expect(matrix[r, c].isNaN, "\(spec.name) row \(r - start) of segment should be warm-up")
                }
                #expect(matrix[start + spec.lookback, c].isFinite, "\(spec.name) first value after lookback")
            }
        }
    }

    @Test func valueAtTUsesOnlyBarsUpToT() throws {
        let (series, gap) = try Self.gapSlice()
        let engine = FeatureEngine()
        let full = engine.generate(for: series)
        let probes = [0, 1, 13, 27, 33, 49, 50, 97, 159, gap, gap + 1, gap + 26, gap + 49, gap + 120, series.count - 1]
        for t in probes {
            let prefix = engine.generate(for: series.slice(0..<(t + 1)))
            for c in 0..<full.columnCount {
                #expect(
                    FeatureTestData.same(prefix[t, c], full[t, c]),
                    "\(full.specs[c].name) at \(t): prefix \(prefix[t, c]) full \(full[t, c])")
            }
        }
    }

    @Test func changingLaterBarsChangesNothingBefore() throws {
        let (series, gap) = try Self.gapSlice()
        let engine = FeatureEngine()
        let full = engine.generate(for: series)
        for t in [40, gap - 1, gap + 60] {
            var altered = series
            var rng = SplitMix64(seed: UInt64(t))
            for i in (t + 1)..<series.count {
                let k = 1 + (rng.nextUnit() - 0.5) * 0.2
                altered.open[i] *= k
                altered.high[i] *= k * 1.01
                altered.low[i] *= k * 0.99
                altered.close[i] *= k
                altered.volume[i] *= 2 * rng.nextUnit()
            }
            let changed = engine.generate(for: altered)
            #expect(changed.values[((t + 1) * full.columnCount)...] != full.values[((t + 1) * full.columnCount)...])
            for r in 0...t {
                for c in 0..<full.columnCount where !FeatureTestData.same(changed[r, c], full[r, c]) {
                    Issue.record("\(full.specs[c].name) row \(r) changed by bars after \(t)")
                }
            }
        }
    }

    @Test func targetIsNextBarReturnAndNaNAcrossTheGapAndAtTheEnd() throws {
        let (series, gap) = try Self.gapSlice()
        var config = FeatureConfig()
        let matrix = FeatureEngine(config: config).generate(for: series)
        #expect(matrix.target[10] == series.close[11] / series.close[10] - 1)
        #expect(matrix.target[gap - 1].isNaN)
        #expect(matrix.target[gap].isFinite)
        #expect(matrix.target[series.count - 1].isNaN)
        config.targetHorizon = 3
        let three = FeatureEngine(config: config).generate(for: series)
        #expect(three.target[10] == series.close[13] / series.close[10] - 1)
        #expect(three.target[gap - 3].isNaN && three.target[gap - 4].isFinite)
        #expect(three.target[(series.count - 3)...].allSatisfy { $0.isNaN })
    }

    @Test func trainingRowsSkipWarmupAndMissingTargets() throws {
        let (series, gap) = try Self.gapSlice()
        let matrix = FeatureEngine().generate(for: series)
        let rows = matrix.trainingRows(in: 0..<series.count)
        let warm = matrix.warmupRows
        #expect(warm == 50)
        #expect(rows.first == warm)
        #expect(!rows.contains(gap - 1))
        #expect(!rows.contains(gap + warm - 1) && rows.contains(gap + warm))
        #expect(!rows.contains(series.count - 1))
        #expect(rows.count == (gap - warm - 1) + (series.count - gap - warm - 1))
    }

    @Test func volatilityIsAnnualisedWithTheRealInterval() throws {
        let series = FeatureTestData.synthetic(count: 80, seed: 3)
        let matrix = FeatureEngine().generate(for: series)
        let vol = try #require(matrix.columnIndex(named: "volatility_20"))
        let hist = try #require(matrix.columnIndex(named: "hist_vol_20"))
        #expect(matrix[60, hist] == matrix[60, vol] * (365.0 * 48).squareRoot())
    }

    @Test func timeFeaturesAreUTC() throws {
        // 2024-08-25 (a Sunday) 23:30 UTC.
        let series = BarSeries(
            symbol: "T", interval: BarInterval(seconds: 1800), timestamps: [1_724_628_600_000], open: [1],
            high: [1], low: [1], close: [1], volume: [1])
        let m = FeatureEngine().generate(for: series)
        func value(_ name: String) throws -> Double { m[0, try #require(m.columnIndex(named: name))] }
        try #expect(value("hour") == 23)
        try #expect(value("day_of_week") == 6)
        try #expect(value("month") == 8)
        try #expect(value("is_weekend") == 1)
        try #expect(value("is_night") == 1)
        #expect(KiloCore.FeatureKernel.month(daysSinceEpoch: 0) == 1)
        #expect(KiloCore.FeatureKernel.month(daysSinceEpoch: 59) == 3)  // 1970-03-01
    }
}

@Suite struct FeatureEngineReuseTests {
    @Test func generateIntoReusesStorageAndGivesTheSameBits() throws {
        let (series, _) = try FeatureEngineTests.gapSlice()
        let engine = FeatureEngine()
        let fresh = engine.generate(for: series)
        var reused = engine.generate(for: series.slice(0..<series.count))
        for i in reused.values.indices { reused.values[i] = 7 }
        engine.generate(for: series, into: &reused)
        #expect(reused.values.count == fresh.values.count)
        #expect(zip(reused.values, fresh.values).allSatisfy { FeatureTestData.same($0, $1) })
        #expect(reused.segments == fresh.segments && reused.specs == fresh.specs)
        var smaller = engine.generate(for: series.slice(0..<10))
        engine.generate(for: series, into: &smaller)
        #expect(zip(smaller.values, fresh.values).allSatisfy { FeatureTestData.same($0, $1) })
    }
}
