import Foundation
import KiloCore
import Synchronization

/// The progress line of a running `tune` on standard error (where it is a terminal): trial n/N,
/// the best value so far and the fold each running trial is on; fed from the worker threads.
final class TuneProgressLine: Sendable {
    /// The shell's progress writer; only ever called under `drew`'s lock, so one thread at a time.
    private struct Writer: @unchecked Sendable {
        let write: (String) -> Void
    }
    private let writer: Writer?
    private let drew = Mutex(false)

    init(write: ((String) -> Void)?) {
        writer = write.map(Writer.init)
    }

    /// The line for `progress`: `lightgbm_BTCEUR: trial 12/100, best 0.0312; #11 fold 3/5`.
    static func line(_ progress: TuneProgress) -> String {
        let best = progress.best.map { String(format: "%.4g", $0) } ?? "—"
        let running = progress.running.sorted { $0.key < $1.key }
            .map { "#\($0.key) fold \($0.value + 1)/\(progress.folds)" }.joined(separator: ", ")
        let next = min(progress.finished + 1, progress.total)
        return "\(progress.study): trial \(next)/\(progress.total), best \(best)" + (running.isEmpty ? "" : "; \(running)")
    }

    /// A fold started or a trial ended.
    @Sendable func update(_ progress: TuneProgress) {
        guard let writer else { return }
        drew.withLock { drew in
            drew = true
            writer.write("\r\(Self.line(progress))\u{1B}[K")
        }
    }

    /// Ends the line.
    func finish() {
        drew.withLock { drew in
            if drew { writer?.write("\r\u{1B}[K") }
            drew = false
        }
    }
}
