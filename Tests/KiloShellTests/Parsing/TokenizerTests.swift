import Testing

@testable import KiloShell

@Suite struct TokenizerTests {
    private func words(_ line: String) throws -> [[String]] {
        try Tokenizer.commands(in: line).map { $0.map(\.text) }
    }

    @Test func splitsWordsAndCommands() throws {
        #expect(try words("load data/BTCEUR_30m.csv as BTC") == [["load", "data/BTCEUR_30m.csv", "as", "BTC"]])
        #expect(try words("  set format json ;validate  all; ") == [["set", "format", "json"], ["validate", "all"]])
        #expect(try words("") == [])
        #expect(try words(";;") == [])
    }

    @Test func quotesAndEscapes() throws {
        #expect(try words("load 'my file.csv'") == [["load", "my file.csv"]])
        #expect(try words(#"load "a \"b\" c""#) == [["load", #"a "b" c"#]])
        #expect(try words(#"load a\ b"#) == [["load", "a b"]])
        #expect(try words("say 'semi;colon' # not; a command") == [["say", "semi;colon"]])
        let tokens = try Tokenizer.commands(in: "x '--flag'")[0]
        #expect(tokens[1].isQuoted)
        #expect(tokens[1].offset == 2)
    }

    @Test func commentsOnlyAtWordStart() throws {
        #expect(try words("# whole line") == [])
        #expect(try words("show a#b") == [["show", "a#b"]])
    }

    @Test func reportsUnterminatedQuote() {
        #expect(throws: TokenizerError.unterminatedQuote("'", offset: 5)) { try Tokenizer.commands(in: "load 'abc") }
        #expect(throws: TokenizerError.danglingEscape(offset: 4)) { try Tokenizer.commands(in: "load\\") }
    }

    @Test func partialCommandForCompletion() {
        let (tokens, inWord) = Tokenizer.partialCommand(in: "set format; load da")
        #expect(tokens.map(\.text) == ["load", "da"])
        #expect(inWord)
        let (after, inWord2) = Tokenizer.partialCommand(in: "load ")
        #expect(after.map(\.text) == ["load"])
        #expect(!inWord2)
        let (open, _) = Tokenizer.partialCommand(in: "load 'my fi")
        #expect(open.map(\.text) == ["load", "my fi"])
    }

    @Test func commandTextsNumberCommandLine() {
        #expect(Tokenizer.commandTexts(in: "a 1; b 'x;y' ;; c # d; e") == ["a 1", "b 'x;y'", "c"])
    }

    /// Quoting is the tokenizer's inverse: every word, quoted, reads back as that one word.
    @Test func quotedWordsTokenizeBackToThemselves() throws {
        let samples = ["", "plain", "two words", "it's", "'", "a;b", "#x", "back\\slash", "tab\tx", "say \"hi\""]
        for word in samples {
            #expect(try words(Tokenizer.quoted(word)) == [[word]], "\(word)")
            #expect(try words("cmd " + Tokenizer.quotedIfNeeded(word)) == [["cmd", word]], "\(word)")
        }
        #expect(Tokenizer.quoted("it's") == #"'it'\''s'"#)
        #expect(Tokenizer.quotedIfNeeded("data/BTCEUR_30m.csv") == "data/BTCEUR_30m.csv")
    }
}
