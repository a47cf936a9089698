import Testing

@testable import KiloCore

@Suite struct CPUInfoTests {
    static let sample = """
        processor\t: 0
        vendor_id\t: GenuineIntel
        model name\t: Intel(R) Xeon(R) Platinum 8488C
        flags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16

        processor\t: 1
        model name\t: Something Else
        flags\t\t: fpu sse
        """

    @Test func readsTheFirstProcessorsModelAndFlags() {
        let cpu = CPUInfo.parse(Self.sample)
        #expect(cpu.modelName == "Intel(R) Xeon(R) Platinum 8488C")
        #expect(cpu.flags.contains("avx512_bf16") && !cpu.flags.contains("fpu sse"))
        #expect(cpu.vectorLevel == .avx512)
    }

    @Test func vectorLevelNeedsEveryFlagOfTheLevel() {
        #expect(CPUInfo(modelName: "", flags: ["avx512f", "avx2", "fma", "avx"]).vectorLevel == .avx2)
        #expect(CPUInfo(modelName: "", flags: ["avx2", "avx"]).vectorLevel == .avx)  // no FMA
        #expect(CPUInfo(modelName: "", flags: ["sse3"]).vectorLevel == .sse)
        #expect(CPUInfo.parse("garbage\nno colon here").vectorLevel == .sse)
        #expect(CPUInfo.parse("").modelName == "unknown")
    }

    @Test func thisMachineHasAtLeastSSE() {
        // Every x86-64 CPU has SSE2; the parse of the real file must not come back empty on Linux.
        let cpu = CPUInfo.current()
        #expect(cpu.modelName != "unknown" && cpu.flags.contains("sse2"))
    }
}
