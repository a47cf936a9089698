import Testing

@testable import KiloCore

@Suite struct MessageQueueTests {
    @Test func aFullQueueDropsTheOldestAndCountsThem() {
        var queue = MessageQueue(capacity: 2)
        for text in ["a", "b", "c", "d"] { queue.push(text) }
        #expect(queue.count == 2 && queue.droppedTotal == 2)
        #expect(queue.takeDroppedCount() == 2 && queue.takeDroppedCount() == 0)
        #expect(queue.pop() == "c" && queue.pop() == "d" && queue.pop() == nil)
        queue.push("e")
        queue.push("f")
        queue.push("g")
        #expect(queue.droppedTotal == 3 && queue.takeDroppedCount() == 1)
    }

    @Test func orderSurvivesCompaction() {
        var queue = MessageQueue(capacity: 50)
        var expected: [String] = []
        var received: [String] = []
        for n in 0..<1_000 {
            queue.push("\(n)")
            expected.append("\(n)")
            if n % 3 != 0, let text = queue.pop() { received.append(text) }
        }
        while let text = queue.pop() { received.append(text) }
        #expect(queue.isEmpty)
        let dropped = queue.droppedTotal
        #expect(received.count + dropped == expected.count)
        #expect(received == received.sorted { Int($0) ?? 0 < Int($1) ?? 0 })
        #expect(received.last == "999")
    }
}
