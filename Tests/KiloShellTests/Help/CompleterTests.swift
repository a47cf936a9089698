import Testing

@testable import KiloShell

@Suite struct CompleterTests {
    let sources = CompletionSources(
        loadedSymbols: ["BTCEUR"], dataSymbols: ["ADAEUR", "BTCEUR", "ETHEUR"], sessionNames: ["demo", "morning"],
        listDirectory: { folder in
            switch folder {
            case "": ["data/", "sessions/", "README.md", "Package.swift"]
            case "data/": ["BTCEUR_30m.csv", "ETHEUR_30m.csv", "notes.txt", "original-sqlite/"]
            case "sessions/": ["demo.kilo", "x.txt"]
            default: []
            }
        })

    private func complete(_ line: String) -> [String] { Completer.complete(line, sources: sources) }

    @Test func commandNames() {
        #expect(complete("he") == ["help"])
        #expect(complete("sa") == ["save"])
        #expect(complete("save ") == ["session"])
        #expect(complete("q") == ["quit"])
        #expect(complete("ex") == ["exit", "export"])
        #expect(complete("set format json; h") == ["help", "history"])
    }

    @Test func choicesAndSettingValues() {
        #expect(complete("set f") == ["format"])
        #expect(complete("set format ") == ["csv", "json", "table"])
        #expect(complete("set bail o") == ["off", "on"])
        #expect(complete("set seed ") == ["config"])
    }

    @Test func sessionsAndPaths() {
        #expect(complete("replay ") == ["data/", "demo", "morning", "sessions/"])
        #expect(complete("replay m") == ["morning"])
        #expect(complete("replay sessions/") == ["sessions/demo.kilo"])
    }

    @Test func featureNamesAndMultiWordCommands() {
        var withFeatures = sources
        withFeatures.featureNames = ["rsi", "roc_5", "macd"]
        #expect(Completer.complete("inspect features BTCEUR r", sources: withFeatures) == ["roc_5", "rsi"])
        #expect(Completer.complete("inspect features BTCEUR rsi ", sources: withFeatures) == ["macd", "roc_5", "rsi"])
        #expect(complete("inspect ") == ["features", "model", "nan", "study"])
        #expect(complete("inspect nan ") == ["report"])
        #expect(complete("inspect nan report ") == ["ADAEUR", "BTCEUR", "ETHEUR", "all"])
        #expect(complete("export features BTCEUR data/") == ["data/BTCEUR_30m.csv", "data/ETHEUR_30m.csv", "data/original-sqlite/"])
        #expect(complete("load ") == ["ADAEUR", "BTCEUR", "ETHEUR", "all", "data/", "sessions/"])
    }

    @Test func optionsAndHelpTopics() {
        #expect(complete("save session x --") == ["--force"])
        #expect(complete("save session x --force --") == [])
        #expect(complete("help sa") == ["save"])
    }

    @Test func everyArgumentKindCompletesWithoutCrashing() {
        for spec in CommandTable.all {
            var line = spec.name + " "
            for _ in 0..<4 {
                _ = complete(line)
                line += "x "
            }
            _ = complete(spec.name + " --")
        }
    }
}
