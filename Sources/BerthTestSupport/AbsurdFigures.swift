import DockerEngine
import FoundationEssentials
import Monitor

/// Containers whose figures no real engine reports, built through the real decoding paths, for the
/// tests that check such figures read `?`/`null` everywhere instead of trapping.
public enum AbsurdFigures {
  /// Two replicas of one service that each report 2^64−1 bytes, Int.max restarts and an
  /// uncountable cpuset, built from real decoding: an inspect reply and two stats replies.
  public static func replicas() throws -> [ContainerSnapshot] {
    try (1...2).map { number in
      let inspect = """
        {"Id":"id-\(number)","Name":"/shop-web-\(number)","RestartCount":9223372036854775807,
         "State":{"Status":"running"},
         "Config":{"Labels":{"com.docker.compose.project":"shop","com.docker.compose.service":"web",
                             "com.docker.compose.container-number":"\(number)"}},
         "HostConfig":{"Memory":9223372036854775807,"CpusetCpus":"0-4294967295"}}
        """
      var snapshot = ContainerSnapshot(details: try JSONDecoder().decode(ContainerDetails.self, from: Data(inspect.utf8)))
      let max = UInt64.max
      let before = try StatsParser.parse(
        Array(#"{"cpu_stats":{"cpu_usage":{"total_usage":0},"system_cpu_usage":0,"online_cpus":4},"memory_stats":{"usage":1}}"#.utf8))
      let now = try StatsParser.parse(
        Array(
          #"{"cpu_stats":{"cpu_usage":{"total_usage":\#(max)},"system_cpu_usage":1,"online_cpus":4},"memory_stats":{"usage":\#(max)},"pids_stats":{"current":\#(max)}}"#
            .utf8))
      snapshot.usage = UsageCalculator.usage(current: now, previous: before, cpuLimitCores: snapshot.limits.cpuCores)
      return snapshot
    }
  }
}
