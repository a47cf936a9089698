import Testing

/// The transcript rule: text and integers exactly, fractional numbers within the stated tolerance.
@Suite struct TranscriptComparisonTests {
    private func agree(_ expected: String, _ actual: String) -> Bool {
        TranscriptComparison.lineDifference(expected: expected, actual: actual) == nil
    }

    @Test func lastDigitMovesOfFractionsAgree() {
        #expect(agree("test  model  98  0.0222522  0.0503142", "test  model  98  0.0222521  0.0503142"))
        #expect(agree("loss 1.832540263834688; N s", "loss 1.8325403043904256; N s"))
        #expect(agree("12  hold  0.000649678", "12  hold  0.000649679"))
        #expect(agree("-1.5e-3 x", "-1.6e-3 x"), "one unit of the last printed digit")
    }

    @Test func largerMovesFail() {
        #expect(!agree("mae 0.0222522", "mae 0.0222540"))
        #expect(!agree("loss 1.8325402", "loss 1.8327402"))
        #expect(!agree("p 0.5", "p 0.7"))
        #expect(!agree("e -1.5e-3", "e -1.5e-2"))
    }

    @Test func integersAndTextMustBeEqual() {
        #expect(!agree("12 fills", "13 fills"))
        #expect(!agree("2024-09-07 07:00", "2024-09-07 07:30"))
        #expect(!agree("12  hold  0.0006", "12  buy   0.0006"))
        #expect(!agree("value 0.5", "value 0.5 extra"))
        #expect(!agree("n 3", "n 3.0"), "an integer never turns into a fraction")
        #expect(agree("same line 1 2.5", "same line 1 2.5"))
    }

    @Test func tableLayoutMayFollowTheWidthOfNumbers() {
        #expect(agree("  16  BTC  0.00162299  -0.0001  hold", "  16  BTC    0.001623  -0.0001  hold"))
        #expect(agree("------  ----------  ----", "------  --------  ----"))
        #expect(!agree("------  ----------  ----", "------  ----"), "a column more or less still fails")
        #expect(!agree("a b", "ab"), "white space never disappears")
    }

    @Test func differencesNameTheLines() {
        let found = TranscriptComparison.differences(expected: "a 1\nb 0.25\nc", actual: "a 1\nb 0.29\nc\nd")
        #expect(found.map(\.line) == [2, 4])
        #expect(found.last?.expected == "<end>")
    }

    @Test func unitInLastPlaceReadsTheExponent() {
        #expect(TranscriptComparison.unitInLastPlace("0.0222522") == 1e-7)
        #expect(abs(TranscriptComparison.unitInLastPlace("1.5e-3") - 1e-4) < 1e-18)
        #expect(TranscriptComparison.unitInLastPlace("12.") == 1)
    }
}
