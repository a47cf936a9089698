import Testing

@testable import KiloShell

@Suite struct SVGChartTests {
    @Test func scalesMapTheDomainsOntoThePlotArea() {
        let chart = SVGChart(width: 200, height: 100, x: 0...10, y: -1...1)
        #expect(chart.x(0) == chart.left && chart.x(10) == 200 - chart.right)
        #expect(chart.y(1) == chart.top && chart.y(-1) == 100 - chart.bottom)
        let flat = SVGChart(x: 5...5, y: 0...0)
        #expect(flat.xDomain.upperBound > flat.xDomain.lowerBound && flat.yDomain.upperBound > flat.yDomain.lowerBound)
        #expect(SVGChart.domain([.nan, 3, -2, .infinity], including: [0]) == -2...3)
        #expect(SVGChart.domain([]) == 0...1)
    }

    @Test func piecesSkipNonFiniteValuesAndEscapeText() {
        let chart = SVGChart(width: 200, height: 100, x: 0...2, y: 0...2)
        #expect(chart.line([(0, 0), (1, .nan), (2, 2)], cssClass: "l") == "<polyline class=\"l\" fill=\"none\" points=\"64,64 184,16\"/>")
        #expect(chart.line([(.nan, 1)], cssClass: "l").isEmpty)
        let broken = chart.brokenLine([(0, 0), (0.1, 0), (0.2, 0), (1.9, 1), (2, 1)], cssClass: "b")
        #expect(broken.components(separatedBy: "<polyline").count == 3)
        #expect(chart.brokenLine([(0, 0), (1, 1), (2, 2)], cssClass: "b").components(separatedBy: "<polyline").count == 2)
        #expect(chart.scatter([(1, 1), (5, 1)], cssClass: "d").components(separatedBy: "<circle").count == 2)
        let svg = chart.svg("a <b> & 'c'", [chart.axes(xTicks: [(1, "x<1>")], yTicks: [(1, "y")])])
        #expect(svg.contains("<title>a &lt;b&gt; &amp; &#39;c&#39;</title>") && svg.contains(">x&lt;1&gt;</text>"))
        #expect(svg.hasPrefix("<svg class=\"chart\" width=\"200\" height=\"100\""))
        #expect(chart.hline(5, cssClass: "h").isEmpty)
        #expect(chart.columns([1, 2, .nan], cssClass: "c").components(separatedBy: "<rect").count == 3)
        let ranking = SVGChart.ranking([("a&b", 2), ("c", 1)], title: "t", cssClass: "r")
        #expect(ranking.contains(">a&amp;b</text>") && ranking.components(separatedBy: "<rect").count == 3)
        #expect(SVGChart.ticks(0...4) { String(Int($0)) }.map(\.1) == ["0", "1", "2", "3", "4"])
        #expect(HTML.number(.nan) == "—" && HTML.percent(0.1234) == "12.34%" && HTML.day(1_704_067_200_000) == "2024-01-01")
        #expect(HTML.table(["h"], [["<x>"]]) == "<table><tr><th>h</th></tr><tr><td>&lt;x&gt;</td></tr></table>")
    }
}
