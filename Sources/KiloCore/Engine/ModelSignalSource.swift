/// One symbol's latest trained GRU and LightGBM-compatible models, predicting from the same
/// preprocessed feature rows they were trained on.
///
/// The features are causal (the row at bar t depends on bars up to t only) and the preprocessor
/// was fit on the training split and is frozen, so computing the rows for the whole series once is
/// the same as updating them bar by bar (`FeatureStream` and `StreamScaler` give bit-identical
/// rows): a prediction at `barIndex` depends on bars `0...barIndex` only.
public final class ModelSignalSource: SignalSource {
    /// The symbol.
    public let symbol: String
    private let scaled: [Float]
    private let scaledRows: [Double]
    private let columnCount: Int
    private let positions: [Int]
    private let warm: Int
    private let gru: GRUPredictor?
    private let booster: Booster?
    private let ppo: PPOAgent?

    /// Why a model was left out (not trained, another feature spec), for `trader status`.
    public let notes: [String]

    /// A source over the preprocessed matrix `scaled` with the models that match its spec.
    public init(scaled matrix: FeatureMatrix, gru: GRUModel?, booster: Booster?, ppo: PPOAgent? = nil) {
        symbol = matrix.symbol
        columnCount = matrix.columnCount
        scaledRows = matrix.values
        scaled = matrix.values.map { $0.isFinite ? Float($0) : 0 }
        positions = matrix.positionsInSegment
        warm = matrix.warmupRows
        var notes: [String] = []
        let hash = FeatureSpec.hash(of: matrix.specs)
        if let gru, gru.featureSpecHash != hash || gru.featureNames != matrix.names {
            notes.append("gru: trained on another feature spec (\(gru.featureSpecHash.prefix(12)) ≠ \(hash.prefix(12))); left out")
            self.gru = nil
        } else {
            self.gru = gru.map(GRUPredictor.init)
            if gru == nil { notes.append("gru: no trained model") }
        }
        if let booster, booster.featureNames != matrix.names {
            notes.append("lightgbm: trained on other features; left out")
            self.booster = nil
        } else {
            self.booster = booster
            if booster == nil { notes.append("lightgbm: no trained model") }
        }
        if let ppo, ppo.specHash != hash || ppo.featureNames != matrix.names {
            notes.append("ppo: trained on another feature spec; left out")
            self.ppo = nil
        } else {
            self.ppo = ppo
            if ppo == nil { notes.append("ppo: no trained model") }
        }
        self.notes = notes
    }

    public var warmupBars: Int { warm }

    /// The models loaded.
    public var models: [ModelKind] {
        (gru == nil ? [] : [.gru]) + (booster == nil ? [] : [.lightgbm]) + (ppo == nil ? [] : [.ppo])
    }

    /// GRU and LightGBM predictions, and PPO's from the same observation function it was trained
    /// with: its window of feature rows and this symbol's position. The observation's shape is
    /// checked on every call; a mismatch throws (the trader skips the symbol with the reason).
    public func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int, account: AccountSnapshot)
        throws -> [ModelKind: Double]
    {
        var result = try predictions(for: symbol, bars: bars, upTo: barIndex)
        guard let ppo, barIndex < positions.count,
            positions[barIndex] >= warm + ppo.observationShape[0] - 1, barIndex < bars.count
        else { return result }
        let portfolio = PPOPortfolio(
            cash: account.cash, units: account.units, entryPrice: account.entryPrice,
            barsInPosition: account.barsInPosition)
        let observation = try ppo.observation(
            features: scaled, featureCount: columnCount, endingAt: barIndex, portfolio: portfolio,
            price: bars.close[barIndex])
        result[.ppo] = try ppo.expectedReturn(observation: observation, shape: ppo.observationShape)
        return result
    }

    public func predictions(for symbol: String, bars: BarSeries, upTo barIndex: Int) throws -> [ModelKind: Double] {
        guard barIndex >= 0, barIndex < positions.count else { return [:] }
        var result: [ModelKind: Double] = [:]
        let position = positions[barIndex]
        if let booster, position >= warm {
            scaledRows.withUnsafeBufferPointer { rows in
                if let base = rows.baseAddress {
                    result[.lightgbm] = booster.predictRaw(row: base + barIndex * columnCount)
                }
            }
        }
        if let gru, position >= warm + gru.model.sequenceLength - 1 {
            let raw = scaled.withUnsafeBufferPointer { gru.predictRaw(features: $0, endingAt: barIndex) }
            result[.gru] = gru.model.destandardized(raw)
        }
        return result
    }
}
