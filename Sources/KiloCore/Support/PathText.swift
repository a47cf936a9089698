import Foundation

/// Path arithmetic on the string paths Kilo hands around (file readers, reports and error
/// messages take strings), done with `URL` joins: relative paths stay relative, absolute ones
/// absolute. The one place that splits or joins a path; nothing else uses `NSString` for it.
public enum PathText {
    /// `components` under `folder`, relative when `folder` is (`models` + `x` → `models/x`); an
    /// empty `folder` is the current one (`"" + x` → `x`).
    /// - Complexity: O(total length).
    public static func join(_ folder: String, _ components: String...) -> String {
        join(folder, components)
    }

    /// `components` under `folder`, as `join(_:_:)` with an array.
    /// - Complexity: O(total length).
    public static func join(_ folder: String, _ components: [String]) -> String {
        guard !folder.isEmpty else { return components.joined(separator: "/") }
        var url = URL(filePath: folder, directoryHint: .isDirectory, relativeTo: nil)
        for component in components { url = url.appending(path: component, directoryHint: .notDirectory) }
        return url.relativePath
    }

    /// The folder that holds `path` (`studies/x.sqlite` → `studies`); empty for a bare file name
    /// (`x.sqlite`), which `join` reads as the current folder.
    /// - Complexity: O(length).
    public static func folder(of path: String) -> String {
        path.contains("/") ? url(path).deletingLastPathComponent().relativePath : ""
    }

    /// The last component of `path` (`data/BTCEUR_30m.csv` → `BTCEUR_30m.csv`).
    /// - Complexity: O(length).
    public static func fileName(of path: String) -> String { url(path).lastPathComponent }

    /// The file name without its extension (`data/BTCEUR_30m.csv` → `BTCEUR_30m`).
    /// - Complexity: O(length).
    public static func stem(of path: String) -> String { url(path).deletingPathExtension().lastPathComponent }

    /// The extension of the file name, without the dot, as written (`x.CSV` → `CSV`; none → empty).
    /// - Complexity: O(length).
    public static func fileExtension(of path: String) -> String { url(path).pathExtension }

    private static func url(_ path: String) -> URL { URL(filePath: path, directoryHint: .inferFromPath, relativeTo: nil) }
}
