@testable import DockerEngine
import Foundation
import Testing

struct EndpointTests {
  /// A throw-away home directory with an optional docker config and contexts.
  func home(config: String? = nil, contexts: [(dir: String, meta: String, tls: Bool)] = []) throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("berth-endpoint-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: root + "/.docker", withIntermediateDirectories: true)
    if let config { try config.write(toFile: root + "/.docker/config.json", atomically: true, encoding: .utf8) }
    for context in contexts {
      let metaDir = "\(root)/.docker/contexts/meta/\(context.dir)"
      try FileManager.default.createDirectory(atPath: metaDir, withIntermediateDirectories: true)
      try context.meta.write(toFile: metaDir + "/meta.json", atomically: true, encoding: .utf8)
      if context.tls {
        let tlsDir = "\(root)/.docker/contexts/tls/\(context.dir)/docker"
        try FileManager.default.createDirectory(atPath: tlsDir, withIntermediateDirectories: true)
        for file in ["ca.pem", "cert.pem", "key.pem"] { try "x".write(toFile: "\(tlsDir)/\(file)", atomically: true, encoding: .utf8) }
      }
    }
    return root
  }

  @Test(arguments: [
    ("unix:///var/run/docker.sock", Endpoint.Transport.unixSocket(path: "/var/run/docker.sock")),
    ("/tmp/x.sock", .unixSocket(path: "/tmp/x.sock")),
    ("tcp://10.0.0.2:2375", .tcp(host: "10.0.0.2", port: 2375)),
    ("tcp://docker.example", .tcp(host: "docker.example", port: 2375)),
    ("http://localhost:8080/", .tcp(host: "localhost", port: 8080)),
  ])
  func parsesURLs(url: String, transport: Endpoint.Transport) throws {
    #expect(try Endpoint(parsing: url).transport == transport)
  }

  @Test(arguments: ["ssh://user@host", "npipe:////./pipe/docker_engine", "unix://relative.sock", "tcp://host:99999", "tcp://host:abc"])
  func rejectsUnusableURLs(url: String) {
    #expect(throws: DockerEngineError.self) { try Endpoint(parsing: url) }
  }

  @Test func flagBeatsEnvironmentBeatsContext() throws {
    let home = try home(config: #"{"currentContext":"remote"}"#, contexts: [
      ("abc", #"{"Name":"remote","Endpoints":{"docker":{"Host":"tcp://ctx:2375"}}}"#, false)
    ])
    let env = ["DOCKER_HOST": "tcp://env:2375"]
    #expect(try Endpoint.resolve(flag: "unix:///flag.sock", environment: env, homeDirectory: home).description == "unix:///flag.sock")
    #expect(try Endpoint.resolve(flag: nil, environment: env, homeDirectory: home).description == "tcp://env:2375")
    #expect(try Endpoint.resolve(flag: nil, environment: [:], homeDirectory: home).description == "tcp://ctx:2375")
  }

  @Test func noConfigMeansTheDefaultSocket() throws {
    let home = try home()
    #expect(try Endpoint.resolve(flag: nil, environment: [:], homeDirectory: home) == .defaultSocket)
    let defaultContext = try self.home(config: #"{"currentContext":"default"}"#)
    #expect(try Endpoint.resolve(flag: nil, environment: [:], homeDirectory: defaultContext) == .defaultSocket)
  }

  @Test func dockerContextOverridesTheConfigFile() throws {
    let home = try home(config: #"{"currentContext":"one"}"#, contexts: [
      ("d1", #"{"Name":"one","Endpoints":{"docker":{"Host":"tcp://one:2375"}}}"#, false),
      ("d2", #"{"Name":"two","Endpoints":{"docker":{"Host":"unix:///two.sock"}}}"#, false),
    ])
    #expect(try Endpoint.resolve(flag: nil, environment: ["DOCKER_CONTEXT": "two"], homeDirectory: home).description == "unix:///two.sock")
    #expect(try Endpoint.resolve(flag: nil, environment: ["DOCKER_CONTEXT": "default"], homeDirectory: home) == .defaultSocket)
  }

  @Test func contextWithTLSMaterialUsesIt() throws {
    let home = try home(config: #"{"currentContext":"secure"}"#, contexts: [
      ("s", #"{"Name":"secure","Endpoints":{"docker":{"Host":"tcp://sec:2376","SkipTLSVerify":false}}}"#, true)
    ])
    let endpoint = try Endpoint.resolve(flag: nil, environment: [:], homeDirectory: home)
    guard case .tls(let host, let port, let files) = endpoint.transport else {
      Issue.record("expected TLS, got \(endpoint)")
      return
    }
    #expect(host == "sec" && port == 2376)
    #expect(files.verifiesServer)
    #expect(files.caPath == "\(home)/.docker/contexts/tls/s/docker/ca.pem")
  }

  @Test func unknownContextIsAClearError() throws {
    let home = try home(config: #"{"currentContext":"gone"}"#)
    #expect {
      try Endpoint.resolve(flag: nil, environment: [:], homeDirectory: home)
    } throws: { error in
      (error as? DockerEngineError)?.message.contains("\"gone\"") == true
    }
  }

  @Test func tlsVerifyFromEnvironment() throws {
    let env = ["DOCKER_HOST": "tcp://h:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/certs"]
    let endpoint = try Endpoint.resolve(flag: nil, environment: env, homeDirectory: "/nonexistent")
    #expect(endpoint.transport == .tls(host: "h", port: 2376, .init(caPath: "/certs/ca.pem", certificatePath: "/certs/cert.pem", keyPath: "/certs/key.pem", verifiesServer: true)))
    let defaultPath = try Endpoint.resolve(flag: "tcp://h", environment: ["DOCKER_TLS_VERIFY": "1"], homeDirectory: "/home/u")
    #expect(defaultPath.transport == .tls(host: "h", port: 2376, .init(caPath: "/home/u/.docker/ca.pem", certificatePath: "/home/u/.docker/cert.pem", keyPath: "/home/u/.docker/key.pem", verifiesServer: true)))
    let configDir = try Endpoint.resolve(flag: nil, environment: ["DOCKER_CONFIG": "/cfg"], homeDirectory: "/home/u")
    #expect(configDir == .defaultSocket)
  }

  @Test func dockerTLSWithoutVerifyDoesNotCheckTheServer() throws {
    let endpoint = try Endpoint.resolve(flag: nil, environment: ["DOCKER_HOST": "tcp://h:2376", "DOCKER_TLS": "1"], homeDirectory: "/h")
    guard case .tls(_, _, let files) = endpoint.transport else {
      Issue.record("expected TLS")
      return
    }
    #expect(!files.verifiesServer)
  }
}
