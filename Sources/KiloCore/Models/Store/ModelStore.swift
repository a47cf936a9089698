import Foundation

/// The model files of a models folder (named by `RunFiles`), so the latest model of a
/// (kind, symbol) is chosen by the time in its name, never across symbols.
public enum ModelStore {
    /// `YYYYMMDD_HHMMSS` in UTC.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ x: Int?) -> String {
            let v = x ?? 0
            return v < 10 ? "0\(v)" : "\(v)"
        }
        return "\(p.year ?? 0)\(two(p.month))\(two(p.day))_\(two(p.hour))\(two(p.minute))\(two(p.second))"
    }

    /// A model file recognised by its name.
    public struct Entry: Sendable, Equatable {
        /// The model kind.
        public var kind: ModelKind
        /// The symbol it was trained for.
        public var symbol: String
        /// `YYYYMMDD_HHMMSS`.
        public var stamp: String
        /// The path.
        public var path: String
        /// The models folder it is in.
        public var folder: String

        /// The files of the run that wrote it.
        public var files: RunFiles { RunFiles(folder: folder, symbol: symbol, stamp: stamp) }
    }

    /// Parses a model file name, or `nil` when it does not follow the convention.
    public static func entry(forFileName name: String, in folder: String) -> Entry? {
        guard let (kind, symbol, stamp) = RunFiles.parse(modelFileName: name) else { return nil }
        let files = RunFiles(folder: folder, symbol: symbol, stamp: stamp)
        return Entry(kind: kind, symbol: symbol, stamp: stamp, path: files.model(kind), folder: folder)
    }

    /// Every model file in `folder`, sorted by kind, symbol and time.
    public static func entries(in folder: String) -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { entry(forFileName: $0, in: folder) }
            .sorted { ($0.kind.rawValue, $0.symbol, $0.stamp) < ($1.kind.rawValue, $1.symbol, $1.stamp) }
    }

    /// The newest model of `kind` for `symbol` (by the time in its name).
    public static func latest(_ kind: ModelKind, for symbol: String, in folder: String) -> Entry? {
        entries(in: folder).filter { $0.kind == kind && $0.symbol == symbol }.max { $0.stamp < $1.stamp }
    }

    /// Deletes all but the newest `keep` models of `kind` for `symbol`, with the manifests of
    /// the deleted runs and preprocessors no kept model shares a time stamp with.
    /// - Returns: The deleted paths.
    @discardableResult
    public static func prune(_ kind: ModelKind, for symbol: String, keep: Int, in folder: String) -> [String] {
        guard keep > 0 else { return [] }
        let all = entries(in: folder)
        let mine = all.filter { $0.kind == kind && $0.symbol == symbol }.sorted { $0.stamp > $1.stamp }
        guard mine.count > keep else { return [] }
        let doomed = mine.dropFirst(keep)
        let keptStamps = Set(all.filter { entry in !doomed.contains(entry) && entry.symbol == symbol }.map(\.stamp))
        var deleted: [String] = []
        for entry in doomed {
            var paths = [entry.path, entry.files.manifest(kind)]
            if !keptStamps.contains(entry.stamp) { paths.append(entry.files.preprocessor) }
            for path in paths where (try? FileManager.default.removeItem(atPath: path)) != nil { deleted.append(path) }
        }
        return deleted
    }
}
