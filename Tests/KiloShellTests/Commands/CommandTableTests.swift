import Foundation
import KiloTestSupport
import Testing

@testable import KiloShell

/// The command table's self-check, as swift-argument-parser validates its declarations.
@Suite struct CommandTableTests {
    @Test func namesAndAliasesAreUnique() {
        let names = CommandTable.allNames
        #expect(Set(names).count == names.count, "duplicate command names: \(names)")
        #expect(CommandTable.byName.count == names.count)
    }

    @Test(arguments: CommandTable.all.map(\.name))
    func declarationIsWellFormed(name: String) throws {
        let spec = try #require(CommandTable.byName[name])
        #expect(!spec.abstract.isEmpty && spec.abstract.count <= 60, "abstract of \(name)")
        #expect(!spec.abstract.hasSuffix("."), "abstract of \(name) ends with a period")
        #expect(spec.abstract.first?.isUppercase == true, "abstract of \(name) starts lowercase")
        let positionals = spec.positionals
        if let firstOptional = positionals.firstIndex(where: \.isOptional) {
            let rest = positionals[firstOptional...].allSatisfy { $0.isOptional }
            #expect(rest, "\(name): optional positional before a required one")
        }
        #expect(positionals.dropLast().allSatisfy { !$0.isRepeating }, "\(name): repeating positional not last")
        let argumentNames = spec.arguments.map(\.name)
        #expect(Set(argumentNames).count == argumentNames.count, "\(name): duplicate argument names")
        for argument in spec.arguments {
            #expect(!argument.help.isEmpty, "\(name) \(argument.name) has no help")
            if let value = argument.defaultValue {
                #expect(throws: Never.self, "\(name) \(argument.name): default '\(value)' does not bind") {
                    _ = try ArgumentBinder.check(value, for: argument, in: spec)
                }
            }
        }
        for example in spec.examples {
            let tokens = try Tokenizer.commands(in: example)[0]
            let found = try #require(CommandTable.lookup(tokens.map(\.text)), "example '\(example)'")
            #expect(found.spec.name == name)
            _ = try ArgumentBinder.bind(Array(tokens[found.wordCount...]), to: spec)
        }
    }

    @Test func everyCommandIsExercisedByATranscript() throws {
        let folder = RepoPaths.path("Tests/Transcripts")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".kilo") }
        var used: Set<String> = []
        for file in files {
            for line in try ScriptReader.lines(of: folder + "/" + file) where !line.isBlankOrComment {
                for command in try Tokenizer.commands(in: line.text) {
                    if let found = CommandTable.lookup(command.map(\.text)) { used.insert(found.spec.name) }
                }
            }
        }
        let missing = CommandTable.all.map(\.name).filter { !used.contains($0) }
        #expect(missing.isEmpty, "commands no transcript runs: \(missing)")
    }

    @Test func readmeCommandReferenceMatchesTable() throws {
        let readme = try String(contentsOfFile: RepoPaths.path("README.md"), encoding: .utf8)
        let reference = try #require(
            readme.components(separatedBy: "<!-- commands:begin -->").dropFirst().first?
                .components(separatedBy: "<!-- commands:end -->").first)
        #expect(
            reference.trimmingCharacters(in: .whitespacesAndNewlines)
                == CommandReference.markdown().trimmingCharacters(in: .whitespacesAndNewlines),
            "README command reference is stale: regenerate it with `kilo -c 'help --markdown'`")
    }
}

@Suite struct SessionScriptTests {
    /// Every committed session script binds against the command table (it is replayed by the
    /// README's quick start, so a typo must fail here, not there).
    @Test func committedSessionsBind() throws {
        let folder = RepoPaths.path("sessions")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasSuffix(".kilo") {
            for line in try ScriptReader.lines(of: folder + "/" + file) where !line.isBlankOrComment {
                for words in try Tokenizer.commands(in: line.text) {
                    let found = try #require(CommandTable.lookup(words.map(\.text)), "\(file):\(line.number)")
                    #expect(throws: Never.self, "\(file):\(line.number)") {
                        _ = try ArgumentBinder.bind(Array(words[found.wordCount...]), to: found.spec)
                    }
                }
            }
        }
    }
}
