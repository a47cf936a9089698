import Foundation
import Testing

@testable import KiloCore

@Suite struct ReportStatisticsTests {
    @Test func calibrationSortsIntoTenEqualBinsOfMeans() {
        let predicted = (0..<25).map { Double(24 - $0) }  // unsorted input
        let realised = predicted.map { $0 * 2 }
        let deciles = ReportStatistics.calibration(predicted: predicted + [.nan], realised: realised + [1])
        #expect(deciles.map(\.count) == [3, 3, 3, 3, 3, 2, 2, 2, 2, 2])
        #expect(deciles.first?.predicted == 1 && deciles.first?.realised == 2)  // rows 0, 1, 2
        #expect(deciles.last?.predicted == 23.5 && deciles.last?.realised == 47)
        #expect(ReportStatistics.calibration(predicted: [1, 2, 3], realised: [1, 2, 3]).isEmpty)
    }

    @Test func dieboldMarianoFavoursTheSmallerErrors() throws {
        let realised = (0..<200).map { sin(Double($0)) * 0.01 }
        let good = realised.enumerated().map { $0.element * 0.9 + 0.0005 * cos(Double($0.offset * 7)) }
        let zero = Array(repeating: 0.0, count: 200)
        let test = try #require(ReportStatistics.dieboldMariano(model: good, baseline: zero, realised: realised))
        #expect(test.statistic > 10 && test.pValue < 1e-6 && test.count == 200)
        let reverse = try #require(ReportStatistics.dieboldMariano(model: zero, baseline: good, realised: realised))
        #expect(abs(reverse.statistic + test.statistic) < 1e-9)
        #expect(ReportStatistics.dieboldMariano(model: zero, baseline: zero, realised: realised) == nil)  // d ≡ 0
    }

    @Test func correlationTestAndPValues() throws {
        let t = try #require(ReportStatistics.correlationTest(0.1, count: 402))
        #expect(abs(t.statistic - 0.1 * (400 / 0.99).squareRoot()) < 1e-12)
        #expect(abs(ReportStatistics.twoSidedP(1.959963984540054) - 0.05) < 1e-9)
        #expect(ReportStatistics.twoSidedP(0) == 1)
        #expect(ReportStatistics.correlationTest(.nan, count: 10) == nil)
        #expect(ReportStatistics.correlationTest(0.5, count: 2) == nil)
    }

    @Test func drawdownsAndSampling() {
        #expect(ReportStatistics.drawdowns([100, 110, 99, 121, 121]) == [0, 0, 1 - 99 / 110.0, 0, 0])
        #expect(ReportStatistics.sampleIndices(count: 5, limit: 10) == [0, 1, 2, 3, 4])
        #expect(ReportStatistics.sampleIndices(count: 101, limit: 5) == [0, 25, 50, 75, 100])
    }
}
