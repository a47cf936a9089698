// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "kilo",
    products: [
        .executable(name: "kilo", targets: ["kilo"]),
        .library(name: "KiloCore", targets: ["KiloCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibEdit", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPrefetch"),
        .target(
            name: "KiloCore",
            dependencies: [
                "CBLAS",
                "CPrefetch",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(name: "KiloShell", dependencies: ["KiloCore", "CLibEdit"]),
        .executableTarget(
            name: "kilo",
            dependencies: [
                "KiloShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "KiloTestSupport", dependencies: ["KiloCore"],
            path: "Tests/KiloTestSupport"),
        .testTarget(name: "KiloCoreTests", dependencies: ["KiloCore", "KiloTestSupport"]),
        .testTarget(
            name: "KiloShellTests", dependencies: ["KiloShell", "KiloTestSupport"]),
    ]
)
