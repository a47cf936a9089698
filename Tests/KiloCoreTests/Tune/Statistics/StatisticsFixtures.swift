import Foundation
import KiloTestSupport

/// The expected values made by `Tests/KiloCoreTests/Tune/Fixtures/make_statistics_fixtures.py`
/// (numpy/scipy), read from the committed `statistics_fixtures.json`.
enum StatisticsFixtures {
    static var all: [String: Any] {
        let path = RepoPaths.path("Tests/KiloCoreTests/Tune/Fixtures/statistics_fixtures.json")
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }

    /// Rows of numbers (`[[x, expected], …]`).
    static func rows(_ key: String) -> [[Double]] {
        ((all[key] as? [[Any]]) ?? []).map { $0.compactMap { ($0 as? NSNumber)?.doubleValue } }
    }

    /// Objects (`[{name: value}, …]`).
    static func objects(_ key: String) -> [[String: Any]] { (all[key] as? [[String: Any]]) ?? [] }

    static func number(_ object: [String: Any], _ key: String) -> Double {
        (object[key] as? NSNumber)?.doubleValue ?? .nan
    }

    static func numbers(_ object: [String: Any], _ key: String) -> [Double] {
        ((object[key] as? [Any]) ?? []).compactMap { ($0 as? NSNumber)?.doubleValue }
    }

    /// Whether `actual` is within `relative` of `expected` (absolute near zero).
    static func close(_ actual: Double, _ expected: Double, relative: Double = 1e-9) -> Bool {
        if expected == actual { return true }
        return abs(actual - expected) <= relative * max(abs(expected), 1e-300)
    }
}
