import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// Parallel training writes the same bits as sequential training; walk-forward folds are
/// leak-free and summarised; Ctrl-C keeps what finished.
@Suite(.blasThreadsPinned) struct TrainingJobTests {
    private func engine(models: String, parallelRuns: Int) throws -> Engine {
        var loaded = try ConfigLoader.load(path: RepoPaths.path("Tests/Transcripts/training.yaml"))
        loaded.config.paths.models = models
        loaded.config.training.parallelRuns = parallelRuns
        let engine = Engine(config: loaded)
        for symbol in ["BTCEUR", "ETHEUR"] { try engine.load(RepoPaths.path("data/\(symbol)_30m.csv")) }
        return engine
    }

    private func temporaryFolder(_ name: String) -> String {
        NSTemporaryDirectory() + "kilo-\(name)-\(UUID().uuidString)"
    }

    /// Every file under `folder` (relative path → bytes), manifests without their durations and speeds.
    private func contents(of folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        for file in files {
            var isDirectory: ObjCBool = false
            let path = (folder as NSString).appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            if file.hasPrefix("manifests/") {
                let text = String(decoding: data, as: UTF8.self)
                #expect(text.contains("\"seconds\" : "))
                data = Data(
                    text.replacingOccurrences(
                        of: #""seconds" : [0-9.e+-]+"#, with: "\"seconds\" : 0", options: .regularExpression
                    ).replacingOccurrences(of: #"[0-9]+ steps\\/s"#, with: "N steps/s", options: .regularExpression)
                    .utf8)
            }
            result[file] = data
        }
        return result
    }

    @Test func parallelRunsWriteTheSameBitsAsSequentialRuns() throws {
        let date = Date(timeIntervalSince1970: 1_790_000_000)
        let runs = ["BTCEUR", "ETHEUR"].flatMap { symbol in ModelKind.allCases.map { (kind: $0, symbol: symbol) } }
        var written: [[String: Data]] = []
        var reports: [[TrainingReport]] = []
        // The same folder and config both times, so even the manifests match (but for durations).
        let folder = temporaryFolder("parallel")
        for workers in [1, 2] {
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let engine = try engine(models: folder, parallelRuns: 0)
            let outcomes = try engine.train(runs, seed: 7, date: date, workers: workers)
            reports.append(try outcomes.map { try #require($0).get() })
            written.append(try contents(of: folder))
        }
        // 6 models, 2 preprocessors, 2 metadata files, 6 manifests.
        #expect(written[0].count == 16)
        #expect(written[0].keys.sorted() == written[1].keys.sorted())
        for (file, data) in written[0] {
            if written[1][file] != data {
                Issue.record("\(file) differs between 1 and 2 workers")
                if file.hasPrefix("manifests/") {
                    let a = String(decoding: data, as: UTF8.self).split(separator: "\n")
                    let b = String(decoding: written[1][file] ?? Data(), as: UTF8.self).split(separator: "\n")
                    print(zip(a, b).filter { $0 != $1 }.prefix(3))
                }
            }
        }
        #expect(reports[0].map(\.kind) == runs.map(\.kind) && reports[0].map(\.symbol) == runs.map(\.symbol))
        // Compared as JSON: metrics may be NaN (a constant predictor has no IC).
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
        #expect(try encoder.encode(reports[0].map(\.evaluations)) == encoder.encode(reports[1].map(\.evaluations)))
    }

    @Test func walkForwardFitsEachFoldOnItsOwnTrainingRows() throws {
        let folder = temporaryFolder("walk")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = try engine(models: folder, parallelRuns: 2)
        let report = try engine.walkForward(.lightgbm, symbol: "BTCEUR", folds: 3, seed: 1)
        #expect(report.folds.count == 3 && report.splits.count == 3)
        #expect(!FileManager.default.fileExists(atPath: folder), "walk-forward must not write files")
        for (k, split) in report.splits.enumerated() {
            #expect(split.validation.lowerBound - split.train.upperBound == split.embargo)
            #expect(split.test.lowerBound - split.validation.upperBound == split.embargo)
            if k > 0 { #expect(split.train.upperBound > report.splits[k - 1].train.upperBound) }
            #expect(report.folds[k].rows["train"] ?? 0 > 0)
        }
        // The summary is the mean and sample std of the folds' metrics.
        let test = try #require(report.summaries.first { $0.split == "test" && $0.predictor == "model" })
        let rmse = report.folds.compactMap { $0.evaluations.first { $0.split == "test" }?.model.rmse }
        let mean = rmse.reduce(0, +) / 3
        let std = (rmse.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        #expect(abs(test.rmse.mean - mean) < 1e-15 && abs(test.rmse.std - std) < 1e-15)
        #expect(test.rows == report.folds.compactMap { $0.evaluations.first { $0.split == "test" }?.model.count }.reduce(0, +))
        #expect(throws: ModelError.self) { try engine.walkForward(.ppo, symbol: "BTCEUR", folds: 3) }
    }

    @Test func cancellationKeepsFinishedRunsAndStartsNoMore() throws {
        let folder = temporaryFolder("cancel")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = try engine(models: folder, parallelRuns: 1)
        let token = CancellationToken()
        let outcomes = try engine.train(
            [(.lightgbm, "BTCEUR"), (.lightgbm, "ETHEUR")], cancellation: token,
            finished: { _, _, _ in token.cancel() })
        #expect(try outcomes[0]?.get().kind == .lightgbm)
        #expect(outcomes[1] == nil, "a run started after Ctrl-C")
        #expect(ModelStore.latest(.lightgbm, for: "BTCEUR", in: folder) != nil)
        #expect(ModelStore.latest(.lightgbm, for: "ETHEUR", in: folder) == nil)
    }

    @Test func metricSpreadIsTheMeanAndSampleStandardDeviation() {
        let spread = MetricSpread([1, 2, 3, 4, .nan])
        #expect(spread.count == 4 && spread.mean == 2.5)
        #expect(abs(spread.std - (5.0 / 3).squareRoot()) < 1e-15)
        #expect(MetricSpread([7]).std.isNaN && MetricSpread([]).mean.isNaN)
    }
}
