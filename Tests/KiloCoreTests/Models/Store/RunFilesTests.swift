import Foundation
import Testing

@testable import KiloCore

@Suite struct RunFilesTests {
    @Test func everyPathOfARunKeepsARelativeFolderRelative() {
        let files = RunFiles(folder: "models", symbol: "BTCEUR", stamp: "20250101_120000")
        #expect(files.model(.gru) == "models/gru_model_BTCEUR_20250101_120000.safetensors")
        #expect(files.model(.lightgbm) == "models/lightgbm_model_BTCEUR_20250101_120000.txt")
        #expect(files.model(.ppo) == "models/ppo_model_BTCEUR_20250101_120000.safetensors")
        #expect(files.preprocessor == "models/preprocessor_BTCEUR_20250101_120000.json")
        #expect(files.metadata == "models/metadata/features_BTCEUR.json")
        #expect(files.metadataFolder == "models/metadata")
        #expect(files.manifest(.lightgbm) == "models/manifests/lightgbm_BTCEUR_20250101_120000.json")
        #expect(files.manifestFolder == "models/manifests")
    }

    @Test func foldersJoinAsNSStringDid() {
        for folder in ["models", "models/", "./models", "/tmp/kilo models", "/tmp/m/"] {
            let files = RunFiles(folder: folder, symbol: "ETHEUR", stamp: "20250101_120000")
            #expect(files.preprocessor == (folder as NSString).appendingPathComponent("preprocessor_ETHEUR_20250101_120000.json"))
            #expect(files.manifest(.gru) == (folder as NSString).appendingPathComponent("manifests/gru_ETHEUR_20250101_120000.json"))
        }
    }

    @Test func modelFileNamesParseBack() throws {
        for kind in ModelKind.allCases {
            let name = RunFiles.modelFileName(kind: kind, symbol: "MY_SYM", stamp: "20250101_120000")
            let parsed = try #require(RunFiles.parse(modelFileName: name))
            #expect(parsed.kind == kind && parsed.symbol == "MY_SYM" && parsed.stamp == "20250101_120000")
        }
        #expect(RunFiles.parse(modelFileName: "gru_model_BTCEUR_2025.safetensors") == nil)
        #expect(RunFiles.parse(modelFileName: "lightgbm_model_BTCEUR_20250101_000000.safetensors") == nil)
        #expect(RunFiles.parse(modelFileName: "preprocessor_BTCEUR_20250101_000000.json") == nil)
    }
}
