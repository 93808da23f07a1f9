import Foundation
import Monitor
import Testing

@testable import Dashboard

@Suite("SnapshotDocument")
struct SnapshotDocumentTests {
  static let containerKeys: Set<String> = [
    "id", "name", "image", "state", "status", "health", "started_at", "restart_count",
    "restart_policy",
    "oom_killed", "exit_code", "cpu_percent", "cpu_limit_cores", "cpu_percent_of_limit",
    "cpu_throttled_percent", "memory_bytes", "memory_limit_bytes", "pids", "pids_limit",
  ]
  static let serviceKeys: Set<String> = [
    "name", "replicas_running", "replicas_total", "cpu_percent", "cpu_limit_cores", "memory_bytes",
    "memory_limit_bytes", "restart_count", "health", "containers",
  ]
  static let projectKeys: Set<String> = [
    "name", "cpu_percent", "memory_bytes", "cpu_limit_cores", "memory_limit_bytes",
    "replicas_running",
    "replicas_total", "restart_count", "services",
  ]

  func decoded(_ document: SnapshotDocument) throws -> [String: Any] {
    let data = document.jsonData(prettyPrinted: false)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test func everyLevelHasExactlyTheContractKeys() throws {
    let json = try decoded(SnapshotDocument(snapshot: snapshot(sampleContainers())))
    #expect(Set(json.keys) == ["engine", "taken_at", "projects", "standalone", "unreadable"])
    #expect((json["unreadable"] as? [Any])?.isEmpty == true)
    let engine = try #require(json["engine"] as? [String: Any])
    #expect(Set(engine.keys) == ["host", "version", "api_version", "ncpu", "mem_total_bytes"])
    #expect(engine["ncpu"] as? Int == 8)
    #expect(engine["api_version"] as? String == "1.46")
    #expect(json["taken_at"] as? String == "2024-05-01T12:00:00Z")
    let projects = try #require(json["projects"] as? [[String: Any]])
    #expect(projects.map { $0["name"] as? String } == ["blog", "shop"])
    for project in projects {
      #expect(Set(project.keys) == Self.projectKeys)
      for service in try #require(project["services"] as? [[String: Any]]) {
        #expect(Set(service.keys) == Self.serviceKeys)
        for container in try #require(service["containers"] as? [[String: Any]]) {
          #expect(Set(container.keys) == Self.containerKeys)
        }
      }
    }
    let standalone = try #require(json["standalone"] as? [[String: Any]])
    #expect(standalone.map { $0["name"] as? String } == ["adminer", "registry"])
    for container in standalone { #expect(Set(container.keys) == Self.containerKeys) }
  }

  @Test func unsetValuesEncodeAsExplicitNull() throws {
    let document = SnapshotDocument(
      snapshot: snapshot([standaloneContainer("adminer", state: .exited)]))
    let text = String(decoding: document.jsonData(), as: UTF8.self)
    #expect(text.contains(#""cpu_limit_cores":null"#))
    #expect(text.contains(#""memory_limit_bytes":null"#))
    #expect(text.contains(#""pids_limit":null"#))
    #expect(text.contains(#""started_at":null"#))
    #expect(text.contains(#""cpu_percent":null"#))
    #expect(text.contains(#""memory_bytes":null"#))
    let noEngine = SnapshotDocument(
      snapshot: EngineSnapshot(engine: nil, takenAt: fixedNow, containers: []))
    #expect(String(decoding: noEngine.jsonData(), as: UTF8.self).contains(#""engine":null"#))
  }

  @Test func serviceValuesAndContainerValues() throws {
    let json = try decoded(SnapshotDocument(snapshot: snapshot(sampleContainers())))
    let projects = try #require(json["projects"] as? [[String: Any]])
    let shop = try #require(projects.last)
    #expect(shop["replicas_total"] as? Int == 5)
    #expect(shop["cpu_limit_cores"] as? Double == 4)
    let services = try #require(shop["services"] as? [[String: Any]])
    let celery = try #require(services.first)
    #expect(celery["name"] as? String == "celery")
    #expect(celery["replicas_running"] as? Int == 2)
    #expect(celery["replicas_total"] as? Int == 3)
    #expect(celery["cpu_percent"] as? Double == 50)
    #expect(celery["memory_limit_bytes"] as? Int == 3 * (256 << 20))
    #expect(celery["health"] as? String == "none")
    let containers = try #require(celery["containers"] as? [[String: Any]])
    #expect(
      containers.map { $0["name"] as? String }
        == ["shop-celery-1", "shop-celery-run-ab12", "shop-celery-2", "shop-celery-3"])
    let first = try #require(containers.first)
    #expect(first["image"] as? String == "shop/worker:2")
    #expect(first["restart_policy"] as? String == "unless-stopped")
    #expect(first["oom_killed"] as? Bool == false)
    #expect(first["cpu_limit_cores"] as? Double == 1)
    #expect(first["state"] as? String == "running")
  }

  @Test func startedAtIsRFC3339AndSlashesAreNotEscaped() throws {
    var container = standaloneContainer("registry", image: "library/registry:2")
    container.startedAt = fixedNow.addingTimeInterval(-90)
    let text = String(
      decoding: SnapshotDocument(snapshot: snapshot([container])).jsonData(), as: UTF8.self)
    #expect(text.contains(#""started_at":"2024-05-01T11:58:30Z""#))
    #expect(text.contains(#""image":"library/registry:2""#))
  }

  @Test func sumsAreRoundedToHundredths() throws {
    let containers = [
      replica("p", "s", 1, cpu: 0.1, cpuLimit: 0.1), replica("p", "s", 2, cpu: 0.2, cpuLimit: 0.2),
    ]
    let text = String(
      decoding: SnapshotDocument(snapshot: snapshot(containers)).jsonData(), as: UTF8.self)
    #expect(text.contains(#""cpu_percent":0.3,"#))
    #expect(text.contains(#""cpu_limit_cores":0.3,"#))
  }

  @Test func compactIsOneLinePrettyIsNot() throws {
    let document = SnapshotDocument(snapshot: snapshot(sampleContainers()))
    let compact = String(decoding: document.jsonData(prettyPrinted: false), as: UTF8.self)
    let pretty = String(decoding: document.jsonData(prettyPrinted: true), as: UTF8.self)
    #expect(!compact.contains("\n"))
    #expect(pretty.contains("\n"))
    let reparsedCompact =
      try JSONSerialization.jsonObject(with: Data(compact.utf8)) as? NSDictionary
    let reparsedPretty = try JSONSerialization.jsonObject(with: Data(pretty.utf8)) as? NSDictionary
    #expect(reparsedCompact == reparsedPretty)
  }

  /// The hand-written writer puts keys in sorted order at every level and numbers and strings as
  /// JSON wants them: re-serialising what it wrote with sorted keys gives the same bytes back.
  @Test func outputIsWhatASortedSerialiserWrites() throws {
    var hostile = standaloneContainer("tab\there \"quoted\" back\\slash \u{1B}[31mred\u{7} é 🐳 a/b")
    hostile.status = "line\nbreak\r\u{0}nul"
    let documents = [
      SnapshotDocument(snapshot: snapshot(sampleContainers() + [hostile])),
      SnapshotDocument(snapshot: EngineSnapshot(engine: nil, takenAt: fixedNow, containers: [])),
    ]
    for document in documents {
      let ours = document.jsonData()
      let parsed = try JSONSerialization.jsonObject(with: ours)
      let reference = try JSONSerialization.data(withJSONObject: parsed, options: [.sortedKeys, .withoutEscapingSlashes])
      #expect(String(decoding: ours, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
    }
    let names = try #require(try JSONSerialization.jsonObject(with: documents[0].jsonData()) as? [String: Any])
    let standalone = try #require(names["standalone"] as? [[String: Any]])
    #expect(standalone.contains { $0["name"] as? String == hostile.name })
    #expect(standalone.contains { $0["status"] as? String == hostile.status })
  }

  /// Byte for byte: every control a terminal would act on, and every character that hides or
  /// reorders text, is a `\uXXXX` escape; other text (accents, CJK, emoji, U+00A0) is UTF-8.
  @Test(arguments: [
    ("C0 controls", "a\u{0}\u{1B}[2J\u{7}\u{1F}b", #""a\u0000\u001b[2J\u0007\u001fb""#),
    ("short escapes", "\"\\\n\r\t\u{8}\u{C}", #""\"\\\n\r\t\b\f""#),
    ("DEL", "a\u{7F}b", #""a\u007fb""#),
    ("C1 CSI, OSC, NEL, ST, APC", "\u{9B}31m\u{9D}0;t\u{85}\u{9C}\u{9F}\u{80}", #""\u009b31m\u009d0;t\u0085\u009c\u009f\u0080""#),
    ("first characters past C1 are text", "\u{A0}é\u{FF}", "\"\u{A0}é\u{FF}\""),
    ("bidi overrides and isolates", "x\u{202E}y\u{202A}\u{2066}\u{2069}\u{061C}", #""x\u202ey\u202a\u2066\u2069\u061c""#),
    ("zero-width and invisible", "ad\u{200B}m\u{200D}\u{200F}i\u{2060}\u{2064}n\u{FEFF}", #""ad\u200bm\u200d\u200fi\u2060\u2064n\ufeff""#),
    ("line and paragraph separators", "a\u{2028}b\u{2029}", #""a\u2028b\u2029""#),
    ("neighbours are text", "\u{200A}\u{2010}\u{2027}\u{202F}\u{2065}\u{2070}日🐳", "\"\u{200A}\u{2010}\u{2027}\u{202F}\u{2065}\u{2070}日🐳\""),
  ])
  func stringsEscapeWhatATerminalWouldActOn(_ kind: String, _ text: String, _ expected: String) throws {
    var writer = JSONWriter()
    writer.string(text)
    #expect(writer.bytes == Array(expected.utf8), "\(kind): \(String(decoding: writer.bytes, as: UTF8.self))")
    let decoded = try JSONSerialization.jsonObject(with: Data(writer.bytes), options: .fragmentsAllowed) as? String
    #expect(decoded == text, "\(kind): a JSON reader gets the text back")
  }

  @Test func unreadableContainersAreListedAndLeftOutOfTheGroups() throws {
    var containers = sampleContainers()
    let web = try #require(containers.first { $0.compose?.project == "blog" })
    containers.append(standaloneContainer("listed-only"))
    let unreadable = [
      UnreadableContainer(id: web.id, name: web.name, reason: "Inspecting container \(web.id) failed (HTTP 500): \u{1B}]0;x\u{7}"),
      UnreadableContainer(id: "id-listed-only", name: "listed-only", reason: "timed out"),
    ]
    var engineSnapshot = snapshot(containers)
    engineSnapshot.unreadable = unreadable
    let document = SnapshotDocument(snapshot: engineSnapshot)
    let text = String(decoding: document.jsonData(), as: UTF8.self)
    #expect(
      text.hasSuffix(
        #","unreadable":[{"id":"\#(web.id)","name":"\#(web.name)","reason":"Inspecting container \#(web.id) failed (HTTP 500): \u001b]0;x\u0007"},{"id":"id-listed-only","name":"listed-only","reason":"timed out"}]}"#
      ))
    let json = try decoded(document)
    let names = (json["standalone"] as? [[String: Any]])?.map { $0["name"] as? String }
    #expect(names == ["adminer", "registry"])
    let projects = try #require(json["projects"] as? [[String: Any]])
    let allContainers = projects.flatMap { ($0["services"] as? [[String: Any]]) ?? [] }.flatMap {
      ($0["containers"] as? [[String: Any]]) ?? []
    }
    #expect(!allContainers.contains { $0["id"] as? String == web.id })
    #expect(allContainers.count == sampleContainers().count - 3)
  }

  @Test func numbersAsJSONWantsThem() {
    var writer = JSONWriter()
    writer.array { w in
      w.double(50); w.double(0.3); w.double(-2); w.double(12.34); w.double(1e20); w.double(.nan); w.double(nil)
      w.int(UInt64.max); w.int(-7); w.int(Int?.none); w.bool(true)
    }
    #expect(String(decoding: writer.bytes, as: UTF8.self) == "[50,0.3,-2,12.34,1e+20,null,null,18446744073709551615,-7,null,true]")
  }

  @Test func prettyOutputIsIndented() {
    var writer = JSONWriter(pretty: true)
    writer.object { w in
      w.key("a");
      w.array { w in
        w.int(1); w.object { _ in }
      }
      w.key("b"); w.null()
    }
    #expect(String(decoding: writer.bytes, as: UTF8.self) == "{\n  \"a\" : [\n    1,\n    {}\n  ],\n  \"b\" : null\n}")
  }
}
