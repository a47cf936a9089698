import Foundation
import Testing

@testable import KiloCore

@Suite struct ModelStoreTests {
    private func folder(with names: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "kilo-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/manifests", withIntermediateDirectories: true)
        for name in names { FileManager.default.createFile(atPath: path + "/" + name, contents: Data("x".utf8)) }
        return path
    }

    @Test func namesParseAndLatestNeverCrossesSymbols() throws {
        let path = try folder(with: [
            "gru_model_BTCEUR_20250101_120000.safetensors", "gru_model_BTCEUR_20250102_080000.safetensors",
            "gru_model_ETHEUR_20250301_000000.safetensors", "lightgbm_model_BTCEUR_20240101_000000.txt",
            "lightgbm_model_BTCEUR_20250101_000000.safetensors", "notes.txt", "gru_model_BTCEUR_2025.safetensors",
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(RunFiles.modelFileName(kind: .lightgbm, symbol: "ADAEUR", stamp: "20250101_000000") == "lightgbm_model_ADAEUR_20250101_000000.txt")
        let entries = ModelStore.entries(in: path)
        #expect(entries.count == 4, "\(entries.map(\.path))")
        #expect(ModelStore.latest(.gru, for: "BTCEUR", in: path)?.stamp == "20250102_080000")
        #expect(ModelStore.latest(.gru, for: "ETHEUR", in: path)?.stamp == "20250301_000000")
        #expect(ModelStore.latest(.lightgbm, for: "BTCEUR", in: path)?.stamp == "20240101_000000")
        #expect(ModelStore.latest(.ppo, for: "BTCEUR", in: path) == nil)
        #expect(ModelStore.entry(forFileName: "gru_model_MY_SYM_20250101_120000.safetensors", in: "")?.symbol == "MY_SYM")
    }

    @Test func pruneKeepsTheNewestWithTheirFiles() throws {
        let path = try folder(with: [
            "gru_model_BTCEUR_20250101_000000.safetensors", "gru_model_BTCEUR_20250102_000000.safetensors",
            "gru_model_BTCEUR_20250103_000000.safetensors", "lightgbm_model_BTCEUR_20250101_000000.txt",
            "preprocessor_BTCEUR_20250101_000000.json", "preprocessor_BTCEUR_20250102_000000.json",
            "manifests/gru_BTCEUR_20250102_000000.json",
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let deleted = ModelStore.prune(.gru, for: "BTCEUR", keep: 1, in: path).map { ($0 as NSString).lastPathComponent }
        #expect(Set(deleted) == [
            "gru_model_BTCEUR_20250101_000000.safetensors", "gru_model_BTCEUR_20250102_000000.safetensors",
            "gru_BTCEUR_20250102_000000.json", "preprocessor_BTCEUR_20250102_000000.json",
        ])
        // The LightGBM model of 2025-01-01 still uses that run's preprocessor.
        #expect(FileManager.default.fileExists(atPath: path + "/preprocessor_BTCEUR_20250101_000000.json"))
        #expect(ModelStore.prune(.gru, for: "BTCEUR", keep: 0, in: path).isEmpty)
    }

    @Test func corruptFilesAreReportedAndOthersStillList() throws {
        let path = try folder(with: [])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
        try FileManager.default.copyItem(
            atPath: fixtures.appendingPathComponent("gbdt/regression.txt").path,
            toPath: path + "/lightgbm_model_BTCEUR_20250101_000000.txt")
        let good = try Data(contentsOf: fixtures.appendingPathComponent("gru/kilo_model.safetensors"))
        try good.write(to: URL(fileURLWithPath: path + "/gru_model_BTCEUR_20250101_000000.safetensors"))
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: path + "/gru_model_ETHEUR_20250101_000000.safetensors"))
        var config = LoadedConfig.defaults
        config.config.paths.models = path
        let listings = Engine(config: config).modelListings()
        #expect(listings.count == 3)
        let broken = listings.filter { $0.problem != nil }
        #expect(broken.map(\.entry.symbol) == ["ETHEUR"])
        #expect(broken.first?.problem?.contains("gru_model_ETHEUR_20250101_000000.safetensors") == true)
        #expect(listings.first { $0.entry.kind == .lightgbm }?.topGain.isEmpty == false)
    }
}
