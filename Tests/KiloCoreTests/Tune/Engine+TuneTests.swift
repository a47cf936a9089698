import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// `tune` end to end on a slice of the embedded BTCEUR data with tiny models: the search never
/// reads the test split, a seed and parallel count fix the study, a re-run resumes, Ctrl-C keeps
/// finished trials.
@Suite struct EngineTuneTests {
    /// An engine with the tiny training config, a small LightGBM space and its own studies folder.
    static func engine(
        sampler: TuneSamplerKind = .tpe, parallel: Int = 2, rows: Int = 1500, poisonFrom: Int? = nil,
        adjust: (inout EngineConfig) -> Void = { _ in }
    ) throws -> Engine {
        var loaded = try ConfigLoader.load(path: RepoPaths.path("Tests/Transcripts/training.yaml"))
        loaded.config.tune.studiesDir = NSTemporaryDirectory() + "kilo-studies-\(UUID().uuidString)"
        loaded.config.tune.sampler = sampler
        loaded.config.tune.startupTrials = 2
        loaded.config.tune.parallelTrials = parallel
        loaded.config.tune.spaces.lightgbm = TuneSpace([
            .init(name: "num_leaves", domain: .int(low: 3, high: 15, log: false)),
            .init(name: "learning_rate", domain: .float(low: 0.01, high: 0.3, log: true)),
            .init(name: "min_data_in_leaf", domain: .categorical([.int(5), .int(20)])),
        ])
        loaded.config.tune.spaces.gru = TuneSpace([
            .init(name: "hidden_size", domain: .int(low: 3, high: 6, log: false)),
            .init(name: "sequence_length", domain: .int(low: 3, high: 6, log: false)),
        ])
        adjust(&loaded.config)
        let engine = Engine(config: loaded)
        try engine.load(try PoisonedSeries.write(rows: rows, poisonFrom: poisonFrom, factor: 3.7))
        return engine
    }

    /// What must repeat: parameters, seeds, states and fold values, bit for bit.
    static func fingerprint(_ trials: [StudyTrial]) -> [String] {
        trials.map { t in
            let r = t.record
            let folds = r.foldValues.map { String($0.bitPattern, radix: 16) }.joined(separator: ",")
            return "\(r.number) \(StudyJSON.encode(r.parameters)) \(r.seed) \(r.state.rawValue) \(folds)"
        }
    }

    @Test func foldsEndBeforeTheTestSplitWithItsEmbargo() throws {
        let engine = try Self.engine()
        let job = try engine.tuneJob(.lightgbm, symbol: "BTCEUR", folds: 3, objective: .netSharpe)
        let split = try #require(try engine.features(for: "BTCEUR").split)
        #expect(job.searchEnd == split.test.lowerBound - split.embargo)
        #expect(job.folds.count == 3)
        for fold in job.folds {
            #expect(fold.test.upperBound <= job.searchEnd && !fold.test.isEmpty)
            #expect(fold.embargo == split.embargo)
        }
        #expect(job.folds[0].train.upperBound < job.folds[1].train.upperBound, "folds expand")
        let outcome = try engine.tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 1, folds: 3))
        #expect(outcome.header.splits == job.folds && outcome.header.testStart == split.test.lowerBound)
    }

    @Test func poisoningTheTestSplitChangesNoTrial() throws {
        let clean = try Self.engine()
        let split = try #require(try clean.features(for: "BTCEUR").split)
        let poisoned = try Self.engine(poisonFrom: split.test.lowerBound)
        let request = TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 4, folds: 3)
        let a = try clean.tune(request)
        let b = try poisoned.tune(request)
        #expect(a.header.dataSHA256 != b.header.dataSHA256, "the data files differ")
        #expect(Self.fingerprint(a.trials) == Self.fingerprint(b.trials), "a trial read the test split")
        #expect(a.trials.count == 4)
    }

    @Test func aSeedAndParallelCountFixTheStudy() throws {
        let request = TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 5, folds: 2)
        let a = try Self.engine().tune(request)
        let b = try Self.engine().tune(request)
        #expect(Self.fingerprint(a.trials) == Self.fingerprint(b.trials))
        #expect(a.trials.map(\.record.state).allSatisfy { $0 == .complete || $0 == .pruned })
        #expect(Set(a.trials.map(\.record.seed)).count == 5, "every trial has its own seed")
        #expect(a.trials.allSatisfy { $0.netSharpe != nil && ($0.netMoments?.count ?? 0) > 0 })
    }

    @Test func aReRunResumesUpToTheTotal() throws {
        let engine = try Self.engine(parallel: 1)
        let first = try engine.tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 3, folds: 2))
        #expect(first.trials.count == 3 && first.ranThisTime == 3)
        let resumed = try engine.tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 5, folds: 2))
        #expect(resumed.trials.count == 5 && resumed.ranThisTime == 2)
        let fresh = try Self.engine(parallel: 1).tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 5, folds: 2))
        #expect(Self.fingerprint(resumed.trials) == Self.fingerprint(fresh.trials))
        #expect(throws: TuneError.self) {
            try engine.tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 6, folds: 3))
        }
    }

    @Test func aStudyIsNotResumedWithOtherKernels() throws {
        let engine = try Self.engine(parallel: 1)
        let first = try engine.tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 3, folds: 2))
        #expect(first.header.samplerSettings == "startup 2, candidates 24, kernels kilo")
        var changed = engine.configInfo
        changed.config.tune.tpeKernels = .optuna
        let other = Engine(config: changed)
        try other.load(try #require(engine.datasets["BTCEUR"]?.series.source.path))
        #expect(
            throws: TuneError.studyMismatch(
                study: first.header.name,
                field: "sampler settings (tune.startup_trials, tune.tpe_candidates, tune.tpe_kernels)",
                stored: "startup 2, candidates 24, kernels kilo", requested: "startup 2, candidates 24, kernels optuna")
        ) {
            try other.tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 4, folds: 2))
        }
        let resumed = try engine.tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 4, folds: 2))
        #expect(resumed.trials.count == 4, "the same settings resume it")
    }

    @Test func ctrlCFinishesTheRunningFoldAndKeepsFinishedTrials() throws {
        let engine = try Self.engine(parallel: 1)
        let token = CancellationToken()
        let outcome = try engine.tune(
            TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 5, folds: 3), cancellation: token,
            progress: { progress in
                if progress.finished == 1, progress.running.values.contains(1) { token.cancel() }
            })
        #expect(outcome.stoppedBy == "interrupted")
        #expect(outcome.trials.count == 1 && outcome.trials[0].record.state != .running)
        let resumed = try engine.tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 2, folds: 3))
        #expect(resumed.trials.map(\.record.number) == [0, 1])
    }

    @Test func aParallelStudyResumedAfterCtrlCEqualsTheUninterruptedOne() throws {
        let request = TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 6, folds: 3)
        let whole = try Self.engine().tune(request)
        let engine = try Self.engine()
        let token = CancellationToken()
        let cut = try engine.tune(request, cancellation: token, progress: { if $0.finished >= 2 { token.cancel() } })
        #expect(cut.stoppedBy == "interrupted" && cut.trials.count < 6)
        #expect(cut.trials.allSatisfy { $0.record.state != .running })
        let resumed = try engine.tune(request)
        #expect(resumed.trials.count == 6 && resumed.ranThisTime == 6 - cut.trials.count)
        #expect(Self.fingerprint(resumed.trials) == Self.fingerprint(whole.trials))
    }

    @Test func aTimeoutStartsNoNewTrial() throws {
        let engine = try Self.engine()
        let outcome = try engine.tune(TuneRequest(model: .lightgbm, symbol: "BTCEUR", trials: 4, folds: 2, timeout: 0))
        #expect(outcome.stoppedBy == "timeout" && outcome.trials.isEmpty)
    }

    @Test func theGRUIsTunedToo() throws {
        let engine = try Self.engine(parallel: 1)
        let outcome = try engine.tune(TuneRequest(model: .gru, symbol: "BTCEUR", trials: 2, folds: 2))
        #expect(outcome.trials.count == 2)
        #expect(outcome.trials.allSatisfy { $0.record.state == .complete }, "\(outcome.trials.map(\.record.failure))")
        #expect(outcome.header.space == engine.config.tune.spaces.gru.space)
    }

    @Test func theGRUTrialBudgetBoundsEveryFoldFitAndIsPartOfTheStudy() throws {
        let engine = try Self.engine(parallel: 1) { config in
            config.models.gru.epochs = 3
            config.models.gru.patience = 3
            config.tune.gruEpochs = 1
            config.tune.gruPatience = 0
            config.paths.models = NSTemporaryDirectory() + "kilo-budget-\(UUID().uuidString)"
        }
        let job = try engine.tuneJob(.gru, symbol: "BTCEUR", folds: 2, objective: .netSharpe)
        #expect(job.base.config.models.gru.epochs == 1, "tune.gru_epochs replaces models.gru.epochs")
        #expect(job.base.config.models.gru.patience == 3, "tune.gru_patience 0 keeps models.gru.patience")
        var fold = job.base
        fold.features.split = job.folds[0]
        fold.features.preprocessor = job.preprocessors[0]
        let (report, _) = try fold.fitAndEvaluateKeepingPredictions(
            split: job.folds[0], preprocessor: job.preprocessors[0], cancellation: .never, progress: { _ in })
        #expect(report.iterations == 1, "a trial's fold fit runs the budget's epochs")
        let lightgbm = try engine.tuneJob(.lightgbm, symbol: "BTCEUR", folds: 2, objective: .netSharpe)
        #expect(lightgbm.base.config.models.gru.epochs == 3, "only a GRU study has the budget")

        let outcome = try engine.tune(TuneRequest(model: .gru, symbol: "BTCEUR", trials: 1, folds: 2))
        #expect(outcome.header.trialBudget == "epochs 1, patience 3")
        #expect(outcome.trials.map(\.record.state) == [.complete])

        var changed = engine.configInfo
        changed.config.tune.gruEpochs = 2
        let other = Engine(config: changed)
        try other.load(try #require(engine.datasets["BTCEUR"]?.series.source.path))
        #expect(
            throws: TuneError.studyMismatch(
                study: outcome.header.name, field: "trial budget (tune.gru_epochs, tune.gru_patience)",
                stored: "epochs 1, patience 3", requested: "epochs 2, patience 3")
        ) {
            try other.tune(TuneRequest(model: .gru, symbol: "BTCEUR", trials: 2, folds: 2))
        }

        let final = try engine.train(.gru, symbol: "BTCEUR", fromStudy: outcome.header.name)
        #expect(final.training.iterations == 3, "the final training runs models.gru.epochs, not the budget")
    }
}
