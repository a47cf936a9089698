import Testing

@testable import KiloCore

@Suite struct RetryPolicyTests {
    @Test func classifiesStatuses() {
        for status in [429, 418, 500, 502, 503, 504, 599] {
            #expect(RetryPolicy.isRetryable(status: status), "\(status)")
        }
        for status in [200, 301, 400, 401, 403, 404, 451] {
            #expect(!RetryPolicy.isRetryable(status: status), "\(status)")
        }
        #expect(RetryPolicy.isRateLimit(status: 429) && RetryPolicy.isRateLimit(status: 418))
        #expect(!RetryPolicy.isRateLimit(status: 503))
    }

    @Test func readsRetryAfterSeconds() {
        func after(_ value: String?) -> Int64? {
            RetryPolicy.retryAfterMilliseconds(
                HTTPResponse(status: 429, headers: value.map { ["retry-after": $0] } ?? [:]))
        }
        #expect(after("7") == 7_000)
        #expect(after(" 0.5 ") == 500)
        #expect(after("0") == 0)
        #expect(after(nil) == nil)
        #expect(after("-3") == nil)
        #expect(after("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    }

    @Test func fullJitterStaysUnderTheDoublingCap() {
        var policy = RetryPolicy(
            maxAttempts: 10, baseDelayMilliseconds: 1_000, maxDelayMilliseconds: 5_000, seed: 3)
        var seen: [Int64] = []
        for retry in 1...8 {
            let cap = min(5_000, 1_000 << Int64(retry - 1))
            for _ in 0..<50 {
                let delay = policy.backoffMilliseconds(retry: retry)
                #expect(delay >= 0 && delay <= cap)
                seen.append(delay)
            }
        }
        // Jitter really varies.
        #expect(Set(seen).count > 100)
    }

    @Test func equalJitterKeepsAtLeastHalfTheCap() {
        var policy = RetryPolicy(
            maxAttempts: 10, baseDelayMilliseconds: 400, maxDelayMilliseconds: 3_000, jitter: .equal,
            seed: 9)
        for retry in 1...6 {
            let cap = min(3_000, Int64(400) << Int64(retry - 1))
            for _ in 0..<50 {
                let delay = policy.backoffMilliseconds(retry: retry)
                #expect(delay >= cap / 2 && delay <= cap)
            }
        }
        // No overflow far out.
        #expect(policy.backoffMilliseconds(retry: 90) <= 3_000)
    }

    @Test func theSameSeedGivesTheSameWaits() {
        func draws(_ seed: UInt64) -> [Int64] {
            var policy = RetryPolicy(
                maxAttempts: 4, baseDelayMilliseconds: 1_000, maxDelayMilliseconds: 30_000, seed: seed)
            return (1...6).map { policy.backoffMilliseconds(retry: $0) }
        }
        #expect(draws(1) == draws(1))
        #expect(draws(1) != draws(2))
    }

    @Test func builtFromConfig() {
        var config = LiveConfig()
        config.maxRetries = 4
        config.backoffBaseSeconds = 0.5
        config.backoffMaxSeconds = 8
        config.jitter = .equal
        config.seed = 11
        let policy = RetryPolicy(config: config)
        #expect(policy.maxAttempts == 5)
        #expect(policy.baseDelayMilliseconds == 500 && policy.maxDelayMilliseconds == 8_000)
        #expect(policy.jitter == .equal)
        #expect(
            policy
                == RetryPolicy(
                    maxAttempts: 5, baseDelayMilliseconds: 500, maxDelayMilliseconds: 8_000,
                    jitter: .equal, seed: 11))
    }
}
