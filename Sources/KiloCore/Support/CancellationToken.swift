import Synchronization

/// A cooperative cancellation flag that long-running work (training, backtests, scripts) polls at
/// its safe points; the shell sets it on Ctrl-C.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates a token that is not cancelled.
    public init() {}

    /// A token that is never cancelled, for callers with nothing to interrupt.
    public static let never = CancellationToken()

    /// Requests cancellation; work stops at its next safe point.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Clears a previous request.
    public func reset() { flag.store(false, ordering: .relaxed) }

    /// Whether cancellation was requested.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
