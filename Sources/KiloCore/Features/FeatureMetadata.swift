import Foundation

/// `RunFiles.metadata` (`models/metadata/features_{SYMBOL}.json`): the exact feature list a model was trained with.
///
/// Models record `specHash`; loading a model checks the current spec with `verify(against:)`,
/// which names the first differing feature. Nothing is ever padded or trimmed to a count.
public struct FeatureMetadata: Sendable, Codable, Equatable {
    /// Training rows, by index and by bar time.
    public struct TrainRange: Sendable, Codable, Equatable {
        public var startRow: Int
        public var endRow: Int
        public var startTimestamp: Int64?
        public var endTimestamp: Int64?
    }

    /// The symbol.
    public var symbol: String
    /// Feature names in model input order.
    public var featureNames: [String]
    /// Each feature's definition, parameters and lookback, in order.
    public var features: [FeatureSpec]
    /// SHA-256 over the features' canonical texts (`FeatureSpec.hash(of:)`).
    public var specHash: String
    /// The bar interval (`30m`).
    public var interval: BarInterval
    /// The training rows (end exclusive; timestamps of the first and last training bar).
    public var trainRange: TrainRange
    /// SHA-256 of the data the features were computed from.
    public var dataSHA256: String

    /// Metadata for `specs` trained on `trainRows` of `matrix`.
    public init(matrix: FeatureMatrix, trainRows: Range<Int>, dataSHA256: String) {
        symbol = matrix.symbol
        features = matrix.specs
        featureNames = matrix.names
        specHash = FeatureSpec.hash(of: matrix.specs)
        interval = matrix.interval
        let rows = trainRows.clamped(to: 0..<matrix.rowCount)
        trainRange = TrainRange(
            startRow: rows.lowerBound, endRow: rows.upperBound,
            startTimestamp: rows.isEmpty ? nil : matrix.timestamps[rows.lowerBound],
            endTimestamp: rows.isEmpty ? nil : matrix.timestamps[rows.upperBound - 1])
        self.dataSHA256 = dataSHA256
    }

    /// Throws `FeatureError.specMismatch` naming the first feature whose name, definition,
    /// parameters or lookback differ from `specs` (a missing or extra column included), or
    /// `specHashMismatch` if the stored hash does not match although every feature does.
    public func verify(against specs: [FeatureSpec]) throws(FeatureError) {
        for i in 0..<max(features.count, specs.count) {
            let stored = i < features.count ? features[i] : nil
            let current = i < specs.count ? specs[i] : nil
            if stored != current {
                throw .specMismatch(
                    index: i, name: stored?.name ?? current?.name ?? "?",
                    expected: stored?.canonicalText ?? "<no column>", found: current?.canonicalText ?? "<no column>")
            }
        }
        let hash = FeatureSpec.hash(of: specs)
        if hash != specHash { throw .specHashMismatch(expected: specHash, found: hash) }
    }

    /// Writes the metadata as JSON to `path`.
    public func save(to path: String) throws(FeatureError) {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .file(FileFailure(.write, path: path, error: error))
        }
    }

    /// Reads metadata written by `save(to:)`.
    public static func load(from path: String) throws(FeatureError) -> FeatureMetadata {
        do {
            return try JSONDecoder().decode(FeatureMetadata.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .file(FileFailure(.read, path: path, error: error))
        }
    }
}
