/// The one rule for market symbols, shared by the shell's arguments, `data.symbols` and the
/// loader (which refuses a file whose name gives a symbol no command could name).
public enum BarSymbol {
    /// The rule in words, for messages.
    public static let rule = "1 to 20 ASCII letters and digits, like BTCEUR"

    /// Whether `text` is a symbol: 1 to 20 ASCII letters and digits (either case).
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 20
            && text.utf8.allSatisfy { byte in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
    }
}
