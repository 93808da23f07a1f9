import DockerEngine
import Foundation

/// Engine replies recorded from a real engine by `scripts/record-fixtures` (see Fixtures/README.md).
public enum Fixtures {
  /// The raw bytes of a fixture file, e.g. `"stats-oneshot-1.json"`.
  public static func data(_ name: String) throws -> Data {
    guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
      throw TestEngineError("No fixture named \(name)")
    }
    return try Data(contentsOf: url)
  }

  /// A fixture decoded as `type`.
  public static func decode<Value: Decodable>(_ type: Value.Type, from name: String) throws -> Value {
    try JSONDecoder().decode(type, from: data(name))
  }
}
