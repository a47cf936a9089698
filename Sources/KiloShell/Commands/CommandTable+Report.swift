import Foundation
import KiloCore

extension CommandTable {
    static let report = CommandSpec(
        name: "report", group: .models, abstract: "Write a symbol's research report as one HTML file",
        discussion: """
            Writes one self-contained HTML page (inline SVG and CSS, nothing fetched from the
            network; it opens from disk in any browser) for a loaded SYMBOL, by default
            paths.reports/SYMBOL_{YYYYMMDD_HHMMSS}.html (reports/ unless configured): a plain-words verdict (does any model beat
            predicting zero and predicting the previous return on the test split, with RMSE, IC
            t statistics and a Diebold–Mariano test), data coverage with its gaps, feature NaN
            accounting, each latest model's test metrics beside the baselines, predicted vs
            realised returns (scatter and calibration by decile), the walk-forward folds of
            this session's last `train --walk-forward`, feature importances (splits and gain),
            the backtest of the test split against buy-and-hold (equity, drawdown, trades on
            price) and the trader's decisions against its threshold. Sections without data are
            left out.
            """,
        arguments: [
            .positional("symbol", .symbol, help: "A loaded symbol"),
            .positional("path", .path(extensions: ["html"]), optional: true, help: "The HTML file to write"),
        ],
        examples: ["report BTCEUR", "report ETHEUR /tmp/etheur.html"],
        run: { context, arguments in
            let symbol = arguments.string("symbol") ?? ""
            let report = try context.engine.researchReport(
                symbol: symbol, walkForward: context.lastWalkForward,
                tuning: context.engine.tuningHistory(symbol: symbol), now: context.nowMilliseconds,
                cancellation: context.cancellation)
            let path: String
            if let given = arguments.string("path") {
                path = given
            } else {
                let folder = context.engine.config.paths.reports
                try OutputFile.createFolder(folder)
                path = PathText.join(folder, "\(report.symbol)_\(ModelStore.timestamp(Date())).html")
            }
            try OutputFile.write(HTMLReportWriter.html(report), to: path)
            let sections = HTMLReportWriter.sectionIDs(report)
            return CommandOutput(
                blocks: [.text("wrote \(path): \(report.verdict.headline)\n  sections: \(sections.joined(separator: ", "))")],
                json: .object([
                    ("path", .string(path)), ("beats_baselines", .bool(report.verdict.beatsBaselines)),
                    ("verdict", .string(report.verdict.headline)), ("sections", .array(sections.map { .string($0) })),
                ]))
        })
}
