import Foundation
import Testing

@testable import KiloCore

@Suite struct TuneTestFunctionTests {
    @Test func braninMinimaAreWhereTheDocSays() {
        for (x1, x2) in [(-Double.pi, 12.275), (Double.pi, 2.275), (9.42478, 2.475)] {
            #expect(abs(TuneTestFunction.braninValue(x1, x2) - 0.397887) < 1e-5)
        }
        #expect(TuneTestFunction.braninValue(0, 0) > 1)
        #expect(TuneTestFunction.branin.evaluate(["x1": .float(.pi), "x2": .float(2.275)]).map { $0 < 0.3979 } == true)
        #expect(TuneTestFunction.branin.evaluate(["x1": .float(0)]) == nil)
    }

    @Test func hartmannMinimumIsWhereTheDocSays() {
        let x = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]
        #expect(abs(TuneTestFunction.hartmann6Value(x) - TuneTestFunction.hartmann6.minimum) < 1e-5)
        #expect(TuneTestFunction.hartmann6Value([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]) > -3)
    }

    @Test func mixedMinimumIsZeroAndEveryTermCounts() throws {
        let best: TrialParameters = [
            "x0": .float(1), "x1": .float(-2), "x2": .float(0.5), "x3": .float(0.1), "x4": .float(0.5),
            "n0": .int(3), "n1": .int(-4), "n2": .int(8), "c0": .string("b"), "c1": .int(2),
        ]
        let function = TuneTestFunction.mixed10
        #expect(try abs(#require(function.evaluate(best))) < 1e-12)
        let changes: [(String, ParameterValue, Double)] = [
            ("x0", .float(2), 1), ("x3", .float(1), 0.5), ("x4", .float(0), 0.25), ("n0", .int(4), 0.1),
            ("n2", .int(16), 0.5), ("c0", .string("d"), 2), ("c1", .int(4), 0.6 + 0.0625),
        ]
        for (name, value, expected) in changes {
            var parameters = best
            parameters[name] = value
            #expect(try abs(#require(function.evaluate(parameters)) - expected) < 1e-12, "\(name)")
        }
        var wrong = best
        wrong["c0"] = .string("z")
        #expect(function.evaluate(wrong) == nil)
        #expect(function.space.parameters.count == 10)
        #expect(TuneTestFunction.named("mixed10")?.name == "mixed10")
        #expect(TuneTestFunction.named("rosenbrock") == nil)
    }
}
