import Foundation
import Testing

@testable import KiloCore

@Suite struct LightGBMConfigTests {
    @Test func defaultsAreTheProjectSeeds() {
        let c = LightGBMConfig()
        #expect(c.numLeaves == 31 && c.learningRate == 0.05 && c.featureFraction == 0.9)
        #expect(c.baggingFraction == 0.8 && c.baggingFreq == 5 && c.numIterations == 1000)
        #expect(c.earlyStoppingRound == 50 && c.maxBin == 255 && c.minDataInLeaf == 20)
    }

    @Test func aliasesAndMissingKeysDecode() throws {
        let json = #"{"n_estimators": 300, "early_stopping_rounds": 20, "lambda_l2": 1.5}"#
        let c = try JSONDecoder().decode(LightGBMConfig.self, from: Data(json.utf8))
        #expect(c.numIterations == 300 && c.earlyStoppingRound == 20 && c.lambdaL2 == 1.5)
        #expect(c.numLeaves == 31)
        let canonical = #"{"num_iterations": 7, "n_estimators": 300, "early_stopping_round": 3}"#
        let d = try JSONDecoder().decode(LightGBMConfig.self, from: Data(canonical.utf8))
        #expect(d.numIterations == 7 && d.earlyStoppingRound == 3)
        let back = try JSONDecoder().decode(LightGBMConfig.self, from: JSONEncoder().encode(c))
        #expect(back == c)
        #expect(LightGBMConfig.keys.contains { $0.aliases.contains("n_estimators") })
    }

    @Test func validateNamesTheKey() {
        var c = LightGBMConfig()
        c.featureFraction = 1.5
        #expect(throws: ConfigError.self) { try c.validate(prefix: "models.lightgbm") }
        do {
            try c.validate(prefix: "models.lightgbm")
        } catch {
            #expect(error.description.contains("models.lightgbm.feature_fraction"))
        }
        c = LightGBMConfig()
        c.objective = "lambdarank"
        #expect(throws: ConfigError.self) { try c.validate(prefix: "m") }
        #expect(throws: Never.self) { try LightGBMConfig().validate(prefix: "m") }
    }
}
