import CYaml

/// Measures how many values a YAML text expands to — each alias counted as the whole value its
/// anchor names — from libyaml's event stream, before the text is composed into nodes.
///
/// Composing is not safe to start with: Yams hashes mapping keys to find duplicates, and a key
/// that is an alias of nested aliases ("billion laughs") takes exponential time to hash. This
/// pass is linear in the text: an anchor's expanded size is recorded when its value ends and
/// reused at each alias, and counting stops as soon as the limit is passed.
enum YAMLExpansion {
    /// Whether `text` expands to at most `limit` values (mappings, sequences, scalars).
    /// Text libyaml cannot parse returns `true`: composing reports the syntax error.
    /// - Complexity: O(text length).
    static func fits(_ text: String, limit: Int) -> Bool {
        let bytes = Array(text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return true }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var anchorSizes: [String: Int] = [:]
            // Open collections: their expanded size so far and their anchor.
            var open: [(size: Int, anchor: String?)] = []
            var total = 0
            func add(_ size: Int) -> Bool {
                if open.isEmpty {
                    total = min(total + size, limit + 1)
                    return total <= limit
                }
                open[open.count - 1].size = min(open[open.count - 1].size + size, limit + 1)
                return open[open.count - 1].size <= limit
            }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return true }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return true
                case YAML_SCALAR_EVENT:
                    if let anchor = name(event.data.scalar.anchor) { anchorSizes[anchor] = 1 }
                    guard add(1) else { return false }
                case YAML_ALIAS_EVENT:
                    let size = name(event.data.alias.anchor).flatMap { anchorSizes[$0] } ?? 1
                    guard add(size) else { return false }
                case YAML_SEQUENCE_START_EVENT:
                    open.append((1, name(event.data.sequence_start.anchor)))
                case YAML_MAPPING_START_EVENT:
                    open.append((1, name(event.data.mapping_start.anchor)))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let closed = open.popLast() else { return true }
                    if let anchor = closed.anchor { anchorSizes[anchor] = closed.size }
                    guard add(closed.size) else { return false }
                default:
                    continue
                }
            }
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
