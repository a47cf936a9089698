import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// `plan tune` (ask) and `record-trials` (tell) around `run-job`: a study run batch by batch
/// through jobs equals the local `tune`'s, bit for bit.
@Suite struct TuneBatchPlannerTests {
    /// A tune engine (tiny LightGBM, batches of 2) whose pruner judges from the second trial on.
    private func engine() throws -> Engine {
        let template = try EngineTuneTests.engine(parallel: 2)
        var config = template.config
        config.tune.prunerStartupTrials = 1
        let engine = Engine(config: LoadedConfig(config: config, path: nil, sha256: "", warnings: []))
        try engine.load(try dataPath(template))
        return engine
    }

    /// The data file the engine's `BTCEUR` comes from.
    private func dataPath(_ engine: Engine) throws -> String {
        try #require(engine.dataFingerprints().first?.path)
    }

    /// The study of BTCEUR as `tune` (`symbol`: the loaded symbol) or `plan tune` (the data file) names it.
    private func request(_ engine: Engine, trials: Int, local: Bool = false) throws -> TuneRequest {
        TuneRequest(
            model: .lightgbm, symbol: local ? "BTCEUR" : try dataPath(engine), trials: trials, folds: 3, objective: .rmse)
    }

    /// Runs `request` as the Ray driver does: plan a batch, run each job, record, until done.
    private func runThroughJobs(_ engine: Engine, _ request: TuneRequest) throws -> [[JobSpec]] {
        let folder = NSTemporaryDirectory() + "kilo-trials-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var batches: [[JobSpec]] = []
        while true {
            let batch = try engine.planTuneBatch(request)
            if batch.jobs.isEmpty { break }
            batches.append(batch.jobs)
            var results: [String: JobResult] = [:]
            for job in batch.jobs { results[job.id] = try JobRunner.run(job, folder: folder) }
            let recording = try engine.recordTrials(batch.jobs, results: results)
            #expect(recording.discarded.isEmpty)
            #expect(recording.recorded == batch.jobs.compactMap { $0.trial?.number })
        }
        return batches
    }

    @Test func aStudyRunThroughJobsEqualsTheLocalStudy() throws {
        let local = try engine()
        let outcome = try local.tune(try request(local, trials: 7, local: true))
        let remote = try engine()
        let batches = try runThroughJobs(remote, try request(remote, trials: 7))
        #expect(batches.map(\.count) == [2, 2, 2, 1])
        let study = try remote.study(named: "lightgbm_BTCEUR")
        #expect(study.trials.count == 7)
        #expect(outcome.trials.contains { $0.record.state == .pruned }, "the pruner never judged: a weak check")
        #expect(EngineTuneTests.fingerprint(study.trials) == EngineTuneTests.fingerprint(outcome.trials))
        let mine = try StudyExport.canonical(header: study.header, trials: study.trials)
        let theirs = try StudyExport.canonical(header: outcome.header, trials: outcome.trials)
        #expect(mine == theirs)
        // Each trial judged its folds against the study as it stood when its batch was suggested.
        for (index, batch) in batches.enumerated() {
            let before = batches.prefix(index).reduce(0) { $0 + $1.count }
            for job in batch {
                #expect(job.trial?.history.map(\.number) == Array(0..<before))
                #expect(job.trial?.history.allSatisfy { $0.duration == 0 && $0.state != .running } == true)
            }
        }
    }

    @Test func aBatchIsTheLocalRunnersNextBatchWrittenRunning() throws {
        let engine = try engine()
        let batch = try engine.planTuneBatch(try request(engine, trials: 5))
        #expect(batch.before == 0 && batch.total == 5)
        #expect(batch.jobs.map(\.id) == ["trial0_lightgbm_BTCEUR", "trial1_lightgbm_BTCEUR"])
        let expected = TuneRun.nextBatch(
            header: batch.header, history: [], sampler: engine.config.tune.makeSampler(), trials: 5, parallel: 2)
        for (job, record) in zip(batch.jobs, expected) {
            #expect(job.kind == .tuneTrial && job.model == "lightgbm" && job.folds == 3)
            #expect(job.seed == TuneJob.trialSeed(studySeed: batch.header.seed, number: record.number))
            #expect(try job.trialParameters() == record.parameters)
            #expect(job.trial?.threads == 1, "LightGBM trials that share the machine run single-threaded")
            #expect(job.trial?.splits == batch.header.splits)
            #expect(job.configHash == JobSpec.configHash(of: try job.effectiveConfig()))
            #expect(try JobSpec.parse(Data(try job.line().utf8)) == job)
        }
        let stored = try StudyStore(readingAt: batch.path).trials()
        #expect(stored.map(\.record.state) == [.running, .running])
        // A run that died mid-batch: the next plan marks its trials failed and goes on, as `tune` does.
        let next = try engine.planTuneBatch(try request(engine, trials: 5))
        #expect(next.abandoned == [0, 1])
        #expect(next.jobs.compactMap { $0.trial?.number } == [2, 3])
        #expect(next.jobs.first?.trial?.history.map(\.state) == [.failed, .failed])
    }

    @Test func aTrialWithoutAnOutcomeIsRemovedAndSuggestedAgain() throws {
        let engine = try engine()
        let folder = NSTemporaryDirectory() + "kilo-trials-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let batch = try engine.planTuneBatch(try request(engine, trials: 4))
        let first = try JobRunner.run(batch.jobs[0], folder: folder)
        var refused = first
        refused.id = batch.jobs[1].id
        (refused.status, refused.reason, refused.trial) = (.refused, "refusing job: kiloVersion differs", nil)
        let recording = try engine.recordTrials(batch.jobs, results: [first.id: first, refused.id: refused])
        #expect(recording.recorded == [0])
        #expect(recording.discarded.map(\.number) == [1])
        #expect(recording.discarded.first?.reason == "refusing job: kiloVersion differs")
        #expect(recording.trials == 1)
        let again = try engine.planTuneBatch(try request(engine, trials: 4))
        #expect(again.jobs.compactMap { $0.trial?.number } == [1, 2])
    }

    @Test func aResultIsRecordedOnlyOverItsOwnRunningTrial() throws {
        let engine = try engine()
        let folder = NSTemporaryDirectory() + "kilo-trials-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let batch = try engine.planTuneBatch(try request(engine, trials: 2))
        var other = batch.jobs[0]
        other.params = try JobJSON(encoding: ["num_leaves": ParameterValue.int(99)] as TrialParameters)
        #expect(throws: JobError.self) { try engine.recordTrials([other], results: [:]) }
        let result = try JobRunner.run(batch.jobs[0], folder: folder)
        _ = try engine.recordTrials([batch.jobs[0]], results: [result.id: result])
        // Recorded once: the trial is no longer running, so the same result cannot be written twice.
        #expect(throws: JobError.self) { try engine.recordTrials([batch.jobs[0]], results: [result.id: result]) }
        #expect(throws: JobError.self) { try engine.recordTrials([], results: [:]) }
    }
}
