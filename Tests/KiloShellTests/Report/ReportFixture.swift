import Foundation

@testable import KiloCore

/// A constructed research report with every section filled, from deterministic synthetic data,
/// so the writer and the browser test see all sections without training anything.
enum ReportFixture {
    static let step: Int64 = 1_800_000
    static let start: Int64 = 1_704_067_200_000  // 2024-01-01

    static func full(symbol: String = "DEMOEUR") -> ResearchReport {
        let n = 600
        var times: [Int64] = []
        var closes: [Double] = []
        var realised: [Double] = []
        var predicted: [Double] = []
        for i in 0..<n {
            let x = Double(i)
            times.append(start + Int64(i) * step)
            closes.append(100.0 + 10.0 * sin(x / 40.0) + x * 0.01)
            realised.append(0.002 * sin(x / 3.0))
            predicted.append(0.001 * sin(x / 3.0) + 0.0004 * cos(x))
        }
        let previous: [Double] = [0] + Array(realised.dropLast())
        let zeros = [Double](repeating: 0, count: n)
        func evaluation(_ p: [Double]) -> SplitEvaluation {
            SplitEvaluation(
                split: "test", model: RegressionMetrics.evaluate(predictions: p, actual: realised),
                zero: RegressionMetrics.evaluate(predictions: zeros, actual: realised),
                previousReturn: RegressionMetrics.evaluate(predictions: previous, actual: realised))
        }
        var lightgbm = ResearchReport.ModelResult(kind: .lightgbm, file: "models/lightgbm_model_\(symbol)_x.txt", test: evaluation(predicted))
        lightgbm.predicted = predicted
        lightgbm.realised = realised
        lightgbm.calibration = ReportStatistics.calibration(predicted: predicted, realised: realised)
        lightgbm.versusZero = ReportStatistics.dieboldMariano(model: predicted, baseline: zeros, realised: realised)
        lightgbm.icTest = ReportStatistics.correlationTest(lightgbm.test?.model.ic ?? 0, count: n)
        var importances: [(feature: String, splits: Int, gain: Double)] = []
        for k in 0..<12 {
            let splits: Int = 40 - 3 * k + (k % 3) * 5
            importances.append((feature: "feature_<\(k)>", splits: splits, gain: 100.0 / Double(k + 1)))
        }
        lightgbm.importances = importances
        let gru = ResearchReport.ModelResult(
            kind: .gru, file: "models/gru_model_\(symbol)_x.safetensors", test: evaluation([Double](repeating: 0.0001, count: n)))
        var equity: [EquityPoint] = []
        var strategy = 10_000.0
        for i in 0..<n {
            if i > 0 { strategy *= 1 + 0.6 * (closes[i] / closes[i - 1] - 1) }
            equity.append(EquityPoint(barTime: times[i], strategy: strategy, buyAndHold: 10_000 * closes[i] / closes[0]))
        }
        var fills: [Fill] = []
        var actions = Array(repeating: "hold", count: n)
        var i = 20
        while i + 30 < n {
            let j = i + 30
            fills.append(
                Fill(id: i, orderID: i, symbol: symbol, side: OrderSide.buy, quantity: 1, price: closes[i], referencePrice: closes[i],
                     fee: 0.1, slippageCost: 0.05, barTime: times[i], iteration: i))
            fills.append(
                Fill(id: j, orderID: j, symbol: symbol, side: OrderSide.sell, quantity: 1, price: closes[j], referencePrice: closes[j],
                     fee: 0.1, slippageCost: 0.05, barTime: times[j], iteration: j))
            actions[i] = "buy"
            actions[j] = "sell"
            i += 90
        }
        var decisions: [(time: Int64, ensemble: Double?, threshold: Double?, action: String)] = []
        for k in 0..<n { decisions.append((time: times[k], ensemble: predicted[k], threshold: 0.0008, action: actions[k])) }
        let performance = PerformanceReport(
            strategy: PerformanceMetrics(equity: equity.map(\.strategy), barsPerYear: 17_520, trades: fills.count, exposure: 0.4, fees: 1.2),
            buyAndHold: PerformanceMetrics(equity: equity.map(\.buyAndHold), barsPerYear: 17_520, trades: 1, exposure: 1),
            bars: n, startTime: times[0], endTime: times[n - 1], interval: BarInterval(seconds: 1_800))
        var prices: [(time: Int64, close: Double)] = []
        for k in 0..<n { prices.append((time: times[k], close: closes[k])) }
        let covered = prices.enumerated().filter { !(201...206).contains($0.offset) }.map(\.element)
        var worst: [ResearchReport.NaNSummary.Column] = []
        for k in 0..<8 {
            worst.append(.init(name: "f\(k)", warmup: 100 - 10 * k, gap: 12, data: k == 0 ? 3 : 0, inf: 0, filled: k == 0 ? 3 : 0))
        }
        var trials: [TuningHistory.Trial] = []
        for k in 0..<20 {
            let pruned = k % 7 == 3
            trials.append(TuningHistory.Trial(number: k, value: pruned ? nil : 0.01 + 0.004 * cos(Double(k)), state: pruned ? "pruned" : "complete"))
        }
        let backtest = ResearchReport.BacktestSection(
            performance: performance, equity: equity,
            strategyDrawdown: ReportStatistics.drawdowns(equity.map(\.strategy)),
            buyAndHoldDrawdown: ReportStatistics.drawdowns(equity.map(\.buyAndHold)),
            prices: prices, fills: fills, decisions: decisions, notes: ["a <note> & more"])
        var folds: [TrainingReport] = []
        for k in 0..<3 {
            let scale = Double(k + 1) / 2
            folds.append(
                TrainingReport(
                    kind: .lightgbm, symbol: symbol, dataRange: times[0]...times[n - 1], rows: ["test": 100], iterations: 10,
                    bestIteration: 5, summary: "fold \(k + 1)", evaluations: [evaluation(predicted.map { $0 * scale })],
                    seconds: 1, files: [], seed: 1, specHash: "x"))
        }
        let walkForward = WalkForwardReport(
            kind: .lightgbm, symbol: symbol, splits: (0..<3).map { _ in DataSplit(train: 0..<100, validation: 100..<120, test: 120..<140, embargo: 2) },
            folds: folds)
        let tuning = TuningHistory(
            study: "lightgbm-\(symbol)", minimize: true,
            trials: trials)
        var report = ResearchReport(
            symbol: symbol, interval: BarInterval(seconds: 1_800), generatedAt: start + Int64(n) * step,
            coverage: ResearchReport.Coverage(
                first: times[0], last: times[n - 1], bars: n - 6, expectedBars: n,
                gaps: [ExchangeGap(lastBefore: times[200], firstAfter: times[207], missingBars: 6)],
                closes: covered.map { (time: $0.time, close: $0.close) },
                source: "data/market/\(symbol)_30m.sqlite"),
            nan: ResearchReport.NaNSummary(
                rows: n, features: 40, segments: 2,
                totals: .init(name: "all", warmup: 900, gap: 120, data: 3, inf: 0, filled: 3),
                worst: worst),
            models: [gru, lightgbm], walkForward: [walkForward], tuning: tuning, backtest: backtest,
            verdict: Verdict(beatsBaselines: false, headline: "", evidence: []), notes: ["made from synthetic data"])
        report.verdict = Verdict.judge(report.models)
        return report
    }
}
