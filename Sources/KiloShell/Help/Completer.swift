import Foundation
import KiloCore

/// What the completer may offer besides the command table: supplied by the shell, or by tests.
public struct CompletionSources: Sendable {
    /// Symbols loaded in the engine.
    public var loadedSymbols: [String]
    /// Symbols with data files in the data folder.
    public var dataSymbols: [String]
    /// Session names found in the sessions folder.
    public var sessionNames: [String]
    /// Feature names of the configured catalogue.
    public var featureNames: [String] = []
    /// Lists a folder's entries (names; folders end with `/`).
    public var listDirectory: @Sendable (String) -> [String]

    /// Creates sources.
    public init(
        loadedSymbols: [String] = [], dataSymbols: [String] = [], sessionNames: [String] = [],
        listDirectory: @escaping @Sendable (String) -> [String] = CompletionSources.listFileSystem
    ) {
        self.loadedSymbols = loadedSymbols
        self.dataSymbols = dataSymbols
        self.sessionNames = sessionNames
        self.listDirectory = listDirectory
    }

    /// Lists a real folder, marking subfolders with a trailing `/`.
    public static let listFileSystem: @Sendable (String) -> [String] = { folder in
        let path = folder.isEmpty ? "." : folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.map { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: PathText.join(path, name), isDirectory: &isDirectory)
            return exists && isDirectory.boolValue ? name + "/" : name
        }.sorted()
    }
}

/// Tab completion from the command table, pure and testable without libedit.
public enum Completer {
    /// Candidates that complete the last word of `line` (the text left of the cursor), sorted.
    ///
    /// A candidate replaces the whole last word. Candidates ending in `/` are folders (the
    /// shell adds no space after them).
    /// - Complexity: O(commands + candidates).
    public static func complete(_ line: String, sources: CompletionSources) -> [String] {
        let (tokens, endsInWord) = Tokenizer.partialCommand(in: line)
        let current = endsInWord ? (tokens.last?.text ?? "") : ""
        let before = (endsInWord ? tokens.dropLast() : tokens[...]).map(\.text)
        guard let (spec, used) = CommandTable.lookup(before) else {
            return commandWords(after: before, prefix: current)
        }
        let words = Array(before[used...])
        if let pending = pendingOption(spec: spec, words: words) {
            return filter(values(for: pending, spec: spec, words: words, current: current, sources: sources), current)
        }
        if current.hasPrefix("-") {
            let given = Set(words)
            return filter(spec.options.filter { !$0.isKeyword && !given.contains($0.name) }.map(\.name), current)
        }
        var candidates: [String] = []
        let position = positionalIndex(spec: spec, words: words)
        let positionals = spec.positionals
        if position < positionals.count || positionals.last?.isRepeating == true {
            let argument = positionals[min(position, positionals.count - 1)]
            candidates += values(for: argument, spec: spec, words: words, current: current, sources: sources)
        }
        let given = Set(words)
        if position >= positionals.count || positionals[position].isOptional {
            candidates += spec.options.filter { $0.isKeyword && !given.contains($0.name) }.map(\.name)
        }
        return filter(candidates, current)
    }

    /// Command names (multi-word aware) continuing `before` with a word starting `prefix`.
    static func commandWords(after before: [String], prefix: String) -> [String] {
        var words: Set<String> = []
        for name in CommandTable.listedNames {
            let parts = name.split(separator: " ").map(String.init)
            guard parts.count > before.count, Array(parts[0..<before.count]) == before.map({ $0.lowercased() })
            else { continue }
            words.insert(parts[before.count])
        }
        return filter(Array(words), prefix)
    }

    /// The option whose value is being typed (`--epochs |`), if any.
    static func pendingOption(spec: CommandSpec, words: [String]) -> ArgumentSpec? {
        guard let last = words.last, let option = spec.options.first(where: { $0.name == last }),
            option.kind != .flag
        else { return nil }
        return option
    }

    /// How many positional values precede the cursor.
    static func positionalIndex(spec: CommandSpec, words: [String]) -> Int {
        var count = 0
        var index = 0
        while index < words.count {
            if let option = spec.options.first(where: { $0.name == words[index] }) {
                index += option.kind == .flag ? 1 : 2
                continue
            }
            if words[index].hasPrefix("--") {
                index += 1
                continue
            }
            count += 1
            index += 1
        }
        return count
    }

    static func values(
        for argument: ArgumentSpec, spec: CommandSpec, words: [String], current: String,
        sources: CompletionSources
    ) -> [String] {
        let symbols = Array(Set(sources.loadedSymbols + sources.dataSymbols)).sorted()
        switch argument.kind {
        case .symbol: return symbols
        case .symbolOrAll: return symbols + ["all"]
        case .modelKind(let allowsAll): return ModelKind.allCases.map(\.rawValue) + (allowsAll ? ["all"] : [])
        case .integer, .number, .word, .flag: return []
        case .choice(let words): return words
        case .toggle: return ["on", "off"]
        case .path(let extensions): return paths(current, extensions: extensions, sources: sources)
        case .dataSource:
            return sources.dataSymbols + ["all"] + paths(current, extensions: ["csv", "db", "sqlite"], sources: sources)
        case .session: return sources.sessionNames + paths(current, extensions: ["kilo"], sources: sources)
        case .command: return Array(Set(CommandTable.listedNames.map { String($0.split(separator: " ")[0]) }))
        case .featureName: return sources.featureNames
        case .settingValue:
            switch words.first ?? "" {
            case "format": return OutputFormat.allCases.map(\.rawValue)
            case "bail": return ["on", "off", "default"]
            case "echo", "timer": return ["on", "off"]
            case "clock": return ["now"]
            case "seed": return ["config"]
            default: return []
            }
        }
    }

    /// File-system completions of a partial path: entries of its folder with a matching
    /// extension, and sub-folders (ending in `/`).
    static func paths(_ partial: String, extensions: [String], sources: CompletionSources) -> [String] {
        let folder: String
        if let slash = partial.lastIndex(of: "/") {
            folder = String(partial[...slash])
        } else {
            folder = ""
        }
        return sources.listDirectory(folder).compactMap { entry in
            if entry.hasSuffix("/") { return entry.hasPrefix(".") ? nil : folder + entry }
            let ext = PathText.fileExtension(of: entry).lowercased()
            guard extensions.isEmpty || extensions.contains(ext) else { return nil }
            return folder + entry
        }
    }

    private static func filter(_ candidates: [String], _ prefix: String) -> [String] {
        let lowerPrefix = prefix.lowercased()
        return Array(Set(candidates.filter { $0.lowercased().hasPrefix(lowerPrefix) })).sorted()
    }
}
