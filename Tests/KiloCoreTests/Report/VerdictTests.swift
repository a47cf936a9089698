import Testing

@testable import KiloCore

@Suite struct VerdictTests {
    func model(_ kind: ModelKind, rmse: Double, zero: Double, previous: Double, z: Double?) -> ResearchReport.ModelResult {
        func m(_ rmse: Double) -> RegressionMetrics {
            RegressionMetrics(count: 500, rmse: rmse, mae: rmse, directionalAccuracy: 0.52, ic: 0.05, rankIC: 0.04)
        }
        var result = ResearchReport.ModelResult(
            kind: kind, file: "f", test: SplitEvaluation(split: "test", model: m(rmse), zero: m(zero), previousReturn: m(previous)))
        result.versusZero = z.map { ReportStatistics.Test(statistic: $0, pValue: ReportStatistics.twoSidedP($0), count: 500) }
        result.icTest = ReportStatistics.correlationTest(0.05, count: 500)
        return result
    }

    @Test func aModelBeatsTheBaselinesOnlyWithLowerRMSEAndASignificantTest() {
        let yes = Verdict.judge([model(.gru, rmse: 0.9, zero: 1, previous: 1.3, z: 2.5), model(.lightgbm, rmse: 1.1, zero: 1, previous: 1.3, z: -1)])
        #expect(yes.beatsBaselines)
        #expect(yes.headline.hasPrefix("Yes: gru beats both naive baselines"))
        #expect(yes.evidence.count == 2)
        #expect(yes.evidence[0].contains("Diebold–Mariano vs zero z = 2.50"))
        let notSignificant = Verdict.judge([model(.lightgbm, rmse: 0.99, zero: 1, previous: 1.3, z: 0.4)])
        #expect(!notSignificant.beatsBaselines)
        #expect(notSignificant.headline.contains("1.00% lower test RMSE") && notSignificant.headline.contains("not significant"))
        let worse = Verdict.judge([model(.lightgbm, rmse: 1.05, zero: 1, previous: 1.3, z: 3)])
        #expect(worse.headline == "No: no model beats the naive baselines on the test split; the best, lightgbm, has a 5.00% higher RMSE than the better baseline.")
        #expect(Verdict.judge([model(.ppo, rmse: 0.5, zero: 1, previous: 1, z: 9)]).headline.hasPrefix("No regression model"))
    }
}
