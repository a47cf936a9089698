import Foundation

/// Scales feature columns with statistics fitted on the training rows only, after the causal NaN
/// pipeline of `FeatureCleaner` (whose mean step uses the training means stored here); clips to
/// ±`clip` after scaling. Saved as JSON next to the model.
public struct Preprocessor: Sendable, Codable, Equatable {
    /// The symbol it was fitted for.
    public var symbol: String
    /// The feature names, in order.
    public var featureNames: [String]
    /// The spec hash of the features it was fitted on.
    public var specHash: String
    /// The scaler.
    public var scaler: ScalerKind
    /// Per column: mean (standard) or median (robust).
    public var centers: [Double]
    /// Per column: population std (standard) or IQR (robust); 1 where that is 0 or undefined.
    public var scales: [Double]
    /// Per column: the training mean used to fill NaNs (NaN when the column had no finite value).
    public var fillValues: [Double]
    /// Scaled values are clipped to ±clip (0 = off).
    public var clip: Double
    /// The forward-fill reach used before filling.
    public var ffillLimit: Int
    /// The row range the fit was asked for.
    public var trainRows: Range<Int>
    /// The rows actually used (warm, with a target).
    public var trainingRowCount: Int

    /// Linear-interpolated quantile of sorted values (numpy's default).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// Cleans (inf → NaN, ffill, training mean, zero) and scales `matrix`; warm-up rows stay NaN.
    /// Returns the scaled matrix and what the cleaning did per column.
    /// - Complexity: O(rows · columns), one streaming pass writing the new values.
    public func transform(_ matrix: FeatureMatrix) throws(FeatureError)
        -> (matrix: FeatureMatrix, counts: [FeatureCleaner.Counts])
    {
        guard matrix.columnCount == featureNames.count else {
            throw .columnMismatch(expected: featureNames.count, found: matrix.columnCount)
        }
        for (i, name) in matrix.names.enumerated() where name != featureNames[i] {
            throw .specMismatch(index: i, name: featureNames[i], expected: featureNames[i], found: name)
        }
        let hash = FeatureSpec.hash(of: matrix.specs)
        guard hash == specHash else { throw .specHashMismatch(expected: specHash, found: hash) }
        let (values, counts) = FeatureCleaner.cleaned(
            matrix, ffillLimit: ffillLimit, fillValues: fillValues, map: Scaling(preprocessor: self))
        var out = matrix
        out.values = values
        return (out, counts)
    }

    /// Scales and clips one cleaned value of column `c` (shared by `transform` and `StreamScaler`).
    @inline(__always) func scale(_ value: Double, column c: Int) -> Double {
        var x = (value - centers[c]) / scales[c]
        if clip > 0 && !x.isNaN { x = min(max(x, -clip), clip) }
        return x
    }

    /// Writes the preprocessor as JSON to `path`.
    public func save(to path: String) throws(FeatureError) {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .file(FileFailure(.write, path: path, error: error))
        }
    }

    /// Reads a preprocessor written by `save(to:)` and checks it can scale (`validate`).
    /// - Throws: `FeatureError.file` for an unreadable file or bad JSON,
    ///   `.invalidPreprocessor` naming the first unusable column.
    public static func load(from path: String) throws(FeatureError) -> Preprocessor {
        let preprocessor: Preprocessor
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
            preprocessor = try decoder.decode(Preprocessor.self, from: data)
        } catch {
            throw .file(FileFailure(.read, path: path, error: error))
        }
        try preprocessor.validate(path: path)
        return preprocessor
    }

    /// Throws unless every column has a finite center, a positive finite scale and a finite (or
    /// NaN: no training value) fill, the arrays match the feature names, and the clip and
    /// forward-fill reach are in range. `path` names the file in the error.
    public func validate(path: String) throws(FeatureError) {
        func invalid(_ reason: String) -> FeatureError { .invalidPreprocessor(path: path, reason: reason) }
        let n = featureNames.count
        guard centers.count == n, scales.count == n, fillValues.count == n else {
            throw invalid("\(n) feature names but \(centers.count) centers, \(scales.count) scales, \(fillValues.count) fill values")
        }
        for c in 0..<n {
            let name = Excerpt.of(featureNames[c])
            guard centers[c].isFinite else { throw invalid("column '\(name)' has center \(centers[c]); it must be finite") }
            guard scales[c].isFinite && scales[c] > 0 else {
                throw invalid("column '\(name)' has scale \(scales[c]); it must be positive and finite")
            }
            guard !fillValues[c].isInfinite else {
                throw invalid("column '\(name)' has fill value \(fillValues[c]); it must be finite (or NaN for none)")
            }
        }
        guard clip.isFinite && clip >= 0 else { throw invalid("clip is \(clip); it must be finite and at least 0") }
        guard ffillLimit >= 0 else { throw invalid("ffillLimit is \(ffillLimit); it must be at least 0") }
    }
}

/// `Preprocessor.scale` as the map `transform` writes through.
private struct Scaling: CleanedValueMap {
    let preprocessor: Preprocessor

    @inline(__always) func map(_ value: Double, column: Int) -> Double { preprocessor.scale(value, column: column) }
}
