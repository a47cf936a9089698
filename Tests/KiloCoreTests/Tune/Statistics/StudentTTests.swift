import Testing

@testable import KiloCore

@Suite struct StudentTTests {
    @Test func incompleteBetaMatchesScipy() {
        let rows = StatisticsFixtures.rows("incomplete_beta")
        #expect(rows.count == 7)
        for row in rows {
            let actual = StudentT.regularizedIncompleteBeta(row[0], a: row[1], b: row[2])
            #expect(
                StatisticsFixtures.close(actual, row[3], relative: 1e-11),
                "I_\(row[0])(\(row[1]), \(row[2])) = \(actual), scipy \(row[3])")
        }
        #expect(StudentT.regularizedIncompleteBeta(0, a: 2, b: 3) == 0)
        #expect(StudentT.regularizedIncompleteBeta(1, a: 2, b: 3) == 1)
        #expect(StudentT.regularizedIncompleteBeta(0.5, a: -1, b: 3).isNaN)
    }

    @Test func cdfMatchesScipy() {
        let rows = StatisticsFixtures.rows("student_t_cdf")
        #expect(rows.count == 10)
        for row in rows {
            let actual = StudentT.cdf(row[0], degreesOfFreedom: row[1])
            #expect(
                StatisticsFixtures.close(actual, row[2], relative: 1e-11),
                "T_\(row[1])(\(row[0])) = \(actual), scipy \(row[2])")
        }
        #expect(StudentT.cdf(0, degreesOfFreedom: 7) == 0.5)
        #expect(StudentT.cdf(.infinity, degreesOfFreedom: 7) == 1)
        #expect(StudentT.cdf(1, degreesOfFreedom: 0).isNaN)
    }

    @Test func largeDegreesOfFreedomApproachTheNormal() {
        for t in [-2.0, -0.5, 1.0, 2.5] {
            #expect(abs(StudentT.cdf(t, degreesOfFreedom: 1e7) - NormalDistribution.cdf(t)) < 1e-7)
        }
    }
}
