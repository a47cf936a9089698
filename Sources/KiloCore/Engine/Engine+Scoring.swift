import Foundation

/// A model file opened for `score`, `inspect model` and `models`, read by its kind's `ModelFamily`.
public struct ModelFile: Sendable {
    /// The model.
    public var model: any TrainedModel

    /// Opens `path`: an extension one family alone reads (`.txt` for LightGBM text) by that family,
    /// `.safetensors` by the family its `format` metadata names.
    /// - Throws: `ModelError`, `GRUError`, `PPOError` or `SafetensorsError` naming the file.
    public static func open(_ path: String) throws -> ModelFile {
        let ext = URL(filePath: path).pathExtension.lowercased()
        let readers = ModelRegistry.families.filter { $0.readableExtensions.contains(ext) }
        if readers.count == 1, let family = readers.first, family.safetensorsFormat == nil {
            return ModelFile(model: try family.open(path: path, safetensors: nil))
        }
        guard !readers.isEmpty else {
            throw ModelError.unsupportedModel(
                path: path, line: nil,
                feature: "the '.\(ext)' extension (expected \(listed(extensions: Self.extensions)))")
        }
        let file = try SafetensorsFile.read(from: path)
        let format = file.metadata["format"]
        guard let family = readers.first(where: { $0.safetensorsFormat != nil && $0.safetensorsFormat == format }) else {
            let formats = readers.compactMap(\.safetensorsFormat)
            throw ModelError.unsupportedModel(
                path: path, line: nil,
                feature: "safetensors format '\(format ?? "(none)")' (expected \(formats.joined(separator: " or ")))")
        }
        return ModelFile(model: try family.open(path: path, safetensors: file))
    }

    /// The kinds' file extensions, those only one family writes first (`txt`, `safetensors`).
    public static var extensions: [String] {
        var seen: [String] = []
        let shared = ModelRegistry.families.filter { $0.safetensorsFormat != nil }
        for family in ModelRegistry.families.filter({ $0.safetensorsFormat == nil }) + shared
        where !seen.contains(family.fileExtension) {
            seen.append(family.fileExtension)
        }
        return seen
    }

    private static func listed(extensions: [String]) -> String {
        extensions.map { "." + $0 }.joined(separator: " or ")
    }

    /// `gru`, `lightgbm` or `ppo`.
    public var kind: String { model.kind.rawValue }

    /// The input features, by name, in model order.
    public var featureNames: [String] { model.featureNames }
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
        try model.model.requireScorable(path: path)
        let table = try ScoreTable.read(path: input, columns: model.featureNames)
        let scored = try model.model.score(table.features, path: path)
        try Self.requireFinite(
            scored.predictions, firstRow: scored.firstRow, model: path, table: table, window: scored.window)
        let timestamps = scored.predictions.indices.map { table.timestamps[$0 + scored.firstRow] }
        try ScoreTable.writePredictions(path: output, timestamps: timestamps, predictions: scored.predictions)
        return ScoreSummary(
            kind: model.kind, inputRows: table.timestamps.count, predictions: scored.predictions.count,
            features: scored.featureCount)
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
