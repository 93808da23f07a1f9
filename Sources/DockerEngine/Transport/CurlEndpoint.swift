internal import CCurl

extension Endpoint {
  /// The URL of `path` (starting with `/`) on this endpoint: `http://localhost/…` over a unix
  /// socket, `http://host:port/…` over TCP, `https://host:port/…` with TLS; an IPv6 host in brackets.
  func url(for path: String) -> String {
    switch transport {
    case .unixSocket: "http://localhost" + path
    case .tcp: "http://\(authority)" + path
    case .tls: "https://\(authority)" + path
    }
  }

  /// Points a libcurl easy handle at this endpoint for a request to `path`: the URL, the unix
  /// socket, and for TLS the CA, the client certificate and key and whether the server's
  /// certificate and name are verified.
  ///
  /// The one place a handle learns where the engine is and how far to trust it, for transfers
  /// and hijacked connections alike.
  func configure(_ handle: UnsafeMutableRawPointer, path: String) throws {
    func set(_ code: CURLcode) throws {
      guard code == CURLE_OK else {
        throw DockerEngineError(.badEndpoint, "libcurl refused an option: \(String(cString: curl_easy_strerror(code))).")
      }
    }
    switch transport {
    case .unixSocket(let socketPath):
      try set(CCurl_easy_setopt_string(handle, CURLOPT_UNIX_SOCKET_PATH, socketPath))
    case .tcp:
      break
    case .tls(_, _, let files):
      if let ca = files.caPath { try set(CCurl_easy_setopt_string(handle, CURLOPT_CAINFO, ca)) }
      if let cert = files.certificatePath { try set(CCurl_easy_setopt_string(handle, CURLOPT_SSLCERT, cert)) }
      if let key = files.keyPath { try set(CCurl_easy_setopt_string(handle, CURLOPT_SSLKEY, key)) }
      try set(CCurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, files.verifiesServer ? 1 : 0))
      try set(CCurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, files.verifiesServer ? 2 : 0))
    }
    try set(CCurl_easy_setopt_string(handle, CURLOPT_URL, url(for: path)))
  }
}
