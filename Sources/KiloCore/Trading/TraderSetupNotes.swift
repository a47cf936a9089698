/// What building a trader's sources said: models of non-zero weight left out (warnings, with the
/// renormalised weights when `trading.require_all_models` is false) and models of zero weight
/// left out (notes). The engine attaches it to the trader and the backtest it builds, so a
/// front-end reads it from the value it got instead of from state stashed on the engine.
public struct TraderSetupNotes: Sendable, Equatable {
    /// Models of non-zero weight left out, then each such symbol's renormalised weights.
    public var warnings: [String] = []
    /// Models of zero weight left out and why.
    public var notes: [String] = []

    /// The warnings (`warning: …`) then the notes (`note: …`), one line each.
    public var lines: [String] { warnings.map { "warning: \($0)" } + notes.map { "note: \($0)" } }
}
