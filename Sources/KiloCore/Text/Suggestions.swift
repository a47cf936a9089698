/// "Did you mean" suggestions by edit distance.
public enum Suggestions {
    /// The candidate closest to `word` when it is close enough to be a likely typo
    /// (distance at most 1 for short words, 2 otherwise, 3 past 8 characters), else `nil`.
    /// - Complexity: O(candidates × |word| × |candidate|).
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let lower = word.lowercased()
        let limit = lower.count <= 3 ? 1 : (lower.count <= 8 ? 2 : 3)
        var best: (String, Int)? = nil
        for candidate in candidates {
            let distance = editDistance(lower, candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// The Damerau–Levenshtein distance (adjacent swaps count as one edit).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
