import Testing

@testable import KiloCore

@Suite struct EquityChartTests {
    @Test func sparklineSpansTheGlyphs() {
        #expect(EquityChart.sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█")
        #expect(EquityChart.sparkline([5, 5, 5]) == "▁▁▁")
        #expect(EquityChart.sparkline([]) == "")
        // 16 values into 8 buckets of two (means 1.5, 3.5, … 15.5).
        #expect(EquityChart.sparkline((1...16).map(Double.init), width: 8) == "▁▂▃▄▅▆▇█")
        #expect(EquityChart.sparkline([3, 1, 2], width: 60) == "█▁▅")
    }

    @Test func svgHasBothCurvesAndEscapesTheTitle() {
        let points = (0..<5).map {
            EquityPoint(
                barTime: Int64($0), strategy: 100 + Double($0), buyAndHold: 100 - Double($0))
        }
        let svg = EquityChart.svg(points, title: "BTCEUR & ETHEUR <test>")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("BTCEUR &amp; ETHEUR &lt;test&gt;"))
        #expect(svg.components(separatedBy: "<path ").count == 3)
        // The strategy path: x from 70 to 780, y = 290 − 250 × (v − 96) / 8 (range 96…104).
        #expect(
            svg.contains(
                "d=\"M70.00,165.00 L247.50,133.75 L425.00,102.50 L602.50,71.25 L780.00,40.00\""))
        #expect(svg.contains(">104.00<") && svg.contains(">96.00<"))
        #expect(svg.hasSuffix("</svg>\n"))
    }

    @Test func formatting() {
        #expect(EquityChart.fmt(-0.5) == "-0.50")
        #expect(EquityChart.fmt(12.345) == "12.35" || EquityChart.fmt(12.345) == "12.34")
        #expect(EquityChart.fmt(-3.05) == "-3.05")
    }
}
