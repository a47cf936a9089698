/// The incremental feature updater for live trading: add one bar at a time and get its row.
///
/// Runs the same state machine as `FeatureEngine.generate`, so the row for a bar is bit-identical
/// to the batch row; a gap of more than `max_gap_bars` missing bars starts a new segment (every
/// indicator warms up again, rows are NaN until each lookback has passed).
/// - Complexity: O(1) per bar, O(window) for the rolling extremes and CCI.
public struct FeatureStream: Sendable {
    /// The configuration.
    public let config: FeatureConfig
    /// The bar interval.
    public let interval: BarInterval
    /// The column specs, in order.
    public let specs: [FeatureSpec]
    private var kernel: FeatureKernel
    private var lastTimestamp: Int64?
    /// Bars fed since the current segment started.
    public private(set) var barsInSegment = 0
    /// How many segments were started (1 after the first bar).
    public private(set) var segmentCount = 0

    public init(config: FeatureConfig = FeatureConfig(), interval: BarInterval) {
        self.config = config
        self.interval = interval
        specs = FeatureCatalogue.specs(for: config)
        kernel = FeatureKernel(config: config, interval: interval)
    }

    /// Whether every feature is past its warm-up in the current segment.
    public var isWarm: Bool { barsInSegment > (specs.map(\.lookback).max() ?? 0) }

    /// Feeds the next bar (timestamps must increase) and returns its feature row.
    public mutating func append(
        timestamp: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double
    ) -> [Double] {
        if let last = lastTimestamp {
            precondition(timestamp > last, "FeatureStream.append: timestamp \(timestamp) not after \(last)")
            if FeatureEngine.missingBars(from: last, to: timestamp, interval: interval) > config.maxGapBars {
                kernel = FeatureKernel(config: config, interval: interval)
                barsInSegment = 0
                segmentCount += 1
            }
        } else {
            segmentCount = 1
        }
        lastTimestamp = timestamp
        barsInSegment += 1
        let width = kernel.columnCount
        return [Double](unsafeUninitializedCapacity: width) { buffer, initialized in
            if let base = buffer.baseAddress {
                kernel.update(
                    timestamp: timestamp, open: open, high: high, low: low, close: close, volume: volume,
                    into: base)
            }
            initialized = width
        }
    }

    /// Feeds bar `index` of `series`.
    public mutating func append(_ series: BarSeries, at index: Int) -> [Double] {
        append(
            timestamp: series.timestamps[index], open: series.open[index], high: series.high[index],
            low: series.low[index], close: series.close[index], volume: series.volume[index])
    }
}
