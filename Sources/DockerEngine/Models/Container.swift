import FoundationEssentials

/// One entry of `GET /containers/json`.
public struct ContainerSummary: Codable, Sendable, Equatable, Identifiable {
  /// Full container ID.
  public var id: String
  /// Names with their leading slash, e.g. `/web-1`.
  public var names: [String]?
  /// Image as the user named it.
  public var image: String?
  /// Image ID.
  public var imageID: String?
  /// Command line the container runs.
  public var command: String?
  /// Creation time, seconds since 1970.
  public var created: Int64?
  /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
  public var state: String?
  /// Human status, e.g. `Up 3 minutes (healthy)`.
  public var status: String?
  /// Labels, including compose's.
  public var labels: [String: String]?

  enum CodingKeys: String, CodingKey {
    case id = "Id", names = "Names", image = "Image", imageID = "ImageID", command = "Command"
    case created = "Created", state = "State", status = "Status", labels = "Labels"
  }

  /// The first name without its leading slash, or the short ID.
  public var name: String {
    guard let first = names?.first else { return String(id.prefix(12)) }
    return first.hasPrefix("/") ? String(first.dropFirst()) : first
  }
}

/// The reply of `GET /containers/{id}/json` (the parts Berth uses).
public struct ContainerDetails: Codable, Sendable, Equatable, Identifiable {
  /// Full container ID.
  public var id: String
  /// Name with its leading slash.
  public var name: String?
  /// Creation time (RFC 3339).
  public var created: String?
  /// Executable of the main process.
  public var path: String?
  /// Its arguments.
  public var args: [String]?
  /// Runtime state.
  public var state: State?
  /// Times the engine restarted it under its restart policy.
  public var restartCount: Int?
  /// Image ID.
  public var image: String?
  /// Creation-time configuration.
  public var config: Config?
  /// Resource limits and policies.
  public var hostConfig: HostConfig?

  enum CodingKeys: String, CodingKey {
    case id = "Id", name = "Name", created = "Created", path = "Path", args = "Args", state = "State"
    case restartCount = "RestartCount", image = "Image", config = "Config", hostConfig = "HostConfig"
  }

  /// The container's runtime state.
  public struct State: Codable, Sendable, Equatable {
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
    public var status: String?
    /// Whether it runs (also true while paused or restarting).
    public var running: Bool?
    /// Whether its processes are frozen.
    public var paused: Bool?
    /// Whether the engine is restarting it under its restart policy.
    public var restarting: Bool?
    /// Whether the kernel OOM killer ended the last run.
    public var oomKilled: Bool?
    /// Whether the engine failed to remove it and gave up on it.
    public var dead: Bool?
    /// The main process's ID on the host; 0 when not running.
    public var pid: Int?
    /// Exit code of the last run; 0 before the first one ends.
    public var exitCode: Int?
    /// Why the engine could not start it; empty when it could.
    public var error: String?
    /// RFC 3339; `0001-01-01T00:00:00Z` when never started.
    public var startedAt: String?
    /// RFC 3339; `0001-01-01T00:00:00Z` when no run has ended.
    public var finishedAt: String?
    /// Present only when the image or run defines a health check.
    public var health: Health?

    enum CodingKeys: String, CodingKey {
      case status = "Status", running = "Running", paused = "Paused", restarting = "Restarting"
      case oomKilled = "OOMKilled", dead = "Dead", pid = "Pid", exitCode = "ExitCode", error = "Error"
      case startedAt = "StartedAt", finishedAt = "FinishedAt", health = "Health"
    }
  }

  /// Health-check state.
  public struct Health: Codable, Sendable, Equatable {
    /// `none`, `starting`, `healthy` or `unhealthy`.
    public var status: String?
    /// Consecutive failed checks.
    public var failingStreak: Int?
    /// The last few checks, oldest first.
    public var log: [HealthCheckResult]?

    enum CodingKeys: String, CodingKey {
      case status = "Status", failingStreak = "FailingStreak", log = "Log"
    }
  }

  /// One health-check run.
  public struct HealthCheckResult: Codable, Sendable, Equatable {
    /// When the check started (RFC 3339).
    public var start: String?
    /// When it ended (RFC 3339).
    public var end: String?
    /// The check's exit code: 0 passed, anything else failed.
    public var exitCode: Int?
    /// What the check printed (the engine keeps at most 4 KiB).
    public var output: String?

    enum CodingKeys: String, CodingKey {
      case start = "Start", end = "End", exitCode = "ExitCode", output = "Output"
    }
  }

  /// Creation-time configuration.
  public struct Config: Codable, Sendable, Equatable {
    /// The image as the user named it.
    public var image: String?
    /// The command (arguments of the entrypoint, if any).
    public var cmd: [String]?
    /// The entrypoint; older engines send a string, read as a one-element list.
    public var entrypoint: [String]?
    /// `NAME=value` pairs.
    public var env: [String]?
    /// All labels (compose's `com.docker.compose.*` among them).
    public var labels: [String: String]?
    /// Whether a TTY was allocated: logs are then raw, not multiplexed.
    public var tty: Bool?
    /// Whether standard input is kept open (`-i`).
    public var openStdin: Bool?
    /// The user processes run as; empty for the image's default.
    public var user: String?
    /// The working directory; empty for the image's default.
    public var workingDir: String?

    enum CodingKeys: String, CodingKey {
      case image = "Image", cmd = "Cmd", entrypoint = "Entrypoint", env = "Env", labels = "Labels"
      case tty = "Tty", openStdin = "OpenStdin", user = "User", workingDir = "WorkingDir"
    }

    /// Decodes a configuration, accepting `Cmd` and `Entrypoint` as a string or a list.
    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      image = try c.decodeIfPresent(String.self, forKey: .image)
      cmd = c.decodeStringOrList(forKey: .cmd)
      entrypoint = c.decodeStringOrList(forKey: .entrypoint)
      env = try c.decodeIfPresent([String].self, forKey: .env)
      labels = try c.decodeIfPresent([String: String].self, forKey: .labels)
      tty = try c.decodeIfPresent(Bool.self, forKey: .tty)
      openStdin = try c.decodeIfPresent(Bool.self, forKey: .openStdin)
      user = try c.decodeIfPresent(String.self, forKey: .user)
      workingDir = try c.decodeIfPresent(String.self, forKey: .workingDir)
    }
  }

  /// Resource limits and policies.
  public struct HostConfig: Codable, Sendable, Equatable {
    /// Memory limit in bytes; 0 means unlimited.
    public var memory: Int64?
    /// CPU limit in 1e-9 CPUs (`--cpus`); 0 means unset.
    public var nanoCpus: Int64?
    /// CFS quota in microseconds per period; 0 or -1 means unset.
    public var cpuQuota: Int64?
    /// CFS period in microseconds; 0 means the kernel default (100 000).
    public var cpuPeriod: Int64?
    /// CPUs the container may run on, e.g. `0-1,3`.
    public var cpusetCpus: String?
    /// Relative CPU weight.
    public var cpuShares: Int64?
    /// Maximum processes; nil, 0 or -1 means unlimited.
    public var pidsLimit: Int64?
    /// When the engine restarts the container.
    public var restartPolicy: RestartPolicy?
    /// `bridge`, `host`, `none`, `container:ID` or a network name.
    public var networkMode: String?

    enum CodingKeys: String, CodingKey {
      case memory = "Memory", nanoCpus = "NanoCpus", cpuQuota = "CpuQuota", cpuPeriod = "CpuPeriod"
      case cpusetCpus = "CpusetCpus", cpuShares = "CpuShares", pidsLimit = "PidsLimit"
      case restartPolicy = "RestartPolicy", networkMode = "NetworkMode"
    }
  }

  /// When the engine restarts the container.
  public struct RestartPolicy: Codable, Sendable, Equatable {
    /// `""`/`no`, `always`, `unless-stopped` or `on-failure`.
    public var name: String?
    /// Restarts tried under `on-failure`; 0 means no limit.
    public var maximumRetryCount: Int?

    enum CodingKeys: String, CodingKey {
      case name = "Name", maximumRetryCount = "MaximumRetryCount"
    }
  }

  /// The name without its leading slash.
  public var displayName: String {
    guard let name else { return String(id.prefix(12)) }
    return name.hasPrefix("/") ? String(name.dropFirst()) : name
  }
}

extension KeyedDecodingContainer {
  /// Decodes a value older engines send as a string and newer ones as a list; nil otherwise.
  func decodeStringOrList(forKey key: Key) -> [String]? {
    if let list = try? decodeIfPresent([String].self, forKey: key) { return list }
    if let single = try? decodeIfPresent(String.self, forKey: key) { return [single] }
    return nil
  }
}

/// The reply of `GET /containers/{id}/top`.
public struct ProcessList: Codable, Sendable, Equatable {
  /// Column names, e.g. `PID`, `CMD`.
  public var titles: [String]
  /// One row per process.
  public var processes: [[String]]

  enum CodingKeys: String, CodingKey {
    case titles = "Titles", processes = "Processes"
  }
}
