import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// The trader's model source streams features bar by bar and predicts exactly what the batch
/// path does; stepping the trader and a backtest over the same bars fill identically with real
/// models.
@Suite(.serialized, .blasThreadsPinned) struct ModelSignalSourceTests {
    /// Tiny GRU, LightGBM and PPO models for BTCEUR and ETHEUR, trained once per test.
    private func trainedEngine(_ name: String) throws -> (Engine, String) {
        var loaded = try ConfigLoader.load(path: RepoPaths.path("Tests/Transcripts/training.yaml"))
        let folder = NSTemporaryDirectory() + "kilo-\(name)-\(UUID().uuidString)"
        loaded.config.paths.models = folder + "/models"
        loaded.config.trading.statePath = folder + "/state/trader.sqlite"
        // No cost floor and a low base threshold, so the tiny models do trade.
        loaded.config.trading.fee = 0.0001
        loaded.config.trading.slippage = 0
        loaded.config.trading.baseThresholds = ["BTCEUR": 0.00001, "ETHEUR": 0.00001]
        let engine = Engine(config: loaded)
        for symbol in ["BTCEUR", "ETHEUR"] { try engine.load(RepoPaths.path("data/\(symbol)_30m.csv")) }
        let runs = ["BTCEUR", "ETHEUR"].flatMap { symbol in ModelKind.allCases.map { (kind: $0, symbol: symbol) } }
        for outcome in try engine.train(runs, seed: 3) { _ = try #require(outcome).get() }
        return (engine, folder)
    }

    @Test func streamedPredictionsEqualTheBatchPath() throws {
        let (engine, folder) = try trainedEngine("stream")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let setup = try engine.traderSetup(symbols: ["BTCEUR"])
        // One source per model, each with the preprocessor its training run saved.
        let sources = try #require(setup.symbols.first?.sources as? [ModelSignalSource])
        #expect(sources.map(\.models) == [[.gru], [.lightgbm], [.ppo]])
        let source = sources[1]
        let features = try engine.features(for: "BTCEUR")
        let batch = try #require(features.preprocessor).transform(features.matrix).matrix
        let booster = try #require(try ModelStore.latest(.lightgbm, for: "BTCEUR", in: engine.config.paths.models).map {
            try Booster.load(contentsOfFile: $0.path)
        })
        let series = try engine.bars(for: "BTCEUR").series
        let probes = [batch.warmupRows - 1, batch.warmupRows + 10, 3_000, series.count - 1]
        for index in probes {
            // The source sees the history grow to `index` (as from a live feed) …
            let grown = series.slice(0..<(index + 1))
            let streamed = try source.predictions(for: "BTCEUR", bars: grown, upTo: index)
            // … and predicts from the batch path's rows.
            let expected = index >= batch.warmupRows ? booster.predict(DenseMatrix(rows: [batch.row(index)])).first : nil
            #expect(streamed[.lightgbm]?.bitPattern == expected?.bitPattern, "bar \(index)")
            if index >= 3_000 { #expect(try sources[0].predictions(for: "BTCEUR", bars: grown, upTo: index)[.gru] != nil) }
        }
        // Asked again about an earlier bar, or about another history, it answers the same.
        let again = try source.predictions(for: "BTCEUR", bars: series, upTo: 3_000)
        let fresh = try #require(
            try engine.traderSetup(symbols: ["BTCEUR"]).symbols.first?.sources[1] as? ModelSignalSource)
        let direct = try fresh.predictions(for: "BTCEUR", bars: series, upTo: 3_000)
        #expect(again.mapValues(\.bitPattern) == direct.mapValues(\.bitPattern))
        let other = try engine.bars(for: "ETHEUR").series
        _ = try source.predictions(for: "BTCEUR", bars: other, upTo: 3_000)
        #expect(try source.predictions(for: "BTCEUR", bars: series, upTo: 3_000).mapValues(\.bitPattern)
            == direct.mapValues(\.bitPattern))
    }

    @Test func oneSharedStreamAnswersAsAStreamPerModel() throws {
        let (engine, folder) = try trainedEngine("shared")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let series = try engine.bars(for: "BTCEUR").series
        let shared = try #require(engine.traderSetup(symbols: ["BTCEUR"]).symbols.first?.sources as? [ModelSignalSource])
        // The same models, each with a stream of its own.
        let separate = try ModelKind.allCases.map { kind in
            let entry = try #require(ModelStore.latest(kind, for: "BTCEUR", in: engine.config.paths.models))
            return try ModelSignalSource(
                symbol: "BTCEUR", stream: SymbolFeatureStream(features: engine.config.features, interval: series.interval),
                preprocessor: Preprocessor.load(from: entry.files.preprocessor),
                models: [kind.family.open(path: entry.path, safetensors: nil)])
        }
        #expect(shared.map(\.models) == separate.map(\.models))
        let account = AccountSnapshot(cash: 9_000, units: 0.01, entryPrice: 60_000, barsInPosition: 3)
        let other = try engine.bars(for: "ETHEUR").series
        // The PPO source drives the shared stream far ahead, then the others read behind it; a
        // foreign history in between makes every source start again.
        for (index, bars) in [(series.count - 1, series), (3_000, series), (3_100, other), (3_200, series)] {
            for k in [2, 0, 1] {
                let a = try shared[k].predictions(for: "BTCEUR", bars: bars, upTo: index, account: account)
                let b = try separate[k].predictions(for: "BTCEUR", bars: bars, upTo: index, account: account)
                #expect(a.mapValues(\.bitPattern) == b.mapValues(\.bitPattern), "bar \(index) source \(k)")
                #expect(!a.isEmpty, "bar \(index) source \(k)")
            }
        }
    }

    @Test func steppingAndBacktestFillIdenticallyWithRealModels() throws {
        let (engine, folder) = try trainedEngine("parity")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let backtest = try engine.backtest(symbols: nil, from: nil, through: nil)
        let trader = try engine.paperTrader()
        var reports: [IterationReport] = []
        while let report = try trader.step() { reports.append(report) }
        #expect(!backtest.fills.isEmpty, "the tiny models should trade")
        #expect(trader.fills == backtest.fills)
        #expect(trader.portfolio == backtest.portfolio)
        // Every model contributed somewhere, PPO included.
        let models = Set(reports.flatMap { $0.symbols.flatMap { $0.predictions.keys } })
        #expect(models == Set(ModelKind.allCases))
    }
}
