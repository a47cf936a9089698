import Foundation
import KiloCore
import KiloShell

/// Completion sources read fresh from the context at each Tab press.
func completionSources(for context: ShellContext) -> @Sendable () -> CompletionSources {
    let box = ContextBox(context)
    return { box.sources() }
}

/// Lets the completion callback reach the shell context; completion runs on the shell's own
/// thread, inside `readline`, while no command is running.
private final class ContextBox: @unchecked Sendable {
    let context: ShellContext

    init(_ context: ShellContext) { self.context = context }

    func sources() -> CompletionSources {
        let sessions = context.engine.config.paths.sessions
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sessions)) ?? []
        var sources = CompletionSources(
            loadedSymbols: context.completionSymbols.loaded,
            dataSymbols: context.completionSymbols.available,
            sessionNames: names.filter { $0.hasSuffix(".kilo") }.map { String($0.dropLast(5)) }.sorted())
        sources.featureNames = context.engine.featureNames
        return sources
    }
}
