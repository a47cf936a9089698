import Testing

@testable import KiloCore

@Suite struct BLASKernelMarkerTests {
    @Test func everyMarkerSurvivesTheEnvironment() {
        let markers: [BLASKernelMarker] = [
            .simulated(detected: "Prescott"),
            .chosen(kernel: "SkylakeX", detected: "Prescott", simulated: false),
            .chosen(kernel: "Cooperlake", detected: "Prescott", simulated: true),
            .kept(detected: "Prescott", candidate: "SkylakeX", reason: "sgemm NN 1×64×120: C[0,3] = 2: off", simulated: false),
        ]
        for marker in markers { #expect(BLASKernelMarker(encoded: marker.encoded) == marker) }
        for bad in ["", "chosen", "chosen:SkylakeX", "chosen::Prescott", "picked:A:B", "simulated:"] {
            #expect(BLASKernelMarker(encoded: bad) == nil, "\(bad)")
        }
    }

    @Test func aMarkerIsTrustedOnlyWhileOPENBLAS_CORETYPEIsKilosValue() {
        let chosen = BLASKernelMarker.chosen(kernel: "SkylakeX", detected: "Prescott", simulated: false)
        #expect(chosen.trusted(coreType: "SkylakeX") == chosen)
        #expect(chosen.trusted(coreType: "Haswell") == nil)  // the user set it since
        #expect(chosen.trusted(coreType: nil) == nil)
        let kept = BLASKernelMarker.kept(detected: "Prescott", candidate: "SkylakeX", reason: "r", simulated: false)
        #expect(kept.trusted(coreType: nil) == kept)
        #expect(kept.trusted(coreType: "Prescott") == nil)
        #expect(BLASKernelMarker.simulated(detected: "Prescott").trusted(coreType: "Prescott") != nil)
    }
}
