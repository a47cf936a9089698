import ArgumentParser
import Foundation
import KiloCore

// The only place kilo exits. Bad invocations exit 2 (not ArgumentParser's 64).
if let status = BLASStartup.prepare(arguments: CommandLine.arguments) { exit(status) }
do {
    var command = try KiloCommand.parseAsRoot()
    try command.run()
    exit(0)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    let status = KiloCommand.exitCode(for: error)
    let message = KiloCommand.fullMessage(for: error)
    if status == .success {
        print(message)
        exit(0)
    }
    // ArgumentParser quotes the bad argument whole: cut each line as errors quote input.
    let quoted = message.split(separator: "\n", omittingEmptySubsequences: false)
        .map { Excerpt.of($0, limit: Excerpt.pathLimit) }.joined(separator: "\n")
    FileHandle.standardError.write(Data("kilo: \(quoted)\n".utf8))
    exit(2)
}
