import Foundation
import KiloCore

/// Writes a `ResearchReport` as one self-contained HTML page: inline CSS and SVG, no network, no
/// framework. Each section is a `<section id=…>`; sections without data are left out.
///
/// The writer lives in the shell, not the engine: the engine computes the report's values and the
/// shell renders them, as a table, JSON or this page, like every other command's result.
enum HTMLReportWriter {
    /// The page.
    /// - Complexity: O(points drawn).
    static func html(_ report: ResearchReport) -> String {
        var sections = [verdict(report), coverage(report.coverage, interval: report.interval)]
        if let nan = report.nan { sections.append(nanSection(nan)) }
        if !report.models.isEmpty { sections.append(metrics(report.models)) }
        let regression = report.models.filter { !$0.predicted.isEmpty }
        if !regression.isEmpty { sections.append(predictions(regression)) }
        if !report.walkForward.isEmpty { sections.append(walkForward(report.walkForward)) }
        if let tuning = report.tuning { sections.append(TuningHistoryRenderer.section(tuning)) }
        let ranked = report.models.filter { !$0.importances.isEmpty }
        if !ranked.isEmpty { sections.append(importances(ranked)) }
        if let backtest = report.backtest {
            sections.append(equity(backtest))
            sections.append(decisions(backtest))
        }
        let title = "Kilo research report: \(report.symbol)"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(HTML.escape(title))</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>\(css)</style></head>
            <body><header><h1>\(HTML.escape(title))</h1><p class="meta">\(HTML.escape(report.interval.name)) bars · made \(HTML.escape(String(BarTime.string(fromMilliseconds: report.generatedAt).prefix(16)))) UTC · kilo \(HTML.escape(Kilo.version))</p></header>
            \(sections.joined(separator: "\n"))
            \(report.notes.isEmpty ? "" : "<section id=\"notes\"><h2>Notes</h2><ul>" + report.notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></section>")
            </body></html>

            """
    }

    /// The ids of the sections `html` writes for `report`, in page order.
    static func sectionIDs(_ report: ResearchReport) -> [String] {
        var ids = ["verdict", "coverage"]
        if report.nan != nil { ids.append("nan") }
        if !report.models.isEmpty { ids.append("metrics") }
        if report.models.contains(where: { !$0.predicted.isEmpty }) { ids.append("predictions") }
        if !report.walkForward.isEmpty { ids.append("walkforward") }
        if report.tuning != nil { ids.append("tuning") }
        if report.models.contains(where: { !$0.importances.isEmpty }) { ids.append("importances") }
        if report.backtest != nil { ids += ["backtest", "decisions"] }
        return ids
    }

    static let css = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1d2330;margin:0 auto;max-width:940px;padding:12px 24px 48px}
        h1{font-size:22px;margin:8px 0 0}h2{font-size:17px;margin:0 0 6px}h3{font-size:14px;margin:10px 0 4px}
        .meta{color:#667;margin:2px 0 12px}section{border-top:1px solid #dde;padding:14px 0}
        .verdict{border-radius:6px;padding:10px 14px;font-size:15px}.verdict.yes{background:#e5f6ea}.verdict.no{background:#fbeaea}
        table{border-collapse:collapse;margin:6px 0;font-size:12.5px}th,td{border-bottom:1px solid #e4e6ee;padding:3px 8px;text-align:right}
        th:first-child,td:first-child{text-align:left}ul{margin:4px 0;padding-left:20px}
        svg.chart{display:block;margin:6px 0;background:#fff}.frame{fill:none;stroke:#ccd}.grid{stroke:#eef;stroke-width:1}
        .tick,.value,.label{font-size:10.5px;fill:#556}.gap{fill:#f4b4b4;opacity:.7}
        .price,.strategy{stroke:#2456c9;stroke-width:1.4}.hold{stroke:#999;stroke-width:1.2;stroke-dasharray:4 3}
        .ddstrategy{stroke:#c0392b;stroke-width:1.3}.ddhold{stroke:#999;stroke-width:1.1;stroke-dasharray:4 3}
        .dot{fill:#2456c9;opacity:.35}.cal{fill:#e67e22}.calline{stroke:#e67e22;stroke-width:1.5}.diag{stroke:#aaa;stroke-dasharray:3 3}
        .zero{stroke:#888}.threshold{stroke:#c0392b;stroke-dasharray:5 3}.ensemble{stroke:#2456c9;stroke-width:1.2}
        .buy{fill:#1e8e3e}.sell{fill:#c0392b}.bar-model{fill:#2456c9}.bar-zero{fill:#aab}.bar-prev{fill:#d9a441}
        .bar-split{fill:#7a8cc2}.bar-gain{fill:#2456c9}.bar-nan{fill:#d98c5f}.trial{fill:#2456c9}.best{stroke:#1e8e3e;stroke-width:1.6}.pruned{fill:#c0392b}
        .legend span{display:inline-block;margin-right:14px;font-size:12px}.sw{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
        .pair{display:flex;gap:12px;flex-wrap:wrap}
        """

    static func verdict(_ report: ResearchReport) -> String {
        let v = report.verdict
        return "<section id=\"verdict\"><h2>Verdict</h2><p class=\"verdict \(v.beatsBaselines ? "yes" : "no")\">\(HTML.escape(v.headline))</p>"
            + (v.evidence.isEmpty ? "" : "<ul>" + v.evidence.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>")
            + "<p class=\"meta\">A model beats the baselines when its test RMSE is below both predicting zero and predicting the previous return, and its squared errors are smaller than predicting zero's at the 5% level (Diebold–Mariano z &gt; 1.96 on the backtest window's bars).</p></section>"
    }

    static func coverage(_ c: ResearchReport.Coverage, interval: BarInterval) -> String {
        let times = c.closes.map { Double($0.time) }
        let chart = SVGChart(x: SVGChart.domain(times), y: SVGChart.domain(c.closes.map(\.close)))
        var parts = [
            chart.axes(xTicks: SVGChart.ticks(chart.xDomain, label: HTML.day), yTicks: SVGChart.ticks(chart.yDomain) { HTML.number($0) }, yLabel: "close")
        ]
        parts += c.gaps.map { chart.band(from: Double($0.lastBefore), to: Double($0.firstAfter), cssClass: "gap") }
        // One line per stretch between gaps, so no line is drawn across a gap.
        var stretch: [(Double, Double)] = []
        var gapIndex = 0
        for point in c.closes {
            while gapIndex < c.gaps.count && c.gaps[gapIndex].firstAfter <= point.time {
                if !stretch.isEmpty { parts.append(chart.line(stretch, cssClass: "price")) }
                stretch = []
                gapIndex += 1
            }
            stretch.append((Double(point.time), point.close))
        }
        parts.append(chart.line(stretch, cssClass: "price"))
        let missing = c.gaps.reduce(0) { $0 + $1.missingBars }
        let share = c.expectedBars > 0 ? Double(c.bars) / Double(c.expectedBars) : 1
        let longest = c.gaps.sorted { $0.missingBars > $1.missingBars }.prefix(10)
        let rows = longest.map {
            [BarTime.string(fromMilliseconds: $0.lastBefore + interval.milliseconds), BarTime.string(fromMilliseconds: $0.firstAfter),
             String($0.missingBars), String(format: "%.1f days", Double($0.missingBars) * Double(interval.seconds) / 86_400)]
        }
        return "<section id=\"coverage\"><h2>Data coverage</h2><p>\(c.bars) bars from \(HTML.escape(BarTime.string(fromMilliseconds: c.first))) to \(HTML.escape(BarTime.string(fromMilliseconds: c.last))) UTC (\(HTML.escape(c.source))): \(HTML.percent(share)) of the span; \(c.gaps.count) gaps, \(missing) bars missing (shaded).</p>"
            + chart.svg("close price with gaps", parts)
            + (rows.isEmpty ? "" : "<h3>Longest gaps</h3>" + HTML.table(["first missing", "next bar", "bars", "length"], rows)) + "</section>"
    }

    static func nanSection(_ nan: ResearchReport.NaNSummary) -> String {
        let rows = nan.worst.map { (name: $0.name, total: Double($0.warmup + $0.gap + $0.data + $0.inf)) }
        let chart = SVGChart.ranking(rows.map { ($0.name, $0.total) }, title: "NaN per feature", cssClass: "bar-nan", width: 860)
        let t = nan.totals
        let table = HTML.table(
            ["feature", "warm-up", "after gaps", "data", "inf", "filled"],
            nan.worst.map { [$0.name, String($0.warmup), String($0.gap), String($0.data), String($0.inf), String($0.filled)] })
        return "<section id=\"nan\"><h2>Feature NaN accounting</h2><p>\(nan.rows) rows × \(nan.features) features in \(nan.segments) segments: \(t.warmup) NaN from warm-up, \(t.gap) after gaps, \(t.data) from the data, \(t.inf) inf; \(t.filled) cells filled. The worst features:</p>"
            + chart + table + "</section>"
    }

    static func metrics(_ models: [ResearchReport.ModelResult]) -> String {
        var rows: [[String]] = []
        var ratios: [(String, Double, Double)] = []
        var others: [String] = []
        for m in models {
            guard m.kind.family.evaluatesByRegression else {
                others.append(m.kind.rawValue)
                continue
            }
            guard let test = m.test else {
                rows.append([m.kind.rawValue, "no test metrics (no manifest)", "", "", "", "", ""])
                continue
            }
            for (name, r) in [("model", test.model), ("predict zero", test.zero), ("previous return", test.previousReturn)] {
                rows.append([
                    name == "model" ? m.kind.rawValue : "  \(name)", String(r.count), HTML.number(r.rmse), HTML.number(r.mae),
                    HTML.percent(r.directionalAccuracy), HTML.number(r.ic), HTML.number(r.rankIC),
                ])
            }
            ratios.append((m.kind.rawValue, test.model.rmse / test.zero.rmse, test.previousReturn.rmse / test.zero.rmse))
        }
        var chart = ""
        if !ratios.isEmpty {
            let values: [Double] = ratios.flatMap { r -> [Double] in [r.1, r.2, 1.0] }
            let c = SVGChart(height: 220, x: -0.5...Double(ratios.count) - 0.5, y: SVGChart.domain(values, including: [0]))
            chart = c.svg(
                "test RMSE relative to predicting zero",
                [
                    c.axes(
                        xTicks: ratios.enumerated().map { (Double($0.offset), $0.element.0) },
                        yTicks: SVGChart.ticks(c.yDomain) { HTML.number($0) }, yLabel: "test RMSE ÷ RMSE of predicting zero"),
                    c.columns(ratios.map(\.1), cssClass: "bar-model", offset: -0.5, share: 0.4),
                    c.columns(ratios.map(\.2), cssClass: "bar-prev", offset: 0.5, share: 0.4),
                    c.hline(1, cssClass: "threshold"),
                ])
                + "<p class=\"legend\"><span><i class=\"sw bar-model\" style=\"background:#2456c9\"></i>model</span><span><i class=\"sw\" style=\"background:#d9a441\"></i>previous return</span><span>dashed: predicting zero (1)</span></p>"
        }
        return "<section id=\"metrics\"><h2>Latest models on the test split</h2>"
            + HTML.table(["model / baseline", "rows", "rmse", "mae", "direction", "ic", "rank ic"], rows) + chart
            + (others.isEmpty ? "" : "<p class=\"meta\">\(HTML.escape(others.joined(separator: ", "))) predicts no return (an agent chooses actions): it is judged by the backtest below, not here.</p>")
            + "</section>"
    }

    static func predictions(_ models: [ResearchReport.ModelResult]) -> String {
        var parts = ["<section id=\"predictions\"><h2>Predicted vs realised returns</h2><p>The trader's predictions over the backtest window against the realised next-horizon return of the same bar; right: the mean realised return per decile of prediction (a calibrated model follows the diagonal).</p>"]
        for m in models {
            let sample = ReportStatistics.sampleIndices(count: m.predicted.count, limit: 1_500)
            let points = sample.map { (m.predicted[$0], m.realised[$0]) }
            let s = SVGChart(width: 424, height: 300, x: SVGChart.domain(m.predicted), y: SVGChart.domain(m.realised))
            let scatter = s.svg(
                "\(m.kind.rawValue) predicted vs realised",
                [
                    s.axes(xTicks: SVGChart.ticks(s.xDomain, count: 4) { HTML.number($0) }, yTicks: SVGChart.ticks(s.yDomain) { HTML.number($0) },
                           xLabel: "predicted", yLabel: "realised"),
                    s.hline(0, cssClass: "zero"), s.scatter(points, cssClass: "dot"),
                ])
            let cal = m.calibration
            let both = cal.map(\.predicted) + cal.map(\.realised)
            let c = SVGChart(width: 424, height: 300, x: SVGChart.domain(both), y: SVGChart.domain(both))
            let calibration = c.svg(
                "\(m.kind.rawValue) calibration by decile",
                [
                    c.axes(xTicks: SVGChart.ticks(c.xDomain, count: 4) { HTML.number($0) }, yTicks: SVGChart.ticks(c.yDomain) { HTML.number($0) },
                           xLabel: "mean predicted", yLabel: "mean realised"),
                    c.line([(c.xDomain.lowerBound, c.xDomain.lowerBound), (c.xDomain.upperBound, c.xDomain.upperBound)], cssClass: "diag"),
                    c.line(cal.map { ($0.predicted, $0.realised) }, cssClass: "calline"),
                    c.scatter(cal.map { ($0.predicted, $0.realised) }, cssClass: "cal", radius: 4),
                ])
            var caption = "\(m.kind.rawValue): \(m.predicted.count) bars"
            if let dm = m.versusZero { caption += String(format: "; Diebold–Mariano vs zero z = %.2f (p = %.3f)", dm.statistic, dm.pValue) }
            parts.append("<h3>\(HTML.escape(caption))</h3><div class=\"pair\">\(scatter)\(calibration)</div>")
        }
        return parts.joined() + "</section>"
    }

    static func walkForward(_ reports: [WalkForwardReport]) -> String {
        var parts = ["<section id=\"walkforward\"><h2>Walk-forward folds</h2>"]
        for report in reports {
            let tests = report.folds.compactMap { $0.evaluations.first { $0.split == "test" } }
            let c = SVGChart(height: 220, x: -0.5...Double(tests.count) - 0.5, y: SVGChart.domain(tests.flatMap { [$0.model.rmse, $0.zero.rmse] }, including: [0]))
            parts.append(
                "<h3>\(HTML.escape(report.kind.rawValue)): \(report.folds.count) expanding folds (test RMSE per fold; grey: predicting zero)</h3>"
                    + c.svg(
                        "walk-forward test RMSE per fold",
                        [
                            c.axes(xTicks: tests.indices.map { (Double($0), "fold \($0 + 1)") }, yTicks: SVGChart.ticks(c.yDomain) { HTML.number($0) }, yLabel: "test RMSE"),
                            c.columns(tests.map(\.model.rmse), cssClass: "bar-model", offset: -0.5, share: 0.4),
                            c.columns(tests.map(\.zero.rmse), cssClass: "bar-zero", offset: 0.5, share: 0.4),
                        ])
                    + HTML.table(
                        ["split", "predictor", "rows", "rmse", "direction", "ic"],
                        report.summaries.map { s in
                            [s.split, s.predictor, String(s.rows), spread(s.rmse), spread(s.directionalAccuracy), spread(s.ic)]
                        }))
        }
        return parts.joined() + "</section>"
    }

    static func spread(_ s: MetricSpread) -> String {
        guard s.mean.isFinite else { return "—" }
        return s.std.isFinite ? "\(HTML.number(s.mean)) ± \(HTML.number(s.std))" : HTML.number(s.mean)
    }

    static func importances(_ models: [ResearchReport.ModelResult]) -> String {
        var parts = ["<section id=\"importances\"><h2>Feature importances</h2>"]
        for m in models {
            let top = Array(m.importances.prefix(15))
            let bySplit = top.sorted { $0.splits > $1.splits }
            parts.append(
                "<h3>\(HTML.escape(m.kind.rawValue)) (top \(top.count) by gain)</h3><div class=\"pair\">"
                    + SVGChart.ranking(bySplit.map { ($0.feature, Double($0.splits)) }, title: "splits", cssClass: "bar-split")
                    + SVGChart.ranking(top.map { ($0.feature, $0.gain) }, title: "gain", cssClass: "bar-gain") + "</div>"
                    + "<p class=\"meta\">Left: number of splits on the feature; right: total gain of those splits.</p>")
        }
        return parts.joined() + "</section>"
    }

    static func equity(_ b: ResearchReport.BacktestSection) -> String {
        let times = b.equity.map { Double($0.barTime) }
        let sample = ReportStatistics.sampleIndices(count: b.equity.count, limit: 1_500)
        let e = SVGChart(x: SVGChart.domain(times), y: SVGChart.domain(b.equity.flatMap { [$0.strategy, $0.buyAndHold] }))
        let xTicks = SVGChart.ticks(e.xDomain, label: HTML.day)
        let equityChart = e.svg(
            "equity vs buy-and-hold",
            [
                e.axes(xTicks: xTicks, yTicks: SVGChart.ticks(e.yDomain) { HTML.number($0) }, yLabel: "equity"),
                e.line(sample.map { (times[$0], b.equity[$0].buyAndHold) }, cssClass: "hold"),
                e.line(sample.map { (times[$0], b.equity[$0].strategy) }, cssClass: "strategy"),
            ])
        let d = SVGChart(height: 180, x: e.xDomain, y: SVGChart.domain(b.strategyDrawdown.map { -$0 } + b.buyAndHoldDrawdown.map { -$0 }, including: [0]))
        let drawdown = d.svg(
            "drawdown vs buy-and-hold",
            [
                d.axes(xTicks: xTicks, yTicks: SVGChart.ticks(d.yDomain) { HTML.percent($0) }, yLabel: "drawdown"),
                d.line(sample.map { (times[$0], -b.buyAndHoldDrawdown[$0]) }, cssClass: "ddhold"),
                d.line(sample.map { (times[$0], -b.strategyDrawdown[$0]) }, cssClass: "ddstrategy"),
            ])
        let priceSample = ReportStatistics.sampleIndices(count: b.prices.count, limit: 1_500)
        let p = SVGChart(x: e.xDomain, y: SVGChart.domain(b.prices.map(\.close) + b.fills.map(\.price)))
        var priceParts = [
            p.axes(xTicks: xTicks, yTicks: SVGChart.ticks(p.yDomain) { HTML.number($0) }, yLabel: "close"),
            p.brokenLine(priceSample.map { (Double(b.prices[$0].time), b.prices[$0].close) }, cssClass: "price"),
        ]
        priceParts += b.fills.map { p.marker(Double($0.barTime), $0.price, up: $0.side == .buy, cssClass: $0.side == .buy ? "buy" : "sell") }
        let perf = b.performance
        let rows: [[String]] = [
            ["total return", HTML.percent(perf.strategy.totalReturn), HTML.percent(perf.buyAndHold.totalReturn)],
            ["Sharpe", HTML.number(perf.strategy.sharpe), HTML.number(perf.buyAndHold.sharpe)],
            ["max drawdown", HTML.percent(perf.strategy.maxDrawdown), HTML.percent(perf.buyAndHold.maxDrawdown)],
            ["trades", String(perf.strategy.trades), String(perf.buyAndHold.trades)],
            ["exposure", HTML.percent(perf.strategy.exposure), HTML.percent(perf.buyAndHold.exposure)],
            ["fees", HTML.number(perf.strategy.fees), "—"],
        ]
        return "<section id=\"backtest\"><h2>Backtest vs buy-and-hold</h2><p>\(perf.bars) bars from \(HTML.escape(BarTime.string(fromMilliseconds: perf.startTime))) to \(HTML.escape(BarTime.string(fromMilliseconds: perf.endTime))) UTC (the test split to the end). Blue: the strategy; dashed grey: buy-and-hold.</p>"
            + HTML.table(["metric", "strategy", "buy & hold"], rows) + equityChart + drawdown
            + "<h3>Trades on price (\(b.fills.count) fills: green up = buy, red down = sell)</h3>" + p.svg("trades on price", priceParts)
            + (b.notes.isEmpty ? "" : "<ul>" + b.notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>") + "</section>"
    }

    static func decisions(_ b: ResearchReport.BacktestSection) -> String {
        let points = b.decisions.compactMap { d in d.ensemble.map { (Double(d.time), $0) } }
        let thresholds = b.decisions.compactMap(\.threshold).filter(\.isFinite)
        let threshold = thresholds.first
        let c = SVGChart(x: SVGChart.domain(b.decisions.map { Double($0.time) }), y: SVGChart.domain(points.map(\.1), including: threshold.map { [$0, -$0, 0] } ?? [0]))
        let sample = ReportStatistics.sampleIndices(count: points.count, limit: 1_500).map { points[$0] }
        var parts = [
            c.axes(xTicks: SVGChart.ticks(c.xDomain, label: HTML.day), yTicks: SVGChart.ticks(c.yDomain) { HTML.number($0) }, yLabel: "ensemble expected return"),
            c.hline(0, cssClass: "zero"), c.brokenLine(sample, cssClass: "ensemble"),
        ]
        if let threshold { parts += [c.hline(threshold, cssClass: "threshold"), c.hline(-threshold, cssClass: "threshold")] }
        let acted = b.decisions.filter { $0.action == "buy" || $0.action == "sell" }
        parts += acted.compactMap { d in d.ensemble.map { c.marker(Double(d.time), $0, up: d.action == "buy", cssClass: d.action) } }
        let counts = Dictionary(grouping: b.decisions, by: \.action).map { "\($0.key) \($0.value.count)" }.sorted()
        let above = threshold.map { t in points.filter { abs($0.1) >= t }.count } ?? 0
        return "<section id=\"decisions\"><h2>Decisions vs threshold</h2><p>The ensemble's expected return each bar against the buy/sell threshold (dashed\(threshold.map { ": ±" + HTML.number($0) } ?? "")): \(above) of \(points.count) bars reach it; actions: \(HTML.escape(counts.joined(separator: ", "))).</p>"
            + c.svg("ensemble vs threshold", parts) + "</section>"
    }
}
