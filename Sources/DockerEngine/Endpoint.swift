import FoundationEssentials

/// Where the engine listens and how to reach it.
public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
  /// How to connect.
  public enum Transport: Sendable, Equatable {
    /// A unix socket at this path.
    case unixSocket(path: String)
    /// Plain HTTP over TCP.
    case tcp(host: String, port: Int)
    /// HTTPS over TCP.
    case tls(host: String, port: Int, TLSFiles)
  }

  /// Client certificate material for TLS, as `docker` reads it from `DOCKER_CERT_PATH`.
  public struct TLSFiles: Sendable, Equatable {
    /// CA bundle that signs the server certificate (`ca.pem`).
    public var caPath: String?
    /// Client certificate (`cert.pem`).
    public var certificatePath: String?
    /// Client key (`key.pem`).
    public var keyPath: String?
    /// Whether to verify the server's certificate.
    public var verifiesServer: Bool

    /// Makes TLS settings.
    public init(caPath: String?, certificatePath: String?, keyPath: String?, verifiesServer: Bool) {
      self.caPath = caPath
      self.certificatePath = certificatePath
      self.keyPath = keyPath
      self.verifiesServer = verifiesServer
    }
  }

  /// How to connect.
  public var transport: Transport

  /// Makes an endpoint.
  public init(_ transport: Transport) {
    self.transport = transport
  }

  /// The endpoint as a `docker -H` URL.
  public var description: String {
    switch transport {
    case .unixSocket(let path): "unix://\(path)"
    case .tcp(let host, let port): "tcp://\(host):\(port)"
    case .tls(let host, let port, _): "tcp://\(host):\(port) (TLS)"
    }
  }

  /// The default endpoint of a Linux engine.
  public static let defaultSocket = Endpoint(.unixSocket(path: "/var/run/docker.sock"))

  /// Parses a `docker -H` style URL (`unix:///path`, `tcp://host:port`, `https://host:port`).
  ///
  /// - Parameters:
  ///   - url: The URL.
  ///   - tls: TLS files to use with `tcp://`; nil for plain HTTP.
  public init(parsing url: String, tls: TLSFiles? = nil) throws {
    let trimmed = url.trimmingWhitespace()
    if trimmed.hasPrefix("unix://") {
      let path = String(trimmed.dropFirst("unix://".count))
      guard path.hasPrefix("/") else {
        throw DockerEngineError(.badEndpoint, "The endpoint \(url) needs an absolute socket path, e.g. unix:///var/run/docker.sock.")
      }
      self.init(.unixSocket(path: path))
      return
    }
    if trimmed.hasPrefix("/") {
      self.init(.unixSocket(path: trimmed))
      return
    }
    var rest: Substring
    var useTLS = tls
    if trimmed.hasPrefix("tcp://") {
      rest = trimmed.dropFirst("tcp://".count)
    } else if trimmed.hasPrefix("https://") {
      rest = trimmed.dropFirst("https://".count)
      useTLS = useTLS ?? TLSFiles(caPath: nil, certificatePath: nil, keyPath: nil, verifiesServer: true)
    } else if trimmed.hasPrefix("http://") {
      rest = trimmed.dropFirst("http://".count)
    } else {
      throw DockerEngineError(
        .badEndpoint,
        "Berth cannot use the endpoint \(url): give unix:///path/to/docker.sock or tcp://host:port (ssh:// and npipe:// are not supported).")
    }
    if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
    var host = String(rest)
    var port = useTLS == nil ? 2375 : 2376
    if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
      host = String(rest[..<colon])
      guard let parsed = Int(rest[rest.index(after: colon)...]), (1...65535).contains(parsed) else {
        throw DockerEngineError(.badEndpoint, "The endpoint \(url) has an invalid port.")
      }
      port = parsed
    }
    if host.isEmpty { host = "localhost" }
    if let useTLS {
      self.init(.tls(host: host, port: port, useTLS))
    } else {
      self.init(.tcp(host: host, port: port))
    }
  }

  /// Chooses the endpoint as `docker` does: `--host`, else `DOCKER_HOST`, else the current
  /// context (`DOCKER_CONTEXT`, else `currentContext` in `config.json`), else the default socket.
  ///
  /// - Parameters:
  ///   - flag: The `--host` value, if given.
  ///   - environment: The process environment.
  ///   - homeDirectory: The user's home, where `.docker/` lives unless `DOCKER_CONFIG` says otherwise.
  ///   - fileManager: Reads the config and context files.
  public static func resolve(
    flag: String?, environment: [String: String], homeDirectory: String,
    fileManager: FileManager = .default
  ) throws -> Endpoint {
    let configDirectory = environment["DOCKER_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? homeDirectory + "/.docker"
    let envTLS = tlsFromEnvironment(environment, configDirectory: configDirectory)
    if let flag, !flag.isEmpty {
      return try Endpoint(parsing: flag, tls: envTLS)
    }
    if let host = environment["DOCKER_HOST"], !host.isEmpty {
      return try Endpoint(parsing: host, tls: envTLS)
    }
    let contextName: String? = {
      if let name = environment["DOCKER_CONTEXT"], !name.isEmpty { return name }
      guard let data = fileManager.contents(atPath: configDirectory + "/config.json"),
        let config = try? JSONDecoder().decode(DockerConfigFile.self, from: data)
      else { return nil }
      return config.currentContext
    }()
    guard let contextName, contextName != "default" else { return .defaultSocket }
    return try endpoint(ofContext: contextName, configDirectory: configDirectory, fileManager: fileManager)
  }

  private static func tlsFromEnvironment(_ environment: [String: String], configDirectory: String) -> TLSFiles? {
    let verify = environment["DOCKER_TLS_VERIFY"].map { !$0.isEmpty && $0 != "0" } ?? false
    let tls = environment["DOCKER_TLS"].map { !$0.isEmpty && $0 != "0" } ?? false
    guard verify || tls else { return nil }
    let certPath = environment["DOCKER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? configDirectory
    return TLSFiles(
      caPath: certPath + "/ca.pem", certificatePath: certPath + "/cert.pem", keyPath: certPath + "/key.pem",
      verifiesServer: verify)
  }

  private static func endpoint(ofContext name: String, configDirectory: String, fileManager: FileManager) throws -> Endpoint {
    let metaRoot = configDirectory + "/contexts/meta"
    let entries = (try? fileManager.contentsOfDirectory(atPath: metaRoot)) ?? []
    for entry in entries.sorted() {
      guard let data = fileManager.contents(atPath: "\(metaRoot)/\(entry)/meta.json"),
        let meta = try? JSONDecoder().decode(ContextMeta.self, from: data), meta.name == name
      else { continue }
      guard let docker = meta.endpoints?["docker"], let host = docker.host, !host.isEmpty else {
        throw DockerEngineError(.badEndpoint, "The docker context \"\(name)\" has no docker endpoint.")
      }
      let tlsDirectory = "\(configDirectory)/contexts/tls/\(entry)/docker"
      var tls: TLSFiles?
      if fileManager.fileExists(atPath: tlsDirectory + "/ca.pem") || fileManager.fileExists(atPath: tlsDirectory + "/cert.pem") {
        func existing(_ file: String) -> String? {
          fileManager.fileExists(atPath: "\(tlsDirectory)/\(file)") ? "\(tlsDirectory)/\(file)" : nil
        }
        tls = TLSFiles(
          caPath: existing("ca.pem"), certificatePath: existing("cert.pem"), keyPath: existing("key.pem"),
          verifiesServer: !(docker.skipTLSVerify ?? false))
      }
      return try Endpoint(parsing: host, tls: tls)
    }
    throw DockerEngineError(
      .badEndpoint,
      "The docker context \"\(name)\" was not found under \(metaRoot). Run `docker context ls`, or pass --host.")
  }
}

private struct DockerConfigFile: Decodable {
  var currentContext: String?
}

private struct ContextMeta: Decodable {
  var name: String
  var endpoints: [String: ContextEndpoint]?

  enum CodingKeys: String, CodingKey {
    case name = "Name", endpoints = "Endpoints"
  }
}

private struct ContextEndpoint: Decodable {
  var host: String?
  var skipTLSVerify: Bool?

  enum CodingKeys: String, CodingKey {
    case host = "Host", skipTLSVerify = "SkipTLSVerify"
  }
}
