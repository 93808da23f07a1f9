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
  ])
  func masks(variable: String, shown: String) {
    #expect(SecretMasking.mask(variable) == shown)
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
}
