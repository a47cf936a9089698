import Foundation
import KiloTestSupport
import Testing

/// `kilo`'s process interface: modes, formats and exit statuses, on the real executable.
@Suite struct ProcessInterfaceTests {
    @Test func commandsSucceed() throws {
        let result = try KiloProcess.run(["-c", "set seed 3; set seed"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "seed = 3\nseed: 3\n")
        #expect(result.standardError == "")
    }

    @Test func failingCommandExitsThreeWithLocation() throws {
        let result = try KiloProcess.run(["-c", "set seed 1; bogus; set seed 2"])
        #expect(result.status == 3)
        #expect(result.standardError == "<command-line>:2: error: unknown command 'bogus'; type 'help' for the list\n")
        #expect(result.standardOutput == "seed = 1\n", "bail is the default for -c")
        let noBail = try KiloProcess.run(["--no-bail", "-c", "bogus; set seed 2"])
        #expect(noBail.status == 3)
        #expect(noBail.standardOutput == "seed = 2\n")
    }

    @Test func badInvocationExitsTwo() throws {
        #expect(try KiloProcess.run(["--no-such-flag"]).status == 2)
        #expect(try KiloProcess.run(["--format", "yaml", "-c", "help"]).status == 2)
        let missing = try KiloProcess.run(["-f", "no/such/script.kilo"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("no/such/script.kilo"))
        let config = try KiloProcess.run(["--config", "no/such.yaml", "-c", "help"])
        #expect(config.status == 2)
        #expect(config.standardError == "kilo: error: cannot read config 'no/such.yaml': no such file\n")
        #expect(try KiloProcess.run(["replay"]).status == 2)
    }

    @Test func jsonFormatPrintsOneValuePerCommand() throws {
        let result = try KiloProcess.run(["--format", "json", "-c", "set seed 5; set; help quit"])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(line.utf8)) }
        }
    }

    @Test func pipedInputHasNoPromptAndBails() throws {
        let ok = try KiloProcess.run([], input: "set seed 4\n# comment\n\nset seed\n")
        #expect(ok.status == 0)
        #expect(ok.standardOutput == "seed = 4\nseed: 4\n")
        let failing = try KiloProcess.run([], input: "set seed 4\nnope\nset seed 5\n")
        #expect(failing.status == 3)
        #expect(failing.standardError == "<stdin>:2: error: unknown command 'nope'; type 'help' for the list\n")
        #expect(!failing.standardOutput.contains("seed = 5"))
    }

    @Test func replayEchoesWithLineNumbers() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-replay-\(UUID().uuidString).kilo")
        try "# test\nset seed 8\n\nset seed\n".write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let result = try KiloProcess.run(["replay", script.path])
        #expect(result.status == 0)
        #expect(result.standardOutput == "\(script.path):2> set seed 8\nseed = 8\n\(script.path):4> set seed\nseed: 8\n")
        #expect(result.standardError.range(of: #"^replayed \S+ in [0-9]+\.[0-9] s\n$"#, options: .regularExpression) != nil)
        let quiet = try KiloProcess.run(["-f", script.path])
        #expect(quiet.standardOutput == "seed = 8\nseed: 8\n")
    }

    @Test func scriptErrorsNameFileAndLine() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-err-\(UUID().uuidString).kilo")
        try "set seed 8\nset format yaml\nset seed 9\n".write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let result = try KiloProcess.run(["-f", script.path])
        #expect(result.status == 3)
        #expect(result.standardError.hasPrefix("\(script.path):2: error: set format: 'yaml' is not table, csv or json"))
        #expect(!result.standardOutput.contains("seed = 9"))
    }

    @Test func trainSubcommandWritesModels() throws {
        let folder = NSTemporaryDirectory() + "kilo-train-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try KiloProcess.run([
            "train", "--config", "Tests/Transcripts/training.yaml", "--model", "lgbm", "--symbol", "dot" + "eur",
            "--models-dir", folder, "--seed", "3",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.contains { $0.hasPrefix("lightgbm_model_DOTEUR_") && $0.hasSuffix(".txt") })
        #expect(files.contains { $0.hasPrefix("preprocessor_DOTEUR_") })
        #expect(result.standardOutput.contains("seed 3"))
        #expect(try KiloProcess.run(["train", "--model", "xgboost", "--symbol", "DOTEUR", "--models-dir", folder]).status == 3)
    }

    @Test func secretInConfigIsRefused() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-secret-\(UUID().uuidString).yaml")
        try "notifications:\n  telegram:\n    token: '123:abc'\n".write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let result = try KiloProcess.run(["--config", config.path, "-c", "help"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("KILO_TELEGRAM_TOKEN"))
    }

    @Test func unknownConfigKeyIsAWarningNotAnError() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-warn-\(UUID().uuidString).yaml")
        try "data:\n  dri: x\n".write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let result = try KiloProcess.run(["--config", config.path, "-c", "set seed 1"])
        #expect(result.status == 0)
        #expect(result.standardError.contains("unknown config key 'data.dri' is ignored; did you mean 'dir'?"))
    }

    static let hasTmux = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")

    /// Runs a tmux driver script from Tests/Fixtures/shell with `arguments`; returns what it printed.
    private func drive(_ script: String, _ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-pty-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = ([RepoPaths.path("Tests/Fixtures/shell/\(script)")] + arguments).map { "'\($0)'" }
        process.arguments = ["-c", quoted.joined(separator: " ") + " > '\(output.path)' 2>&1"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return try String(contentsOf: output, encoding: .utf8)
    }

    /// Ctrl-C in a terminal while `train` runs: the run stops at its next epoch (keeping the best
    /// weights so far), the prompt comes back, and the loaded data and settings are intact.
    @Test(.enabled(if: hasTmux, "tmux is not installed (.ci/setup installs it)"))
    func interruptCancelsRunningTrainingAndKeepsState() throws {
        let folder = NSTemporaryDirectory() + "kilo-ctrlc-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/long.yaml"
        try """
            models:
              gru: {hidden_size: 16, num_layers: 1, sequence_length: 10, epochs: 100000, batch_size: 16, patience: 100000, dropout: 0}
            paths:
              models: \(folder)/models
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let screen = try drive("tmux-interrupt.sh", [KiloProcess.executable.path, config, RepoPaths.root.path])
        for failure in ["no prompt", "no load", "no training progress", "not interrupted", "settings lost", "data lost"] {
            #expect(!screen.contains(failure), "\(failure): \(screen)")
        }
        #expect(screen.contains("seed: 11"))
        #expect(screen.range(of: #"interrupted after [0-9]+ epochs"#, options: .regularExpression) != nil, "\(screen)")
        let seconds = screen.firstMatch(of: /interrupt took ([0-9]+) s/).flatMap { Int($0.1) }
        #expect((seconds ?? 99) < 20, "Ctrl-C took \(seconds ?? -1) s to return to the prompt")
    }

    /// A pseudo-terminal session under tmux: Tab completes a partial command, Ctrl-C clears
    /// the line, and the line lands in the history file.
    @Test(.enabled(if: hasTmux, "tmux is not installed (.ci/setup installs it)"))
    func terminalCompletionAndInterrupt() throws {
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("kilo-hist-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: history) }
        let screen = try drive("tmux-session.sh", [KiloProcess.executable.path, history.path, RepoPaths.root.path])
        #expect(!screen.contains("no prompt"), "\(screen)")
        #expect(!screen.contains("no completion"), "Tab did not complete 'set se': \(screen)")
        #expect(screen.contains("seed = 11"), "\(screen)")
        #expect(!screen.contains("abcset"), "Ctrl-C did not clear the line: \(screen)")
        let saved = (try? String(contentsOf: history, encoding: .utf8)) ?? ""
        #expect(saved.contains("set\\040seed\\040"), "history: \(saved)")
    }
}
