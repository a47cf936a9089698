import Foundation

extension Engine {
    /// The research report of a loaded symbol: data coverage with gaps, NaN accounting, each
    /// latest model's test metrics beside the baselines, predicted vs realised returns over the
    /// test window (from the trader's own predictions in a backtest), feature importances, the
    /// backtest against buy-and-hold with its decisions, and the verdict.
    /// - Parameters:
    ///   - walkForward: walk-forward reports of this session to show (those of other symbols are
    ///     left out).
    ///   - tuning: the symbol's tuning study, when one exists.
    ///   - now: the report's time stamp, epoch ms.
    /// - Throws: `DataError.symbolNotLoaded`; feature errors. A backtest that cannot run (no
    ///   models) leaves its sections out with a note.
    /// - Complexity: one feature pass and one backtest of the test window.
    public func researchReport(
        symbol: String, walkForward: [WalkForwardReport] = [], tuning: TuningHistory? = nil, now: Int64,
        cancellation: CancellationToken = .never
    ) throws -> ResearchReport {
        let series = try bars(for: symbol).series
        let key = series.symbol
        var notes: [String] = []
        let nan = try? nanReport(for: key)
        let features = try features(for: key)
        var models = latestModelResults(symbol: key)
        if models.isEmpty { notes.append("no trained models for \(key) in \(config.paths.models): train some (`train all \(key)`)") }
        var backtestSection: ResearchReport.BacktestSection? = nil
        if !models.isEmpty {
            var steps: [(time: Int64, step: SymbolStep)] = []
            do {
                let result = try backtest(symbols: [key], from: nil, through: nil, cancellation: cancellation) { report in
                    if let step = report.symbols.first(where: { $0.symbol == key }) { steps.append((report.barTime, step)) }
                }
                backtestSection = Self.backtestSection(result, steps: steps)
                let rowOf = Dictionary(
                    features.matrix.timestamps.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                for index in models.indices where models[index].kind.family.evaluatesByRegression {
                    for (time, step) in steps {
                        guard let p = step.predictions[models[index].kind], p.isFinite, let row = rowOf[time] else { continue }
                        let r = features.matrix.target[row]
                        guard r.isFinite else { continue }
                        models[index].predicted.append(p)
                        models[index].realised.append(r)
                    }
                    let m = models[index]
                    models[index].calibration = ReportStatistics.calibration(predicted: m.predicted, realised: m.realised)
                    models[index].versusZero = ReportStatistics.dieboldMariano(
                        model: m.predicted, baseline: Array(repeating: 0, count: m.predicted.count), realised: m.realised)
                }
            } catch {
                notes.append("no backtest: \(error)")
            }
        }
        let coverage = Self.coverage(series)
        return ResearchReport(
            symbol: key, interval: series.interval, generatedAt: now, coverage: coverage,
            nan: nan.map(Self.nanSummary), models: models, walkForward: walkForward.filter { $0.symbol == key },
            tuning: tuning, backtest: backtestSection, verdict: Verdict.judge(models), notes: notes)
    }

    /// The newest model file of each kind for `symbol`, with its manifest's test metrics and its
    /// importances.
    func latestModelResults(symbol: String) -> [ResearchReport.ModelResult] {
        let folder = config.paths.models
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
        return ModelKind.allCases.compactMap { kind in
            guard let entry = ModelStore.latest(kind, for: symbol, in: folder) else { return nil }
            let manifest = FileManager.default.contents(atPath: entry.files.manifest(kind)).flatMap {
                try? decoder.decode(TrainingManifest.self, from: $0)
            }
            var result = ResearchReport.ModelResult(
                kind: kind, file: entry.path, test: manifest?.report.evaluations.first { $0.split == "test" })
            if let test = result.test {
                result.icTest = ReportStatistics.correlationTest(test.model.ic, count: test.model.count)
            }
            if let rows = (try? ModelFile.open(entry.path))?.model.inspection(top: 20).importances?.rows {
                result.importances = rows
            }
            return result
        }
    }

    static func coverage(_ series: BarSeries) -> ResearchReport.Coverage {
        let step = series.interval.milliseconds
        var gaps: [ExchangeGap] = []
        for (a, b) in zip(series.timestamps, series.timestamps.dropFirst()) where b - a > step {
            gaps.append(ExchangeGap(lastBefore: a, firstAfter: b, missingBars: Int((b - a) / step) - 1))
        }
        let first = series.timestamps.first ?? 0
        let last = series.timestamps.last ?? 0
        let sample = ReportStatistics.sampleIndices(count: series.count, limit: 1_200)
        return ResearchReport.Coverage(
            first: first, last: last, bars: series.count,
            expectedBars: series.count == 0 ? 0 : Int((last - first) / step) + 1, gaps: gaps,
            closes: sample.map { (series.timestamps[$0], series.close[$0]) }, source: series.source.path)
    }

    static func nanSummary(_ report: NaNReport) -> ResearchReport.NaNSummary {
        func column(_ c: NaNReport.Column) -> ResearchReport.NaNSummary.Column {
            .init(
                name: c.name, warmup: c.warmupNaN, gap: c.gapNaN, data: c.dataNaN, inf: c.inf,
                filled: c.fills.forwardFilled + c.fills.meanFilled + c.fills.zeroFilled)
        }
        let worst = report.worstFirst.filter { $0.warmupNaN + $0.gapNaN + $0.dataNaN + $0.inf > 0 }.prefix(15)
        return .init(
            rows: report.rowCount, features: report.columns.count, segments: report.segments.count,
            totals: column(report.totals), worst: worst.map(column))
    }

    static func backtestSection(_ result: BacktestResult, steps: [(time: Int64, step: SymbolStep)])
        -> ResearchReport.BacktestSection
    {
        ResearchReport.BacktestSection(
            performance: result.report, equity: result.equity,
            strategyDrawdown: ReportStatistics.drawdowns(result.equity.map(\.strategy)),
            buyAndHoldDrawdown: ReportStatistics.drawdowns(result.equity.map(\.buyAndHold)),
            prices: steps.compactMap { s in s.step.close.map { (s.time, $0) } }, fills: result.fills,
            decisions: steps.map { ($0.time, $0.step.ensemble, $0.step.threshold, $0.step.action.rawValue) },
            notes: result.setupNotes.warnings + result.setupNotes.notes)
    }
}
