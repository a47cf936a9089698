import Foundation
import Testing

@testable import KiloCore

@Suite struct TuneTestFunctionFoldsTests {
    @Test func theFirstFoldIsTheFunctionItself() {
        let parameters: TrialParameters = ["x1": .float(1), "x2": .float(2)]
        #expect(TuneTestFunction.foldDeviation(parameters, space: TuneTestFunction.branin.space, fold: 0, of: 5) == 0)
        #expect(TuneTestFunction.foldDeviation(parameters, space: TuneTestFunction.branin.space, fold: 1, of: 1) == 0)
    }

    @Test func laterFoldsFollowTheFormula() {
        // x1 = 1, x2 = 2 in name order: a = 1·1 + 2·2 = 5, b = 1 + 4 = 5.
        let parameters: TrialParameters = ["x2": .float(2), "x1": .float(1)]
        let space = TuneTestFunction.branin.space
        #expect(abs(TuneTestFunction.foldDeviation(parameters, space: space, fold: 1, of: 5) - 2 * sin(8) * cos(2.5)) < 1e-15)
        #expect(
            abs(TuneTestFunction.foldDeviation(parameters, space: space, fold: 4, of: 5) - 0.5 * sin(21.5) * cos(5.5)) < 1e-15)
    }

    @Test func categoricalParametersCountZero() throws {
        // mixed10: c0 and c1 are categorical; changing them leaves the deviation as it was.
        var parameters: TrialParameters = [
            "x0": .float(0.5), "x1": .float(-1), "x2": .float(2), "x3": .float(0.1), "x4": .float(0.3),
            "n0": .int(3), "n1": .int(-4), "n2": .int(8), "c0": .string("a"), "c1": .int(1),
        ]
        let space = TuneTestFunction.mixed10.space
        let before = TuneTestFunction.foldDeviation(parameters, space: space, fold: 2, of: 5)
        parameters["c0"] = .string("d")
        parameters["c1"] = .int(4)
        #expect(TuneTestFunction.foldDeviation(parameters, space: space, fold: 2, of: 5) == before)
        parameters["n0"] = .int(4)
        #expect(TuneTestFunction.foldDeviation(parameters, space: space, fold: 2, of: 5) != before)
    }
}
