// swift-tools-version:6.0
import PackageDescription

/// PopStream: live population-policy indicators from hospital events on Kafka.
///
/// Layers, bottom up (see docs/architecture.md):
/// - `CRdKafka`: the C library librdkafka, seen from Swift (system library, pkg-config `rdkafka`).
/// - `Kafka`: the typed, safe Swift layer over it; all unsafe pointer code lives here.
/// - `PopStreamCore`: the pure domain (events, areas, periods, indicators, targets, engine, statistics, alerts).
/// - `Store`: leaf counters, unit states, fenced offsets and alerts, SQLite (GRDB) or PostgreSQL
///   (postgres-nio), one transaction per commit window.
/// - `Pipeline`: the domain over the store: commit windows built by the engine, figures rolled up when read.
/// - `PopStreamCLI`: the `popstream` commands; `popstream` is its thin executable.
let package = Package(
    name: "PopStream",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "popstream", targets: ["popstream"]),
        .executable(name: "popstream-prenatal-worker", targets: ["popstream-prenatal-worker"]),
        .executable(name: "popstream-newborn-worker", targets: ["popstream-newborn-worker"]),
        .executable(name: "popstream-premarital-worker", targets: ["popstream-premarital-worker"]),
        .executable(name: "popstream-elderly-worker", targets: ["popstream-elderly-worker"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "PopStreamCore", targets: ["PopStreamCore"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Tests only: child processes (workers, the CLI, psql...) without Foundation's Process.
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // The raw C consume loop that `popstream bench kafka` measures the Swift layer against.
        .target(
            name: "CKafkaBaseline",
            dependencies: ["CRdKafka"],
            linkerSettings: [.linkedLibrary("rdkafka")]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "PopStreamCore"),
        // SIGINT/SIGTERM handling and the stop deadline every long-running executable shares.
        .target(name: "ProcessShutdown", dependencies: [.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]),
        .target(
            name: "Store",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Pipeline", dependencies: ["PopStreamCore", "Store"]),
        .target(
            name: "WorkerRuntime",
            dependencies: [
                "Kafka",
                "PopStreamCore",
                "Store",
                "Pipeline",
                "ProcessShutdown",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .target(
            name: "PopStreamCLI",
            dependencies: [
                "Kafka",
                "PopStreamCore",
                "Store",
                "Pipeline",
                "WorkerRuntime",
                "CKafkaBaseline",
                "ProcessShutdown",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "popstream", dependencies: ["PopStreamCLI"]),
        .executableTarget(name: "popstream-prenatal-worker", dependencies: ["PopStreamCLI"]),
        .executableTarget(name: "popstream-newborn-worker", dependencies: ["PopStreamCLI"]),
        .executableTarget(name: "popstream-premarital-worker", dependencies: ["PopStreamCLI"]),
        .executableTarget(name: "popstream-elderly-worker", dependencies: ["PopStreamCLI"]),
        // The tests' child processes: started, signalled, waited for and read through swift-subprocess.
        .target(
            name: "ChildProcesses",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Tests/Support/ChildProcesses"),
        .testTarget(name: "ChildProcessesTests", dependencies: ["ChildProcesses"]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka"]),
        .testTarget(name: "PopStreamCoreTests", dependencies: ["PopStreamCore"]),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "Pipeline", "PopStreamCore", "PopStreamCLI", "Reporting", "ChildProcesses", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "WorkerTests",
            dependencies: ["WorkerRuntime", "Kafka", "Store", "Pipeline", "PopStreamCore", "PopStreamCLI", "ChildProcesses"]
        ),
        .testTarget(name: "PopStreamCLITests", dependencies: ["PopStreamCLI", "Kafka", "PopStreamCore", "Store", "ChildProcesses"]),
        // A program the stop deadline tests signal (built with the package, installed by no product).
        .executableTarget(
            name: "stop-deadline-probe",
            dependencies: [
                "ProcessShutdown",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/Probes/StopDeadlineProbe"),
    ]
)

// The alert notifier (issue 12): consumes indicators.alerts.v1, forwards to webhooks and Alertmanager.
// Kept in one block so that merging it with other changes of this manifest stays trivial.
package.products.append(.executable(name: "popstream-alert-notifier", targets: ["popstream-alert-notifier"]))
package.targets += [
    .target(
        name: "AlertNotifier",
        dependencies: [
            "Kafka",
            "PopStreamCore",
            "ProcessShutdown",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]
    ),
    .executableTarget(name: "popstream-alert-notifier", dependencies: ["AlertNotifier"]),
    .testTarget(
        name: "AlertNotifierTests",
        dependencies: [
            "AlertNotifier",
            "ChildProcesses",
            "Kafka",
            "PopStreamCore",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]
    ),
]

// Reports and the HTTP API (issue 13): `popstream report` and `popstream serve` share the `Reporting` layer
// (filters, rows, formats); `APIServer` serves it on Hummingbird. Kept in one block for easy merges.
package.targets += [
    .target(name: "Reporting", dependencies: ["PopStreamCore", "Store", "Pipeline"]),
    .target(
        name: "APIServer",
        dependencies: [
            "Reporting",
            "Pipeline",
            "PopStreamCore",
            "ProcessShutdown",
            "Store",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]
    ),
]
for target in package.targets where target.name == "PopStreamCLI" {
    target.dependencies += ["Reporting", "APIServer"]
}
for target in package.targets where target.name == "PopStreamCLITests" {
    target.dependencies += [
        "Reporting", "APIServer", "Pipeline",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ]
}

// The dashboard (issue 13, part 3): HTML pages with inline SVG over the Reporting layer, served by APIServer at `/`.
// Kept in one block for easy merges.
package.targets += [
    .target(name: "Dashboard", dependencies: ["Reporting", "PopStreamCore", "Store"]),
]
for target in package.targets where ["APIServer", "PopStreamCLI", "PopStreamCLITests"].contains(target.name) {
    target.dependencies += ["Dashboard"]
}
