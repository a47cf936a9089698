import Foundation
import Testing

@testable import KiloCore

@Suite struct ModelRegistryTests {
    @Test func everyKindHasOneFamilyInKindOrder() {
        #expect(ModelKind.allCases.map(\.rawValue) == ["gru", "lightgbm", "ppo"])
        #expect(ModelRegistry.families.map(\.kind) == ModelKind.allCases)
        for family in ModelRegistry.families {
            #expect(ModelRegistry.family(family.kind).kind == family.kind)
            #expect(family.readableExtensions.contains(family.fileExtension), "\(family.kind)")
        }
        #expect(ModelKind.gru < ModelKind.lightgbm && ModelKind.lightgbm < ModelKind.ppo)
    }

    @Test func kindsParseOnlyWhenRegistered() throws {
        #expect(ModelKind(rawValue: "lightgbm") == .lightgbm)
        #expect(ModelKind(rawValue: "xgboost") == nil)
        let encoded = try JSONEncoder().encode([ModelKind.ppo, .gru])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["ppo","gru"]"#)
        #expect(try JSONDecoder().decode([ModelKind].self, from: encoded) == [.ppo, .gru])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ModelKind].self, from: Data(#"["svm"]"#.utf8)) }
    }

    @Test func namesAliasesAndExtensionsComeFromTheFamilies() {
        #expect(ModelRegistry.aliases == ["gbdt": "lightgbm", "lgbm": "lightgbm"])
        #expect(ModelRegistry.namesWithAliases == "gru, lightgbm (gbdt, lgbm) or ppo")
        #expect(ModelFile.extensions == ["txt", "safetensors"])
        #expect(ModelRegistry.families.filter(\.evaluatesByRegression).map(\.kind) == [.gru, .lightgbm])
        #expect(ModelRegistry.families.sorted { $0.trainingRank < $1.trainingRank }.map(\.kind) == [.gru, .ppo, .lightgbm])
    }

    @Test func safetensorsFamiliesTakeTheirExtensionAndFormatFromTheirModel() {
        #expect(GRUFamily().fileExtension == "safetensors" && GRUFamily().safetensorsFormat == GRUModel.fileFormat)
        #expect(PPOFamily().fileExtension == "safetensors" && PPOFamily().safetensorsFormat == PPOAgent.fileFormat)
        #expect(LightGBMFamily().fileExtension == "txt" && LightGBMFamily().safetensorsFormat == nil)
        #expect(GRUModel.fileFormat == "kilo-gru" && PPOAgent.fileFormat == "kilo-ppo")
    }

    /// A run's 64-bit seed goes into each section and comes back with the same bits, whether the
    /// section keeps an `Int` (GRU, PPO) or a `UInt64` (LightGBM).
    @Test func aRunSeedKeepsItsBitsInEverySection() {
        var gru = GRUConfig()
        gru.runSeed = .max
        #expect(gru.seed == -1 && gru.runSeed == .max)
        var ppo = PPOConfig()
        ppo.runSeed = 1 << 63
        #expect(ppo.seed == .min && ppo.runSeed == 1 << 63)
        var lightgbm = LightGBMConfig()
        lightgbm.runSeed = 9
        #expect(lightgbm.seed == 9 && lightgbm.runSeed == 9)
    }

    @Test func unknownFilesAreRefusedByTheRegistry() throws {
        let path = NSTemporaryDirectory() + "kilo-registry-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafetensorsFile(tensors: [], metadata: ["format": "kilo-svm"]).write(to: path)
        #expect(throws: ModelError.unsupportedModel(
            path: path, line: nil, feature: "safetensors format 'kilo-svm' (expected kilo-gru or kilo-ppo)")
        ) { try ModelFile.open(path) }
        #expect(throws: ModelError.unsupportedModel(
            path: "m.onnx", line: nil, feature: "the '.onnx' extension (expected .txt or .safetensors)")
        ) { try ModelFile.open("m.onnx") }
    }
}
