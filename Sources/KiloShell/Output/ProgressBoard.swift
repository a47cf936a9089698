import Foundation
import KiloCore
import Synchronization

/// Progress bars of the runs in progress (training runs, symbols being fetched) on one line of
/// standard error (only where it is a terminal), with a line per finished run; fed from the
/// worker threads.
final class ProgressBoard: Sendable {
    private struct State {
        var bars: [String: String] = [:]
        var order: [String] = []
        var drew = false
    }
    /// The shell's progress writer; only ever called under `state`'s lock, so one thread at a time.
    private struct Writer: @unchecked Sendable {
        let write: (String) -> Void
    }
    private let writer: Writer?
    private let state = Mutex(State())

    init(write: ((String) -> Void)?) {
        writer = write.map(Writer.init)
    }

    /// A run reports progress.
    @Sendable func update(_ progress: TrainingProgress) {
        let key = "\(progress.kind.rawValue) \(progress.symbol)"
        show(key, Self.bar(progress, label: key))
    }

    /// A symbol being fetched reports progress.
    @Sendable func update(_ progress: FetchProgress) {
        show(progress.symbol, Self.bar(progress))
    }

    /// A run ended (successfully or not): its bar leaves the line and a summary line stays.
    @Sendable func finished(_ kind: ModelKind, _ symbol: String, _ outcome: Result<TrainingReport, any Error>) {
        let key = "\(kind.rawValue) \(symbol)"
        let summary: String
        switch outcome {
        case .success(let report): summary = String(format: "%@: done in %.1f s", key, report.seconds)
        case .failure(let error): summary = "\(key): failed: \(error)"
        }
        done(key, summary: summary)
    }

    /// Sets the bar of `key` and redraws the line.
    func show(_ key: String, _ bar: String) {
        guard let writer else { return }
        state.withLock { state in
            if state.bars[key] == nil { state.order.append(key) }
            state.bars[key] = bar
            state.drew = true
            writer.write("\r\(state.order.compactMap { state.bars[$0] }.joined(separator: " | "))\u{1B}[K")
        }
    }

    /// Removes the bar of `key`, leaving `summary` on a line of its own.
    func done(_ key: String, summary: String) {
        guard let writer else { return }
        state.withLock { state in
            state.bars[key] = nil
            state.order.removeAll { $0 == key }
            state.drew = true
            let line = state.order.compactMap { state.bars[$0] }.joined(separator: " | ")
            writer.write("\r\(summary)\u{1B}[K\n\(line)")
        }
    }

    /// Ends the progress line.
    func finish() {
        state.withLock { state in
            if state.drew { writer?.write("\r\u{1B}[K") }
            state = State()
        }
    }

    /// `[#####-------]` for `done` of `total`.
    static func gauge(_ done: Int, of total: Int, width: Int = 12) -> String {
        let filled = total > 0 ? max(0, min(width, width * done / total)) : 0
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }

    /// `BTCEUR [######------] 26000/52555 bars 4100 bars/s ETA 7s`.
    static func bar(_ progress: FetchProgress) -> String {
        var text = "\(progress.symbol) \(gauge(progress.fetched, of: progress.expected)) "
            + "\(progress.fetched)/\(progress.expected) bars"
        if progress.barsPerSecond > 0 { text += String(format: " %.0f bars/s", progress.barsPerSecond) }
        if let eta = progress.etaSeconds { text += String(format: " ETA %.0fs", eta) }
        return text
    }

    private static func bar(_ progress: TrainingProgress, label: String) -> String {
        let bar = gauge(progress.step, of: progress.total)
        var eta = ""
        if progress.elapsed > 0, progress.step > 0 {
            let remaining = progress.elapsed / Double(progress.step) * Double(progress.total - progress.step)
            eta = String(format: " ETA ≤ %.0fs", remaining)
        }
        return "\(label) \(bar) \(progress.step)/\(progress.total) \(progress.metrics)\(eta)"
    }
}
