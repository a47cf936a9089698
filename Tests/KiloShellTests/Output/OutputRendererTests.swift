import Testing

@testable import KiloShell

@Suite struct OutputRendererTests {
    let output = CommandOutput(
        blocks: [
            .text("two symbols"),
            .table(
                OutputTable(
                    columns: ["symbol", "rows", "last"],
                    rows: [[.string("BTCEUR"), .int(6602), .number(54762.57)], [.string("ADA,EUR"), .int(12), .null]])),
        ],
        json: .array([.object(["symbol": .string("BTCEUR"), "ratio": .number(0.1), "bad": .finite(.nan)])]))

    @Test func tableAlignsNumbersRight() {
        let text = OutputRenderer.render(output, as: .table)
        #expect(
            text == """
                two symbols
                symbol   rows      last
                -------  ----  --------
                BTCEUR   6602  54762.57
                ADA,EUR    12         -

                """)
    }

    @Test func csvQuotesAndComments() {
        let text = OutputRenderer.render(output, as: .csv)
        #expect(text == "# two symbols\nsymbol,rows,last\nBTCEUR,6602,54762.57\n\"ADA,EUR\",12,-\n")
    }

    @Test func jsonIsOneLine() {
        let text = OutputRenderer.render(output, as: .json)
        #expect(text == #"[{"symbol":"BTCEUR","ratio":0.1,"bad":null}]"# + "\n")
    }

    @Test func jsonEscapesAndNumbers() {
        let value = JSONValue.object([
            "s": .string("a\"b\\c\n\u{01}"), "i": .int(-3), "x": .number(1e-5), "y": .number(2.0), "t": .bool(true),
        ])
        #expect(value.serialized() == #"{"s":"a\"b\\c\n\u0001","i":-3,"x":1e-05,"y":2,"t":true}"#)
    }

    @Test func numberFormatting() {
        #expect(OutputRenderer.formatNumber(3) == "3")
        #expect(OutputRenderer.formatNumber(0.1234567891234) == "0.123457")
        #expect(OutputRenderer.formatNumber(.nan) == "NaN")
        #expect(OutputRenderer.formatNumber(-.infinity) == "-inf")
        #expect(OutputRenderer.formatNumber(0.3427) == "0.3427")
    }
}
