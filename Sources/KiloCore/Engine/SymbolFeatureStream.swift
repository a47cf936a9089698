/// One symbol's feature rows computed bar by bar as bars close, once, for all the model sources
/// of the symbol: each `ModelSignalSource` scales these raw rows with its own run's preprocessor.
///
/// The rows are a function of `bars[0...barIndex]` only (`FeatureStream`), so a source reading
/// rows another source had the stream compute sees exactly what its own stream would have given.
/// Asked about a history it has not seen (another series, or bars rewritten), the stream starts
/// again from bar 0 and bumps `generation`, so every source rescales from row 0.
/// - Complexity: O(columns) per new bar, whatever the number of sources; O(bars · columns) memory.
public final class SymbolFeatureStream {
    /// The columns, in order.
    public let specs: [FeatureSpec]
    /// The stream before any bar, to start again from.
    private let fresh: FeatureStream
    private var stream: FeatureStream
    /// Raw (unscaled) rows fed so far, one per bar.
    private(set) var rows: [[Double]] = []
    /// Each row's position in its segment (0 at a segment's first bar).
    private(set) var positions: [Int] = []
    private var fedTimestamps: [Int64] = []
    /// Starts of the stream from bar 0 (after the first): a source that scaled rows of an older
    /// generation starts again.
    private(set) var generation = 0

    /// A stream of `config`'s features for bars of `interval`.
    public init(features config: FeatureConfig, interval: BarInterval) {
        fresh = FeatureStream(config: config, interval: interval)
        stream = fresh
        specs = fresh.specs
    }

    /// Feeds `bars[fed...barIndex]` through the stream (restarting when `bars` is not the history
    /// fed so far, checked at the last bar both have); rows already fed past `barIndex` stay.
    func advance(_ bars: BarSeries, through barIndex: Int) {
        let shared = min(fedTimestamps.count, barIndex + 1) - 1
        if shared >= 0, bars.timestamps[shared] != fedTimestamps[shared] { restart() }
        let fed = fedTimestamps.count
        guard barIndex >= fed else { return }
        // Plain appends: the arrays grow geometrically (an exact `reserveCapacity` per bar would
        // copy the whole history every bar).
        for i in fed...barIndex {
            rows.append(stream.append(bars, at: i))
            positions.append(stream.barsInSegment - 1)
            fedTimestamps.append(bars.timestamps[i])
        }
    }

    private func restart() {
        stream = fresh
        rows = []
        positions = []
        fedTimestamps = []
        generation += 1
    }
}
