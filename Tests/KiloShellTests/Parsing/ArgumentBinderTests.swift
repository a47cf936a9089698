import Testing

@testable import KiloShell

@Suite struct ArgumentBinderTests {
    static let spec = CommandSpec(
        name: "train", group: .models, abstract: "Train",
        arguments: [
            .positional("model", .modelKind(allowsAll: true), help: "model"),
            .positional("symbol", .symbolOrAll, help: "symbol"),
            .option("--epochs", .integer(1...100), default: "20", help: "epochs"),
            .option("--rate", .number, help: "rate"),
            .option("--format", .choice(["table", "json"]), help: "format"),
            .keyword("as", .symbol, help: "alias"),
            .flag("--force", help: "force"),
        ],
        run: { _, _ in .empty })

    private func bind(_ line: String) throws(UsageError) -> BoundArguments {
        let tokens = (try? Tokenizer.commands(in: line).first) ?? []
        return try ArgumentBinder.bind(tokens, to: Self.spec)
    }

    @Test func bindsPositionalsOptionsAndDefaults() throws {
        let bound = try bind("gbdt btceur --rate=0.5 --force")
        #expect(bound.string("model") == "lightgbm")
        #expect(bound.string("symbol") == "BTCEUR")
        #expect(bound.integer("--epochs") == 20)
        #expect(bound.number("--rate") == 0.5)
        #expect(bound.flag("--force"))
        #expect(bound.string("as") == nil)
        let other = try bind("--epochs 7 gru all as eth")
        #expect(other.integer("--epochs") == 7)
        #expect(other.string("symbol") == "all")
        #expect(other.string("as") == "ETH")
        #expect(!other.flag("--force"))
    }

    @Test func reportsMissingAndUnexpected() {
        #expect(throws: UsageError.self) { try bind("gru") }
        do {
            _ = try bind("gru BTCEUR extra")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "unexpected argument 'extra'")
            #expect(error.usage == "train MODEL SYMBOL|all [--epochs N] [--rate X] [--format table|json] [as SYMBOL] [--force]")
        }
    }

    @Test func checksKinds() {
        func message(_ line: String) -> String? {
            do {
                _ = try bind(line)
                return nil
            } catch { return error.message }
        }
        #expect(message("gru BTCEUR --epochs 0") == "option '--epochs': 0 is outside 1...100")
        #expect(message("gru BTCEUR --epochs x") == "option '--epochs': 'x' is not a whole number")
        #expect(message("gru BTCEUR --rate nan") == "option '--rate': 'nan' is not a number")
        #expect(message("gur BTCEUR")?.contains("did you mean 'gru'?") == true)
        #expect(message("gru BTC-EUR")?.contains("is not a symbol") == true)
        #expect(message("gru BTCEUR --epoch 3") == "unknown option '--epoch'; did you mean '--epochs'?")
        #expect(message("gru BTCEUR --format yaml")?.hasPrefix("option '--format': 'yaml' is not one of table, json") == true)
        #expect(message("gru BTCEUR --epochs") == "option '--epochs' needs a value (N)")
        #expect(message("gru BTCEUR --force=1") == "option '--force' takes no value")
    }

    @Test func quotedWordsAreNeverOptions() throws {
        let spec = CommandSpec(
            name: "echo", group: .session, abstract: "Echo",
            arguments: [.positional("words", .word, repeating: true, help: "words")], run: { _, _ in .empty })
        let tokens = try Tokenizer.commands(in: "echo '--x' -- --y")[0]
        let bound = try ArgumentBinder.bind(Array(tokens.dropFirst()), to: spec)
        #expect(bound.strings("words") == ["--x", "--y"])
    }

    @Test func parsesToggles() {
        #expect(ArgumentBinder.parseToggle("ON") == true)
        #expect(ArgumentBinder.parseToggle("no") == false)
        #expect(ArgumentBinder.parseToggle("maybe") == nil)
    }
}
