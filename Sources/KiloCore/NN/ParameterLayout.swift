/// The layout table of a flat parameter buffer (llm.c style): each named tensor's shape and its
/// offset into one contiguous array.
///
/// Parameters, their gradients and the optimiser's moment estimates are all flat arrays of
/// `count` scalars that share one layout, so an update is a single loop over the buffer and a
/// checkpoint is a single copy.
public struct ParameterLayout: Sendable, Equatable {
    /// One named tensor inside the flat buffer.
    public struct Entry: Sendable, Equatable {
        /// The tensor's name (for example `gru.weight_ih_l0`).
        public let name: String
        /// The tensor's shape, row-major.
        public let shape: [Int]
        /// Where the tensor starts in the flat buffer.
        public let offset: Int
        /// The number of scalars (the product of `shape`).
        public var count: Int { shape.reduce(1, *) }
        /// The tensor's index range in the flat buffer.
        public var range: Range<Int> { offset..<(offset + count) }
    }

    /// The tensors in buffer order.
    public private(set) var entries: [Entry] = []
    /// The total number of scalars.
    public private(set) var count = 0
    private var indexByName: [String: Int] = [:]

    /// An empty layout.
    public init() {}

    /// A layout holding `tensors` in the given order, packed without gaps.
    public init(_ tensors: [(name: String, shape: [Int])]) {
        for tensor in tensors { append(name: tensor.name, shape: tensor.shape) }
    }

    /// Appends a tensor at the end of the buffer and returns its entry.
    @discardableResult
    public mutating func append(name: String, shape: [Int]) -> Entry {
        precondition(indexByName[name] == nil, "ParameterLayout.append: duplicate name '\(name)'")
        precondition(shape.allSatisfy { $0 >= 0 }, "ParameterLayout.append: negative shape \(shape)")
        let entry = Entry(name: name, shape: shape, offset: count)
        indexByName[name] = entries.count
        entries.append(entry)
        count += entry.count
        return entry
    }

    /// The entry named `name`, or nil.
    public func entry(named name: String) -> Entry? { indexByName[name].map { entries[$0] } }

    /// The entry named `name`; the name must exist.
    public subscript(name: String) -> Entry {
        guard let entry = entry(named: name) else {
            preconditionFailure("ParameterLayout[\(name)]: no such tensor")
        }
        return entry
    }
}
