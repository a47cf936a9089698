/// Which BLAS this process runs on and how that kernel came to be chosen: what `kilo --version`,
/// `set` and every benchmark line show.
///
/// `kilo` records its choice in the environment variable `KILO_BLAS_KERNEL` (see
/// `BLASKernelMarker`), so the report is a function of the environment and of what OpenBLAS says
/// about itself, the same in this process and in every `kilo` it starts.
public struct BLASReport: Sendable, Equatable {
    /// How the kernel in use was chosen.
    public enum Origin: Sendable, Equatable {
        /// OpenBLAS's own choice, and nothing better for this CPU.
        case detected
        /// The user's `OPENBLAS_CORETYPE` (never overridden), with the value as they wrote it.
        case userSet(String)
        /// Kilo chose this kernel over the detected one after it passed the self-test.
        case chosen(over: String)
        /// A better kernel failed the self-test (or crashed), so the detected one was kept.
        case kept(candidate: String, reason: String)
    }

    /// For example `OpenBLAS 0.3.21`.
    public var library: String
    /// The kernel OpenBLAS runs, for example `Cooperlake`.
    public var kernel: String
    /// OpenBLAS's thread count.
    public var threads: Int
    public var origin: Origin
    /// Whether the detected kernel was a simulated fallback (`KILO_BLAS_SIMULATE_FALLBACK`).
    public var simulated: Bool = false

    /// The report for this process.
    public static func current(environment: [String: String]) -> BLASReport {
        let words = BLAS.configuration.split(separator: " ")
        let library = words.prefix(2).joined(separator: " ")
        let kernel = BLAS.coreName
        let coreType = environment["OPENBLAS_CORETYPE"]
        let marker = environment[BLASKernelMarker.variable].flatMap(BLASKernelMarker.init(encoded:))
        let origin: Origin
        var simulated = false
        switch marker?.trusted(coreType: coreType) {
        case .chosen(_, let detected, let isSimulated)?:
            origin = .chosen(over: detected)
            simulated = isSimulated
        case .kept(_, let candidate, let reason, let isSimulated)?:
            origin = .kept(candidate: candidate, reason: reason)
            simulated = isSimulated
        case .simulated?:
            origin = .detected
            simulated = true
        case nil:
            origin = coreType.map { .userSet($0) } ?? .detected
        }
        return BLASReport(
            library: library.isEmpty ? "OpenBLAS" : library, kernel: kernel, threads: BLAS.threadCount,
            origin: origin, simulated: simulated)
    }

    /// One line, for example `OpenBLAS 0.3.21, kernel Cooperlake (detected), 2 threads`.
    public var summary: String {
        let how: String
        switch origin {
        case .detected:
            how = simulated ? "simulated fallback" : "detected"
        case .userSet(let value):
            how = BLASKernelChoice.isSameKernel(value, kernel)
                ? "OPENBLAS_CORETYPE" : "OPENBLAS_CORETYPE=\(value) is not available; detected"
        case .chosen(let detected):
            how = "chosen by kilo over the \(simulated ? "simulated fallback" : "detected") \(detected); self-test passed"
        case .kept(let candidate, let reason):
            how = "\(simulated ? "simulated fallback" : "detected"); \(candidate) failed kilo's self-test: \(reason)"
        }
        return "\(library), kernel \(kernel) (\(how)), \(threads) thread\(threads == 1 ? "" : "s")"
    }
}
