import Testing

@testable import KiloCore

@Suite struct BLASReportTests {
    @Test func summariesSayHowTheKernelWasChosen() {
        func summary(_ kernel: String, _ origin: BLASReport.Origin, simulated: Bool = false, threads: Int = 2) -> String {
            BLASReport(library: "OpenBLAS 0.3.21", kernel: kernel, threads: threads, origin: origin, simulated: simulated).summary
        }
        #expect(summary("Cooperlake", .detected) == "OpenBLAS 0.3.21, kernel Cooperlake (detected), 2 threads")
        #expect(summary("Haswell", .userSet("haswell"), threads: 1) == "OpenBLAS 0.3.21, kernel Haswell (OPENBLAS_CORETYPE), 1 thread")
        #expect(summary("Cooperlake", .userSet("Bogus")).contains("OPENBLAS_CORETYPE=Bogus is not available; detected"))
        #expect(summary("SkylakeX", .chosen(over: "Prescott")).contains("kernel SkylakeX (chosen by kilo over the detected Prescott; self-test passed)"))
        #expect(summary("SkylakeX", .chosen(over: "Prescott"), simulated: true).contains("over the simulated fallback Prescott"))
        #expect(summary("Prescott", .kept(candidate: "SkylakeX", reason: "sgemm off")).contains(
            "kernel Prescott (detected; SkylakeX failed kilo's self-test: sgemm off)"))
    }

    @Test func thisProcessReportsTheKernelOpenBLASRuns() {
        let report = BLASReport.current(environment: [:])
        #expect(report.kernel == BLAS.coreName && report.library.hasPrefix("OpenBLAS"))
        #expect(report.origin == .detected && report.threads >= 1)
        let userSet = BLASReport.current(environment: ["OPENBLAS_CORETYPE": BLAS.coreName])
        #expect(userSet.origin == .userSet(BLAS.coreName))
        let marker = BLASKernelMarker.chosen(kernel: BLAS.coreName, detected: "Prescott", simulated: false)
        let chosen = BLASReport.current(environment: [
            "OPENBLAS_CORETYPE": BLAS.coreName, BLASKernelMarker.variable: marker.encoded,
        ])
        #expect(chosen.origin == .chosen(over: "Prescott"))
    }
}
