import Foundation
import Testing

@testable import KiloCore

@Suite struct FeatureCSVTests {
    @Test func writesTimestampThenEveryFeatureWithRoundTripValues() throws {
        let m = FeatureEngine().generate(for: FeatureTestData.synthetic(count: 60, seed: 2))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("f-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FeatureCSV.write(m, to: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 61)
        #expect(lines[0] == "timestamp," + m.names.joined(separator: ","))
        for r in [0, 30, 59] {
            let fields = lines[r + 1].split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields.count == m.columnCount + 1)
            #expect(Int64(fields[0]) == m.timestamps[r])
            for c in 0..<m.columnCount {
                let text = String(fields[c + 1])
                if m[r, c].isNaN {
                    #expect(text == "NaN")
                } else {
                    #expect(Double(text) == m[r, c], "\(m.names[c]) row \(r)")
                }
            }
        }
        #expect(FeatureCSV.format(.infinity) == "inf" && FeatureCSV.format(-.infinity) == "-inf")
        #expect(FeatureCSV.format(0.1) == "0.1")
        #expect(throws: FeatureError.self) { try FeatureCSV.write(m, to: "/nonexistent-dir/x.csv") }
    }
}
