import Testing

@testable import KiloCore

@Suite struct DropoutTests {
    @Test func maskKeepsExpectedShareAndScales() {
        var generator = SplitMix64(seed: 11)
        var mask = [Float](repeating: -1, count: 10_000)
        mask.withUnsafeMutableBufferPointer {
            Dropout.sampleMask($0.baseAddress!, count: 10_000, probability: 0.25, generator: &generator)
        }
        let kept = mask.filter { $0 != 0 }
        #expect(Set(kept) == [Float(1 / 0.75)])
        #expect(abs(Double(kept.count) / 10_000 - 0.75) < 0.02)
    }

    @Test func backwardAppliesTheSameMask() {
        let mask: [Double] = [0, 2, 2, 0]
        let input: [Double] = [1, 2, 3, 4]
        var output = [Double](repeating: 0, count: 4)
        var gradient = [Double](repeating: 0, count: 4)
        mask.withUnsafeBufferPointer { m in
            input.withUnsafeBufferPointer { i in
                output.withUnsafeMutableBufferPointer {
                    Dropout.forward(output: $0.baseAddress!, input: i.baseAddress!, mask: m.baseAddress!, count: 4)
                }
                gradient.withUnsafeMutableBufferPointer {
                    Dropout.backward(inputGradient: $0.baseAddress!, outputGradient: i.baseAddress!, mask: m.baseAddress!, count: 4)
                }
            }
        }
        #expect(output == [0, 4, 6, 0])
        #expect(gradient == [0, 4, 6, 0])
    }
}
