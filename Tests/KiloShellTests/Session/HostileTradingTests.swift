import Foundation
@testable import KiloCore
import KiloTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `kilo trade` and the shell's trader commands as real processes against a corrupt model, an
/// unreadable preprocessor, a journal already owned by a running trader, files that are not
/// journals and a resume with another fee.
@Suite struct HostileTradingTests {
    /// Tiny BTCEUR models trained once for the suite (`kilo train`, about 3 s).
    private static let trained: Result<String, any Error> = Result {
        let folder = NSTemporaryDirectory() + "kilo-hostile-models-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = try writeConfig(in: folder, models: folder + "/models", journal: folder + "/unused.sqlite")
        let train = try KiloProcess.run(["train", "--config", config, "--seed", "5"])
        guard train.status == 0 else { throw TrainingFailed(message: train.standardError) }
        return folder + "/models"
    }

    struct TrainingFailed: Error { var message: String }

    /// A tiny-model config for BTCEUR with its models, journal and log under `folder`.
    private static func writeConfig(
        in folder: String, models: String, journal: String, trading extra: String = "", name: String = "config.yaml"
    ) throws -> String {
        let tiny = try String(contentsOfFile: RepoPaths.path("Tests/Transcripts/training.yaml"), encoding: .utf8)
        let path = folder + "/" + name
        try (tiny + """

            data:
              symbols: [BTCEUR]
            paths:
              models: \(models)
            trading:
              state_path: \(journal)
            \(extra.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            logging:
              file:
                directory: \(folder)/logs

            """).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func folder(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "kilo-hostile-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A copy of the trained models with `file` (a name prefix) overwritten by `garbage`.
    private func corruptedModels(in folder: String, file prefix: String, garbage: String) throws -> String {
        let source = try Self.trained.get()
        let models = folder + "/models"
        try FileManager.default.copyItem(atPath: source, toPath: models)
        let names = try FileManager.default.contentsOfDirectory(atPath: models).filter { $0.hasPrefix(prefix) }
        #expect(names.count == 1, "\(names)")
        for name in names { try garbage.write(toFile: models + "/" + name, atomically: true, encoding: .utf8) }
        return models
    }


    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)))
    func aCorruptModelIsRefusedUnlessAllowedThenItsWeightsAreRenormalised() throws {
        let dir = try folder("corrupt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let models = try corruptedModels(in: dir, file: "lightgbm_model_BTCEUR_", garbage: "garbage\n")
        let journal = dir + "/j.sqlite"
        let strict = try Self.writeConfig(in: dir, models: models, journal: journal)

        let refused = try KiloProcess.run(["trade", "--config", strict, "--iterations", "2"])
        #expect(refused.status == 3)
        let line = firstLine(refused.standardError)
        #expect(
            line.hasPrefix("error: refusing to trade BTCEUR on an incomplete ensemble: lightgbm (weight 0.45): 'lightgbm_model_BTCEUR_"),
            "\(refused.standardError)")
        #expect(line.contains("(trading.require_all_models is true;"))
        #expect(!FileManager.default.fileExists(atPath: journal), "nothing was journaled")
        // The shell's step and backtest share the set-up: the same refusal, each.
        let shell = try KiloProcess.run(["--config", strict, "-c", "set bail off; load BTCEUR; step; backtest BTCEUR"])
        #expect(shell.status == 3)
        let refusals = shell.standardError.split(separator: "\n").filter {
            $0.contains("error: refusing to trade BTCEUR on an incomplete ensemble: lightgbm (weight 0.45)")
        }
        #expect(refusals.count == 2, "\(shell.standardError)")

        let lenient = try Self.writeConfig(
            in: dir, models: models, journal: journal, trading: "require_all_models: false", name: "lenient.yaml")
        let traded = try KiloProcess.run(["trade", "--config", lenient, "--iterations", "2"])
        #expect(traded.status == 0, "\(traded.standardError)")
        let warnings = traded.standardError.split(separator: "\n").map(String.init)
        #expect(warnings.count == 2, "\(warnings)")
        #expect(warnings.first?.hasPrefix("warning: BTCEUR lightgbm (weight 0.45) left out: 'lightgbm_model_BTCEUR_") == true)
        #expect(warnings.last == "warning: BTCEUR trades without lightgbm on renormalised weights gru 0.8182, ppo 0.1818")
        #expect(traded.standardOutput.contains("ran 2 iterations"))
        // And the log file has each model left out.
        let log = try String(contentsOfFile: dir + "/logs/kilo.log", encoding: .utf8)
        #expect(log.contains("BTCEUR lightgbm (weight 0.45) left out"))
        #expect(log.contains("renormalised weights gru 0.8182, ppo 0.1818"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)))
    func anUnreadablePreprocessorIsRefusedNamingIt() throws {
        let dir = try folder("preprocessor")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let models = try corruptedModels(in: dir, file: "preprocessor_BTCEUR_", garbage: "{\"columns\": ")
        let config = try Self.writeConfig(in: dir, models: models, journal: dir + "/j.sqlite")
        let refused = try KiloProcess.run(["trade", "--config", config])
        #expect(refused.status == 3)
        #expect(
            firstLine(refused.standardError).hasPrefix(
                "error: refusing to trade BTCEUR on an incomplete ensemble: gru (weight 0.45): its preprocessor cannot be read: "),
            "\(refused.standardError)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)))
    func aSecondTraderOnAJournalIsRefusedWithTheOwnersPIDAndAKilledOwnerBlocksNoOne() throws {
        let dir = try folder("owner")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = dir + "/j.sqlite"
        // No models: with require_all_models false the trader runs (and holds).
        let config = try Self.writeConfig(
            in: dir, models: dir + "/none", journal: journal, trading: "require_all_models: false")
        let child = Process()
        child.executableURL = KiloProcess.executable
        child.arguments = ["trade", "--config", config, "--pace", "20"]
        child.currentDirectoryURL = RepoPaths.root
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(60)
        while child.isRunning, Date() < deadline,
            (FileManager.default.fileExists(atPath: journal) ? (try? TradingJournal.iterationCount(atPath: journal)) ?? 0 : 0) < 1
        {
            usleep(10_000)
        }
        #expect(child.isRunning, "the first trader ended before the second started")
        let owner = child.processIdentifier

        let second = try KiloProcess.run(["trade", "--config", config, "--iterations", "1"])
        #expect(second.status == 3)
        #expect(
            firstLine(second.standardError)
                == "error: journal '\(journal)' is in use by PID \(owner); stop that trader first (one writer per journal)",
            "\(second.standardError)")
        // The shell's step is refused; reading is not writing: its status shows the owner's journal.
        let shell = try KiloProcess.run(["--config", config, "-c", "set bail off; load BTCEUR; step; trader status"])
        #expect(shell.standardError.contains("error: journal '\(journal)' is in use by PID \(owner);"), "\(shell.standardError)")
        let iterations = shell.standardOutput.split(separator: "\n").first { $0.hasPrefix("iterations:") }
        let shown = iterations.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect(shown >= 1, "\(shell.standardOutput)")

        // SIGKILL leaves the PID in the lock file; the lock itself is gone with the process.
        #expect(KillChild.whenJournal(child, atPath: journal, reaches: 0))
        let done = try TradingJournal.iterationCount(atPath: journal)
        let resumed = try KiloProcess.run(["trade", "--config", config, "--iterations", "1"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("from iteration \(done + 1),"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)))
    func anEmptyOrForeignJournalIsRefusedNamingThePath() throws {
        let dir = try folder("foreign")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let empty = dir + "/empty.sqlite"
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let config = try Self.writeConfig(in: dir, models: dir + "/none", journal: empty, trading: "require_all_models: false")
        let refused = try KiloProcess.run(["trade", "--config", config])
        #expect(refused.status == 3)
        #expect(
            refused.standardError.split(separator: "\n").last.map(String.init)
                == "error: '\(empty)' is not a Kilo trader journal: the file is empty (0 bytes); move it away or set trading.state_path",
            "\(refused.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)

        // The market store is SQLite, but not a journal.
        let store = MarketStore(directory: dir + "/market")
        try store.append(
            [
                Kline(
                    openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 1, closeTime: 1_799_999, quoteVolume: 1,
                    trades: 1, takerBuyBase: 0, takerBuyQuote: 0)
            ], symbol: "BTCEUR", interval: BarInterval(seconds: 1_800))
        let foreign = store.path(symbol: "BTCEUR", interval: BarInterval(seconds: 1_800))
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        let foreignConfig = try Self.writeConfig(
            in: dir, models: dir + "/none", journal: foreign, trading: "require_all_models: false", name: "foreign.yaml")
        let step = try KiloProcess.run(["--config", foreignConfig, "-c", "load BTCEUR; step"])
        #expect(step.status == 3)
        #expect(step.standardError.contains("error: '\(foreign)' is not a Kilo trader journal: an SQLite database without the journal's tables"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == before)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: KiloProcess.executable.path)))
    func resumingWithAnotherFeeIsRefusedNamingTheKey() throws {
        let dir = try folder("fee")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = dir + "/j.sqlite"
        let first = try Self.writeConfig(
            in: dir, models: dir + "/none", journal: journal, trading: "require_all_models: false\nfee: 0.001")
        let ran = try KiloProcess.run(["trade", "--config", first, "--iterations", "2"])
        #expect(ran.status == 0, "\(ran.standardError)")
        let changed = try Self.writeConfig(
            in: dir, models: dir + "/none", journal: journal, trading: "require_all_models: false\nfee: 0.002",
            name: "changed.yaml")
        let refused = try KiloProcess.run(["trade", "--config", changed, "--iterations", "2"])
        #expect(refused.status == 3)
        #expect(
            refused.standardError.contains(
                "error: trader journal '\(journal)' does not match this trader: trading.fee is '0.001' in the journal, this trader has '0.002'"),
            "\(refused.standardError)")
        #expect(try TradingJournal.iterationCount(atPath: journal) == 2)
    }
}
