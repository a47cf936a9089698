import ArgumentParser
import Foundation

// The only place kilo exits. Bad invocations exit 2 (not ArgumentParser's 64).
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
    FileHandle.standardError.write(Data("kilo: \(message)\n".utf8))
    exit(2)
}
