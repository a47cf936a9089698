import Foundation
import Testing

@testable import KiloCore

@Suite struct CancellationTokenTests {
    @Test func cancelIsSeenFromAnotherThreadAndResetClearsIt() {
        let token = CancellationToken()
        #expect(!token.isCancelled)
        let done = DispatchSemaphore(value: 0)
        Thread {
            token.cancel()
            done.signal()
        }.start()
        done.wait()
        #expect(token.isCancelled)
        token.reset()
        #expect(!token.isCancelled)
        #expect(!CancellationToken.never.isCancelled)
    }
}
