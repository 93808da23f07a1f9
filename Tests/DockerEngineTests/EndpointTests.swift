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
    ("tcp://[::1]:2375", .tcp(host: "::1", port: 2375)),
    ("tcp://[::1]", .tcp(host: "::1", port: 2375)),
    ("tcp://[fd00::5]:2380/", .tcp(host: "fd00::5", port: 2380)),
  ])
  func parsesURLs(url: String, transport: Endpoint.Transport) throws {
    #expect(try Endpoint(parsing: url).transport == transport)
  }

  @Test(arguments: [
    "ssh://user@host", "npipe:////./pipe/docker_engine", "unix://relative.sock", "tcp://host:99999", "tcp://host:abc",
    "tcp://[::1", "tcp://[::1]2375", "tcp://[]:2375",
  ])
  func rejectsUnusableURLs(url: String) {
    #expect(throws: DockerEngineError.self) { try Endpoint(parsing: url) }
  }

  @Test func flagBeatsEnvironmentBeatsContext() throws {
    let home = try home(
      config: #"{"currentContext":"remote"}"#,
      contexts: [
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
    let home = try home(
      config: #"{"currentContext":"one"}"#,
      contexts: [
        ("d1", #"{"Name":"one","Endpoints":{"docker":{"Host":"tcp://one:2375"}}}"#, false),
        ("d2", #"{"Name":"two","Endpoints":{"docker":{"Host":"unix:///two.sock"}}}"#, false),
      ])
    #expect(try Endpoint.resolve(flag: nil, environment: ["DOCKER_CONTEXT": "two"], homeDirectory: home).description == "unix:///two.sock")
    #expect(try Endpoint.resolve(flag: nil, environment: ["DOCKER_CONTEXT": "default"], homeDirectory: home) == .defaultSocket)
  }

  @Test func contextWithTLSMaterialUsesIt() throws {
    let home = try home(
      config: #"{"currentContext":"secure"}"#,
      contexts: [
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
    let certs = try home(contexts: [])
    for file in ["ca.pem", "cert.pem", "key.pem"] { try "x".write(toFile: "\(certs)/\(file)", atomically: true, encoding: .utf8) }
    let env = ["DOCKER_HOST": "tcp://h:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certs]
    let endpoint = try Endpoint.resolve(flag: nil, environment: env, homeDirectory: "/nonexistent")
    #expect(
      endpoint.transport
        == .tls(
          host: "h", port: 2376,
          .init(caPath: certs + "/ca.pem", certificatePath: certs + "/cert.pem", keyPath: certs + "/key.pem", verifiesServer: true)))
    #expect(!endpoint.isTLSUnverified && endpoint.securityWarning == nil)
    let home = try self.home()
    try "x".write(toFile: home + "/.docker/ca.pem", atomically: true, encoding: .utf8)
    let defaultPath = try Endpoint.resolve(flag: "tcp://h", environment: ["DOCKER_TLS_VERIFY": "1"], homeDirectory: home)
    // As docker: only the files that exist (no client certificate here).
    #expect(
      defaultPath.transport
        == .tls(host: "h", port: 2376, .init(caPath: home + "/.docker/ca.pem", certificatePath: nil, keyPath: nil, verifiesServer: true)))
    // Verifying needs the CA: a missing ca.pem stays named, so the connection fails loudly.
    let noCA = try Endpoint.resolve(
      flag: "tcp://h", environment: ["DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/missing"], homeDirectory: home)
    #expect(
      noCA.transport
        == .tls(host: "h", port: 2376, .init(caPath: "/missing/ca.pem", certificatePath: nil, keyPath: nil, verifiesServer: true)))
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
    #expect(files.caPath == nil && files.certificatePath == nil)  // none of /h/.docker/*.pem exists
    #expect(endpoint.isTLSUnverified)
    #expect(endpoint.securityWarning?.contains("does not verify the engine's certificate") == true)
    #expect(endpoint.securityWarning?.contains("TLS to h:2376 does not verify") == true)
    let plain = try Endpoint.resolve(flag: nil, environment: ["DOCKER_HOST": "tcp://h:2375"], homeDirectory: "/h")
    #expect(!plain.isTLSUnverified && plain.securityWarning == nil)
  }

  @Test func aContextThatSkipsVerificationIsUnverifiedTLS() throws {
    let home = try home(
      config: #"{"currentContext":"lab"}"#,
      contexts: [
        ("l", #"{"Name":"lab","Endpoints":{"docker":{"Host":"tcp://lab:2376","SkipTLSVerify":true}}}"#, true),
        ("n", #"{"Name":"bare","Endpoints":{"docker":{"Host":"tcp://bare:2376","SkipTLSVerify":true}}}"#, false),
      ])
    let lab = try Endpoint.resolve(flag: nil, environment: [:], homeDirectory: home)
    guard case .tls(let host, _, let files) = lab.transport else {
      Issue.record("expected TLS, got \(lab)")
      return
    }
    #expect(host == "lab" && !files.verifiesServer && files.certificatePath != nil)
    #expect(lab.isTLSUnverified && lab.securityWarning != nil)
    // SkipTLSVerify without any TLS material is still TLS, as docker makes it.
    let bare = try Endpoint.resolve(flag: nil, environment: ["DOCKER_CONTEXT": "bare"], homeDirectory: home)
    #expect(bare.transport == .tls(host: "bare", port: 2376, .init(caPath: nil, certificatePath: nil, keyPath: nil, verifiesServer: false)))
  }

  @Test func ipv6AddressesAreBracketedInURLsAndTheHostHeader() throws {
    let plain = try Endpoint(parsing: "tcp://[::1]:2375")
    #expect(plain.description == "tcp://[::1]:2375")
    #expect(plain.url(for: "/v1.41/_ping") == "http://[::1]:2375/v1.41/_ping")
    #expect(plain.hostHeader == "[::1]:2375")
    let secure = try Endpoint(
      parsing: "tcp://[::1]:2376", tls: .init(caPath: nil, certificatePath: nil, keyPath: nil, verifiesServer: true))
    #expect(secure.url(for: "/x") == "https://[::1]:2376/x")
    let v4 = try Endpoint(parsing: "tcp://127.0.0.1:2375")
    #expect(v4.url(for: "/x") == "http://127.0.0.1:2375/x" && v4.hostHeader == "127.0.0.1:2375")
    #expect(Endpoint.defaultSocket.url(for: "/x") == "http://localhost/x" && Endpoint.defaultSocket.hostHeader == "localhost")
  }

  /// The message a resolution fails with (nil when it does not fail).
  func failure(_ environment: [String: String] = [:], home: String) -> String? {
    do {
      _ = try Endpoint.resolve(flag: nil, environment: environment, homeDirectory: home)
      return nil
    } catch {
      return (error as? DockerEngineError)?.message ?? "\(error)"
    }
  }

  @Test func aMalformedConfigFileIsAnErrorNamingIt() throws {
    let broken = try home(config: #"{"currentContext": "remote""#)
    let message = try #require(failure(home: broken))
    #expect(message.hasPrefix("\(broken)/.docker/config.json: not valid JSON"))
    let wrongType = try home(config: #"{"currentContext": 5}"#)
    let typeMessage = try #require(failure(home: wrongType))
    #expect(typeMessage.hasPrefix("\(wrongType)/.docker/config.json: "))
    #expect(typeMessage.contains("currentContext"))
    // An empty file is no configuration at all, as docker reads it.
    #expect(try Endpoint.resolve(flag: nil, environment: [:], homeDirectory: try home(config: "")) == .defaultSocket)
    // DOCKER_HOST wins before the file is read.
    #expect(try Endpoint.resolve(flag: nil, environment: ["DOCKER_HOST": "tcp://h:1"], homeDirectory: broken).description == "tcp://h:1")
  }

  @Test func aMalformedContextMetaFileIsAnErrorNamingIt() throws {
    let home = try home(
      config: #"{"currentContext":"two"}"#,
      contexts: [
        ("d1", #"{"Name": "one", "Endpoints": {"docker": "#, false),
        ("d2", #"{"Name":"two","Endpoints":{"docker":{"Host":"unix:///two.sock"}}}"#, false),
      ])
    let message = try #require(failure(home: home))
    #expect(message.hasPrefix("\(home)/.docker/contexts/meta/d1/meta.json: not valid JSON"))
  }
}
