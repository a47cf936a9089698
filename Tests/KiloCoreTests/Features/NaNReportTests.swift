import Testing

@testable import KiloCore

@Suite struct NaNReportTests {
    @Test func zeroVolumeBarsOfADAEURAreCountedAsDataNaNAndInf() throws {
        let series = try FeatureTestData.series("ADAEUR")
        let matrix = FeatureEngine().generate(for: series)
        let report = NaNReport(matrix: matrix, ffillLimit: 3)
        #expect(report.segments.count == 2)
        let v = series.volume
        let zeroBars = v.filter { $0 == 0 }.count
        #expect(zeroBars == 23)
        for p in [5, 10] {
            // volume_roc_p = V/V[-p] − 1: 0/0 is NaN, x/0 is inf; rows inside a warm-up don't count.
            var nan = 0, inf = 0
            for segment in matrix.segments {
                for r in (segment.start + p)..<segment.end where v[r - p] == 0 {
                    if v[r] == 0 { nan += 1 } else { inf += 1 }
                }
            }
            let column = try #require(report.columns.first { $0.name == "volume_roc_\(p)" })
            #expect(column.zeroVolumeNaN == nan)
            #expect(column.inf == inf)
            #expect(inf > 0)
            #expect(column.flatRangeNaN == 0 && column.otherNaN == 0)
            #expect(column.warmupNaN == p && column.gapNaN == p)
            // Without a preprocessor the pipeline stops after the forward fill.
            #expect(column.fills.inf == inf)
            #expect(column.fills.forwardFilled + column.fills.remaining == nan + inf)
            #expect(column.fills.forwardFilled > 0)
        }
        let worst = report.worstFirst
        #expect(Set(worst.prefix(2).map(\.name)) == ["volume_roc_5", "volume_roc_10"])
    }

    @Test func theGapRestartsEveryWarmupAndIsReportedAsGap() throws {
        let series = try FeatureTestData.series("BTCEUR")
        let matrix = FeatureEngine().generate(for: series)
        let report = NaNReport(matrix: matrix, ffillLimit: 3)
        #expect(report.segments.map(\.start) == [0, 6266])
        #expect(report.segments[1].missingBarsBefore == 10_918)
        for column in report.columns {
            #expect(column.warmupNaN == column.lookback, "\(column.name)")
            #expect(column.gapNaN == column.lookback, "\(column.name)")
        }
        let total = report.totals
        let lookbacks = matrix.specs.map(\.lookback).reduce(0, +)
        #expect(total.warmupNaN == lookbacks && total.gapNaN == lookbacks)
        #expect(total.name == "total")
    }

    @Test func meanAndZeroStepsAreCountedWithFillValues() throws {
        var series = FeatureTestData.synthetic(count: 120, seed: 9)
        for i in [60, 61, 62, 63, 64, 65, 66, 67] { series.volume[i] = 0 }
        var config = FeatureConfig()
        config.families = [.volume]
        config.volumeROCPeriods = [1]
        let matrix = FeatureEngine(config: config).generate(for: series)
        let c = try #require(matrix.columnIndex(named: "volume_roc_1"))
        // Rows 61...67: 0/0 NaN; row 68: x/0 inf. ffill 2 fills 61, 62; the rest get the fill value.
        var fills = [Double](repeating: 0.5, count: matrix.columnCount)
        let meanReport = NaNReport(matrix: matrix, ffillLimit: 2, fillValues: fills)
        let column = meanReport.columns[c]
        #expect(column.zeroVolumeNaN == 7 && column.inf == 1)
        #expect(column.fills.forwardFilled == 2 && column.fills.meanFilled == 6 && column.fills.zeroFilled == 0)
        fills[c] = .nan
        let zeroReport = NaNReport(matrix: matrix, ffillLimit: 2, fillValues: fills)
        #expect(zeroReport.columns[c].fills.zeroFilled == 6 && zeroReport.columns[c].fills.remaining == 0)
    }
}
