import Testing

@testable import KiloCore

@Suite struct BLASKernelChoiceTests {
    static let avx512BF16 = CPUInfo(
        modelName: "x", flags: ["avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd", "avx512_bf16"])
    static let avx512 = CPUInfo(modelName: "x", flags: avx512BF16.flags.subtracting(["avx512_bf16"]))
    static let avx2 = CPUInfo(modelName: "x", flags: ["avx", "avx2", "fma"])

    @Test func genericFallbackGetsEveryBetterKernelBestFirst() {
        #expect(BLASKernelChoice.candidates(detected: "Prescott", cpu: Self.avx512BF16)
            == ["Cooperlake", "SkylakeX", "Haswell", "Sandybridge"])
        #expect(BLASKernelChoice.candidates(detected: "PRESCOTT", cpu: Self.avx512) == ["SkylakeX", "Haswell", "Sandybridge"])
        #expect(BLASKernelChoice.candidates(detected: "Nehalem", cpu: Self.avx2) == ["Haswell", "Sandybridge"])
        #expect(BLASKernelChoice.candidates(detected: "Haswell", cpu: Self.avx512) == ["SkylakeX"])
    }

    @Test func aKernelThatFitsTheCPUOrAnUnknownNameIsKept() {
        #expect(BLASKernelChoice.candidates(detected: "Cooperlake", cpu: Self.avx512BF16).isEmpty)
        #expect(BLASKernelChoice.candidates(detected: "Zen", cpu: Self.avx2).isEmpty)
        #expect(BLASKernelChoice.candidates(detected: "Prescott", cpu: CPUInfo(modelName: "x", flags: ["sse3"])).isEmpty)
        #expect(BLASKernelChoice.candidates(detected: "NEOVERSEN1", cpu: Self.avx512).isEmpty)
    }

    @Test func kernelNamesCompareWithoutCase() {
        #expect(BLASKernelChoice.isSameKernel("skylakex", "SkylakeX"))
        #expect(!BLASKernelChoice.isSameKernel("SkylakeX", "Cooperlake"))
        #expect(BLASKernelChoice.level(ofKernel: "sapphirerapids") == .avx512)
    }
}
