import Testing

@testable import KiloCore

@Suite struct MarketFeedTests {
    typealias F = TradingFixtures

    @Test func revealsOneClosedBarPerSymbolPerStep() throws {
        let a = F.flat("AAA", count: 5)
        var b = F.flat("BBB", count: 5)
        b = BarSeries(
            symbol: "BBB", interval: b.interval,
            timestamps: [b.timestamps[0], b.timestamps[1], b.timestamps[3], b.timestamps[4]],
            open: [1, 2, 4, 5], high: [1, 2, 4, 5], low: [1, 2, 4, 5], close: [1, 2, 4, 5],
            volume: [1, 1, 1, 1])
        var feed = try ReplayFeed(series: [a, b], startIndex: 1)
        let s1Value = feed.next()
        let s1 = try #require(s1Value)
        #expect(s1.expectedOpenTime == a.timestamps[1])
        #expect(s1.clock == a.timestamps[1] + 1_800_000)
        #expect(s1.bars["AAA"]?.index == 1 && s1.bars["BBB"]?.index == 1)
        let s2Value = feed.next()
        let s2 = try #require(s2Value)
        #expect(s2.bars["AAA"]?.index == 2 && s2.bars["BBB"] == nil)
        let s3Value = feed.next()
        let s3 = try #require(s3Value)
        #expect(s3.bars["BBB"]?.index == 2 && s3.bars["BBB"]?.close == 4)
        _ = feed.next()
        #expect(feed.isExhausted)
        #expect(feed.next() == nil)
    }

    @Test func seekResumesAtACursor() throws {
        let a = F.flat("AAA", count: 6)
        var feed = try ReplayFeed(series: [a], startIndex: 0)
        _ = feed.next()
        _ = feed.next()
        let saved = feed.cursor
        let expected = feed.next()
        var other = try ReplayFeed(series: [a], startIndex: 0)
        try other.seek(to: saved)
        #expect(other.next() == expected)
        #expect(throws: TradingError.self) { try other.seek(to: saved + 1) }
    }

    @Test func rejectsMixedIntervalsAndBadStarts() {
        let a = F.flat("AAA", count: 3)
        var b = F.flat("BBB", count: 3)
        b.interval = BarInterval(seconds: 3_600)
        #expect(throws: TradingError.self) { try ReplayFeed(series: [a, b], startIndex: 0) }
        #expect(throws: TradingError.self) { try ReplayFeed(series: [a], startIndex: 3) }
        #expect(throws: TradingError.self) { try ReplayFeed(series: [], from: 0) }
    }

    @Test func throughBoundsTheWindow() throws {
        let a = F.flat("AAA", count: 10)
        var feed = try ReplayFeed(series: [a], from: a.timestamps[2], through: a.timestamps[4])
        var seen: [Int] = []
        while let s = feed.next() { seen.append(s.bars["AAA"]?.index ?? -1) }
        #expect(seen == [2, 3, 4])
    }
}
