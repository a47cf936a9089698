import Foundation

/// A model of one symbol's ensemble that the trader's set-up left out, and why (no trained
/// model, an unreadable model file or preprocessor, another feature spec).
public struct ModelOmission: Sendable, Equatable, CustomStringConvertible {
    /// The symbol.
    public var symbol: String
    /// The model left out.
    public var model: ModelKind
    /// Its `trading.model_weights` entry (0 when absent).
    public var weight: Double
    /// Why, as one line.
    public var reason: String

    /// `BTCEUR lightgbm (weight 0.45) left out: <reason>`.
    public var description: String {
        "\(symbol) \(model.rawValue) (weight \(weight)) left out: \(reason)"
    }
}

/// What the trader's set-up says about one symbol's ensemble.
public struct EnsembleReport: Sendable, Equatable {
    /// Models with a non-zero weight left out, one line each (for standard error and the log).
    public var warnings: [String] = []
    /// Models with zero weight left out (they would not count anyway).
    public var notes: [String] = []
}

/// The rule that a trader never acts on a half-loaded ensemble in silence.
///
/// A symbol whose ensemble misses a model with a non-zero `trading.model_weights` entry is
/// refused while `trading.require_all_models` is true (the default); when it is false the
/// symbol trades on the models left, and the weights they are renormalised to are reported once.
public enum EnsembleCheck {
    /// Checks `symbol`'s loaded `models` against `config`'s weights.
    /// - Parameters:
    ///   - omissions: the models the set-up left out of this symbol, with their reasons.
    /// - Throws: `TradingError.incompleteEnsemble` naming the symbol and each weighted model left
    ///   out, when `config.requireAllModels`.
    public static func check(
        symbol: String, models: [ModelKind], omissions: [ModelOmission], config: TradingConfig
    ) throws(TradingError) -> EnsembleReport {
        let weighted = omissions.filter { $0.weight > 0 }
        var report = EnsembleReport()
        report.notes = omissions.filter { $0.weight <= 0 }.map(\.description)
        guard !weighted.isEmpty else { return report }
        if config.requireAllModels {
            throw .incompleteEnsemble(symbol: symbol, omissions: weighted)
        }
        report.warnings = weighted.map(\.description)
        let left = ModelKind.allCases.filter { models.contains($0) && config.weight(of: $0) > 0 }
        let total = left.reduce(0) { $0 + config.weight(of: $1) }
        let missing = weighted.map(\.model.rawValue).joined(separator: ", ")
        if left.isEmpty || total <= 0 {
            report.warnings.append("\(symbol) has no weighted model left (without \(missing)); it will not trade")
        } else {
            let weights = left.map { "\($0.rawValue) \(String(format: "%.4f", config.weight(of: $0) / total))" }
            report.warnings.append(
                "\(symbol) trades without \(missing) on renormalised weights \(weights.joined(separator: ", "))")
        }
        return report
    }
}
