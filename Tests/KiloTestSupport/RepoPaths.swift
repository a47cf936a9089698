import Foundation

/// Paths inside this repository, for tests that read the embedded data and fixtures.
public enum RepoPaths {
    /// The repository root (the folder holding `Package.swift`).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `data/` in the repository.
    public static var data: URL { root.appendingPathComponent("data") }

    /// A path under the repository root.
    public static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }
}
