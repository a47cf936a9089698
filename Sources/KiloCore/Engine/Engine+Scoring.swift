import Foundation

/// A model file opened for `score` or `inspect model`.
public enum ModelFile: Sendable {
    /// A LightGBM text model (`.txt`), written by Kilo or by LightGBM 4.x.
    case lightgbm(Booster)
    /// A Kilo GRU in safetensors (`format` = `kilo-gru`).
    case gru(GRUModel)
    /// A Kilo PPO agent in safetensors (`format` = `kilo-ppo`).
    case ppo(PPOAgent)

    /// Opens `path`: `.txt` as LightGBM text, `.safetensors` by its `format` metadata.
    /// - Throws: `ModelError`, `GRUError` or `SafetensorsError` naming the file.
    public static func open(_ path: String) throws -> ModelFile {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "txt", "model", "lgb":
            return .lightgbm(try Booster.load(contentsOfFile: path))
        case "safetensors":
            let file = try SafetensorsFile.read(from: path)
            switch file.metadata["format"] {
            case "kilo-gru": return .gru(try GRUModel(file: file, path: path))
            case "kilo-ppo": return .ppo(try PPOAgent.load(from: path))
            case let other:
                throw ModelError.unsupportedModel(
                    path: path, line: nil,
                    feature: "safetensors format '\(other ?? "(none)")' (expected kilo-gru or kilo-ppo)")
            }
        default:
            throw ModelError.unsupportedModel(
                path: path, line: nil, feature: "the '.\(ext)' extension (expected .txt or .safetensors)")
        }
    }

    /// `gru`, `lightgbm` or `ppo`.
    public var kind: String {
        switch self {
        case .lightgbm: "lightgbm"
        case .gru: "gru"
        case .ppo: "ppo"
        }
    }

    /// The input features, by name, in model order.
    public var featureNames: [String] {
        switch self {
        case .lightgbm(let booster): booster.featureNames
        case .gru(let model): model.featureNames
        case .ppo(let agent): agent.featureNames
        }
    }
}

/// What `score` did.
public struct ScoreSummary: Sendable, Equatable {
    /// `gru`, `lightgbm` or `ppo`.
    public var kind: String
    /// Rows read from the input.
    public var inputRows: Int
    /// Predictions written.
    public var predictions: Int
    /// Feature columns taken from the input, by name.
    public var features: Int
}

extension Engine {
    /// Scores a CSV with any model file: the model's feature columns are taken from `input` by
    /// name (other columns ignored; a missing one is an error naming it), the first column is
    /// copied as `timestamp`, and `output` gets `timestamp,prediction` in round-trip precision.
    /// A GRU writes one row per full window of `sequence_length` rows (the raw network output,
    /// before target de-standardisation); LightGBM one row per input row.
    /// - Throws: `ModelError` and the model kind's own errors, naming files and columns.
    public func score(model path: String, input: String, output: String) throws -> ScoreSummary {
        let model = try ModelFile.open(path)
        if case .ppo = model {
            throw ModelError.unsupportedModel(
                path: path, line: nil, feature: "scoring a PPO agent (its observation includes the portfolio; the trader runs it)")
        }
        let table = try ScoreTable.read(path: input, columns: model.featureNames)
        switch model {
        case .lightgbm(let booster):
            let predictions = booster.predict(table.features)
            try Self.requireFinite(predictions, firstRow: 0, model: path, table: table, window: 1)
            try ScoreTable.writePredictions(path: output, timestamps: table.timestamps, predictions: predictions)
            return ScoreSummary(
                kind: model.kind, inputRows: table.timestamps.count, predictions: predictions.count,
                features: booster.featureCount)
        case .gru(let gru):
            let values = table.features.values.map { Float($0) }
            let raw = try gru.rawPredictions(features: values, columnCount: table.features.columnCount)
            let first = gru.sequenceLength - 1
            try Self.requireFinite(
                raw.map(Double.init), firstRow: first, model: path, table: table, window: gru.sequenceLength)
            let timestamps = raw.indices.map { table.timestamps[$0 + first] }
            try ScoreTable.writePredictions(path: output, timestamps: timestamps, predictions: raw.map { Double($0) })
            return ScoreSummary(
                kind: model.kind, inputRows: table.timestamps.count, predictions: raw.count,
                features: gru.featureNames.count)
        case .ppo:
            return ScoreSummary(kind: model.kind, inputRows: 0, predictions: 0, features: 0)
        }
    }

    /// Throws `ModelError.nonFinitePrediction` for the first NaN or infinite prediction (element
    /// `i` belongs to table row `firstRow + i`, whose window is the `window` rows ending there), so
    /// `score` never writes one.
    static func requireFinite(
        _ predictions: [Double], firstRow: Int, model: String, table: ScoreTable, window: Int
    ) throws(ModelError) {
        let features = table.features
        guard let bad = predictions.firstIndex(where: { !$0.isFinite }) else { return }
        let row = firstRow + bad
        let width = features.columnCount
        let inputs = features.values[((row - window + 1) * width)..<((row + 1) * width)]
        throw .nonFinitePrediction(
            path: model, row: row + 1, timestamp: table.timestamps[row], value: predictions[bad],
            inputNonFinite: inputs.contains { !$0.isFinite })
    }
}
