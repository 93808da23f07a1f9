// DockerEngine: the Docker Engine API over libcurl. Depends on CCurl only; knows nothing of
// compose services, rows or the UI. Models are tolerant value types: every field an engine
// may omit is optional, and unknown fields are ignored.
import FoundationEssentials

/// The reply of `GET /version`.
public struct EngineVersion: Codable, Sendable, Equatable {
  /// Engine release, e.g. `20.10.24`.
  public var version: String
  /// Newest API version the engine speaks, e.g. `1.41`.
  public var apiVersion: String
  /// Oldest API version the engine accepts.
  public var minAPIVersion: String?
  /// Operating system of the engine host.
  public var os: String?
  /// CPU architecture of the engine host.
  public var arch: String?
  /// Kernel of the engine host.
  public var kernelVersion: String?

  enum CodingKeys: String, CodingKey {
    case version = "Version", apiVersion = "ApiVersion", minAPIVersion = "MinAPIVersion"
    case os = "Os", arch = "Arch", kernelVersion = "KernelVersion"
  }

  /// Makes a version record (tests and fakes).
  public init(
    version: String, apiVersion: String, minAPIVersion: String? = nil, os: String? = nil,
    arch: String? = nil, kernelVersion: String? = nil
  ) {
    self.version = version
    self.apiVersion = apiVersion
    self.minAPIVersion = minAPIVersion
    self.os = os
    self.arch = arch
    self.kernelVersion = kernelVersion
  }
}

/// The parts of `GET /info` Berth shows.
public struct EngineInfo: Codable, Sendable, Equatable {
  /// Engine host name.
  public var name: String?
  /// CPUs the engine sees.
  public var cpuCount: Int?
  /// Memory of the engine host in bytes.
  public var memoryTotal: UInt64?
  /// Engine release.
  public var serverVersion: String?
  /// Containers in any state.
  public var containers: Int?
  /// Running containers.
  public var containersRunning: Int?
  /// `1` or `2`.
  public var cgroupVersion: String?
  /// `cgroupfs` or `systemd`.
  public var cgroupDriver: String?
  /// Operating system description.
  public var operatingSystem: String?

  enum CodingKeys: String, CodingKey {
    case name = "Name", cpuCount = "NCPU", memoryTotal = "MemTotal", serverVersion = "ServerVersion"
    case containers = "Containers", containersRunning = "ContainersRunning"
    case cgroupVersion = "CgroupVersion", cgroupDriver = "CgroupDriver"
    case operatingSystem = "OperatingSystem"
  }
}

/// An API version such as `1.41`, ordered numerically.
public struct APIVersion: Comparable, Sendable, CustomStringConvertible, Hashable {
  /// Major part (always 1 so far).
  public var major: Int
  /// Minor part.
  public var minor: Int

  /// Makes a version from its parts.
  public init(_ major: Int, _ minor: Int) {
    self.major = major
    self.minor = minor
  }

  /// Parses `"1.41"`; nil when it is not two dot-separated numbers.
  public init?(parsing text: String) {
    let parts = text.split(separator: ".")
    guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
    self.init(major, minor)
  }

  /// `"1.41"`.
  public var description: String { "\(major).\(minor)" }

  /// Orders by major, then minor version.
  public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
    (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
  }

  /// The newest API version Berth knows and uses when the engine offers it.
  public static let newestKnown = APIVersion(1, 45)
  /// The oldest API version Berth accepts (`one-shot` stats and several fields need more; they degrade).
  public static let oldestSupported = APIVersion(1, 25)
}
