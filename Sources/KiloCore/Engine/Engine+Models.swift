import Foundation

/// One model file in the models folder, as `models` lists it.
public struct ModelListing: Sendable {
    /// The file and what its name says.
    public var entry: ModelStore.Entry
    /// Whether it is the newest of its (kind, symbol).
    public var isLatest: Bool
    /// Test metrics from the run's manifest, when there is one.
    public var test: RegressionMetrics?
    /// `nil` when the file opens; else the one-line reason it does not.
    public var problem: String?
    /// The features with the most gain, best first, for kinds that measure gain (LightGBM).
    public var topGain: [String]
}

extension Engine {
    /// The model files of `paths.models` (one symbol, or all), each checked by opening it: a
    /// corrupt or truncated file is reported with its reason and the others still list.
    public func modelListings(symbol: String? = nil) -> [ModelListing] {
        let folder = config.paths.models
        let entries = ModelStore.entries(in: folder).filter { symbol == nil || $0.symbol == symbol }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
        return entries.map { entry in
            let latest = ModelStore.latest(entry.kind, for: entry.symbol, in: folder)
            let manifest = FileManager.default.contents(atPath: entry.files.manifest(entry.kind)).flatMap {
                try? decoder.decode(TrainingManifest.self, from: $0)
            }
            var problem: String? = nil
            var topGain: [String] = []
            do {
                topGain = try ModelFile.open(entry.path).model.topGain
            } catch {
                problem = "\(error)"
            }
            return ModelListing(
                entry: entry, isLatest: latest == entry,
                test: manifest?.report.evaluations.first { $0.split == "test" }?.model, problem: problem,
                topGain: topGain)
        }
    }
}
