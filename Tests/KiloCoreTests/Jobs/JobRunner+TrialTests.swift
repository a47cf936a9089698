import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// `run-job` on a tune trial: the local trial's outcome, and refusals that name their field.
@Suite struct JobRunnerTrialTests {
    private func plannedTrial() throws -> (Engine, JobSpec) {
        let engine = try EngineTuneTests.engine(parallel: 2)
        let path = try #require(engine.dataFingerprints().first?.path)
        let batch = try engine.planTuneBatch(TuneRequest(model: .lightgbm, symbol: path, trials: 2, folds: 3, objective: .rmse))
        return (engine, try #require(batch.jobs.first))
    }

    private func folder() -> String { NSTemporaryDirectory() + "kilo-trial-\(UUID().uuidString)" }

    @Test func aTrialJobScoresAsTheLocalTrial() throws {
        let (engine, job) = try plannedTrial()
        let out = folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try JobRunner.run(job, folder: out)
        #expect(result.status == .ok, "\(result.reason ?? "")")
        #expect(result.files.isEmpty && result.kind == .tuneTrial)
        let trial = try #require(result.trial)
        let local = try engine.tuneJob(.lightgbm, symbol: "BTCEUR", folds: 3, objective: .rmse).runTrial(
            parameters: try job.trialParameters(), seed: job.seed, threadsPerTrial: 1, cancellation: .never,
            shouldPrune: { _ in false })
        #expect(trial.number == 0 && trial.state == .complete)
        #expect(trial.foldValues.map(\.bitPattern) == local.foldValues.map(\.bitPattern))
        #expect(trial.netMoments == local.netMoments)
    }

    @Test func theTrialsParametersAreSetThroughTheKeyTable() throws {
        let (_, job) = try plannedTrial()
        let parameters = try job.trialParameters()
        let config = try job.effectiveConfig()
        #expect(parameters["num_leaves"] == .int(config.models.lightgbm.numLeaves))
        var typo = job
        typo.params = .object(["num_leaves": .int(7)])
        #expect(throws: JobError.self) { try typo.effectiveConfig() }
    }

    @Test func aSuggestionTheSectionRefusesIsAFailedTrialAsLocally() throws {
        let (_, job) = try plannedTrial()
        let out = folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        var wrong = job
        wrong.params = try JobJSON(encoding: ["num_leaves": ParameterValue.int(1)] as TrialParameters)
        wrong.configHash = JobSpec.configHash(of: try wrong.effectiveConfig())
        let result = try JobRunner.run(wrong, folder: out)
        #expect(result.status == .ok)
        #expect(result.trial?.state == .failed)
        #expect(result.trial?.failure?.contains("models.lightgbm.num_leaves") == true, "\(result.trial?.failure ?? "")")
    }

    @Test func otherFoldsOrNoTrialAreRefusedNamingTheField() throws {
        let (_, job) = try plannedTrial()
        let out = folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        var otherFolds = job
        otherFolds.trial?.splits.removeLast()
        let refused = try JobRunner.run(otherFolds, folder: out)
        #expect(refused.status == .failed && refused.trial == nil)
        #expect(refused.reason?.hasPrefix("refusing job: trial.splits is ") == true, "\(refused.reason ?? "")")
        var noTrial = job
        noTrial.trial = nil
        let invalid = try JobRunner.run(noTrial, folder: out)
        #expect(invalid.status == .failed && invalid.reason?.contains("'trial'") == true, "\(invalid.reason ?? "")")
    }
}
