import DockerEngine
@testable import Monitor
import Foundation
import Testing

/// Reading container stats from cgroup files.
///
/// The v1 texts were recorded on the CI machine (kernel 6.18, hybrid cgroup v1 with an empty v2
/// mount, dockerd 20.10 with the cgroupfs driver): `/proc/self/mountinfo`, a container's
/// `/proc/PID/cgroup`, its `memory.stat` and `cpu.stat`, and `/proc/stat`. No cgroup v2 host was at
/// hand: the v2 texts follow the kernel's cgroup-v2 documentation (a systemd host, where the engine's
/// systemd driver names the cgroup `docker-ID.scope`).
struct CgroupTests {
  static let id = "180145b969597a1c342569b7051743ccaf8b7c941823a33476a0814f09d369c3"

  static let hybridMountinfo = """
    23 1 253:0 / / rw,relatime - ext4 /dev/vda rw
    31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
    32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
    33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
    34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
    35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
    36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
    37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
    38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
    39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
    40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
    41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
    """

  static let hybridProcessCgroups = """
    9:name=systemd:/docker/\(id)
    8:pids:/docker/\(id)
    7:blkio:/docker/\(id)
    6:freezer:/docker/\(id)
    5:devices:/docker/\(id)
    4:memory:/docker/\(id)
    3:cpuset:/docker/\(id)
    2:cpuacct:/docker/\(id)
    1:cpu:/docker/\(id)
    0::/docker/\(id)
    """

  static let unifiedMountinfo = """
    22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
    35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
    """

  @Test func hybridHostsReadTheV1Controllers() throws {
    let layout = try #require(CgroupLayout(mountinfo: Self.hybridMountinfo))
    #expect(layout.version == .v1)
    let cgroup = try #require(layout.cgroup(processCgroups: Self.hybridProcessCgroups, containerID: Self.id))
    #expect(cgroup.cpu == "/sys/fs/cgroup/cpu/docker/\(Self.id)")
    #expect(cgroup.cpuacct == "/sys/fs/cgroup/cpuacct/docker/\(Self.id)")
    #expect(cgroup.memory == "/sys/fs/cgroup/memory/docker/\(Self.id)")
    #expect(cgroup.pids == "/sys/fs/cgroup/pids/docker/\(Self.id)")
  }

  @Test func comountedControllersShareOneHierarchy() throws {
    let mountinfo = """
      32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:13 - cgroup cgroup rw,cpu,cpuacct
      35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:16 - cgroup cgroup rw,memory
      39 31 0:36 / /sys/fs/cgroup/pids rw,relatime shared:20 - cgroup cgroup rw,pids
      """
    let layout = try #require(CgroupLayout(mountinfo: mountinfo))
    let text = "4:pids:/docker/\(Self.id)\n3:memory:/docker/\(Self.id)\n2:cpu,cpuacct:/docker/\(Self.id)\n0::/\n"
    let cgroup = try #require(layout.cgroup(processCgroups: text, containerID: Self.id))
    #expect(cgroup.cpu == "/sys/fs/cgroup/cpu,cpuacct/docker/\(Self.id)")
    #expect(cgroup.cpuacct == cgroup.cpu)
  }

  @Test func unifiedHostsReadOneDirectory() throws {
    let layout = try #require(CgroupLayout(mountinfo: Self.unifiedMountinfo))
    #expect(layout.version == .v2)
    let cgroup = try #require(layout.cgroup(processCgroups: "0::/system.slice/docker-\(Self.id).scope\n", containerID: Self.id))
    #expect(cgroup.memory == "/sys/fs/cgroup/system.slice/docker-\(Self.id).scope")
    #expect(cgroup.cpu == cgroup.memory && cgroup.pids == cgroup.memory)
  }

  @Test func aPathThatDoesNotNameTheContainerIsRefused() throws {
    let layout = try #require(CgroupLayout(mountinfo: Self.hybridMountinfo))
    let other = String(Self.id.reversed())
    // Another container (a pid reused, or a remote engine's pid that means something else here).
    #expect(layout.cgroup(processCgroups: Self.hybridProcessCgroups, containerID: other) == nil)
    // A process outside any container.
    #expect(layout.cgroup(processCgroups: "4:memory:/user.slice\n1:cpu:/\n0::/\n", containerID: Self.id) == nil)
    // IDs must be hexadecimal and not trivially short.
    #expect(layout.cgroup(processCgroups: Self.hybridProcessCgroups, containerID: "docker") == nil)
    #expect(layout.cgroup(processCgroups: Self.hybridProcessCgroups, containerID: "") == nil)
    // One controller missing: not all counters are readable.
    let partial = Self.hybridProcessCgroups.split(separator: "\n").filter { !$0.contains(":pids:") }.joined(separator: "\n")
    #expect(layout.cgroup(processCgroups: partial, containerID: Self.id) == nil)
  }

  @Test func mountRootsAreStrippedAndPathsOutsideThemRefused() throws {
    // Inside a cgroup namespace (Berth in a container) only part of the hierarchy is mounted.
    let layout = try #require(
      CgroupLayout(
        mountinfo: """
          35 24 0:30 /docker /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw
          """))
    let inside = try #require(layout.cgroup(processCgroups: "0::/docker/\(Self.id)\n", containerID: Self.id))
    #expect(inside.memory == "/sys/fs/cgroup/\(Self.id)")
    #expect(layout.cgroup(processCgroups: "0::/other/\(Self.id)\n", containerID: Self.id) == nil)
    #expect(layout.cgroup(processCgroups: "0::/../docker-\(Self.id).scope\n", containerID: Self.id) == nil)
  }

  @Test func mixedOrMissingHierarchiesAreNotUsed() {
    #expect(CgroupLayout(mountinfo: "") == nil)
    #expect(CgroupLayout(mountinfo: "23 1 253:0 / / rw,relatime - ext4 /dev/vda rw\n") == nil)
    // Only memory on v1, the rest on v2: not a layout Berth reads.
    #expect(
      CgroupLayout(
        mountinfo: """
          35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
          41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
          """) == nil)
    // Truncated and garbage lines are skipped.
    #expect(CgroupLayout(mountinfo: "35 24 0:30 /\n - - -\n\u{1b}[2J") == nil)
  }

  @Test func escapedMountPointsAreDecoded() throws {
    let layout = try #require(CgroupLayout(mountinfo: "35 24 0:30 / /mnt/cgroup\\040two rw - cgroup2 cgroup2 rw\n"))
    let cgroup = try #require(layout.cgroup(processCgroups: "0::/docker/\(Self.id)\n", containerID: Self.id))
    #expect(cgroup.memory == "/mnt/cgroup two/docker/\(Self.id)")
  }

  @Test func hostCPUIsTheFirstSevenFieldsInNanoseconds() throws {
    let host = try #require(
      HostCPU.parse(
        procStat: "cpu  927746 6433 477897 2270945 27143 0 3034 2931 0 0\ncpu0 463873 3216 238948 1135472 13571 0 1517 1465 0 0\n",
        clockTicksPerSecond: 100, onlineCPUs: 2))
    #expect(host.systemUsage == (927746 + 6433 + 477897 + 2270945 + 27143 + 0 + 3034) * 10_000_000)
    #expect(host.onlineCPUs == 2)
    #expect(HostCPU.parse(procStat: "cpu  1 2 3\n", clockTicksPerSecond: 100, onlineCPUs: 2) == nil)
    #expect(HostCPU.parse(procStat: "cpu  1 2 3 x 5 6 7\n", clockTicksPerSecond: 100, onlineCPUs: 2) == nil)
    #expect(HostCPU.parse(procStat: "", clockTicksPerSecond: 100, onlineCPUs: 2) == nil)
    #expect(HostCPU.read() != nil)
  }

  @Test func v1SamplesCarryTheEngineFields() throws {
    let root = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try Self.write(root, "cpuacct/docker/\(Self.id)/cpuacct.usage", "22800598\n")
    try Self.write(root, "cpu/docker/\(Self.id)/cpu.stat", "nr_periods 3\nnr_throttled 1\nthrottled_time 4500\nnr_bursts 0\nburst_time 0\n")
    try Self.write(root, "memory/docker/\(Self.id)/memory.usage_in_bytes", "319488\n")
    try Self.write(root, "memory/docker/\(Self.id)/memory.stat", Self.recordedMemoryStat)
    try Self.write(root, "pids/docker/\(Self.id)/pids.current", "1\n")
    let layout = try #require(
      CgroupLayout(
        mountinfo: ["cpu", "cpuacct", "memory", "pids"].enumerated().map { index, controller in
          "\(32 + index) 31 0:\(29 + index) / \(root)/\(controller) rw,relatime - cgroup cgroup rw,\(controller)"
        }.joined(separator: "\n")))
    let cgroup = try #require(layout.cgroup(processCgroups: Self.hybridProcessCgroups, containerID: Self.id))
    let sample = try #require(
      cgroup.sample(
        host: HostCPU(systemUsage: 37_131_980_000_000, onlineCPUs: 2),
        read: EngineTime.format(Date(timeIntervalSince1970: 1_764_400_000.5), fractionDigits: 9)))
    #expect(sample.cpu?.usage?.total == 22_800_598)
    #expect(sample.cpu?.systemUsage == 37_131_980_000_000 && sample.cpu?.onlineCPUs == 2)
    #expect(sample.cpu?.throttling?.periods == 3 && sample.cpu?.throttling?.throttledPeriods == 1)
    #expect(sample.cpu?.throttling?.throttledTime == 4500)
    #expect(sample.memory?.usage == 319_488)
    #expect(sample.memory?.stats == ["total_inactive_file": 8192])
    #expect(sample.pids?.current == 1)
    #expect(sample.read.flatMap(EngineTime.parse) == Date(timeIntervalSince1970: 1_764_400_000.5))

    // A pids file that went away leaves pids unknown; a memory file that went away, no sample.
    try FileManager.default.removeItem(atPath: "\(root)/pids/docker/\(Self.id)/pids.current")
    #expect(cgroup.sample(host: HostCPU(systemUsage: 1, onlineCPUs: 1), read: "")?.pids?.current == nil)
    try FileManager.default.removeItem(atPath: "\(root)/memory/docker/\(Self.id)/memory.stat")
    #expect(cgroup.sample(host: HostCPU(systemUsage: 1, onlineCPUs: 1), read: "") == nil)
  }

  @Test func v2SamplesConvertMicrosecondsToTheEnginesNanoseconds() throws {
    let root = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let directory = "system.slice/docker-\(Self.id).scope"
    try Self.write(
      root, "\(directory)/cpu.stat",
      """
      usage_usec 1523456
      user_usec 1200000
      system_usec 323456
      nr_periods 120
      nr_throttled 30
      throttled_usec 250000

      """)
    try Self.write(root, "\(directory)/memory.current", "52428800\n")
    try Self.write(root, "\(directory)/memory.stat", "anon 41943040\nfile 10485760\nactive_file 2097152\ninactive_file 8388608\n")
    try Self.write(root, "\(directory)/pids.current", "7\n")
    let layout = try #require(CgroupLayout(mountinfo: "35 24 0:30 / \(root) rw - cgroup2 cgroup2 rw\n"))
    let cgroup = try #require(layout.cgroup(processCgroups: "0::/\(directory)\n", containerID: Self.id))
    let sample = try #require(cgroup.sample(host: HostCPU(systemUsage: 10, onlineCPUs: 4), read: ""))
    #expect(sample.cpu?.usage?.total == 1_523_456_000)
    #expect(sample.cpu?.throttling?.periods == 120 && sample.cpu?.throttling?.throttledPeriods == 30)
    #expect(sample.cpu?.throttling?.throttledTime == 250_000_000)
    #expect(sample.memory?.usage == 52_428_800 && sample.memory?.stats == ["inactive_file": 8_388_608])
    #expect(sample.pids?.current == 7)

    // Without the cpu controller there are no period counters: zeros, as the engine reports.
    try Self.write(root, "\(directory)/cpu.stat", "usage_usec 10\nuser_usec 5\nsystem_usec 5\n")
    let bare = try #require(cgroup.sample(host: HostCPU(systemUsage: 10, onlineCPUs: 4), read: ""))
    #expect(bare.cpu?.throttling?.periods == 0 && bare.cpu?.throttling?.throttledTime == 0)
  }

  @Test func numberFilesRejectWhatIsNotANumber() throws {
    let root = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    for (name, text, expected) in [
      ("plain", "123\n", UInt64(123)), ("max", "max\n", nil), ("empty", "", nil),
      ("overflow", "99999999999999999999999\n", nil), ("spaced", "42 \n", 42), ("negative", "-1\n", nil),
    ] as [(String, String, UInt64?)] {
      try Self.write(root, name, text)
      #expect(KernelFile.number("\(root)/\(name)") == expected, "\(name)")
    }
    #expect(KernelFile.number("\(root)/missing") == nil)
    try Self.write(root, "stat", "a 1\nbb 2\nc x\nd\n\nlong_key_without_value\ne 5")
    #expect(KernelFile.fields("\(root)/stat", ["bb", "c", "d", "e", "a", "b"]) == [2, nil, nil, 5, 1, nil])
  }

  // MARK: - Helpers

  /// A container's `memory.stat`, recorded (v1) and abridged, with `total_inactive_file` set to 8192.
  static let recordedMemoryStat = """
    cache 0
    rss 53248
    rss_huge 0
    shmem 0
    mapped_file 0
    dirty 0
    writeback 0
    swap 0
    pgpgin 759
    pgpgout 746
    pgfault 1033
    pgmajfault 0
    inactive_anon 49152
    active_anon 4096
    inactive_file 0
    active_file 0
    unevictable 0
    hierarchical_memory_limit 67108864
    hierarchical_memsw_limit 134217728
    total_cache 0
    total_rss 53248
    total_inactive_anon 49152
    total_active_anon 4096
    total_inactive_file 8192
    total_active_file 0
    total_unevictable 0

    """

  static func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("berth-cgroup-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func write(_ root: String, _ relative: String, _ text: String) throws {
    let url = URL(fileURLWithPath: root).appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }
}

/// Absurd kernel numbers become nil (no reading), never a trap.
struct CgroupCheckedNumbersTests {
  /// 2^64−1 ticks, or ticks whose nanoseconds pass 2^64, are no reading (they used to wrap).
  @Test func hostCPUBeyondSixtyFourBitsIsNoReading() throws {
    #expect(HostCPU.parse(procStat: "cpu  18446744073709551615 1 0 0 0 0 0\n", clockTicksPerSecond: 100, onlineCPUs: 2) == nil)
    #expect(HostCPU.parse(procStat: "cpu  1844674407370955162 0 0 0 0 0 0\n", clockTicksPerSecond: 100, onlineCPUs: 2) == nil)
    // Past the point where ticks × 10^9 overflows, the division comes first and the result is exact.
    let big = try #require(HostCPU.parse(procStat: "cpu  184467440737 0 0 0 0 0 0\n", clockTicksPerSecond: 100, onlineCPUs: 2))
    #expect(big.systemUsage == 1_844_674_407_370_000_000)
    #expect(HostCPU.parse(procStat: "cpu  1 0 0 0 0 0 0\n", clockTicksPerSecond: 0, onlineCPUs: 2) == nil)
  }

  /// cgroup v2 counts microseconds: a count whose nanoseconds pass 2^64 is no sample (it used to wrap).
  @Test func v2MicrosecondsBeyondSixtyFourBitsOfNanosecondsAreNoSample() throws {
    let root = try CgroupTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let directory = "system.slice/docker-\(CgroupTests.id).scope"
    try CgroupTests.write(root, "\(directory)/memory.current", "52428800\n")
    try CgroupTests.write(root, "\(directory)/memory.stat", "inactive_file 8388608\n")
    let layout = try #require(CgroupLayout(mountinfo: "35 24 0:30 / \(root) rw - cgroup2 cgroup2 rw\n"))
    let cgroup = try #require(layout.cgroup(processCgroups: "0::/\(directory)\n", containerID: CgroupTests.id))
    let host = HostCPU(systemUsage: 10, onlineCPUs: 4)
    try CgroupTests.write(root, "\(directory)/cpu.stat", "usage_usec 18446744073709552\n")
    #expect(cgroup.sample(host: host, read: "") == nil)
    try CgroupTests.write(root, "\(directory)/cpu.stat", "usage_usec 5\nthrottled_usec 18446744073709552\n")
    #expect(cgroup.sample(host: host, read: "") == nil)
    try CgroupTests.write(root, "\(directory)/cpu.stat", "usage_usec 18446744073709551\n")
    #expect(cgroup.sample(host: host, read: "")?.cpu?.usage?.total == 18_446_744_073_709_551_000)
  }
}
