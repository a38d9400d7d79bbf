// swift-tools-version: 6.0
import PackageDescription

/// One libFuzzer executable per parser of untrusted bytes (`make fuzz`); each is three lines calling
/// `FuzzDriver.main(.<target>)` of the `Fuzzing` library.
let fuzzTargets: [Target] = ["Check", "Inspect", "XMP", "EXIF", "JSON", "CSV", "GeoJSON", "Tile"].map {
    .executableTarget(name: "Fuzz\($0)", dependencies: ["Fuzzing"], path: "Sources/Fuzz/Fuzz\($0)")
}

let package = Package(
    name: "mly360",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mly360", targets: ["Tool"]),
        .executable(name: "mly360-sim", targets: ["SimulatorCLI"]),
        .executable(name: "mly360-bench", targets: ["Bench"]),
        .library(name: "Imaging", targets: ["Imaging"]),
        .library(name: "Fetch", targets: ["Fetch"]),
        .library(name: "Catalog", targets: ["Catalog"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // C libraries: a module map and one shim header each, no logic.
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),

        // Bytes in, report out: JPEG structure, decode/verify, EXIF, XMP/GPano, verdict, thumbnails. No CSV, no networking.
        .target(
            name: "Imaging",
            dependencies: ["CTurboJPEG", "CExif", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Mapillary discovery and download: Graph client, retry policy, CDN downloads. Stores through DownloadStore.
        .target(
            name: "Fetch",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The dataset record: SQLite through GRDB (records, discovery ledger), the check of a folder,
        // and every file rendered from it (the CSV).
        .target(
            name: "Catalog",
            dependencies: [
                "Imaging", "Fetch",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A fake Mapillary (Graph API + CDN) on loopback, for tests, `make demo` and `make bench`.
        .target(
            name: "MapillarySimulator",
            dependencies: [
                "Imaging",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "SimulatorCLI",
            dependencies: ["MapillarySimulator", "Fetch", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "Tool",
            dependencies: [
                "Imaging", "Fetch", "Catalog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // `make bench`: times mly360 against peer tools and a sequential downloader, prints figures and ratios.
        .executableTarget(
            name: "Bench",
            dependencies: ["Imaging", "Catalog", "MapillarySimulator", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The fuzz targets' shared part: what each feeds its parser, and the libFuzzer/replay driver.
        .target(name: "Fuzzing", dependencies: ["Imaging", "Fetch", "Catalog"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "FetchTests", dependencies: [
            "Fetch", "Catalog", "MapillarySimulator", "Imaging", .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        .testTarget(name: "CatalogTests", dependencies: [
            "Catalog", "Imaging", "Fetch", "MapillarySimulator", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "ToolTests", dependencies: [
            "Tool", "Imaging", "Fetch", "Catalog", "MapillarySimulator", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Replays the committed fuzz regressions and seeds through every target (Fuzz/ holds the inputs).
        .testTarget(name: "FuzzTests", dependencies: ["Fuzzing", "Imaging", "Fetch"], exclude: ["Fuzz"]),
    ] + fuzzTargets
)
