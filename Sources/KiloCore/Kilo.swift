/// Facts about this build of Kilo.
public enum Kilo {
    /// The version written into session headers, manifests and model metadata.
    public static let version = "0.1.0"
}
