import BerthTestSupport
import DockerEngine
import Foundation
import Testing

/// TLS to the private engine, which scripts/test also starts on a loopback TLS port.
@Suite(.enabled(if: TestEngine.shouldRun), .timeLimit(.minutes(1)))
struct TLSTests {
  @Test func connectsWithClientCertificatesAndVerifiesTheServer() async throws {
    let (host, certificates) = try TestEngine.tls()
    let endpoint = try Endpoint.resolve(
      flag: nil, environment: ["DOCKER_HOST": host, "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certificates],
      homeDirectory: "/nonexistent")
    let client = try await DockerClient.connect(to: endpoint)
    #expect(client.apiVersion >= APIVersion(1, 41))
    let info = try await client.info()
    #expect((info.cpuCount ?? 0) >= 1)
  }

  @Test func refusesAServerSignedByAnUnknownCA() async throws {
    let (host, certificates) = try TestEngine.tls()
    // The client's own certificate is no CA of the server's: verification must fail.
    let files = Endpoint.TLSFiles(
      caPath: certificates + "/cert.pem", certificatePath: certificates + "/cert.pem", keyPath: certificates + "/key.pem",
      verifiesServer: true)
    let endpoint = try Endpoint(parsing: host, tls: files)
    do {
      _ = try await DockerClient.connect(to: endpoint)
      Issue.record("connected to a server it cannot verify")
    } catch let error as DockerEngineError {
      #expect(error.kind == .tls)
      #expect(error.message.contains("DOCKER_CERT_PATH"))
    }
  }

  @Test func theEngineRefusesAClientWithoutACertificate() async throws {
    let (host, certificates) = try TestEngine.tls()
    let files = Endpoint.TLSFiles(caPath: certificates + "/ca.pem", certificatePath: nil, keyPath: nil, verifiesServer: true)
    await #expect(throws: DockerEngineError.self) {
      _ = try await DockerClient.connect(to: try Endpoint(parsing: host, tls: files))
    }
  }

  @Test func plainHTTPToTheTLSPortIsAnError() async throws {
    let (host, _) = try TestEngine.tls()
    await #expect(throws: DockerEngineError.self) {
      _ = try await DockerClient.connect(to: try Endpoint(parsing: host))
    }
  }
}
