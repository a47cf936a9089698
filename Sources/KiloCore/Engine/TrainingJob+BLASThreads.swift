/// OpenBLAS's thread count is one setting for the whole process, so no trainer sets it: a run only
/// says what it wants (`blasThreads`), and the scheduler (`TrainingJob.runAll`) sets it once before
/// it starts a group of runs that agree. Concurrent GRU and PPO runs therefore never race on it,
/// and a run never changes it under another.
extension TrainingJob {
    /// The OpenBLAS thread count this run asks for, from its family: `models.gru.threads` or
    /// `models.ppo.threads`; `nil` when it keeps the current setting (`0`) or uses no BLAS threads
    /// (`lightgbm`, which has its own `num_threads`).
    public var blasThreads: Int? { kind.family.blasThreads(in: config.models) }

    /// Splits `order` (indices into `requests`, the runs' `blasThreads`) into groups that agree on
    /// the thread count, keeping the order within each group and ordering groups by their first
    /// member. Runs without a request join the first group. With the default config (every request
    /// `1`) there is one group.
    /// - Complexity: O(n·g) for n runs and g distinct requests.
    static func threadGroups(_ requests: [Int?], order: [Int]) -> [(threads: Int?, members: [Int])] {
        // A run without a request goes with the first request in the scheduler's order.
        let first = order.lazy.compactMap { requests[$0] }.first
        var groups: [(threads: Int?, members: [Int])] = []
        for index in order {
            let threads = requests[index] ?? first
            if let g = groups.firstIndex(where: { $0.threads == threads }) {
                groups[g].members.append(index)
            } else {
                groups.append((threads, [index]))
            }
        }
        return groups
    }
}
