import Foundation

/// What the processor offers, as the Linux kernel reports it in `/proc/cpuinfo`: the model name
/// and the feature flags. The kernel clears a flag whose register state the OS does not save, so
/// a flag listed here is one the process can use.
public struct CPUInfo: Sendable, Equatable {
    /// The `model name` line, for example `Intel(R) Xeon(R) Platinum 8488C`.
    public var modelName: String
    /// The `flags` of the first processor, for example `avx2`, `fma`, `avx512f`.
    public var flags: Set<String>

    /// The processor this process runs on, or an empty description when `/proc/cpuinfo` is
    /// unreadable (another OS): then no kernel is ever chosen over OpenBLAS's own.
    public static func current(path: String = "/proc/cpuinfo") -> CPUInfo {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return CPUInfo(modelName: "unknown", flags: [])
        }
        return parse(text)
    }

    /// Reads the first processor's `model name` and `flags` from cpuinfo text.
    /// - Complexity: O(n) in the text's length.
    public static func parse(_ text: String) -> CPUInfo {
        var modelName: String?
        var flags: Set<String>?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if modelName != nil && flags != nil { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if key == "model name" && modelName == nil {
                modelName = value
            } else if key == "flags" && flags == nil {
                flags = Set(value.split(separator: " ").map(String.init))
            }
        }
        return CPUInfo(modelName: modelName ?? "unknown", flags: flags ?? [])
    }

    /// The widest vector instruction set both the CPU and the OS support.
    public var vectorLevel: VectorLevel {
        let avx512 = ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"]
        if avx512.allSatisfy(flags.contains) { return .avx512 }
        if flags.contains("avx2") && flags.contains("fma") { return .avx2 }
        if flags.contains("avx") { return .avx }
        return .sse
    }
}

/// x86-64 vector instruction-set levels, in the order OpenBLAS's kernels need them.
public enum VectorLevel: Int, Sendable, Comparable, CustomStringConvertible {
    case sse, avx, avx2, avx512

    public static func < (lhs: VectorLevel, rhs: VectorLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .sse: "SSE"
        case .avx: "AVX"
        case .avx2: "AVX2"
        case .avx512: "AVX-512"
        }
    }
}
