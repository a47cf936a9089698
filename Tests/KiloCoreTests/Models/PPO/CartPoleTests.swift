import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

@Suite struct CartPoleTests {
    private struct Fixture: Decodable {
        struct Case: Decodable {
            let start: [Double]
            let actions: [Int]
            let states: [[Double]]
            let rewards: [Double]
            let terminated: [Bool]
        }
        let cases: [Case]
    }

    @Test func dynamicsMatchGymnasiumTransitions() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: RepoPaths.path("Tests/Fixtures/ppo/cartpole_steps.json")))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        #expect(fixture.cases.count == 8)
        var sawTermination = false
        for c in fixture.cases {
            var environment = CartPole(seed: 0)
            environment.setState(SIMD4(c.start[0], c.start[1], c.start[2], c.start[3]))
            var observation = [Float](repeating: 0, count: 4)
            for (k, action) in c.actions.enumerated() {
                let result = observation.withUnsafeMutableBufferPointer { environment.step(action: action, observation: $0) }
                for i in 0..<4 {
                    #expect(abs(environment.state[i] - c.states[k][i]) <= 1e-14 * max(1, abs(c.states[k][i])))
                    #expect(observation[i] == Float(c.states[k][i]))
                }
                #expect(result.reward == c.rewards[k])
                #expect(result.terminated == c.terminated[k])
                sawTermination = sawTermination || result.terminated
            }
        }
        #expect(sawTermination)
    }

    @Test func firstStepFromRestByHand() {
        // Action 1 from rest: temp = 10/1.1, θ̈ = −temp / (0.5·(4/3 − 0.1/1.1)), ẍ = temp − 0.05·θ̈/1.1.
        let temp = 10 / 1.1
        let thetaAcc = -temp / (0.5 * (4.0 / 3.0 - 0.1 / 1.1))
        let xAcc = temp - 0.05 * thetaAcc / 1.1
        let next = CartPole.dynamics(.zero, action: 1)
        #expect(next[0] == 0 && next[2] == 0)
        #expect(abs(next[1] - 0.02 * xAcc) < 1e-15)
        #expect(abs(next[3] - 0.02 * thetaAcc) < 1e-15)
    }

    @Test func resetIsUniformInRangeAndEpisodesTruncateAt500() {
        var environment = CartPole(seed: 5)
        var observation = [Float](repeating: 0, count: 4)
        observation.withUnsafeMutableBufferPointer { environment.reset(observation: $0) }
        #expect(observation.allSatisfy { abs($0) <= 0.05 })
        // A balancing controller (push toward the pole's lean) survives to the time limit.
        var steps = 0
        while true {
            let s = environment.state
            let action = s[2] + 0.5 * s[3] + 0.01 * s[0] + 0.1 * s[1] > 0 ? 1 : 0
            let result = observation.withUnsafeMutableBufferPointer { environment.step(action: action, observation: $0) }
            steps += 1
            if result.terminated || result.truncated {
                #expect(result.truncated && !result.terminated)
                break
            }
        }
        #expect(steps == 500)
    }
}
