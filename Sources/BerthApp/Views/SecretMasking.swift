/// Masks environment values that look secret before they reach the screen.
enum SecretMasking {
  /// Name fragments that mark a secret (compared upper-case).
  static let secretWords = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "PRIVATE"]

  /// `NAME=value` with the value masked when the name looks secret, or the password of a URL
  /// (`scheme://user:password@host`) masked when the value carries one.
  static func mask(_ variable: String) -> String {
    guard let equals = variable.firstIndex(of: "=") else { return variable }
    let name = variable[..<equals]
    let value = variable[variable.index(after: equals)...]
    let upper = name.uppercased()
    if secretWords.contains(where: { upper.contains($0) }) {
      return value.isEmpty ? variable : "\(name)=••••••"
    }
    if let masked = maskingURLPassword(String(value)) { return "\(name)=\(masked)" }
    return variable
  }

  /// The URL with the password of its user-info replaced, or nil when it has none.
  static func maskingURLPassword(_ value: String) -> String? {
    guard let scheme = value.firstRange(of: "://") else { return nil }
    let rest = value[scheme.upperBound...]
    let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    guard let at = authority.lastIndex(of: "@") else { return nil }
    let userInfo = authority[..<at]
    guard let colon = userInfo.firstIndex(of: ":") else { return nil }
    return String(value[..<colon]) + ":••••••" + String(value[at...])
  }
}
