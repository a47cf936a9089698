import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// `tune:` decodes with its defaults, reads the shipped config and checks its keys.
@Suite struct TuneConfigTests {
    @Test func shippedConfigHoldsTheDefaults() throws {
        let loaded = try ConfigLoader.load(path: RepoPaths.path("config/config.yaml"))
        #expect(loaded.config.tune == TuneConfig())
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    }

    @Test func defaultsAreTheOriginalSearch() {
        let tune = TuneConfig()
        #expect(tune.trials == 100 && tune.folds == 5)
        #expect(tune.objective == .netSharpe && tune.objective.direction == .maximize)
        #expect(TuneObjective.rmse.direction == .minimize && TuneObjective.ic.direction == .maximize)
        #expect(tune.sampler == .tpe && tune.pruner == .median && tune.parallelTrials == 0 && tune.studiesDir == "studies")
        #expect(tune.spaces.gru.space.parameters.map(\.name) == [
            "batch_size", "dropout", "hidden_size", "learning_rate", "num_layers", "sequence_length",
        ])
        #expect(tune.spaces.gru.space.parameters[3].domain == .float(low: 1e-5, high: 1e-3, log: true))
        #expect(tune.spaces.lightgbm.space.parameters.map(\.name) == [
            "learning_rate", "max_depth", "min_data_in_leaf", "num_iterations", "num_leaves",
        ])
    }

    @Test func scalarKeysAreChecked() {
        #expect(throws: ConfigError.invalidValue(key: "tune.trials", value: "0", reason: "must be at least 1")) {
            try ConfigLoader.parse("tune: {trials: 0}", path: "t.yaml")
        }
        #expect(throws: ConfigError.invalidValue(key: "tune.folds", value: "1", reason: "must be in 2...50")) {
            try ConfigLoader.parse("tune: {folds: 1}", path: "t.yaml")
        }
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("tune: {objective: sharpe}", path: "t.yaml") }
        let parsed = try? ConfigLoader.parse("tune: {objective: ic, sampler: random, pruner: none}", path: "t.yaml")
        #expect(parsed?.config.tune.objective == .ic)
        #expect(parsed?.config.tune.sampler == .random && parsed?.config.tune.pruner == TunePrunerKind.none)
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("tune: {tpe_kernels: scott}", path: "t.yaml") }
        let kernels = try? ConfigLoader.parse("tune: {tpe_kernels: optuna}", path: "t.yaml")
        #expect(kernels?.config.tune.tpeKernels == .optuna)
        #expect((kernels?.config.tune.makeSampler() as? TPESampler)?.rule == .optuna)
        #expect((TuneConfig().makeSampler() as? TPESampler)?.rule == .kilo)
    }

    @Test func unknownTuneKeyIsAWarningWithASuggestion() throws {
        let loaded = try ConfigLoader.parse("tune:\n  trails: 5\n", path: "t.yaml")
        #expect(loaded.warnings.contains { $0.contains("tune.trails") && $0.contains("did you mean 'trials'") })
    }

    @Test func referenceListsEveryTuneKey() {
        let paths = ConfigReference.leaves(EngineConfig.reference).map(\.path)
        for key in [
            "tune.trials", "tune.objective", "tune.parallel_trials", "tune.tpe_kernels", "tune.spaces.gru",
            "tune.spaces.lightgbm",
        ] {
            #expect(paths.contains(key), "\(key)")
        }
    }

    @Test func theGRUTrialBudgetReplacesEpochsAndPatienceWhileSearching() {
        var tune = TuneConfig()
        #expect(tune.gruEpochs == 1 && tune.gruPatience == 1)
        var config = EngineConfig()
        config.models.gru.epochs = 50
        config.models.gru.patience = 10
        let budgeted = tune.budgeted(config, for: .gru)
        #expect(budgeted.models.gru.epochs == 1 && budgeted.models.gru.patience == 1)
        #expect(tune.trialBudget(for: .gru, config: config) == "epochs 1, patience 1")
        #expect(tune.budgeted(config, for: .lightgbm) == config)
        #expect(tune.trialBudget(for: .lightgbm, config: config) == nil)
        tune.gruEpochs = 0
        tune.gruPatience = 0
        #expect(tune.budgeted(config, for: .gru) == config, "0 keeps models.gru's values")
        #expect(tune.trialBudget(for: .gru, config: config) == "epochs 50, patience 10")
    }

    @Test func theSamplerSettingsAStudyRecordsNameEveryKeyASuggestionReads() {
        var tune = TuneConfig()
        #expect(tune.samplerSettings == "startup 10, candidates 24, kernels kilo")
        tune.startupTrials = 5
        tune.tpeCandidates = 48
        tune.tpeKernels = .optuna
        #expect(tune.samplerSettings == "startup 5, candidates 48, kernels optuna")
        tune.sampler = .random
        #expect(tune.samplerSettings == nil, "the random sampler has no settings")
    }
}
