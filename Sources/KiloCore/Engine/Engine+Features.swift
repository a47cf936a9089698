import Foundation

/// Features of one loaded symbol, with the split and the preprocessor fit on its training rows.
public struct SymbolFeatures: Sendable {
    /// The raw feature matrix (warm-up rows NaN).
    public var matrix: FeatureMatrix
    /// The chronological split of the usable rows (`nil` when the series is too short).
    public var split: DataSplit?
    /// The preprocessor fit on the training split (`nil` without a split).
    public var preprocessor: Preprocessor?
}

extension Engine {
    /// Generates (and caches) the features of a loaded symbol with `features` from the config.
    /// - Throws: `DataError.symbolNotLoaded`, or `FeatureError` when the preprocessor cannot be fit.
    @discardableResult
    public func features(for symbol: String) throws -> SymbolFeatures {
        let loaded = try bars(for: symbol)
        let key = loaded.series.symbol
        if let cached = featureCache[key] { return cached }
        let matrix = FeatureEngine(config: config.features).generate(for: loaded.series)
        let split = trainingSplit(for: matrix)
        let preprocessor = try split.map { split throws(FeatureError) in
            try Preprocessor.fit(matrix, trainingRows: split.train, config: config.features)
        }
        let result = SymbolFeatures(matrix: matrix, split: split, preprocessor: preprocessor)
        featureCache[key] = result
        return result
    }

    /// The chronological train / validation / test split of a matrix's usable rows, with the
    /// embargo `training.embargo_bars` (or max(longest lookback, target horizon) when 0).
    public func trainingSplit(for matrix: FeatureMatrix) -> DataSplit? {
        DataSplit.chronological(
            usable: usableRows(of: matrix),
            fractions: (config.training.trainFraction, config.training.validationFraction, config.training.testFraction),
            embargo: embargo(for: matrix))
    }

    /// `training.embargo_bars`, or max(longest lookback, target horizon) when it is 0.
    func embargo(for matrix: FeatureMatrix) -> Int {
        config.training.embargoBars > 0
            ? config.training.embargoBars : max(matrix.warmupRows, config.features.targetHorizon)
    }

    /// The rows past the features' warm-up, which the splits divide.
    func usableRows(of matrix: FeatureMatrix) -> Range<Int> {
        min(matrix.warmupRows, matrix.rowCount)..<matrix.rowCount
    }

    /// The NaN report of a symbol's features, with fills from its preprocessor's training means.
    public func nanReport(for symbol: String) throws -> NaNReport {
        let features = try features(for: symbol)
        return NaNReport(
            matrix: features.matrix, ffillLimit: config.features.ffillLimit,
            fillValues: features.preprocessor?.fillValues)
    }

    /// Writes a symbol's features as CSV: raw, or cleaned and scaled by its preprocessor.
    /// - Throws: `FeatureError` (write failures; no preprocessor for `scaled`).
    public func exportFeatures(for symbol: String, to path: String, scaled: Bool) throws -> FeatureMatrix {
        let features = try features(for: symbol)
        guard scaled else {
            try FeatureCSV.write(features.matrix, to: path)
            return features.matrix
        }
        guard let preprocessor = features.preprocessor else {
            throw FeatureError.emptyTrainingRange(lower: 0, upper: features.matrix.rowCount)
        }
        let (matrix, _) = try preprocessor.transform(features.matrix)
        try FeatureCSV.write(matrix, to: path)
        return matrix
    }

    /// Feature names the config produces (for completion).
    public var featureNames: [String] { FeatureCatalogue.names(for: config.features) }
}

extension Engine {
    /// What `features --save` wrote.
    public struct SavedFeatureFiles: Sendable, Equatable {
        /// `models/preprocessor_{SYMBOL}_{YYYYMMDD_HHMMSS}.json`.
        public var preprocessor: String
        /// `models/metadata/features_{SYMBOL}.json`.
        public var metadata: String
    }

    /// Saves a symbol's preprocessor and feature metadata (ordered names, parameters, lookbacks,
    /// spec hash, interval, train range, data SHA-256) into `paths.models`.
    /// - Parameter date: The time stamped into the preprocessor's file name.
    /// - Throws: `FeatureError` when there is no training split or a file cannot be written.
    public func saveFeatureFiles(for symbol: String, date: Date) throws -> SavedFeatureFiles {
        let features = try features(for: symbol)
        guard let split = features.split, let preprocessor = features.preprocessor else {
            throw FeatureError.emptyTrainingRange(lower: 0, upper: features.matrix.rowCount)
        }
        let key = features.matrix.symbol
        let files = RunFiles(folder: config.paths.models, symbol: key, stamp: ModelStore.timestamp(date))
        try FileManager.default.createDirectory(atPath: files.metadataFolder, withIntermediateDirectories: true)
        try preprocessor.save(to: files.preprocessor)
        let dataHash = dataFingerprints().first { $0.symbol == key }?.sha256 ?? ""
        let metadata = FeatureMetadata(matrix: features.matrix, trainRows: split.train, dataSHA256: dataHash)
        try metadata.save(to: files.metadata)
        return SavedFeatureFiles(preprocessor: files.preprocessor, metadata: files.metadata)
    }
}
