#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import DockerEngine
import FoundationEssentials

// A container's CPU, memory and process counters live in its cgroup. `GET /containers/{id}/stats`
// reads the same files (dockerd asks containerd, which asks the container's shim), so when the
// engine runs on this machine Berth can read them itself: the same numbers, at no cost to the
// engine. Every engine stats sample is one collection by dockerd's collector, one containerd call
// and one shim call (about 4 ms of engine CPU here); reading the files is a few microseconds.
//
// Nothing here trusts its input: a path that does not name the container, a file that is missing
// or unreadable, or a number that does not parse, all give nil and the caller asks the engine.

/// The cgroup hierarchy this process sees: cgroup v2 (unified) or v1 controller mounts.
public struct CgroupLayout: Sendable, Equatable {
  /// A mounted hierarchy: where it is mounted and which of its cgroups is the mount's root.
  struct Mount: Sendable, Equatable {
    var mountPoint: String
    var root: String
  }

  /// Which cgroup version the container counters are read from.
  public let version: CgroupVersion
  /// v1: one mount per controller (`cpu`, `cpuacct`, `memory`, `pids`); v2: the key "".
  let mounts: [String: Mount]

  static let controllers = ["cpu", "cpuacct", "memory", "pids"]

  /// The layout of this process's mount namespace (`/proc/self/mountinfo`); nil without cgroups.
  public static func current() -> CgroupLayout? {
    KernelFile.string("/proc/self/mountinfo", limit: 1 << 20).flatMap(CgroupLayout.init(mountinfo:))
  }

  /// Reads a `mountinfo` table. v1 wins when all four controllers are mounted as v1 (hybrid
  /// systems also mount an empty v2 hierarchy); otherwise the v2 mount; otherwise nil.
  public init?(mountinfo: String) {
    var legacy: [String: Mount] = [:]
    var unified: Mount?
    for line in mountinfo.split(separator: "\n") {
      // id parent major:minor root mount-point options [optional…] - fstype source super-options
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 7, let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count, dash >= 6 else { continue }
      let mount = Mount(mountPoint: Self.unescape(fields[4]), root: Self.unescape(fields[3]))
      switch fields[dash + 1] {
      case "cgroup2":
        if unified == nil { unified = mount }
      case "cgroup" where dash + 3 < fields.count:
        for option in fields[dash + 3].split(separator: ",") where Self.controllers.contains(String(option)) {
          if legacy[String(option)] == nil { legacy[String(option)] = mount }
        }
      default:
        continue
      }
    }
    if Self.controllers.allSatisfy({ legacy[$0] != nil }) {
      version = .v1
      mounts = legacy
    } else if legacy.isEmpty, let unified {
      version = .v2
      mounts = ["": unified]
    } else {
      return nil
    }
  }

  /// The cgroup of the container `containerID` whose main process is `pid`, from `/proc/PID/cgroup`.
  public func cgroup(pid: Int, containerID: String) -> ContainerCgroup? {
    guard pid > 0, let text = KernelFile.string("/proc/\(pid)/cgroup", limit: 64 << 10) else { return nil }
    return cgroup(processCgroups: text, containerID: containerID)
  }

  /// Resolves the directories of a container's cgroup from a `/proc/PID/cgroup` text.
  ///
  /// The path must name the container (every engine cgroup driver puts the full ID in it:
  /// `/docker/ID`, `/system.slice/docker-ID.scope`): a process of another host or namespace
  /// (a remote engine, Berth inside a container) never matches, and Berth asks the engine.
  public func cgroup(processCgroups text: String, containerID: String) -> ContainerCgroup? {
    guard containerID.utf8.count >= 12, containerID.utf8.allSatisfy(Self.isHexDigit) else { return nil }
    var paths: [String: String] = [:]
    for line in text.split(separator: "\n") {
      // hierarchy-id:controller,list:path (v2: 0::path)
      let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
      guard parts.count == 3 else { continue }
      if parts[0] == "0" && parts[1].isEmpty {
        paths[""] = String(parts[2])
      } else {
        for controller in parts[1].split(separator: ",") { paths[String(controller)] = String(parts[2]) }
      }
    }
    func directory(_ key: String) -> String? {
      guard let mount = mounts[key], let path = paths[key], path.contains(containerID) else { return nil }
      let root = mount.root == "/" ? "" : mount.root
      guard path.hasPrefix(root + "/"), !path.contains("/../") else { return nil }
      return mount.mountPoint + path.dropFirst(root.count)
    }
    switch version {
    case .v1:
      guard let cpu = directory("cpu"), let cpuacct = directory("cpuacct"), let memory = directory("memory"),
        let pids = directory("pids")
      else { return nil }
      return ContainerCgroup(version: .v1, cpu: cpu, cpuacct: cpuacct, memory: memory, pids: pids)
    case .v2:
      guard let directory = directory("") else { return nil }
      return ContainerCgroup(version: .v2, cpu: directory, cpuacct: directory, memory: directory, pids: directory)
    }
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    (48...57).contains(byte) || (97...102).contains(byte)
  }

  /// mountinfo escapes space, tab, newline and backslash as `\ooo`.
  private static func unescape(_ field: Substring) -> String {
    guard field.contains("\\") else { return String(field) }
    var bytes: [UInt8] = []
    let utf8 = Array(field.utf8)
    var i = 0
    while i < utf8.count {
      if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count,
        let value = UInt8(String(decoding: utf8[(i + 1)...(i + 3)], as: UTF8.self), radix: 8)
      {
        bytes.append(value)
        i += 4
      } else {
        bytes.append(utf8[i])
        i += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// cgroup v1 (one hierarchy per controller) or v2 (one unified hierarchy).
public enum CgroupVersion: String, Sendable, Equatable {
  /// One hierarchy per controller (`v1`), or the unified one (`v2`).
  case v1, v2
}

/// The cgroup directories of one container, and how to read a stats sample from them.
public struct ContainerCgroup: Sendable, Equatable {
  /// Which hierarchy the directories are in.
  public let version: CgroupVersion
  let cpu: String
  let cpuacct: String
  let memory: String
  let pids: String

  // The counters read, per version (made once: these run for every container every round).
  static let v1CPUKeys: [StaticString] = ["nr_periods", "nr_throttled", "throttled_time"]
  static let v1MemoryKeys: [StaticString] = ["total_inactive_file"]
  static let v2CPUKeys: [StaticString] = ["usage_usec", "nr_periods", "nr_throttled", "throttled_usec"]
  static let v2MemoryKeys: [StaticString] = ["inactive_file"]

  /// A stats sample with the fields `GET /containers/{id}/stats` fills from the same files
  /// (containerd's v1 and v2 metrics, as dockerd maps them): CPU total and throttling in
  /// nanoseconds, memory usage and its inactive file cache, pids; host CPU from `host`.
  /// Nil when a counter cannot be read (the container stopped, the cgroup is gone).
  ///
  /// - Parameter read: The sample's `read` time, RFC 3339 (formatted once for a whole round).
  public func sample(host: HostCPU, read: String) -> StatsSample? {
    var cpuStats = StatsSample.CPUStats()
    var usage = StatsSample.CPUUsage()
    var throttling = StatsSample.Throttling()
    var memoryStats: StatsSample.MemoryStats
    var pidsStats = StatsSample.PidsStats()
    switch version {
    case .v1:
      guard let total = KernelFile.number(cpuacct + "/cpuacct.usage"),
        let memoryUsage = KernelFile.number(memory + "/memory.usage_in_bytes"),
        let inactive = KernelFile.fields(memory + "/memory.stat", Self.v1MemoryKeys)[0]
      else { return nil }
      usage.total = total
      let cpuStat = KernelFile.fields(cpu + "/cpu.stat", Self.v1CPUKeys)
      throttling.periods = cpuStat[0] ?? 0
      throttling.throttledPeriods = cpuStat[1] ?? 0
      throttling.throttledTime = cpuStat[2] ?? 0
      memoryStats = StatsSample.MemoryStats(usage: memoryUsage, stats: ["total_inactive_file": inactive])
    case .v2:
      let cpuStat = KernelFile.fields(cpu + "/cpu.stat", Self.v2CPUKeys)
      // v2 counts microseconds; a count too large for nanoseconds is no reading.
      guard let total = cpuStat[0].flatMap({ Checked.product($0, 1000) }),
        let memoryUsage = KernelFile.number(memory + "/memory.current"),
        let inactive = KernelFile.fields(memory + "/memory.stat", Self.v2MemoryKeys)[0],
        let throttledTime = Checked.product(cpuStat[3] ?? 0, 1000)
      else { return nil }
      usage.total = total
      // Without the cpu controller v2 has no period counters; the engine then reports zeros.
      throttling.periods = cpuStat[1] ?? 0
      throttling.throttledPeriods = cpuStat[2] ?? 0
      throttling.throttledTime = throttledTime
      memoryStats = StatsSample.MemoryStats(usage: memoryUsage, stats: ["inactive_file": inactive])
    }
    pidsStats.current = KernelFile.number(pids + "/pids.current")
    cpuStats.usage = usage
    cpuStats.systemUsage = host.systemUsage
    cpuStats.onlineCPUs = host.onlineCPUs
    cpuStats.throttling = throttling
    var sample = StatsSample()
    sample.read = read
    sample.cpu = cpuStats
    sample.memory = memoryStats
    sample.pids = pidsStats
    return sample
  }
}

/// The host's CPU time as dockerd's stats collector reads it.
public struct HostCPU: Sendable, Equatable {
  /// Nanoseconds of all CPUs: the first seven fields of `/proc/stat`'s `cpu` line
  /// (user, nice, system, idle, iowait, irq, softirq) in clock ticks, converted.
  public var systemUsage: UInt64
  /// CPUs online (`sysconf(_SC_NPROCESSORS_ONLN)`, as dockerd).
  public var onlineCPUs: Int

  /// Makes a reading: `systemUsage` nanoseconds of all `onlineCPUs` CPUs.
  public init(systemUsage: UInt64, onlineCPUs: Int) {
    self.systemUsage = systemUsage
    self.onlineCPUs = onlineCPUs
  }

  /// Reads `/proc/stat` now.
  public static func read() -> HostCPU? {
    guard let text = KernelFile.string("/proc/stat", limit: 4096, wholeFile: false) else { return nil }
    // sysconf gives -1 on failure: clamped to 0, which parse refuses.
    return parse(
      procStat: text, clockTicksPerSecond: UInt64(clamping: sysconf(Int32(_SC_CLK_TCK))),
      onlineCPUs: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }

  /// Parses the `cpu` line of a `/proc/stat` text; nil when it is not one or its total does not
  /// fit 64 bits of nanoseconds.
  public static func parse(procStat text: String, clockTicksPerSecond: UInt64, onlineCPUs: Int) -> HostCPU? {
    guard clockTicksPerSecond > 0, onlineCPUs > 0,
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") })
    else { return nil }
    let fields = line.split(separator: " ").dropFirst()
    guard fields.count >= 7 else { return nil }
    var values: [UInt64] = []
    for field in fields.prefix(7) {
      guard let value = UInt64(field) else { return nil }
      values.append(value)
    }
    guard let ticks = Checked.sum(values),
      let nanoseconds = Checked.nanoseconds(ticks: ticks, perSecond: clockTicksPerSecond)
    else { return nil }
    return HostCPU(systemUsage: nanoseconds, onlineCPUs: onlineCPUs)
  }
}

/// Small kernel files (procfs, cgroupfs) read with one open, read and close; no Foundation.
enum KernelFile {
  /// The file's text, up to `limit` bytes (with `wholeFile: false`, only what the first read gives).
  static func string(_ path: String, limit: Int, wholeFile: Bool = true) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    // Uninitialised: pages the file does not fill are never touched.
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: limit) { buffer, count in
      let filled = fill(UnsafeMutableRawBufferPointer(buffer), from: fd, once: !wholeFile)
      failed = filled == nil
      count = filled ?? 0
    }
    return failed ? nil : String(decoding: bytes, as: UTF8.self)
  }

  /// Calls `body` with the first 8 KiB of the file (cgroup counters and `memory.stat` fit).
  private static func withBytes<T>(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8192) { buffer -> T? in
      guard let filled = fill(UnsafeMutableRawBufferPointer(buffer), from: fd) else { return nil }
      return body(UnsafeBufferPointer(rebasing: buffer[0..<filled]))
    }
  }

  /// Reads into `buffer` until it is full or the file ends (with `once`, one read); nil on error.
  private static func fill(_ buffer: UnsafeMutableRawBufferPointer, from fd: Int32, once: Bool = false) -> Int? {
    var filled = 0
    while filled < buffer.count {
      let count = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
      if count < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if count == 0 { break }
      filled += count
      if once { break }
    }
    return filled
  }

  /// A file holding one decimal number (`cpuacct.usage`, `memory.current`, `pids.current`).
  static func number(_ path: String) -> UInt64? {
    withBytes(path) { bytes in
      // "max" or garbage is no number; a trailing newline or space ends it.
      guard let (value, end) = decimal(bytes, from: 0), end == bytes.count || bytes[end] == 10 || bytes[end] == 32 else {
        return nil
      }
      return value
    }
  }

  /// The values of `keys` in a flat-keyed file of `key value` lines (`cpu.stat`, `memory.stat`),
  /// in the order of `keys`; nil for a key that is missing or whose value is not a number.
  static func fields(_ path: String, _ keys: [StaticString]) -> [UInt64?] {
    var values = [UInt64?](repeating: nil, count: keys.count)
    _ = withBytes(path) { bytes -> Bool? in
      var lineStart = 0
      while lineStart < bytes.count {
        var end = lineStart
        while end < bytes.count, bytes[end] != 32, bytes[end] != 10 { end += 1 }
        if end < bytes.count, bytes[end] == 32, let (value, valueEnd) = decimal(bytes, from: end + 1) {
          let key = RawName(raw: UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
          for (index, wanted) in keys.enumerated() where values[index] == nil && wanted ~= key { values[index] = value }
          end = valueEnd
        }
        while end < bytes.count, bytes[end] != 10 { end += 1 }
        lineStart = end + 1
      }
      return true
    }
    return values
  }

  /// The decimal number starting at `start` and the index after it; nil without a digit or on overflow.
  private static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (UInt64, Int)? {
    var value: UInt64 = 0
    var index = start
    while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
      let (times, overflow) = value.multipliedReportingOverflow(by: 10)
      let (sum, carry) = times.addingReportingOverflow(UInt64(bytes[index] - 48))
      guard !overflow, !carry else { return nil }
      value = sum
      index += 1
    }
    return index > start ? (value, index) : nil
  }
}
