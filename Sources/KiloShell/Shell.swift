import Foundation
import KiloCore

/// The read–tokenize–look up–bind–run–render loop over a `LineReader`.
public enum Shell {
    /// The interactive prompt.
    public static let prompt = "kilo> "

    /// Reads lines until end of input or `quit`, running each; returns the exit status.
    ///
    /// At a terminal every error is printed and the loop goes on. On piped input (no
    /// terminal) lines are numbered `<stdin>:N`, and with bail on (the default there) the
    /// first failure ends the loop with status 3.
    public static func run(context: ShellContext, reader: any LineReader, isTerminal: Bool) -> Int32 {
        // Leaving the shell stops a background live trader cleanly (after its iteration).
        defer { context.liveTrading?.stop() }
        var lineNumber = 0
        var failed = false
        while true {
            let result = reader.readLine(prompt: isTerminal ? prompt : "")
            switch result {
            case .endOfInput:
                if isTerminal { context.write("\n") }
                return failed ? ExitStatus.commandFailed : ExitStatus.ok
            case .interrupted:
                continue
            case .line(let line):
                lineNumber += 1
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                reader.remember(line)
                context.history.append(line)
                let source = isTerminal ? LineSource.prompt : LineSource(file: "<stdin>", line: lineNumber)
                do {
                    let failures = try context.execute(line: line, source: source)
                    if failures > 0 && !isTerminal {
                        failed = true
                        if context.settings.bails(for: source) { return ExitStatus.commandFailed }
                    }
                } catch {
                    return error.code
                }
            }
        }
    }

    /// Runs `-c` text: each `;`-separated command is line N of `<command-line>`.
    /// - Returns: The exit status (3 when a command failed).
    public static func runCommands(_ text: String, context: ShellContext) -> Int32 {
        defer { context.liveTrading?.stop() }
        var failed = false
        for (index, command) in Tokenizer.commandTexts(in: text).enumerated() {
            context.history.append(command)
            let source = LineSource(file: "<command-line>", line: index + 1)
            do {
                if try context.execute(line: command, source: source) > 0 {
                    failed = true
                    if context.settings.bails(for: source) { break }
                }
            } catch {
                return error.code
            }
        }
        return failed ? ExitStatus.commandFailed : ExitStatus.ok
    }

    /// Runs a script file (`kilo -f FILE` or `kilo replay FILE`).
    /// - Returns: 0, 2 when the file cannot be read, 3 when a command failed.
    public static func runScript(_ path: String, echo: Bool, context: ShellContext) -> Int32 {
        defer { context.liveTrading?.stop() }
        do {
            try context.runScript(at: path, echo: echo, isTopLevel: true)
            return ExitStatus.ok
        } catch let exit as ShellExit {
            return exit.code
        } catch let error as ShellError {
            context.writeError("kilo: error: \(error)\n")
            return ExitStatus.badInvocation
        } catch let failure as ScriptFailure {
            if failure.wasInterrupted { context.writeError("\(path): interrupted\n") }
            return ExitStatus.commandFailed
        } catch {
            context.writeError("kilo: error: \(error)\n")
            return ExitStatus.internalError
        }
    }
}
