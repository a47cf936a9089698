import Foundation
import KiloTestSupport
import Testing

/// Hostile files given to the real `kilo` process: each is refused with one line (checked as the
/// first line of standard error) and an exit status, fast, and never hangs the process.
@Suite struct HostileInputTests {
    /// A fresh folder for one test's generated inputs.
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-hostile-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        /// Writes `text` to `name` and returns its path.
        func write(_ name: String, _ text: String) -> String {
            let file = path + "/" + name
            _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
            return file
        }
    }


    @Test func aBillionLaughsConfigFailsAtOnce() throws {
        let folder = Folder()
        var lines = ["l0: &l0 {k: v}"]
        for level in 1..<10 {
            lines.append("l\(level): &l\(level) {" + (0..<9).map { "k\($0): *l\(level - 1)" }.joined(separator: ", ") + "}")
        }
        let config = folder.write("laughs.yaml", lines.joined(separator: "\n") + "\n")
        // An expanding parser would run into the 20 s timeout and fail the status check.
        let result = try KiloProcess.run(["--config", config, "-c", "set"], timeout: 20)
        #expect(result.status == 2)
        #expect(
            firstLine(result.standardError)
                == "kilo: error: config '\(config)' expands to more than 100000 values (YAML aliases nested in aliases?); write the settings out without aliases"
        )
    }

    @Test func specialFilesAreRefusedAndTheShellGoesOn() throws {
        let folder = Folder()
        let fifo = folder.path + "/BTCEUR_30m.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        let commands = "load /dev/zero; load \(fifo); load \(folder.path); load Tests/Fixtures/shell/BTCSMALL_30m.csv"
        let result = try KiloProcess.run(["--no-bail", "-c", commands], timeout: 20)
        #expect(result.status == 3)
        #expect(
            result.standardError.split(separator: "\n").map(String.init) == [
                "<command-line>:1: error: /dev/zero: cannot load a character device; load reads regular .csv and SQLite files",
                "<command-line>:2: error: \(fifo): cannot load a FIFO (named pipe); load reads regular .csv and SQLite files",
                "<command-line>:3: error: \(folder.path): cannot load a directory; load reads regular .csv and SQLite files",
            ])
        #expect(result.standardOutput.hasPrefix("loaded BTCSMALL: 800 bars"))
    }

    @Test func specialScriptFilesAreRefused() throws {
        let folder = Folder()
        let fifo = folder.path + "/session.kilo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let script = try KiloProcess.run(["-f", fifo], timeout: 20)
        #expect(script.status == 2)
        #expect(
            firstLine(script.standardError)
                == "kilo: error: cannot read script '\(fifo)': it is a FIFO (named pipe), not a regular file")
        let replay = try KiloProcess.run(["-c", "replay /dev/zero"], timeout: 20)
        #expect(replay.status == 3)
        #expect(
            firstLine(replay.standardError)
                == "<command-line>:1: error: cannot read script '/dev/zero': it is a character device, not a regular file")
    }

    @Test func aFileOverTheConfiguredCapNamesTheKey() throws {
        let folder = Folder()
        let config = folder.write("config.yaml", "data:\n  max_load_bytes: 1000\n")
        let data = RepoPaths.path("Tests/Fixtures/shell/BTCSMALL_30m.csv")
        let size = try FileManager.default.attributesOfItem(atPath: data)[.size] as? Int ?? 0
        let result = try KiloProcess.run(["--config", config, "-c", "load \(data)"], timeout: 20)
        #expect(result.status == 3)
        #expect(
            firstLine(result.standardError)
                == "<command-line>:1: error: \(data): file is \(size) bytes, more than data.max_load_bytes (1000); raise data.max_load_bytes in the config to load it"
        )
    }

    @Test func aFileNameThatIsNoSymbolNeedsAs() throws {
        let folder = Folder()
        let path = folder.path + "/btc-eur.csv"
        try FileManager.default.copyItem(atPath: RepoPaths.path("Tests/Fixtures/shell/BTCSMALL_30m.csv"), toPath: path)
        let refused = try KiloProcess.run(["-c", "load \(path)"], timeout: 20)
        #expect(refused.status == 3)
        #expect(
            firstLine(refused.standardError)
                == "<command-line>:1: error: \(path): the file name gives the symbol 'BTC-EUR', which is not a symbol (1 to 20 ASCII letters and digits, like BTCEUR); load it with 'as SYMBOL'"
        )
        let named = try KiloProcess.run(["-c", "load \(path) as BTC; show data BTC 1"], timeout: 20)
        #expect(named.status == 0)
        #expect(named.standardOutput.hasPrefix("loaded BTC: 800 bars"))
    }

    @Test func setOfAnUnknownNameIsAnErrorWithASuggestion() throws {
        for commands in ["set formt json", "set formt"] {
            let result = try KiloProcess.run(["-c", commands], timeout: 20)
            #expect(result.status == 3)
            #expect(
                firstLine(result.standardError)
                    == "<command-line>:1: error: set: NAME: 'formt' is not one of format, seed, bail, echo, timer, clock; did you mean 'format'?"
            )
        }
    }

    @Test func trainingOnDataWithErrorsWarnsOrRefusesWithStrict() throws {
        let folder = Folder()
        try FileManager.default.copyItem(
            atPath: RepoPaths.path("Tests/Fixtures/shell/messy.csv"), toPath: folder.path + "/MESSY_30m.csv")
        let config = folder.write("config.yaml", "data:\n  dir: \(folder.path)\n  symbols: [MESSY]\n")
        let summary =
            "MESSY: validate reports 2 errors (non-positive-price: 1 bars with a price at or below zero (first: line 6 at 2024-08-23 12:30))"
        let strict = try KiloProcess.run(
            ["train", "--config", config, "--model", "lightgbm", "--strict", "--models-dir", folder.path + "/models"],
            timeout: 60)
        #expect(strict.status == 3)
        #expect(firstLine(strict.standardError) == "<command-line>:2: error: \(summary); not training with --strict")
        let shell = try KiloProcess.run(
            ["--config", config, "-c", "load MESSY; train lightgbm MESSY --strict"], timeout: 60)
        #expect(shell.status == 3)
        #expect(firstLine(shell.standardError) == "<command-line>:2: error: \(summary); not training with --strict")
        let lenient = try KiloProcess.run(
            ["--config", config, "-c", "load MESSY; train lightgbm MESSY"], timeout: 60)
        #expect(firstLine(lenient.standardError) == "warning: \(summary); training anyway (--strict refuses)")
    }
}
