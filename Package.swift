// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "tokenhound",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tokenhound", targets: ["tokenhound"]),
        .library(name: "TokenHoundKit", targets: ["TokenHoundKit"]),
    ],
    // ISAL: inflate gzip with Intel ISA-L (Debian libisal-dev, ~3x zlib) instead of zlib.
    // `swift build -c release --traits ISAL`; zlib stays the default.
    traits: [
        .trait(name: "ISAL", description: "Inflate gzip input with Intel ISA-L (libisal-dev) instead of zlib"),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CISAL",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // gzip CRC-32 with PCLMULQDQ folding (x86_64, chosen at run time), zlib's crc32_z elsewhere.
        .target(name: "CFastCRC", dependencies: ["CZlib"]),
        // All logic lives here; the CLI and the sample generator are thin layers over it.
        .target(
            name: "TokenHoundKit",
            dependencies: [
                "CZlib",
                "CFastCRC",
                "CSQLite",
                .target(name: "CISAL", condition: .when(traits: ["ISAL"])),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: [.define("ISAL", .when(traits: ["ISAL"]))]
        ),
        .executableTarget(
            name: "tokenhound",
            dependencies: [
                "TokenHoundKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Writes SampleLogs/ and, with --scale, gigabyte benchmark sets.
        .executableTarget(
            name: "tokenhound-samplegen",
            dependencies: [
                "TokenHoundKit",
                "CZlib",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/SampleGen"
        ),
        // Reading-layer throughput benchmark (inflate, inflate + CSV parse) with its own input generator.
        .executableTarget(
            name: "tokenhound-readbench",
            dependencies: ["TokenHoundKit"],
            path: "Sources/ReadBench"
        ),
        .testTarget(
            name: "TokenHoundKitTests",
            dependencies: ["TokenHoundKit", "CFastCRC", "CZlib"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
