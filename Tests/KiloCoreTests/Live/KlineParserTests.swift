import Foundation
import Testing

@testable import KiloCore

@Suite struct KlineParserTests {
    let interval = BarInterval(seconds: 1_800)
    let t0: Int64 = 1_724_410_800_000
    var step: Int64 { interval.milliseconds }

    func row(_ t: Int64, close: String = "\"54762.57\"", closeTime: Int64? = nil, trades: String = "599")
        -> String
    {
        "[\(t),\"54915.45\",\"54941.66\",\"54660.71\",\(close),\"5.62518\",\(closeTime ?? t + step - 1),"
            + "\"308224.041572\",\(trades),\"2.70022\",\"147944.4505075\",\"0\"]"
    }

    func parse(_ text: String, now: Int64 = .max) throws(KlineParser.Rejection) -> [Kline] {
        try KlineParser.closedKlines(in: Data(text.utf8), interval: interval, now: now)
    }

    func reason(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func parsesEveryFieldExactly() throws {
        let klines = try parse("[\(row(t0)),\n \(row(t0 + step, close: "54633.3"))]")
        #expect(klines.count == 2)
        let k = try #require(klines.first)
        #expect(
            k
                == Kline(
                    openTime: t0, open: 54915.45, high: 54941.66, low: 54660.71, close: 54762.57,
                    volume: 5.62518, closeTime: t0 + step - 1, quoteVolume: 308224.041572, trades: 599,
                    takerBuyBase: 2.70022, takerBuyQuote: 147944.4505075))
        // A JSON number is accepted for a decimal too, and parsed like Double(String).
        #expect(klines[1].close == Double("54633.3"))
        #expect(try parse("[]").isEmpty)
        #expect(try parse(" [ ] ").isEmpty)
    }

    @Test func theFormingCandleIsDropped() throws {
        let text = "[\(row(t0)),\(row(t0 + step))]"
        // now == close time of the second: still forming (close time ≥ now).
        #expect(try parse(text, now: t0 + 2 * step - 1).map(\.openTime) == [t0])
        #expect(try parse(text, now: t0 + 2 * step).map(\.openTime) == [t0, t0 + step])
        #expect(try parse(text, now: t0).isEmpty)
    }

    @Test func malformedJSONIsRejected() {
        #expect(reason("") == "malformed json: the body ends early (the body is not a JSON array)")
        #expect(reason("{\"code\":0}") == "malformed json: the body is not a JSON array")
        #expect(reason("[\(row(t0))") == "malformed json: the body ends early (expected ',' or ']' after row 1)")
        #expect(reason("[\(row(t0))] x")?.hasPrefix("malformed json: unexpected content") == true)
        #expect(reason("[[1,\"2]]")?.hasPrefix("malformed json: unterminated string") == true)
        #expect(reason("[[01,2]]")?.hasPrefix("malformed json") == true)
        #expect(reason("[5]") == "malformed json: row 1 is not an array")
        #expect(reason("[[{\"a\":1}]]") == "row 1: nested arrays or objects are not klines")
    }

    @Test func missingFieldsAreRejected() {
        #expect(reason("[[\(t0),\"1\",\"2\"]]") == "row 1 has 3 fields, expected at least 11")
        #expect(reason("[[]]") == "row 1 has 0 fields, expected at least 11")
    }

    @Test func nonNumericValuesAreRejected() {
        #expect(reason("[\(row(t0, close: "\"abc\""))]") == "row 1: close '\"abc\"' is not a finite number")
        #expect(reason("[\(row(t0, close: "\"NaN\""))]") == "row 1: close '\"NaN\"' is not a finite number")
        #expect(reason("[\(row(t0, close: "\"inf\""))]") == "row 1: close '\"inf\"' is not a finite number")
        #expect(reason("[\(row(t0, close: "null"))]") == "row 1: close 'null' is not a finite number")
        #expect(reason("[\(row(t0, close: "\"\""))]") == "row 1: close '\"\"' is not a finite number")
        #expect(reason("[\(row(t0, trades: "\"599\""))]") == "row 1: trades '\"599\"' is not an integer")
        #expect(reason("[\(row(t0, trades: "5.5"))]") == "row 1: trades '5.5' is not an integer")
        #expect(reason("[\(row(t0, close: "1e999"))]") == "row 1: close '1e999' is not a finite number")
    }

    @Test func timesInconsistentWithTheIntervalAreRejected() {
        #expect(
            reason("[\(row(t0 + 60_000))]")
                == "row 1: open time \(t0 + 60_000) is not on the 30m grid")
        #expect(
            reason("[\(row(t0, closeTime: t0 + step))]")
                == "row 1: close time \(t0 + step) is not open time \(t0) + 30m − 1 ms")
    }

    @Test func nonMonotonicOrDuplicatedTimesAreRejected() {
        #expect(reason("[\(row(t0)),\(row(t0))]") == "row 2: open time \(t0) repeats \(t0)")
        #expect(
            reason("[\(row(t0 + step)),\(row(t0))]") == "row 2: open time \(t0) goes back from \(t0 + step)")
        // A hole the exchange really has is not an error (the feed and the trader see it).
        #expect(reason("[\(row(t0)),\(row(t0 + 3 * step))]") == nil)
    }

    @Test func jsonNumberGrammar() {
        for good in ["0", "-1", "1.5", "1e5", "1E-5", "-0.25e+3", "123456789012345"] {
            #expect(JSONRowScanner.isJSONNumber(good), "\(good)")
        }
        for bad in ["", "-", "01", "1.", ".5", "1e", "+1", "0x10", "1.2.3", "NaN"] {
            #expect(!JSONRowScanner.isJSONNumber(bad), "\(bad)")
        }
    }
}
