import Foundation

/// Whether any model beats the naive baselines (predict zero; predict the previous return) on the
/// test split, in plain words with the statistics that back it.
public struct Verdict: Sendable, Equatable {
    /// True when some model has a lower test RMSE than both baselines and its squared errors are
    /// smaller than predicting zero's at the 5% level (Diebold–Mariano z > 1.96).
    public var beatsBaselines: Bool
    /// The headline sentence.
    public var headline: String
    /// One line per model with its evidence.
    public var evidence: [String]

    /// The verdict over `models` (those without test metrics are left out).
    /// - Complexity: O(models).
    public static func judge(_ models: [ResearchReport.ModelResult]) -> Verdict {
        var evidence: [String] = []
        var winners: [String] = []
        var best: (name: String, ratio: Double)? = nil
        for model in models {
            guard let test = model.test, model.kind.family.evaluatesByRegression else { continue }
            let baseline = min(test.zero.rmse, test.previousReturn.rmse)
            let ratio = test.model.rmse / baseline
            let lower = test.model.rmse < baseline
            let significant = (model.versusZero?.statistic ?? 0) > 1.96
            var line = String(
                format: "%@: test RMSE %.6g vs %.6g predicting zero and %.6g predicting the previous return (%+.2f%%)",
                model.kind.rawValue, test.model.rmse, test.zero.rmse, test.previousReturn.rmse, (ratio - 1) * 100)
            line += String(format: "; direction %.1f%%", test.model.directionalAccuracy * 100)
            if let ic = model.icTest {
                line += String(format: "; IC %.3f (t = %.2f, p = %.3f, n = %d)", test.model.ic, ic.statistic, ic.pValue, ic.count)
            }
            if let dm = model.versusZero {
                line += String(format: "; Diebold–Mariano vs zero z = %.2f (p = %.3f, n = %d)", dm.statistic, dm.pValue, dm.count)
            }
            evidence.append(line)
            if lower && significant { winners.append(model.kind.rawValue) }
            if best.map({ ratio < $0.ratio }) ?? true { best = (model.kind.rawValue, ratio) }
        }
        guard let best else {
            return Verdict(
                beatsBaselines: false, headline: "No regression model with test metrics: train one (`train lightgbm SYMBOL`) to judge it.",
                evidence: [])
        }
        if !winners.isEmpty {
            return Verdict(
                beatsBaselines: true,
                headline: "Yes: \(winners.joined(separator: " and ")) beat\(winners.count == 1 ? "s" : "") both naive baselines on the test split, and the gain over predicting zero is statistically significant.",
                evidence: evidence)
        }
        let headline = best.ratio < 1
            ? String(format: "No: the best model, %@, has a %.2f%% lower test RMSE than the better baseline, but the difference is not significant (Diebold–Mariano z ≤ 1.96).", best.name, (1 - best.ratio) * 100)
            : String(format: "No: no model beats the naive baselines on the test split; the best, %@, has a %.2f%% higher RMSE than the better baseline.", best.name, (best.ratio - 1) * 100)
        return Verdict(beatsBaselines: false, headline: headline, evidence: evidence)
    }
}
