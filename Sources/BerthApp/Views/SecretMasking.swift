/// Masks what looks secret before it reaches the screen: environment values whose names say
/// secret, the password of every URL (`scheme://user:password@host`) anywhere in a text, and in
/// command lines the values of secret-named options (`--password=x`, `--token x`, `PASSWORD=x`).
///
/// It errs on the side of masking: a false alarm costs a keypress (`v`), a leak cannot be undone.
enum SecretMasking {
  /// What a masked value reads as.
  static let hidden = "••••••"

  /// Name fragments that mark a secret (compared upper-case, anywhere in the name).
  static let secretWords = ["PASS", "PWD", "SECRET", "TOKEN", "KEY", "AUTH", "CREDENTIAL", "PRIVATE", "DSN"]

  /// Names that contain a secret word but are well known not to be secrets (the shell's
  /// working directories).
  static let harmlessNames: Set<String> = ["PWD", "OLDPWD"]

  /// Whether a variable or option name looks like it holds a secret (leading dashes ignored).
  static func isSecretName(_ name: some StringProtocol) -> Bool {
    let upper = String(name.drop { $0 == "-" }).uppercased()
    guard !upper.isEmpty, !harmlessNames.contains(upper) else { return false }
    return secretWords.contains { upper.contains($0) }
  }

  /// An environment variable `NAME=value` with the whole value masked when the name looks
  /// secret, else with whatever looks secret inside the value masked (see `maskingSecrets(in:)`).
  static func mask(_ variable: String) -> String {
    guard let equals = variable.firstIndex(of: "=") else { return variable }
    let name = variable[..<equals]
    let value = variable[variable.index(after: equals)...]
    if isSecretName(name) {
      return value.isEmpty ? variable : "\(name)=\(hidden)"
    }
    return "\(name)=\(maskingSecrets(in: String(value)))"
  }

  /// The text (a command line, a value) with its secrets masked:
  /// - the password of every URL with credentials (`postgres://app:s3cret@db/x`), wherever it is;
  /// - the value of every `name=value` whose name looks secret (`--password=x`, `-Ddb.password=x`,
  ///   `API_KEY=x;`, `?token=x&…`), up to the next blank, `&`, `;` or quote;
  /// - the word after an option whose name looks secret (`--password x`, `--api-token x`).
  static func maskingSecrets(in text: String) -> String {
    let characters = Array(text)
    var isHidden = [Bool](repeating: false, count: characters.count)
    hideURLPasswords(characters, &isHidden)
    hideSecretAssignments(characters, &isHidden)
    hideSecretOptionArguments(characters, &isHidden)
    guard isHidden.contains(true) else { return text }
    var result = ""
    var index = 0
    while index < characters.count {
      if isHidden[index] {
        result += hidden
        while index < characters.count && isHidden[index] { index += 1 }
      } else {
        result.append(characters[index])
        index += 1
      }
    }
    return result
  }

  private static func isBlank(_ character: Character) -> Bool {
    character.isWhitespace || character == "\"" || character == "'"
  }

  /// `scheme://user:PASSWORD@host`: hides the password of every URL's user-info.
  private static func hideURLPasswords(_ characters: [Character], _ isHidden: inout [Bool]) {
    var index = 0
    while index + 2 < characters.count {
      defer { index += 1 }
      guard characters[index] == ":", characters[index + 1] == "/", characters[index + 2] == "/" else { continue }
      let start = index + 3
      var end = start
      while end < characters.count, !isBlank(characters[end]), !"/?#".contains(characters[end]) { end += 1 }
      guard let at = characters[start..<end].lastIndex(of: "@"),
        let colon = characters[start..<at].firstIndex(of: ":"), colon + 1 < at
      else { continue }
      for hiddenIndex in (colon + 1)..<at { isHidden[hiddenIndex] = true }
    }
  }

  /// `name=VALUE` with a secret-looking name, wherever it stands (a word, a query string, a list).
  private static func hideSecretAssignments(_ characters: [Character], _ isHidden: inout [Bool]) {
    let nameStops: Set<Character> = ["?", "&", ";", ",", "(", "{", "[", "="]
    let valueStops: Set<Character> = ["&", ";"]
    for (equals, character) in characters.enumerated() where character == "=" {
      var nameStart = equals
      while nameStart > 0, !isBlank(characters[nameStart - 1]), !nameStops.contains(characters[nameStart - 1]) {
        nameStart -= 1
      }
      guard isSecretName(String(characters[nameStart..<equals])) else { continue }
      var end = equals + 1
      while end < characters.count, !isBlank(characters[end]), !valueStops.contains(characters[end]) { end += 1 }
      for hiddenIndex in (equals + 1)..<end { isHidden[hiddenIndex] = true }
    }
  }

  /// `--secret-option VALUE`: hides the word after an option with a secret-looking name.
  private static func hideSecretOptionArguments(_ characters: [Character], _ isHidden: inout [Bool]) {
    var words: [Range<Int>] = []
    var index = 0
    while index < characters.count {
      if characters[index].isWhitespace {
        index += 1
        continue
      }
      let start = index
      while index < characters.count, !characters[index].isWhitespace { index += 1 }
      words.append(start..<index)
    }
    for (option, value) in zip(words, words.dropFirst()) {
      let word = characters[option]
      guard word.first == "-", !word.contains("="), isSecretName(String(word)), characters[value.lowerBound] != "-"
      else { continue }
      for hiddenIndex in value { isHidden[hiddenIndex] = true }
    }
  }
}
