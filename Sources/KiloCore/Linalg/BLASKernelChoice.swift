/// Which OpenBLAS kernel Kilo should run on this CPU.
///
/// Debian's OpenBLAS is built with `DYNAMIC_ARCH`: it picks one of its kernels when it loads,
/// from the CPU's model number. A CPU newer than the library gets a generic fallback (`Prescott`,
/// SSE3 only) and runs about 3× slower. Kilo compares the detected kernel's vector level with
/// what the CPU offers and names better kernels to try, best first; `kilo` verifies each with
/// `BLASSelfTest` in a child process before it runs on one.
public enum BLASKernelChoice {
    /// The vector level each OpenBLAS x86-64 kernel needs, by its `OPENBLAS_CORETYPE` name
    /// (lower-cased).
    static let kernelLevels: [String: VectorLevel] = [
        "katmai": .sse, "coppermine": .sse, "northwood": .sse, "prescott": .sse, "banias": .sse,
        "atom": .sse, "core2": .sse, "penryn": .sse, "dunnington": .sse, "nehalem": .sse,
        "athlon": .sse, "opteron": .sse, "opteron_sse3": .sse, "barcelona": .sse, "nano": .sse,
        "bobcat": .sse,
        "sandybridge": .avx, "bulldozer": .avx, "piledriver": .avx, "steamroller": .avx,
        "haswell": .avx2, "zen": .avx2, "excavator": .avx2,
        "skylakex": .avx512, "cooperlake": .avx512, "sapphirerapids": .avx512,
    ]

    /// The vector level `kernel` needs, or `nil` for a name Kilo does not know (never replaced).
    public static func level(ofKernel kernel: String) -> VectorLevel? { kernelLevels[kernel.lowercased()] }

    /// Kernels that use more of `cpu` than `detected` does, best first; empty when the detected
    /// kernel already matches the CPU or is unknown to Kilo.
    ///
    /// `Cooperlake` needs AVX-512 BF16 besides AVX-512; each candidate is tried in turn, and one
    /// this OpenBLAS lacks (it then reports another kernel) is skipped.
    /// - Complexity: O(1).
    public static func candidates(detected: String, cpu: CPUInfo) -> [String] {
        guard let detectedLevel = level(ofKernel: detected) else { return [] }
        let cpuLevel = cpu.vectorLevel
        guard detectedLevel < cpuLevel else { return [] }
        var kernels: [(String, VectorLevel)] = []
        if cpu.flags.contains("avx512_bf16") { kernels.append(("Cooperlake", .avx512)) }
        kernels += [("SkylakeX", .avx512), ("Haswell", .avx2), ("Sandybridge", .avx)]
        return kernels.filter { $0.1 <= cpuLevel && $0.1 > detectedLevel }.map(\.0)
    }

    /// Whether OpenBLAS reported `actual` for the requested `kernel` (names compare without case,
    /// as `OPENBLAS_CORETYPE` does).
    public static func isSameKernel(_ kernel: String, _ actual: String) -> Bool {
        kernel.lowercased() == actual.lowercased()
    }
}
