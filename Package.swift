// swift-tools-version:6.0
// Berth — a terminal dashboard for Docker.
//
// Layers (dependencies point one way, left to right):
//   CCurl → DockerEngine → Monitor → Dashboard ─┐
//   CNCurses → TerminalUI ──────────────────────┴→ BerthApp → berth
// TerminalUI is a generic toolkit; BerthApp maps Dashboard state onto its widgets.
// Each target declares every module it imports (a layer may also use any layer further left);
// scripts/check-imports holds the declarations and the imports equal.
import PackageDescription

// Shipped code imports FoundationEssentials, never the whole of Foundation (its NSString bridging,
// CoreFoundation and ICU would cost the resident memory of a dashboard kept open all day).
// MemberImportVisibility turns a Foundation-only member reached through another module's import
// into a compile error instead of a silent link of Foundation.
let shipped: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
  name: "Berth",
  products: [
    .executable(name: "berth", targets: ["berth"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
  ],
  targets: [
    // C shims: declarations and one-line forwards only.
    .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
    .target(
      name: "CNCurses",
      linkerSettings: [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]
    ),

    .target(
      name: "DockerEngine",
      dependencies: ["CCurl", .product(name: "DequeModule", package: "swift-collections")],
      swiftSettings: shipped
    ),
    .target(
      name: "Monitor",
      dependencies: ["DockerEngine", .product(name: "DequeModule", package: "swift-collections")],
      swiftSettings: shipped
    ),
    // Dashboard reads DockerEngine's `Checked` bounds and `EngineTime` for its figures.
    .target(name: "Dashboard", dependencies: ["DockerEngine", "Monitor"], swiftSettings: shipped),
    // A generic terminal toolkit (cell grid, widgets, backends); knows nothing of Docker.
    .target(name: "TerminalUI", dependencies: ["CNCurses"], swiftSettings: shipped),
    // The app: dashboard views (Dashboard state → TerminalUI widgets), keymap, themes, event loop.
    .target(
      name: "BerthApp",
      dependencies: [
        "DockerEngine", "Monitor", "Dashboard", "TerminalUI", .product(name: "TOMLKit", package: "TOMLKit"),
        .product(name: "DequeModule", package: "swift-collections"),
      ],
      swiftSettings: shipped
    ),
    .executableTarget(
      name: "berth",
      dependencies: [
        "DockerEngine", "Monitor", "TerminalUI", "BerthApp",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: shipped
    ),

    // A test-only program that takes the terminal as the dashboard does and then traps
    // (Tests/e2e/signals.sh); not a product, never shipped.
    .executableTarget(name: "berth-trap-probe", dependencies: ["BerthApp", "TerminalUI"], path: "Tests/TrapProbe"),

    // Test support: the private dockerd harness and fixture loading. Never shipped.
    .target(name: "BerthTestSupport", dependencies: ["DockerEngine", "Monitor"], resources: [.copy("Fixtures")]),

    .testTarget(
      name: "DockerEngineTests",
      dependencies: ["DockerEngine", "BerthTestSupport"]
    ),
    .testTarget(name: "MonitorTests", dependencies: ["Monitor", "BerthTestSupport"]),
    .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "BerthTestSupport"]),
    .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
    .testTarget(
      name: "BerthAppTests", dependencies: ["BerthApp", "BerthTestSupport"],
      exclude: ["__Snapshots__", "InvalidThemes"]
    ),
    .testTarget(
      name: "IntegrationTests",
      dependencies: ["DockerEngine", "Monitor", "Dashboard", "BerthTestSupport"]
    ),
  ]
)
