import Foundation
import KiloCore
import KiloTestSupport
import Testing

/// Hostile model, preprocessor and input files (and hostile arguments) against the real `kilo`
/// process: a clear one-line error and the documented exit status, never a trap (132).
@Suite struct HostileModelFileTests {
    static let enabled = FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)

    /// A temporary folder with `d/BTCSMALL_30m.csv`, an empty `m/` models folder and `c.yaml`.
    struct Workspace {
        let folder: String
        var models: String { folder + "/m" }
        var config: String { folder + "/c.yaml" }

        /// A BTCSMALL GRU whose tensor shape overflows, beside a readable LightGBM model.
        func writeOverflowingGRUAndAGoodLightGBM() throws {
            try HostileModelFileTests.overflowingSafetensors().write(
                to: URL(fileURLWithPath: models + "/gru_model_BTCSMALL_20250101_120000.safetensors"))
            try FileManager.default.copyItem(
                atPath: RepoPaths.path("Tests/Fixtures/gbdt/regression.txt"),
                toPath: models + "/lightgbm_model_BTCSMALL_20250101_120000.txt")
        }

        init() throws {
            folder = NSTemporaryDirectory() + "kilo-hostile-\(UUID().uuidString)"
            let manager = FileManager.default
            try manager.createDirectory(atPath: folder + "/d", withIntermediateDirectories: true)
            try manager.createDirectory(atPath: folder + "/m", withIntermediateDirectories: true)
            try manager.copyItem(
                atPath: RepoPaths.path("Tests/Fixtures/shell/BTCSMALL_30m.csv"), toPath: folder + "/d/BTCSMALL_30m.csv")
            try """
                data: {dir: \(folder)/d, symbols: [BTCSMALL]}
                paths: {models: \(folder)/m}
                trading: {state_path: \(folder)/state.sqlite, require_all_models: false}

                """.write(toFile: folder + "/c.yaml", atomically: true, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }

        func run(_ commands: String) throws -> KiloProcess.Result {
            try KiloProcess.run(["--config", config, "-c", commands])
        }
    }

    /// A safetensors file of a GRU header whose shape product overflows `Int`.
    static func overflowingSafetensors() -> Data {
        let header = #"{"__metadata__":{"format":"kilo-gru"},"w":{"dtype":"F32","shape":[2147483647,2147483647,2],"data_offsets":[0,8]}}"#
        let json = Array(header.utf8)
        let length = UInt64(json.count)
        return Data((0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) } + json + [UInt8](repeating: 0, count: 8))
    }

    /// The GRU fixture with a NaN in `gru.weight_ih_l0`.
    static func nanWeightGRU() throws -> Data {
        var file = try SafetensorsFile.read(from: RepoPaths.path("Tests/Fixtures/gru/torch_model.safetensors"))
        let index = try #require(file.tensors.firstIndex { $0.name == "gru.weight_ih_l0" })
        var values = try #require(file.tensors[index].floatValues())
        values[3] = .nan
        file.tensors[index] = SafetensorsTensor(name: "gru.weight_ih_l0", shape: file.tensors[index].shape, float32: values)
        return Data(file.encoded())
    }


    @Test(.enabled(if: enabled)) func inspectingAnOverflowingSafetensorsFileFailsCleanly() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let path = workspace.folder + "/overflow.safetensors"
        let bytes = Self.overflowingSafetensors()
        try bytes.write(to: URL(fileURLWithPath: path))
        for command in ["inspect model \(path)", "score \(path) Tests/Fixtures/shell/gru_input.csv \(workspace.folder)/out.csv"] {
            let result = try workspace.run(command)
            #expect(result.status == 3, "\(command): \(result.standardError)")
            #expect(
                firstLine(result.standardError)
                    == "<command-line>:1: error: safetensors file '\(path)' is corrupt: tensor 'w' has shape "
                    + "[2147483647, 2147483647, 2], whose size overflows (the file is \(bytes.count) bytes)")
        }
    }

    @Test(.enabled(if: enabled)) func modelsListsTheBadFileWithItsReasonAndTheOthers() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeOverflowingGRUAndAGoodLightGBM()
        let result = try KiloProcess.run(["--config", workspace.config, "--format", "csv", "-c", "models"])
        #expect(result.status == 0, "\(result.standardError)")
        let rows = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(rows.count == 3, "\(result.standardOutput)")
        #expect(rows.contains { $0.hasPrefix("*,gru,BTCSMALL,") && $0.contains("whose size overflows") })
        #expect(rows.contains { $0.hasPrefix("*,lightgbm,BTCSMALL,") && $0.contains(",ok,") })
    }

    @Test(.enabled(if: enabled)) func scoringWithNaNWeightsFailsNamingTheTensor() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let model = workspace.folder + "/nan.safetensors"
        try Self.nanWeightGRU().write(to: URL(fileURLWithPath: model))
        let output = workspace.folder + "/out.csv"
        let result = try workspace.run("score \(model) Tests/Fixtures/shell/gru_input.csv \(output)")
        #expect(result.status == 3)
        #expect(
            firstLine(result.standardError)
                == "<command-line>:1: error: '\(model)' is not a valid kilo-gru model: tensor 'gru.weight_ih_l0' holds nan "
                + "at element 3; weights must be finite")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test(.enabled(if: enabled)) func traderLeavesOutCorruptModelsAndUnusablePreprocessorsWithTheReason() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeOverflowingGRUAndAGoodLightGBM()
        let preprocessor = workspace.models + "/preprocessor_BTCSMALL_20250101_120000.json"
        func writePreprocessor(scales: String) throws {
            try """
                {"symbol": "BTCSMALL", "featureNames": ["a", "b"], "specHash": "h", "scaler": "standard",
                 "centers": [0, 0], "scales": \(scales), "fillValues": [0, 0], "clip": 5, "ffillLimit": 2,
                 "trainRows": [0, 10], "trainingRowCount": 10}
                """.write(toFile: preprocessor, atomically: true, encoding: .utf8)
        }
        try writePreprocessor(scales: "[1, 1]")
        let step = try workspace.run("load BTCSMALL; step")
        #expect(step.status == 0, "\(step.standardError)")
        let said = step.standardOutput + step.standardError
        #expect(said.contains("BTCSMALL gru (weight 0.45) left out: "), "\(said)")
        #expect(said.contains("safetensors file '\(workspace.models)/gru_model_BTCSMALL_20250101_120000.safetensors' is corrupt: tensor 'w' has shape [2147483647, 2147483647, 2], whose size overflows"), "\(said)")

        try writePreprocessor(scales: "[1, 0]")
        try? FileManager.default.removeItem(atPath: workspace.folder + "/state.sqlite")
        let trade = try KiloProcess.run(["trade", "--config", workspace.config, "--iterations", "2"])
        #expect(trade.status == 0, "\(trade.standardError)")
        let warnings = trade.standardError.split(separator: "\n").map(String.init)
        #expect(
            warnings.contains(
                "warning: BTCSMALL gru (weight 0.45) left out: its preprocessor cannot be read: preprocessor '\(preprocessor)' "
                + "is unusable: column 'b' has scale 0.0; it must be positive and finite"), "\(trade.standardError)")
    }

    @Test(.enabled(if: enabled)) func errorsQuoteAtMost80CharactersOfHostileInput() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let word = String(repeating: "w", count: 100_000) + "\u{1B}[2J"
        let set = try workspace.run("set format '\(word)'")
        #expect(set.status == 3)
        #expect(
            firstLine(set.standardError)
                == "<command-line>:1: error: set format: '\(String(repeating: "w", count: 80))… (100004 characters)' "
                + "is not table, csv or json")

        let option = try KiloProcess.run(["--format", word])
        #expect(option.status == 2)
        #expect(firstLine(option.standardError).count < 200, "\(option.standardError.prefix(300))")
        #expect(option.standardError.contains("… (100"))

        let csv = workspace.folder + "/d/HUGE_30m.csv"
        try ("timestamp,open,high,low,close,volume\n1724410800000,1,1,1,1,1\n1724412600000,1,1,1,"
            + String(repeating: "9", count: 10_000_000) + "x\u{7},1\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let load = try workspace.run("load \(csv)")
        #expect(load.status == 3)
        let line = firstLine(load.standardError)
        #expect(line.count < 300, "\(line.prefix(400))")
        #expect(line.contains("'\(String(repeating: "9", count: 80))… (10000002 characters)'"), "\(line.prefix(400))")
    }

    @Test(.enabled(if: enabled)) func writingIntoAMissingFolderSaysWhichPathAndWhy() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let missing = workspace.folder + "/no/such/folder"
        let notAFolder = workspace.config + "/x.csv"
        let result = try KiloProcess.run([
            "--config", workspace.config, "--no-bail", "-c",
            "load BTCSMALL; export features BTCSMALL \(missing)/f.csv; plot equity \(missing)/e.svg; "
                + "export features BTCSMALL \(notAFolder)",
        ])
        #expect(result.status == 3)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        #expect(lines == [
            "<command-line>:2: error: cannot write '\(missing)/f.csv': folder '\(missing)' does not exist",
            "<command-line>:3: error: cannot write '\(missing)/e.svg': folder '\(missing)' does not exist",
            "<command-line>:4: error: cannot write '\(notAFolder)': '\(workspace.config)' is a file, not a folder",
        ])
        #expect(!result.standardError.contains("NSCocoaErrorDomain"))
    }
}
