import Foundation
import KiloCore
import Synchronization

/// Progress bars of the training runs in progress on one line of standard error (only where it is
/// a terminal), with a line per finished run; fed from the worker threads.
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
        guard let writer else { return }
        let key = "\(progress.kind.rawValue) \(progress.symbol)"
        state.withLock { state in
            if state.bars[key] == nil { state.order.append(key) }
            state.bars[key] = Self.bar(progress, label: key)
            state.drew = true
            writer.write("\r\(state.order.compactMap { state.bars[$0] }.joined(separator: " | "))\u{1B}[K")
        }
    }

    /// A run ended (successfully or not): its bar leaves the line and a summary line stays.
    @Sendable func finished(_ kind: ModelKind, _ symbol: String, _ outcome: Result<TrainingReport, any Error>) {
        guard let writer else { return }
        let key = "\(kind.rawValue) \(symbol)"
        let summary: String
        switch outcome {
        case .success(let report): summary = String(format: "%@: done in %.1f s", key, report.seconds)
        case .failure(let error): summary = "\(key): failed: \(error)"
        }
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

    private static func bar(_ progress: TrainingProgress, label: String) -> String {
        let width = 12
        let done = progress.total > 0 ? min(width, width * progress.step / progress.total) : 0
        let bar = String(repeating: "#", count: done) + String(repeating: "-", count: width - done)
        var eta = ""
        if progress.elapsed > 0, progress.step > 0 {
            let remaining = progress.elapsed / Double(progress.step) * Double(progress.total - progress.step)
            eta = String(format: " ETA ≤ %.0fs", remaining)
        }
        return "\(label) [\(bar)] \(progress.step)/\(progress.total) \(progress.metrics)\(eta)"
    }
}
