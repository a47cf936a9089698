import Foundation

/// One short reason for a failed file read or write or JSON decode, instead of Foundation's
/// error dump (`Error Domain=NSCocoaErrorDomain Code=4 …`): it says which path is missing or not
/// writable, and why.
public enum IOReason {
    /// Why reading or writing `path` failed with `error`.
    ///
    /// A missing parent folder is named (`folder '/tmp/x' does not exist`); POSIX causes read
    /// as `strerror` does (`permission denied`); a `DecodingError` names the key or says the JSON
    /// is invalid. Anything else is its localized description, quoted as an `Excerpt`.
    public static func describe(_ error: any Error, path: String) -> String {
        if let decoding = error as? DecodingError { return describe(decoding) }
        let ns = error as NSError
        if let code = posixCode(ns) {
            if code == ENOENT || code == ENOTDIR { return missing(path) }
            if code == EISDIR { return "it is a folder, not a file" }
            if code == EACCES || code == EPERM { return "permission denied" }
            if code == ENOSPC { return "the disk is full" }
            if code == EROFS { return "the file system is read-only" }
            return String(cString: strerror(code)).lowercased()
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return missing(path)
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
            case NSFileWriteOutOfSpaceError: return "the disk is full"
            case NSFileWriteVolumeReadOnlyError: return "the file system is read-only"
            case NSFileReadInapplicableStringEncodingError, NSFileReadUnknownStringEncodingError:
                return "the file is not UTF-8 text"
            case NSFileReadCorruptFileError: return "the file is corrupt"
            default: break
            }
        }
        return Excerpt.of(ns.localizedDescription)
    }

    /// A `DecodingError` as one sentence naming the key path.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : "'\(Excerpt.of(keys.joined(separator: ".")))'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            let prefix = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "key '\(Excerpt.of(key.stringValue))' is missing\(prefix)"
        case .typeMismatch(let type, let context):
            return "\(path(context)) is not a \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context)) is null, expected a \(type)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)) is invalid"
        @unknown default:
            return "not valid JSON"
        }
    }

    /// Why `path` was not found: its folder is missing or is a file, or the file itself is.
    private static func missing(_ path: String) -> String {
        let parent = PathText.folder(of: path)
        if !parent.isEmpty && !isDirectory(parent) {
            return FileManager.default.fileExists(atPath: parent)
                ? "'\(Excerpt.path(parent))' is a file, not a folder"
                : "folder '\(Excerpt.path(parent))' does not exist"
        }
        return "no such file"
    }

    private static func posixCode(_ error: NSError) -> Int32? {
        if error.domain == NSPOSIXErrorDomain { return Int32(truncatingIfNeeded: error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(truncatingIfNeeded: underlying.code)
        }
        return nil
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }
}
