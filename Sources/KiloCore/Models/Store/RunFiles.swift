import Foundation

/// Every path one training run of one symbol writes and reads in a models folder — the only place
/// those names are spelled:
/// - `{kind}_model_{SYMBOL}_{YYYYMMDD_HHMMSS}.{ext}` (the extension is the kind's, from `ModelRegistry`),
/// - `preprocessor_{SYMBOL}_{YYYYMMDD_HHMMSS}.json` (shared by the runs of one stamp),
/// - `metadata/features_{SYMBOL}.json` (one per symbol, rewritten by every run),
/// - `manifests/{kind}_{SYMBOL}_{YYYYMMDD_HHMMSS}.json`.
///
/// Paths are joined with `URL` (relative folders stay relative) and handed out as strings, as the
/// file readers, reports and error messages take them.
public struct RunFiles: Sendable, Hashable {
    /// The models folder (`paths.models`).
    public var folder: String
    /// The symbol.
    public var symbol: String
    /// `YYYYMMDD_HHMMSS` in UTC (`ModelStore.timestamp`).
    public var stamp: String

    /// The run's model file of `kind`.
    public func model(_ kind: ModelKind) -> String {
        PathText.join(folder, Self.modelFileName(kind: kind, symbol: symbol, stamp: stamp))
    }

    /// The preprocessor fit by the runs of this stamp.
    public var preprocessor: String { PathText.join(folder, "preprocessor_\(symbol)_\(stamp).json") }

    /// The symbol's feature metadata (not stamped: the latest run's).
    public var metadata: String { PathText.join(folder, Self.metadataFolderName, "features_\(symbol).json") }

    /// The folder of `metadata`.
    public var metadataFolder: String { PathText.join(folder, Self.metadataFolderName) }

    /// The manifest of the run of `kind`.
    public func manifest(_ kind: ModelKind) -> String {
        PathText.join(folder, Self.manifestFolderName, "\(kind.rawValue)_\(symbol)_\(stamp).json")
    }

    /// The folder of the manifests.
    public var manifestFolder: String { PathText.join(folder, Self.manifestFolderName) }

    private static let metadataFolderName = "metadata"
    private static let manifestFolderName = "manifests"

    /// `gru_model_BTCEUR_20250101_120000.safetensors`.
    public static func modelFileName(kind: ModelKind, symbol: String, stamp: String) -> String {
        "\(kind.rawValue)_model_\(symbol)_\(stamp).\(kind.fileExtension)"
    }

    /// The kind, symbol and stamp a model file name follows the convention with, or `nil`.
    /// - Complexity: O(kinds × name length).
    public static func parse(modelFileName name: String) -> (kind: ModelKind, symbol: String, stamp: String)? {
        for kind in ModelKind.allCases {
            let prefix = "\(kind.rawValue)_model_"
            let suffix = ".\(kind.fileExtension)"
            guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { continue }
            let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
            let parts = middle.split(separator: "_")
            guard parts.count >= 3 else { continue }
            let stamp = parts.suffix(2).joined(separator: "_")
            let symbol = parts.dropLast(2).joined(separator: "_")
            guard stamp.count == 15, stamp.allSatisfy({ $0.isNumber || $0 == "_" }), !symbol.isEmpty else { continue }
            return (kind, symbol, stamp)
        }
        return nil
    }
}
