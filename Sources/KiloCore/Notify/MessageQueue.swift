/// A bounded first-in first-out queue of texts that drops its oldest entry when full and
/// remembers how many it dropped since the count was last taken.
struct MessageQueue: Sendable, Equatable {
    /// The most texts held.
    let capacity: Int
    private var items: [String] = []
    private var head = 0
    /// Dropped since the last `takeDroppedCount()`.
    private(set) var droppedSinceNotice = 0
    /// Dropped in all.
    private(set) var droppedTotal = 0

    init(capacity: Int) {
        precondition(capacity >= 1, "MessageQueue.init: capacity \(capacity) is below 1")
        self.capacity = capacity
    }

    /// Texts waiting.
    var count: Int { items.count - head }

    var isEmpty: Bool { count == 0 }

    /// Appends `text`, dropping the oldest when full.
    /// - Complexity: amortised O(1).
    mutating func push(_ text: String) {
        if count == capacity {
            head += 1
            droppedSinceNotice += 1
            droppedTotal += 1
        }
        items.append(text)
        if head > 64, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
    }

    /// Removes and returns the oldest text.
    mutating func pop() -> String? {
        guard head < items.count else { return nil }
        let text = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return text
    }

    /// The dropped count since the last call, reset to zero.
    mutating func takeDroppedCount() -> Int {
        defer { droppedSinceNotice = 0 }
        return droppedSinceNotice
    }
}
