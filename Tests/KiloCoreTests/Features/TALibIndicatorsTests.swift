import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// Agreement with Python TA-Lib on committed reference values
/// (`bench/features/make_talib_fixture.py` → `Tests/Fixtures/features/talib_reference.json`).
@Suite struct TALibIndicatorsTests {
    struct Fixture: Decodable {
        struct Series: Decodable {
            var timestamp: [Int64]
            var open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]
            var talib: [String: [Double?]]
        }
        var series: [String: Series]
    }

    static func fixture() throws -> Fixture {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: RepoPaths.path("Tests/Fixtures/features/talib_reference.json")))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    @Test(arguments: ["BTCEUR", "ADAEUR"])
    func everyTALibColumnMatchesTALib(symbol: String) throws {
        let fixture = try Self.fixture()
        let s = try #require(fixture.series[symbol])
        let series = BarSeries(
            symbol: symbol, interval: BarInterval(seconds: 1800), timestamps: s.timestamp, open: s.open,
            high: s.high, low: s.low, close: s.close, volume: s.volume)
        let matrix = FeatureEngine().generate(for: series)
        #expect(s.talib.count == 35)
        for (name, reference) in s.talib.sorted(by: { $0.key < $1.key }) {
            let c = try #require(matrix.columnIndex(named: name), "no column \(name)")
            let ours = matrix.column(c)
            #expect(ours.count == reference.count)
            let scale = reference.compactMap { $0 }.map(abs).max() ?? 1
            var worst = 0.0
            for (t, ref) in reference.enumerated() {
                guard let ref else {
                    #expect(ours[t].isNaN, "\(symbol) \(name)[\(t)]: TA-Lib NaN, ours \(ours[t])")
                    continue
                }
                // 1e-9 relative; values crossing zero are compared against the column's scale.
                let error = abs(ours[t] - ref) / max(abs(ref), 1e-6 * scale)
                worst = max(worst, error)
                #expect(error <= 1e-9, "\(symbol) \(name)[\(t)]: TA-Lib \(ref), ours \(ours[t])")
            }
            #expect(worst <= 1e-9)
        }
    }

    @Test func lookbacksMatchTALibLeadingNaNs() throws {
        let fixture = try Self.fixture()
        let s = try #require(fixture.series["BTCEUR"])
        let specs = FeatureEngine().specs
        for (name, reference) in s.talib {
            let spec = try #require(specs.first { $0.name == name })
            let leading = reference.prefix { $0 == nil }.count
            #expect(spec.lookback == leading, "\(name): lookback \(spec.lookback), TA-Lib \(leading)")
        }
    }
}
