import Foundation
import Testing

@testable import KiloCore

@Suite struct TuneErrorTests {
    @Test func messagesNameWhatIsWrong() {
        #expect(
            TuneError.studyMismatch(study: "s", field: "search space", stored: "a", requested: "b").description
                == "study 's' was made with a different search space (stored a, now b); use another --study name or delete the study file")
        #expect(TuneError.studyNotFound(name: "x", folder: "studies", suggestion: "y").description.contains("did you mean 'y'?"))
        #expect(TuneError.noCompleteTrial(study: "s").description == "study 's' has no complete trial yet")
        #expect(TuneError.tooFewRows(symbol: "BTC", rows: 10, folds: 5).description.contains("too few rows before its test split"))
        #expect(TuneError.modelNotTunable(kind: "ppo").description.hasPrefix("ppo cannot be tuned yet (PPO tuning may follow)"))
    }
}
