import Testing

@testable import KiloCore

/// The streaming fit (`Preprocessor+Fit.swift`, `CleaningSweep`) against a plain reference — the
/// implementation it replaced: copy and clean the whole matrix, gather each column's finite
/// training values in row order, `reduce` them — bit for bit, so saved preprocessors and models
/// do not change.
@Suite struct PreprocessorFitTests {
    /// 3,000 synthetic bars in two segments, with NaN and ±inf sprinkled over the columns, a
    /// constant column, an all-NaN column and a column NaN on every training row but one.
    static func hostileMatrix() -> FeatureMatrix {
        var m = FeatureEngine().generate(for: FeatureTestData.synthetic(count: 3_000, seed: 5))
        m.segments = [
            FeatureSegment(start: 0, end: 1_700, missingBarsBefore: 0),
            FeatureSegment(start: 1_700, end: 3_000, missingBarsBefore: 4),
        ]
        var rng = SplitMix64(seed: 99)
        for r in 0..<m.rowCount {
            for c in 0..<m.columnCount {
                let u = rng.nextUnit()
                if u < 0.03 {
                    m[r, c] = .nan
                } else if u < 0.035 {
                    m[r, c] = u < 0.0325 ? .infinity : -.infinity
                }
            }
            // Runs of NaN longer than the forward-fill reach.
            if r % 97 < 6 { m[r, 7] = .nan }
            m[r, 3] = 2.5
            m[r, 11] = .nan
            m[r, 12] = r == 2_000 ? 1 : .nan
        }
        return m
    }

    /// The old `FeatureCleaner.clean`: a copy of the matrix cleaned column by column.
    static func referenceClean(_ m: FeatureMatrix, ffillLimit: Int, fillValues: [Double]?) -> [Double] {
        let width = m.columnCount
        var v = m.values
        for column in 0..<width {
            let lookback = m.specs[column].lookback
            for segment in m.segments where segment.start + lookback < segment.end {
                var lastValid = Double.nan
                var sinceValid = Int.max
                for r in (segment.start + lookback)..<segment.end {
                    let index = r * width + column
                    var x = v[index]
                    if x.isInfinite { x = .nan }
                    if !x.isNaN {
                        lastValid = x
                        sinceValid = 0
                        v[index] = x
                    } else if sinceValid < ffillLimit {
                        sinceValid += 1
                        v[index] = lastValid
                    } else {
                        if sinceValid != Int.max { sinceValid += 1 }
                        if let fill = fillValues?[column] { v[index] = fill.isFinite ? fill : 0 } else { v[index] = .nan }
                    }
                }
            }
        }
        return v
    }

    /// The old `Preprocessor.fit` statistics: (centers, scales, fills).
    static func referenceFit(_ m: FeatureMatrix, rows: Range<Int>, config: FeatureConfig)
        -> (centers: [Double], scales: [Double], fills: [Double])
    {
        let cleaned = referenceClean(m, ffillLimit: config.ffillLimit, fillValues: nil)
        let training = m.trainingRows(in: rows)
        var centers: [Double] = [], scales: [Double] = [], fills: [Double] = []
        for c in 0..<m.columnCount {
            var column = training.map { cleaned[$0 * m.columnCount + c] }.filter(\.isFinite)
            guard !column.isEmpty else {
                centers.append(0)
                scales.append(1)
                fills.append(.nan)
                continue
            }
            let mean = column.reduce(0, +) / Double(column.count)
            fills.append(mean)
            switch config.scaler {
            case .standard:
                let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)).squareRoot()
                centers.append(mean)
                scales.append(sd > 0 && sd.isFinite ? sd : 1)
            case .robust:
                column.sort()
                let iqr = Preprocessor.quantile(column, 0.75) - Preprocessor.quantile(column, 0.25)
                centers.append(Preprocessor.quantile(column, 0.5))
                scales.append(iqr > 0 && iqr.isFinite ? iqr : 1)
            }
        }
        return (centers, scales, fills)
    }

    static func bitsEqual(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { FeatureTestData.same($0, $1) }
    }

    @Test(arguments: [ScalerKind.standard, .robust], [0, 3])
    func fitEqualsThePlainReferenceBitForBit(scaler: ScalerKind, ffillLimit: Int) throws {
        let m = Self.hostileMatrix()
        var config = FeatureConfig()
        config.scaler = scaler
        config.ffillLimit = ffillLimit
        config.clip = 4
        let rows = 40..<2_600
        let p = try Preprocessor.fit(m, trainingRows: rows, config: config)
        let reference = Self.referenceFit(m, rows: rows, config: config)
        #expect(Self.bitsEqual(p.centers, reference.centers))
        #expect(Self.bitsEqual(p.scales, reference.scales))
        #expect(Self.bitsEqual(p.fillValues, reference.fills))
        #expect(p.trainingRowCount == m.trainingRows(in: rows).count)
        #expect(p.centers[3] == 2.5 && p.scales[3] == 1)  // constant column
        #expect(p.centers[11] == 0 && p.scales[11] == 1 && p.fillValues[11].isNaN)  // no finite value
        #expect(p.fillValues[12] == 1 && p.scales[12] == 1)  // one finite value

        // transform: the reference cleans with the fill values, then scales every cell.
        let (scaled, _) = try p.transform(m)
        let expected = Self.referenceClean(m, ffillLimit: ffillLimit, fillValues: p.fillValues).enumerated().map {
            p.scale($0.element, column: $0.offset % m.columnCount)
        }
        #expect(Self.bitsEqual(scaled.values, expected))
    }

    @Test func bandsDoNotChangeTheResult() throws {
        let m = Self.hostileMatrix()
        let filter = TrainingRowFilter(matrix: m, rows: 0..<3_000)
        let whole = Preprocessor.standardFit(m, columns: 0..<m.columnCount, filter: filter, ffillLimit: 3)
        for parts in [2, 3, 7, m.columnCount] {
            let banded = ColumnBands.map(ColumnBands.split(m.columnCount, into: parts)) { band in
                Preprocessor.standardFit(m, columns: band, filter: filter, ffillLimit: 3)
            }.flatMap { $0 }
            #expect(banded.count == whole.count)
            #expect(zip(banded, whole).allSatisfy {
                FeatureTestData.same($0.center, $1.center) && FeatureTestData.same($0.scale, $1.scale)
                    && FeatureTestData.same($0.fill, $1.fill)
            })
        }
        #expect(ColumnBands.split(5, into: 2) == [0..<2, 2..<5])
        #expect(ColumnBands.split(0, into: 2).isEmpty)
    }

    @Test func cleanAndCountsMatchTheReference() {
        let m = Self.hostileMatrix()
        let fills = (0..<m.columnCount).map { $0 % 5 == 0 ? Double.nan : Double($0) }
        for fillValues in [nil, fills] {
            let (values, counts) = FeatureCleaner.clean(m, ffillLimit: 2, fillValues: fillValues)
            #expect(Self.bitsEqual(values, Self.referenceClean(m, ffillLimit: 2, fillValues: fillValues)))
            #expect(FeatureCleaner.counts(m, ffillLimit: 2, fillValues: fillValues) == counts)
        }
    }

    @Test func trainingRowCountMatchesTheListedRows() {
        let m = Self.hostileMatrix()
        for range in [0..<3_000, 40..<2_600, 1_690..<1_760, 2_990..<5_000, 100..<100] {
            let rows = m.trainingRows(in: range)
            #expect(m.trainingRowCount(in: range) == rows.count)
            let positions = m.positionsInSegment
            let plain = range.clamped(to: 0..<m.rowCount).filter { positions[$0] >= m.warmupRows && m.target[$0].isFinite }
            #expect(rows == plain)
        }
    }
}
