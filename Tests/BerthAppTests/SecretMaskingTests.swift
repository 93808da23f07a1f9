@testable import BerthApp
import Dashboard
import Monitor
import TerminalUI
import Testing

struct SecretMaskingTests {
  @Test(arguments: [
    ("POSTGRES_PASSWORD=hunter2", "POSTGRES_PASSWORD=••••••"),
    ("DJANGO_SECRET_KEY=abc", "DJANGO_SECRET_KEY=••••••"),
    ("GITHUB_TOKEN=ghp_x", "GITHUB_TOKEN=••••••"),
    ("AWS_ACCESS_KEY_ID=AKIA", "AWS_ACCESS_KEY_ID=••••••"),
    ("api_key=lower", "api_key=••••••"),
    ("DATABASE_URL=postgres://app:s3cret@db:5432/app", "DATABASE_URL=postgres://app:••••••@db:5432/app"),
    ("CELERY_BROKER_URL=amqp://guest:guest@rabbitmq//", "CELERY_BROKER_URL=amqp://guest:••••••@rabbitmq//"),
    ("REDIS_URL=redis://redis:6379/0", "REDIS_URL=redis://redis:6379/0"),
    ("PATH=/usr/local/bin:/usr/bin", "PATH=/usr/local/bin:/usr/bin"),
    ("EMPTY_PASSWORD=", "EMPTY_PASSWORD="),
    ("NOEQUALS", "NOEQUALS"),
    // Names: PASS, PWD, AUTH, CREDENTIAL, PRIVATE, DSN besides PASSWORD, SECRET, TOKEN, KEY.
    ("SMTP_PASS=mailpass", "SMTP_PASS=••••••"),
    ("MYSQL_ROOT_PWD=rootpw", "MYSQL_ROOT_PWD=••••••"),
    ("BASIC_AUTH=admin:admin", "BASIC_AUTH=••••••"),
    ("GOOGLE_APPLICATION_CREDENTIALS_JSON={}", "GOOGLE_APPLICATION_CREDENTIALS_JSON=••••••"),
    ("SSH_PRIVATE=-----BEGIN", "SSH_PRIVATE=••••••"),
    ("SENTRY_DSN=https://abc@o1.ingest.sentry.io/1", "SENTRY_DSN=••••••"),
    ("PWD=/app", "PWD=/app"),
    ("OLDPWD=/", "OLDPWD=/"),
    // URL credentials anywhere in a value, every one of them.
    ("DB=postgres://app:s3cret@db/x", "DB=postgres://app:••••••@db/x"),
    ("OPTS=--verbose --db postgres://app:s3cret@db/x --retry 3", "OPTS=--verbose --db postgres://app:••••••@db/x --retry 3"),
    ("BROKERS=amqp://a:one@h1,amqp://b:two@h2", "BROKERS=amqp://a:••••••@h1,amqp://b:••••••@h2"),
    ("CACHE=redis://:nouser@redis:6379/0", "CACHE=redis://:••••••@redis:6379/0"),
    ("REPO=https://git@example.com/x.git", "REPO=https://git@example.com/x.git"),
    // Secret-named settings inside a value.
    ("JAVA_OPTS=-Xmx1g -Dspring.datasource.password=hunter2 -Dx=1", "JAVA_OPTS=-Xmx1g -Dspring.datasource.password=•••••• -Dx=1"),
    ("CONN=host=db user=app password=pw2 sslmode=off", "CONN=host=db user=app password=•••••• sslmode=off"),
  ])
  func masks(variable: String, shown: String) {
    #expect(SecretMasking.mask(variable) == shown)
  }

  @Test(arguments: [
    ("gunicorn app:wsgi --bind 0.0.0.0:8000", "gunicorn app:wsgi --bind 0.0.0.0:8000"),
    ("server --password=hunter2 --port 80", "server --password=•••••• --port 80"),
    ("server --db-password hunter2 --port 80", "server --db-password •••••• --port 80"),
    ("server --api-token abc123", "server --api-token ••••••"),
    ("server --auth-key=k1 -v", "server --auth-key=•••••• -v"),
    ("server --secret --verbose", "server --secret --verbose"),
    ("psql postgres://app:s3cret@db:5432/app -c select", "psql postgres://app:••••••@db:5432/app -c select"),
    ("sh -c export API_KEY=abc; exec run", "sh -c export API_KEY=••••••; exec run"),
    ("curl https://h/api?token=t0k&page=2", "curl https://h/api?token=••••••&page=2"),
    ("mysqld -p 3306", "mysqld -p 3306"),
  ])
  func masksCommandLines(command: String, shown: String) {
    #expect(SecretMasking.maskingSecrets(in: command) == shown)
  }

  @Test func detailsMaskUntilRevealed() {
    var web = container("shop-web-1", project: "shop", service: "web")
    web.environment = ["DJANGO_SECRET_KEY=s3cr3t-value", "DATABASE_URL=postgres://app:pa55word@db/app", "DEBUG=0"]
    var model = loadedModel([web], width: 170, height: 44)
    _ = model.handle(.dashboard(.select(.container("id-shop-web-1"))))
    var text = render(model, width: 170, height: 44).textDump.joined(separator: "\n")
    #expect(text.contains("DJANGO_SECRET_KEY=••••••"))
    #expect(!text.contains("s3cr3t-value") && !text.contains("pa55word"))
    #expect(text.contains("DEBUG=0"))
    _ = model.handle(.input(.key(.character("v"))))
    text = render(model, width: 170, height: 44).textDump.joined(separator: "\n")
    #expect(text.contains("s3cr3t-value") && text.contains("pa55word"))
    _ = model.handle(.input(.key(.character("v"))))
    #expect(!render(model, width: 170, height: 44).textDump.joined().contains("s3cr3t-value"))
  }

  @Test func theCommandLineIsMaskedUntilRevealed() {
    var web = container("shop-web-1", project: "shop", service: "web")
    web.command = "srv --db postgres://a:pa55word@db --token t0ken"
    var model = loadedModel([web], width: 170, height: 44)
    _ = model.handle(.dashboard(.select(.container("id-shop-web-1"))))
    var text = render(model, width: 170, height: 44).textDump.joined(separator: "\n")
    #expect(text.contains("srv --db postgres://a:••••••@db --token ••••••"))
    #expect(!text.contains("pa55word") && !text.contains("t0ken"))
    _ = model.handle(.input(.key(.character("v"))))
    text = render(model, width: 170, height: 44).textDump.joined(separator: "\n")
    #expect(text.contains("pa55word") && text.contains("t0ken"))
  }

  @Test func revealingIsForTheSelectionAndEndsWhenItMoves() {
    var one = container("shop-web-1", project: "shop", service: "web")
    one.environment = ["SECRET_KEY=first-secret"]
    var two = container("shop-web-2", project: "shop", service: "web", number: 2)
    two.environment = ["SECRET_KEY=second-secret"]
    var model = loadedModel([one, two], width: 170, height: 44)
    _ = model.handle(.dashboard(.select(.container("id-shop-web-1"))))
    _ = model.handle(.input(.key(.character("v"))))
    #expect(model.revealsSecrets)
    #expect(render(model, width: 170, height: 44).textDump.joined().contains("first-secret"))
    #expect(model.state.statusMessage?.text.contains("shop-web-1") == true)

    // Moving to the other replica does not reveal it, and coming back finds the first masked again.
    _ = model.handle(.input(.key(.character("j"))))
    #expect(model.state.selectedRow?.id == .container("id-shop-web-2"))
    #expect(!model.revealsSecrets)
    #expect(!render(model, width: 170, height: 44).textDump.joined().contains("second-secret"))
    _ = model.handle(.input(.key(.character("k"))))
    #expect(model.state.selectedRow?.id == .container("id-shop-web-1"))
    #expect(!model.revealsSecrets)
    #expect(!render(model, width: 170, height: 44).textDump.joined().contains("first-secret"))

    // A mouse click moves the selection as well.
    _ = model.handle(.input(.key(.character("v"))))
    #expect(model.revealsSecrets)
    _ = model.handle(.dashboard(.select(.container("id-shop-web-2"))))
    _ = model.handle(.dashboard(.select(.container("id-shop-web-1"))))
    #expect(!model.revealsSecrets)
  }
}
