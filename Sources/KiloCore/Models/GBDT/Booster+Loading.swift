import Foundation

extension Booster {
    /// Loads a LightGBM text model file (written by LightGBM 2.x-4.x or by Kilo).
    /// - Throws: `ModelError.io` when unreadable; `.malformedModel`, `.truncatedModel` or
    ///   `.unsupportedModel` (categorical splits, linear trees, multiclass) naming file and line.
    public static func load(contentsOfFile path: String) throws(ModelError) -> Booster {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .io(path: path, reason: IOReason.describe(error, path: path))
        }
        return try parse(text: text, path: path)
    }

    /// Parses LightGBM model text; `path` names the source in errors.
    /// - Complexity: O(text length).
    public static func parse(text: String, path: String) throws(ModelError) -> Booster {
        var reader = ModelTextReader(text: text, path: path)
        return try reader.readBooster()
    }
}

/// Line-by-line reader of the LightGBM text model format (`GBDT::LoadModelFromString`,
/// `Tree::Tree(const char*)`).
struct ModelTextReader {
    let path: String
    let lines: [Substring]
    /// The text's size in bytes, the bound of every count read from it.
    let textLength: Int
    var position = 0

    init(text: String, path: String) {
        self.path = path
        self.textLength = text.utf8.count
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.last == "\r" ? $0.dropLast() : $0
        }
    }

    /// 1-based line number of `index`.
    func lineNumber(_ index: Int) -> Int { index + 1 }

    mutating func readBooster() throws(ModelError) -> Booster {
        while position < lines.count && lines[position].isEmpty { position += 1 }
        guard position < lines.count else {
            throw .malformedModel(path: path, line: nil, reason: "the file is empty")
        }
        guard lines[position] == "tree" else {
            throw .malformedModel(
                path: path, line: lineNumber(position),
                reason: "expected 'tree' (a LightGBM text model), found '\(Excerpt.of(lines[position]))'")
        }
        position += 1
        var header: [String: (value: String, line: Int)] = [:]
        while position < lines.count {
            let line = lines[position]
            if line.hasPrefix("Tree=") || line == "end of trees" { break }
            if !line.isEmpty {
                if let eq = line.firstIndex(of: "=") {
                    header[String(line[..<eq])] = (String(line[line.index(after: eq)...]), lineNumber(position))
                } else {
                    header[String(line)] = ("", lineNumber(position))
                }
            }
            position += 1
        }
        func required(_ key: String) throws(ModelError) -> (value: String, line: Int) {
            guard let v = header[key] else {
                if position >= lines.count {
                    throw .truncatedModel(path: path, line: lines.count, expected: "header key '\(key)'")
                }
                throw .malformedModel(path: path, line: nil, reason: "header has no '\(key)'")
            }
            return v
        }
        func integer(_ key: String) throws(ModelError) -> Int {
            let v = try required(key)
            guard let i = Int(v.value) else {
                throw .malformedModel(path: path, line: v.line, reason: "'\(key)' is not an integer: '\(Excerpt.of(v.value))'")
            }
            return i
        }
        let numClass = try integer("num_class")
        if numClass != 1 {
            throw .unsupportedModel(path: path, line: header["num_class"]?.line, feature: "multiclass (num_class=\(numClass))")
        }
        if let perIteration = header["num_tree_per_iteration"], perIteration.value != "1" {
            throw .unsupportedModel(
                path: path, line: perIteration.line, feature: "\(Excerpt.of(perIteration.value)) trees per iteration")
        }
        _ = try integer("label_index")
        let maxFeature = try integer("max_feature_idx")
        /// The space-separated header list `key`, which holds one `what` per feature.
        func perFeature(_ key: String, _ what: String) throws(ModelError) -> [String] {
            let entry = try required(key)
            let items = entry.value.split(separator: " ").map(String.init)
            guard items.count - 1 == maxFeature else {
                throw .malformedModel(
                    path: path, line: entry.line, reason: "\(items.count) \(what) for max_feature_idx=\(maxFeature)")
            }
            return items
        }
        let names = try perFeature("feature_names", "feature names")
        let infos = try perFeature("feature_infos", "feature infos")
        let objective = header["objective"]?.value ?? "regression"
        guard let transform = OutputTransform.forObjective(objective) else {
            throw .unsupportedModel(path: path, line: header["objective"]?.line, feature: "objective '\(Excerpt.of(objective))'")
        }
        var expectedTrees: Int? = nil
        if let sizes = header["tree_sizes"] {
            expectedTrees = sizes.value.split(separator: " ").count
        }

        var trees: [GBDTTree] = []
        var sawEnd = false
        while position < lines.count {
            let line = lines[position]
            if line.isEmpty {
                position += 1
                continue
            }
            if line == "end of trees" {
                sawEnd = true
                position += 1
                break
            }
            guard line.hasPrefix("Tree="), Int(line.dropFirst(5)) == trees.count else {
                throw .malformedModel(
                    path: path, line: lineNumber(position),
                    reason: "expected 'Tree=\(trees.count)' or 'end of trees', found '\(Excerpt.of(line))'")
            }
            position += 1
            trees.append(try readTree(featureCount: names.count))
        }
        guard sawEnd else {
            throw .truncatedModel(path: path, line: lines.count, expected: "'end of trees'")
        }
        if let expected = expectedTrees, expected != trees.count {
            throw .malformedModel(
                path: path, line: header["tree_sizes"]?.line,
                reason: "tree_sizes lists \(expected) trees but the file holds \(trees.count)")
        }
        var parameters: [String] = []
        while position < lines.count {
            if lines[position] == "parameters:" {
                position += 1
                var closed = false
                while position < lines.count {
                    if lines[position] == "end of parameters" {
                        closed = true
                        break
                    }
                    parameters.append(String(lines[position]))
                    position += 1
                }
                if !closed {
                    throw .truncatedModel(path: path, line: lines.count, expected: "'end of parameters'")
                }
            }
            position += 1
        }
        // The raw score is a sum of one leaf per tree: bounded by the sum of the largest leaves,
        // which must be finite, and so must the objective's transform of it.
        var bound = trees.reduce(0.0) { $0 + ($1.leafValue.map(abs).max() ?? 0) }
        if header["average_output"] != nil && !trees.isEmpty { bound /= Double(trees.count) }
        guard bound.isFinite, transform.apply(bound).isFinite, transform.apply(-bound).isFinite else {
            throw .malformedModel(
                path: path, line: nil,
                reason: "the leaf values can add up to ±\(bound), whose prediction under objective '\(Excerpt.of(objective))' is not finite")
        }
        return Booster(
            featureNames: names, featureInfos: infos, objective: objective, transform: transform,
            averageOutput: header["average_output"] != nil, trees: trees, parameters: parameters)
    }

    /// Reads one tree's `key=value` lines, up to the blank line that ends it.
    mutating func readTree(featureCount: Int) throws(ModelError) -> GBDTTree {
        let start = position
        var fields: [String: (value: Substring, line: Int)] = [:]
        while position < lines.count && !lines[position].isEmpty {
            let line = lines[position]
            guard let eq = line.firstIndex(of: "=") else {
                throw .malformedModel(path: path, line: lineNumber(position), reason: "expected key=value, found '\(Excerpt.of(line))'")
            }
            fields[String(line[..<eq])] = (line[line.index(after: eq)...], lineNumber(position))
            position += 1
        }
        let endLine = lineNumber(position)
        if position >= lines.count {
            throw .truncatedModel(path: path, line: lines.count, expected: "the end of the tree starting at line \(lineNumber(start))")
        }
        func field(_ key: String) throws(ModelError) -> (value: Substring, line: Int) {
            guard let f = fields[key] else {
                throw .malformedModel(path: path, line: endLine, reason: "tree starting at line \(lineNumber(start)) has no '\(key)'")
            }
            return f
        }
        func numbers<T>(_ key: String, count: Int, default fallback: T?, _ parse: (Substring) -> T?) throws(ModelError) -> [T] {
            guard let f = fields[key] else {
                if let fallback { return [T](repeating: fallback, count: count) }
                throw .malformedModel(path: path, line: endLine, reason: "tree starting at line \(lineNumber(start)) has no '\(key)'")
            }
            let parts = f.value.split(separator: " ")
            var out: [T] = []
            out.reserveCapacity(parts.count)
            for p in parts {
                guard let v = parse(p) else {
                    throw .malformedModel(path: path, line: f.line, reason: "'\(key)' holds '\(Excerpt.of(p))', which is not a number")
                }
                out.append(v)
            }
            guard out.count == count else {
                throw .malformedModel(path: path, line: f.line, reason: "'\(key)' has \(out.count) values, expected \(count)")
            }
            return out
        }
        let numLeavesField = try field("num_leaves")
        guard let numLeaves = Int(numLeavesField.value), numLeaves >= 1 else {
            throw .malformedModel(path: path, line: numLeavesField.line, reason: "num_leaves is not a positive integer")
        }
        // Every leaf needs a value in the file: a count beyond its size is corrupt (and would
        // size arrays from a number alone).
        guard numLeaves <= textLength else {
            throw .malformedModel(
                path: path, line: numLeavesField.line,
                reason: "num_leaves \(numLeaves) is more than a \(textLength)-byte file can hold")
        }
        let numCat = try field("num_cat")
        if numCat.value != "0" {
            throw .unsupportedModel(path: path, line: numCat.line, feature: "categorical splits")
        }
        if let linear = fields["is_linear"], linear.value != "0" {
            throw .unsupportedModel(path: path, line: linear.line, feature: "linear trees")
        }
        let n = numLeaves - 1
        let parseInt: (Substring) -> Int? = { Int($0) }
        let parseDouble: (Substring) -> Double? = { Double($0) }
        let splitFeature = try numbers("split_feature", count: n, default: n == 0 ? 0 : nil, parseInt)
        let threshold = try numbers("threshold", count: n, default: n == 0 ? 0 : nil, parseDouble)
        let left = try numbers("left_child", count: n, default: n == 0 ? 0 : nil, parseInt)
        let right = try numbers("right_child", count: n, default: n == 0 ? 0 : nil, parseInt)
        let decision = try numbers("decision_type", count: n, default: 0) { UInt8($0) }
        let gain = try numbers("split_gain", count: n, default: 0, parseDouble)
        let leafValue = try numbers("leaf_value", count: numLeaves, default: nil, parseDouble)
        let leafWeight = try numbers("leaf_weight", count: numLeaves, default: 0, parseDouble)
        let leafCount = try numbers("leaf_count", count: numLeaves, default: 0, parseInt)
        let internalValue = try numbers("internal_value", count: n, default: 0, parseDouble)
        let internalWeight = try numbers("internal_weight", count: n, default: 0, parseDouble)
        let internalCount = try numbers("internal_count", count: n, default: 0, parseInt)
        var shrinkage = 1.0
        if let s = fields["shrinkage"] {
            guard let v = Double(s.value) else {
                throw .malformedModel(path: path, line: s.line, reason: "shrinkage is not a number")
            }
            shrinkage = v
        }
        func requireFinite(_ key: String, _ values: [Double], allowInfinite: Bool = false) throws(ModelError) {
            if let bad = values.first(where: { allowInfinite ? $0.isNaN : !$0.isFinite }) {
                throw .malformedModel(
                    path: path, line: fields[key]?.line ?? endLine,
                    reason: "'\(key)' holds \(bad); \(allowInfinite ? "thresholds must be numbers" : "values must be finite")")
            }
        }
        try requireFinite("leaf_value", leafValue)
        try requireFinite("threshold", threshold, allowInfinite: true)
        try requireFinite("split_gain", gain)
        try requireFinite("leaf_weight", leafWeight)
        try requireFinite("internal_value", internalValue)
        try requireFinite("internal_weight", internalWeight)
        try requireFinite("shrinkage", [shrinkage])
        let decisionLine = fields["decision_type"]?.line
        for i in 0..<n {
            if decision[i] & DecisionType.categoricalMask != 0 {
                throw .unsupportedModel(path: path, line: decisionLine, feature: "categorical splits")
            }
            guard splitFeature[i] >= 0 && splitFeature[i] < featureCount else {
                throw .malformedModel(
                    path: path, line: fields["split_feature"]?.line,
                    reason: "split feature \(splitFeature[i]) is out of range")
            }
        }
        if n > 0 {
            // Every internal node and leaf must be reached exactly once from the root.
            var seenNode = [Bool](repeating: false, count: n)
            var seenLeaf = [Bool](repeating: false, count: numLeaves)
            var stack = [0]
            seenNode[0] = true
            while let node = stack.popLast() {
                for child in [left[node], right[node]] {
                    if child >= 0 {
                        guard child < n, !seenNode[child] else {
                            throw .malformedModel(
                                path: path, line: fields["left_child"]?.line,
                                reason: "child index \(child) is out of range or repeated")
                        }
                        seenNode[child] = true
                        stack.append(child)
                    } else {
                        guard ~child < numLeaves, !seenLeaf[~child] else {
                            throw .malformedModel(
                                path: path, line: fields["left_child"]?.line,
                                reason: "leaf index \(~child) is out of range or repeated")
                        }
                        seenLeaf[~child] = true
                    }
                }
            }
            guard !seenNode.contains(false), !seenLeaf.contains(false) else {
                throw .malformedModel(
                    path: path, line: fields["left_child"]?.line, reason: "some nodes are unreachable from the root")
            }
        }
        return GBDTTree(
            numLeaves: numLeaves, splitFeature: splitFeature, splitGain: gain, threshold: threshold,
            decisionType: decision, leftChild: left, rightChild: right, leafValue: leafValue,
            leafWeight: leafWeight, leafCount: leafCount, internalValue: internalValue,
            internalWeight: internalWeight, internalCount: internalCount, shrinkage: shrinkage)
    }
}
