import Foundation
import Testing

@testable import KiloCore

/// The canonical export keeps what a study is and drops when and how long it ran.
@Suite struct StudyExportTests {
    private func header(created: Int64) -> StudyHeader {
        StudyHeader(
            name: "lightgbm_BTCEUR", model: .lightgbm, symbol: "BTCEUR", objective: .rmse, sampler: .tpe, pruner: .median,
            seed: 42, folds: 2, dataSHA256: "abc", specHash: "def",
            space: SearchSpace(parameters: [.init(name: "num_leaves", domain: .int(low: 3, high: 15, log: false))]),
            baseConfig: "{}", created: created)
    }

    private func trials(duration: Double, value: Double = 0.25) -> [StudyTrial] {
        [
            StudyTrial(
                record: TrialRecord(
                    number: 1, parameters: ["num_leaves": .int(5)], foldValues: [.nan], state: .failed, seed: 9,
                    duration: duration, failure: "the objective is not finite on fold 1")),
            StudyTrial(
                record: TrialRecord(
                    number: 0, parameters: ["num_leaves": .int(7)], foldValues: [value, 0.5], state: .complete,
                    value: (value + 0.5) / 2, seed: 3, duration: duration),
                netSharpe: 0.1, netMoments: Moments(count: 10, mean: 0.01, std: 0.1, skewness: 0, kurtosis: 3)),
        ]
    }

    @Test func creationTimesAndDurationsDoNotChangeTheBytes() throws {
        let a = try StudyExport.canonical(header: header(created: 1), trials: trials(duration: 1))
        let b = try StudyExport.canonical(header: header(created: 2_000_000), trials: trials(duration: 99))
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(!text.contains("created") && !text.contains("duration"))
        #expect(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1)
    }

    @Test func whatTheStudyIsChangesTheBytes() throws {
        let base = try StudyExport.canonical(header: header(created: 1), trials: trials(duration: 1))
        let otherValue = try StudyExport.canonical(header: header(created: 1), trials: trials(duration: 1, value: 0.250_000_000_000_1))
        var otherSeed = header(created: 1)
        otherSeed.seed = 43
        #expect(base != otherValue)
        #expect(base != (try StudyExport.canonical(header: otherSeed, trials: trials(duration: 1))))
    }

    @Test func trialsAreInNumberOrderWithNonFiniteValuesAsStrings() throws {
        let text = String(decoding: try StudyExport.canonical(header: header(created: 1), trials: trials(duration: 1)), as: UTF8.self)
        let zero = try #require(text.range(of: "\"number\":0"))
        let one = try #require(text.range(of: "\"number\":1"))
        #expect(zero.lowerBound < one.lowerBound)
        #expect(text.contains("\"foldValues\":[\"NaN\"]"))
        #expect(text.contains("\"failure\":\"the objective is not finite on fold 1\""))
    }
}
