import Foundation
import KiloCore

extension ShellContext {
    /// Runs one line, which may hold several `;`-separated commands, and prints their output.
    ///
    /// Errors are printed (interactive: `error: MESSAGE`; scripts: `FILE:LINE: error: MESSAGE`)
    /// and never thrown, except `ShellExit` from `quit`. With bail on, the rest of the line is
    /// skipped after a failure.
    /// - Parameters:
    ///   - line: The text as typed or read.
    ///   - source: Where it came from, for error locations.
    ///   - isTopLevel: Whether successful commands are recorded for `save session`.
    /// - Returns: How many commands failed.
    @discardableResult
    public func execute(line: String, source: LineSource, isTopLevel: Bool = true) throws(ShellExit) -> Int {
        let commands: [[Token]]
        do {
            commands = try Tokenizer.commands(in: line)
        } catch {
            report(error, at: source)
            return 1
        }
        var failures = 0
        for words in commands {
            do {
                let (spec, text) = try runCommand(words)
                if isTopLevel && spec.isRecorded { recorded.append(text) }
            } catch let exit as ShellExit {
                throw exit
            } catch {
                failures += 1
                report(error, at: source)
                if settings.bails(for: source) || error is ScriptFailure || cancellation.isCancelled { break }
            }
        }
        return failures
    }

    /// Looks up, binds, runs and renders one command; returns its spec and canonical text.
    func runCommand(_ words: [Token]) throws -> (CommandSpec, String) {
        let texts = words.map(\.text)
        guard let (spec, used) = CommandTable.lookup(texts) else {
            let first = texts.first ?? ""
            let startsMultiWordName = CommandTable.allNames.contains { $0.hasPrefix(first.lowercased() + " ") }
            let word = startsMultiWordName ? texts.prefix(2).joined(separator: " ") : first
            throw ShellError.unknownCommand(word, suggestion: Suggestions.closest(to: word, among: CommandTable.allNames))
        }
        let arguments = try ArgumentBinder.bind(Array(words[used...]), to: spec)
        cancellation.reset()
        let started = DispatchTime.now().uptimeNanoseconds
        let output = try spec.run(self, arguments)
        if cancellation.isCancelled && spec.name != "replay" {
            cancellation.reset()
        }
        write(OutputRenderer.render(output, as: settings.format))
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if settings.timer {
            writeError(String(format: "time: %.3f s\n", elapsed))
        }
        diagnose(String(format: "%@ took %.3f s", spec.name, elapsed), level: .debug)
        return (spec, Self.canonicalText(spec.name, words[used...].map(\.text)))
    }

    /// A command line that re-tokenizes to the same words (quoted where needed).
    static func canonicalText(_ name: String, _ words: [String]) -> String {
        ([name] + words.map(Tokenizer.quotedIfNeeded)).joined(separator: " ")
    }

    /// Prints an error for the line's source.
    func report(_ error: any Error, at source: LineSource) {
        if let failure = error as? ScriptFailure, !failure.wasInterrupted {
            return  // its commands' errors were printed where they happened
        }
        var message = "\(error)"
        if let usage = error as? UsageError {
            message = "\(usage.command): \(usage.message)\nusage: \(usage.usage)"
        }
        if source.isInteractive {
            writeError("error: \(message)\n")
        } else {
            writeError("\(source.file):\(source.line): error: \(message)\n")
        }
    }

    /// Runs a script file line by line through `execute`, echoing each command when `echo` is
    /// on. Relative paths resolve against the folder of the script being replayed.
    /// - Returns: The number of commands run.
    /// - Throws: `ShellError` when the script cannot be read or nests too deep, `ScriptFailure`
    ///   when any command failed (errors already printed), `ShellExit` from `quit`.
    @discardableResult
    public func runScript(at path: String, echo: Bool, isTopLevel: Bool = false) throws -> Int {
        guard scriptStack.count < Self.maxScriptDepth else {
            throw ShellError.scriptNestingTooDeep(path: path, depth: scriptStack.count + 1)
        }
        let lines = try ScriptReader.lines(of: path)
        scriptStack.append(path)
        defer { scriptStack.removeLast() }
        var failures = 0
        var ran = 0
        for scriptLine in lines {
            if cancellation.isCancelled {
                throw ScriptFailure(path: path, failures: failures, wasInterrupted: true)
            }
            guard !scriptLine.isBlankOrComment else { continue }
            if echo { echoLine(scriptLine.text, file: path, line: scriptLine.number) }
            if isTopLevel { history.append(scriptLine.text) }
            let source = LineSource(file: path, line: scriptLine.number)
            let failed = try execute(line: scriptLine.text, source: source, isTopLevel: isTopLevel)
            ran += 1
            failures += failed
            if failed > 0 && settings.bails(for: source) { break }
        }
        if failures > 0 { throw ScriptFailure(path: path, failures: failures, wasInterrupted: false) }
        return ran
    }

    /// Prints `FILE:LINE> COMMAND` before a script command runs (to standard error in JSON
    /// format, so standard output stays one JSON value per command).
    func echoLine(_ text: String, file: String, line: Int) {
        let echo = "\(file):\(line)> \(text.trimmingCharacters(in: .whitespaces))\n"
        if settings.format == .json { writeError(echo) } else { write(echo) }
    }
}
