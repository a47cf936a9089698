import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// `plan tune` (ask) and `record-trials` (tell) around `run-job`: a study run through jobs equals
/// the local `tune`'s, bit for bit, whatever order its trials end in.
@Suite struct TuneBatchPlannerTests {
    /// A tune engine (tiny LightGBM, 2 trials at once, lag 3) whose pruner judges from the second trial on.
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

    /// Runs `request` batch by batch: plan what can start, run each job, record them all, until done.
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
        // Each trial judged its folds against its view: trials ≤ k − 3 finished, k − 2 and k − 1 running.
        for job in batches.joined() {
            let number = try #require(job.trial?.number)
            let view = try #require(job.trial?.history)
            #expect(view.map(\.number) == Array(0..<number))
            #expect(view.allSatisfy { $0.duration == 0 && ($0.state == .running) == ($0.number > number - 3) })
        }
    }

    /// Runs `request` as the Ray driver does: plan (the first time marking a dead run's trials
    /// failed, then `inFlight`), start the jobs, and as each ends (in the order `pick` chooses
    /// among the running ones) record it alone and plan again, until the study is done.
    private func runPipelined(_ engine: Engine, _ request: TuneRequest, pick: ([JobSpec]) -> Int) throws -> [Int] {
        let folder = NSTemporaryDirectory() + "kilo-trials-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var running: [JobSpec] = []
        var order: [Int] = []
        var first = true
        while true {
            let batch = try engine.planTuneBatch(request, inFlight: !first)
            first = false
            #expect(batch.running == running.count)
            running += batch.jobs
            #expect(running.count <= 2)
            guard !running.isEmpty else { break }
            let job = running.remove(at: pick(running))
            order.append(try #require(job.trial?.number))
            let result = try JobRunner.run(job, folder: folder)
            #expect(try engine.recordTrials([job], results: [job.id: result]).recorded == [job.trial?.number])
        }
        return order
    }

    @Test func trialsEndingInAnyOrderMakeTheLocalStudy() throws {
        let local = try engine()
        let outcome = try local.tune(try request(local, trials: 7, local: true))
        for pick in [{ (_: [JobSpec]) in 0 }, { (jobs: [JobSpec]) in jobs.count - 1 }] {
            let remote = try engine()
            let order = try runPipelined(remote, try request(remote, trials: 7), pick: pick)
            #expect(order.sorted() == Array(0..<7))
            let study = try remote.study(named: "lightgbm_BTCEUR")
            let mine = try StudyExport.canonical(header: study.header, trials: study.trials)
            let theirs = try StudyExport.canonical(header: outcome.header, trials: outcome.trials)
            #expect(mine == theirs, "trials ended in the order \(order)")
        }
    }

    @Test func aBatchIsTheLocalRunnersNextBatchWrittenRunning() throws {
        let engine = try engine()
        let batch = try engine.planTuneBatch(try request(engine, trials: 5))
        #expect(batch.before == 0 && batch.total == 5)
        #expect(batch.jobs.map(\.id) == ["trial0_lightgbm_BTCEUR", "trial1_lightgbm_BTCEUR"])
        let expected = TuneRun.nextTrials(
            header: batch.header, history: [], sampler: engine.config.tune.makeSampler(), trials: 5, parallel: 2, lag: 3
        ).map(\.record)
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
        // Planned beside trials in flight: they count against the parallel count and stay running.
        let beside = try engine.planTuneBatch(try request(engine, trials: 5), inFlight: true)
        #expect(beside.jobs.isEmpty && beside.running == 2 && beside.abandoned.isEmpty)
        #expect(try StudyStore(readingAt: batch.path).trials().map(\.record.state) == [.running, .running])
        // A run that died: the next plan marks its trials failed and goes on, as `tune` does.
        let next = try engine.planTuneBatch(try request(engine, trials: 5))
        #expect(next.abandoned == [0, 1] && next.running == 0)
        #expect(try StudyStore(readingAt: batch.path).trials().prefix(2).map(\.record.state) == [.failed, .failed])
        #expect(next.jobs.compactMap { $0.trial?.number } == [2, 3])
        #expect(next.jobs.last?.trial?.history.map(\.state) == [.failed, .running, .running])
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
