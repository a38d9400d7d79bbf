// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "mly360",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mly360", targets: ["Tool"]),
        .executable(name: "mly360-sim", targets: ["SimulatorCLI"]),
        .executable(name: "mly360-bench", targets: ["Bench"]),
        .library(name: "Imaging", targets: ["Imaging"]),
        .library(name: "Fetch", targets: ["Fetch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries: a module map and one shim header each, no logic.
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),

        // Offline panorama QA: JPEG structure, decode/verify, EXIF, XMP/GPano, verdict, thumbnails, CSV merge.
        .target(
            name: "Imaging",
            dependencies: ["CTurboJPEG", "CExif", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Mapillary discovery and download: Graph client, retry policy, SQLite state, metadata CSV.
        .target(
            name: "Fetch",
            dependencies: [
                "Imaging",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
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
            ]
        ),
        .executableTarget(
            name: "SimulatorCLI",
            dependencies: ["MapillarySimulator", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "Tool",
            dependencies: ["Imaging", "Fetch", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // `make bench`: times mly360 against peer tools and a sequential downloader, prints figures and ratios.
        .executableTarget(
            name: "Bench",
            dependencies: ["Imaging", "MapillarySimulator", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "FetchTests", dependencies: ["Fetch", "MapillarySimulator", "Imaging"]),
        .testTarget(name: "ToolTests", dependencies: ["Tool", "Imaging", "Fetch", "MapillarySimulator"]),
    ]
)
