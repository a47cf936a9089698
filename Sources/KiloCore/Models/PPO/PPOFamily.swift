import Foundation

/// PPO as a `ModelFamily`: `models.ppo`, an agent trained on the training rows' longest usable
/// run with the trading costs, evaluated by trading validation and test, written as `kilo-ppo`
/// safetensors. Its observation includes the account, so the trader passes it.
public struct PPOFamily: SafetensorsFamily {
    /// Its files hold this model.
    public typealias Stored = PPOAgent
    public var kind: ModelKind { .ppo }
    public var trainingRank: Int { 1 }
    public var evaluatesByRegression: Bool { false }
    public var section: KeyPath<ModelsConfig, PPOConfig> { \.ppo }

    public func fit(
        _ run: TrainingRun, section: PPOConfig, cancellation: CancellationToken, progress: (TrainingProgress) -> Void
    ) throws -> FittedModel {
        let scaled = run.scaled, split = run.split
        let features = scaled.values.map { $0.isFinite ? Float($0) : 0 }
        let closes = run.series.close
        let trading = run.config.trading
        let started = Date()
        let (agent, summary) = try PPOAgent.train(
            config: section, featureNames: scaled.names, specHash: FeatureSpec.hash(of: scaled.specs), features: features,
            closes: closes, trainingRows: Self.longestUsableRun(in: split.train, of: scaled), fee: trading.fee,
            slippage: trading.slippage, cancellation: cancellation
        ) { update in
            progress(
                TrainingProgress(
                    kind: .ppo, symbol: scaled.symbol, step: update.update, total: update.updates,
                    metrics: String(format: "episode return %.4f", update.meanEpisodeReturn),
                    elapsed: Date().timeIntervalSince(started)))
        }
        let validation = Self.longestUsableRun(in: split.validation, of: scaled)
        let test = Self.longestUsableRun(in: split.test, of: scaled)
        let evaluation = try agent.evaluationReport(
            features: features, closes: closes, validationRows: validation, testRows: test, fee: trading.fee,
            slippage: trading.slippage)
        func line(_ name: String, _ window: PPOEvaluationWindow) -> String {
            String(
                format: "%@: agent %+.2f%% vs buy-and-hold %+.2f%%, %d trades, fees %.2f, actions hold/buy/sell %@%@",
                name, window.agentReturn * 100, window.buyAndHoldReturn * 100, window.trades, window.feesPaid,
                window.actionHistogram.map(String.init).joined(separator: "/"),
                window.collapsed ? " — COLLAPSED to one action" : "")
        }
        return FittedModel(
            model: agent, rows: ["train": split.train.count, "validation": validation.count, "test": test.count],
            iterations: summary.updates, bestIteration: summary.updates,
            summary: "trained \(summary.timesteps) steps in \(summary.updates) updates (\(Int(summary.stepsPerSecond)) steps/s)",
            notes: [line("validation", evaluation.validation), line("test", evaluation.test)],
            seed: section.runSeed)
    }

    /// The longest run of consecutive rows inside `range` that are past every warm-up (a run
    /// ends where a gap starts a new segment).
    /// - Complexity: O(range).
    static func longestUsableRun(in range: Range<Int>, of matrix: FeatureMatrix) -> Range<Int> {
        let positions = matrix.positionsInSegment
        var best = range.lowerBound..<range.lowerBound
        var start: Int? = nil
        for row in range.clamped(to: 0..<matrix.rowCount) {
            if positions[row] >= matrix.warmupRows {
                if start == nil { start = row }
                if let s = start, row + 1 - s > best.count { best = s..<(row + 1) }
            } else {
                start = nil
            }
        }
        return best
    }
}

extension PPOConfig: SeededSection {
    public var runSeed: UInt64 {
        get { UInt64(truncatingIfNeeded: seed) }
        set { seed = Int(truncatingIfNeeded: newValue) }
    }
}

extension PPOAgent: SafetensorsStored {
    public var kind: ModelKind { .ppo }

    public func write(to path: String) throws { try save(to: path) }

    public func inspection(top: Int) -> ModelInspection {
        let c = config
        return ModelInspection(
            fields: [
                ("kind", "ppo"),
                ("observation shape", observationShape.map(String.init).joined(separator: " × ")),
                ("hidden sizes", c.hiddenSizes.map(String.init).joined(separator: ", ")),
                ("actions", "hold/buy/sell → " + c.actionReturns.map { "\($0)" }.joined(separator: "/")),
                ("total timesteps", String(c.totalTimesteps)), ("feature spec hash", specHash),
                ("seed", String(c.seed)),
                ("features", featureNames.prefix(top).joined(separator: ", ") + (featureNames.count > top ? ", …" : "")),
            ], importances: nil)
    }

    public func requireScorable(path: String) throws {
        throw ModelError.unsupportedModel(
            path: path, line: nil, feature: "scoring a PPO agent (its observation includes the portfolio; the trader runs it)")
    }

    public func score(_ features: DenseMatrix, path: String) throws -> ScoredRows {
        try requireScorable(path: path)
        return ScoredRows(predictions: [], firstRow: 0, window: 1, featureCount: 0)
    }

    public func predictor(specs: [FeatureSpec], hash: String) -> Result<any ModelPredictor, PredictorRefusal> {
        guard specHash == hash, featureNames == specs.map(\.name) else {
            return .failure(PredictorRefusal(reason: "trained on another feature spec"))
        }
        return .success(PPOSignalPredictor(agent: self))
    }
}

/// The trader's agent: `action_returns` of its action on the observation of the window ending at
/// the bar and this symbol's position.
struct PPOSignalPredictor: ModelPredictor {
    let agent: PPOAgent

    var kind: ModelKind { .ppo }
    var windowRows: Int { agent.observationShape[0] }
    var needsAccount: Bool { true }

    func predict(_ rows: ScaledRows, endingAt row: Int, account: AccountSnapshot?, price: Double) throws -> Double {
        guard let account else { return .nan }
        let portfolio = PPOPortfolio(
            cash: account.cash, units: account.units, entryPrice: account.entryPrice,
            barsInPosition: account.barsInPosition)
        let observation = try agent.observation(
            features: rows.floats, featureCount: rows.columnCount, endingAt: row, portfolio: portfolio, price: price)
        return try agent.expectedReturn(observation: observation, shape: agent.observationShape)
    }
}

extension ModelKind {
    /// The PPO trading agent.
    public static let ppo = ModelKind(registering: "ppo")
}
