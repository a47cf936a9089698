import Testing

@testable import KiloCore

@Suite struct BLASSelfTestTests {
    @Test func theKernelThisProcessRunsPasses() {
        let outcome = BLASSelfTest.run()
        #expect(outcome.passed, "\(outcome.failure ?? "")")
    }

    @Test func aWrongResultFailsClosedAndSaysWhere() throws {
        let outcome = BLASSelfTest.run(corrupt: true)
        #expect(!outcome.passed)
        let failure = try #require(outcome.failure)
        #expect(failure.hasPrefix("sgemm NN 1×64×120: C[0,32] = "), "\(failure)")
    }
}
