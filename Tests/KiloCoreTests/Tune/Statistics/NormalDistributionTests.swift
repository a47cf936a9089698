import Foundation
import Testing

@testable import KiloCore

@Suite struct NormalDistributionTests {
    @Test func cdfMatchesScipy() {
        let rows = StatisticsFixtures.rows("normal_cdf")
        #expect(rows.count == 14)
        for row in rows {
            let actual = NormalDistribution.cdf(row[0])
            #expect(StatisticsFixtures.close(actual, row[1], relative: 1e-12), "Φ(\(row[0])) = \(actual), scipy \(row[1])")
        }
    }

    @Test func theCDFsShortcutBelowMinus40IsWhatErfcGives() {
        // Φ(x) for x ≤ −40 skips erfc: erfc(−x/√2) is 0 there, so the shortcut changes no bit.
        for x in stride(from: -40.0, through: -400, by: -0.37) + [-40, -40.000001, -1e10, -.infinity] {
            #expect(0.5 * erfc(-x / 2.0.squareRoot()) == 0, "x = \(x)")
            #expect(NormalDistribution.cdf(x) == 0)
        }
        #expect(NormalDistribution.cdf(-39.9) == 0.5 * erfc(39.9 / 2.0.squareRoot()))
    }

    @Test func logCDFMatchesScipyIntoTheFarTail() {
        let rows = StatisticsFixtures.rows("normal_log_cdf")
        #expect(rows.count == 7)
        for row in rows {
            let actual = NormalDistribution.logCDF(row[0])
            #expect(StatisticsFixtures.close(actual, row[1], relative: 1e-12), "log Φ(\(row[0])) = \(actual), scipy \(row[1])")
        }
    }

    @Test func quantileMatchesScipyAndInvertsTheCDF() {
        let rows = StatisticsFixtures.rows("normal_quantile")
        #expect(rows.count == 16)
        for row in rows {
            let actual = NormalDistribution.quantile(row[0])
            #expect(StatisticsFixtures.close(actual, row[1], relative: 1e-11), "Φ⁻¹(\(row[0])) = \(actual), scipy \(row[1])")
        }
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(1.5).isNaN)
        for p in stride(from: 0.01, to: 1, by: 0.01) {
            #expect(abs(NormalDistribution.cdf(NormalDistribution.quantile(p)) - p) < 1e-15)
        }
    }

    @Test func logMassMatchesScipy() {
        let rows = StatisticsFixtures.rows("normal_log_mass")
        #expect(rows.count == 9)
        for row in rows {
            let actual = NormalDistribution.logMass(from: row[0], to: row[1])
            #expect(
                StatisticsFixtures.close(actual, row[2], relative: 1e-11),
                "log mass [\(row[0]), \(row[1])] = \(actual), scipy \(row[2])")
        }
    }
}
