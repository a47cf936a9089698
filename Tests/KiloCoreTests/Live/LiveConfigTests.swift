import Testing
import Yams

@testable import KiloCore

@Suite struct LiveConfigTests {
    @Test func defaults() {
        let c = LiveConfig()
        #expect(c.baseURL == "https://api.binance.com")
        #expect(c.graceSeconds == 10 && c.timeoutSeconds == 10 && c.maxRetries == 3)
        #expect(c.backoffBaseSeconds == 1 && c.backoffMaxSeconds == 30 && c.jitter == .full)
        #expect(c.seed == 0 && c.historyBars == 1_000 && c.marketStore == "data/market")
        #expect(TradingConfig().live == c)
    }

    @Test func everyKeyIsReadFromTheTradingSection() throws {
        let text = """
            trading:
              live:
                base_url: http://127.0.0.1:8080
                grace_seconds: 3.5
                timeout_seconds: 2
                max_retries: 5
                backoff_base_seconds: 0.5
                backoff_max_seconds: 4
                jitter: equal
                seed: 42
                history_bars: 300
                market_store: elsewhere/market
            """
        let loaded = try ConfigLoader.parse(text, path: "c.yaml")
        #expect(loaded.warnings.isEmpty)
        let c = loaded.config.trading.live
        #expect(c.baseURL == "http://127.0.0.1:8080")
        #expect(c.graceSeconds == 3.5 && c.timeoutSeconds == 2 && c.maxRetries == 5)
        #expect(c.backoffBaseSeconds == 0.5 && c.backoffMaxSeconds == 4 && c.jitter == .equal)
        #expect(c.seed == 42 && c.historyBars == 300 && c.marketStore == "elsewhere/market")
        // A missing key keeps its default; the rest of trading is untouched.
        let partial = try ConfigLoader.parse("trading:\n  live:\n    seed: 1\n", path: "c.yaml").config
        #expect(partial.trading.live.historyBars == 1_000 && partial.trading.live.seed == 1)
        #expect(partial.trading.fee == TradingConfig().fee)
    }

    @Test func everyKeyRoundTrips() throws {
        var c = LiveConfig()
        c.seed = 3
        c.jitter = .equal
        let text = try YAMLEncoder().encode(c)
        for key in LiveConfig.keys.map(\.name) {
            #expect(text.contains(key), "\(key)")
        }
        #expect(try YAMLDecoder().decode(LiveConfig.self, from: text) == c)
    }

    @Test func unknownKeysAndBadJitterAreReported() throws {
        let loaded = try ConfigLoader.parse("trading:\n  live:\n    grace: 3\n", path: "c.yaml")
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings.first?.contains("'trading.live.grace'") == true)
        #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("trading:\n  live:\n    jitter: half\n", path: "c.yaml")
        }
    }

    @Test(arguments: [
        ("url", "trading.live.base_url"), ("grace", "trading.live.grace_seconds"),
        ("timeout", "trading.live.timeout_seconds"), ("retries", "trading.live.max_retries"),
        ("base", "trading.live.backoff_base_seconds"), ("max", "trading.live.backoff_max_seconds"),
        ("history", "trading.live.history_bars"), ("store", "trading.live.market_store"),
    ])
    func validationNamesTheKey(_ what: String, _ key: String) {
        var c = TradingConfig()
        switch what {
        case "url": c.live.baseURL = "ftp://example"
        case "grace": c.live.graceSeconds = -1
        case "timeout": c.live.timeoutSeconds = 0
        case "retries": c.live.maxRetries = -1
        case "base": c.live.backoffBaseSeconds = .nan
        case "max": c.live.backoffMaxSeconds = 0.5
        case "history": c.live.historyBars = 0
        default: c.live.marketStore = ""
        }
        do {
            try c.validate(prefix: "trading")
            Issue.record("expected an error for \(what)")
        } catch {
            guard case .invalidValue(let got, _, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(got == key)
        }
    }
}
