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
    case .tcp: "tcp://\(authority)"
    case .tls: "tcp://\(authority) (TLS)"
    }
  }

  /// `host:port` for URLs and the `Host` header, an IPv6 address in brackets (`[::1]:2375`);
  /// `localhost` for a unix socket.
  var authority: String {
    switch transport {
    case .unixSocket: "localhost"
    case .tcp(let host, let port), .tls(let host, let port, _):
      host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
  }

  /// The `Host` header of a request written by hand (hijacked connections).
  var hostHeader: String { authority }

  /// Whether this is TLS that does not verify the engine's certificate (`DOCKER_TLS` without
  /// `DOCKER_TLS_VERIFY`, or a context with `SkipTLSVerify`): encrypted, but anyone on the way
  /// can pose as the engine.
  public var isTLSUnverified: Bool {
    if case .tls(_, _, let files) = transport { return !files.verifiesServer }
    return false
  }

  /// The warning to print before connecting, or nil when there is nothing to warn about.
  public var securityWarning: String? {
    guard isTLSUnverified else { return nil }
    return
      "warning: TLS to \(authority) does not verify the engine's certificate (DOCKER_TLS without DOCKER_TLS_VERIFY, or a context with SkipTLSVerify): anyone on the network path can pose as the engine. Set DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH's ca.pem to verify it."
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
        "Berth cannot use the endpoint \(url): give unix:///path/to/docker.sock or tcp://host:port (ssh:// and npipe:// are not supported)."
      )
    }
    if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
    var host: String
    var portText: Substring?
    if rest.hasPrefix("[") {
      // An IPv6 address: tcp://[::1]:2375 (the brackets belong to the URL, not to the address).
      guard let close = rest.firstIndex(of: "]") else {
        throw DockerEngineError(.badEndpoint, "The endpoint \(url) has an IPv6 address without its closing ].")
      }
      host = String(rest[rest.index(after: rest.startIndex)..<close])
      let after = rest[rest.index(after: close)...]
      if !after.isEmpty {
        guard after.hasPrefix(":") else {
          throw DockerEngineError(.badEndpoint, "The endpoint \(url) has something other than :port after its IPv6 address.")
        }
        portText = after.dropFirst()
      }
      guard !host.isEmpty else { throw DockerEngineError(.badEndpoint, "The endpoint \(url) has an empty IPv6 address.") }
    } else if let colon = rest.lastIndex(of: ":") {
      host = String(rest[..<colon])
      portText = rest[rest.index(after: colon)...]
    } else {
      host = String(rest)
    }
    var port = useTLS == nil ? 2375 : 2376
    if let portText {
      guard let parsed = Int(portText), (1...65535).contains(parsed) else {
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
    let envTLS = tlsFromEnvironment(environment, configDirectory: configDirectory, fileManager: fileManager)
    if let flag, !flag.isEmpty {
      return try Endpoint(parsing: flag, tls: envTLS)
    }
    if let host = environment["DOCKER_HOST"], !host.isEmpty {
      return try Endpoint(parsing: host, tls: envTLS)
    }
    let contextName: String?
    if let name = environment["DOCKER_CONTEXT"], !name.isEmpty {
      contextName = name
    } else {
      let config = try decodeFile(DockerConfigFile.self, at: configDirectory + "/config.json", fileManager: fileManager)
      contextName = config?.currentContext
    }
    guard let contextName, !contextName.isEmpty, contextName != "default" else { return .defaultSocket }
    return try endpoint(ofContext: contextName, configDirectory: configDirectory, fileManager: fileManager)
  }

  /// TLS settings from `DOCKER_TLS_VERIFY` / `DOCKER_TLS` and `DOCKER_CERT_PATH`, as `docker`
  /// reads them: a missing `cert.pem` or `key.pem` means no client certificate; `ca.pem` is
  /// required to verify the server (a missing one is a TLS error, not a silent fall-back) and
  /// used, if there, without verification.
  private static func tlsFromEnvironment(
    _ environment: [String: String], configDirectory: String, fileManager: FileManager
  ) -> TLSFiles? {
    let verify = environment["DOCKER_TLS_VERIFY"].map { !$0.isEmpty && $0 != "0" } ?? false
    let tls = environment["DOCKER_TLS"].map { !$0.isEmpty && $0 != "0" } ?? false
    guard verify || tls else { return nil }
    let certPath = environment["DOCKER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? configDirectory
    var files = tlsFiles(in: certPath, verifiesServer: verify, fileManager: fileManager)
    if verify { files.caPath = certPath + "/ca.pem" }
    return files
  }

  /// The TLS files of `directory` that exist.
  private static func tlsFiles(in directory: String, verifiesServer: Bool, fileManager: FileManager) -> TLSFiles {
    func existing(_ file: String) -> String? {
      fileManager.fileExists(atPath: "\(directory)/\(file)") ? "\(directory)/\(file)" : nil
    }
    return TLSFiles(
      caPath: existing("ca.pem"), certificatePath: existing("cert.pem"), keyPath: existing("key.pem"),
      verifiesServer: verifiesServer)
  }

  private static func endpoint(ofContext name: String, configDirectory: String, fileManager: FileManager) throws -> Endpoint {
    let metaRoot = configDirectory + "/contexts/meta"
    let entries = (try? fileManager.contentsOfDirectory(atPath: metaRoot)) ?? []
    for entry in entries.sorted() {
      guard let meta = try decodeFile(ContextMeta.self, at: "\(metaRoot)/\(entry)/meta.json", fileManager: fileManager),
        meta.name == name
      else { continue }
      guard let docker = meta.endpoints?["docker"], let host = docker.host, !host.isEmpty else {
        throw DockerEngineError(.badEndpoint, "The docker context \"\(name)\" has no docker endpoint.")
      }
      let tlsDirectory = "\(configDirectory)/contexts/tls/\(entry)/docker"
      let skipsVerification = docker.skipTLSVerify ?? false
      var tls: TLSFiles?
      // As `docker`: TLS with the context's material, or with none at all under SkipTLSVerify.
      let files = tlsFiles(in: tlsDirectory, verifiesServer: !skipsVerification, fileManager: fileManager)
      if files.caPath != nil || files.certificatePath != nil || skipsVerification {
        tls = files
      }
      return try Endpoint(parsing: host, tls: tls)
    }
    throw DockerEngineError(
      .badEndpoint,
      "The docker context \"\(name)\" was not found under \(metaRoot). Run `docker context ls`, or pass --host.")
  }

  /// Decodes a docker configuration file; nil when it does not exist (or is empty, as `docker`
  /// reads it), a `badEndpoint` error naming the file when it cannot be read or decoded.
  private static func decodeFile<Content: Decodable>(
    _ type: Content.Type, at path: String, fileManager: FileManager
  ) throws -> Content? {
    guard fileManager.fileExists(atPath: path) else { return nil }
    guard let data = fileManager.contents(atPath: path) else {
      throw DockerEngineError(.badEndpoint, "\(path): cannot be read. Fix its permissions, or pass --host.")
    }
    guard data.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else { return nil }
    do {
      return try JSONDecoder().decode(Content.self, from: data)
    } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
      // FoundationEssentials says only "not valid JSON"; a parser that says where adds it.
      let reason = context.underlyingError.map { " (\($0))" } ?? ""
      throw DockerEngineError(.badEndpoint, "\(path): not valid JSON\(reason). Fix or remove it, or pass --host.")
    } catch {
      throw DockerEngineError(
        .badEndpoint, "\(path): not a docker configuration Berth can read (\(describe(error))). Fix or remove it, or pass --host.")
    }
  }

  /// A decoding error in a few words: where in the file, and what.
  private static func describe(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    let context: DecodingError.Context
    switch error {
    case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
    @unknown default: return "\(error)"
    }
    let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
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
