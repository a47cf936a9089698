/// Generates the feature catalogue for a whole series (batch), segment by segment.
///
/// The batch path runs the same per-bar state machine as `FeatureStream`, so the two agree bit for
/// bit; the value at bar t depends on bars ≤ t of its segment only.
public struct FeatureEngine: Sendable {
    /// The configuration (validate it first with `FeatureConfig.validate`).
    public let config: FeatureConfig

    public init(config: FeatureConfig = FeatureConfig()) { self.config = config }

    /// The column specs this engine produces, in order.
    public var specs: [FeatureSpec] { FeatureCatalogue.specs(for: config) }

    /// Splits `series` where more than `max_gap_bars` bars are missing.
    /// - Complexity: O(n).
    public func segments(of series: BarSeries) -> [FeatureSegment] {
        Self.segments(timestamps: series.timestamps, interval: series.interval, maxGapBars: config.maxGapBars)
    }

    static func missingBars(from previous: Int64, to next: Int64, interval: BarInterval) -> Int {
        let step = interval.milliseconds
        let delta = next - previous
        return delta <= step ? 0 : Int((delta - step) / step)
    }

    static func segments(timestamps: [Int64], interval: BarInterval, maxGapBars: Int) -> [FeatureSegment] {
        guard !timestamps.isEmpty else { return [] }
        var out: [FeatureSegment] = []
        var start = 0
        var missingBefore = 0
        for i in 1..<timestamps.count {
            let missing = missingBars(from: timestamps[i - 1], to: timestamps[i], interval: interval)
            if missing > maxGapBars {
                out.append(FeatureSegment(start: start, end: i, missingBarsBefore: missingBefore))
                start = i
                missingBefore = missing
            }
        }
        out.append(FeatureSegment(start: start, end: timestamps.count, missingBarsBefore: missingBefore))
        return out
    }

    /// Computes every configured feature for every bar of `series`, plus the target.
    /// - Complexity: O(n · columns) time, `n · columns` doubles of memory.
    public func generate(for series: BarSeries) -> FeatureMatrix {
        var matrix = FeatureMatrix(
            symbol: series.symbol, interval: series.interval, specs: [], timestamps: [], values: [], segments: [],
            target: [], barFlags: [])
        generate(for: series, into: &matrix)
        return matrix
    }

    /// Like `generate(for:)`, but writes into `matrix`, reusing its value storage when it already
    /// has the right size (no new allocation, no page faults: for repeated generation).
    public func generate(for series: BarSeries, into matrix: inout FeatureMatrix) {
        let specs = self.specs
        let width = specs.count
        let n = series.count
        let segments = self.segments(of: series)
        var values: [Double] = []
        swap(&values, &matrix.values)
        let fresh = values.count != n * width
        if fresh {
            values = LargeArrays.doubles(count: n * width) { _ in }
        }
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let prefault = fresh ? LargeArrays.Prefault(UnsafeMutableRawBufferPointer(buffer)) : nil
            defer { prefault?.finish() }
            series.open.withUnsafeBufferPointer { open in
                series.high.withUnsafeBufferPointer { high in
                    series.low.withUnsafeBufferPointer { low in
                        series.close.withUnsafeBufferPointer { close in
                            series.volume.withUnsafeBufferPointer { volume in
                                series.timestamps.withUnsafeBufferPointer { time in
                                    for segment in segments {
                                        var kernel = FeatureKernel(config: config, interval: series.interval)
                                        kernel.update(
                                            rows: segment.rows, timestamps: time, open: open, high: high,
                                            low: low, close: close, volume: volume, output: base)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        matrix = FeatureMatrix(
            symbol: series.symbol, interval: series.interval, specs: specs, timestamps: series.timestamps,
            values: values, segments: segments, target: target(for: series, segments: segments),
            barFlags: Self.barFlags(of: series))
    }

    /// `close[t+h]/close[t] − 1` with h = `target_horizon`; NaN when t+h is past the end, in another
    /// segment, or not exactly h intervals after t.
    public func target(for series: BarSeries, segments: [FeatureSegment]) -> [Double] {
        let h = config.targetHorizon
        let span = Int64(h) * series.interval.milliseconds
        var out = [Double](repeating: .nan, count: series.count)
        for segment in segments {
            var t = segment.start
            while t + h < segment.end {
                if series.timestamps[t + h] - series.timestamps[t] == span {
                    out[t] = series.close[t + h] / series.close[t] - 1
                }
                t += 1
            }
        }
        return out
    }

    static func barFlags(of series: BarSeries) -> [UInt8] {
        (0..<series.count).map { i in
            (series.volume[i] == 0 ? 1 : 0) | (series.high[i] == series.low[i] ? 2 : 0)
        }
    }
}
