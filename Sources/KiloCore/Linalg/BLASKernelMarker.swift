/// What `kilo` did about the BLAS kernel, carried in the environment variable `KILO_BLAS_KERNEL`
/// next to the `OPENBLAS_CORETYPE` it set, so a re-executed `kilo` (and any `kilo` it starts)
/// knows the variable is Kilo's choice and not the user's.
///
/// A marker is trusted only while `OPENBLAS_CORETYPE` still holds the value Kilo set with it: a
/// user who sets the variable by hand always wins.
public enum BLASKernelMarker: Sendable, Equatable {
    /// `KILO_BLAS_SIMULATE_FALLBACK` asked Kilo to behave as if OpenBLAS had detected `detected`
    /// (set as `OPENBLAS_CORETYPE`): benchmarks and tests of the selection on a CPU OpenBLAS knows.
    case simulated(detected: String)
    /// Kilo set `OPENBLAS_CORETYPE=kernel` over the detected kernel after the self-test passed.
    case chosen(kernel: String, detected: String, simulated: Bool)
    /// `candidate` failed the self-test, so Kilo kept `detected`.
    case kept(detected: String, candidate: String, reason: String, simulated: Bool)

    /// The environment variable's name.
    public static let variable = "KILO_BLAS_KERNEL"

    /// Decodes the variable's value (`chosen:SkylakeX:Prescott`, …); `nil` for anything else.
    public init?(encoded: String) {
        let parts = encoded.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard let tag = parts.first, parts.dropFirst().allSatisfy({ !$0.isEmpty }) else { return nil }
        let simulated = tag.hasSuffix("-simulated")
        switch (tag, parts.count) {
        case ("simulated", 2): self = .simulated(detected: parts[1])
        case ("chosen", 3), ("chosen-simulated", 3):
            self = .chosen(kernel: parts[1], detected: parts[2], simulated: simulated)
        case ("kept", 4), ("kept-simulated", 4):
            self = .kept(detected: parts[1], candidate: parts[2], reason: parts[3], simulated: simulated)
        default: return nil
        }
    }

    /// The variable's value.
    public var encoded: String {
        switch self {
        case .simulated(let detected): "simulated:\(detected)"
        case .chosen(let kernel, let detected, let simulated):
            "chosen\(simulated ? "-simulated" : ""):\(kernel):\(detected)"
        case .kept(let detected, let candidate, let reason, let simulated):
            "kept\(simulated ? "-simulated" : ""):\(detected):\(candidate):\(reason)"
        }
    }

    /// The `OPENBLAS_CORETYPE` Kilo set together with this marker (`nil`: it set none).
    public var coreType: String? {
        switch self {
        case .simulated(let detected): detected
        case .chosen(let kernel, _, _): kernel
        case .kept(let detected, _, _, let simulated): simulated ? detected : nil
        }
    }

    /// This marker if `coreType` (the environment's `OPENBLAS_CORETYPE`) is still the value Kilo
    /// set with it; `nil` when the user has set the variable since.
    public func trusted(coreType: String?) -> BLASKernelMarker? {
        self.coreType == coreType ? self : nil
    }
}
